#include "BlockingCall.h"

#include <QEventLoop>
#include <QTimer>

namespace tandem::ctl {

std::optional<QJsonValue> callAgent(const client::Endpoint& endpoint, const QString& method,
                                    const QJsonObject& params, int timeoutMs, QString* error,
                                    QJsonValue* errorData)
{
    client::AgentClient client;
    QEventLoop loop;
    std::optional<QJsonValue> result;
    bool called = false;
    QObject::connect(&client, &client::AgentClient::stateChanged, &loop,
                     [&](client::AgentClient::State state) {
                         if (state == client::AgentClient::State::Disconnected) {
                             if (!called)
                                 *error = client.lastError();
                             loop.quit();
                             return;
                         }
                         if (state != client::AgentClient::State::Connected || called)
                             return;
                         called = true;
                         client.call(method, params,
                                     [&](const QJsonValue& value,
                                         const std::optional<protocol::RpcError>& rpcError) {
                                         if (rpcError) {
                                             *error = QStringLiteral("%1: %2").arg(
                                                 endpoint.toString(), rpcError->message);
                                             if (errorData)
                                                 *errorData = rpcError->data;
                                         } else {
                                             result = value;
                                         }
                                         loop.quit();
                                     });
                     });
    QTimer::singleShot(timeoutMs, &loop, [&] {
        *error = QStringLiteral("%1: no answer within %2 ms").arg(endpoint.toString()).arg(timeoutMs);
        loop.quit();
    });
    client.open(endpoint, false);
    loop.exec();
    client.close();
    return result;
}

} // namespace tandem::ctl
