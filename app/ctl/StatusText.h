#pragma once

// Human-readable renderings of agent status, in the shape of `display vrrp brief` and
// `display service-location`.

#include "protocol/DeviceStatus.h"

#include <QString>

namespace tandem::ctl {

QString formatDeviceStatus(const protocol::DeviceStatus& status);

} // namespace tandem::ctl
