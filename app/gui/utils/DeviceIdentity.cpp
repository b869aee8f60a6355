#include "DeviceIdentity.h"

namespace tandem::gui {

QString DeviceIdentity::sameDevice(const client::DeviceMonitor& a, const client::DeviceMonitor& b)
{
    const auto& statusA = a.status();
    const auto& statusB = b.status();
    if (!statusA || !statusB)
        return {};
    // A TLS certificate is the agent's own key: the same one is the same agent.
    const QString pinA = a.endpoint().pinnedFingerprint;
    const bool samePin = a.endpoint().tls() && b.endpoint().tls() && !pinA.isEmpty() &&
                         pinA == b.endpoint().pinnedFingerprint;
    // Otherwise its name and boot time: two devices of a pair have names of their own, and
    // two agents do not start in the same millisecond under the same name.
    const bool sameBoot = statusA->sysname == statusB->sysname &&
                          statusA->bootMsecsSinceEpoch == statusB->bootMsecsSinceEpoch;
    return samePin || sameBoot ? statusA->sysname : QString();
}

} // namespace tandem::gui
