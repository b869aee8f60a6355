#pragma once

// `display …` commands in the device's own text form, as the reference's samples show them
// (../shared/reference/huawei-cgn-ha.md §4): current-configuration, service-location, vrrp.

#include <QString>
#include <optional>

namespace tandem::ha {
class HaNode;
}

namespace tandem::mgmt {

// `command` with or without the leading "display". Returns the text, or nullopt with *error
// naming the command (unknown, or an object that is not configured).
std::optional<QString> runDisplayCommand(const QString& command, const ha::HaNode& node,
                                         QString* error);

} // namespace tandem::mgmt
