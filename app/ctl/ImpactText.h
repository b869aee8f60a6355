#pragma once

// The impact of a commit (config.impact) for people, as `tandemctl config diff` and
// `config impact` print it: one line per service-location and VRRP group, what is dropped
// named with its count, and the caller's own user and listener.

#include "protocol/ConfigImpact.h"

#include <QString>

namespace tandem::ctl {

QString formatConfigImpact(const protocol::ConfigImpact& impact);

} // namespace tandem::ctl
