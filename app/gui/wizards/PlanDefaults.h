#pragma once

// The plan the hot-backup wizard starts from when the devices are not a pair yet: what their
// running configurations already say (sysnames, the service-locations and their groups, the
// interfaces), the reference's values for the rest. Fields it cannot know (the virtual IPs, the
// channel's port) are left for the user, and checkPlan names them.

#include "config/PairPlan.h"

namespace tandem::gui {

config::PairPlan defaultPlan(const config::DeviceConfig& a, const config::DeviceConfig& b);

// The masters the mode implies: A of every location in 1:1; in 1+1 A of the odd ones and B of
// the even ones.
void assignMasters(config::PairPlan& plan);

} // namespace tandem::gui
