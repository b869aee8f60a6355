#pragma once

#include <functional>

// The agent-protocol methods of hot backup and the CGN tables: ha.status, ha.switchover,
// ha.batchBackup, cgn.counts, cgn.sessions, cgn.users, cgn.user, cgn.pools.

#include "cgn/CgnEngine.h"

#include <QJsonObject>

namespace tandem::ha {
class BackupChannel;
class HaNode;
class HotBackup;
struct LoopStalls;
} // namespace tandem::ha

namespace tandem::mgmt {

class RpcServer;

// `channelOf` gives the backup channel now (a commit may change it); null: no
// remote-backup-service configured.
void registerHaMethods(RpcServer& server, ha::HaNode& node, ha::HotBackup& hotBackup,
                       std::function<ha::BackupChannel*()> channelOf);

QJsonObject toJson(const cgn::SessionView& session);
QJsonObject toJson(const cgn::UserView& user);
QJsonObject toJson(const cgn::Counts& counts);
QJsonObject channelJson(const ha::BackupChannel& channel);

// The `counters` topic's sample: per service-location role, batch state and table sizes; the
// channel's sync counters, lag and queue; hot backup's record counters. Cheap: no digests.
QJsonObject countersJson(const ha::HotBackup& hotBackup, const ha::BackupChannel* channel);

// Prometheus exposition text (format 0.0.4) of the device: roles, VRRP, channel, sync, batch
// backup, tables against their limits, port blocks, drops, switchovers, and how long the
// event loop was held (`loop` may be null).
QString metricsText(const ha::HaNode& node, const ha::HotBackup& hotBackup,
                    const ha::BackupChannel* channel, const ha::LoopStalls* loop = nullptr);

} // namespace tandem::mgmt
