#include "RpcServer.h"

#include "Logging.h"
#include "protocol/Password.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace tandem::mgmt {

using protocol::ErrorCode;
using protocol::makeError;
using protocol::RpcError;

RpcServer::RpcServer(std::vector<config::ManagementUser> users, QJsonObject helloInfo,
                     QObject* parent)
    : QObject(parent), m_users(std::move(users)), m_helloInfo(std::move(helloInfo)),
      m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &RpcServer::onNewConnection);
}

RpcServer::~RpcServer() = default;

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

void RpcServer::setSnapshotProvider(const QString& topic, std::function<QJsonObject()> provider)
{
    m_snapshots.insert(topic, std::move(provider));
}

void RpcServer::publish(const QString& topic, const QString& method, const QJsonObject& params)
{
    QByteArray payload;
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        if (!it->topics.contains(topic))
            continue;
        if (payload.isEmpty())
            payload = protocol::encodeNotification(method, params);
        send(it.key(), payload);
    }
}

void RpcServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        // Sessions belong to the server object, not the listener: a commit that moves the
        // listener must not end them.
        socket->setParent(this);
        m_sessions.insert(socket, Session());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_sessions.remove(socket);
            socket->deleteLater();
        });
        qCDebug(lcMgmt) << "connection from" << socket->peerAddress().toString();
    }
}

void RpcServer::onReadyRead(QTcpSocket* socket)
{
    auto it = m_sessions.find(socket);
    if (it == m_sessions.end())
        return;
    it->decoder.append(socket->readAll());
    while (auto frame = it->decoder.takeFrame()) {
        RpcError error;
        const std::optional<protocol::Message> message = protocol::parseMessage(*frame, &error);
        if (!message) {
            send(socket, protocol::encodeError(QJsonValue(), error));
            continue;
        }
        handle(socket, *it, *message);
        it = m_sessions.find(socket);
        if (it == m_sessions.end())
            return;
    }
    if (it->decoder.failed()) {
        qCWarning(lcMgmt).noquote() << "closing" << socket->peerAddress().toString() << ":"
                                    << it->decoder.error();
        send(socket, protocol::encodeError(QJsonValue(), makeError(ErrorCode::FrameTooLarge,
                                                                   it->decoder.error())));
        socket->disconnectFromHost();
    }
}

void RpcServer::handle(QTcpSocket* socket, Session& session, const protocol::Message& message)
{
    using Kind = protocol::Message::Kind;
    if (message.kind != Kind::Request)
        return; // notifications and stray responses from clients carry nothing for us

    std::variant<QJsonValue, RpcError> outcome;
    const QString& method = message.method;
    if (method == QLatin1String(protocol::method::kHello)) {
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
                                    .arg(method,
                                         QString::fromStdString(std::string(
                                             config::toString(found->minimumRole))),
                                         session.user,
                                         QString::fromStdString(
                                             std::string(config::toString(*session.role)))));
        else
            outcome = found->handler(message.params, Caller{session.user, *session.role});
    } else {
        outcome = makeError(ErrorCode::MethodNotFound, QStringLiteral("unknown method '%1'").arg(method));
    }

    if (const auto* error = std::get_if<RpcError>(&outcome))
        send(socket, protocol::encodeError(message.id, *error));
    else
        send(socket, protocol::encodeResult(message.id, std::get<QJsonValue>(outcome)));
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
    const QString user = params.value(QStringLiteral("user")).toString();
    const QString password = params.value(QStringLiteral("password")).toString();
    const auto account = std::find_if(m_users.begin(), m_users.end(), [&](const auto& u) {
        return QString::fromStdString(u.name) == user;
    });
    QString reason;
    // One message for an unknown user and a wrong password: the difference helps attackers.
    if (account == m_users.end() ||
        !protocol::verifyPassword(password, QString::fromStdString(account->passwordHash),
                                  &reason)) {
        qCWarning(lcMgmt).noquote() << "authentication failed for user" << user
                                    << (reason.isEmpty() ? QStringLiteral("(unknown user)")
                                                         : reason);
        return makeError(ErrorCode::Unauthenticated,
                         QStringLiteral("authentication failed for user '%1'").arg(user));
    }
    session.role = account->role;
    session.user = user;
    QJsonObject result = m_helloInfo;
    result.insert(QStringLiteral("version"), QLatin1String(protocol::kProtocolVersion));
    result.insert(QStringLiteral("role"),
                  QString::fromStdString(std::string(config::toString(account->role))));
    QJsonArray methods;
    for (auto it = m_methods.cbegin(); it != m_methods.cend(); ++it)
        methods.append(it.key());
    result.insert(QStringLiteral("methods"), methods);
    return result;
}

std::variant<QJsonValue, RpcError> RpcServer::subscribe(Session& session,
                                                       const QJsonObject& params, bool on)
{
    const QJsonValue topics = params.value(QStringLiteral("topics"));
    if (!topics.isArray() || topics.toArray().isEmpty())
        return makeError(ErrorCode::InvalidParams,
                         QStringLiteral("\"topics\" must be a non-empty array of topic names"));
    QJsonObject result;
    for (const QJsonValue& value : topics.toArray()) {
        const QString topic = value.toString();
        const auto snapshot = m_snapshots.constFind(topic);
        if (snapshot == m_snapshots.cend())
            return makeError(ErrorCode::InvalidParams,
                             QStringLiteral("unknown topic '%1'").arg(topic));
    }
    for (const QJsonValue& value : topics.toArray()) {
        const QString topic = value.toString();
        if (on) {
            session.topics.insert(topic);
            result.insert(topic, m_snapshots.value(topic)());
        } else {
            session.topics.remove(topic);
        }
    }
    return result;
}

void RpcServer::send(QTcpSocket* socket, const QByteArray& payload)
{
    socket->write(protocol::encodeFrame(payload));
}

} // namespace tandem::mgmt
