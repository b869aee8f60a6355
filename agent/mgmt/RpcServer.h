#pragma once

// The agent-protocol server: one session per connection, `hello` first (version and
// credentials), then method calls; subscribed sessions get notifications pushed. The same
// frames on every transport: TCP (plain or TLS) and the local socket (which the SSH bridge
// relays to). Everything here is non-blocking: a slow or stuck client costs its own session
// telemetry samples, never the HA path a delay.

#include "LoginThrottle.h"
#include "config/DeviceConfig.h"
#include "protocol/Frame.h"
#include "protocol/JsonRpc.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QSslConfiguration>
#include <QTimer>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

class QIODevice;
class QThreadPool;
class QLocalServer;
class QLocalSocket;
class QTcpServer;
class QTcpSocket;

namespace tandem::mgmt {

class AuditLog;

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
    // What an audited call was about, for the audit log: never a secret.
    using AuditTarget =
        std::function<QJsonObject(const QJsonObject& params, const QJsonValue& result)>;

    struct Limits
    {
        int maxSessions = 256;                // connections, authenticated or not
        int helloTimeoutMs = 10'000;          // to complete hello after connecting
        int idleTimeoutMs = 15 * 60'000;      // authenticated, no request, no subscription
        qint64 telemetryLimitBytes = 1 << 20; // unsent output above which telemetry drops
        qint64 closeLimitBytes = 16 << 20;    // unsent output above which the session closes
        // The defaults, with TANDEM_AGENT_HELLO_TIMEOUT_MS / TANDEM_AGENT_IDLE_TIMEOUT_MS
        // from the environment when set (tests shorten them).
        static Limits fromEnvironment();
    };

    RpcServer(std::vector<config::ManagementUser> users, QJsonObject helloInfo,
              QObject* parent = nullptr);
    ~RpcServer() override;

    void setLimits(const Limits& limits);
    const Limits& limits() const { return m_limits; }
    // May be null (no audit). Not owned.
    void setAuditLog(AuditLog* log) { m_audit = log; }

    // An address or port that cannot be bound is an error naming it. With `tls` the listener
    // is a QSslServer: sessions start once the TLS handshake is done; plain TCP otherwise.
    bool listen(const QString& address, quint16 port, QString* error,
                const std::optional<QSslConfiguration>& tls = std::nullopt);
    // The local (unix) socket at `path`, mode 0666: who connects is told by the kernel
    // (SO_PEERCRED), and a hello without password or token logs in as the management user named
    // like that OS user. A stale socket file is replaced; one another process still serves is an
    // error naming the path. A client that half-closes gets every reply to what it sent whole.
    bool listenLocal(const QString& path, QString* error);
    QString localPath() const;
    quint16 port() const;
    // Moving the listener to another address or port, in two steps so that a commit can bind
    // the new one before anything changes: bindListener() returns it bound (or nullptr with
    // *error naming the address), adoptListener() closes the old one. Open sessions stay.
    static std::unique_ptr<QTcpServer>
    bindListener(const QString& address, quint16 port, QString* error,
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
    // Calls of `name` by authenticated sessions go to the audit log, with `target`'s summary.
    void auditMethod(const QString& name, AuditTarget target);
    // Pushes a notification to every session subscribed to `topic`. Telemetry topics (state,
    // counters) are dropped for a session whose unsent output is over the telemetry limit.
    void publish(const QString& topic, const QString& method, const QJsonObject& params);
    // What a new subscriber to `topic` receives at once in the subscribe result.
    void setSnapshotProvider(const QString& topic, std::function<QJsonObject()> provider);
    // A topic sampled periodically at a rate each subscriber chooses (`rateHz`, 0 < r ≤ 10,
    // default 1): each distinct rate has one timer, and each tick samples once for all the
    // sessions at that rate. The snapshot provider is `sample` too.
    void setRatedTopic(const QString& topic, const QString& method,
                       std::function<QJsonObject()> sample);

    int sessionCount() const { return int(m_sessions.size()); }

    static constexpr double kMaxRateHz = 10.0;

private:
    struct Session
    {
        QIODevice* device = nullptr;
        protocol::FrameDecoder decoder;
        std::optional<config::UserRole> role; // set once hello succeeded
        QString user;
        QSet<QString> topics;
        QHash<QString, int> rateIntervals; // rated topic → its interval in ms
        QString source;      // for logs and the audit: "tls 127.0.0.1:40312", "local uid 1000"
        QString throttleKey; // failed logins count per peer address or local uid
        std::optional<uint> peerUid; // local sessions: who the kernel says is calling
        QString peerName;            // that uid's OS user name (empty when it has none)
        qint64 connectedMs = 0;
        qint64 lastRequestMs = 0;
        quint64 dropped = 0; // telemetry notifications not sent since the last one that was
        bool closing = false;
        // The client ended its stream (a half-close): what it sent is answered, then the
        // session closes.
        bool inputFinished = false;
        // A hello whose password is being checked off the event loop: frames after it wait.
        std::optional<protocol::Message> helloInFlight;
        // That check's verdict, for the hello when it runs again: (user, password MAC, ok).
        std::optional<std::tuple<QString, QByteArray, bool>> passwordVerdict;
    };
    struct Method
    {
        config::UserRole minimumRole;
        Handler handler;
    };
    struct RatedTopic
    {
        QString method;
        std::function<QJsonObject()> sample;
    };
    // The sessions sampling one rated topic at one interval, and their shared timer.
    struct RateGroup
    {
        std::unique_ptr<QTimer> timer;
        QSet<QIODevice*> members;
    };
    using RateKey = std::pair<QString, int>;

    void onNewConnection();
    void onNewLocalConnection(int descriptor);
    void onInputFinished(QIODevice* device);
    void addSession(QIODevice* device, QString source, QString throttleKey,
                    std::optional<uint> peerUid);
    static std::unique_ptr<QTcpServer> makeListener(const std::optional<QSslConfiguration>& tls);
    static bool bindServer(QTcpServer* server, const QString& address, quint16 port,
                           QString* error);
    void onReadyRead(QIODevice* device);
    void handle(Session& session, const protocol::Message& message);
    std::variant<QJsonValue, protocol::RpcError> hello(Session& session, const QJsonObject& params);
    std::variant<QJsonValue, protocol::RpcError> subscribe(Session& session,
                                                           const QJsonObject& params, bool on);
    void joinRateGroup(Session& session, const QString& topic, int intervalMs);
    void leaveRateGroups(Session& session, const QString& topic = {});
    void onRateTick(const RateKey& key);
    void sweep();
    void audit(const Session& session, const QString& user, const QString& action,
               const QJsonObject& target, const protocol::RpcError* error);
    // Writes a frame. Telemetry is dropped (and counted) above the telemetry limit; above the
    // close limit the session is closed.
    void send(Session& session, const QByteArray& payload);
    void sendTelemetry(Session& session, const QByteArray& payload, const QString& method,
                       const QJsonObject& params);
    qint64 unsentBytes(const QIODevice* device) const;
    // Closes after the event loop turns (never while iterating the sessions): with `abort`
    // at once, dropping unsent output; otherwise once `lastFrame` and the rest are written.
    void closeSession(Session& session, const QString& why, bool abort,
                      const QByteArray& lastFrame = {});
    void removeSession(QIODevice* device);

    std::vector<config::ManagementUser> m_users;
    QJsonObject m_helloInfo;
    Limits m_limits;
    QTcpServer* m_server;
    QLocalServer* m_localServer = nullptr;
    QHash<QIODevice*, Session> m_sessions;
    QHash<QString, Method> m_methods;
    QHash<QString, AuditTarget> m_audited;
    QHash<QString, std::function<QJsonObject()>> m_snapshots;
    QHash<QString, RatedTopic> m_ratedTopics;
    std::map<RateKey, RateGroup> m_rateGroups;
    LoginThrottle m_throttle;
    // PBKDF2 costs tens of milliseconds: checks run on one worker thread, never on the event
    // loop the VRRP timers share. A password checked once is remembered as a keyed MAC (key
    // made at start, memory only) until its hash changes, so a reconnecting crowd costs one
    // PBKDF2 per user, not one per connection.
    bool needsPasswordCheck(const Session& session, const QJsonObject& params) const;
    void checkPasswordAsync(QIODevice* device, const protocol::Message& message);
    bool passwordMatches(Session& session, const QString& user, const QString& password,
                         const std::string& hash, QString* reason);
    QByteArray passwordMac(const QString& user, const QString& password) const;
    std::unique_ptr<QThreadPool> m_passwordPool;
    QByteArray m_macKey;
    QHash<QString, std::pair<std::string, QByteArray>> m_verified; // user → (hash, MAC)
    AuditLog* m_audit = nullptr;
    QElapsedTimer m_clock; // monotonic: timeouts and the login throttle
    QTimer m_sweepTimer;   // hello and idle timeouts
};

} // namespace tandem::mgmt
