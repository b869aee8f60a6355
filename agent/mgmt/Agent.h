#pragma once

// One running tandem-agent: the device's HA node and the management server that serves it.

#include "config/DeviceConfig.h"

#include <QObject>
#include <memory>

namespace tandem::ha {
class HaNode;
}

namespace tandem::mgmt {

class RpcServer;

class Agent final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Agent)

public:
    // Binds every socket the config asks for; on failure returns nullptr with *error naming
    // the address and port, and nothing stays open.
    static std::unique_ptr<Agent> create(const config::DeviceConfig& config, QString* error);
    ~Agent() override;

    void start();
    void shutdown(); // resign mastership so the peer takes over without waiting

    ha::HaNode& haNode() { return *m_haNode; }
    RpcServer& rpcServer() { return *m_rpcServer; }

private:
    Agent() = default;
    void registerMethods();

    config::DeviceConfig m_config;
    std::unique_ptr<ha::HaNode> m_haNode;
    std::unique_ptr<RpcServer> m_rpcServer;
};

} // namespace tandem::mgmt
