// The agent protocol on the local socket: a hello without password logs in as the management
// user named like the connecting OS user (peer credentials, as the SSH subsystem relies on),
// password logins work there too, and `tandem-agent bridge` relays frames to it byte for byte.
// A client that half-closes after its requests (a one-shot call) gets every reply, and neither
// that nor a refused peer login counts as a failed login.

#include "MgmtAgent.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLocalServer>
#include <QProcess>
#include <cstring>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace tandem::test {
namespace {

using protocol::ErrorCode;
using Kind = protocol::Message::Kind;

QByteArray request(qint64 id, const QString& method, const QJsonObject& params = {})
{
    return protocol::encodeFrame(protocol::encodeRequest(id, method, params));
}

std::vector<protocol::Message> decodeAll(const QByteArray& bytes)
{
    protocol::FrameDecoder decoder;
    decoder.append(bytes);
    std::vector<protocol::Message> messages;
    while (auto frame = decoder.takeFrame()) {
        protocol::RpcError error;
        if (auto message = protocol::parseMessage(*frame, &error))
            messages.push_back(*message);
    }
    return messages;
}

// A one-shot call on a raw unix socket: `bytes`, then shutdown(SHUT_WR), then everything the
// agent sends until it closes (or 10 s pass). closed: the agent closed the connection.
struct OneShot
{
    std::vector<protocol::Message> replies;
    bool closed = false;
};

OneShot oneShot(const QString& path, const QByteArray& bytes)
{
    OneShot shot;
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    const QByteArray native = QFile::encodeName(path);
    std::memcpy(address.sun_path, native.constData(), std::size_t(native.size()));
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::send(fd, bytes.constData(), std::size_t(bytes.size()), MSG_NOSIGNAL) != bytes.size() ||
        ::shutdown(fd, SHUT_WR) != 0) {
        ADD_FAILURE() << "one-shot call on " << path.toStdString() << ": " << std::strerror(errno);
        if (fd >= 0)
            ::close(fd);
        return shot;
    }
    QByteArray received;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 10000) {
        pollfd p = {fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0)
            continue;
        char buffer[65536];
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) {
            shot.closed = true;
            break;
        }
        received.append(buffer, got);
    }
    ::close(fd);
    shot.replies = decodeAll(received);
    return shot;
}

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

TEST_F(LocalSocket, AHalfClosedStreamGetsEveryReplyBeforeTheAgentCloses)
{
    // Peer and password hellos, a wrong password (checked off the event loop each time), and
    // requests behind each: all sent, the sending side shut, every reply read to the end.
    for (int round = 0; round < 30; ++round) {
        const bool peer = round % 3 == 0;
        const bool wrong = !peer && round % 5 == 4; // 4 of them: under the failed-login limit
        const QJsonObject hello = peer ? helloParams(QString(), QString())
                                       : helloParams(QStringLiteral("viewer"),
                                                     wrong ? QStringLiteral("not-it-%1").arg(round)
                                                           : MgmtAgent::kViewerPassword);
        const OneShot shot =
            oneShot(m_agent.localSocketPath(), request(1, QStringLiteral("hello"), hello) +
                                                   request(2, QStringLiteral("status.get")) +
                                                   request(3, QStringLiteral("config.history")));
        ASSERT_EQ(shot.replies.size(), 3u) << "round " << round << "\n"
                                           << m_agent.log().toStdString();
        EXPECT_TRUE(shot.closed) << "round " << round;
        EXPECT_EQ(shot.replies[0].kind, wrong ? Kind::Error : Kind::Result) << "round " << round;
        EXPECT_EQ(shot.replies[1].kind, wrong ? Kind::Error : Kind::Result) << "round " << round;
        EXPECT_EQ(shot.replies[2].id, QJsonValue(3)) << "round " << round;
    }
}

TEST_F(LocalSocket, TheBridgeDeliversEveryReplyWhenStdinEndsRightAfterTheRequests)
{
    for (int round = 0; round < 20; ++round) {
        QProcess bridge;
        bridge.start(binary(QStringLiteral("tandem-agent")),
                     {QStringLiteral("bridge"), QStringLiteral("--config"), m_agent.configPath()});
        ASSERT_TRUE(bridge.waitForStarted(5000));
        bridge.write(
            request(1, QStringLiteral("hello"),
                    round % 2 ? helloParams(QString(), QString())
                              : helloParams(QStringLiteral("viewer"), MgmtAgent::kViewerPassword)) +
            request(2, QStringLiteral("status.get")));
        bridge.closeWriteChannel();
        ASSERT_TRUE(bridge.waitForFinished(10000)) << "round " << round;
        EXPECT_EQ(bridge.exitCode(), 0) << bridge.readAllStandardError().toStdString();
        const auto replies = decodeAll(bridge.readAllStandardOutput());
        ASSERT_EQ(replies.size(), 2u) << "round " << round;
        EXPECT_EQ(replies[0].kind, Kind::Result) << replies[0].error.message.toStdString();
        EXPECT_EQ(replies[1].result.toObject().value(QStringLiteral("sysname")).toString(),
                  QStringLiteral("M"));
    }
}

TEST_F(LocalSocket, TheBridgeRelaysWhatTheAgentSaidWhenTheAgentClosesFirst)
{
    // A frame over the limit: the agent answers -32003 and closes while the bridge still has
    // megabytes of stdin to write to it.
    for (int round = 0; round < 5; ++round) {
        QProcess bridge;
        bridge.start(binary(QStringLiteral("tandem-agent")),
                     {QStringLiteral("bridge"), QStringLiteral("--config"), m_agent.configPath()});
        ASSERT_TRUE(bridge.waitForStarted(5000));
        QByteArray tooLarge("\x01\x00\x00\x01", 4);
        tooLarge.append(QByteArray(4 << 20, 'x'));
        bridge.write(tooLarge);
        bridge.closeWriteChannel();
        ASSERT_TRUE(bridge.waitForFinished(10000)) << "round " << round;
        EXPECT_EQ(bridge.exitCode(), 0) << bridge.readAllStandardError().toStdString();
        const auto replies = decodeAll(bridge.readAllStandardOutput());
        ASSERT_EQ(replies.size(), 1u) << "round " << round;
        EXPECT_EQ(replies[0].error.code, int(ErrorCode::FrameTooLarge));
    }
}

TEST_F(LocalSocket, RefusedPeerLoginsAndEndedStreamsNeverCountAsFailedLogins)
{
    // Well over the limit of 5: peer hellos naming someone else (no secret tried), hellos
    // whose connection ends at once, and connections closed halfway through a frame.
    for (int i = 0; i < 8; ++i) {
        auto c = FrameClient::local(m_agent.localSocketPath());
        EXPECT_EQ(c->hello(QStringLiteral("admin"))->error.code, int(ErrorCode::Unauthenticated));
        oneShot(m_agent.localSocketPath(),
                request(1, QStringLiteral("hello"),
                        helloParams(QStringLiteral("admin"), MgmtAgent::kAdminPassword)));
        oneShot(m_agent.localSocketPath(),
                request(1, QStringLiteral("hello"),
                        helloParams(QStringLiteral("admin"), MgmtAgent::kAdminPassword))
                    .chopped(5));
    }
    auto c = FrameClient::local(m_agent.localSocketPath());
    const auto hello = c->hello(QStringLiteral("admin"), MgmtAgent::kAdminPassword);
    ASSERT_TRUE(hello.has_value());
    EXPECT_EQ(hello->kind, Kind::Result) << hello->error.message.toStdString();
    // Wrong passwords still count: the sixth hello is refused unchecked.
    for (int i = 0; i < 5; ++i)
        c->hello(QStringLiteral("admin"), QStringLiteral("guess-%1").arg(i));
    EXPECT_TRUE(c->hello(QStringLiteral("admin"), MgmtAgent::kAdminPassword)
                    ->error.message.contains(QStringLiteral("too many failed logins")));
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
