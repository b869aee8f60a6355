#pragma once

// The plan the hot-backup wizard starts from when proposePlan (core/config/PlanProposal.h) finds
// no default for a field: what the running configurations say (sysnames, the service-locations
// and their groups, the addressed interfaces), the rest left for the user, whom checkPlan tells.

#include "config/PairPlan.h"

namespace tandem::gui {

config::PairPlan defaultPlan(const config::DeviceConfig& a, const config::DeviceConfig& b);

// The masters the mode implies: A of every location in 1:1; in 1+1 A of the odd ones and B of
// the even ones.
void assignMasters(config::PairPlan& plan);

} // namespace tandem::gui
