#pragma once

// Human-readable renderings of agent status, in the shape of `display vrrp brief` and
// `display service-location`; and of tandemctl's usage, one command's part of it.

#include "protocol/DeviceStatus.h"

#include <QString>

namespace tandem::ctl {

QString formatDeviceStatus(const protocol::DeviceStatus& status);

// The blocks of a usage text whose first line names `command` ("lab up", "ha"): that line
// (two spaces, the words) and the more indented lines that follow it. Empty when none does.
QString usageOf(const QString& usage, const QString& command);

} // namespace tandem::ctl
