#include "AgentClient.h"

#include "LocalTransport.h"
#include "Logging.h"
#include "SshTransport.h"
#include "TcpTransport.h"

#include <QCoreApplication>
#include <QRandomGenerator>

namespace tandem::client {

using protocol::ErrorCode;
using protocol::RpcError;

namespace {
constexpr int kFirstBackoffMs = 250;
constexpr int kMaxBackoffMs = 5000;
} // namespace

AgentClient::AgentClient(QObject* parent) : QObject(parent)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &AgentClient::startConnect);
    m_expiryTimer.setInterval(1000);
    connect(&m_expiryTimer, &QTimer::timeout, this, &AgentClient::expireCalls);
}

AgentClient::~AgentClient()
{
    m_autoReconnect = false;
    // Detach first: closing would otherwise signal into owners that are being destroyed.
    dropTransport();
    failAll(QStringLiteral("client closed"));
}

void AgentClient::open(const Endpoint& endpoint, bool autoReconnect)
{
    close();
    m_endpoint = endpoint;
    m_autoReconnect = autoReconnect;
    m_backoffMs = 0;
    startConnect();
}

void AgentClient::close()
{
    m_autoReconnect = false;
    m_reconnectTimer.stop();
    m_expiryTimer.stop();
    dropTransport();
    failAll(QStringLiteral("connection closed"));
    setState(State::Disconnected);
}

void AgentClient::dropTransport()
{
    if (!m_transport)
        return;
    Transport* transport = m_transport;
    m_transport = nullptr;
    transport->disconnect(this);
    transport->close();
    transport->deleteLater();
}

void AgentClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void AgentClient::startConnect()
{
    dropTransport();
    m_decoder = protocol::FrameDecoder();
    Transport* transport = nullptr;
    switch (m_endpoint.transport) {
    case Endpoint::Transport::Tcp:
    case Endpoint::Transport::Tls:
        // An accepted certificate is pinned for this client's reconnects.
        transport = new TcpTransport(
            m_endpoint,
            [this](const QString& fingerprint) {
                if (!m_certificateDecision || !m_certificateDecision(fingerprint))
                    return false;
                m_endpoint.pinnedFingerprint = fingerprint;
                return true;
            },
            this);
        break;
    case Endpoint::Transport::Ssh:
        transport = new SshTransport(m_endpoint, m_hostKeyDecision, this);
        break;
    case Endpoint::Transport::Local:
        transport = new LocalTransport(m_endpoint.localSocket, this);
        break;
    }
    m_transport = transport;
    connect(transport, &Transport::connected, this, &AgentClient::onConnected);
    connect(transport, &Transport::received, this, &AgentClient::onReceived);
    connect(transport, &Transport::closed, this, &AgentClient::onClosed);
    setState(State::Connecting);
    qCDebug(lcClient) << "connecting to" << m_endpoint.toString();
    transport->open(); // may end in onClosed() already
}

void AgentClient::onConnected()
{
    setState(State::Authenticating);
    m_expiryTimer.start();
    sendHello();
}

void AgentClient::sendHello()
{
    QJsonObject params{
        {QStringLiteral("version"), QLatin1String(protocol::kProtocolVersion)},
        {QStringLiteral("client"), QCoreApplication::applicationName()},
    };
    switch (m_endpoint.transport) {
    case Endpoint::Transport::Tcp:
    case Endpoint::Transport::Tls:
        params.insert(QStringLiteral("user"), m_endpoint.user);
        if (m_endpoint.token.isEmpty())
            params.insert(QStringLiteral("password"), m_endpoint.password);
        else
            params.insert(QStringLiteral("token"), m_endpoint.token);
        break;
    case Endpoint::Transport::Ssh:
    case Endpoint::Transport::Local:
        // No password: the agent knows the OS user at the other end of its socket (over SSH,
        // the login user the bridge runs as). SSH passwords are for sshd only.
        params.insert(QStringLiteral("user"),
                      m_endpoint.user.isEmpty() ? currentOsUser() : m_endpoint.user);
        break;
    }
    send(m_nextId++, QLatin1String(protocol::method::kHello), params,
         [this](const QJsonValue& result, const std::optional<RpcError>& error) {
             if (error) {
                 // Wrong credentials do not get better by retrying.
                 const bool retry = error->code != int(ErrorCode::Unauthenticated) &&
                                    error->code != int(ErrorCode::VersionMismatch);
                 if (retry)
                     Q_EMIT errorOccurred(
                         QStringLiteral("%1: %2").arg(m_endpoint.toString(), error->message));
                 onClosed(error->message, retry);
                 return;
             }
             m_helloResult = result.toObject();
             m_lastError.clear();
             // Only a session the agent accepted resets the backoff: an SSH server whose
             // bridge finds no agent must not be logged into four times a second.
             m_backoffMs = 0;
             setState(State::Connected);
         });
}

void AgentClient::onReceived(const QByteArray& bytes)
{
    m_decoder.append(bytes);
    while (auto frame = m_decoder.takeFrame()) {
        RpcError error;
        const std::optional<protocol::Message> message = protocol::parseMessage(*frame, &error);
        if (!message) {
            qCWarning(lcClient) << m_endpoint.toString() << "sent a bad message:" << error.message;
            continue;
        }
        handleMessage(*message);
        if (!m_transport)
            return; // a reply handler closed us
    }
    if (m_decoder.failed()) {
        Q_EMIT errorOccurred(
            QStringLiteral("%1: %2").arg(m_endpoint.toString(), m_decoder.error()));
        onClosed(m_decoder.error(), true);
    }
}

void AgentClient::handleMessage(const protocol::Message& message)
{
    using Kind = protocol::Message::Kind;
    switch (message.kind) {
    case Kind::Notification:
        Q_EMIT notificationReceived(message.method, message.params);
        return;
    case Kind::Result:
    case Kind::Error: {
        const qint64 id = qint64(message.id.toDouble());
        const auto it = m_pending.find(id);
        if (it == m_pending.end())
            return;
        const Reply reply = std::move(it->reply);
        m_pending.erase(it);
        if (message.kind == Kind::Result)
            reply(message.result, std::nullopt);
        else
            reply({}, message.error);
        return;
    }
    case Kind::Request:
        return; // agents do not call clients
    }
}

void AgentClient::onClosed(const QString& reason, bool retry)
{
    if (!m_transport)
        return;
    dropTransport();
    m_expiryTimer.stop();
    m_lastError = QStringLiteral("%1: %2").arg(m_endpoint.toString(), reason);
    if (!retry) {
        // A refused key or certificate, or refused credentials: trying again cannot help.
        m_autoReconnect = false;
        qCWarning(lcClient).noquote() << m_lastError;
        Q_EMIT errorOccurred(m_lastError);
    }
    qCDebug(lcClient) << "disconnected:" << m_lastError;
    failAll(m_lastError);
    setState(State::Disconnected);
    scheduleReconnect();
}

void AgentClient::scheduleReconnect()
{
    if (!m_autoReconnect)
        return;
    m_backoffMs = m_backoffMs == 0 ? kFirstBackoffMs : std::min(m_backoffMs * 2, kMaxBackoffMs);
    // Jitter: clients that lost an agent together (it restarted) do not all log in again in
    // the same millisecond.
    const int jitter = int(QRandomGenerator::global()->bounded(m_backoffMs / 2 + 1));
    m_reconnectTimer.start(m_backoffMs / 2 + jitter);
}

void AgentClient::failAll(const QString& reason)
{
    const auto pending = std::exchange(m_pending, {});
    for (const Pending& p : pending)
        p.reply({}, protocol::makeError(ErrorCode::InternalError, reason));
}

void AgentClient::expireCalls()
{
    QList<qint64> expired;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        if (it->age.hasExpired(it->timeoutMs))
            expired.append(it.key());
    for (qint64 id : expired) {
        const Pending pending = m_pending.take(id);
        pending.reply({}, protocol::makeError(ErrorCode::InternalError,
                                              QStringLiteral("%1: no reply within %2 s")
                                                  .arg(m_endpoint.toString())
                                                  .arg(pending.timeoutMs / 1000.0)));
    }
}

void AgentClient::call(const QString& method, const QJsonObject& params, Reply reply,
                       int timeoutMs)
{
    if (m_state != State::Connected) {
        const QString reason = m_lastError.isEmpty()
                                   ? QStringLiteral("%1: not connected").arg(m_endpoint.toString())
                                   : m_lastError;
        // Reply asynchronously, as a real round trip would, so callers see one code path.
        QMetaObject::invokeMethod(
            this,
            [reply = std::move(reply), reason] {
                reply({}, protocol::makeError(ErrorCode::InternalError, reason));
            },
            Qt::QueuedConnection);
        return;
    }
    send(m_nextId++, method, params, std::move(reply), timeoutMs);
}

void AgentClient::send(qint64 id, const QString& method, const QJsonObject& params, Reply reply,
                       int timeoutMs)
{
    Pending pending{std::move(reply), {}, timeoutMs};
    pending.age.start();
    m_pending.insert(id, std::move(pending));
    m_transport->write(protocol::encodeFrame(protocol::encodeRequest(id, method, params)));
}

} // namespace tandem::client
