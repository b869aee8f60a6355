#pragma once

// The agent-protocol server: one session per connection, `hello` first (version and
// credentials), then method calls; subscribed sessions get notifications pushed. The same
// frames on every transport: TCP (plain or TLS) and the local socket (which the SSH bridge
// relays to).
//
// Threads: the server (sockets, TLS handshakes, framing, JSON, hello) runs on the thread it
// lives in — the agent moves it to a management thread of its own — and never touches the HA
// state. Method handlers, snapshot providers and rated samples run on the core context's
// thread (the HA thread), one short call each, posted there and answered back; heavy work
// (parsing a config text) goes from the handler to a worker and answers through the
// Responder. Nothing a client does can therefore delay a VRRP advert: a slow or stuck client
// costs its own session telemetry samples, a large frame its own session a worker.
//
// Admission: the listener accepts whatever clients do (no shared queue of pending
// handshakes); each connection has its own handshake and hello deadlines; one source may hold
// at most `maxUnauthenticatedPerSource` sessions that have not completed a hello; when the
// table is full, the oldest session that has not completed a hello makes room for a new one,
// so a client that logs in always finds a slot unless every slot is logged in.

#include "LoginThrottle.h"
#include "config/DeviceConfig.h"
#include "protocol/Frame.h"
#include "protocol/JsonRpc.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
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
    // How a session reached the agent.
    enum class Transport
    {
        Local, // the unix socket (and SSH through the bridge)
        Tcp,   // plain TCP
        Tls,
    };
    // Who is calling: commits record the user, and refuse to cut a caller's own listener.
    struct Caller
    {
        QString user;
        config::UserRole role = config::UserRole::Viewer;
        Transport transport = Transport::Local;
        QString source; // "tls 127.0.0.1:40312"
    };
    using Outcome = std::variant<QJsonValue, protocol::RpcError>;
    // Returns the result, or an error for the caller. Runs on the core context's thread.
    using Handler = std::function<Outcome(const QJsonObject& params, const Caller& caller)>;
    // Answers a call later, from any thread, exactly once. A session gone meanwhile drops it.
    using Responder = std::function<void(Outcome)>;
    // Runs on the core context's thread like Handler, and answers through `respond`, possibly
    // after handing the work to a worker thread.
    using AsyncHandler =
        std::function<void(const QJsonObject& params, const Caller& caller, Responder respond)>;
    // What an audited call was about, for the audit log: never a secret.
    using AuditTarget =
        std::function<QJsonObject(const QJsonObject& params, const QJsonValue& result)>;

    struct Limits
    {
        int maxSessions = 256;                // connections, authenticated or not
        int maxUnauthenticatedPerSource = 32; // sessions of one address without a hello yet
        int handshakeTimeoutMs = 5'000;       // to complete the TLS handshake after connecting
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
    // May be null (no audit). Not owned; used from the server's thread.
    void setAuditLog(AuditLog* log) { m_audit = log; }
    // Where handlers, snapshot providers and rated samples run (not owned; default: this
    // server). Set before the first connection.
    void setCoreContext(QObject* core) { m_core = core; }

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
    // From any thread (the server's own, or the core's during a commit).
    void adoptListener(std::unique_ptr<QTcpServer> server);
    // Stops listening on TCP (a commit without `management listen`); open sessions stay.
    void closeListener();
    bool tcpListening() const;
    // A committed config brings new users and device facts. Sessions of a removed user lose
    // their authentication; a changed role takes effect on the next call.
    // From any thread.
    void setUsers(std::vector<config::ManagementUser> users);
    void setHelloInfo(QJsonObject helloInfo);

    // Registered before the server serves (before it moves to its thread).
    void addMethod(const QString& name, config::UserRole minimumRole, Handler handler);
    void addAsyncMethod(const QString& name, config::UserRole minimumRole, AsyncHandler handler);
    // Calls of `name` by authenticated sessions go to the audit log, with `target`'s summary.
    void auditMethod(const QString& name, AuditTarget target);
    // Pushes a notification to every session subscribed to `topic`. Telemetry topics (state,
    // counters) are dropped for a session whose unsent output is over the telemetry limit.
    // From any thread: queued to the server's.
    void publish(const QString& topic, const QString& method, const QJsonObject& params);
    // What a new subscriber to `topic` receives at once in the subscribe result.
    void setSnapshotProvider(const QString& topic, std::function<QJsonObject()> provider);
    // A topic sampled periodically at a rate each subscriber chooses (`rateHz`, 0 < r ≤ 10,
    // default 1): each distinct rate has one timer, and each tick samples once for all the
    // sessions at that rate. The snapshot provider is `sample` too.
    void setRatedTopic(const QString& topic, const QString& method,
                       std::function<QJsonObject()> sample);

    int sessionCount() const;

    static constexpr double kMaxRateHz = 10.0;
    // Frames above this size are parsed by a worker, not on the server's loop.
    static constexpr qsizetype kParseOffLoopBytes = 256 * 1024;

private:
    struct Session
    {
        QIODevice* device = nullptr;
        protocol::FrameDecoder decoder;
        std::optional<config::UserRole> role; // set once hello succeeded
        QString user;
        QSet<QString> topics;
        QHash<QString, int> rateIntervals; // rated topic → its interval in ms
        quint64 id = 0;      // unique for the server's life: an answer finds its session
        Transport transport = Transport::Local;
        QString source;      // for logs and the audit: "tls 127.0.0.1:40312", "local uid 1000"
        QString throttleKey; // failed logins count per peer address or local uid
        std::optional<uint> peerUid; // local sessions: who the kernel says is calling
        QString peerName;            // that uid's OS user name (empty when it has none)
        qint64 connectedMs = 0;
        qint64 lastRequestMs = 0;
        quint64 dropped = 0; // telemetry notifications not sent since the last one that was
        bool closing = false;
        bool handshaking = false; // TLS: no frame can arrive before the handshake is done
        // A call being answered elsewhere (a password check, a core handler, a large frame's
        // parse): frames after it wait, so a session's answers come in the order it asked.
        bool busy = false;
        // The client ended its stream (a half-close): what it sent is answered, then the
        // session closes.
        bool inputFinished = false;
        std::optional<protocol::Message> helloInFlight;
        // That check's verdict, for the hello when it runs again: (user, password MAC, ok).
        std::optional<std::tuple<QString, QByteArray, bool>> passwordVerdict;
    };
    struct Method
    {
        config::UserRole minimumRole;
        AsyncHandler handler;
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
        bool sampling = false; // a sample is being taken on the core thread: skip ticks
    };
    using RateKey = std::pair<QString, int>;

    void onAccepted(QTcpSocket* socket, bool tls);
    void onAcceptError(QTcpServer* server);
    void onNewLocalConnection(int descriptor);
    void onInputFinished(QIODevice* device);
    // False when the session was refused (and is being closed).
    bool addSession(QIODevice* device, Transport transport, QString source, QString throttleKey,
                    std::optional<uint> peerUid);
    void connectListener(QTcpServer* server);
    QObject* core() { return m_core ? m_core.data() : this; }
    // Runs `work` on the core thread; its answer comes back to finish() here.
    void dispatch(Session& session, const protocol::Message& message, const Caller& caller,
                  AsyncHandler work, std::function<void(Session&)> onSuccess = {});
    void finish(QIODevice* device, quint64 sessionId, const protocol::Message& message,
                const QString& user, const Outcome& outcome,
                const std::function<void(Session&)>& onSuccess);
    void processFrames(QIODevice* device);
    void parseLargeFrame(Session& session, QByteArray frame);
    template <typename F> void onOwnThread(F&& f);
    // Reads on the server's thread (blocking a caller on another thread until it has).
    template <typename F> auto readOnOwnThread(F read) const;
    static std::unique_ptr<QTcpServer> makeListener(const std::optional<QSslConfiguration>& tls);
    static bool bindServer(QTcpServer* server, const QString& address, quint16 port,
                           QString* error);
    void onReadyRead(QIODevice* device);
    void handle(Session& session, const protocol::Message& message);
    void reply(Session& session, const protocol::Message& message, const QString& user,
               const Outcome& outcome);
    Outcome hello(Session& session, const QJsonObject& params);
    // Subscribing takes the snapshots on the core thread: the answer comes later.
    void subscribe(Session& session, const protocol::Message& message, bool on);
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
    QPointer<QObject> m_core;
    QTcpServer* m_server = nullptr; // null: no TCP listener (only the local socket)
    QLocalServer* m_localServer = nullptr;
    quint64 m_nextSessionId = 1;
    QTimer m_resumeTimer; // accepting again after an accept error (out of descriptors)
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
    std::unique_ptr<QThreadPool> m_parsePool; // frames too large to parse on the server's loop
    QByteArray m_macKey;
    QHash<QString, std::pair<std::string, QByteArray>> m_verified; // user → (hash, MAC)
    AuditLog* m_audit = nullptr;
    QElapsedTimer m_clock; // monotonic: timeouts and the login throttle
    QTimer m_sweepTimer;   // hello and idle timeouts
    void logConnection(const QString& line);
    static constexpr int kConnectionLogLinesPerSecond = 20;
    qint64 m_logWindowStartMs = 0;
    int m_logLines = 0;
    int m_logSuppressed = 0;
};

} // namespace tandem::mgmt
