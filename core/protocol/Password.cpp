#include "Password.h"

#include <QCryptographicHash>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QStringList>
#include <algorithm>

namespace tandem::protocol {

namespace {
constexpr int kKeyLength = 32;
constexpr int kSaltLength = 16;
constexpr int kTokenBytes = 32;

// Constant time, so a wrong secret does not reveal how much of it was right.
bool equalInConstantTime(const QByteArray& a, const QByteArray& b)
{
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (qsizetype i = 0; i < std::min(a.size(), b.size()); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}
} // namespace

QString hashPassword(const QString& password, int iterations)
{
    QByteArray salt(kSaltLength, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(salt.data()),
                                          kSaltLength / sizeof(quint32));
    const QByteArray key = QPasswordDigestor::deriveKeyPbkdf2(
        QCryptographicHash::Sha256, password.toUtf8(), salt, iterations, kKeyLength);
    return QStringLiteral("pbkdf2-sha256$%1$%2$%3")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(key.toBase64()));
}

bool verifyPassword(const QString& password, const QString& encodedHash, QString* error)
{
    auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    const QStringList parts = encodedHash.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts[0] != QStringLiteral("pbkdf2-sha256"))
        return fail(QStringLiteral("password hash is not of the form "
                                   "pbkdf2-sha256$<iterations>$<salt>$<key>"));
    bool numeric = false;
    const int iterations = parts[1].toInt(&numeric);
    if (!numeric || iterations < 1 || iterations > 10'000'000)
        return fail(QStringLiteral("password hash has a bad iteration count '%1'").arg(parts[1]));
    const auto salt = QByteArray::fromBase64Encoding(parts[2].toLatin1(),
                                                     QByteArray::AbortOnBase64DecodingErrors);
    const auto expected = QByteArray::fromBase64Encoding(parts[3].toLatin1(),
                                                         QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || !expected || expected.decoded.isEmpty())
        return fail(QStringLiteral("password hash has bad base64 in its salt or key"));
    const QByteArray key =
        QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password.toUtf8(),
                                           salt.decoded, iterations, expected.decoded.size());
    if (!equalInConstantTime(key, expected.decoded))
        return fail(QStringLiteral("wrong password"));
    return true;
}

QString makeApiToken()
{
    QByteArray bytes(kTokenBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()),
                                          kTokenBytes / sizeof(quint32));
    return QStringLiteral("tdm_") +
           QString::fromLatin1(
               bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString apiTokenSha256(const QString& token)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool verifyApiToken(const QString& token, const QString& hexHash)
{
    const QByteArray hex = hexHash.toLatin1();
    const bool wellFormed =
        hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        });
    if (!wellFormed)
        return false;
    return equalInConstantTime(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256),
                               QByteArray::fromHex(hex));
}

} // namespace tandem::protocol
