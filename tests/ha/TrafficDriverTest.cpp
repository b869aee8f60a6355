// The lab's traffic generator on a virtual wall clock, driving a real master engine: a tick is
// bounded however far behind the generator fell, and what it did not feed is counted.

#include "HotBackupFixtures.h"
#include "lab/TrafficDriver.h"

#include <QJsonArray>
#include <map>

using namespace tandem;
using namespace tandem::ha;
using namespace tandem::ha::fixtures;
using namespace std::chrono_literals;

namespace {

class TrafficDriverTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        device = makeDevice(labConfig(config::PairMode::OneToOne, test::randomLoopbackBase(), 0),
                            [this] { return std::chrono::nanoseconds(wall); });
        device.backup->vrrpStateChanging(
            {1}, {VrrpState::Backup, VrrpState::Master, "test", std::nullopt});
        driver = std::make_unique<lab::TrafficDriver>(*device.backup, nullptr, [this] { return wall; });
    }
    void start(double rate, std::chrono::milliseconds ago = 0ms)
    {
        lab::TrafficSettings settings;
        settings.rate = rate;
        settings.churnSeconds = 2;
        settings.startMs = std::chrono::duration_cast<std::chrono::milliseconds>(wall - ago).count();
        QString error;
        ASSERT_TRUE(driver->configure(settings, &error)) << error.toStdString();
    }
    double mixSeconds() const
    {
        return driver->statusJson().value(QStringLiteral("serviceLocations")).toArray().at(0).toObject()
            .value(QStringLiteral("mixSeconds")).toDouble();
    }
    // Ticks without the clock moving until the mix has caught up; the largest tick's work.
    struct CatchUp
    {
        int ticks = 0;
        std::uint64_t maxFed = 0;
        std::uint64_t maxStepped = 0; // opens made by the mix in one tick, fed or not
    };
    CatchUp catchUp()
    {
        CatchUp c;
        const double target = std::chrono::duration<double>(wall).count() - double(startedMs) / 1000.0;
        while (mixSeconds() < target - 1e-6 && c.ticks < 100000) {
            const lab::TrafficCounters before = driver->counters();
            driver->tick();
            const lab::TrafficCounters& after = driver->counters();
            c.maxFed = std::max(c.maxFed, after.packets - before.packets);
            c.maxStepped = std::max(c.maxStepped, after.packets + after.behind + after.skipped
                                                      - before.packets - before.behind - before.skipped);
            ++c.ticks;
        }
        return c;
    }

    std::chrono::microseconds wall = 1'700'000'000'000'000us;
    qint64 startedMs = 0;
    Device device;
    std::unique_ptr<lab::TrafficDriver> driver;
};

TEST_F(TrafficDriverTest, AfterALongPauseEachTickDoesABoundedShareAndTheSkippedOpensAreCounted)
{
    startedMs = std::chrono::duration_cast<std::chrono::milliseconds>(wall).count();
    start(100'000);
    for (int i = 0; i < 100; ++i) { // 100 ms of ordinary 1 ms ticks: everything is fed
        wall += 1ms;
        driver->tick();
    }
    EXPECT_EQ(driver->counters().packets, 10'000u);
    EXPECT_EQ(driver->counters().behind, 0u);
    const std::uint64_t sessionsBefore = sessions(*device.backup, 1);
    EXPECT_GT(sessionsBefore, 9'000u);

    wall += 3s; // the loop was held (or the process stopped) for three seconds
    const lab::TrafficCounters before = driver->counters();
    const CatchUp c = catchUp();
    EXPECT_GT(c.ticks, 20) << "caught up over many ticks, not in one";
    EXPECT_LE(c.maxFed, lab::TrafficDriver::kMaxOpensPerTick);
    EXPECT_LE(c.maxStepped, lab::TrafficDriver::kMaxCatchUpPerTick + 1);
    const lab::TrafficCounters& after = driver->counters();
    // Of the 300 000 opens of those 3 s, the last kMaxLag's are fed (in slices of
    // kMaxOpensPerTick), the rest counted as behind.
    EXPECT_NEAR(double(after.packets + after.behind - before.packets - before.behind), 300'000, 2);
    EXPECT_NEAR(double(after.packets - before.packets), 5'000, 100);
    EXPECT_NEAR(double(after.behind - before.behind), 295'000, 100);
    EXPECT_GT(after.teardowns, before.teardowns) << "sessions fed before the pause still end";

    wall += 1ms; // and then on as before
    const std::uint64_t fed = driver->counters().packets;
    driver->tick();
    EXPECT_EQ(driver->counters().packets - fed, 100u);
}

TEST_F(TrafficDriverTest, TeardownsHeldForLongAreReleasedASliceATick)
{
    startedMs = std::chrono::duration_cast<std::chrono::milliseconds>(wall).count();
    start(100'000);
    driver->setHoldTeardowns(true); // a drill lists the sessions
    for (int i = 0; i < 3000; ++i) {
        wall += 1ms;
        driver->tick();
    }
    auto held = [this] {
        return driver->statusJson().value(QStringLiteral("serviceLocations")).toArray().at(0).toObject()
            .value(QStringLiteral("heldTeardowns")).toInteger();
    };
    const qint64 heldBefore = held();
    ASSERT_GT(heldBefore, 100'000);
    const std::uint64_t sessionsHeld = sessions(*device.backup, 1);
    const std::uint64_t removedBefore = driver->counters().removed;

    driver->setHoldTeardowns(false);
    EXPECT_EQ(sessions(*device.backup, 1), sessionsHeld) << "nothing at once";
    int ticks = 0;
    std::uint64_t maxRemoved = 0;
    while (held() > 0 && ticks < 1000) {
        wall += 1ms;
        const std::uint64_t before = driver->counters().teardowns;
        driver->tick();
        maxRemoved = std::max(maxRemoved, driver->counters().teardowns - before);
        ++ticks;
    }
    EXPECT_EQ(held(), 0);
    EXPECT_GT(ticks, 10);
    EXPECT_LE(maxRemoved, lab::TrafficDriver::kMaxHeldPerTick + 1'000) << "a slice and the tick's own";
    // TCP ones close first and go kClosingHold later.
    for (int i = 0; i < 2500; ++i) {
        wall += 1ms;
        driver->tick();
    }
    EXPECT_GE(driver->counters().removed - removedBefore, std::uint64_t(heldBefore)) << "every held one went";
}

TEST_F(TrafficDriverTest, TcpSessionsAreEstablishedOnceAnsweredAndCloseBeforeTheyGo)
{
    startedMs = std::chrono::duration_cast<std::chrono::milliseconds>(wall).count();
    start(20'000); // churn 2 s: sessions end all the time
    auto states = [this] {
        std::map<cgn::TcpState, int> count;
        const cgn::CgnEngine* engine = device.backup->engine(1);
        cgn::SessionFilter tcp;
        tcp.protocol = cgn::Protocol::Tcp;
        std::uint64_t cursor = 0;
        do {
            const cgn::SessionPage page = engine->listSessions(tcp, cursor, 100000);
            for (const cgn::SessionView& s : page.sessions)
                ++count[s.tcpState];
            cursor = page.nextCursor;
        } while (cursor != 0);
        return count;
    };
    for (int i = 0; i < 5000; ++i) {
        wall += 1ms;
        driver->tick();
    }
    const auto now = states();
    const int established = now.count(cgn::TcpState::Established) ? now.at(cgn::TcpState::Established) : 0;
    const int closing = now.count(cgn::TcpState::Closing) ? now.at(cgn::TcpState::Closing) : 0;
    const int synSent = now.count(cgn::TcpState::SynSent) ? now.at(cgn::TcpState::SynSent) : 0;
    EXPECT_GT(established, 10'000) << "answered at once";
    EXPECT_EQ(synSent, 0) << "every SYN is answered in the lab";
    // About 2 s of TCP teardowns (60 % of 20k/s, churn 2 s) are closing at any time.
    EXPECT_GT(closing, 5'000);
    EXPECT_LT(closing, 40'000);
    EXPECT_GT(driver->counters().established, 0u);
    EXPECT_GT(driver->counters().closed, 0u);

    // No more opens: the sessions end, each closing for kClosingHold after its FINs; none stays.
    const std::uint64_t closedBefore = driver->counters().closed;
    driver->setPauseOpens(true);
    for (int i = 0; i < 2100; ++i) {
        wall += 1ms;
        driver->tick();
    }
    EXPECT_GT(driver->counters().closed, closedBefore);
    for (int i = 0; i < 25000; ++i) { // twelve mean lifetimes
        wall += 1ms;
        driver->tick();
    }
    const auto after = states();
    EXPECT_FALSE(after.count(cgn::TcpState::Closing)) << "closing sessions linger";
}

TEST_F(TrafficDriverTest, AStartFarInThePastIsCaughtUpTickByTickNotWhenConfigured)
{
    // A restarted agent joins its peer's traffic, started a minute ago.
    startedMs = std::chrono::duration_cast<std::chrono::milliseconds>(wall - 60s).count();
    start(50'000, 60s);
    EXPECT_LT(mixSeconds(), 0.001) << "configure returns at once";
    const CatchUp c = catchUp();
    EXPECT_GT(c.ticks, 300);
    EXPECT_LE(c.maxStepped, lab::TrafficDriver::kMaxCatchUpPerTick + 1);
    EXPECT_NEAR(double(driver->counters().behind), 50'000 * (60 - 0.05), 100);
    EXPECT_NEAR(double(driver->counters().packets), 50'000 * 0.05, 100);
}

} // namespace

// The catch-up after a stall ends kMaxLag behind; the clock goes on meanwhile, so a tick later
// the mix is a little more than kMaxLag behind. It must be fed again from there, not step
// through unfed for ever (a lab that drew breath once stopped making sessions at all).
TEST_F(TrafficDriverTest, AfterCatchingUpWhileTheClockRunsOnItIsFedAgain)
{
    startedMs = std::chrono::duration_cast<std::chrono::milliseconds>(wall).count();
    start(2'000);
    wall += 1ms;
    driver->tick();
    wall += 500ms;                   // a stall
    for (int i = 0; i < 2000; ++i) { // two seconds of ticks 1 ms apart
        driver->tick();
        wall += 1ms;
    }
    const lab::TrafficCounters before = driver->counters();
    for (int i = 0; i < 1000; ++i) {
        driver->tick();
        wall += 1ms;
    }
    const lab::TrafficCounters& after = driver->counters();
    EXPECT_EQ(after.behind, before.behind) << "nothing stepped unfed once caught up";
    EXPECT_NEAR(double(after.packets - before.packets), 2'000, 2);
}
