#pragma once

// The agent-protocol methods of lab mode: lab.traffic (the traffic generator), lab.fault
// (fault injection), lab.fill (a bulk of sessions, for benchmarks) and lab.status. Always registered, so that a caller learns why they are
// refused: each one answers Forbidden unless the running config has `lab enable`.

#include <functional>

namespace tandem::ha {
class BackupChannel;
class HaNode;
class HotBackup;
} // namespace tandem::ha

namespace tandem::lab {
class TrafficDriver;
}

namespace tandem::mgmt {

class RpcServer;

struct LabContext
{
    ha::HaNode* node = nullptr;
    ha::HotBackup* hotBackup = nullptr;
    // The backup channel now (a commit may add, replace or remove it); null: no
    // remote-backup-service configured.
    std::function<ha::BackupChannel*()> channel;
    lab::TrafficDriver* traffic = nullptr;
    std::function<bool()> enabled; // `lab enable` in the running config (it may change by commit)
};

void registerLabMethods(RpcServer& server, const LabContext& context);

} // namespace tandem::mgmt
