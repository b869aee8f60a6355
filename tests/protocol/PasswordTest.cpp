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
