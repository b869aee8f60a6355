// The agent protocol over SSH against a real OpenSSH sshd started by the test (its own host
// key, a generated client key, the `tandem` subsystem): the transport itself against a `cat`
// subsystem (bytes both ways, host keys unknown / accepted / changed, refused credentials, a
// refused subsystem), then real agents behind `tandem-agent bridge`: hello as the SSH user,
// calls, subscriptions, a plain `ssh -s` client and `tandemctl --ssh`; the agent's unix
// socket; and, over SSH, the local socket and TLS alike, fresh state after an agent restart.

#include "MgmtAgent.h"
#include "SshServer.h"
#include "TestSupport.h"
#include "client/AgentClient.h"
#include "client/DeviceMonitor.h"
#include "client/SshTransport.h"
#include "protocol/Frame.h"
#include "protocol/JsonRpc.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <gtest/gtest.h>

namespace tandem::test {
namespace {

using client::AgentClient;
using client::Endpoint;

QString readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void writeFile(const QString& path, const QString& text)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly)) << path.toStdString();
    file.write(text.toUtf8());
}

// One SshTransport run, recorded.
struct TransportRun
{
    bool connected = false;
    bool closed = false;
    QString reason;
    bool retry = true;
    QByteArray received;
    QStringList asked; // fingerprints the host-key decision was asked about
};

class SshTransportFixture : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_knownHosts = m_dir.filePath(QStringLiteral("known_hosts"));
        SshServer::Options options;
        options.subsystemCommand = QStringLiteral("/bin/cat");
        QString error;
        ASSERT_TRUE(m_sshd.start(options, &error)) << error.toStdString();
    }

    Endpoint endpoint() const
    {
        Endpoint e;
        e.name = QStringLiteral("echo");
        e.transport = Endpoint::Transport::Ssh;
        e.host = m_sshd.host();
        e.port = m_sshd.port();
        e.user = SshServer::user();
        e.sshKeyFile = m_sshd.clientKeyPath();
        e.knownHostsFile = m_knownHosts;
        return e;
    }

    void trustHost() { writeFile(m_knownHosts, m_sshd.knownHostsLine() + QLatin1Char('\n')); }

    // Opens a transport, waits until it is connected (and has echoed `payload` back) or closed.
    static std::unique_ptr<client::SshTransport> run(const Endpoint& endpoint, TransportRun* record,
                                                     bool accept, const QByteArray& payload = {})
    {
        auto transport = std::make_unique<client::SshTransport>(
            endpoint, [record, accept](const QString& fingerprint) {
                record->asked << fingerprint;
                return accept;
            });
        QObject::connect(transport.get(), &client::Transport::connected,
                         [record, payload, t = transport.get()] {
                             record->connected = true;
                             t->write(payload);
                         });
        QObject::connect(transport.get(), &client::Transport::received,
                         [record](const QByteArray& bytes) { record->received += bytes; });
        QObject::connect(transport.get(), &client::Transport::closed,
                         [record](const QString& reason, bool retry) {
                             record->closed = true;
                             record->reason = reason;
                             record->retry = retry;
                         });
        transport->open();
        waitFor(
            [&] {
                return record->closed ||
                       (record->connected && record->received.size() >= payload.size());
            },
            30000);
        return transport;
    }

    QTemporaryDir m_dir;
    QString m_knownHosts;
    SshServer m_sshd;
};

TEST_F(SshTransportFixture, CarriesBytesBothWaysUnchanged)
{
    trustHost();
    QByteArray payload(1024 * 1024, Qt::Uninitialized);
    QRandomGenerator(42).fillRange(reinterpret_cast<quint32*>(payload.data()), payload.size() / 4);
    TransportRun r;
    const auto transport = run(endpoint(), &r, false, payload);
    ASSERT_TRUE(r.connected) << r.reason.toStdString() << m_sshd.log().toStdString();
    EXPECT_FALSE(r.closed) << r.reason.toStdString();
    EXPECT_EQ(r.received.size(), payload.size());
    EXPECT_TRUE(r.received == payload);
    EXPECT_TRUE(r.asked.isEmpty());
}

TEST_F(SshTransportFixture, ManySmallRoundTripsNeverWaitForTheKeepalive)
{
    // Request, answer, next request: bytes left in libssh's buffers would stall each one
    // until the next keepalive (15 s); a hundred of them must pass in well under that.
    trustHost();
    TransportRun r;
    const auto transport = run(endpoint(), &r, false, "0");
    ASSERT_TRUE(r.connected) << r.reason.toStdString();
    int answered = 0;
    QObject::connect(transport.get(), &client::Transport::received, [&] {
        if (r.received.size() == QByteArray::number(answered).size()) {
            r.received.clear();
            ++answered;
            if (answered < 100)
                transport->write(QByteArray::number(answered));
        }
    });
    r.received.clear();
    ++answered;
    transport->write(QByteArray::number(answered));
    EXPECT_TRUE(waitFor([&] { return answered >= 100; }, 10000)) << answered << " answered";
    EXPECT_FALSE(r.closed) << r.reason.toStdString();
}

TEST_F(SshTransportFixture, AnUnknownHostKeyIsAskedAboutAndOnceAcceptedKnown)
{
    TransportRun refused;
    run(endpoint(), &refused, false);
    EXPECT_FALSE(refused.connected);
    EXPECT_EQ(refused.asked, QStringList{m_sshd.hostKeyFingerprint()});
    EXPECT_FALSE(refused.retry);
    EXPECT_TRUE(refused.reason.contains(m_sshd.hostKeyFingerprint()))
        << refused.reason.toStdString();
    EXPECT_TRUE(refused.reason.contains(QStringLiteral("not accepted")))
        << refused.reason.toStdString();
    EXPECT_FALSE(readFile(m_knownHosts).contains(m_sshd.knownHostsLine()));

    TransportRun accepted;
    const auto first = run(endpoint(), &accepted, true, "ping");
    ASSERT_TRUE(accepted.connected) << accepted.reason.toStdString();
    EXPECT_EQ(accepted.asked, QStringList{m_sshd.hostKeyFingerprint()});
    EXPECT_EQ(accepted.received, QByteArray("ping"));
    EXPECT_TRUE(readFile(m_knownHosts).contains(m_sshd.knownHostsLine()))
        << readFile(m_knownHosts).toStdString() << " vs " << m_sshd.knownHostsLine().toStdString();

    TransportRun again;
    const auto second = run(endpoint(), &again, false, "pong");
    ASSERT_TRUE(again.connected) << again.reason.toStdString();
    EXPECT_TRUE(again.asked.isEmpty());
    EXPECT_EQ(again.received, QByteArray("pong"));
}

TEST_F(SshTransportFixture, AChangedHostKeyIsRefusedWithoutAsking)
{
    // Another server, with another host key, now answers on the port known_hosts names.
    trustHost();
    const QString knownFingerprint = m_sshd.hostKeyFingerprint();
    const quint16 port = m_sshd.port();
    m_sshd.stop();
    SshServer impostor;
    SshServer::Options options;
    options.subsystemCommand = QStringLiteral("/bin/cat");
    options.port = port;
    QString error;
    ASSERT_TRUE(impostor.start(options, &error)) << error.toStdString();
    ASSERT_NE(impostor.hostKeyFingerprint(), knownFingerprint);

    TransportRun r;
    run(endpoint(), &r, true);
    EXPECT_FALSE(r.connected);
    EXPECT_TRUE(r.asked.isEmpty());
    EXPECT_FALSE(r.retry);
    EXPECT_TRUE(r.reason.contains(QStringLiteral("host key changed"))) << r.reason.toStdString();
    EXPECT_TRUE(r.reason.contains(knownFingerprint)) << r.reason.toStdString();
    EXPECT_TRUE(r.reason.contains(impostor.hostKeyFingerprint())) << r.reason.toStdString();
    EXPECT_FALSE(readFile(m_knownHosts).contains(impostor.knownHostsLine()));
}

TEST_F(SshTransportFixture, AWrongKeyFailsNamingTheMethodsTried)
{
    trustHost();
    Endpoint e = endpoint();
    e.sshKeyFile = m_sshd.otherClientKeyPath();
    e.password = QStringLiteral("not-a-password");
    TransportRun r;
    run(e, &r, false);
    EXPECT_FALSE(r.connected);
    EXPECT_FALSE(r.retry);
    EXPECT_TRUE(
        r.reason.contains(QStringLiteral("authentication as %1 failed").arg(SshServer::user())))
        << r.reason.toStdString();
    EXPECT_TRUE(r.reason.contains(QStringLiteral("key file ") + m_sshd.otherClientKeyPath()))
        << r.reason.toStdString();
    EXPECT_TRUE(r.reason.contains(QStringLiteral("password"))) << r.reason.toStdString();
    EXPECT_TRUE(r.reason.contains(QStringLiteral("the server accepts publickey")))
        << r.reason.toStdString();
}

TEST_F(SshTransportFixture, ARefusedSubsystemIsNamed)
{
    trustHost();
    Endpoint e = endpoint();
    e.sshSubsystem = QStringLiteral("nonesuch");
    TransportRun r;
    run(e, &r, false);
    EXPECT_FALSE(r.connected);
    EXPECT_TRUE(r.reason.contains(QStringLiteral("refused the subsystem 'nonesuch'")))
        << r.reason.toStdString();
}

TEST_F(SshTransportFixture, NoServerIsAConnectionError)
{
    Endpoint e = endpoint();
    m_sshd.stop();
    TransportRun r;
    run(e, &r, false);
    EXPECT_FALSE(r.connected);
    EXPECT_TRUE(r.retry);
    EXPECT_TRUE(r.reason.contains(QStringLiteral("SSH connection failed")))
        << r.reason.toStdString();
}

// A real agent with the current OS user as an operator (known by its socket peer, no
// password), its unix socket and a TLS listener, and an sshd whose `tandem` subsystem is
// `tandem-agent bridge`.
class SshAgent : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_address = randomLoopbackBase();
        m_configPath = m_dir.filePath(QStringLiteral("agent.cfg"));
        m_socketPath = m_dir.filePath(QStringLiteral("agent.sock"));
        m_knownHosts = m_dir.filePath(QStringLiteral("known_hosts"));
        const ProcessResult hash =
            runProcess(binary(QStringLiteral("tandem-agent")), {QStringLiteral("hash-password")},
                       30000, QByteArray("admin-secret\n"));
        ASSERT_EQ(hash.exitCode, 0) << hash.err.toStdString();
        auto* random = QRandomGenerator::global();
        {
            QTcpServer probe;
            ASSERT_TRUE(probe.listen(QHostAddress(m_address), 0));
            m_tlsPort = probe.serverPort();
        }
        writeFile(m_configPath,
                  QStringLiteral("sysname S\n"
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
                                 " management user %4 role operator\n"
                                 " vrrp-transport udp port %5\n")
                      .arg(m_address)
                      .arg(m_tlsPort)
                      .arg(hash.out.trimmed(), SshServer::user())
                      .arg(random->bounded(30000, 40000)));
        const ProcessResult fingerprint = runProcess(
            binary(QStringLiteral("tandem-agent")),
            {QStringLiteral("--config"), m_configPath, QStringLiteral("--fingerprint")}, 30000);
        ASSERT_EQ(fingerprint.exitCode, 0) << fingerprint.err.toStdString();
        m_fingerprint = fingerprint.out.trimmed();
        startAgent();
        SshServer::Options options;
        options.subsystemCommand = QStringLiteral("%1 bridge --socket %2")
                                       .arg(binary(QStringLiteral("tandem-agent")), m_socketPath);
        QString error;
        ASSERT_TRUE(m_sshd.start(options, &error)) << error.toStdString();
        writeFile(m_knownHosts, m_sshd.knownHostsLine() + QLatin1Char('\n'));
    }

    void TearDown() override { stopAgent(); }

    void startAgent()
    {
        m_agent = std::make_unique<QProcess>();
        m_agent->setProcessChannelMode(QProcess::MergedChannels);
        m_agent->start(binary(QStringLiteral("tandem-agent")),
                       {QStringLiteral("--config"), m_configPath, QStringLiteral("--local-socket"),
                        m_socketPath});
        ASSERT_TRUE(m_agent->waitForStarted(10000));
        ASSERT_TRUE(waitFor(
            [&] {
                m_log += QString::fromUtf8(m_agent->readAll());
                return (m_log.contains(m_socketPath) &&
                        m_log.contains(QStringLiteral("%1:%2").arg(m_address).arg(m_tlsPort))) ||
                       m_agent->state() == QProcess::NotRunning;
            },
            20000))
            << m_log.toStdString();
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
        m_log += QString::fromUtf8(m_agent->readAll());
        m_agent.reset();
    }

    Endpoint sshEndpoint() const
    {
        Endpoint e;
        e.name = QStringLiteral("S");
        e.transport = Endpoint::Transport::Ssh;
        e.host = m_sshd.host();
        e.port = m_sshd.port();
        e.user = SshServer::user();
        e.sshKeyFile = m_sshd.clientKeyPath();
        e.knownHostsFile = m_knownHosts;
        return e;
    }

    Endpoint tlsEndpoint() const
    {
        Endpoint e;
        e.name = QStringLiteral("S");
        e.transport = Endpoint::Transport::Tls;
        e.host = m_address;
        e.port = m_tlsPort;
        e.user = QStringLiteral("admin");
        e.password = QStringLiteral("admin-secret");
        e.pinnedFingerprint = m_fingerprint;
        return e;
    }

    // A monitor on `endpoint` gets the agent's state, loses it while the agent is down (never
    // a stale one), and gets the restarted agent's state by itself.
    void expectFreshStateAfterRestart(const Endpoint& endpoint)
    {
        client::DeviceMonitor monitor;
        monitor.start(endpoint);
        ASSERT_TRUE(waitFor([&] { return monitor.status().has_value(); }, 30000))
            << monitor.lastError().toStdString();
        const qint64 bootTime = monitor.status()->bootMsecsSinceEpoch;

        stopAgent();
        ASSERT_TRUE(waitFor([&] { return !monitor.status().has_value(); }, 30000));
        EXPECT_NE(monitor.connectionState(), AgentClient::State::Connected);
        startAgent();
        ASSERT_TRUE(waitFor([&] { return monitor.status().has_value(); }, 60000))
            << monitor.lastError().toStdString();
        EXPECT_NE(monitor.status()->bootMsecsSinceEpoch, bootTime);
        EXPECT_EQ(monitor.connectionState(), AgentClient::State::Connected);
    }

    Endpoint localEndpoint() const
    {
        Endpoint e;
        e.name = QStringLiteral("S");
        e.transport = Endpoint::Transport::Local;
        e.localSocket = m_socketPath;
        return e;
    }

    static bool connectClient(AgentClient& client, const Endpoint& endpoint)
    {
        client.open(endpoint, false);
        waitFor(
            [&] {
                return client.state() == AgentClient::State::Connected ||
                       client.state() == AgentClient::State::Disconnected;
            },
            30000);
        return client.state() == AgentClient::State::Connected;
    }

    static std::optional<QJsonObject> callOf(AgentClient& client, const QString& method,
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
        waitFor([&] { return done; }, 20000);
        return answer;
    }

    // The SSH command line of a plain OpenSSH client for this server, trusting its host key.
    QStringList sshArguments() const
    {
        return {
            QStringLiteral("-F"),    QStringLiteral("/dev/null"),
            QStringLiteral("-p"),    QString::number(m_sshd.port()),
            QStringLiteral("-i"),    m_sshd.clientKeyPath(),
            QStringLiteral("-o"),    QStringLiteral("IdentitiesOnly=yes"),
            QStringLiteral("-o"),    QStringLiteral("BatchMode=yes"),
            QStringLiteral("-o"),    QStringLiteral("StrictHostKeyChecking=yes"),
            QStringLiteral("-o"),    QStringLiteral("UserKnownHostsFile=") + m_knownHosts,
            QStringLiteral("-s"),    QStringLiteral("%1@%2").arg(SshServer::user(), m_sshd.host()),
            QStringLiteral("tandem")};
    }

    QTemporaryDir m_dir;
    QString m_address;
    quint16 m_tlsPort = 0;
    QString m_fingerprint;
    QString m_configPath;
    QString m_socketPath;
    QString m_knownHosts;
    std::unique_ptr<QProcess> m_agent;
    QString m_log;
    SshServer m_sshd;
};

TEST_F(SshAgent, HelloOverSshIsTheSshUserWithTheirRole)
{
    AgentClient client;
    ASSERT_TRUE(connectClient(client, sshEndpoint())) << client.lastError().toStdString() << "\n"
                                                      << m_sshd.log().toStdString();
    EXPECT_EQ(client.helloResult().value(QStringLiteral("role")).toString(),
              QStringLiteral("operator"));
    EXPECT_EQ(client.helloResult().value(QStringLiteral("device")).toString(), QStringLiteral("S"));
    const auto status = callOf(client, QLatin1String(protocol::method::kStatusGet));
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->value(QStringLiteral("sysname")).toString(), QStringLiteral("S"));
    // The role holds: an operator may not commit.
    QString error;
    EXPECT_FALSE(callOf(client, QStringLiteral("config.commit"),
                        {{QStringLiteral("text"), QStringLiteral("sysname X\n")}}, &error));
    EXPECT_FALSE(error.isEmpty());
}

TEST_F(SshAgent, AnUnknownHostKeyIsAskedOnTheClientsThreadAndThenKnown)
{
    QFile::remove(m_knownHosts);
    QStringList asked;
    {
        AgentClient client;
        client.setHostKeyDecision([&](const QString& fingerprint) {
            EXPECT_EQ(QThread::currentThread(), client.thread());
            asked << fingerprint;
            return true;
        });
        ASSERT_TRUE(connectClient(client, sshEndpoint())) << client.lastError().toStdString();
        EXPECT_TRUE(callOf(client, QLatin1String(protocol::method::kStatusGet)).has_value());
    }
    EXPECT_EQ(asked, QStringList{m_sshd.hostKeyFingerprint()});
    EXPECT_TRUE(readFile(m_knownHosts).contains(m_sshd.knownHostsLine()));

    AgentClient again;
    again.setHostKeyDecision([&](const QString& fingerprint) {
        asked << fingerprint;
        return true;
    });
    ASSERT_TRUE(connectClient(again, sshEndpoint())) << again.lastError().toStdString();
    EXPECT_EQ(asked.size(), 1);
}

TEST_F(SshAgent, AChangedHostKeyIsRefusedWithoutAskingAndNotRetried)
{
    // known_hosts names another key for this server (here: a client key's, an ed25519 key).
    QFile otherKey(m_sshd.otherClientKeyPath() + QStringLiteral(".pub"));
    ASSERT_TRUE(otherKey.open(QIODevice::ReadOnly));
    writeFile(m_knownHosts,
              QStringLiteral("[%1]:%2 %3\n")
                  .arg(m_sshd.host())
                  .arg(m_sshd.port())
                  .arg(QString::fromUtf8(otherKey.readAll()).section(QLatin1Char(' '), 0, 1)));
    bool asked = false;
    QStringList errors;
    AgentClient client;
    client.setHostKeyDecision([&](const QString&) { return asked = true; });
    QObject::connect(&client, &AgentClient::errorOccurred, [&](const QString& e) { errors << e; });
    client.open(sshEndpoint(), true);
    ASSERT_TRUE(waitFor([&] { return !errors.isEmpty(); }, 30000));
    EXPECT_FALSE(asked);
    EXPECT_TRUE(client.lastError().contains(QStringLiteral("host key changed")))
        << client.lastError().toStdString();
    EXPECT_TRUE(client.lastError().contains(m_sshd.hostKeyFingerprint()))
        << client.lastError().toStdString();
    // No reconnection: it would be refused the same way.
    waitFor([] { return false; }, 1500);
    EXPECT_EQ(client.state(), AgentClient::State::Disconnected);
    EXPECT_EQ(errors.size(), 1);
}

TEST_F(SshAgent, AWrongKeyIsAnAuthenticationErrorNamingWhatWasTried)
{
    Endpoint e = sshEndpoint();
    e.sshKeyFile = m_sshd.otherClientKeyPath();
    AgentClient client;
    EXPECT_FALSE(connectClient(client, e));
    const QString error = client.lastError();
    EXPECT_TRUE(
        error.contains(QStringLiteral("SSH authentication as %1 failed").arg(SshServer::user())))
        << error.toStdString();
    EXPECT_TRUE(error.contains(m_sshd.otherClientKeyPath())) << error.toStdString();
    EXPECT_TRUE(error.contains(QStringLiteral("the server accepts publickey")))
        << error.toStdString();
}

TEST_F(SshAgent, ASubscriptionDeliversNotificationsOverSsh)
{
    AgentClient client;
    ASSERT_TRUE(connectClient(client, sshEndpoint())) << client.lastError().toStdString();
    QList<QJsonObject> pushed;
    QObject::connect(&client, &AgentClient::notificationReceived,
                     [&](const QString& method, const QJsonObject& params) {
                         if (method == QLatin1String(protocol::method::kStateChanged))
                             pushed << params;
                     });
    const auto subscribed =
        callOf(client, QLatin1String(protocol::method::kSubscribe),
               {{QStringLiteral("topics"), QJsonArray{QStringLiteral("state")}}});
    ASSERT_TRUE(subscribed.has_value());
    EXPECT_EQ(
        subscribed->value(QStringLiteral("state")).toObject().value(QStringLiteral("sysname")),
        QStringLiteral("S"));
    // Alone, the agent becomes master of its location; the operator makes it resign.
    auto masterNow = [&] {
        const auto status = callOf(client, QLatin1String(protocol::method::kStatusGet));
        const auto locations =
            status ? status->value(QStringLiteral("serviceLocations")).toArray() : QJsonArray();
        return !locations.isEmpty() &&
               locations[0].toObject().value(QStringLiteral("state")) == QStringLiteral("master");
    };
    ASSERT_TRUE(waitFor(masterNow, 20000));
    pushed.clear();
    QString error;
    ASSERT_TRUE(callOf(client, QStringLiteral("ha.switchover"),
                       {{QStringLiteral("serviceLocation"), 1}}, &error))
        << error.toStdString();
    EXPECT_TRUE(waitFor([&] { return !pushed.isEmpty(); }, 20000));
}

TEST_F(SshAgent, AfterAnAgentRestartTheMonitorOverSshReconnectsWithFreshState)
{
    expectFreshStateAfterRestart(sshEndpoint());
}

TEST_F(SshAgent, APlainOpenSshClientSpeaksToTheSubsystem)
{
    QProcess ssh;
    ssh.start(QStringLiteral("ssh"), sshArguments());
    ASSERT_TRUE(ssh.waitForStarted(10000));
    ssh.write(protocol::encodeFrame(protocol::encodeRequest(
        1, QLatin1String(protocol::method::kHello),
        {{QStringLiteral("version"), QLatin1String(protocol::kProtocolVersion)},
         {QStringLiteral("client"), QStringLiteral("ssh")},
         {QStringLiteral("user"), SshServer::user()}})));
    ssh.write(protocol::encodeFrame(
        protocol::encodeRequest(2, QLatin1String(protocol::method::kStatusGet), {})));
    protocol::FrameDecoder decoder;
    QList<protocol::Message> replies;
    waitFor(
        [&] {
            ssh.waitForReadyRead(20);
            decoder.append(ssh.readAllStandardOutput());
            while (auto frame = decoder.takeFrame()) {
                protocol::RpcError error;
                if (auto message = protocol::parseMessage(*frame, &error))
                    replies << *message;
            }
            return replies.size() >= 2 || ssh.state() == QProcess::NotRunning;
        },
        30000);
    ssh.closeWriteChannel();
    ASSERT_EQ(replies.size(), 2) << ssh.readAllStandardError().toStdString();
    EXPECT_EQ(replies[0].kind, protocol::Message::Kind::Result);
    EXPECT_EQ(replies[0].result.toObject().value(QStringLiteral("role")),
              QStringLiteral("operator"));
    EXPECT_EQ(replies[1].kind, protocol::Message::Kind::Result);
    EXPECT_EQ(replies[1].result.toObject().value(QStringLiteral("sysname")), QStringLiteral("S"));
    EXPECT_TRUE(ssh.waitForFinished(10000));
}

TEST_F(SshAgent, AOneShotCallOverSshGetsItsReplyFiftyTimesInARow)
{
    // The documented one-shot: hello and a request, then the end of stdin. Peer logins and
    // password logins alternate; every reply arrives, and nothing counts as a failed login.
    for (int round = 0; round < 50; ++round) {
        const bool peer = round % 2 == 0;
        QJsonObject hello{{QStringLiteral("version"), QLatin1String(protocol::kProtocolVersion)},
                          {QStringLiteral("client"), QStringLiteral("one-shot")}};
        hello.insert(QStringLiteral("user"), peer ? SshServer::user() : QStringLiteral("admin"));
        if (!peer)
            hello.insert(QStringLiteral("password"), QStringLiteral("admin-secret"));
        QProcess ssh;
        ssh.start(QStringLiteral("ssh"), sshArguments());
        ASSERT_TRUE(ssh.waitForStarted(10000));
        ssh.write(protocol::encodeFrame(
                      protocol::encodeRequest(1, QLatin1String(protocol::method::kHello), hello)) +
                  protocol::encodeFrame(
                      protocol::encodeRequest(2, QLatin1String(protocol::method::kStatusGet), {})));
        ssh.closeWriteChannel();
        ASSERT_TRUE(ssh.waitForFinished(30000)) << "round " << round;
        protocol::FrameDecoder decoder;
        decoder.append(ssh.readAllStandardOutput());
        QList<protocol::Message> replies;
        while (auto frame = decoder.takeFrame()) {
            protocol::RpcError error;
            if (auto message = protocol::parseMessage(*frame, &error))
                replies << *message;
        }
        ASSERT_EQ(replies.size(), 2)
            << "round " << round << ": " << ssh.readAllStandardError().toStdString();
        EXPECT_EQ(replies[0].kind, protocol::Message::Kind::Result)
            << "round " << round << ": " << replies[0].error.message.toStdString();
        EXPECT_EQ(replies[0].result.toObject().value(QStringLiteral("role")),
                  peer ? QStringLiteral("operator") : QStringLiteral("admin"));
        EXPECT_EQ(replies[1].result.toObject().value(QStringLiteral("sysname")),
                  QStringLiteral("S"));
        EXPECT_EQ(ssh.exitCode(), 0) << "round " << round;
    }
    const QString audit = readFile(m_configPath + QStringLiteral(".d/audit.log"));
    EXPECT_EQ(audit.count(QStringLiteral("\"action\":\"login\",\"outcome\":\"ok\"")), 50);
    EXPECT_FALSE(audit.contains(QStringLiteral("\"outcome\":\"error\""))) << audit.toStdString();

    // A normal login afterwards, over SSH and with a password from the same uid, is let in.
    AgentClient client;
    ASSERT_TRUE(connectClient(client, sshEndpoint())) << client.lastError().toStdString();
    auto admin = FrameClient::local(m_socketPath);
    const auto login = admin->hello(QStringLiteral("admin"), QStringLiteral("admin-secret"));
    ASSERT_TRUE(login.has_value());
    EXPECT_EQ(login->kind, protocol::Message::Kind::Result) << login->error.message.toStdString();
}

TEST_F(SshAgent, TandemctlStatusOverSsh)
{
    const QStringList ssh{
        QStringLiteral("status"), QStringLiteral("--ssh"),
        QStringLiteral("%1@%2:%3").arg(SshServer::user(), m_sshd.host()).arg(m_sshd.port()),
        QStringLiteral("--identity"), m_sshd.clientKeyPath()};
    const ProcessResult ok =
        tandemctl(ssh + QStringList{QStringLiteral("--known-hosts"), m_knownHosts}, 60000);
    EXPECT_EQ(ok.exitCode, 0) << ok.err.toStdString();
    EXPECT_TRUE(ok.out.contains(QStringLiteral("S"))) << ok.out.toStdString();

    const QString fresh = m_dir.filePath(QStringLiteral("fresh_known_hosts"));
    const ProcessResult unknown =
        tandemctl(ssh + QStringList{QStringLiteral("--known-hosts"), fresh}, 60000);
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_TRUE(unknown.err.contains(m_sshd.hostKeyFingerprint())) << unknown.err.toStdString();
    EXPECT_TRUE(unknown.err.contains(QStringLiteral("--accept-new-host-key")))
        << unknown.err.toStdString();
    EXPECT_FALSE(QFile::exists(fresh) && readFile(fresh).contains(m_sshd.knownHostsLine()));

    const ProcessResult accepted = tandemctl(
        ssh + QStringList{QStringLiteral("--known-hosts"), fresh,
                          QStringLiteral("--accept-new-host-key"), QStringLiteral("--json")},
        60000);
    EXPECT_EQ(accepted.exitCode, 0) << accepted.err.toStdString();
    EXPECT_EQ(
        QJsonDocument::fromJson(accepted.out.toUtf8()).object().value(QStringLiteral("sysname")),
        QStringLiteral("S"));
    EXPECT_TRUE(readFile(fresh).contains(m_sshd.knownHostsLine()));

    const ProcessResult online = tandemctl(
        {QStringLiteral("ha"), QStringLiteral("status"), QStringLiteral("--ssh"),
         QStringLiteral("%1@%2:%3").arg(SshServer::user(), m_sshd.host()).arg(m_sshd.port()),
         QStringLiteral("--identity"), m_sshd.clientKeyPath(), QStringLiteral("--known-hosts"),
         m_knownHosts},
        60000);
    EXPECT_EQ(online.exitCode, 0) << online.err.toStdString();

    const ProcessResult mixed = tandemctl(ssh + QStringList{QStringLiteral("--tls")}, 60000);
    EXPECT_EQ(mixed.exitCode, 2);
    EXPECT_TRUE(mixed.err.contains(QStringLiteral("--tls does not go with --ssh")))
        << mixed.err.toStdString();
}

TEST_F(SshAgent, TheLocalSocketKnowsTheOsUser)
{
    AgentClient client;
    ASSERT_TRUE(connectClient(client, localEndpoint())) << client.lastError().toStdString();
    EXPECT_EQ(client.helloResult().value(QStringLiteral("role")).toString(),
              QStringLiteral("operator"));
    const auto status = callOf(client, QLatin1String(protocol::method::kStatusGet));
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->value(QStringLiteral("sysname")).toString(), QStringLiteral("S"));

    const ProcessResult ctl =
        tandemctl({QStringLiteral("status"), QStringLiteral("--socket"), m_socketPath}, 30000);
    EXPECT_EQ(ctl.exitCode, 0) << ctl.err.toStdString();
    EXPECT_TRUE(ctl.out.contains(QStringLiteral("S"))) << ctl.out.toStdString();
}

TEST_F(SshAgent, TandemctlOverTlsAndTheLocalSocket)
{
    qputenv("TANDEM_PASSWORD", "admin-secret");
    const ProcessResult r = tandemctl(
        {QStringLiteral("status"), QStringLiteral("--host"), m_address, QStringLiteral("--port"),
         QString::number(m_tlsPort), QStringLiteral("--fingerprint"), m_fingerprint},
        30000);
    qunsetenv("TANDEM_PASSWORD");
    EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("S"))) << r.out.toStdString();

    const ProcessResult missing = tandemctl({QStringLiteral("status"), QStringLiteral("--socket"),
                                             m_dir.filePath(QStringLiteral("none"))},
                                            30000);
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_TRUE(missing.err.contains(QStringLiteral("no such socket")))
        << missing.err.toStdString();

    const ProcessResult both = tandemctl({QStringLiteral("status"), QStringLiteral("--socket"),
                                          m_socketPath, QStringLiteral("--host"), m_address},
                                         30000);
    EXPECT_EQ(both.exitCode, 2);
    EXPECT_TRUE(both.err.contains(QStringLiteral("give one of --host, --ssh and --socket")))
        << both.err.toStdString();
}

TEST_F(SshAgent, AfterAnAgentRestartTheMonitorOnTheLocalSocketReconnectsWithFreshState)
{
    expectFreshStateAfterRestart(localEndpoint());
}

TEST_F(SshAgent, AfterAnAgentRestartTheMonitorOverTlsReconnectsWithFreshState)
{
    expectFreshStateAfterRestart(tlsEndpoint());
}

} // namespace
} // namespace tandem::test
