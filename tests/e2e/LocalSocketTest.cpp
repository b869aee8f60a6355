// The agent protocol on the local socket: a hello without password logs in as the management
// user named like the connecting OS user (peer credentials, as the SSH subsystem relies on),
// password logins work there too, and `tandem-agent bridge` relays frames to it byte for byte.

#include "MgmtAgent.h"
#include "TestSupport.h"

#include <QFile>
#include <QLocalServer>
#include <QProcess>
#include <cstring>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace tandem::test {
namespace {

using protocol::ErrorCode;
using Kind = protocol::Message::Kind;

class LocalSocket : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_FALSE(osUserName().isEmpty());
        MgmtAgent::Options options;
        options.peerRole = QStringLiteral("operator");
        ASSERT_TRUE(m_agent.start(options)) << m_agent.log().toStdString();
    }

    MgmtAgent m_agent;
};

TEST_F(LocalSocket, HelloWithoutPasswordLogsInAsTheSameNamedOsUser)
{
    auto c = FrameClient::local(m_agent.localSocketPath());
    const auto hello = c->hello(QString());
    ASSERT_TRUE(hello.has_value());
    ASSERT_EQ(hello->kind, Kind::Result) << hello->error.message.toStdString();
    const QJsonObject result = hello->result.toObject();
    EXPECT_EQ(result.value(QStringLiteral("auth")).toString(), QStringLiteral("peer"));
    EXPECT_EQ(result.value(QStringLiteral("user")).toString(), osUserName());
    EXPECT_EQ(result.value(QStringLiteral("role")).toString(), QStringLiteral("operator"));
    const auto status = c->call(QStringLiteral("status.get"));
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->kind, Kind::Result);

    // Naming oneself is the same login.
    auto named = FrameClient::local(m_agent.localSocketPath());
    EXPECT_EQ(named->hello(osUserName())->kind, Kind::Result);
}

TEST_F(LocalSocket, HelloWithoutPasswordNamingAnotherUserIsRefused)
{
    auto c = FrameClient::local(m_agent.localSocketPath());
    const auto hello = c->hello(QStringLiteral("admin"));
    ASSERT_TRUE(hello.has_value());
    ASSERT_EQ(hello->kind, Kind::Error);
    EXPECT_EQ(hello->error.code, int(ErrorCode::Unauthenticated));
    EXPECT_TRUE(hello->error.message.contains(osUserName())) << hello->error.message.toStdString();
    EXPECT_EQ(c->call(QStringLiteral("status.get"))->error.code, int(ErrorCode::Unauthenticated));
}

TEST_F(LocalSocket, PasswordLoginsWorkOnTheLocalSocketToo)
{
    auto c = FrameClient::local(m_agent.localSocketPath());
    const auto hello = c->hello(QStringLiteral("admin"), MgmtAgent::kAdminPassword);
    ASSERT_EQ(hello->kind, Kind::Result) << hello->error.message.toStdString();
    EXPECT_EQ(hello->result.toObject().value(QStringLiteral("auth")).toString(),
              QStringLiteral("password"));
    EXPECT_EQ(hello->result.toObject().value(QStringLiteral("role")).toString(),
              QStringLiteral("admin"));
}

TEST_F(LocalSocket, HelloWithoutPasswordOverTcpIsRefused)
{
    auto c = FrameClient::tcp(m_agent);
    for (const QString& user : {osUserName(), QString()}) {
        const auto hello = c->hello(user);
        ASSERT_TRUE(hello.has_value());
        EXPECT_EQ(hello->error.code, int(ErrorCode::Unauthenticated));
        EXPECT_TRUE(hello->error.message.contains(QStringLiteral("password is required")))
            << hello->error.message.toStdString();
    }
}

TEST_F(LocalSocket, TheSocketIsOpenToEveryone)
{
    // Access is decided by hello, not by file permissions: any local user may connect.
    struct stat info = {};
    ASSERT_EQ(::stat(QFile::encodeName(m_agent.localSocketPath()).constData(), &info), 0);
    EXPECT_TRUE(S_ISSOCK(info.st_mode));
    EXPECT_EQ(info.st_mode & 0777, 0666u);
}

TEST_F(LocalSocket, BridgeRelaysFramesBothWays)
{
    QProcess bridge;
    bridge.start(binary(QStringLiteral("tandem-agent")),
                 {QStringLiteral("bridge"), QStringLiteral("--config"), m_agent.configPath()});
    ASSERT_TRUE(bridge.waitForStarted(5000));
    bridge.write(protocol::encodeFrame(
        protocol::encodeRequest(1, QStringLiteral("hello"), helloParams(QString(), QString()))));
    bridge.write(
        protocol::encodeFrame(protocol::encodeRequest(2, QStringLiteral("status.get"), {})));

    protocol::FrameDecoder decoder;
    std::vector<protocol::Message> replies;
    waitFor(
        [&] {
            bridge.waitForReadyRead(10);
            decoder.append(bridge.readAllStandardOutput());
            while (auto frame = decoder.takeFrame()) {
                protocol::RpcError error;
                if (auto message = protocol::parseMessage(*frame, &error))
                    replies.push_back(*message);
            }
            return replies.size() >= 2 || bridge.state() == QProcess::NotRunning;
        },
        10000);
    ASSERT_EQ(replies.size(), 2u) << bridge.readAllStandardError().toStdString();
    ASSERT_EQ(replies[0].kind, Kind::Result) << replies[0].error.message.toStdString();
    // Through the bridge the agent sees the bridge's OS user: that is how SSH users map.
    EXPECT_EQ(replies[0].result.toObject().value(QStringLiteral("user")).toString(), osUserName());
    EXPECT_EQ(replies[0].result.toObject().value(QStringLiteral("auth")).toString(),
              QStringLiteral("peer"));
    ASSERT_EQ(replies[1].kind, Kind::Result);
    EXPECT_EQ(replies[1].result.toObject().value(QStringLiteral("sysname")).toString(),
              QStringLiteral("M"));

    // The client's end of the stream ends the session and the bridge, cleanly.
    bridge.closeWriteChannel();
    ASSERT_TRUE(bridge.waitForFinished(5000));
    EXPECT_EQ(bridge.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(bridge.exitCode(), 0);
}

TEST_F(LocalSocket, BridgeWithoutAgentFailsNamingTheSocket)
{
    const QString missing = m_agent.dir().filePath(QStringLiteral("nowhere.sock"));
    const ProcessResult r =
        runProcess(binary(QStringLiteral("tandem-agent")),
                   {QStringLiteral("bridge"), QStringLiteral("--socket"), missing}, 10000);
    EXPECT_TRUE(r.finished);
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.err.contains(missing)) << r.err.toStdString();
    EXPECT_EQ(r.err.count(QLatin1Char('\n')), 1) << r.err.toStdString();
}

// A socket file left by an agent that was killed: the next agent replaces it.
TEST(LocalSocketStart, StaleSocketFileIsReplaced)
{
    QTemporaryDir scratch;
    const QString path = scratch.filePath(QStringLiteral("stale.sock"));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    const QByteArray native = QFile::encodeName(path);
    std::memcpy(address.sun_path, native.constData(), std::size_t(native.size()));
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    ::close(fd); // bound, never listened, file left behind: stale
    ASSERT_TRUE(QFile::exists(path));

    MgmtAgent agent;
    MgmtAgent::Options options;
    options.localSocketPath = path;
    ASSERT_TRUE(agent.start(options)) << agent.log().toStdString();
    auto c = FrameClient::local(path);
    EXPECT_EQ(c->hello(QStringLiteral("viewer"), MgmtAgent::kViewerPassword)->kind, Kind::Result);
}

// A socket another process still serves is not taken over.
TEST(LocalSocketStart, SocketServedByAnotherProcessIsRefused)
{
    QTemporaryDir scratch;
    const QString path = scratch.filePath(QStringLiteral("busy.sock"));
    QLocalServer other;
    ASSERT_TRUE(other.listen(path));

    MgmtAgent agent;
    MgmtAgent::Options options;
    options.localSocketPath = path;
    EXPECT_FALSE(agent.start(options));
    waitFor([&] { return !agent.running(); }, 10000);
    EXPECT_TRUE(agent.log().contains(path)) << agent.log().toStdString();
    EXPECT_TRUE(agent.log().contains(QStringLiteral("another process")))
        << agent.log().toStdString();
}

} // namespace
} // namespace tandem::test
