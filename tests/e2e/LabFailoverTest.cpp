// Two real agents: election, failover on kill -9, switchback after restart, 1+1.

#include "LabPair.h"
#include "TestSupport.h"
#include "ctl/Lab.h"
#include "protocol/JsonRpc.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <csignal>

namespace tandem::test {
namespace {

const QString A = QStringLiteral("CGN-A");
const QString B = QStringLiteral("CGN-B");

class LabFailover : public LabPair
{
};

TEST_F(LabFailover, LabStatusReportsOneMasterAndOneBackupPerSlg)
{
    startLab();
    const ProcessResult status = tandemctl({QStringLiteral("lab"), QStringLiteral("status"),
                                            QStringLiteral("--dir"), m_dir.path(),
                                            QStringLiteral("--json")});
    ASSERT_EQ(status.exitCode, 0) << status.err.toStdString();
    const QJsonObject json = QJsonDocument::fromJson(status.out.toUtf8()).object();
    const QJsonArray slgs = json.value(QStringLiteral("serviceLocations")).toArray();
    ASSERT_EQ(slgs.size(), 1);
    const QJsonObject slg = slgs[0].toObject();
    EXPECT_EQ(slg.value(QStringLiteral("id")).toInt(), 1);
    EXPECT_EQ(slg.value(QStringLiteral("master")).toString(), A);
    EXPECT_EQ(slg.value(QStringLiteral("backups")).toArray(), QJsonArray{B});

    const auto b = statusOf(B);
    ASSERT_TRUE(b.has_value());
    const auto* vrrp = b->findVrrp(1);
    ASSERT_NE(vrrp, nullptr);
    EXPECT_EQ(vrrp->state, QStringLiteral("Backup"));
    EXPECT_EQ(vrrp->priorityRun, 150);
    EXPECT_EQ(vrrp->masterIp, device(A).address);
    EXPECT_EQ(vrrp->masterPriority, 200);
}

TEST_F(LabFailover, KillingTheMasterHandsOverWithinTheMasterDownInterval)
{
    startLab();
    ASSERT_EQ(slgState(A, 1), QStringLiteral("master"));
    const auto before = statusOf(B);
    ASSERT_TRUE(before.has_value());
    const int masterDownMs = before->findVrrp(1)->masterDownIntervalMs;
    EXPECT_GT(masterDownMs, 600); // 3 × 200 ms + skew

    const qint64 killedAt = QDateTime::currentMSecsSinceEpoch();
    ASSERT_EQ(::kill(pid_t(device(A).pid), SIGKILL), 0);
    ASSERT_TRUE(waitFor([&] { return slgState(B, 1) == QStringLiteral("master"); }, 10000));

    const auto after = statusOf(B);
    ASSERT_TRUE(after.has_value());
    const auto* vrrp = after->findVrrp(1);
    EXPECT_EQ(vrrp->state, QStringLiteral("Master"));
    EXPECT_EQ(vrrp->lastChangeReason, QStringLiteral("Protocol timer expired"));
    // The last advert left at most one interval before the kill; allow timer and scheduling
    // slack on a loaded two-core machine.
    const qint64 takeoverMs = vrrp->lastChangeMsecsSinceEpoch - killedAt;
    EXPECT_LE(takeoverMs, masterDownMs + 500) << "takeover after " << takeoverMs << " ms";
    EXPECT_GE(takeoverMs, 0);
}

TEST_F(LabFailover, RestartedMasterTakesBackItsRoleOnlyAfterThePreemptDelay)
{
    startLab();
    ASSERT_EQ(::kill(pid_t(device(A).pid), SIGKILL), 0);
    ASSERT_TRUE(waitFor([&] { return slgState(B, 1) == QStringLiteral("master"); }, 10000));

    restart(A);
    ASSERT_TRUE(waitFor([&] { return statusOf(A).has_value(); }, 10000));
    // Preempt delay 3 s on CGN-A: it first joins as backup while CGN-B keeps serving.
    const auto joined = statusOf(A);
    ASSERT_TRUE(joined.has_value());
    EXPECT_EQ(joined->findServiceLocation(1)->state, QStringLiteral("slave"));
    EXPECT_EQ(slgState(B, 1), QStringLiteral("master"));

    ASSERT_TRUE(waitFor([&] { return slgState(A, 1) == QStringLiteral("master"); }, 15000));
    ASSERT_TRUE(waitFor([&] { return slgState(B, 1) == QStringLiteral("slave"); }, 5000));
    const auto a = statusOf(A);
    ASSERT_TRUE(a.has_value());
    const auto* vrrp = a->findVrrp(1);
    EXPECT_EQ(vrrp->lastChangeReason, QStringLiteral("Priority calculation"));
    EXPECT_GE(vrrp->lastChangeMsecsSinceEpoch - a->bootMsecsSinceEpoch, 3000)
        << "preempted before its 3 s delay";
}

TEST_F(LabFailover, OnePlusOneHasOppositeMastersAndTheSurvivorServesBoth)
{
    startLab(QStringLiteral("1+1"));
    EXPECT_EQ(slgState(A, 1), QStringLiteral("master"));
    EXPECT_EQ(slgState(A, 2), QStringLiteral("slave"));
    EXPECT_EQ(slgState(B, 1), QStringLiteral("slave"));
    EXPECT_EQ(slgState(B, 2), QStringLiteral("master"));

    ASSERT_EQ(::kill(pid_t(device(B).pid), SIGKILL), 0);
    ASSERT_TRUE(waitFor([&] { return slgState(A, 2) == QStringLiteral("master"); }, 10000));
    EXPECT_EQ(slgState(A, 1), QStringLiteral("master"));
}

// `lab up --bare`: basic NAT only, the wizard's starting point. No channel and no hot backup, so
// each device is master of every service-location and serves its own traffic.
TEST_F(LabFailover, BareLabHasNoHotBackupAndEachDeviceServesAlone)
{
    startLab(QStringLiteral("1+1"), QStringList{QStringLiteral("--bare")} + kFastLabOptions);
    EXPECT_TRUE(m_lab.bare);
    for (const QString& name : {A, B}) {
        const auto status = statusOf(name);
        ASSERT_TRUE(status.has_value()) << name.toStdString();
        ASSERT_EQ(status->serviceLocations.size(), 2);
        for (const protocol::ServiceLocationStatus& slg : status->serviceLocations) {
            EXPECT_EQ(slg.state, QStringLiteral("master")) << name.toStdString() << " SL " << slg.id;
            EXPECT_TRUE(slg.peer.isEmpty()) << name.toStdString() << " has a backup channel";
        }
        const QString config = call(name, QLatin1String(protocol::method::kConfigGet))
                                   .value_or(QJsonObject{})
                                   .value(QStringLiteral("text"))
                                   .toString();
        ASSERT_FALSE(config.isEmpty()) << name.toStdString();
        EXPECT_FALSE(config.contains(QStringLiteral("hot-backup"))) << config.toStdString();
        EXPECT_FALSE(config.contains(QStringLiteral("remote-backup"))) << config.toStdString();
    }
    const ProcessResult status = tandemctl({QStringLiteral("lab"), QStringLiteral("status"),
                                            QStringLiteral("--dir"), m_dir.path(),
                                            QStringLiteral("--json")});
    ASSERT_EQ(status.exitCode, 0) << status.err.toStdString();
    EXPECT_TRUE(QJsonDocument::fromJson(status.out.toUtf8()).object().value(QStringLiteral("bare")).toBool());
    // Both devices open sessions of their own: nobody is standing by.
    ASSERT_TRUE(waitFor(
        [&] {
            return location(A, 1).value(QStringLiteral("sessions")).toInteger() > 0 &&
                   location(B, 1).value(QStringLiteral("sessions")).toInteger() > 0;
        },
        15000));
}

TEST_F(LabFailover, GracefulStopOfTheMasterHandsOverWithoutWaitingForTheTimeout)
{
    startLab();
    const qint64 stoppedAt = QDateTime::currentMSecsSinceEpoch();
    ASSERT_EQ(::kill(pid_t(device(A).pid), SIGTERM), 0);
    ASSERT_TRUE(waitFor([&] { return slgState(B, 1) == QStringLiteral("master"); }, 10000));
    const auto b = statusOf(B);
    ASSERT_TRUE(b.has_value());
    // Priority 0 from the resigning master: the backup waits only its skew time.
    EXPECT_LT(b->findVrrp(1)->lastChangeMsecsSinceEpoch - stoppedAt,
              b->findVrrp(1)->masterDownIntervalMs);
}

TEST_F(LabFailover, LabDownLeavesNoAgentRunning)
{
    startLab();
    const qint64 pidA = device(A).pid;
    const qint64 pidB = device(B).pid;
    const ProcessResult down = tandemctl(
        {QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"), m_dir.path()});
    ASSERT_EQ(down.exitCode, 0) << down.err.toStdString();
    EXPECT_FALSE(ctl::isAgentProcess(pidA));
    EXPECT_FALSE(ctl::isAgentProcess(pidB));
    EXPECT_FALSE(QFile::exists(client::labJsonPath(m_dir.path())));
    const ProcessResult status = tandemctl(
        {QStringLiteral("lab"), QStringLiteral("status"), QStringLiteral("--dir"), m_dir.path()});
    EXPECT_NE(status.exitCode, 0);
    EXPECT_TRUE(status.err.contains(QStringLiteral("no lab in"))) << status.err.toStdString();
}

} // namespace
} // namespace tandem::test
