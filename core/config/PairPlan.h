#pragma once

// A pair plan: what an engineer decides when two devices become an inter-chassis hot-backup
// pair (reference §3.1–§3.8), and the generator that writes it into both configurations.
// Plain C++; tandemctl (`lab up`, `config generate`), the tests and the wizard share it.
//
// The plan holds only the hot-backup parts. Each device keeps its own base configuration (basic
// NAT, interfaces, users, the `tandem-agent` view); generatePair() replaces the hot-backup
// parts in it and mirrors what is relative to the peer:
//  - `service-ha hot-backup enable`, `service-ha delay-time`, `batch-backup service-type nat …`;
//  - per service-location: `location slot`, `remote-backup interface <channel> peer <peer's
//    address> [authentication-key]`, `vrrp vrid <n> interface <channel>`, and on the channel
//    interface the VRRP group (virtual IP, priority: the higher on the planned master, preempt
//    delay on the master only, advert interval, tracking of the location and of the uplink);
//  - the service-instance-group of each location holds it and is bound to the plan's RBS;
//  - the RBS: `peer <peer's address> source <own address> port <port>`;
//  - load balancing: the pool is `slave` on the backup of its service-locations, the NAT
//    instance gets the plan's `nat ip-address`;
//  - VPN over NAT: the VPN instances exist on both devices.
// The VRRP groups of the planned service-locations in the base are replaced, as is every RBS; a
// base location the plan does not list keeps its own VRRP group, and may not have a channel.
//
// A generated pair passes pairCheck() without an error, or generation fails with errors that
// name the plan field (the JSON key path: "serviceLocations[1].vrid", "a.channelAddress").

#include "DeviceConfig.h"
#include "PairCheck.h"
#include "Validate.h"

#include <optional>
#include <string>
#include <vector>

namespace tandem::config {

struct PlanDevice
{
    std::string name;             // sysname
    std::string channelInterface; // the backup channel's interface; the VRRP groups run on it
    Ipv4Address channelAddress;
    int channelPrefixLength = 24;
    std::string uplinkInterface; // tracked by every VRRP group; empty: none tracked
    // The file of the device's base configuration, relative to the plan file; empty: the
    // plan names none (the caller gives the base). Not part of what the plan configures.
    std::string baseConfig;
    bool operator==(const PlanDevice&) const = default;
};

struct PlanServiceLocation
{
    int id = 1;
    int slot = 1;
    std::string serviceInstanceGroup; // the group holding it, which its NAT instances bind
    int vrid = 1;
    Ipv4Address virtualIp;
    Side master = Side::A;
    int masterPriority = 200;
    int backupPriority = 150;
    // The master's delay before it takes its role back; the backup takes over at once (0), as
    // the reference advises.
    int preemptDelaySeconds = 1500;
    int advertIntervalMs = 1000; // a multiple of 10
    // `track service-location <id> reduced <n>` and `track interface <uplink> reduced <n>` on
    // both devices; 0: computed (trackingReduction()).
    int trackServiceLocationReduced = 0;
    int trackUplinkReduced = 0;
    bool operator==(const PlanServiceLocation&) const = default;
};

// `remote-backup-service <name>` + `peer … port <port>`; the key goes on every location's channel.
struct PlanRemoteBackupService
{
    std::string name = "rbs";
    int port = 0;
    std::string authenticationKey; // 8-16 characters; empty: none
    bool operator==(const PlanRemoteBackupService&) const = default;
};

// NAT load balancing over inter-chassis backup (reference §3.6): the pool the instance binds is
// `slave` on the backup device; `nat ip-address` steers traffic to the master chassis.
struct PlanLoadBalancing
{
    std::string natInstance;
    std::string pool;
    Ipv4Address ipAddress;
    int prefixLength = 32;
    std::string vpnInstance; // `… vpn-instance <v>` on the ip-address; empty: none
    bool operator==(const PlanLoadBalancing&) const = default;
};

// VPN over NAT (reference §3.7): `ip vpn-instance <name>` + `ipv4-family` on both devices.
struct PlanVpnInstance
{
    std::string name;
    std::string routeDistinguisher; // empty: none
    bool operator==(const PlanVpnInstance&) const = default;
};

struct PairPlan
{
    PairMode mode = PairMode::OneToOne;
    PlanDevice a;
    PlanDevice b;
    std::vector<PlanServiceLocation> serviceLocations;
    PlanRemoteBackupService remoteBackupService;
    std::vector<PlanLoadBalancing> loadBalancing;
    std::vector<PlanVpnInstance> vpnInstances;
    bool hotBackup = true;    // `service-ha hot-backup enable`
    int delayTimeSeconds = 1; // `service-ha delay-time <1-300>`
    bool batchBackup = true;  // `batch-backup service-type nat enable` (on by default)
    std::optional<int> batchBackupIntervalSeconds; // `… timer-interval <n>`
    const PlanDevice& device(Side side) const { return side == Side::A ? a : b; }
    bool operator==(const PairPlan&) const = default;
};

std::string_view toString(PairMode mode); // "1:1", "1+1"
std::optional<PairMode> pairModeFromString(std::string_view text);

// A plan field that cannot be generated, or a config object that cannot be read into a plan.
struct PlanError
{
    std::string field; // the plan's JSON key path, e.g. "serviceLocations[0].vrid"
    std::string message;
    std::string fix = {};
    std::string format() const; // "field: message"
    bool operator==(const PlanError&) const = default;
};

// The reduction a plan with 0 gets: more than the priority gap, so that a failed tracked object
// takes the master below the backup (master − reduction < backup, and the floor of 1 stays
// below a backup of 2 or more), with the reference's margin of 10 (200/150 → 60) so that a
// later small priority change does not silently stop the swap.
int trackingReduction(const PlanServiceLocation& location);

// Every error in the plan alone (ranges, duplicates, addresses, roles against the mode), in
// field order; empty when generatePair can go on to the devices.
std::vector<PlanError> checkPlan(const PairPlan& plan);

struct GeneratedPair
{
    DeviceConfig a; // meaningful only when errors is empty
    DeviceConfig b;
    std::vector<PlanError> errors;
    bool ok() const { return errors.empty(); }
};

// Both configurations: each base kept, the plan's hot-backup parts added or replaced. Fails
// with checkPlan's errors, with errors naming what the plan refers to and a base lacks, or,
// should the result still not pass validateConfig and pairCheck, with their errors.
GeneratedPair generatePair(const PairPlan& plan, const DeviceConfig& runningA,
                           const DeviceConfig& runningB);

struct DerivedPlan
{
    PairPlan plan; // meaningful only when errors is empty
    // What the configs configure for hot backup that the plan cannot express, each naming the
    // line or object ("service-location 1: authentication-key … hash-algorithm hmac-sha256");
    // generatePair(plan, …) would drop or change these.
    std::vector<std::string> unexpressed;
    std::vector<PlanError> errors; // the plan fields that cannot be read from the configs
    bool ok() const { return errors.empty(); }
};

// Reads an existing pair back into a plan: derivePlan(generatePair(p, …)) gives p back (without
// the base file names).
DerivedPlan derivePlan(const DeviceConfig& a, const DeviceConfig& b);

} // namespace tandem::config
