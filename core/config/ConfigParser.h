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

// Where a secret stands in the text and whose it is (Secrets.h): what keepRunningSecrets() needs
// to put the running one in a masked one's place.
struct SecretField
{
    enum class Kind
    {
        PasswordHash,     // `management user <name> … password-hash <hash>`
        TokenSha256,      // `management user <name> … token-sha256 <hex>`
        AuthenticationKey // `remote-backup … authentication-key <key>` in a service-location
    };
    Kind kind = Kind::PasswordHash;
    SourceLocation where;      // the secret's token
    std::string user;          // PasswordHash, TokenSha256: whose
    int serviceLocationId = 0; // AuthenticationKey: whose
    bool masked = false;       // the token is kMaskedSecret
};

struct ParseResult
{
    DeviceConfig config;              // meaningful only when errors is empty
    std::vector<ConfigError> errors;  // every problem found, in line order
    std::vector<SecretField> secrets; // the secrets of the lines that parsed, in line order
    bool ok() const { return errors.empty(); }
};

struct ParseOptions
{
    // Reads kMaskedSecret in a secret's place as its value (the field then holds the mask)
    // instead of refusing it: for keepRunningSecrets(), and to compare masked texts.
    bool maskedSecrets = false;
};

// Parses VRP-style text. Unknown or malformed commands are errors with line and column;
// nothing is silently dropped. Also checks the references the agent relies on (a
// service-location's VRRP group and interfaces exist, VRIDs and ids in range …) once every line
// parses: a line that failed leaves its object out, and what names it would only echo the line's
// error. An unknown command's fix names the nearest command of its view when one is close; the
// lines indented under an unknown unindented one (a misspelt view header) are skipped. A secret
// shown masked (kMaskedSecret) is an error saying how to give it, unless the options allow it.
// No message quotes a secret.
ParseResult parseConfig(std::string_view text, const ParseOptions& options = {});

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

// Edit distance counting a swap of two neighbouring characters as one edit ("vird" → "vrid"):
// how the nearest command (or tandemctl option) to a mistyped one is found.
std::size_t editDistance(std::string_view a, std::string_view b);

} // namespace tandem::config
