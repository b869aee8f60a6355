#include "BlockingCall.h"

#include "protocol/TlsFingerprint.h"

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

bool applyTlsOptions(client::Endpoint* endpoint, bool tls, const QString& fingerprint,
                     QString* error)
{
    if (!fingerprint.isEmpty() && !tls) {
        *error = QStringLiteral("--fingerprint needs --tls");
        return false;
    }
    if (!fingerprint.isEmpty() && !protocol::isCertificateFingerprint(fingerprint)) {
        *error = QStringLiteral("--fingerprint '%1' is not of the form SHA256:<43 base64 "
                                "characters> that `tandem-agent --fingerprint` prints")
                     .arg(fingerprint);
        return false;
    }
    endpoint->transport = tls ? client::Endpoint::Transport::Tls : client::Endpoint::Transport::Tcp;
    endpoint->pinnedFingerprint = fingerprint;
    return true;
}

} // namespace tandem::ctl
