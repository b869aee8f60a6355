#pragma once

#include "DeviceConfig.h"

#include <string>
#include <string_view>
#include <vector>

namespace tandem::config {

struct ConfigError
{
    SourceLocation where;
    std::string message;
    std::string fix = {}; // a suggested fix, when there is an obvious one
    // "FILE:LINE:COL: error: message" (without "FILE:" when file is empty)
    std::string format(std::string_view file = {}) const;
};

struct ParseResult
{
    DeviceConfig config;             // meaningful only when errors is empty
    std::vector<ConfigError> errors; // every problem found, in line order
    bool ok() const { return errors.empty(); }
};

// Parses VRP-style text. Unknown or malformed commands are errors with line and column;
// nothing is silently dropped. Also checks the references the agent relies on (a
// service-location's VRRP group and interfaces exist, VRIDs and ids in range …).
ParseResult parseConfig(std::string_view text);

// Reads and parses a file; a file that cannot be read is one error naming the path.
ParseResult loadConfigFile(const std::string& path);

// Canonical text: parseConfig(printConfig(c)).config == c (ignoring source locations).
std::string printConfig(const DeviceConfig& config);

// The canonical text of one object (or of the global settings): printConfig joins the blocks
// with `#` lines; the semantic diff compares them by key.
struct ConfigBlock
{
    std::string key; // "sysname", "global", "interface GigabitEthernet0/1/1", "nat instance nat" …
    std::string text; // its lines, each ending in '\n'
};
std::vector<ConfigBlock> printBlocks(const DeviceConfig& config);

} // namespace tandem::config
