#include "TlsFingerprint.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSslCertificate>

namespace tandem::protocol {

QString certificateFingerprint(const QSslCertificate& certificate)
{
    const QByteArray digest = certificate.digest(QCryptographicHash::Sha256);
    return QStringLiteral("SHA256:") +
           QString::fromLatin1(digest.toBase64(QByteArray::OmitTrailingEquals));
}

bool isCertificateFingerprint(const QString& text)
{
    static const QRegularExpression shape(QStringLiteral("^SHA256:[A-Za-z0-9+/]{43}$"));
    return shape.match(text).hasMatch();
}

} // namespace tandem::protocol
