#pragma once

// The agent-protocol server: one session per connection, `hello` first (version and
// credentials), then method calls; subscribed sessions get `state.changed` pushed.

#include "config/DeviceConfig.h"
#include "protocol/Frame.h"
#include "protocol/JsonRpc.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QSslConfiguration>
#include <functional>
#include <memory>
#include <optional>

class QTcpServer;
class QTcpSocket;

namespace tandem::mgmt {

class RpcServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RpcServer)

public:
    // Who is calling: commits record the user.
    struct Caller
    {
        QString user;
        config::UserRole role = config::UserRole::Viewer;
    };
    // Returns the result, or an error for the caller.
    using Handler = std::function<std::variant<QJsonValue, protocol::RpcError>(
        const QJsonObject& params, const Caller& caller)>;

    RpcServer(std::vector<config::ManagementUser> users, QJsonObject helloInfo,
              QObject* parent = nullptr);
    ~RpcServer() override;

    // An address or port that cannot be bound is an error naming it. With `tls` the listener
    // is a QSslServer: sessions start once the TLS handshake is done; plain TCP otherwise.
    bool listen(const QString& address, quint16 port, QString* error,
                const std::optional<QSslConfiguration>& tls = std::nullopt);
    quint16 port() const;
    // Moving the listener to another address or port, in two steps so that a commit can bind
    // the new one before anything changes: bindListener() returns it bound (or nullptr with
    // *error naming the address), adoptListener() closes the old one. Open sessions stay.
    static std::unique_ptr<QTcpServer> bindListener(
        const QString& address, quint16 port, QString* error,
        const std::optional<QSslConfiguration>& tls = std::nullopt);
    // A listener of the other kind (plain or TLS) on the socket the current one has bound,
    // for a commit that only toggles `tls`: binding a second listener to the same address and
    // port would fail. nullptr with *error when the socket cannot be shared.
    std::unique_ptr<QTcpServer> rewrapListener(const std::optional<QSslConfiguration>& tls,
                                               QString* error) const;
    // The agent's identity as a server configuration: TLS 1.2 or later, no client certificates.
    static QSslConfiguration serverTlsConfiguration(const QSslKey& key,
                                                    const QSslCertificate& certificate);
    void adoptListener(std::unique_ptr<QTcpServer> server);
    // A committed config brings new users and device facts. Sessions of a removed user lose
    // their authentication; a changed role takes effect on the next call.
    void setUsers(std::vector<config::ManagementUser> users);
    void setHelloInfo(QJsonObject helloInfo) { m_helloInfo = std::move(helloInfo); }

    void addMethod(const QString& name, config::UserRole minimumRole, Handler handler);
    // Pushes a notification to every session subscribed to `topic`.
    void publish(const QString& topic, const QString& method, const QJsonObject& params);
    // What a new subscriber to `topic` receives at once in the subscribe result.
    void setSnapshotProvider(const QString& topic, std::function<QJsonObject()> provider);

    int sessionCount() const { return int(m_sessions.size()); }

private:
    struct Session
    {
        protocol::FrameDecoder decoder;
        std::optional<config::UserRole> role; // set once hello succeeded
        QString user;
        QSet<QString> topics;
    };
    struct Method
    {
        config::UserRole minimumRole;
        Handler handler;
    };

    void onNewConnection();
    static std::unique_ptr<QTcpServer> makeListener(const std::optional<QSslConfiguration>& tls);
    static bool bindServer(QTcpServer* server, const QString& address, quint16 port,
                           QString* error);
    void onReadyRead(QTcpSocket* socket);
    void handle(QTcpSocket* socket, Session& session, const protocol::Message& message);
    std::variant<QJsonValue, protocol::RpcError> hello(Session& session, const QJsonObject& params);
    std::variant<QJsonValue, protocol::RpcError> subscribe(Session& session,
                                                          const QJsonObject& params, bool on);
    void send(QTcpSocket* socket, const QByteArray& payload);

    std::vector<config::ManagementUser> m_users;
    QJsonObject m_helloInfo;
    QTcpServer* m_server;
    QHash<QTcpSocket*, Session> m_sessions;
    QHash<QString, Method> m_methods;
    QHash<QString, std::function<QJsonObject()>> m_snapshots;
};

} // namespace tandem::mgmt
