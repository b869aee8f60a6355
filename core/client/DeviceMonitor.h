#pragma once

// The live status of one device: subscribes to the agent's state topic once connected and
// keeps the last pushed status. While disconnected it holds no status at all, so nothing
// downstream can show a role the device may no longer have.

#include "AgentClient.h"
#include "protocol/DeviceStatus.h"

#include <QObject>
#include <optional>

namespace tandem::client {

class DeviceMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceMonitor)

public:
    explicit DeviceMonitor(QObject* parent = nullptr);

    void start(const Endpoint& endpoint);
    void stop();

    AgentClient& client() { return m_client; }
    const Endpoint& endpoint() const { return m_client.endpoint(); }
    AgentClient::State connectionState() const { return m_client.state(); }
    QString lastError() const { return m_client.lastError(); }
    // Set only while connected and subscribed.
    const std::optional<protocol::DeviceStatus>& status() const { return m_status; }

Q_SIGNALS:
    void connectionStateChanged(tandem::client::AgentClient::State state);
    void statusChanged();

private:
    void onClientState(AgentClient::State state);
    void onNotification(const QString& method, const QJsonObject& params);
    void setStatus(std::optional<protocol::DeviceStatus> status);

    AgentClient m_client;
    std::optional<protocol::DeviceStatus> m_status;
};

} // namespace tandem::client
