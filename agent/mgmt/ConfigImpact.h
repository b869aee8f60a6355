#pragma once

// `config.impact {text}` (viewer): what a commit of `text` would do to the device as it runs
// (protocol/ConfigImpact.h). The text is parsed, validated and compared on a worker, with the
// decisions the commit itself acts on (ha::keepsEngine, ha::keepsVrrpGroup); the HA thread
// only adds what is live there — roles and the sizes of the tables a rebuild would drop — so a
// text of megabytes does not delay a VRRP advert. Nothing changes.

#include "RpcServer.h"
#include "config/DeviceConfig.h"
#include "protocol/ConfigImpact.h"

#include <functional>

namespace tandem::ha {
class HaNode;
class HotBackup;
} // namespace tandem::ha

namespace tandem::mgmt {

class ConfigStore;

// The impact of committing `next` over `running` for `caller`, without the live parts (roles,
// table sizes: all 0 / false). Plain computation, for the worker.
protocol::ConfigImpact configImpact(const config::DeviceConfig& running,
                                    const config::DeviceConfig& next,
                                    const RpcServer::Caller& caller);

// Adds the live parts on the HA thread: which locations and VRRP groups are master here, and
// the users, sessions and port blocks of each engine that is rebuilt or removed.
void addLiveState(protocol::ConfigImpact* impact, const ha::HaNode& node,
                  const ha::HotBackup& hotBackup);

// What the handler needs of the agent; everything outlives the server's handlers.
struct ConfigImpactAccess
{
    const ConfigStore& store;
    const ha::HaNode& node;
    const ha::HotBackup& hotBackup;
    std::function<void(std::function<void()>)> runOnWorker; // the agent's worker pool
    std::function<void(std::function<void()>)> onCore;      // back to the HA thread
};

void registerConfigImpact(RpcServer& server, ConfigImpactAccess access);

} // namespace tandem::mgmt
