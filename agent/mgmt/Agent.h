#pragma once

// One running tandem-agent: the device's HA node, the management server that serves it, and
// the config store whose commits reconfigure both.
//
// Threads: the agent, its HA node, hot backup, traffic and config store live on the thread
// that creates it (the HA thread: VRRP timers and the backup channel). The management server
// runs on a thread of its own, and configuration texts are parsed and checked on a worker
// pool, so that no client can delay the HA thread.

#include "ConfigLock.h"
#include "ConfigStore.h"
#include "RpcServer.h"
#include "config/DeviceConfig.h"
#include "protocol/DeviceStatus.h"

#include <QJsonArray>
#include <QObject>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <memory>

namespace tandem::ha {
class BackupChannel;
class ChannelTransport;
class HaNode;
class HotBackup;
class LoopWatch;
} // namespace tandem::ha

namespace tandem::lab {
class TrafficDriver;
}

namespace tandem::mgmt {

class AuditLog;
class MetricsServer;

// How the agent is run, beyond its config: where the local socket is, and the management
// plane's limits.
struct AgentOptions
{
    QString localSocketPath; // empty: <config>.d/agent.sock
    RpcServer::Limits limits;
};

// `<configPath>.d/agent.sock`: where the agent listens, and `tandem-agent bridge` connects.
QString localSocketPathFor(const QString& configPath);

class Agent final : public QObject, public ConfigApplier
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Agent)

public:
    // Runs the store's running config. Binds every socket the config asks for; on failure
    // returns nullptr with *error naming the address and port, and nothing stays open.
    static std::unique_ptr<Agent> create(std::unique_ptr<ConfigStore> store, QString* error,
                                         const AgentOptions& options = {});
    ~Agent() override;

    void start();
    void shutdown(); // resign mastership so the peer takes over without waiting

    // ConfigApplier: VRRP groups, service-locations, users and the management listener move
    // to `next`; unchanged VRRP groups keep their state.
    bool apply(const config::DeviceConfig& next, QString* error) override;

    ha::HaNode& haNode() { return *m_haNode; }
    ha::HotBackup& hotBackup() { return *m_hotBackup; }
    ha::ChannelTransport* channelTransport() { return m_transport.get(); }
    lab::TrafficDriver& trafficDriver() { return *m_traffic; }
    // The device status with what hot backup adds (batch-backup state, tables, sync), and how
    // the agent can be reached.
    QJsonObject statusJson() const;
    RpcServer& rpcServer() { return *m_rpcServer; }
    ConfigStore& configStore() { return *m_store; }

private:
    Agent() = default;
    // Starts `work` on the worker pool; `onCore` posts back to the HA thread.
    void runOnWorker(std::function<void()> work);
    void onCore(std::function<void()> work);
    // A commit that would take away the TCP listener the caller came in on is refused unless
    // it is a `commit confirmed` (which rolls back by itself when the caller is cut off).
    std::optional<protocol::RpcError> cutsCallersListener(const config::DeviceConfig& next,
                                                          const RpcServer::Caller& caller,
                                                          const ConfigStore::CommitOptions& options) const;
    protocol::ManagementAccess managementAccess() const;
    // The backup channel now; null without a remote-backup-service (or hot backup).
    ha::BackupChannel* channel() const;
    // Replaces the backup channel when a commit adds, changes or removes it.
    void applyChannel(const config::DeviceConfig& next);
    void registerMethods();
    void registerConfigMethods();
    void registerAudit();
    void scheduleConfirmTimer();
    void onConfirmTimer();
    static QJsonObject helloInfo(const config::DeviceConfig& config);

    config::DeviceConfig m_config;
    std::unique_ptr<ConfigStore> m_store;
    std::unique_ptr<ha::HaNode> m_haNode;
    // Declared before the hot backup that uses it, so that it is destroyed after it.
    std::unique_ptr<ha::ChannelTransport> m_transport;
    std::unique_ptr<ha::HotBackup> m_hotBackup;
    std::unique_ptr<MetricsServer> m_metrics;
    std::unique_ptr<lab::TrafficDriver> m_traffic; // feeds m_hotBackup's engines: goes first
    std::unique_ptr<AuditLog> m_audit;             // the server writes to it: outlives it
    std::unique_ptr<ha::LoopWatch> m_loopWatch;
    std::unique_ptr<RpcServer> m_rpcServer;
    std::unique_ptr<QThread> m_managementThread; // where m_rpcServer runs once started
    QThreadPool m_workers;                       // config parsing and checks
    QTimer m_confirmTimer; // fires at the pending commit-confirmed deadline
    ConfigLock m_configLock;
    bool m_started = false; // a pair push's lease on this device's configuration
    QJsonArray m_alarms;   // the last kAlarmLog alarms, oldest first (status "alarms")
    static constexpr qsizetype kAlarmLog = 50;
};

} // namespace tandem::mgmt
