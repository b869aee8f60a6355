#pragma once

// Whether the two entries of a pair reach one and the same agent (an inventory mistake: both
// addresses lead to one device), told by what the agent itself reports — its name and the
// moment it started, or the certificate it presents — never by the addresses the user typed.

#include "client/DeviceMonitor.h"

#include <QString>

namespace tandem::gui {

class DeviceIdentity final
{
public:
    // The device's name when both monitors show the same agent; "" when they are two devices
    // or that is not known (a device not connected).
    static QString sameDevice(const client::DeviceMonitor& a, const client::DeviceMonitor& b);
};

} // namespace tandem::gui
