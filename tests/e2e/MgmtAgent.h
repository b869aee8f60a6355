#pragma once

// One tandem-agent process for management-plane tests: a temporary config with a user of
// each role (password logins), an operator `ci` with an API token, plus, when asked, the
// test's own OS user (peer login on the local socket), and raw frame clients over TCP or the
// local socket.

#include "protocol/Frame.h"
#include "protocol/JsonRpc.h"

#include <QIODevice>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <memory>
#include <optional>

namespace tandem::test {

// The OS user this test runs as.
QString osUserName();

class MgmtAgent
{
public:
    static const QString kViewerPassword;
    static const QString kOperatorPassword;
    static const QString kAdminPassword;
    // The API token of user `ci` (role operator, no password): automation.
    static const QString kCiToken;

    struct Options
    {
        // `management user <os user> role <peerRole>` without a password; empty: none.
        QString peerRole;
        QMap<QString, QString> environment; // e.g. TANDEM_AGENT_HELLO_TIMEOUT_MS
        QString localSocketPath;            // --local-socket; empty: the default
        bool tls = false;                   // `management listen … tls`
        bool listen = true;                 // false: no `management listen` line at all
        QString channelKey; // service-location 1's backup channel authentication-key; empty: none
    };

    MgmtAgent();
    ~MgmtAgent();

    // Writes the config and starts the agent; false (with the agent's stderr in log()) when
    // it did not come up.
    bool start(const Options& options);
    bool start() { return start(Options()); }
    void stop();
    bool running() const;
    qint64 pid() const;

    const QString& address() const { return m_address; }
    quint16 port() const { return m_port; }
    const QString& configPath() const { return m_configPath; }
    QString localSocketPath() const;
    QString auditPath() const { return m_configPath + QStringLiteral(".d/audit.log"); }
    QString log();
    QTemporaryDir& dir() { return m_dir; }

private:
    QTemporaryDir m_dir;
    QString m_address;
    quint16 m_port = 0;
    QString m_configPath;
    QString m_localSocketPath;
    std::unique_ptr<QProcess> m_process;
    QString m_log;
};

// A client that speaks raw frames over TCP or the local socket, so the test controls every
// byte.
class FrameClient
{
public:
    // From `source` (a loopback address) when given: another client as far as the agent sees.
    static std::unique_ptr<FrameClient> tcp(const MgmtAgent& agent, const QString& source = {});
    // TLS without certificate checks (the pin is not under test where this is used).
    static std::unique_ptr<FrameClient> tls(const QString& address, quint16 port,
                                            const QString& source = {}, int timeoutMs = 5000);
    static std::unique_ptr<FrameClient> local(const QString& path);
    ~FrameClient();

    bool connected() const;
    void sendBytes(const QByteArray& bytes);
    void sendJson(const QByteArray& json) { sendBytes(protocol::encodeFrame(json)); }
    // Next message from the agent; nullopt on timeout or close.
    std::optional<protocol::Message> receive(int timeoutMs = 5000);
    // The reply to a new request, skipping the notifications that come before it.
    std::optional<protocol::Message> call(const QString& method, const QJsonObject& params = {},
                                          int timeoutMs = 5000);
    // hello with `user` and `password` (none when null).
    std::optional<protocol::Message> hello(const QString& user, const QString& password = {});
    // hello with `user` and an API token.
    std::optional<protocol::Message> helloWithToken(const QString& user, const QString& token);
    bool closedByPeer(int timeoutMs = 5000);
    QIODevice& device() { return *m_device; }

private:
    explicit FrameClient(std::unique_ptr<QIODevice> device);
    bool isOpen() const;

    std::unique_ptr<QIODevice> m_device;
    protocol::FrameDecoder m_decoder;
    qint64 m_nextId = 1;
};

QJsonObject helloParams(const QString& user, const QString& password);

} // namespace tandem::test
