#pragma once

// `display …` commands in the device's own text form, as the reference's samples show them
// (../shared/reference/huawei-cgn-ha.md §4): current-configuration, service-location, vrrp,
// remote-backup-service, service-ha global-information, nat session table, nat
// user-information.

#include <QString>
#include <optional>

namespace tandem::ha {
class BackupChannel;
class HaNode;
class HotBackup;
} // namespace tandem::ha

namespace tandem::mgmt {

// What the commands read. Only the node is required: without hot backup the tables and the
// batch-backup state are shown as absent, without a channel the RBS as closed.
struct DisplaySources
{
    const ha::HaNode* node = nullptr;
    const ha::HotBackup* hotBackup = nullptr;
    const ha::BackupChannel* channel = nullptr;
};

// Listings of the session and user tables stop after this many entries and say how many more
// there are: a table of millions is paged through cgn.sessions / cgn.users instead.
inline constexpr int kDisplayPageSize = 100;

// `command` with or without the leading "display". Returns the text, or nullopt with *error
// naming the command (unknown, or an object that is not configured).
std::optional<QString> runDisplayCommand(const QString& command, const DisplaySources& sources,
                                         QString* error);

} // namespace tandem::mgmt
