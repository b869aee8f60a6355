#include "AgentClient.h"

#include "Logging.h"
#include "protocol/TlsFingerprint.h"

#include <QCoreApplication>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

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
    // Detach first: an abort would otherwise signal into owners that are being destroyed.
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
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
    if (m_socket) {
        QTcpSocket* socket = m_socket;
        m_socket = nullptr;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    failAll(QStringLiteral("connection closed"));
    setState(State::Disconnected);
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
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_decoder = protocol::FrameDecoder();
    QSslSocket* sslSocket = nullptr;
    if (m_endpoint.tls()) {
        sslSocket = new QSslSocket(this);
        QSslConfiguration configuration = sslSocket->sslConfiguration();
        configuration.setProtocol(QSsl::TlsV1_2OrLater);
        // The certificate is self-signed: trust comes from the pin checked in onEncrypted(),
        // before hello sends any credentials, not from a CA chain or the host name.
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        sslSocket->setSslConfiguration(configuration);
        m_socket = sslSocket;
    } else {
        m_socket = new QTcpSocket(this);
    }
    QTcpSocket* socket = m_socket;
    if (sslSocket)
        connect(sslSocket, &QSslSocket::encrypted, this, &AgentClient::onEncrypted);
    else
        connect(socket, &QTcpSocket::connected, this, &AgentClient::onConnected);
    connect(socket, &QTcpSocket::readyRead, this, &AgentClient::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this,
            [this] { onDisconnected(QStringLiteral("connection closed by the agent")); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket, sslSocket] {
        // A failed TLS handshake happens on a connected TCP socket: it ends the attempt too.
        if (socket->state() != QAbstractSocket::ConnectedState ||
            (sslSocket && !sslSocket->isEncrypted()))
            onDisconnected(socket->errorString());
    });
    setState(State::Connecting);
    qCDebug(lcClient) << "connecting to" << m_endpoint.toString() << (sslSocket ? "(TLS)" : "");
    if (sslSocket)
        sslSocket->connectToHostEncrypted(m_endpoint.host, m_endpoint.port);
    else
        socket->connectToHost(m_endpoint.host, m_endpoint.port);
}

void AgentClient::onEncrypted()
{
    auto* socket = qobject_cast<QSslSocket*>(m_socket.data());
    if (!socket)
        return;
    const QString fingerprint = protocol::certificateFingerprint(socket->peerCertificate());
    QString refusal;
    if (!m_endpoint.pinnedFingerprint.isEmpty()) {
        if (fingerprint != m_endpoint.pinnedFingerprint)
            refusal = QStringLiteral("certificate changed: expected %1, got %2 — a changed key is "
                                     "refused")
                          .arg(m_endpoint.pinnedFingerprint, fingerprint);
    } else if (m_certificateDecision && m_certificateDecision(fingerprint)) {
        m_endpoint.pinnedFingerprint = fingerprint;
    } else {
        refusal = QStringLiteral("certificate %1 is not pinned and was not accepted; compare it "
                                 "with `tandem-agent --fingerprint` on the device and pin it")
                      .arg(fingerprint);
    }
    if (!refusal.isEmpty()) {
        m_lastError = QStringLiteral("%1: %2").arg(m_endpoint.toString(), refusal);
        qCWarning(lcClient).noquote() << m_lastError;
        // Retrying cannot make an unwanted certificate acceptable.
        m_autoReconnect = false;
        Q_EMIT errorOccurred(m_lastError);
        if (m_socket)
            m_socket->abort();
        onDisconnected(refusal); // no-op when the abort already reported the disconnect
        return;
    }
    onConnected();
}

void AgentClient::onConnected()
{
    m_backoffMs = 0;
    setState(State::Authenticating);
    m_expiryTimer.start();
    sendHello();
}

void AgentClient::sendHello()
{
    const QJsonObject params{
        {QStringLiteral("version"), QLatin1String(protocol::kProtocolVersion)},
        {QStringLiteral("client"), QCoreApplication::applicationName()},
        {QStringLiteral("user"), m_endpoint.user},
        {QStringLiteral("password"), m_endpoint.password},
    };
    send(m_nextId++, QLatin1String(protocol::method::kHello), params,
         [this](const QJsonValue& result, const std::optional<RpcError>& error) {
             if (error) {
                 m_lastError = QStringLiteral("%1: %2").arg(m_endpoint.toString(), error->message);
                 Q_EMIT errorOccurred(m_lastError);
                 // Wrong credentials do not get better by retrying.
                 if (error->code == int(ErrorCode::Unauthenticated) ||
                     error->code == int(ErrorCode::VersionMismatch))
                     m_autoReconnect = false;
                 if (m_socket)
                     m_socket->abort();
                 return;
             }
             m_helloResult = result.toObject();
             m_lastError.clear();
             setState(State::Connected);
         });
}

void AgentClient::onReadyRead()
{
    if (!m_socket)
        return;
    m_decoder.append(m_socket->readAll());
    while (auto frame = m_decoder.takeFrame()) {
        RpcError error;
        const std::optional<protocol::Message> message = protocol::parseMessage(*frame, &error);
        if (!message) {
            qCWarning(lcClient) << m_endpoint.toString() << "sent a bad message:" << error.message;
            continue;
        }
        handleMessage(*message);
        if (!m_socket)
            return; // a reply handler closed us
    }
    if (m_decoder.failed()) {
        m_lastError = QStringLiteral("%1: %2").arg(m_endpoint.toString(), m_decoder.error());
        Q_EMIT errorOccurred(m_lastError);
        m_socket->abort();
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

void AgentClient::onDisconnected(const QString& reason)
{
    if (!m_socket)
        return;
    QTcpSocket* socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->deleteLater();
    m_expiryTimer.stop();
    if (m_state == State::Connected || m_lastError.isEmpty())
        m_lastError = QStringLiteral("%1: %2").arg(m_endpoint.toString(), reason);
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
    m_reconnectTimer.start(m_backoffMs);
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
        if (it->age.hasExpired(kCallTimeoutMs))
            expired.append(it.key());
    for (qint64 id : expired) {
        const Reply reply = m_pending.take(id).reply;
        reply({}, protocol::makeError(ErrorCode::InternalError,
                                      QStringLiteral("%1: no reply within %2 s")
                                          .arg(m_endpoint.toString())
                                          .arg(kCallTimeoutMs / 1000)));
    }
}

void AgentClient::call(const QString& method, const QJsonObject& params, Reply reply)
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
    send(m_nextId++, method, params, std::move(reply));
}

void AgentClient::send(qint64 id, const QString& method, const QJsonObject& params, Reply reply)
{
    Pending pending{std::move(reply), {}};
    pending.age.start();
    m_pending.insert(id, std::move(pending));
    m_socket->write(protocol::encodeFrame(protocol::encodeRequest(id, method, params)));
}

} // namespace tandem::client
