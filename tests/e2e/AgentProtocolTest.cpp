// The agent protocol against a real agent, byte for byte: hello and credentials, errors that
// name what is wrong, and a bad client that cannot hurt the others.

#include "LabPair.h"
#include "TestSupport.h"
#include "protocol/Frame.h"
#include "protocol/JsonRpc.h"
#include "protocol/TlsFingerprint.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSslConfiguration>
#include <QSslSocket>
#include <csignal>

namespace tandem::test {
namespace {

using protocol::ErrorCode;

// A client that speaks raw frames, so the test controls every byte — inside TLS, as the lab
// agents speak nothing else, with the certificate checked against the lab's pin.
class RawClient
{
public:
    explicit RawClient(const client::LabDevice& device)
    {
        QSslConfiguration configuration = m_socket.sslConfiguration();
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // pinned below, not by a CA
        m_socket.setSslConfiguration(configuration);
        m_socket.connectToHostEncrypted(device.address, device.port);
        EXPECT_TRUE(m_socket.waitForEncrypted(5000)) << m_socket.errorString().toStdString();
        EXPECT_EQ(protocol::certificateFingerprint(m_socket.peerCertificate()), device.fingerprint);
    }

    void sendBytes(const QByteArray& bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    void sendJson(const QByteArray& json) { sendBytes(protocol::encodeFrame(json)); }

    // Next message from the agent; nullopt on timeout or close.
    std::optional<protocol::Message> receive(int timeoutMs = 5000)
    {
        bool ok = waitFor(
            [&] {
                m_socket.waitForReadyRead(10);
                m_decoder.append(m_socket.readAll());
                m_pending = m_decoder.takeFrame();
                return m_pending.has_value() ||
                       m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
        if (!ok || !m_pending)
            return std::nullopt;
        protocol::RpcError error;
        return protocol::parseMessage(*m_pending, &error);
    }

    std::optional<protocol::Message> call(const QString& method, const QJsonObject& params)
    {
        sendJson(protocol::encodeRequest(m_nextId++, method, params));
        return receive();
    }

    bool closedByPeer(int timeoutMs = 5000)
    {
        return waitFor(
            [&] {
                m_socket.waitForReadyRead(10);
                return m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    }

private:
    QSslSocket m_socket;
    protocol::FrameDecoder m_decoder;
    std::optional<QByteArray> m_pending;
    qint64 m_nextId = 1;
};

QJsonObject helloParams(const client::LabDevice& device, const QString& password)
{
    return {{QStringLiteral("version"), QStringLiteral("1.0")},
            {QStringLiteral("user"), device.user},
            {QStringLiteral("password"), password}};
}

class AgentProtocol : public LabPair
{
protected:
    void SetUp() override { startLab(); }
    const client::LabDevice& a() const { return device(QStringLiteral("CGN-A")); }
};

TEST_F(AgentProtocol, HelloWithTheRightPasswordGivesRoleAndDevice)
{
    RawClient c(a());
    const auto reply = c.call(QStringLiteral("hello"), helloParams(a(), a().password));
    ASSERT_TRUE(reply.has_value());
    ASSERT_EQ(reply->kind, protocol::Message::Kind::Result);
    const QJsonObject result = reply->result.toObject();
    EXPECT_EQ(result.value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
    EXPECT_EQ(result.value(QStringLiteral("device")).toString(), QStringLiteral("CGN-A"));
    EXPECT_EQ(result.value(QStringLiteral("version")).toString(), QStringLiteral("1.0"));
}

TEST_F(AgentProtocol, WrongPasswordIsRefusedAndGrantsNothing)
{
    RawClient c(a());
    const auto hello = c.call(QStringLiteral("hello"), helloParams(a(), QStringLiteral("guess")));
    ASSERT_TRUE(hello.has_value());
    ASSERT_EQ(hello->kind, protocol::Message::Kind::Error);
    EXPECT_EQ(hello->error.code, int(ErrorCode::Unauthenticated));
    EXPECT_TRUE(hello->error.message.contains(QStringLiteral("authentication failed")));
    const auto status = c.call(QStringLiteral("status.get"), {});
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->error.code, int(ErrorCode::Unauthenticated));
}

TEST_F(AgentProtocol, MethodsBeforeHelloAreRefused)
{
    RawClient c(a());
    const auto reply = c.call(QStringLiteral("status.get"), {});
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->error.code, int(ErrorCode::Unauthenticated));
    EXPECT_TRUE(reply->error.message.contains(QStringLiteral("hello")));
}

TEST_F(AgentProtocol, UnsupportedVersionIsNamed)
{
    RawClient c(a());
    QJsonObject params = helloParams(a(), a().password);
    params.insert(QStringLiteral("version"), QStringLiteral("9.0"));
    const auto reply = c.call(QStringLiteral("hello"), params);
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->error.code, int(ErrorCode::VersionMismatch));
    EXPECT_TRUE(reply->error.message.contains(QStringLiteral("9.0")));
}

TEST_F(AgentProtocol, UnknownMethodAndBadJsonGetErrorsAndTheSessionGoesOn)
{
    RawClient c(a());
    ASSERT_EQ(c.call(QStringLiteral("hello"), helloParams(a(), a().password))->kind,
              protocol::Message::Kind::Result);
    const auto unknown = c.call(QStringLiteral("frobnicate"), {});
    ASSERT_TRUE(unknown.has_value());
    EXPECT_EQ(unknown->error.code, int(ErrorCode::MethodNotFound));
    EXPECT_TRUE(unknown->error.message.contains(QStringLiteral("frobnicate")));

    c.sendJson("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":");
    const auto bad = c.receive();
    ASSERT_TRUE(bad.has_value());
    EXPECT_EQ(bad->error.code, int(ErrorCode::ParseError));

    const auto status = c.call(QStringLiteral("status.get"), {});
    ASSERT_TRUE(status.has_value());
    ASSERT_EQ(status->kind, protocol::Message::Kind::Result);
    EXPECT_EQ(status->result.toObject().value(QStringLiteral("sysname")).toString(),
              QStringLiteral("CGN-A"));
}

TEST_F(AgentProtocol, HugeFrameIsRefusedAndOnlyThatConnectionCloses)
{
    RawClient bad(a());
    bad.sendBytes(QByteArray::fromHex("7fffffff") + QByteArray(1024, 'x'));
    const auto reply = bad.receive();
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->error.code, int(ErrorCode::FrameTooLarge));
    EXPECT_TRUE(reply->error.message.contains(QStringLiteral("exceeds the limit")));
    EXPECT_TRUE(bad.closedByPeer());

    RawClient good(a());
    ASSERT_EQ(good.call(QStringLiteral("hello"), helloParams(a(), a().password))->kind,
              protocol::Message::Kind::Result);
    EXPECT_EQ(good.call(QStringLiteral("status.get"), {})->kind, protocol::Message::Kind::Result);
}

TEST_F(AgentProtocol, SubscriptionPushesStateChangesWithoutPolling)
{
    // The master dies: the backup's subscribers hear of its takeover unasked.
    RawClient onB(device(QStringLiteral("CGN-B")));
    ASSERT_EQ(onB.call(QStringLiteral("hello"),
                       helloParams(device(QStringLiteral("CGN-B")), a().password))
                  ->kind,
              protocol::Message::Kind::Result);
    const auto subscribed = onB.call(
        QStringLiteral("subscribe"), {{QStringLiteral("topics"), QJsonArray{QStringLiteral("state")}}});
    ASSERT_TRUE(subscribed.has_value());
    ASSERT_EQ(subscribed->kind, protocol::Message::Kind::Result);
    // The subscription starts with the current state, so nothing is missed in between.
    EXPECT_TRUE(subscribed->result.toObject().contains(QStringLiteral("state")));
    ASSERT_EQ(::kill(pid_t(a().pid), SIGKILL), 0);
    // Other changes come first (the backup channel going down); the takeover follows unasked.
    QString lastState;
    for (int pushes = 0; pushes < 20 && lastState != QLatin1String("master"); ++pushes) {
        const auto pushed = onB.receive(10000);
        ASSERT_TRUE(pushed.has_value()) << "no push; last state " << lastState.toStdString();
        EXPECT_EQ(pushed->kind, protocol::Message::Kind::Notification);
        EXPECT_EQ(pushed->method, QStringLiteral("state.changed"));
        QString error;
        const auto parsed = protocol::DeviceStatus::fromJson(pushed->params, &error);
        ASSERT_TRUE(parsed.has_value()) << error.toStdString();
        lastState = parsed->findServiceLocation(1)->state;
    }
    EXPECT_EQ(lastState, QStringLiteral("master"));
}

TEST_F(AgentProtocol, UnknownTopicIsNamed)
{
    RawClient c(a());
    ASSERT_EQ(c.call(QStringLiteral("hello"), helloParams(a(), a().password))->kind,
              protocol::Message::Kind::Result);
    const auto reply = c.call(QStringLiteral("subscribe"),
                              {{QStringLiteral("topics"), QJsonArray{QStringLiteral("weather")}}});
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->error.code, int(ErrorCode::InvalidParams));
    EXPECT_TRUE(reply->error.message.contains(QStringLiteral("weather")));
}

} // namespace
} // namespace tandem::test
