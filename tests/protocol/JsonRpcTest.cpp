#include "protocol/DeviceStatus.h"
#include "protocol/JsonRpc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

using namespace tandem::protocol;

namespace {

Message parseOk(const QByteArray& payload)
{
    RpcError error;
    const auto message = parseMessage(payload, &error);
    EXPECT_TRUE(message.has_value()) << error.message.toStdString();
    return message.value_or(Message{});
}

RpcError parseFails(const QByteArray& payload)
{
    RpcError error;
    EXPECT_FALSE(parseMessage(payload, &error).has_value());
    return error;
}

} // namespace

TEST(JsonRpc, RequestRoundTrip)
{
    const Message m = parseOk(encodeRequest(7, QStringLiteral("status.get"),
                                            {{QStringLiteral("x"), 1}}));
    EXPECT_EQ(m.kind, Message::Kind::Request);
    EXPECT_EQ(m.id.toInt(), 7);
    EXPECT_EQ(m.method, QStringLiteral("status.get"));
    EXPECT_EQ(m.params.value(QStringLiteral("x")).toInt(), 1);
}

TEST(JsonRpc, NotificationHasNoId)
{
    const Message m = parseOk(encodeNotification(QStringLiteral("state.changed"), {}));
    EXPECT_EQ(m.kind, Message::Kind::Notification);
}

TEST(JsonRpc, ResultAndErrorRoundTrip)
{
    const Message r = parseOk(encodeResult(3, QJsonObject{{QStringLiteral("ok"), true}}));
    EXPECT_EQ(r.kind, Message::Kind::Result);
    EXPECT_TRUE(r.result.toObject().value(QStringLiteral("ok")).toBool());
    const Message e = parseOk(
        encodeError(4, makeError(ErrorCode::MethodNotFound, QStringLiteral("unknown method 'x'"))));
    EXPECT_EQ(e.kind, Message::Kind::Error);
    EXPECT_EQ(e.error.code, -32601);
    EXPECT_EQ(e.error.message, QStringLiteral("unknown method 'x'"));
}

TEST(JsonRpc, BadJsonNamesTheOffset)
{
    const RpcError error = parseFails("{\"jsonrpc\":\"2.0\",");
    EXPECT_EQ(error.code, int(ErrorCode::ParseError));
    EXPECT_TRUE(error.message.contains(QStringLiteral("offset"))) << error.message.toStdString();
}

TEST(JsonRpc, RejectsWhatIsNotJsonRpc)
{
    EXPECT_EQ(parseFails("[1,2]").code, int(ErrorCode::InvalidRequest));
    EXPECT_TRUE(parseFails("{\"method\":\"x\"}").message.contains(QStringLiteral("jsonrpc")));
    EXPECT_TRUE(parseFails("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}")
                    .message.contains(QStringLiteral("id")));
    EXPECT_EQ(parseFails("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":[1]}").code,
              int(ErrorCode::InvalidParams));
    EXPECT_EQ(parseFails("{\"jsonrpc\":\"2.0\",\"id\":1}").code, int(ErrorCode::InvalidRequest));
}

TEST(DeviceStatus, JsonRoundTrip)
{
    DeviceStatus status;
    status.sysname = QStringLiteral("CGN-A");
    status.managementAddress = QStringLiteral("127.0.0.11");
    status.bootMsecsSinceEpoch = 1764057600123;
    status.serviceLocations.append({1, QStringLiteral("master"), 1, 1,
                                    QStringLiteral("GigabitEthernet0/1/1"),
                                    QStringLiteral("GigabitEthernet0/1/1"),
                                    QStringLiteral("127.0.0.12"), QStringLiteral("NA")});
    VrrpStatus v;
    v.interfaceName = QStringLiteral("GigabitEthernet0/1/1");
    v.vrid = 1;
    v.state = QStringLiteral("Master");
    v.priorityRun = 140;
    v.priorityConfig = 200;
    v.lastChangeReason = QStringLiteral("Protocol timer expired");
    status.vrrpGroups.append(v);

    QString error;
    const QJsonObject json =
        QJsonDocument::fromJson(QJsonDocument(status.toJson()).toJson()).object();
    const auto back = DeviceStatus::fromJson(json, &error);
    ASSERT_TRUE(back.has_value()) << error.toStdString();
    EXPECT_EQ(*back, status);
    EXPECT_EQ(back->findVrrp(1)->priorityRun, 140);
    EXPECT_EQ(back->findServiceLocation(1)->state, QStringLiteral("master"));
    EXPECT_EQ(back->findServiceLocation(2), nullptr);
}

TEST(DeviceStatus, MissingFieldIsNamed)
{
    DeviceStatus status;
    status.vrrpGroups.append(VrrpStatus{});
    QJsonObject json = status.toJson();
    QJsonArray vrrp = json.value(QStringLiteral("vrrp")).toArray();
    QJsonObject group = vrrp[0].toObject();
    group.remove(QStringLiteral("priorityRun"));
    vrrp[0] = group;
    json.insert(QStringLiteral("vrrp"), vrrp);
    QString error;
    EXPECT_FALSE(DeviceStatus::fromJson(json, &error).has_value());
    EXPECT_EQ(error.toStdString(), "vrrp[0]: missing field \"priorityRun\"");
}
