// A call waits as long as its caller allows, no more and no less: a big config's validate may
// take longer than the client's default 15 s and must still get its answer, while a short
// timeout fails at its own length. A plain-TCP fake agent on loopback that answers the hello
// at once and the call after a set delay.

#include "ctl/BlockingCall.h"
#include "protocol/Frame.h"
#include "protocol/JsonRpc.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <gtest/gtest.h>

#include <memory>

namespace tandem::test {
namespace {

class SlowAgent
{
public:
    explicit SlowAgent(int replyAfterMs) : m_replyAfterMs(replyAfterMs)
    {
        EXPECT_TRUE(m_server.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                auto decoder = std::make_shared<protocol::FrameDecoder>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, decoder] {
                    decoder->append(socket->readAll());
                    while (auto frame = decoder->takeFrame()) {
                        protocol::RpcError error;
                        const auto message = protocol::parseMessage(*frame, &error);
                        if (!message)
                            continue;
                        const QJsonValue id = message->id;
                        if (message->method == QLatin1String(protocol::method::kHello)) {
                            socket->write(protocol::encodeFrame(protocol::encodeResult(id, QJsonObject{})));
                            continue;
                        }
                        QTimer::singleShot(m_replyAfterMs, Qt::PreciseTimer, socket, [socket, id] {
                            socket->write(protocol::encodeFrame(
                                protocol::encodeResult(id, QJsonObject{{QStringLiteral("valid"), true}})));
                        });
                    }
                });
            }
        });
    }
    client::Endpoint endpoint() const
    {
        client::Endpoint e;
        e.host = QStringLiteral("127.0.0.1");
        e.port = m_server.serverPort();
        e.user = QStringLiteral("admin");
        e.password = QStringLiteral("secret");
        e.transport = client::Endpoint::Transport::Tcp;
        return e;
    }

private:
    QTcpServer m_server;
    int m_replyAfterMs;
};

TEST(CallTimeout, ACallAllowedLongerThanTheDefaultGetsItsLateReply)
{
    const int lateMs = client::AgentClient::kCallTimeoutMs + 1500;
    SlowAgent agent(lateMs);
    QString error;
    QElapsedTimer taken;
    taken.start();
    const auto result = ctl::callAgent(agent.endpoint(), QStringLiteral("config.validate"), {},
                                       lateMs + 10000, &error);
    ASSERT_TRUE(result.has_value()) << error.toStdString();
    EXPECT_TRUE(result->toObject().value(QStringLiteral("valid")).toBool());
    EXPECT_GE(taken.elapsed(), lateMs);
}

TEST(CallTimeout, AShortTimeoutFailsAtItsOwnLengthNamingIt)
{
    SlowAgent agent(5000);
    QString error;
    QElapsedTimer taken;
    taken.start();
    const auto result = ctl::callAgent(agent.endpoint(), QStringLiteral("status.get"), {}, 1500, &error);
    EXPECT_FALSE(result.has_value());
    EXPECT_LT(taken.elapsed(), 4000);
    EXPECT_TRUE(error.contains(QStringLiteral("1.5 s")) || error.contains(QStringLiteral("1500 ms")))
        << error.toStdString();
    EXPECT_TRUE(error.contains(QStringLiteral("127.0.0.1"))) << error.toStdString();
}

} // namespace
} // namespace tandem::test
