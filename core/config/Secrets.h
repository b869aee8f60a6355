#pragma once

// The secrets of a configuration: users' password hashes (`password-hash`), their API tokens'
// hashes (`token-sha256`) and the backup channels' keys (`authentication-key`). They leave the
// agent as kMaskedSecret to everyone but an admin who asks for them; a masked text that comes
// back (an engineer edits the config they fetched) keeps the running secrets. Plain C++.

#include "DeviceConfig.h"

#include <string>
#include <string_view>

namespace tandem::config {

// What stands in a secret's place.
inline constexpr std::string_view kMaskedSecret = "******";

// True for a keyword whose next token is a secret: password-hash, token-sha256,
// authentication-key. Characters before the keyword that are no part of a word ("#" of a
// comment, "+" / "-" of a diff line) are ignored.
bool isSecretKeyword(std::string_view token);

// `text` with the token after every secret keyword replaced by kMaskedSecret, line by line,
// whether or not the line parses and in comments too (a commented-out user line is as secret as
// a live one). Everything else stays byte for byte, so it works on configuration texts, on
// unified diffs of them and on diff summaries alike.
std::string maskSecrets(std::string_view text);

// `config` with each secret that is set replaced by kMaskedSecret: what the semantic diff of
// two masked configurations compares, so that a changed secret alone shows no change.
DeviceConfig maskSecrets(DeviceConfig config);

// A masked text made whole again: each kMaskedSecret in a secret's place becomes the secret the
// `running` configuration has for the same object (the user of that name, the service-location
// of that id). One the running configuration does not have (a new user, a key that was never
// set) stays masked, and parsing then refuses it naming its line. A text without
// kMaskedSecret is returned as it is, without being parsed.
std::string keepRunningSecrets(std::string_view text, const DeviceConfig& running);

} // namespace tandem::config
