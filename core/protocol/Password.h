#pragma once

// Salted PBKDF2 password hashes, as agent configs store them:
//   pbkdf2-sha256$<iterations>$<salt, base64>$<derived key, base64>

#include <QString>

namespace tandem::protocol {

inline constexpr int kDefaultPasswordIterations = 100000;

QString hashPassword(const QString& password, int iterations = kDefaultPasswordIterations);
// False for a wrong password and for a malformed hash alike; *error says which.
bool verifyPassword(const QString& password, const QString& encodedHash, QString* error = nullptr);

} // namespace tandem::protocol
