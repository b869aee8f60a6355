// Failover drills on two real agents under traffic: `tandemctl drill` for each fault, its loss
// accounting against a standby made stale on purpose, a failed trial that heals what it
// injected, split brain and its heal, and lab mode refused.

#include "LabPair.h"
#include "TestSupport.h"
#include "ctl/BlockingCall.h"
#include "protocol/JsonRpc.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tandem::test {
namespace {

const QString& A = kDeviceA;
const QString& B = kDeviceB;
const QStringList& kLabOptions = kFastLabOptions;

struct DrillCase
{
    const char* mode;
    const char* fault;
};

class Drill : public LabPair
{
protected:

    // `tandemctl drill --lab DIR` + `arguments` + --json; its document (empty if not JSON).
    QJsonObject drill(const QStringList& arguments, ProcessResult* result)
    {
        *result = tandemctl(QStringList{QStringLiteral("drill"), QStringLiteral("--lab"), m_dir.path()}
                                + arguments + QStringList{QStringLiteral("--json")},
                            90000);
        return QJsonDocument::fromJson(result->out.toUtf8()).object();
    }

    bool fault(const QString& name, const QJsonObject& params)
    {
        QString error;
        const bool ok = call(name, QStringLiteral("lab.fault"), params, &error).has_value();
        EXPECT_TRUE(ok) << error.toStdString();
        return ok;
    }
};

class DrillPerFault : public Drill, public ::testing::WithParamInterface<DrillCase>
{
};

TEST_P(DrillPerFault, RolesSwapWithNoSessionLostAndEqualTablesAfterRecovery)
{
    startLab(QLatin1String(GetParam().mode), kLabOptions);
    const ProcessResult drill = tandemctl({QStringLiteral("drill"), QStringLiteral("--lab"),
                                           m_dir.path(), QStringLiteral("--fault"),
                                           QLatin1String(GetParam().fault), QStringLiteral("--json")},
                                          90000);
    ASSERT_EQ(drill.exitCode, 0) << drill.out.toStdString() << drill.err.toStdString();
    const QJsonObject json = QJsonDocument::fromJson(drill.out.toUtf8()).object();
    const QJsonArray trials = json.value(QStringLiteral("trials")).toArray();
    ASSERT_EQ(trials.size(), 1) << drill.out.toStdString();
    const QJsonObject trial = trials[0].toObject();
    EXPECT_EQ(trial.value(QStringLiteral("fault")).toString(), QLatin1String(GetParam().fault));
    EXPECT_TRUE(trial.value(QStringLiteral("switched")).toBool());
    EXPECT_EQ(trial.value(QStringLiteral("old_master")).toString(), A);
    EXPECT_EQ(trial.value(QStringLiteral("new_master")).toString(), B);
    // Traffic ran: the old master had sessions, and they were checked on the new one.
    EXPECT_GT(trial.value(QStringLiteral("sessions_before")).toInt(), 0);
    EXPECT_GT(trial.value(QStringLiteral("sessions_checked")).toInt(), 0);
    EXPECT_EQ(trial.value(QStringLiteral("sessions_lost")).toInt(), 0);
    EXPECT_TRUE(trial.value(QStringLiteral("digest_equal")).toBool());
    EXPECT_GE(trial.value(QStringLiteral("master_ms")).toInt(), trial.value(QStringLiteral("detect_ms")).toInt());
    if (QLatin1String(GetParam().fault) == QLatin1String("manual")) {
        // Back by the old master's preemption (a momentary resign) or a switchover on the new one.
        const QString by = trial.value(QStringLiteral("returned_by")).toString();
        EXPECT_TRUE(by == QLatin1String("preempt") || by == QLatin1String("switchover")) << by.toStdString();
    }
    // The drill restores the pair: the planned master serves again.
    EXPECT_EQ(slgState(A, 1), QStringLiteral("master"));
    EXPECT_EQ(slgState(B, 1), QStringLiteral("slave"));
}

INSTANTIATE_TEST_SUITE_P(Faults, DrillPerFault,
                         ::testing::Values(DrillCase{"1:1", "kill"}, DrillCase{"1:1", "board"},
                                           DrillCase{"1:1", "uplink"}, DrillCase{"1:1", "manual"},
                                           DrillCase{"1+1", "kill"}),
                         [](const auto& info) {
                             return std::string(info.param.mode[1] == ':' ? "OneToOne" : "OnePlusOne")
                                    + "_" + info.param.fault;
                         });

// A hundred operators' apps watching both devices (state, events, counters at 10 Hz) while
// the master is killed: the failover still completes and loses nothing. The times are figures
// for the drill's output, not asserted here.
TEST_F(Drill, AKillUnderAHundredWatchingClientsFailsOverAndLosesNothing)
{
    startLab(QStringLiteral("1:1"), kLabOptions);
    const ProcessResult drill =
        tandemctl({QStringLiteral("drill"), QStringLiteral("--lab"), m_dir.path(),
                   QStringLiteral("--fault"), QStringLiteral("kill"), QStringLiteral("--clients"),
                   QStringLiteral("100"), QStringLiteral("--json")},
                  180000);
    ASSERT_EQ(drill.exitCode, 0) << drill.out.toStdString() << drill.err.toStdString();
    const QJsonObject json = QJsonDocument::fromJson(drill.out.toUtf8()).object();
    const QJsonObject loaded = json.value(QStringLiteral("with_clients")).toObject();
    const QJsonObject load = loaded.value(QStringLiteral("load")).toObject();
    EXPECT_EQ(load.value(QStringLiteral("connections")).toInt(), 200) << drill.out.toStdString();
    EXPECT_GT(load.value(QStringLiteral("notifications")).toDouble() +
                  load.value(QStringLiteral("polls")).toDouble(),
              0)
        << "the clients received nothing";
    for (const QJsonObject& series : {json, loaded}) {
        const QJsonArray trials = series.value(QStringLiteral("trials")).toArray();
        ASSERT_EQ(trials.size(), 1) << drill.out.toStdString();
        const QJsonObject trial = trials[0].toObject();
        EXPECT_TRUE(trial.value(QStringLiteral("switched")).toBool());
        EXPECT_EQ(trial.value(QStringLiteral("new_master")).toString(), B);
        EXPECT_TRUE(trial.value(QStringLiteral("master_ms")).isDouble())
            << "the failover did not complete";
        EXPECT_GT(trial.value(QStringLiteral("sessions_checked")).toInt(), 0);
        EXPECT_EQ(trial.value(QStringLiteral("sessions_lost")).toInt(), 0);
        EXPECT_TRUE(trial.value(QStringLiteral("digest_equal")).toBool());
    }
    EXPECT_EQ(slgState(A, 1), QStringLiteral("master"));
}

class DrillChannelFault : public Drill, public ::testing::WithParamInterface<const char*>
{
};

// Without a switchover the standby is what is checked, once the fault is healed: a failover
// then must lose nothing.
TEST_P(DrillChannelFault, SwitchesNothingAndTheStandbyHoldsEverySessionAfterTheHeal)
{
    startLab(QStringLiteral("1:1"), kLabOptions);
    ProcessResult result;
    const QJsonObject json = drill({QStringLiteral("--fault"), QLatin1String(GetParam())}, &result);
    ASSERT_EQ(result.exitCode, 0) << result.out.toStdString() << result.err.toStdString();
    const QJsonObject trial = json.value(QStringLiteral("trials")).toArray()[0].toObject();
    EXPECT_EQ(trial.value(QStringLiteral("fault")).toString(), QLatin1String(GetParam()));
    EXPECT_FALSE(trial.value(QStringLiteral("switched")).toBool());
    EXPECT_EQ(trial.value(QStringLiteral("new_master")).toString(), A);
    EXPECT_GT(trial.value(QStringLiteral("sessions_checked")).toInt(), 0);
    ASSERT_TRUE(trial.value(QStringLiteral("sessions_lost")).isDouble()) << "not checked";
    EXPECT_EQ(trial.value(QStringLiteral("sessions_lost")).toInt(), 0);
    EXPECT_TRUE(trial.value(QStringLiteral("healthy")).toBool());
    EXPECT_TRUE(trial.value(QStringLiteral("digest_equal")).toBool());
}

INSTANTIATE_TEST_SUITE_P(Kinds, DrillChannelFault,
                         ::testing::Values("channel", "channel-delay", "channel-drop"),
                         [](const auto& info) {
                             std::string name = info.param;
                             std::erase(name, '-');
                             return name;
                         });

// The accounting itself: the backup channel cut on both devices for seconds under traffic, so
// that the sessions the master makes meanwhile (older than delay-time at the fault) exist
// only on it, then the master killed. The drill must count those lost and fail — the figure a
// stale standby once hid behind "0 lost".
TEST_F(Drill, AStandbyLeftStaleBeforeAKillIsReportedAsLosingSessions)
{
    startLab(QStringLiteral("1:1"), kLabOptions);
    ProcessResult result;
    const QJsonObject json = drill({QStringLiteral("--fault"), QStringLiteral("kill"),
                                    QStringLiteral("--stale-standby"), QStringLiteral("4")},
                                   &result);
    EXPECT_EQ(result.exitCode, 1) << result.out.toStdString() << result.err.toStdString();
    const QJsonArray trials = json.value(QStringLiteral("trials")).toArray();
    ASSERT_EQ(trials.size(), 1) << result.out.toStdString() << result.err.toStdString();
    const QJsonObject trial = trials[0].toObject();
    EXPECT_FALSE(trial.contains(QStringLiteral("error"))) << result.out.toStdString();
    EXPECT_TRUE(trial.value(QStringLiteral("switched")).toBool());
    EXPECT_EQ(trial.value(QStringLiteral("fault_params")).toObject().value(QStringLiteral("stale_standby_s")).toInt(), 4);
    // 4 s at 400 creates/s; the last delay-time + 2 s of them are excused as too young.
    EXPECT_GT(trial.value(QStringLiteral("sessions_lost")).toInt(), 100) << result.out.toStdString();
    EXPECT_TRUE(trial.value(QStringLiteral("sessions_not_backed_up")).isDouble());
    const QJsonObject summary = json.value(QStringLiteral("summary")).toObject();
    EXPECT_EQ(summary.value(QStringLiteral("sessions_lost_total")).toInt(),
              trial.value(QStringLiteral("sessions_lost")).toInt());
    EXPECT_FALSE(summary.value(QStringLiteral("ok")).toBool());
    // What was lost is lost, but the pair itself is whole again.
    EXPECT_TRUE(trial.value(QStringLiteral("healthy")).toBool());
    EXPECT_TRUE(trial.value(QStringLiteral("digest_equal")).toBool());
    EXPECT_EQ(slgState(A, 1), QStringLiteral("master"));
}

// A trial that fails after its faults went in (the standby is allowed 1 ms to take over, a
// kill takes three adverts to notice) still heals them before it reports: the channel cut
// lifted, the killed agent running again, no traffic hold left, the planned roles back.
TEST_F(Drill, ATrialThatFailsMidwayHealsWhatItInjectedBeforeItReports)
{
    startLab(QStringLiteral("1:1"), kLabOptions);
    ProcessResult result;
    const QJsonObject json = drill({QStringLiteral("--fault"), QStringLiteral("kill"),
                                    QStringLiteral("--stale-standby"), QStringLiteral("1"),
                                    QStringLiteral("--switch-timeout"), QStringLiteral("1")},
                                   &result);
    EXPECT_EQ(result.exitCode, 1) << result.out.toStdString() << result.err.toStdString();
    const QJsonObject trial = json.value(QStringLiteral("trials")).toArray()[0].toObject();
    EXPECT_TRUE(trial.value(QStringLiteral("error")).toString().contains(QStringLiteral("1 ms")))
        << result.out.toStdString();
    EXPECT_TRUE(trial.value(QStringLiteral("sessions_lost")).isNull())
        << "a trial that never compared the sessions must not say 0 lost";
    EXPECT_EQ(json.value(QStringLiteral("summary")).toObject().value(QStringLiteral("trials_unchecked")).toInt(), 1);
    EXPECT_TRUE(trial.value(QStringLiteral("healthy")).toBool()) << result.out.toStdString();

    for (const QString& name : {A, B}) {
        const auto status = call(name, QStringLiteral("lab.status"));
        ASSERT_TRUE(status.has_value()) << name.toStdString() << " does not answer";
        const QJsonObject faults = status->value(QStringLiteral("faults")).toObject();
        EXPECT_TRUE(faults.value(QStringLiteral("boardsDown")).toArray().isEmpty()) << name.toStdString();
        EXPECT_TRUE(faults.value(QStringLiteral("interfacesDown")).toArray().isEmpty()) << name.toStdString();
        EXPECT_FALSE(faults.value(QStringLiteral("channelCut")).toBool()) << name.toStdString();
        EXPECT_FALSE(faults.value(QStringLiteral("advertsCut")).toBool()) << name.toStdString();
        EXPECT_EQ(faults.value(QStringLiteral("channelDelayMs")).toInt(), 0) << name.toStdString();
        EXPECT_EQ(faults.value(QStringLiteral("channelDropPercent")).toInt(), 0) << name.toStdString();
        const QJsonObject traffic = status->value(QStringLiteral("traffic")).toObject();
        EXPECT_FALSE(traffic.value(QStringLiteral("holdTeardowns")).toBool()) << name.toStdString();
        EXPECT_FALSE(traffic.value(QStringLiteral("pauseOpens")).toBool()) << name.toStdString();
        EXPECT_TRUE(traffic.value(QStringLiteral("running")).toBool()) << name.toStdString();
    }
    EXPECT_EQ(slgState(A, 1), QStringLiteral("master"));
    EXPECT_EQ(slgState(B, 1), QStringLiteral("slave"));
}

TEST_F(Drill, SplitBrainHealsToOneMasterWithReconciledTablesAndAnAlarm)
{
    startLab(QStringLiteral("1:1"), kLabOptions);
    for (const QString& name : {A, B}) {
        ASSERT_TRUE(fault(name, {{QStringLiteral("kind"), QStringLiteral("channel")},
                                 {QStringLiteral("down"), true}}));
        ASSERT_TRUE(fault(name, {{QStringLiteral("kind"), QStringLiteral("vrrp")},
                                 {QStringLiteral("down"), true}}));
    }
    ASSERT_TRUE(waitFor([&] { return slgState(B, 1) == QStringLiteral("master"); }, 5000));
    EXPECT_EQ(slgState(A, 1), QStringLiteral("master")) << "both serve while cut off";

    for (const QString& name : {A, B}) {
        ASSERT_TRUE(fault(name, {{QStringLiteral("kind"), QStringLiteral("vrrp")},
                                 {QStringLiteral("down"), false}}));
        ASSERT_TRUE(fault(name, {{QStringLiteral("kind"), QStringLiteral("channel")},
                                 {QStringLiteral("down"), false}}));
    }
    ASSERT_TRUE(waitFor([&] { return slgState(B, 1) == QStringLiteral("slave"); }, 5000));
    EXPECT_EQ(slgState(A, 1), QStringLiteral("master")) << "the election keeps the higher priority";

    // Reconciled: with the traffic quiet, the standby's tables match the master's.
    for (const QString& name : {A, B})
        ASSERT_TRUE(call(name, QStringLiteral("lab.traffic"),
                         {{QStringLiteral("pauseOpens"), true}, {QStringLiteral("holdTeardowns"), true}}));
    EXPECT_TRUE(waitFor(
        [&] {
            const QJsonObject a = location(A, 1), b = location(B, 1);
            return !b.value(QStringLiteral("receivingBatch")).toBool()
                   && a.value(QStringLiteral("digest")) == b.value(QStringLiteral("digest"));
        },
        15000));

    bool alarmed = false;
    for (const QString& name : {A, B}) {
        const auto status = call(name, QLatin1String(protocol::method::kStatusGet));
        ASSERT_TRUE(status.has_value());
        for (const QJsonValue& alarm : status->value(QStringLiteral("alarms")).toArray())
            alarmed |= alarm.toObject().value(QStringLiteral("message")).toString().contains(
                QStringLiteral("split brain"));
    }
    EXPECT_TRUE(alarmed) << "no split-brain alarm on either device";
}

TEST_F(Drill, LabMethodsAreRefusedWhenTheConfigDoesNotEnableLabMode)
{
    startLab(QStringLiteral("1:1"), {QStringLiteral("--rate"), QStringLiteral("0")});
    const auto config = call(A, QLatin1String(protocol::method::kConfigGet));
    ASSERT_TRUE(config.has_value());
    QString text = config->value(QStringLiteral("text")).toString();
    ASSERT_TRUE(text.contains(QStringLiteral(" lab enable\n")));
    text.remove(QStringLiteral(" lab enable\n"));
    QString error;
    ASSERT_TRUE(call(A, QLatin1String(protocol::method::kConfigCommit), {{QStringLiteral("text"), text}},
                     &error))
        << error.toStdString();

    EXPECT_FALSE(call(A, QStringLiteral("lab.fault"),
                      {{QStringLiteral("kind"), QStringLiteral("board")}, {QStringLiteral("down"), true}},
                      &error));
    EXPECT_TRUE(error.contains(QStringLiteral("lab enable"))) << error.toStdString();
    EXPECT_EQ(slgState(A, 1), QStringLiteral("master")) << "the refused fault changed nothing";
    error.clear();
    EXPECT_FALSE(call(A, QStringLiteral("lab.traffic"), {{QStringLiteral("rate"), 100}}, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("lab enable"))) << error.toStdString();
    // The peer still has lab mode.
    EXPECT_TRUE(call(B, QStringLiteral("lab.status")).has_value());
}

} // namespace
} // namespace tandem::test
