#pragma once

// The one spelling of an agent's certificate fingerprint, shared by `tandem-agent
// --fingerprint`, the agent's log, the client's pin check and tandemctl --fingerprint:
// "SHA256:" + unpadded base64 of the SHA-256 of the certificate's DER, as OpenSSH prints
// host keys, so users compare it the way they already compare SSH fingerprints.

#include <QString>

class QSslCertificate;

namespace tandem::protocol {

QString certificateFingerprint(const QSslCertificate& certificate);

// True when `text` has the shape of a fingerprint (prefix and 43 base64 characters), so that
// a mistyped pin is reported as such instead of as a changed certificate.
bool isCertificateFingerprint(const QString& text);

} // namespace tandem::protocol
