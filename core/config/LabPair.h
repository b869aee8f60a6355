#pragma once

// The lab pair's configurations, built in one place for `tandemctl lab up` and the tests: a
// bare base per device (basic NAT, interfaces, the `tandem-agent` view, one VRRP group per
// service-location so that each device serves alone) and the plan that makes them a pair.
// Plain C++.

#include "PairPlan.h"

#include <cstdint>
#include <string>

namespace tandem::config {

struct LabPairOptions
{
    PairMode mode = PairMode::OneToOne;
    // Device A's address; B has the next one, the virtual IPs the two after (all in 127/8).
    Ipv4Address firstAddress{0x7f00000b}; // 127.0.0.11
    int advertMs = 200;
    // The master's; short, so that a lab switches back soon. pair-check gives no advice on it,
    // since the configs say `lab enable` (PairCheck.cpp).
    int preemptDelaySeconds = 3;
    int managementPort = 7830;
    int vrrpPort = 11200;
    int backupPort = 11201; // the remote-backup-service port: the backup channel
    int metricsPort = 9464;
    std::string passwordHash; // of user admin
    // The OS user running the lab (who starts its agents): an admin who logs in by peer
    // credentials on the agents' local sockets. Empty: none.
    std::string peerUser;
    std::uint32_t sessionTableSize = AgentSettings::kDefaultSessionTableSize;
    // NAT load balancing (reference §6, mode 1:1): two service-locations in one
    // service-instance-group, both master on A, one NAT instance whose address group binds the
    // global pool `pool1` (203.0.113.0/24, subnets initial 27 extend 29: the §6 example's
    // /24 → /25 → /27 scaled so that the lab's 10,000 subscribers per location need an extend),
    // `slave` on B, `nat ip-address` 198.51.100.10 (not routed in a lab).
    bool loadBalancing = false;
};

// Device A (Side::A, "CGN-A") or B ("CGN-B") alone: service-locations with their boards, VRRP
// groups and NAT instances, no backup channel and no hot backup.
DeviceConfig labBaseConfig(const LabPairOptions& options, Side device);

// A is master of service-location 1 (priority 200 against 150, preempt delay on the master);
// in 1+1 B is master of service-location 2. Every group tracks its location and the uplink
// GigabitEthernet0/1/3 with reduction 60.
PairPlan labPlan(const LabPairOptions& options);

// labPlan applied to both labBaseConfigs.
GeneratedPair labPair(const LabPairOptions& options);

} // namespace tandem::config
