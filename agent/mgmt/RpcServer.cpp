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
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThreadPool>
#include <cerrno>
#include <cmath>
#include <cstring>
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
      m_server(new QTcpServer(this))
{
    m_clock.start();
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &RpcServer::onNewConnection);
    connect(&m_sweepTimer, &QTimer::timeout, this, &RpcServer::sweep);
    setLimits(m_limits);
    m_passwordPool = std::make_unique<QThreadPool>();
    m_passwordPool->setMaxThreadCount(1);
    m_macKey.resize(32);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(m_macKey.data()),
                                          m_macKey.size() / 4);
}

RpcServer::~RpcServer()
{
    // A check still running posts back to this object: it must finish first.
    m_passwordPool->clear();
    m_passwordPool->waitForDone();
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
    qCInfo(lcMgmt).noquote() << (qobject_cast<QSslServer*>(server) ? "agent protocol (TLS) on"
                                                                   : "agent protocol on")
                             << QStringLiteral("%1:%2").arg(address).arg(server->serverPort());
    return true;
}

bool RpcServer::listen(const QString& address, quint16 port, QString* error,
                       const std::optional<QSslConfiguration>& tls)
{
    if (!tls)
        return bindServer(m_server, address, port, error);
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
    return server;
}

std::unique_ptr<QTcpServer> RpcServer::rewrapListener(const std::optional<QSslConfiguration>& tls,
                                                      QString* error) const
{
    // A duplicate of the listening socket: adoptListener() closes the old server's copy, and
    // connections waiting in the backlog are accepted by the new one.
    const int descriptor = ::dup(int(m_server->socketDescriptor()));
    std::unique_ptr<QTcpServer> server = makeListener(tls);
    if (descriptor < 0 || !server->setSocketDescriptor(descriptor)) {
        if (descriptor >= 0)
            ::close(descriptor);
        *error = QStringLiteral("cannot switch the agent-protocol listener on %1:%2 to %3: %4")
                     .arg(m_server->serverAddress().toString())
                     .arg(m_server->serverPort())
                     .arg(tls ? QStringLiteral("TLS") : QStringLiteral("plain TCP"),
                          descriptor < 0 ? QString::fromLocal8Bit(std::strerror(errno))
                                         : server->errorString());
        return nullptr;
    }
    qCInfo(lcMgmt).noquote() << (tls ? "agent protocol (TLS) on" : "agent protocol on")
                             << QStringLiteral("%1:%2")
                                    .arg(server->serverAddress().toString())
                                    .arg(server->serverPort());
    return server;
}

std::unique_ptr<QTcpServer> RpcServer::makeListener(const std::optional<QSslConfiguration>& tls)
{
    std::unique_ptr<QTcpServer> server;
    if (tls) {
        auto sslServer = std::make_unique<QSslServer>();
        sslServer->setSslConfiguration(*tls);
        // A client that is not speaking TLS (or gives up) costs one log line; the socket is
        // the server's to close and never becomes a session.
        QObject::connect(sslServer.get(), &QSslServer::errorOccurred, sslServer.get(),
                         [](QSslSocket* socket, QAbstractSocket::SocketError) {
                             qCInfo(lcMgmt).noquote()
                                 << "TLS handshake with" << socket->peerAddress().toString()
                                 << "failed:" << socket->errorString();
                         });
        server = std::move(sslServer);
    } else {
        server = std::make_unique<QTcpServer>();
    }
    return server;
}

void RpcServer::adoptListener(std::unique_ptr<QTcpServer> server)
{
    QTcpServer* adopted = server.release();
    adopted->setParent(this);
    // pendingConnectionAvailable, not newConnection: a QSslServer queues a connection only
    // once its handshake is done, and a plain QTcpServer emits both.
    connect(adopted, &QTcpServer::pendingConnectionAvailable, this, &RpcServer::onNewConnection);
    m_server->close();
    m_server->deleteLater();
    m_server = adopted;
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

void RpcServer::setUsers(std::vector<config::ManagementUser> users)
{
    m_users = std::move(users);
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
}

quint16 RpcServer::port() const
{
    return m_server->serverPort();
}

void RpcServer::addMethod(const QString& name, config::UserRole minimumRole, Handler handler)
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

void RpcServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        // Sessions belong to the server object, not the listener: a commit that moves the
        // listener must not end them.
        socket->setParent(this);
        const QString address = socket->peerAddress().toString();
        const QString source = QStringLiteral("%1 %2:%3")
                                   .arg(qobject_cast<QSslSocket*>(socket) ? QStringLiteral("tls")
                                                                          : QStringLiteral("tcp"),
                                        address)
                                   .arg(socket->peerPort());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            removeSession(socket);
            socket->deleteLater();
        });
        addSession(socket, source, address, std::nullopt);
    }
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
    addSession(socket, source, source.mid(6), uid);
}

void RpcServer::onInputFinished(QIODevice* device)
{
    const auto it = m_sessions.find(device);
    if (it == m_sessions.end() || it->closing)
        return;
    it->inputFinished = true;
    onReadyRead(device); // answers what is complete, then closes unless a hello is in flight
}

void RpcServer::addSession(QIODevice* device, QString source, QString throttleKey,
                           std::optional<uint> peerUid)
{
    const qsizetype open = std::count_if(m_sessions.cbegin(), m_sessions.cend(),
                                         [](const Session& s) { return !s.closing; });
    Session& session = m_sessions[device];
    session.device = device;
    session.source = std::move(source);
    session.throttleKey = std::move(throttleKey);
    session.peerUid = peerUid;
    if (peerUid)
        session.peerName = userNameOf(uid_t(*peerUid));
    session.connectedMs = m_clock.elapsed();
    session.lastRequestMs = session.connectedMs;
    qCDebug(lcMgmt).noquote() << "connection from" << session.source;
    if (open >= m_limits.maxSessions)
        closeSession(session,
                     QStringLiteral("too many clients (%1 sessions)").arg(m_limits.maxSessions),
                     false,
                     protocol::encodeError(QJsonValue(),
                                           makeError(ErrorCode::TooManyClients,
                                                     QStringLiteral("too many clients: this agent "
                                                                    "serves at most %1 sessions")
                                                         .arg(m_limits.maxSessions))));
}

void RpcServer::onReadyRead(QIODevice* device)
{
    auto it = m_sessions.find(device);
    if (it == m_sessions.end())
        return;
    if (it->closing) {
        device->readAll();
        return;
    }
    it->decoder.append(device->readAll());
    while (!it->helloInFlight) {
        auto frame = it->decoder.takeFrame();
        if (!frame)
            break;
        RpcError error;
        const std::optional<protocol::Message> message = protocol::parseMessage(*frame, &error);
        if (!message) {
            send(*it, protocol::encodeError(QJsonValue(), error));
            continue;
        }
        handle(*it, *message);
        it = m_sessions.find(device);
        if (it == m_sessions.end() || it->closing)
            return;
    }
    if (it->decoder.failed())
        closeSession(*it, it->decoder.error(), false,
                     protocol::encodeError(
                         QJsonValue(), makeError(ErrorCode::FrameTooLarge, it->decoder.error())));
    else if (it->inputFinished && !it->helloInFlight)
        closeSession(*it, QStringLiteral("the client ended its stream, all it sent answered"),
                     false);
}

void RpcServer::handle(Session& session, const protocol::Message& message)
{
    using Kind = protocol::Message::Kind;
    if (message.kind != Kind::Request)
        return; // notifications and stray responses from clients carry nothing for us

    session.lastRequestMs = m_clock.elapsed();
    QIODevice* const device = session.device;
    const QString user = session.user; // who called, even if the call changes the users
    std::variant<QJsonValue, RpcError> outcome;
    const QString& method = message.method;
    if (method == QLatin1String(protocol::method::kHello)) {
        if (needsPasswordCheck(session, message.params)) {
            checkPasswordAsync(device, message);
            return;
        }
        outcome = hello(session, message.params);
    } else if (!session.role) {
        outcome = makeError(ErrorCode::Unauthenticated,
                            QStringLiteral("'%1' before a successful hello").arg(method));
    } else if (method == QLatin1String(protocol::method::kSubscribe) ||
               method == QLatin1String(protocol::method::kUnsubscribe)) {
        outcome = subscribe(session, message.params,
                            method == QLatin1String(protocol::method::kSubscribe));
    } else if (const auto found = m_methods.constFind(method); found != m_methods.cend()) {
        if (*session.role < found->minimumRole)
            outcome = makeError(ErrorCode::Forbidden,
                                QStringLiteral("'%1' needs role %2; user '%3' is %4")
                                    .arg(method, roleName(found->minimumRole), session.user,
                                         roleName(*session.role)));
        else
            outcome = found->handler(message.params, Caller{session.user, *session.role});
    } else {
        outcome =
            makeError(ErrorCode::MethodNotFound, QStringLiteral("unknown method '%1'").arg(method));
    }

    // A handler may have changed the sessions (a commit removing this user): find it again.
    const auto it = m_sessions.find(device);
    if (it == m_sessions.end())
        return;
    if (const auto audited = m_audited.constFind(method);
        audited != m_audited.cend() && method != QLatin1String(protocol::method::kHello) &&
        !user.isEmpty()) {
        const auto* error = std::get_if<RpcError>(&outcome);
        audit(*it, user, method,
              (*audited)(message.params, error ? QJsonValue() : std::get<QJsonValue>(outcome)),
              error);
    }
    if (const auto* error = std::get_if<RpcError>(&outcome))
        send(*it, protocol::encodeError(message.id, *error));
    else
        send(*it, protocol::encodeResult(message.id, std::get<QJsonValue>(outcome)));
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

std::variant<QJsonValue, RpcError> RpcServer::subscribe(Session& session, const QJsonObject& params,
                                                        bool on)
{
    const QJsonValue topics = params.value(QStringLiteral("topics"));
    if (!topics.isArray() || topics.toArray().isEmpty())
        return makeError(ErrorCode::InvalidParams,
                         QStringLiteral("\"topics\" must be a non-empty array of topic names"));
    for (const QJsonValue& value : topics.toArray()) {
        const QString topic = value.toString();
        const auto snapshot = m_snapshots.constFind(topic);
        if (!value.isString() || snapshot == m_snapshots.cend())
            return makeError(ErrorCode::InvalidParams,
                             QStringLiteral("unknown topic '%1'")
                                 .arg(value.isString() ? topic
                                                       : QString::fromUtf8(
                                                             QJsonDocument(QJsonArray{value})
                                                                 .toJson(QJsonDocument::Compact))));
    }
    double rateHz = 1.0;
    if (const QJsonValue rate = params.value(QStringLiteral("rateHz")); on && !rate.isUndefined()) {
        rateHz = rate.toDouble(-1);
        if (!rate.isDouble() || !(rateHz > 0) || rateHz > kMaxRateHz)
            return makeError(ErrorCode::InvalidParams,
                             QStringLiteral("\"rateHz\" must be a number above 0 and at most %1")
                                 .arg(kMaxRateHz));
    }
    QJsonObject result;
    for (const QJsonValue& value : topics.toArray()) {
        const QString topic = value.toString();
        const bool rated = m_ratedTopics.contains(topic);
        if (on) {
            session.topics.insert(topic);
            if (rated)
                joinRateGroup(session, topic, std::max(1, int(std::lround(1000.0 / rateHz))));
            result.insert(topic, m_snapshots.value(topic)());
        } else {
            session.topics.remove(topic);
            if (rated)
                leaveRateGroups(session, topic);
        }
    }
    return result;
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
    if (group == m_rateGroups.end() || topic == m_ratedTopics.cend())
        return;
    // One sample per tick, shared by every session at this rate.
    const QJsonObject sample = topic->sample();
    const QByteArray payload = protocol::encodeNotification(topic->method, sample);
    for (QIODevice* device : std::as_const(group->second.members)) {
        const auto it = m_sessions.find(device);
        if (it != m_sessions.end() && !it->closing)
            sendTelemetry(*it, payload, topic->method, sample);
    }
}

void RpcServer::sweep()
{
    const qint64 now = m_clock.elapsed();
    for (Session& session : m_sessions) {
        if (session.closing)
            continue;
        if (!session.role && now - session.connectedMs >= m_limits.helloTimeoutMs) {
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
    qCInfo(lcMgmt).noquote() << "closing" << session.source << ":" << why;
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
    session.helloInFlight = message;
    const QString user = message.params.value(QStringLiteral("user")).toString();
    const QString password = message.params.value(QStringLiteral("password")).toString();
    const auto account = std::find_if(m_users.begin(), m_users.end(), [&](const auto& u) {
        return QString::fromStdString(u.name) == user;
    });
    const QString hash = QString::fromStdString(account->passwordHash);
    const QByteArray mac = passwordMac(user, password);
    QPointer<RpcServer> self(this);
    m_passwordPool->start([self, device, user, password, hash, mac] {
        QString reason;
        const bool ok = protocol::verifyPassword(password, hash, &reason);
        QMetaObject::invokeMethod(
            self.data(),
            [self, device, user, mac, ok] {
                if (!self)
                    return;
                const auto it = self->m_sessions.find(device);
                if (it == self->m_sessions.end() || !it->helloInFlight)
                    return; // the client left while its password was checked
                const protocol::Message hello = *std::exchange(it->helloInFlight, std::nullopt);
                it->passwordVerdict = std::tuple(user, mac, ok);
                self->handle(*it, hello);
                const auto again = self->m_sessions.find(device);
                if (again == self->m_sessions.end())
                    return;
                again->passwordVerdict.reset();
                // Frames that came while the password was checked.
                if (!again->closing)
                    self->onReadyRead(device);
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
