// The soak CI runs: `tandemctl drill --soak 20` on a real lab pair under traffic — twenty faults
// drawn from every kind, one after another — and every one of them must end with the pair
// healthy, nothing lost and equal tables.

#include "LabPair.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <set>

namespace tandem::test {
namespace {

class DrillSoak : public LabPair
{
};

TEST_F(DrillSoak, TwentyRandomFaultsEachEndHealthyWithNothingLostAndEqualTables)
{
    // 100 ms adverts and light traffic keep a fault's round to seconds on a small machine.
    startLab(QStringLiteral("1:1"),
             {QStringLiteral("--advert-ms"), QStringLiteral("100"), QStringLiteral("--rate"),
              QStringLiteral("400"), QStringLiteral("--subscribers"), QStringLiteral("2000")});
    // Seed 7 draws all seven kinds, a manual switchover first and faults on the new roles after.
    const ProcessResult soak =
        tandemctl({QStringLiteral("drill"), QStringLiteral("--lab"), m_dir.path(),
                   QStringLiteral("--soak"), QStringLiteral("20"), QStringLiteral("--seed"),
                   QStringLiteral("7"), QStringLiteral("--json")},
                  330000);
    const std::string output = soak.out.toStdString() + soak.err.toStdString();
    EXPECT_EQ(soak.exitCode, 0) << output;
    const QJsonObject json = QJsonDocument::fromJson(soak.out.toUtf8()).object();
    const QJsonArray trials = json.value(QStringLiteral("trials")).toArray();
    ASSERT_EQ(trials.size(), 20) << output;
    std::set<QString> kinds;
    for (const QJsonValue& v : trials) {
        const QJsonObject trial = v.toObject();
        const QString what = QStringLiteral("trial %1 (%2)")
                                 .arg(trial.value(QStringLiteral("trial")).toInt())
                                 .arg(trial.value(QStringLiteral("fault")).toString());
        kinds.insert(trial.value(QStringLiteral("fault")).toString());
        EXPECT_FALSE(trial.contains(QStringLiteral("error")))
            << what.toStdString() << ": " << trial.value(QStringLiteral("error")).toString().toStdString();
        EXPECT_TRUE(trial.value(QStringLiteral("healthy")).toBool()) << what.toStdString();
        ASSERT_TRUE(trial.value(QStringLiteral("sessions_lost")).isDouble())
            << what.toStdString() << ": sessions not compared";
        EXPECT_EQ(trial.value(QStringLiteral("sessions_lost")).toInt(), 0) << what.toStdString();
        EXPECT_TRUE(trial.value(QStringLiteral("digest_equal")).toBool()) << what.toStdString();
    }
    EXPECT_GE(kinds.size(), 4u) << output;
    const QJsonObject summary = json.value(QStringLiteral("summary")).toObject();
    EXPECT_EQ(summary.value(QStringLiteral("sessions_lost_total")).toInt(), 0);
    EXPECT_EQ(summary.value(QStringLiteral("digests_equal")).toInt(), 20);
    EXPECT_TRUE(summary.value(QStringLiteral("healthy_ms")).toObject().contains(QStringLiteral("p90")));
    EXPECT_TRUE(summary.value(QStringLiteral("ok")).toBool());
}

} // namespace
} // namespace tandem::test
