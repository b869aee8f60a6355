#pragma once

// What changed between two configurations: per object (semantic) and as a unified text diff of
// the canonical prints. Plain C++.

#include "DeviceConfig.h"

#include <string>
#include <string_view>
#include <vector>

namespace tandem::config {

struct ObjectChange
{
    enum class Kind
    {
        Added,
        Removed,
        Changed
    };
    Kind kind = Kind::Changed;
    std::string object;                    // "interface GigabitEthernet0/1/1", "global" …
    std::vector<std::string> removedLines; // canonical lines, without the newline
    std::vector<std::string> addedLines;
    bool operator==(const ObjectChange&) const = default;
};

struct ConfigDiff
{
    std::vector<ObjectChange> changes; // removed and changed objects in the old order, then added
    bool empty() const { return changes.empty(); }
};

// Objects are matched by their key (ConfigBlock::key); an object whose canonical lines differ
// is Changed, with the lines that went and came.
ConfigDiff diffConfigs(const DeviceConfig& oldConfig, const DeviceConfig& newConfig);

// For people: "+ nat instance nat" / "- service-location 2" / "~ interface …" followed by the
// changed lines, indented. Empty when nothing changed.
std::string formatDiff(const ConfigDiff& diff);

// A unified diff (`diff -u` format, `context` lines around each change) of two texts; empty
// when they are equal.
std::string unifiedDiff(std::string_view oldText, std::string_view newText,
                        std::string_view oldName, std::string_view newName, int context = 3);

} // namespace tandem::config
