#include "DeviceMonitor.h"

#include "Logging.h"

#include <QJsonArray>

namespace tandem::client {

DeviceMonitor::DeviceMonitor(QObject* parent) : QObject(parent)
{
    connect(&m_client, &AgentClient::stateChanged, this, &DeviceMonitor::onClientState);
    connect(&m_client, &AgentClient::notificationReceived, this, &DeviceMonitor::onNotification);
}

void DeviceMonitor::start(const Endpoint& endpoint)
{
    m_client.open(endpoint, true);
}

void DeviceMonitor::stop()
{
    m_client.close();
}

void DeviceMonitor::onClientState(AgentClient::State state)
{
    if (state != AgentClient::State::Connected)
        setStatus(std::nullopt);
    Q_EMIT connectionStateChanged(state);
    if (state != AgentClient::State::Connected)
        return;
    const QJsonObject params{
        {QStringLiteral("topics"), QJsonArray{QLatin1String(protocol::topic::kState)}}};
    m_client.call(QLatin1String(protocol::method::kSubscribe), params,
                  [this](const QJsonValue& result, const std::optional<protocol::RpcError>& error) {
                      if (error) {
                          qCWarning(lcClient) << endpoint().toString()
                                              << "refused the subscription:" << error->toString();
                          return;
                      }
                      onNotification(QLatin1String(protocol::method::kStateChanged),
                                     result.toObject().value(QLatin1String(protocol::topic::kState)).toObject());
                  });
}

void DeviceMonitor::onNotification(const QString& method, const QJsonObject& params)
{
    if (method != QLatin1String(protocol::method::kStateChanged) ||
        m_client.state() != AgentClient::State::Connected)
        return;
    QString error;
    std::optional<protocol::DeviceStatus> status = protocol::DeviceStatus::fromJson(params, &error);
    if (!status) {
        qCWarning(lcClient) << endpoint().toString() << "sent a bad status:" << error;
        return;
    }
    setStatus(std::move(status));
}

void DeviceMonitor::setStatus(std::optional<protocol::DeviceStatus> status)
{
    if (m_status == status)
        return;
    m_status = std::move(status);
    Q_EMIT statusChanged();
}

} // namespace tandem::client
