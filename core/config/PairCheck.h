#pragma once

// Checks two device configurations as an HA pair: the most common cause of a broken pair is two
// configs that do not mirror (reference §3.2–§3.8, §8.7). Plain C++.

#include "DeviceConfig.h"
#include "Validate.h"

#include <optional>
#include <vector>

namespace tandem::config {

enum class PairMode
{
    OneToOne,  // 1:1: one device is master of every service-location, the other backs it up
    OnePlusOne // 1+1: each device is master of some service-locations and backs up the others
};

struct PairCheckOptions
{
    // The intended mode; without it the mode is not checked, since several service-locations
    // with one master are 1:1 balanced across CPUs (reference §6), not a broken 1+1.
    std::optional<PairMode> mode;
};

// Findings point into A or B (Finding::side); messages name the devices by sysname. Each
// service-location's master is the device whose bound VRRP group has the higher priority.
std::vector<Finding> pairCheck(const DeviceConfig& a, const DeviceConfig& b,
                               const PairCheckOptions& options = {});

// The preempt delay the reference advises for the master (VSUF/VSUI-400 boards): long enough
// for a batch backup to finish before the switchback. pairCheck warns below it, except on a lab
// master (`lab enable`), whose short delay is deliberate.
int advisedPreemptDelaySeconds(bool channelAuthentication);

} // namespace tandem::config
