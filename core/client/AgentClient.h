#pragma once

// One connection to one agent: hello + authentication, JSON-RPC calls with replies matched by
// id, notifications, and reconnection with backoff. Transports (Transport.h): plain TCP
// (loopback, the lab), TLS with a pinned certificate, the `tandem` subsystem of the device's
// OpenSSH server, and the agent's unix socket on this host.

#include "protocol/Frame.h"
#include "protocol/JsonRpc.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <optional>

namespace tandem::client {

class Transport;

struct Endpoint
{
    // How the frames travel. Tcp: plain TCP (tests of the plain listener only). Tls: TLS with
    // a pinned certificate. Ssh: the `tandem` subsystem of the device's OpenSSH server
    // (libssh), which runs `tandem-agent bridge`. Local: the agent's unix socket on this host,
    // where the agent authenticates the peer's OS user.
    enum class Transport { Tcp, Tls, Ssh, Local };

    QString name; // device name as the user knows it
    QString host;
    quint16 port = 0;
    QString user;
    QString password; // TLS/TCP: the agent password; SSH: the SSH password (may be empty)
    // TLS/TCP: an API token of `user` (`tandem-agent make-token`); when set, the hello sends
    // it instead of the password.
    QString token;
    Transport transport = Transport::Tcp;
    // TLS: the agent's self-signed certificate is trusted only through its fingerprint
    // ("SHA256:…", protocol::certificateFingerprint); no CA is consulted. Empty pin: the
    // client's certificate decision is asked (first use).
    QString pinnedFingerprint;
    // SSH: private key file (empty: none), ssh-agent, known_hosts file in OpenSSH format
    // (empty: ~/.ssh/known_hosts); the host key is checked there, an unknown one goes to the
    // client's host-key decision, a changed one is refused.
    QString sshKeyFile;
    bool sshAgent = false;
    QString knownHostsFile;
    QString sshSubsystem = QStringLiteral("tandem");
    // SSH: an unknown host key is added to known_hosts without asking (OpenSSH's
    // StrictHostKeyChecking=accept-new; tandemctl --accept-new-host-key). A changed key is
    // refused all the same.
    bool sshAcceptNewHostKey = false;
    // Local: the unix socket path.
    QString localSocket;

    bool tls() const { return transport == Transport::Tls; }
    QString toString() const
    {
        if (transport == Transport::Local)
            return localSocket;
        const QString where = host.contains(QLatin1Char(':'))
                                  ? QStringLiteral("[%1]:%2").arg(host).arg(port)
                                  : QStringLiteral("%1:%2").arg(host).arg(port);
        return transport == Transport::Ssh && !user.isEmpty() ? user + QLatin1Char('@') + where
                                                              : where;
    }
};

class AgentClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentClient)

public:
    enum class State { Disconnected, Connecting, Authenticating, Connected };
    Q_ENUM(State)

    using Reply = std::function<void(const QJsonValue& result,
                                     const std::optional<protocol::RpcError>& error)>;
    // Asked, before any credentials are sent, whether to trust a TLS certificate no pin names
    // (the app shows the fingerprint, like an SSH host key). True pins it for this client's
    // reconnects (endpoint().pinnedFingerprint); false, or no decision set, refuses it.
    using CertificateDecision = std::function<bool(const QString& fingerprint)>;
    // Asked, on this client's thread, whether to trust an SSH host key that known_hosts does
    // not hold ("SHA256:…", as OpenSSH prints it). True appends it to known_hosts; false, or
    // no decision set, refuses it. A changed key is refused without asking.
    using HostKeyDecision = std::function<bool(const QString& fingerprint)>;

    explicit AgentClient(QObject* parent = nullptr);
    ~AgentClient() override;

    // Connects and keeps connecting (with backoff) until close() when autoReconnect is set.
    void open(const Endpoint& endpoint, bool autoReconnect = true);
    void close();
    void setCertificateDecision(CertificateDecision decision) { m_certificateDecision = std::move(decision); }
    void setHostKeyDecision(HostKeyDecision decision) { m_hostKeyDecision = std::move(decision); }

    State state() const { return m_state; }
    const Endpoint& endpoint() const { return m_endpoint; }
    QString lastError() const { return m_lastError; }
    QJsonObject helloResult() const { return m_helloResult; }

    // Sends a request; `reply` runs exactly once: with the result, with the agent's error, or
    // with a local error when the connection drops or the call times out (after `timeoutMs`:
    // a caller that allows a long call, a big config's validate, gets all of it).
    void call(const QString& method, const QJsonObject& params, Reply reply,
              int timeoutMs = kCallTimeoutMs);

    static constexpr int kCallTimeoutMs = 15000;

Q_SIGNALS:
    void stateChanged(tandem::client::AgentClient::State state);
    void notificationReceived(const QString& method, const QJsonObject& params);
    void errorOccurred(const QString& message);

private:
    struct Pending
    {
        Reply reply;
        QElapsedTimer age;
        int timeoutMs = kCallTimeoutMs;
    };

    void setState(State state);
    void startConnect();
    void dropTransport();
    void onConnected();
    void onReceived(const QByteArray& bytes);
    void onClosed(const QString& reason, bool retry);
    void sendHello();
    void handleMessage(const protocol::Message& message);
    void failAll(const QString& reason);
    void expireCalls();
    void scheduleReconnect();
    void send(qint64 id, const QString& method, const QJsonObject& params, Reply reply,
              int timeoutMs = kCallTimeoutMs);

    Endpoint m_endpoint;
    bool m_autoReconnect = false;
    QPointer<Transport> m_transport;
    protocol::FrameDecoder m_decoder;
    State m_state = State::Disconnected;
    QString m_lastError;
    QJsonObject m_helloResult;
    QHash<qint64, Pending> m_pending;
    qint64 m_nextId = 1;
    QTimer m_reconnectTimer;
    QTimer m_expiryTimer;
    int m_backoffMs = 0;
    CertificateDecision m_certificateDecision;
    HostKeyDecision m_hostKeyDecision;
};

} // namespace tandem::client
