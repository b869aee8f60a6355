// The management plane against what attackers and careless admins do, on a real agent: a
// crowd of connections closed at once, hundreds of silent connections from one address or from
// many, a 10 MB config.validate while a pair runs, and the listener a config asks for (none,
// plain TCP with a warning, TLS) — never one it does not.

#include "LabPair.h"
#include "MgmtAgent.h"
#include "TestSupport.h"
#include "ctl/BlockingCall.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QThread>
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace tandem::test {
namespace {

using Kind = protocol::Message::Kind;

// Plain TCP connections that never send a byte (no ClientHello, no frame), from `source`:
// what a port scanner or a slow-loris client holds open. -1 for a connect that failed.
std::vector<int> silentConnections(const MgmtAgent& agent, int count, const QString& source)
{
    std::vector<int> fds;
    sockaddr_in to = {};
    to.sin_family = AF_INET;
    to.sin_port = htons(agent.port());
    ::inet_pton(AF_INET, agent.address().toLatin1().constData(), &to.sin_addr);
    sockaddr_in from = {};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.toLatin1().constData(), &from.sin_addr);
    for (int i = 0; i < count; ++i) {
        // Non-blocking, 300 ms to connect: a listener that stopped accepting fills its
        // backlog, and the next connects would hang for minutes.
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        bool ok = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof(from)) == 0;
        if (ok && ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0) {
            pollfd wait{fd, POLLOUT, 0};
            int error = 0;
            socklen_t size = sizeof(error);
            ok = errno == EINPROGRESS && ::poll(&wait, 1, 300) == 1 &&
                 ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0;
        }
        if (!ok) {
            if (fd >= 0)
                ::close(fd);
            fds.push_back(-1);
            continue;
        }
        fds.push_back(fd);
    }
    return fds;
}

void closeAll(std::vector<int>& fds)
{
    for (int fd : fds)
        if (fd >= 0)
            ::close(fd);
    fds.clear();
}

// How long a new TLS client from `source` takes to log in as admin; nullopt when it cannot.
std::optional<qint64> loginMs(const MgmtAgent& agent, const QString& source)
{
    QElapsedTimer clock;
    clock.start();
    auto client = FrameClient::tls(agent.address(), agent.port(), source, 3000);
    if (!client->connected())
        return std::nullopt;
    const auto hello = client->hello(QStringLiteral("admin"), MgmtAgent::kAdminPassword);
    if (!hello || hello->kind != Kind::Result)
        return std::nullopt;
    const auto status = client->call(QStringLiteral("status.get"));
    if (!status || status->kind != Kind::Result)
        return std::nullopt;
    return clock.elapsed();
}

class ManagementPlane : public ::testing::Test
{
protected:
    void start(MgmtAgent::Options options = {})
    {
        ASSERT_TRUE(m_agent.start(options)) << m_agent.log().toStdString();
    }
    void startTls()
    {
        MgmtAgent::Options options;
        options.tls = true;
        start(options);
        // The first login pays for the password hash: later ones measure the listener.
        ASSERT_TRUE(loginMs(m_agent, QStringLiteral("127.0.0.1")));
    }

    MgmtAgent m_agent;
};

TEST_F(ManagementPlane, ConnectionsClosedAtOnceNeverStopTheListener)
{
    startTls();
    // 30 was enough to stop the TLS listener for good; each round a client logs in within a
    // second right after.
    for (const int crowd : {30, 30, 30, 300, 300}) {
        std::vector<int> fds = silentConnections(m_agent, crowd, QStringLiteral("127.0.0.1"));
        closeAll(fds);
        // From another address: the crowd's own address may hold its 32 sessions without a
        // hello until the agent has seen each one go.
        const auto ms = loginMs(m_agent, QStringLiteral("127.0.0.2"));
        ASSERT_TRUE(ms.has_value()) << "no login after " << crowd << " connects closed at once\n"
                                    << m_agent.log().toStdString();
        EXPECT_LT(*ms, 1000) << "login after " << crowd << " connects closed at once";
    }
}

TEST_F(ManagementPlane, SilentConnectionsFromOneAddressKeepNobodyElseOut)
{
    startTls();
    auto loggedIn = FrameClient::tls(m_agent.address(), m_agent.port(), QStringLiteral("127.0.0.3"));
    ASSERT_EQ(loggedIn->hello(QStringLiteral("admin"), MgmtAgent::kAdminPassword)->kind,
              Kind::Result);
    std::vector<int> fds = silentConnections(m_agent, 300, QStringLiteral("127.0.0.1"));
    waitFor([] { return false; }, 200); // the agent has seen them all
    for (int round = 0; round < 3; ++round) {
        const auto ms = loginMs(m_agent, QStringLiteral("127.0.0.2"));
        ASSERT_TRUE(ms.has_value()) << m_agent.log().toStdString();
        EXPECT_LT(*ms, 1000);
    }
    EXPECT_EQ(loggedIn->call(QStringLiteral("status.get"))->kind, Kind::Result);
    EXPECT_TRUE(m_agent.log().contains(QStringLiteral("connections without a hello")));
    closeAll(fds);
}

TEST_F(ManagementPlane, ATableFullOfSilentConnectionsMakesRoomForALogin)
{
    startTls();
    // 20 addresses × 15: under the per-address limit, and more than the 256 slots.
    std::vector<int> fds;
    for (int host = 1; host <= 20; ++host) {
        std::vector<int> more =
            silentConnections(m_agent, 15, QStringLiteral("127.0.9.%1").arg(host));
        fds.insert(fds.end(), more.begin(), more.end());
    }
    waitFor([] { return false; }, 200);
    for (int round = 0; round < 3; ++round) {
        const auto ms = loginMs(m_agent, QStringLiteral("127.0.10.%1").arg(round + 1));
        ASSERT_TRUE(ms.has_value()) << m_agent.log().toStdString();
        EXPECT_LT(*ms, 1000);
    }
    EXPECT_TRUE(m_agent.log().contains(QStringLiteral("making room for a new connection")));
    closeAll(fds);
}

TEST_F(ManagementPlane, RunningOutOfFileDescriptorsOnlyPausesAccepting)
{
#ifdef TANDEM_SANITIZED
    GTEST_SKIP() << "an agent starved of descriptors under ASan trips UBSan in HaNode::sendAdvert "
                    "at shutdown; the default build runs this test";
#endif
    // The running agent gets a limit of 24 descriptors more than it holds: a crowd of 120
    // makes accept() fail (EMFILE), after which Qt stops accepting unless told to resume.
    MgmtAgent::Options options;
    options.tls = true;
    start(options);
    const pid_t pid = pid_t(m_agent.pid());
    const auto fds = std::filesystem::directory_iterator(std::filesystem::path("/proc") /
                                                         std::to_string(pid) / "fd");
    const auto held = std::distance(std::filesystem::begin(fds), std::filesystem::end(fds));
    auto descriptors = [pid] {
        const std::filesystem::directory_iterator dir(std::filesystem::path("/proc") /
                                                      std::to_string(pid) / "fd");
        return long(std::distance(std::filesystem::begin(dir), std::filesystem::end(dir)));
    };
    ASSERT_GT(held, 0);
    rlimit low = {};
    ASSERT_EQ(::prlimit(pid, RLIMIT_NOFILE, nullptr, &low), 0);
    low.rlim_cur = rlim_t(held + 24);
    ASSERT_EQ(::prlimit(pid, RLIMIT_NOFILE, &low, nullptr), 0) << std::strerror(errno);
    for (int round = 0; round < 3; ++round) {
        std::vector<int> fds; // 4 × 30: under the per-address limit, over the descriptors
        for (int host = 1; host <= 4; ++host) {
            std::vector<int> more =
                silentConnections(m_agent, 30, QStringLiteral("127.0.8.%1").arg(host));
            fds.insert(fds.end(), more.begin(), more.end());
        }
        waitFor([] { return false; }, 300);
        // The crowd took every descriptor the agent may have: what follows is the recovery.
        EXPECT_GE(descriptors(), long(low.rlim_cur)) << "round " << round;
        closeAll(fds);
        const auto ms = loginMs(m_agent, QStringLiteral("127.0.0.2"));
        ASSERT_TRUE(ms.has_value()) << "no login after the agent ran out of descriptors\n"
                                    << m_agent.log().toStdString();
        // The backlog the crowd left (up to the kernel's 4096) is accepted and dropped first.
        EXPECT_LT(*ms, 2000);
    }
    // Not asserted: the "accepting again" line. Under CPU load the agent can reach its limit
    // while the kernel's backlog is momentarily empty, and never see accept() fail (CI, ctest
    // -j2); the descriptor count above is what proves the exhaustion.
}

TEST_F(ManagementPlane, WithoutManagementListenOnlyTheLocalSocketServes)
{
    MgmtAgent::Options options;
    options.listen = false;
    start(options);
    QTcpSocket tcp;
    tcp.connectToHost(m_agent.address(), m_agent.port());
    EXPECT_FALSE(tcp.waitForConnected(1000)) << "a TCP listener the config does not ask for";
    auto local = FrameClient::local(m_agent.localSocketPath());
    ASSERT_EQ(local->hello(QStringLiteral("admin"), MgmtAgent::kAdminPassword)->kind,
              Kind::Result);
    const auto status = local->call(QStringLiteral("status.get"));
    ASSERT_EQ(status->kind, Kind::Result);
    const QJsonObject management = status->result.toObject().value(QStringLiteral("management")).toObject();
    EXPECT_TRUE(management.value(QStringLiteral("localSocket")).toBool());
    EXPECT_FALSE(management.contains(QStringLiteral("listen")));
    EXPECT_FALSE(m_agent.log().contains(QStringLiteral("agent protocol on %1").arg(m_agent.address())));
}

TEST_F(ManagementPlane, APlainTcpListenerIsWarnedAboutInTheLogAndTheStatus)
{
    start();
    EXPECT_TRUE(m_agent.log().contains(QStringLiteral("is plain TCP")));
    auto c = FrameClient::tcp(m_agent);
    ASSERT_EQ(c->hello(QStringLiteral("viewer"), MgmtAgent::kViewerPassword)->kind, Kind::Result);
    const QJsonObject management = c->call(QStringLiteral("status.get"))
                                       ->result.toObject()
                                       .value(QStringLiteral("management"))
                                       .toObject();
    EXPECT_FALSE(management.value(QStringLiteral("tls")).toBool());
    EXPECT_TRUE(management.value(QStringLiteral("warning")).toString().contains(
        QStringLiteral("cleartext")));
    qputenv("TANDEM_PASSWORD", MgmtAgent::kViewerPassword.toUtf8());
    const ProcessResult status = tandemctl(
        {QStringLiteral("status"), QStringLiteral("--host"), m_agent.address(), QStringLiteral("--port"),
         QString::number(m_agent.port()), QStringLiteral("--user"), QStringLiteral("viewer")});
    qunsetenv("TANDEM_PASSWORD");
    EXPECT_EQ(status.exitCode, 0) << status.err.toStdString();
    EXPECT_TRUE(status.out.contains(QStringLiteral("plain TCP"))) << status.out.toStdString();
}

TEST_F(ManagementPlane, ACommitThatRemovesTheCallersListenerNeedsCommitConfirmed)
{
    MgmtAgent::Options options;
    options.tls = true;
    start(options);
    auto c = FrameClient::tls(m_agent.address(), m_agent.port());
    ASSERT_EQ(c->hello(QStringLiteral("admin"), MgmtAgent::kAdminPassword)->kind, Kind::Result);
    const QString running =
        c->call(QStringLiteral("config.get"))->result.toObject().value(QStringLiteral("text")).toString();
    QStringList lines = running.split(QLatin1Char('\n'));
    lines.removeIf([](const QString& line) { return line.startsWith(QStringLiteral(" management listen")); });
    const QString withoutListener = lines.join(QLatin1Char('\n'));
    ASSERT_NE(withoutListener, running);

    const auto refused =
        c->call(QStringLiteral("config.commit"), {{QStringLiteral("text"), withoutListener}});
    ASSERT_EQ(refused->kind, Kind::Error);
    EXPECT_TRUE(refused->error.message.contains(QStringLiteral("removes the listener")) &&
                refused->error.message.contains(QStringLiteral("commit confirmed")))
        << refused->error.message.toStdString();
    EXPECT_TRUE(loginMs(m_agent, QStringLiteral("127.0.0.1")).has_value()); // unchanged

    const auto confirmed =
        c->call(QStringLiteral("config.commit"),
                {{QStringLiteral("text"), withoutListener}, {QStringLiteral("confirmSeconds"), 600}});
    ASSERT_EQ(confirmed->kind, Kind::Result) << confirmed->error.message.toStdString();
    QTcpSocket tcp;
    tcp.connectToHost(m_agent.address(), m_agent.port());
    EXPECT_FALSE(tcp.waitForConnected(1000)) << "the listener is still there";
    // Confirmed over the local socket, it stays that way; the local socket still serves.
    auto local = FrameClient::local(m_agent.localSocketPath());
    ASSERT_EQ(local->hello(QStringLiteral("admin"), MgmtAgent::kAdminPassword)->kind, Kind::Result);
    EXPECT_EQ(local->call(QStringLiteral("config.confirm"))->kind, Kind::Result);
    EXPECT_FALSE(local->call(QStringLiteral("status.get"))
                     ->result.toObject()
                     .value(QStringLiteral("management"))
                     .toObject()
                     .contains(QStringLiteral("listen")));
}

// A config of about `bytes`: the device's running text with loopback interfaces added.
QString bigConfig(const QString& running, qsizetype bytes)
{
    QString extra;
    extra.reserve(bytes + 100);
    for (int i = 0; extra.size() < bytes; ++i)
        extra += QStringLiteral("interface LoopBack%1\n ip address 10.%2.%3.%4 255.255.255.255\n#\n")
                     .arg(i)
                     .arg((i >> 16) & 255)
                     .arg((i >> 8) & 255)
                     .arg(i & 255);
    const qsizetype at = running.indexOf(QStringLiteral("tandem-agent\n"));
    return running.left(at) + extra + running.mid(at);
}

class ManagementPlaneLab : public LabPair
{
};

TEST_F(ManagementPlaneLab, ATenMegabyteValidateDisturbsNeitherThePairNorOtherClients)
{
    startLab(QStringLiteral("1:1"), kFastLabOptions);
    ASSERT_TRUE(waitFor([&] { return slgState(kDeviceA, 1) == QLatin1String("master") &&
                                     slgState(kDeviceB, 1) == QLatin1String("slave"); },
                        20000));
    // What a VRRP transition or a channel drop would change.
    auto snapshot = [&](const QString& name) {
        const auto status = statusOf(name);
        const QJsonObject channel = location(name, 1).value(QStringLiteral("channel")).toObject();
        QStringList facts;
        if (status)
            for (const protocol::VrrpStatus& v : status->vrrpGroups)
                facts << QStringLiteral("vrid %1 %2 since %3")
                             .arg(v.vrid)
                             .arg(v.state)
                             .arg(v.lastChangeMsecsSinceEpoch);
        const auto ha = call(name, QStringLiteral("ha.status"));
        if (ha)
            facts << QStringLiteral("channel connects %1")
                         .arg(ha->value(QStringLiteral("channel"))
                                  .toObject()
                                  .value(QStringLiteral("connects"))
                                  .toInteger());
        return facts;
    };
    const QStringList beforeA = snapshot(kDeviceA);
    const QStringList beforeB = snapshot(kDeviceB);
    ASSERT_FALSE(beforeA.isEmpty());

    const auto running = call(kDeviceA, QStringLiteral("config.get"));
    ASSERT_TRUE(running.has_value());
#ifdef TANDEM_SANITIZED
    constexpr qsizetype kBytes = 2 << 20; // ASan parses ten times slower: 10 MB outlasts a call
#else
    constexpr qsizetype kBytes = 10 << 20;
#endif
    const QString text = bigConfig(running->value(QStringLiteral("text")).toString(), kBytes);
    // The validate runs in the background while another client asks for the status.
    QString validateError;
    std::optional<QJsonValue> verdict;
    bool done = false;
    auto* thread = QThread::create([&] {
        verdict = ctl::callAgent(device(kDeviceA).endpoint(), QStringLiteral("config.validate"),
                                 {{QStringLiteral("text"), text}}, 60000, &validateError);
        done = true;
    });
    thread->start();
    // Another client, logged in before, asks for the status over and over meanwhile.
    const client::LabDevice& a = device(kDeviceA);
    auto probe = FrameClient::tls(a.address, a.port);
    ASSERT_EQ(probe->hello(a.user, a.password)->kind, Kind::Result);
    std::vector<qint64> takenMs;
    QElapsedTimer clock;
    clock.start();
    while (!done && clock.elapsed() < 60000) {
        QElapsedTimer one;
        one.start();
        const auto status = probe->call(QStringLiteral("status.get"));
        ASSERT_TRUE(status.has_value() && status->kind == Kind::Result);
        takenMs.push_back(one.elapsed());
    }
    const qint64 validateMs = clock.elapsed();
    thread->wait();
    delete thread;
    ASSERT_TRUE(verdict.has_value()) << validateError.toStdString();
    EXPECT_TRUE(verdict->toObject().value(QStringLiteral("valid")).toBool())
        << QJsonDocument(verdict->toObject()).toJson().left(2000).toStdString();
    ASSERT_GE(takenMs.size(), 3u);
    std::sort(takenMs.begin(), takenMs.end());
    const qint64 medianMs = takenMs[takenMs.size() / 2];
    const qint64 worstMs = takenMs.back();
    // A status queued behind the validate would take as long as the validate does. On two
    // cores shared with another test (ctest -j2) and the pair's own traffic, a single call can
    // lose a scheduler slice or two (163 ms seen under ASan while a soak ran beside it), so the
    // typical call is bounded tightly and the worst only against the validate's length.
    const std::string seen = std::to_string(takenMs.size()) + " status calls in " +
                             std::to_string(validateMs) + " ms of validating, median " +
                             std::to_string(medianMs) + " ms, worst " + std::to_string(worstMs) +
                             " ms";
    EXPECT_LT(medianMs, 50) << seen;
    EXPECT_LT(worstMs, std::max<qint64>(250, validateMs / 4)) << seen;
    RecordProperty("statusMedianMs", static_cast<int>(medianMs));
    RecordProperty("statusWorstMs", static_cast<int>(worstMs));
    EXPECT_EQ(snapshot(kDeviceA), beforeA);
    EXPECT_EQ(snapshot(kDeviceB), beforeB);
}

TEST_F(ManagementPlaneLab, TimedLabWorkRunsWhereTheTablesLive)
{
    // A fill and a timed fault run in slices and timers: on the HA thread, not the management
    // thread that took the call (there they would race the tables, and the agent died).
    startLab(QStringLiteral("1:1"), kFastLabOptions);
    ASSERT_TRUE(waitFor([&] { return slgState(kDeviceA, 1) == QLatin1String("master") &&
                                     slgState(kDeviceB, 1) == QLatin1String("slave"); },
                        20000));
    QString error;
    ASSERT_TRUE(call(kDeviceA, QStringLiteral("lab.fill"),
                     {{QStringLiteral("serviceLocation"), 1}, {QStringLiteral("sessions"), 200000}},
                     &error))
        << error.toStdString();
    const auto sessions = [&] {
        return location(kDeviceA, 1).value(QStringLiteral("sessions")).toInteger();
    };
    EXPECT_TRUE(waitFor([&] { return sessions() >= 200000; }, 30000)) << sessions();
    ASSERT_TRUE(call(kDeviceA, QStringLiteral("lab.fault"),
                     {{QStringLiteral("kind"), QStringLiteral("channel")},
                      {QStringLiteral("down"), true},
                      {QStringLiteral("ms"), 300}},
                     &error))
        << error.toStdString();
    // The fault heals itself: the channel comes back and the standby holds the tables again.
    EXPECT_TRUE(waitFor(
        [&] {
            return location(kDeviceB, 1).value(QStringLiteral("sessions")).toInteger() >= 200000;
        },
        30000));
    EXPECT_TRUE(statusOf(kDeviceA).has_value()) << "CGN-A no longer answers";
}

} // namespace
} // namespace tandem::test
