// A manual switchover does not pin the pair: after `ha switchover` A→B, a fault on B (its board,
// its process) moves the service back to A with every session older than delay-time, in 1:1
// and in 1+1; a board that is down never serves as VRRP Master. Real agents under traffic.

#include "LabPair.h"
#include "TestSupport.h"
#include "ctl/BlockingCall.h"

#include <QJsonArray>
#include <QThread>
#include <csignal>

namespace tandem::test {
namespace {

const QString& A = kDeviceA;
const QString& B = kDeviceB;
const QStringList& kLabOptions = kFastLabOptions;

class Switchover : public LabPair
{
protected:
    bool master(const QString& name, int sl) { return location(name, sl).value(QStringLiteral("role")).toString() == QLatin1String("master"); }
    bool finished(const QString& name, int sl)
    {
        return location(name, sl).value(QStringLiteral("batchBackupState")).toString() == QLatin1String("finished");
    }
    void traffic(const QJsonObject& params)
    {
        for (const QString& name : {A, B})
            ASSERT_TRUE(call(name, QStringLiteral("lab.traffic"), params));
    }
    // Switches `sl` from `from` to `to` and waits until `to` serves with its batch finished and
    // `from` holds it: the pair as an engineer leaves it after a planned switchover.
    void switchOver(int sl, const QString& from, const QString& to)
    {
        QString error;
        ASSERT_TRUE(call(from, QStringLiteral("ha.switchover"), {{QStringLiteral("serviceLocation"), sl}}, &error))
            << error.toStdString();
        ASSERT_TRUE(waitFor([&] { return master(to, sl) && finished(to, sl); }, 15000));
    }
    // Opens paused and teardowns held until delay-time has passed: every session is backed up,
    // so the tables stand still for the comparison (the old master takes the role back by
    // preemption 3 s after its demotion ends, so the fault must come before that).
    void quiet()
    {
        traffic({{QStringLiteral("pauseOpens"), true}, {QStringLiteral("holdTeardowns"), true}});
        QThread::msleep(1500);
    }
    // What `device` serves of `sl`: its sessions and digest, which the survivor must then have.
    std::pair<qint64, QJsonValue> servedNow(const QString& device, int sl)
    {
        const QJsonObject l = location(device, sl);
        return {l.value(QStringLiteral("sessions")).toInteger(), l.value(QStringLiteral("digest"))};
    }
    void expectServedBy(const QString& device, int sl, const std::pair<qint64, QJsonValue>& before)
    {
        const QJsonObject l = location(device, sl);
        EXPECT_EQ(l.value(QStringLiteral("role")).toString(), QStringLiteral("master"));
        EXPECT_EQ(l.value(QStringLiteral("sessions")).toInteger(), before.first) << "0 sessions lost";
        EXPECT_EQ(l.value(QStringLiteral("digest")), before.second) << "the same mappings";
    }
};

TEST_F(Switchover, ABoardFaultOnTheNewMasterMovesTheServiceBackWithEverySession)
{
    startLab(QStringLiteral("1:1"), kLabOptions);
    quiet();
    switchOver(1, A, B);
    const auto before = servedNow(B, 1);
    ASSERT_GT(before.first, 0);
    ASSERT_TRUE(call(B, QStringLiteral("lab.fault"), {{QStringLiteral("kind"), QStringLiteral("board")}, {QStringLiteral("down"), true}}));
    ASSERT_TRUE(waitFor([&] { return master(A, 1); }, 5000)) << "the switchover pinned the pair";
    expectServedBy(A, 1, before);
    // A board that is down never serves as VRRP Master.
    const auto status = statusOf(B);
    ASSERT_TRUE(status);
    ASSERT_TRUE(status->findVrrp(1));
    EXPECT_NE(status->findVrrp(1)->state, QStringLiteral("Master"));
    EXPECT_EQ(location(B, 1).value(QStringLiteral("role")).toString(), QStringLiteral("slave"));
}

TEST_F(Switchover, AKillOfTheNewMasterMovesTheServiceBackWithEverySession)
{
    startLab(QStringLiteral("1:1"), kLabOptions);
    quiet();
    switchOver(1, A, B);
    const auto before = servedNow(B, 1);
    ASSERT_GT(before.first, 0);
    ::kill(pid_t(device(B).pid), SIGKILL);
    ASSERT_TRUE(waitFor([&] { return master(A, 1); }, 5000));
    expectServedBy(A, 1, before);
}

TEST_F(Switchover, InOnePlusOneABoardFaultAfterASwitchoverMovesOnlyThatLocationBack)
{
    startLab(QStringLiteral("1+1"), kLabOptions);
    quiet();
    switchOver(1, A, B); // B now serves both
    const auto before1 = servedNow(B, 1);
    const auto before2 = servedNow(B, 2);
    ASSERT_GT(before1.first, 0);
    ASSERT_TRUE(call(B, QStringLiteral("lab.fault"), {{QStringLiteral("kind"), QStringLiteral("board")},
                                                      {QStringLiteral("serviceLocation"), 1},
                                                      {QStringLiteral("down"), true}}));
    ASSERT_TRUE(waitFor([&] { return master(A, 1); }, 5000));
    expectServedBy(A, 1, before1);
    expectServedBy(B, 2, before2);
}

TEST_F(Switchover, TheOldMastersDemotionIsShownAndEndsOnceItHoldsTheNewMastersTables)
{
    startLab(QStringLiteral("1:1"), kLabOptions);
    QString error;
    ASSERT_TRUE(call(A, QStringLiteral("ha.switchover"), {{QStringLiteral("serviceLocation"), 1}}, &error));
    // Right after the resign A is demoted, and says why; once B's batch is in, it is not.
    const QJsonObject demotion = location(A, 1).value(QStringLiteral("demotion")).toObject();
    if (!demotion.isEmpty()) {
        EXPECT_TRUE(demotion.value(QStringLiteral("why")).toString().contains(QStringLiteral("manual switchover")));
    }
    ASSERT_TRUE(waitFor([&] { return !location(A, 1).contains(QStringLiteral("demotion")) && !master(A, 1); }, 10000));
    const auto status = statusOf(A);
    ASSERT_TRUE(status && status->findVrrp(1));
    EXPECT_EQ(status->findVrrp(1)->priorityRun, 200) << "its configured priority again";
    // With preemption it takes the role back after its preempt delay (3 s in the lab).
    ASSERT_TRUE(waitFor([&] { return master(A, 1) && finished(A, 1); }, 15000));
    // A clear of a demotion that is not there says so.
    const auto cleared = call(B, QStringLiteral("ha.switchover"), {{QStringLiteral("serviceLocation"), 1},
                                                                   {QStringLiteral("clearDemotion"), true}});
    ASSERT_TRUE(cleared);
    EXPECT_FALSE(cleared->value(QStringLiteral("demotionCleared")).toBool());
}

} // namespace
} // namespace tandem::test
