#pragma once

// A plan proposed for two devices that are not a pair yet: the hot-backup wizard's defaults,
// which `tandemctl config plan` prints for a pair without hot backup and the wizard starts from.
// Plain C++. Read from the two configurations:
//  - the service-locations on both devices, the first one (1:1) or two (1+1), in A's order;
//    masters A, and in 1+1 B for the second;
//  - the channel: the interface both devices configure with addresses in one subnet (the first
//    location's VRRP interface when it is such); the uplink: the next interface both address;
//  - per location its slot and service-instance-group, its VRID when no other VRRP group on the
//    channel uses it (else the lowest free one), its virtual IP when both devices give the same
//    one in the channel subnet (else the first free address after the devices'), its advert
//    interval; priorities 200 / 150 and tracking reductions computed (trackingReduction);
//  - the VPN instances both devices have; hot backup, delay-time 1, batch backup on.

#include "PairPlan.h"

namespace tandem::config {

struct ProposalDefaults
{
    PairMode mode = PairMode::OneToOne;
    int preemptDelaySeconds = PlanServiceLocation{}.preemptDelaySeconds;
    std::string remoteBackupService = "rbs";
    int remoteBackupPort = 1024; // the reference's examples
};

struct ProposedPlan
{
    PairPlan plan;                 // meaningful only when errors is empty
    std::vector<PlanError> errors; // the plan fields no default can be found for
    bool ok() const { return errors.empty(); }
};

ProposedPlan proposePlan(const DeviceConfig& a, const DeviceConfig& b,
                         const ProposalDefaults& defaults = {});

} // namespace tandem::config
