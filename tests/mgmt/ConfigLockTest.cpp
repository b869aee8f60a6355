// The pair lock as a lease on a virtual clock: one pair change at a time, renewed by its
// holder, lapsing by itself when the pusher died.

#include "mgmt/ConfigLock.h"

#include <gtest/gtest.h>

namespace tandem::mgmt {
namespace {

using namespace std::chrono_literals;

TEST(ConfigLockTest, ASecondPairChangeIsRefusedNamingTheHolderUntilTheFirstGivesItBack)
{
    ConfigLock lock;
    const auto t0 = ConfigLock::Clock::time_point{} + 1h;
    EXPECT_FALSE(lock.acquire(QStringLiteral("pc-1"), QStringLiteral("alice"), 60s, t0));
    const auto refused = lock.acquire(QStringLiteral("pc-2"), QStringLiteral("bob"), 60s, t0 + 1s);
    ASSERT_TRUE(refused);
    EXPECT_TRUE(refused->contains(QStringLiteral("'pc-1'"))) << refused->toStdString();
    EXPECT_TRUE(refused->contains(QStringLiteral("'alice'"))) << refused->toStdString();
    EXPECT_TRUE(refused->contains(QStringLiteral("59 s"))) << refused->toStdString();
    // Changes that do not name the lock are refused; the holder's go ahead.
    EXPECT_TRUE(lock.refuses(std::nullopt, t0 + 2s));
    EXPECT_TRUE(lock.refuses(QStringLiteral("pc-2"), t0 + 2s));
    EXPECT_FALSE(lock.refuses(QStringLiteral("pc-1"), t0 + 2s));
    // Only the holder gives it back.
    EXPECT_TRUE(lock.release(QStringLiteral("pc-2"), t0 + 3s));
    EXPECT_FALSE(lock.release(QStringLiteral("pc-1"), t0 + 3s));
    EXPECT_FALSE(lock.refuses(std::nullopt, t0 + 3s));
    EXPECT_FALSE(lock.acquire(QStringLiteral("pc-2"), QStringLiteral("bob"), 60s, t0 + 4s));
}

TEST(ConfigLockTest, TheHolderRenewsItAndALeaseNobodyRenewsLapses)
{
    ConfigLock lock;
    const auto t0 = ConfigLock::Clock::time_point{} + 1h;
    EXPECT_FALSE(lock.acquire(QStringLiteral("pc-1"), QStringLiteral("alice"), 10s, t0));
    EXPECT_FALSE(lock.acquire(QStringLiteral("pc-1"), QStringLiteral("alice"), 10s, t0 + 9s));
    EXPECT_TRUE(lock.refuses(std::nullopt, t0 + 18s)); // renewed at 9 s: holds until 19 s
    EXPECT_FALSE(lock.refuses(std::nullopt, t0 + 19s));
    EXPECT_FALSE(lock.holder(t0 + 19s));
    EXPECT_FALSE(lock.acquire(QStringLiteral("pc-2"), QStringLiteral("bob"), 10s, t0 + 20s));
    EXPECT_FALSE(lock.release(QStringLiteral("pc-1"), t0 + 40s)); // a lapsed lease is no error
    EXPECT_TRUE(lock.acquire({}, QStringLiteral("bob"), 10s, t0 + 41s)); // an id is needed
}

} // namespace
} // namespace tandem::mgmt
