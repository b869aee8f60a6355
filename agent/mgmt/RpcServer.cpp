#include "RpcServer.h"

#include "AuditLog.h"
#include "Logging.h"
#include "UnixStream.h"
#include "protocol/Password.h"

#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalServer>
#include <QMessageAuthenticationCode>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QThreadPool>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace tandem::mgmt {

using protocol::ErrorCode;
using protocol::makeError;
using protocol::RpcError;

namespace {

QString roleName(config::UserRole role)
{
    return QString::fromStdString(std::string(config::toString(role)));
}

int envMs(const char* name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

// The OS user name of `uid`, empty when it has none.
QString userNameOf(uid_t uid)
{
    struct passwd entry = {};
    struct passwd* found = nullptr;
    std::vector<char> buffer(16384);
    if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || !found)
        return {};
    return QString::fromLocal8Bit(found->pw_name);
}

// True when something accepts connections on the unix socket at `path`.
bool localSocketServed(const QString& path)
{
    const QByteArray native = QFile::encodeName(path);
    sockaddr_un address = {};
    if (std::size_t(native.size()) >= sizeof(address.sun_path))
        return false;
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, native.constData(), std::size_t(native.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const bool served = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    ::close(fd);
    return served;
}

// Accepts every connection the moment it arrives and hands it over: no queue of pending
// connections. (QTcpServer stops accepting while its queue is full, and QSslServer counts the
// connections still in their handshake in that queue, so a few dozen clients that connect and
// go silent, or vanish mid-handshake, stopped the listener for good.)
class Listener final : public QTcpServer
{
public:
    explicit Listener(std::optional<QSslConfiguration> tls) : m_tls(std::move(tls)) {}

    // Set by the server that adopts the listener; until then connections wait in the backlog.
    std::function<void(QTcpSocket*, bool tls)> accepted;
    bool tls() const { return m_tls.has_value(); }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        QTcpSocket* socket = m_tls ? new QSslSocket : new QTcpSocket;
        if (!socket->setSocketDescriptor(descriptor)) {
            qCWarning(lcMgmt).noquote() << "cannot take an accepted connection:"
                                        << socket->errorString();
            ::close(int(descriptor));
            delete socket;
            return;
        }
        if (m_tls)
            static_cast<QSslSocket*>(socket)->setSslConfiguration(*m_tls);
        if (accepted)
            accepted(socket, m_tls.has_value());
        else
            delete socket;
    }

private:
    std::optional<QSslConfiguration> m_tls;
};

} // namespace

RpcServer::Limits RpcServer::Limits::fromEnvironment()
{
    Limits limits;
    limits.helloTimeoutMs = envMs("TANDEM_AGENT_HELLO_TIMEOUT_MS", limits.helloTimeoutMs);
    limits.idleTimeoutMs = envMs("TANDEM_AGENT_IDLE_TIMEOUT_MS", limits.idleTimeoutMs);
    return limits;
}

RpcServer::RpcServer(std::vector<config::ManagementUser> users, QJsonObject helloInfo,
                     QObject* parent)
    : QObject(parent), m_users(std::move(users)), m_helloInfo(std::move(helloInfo)),
      m_resumeTimer(this), m_sweepTimer(this)
{
    m_clock.start();
    connect(&m_sweepTimer, &QTimer::timeout, this, &RpcServer::sweep);
    m_resumeTimer.setSingleShot(true);
    connect(&m_resumeTimer, &QTimer::timeout, this, [this] {
        if (m_server)
            m_server->resumeAccepting();
    });
    setLimits(m_limits);
    m_passwordPool = std::make_unique<QThreadPool>();
    m_passwordPool->setMaxThreadCount(1);
    m_parsePool = std::make_unique<QThreadPool>();
    m_parsePool->setMaxThreadCount(1);
    m_macKey.resize(32);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(m_macKey.data()),
                                          m_macKey.size() / 4);
}

RpcServer::~RpcServer()
{
    // A check still running posts back to this object: it must finish first.
    m_passwordPool->clear();
    m_passwordPool->waitForDone();
    m_parsePool->clear();
    m_parsePool->waitForDone();
}

template <typename F> void RpcServer::onOwnThread(F&& f)
{
    if (QThread::currentThread() == thread())
        f();
    else
        QMetaObject::invokeMethod(this, std::forward<F>(f), Qt::QueuedConnection);
}

void RpcServer::setLimits(const Limits& limits)
{
    m_limits = limits;
    // A quarter of the shorter timeout: a session overstays by at most that much.
    m_sweepTimer.start(
        std::clamp(std::min(limits.helloTimeoutMs, limits.idleTimeoutMs) / 4, 20, 1000));
}

bool RpcServer::bindServer(QTcpServer* server, const QString& address, quint16 port, QString* error)
{
    const QHostAddress host(address);
    if (host.isNull()) {
        *error = QStringLiteral("management address '%1' is not an IP address").arg(address);
        return false;
    }
    if (!server->listen(host, port)) {
        *error = QStringLiteral("cannot listen for the agent protocol on %1:%2: %3")
                     .arg(address)
                     .arg(port)
                     .arg(server->errorString());
        return false;
    }
    qCInfo(lcMgmt).noquote() << (static_cast<Listener*>(server)->tls() ? "agent protocol (TLS) on"
                                                                       : "agent protocol on")
                             << QStringLiteral("%1:%2").arg(address).arg(server->serverPort());
    return true;
}

bool RpcServer::listen(const QString& address, quint16 port, QString* error,
                       const std::optional<QSslConfiguration>& tls)
{
    std::unique_ptr<QTcpServer> server = bindListener(address, port, error, tls);
    if (!server)
        return false;
    adoptListener(std::move(server));
    return true;
}

QSslConfiguration RpcServer::serverTlsConfiguration(const QSslKey& key,
                                                    const QSslCertificate& certificate)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    // Clients authenticate with hello (user and password), not with certificates.
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

std::unique_ptr<QTcpServer> RpcServer::bindListener(const QString& address, quint16 port,
                                                    QString* error,
                                                    const std::optional<QSslConfiguration>& tls)
{
    std::unique_ptr<QTcpServer> server = makeListener(tls);
    if (!bindServer(server.get(), address, port, error))
        return nullptr;
    // Connections wait in the kernel's backlog until a server adopts the listener.
    server->pauseAccepting();
    return server;
}

std::unique_ptr<QTcpServer> RpcServer::rewrapListener(const std::optional<QSslConfiguration>& tls,
                                                      QString* error) const
{
    // A duplicate of the listening socket: adoptListener() closes the old server's copy, and
    // connections waiting in the backlog are accepted by the new one.
    const QTcpServer* current = m_server;
    if (!current) {
        *error = QStringLiteral("the agent has no agent-protocol listener to switch to %1")
                     .arg(tls ? QStringLiteral("TLS") : QStringLiteral("plain TCP"));
        return nullptr;
    }
    const int descriptor = ::dup(int(current->socketDescriptor()));
    std::unique_ptr<QTcpServer> server = makeListener(tls);
    if (descriptor < 0 || !server->setSocketDescriptor(descriptor)) {
        if (descriptor >= 0)
            ::close(descriptor);
        *error = QStringLiteral("cannot switch the agent-protocol listener on %1:%2 to %3: %4")
                     .arg(current->serverAddress().toString())
                     .arg(current->serverPort())
                     .arg(tls ? QStringLiteral("TLS") : QStringLiteral("plain TCP"),
                          descriptor < 0 ? QString::fromLocal8Bit(std::strerror(errno))
                                         : server->errorString());
        return nullptr;
    }
    server->pauseAccepting();
    qCInfo(lcMgmt).noquote() << (tls ? "agent protocol (TLS) on" : "agent protocol on")
                             << QStringLiteral("%1:%2")
                                    .arg(server->serverAddress().toString())
                                    .arg(server->serverPort());
    return server;
}

std::unique_ptr<QTcpServer> RpcServer::makeListener(const std::optional<QSslConfiguration>& tls)
{
    auto server = std::make_unique<Listener>(tls);
    // Accept errors are reported and retried (onAcceptError), never left to stop the listener.
    server->setMaxPendingConnections(std::numeric_limits<int>::max());
    return server;
}

void RpcServer::connectListener(QTcpServer* server)
{
    auto* listener = static_cast<Listener*>(server);
    listener->accepted = [this](QTcpSocket* socket, bool tls) { onAccepted(socket, tls); };
    connect(server, &QTcpServer::acceptError, this, [this, server] { onAcceptError(server); });
    server->resumeAccepting();
}

void RpcServer::onAcceptError(QTcpServer* server)
{
    // Qt stops accepting after an error that is not temporary (EMFILE, ENFILE, ENOBUFS): the
    // connections wait in the backlog, and accepting resumes shortly.
    if (server != m_server)
        return;
    qCWarning(lcMgmt).noquote() << "accepting an agent-protocol connection failed:"
                                << server->errorString() << "- accepting again in 100 ms";
    m_resumeTimer.start(100);
}

void RpcServer::adoptListener(std::unique_ptr<QTcpServer> server)
{
    QTcpServer* adopted = server.release();
    // Made on the core thread during a commit: it joins the server's thread before it accepts.
    if (adopted->thread() != thread())
        adopted->moveToThread(thread());
    onOwnThread([this, adopted] {
        adopted->setParent(this);
        if (m_server) {
            m_server->close();
            m_server->deleteLater();
        }
        m_server = adopted;
        connectListener(adopted);
    });
}

void RpcServer::closeListener()
{
    onOwnThread([this] {
        if (!m_server)
            return;
        qCInfo(lcMgmt).noquote() << "agent protocol no longer on"
                                 << QStringLiteral("%1:%2")
                                        .arg(m_server->serverAddress().toString())
                                        .arg(m_server->serverPort());
        m_server->close();
        m_server->deleteLater();
        m_server = nullptr;
    });
}

bool RpcServer::listenLocal(const QString& requestedPath, QString* error)
{
    // Absolute: QLocalServer would put a relative name under the temporary directory.
    const QString path = QFileInfo(requestedPath).absoluteFilePath();
    // The config store's lock keeps a second agent off this config; a socket someone still
    // serves here belongs to another agent (another config given the same --local-socket).
    if (QFileInfo::exists(path) || QFileInfo(path).isSymLink()) {
        if (localSocketServed(path)) {
            *error = QStringLiteral("another process serves the local socket %1").arg(path);
            return false;
        }
        QLocalServer::removeServer(path); // stale: left by an agent that was killed
    }
    // Sessions on UnixStream, not QLocalSocket: a client's half-close must not drop the replies.
    auto* server = new UnixStreamServer(this);
    if (!server->listen(path)) {
        *error = QStringLiteral("cannot listen for the agent protocol on the local socket %1: %2")
                     .arg(path, server->errorString());
        delete server;
        return false;
    }
    // Anyone may connect: hello decides who they are (peer credentials or a password).
    ::chmod(QFile::encodeName(path).constData(), 0666);
    connect(server, &UnixStreamServer::accepted, this, &RpcServer::onNewLocalConnection);
    delete m_localServer;
    m_localServer = server;
    qCInfo(lcMgmt).noquote() << "agent protocol on local socket" << path;
    return true;
}

QString RpcServer::localPath() const
{
    return m_localServer ? m_localServer->fullServerName() : QString();
}

void RpcServer::setHelloInfo(QJsonObject helloInfo)
{
    onOwnThread([this, info = std::move(helloInfo)] { m_helloInfo = info; });
}

void RpcServer::setUsers(std::vector<config::ManagementUser> users)
{
    onOwnThread([this, users = std::move(users)] {
    m_users = users;
    for (Session& session : m_sessions) {
        if (!session.role)
            continue;
        const auto account = std::find_if(m_users.begin(), m_users.end(), [&](const auto& u) {
            return QString::fromStdString(u.name) == session.user;
        });
        if (account == m_users.end()) {
            session.role.reset();
            session.topics.clear();
            leaveRateGroups(session);
        } else {
            session.role = account->role;
        }
    }
    });
}

template <typename F> auto RpcServer::readOnOwnThread(F read) const
{
    decltype(read()) value{};
    auto take = [&] { value = read(); };
    if (QThread::currentThread() == thread())
        take();
    else
        QMetaObject::invokeMethod(const_cast<RpcServer*>(this), take,
                                  Qt::BlockingQueuedConnection);
    return value;
}

quint16 RpcServer::port() const
{
    return readOnOwnThread([this] { return m_server ? m_server->serverPort() : quint16(0); });
}

bool RpcServer::tcpListening() const
{
    return port() != 0;
}

int RpcServer::sessionCount() const
{
    return readOnOwnThread([this] { return int(m_sessions.size()); });
}

void RpcServer::addMethod(const QString& name, config::UserRole minimumRole, Handler handler)
{
    addAsyncMethod(name, minimumRole,
                   [handler = std::move(handler)](const QJsonObject& params, const Caller& caller,
                                                  const Responder& respond) {
                       respond(handler(params, caller));
                   });
}

void RpcServer::addAsyncMethod(const QString& name, config::UserRole minimumRole,
                               AsyncHandler handler)
{
    m_methods.insert(name, Method{minimumRole, std::move(handler)});
}

void RpcServer::auditMethod(const QString& name, AuditTarget target)
{
    m_audited.insert(name, std::move(target));
}

void RpcServer::setSnapshotProvider(const QString& topic, std::function<QJsonObject()> provider)
{
    m_snapshots.insert(topic, std::move(provider));
}

void RpcServer::setRatedTopic(const QString& topic, const QString& method,
                              std::function<QJsonObject()> sample)
{
    m_snapshots.insert(topic, sample);
    m_ratedTopics.insert(topic, RatedTopic{method, std::move(sample)});
}

void RpcServer::publish(const QString& topic, const QString& method, const QJsonObject& params)
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(
            this, [this, topic, method, params] { publish(topic, method, params); },
            Qt::QueuedConnection);
        return;
    }
    // Everything but events is telemetry: a newer sample supersedes a dropped one.
    const bool telemetry = topic != QLatin1String("events");
    QByteArray payload;
    for (Session& session : m_sessions) {
        if (session.closing || !session.topics.contains(topic))
            continue;
        if (payload.isEmpty())
            payload = protocol::encodeNotification(method, params);
        if (telemetry)
            sendTelemetry(session, payload, method, params);
        else
            send(session, payload);
    }
}

void RpcServer::onAccepted(QTcpSocket* socket, bool tls)
{
    // Sessions belong to the server object, not the listener: a commit that moves the
    // listener must not end them.
    socket->setParent(this);
    const QString address = socket->peerAddress().toString();
    const QString source = QStringLiteral("%1 %2:%3")
                               .arg(tls ? QStringLiteral("tls") : QStringLiteral("tcp"), address)
                               .arg(socket->peerPort());
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        removeSession(socket);
        socket->deleteLater();
    });
    if (!addSession(socket, tls ? Transport::Tls : Transport::Tcp, source, address,
                    std::nullopt) ||
        !tls)
        return;
    auto* ssl = static_cast<QSslSocket*>(socket);
    m_sessions[socket].handshaking = true;
    connect(ssl, &QSslSocket::encrypted, this, [this, socket] {
        if (const auto it = m_sessions.find(socket); it != m_sessions.end())
            it->handshaking = false;
    });
    connect(ssl, &QSslSocket::errorOccurred, this, [this, ssl](QAbstractSocket::SocketError) {
        // A client that is not speaking TLS (or gives up) costs one log line.
        const auto it = m_sessions.find(ssl);
        if (it == m_sessions.end() || !it->handshaking || it->closing)
            return;
        closeSession(*it, QStringLiteral("TLS handshake failed: %1").arg(ssl->errorString()), true);
    });
    ssl->startServerEncryption();
}

void RpcServer::onNewLocalConnection(int descriptor)
{
    auto* socket = new UnixStream(descriptor, this);
    std::optional<uint> uid;
    struct ucred credentials = {};
    socklen_t size = sizeof(credentials);
    if (::getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &size) == 0)
        uid = uint(credentials.uid);
    const QString source =
        uid ? QStringLiteral("local uid %1").arg(*uid) : QStringLiteral("local uid ?");
    connect(socket, &UnixStream::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &UnixStream::readChannelFinished, this,
            [this, socket] { onInputFinished(socket); });
    connect(socket, &UnixStream::disconnected, this, [this, socket] {
        removeSession(socket);
        socket->deleteLater();
    });
    addSession(socket, Transport::Local, source, source.mid(6), uid);
}

void RpcServer::onInputFinished(QIODevice* device)
{
    const auto it = m_sessions.find(device);
    if (it == m_sessions.end() || it->closing)
        return;
    it->inputFinished = true;
    onReadyRead(device); // answers what is complete, then closes unless a hello is in flight
}

bool RpcServer::addSession(QIODevice* device, Transport transport, QString source,
                           QString throttleKey, std::optional<uint> peerUid)
{
    qsizetype open = 0;
    qsizetype fromSource = 0;
    // The oldest session without a hello (and none being checked): by key, since adding the
    // new session below may move every session in the table.
    QIODevice* oldestWaiting = nullptr;
    qint64 oldestMs = 0;
    for (const Session& s : std::as_const(m_sessions)) {
        if (s.closing)
            continue;
        ++open;
        if (s.role)
            continue;
        if (s.throttleKey == throttleKey)
            ++fromSource;
        if (!s.busy && (!oldestWaiting || s.connectedMs < oldestMs)) {
            oldestWaiting = s.device;
            oldestMs = s.connectedMs;
        }
    }
    Session& session = m_sessions[device];
    session.id = m_nextSessionId++;
    session.device = device;
    session.transport = transport;
    session.source = std::move(source);
    session.throttleKey = std::move(throttleKey);
    session.peerUid = peerUid;
    if (peerUid)
        session.peerName = userNameOf(uid_t(*peerUid));
    session.connectedMs = m_clock.elapsed();
    session.lastRequestMs = session.connectedMs;
    qCDebug(lcMgmt).noquote() << "connection from" << session.source;
    if (fromSource >= m_limits.maxUnauthenticatedPerSource) {
        // One address cannot hold the table: its connections beyond the limit go at once,
        // without a word (a TLS client would need a handshake to read one).
        closeSession(session,
                     QStringLiteral("%1 already has %2 connections without a hello")
                         .arg(session.throttleKey)
                         .arg(m_limits.maxUnauthenticatedPerSource),
                     true);
        return false;
    }
    if (open >= m_limits.maxSessions && oldestWaiting) {
        // Full, but not of logged-in sessions: the one that has waited longest without a
        // hello makes room, so a client that logs in always gets in.
        closeSession(m_sessions[oldestWaiting],
                     QStringLiteral("table full (%1 sessions): making room for a new "
                                    "connection")
                         .arg(m_limits.maxSessions),
                     true);
    } else if (open >= m_limits.maxSessions) {
        // Every slot is logged in. A TLS client would need a handshake to read the reason.
        closeSession(session,
                     QStringLiteral("too many clients (%1 sessions)").arg(m_limits.maxSessions),
                     transport == Transport::Tls,
                     protocol::encodeError(QJsonValue(),
                                           makeError(ErrorCode::TooManyClients,
                                                     QStringLiteral("too many clients: this agent "
                                                                    "serves at most %1 sessions")
                                                         .arg(m_limits.maxSessions))));
        return false;
    }
    return true;
}

void RpcServer::onReadyRead(QIODevice* device)
{
    const auto it = m_sessions.find(device);
    if (it == m_sessions.end())
        return;
    if (it->closing) {
        device->readAll();
        return;
    }
    it->decoder.append(device->readAll());
    processFrames(device);
}

void RpcServer::processFrames(QIODevice* device)
{
    auto it = m_sessions.find(device);
    while (it != m_sessions.end() && !it->closing && !it->busy) {
        std::optional<QByteArray> frame = it->decoder.takeFrame();
        if (!frame)
            break;
        if (frame->size() > kParseOffLoopBytes) {
            parseLargeFrame(*it, std::move(*frame));
            return;
        }
        RpcError error;
        const std::optional<protocol::Message> message = protocol::parseMessage(*frame, &error);
        if (!message)
            send(*it, protocol::encodeError(QJsonValue(), error));
        else
            handle(*it, *message);
        it = m_sessions.find(device);
    }
    if (it == m_sessions.end() || it->closing || it->busy)
        return; // a call still being answered: it comes back here when it is
    if (it->decoder.failed())
        closeSession(*it, it->decoder.error(), false,
                     protocol::encodeError(
                         QJsonValue(), makeError(ErrorCode::FrameTooLarge, it->decoder.error())));
    else if (it->inputFinished)
        closeSession(*it, QStringLiteral("the client ended its stream, all it sent answered"),
                     false);
}

void RpcServer::parseLargeFrame(Session& session, QByteArray frame)
{
    // Parsing megabytes of JSON takes tens of milliseconds: a worker does it, and only this
    // session waits.
    session.busy = true;
    QPointer<RpcServer> self(this);
    QIODevice* const device = session.device;
    const quint64 id = session.id;
    m_parsePool->start([self, device, id, frame = std::move(frame)] {
        RpcError error;
        const std::optional<protocol::Message> message = protocol::parseMessage(frame, &error);
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, device, id, message, error] {
                if (!self)
                    return;
                const auto it = self->m_sessions.find(device);
                if (it == self->m_sessions.end() || it->id != id)
                    return;
                it->busy = false;
                if (!message)
                    self->send(*it, protocol::encodeError(QJsonValue(), error));
                else
                    self->handle(*it, *message);
                self->processFrames(device);
            },
            Qt::QueuedConnection);
    });
}

void RpcServer::handle(Session& session, const protocol::Message& message)
{
    using Kind = protocol::Message::Kind;
    if (message.kind != Kind::Request)
        return; // notifications and stray responses from clients carry nothing for us

    session.lastRequestMs = m_clock.elapsed();
    const QString& method = message.method;
    if (method == QLatin1String(protocol::method::kHello)) {
        if (needsPasswordCheck(session, message.params)) {
            checkPasswordAsync(session.device, message);
            return;
        }
        const QString user = session.user;
        reply(session, message, user, hello(session, message.params));
        return;
    }
    if (!session.role) {
        reply(session, message, session.user,
              makeError(ErrorCode::Unauthenticated,
                        QStringLiteral("'%1' before a successful hello").arg(method)));
        return;
    }
    if (method == QLatin1String(protocol::method::kSubscribe) ||
        method == QLatin1String(protocol::method::kUnsubscribe)) {
        subscribe(session, message, method == QLatin1String(protocol::method::kSubscribe));
        return;
    }
    const auto found = m_methods.constFind(method);
    if (found == m_methods.cend()) {
        reply(session, message, session.user,
              makeError(ErrorCode::MethodNotFound,
                        QStringLiteral("unknown method '%1'").arg(method)));
        return;
    }
    if (*session.role < found->minimumRole) {
        reply(session, message, session.user,
              makeError(ErrorCode::Forbidden,
                        QStringLiteral("'%1' needs role %2; user '%3' is %4")
                            .arg(method, roleName(found->minimumRole), session.user,
                                 roleName(*session.role))));
        return;
    }
    dispatch(session, message,
             Caller{session.user, *session.role, session.transport, session.source},
             found->handler);
}

void RpcServer::dispatch(Session& session, const protocol::Message& message, const Caller& caller,
                         AsyncHandler work, std::function<void(Session&)> onSuccess)
{
    session.busy = true;
    QPointer<RpcServer> self(this);
    QIODevice* const device = session.device;
    const quint64 id = session.id;
    Responder respond = [self, device, id, message, user = caller.user,
                         onSuccess = std::move(onSuccess)](Outcome outcome) {
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, device, id, message, user, outcome = std::move(outcome), onSuccess] {
                if (self)
                    self->finish(device, id, message, user, outcome, onSuccess);
            },
            Qt::QueuedConnection);
    };
    QMetaObject::invokeMethod(
        core(),
        [work = std::move(work), params = message.params, caller, respond = std::move(respond)] {
            work(params, caller, respond);
        },
        Qt::QueuedConnection);
}

void RpcServer::finish(QIODevice* device, quint64 sessionId, const protocol::Message& message,
                       const QString& user, const Outcome& outcome,
                       const std::function<void(Session&)>& onSuccess)
{
    const auto it = m_sessions.find(device);
    if (it == m_sessions.end() || it->id != sessionId)
        return; // the client left while its call was answered
    it->busy = false;
    if (onSuccess && std::holds_alternative<QJsonValue>(outcome))
        onSuccess(*it);
    reply(*it, message, user, outcome);
    processFrames(device); // frames that came meanwhile
}

void RpcServer::reply(Session& session, const protocol::Message& message, const QString& user,
                      const Outcome& outcome)
{
    const QString& method = message.method;
    if (const auto audited = m_audited.constFind(method);
        audited != m_audited.cend() && method != QLatin1String(protocol::method::kHello) &&
        !user.isEmpty()) {
        const auto* error = std::get_if<RpcError>(&outcome);
        audit(session, user, method,
              (*audited)(message.params, error ? QJsonValue() : std::get<QJsonValue>(outcome)),
              error);
    }
    if (const auto* error = std::get_if<RpcError>(&outcome))
        send(session, protocol::encodeError(message.id, *error));
    else
        send(session, protocol::encodeResult(message.id, std::get<QJsonValue>(outcome)));
}

std::variant<QJsonValue, RpcError> RpcServer::hello(Session& session, const QJsonObject& params)
{
    const QString version = params.value(QStringLiteral("version")).toString();
    if (version.section(QLatin1Char('.'), 0, 0) !=
        QString::fromLatin1(protocol::kProtocolVersion).section(QLatin1Char('.'), 0, 0))
        return makeError(ErrorCode::VersionMismatch,
                         QStringLiteral("protocol version '%1' is not supported; this agent "
                                        "speaks %2")
                             .arg(version, QLatin1String(protocol::kProtocolVersion)));
    for (const char* field : {"user", "password", "token"}) {
        const QJsonValue value = params.value(QLatin1String(field));
        if (!value.isUndefined() && !value.isNull() && !value.isString())
            return makeError(ErrorCode::InvalidParams,
                             QStringLiteral("\"%1\" must be a string").arg(QLatin1String(field)));
    }
    QString user = params.value(QStringLiteral("user")).toString();
    const QString password = params.value(QStringLiteral("password")).toString();
    const QString token = params.value(QStringLiteral("token")).toString();
    if (!password.isEmpty() && !token.isEmpty())
        return makeError(ErrorCode::InvalidParams,
                         QStringLiteral("\"password\" and \"token\" both given: a hello "
                                        "authenticates with one of them"));
    const qint64 now = m_clock.elapsed();

    // Refused before any password is looked at: a blocked source costs no PBKDF2.
    if (const auto wait = m_throttle.blockedFor(session.throttleKey, now)) {
        RpcError error =
            makeError(ErrorCode::Unauthenticated,
                      QStringLiteral("too many failed logins from %1: try again in %2 s")
                          .arg(session.throttleKey)
                          .arg((*wait + 999) / 1000));
        audit(session, user, QStringLiteral("login"), {}, &error);
        error.data = QJsonObject{{QStringLiteral("retryAfterMs"), *wait}};
        return error;
    }

    const bool peer = password.isEmpty() && token.isEmpty();
    const QString auth = peer              ? QStringLiteral("peer")
                         : token.isEmpty() ? QStringLiteral("password")
                                           : QStringLiteral("token");
    QString reason;
    QString refusal = QStringLiteral("authentication failed for user '%1'").arg(user);
    auto account = m_users.end();
    if (peer) {
        // Peer authentication: only where the kernel tells who is calling.
        if (!session.peerUid) {
            reason = QStringLiteral("no password");
            refusal = QStringLiteral("authentication failed for user '%1': a password is "
                                     "required on this transport (or an API token)")
                          .arg(user);
        } else if (session.peerName.isEmpty()) {
            reason = QStringLiteral("uid %1 has no user name").arg(*session.peerUid);
            refusal = QStringLiteral("peer authentication failed: uid %1 has no user name")
                          .arg(*session.peerUid);
        } else if (!user.isEmpty() && user != session.peerName) {
            reason = QStringLiteral("peer is OS user '%1'").arg(session.peerName);
            refusal = QStringLiteral("peer authentication failed: this connection is from OS "
                                     "user '%1', not '%2' (give a password or a token to log in "
                                     "as '%2')")
                          .arg(session.peerName, user);
        } else {
            user = session.peerName;
            account = std::find_if(m_users.begin(), m_users.end(), [&](const auto& u) {
                return QString::fromStdString(u.name) == user;
            });
            if (account == m_users.end()) {
                reason = QStringLiteral("not a management user");
                refusal = QStringLiteral("peer authentication failed: OS user '%1' is not a "
                                         "management user of this agent")
                              .arg(user);
            }
        }
    } else {
        account = std::find_if(m_users.begin(), m_users.end(), [&](const auto& u) {
            return QString::fromStdString(u.name) == user;
        });
        // One message for an unknown user and a wrong secret: the difference helps attackers.
        bool verified = false;
        if (account == m_users.end())
            reason = QStringLiteral("(unknown user)");
        else if (!token.isEmpty() && account->tokenSha256.empty())
            reason = QStringLiteral("(the user has no token)");
        else if (!token.isEmpty()) {
            // A token is high-entropy: a SHA-256 is safe for it and checked here, in
            // microseconds, where a password's PBKDF2 needs the worker thread.
            verified =
                protocol::verifyApiToken(token, QString::fromStdString(account->tokenSha256));
            if (!verified)
                reason = QStringLiteral("(wrong token)");
        } else if (account->passwordHash.empty())
            reason = QStringLiteral("(the user has no password)");
        else
            verified = passwordMatches(session, user, password, account->passwordHash, &reason);
        if (!verified)
            account = m_users.end();
    }
    if (account == m_users.end()) {
        qCWarning(lcMgmt).noquote()
            << "authentication failed for user" << user << "from" << session.source << reason;
        // Only a wrong password or token is a guess. A refused peer login tries no secret and
        // costs no PBKDF2, and a transport failure (a connection closed before or while its
        // hello is handled) is not a login attempt at all.
        if (!peer)
            m_throttle.recordFailure(session.throttleKey, now);
        const RpcError error = makeError(ErrorCode::Unauthenticated, refusal);
        audit(session, user, QStringLiteral("login"), {{QStringLiteral("auth"), auth}}, &error);
        return error;
    }
    session.role = account->role;
    session.user = user;
    audit(session, user, QStringLiteral("login"),
          {{QStringLiteral("auth"), auth}, {QStringLiteral("role"), roleName(account->role)}},
          nullptr);
    QJsonObject result = m_helloInfo;
    result.insert(QStringLiteral("version"), QLatin1String(protocol::kProtocolVersion));
    result.insert(QStringLiteral("user"), user);
    result.insert(QStringLiteral("role"), roleName(account->role));
    result.insert(QStringLiteral("auth"), auth);
    QJsonArray methods;
    for (auto it = m_methods.cbegin(); it != m_methods.cend(); ++it)
        methods.append(it.key());
    result.insert(QStringLiteral("methods"), methods);
    return result;
}

void RpcServer::subscribe(Session& session, const protocol::Message& message, bool on)
{
    const QJsonObject& params = message.params;
    auto refuse = [&](const RpcError& error) { reply(session, message, session.user, error); };
    const QJsonValue topics = params.value(QStringLiteral("topics"));
    if (!topics.isArray() || topics.toArray().isEmpty())
        return refuse(makeError(ErrorCode::InvalidParams,
                                QStringLiteral("\"topics\" must be a non-empty array of topic "
                                               "names")));
    for (const QJsonValue& value : topics.toArray()) {
        const QString topic = value.toString();
        if (!value.isString() || !m_snapshots.contains(topic))
            return refuse(makeError(
                ErrorCode::InvalidParams,
                QStringLiteral("unknown topic '%1'")
                    .arg(value.isString() ? topic
                                          : QString::fromUtf8(QJsonDocument(QJsonArray{value})
                                                                  .toJson(QJsonDocument::Compact)))));
    }
    double rateHz = 1.0;
    if (const QJsonValue rate = params.value(QStringLiteral("rateHz")); on && !rate.isUndefined()) {
        rateHz = rate.toDouble(-1);
        if (!rate.isDouble() || !(rateHz > 0) || rateHz > kMaxRateHz)
            return refuse(makeError(ErrorCode::InvalidParams,
                                    QStringLiteral("\"rateHz\" must be a number above 0 and at "
                                                   "most %1")
                                        .arg(kMaxRateHz)));
    }
    QStringList names;
    for (const QJsonValue& value : topics.toArray())
        names.append(value.toString());
    if (!on) {
        for (const QString& topic : std::as_const(names)) {
            session.topics.remove(topic);
            if (m_ratedTopics.contains(topic))
                leaveRateGroups(session, topic);
        }
        reply(session, message, session.user, QJsonObject());
        return;
    }
    // The snapshots read the HA state: taken on the core thread. Whatever is published after
    // them reaches the session, which is subscribed before the next message is handled here.
    std::vector<std::pair<QString, std::function<QJsonObject()>>> providers;
    for (const QString& topic : std::as_const(names))
        providers.emplace_back(topic, m_snapshots.value(topic));
    const int intervalMs = std::max(1, int(std::lround(1000.0 / rateHz)));
    dispatch(
        session, message, Caller{session.user, *session.role, session.transport, session.source},
        [providers](const QJsonObject&, const Caller&, const Responder& respond) {
            QJsonObject result;
            for (const auto& [topic, provider] : providers)
                result.insert(topic, provider());
            respond(result);
        },
        [this, names, intervalMs](Session& s) {
            for (const QString& topic : names) {
                s.topics.insert(topic);
                if (m_ratedTopics.contains(topic))
                    joinRateGroup(s, topic, intervalMs);
            }
        });
}

void RpcServer::joinRateGroup(Session& session, const QString& topic, int intervalMs)
{
    leaveRateGroups(session, topic);
    const RateKey key{topic, intervalMs};
    RateGroup& group = m_rateGroups[key];
    if (!group.timer) {
        group.timer = std::make_unique<QTimer>();
        group.timer->setTimerType(Qt::PreciseTimer);
        connect(group.timer.get(), &QTimer::timeout, this, [this, key] { onRateTick(key); });
        group.timer->start(intervalMs);
    }
    group.members.insert(session.device);
    session.rateIntervals.insert(topic, intervalMs);
}

void RpcServer::leaveRateGroups(Session& session, const QString& topic)
{
    for (auto it = session.rateIntervals.begin(); it != session.rateIntervals.end();) {
        if (!topic.isEmpty() && it.key() != topic) {
            ++it;
            continue;
        }
        const auto group = m_rateGroups.find(RateKey{it.key(), it.value()});
        if (group != m_rateGroups.end()) {
            group->second.members.remove(session.device);
            if (group->second.members.isEmpty())
                m_rateGroups.erase(group);
        }
        it = session.rateIntervals.erase(it);
    }
}

void RpcServer::onRateTick(const RateKey& key)
{
    const auto group = m_rateGroups.find(key);
    const auto topic = m_ratedTopics.constFind(key.first);
    if (group == m_rateGroups.end() || topic == m_ratedTopics.cend() || group->second.sampling)
        return;
    // One sample per tick, shared by every session at this rate, taken on the core thread; a
    // tick while the last sample is still coming is skipped.
    group->second.sampling = true;
    QPointer<RpcServer> self(this);
    QMetaObject::invokeMethod(
        core(),
        [self, key, sample = topic->sample, method = topic->method] {
            const QJsonObject value = sample();
            if (!self)
                return;
            QMetaObject::invokeMethod(
                self.data(),
                [self, key, value, method] {
                    if (!self)
                        return;
                    const auto group = self->m_rateGroups.find(key);
                    if (group == self->m_rateGroups.end())
                        return;
                    group->second.sampling = false;
                    const QByteArray payload = protocol::encodeNotification(method, value);
                    for (QIODevice* device : std::as_const(group->second.members)) {
                        const auto it = self->m_sessions.find(device);
                        if (it != self->m_sessions.end() && !it->closing)
                            self->sendTelemetry(*it, payload, method, value);
                    }
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void RpcServer::logConnection(const QString& line)
{
    // A crowd of connections must not turn into a flood of lines (nor block this thread on a
    // log pipe nobody drains): a budget per second, and a count of what it left out.
    const qint64 now = m_clock.elapsed();
    if (now - m_logWindowStartMs >= 1000) {
        if (m_logSuppressed > 0)
            qCInfo(lcMgmt).noquote()
                << QStringLiteral("(%1 more connection messages in the last second not logged)")
                       .arg(m_logSuppressed);
        m_logWindowStartMs = now;
        m_logLines = 0;
        m_logSuppressed = 0;
    }
    if (line.isEmpty())
        return;
    if (m_logLines < kConnectionLogLinesPerSecond) {
        ++m_logLines;
        qCInfo(lcMgmt).noquote() << line;
    } else {
        ++m_logSuppressed;
    }
}

void RpcServer::sweep()
{
    const qint64 now = m_clock.elapsed();
    if (m_logSuppressed > 0 && now - m_logWindowStartMs >= 1000)
        logConnection({}); // the count of the last window

    for (Session& session : m_sessions) {
        if (session.closing)
            continue;
        if (session.handshaking && now - session.connectedMs >= m_limits.handshakeTimeoutMs) {
            closeSession(session,
                         QStringLiteral("no TLS handshake within %1 ms")
                             .arg(m_limits.handshakeTimeoutMs),
                         true);
        } else if (!session.role && !session.busy &&
                   now - session.connectedMs >= m_limits.helloTimeoutMs) {
            const QString why =
                QStringLiteral("no successful hello within %1 ms").arg(m_limits.helloTimeoutMs);
            closeSession(
                session, why, false,
                protocol::encodeError(QJsonValue(), makeError(ErrorCode::Unauthenticated,
                                                              why + QStringLiteral(": closing"))));
        } else if (session.role && session.topics.isEmpty() &&
                   now - session.lastRequestMs >= m_limits.idleTimeoutMs) {
            const QString why = QStringLiteral("idle for %1 ms without a request or a "
                                               "subscription")
                                    .arg(m_limits.idleTimeoutMs);
            closeSession(
                session, why, false,
                protocol::encodeError(QJsonValue(), makeError(ErrorCode::IdleTimeout,
                                                              why + QStringLiteral(": closing"))));
        }
    }
}

void RpcServer::audit(const Session& session, const QString& user, const QString& action,
                      const QJsonObject& target, const RpcError* error)
{
    if (!m_audit)
        return;
    AuditEntry entry;
    entry.user = user;
    entry.source = session.source;
    entry.action = action;
    entry.target = target;
    entry.ok = !error;
    if (error)
        entry.message = error->message;
    m_audit->record(std::move(entry));
}

qint64 RpcServer::unsentBytes(const QIODevice* device) const
{
    if (const auto* tls = qobject_cast<const QSslSocket*>(device))
        return tls->bytesToWrite() + tls->encryptedBytesToWrite();
    return device->bytesToWrite();
}

void RpcServer::send(Session& session, const QByteArray& payload)
{
    if (session.closing)
        return;
    session.device->write(protocol::encodeFrame(payload));
    if (unsentBytes(session.device) > m_limits.closeLimitBytes)
        closeSession(session,
                     QStringLiteral("over %1 bytes of output unsent: the client does not read")
                         .arg(m_limits.closeLimitBytes),
                     true);
}

void RpcServer::sendTelemetry(Session& session, const QByteArray& payload, const QString& method,
                              const QJsonObject& params)
{
    if (unsentBytes(session.device) > m_limits.telemetryLimitBytes) {
        ++session.dropped;
        return;
    }
    if (session.dropped == 0) {
        send(session, payload);
        return;
    }
    QJsonObject withDrops = params;
    withDrops.insert(QStringLiteral("dropped"), qint64(session.dropped));
    session.dropped = 0;
    send(session, protocol::encodeNotification(method, withDrops));
}

void RpcServer::closeSession(Session& session, const QString& why, bool abort,
                             const QByteArray& lastFrame)
{
    if (session.closing)
        return;
    session.closing = true;
    logConnection(QStringLiteral("closing %1: %2").arg(session.source, why));
    if (!lastFrame.isEmpty() && !abort)
        session.device->write(protocol::encodeFrame(lastFrame));
    QIODevice* device = session.device;
    QMetaObject::invokeMethod(
        this,
        [this, device, abort] {
            if (!m_sessions.contains(device))
                return; // it disconnected meanwhile (and is being deleted)
            removeSession(device);
            auto* tcp = qobject_cast<QAbstractSocket*>(device);
            auto* local = qobject_cast<UnixStream*>(device);
            if (abort) {
                tcp ? tcp->abort() : local->abort();
                device->deleteLater();
                return;
            }
            // Once the last frame is out; a client that reads nothing is cut off after 5 s.
            tcp ? tcp->disconnectFromHost() : local->disconnectFromPeer();
            QTimer::singleShot(5000, device, [device] {
                if (auto* s = qobject_cast<QAbstractSocket*>(device))
                    s->abort();
                else if (auto* l = qobject_cast<UnixStream*>(device))
                    l->abort();
                device->deleteLater();
            });
        },
        Qt::QueuedConnection);
}

void RpcServer::removeSession(QIODevice* device)
{
    const auto it = m_sessions.find(device);
    if (it == m_sessions.end())
        return;
    leaveRateGroups(*it);
    m_sessions.erase(it);
}

QByteArray RpcServer::passwordMac(const QString& user, const QString& password) const
{
    return QMessageAuthenticationCode::hash(user.toUtf8() + '\0' + password.toUtf8(), m_macKey,
                                            QCryptographicHash::Sha256);
}

bool RpcServer::needsPasswordCheck(const Session& session, const QJsonObject& params) const
{
    const QString user = params.value(QStringLiteral("user")).toString();
    const QString password = params.value(QStringLiteral("password")).toString();
    // A hello with a token (alone, or with a password: refused) needs no PBKDF2.
    if (password.isEmpty() || !params.value(QStringLiteral("token")).toString().isEmpty() ||
        session.passwordVerdict || m_throttle.blockedFor(session.throttleKey, m_clock.elapsed()))
        return false;
    const auto account = std::find_if(m_users.begin(), m_users.end(), [&](const auto& u) {
        return QString::fromStdString(u.name) == user;
    });
    if (account == m_users.end() || account->passwordHash.empty())
        return false;
    const auto known = m_verified.constFind(user);
    return known == m_verified.cend() || known->first != account->passwordHash ||
           known->second != passwordMac(user, password);
}

void RpcServer::checkPasswordAsync(QIODevice* device, const protocol::Message& message)
{
    Session& session = m_sessions[device];
    session.busy = true;
    session.helloInFlight = message;
    const quint64 id = session.id;
    const QString user = message.params.value(QStringLiteral("user")).toString();
    const QString password = message.params.value(QStringLiteral("password")).toString();
    const auto account = std::find_if(m_users.begin(), m_users.end(), [&](const auto& u) {
        return QString::fromStdString(u.name) == user;
    });
    const QString hash = QString::fromStdString(account->passwordHash);
    const QByteArray mac = passwordMac(user, password);
    QPointer<RpcServer> self(this);
    m_passwordPool->start([self, device, id, user, password, hash, mac] {
        QString reason;
        const bool ok = protocol::verifyPassword(password, hash, &reason);
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, device, id, user, mac, ok] {
                if (!self)
                    return;
                const auto it = self->m_sessions.find(device);
                if (it == self->m_sessions.end() || it->id != id || !it->helloInFlight)
                    return; // the client left while its password was checked
                const protocol::Message hello = *std::exchange(it->helloInFlight, std::nullopt);
                it->busy = false;
                it->passwordVerdict = std::tuple(user, mac, ok);
                self->handle(*it, hello);
                const auto again = self->m_sessions.find(device);
                if (again == self->m_sessions.end())
                    return;
                again->passwordVerdict.reset();
                self->processFrames(device); // frames that came while it was checked
            },
            Qt::QueuedConnection);
    });
}

bool RpcServer::passwordMatches(Session& session, const QString& user, const QString& password,
                                const std::string& hash, QString* reason)
{
    const QByteArray mac = passwordMac(user, password);
    if (session.passwordVerdict && std::get<0>(*session.passwordVerdict) == user &&
        std::get<1>(*session.passwordVerdict) == mac) {
        const bool ok = std::get<2>(*session.passwordVerdict);
        if (ok)
            m_verified.insert(user, {hash, mac});
        else
            *reason = QStringLiteral("(wrong password)");
        return ok;
    }
    const auto known = m_verified.constFind(user);
    if (known != m_verified.cend() && known->first == hash && known->second == mac)
        return true;
    // Not checked yet (a hello that did not go through handle()): check here.
    const bool ok = protocol::verifyPassword(password, QString::fromStdString(hash), reason);
    if (ok)
        m_verified.insert(user, {hash, mac});
    return ok;
}

} // namespace tandem::mgmt
