#include "protocol/Password.h"

#include <gtest/gtest.h>

using namespace tandem::protocol;

TEST(Password, VerifiesTheRightPasswordOnly)
{
    const QString hash = hashPassword(QStringLiteral("s3cret pass"), 1000);
    EXPECT_TRUE(hash.startsWith(QStringLiteral("pbkdf2-sha256$1000$")));
    EXPECT_FALSE(hash.contains(QStringLiteral("s3cret")));
    EXPECT_TRUE(verifyPassword(QStringLiteral("s3cret pass"), hash));
    QString error;
    EXPECT_FALSE(verifyPassword(QStringLiteral("s3cret pas"), hash, &error));
    EXPECT_EQ(error, QStringLiteral("wrong password"));
}

TEST(Password, SaltMakesEachHashDifferent)
{
    EXPECT_NE(hashPassword(QStringLiteral("x"), 1000), hashPassword(QStringLiteral("x"), 1000));
}

TEST(Password, MalformedHashIsExplained)
{
    QString error;
    EXPECT_FALSE(verifyPassword(QStringLiteral("x"), QStringLiteral("md5$abc"), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("pbkdf2-sha256$")));
    EXPECT_FALSE(verifyPassword(QStringLiteral("x"), QStringLiteral("pbkdf2-sha256$0$AA==$AA=="), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("iteration")));
    EXPECT_FALSE(verifyPassword(QStringLiteral("x"), QStringLiteral("pbkdf2-sha256$10$!!$AA=="), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("base64")));
}

TEST(ApiToken, IsRandomUrlSafeAndPrefixed)
{
    const QString token = makeApiToken();
    EXPECT_TRUE(token.startsWith(QStringLiteral("tdm_")));
    EXPECT_EQ(token.size(), 4 + 43); // 32 bytes in unpadded base64url
    for (const QChar c : token.mid(4))
        EXPECT_TRUE(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_'))
            << token.toStdString();
    EXPECT_NE(makeApiToken(), token);
}

TEST(ApiToken, VerifiesAgainstItsSha256Only)
{
    const QString token = makeApiToken();
    const QString hash = apiTokenSha256(token);
    // The SHA-256 of "abc", as sha256sum prints it.
    EXPECT_EQ(apiTokenSha256(QStringLiteral("abc")),
              QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    EXPECT_TRUE(verifyApiToken(token, hash));
    EXPECT_TRUE(verifyApiToken(token, hash.toUpper()));
    EXPECT_FALSE(verifyApiToken(token + QLatin1Char('x'), hash));
    EXPECT_FALSE(verifyApiToken(token, hash.left(63)));
    EXPECT_FALSE(verifyApiToken(token, hash.left(63) + QLatin1Char('g')));
    EXPECT_FALSE(verifyApiToken(token, QString()));
}
