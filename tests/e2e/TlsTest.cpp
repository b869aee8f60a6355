// The agent protocol over TLS against a real agent: the identity it makes on first start and
// keeps, certificate pinning in the client (right pin, changed certificate, unknown one), a
// plain-TCP client on the TLS port, and tandemctl's --tls --fingerprint.

#include "TestSupport.h"
#include "client/AgentClient.h"
#include "protocol/JsonRpc.h"
#include "protocol/TlsFingerprint.h"

#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace tandem::test {
namespace {

const QString kPassword = QStringLiteral("tls-test-secret");

// A free port on `address`, for the agent to take right after.
quint16 freePort(const QString& address)
{
    QTcpServer probe;
    EXPECT_TRUE(probe.listen(QHostAddress(address), 0));
    return probe.serverPort();
}

class Tls : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_address = randomLoopbackBase();
        m_port = freePort(m_address);
        const ProcessResult hash =
            runProcess(binary(QStringLiteral("tandem-agent")), {QStringLiteral("hash-password")},
                       30000, kPassword.toUtf8() + '\n');
        ASSERT_EQ(hash.exitCode, 0) << hash.err.toStdString();
        m_configPath = m_dir.filePath(QStringLiteral("agent.cfg"));
        QFile file(m_configPath);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("sysname T\n"
                                  "interface GigabitEthernet0/1/1\n"
                                  " ip address %1 255.0.0.0\n"
                                  " vrrp vrid 1 virtual-ip 127.0.0.254\n"
                                  "service-location 1\n"
                                  " location slot 1\n"
                                  " remote-backup interface GigabitEthernet0/1/1 peer 127.0.0.253\n"
                                  " vrrp vrid 1 interface GigabitEthernet0/1/1\n"
                                  "tandem-agent\n"
                                  " management listen %1 port %2 tls\n"
                                  " management user admin role admin password-hash %3\n"
                                  " vrrp-transport udp port 11298\n")
                       .arg(m_address)
                       .arg(m_port)
                       .arg(hash.out.trimmed())
                       .toUtf8());
    }

    void TearDown() override { stopAgent(); }

    QString fingerprintCommand()
    {
        const ProcessResult r = runProcess(
            binary(QStringLiteral("tandem-agent")),
            {QStringLiteral("--config"), m_configPath, QStringLiteral("--fingerprint")}, 30000);
        EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
        return r.out.trimmed();
    }

    // Starts the agent and waits for its listener (it logs the address once bound).
    void startAgent()
    {
        m_agent = std::make_unique<QProcess>();
        m_log.clear();
        m_agent->start(binary(QStringLiteral("tandem-agent")),
                       {QStringLiteral("--config"), m_configPath});
        ASSERT_TRUE(m_agent->waitForStarted(10000));
        const QString bound = QStringLiteral("%1:%2").arg(m_address).arg(m_port);
        ASSERT_TRUE(waitFor(
            [&] {
                m_log += QString::fromUtf8(m_agent->readAllStandardError());
                return m_log.contains(bound) || m_agent->state() == QProcess::NotRunning;
            },
            20000));
        ASSERT_EQ(m_agent->state(), QProcess::Running) << m_log.toStdString();
    }

    void stopAgent()
    {
        if (!m_agent)
            return;
        m_agent->terminate();
        if (!m_agent->waitForFinished(10000))
            m_agent->kill();
        m_agent->waitForFinished(5000);
        m_log += QString::fromUtf8(m_agent->readAllStandardError());
        m_agent.reset();
    }

    client::Endpoint endpoint(const QString& pin) const
    {
        client::Endpoint e;
        e.name = QStringLiteral("T");
        e.host = m_address;
        e.port = m_port;
        e.user = QStringLiteral("admin");
        e.password = kPassword;
        e.transport = client::Endpoint::Transport::Tls;
        e.pinnedFingerprint = pin;
        return e;
    }

    // Opens `client` and waits until it is connected or gave up; true when connected.
    static bool connectClient(client::AgentClient& client, const client::Endpoint& endpoint)
    {
        client.open(endpoint, false);
        waitFor(
            [&] {
                return client.state() == client::AgentClient::State::Connected ||
                       client.state() == client::AgentClient::State::Disconnected;
            },
            15000);
        return client.state() == client::AgentClient::State::Connected;
    }

    // The result of one call; nullopt (and the agent's message in *error) when it failed.
    static std::optional<QJsonObject> callOf(client::AgentClient& client, const QString& method,
                                             const QJsonObject& params = {},
                                             QString* error = nullptr)
    {
        std::optional<QJsonObject> answer;
        bool done = false;
        client.call(
            method, params,
            [&](const QJsonValue& result, const std::optional<protocol::RpcError>& rpcError) {
                if (!rpcError)
                    answer = result.toObject();
                else if (error)
                    *error = rpcError->message;
                done = true;
            });
        waitFor([&] { return done; }, 15000);
        return answer;
    }

    static std::optional<QJsonObject> statusOf(client::AgentClient& client)
    {
        return callOf(client, QLatin1String(protocol::method::kStatusGet));
    }

    QTemporaryDir m_dir;
    QString m_address;
    quint16 m_port = 0;
    QString m_configPath;
    std::unique_ptr<QProcess> m_agent;
    QString m_log;
};

TEST_F(Tls, FingerprintIsPrintedLoggedAndSurvivesRestartsWithAPrivateKey)
{
    const QString first = fingerprintCommand();
    EXPECT_TRUE(protocol::isCertificateFingerprint(first)) << first.toStdString();
    const QString keyPath = m_configPath + QStringLiteral(".d/tls/key.pem");
    ASSERT_TRUE(QFile::exists(keyPath));
    ASSERT_TRUE(QFile::exists(m_configPath + QStringLiteral(".d/tls/cert.pem")));
    EXPECT_EQ(QFile::permissions(keyPath) &
                  (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther),
              QFile::Permissions());
    EXPECT_EQ(fingerprintCommand(), first);

    startAgent();
    EXPECT_TRUE(m_log.contains(first)) << m_log.toStdString();
    stopAgent();
    startAgent();
    EXPECT_TRUE(m_log.contains(first)) << m_log.toStdString();
    stopAgent();
    EXPECT_EQ(fingerprintCommand(), first);
}

TEST_F(Tls, AClientWithTheRightPinGetsStatus)
{
    const QString fingerprint = fingerprintCommand();
    startAgent();
    client::AgentClient client;
    ASSERT_TRUE(connectClient(client, endpoint(fingerprint))) << client.lastError().toStdString();
    const std::optional<QJsonObject> status = statusOf(client);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->value(QStringLiteral("sysname")).toString(), QStringLiteral("T"));
}

TEST_F(Tls, AChangedCertificateIsRefusedNamingBothFingerprints)
{
    const QString fingerprint = fingerprintCommand();
    startAgent();
    const QString wrong = QStringLiteral("SHA256:") + QString(43, QLatin1Char('A'));
    client::AgentClient client;
    EXPECT_FALSE(connectClient(client, endpoint(wrong)));
    const QString error = client.lastError();
    EXPECT_TRUE(error.contains(QStringLiteral("certificate changed"))) << error.toStdString();
    EXPECT_TRUE(error.contains(QStringLiteral("expected ") + wrong)) << error.toStdString();
    EXPECT_TRUE(error.contains(QStringLiteral("got ") + fingerprint)) << error.toStdString();
}

TEST_F(Tls, AnUnpinnedCertificateNeedsTheDecision)
{
    const QString fingerprint = fingerprintCommand();
    startAgent();
    {
        // No decision: refused, naming the fingerprint to compare.
        client::AgentClient client;
        EXPECT_FALSE(connectClient(client, endpoint({})));
        EXPECT_TRUE(client.lastError().contains(fingerprint)) << client.lastError().toStdString();
    }
    {
        QString asked;
        client::AgentClient client;
        client.setCertificateDecision([&](const QString& f) {
            asked = f;
            return false;
        });
        EXPECT_FALSE(connectClient(client, endpoint({})));
        EXPECT_EQ(asked, fingerprint);
        EXPECT_TRUE(client.lastError().contains(fingerprint)) << client.lastError().toStdString();
    }
    {
        // Accepted on first use: connected, and pinned for the next connection.
        client::AgentClient client;
        client.setCertificateDecision([](const QString&) { return true; });
        ASSERT_TRUE(connectClient(client, endpoint({}))) << client.lastError().toStdString();
        EXPECT_EQ(client.endpoint().pinnedFingerprint, fingerprint);
        EXPECT_TRUE(statusOf(client).has_value());
    }
}

TEST_F(Tls, APlainTcpClientOnTheTlsPortFailsAndTheAgentKeepsServing)
{
    const QString fingerprint = fingerprintCommand();
    startAgent();
    client::Endpoint plain = endpoint({});
    plain.transport = client::Endpoint::Transport::Tcp;
    client::AgentClient plainClient;
    EXPECT_FALSE(connectClient(plainClient, plain));
    EXPECT_FALSE(plainClient.lastError().isEmpty());

    ASSERT_EQ(m_agent->state(), QProcess::Running);
    client::AgentClient client;
    ASSERT_TRUE(connectClient(client, endpoint(fingerprint))) << client.lastError().toStdString();
    EXPECT_TRUE(statusOf(client).has_value());
}

TEST_F(Tls, ACommitTogglesTlsOnTheSameAddressAndPortKeepingTheCertificate)
{
    const QString fingerprint = fingerprintCommand();
    startAgent();
    client::AgentClient tlsClient;
    ASSERT_TRUE(connectClient(tlsClient, endpoint(fingerprint)))
        << tlsClient.lastError().toStdString();
    const auto running = callOf(tlsClient, QStringLiteral("config.get"));
    ASSERT_TRUE(running.has_value());
    const QString withTls = running->value(QStringLiteral("text")).toString();
    QString plainText = withTls;
    plainText.replace(QStringLiteral(" tls\n"), QStringLiteral("\n"));
    ASSERT_NE(plainText, withTls);
    QString error;
    ASSERT_TRUE(callOf(tlsClient, QStringLiteral("config.commit"),
                       {{QStringLiteral("text"), plainText}}, &error))
        << error.toStdString();

    client::Endpoint plain = endpoint({});
    plain.transport = client::Endpoint::Transport::Tcp;
    client::AgentClient plainClient;
    ASSERT_TRUE(connectClient(plainClient, plain)) << plainClient.lastError().toStdString();
    ASSERT_TRUE(callOf(plainClient, QStringLiteral("config.commit"),
                       {{QStringLiteral("text"), withTls}}, &error))
        << error.toStdString();

    client::AgentClient again;
    ASSERT_TRUE(connectClient(again, endpoint(fingerprint))) << again.lastError().toStdString();
    EXPECT_TRUE(statusOf(again).has_value());
}

TEST_F(Tls, TandemctlStatusWithTlsAndFingerprint)
{
    const QString fingerprint = fingerprintCommand();
    startAgent();
    qputenv("TANDEM_PASSWORD", kPassword.toUtf8());
    const QStringList host{
        QStringLiteral("status"), QStringLiteral("--host"), m_address,
        QStringLiteral("--port"), QString::number(m_port),  QStringLiteral("--tls")};
    const ProcessResult ok =
        tandemctl(host + QStringList{QStringLiteral("--fingerprint"), fingerprint}, 30000);
    EXPECT_EQ(ok.exitCode, 0) << ok.err.toStdString();
    EXPECT_TRUE(ok.out.contains(QStringLiteral("T"))) << ok.out.toStdString();

    const ProcessResult unpinned = tandemctl(host, 30000);
    EXPECT_EQ(unpinned.exitCode, 1);
    EXPECT_TRUE(unpinned.err.contains(fingerprint)) << unpinned.err.toStdString();

    const ProcessResult malformed = tandemctl(
        host + QStringList{QStringLiteral("--fingerprint"), QStringLiteral("abc")}, 30000);
    EXPECT_EQ(malformed.exitCode, 2);
    qunsetenv("TANDEM_PASSWORD");
}

} // namespace
} // namespace tandem::test
