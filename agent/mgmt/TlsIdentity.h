#pragma once

// The agent's TLS identity: an EC P-256 key and a self-signed certificate, made on first use
// and kept beside the config in `<config>.d/tls/` (key.pem 0600, cert.pem). Clients pin the
// certificate's fingerprint, so the pair must outlive restarts: it is only ever created when
// missing, never replaced.

#include <QSslCertificate>
#include <QSslKey>
#include <optional>

namespace tandem::mgmt {

struct TlsIdentity
{
    QSslKey key;
    QSslCertificate certificate;
    QString fingerprint; // protocol::certificateFingerprint(certificate)
};

// `<configPath>.d/tls`
QString tlsDirectoryFor(const QString& configPath);

// Loads the identity from `directory`, creating it (and the directory, 0700) when cert.pem
// is missing. A present but unreadable key or certificate is an error naming the file: a
// silently new certificate would only make every client refuse the agent.
std::optional<TlsIdentity> loadOrCreateTlsIdentity(const QString& directory, QString* error);

} // namespace tandem::mgmt
