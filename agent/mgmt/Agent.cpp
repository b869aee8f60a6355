#include "Agent.h"

#include "RpcServer.h"
#include "ha/HaNode.h"
#include "protocol/DeviceStatus.h"

#include <QCoreApplication>

namespace tandem::mgmt {

std::unique_ptr<Agent> Agent::create(const config::DeviceConfig& config, QString* error)
{
    std::unique_ptr<Agent> agent(new Agent);
    agent->m_config = config;
    agent->m_haNode = ha::HaNode::create(agent->m_config, error);
    if (!agent->m_haNode)
        return nullptr;
    const QJsonObject helloInfo{
        {QStringLiteral("device"), QString::fromStdString(config.sysname)},
        {QStringLiteral("agentVersion"), QCoreApplication::applicationVersion()},
        {QStringLiteral("lab"), config.agent.labEnabled},
    };
    agent->m_rpcServer = std::make_unique<RpcServer>(config.agent.users, helloInfo);
    const QString address = config.agent.managementAddress
                                ? QString::fromStdString(config.agent.managementAddress->toString())
                                : QStringLiteral("127.0.0.1");
    if (!agent->m_rpcServer->listen(address, quint16(config.agent.managementPort), error))
        return nullptr;
    agent->registerMethods();
    return agent;
}

Agent::~Agent() = default;

void Agent::registerMethods()
{
    ha::HaNode* node = m_haNode.get();
    m_rpcServer->addMethod(QLatin1String(protocol::method::kStatusGet), config::UserRole::Viewer,
                           [node](const QJsonObject&) -> std::variant<QJsonValue, protocol::RpcError> {
                               return node->status().toJson();
                           });
    m_rpcServer->setSnapshotProvider(QLatin1String(protocol::topic::kState),
                                     [node] { return node->status().toJson(); });
    connect(node, &ha::HaNode::changed, this, [this, node] {
        m_rpcServer->publish(QLatin1String(protocol::topic::kState),
                             QLatin1String(protocol::method::kStateChanged),
                             node->status().toJson());
    });
}

void Agent::start()
{
    m_haNode->start();
}

void Agent::shutdown()
{
    m_haNode->shutdown();
}

} // namespace tandem::mgmt
