#pragma once

// Checks on a parsed configuration: the references every consumer relies on, then the
// semantic rules of the reference (ranges, mutual exclusions, limits, what inter-chassis
// backup needs). Plain C++; the agent's config store, tandemctl and the app call it.

#include "ConfigParser.h"
#include "DeviceConfig.h"

#include <string>
#include <string_view>
#include <vector>

namespace tandem::config {

enum class Severity
{
    Error,  // the configuration cannot work as written
    Warning // it works, but not as the reference advises; a likely mistake
};
std::string_view toString(Severity severity);

// Which of two configurations a finding points into. Single-device findings use A.
enum class Side
{
    A,
    B
};

struct Finding
{
    Severity severity = Severity::Error;
    Side side = Side::A;
    SourceLocation where; // line 0: the finding is about the file as a whole
    std::string message;
    std::string fix; // the suggested fix; empty when there is no obvious one

    // "FILE:LINE:COL: severity: message" (without "FILE:" when file is empty)
    std::string format(std::string_view file = {}) const;
    bool operator==(const Finding&) const = default;
};

Finding toFinding(const ConfigError& error, Side side = Side::A);
bool hasErrors(const std::vector<Finding>& findings);

// Undefined references (an interface, service-location, group, service, pool or VPN instance
// that a line names but the file does not configure) and incomplete VRRP groups. parseConfig
// reports these as errors when every line parsed; a model built in code gets them from
// validateConfig.
std::vector<ConfigError> referenceErrors(const DeviceConfig& config);

// Everything referenceErrors finds, plus ranges (for models built in code: the parser already
// refuses out-of-range numbers), mutual exclusions, the 16 service-locations per VRRP group
// limit and what inter-chassis hot backup needs. In line order.
std::vector<Finding> validateConfig(const DeviceConfig& config);

// Parses and validates: the parse errors when there are any, else validateConfig's findings.
std::vector<Finding> checkConfigText(std::string_view text);

} // namespace tandem::config
