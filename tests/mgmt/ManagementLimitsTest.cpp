// The failed-login throttle and the audit log on their own, with the throttle's clock in the
// test's hands: windows and blocks expire without waiting, and the log rotates at a small size.

#include "mgmt/AuditLog.h"
#include "mgmt/LoginThrottle.h"

#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace tandem::mgmt {
namespace {

TEST(LoginThrottleTest, FiveFailuresWithinTheWindowBlockForThirtySeconds)
{
    LoginThrottle throttle;
    const QString source = QStringLiteral("192.0.2.7");
    for (int i = 0; i < 4; ++i) {
        throttle.recordFailure(source, 1000 + i);
        EXPECT_FALSE(throttle.blockedFor(source, 1000 + i));
    }
    throttle.recordFailure(source, 2000);
    ASSERT_TRUE(throttle.blockedFor(source, 2000));
    EXPECT_EQ(*throttle.blockedFor(source, 2000), LoginThrottle::kBlockMs);
    EXPECT_EQ(*throttle.blockedFor(source, 12'000), LoginThrottle::kBlockMs - 10'000);
    EXPECT_FALSE(throttle.blockedFor(source, 2000 + LoginThrottle::kBlockMs));
    // Other sources are not affected.
    EXPECT_FALSE(throttle.blockedFor(QStringLiteral("uid 1000"), 2000));
}

TEST(LoginThrottleTest, FailuresOlderThanTheWindowDoNotCount)
{
    LoginThrottle throttle;
    const QString source = QStringLiteral("192.0.2.8");
    for (int i = 0; i < 4; ++i)
        throttle.recordFailure(source, i * 1000);
    throttle.recordFailure(source, LoginThrottle::kWindowMs + 5000); // the first ones expired
    EXPECT_FALSE(throttle.blockedFor(source, LoginThrottle::kWindowMs + 5000));
}

TEST(LoginThrottleTest, AFailureRightAfterABlockBlocksAgain)
{
    LoginThrottle throttle;
    const QString source = QStringLiteral("192.0.2.9");
    for (int i = 0; i < 5; ++i)
        throttle.recordFailure(source, i);
    const qint64 afterBlock = 4 + LoginThrottle::kBlockMs;
    EXPECT_FALSE(throttle.blockedFor(source, afterBlock));
    // Still five failures within the minute: one more guess, another 30 s.
    throttle.recordFailure(source, afterBlock);
    EXPECT_TRUE(throttle.blockedFor(source, afterBlock + 1));
}

TEST(LoginThrottleTest, MemoryIsBoundedByForgettingTheStalestSource)
{
    LoginThrottle throttle;
    for (qsizetype i = 0; i < LoginThrottle::kMaxSources + 100; ++i)
        throttle.recordFailure(QStringLiteral("10.0.%1.%2").arg(i / 256).arg(i % 256), 1000);
    EXPECT_LE(throttle.sourceCount(), LoginThrottle::kMaxSources);
    // A blocked source that keeps failing is not forgotten while it is the newest.
    const QString attacker = QStringLiteral("198.51.100.1");
    for (int i = 0; i < 5; ++i)
        throttle.recordFailure(attacker, 2000 + i);
    EXPECT_TRUE(throttle.blockedFor(attacker, 2010));
}

TEST(AuditLogTest, AppendsJsonLinesListsNewestLastAndRotates)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.log"));
    {
        AuditLog log(path, 600);
        for (int i = 0; i < 10; ++i) {
            AuditEntry entry;
            entry.timeMs = 1000 + i;
            entry.user = QStringLiteral("admin");
            entry.source = QStringLiteral("local uid 0");
            entry.action = QStringLiteral("ha.switchover");
            entry.target = {{QStringLiteral("serviceLocation"), i}};
            log.record(entry);
        }
        const QJsonArray newest = log.list(3, std::nullopt);
        ASSERT_EQ(newest.size(), 3);
        EXPECT_EQ(newest.last().toObject().value(QStringLiteral("time")).toInteger(), 1009);
        EXPECT_EQ(newest.first().toObject().value(QStringLiteral("time")).toInteger(), 1007);
        EXPECT_EQ(log.list(100, 1005).size(), 5);
    }
    // Over 600 bytes the file moved to audit.log.1 and a new one started.
    EXPECT_TRUE(QFile::exists(path + QStringLiteral(".1")));
    EXPECT_LT(QFile(path).size(), 600 + 200);
    // A restarted agent reads the recent entries back from both files.
    AuditLog reopened(path, 600);
    const QJsonArray all = reopened.list(100, std::nullopt);
    ASSERT_GE(all.size(), 3);
    EXPECT_EQ(all.last().toObject().value(QStringLiteral("time")).toInteger(), 1009);
    EXPECT_EQ(all.last().toObject().value(QStringLiteral("outcome")).toString(),
              QStringLiteral("ok"));
}

} // namespace
} // namespace tandem::mgmt
