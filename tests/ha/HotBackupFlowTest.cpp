// Flow control of hot backup on a virtual clock: two HotBackups joined by the in-process
// transport, their VRRP groups not started (roles are given), time advanced by the test. What
// an engineer sees when the channel cannot keep up, when a batch stalls, and when a batch is
// "finished" — only once the peer said its digests are equal.

#include "HotBackupFixtures.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <deque>

using namespace tandem;
using namespace tandem::ha;
using namespace tandem::ha::fixtures;
using namespace std::chrono_literals;

namespace {

class HotBackupFlowTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const QString base = test::randomLoopbackBase();
        a = makeDevice(labConfig(config::PairMode::OneToOne, base, 0), [this] { return now; });
        b = makeDevice(labConfig(config::PairMode::OneToOne, base, 1), [this] { return now; });
        ends[0].other = &ends[1];
        ends[1].other = &ends[0];
        a.backup->setTransport(&ends[0]);
        b.backup->setTransport(&ends[1]);
        // A is master of service-location 1 (its VRRP group is not running: the role is given).
        a.backup->vrrpStateChanging({1},
                                    {VrrpState::Backup, VrrpState::Master, "test", std::nullopt});
    }
    void linkUp()
    {
        ends[0].setUp(true);
        ends[1].setUp(true);
        settle();
    }
    void settle() { fixtures::settle(); }
    void advance(std::chrono::milliseconds by) { fixtures::advance(now, by, {a.backup.get(), b.backup.get()}); }
    QStringList alarms(const HotBackup& hb) const
    {
        QStringList out;
        for (const QJsonValue& v : hb.activeAlarms())
            out.append(v.toObject().value(QStringLiteral("message")).toString());
        return out;
    }
    bool demoted(const Device& d) const { return d.node->demotion(1).has_value(); }

    std::chrono::nanoseconds now = 100s;
    PairEnd ends[2];
    Device a, b;
};

TEST_F(HotBackupFlowTest, AFullQueueStartsNoBatchAndResendsOnlyTheEntriesItMissed)
{
    linkUp();
    traffic(*a.backup, 1, 2000);
    advance(1200ms); // older than delay-time: backed up
    ASSERT_EQ(sessions(*b.backup, 1), 2000u);
    ASSERT_EQ(a.backup->batchState(1), BatchState::Finished);
    const std::uint64_t batches = ends[0].batchBegins;

    ends[0].capacity = 0; // the channel's queue is full
    traffic(*a.backup, 1, 100, 5000); // 10 new users, 100 new sessions
    advance(1200ms);
    EXPECT_EQ(a.backup->backlog(1), 120u) << "10 users, 10 port blocks, 100 sessions";
    EXPECT_EQ(b.backup->backlog(1), 120u) << "the standby was told";
    EXPECT_TRUE(demoted(b)) << "an incomplete standby is demoted";
    ASSERT_FALSE(alarms(*a.backup).isEmpty());
    EXPECT_TRUE(alarms(*a.backup).front().contains(QStringLiteral("backup cannot keep up: 120 records behind, "
                                                                  "a failover now would lose about 100 sessions")))
        << alarms(*a.backup).front().toStdString();
    EXPECT_EQ(a.backup->batchState(1), BatchState::Unfinished);
    advance(3000ms);
    EXPECT_EQ(ends[0].batchBegins, batches) << "a full queue never starts a whole batch";

    const std::uint64_t sentBefore = ends[0].recordsSent + ends[0].batchRecordsSent;
    ends[0].setCapacity(std::numeric_limits<std::size_t>::max()); // it drains
    advance(300ms);
    const std::uint64_t resent = ends[0].recordsSent + ends[0].batchRecordsSent - sentBefore;
    EXPECT_EQ(resent, 120u) << "catching up costs what was missed, not the table";
    EXPECT_EQ(ends[0].batchBegins, batches);
    EXPECT_EQ(sessions(*b.backup, 1), 2100u);
    EXPECT_EQ(b.backup->engine(1)->digest(), a.backup->engine(1)->digest());
    EXPECT_EQ(a.backup->backlog(1), 0u);
    EXPECT_EQ(b.backup->backlog(1), 0u);
    EXPECT_FALSE(demoted(b));
    EXPECT_TRUE(alarms(*a.backup).isEmpty()) << "the overload alarm clears when the backlog drains";
    EXPECT_EQ(a.backup->counters().overloads, 1u);
    EXPECT_EQ(a.backup->batchState(1), BatchState::Finished);
}

TEST_F(HotBackupFlowTest, TheMastersBatchIsUnfinishedUntilThePeerSaysItsDigestsAreEqual)
{
    traffic(*a.backup, 1, 1000);
    advance(1200ms); // no channel yet: nothing reached the peer
    ends[0].holdBatches = true;
    linkUp();
    // Every record is out and acked; the end is held, so there is no verdict yet.
    const auto progress = a.backup->batchProgress(1);
    ASSERT_TRUE(progress);
    EXPECT_TRUE(progress->endSent);
    EXPECT_EQ(progress->done, progress->total);
    EXPECT_EQ(progress->total, 1200u) << "100 users, 100 port blocks, 1000 sessions";
    EXPECT_EQ(a.backup->batchState(1), BatchState::Unfinished);
    EXPECT_TRUE(b.backup->batchProgress(1).has_value()) << "the standby shows the same batch under way";
    EXPECT_TRUE(demoted(b));

    // The standby's copy is damaged before the end arrives: it says so, the master sends again.
    ASSERT_TRUE(b.backup->engine(1)->remove(b.backup->engine(1)->findInside(subscriber(3, 1002)), b.backup->engineNow()));
    ends[0].holdBatches = false;
    ends[0].release();
    settle();
    EXPECT_EQ(ends[0].batchBegins, 2u);
    advance(200ms);
    EXPECT_EQ(a.backup->batchState(1), BatchState::Finished);
    EXPECT_EQ(b.backup->engine(1)->digest(), a.backup->engine(1)->digest());
    EXPECT_EQ(a.backup->counters().digestMismatches, 1u);
    EXPECT_FALSE(demoted(b));
}

TEST_F(HotBackupFlowTest, AStalledBatchRaisesTheAlarmOnBothSidesAndIsAskedForAgain)
{
    traffic(*a.backup, 1, 500);
    advance(1200ms);
    ends[0].batchPaused = true; // the batch begins, then nothing more gets through
    linkUp();
    ASSERT_TRUE(b.backup->batchProgress(1).has_value());
    advance(4800ms);
    EXPECT_TRUE(alarms(*b.backup).isEmpty()) << "not before the stall timeout";
    advance(400ms);
    ASSERT_FALSE(alarms(*b.backup).isEmpty());
    EXPECT_TRUE(alarms(*b.backup).front().contains(QStringLiteral("made no progress for 5 s")))
        << alarms(*b.backup).front().toStdString();
    EXPECT_FALSE(alarms(*a.backup).isEmpty()) << "the master sees it too";
    EXPECT_EQ(ends[0].batchBegins, 2u) << "the standby asked for it again";
    EXPECT_EQ(b.backup->counters().batchStalls, 1u);

    ends[0].batchPaused = false;
    ends[0].setCapacity(std::numeric_limits<std::size_t>::max());
    advance(300ms);
    EXPECT_EQ(a.backup->batchState(1), BatchState::Finished);
    EXPECT_EQ(sessions(*b.backup, 1), 500u);
    EXPECT_TRUE(alarms(*a.backup).isEmpty());
    EXPECT_TRUE(alarms(*b.backup).isEmpty()) << "cleared when it finished";
    EXPECT_FALSE(demoted(b));
}

TEST_F(HotBackupFlowTest, ABatchThatMustEmptyBigTablesGetsFreshOnesBuiltOffTheLoopWhileItsRecordsWait)
{
    std::deque<std::function<void()>> elsewhere; // the other thread: runs when the test says
    b.backup->setOffload([&](std::function<void()> task) { elsewhere.push_back(std::move(task)); });
    linkUp();
    traffic(*a.backup, 1, 5000); // 500 users, 500 port blocks, 5000 sessions: too many to clear in place
    advance(1200ms);
    ASSERT_EQ(sessions(*b.backup, 1), 5000u);
    const cgn::CgnEngine* old = b.backup->engine(1);

    QString error;
    ASSERT_TRUE(a.backup->startBatchBackup(1, &error)) << error.toStdString();
    settle();
    ASSERT_EQ(elsewhere.size(), 1u) << "the fresh tables are built away from the event loop";
    EXPECT_TRUE(ends[1].receivePaused) << "the batch's records wait for them";
    EXPECT_GT(ends[1].inboxSize(), 0u);
    EXPECT_EQ(b.backup->engine(1), old) << "the old tables stay until then";
    EXPECT_TRUE(demoted(b));
    EXPECT_EQ(a.backup->batchState(1), BatchState::Unfinished);

    elsewhere.front()(); // built
    elsewhere.pop_front();
    settle();
    EXPECT_NE(b.backup->engine(1), old);
    EXPECT_FALSE(ends[1].receivePaused);
    ASSERT_EQ(elsewhere.size(), 1u) << "the old tables are freed away from the loop too";
    elsewhere.front()();
    elsewhere.pop_front();
    advance(300ms);
    EXPECT_EQ(sessions(*b.backup, 1), 5000u);
    EXPECT_EQ(b.backup->engine(1)->digest(), a.backup->engine(1)->digest());
    EXPECT_EQ(a.backup->batchState(1), BatchState::Finished);
    EXPECT_FALSE(demoted(b));
}

TEST_F(HotBackupFlowTest, AStandbyThatBecomesMasterWhileItsFreshTablesAreBuiltServesTheOnesItHas)
{
    std::deque<std::function<void()>> elsewhere;
    b.backup->setOffload([&](std::function<void()> task) { elsewhere.push_back(std::move(task)); });
    linkUp();
    traffic(*a.backup, 1, 5000);
    advance(1200ms);
    QString error;
    ASSERT_TRUE(a.backup->startBatchBackup(1, &error)) << error.toStdString();
    settle();
    ASSERT_EQ(elsewhere.size(), 1u);

    // The master dies now: the standby takes over before its fresh tables are in.
    ends[0].setUp(false);
    ends[1].setUp(false);
    b.backup->vrrpStateChanging({1}, {VrrpState::Backup, VrrpState::Master, "test", std::nullopt});
    elsewhere.front()();
    elsewhere.pop_front();
    settle();
    EXPECT_EQ(sessions(*b.backup, 1), 5000u) << "it serves what it had, not empty tables";
    EXPECT_FALSE(ends[1].receivePaused);
    ASSERT_EQ(elsewhere.size(), 1u) << "the unwanted fresh tables are freed";
    elsewhere.front()();
}

TEST_F(HotBackupFlowTest, CreatesYoungerThanDelayTimeAreLeftOutOfTheDigestsSoTheyCompareEqualUnderTraffic)
{
    linkUp();
    traffic(*a.backup, 1, 300);
    advance(1200ms);
    traffic(*a.backup, 1, 200, 1000); // young: not on the standby yet
    advance(5000ms);                   // a digest check goes out meanwhile
    traffic(*a.backup, 1, 50, 2000);
    advance(200ms);
    const QJsonObject standby = b.backup->statusJson().value(QStringLiteral("serviceLocations")).toArray()[0].toObject();
    ASSERT_TRUE(standby.contains(QStringLiteral("digestEqual")));
    EXPECT_TRUE(standby.value(QStringLiteral("digestEqual")).toBool());
    EXPECT_EQ(b.backup->counters().digestMismatches, 0u);
    EXPECT_GE(b.backup->counters().digestChecks, 1u);
    EXPECT_EQ(sessions(*b.backup, 1), 500u);
    EXPECT_EQ(sessions(*a.backup, 1), 550u);
}

} // namespace
