#pragma once

// The secrets agent configs store for management users, never the secrets themselves:
// - passwords as salted PBKDF2 hashes:
//     pbkdf2-sha256$<iterations>$<salt, base64>$<derived key, base64>
// - API tokens (for scripts and CI jobs) as the SHA-256 of the token, 64 lowercase hex digits.
//   A token is 32 random bytes, so nobody can guess it or search a dictionary for it: a fast
//   hash is enough, and checking one costs the agent's event loop microseconds where PBKDF2
//   costs tens of milliseconds (and so runs on a worker thread).

#include <QString>

namespace tandem::protocol {

inline constexpr int kDefaultPasswordIterations = 100000;

QString hashPassword(const QString& password, int iterations = kDefaultPasswordIterations);
// False for a wrong password and for a malformed hash alike; *error says which.
bool verifyPassword(const QString& password, const QString& encodedHash, QString* error = nullptr);

// A new API token: "tdm_" and 32 bytes of the system's random generator in base64url (no
// padding), 47 characters in all.
QString makeApiToken();
// The SHA-256 of `token` in lowercase hex: what `management user … token-sha256` stores.
QString apiTokenSha256(const QString& token);
// Whether SHA-256(token) is `hexHash` (either case), compared in constant time. False for a
// hash that is not 64 hex digits.
bool verifyApiToken(const QString& token, const QString& hexHash);

} // namespace tandem::protocol
