#pragma once

// NAT load balancing over inter-chassis backup (reference/huawei-cgn-ha.md §3.6, §6): the
// device's load-balanced global pools (`nat ip-pool … / nat-instance subnet length initial
// <len> [extend <len>]`), carved into subnets held by the service-locations that bind them,
// with the assignment backed up to the peer. Part of HotBackup, which owns one and feeds it.
//
// Who decides what:
//   - Each location's engine has every address of the pool but hands new users only the
//     addresses of its own subnets (CgnEngine::setAllocatable). Users already on an address
//     keep it, whoever holds the subnet now: a location that moves keeps its subnets.
//   - The device that is master of a location speaks for that location's subnets, and only it
//     changes them: its records and digests name the locations it is master of, so a comparison
//     never crosses a change in flight.
//   - Only a pool that is not `slave` assigns: it extends a location it is master of when the
//     free port blocks of the location's subnets fall below the low-water mark (a twentieth of
//     them, at least one user's worth); it drains the location's emptiest extra subnet (no new
//     user there) once the others have twice the low-water mark free without it, gives it back
//     once nobody is left on it, and stops draining if the others run low again. A `slave` pool
//     (the backup device's) applies the master's records and, serving after a switchover, uses
//     what it holds and says so when it runs low; it never assigns.
//   - Records: a Full assignment of the locations the sender is master of at link up and on
//     each change of mastership, Changes for each extend and release, a Check every
//     kCheckEveryMs; the peer answers each with its digest (sync::Subnets::Result). A Full of
//     locations a non-slave pool is itself master of is not applied there (split brain: each
//     keeps its own and the digests say they differ).

#include "SyncCodec.h"
#include "SyncTransport.h"
#include "cgn/CgnEngine.h"
#include "cgn/SubnetPool.h"
#include "config/DeviceConfig.h"

#include <QJsonArray>
#include <QString>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tandem::ha {

// The service-locations of every service-instance-group whose NAT instances bind `pool`, in
// id order.
std::vector<int> poolMembers(const config::DeviceConfig& config, const config::NatIpPoolConfig& pool);

// A load-balanced pool's initial assignment: one subnet of the initial length for each of its
// members, in id order — what both devices compute from their configs (a slave pool alike, so
// it starts from its master's). Nullopt with *error when the pool cannot give every member one.
std::optional<cgn::SubnetPool> poolSubnets(const config::DeviceConfig& config,
                                           const config::NatIpPoolConfig& pool, std::string* error);

struct PoolCounters
{
    std::uint64_t extends = 0;
    std::uint64_t releases = 0;
    std::uint64_t recordsSent = 0;     // subnet records in Full and Changes messages
    std::uint64_t messagesSent = 0;    // sync::Subnets of every kind
    std::uint64_t recordsReceived = 0;
    std::uint64_t refused = 0;         // records or messages from the peer that did not apply
    std::uint64_t mismatches = 0;      // comparisons that found the peer's subnets different
};

class PoolBackup final
{
public:
    struct Hooks
    {
        std::function<bool(int serviceLocation)> isMaster;
        std::function<cgn::CgnEngine*(int serviceLocation)> engine;
        std::function<SyncTransport*()> transport; // nullptr or down: nothing is sent
        std::function<qint64()> nowMs;             // monotonic
        std::function<qint64()> wallMs;
        std::function<void(const QString& key, const QString& message)> raiseAlarm;
        std::function<void(const QString& key)> clearAlarm;
    };
    static constexpr qint64 kCheckEveryMs = 5000;
    static constexpr qint64 kCurrentMs = 2 * kCheckEveryMs + 1000; // a comparison older is stale

    explicit PoolBackup(Hooks hooks);

    // The pools of a committed config: one whose configuration and members are unchanged keeps
    // its assignment; new or changed ones start from the initial assignment (poolSubnets).
    void configure(const config::DeviceConfig& config);
    // Makes the engine of `serviceLocation` hand out only its subnets' addresses: after the
    // engine is built or replaced.
    void applyAllocatable(int serviceLocation);

    // Extends, drains and releases; the periodic check. HotBackup's poll() calls it.
    void poll();
    // The channel came up, or this device became or stopped being master of a location.
    void sendFull();
    void onMessage(const sync::Subnets& message);

    const cgn::SubnetPool* pool(const std::string& name) const;
    // Every load-balanced pool `serviceLocation` binds was compared with the peer within
    // kCurrentMs and found equal (true when it binds none).
    bool inStep(int serviceLocation) const;
    // The digest over every pool's subnets of `serviceLocation` (0 when it binds none).
    std::uint64_t digest(int serviceLocation) const;
    bool hasPools() const { return !m_pools.empty(); }
    QJsonArray statusJson() const;
    const PoolCounters& counters() const { return m_counters; }

private:
    struct Pool
    {
        config::NatIpPoolConfig config;
        std::vector<int> members;
        std::optional<cgn::SubnetPool> subnets; // empty when it cannot be carved (error says why)
        std::string error;
        // A subnet being drained, per member (network; 0: none).
        std::vector<std::pair<int, std::uint32_t>> draining;
        std::optional<bool> peerEqual;
        qint64 comparedAt = 0; // monotonic
        qint64 comparedMs = 0; // wall
        qint64 lastFullMs = -1000000;
    };

    Pool* find(const std::string& name);
    std::vector<int> owned(const Pool& pool) const;
    std::uint32_t drainingOf(const Pool& pool, int location) const;
    void setDraining(Pool& pool, int location, std::uint32_t network);
    void manage(Pool& pool, int location, cgn::CgnEngine& engine);
    void send(Pool& pool, sync::Subnets::Kind kind, std::vector<cgn::SubnetRecord> records);
    void compared(Pool& pool, bool equal);

    Hooks m_hooks;
    std::vector<Pool> m_pools;
    qint64 m_lastCheckMs = 0;
    PoolCounters m_counters;
};

} // namespace tandem::ha
