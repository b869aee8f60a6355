// What the Failovers tab, the event log and the hot-backup rows claim, from the agents' own
// records: no window, no agents — the models and the parsing the dashboard uses.

#include "client/HotBackupStatus.h"
#include "models/EventLogModel.h"
#include "models/SwitchoverModel.h"
#include "widgets/FailoverTimeline.h"

#include <QJsonArray>
#include <QJsonObject>
#include <gtest/gtest.h>

using namespace tandem;
using namespace tandem::gui;

namespace {

QJsonObject statusWith(const QJsonObject& slg, const QJsonArray& switchovers = {})
{
    return {{QStringLiteral("hotBackup"),
             QJsonObject{{QStringLiteral("serviceLocations"), QJsonArray{slg}},
                         {QStringLiteral("switchovers"), switchovers}}}};
}

client::SwitchoverRecord killed()
{
    const QJsonObject event{{QStringLiteral("serviceLocation"), 1},
                            {QStringLiteral("cause"), QStringLiteral("master silent")},
                            {QStringLiteral("reason"), QStringLiteral("Protocol timer expired")},
                            {QStringLiteral("decisionMs"), 1'000'000},
                            {QStringLiteral("tablesActiveMs"), 1'000'002},
                            {QStringLiteral("firstAdvertMs"), 1'000'003},
                            {QStringLiteral("detectionMs"), 683},
                            {QStringLiteral("sessionsBefore"), 28'000},
                            {QStringLiteral("sessionsAfter"), 28'000}};
    const auto status =
        client::HotBackupStatus::fromStatusJson(QStringLiteral("CGN-B"), statusWith({}, {event}));
    EXPECT_TRUE(status.has_value());
    return status->switchovers.value(0);
}

TEST(HistoryTest, ASwitchoverShowsTheAgentsCauseAndATotalThatIncludesDetection)
{
    client::SwitchoverRecord r = killed();
    EXPECT_EQ(r.cause, client::SwitchoverCause::MasterSilent);
    EXPECT_EQ(r.detectionMs, 683);
    EXPECT_EQ(r.totalMs(), 686) << "detection + decision → first advert, not 3 ms";
    r.fromDevice = QStringLiteral("CGN-A");
    r.sessionsOnOldMaster = 30'000;
    r.notBackedUpOnOldMaster = 1'950;
    r.backlogOnOldMaster = 0;

    SwitchoverModel model;
    model.add(r);
    auto cell = [&](int column, int role = Qt::DisplayRole) {
        return model.index(0, column).data(role);
    };
    EXPECT_TRUE(
        cell(SwitchoverModel::Reason).toString().startsWith(QStringLiteral("master silent")))
        << cell(SwitchoverModel::Reason).toString().toStdString();
    EXPECT_EQ(cell(SwitchoverModel::Total, SwitchoverModel::RawDataRole).toLongLong(), 686);
    EXPECT_EQ(cell(SwitchoverModel::Detection).toString(), QStringLiteral("683 ms"));
    EXPECT_EQ(cell(SwitchoverModel::NotBackedUp, SwitchoverModel::RawDataRole).toLongLong(), 1'950);
    EXPECT_EQ(cell(SwitchoverModel::Lost, SwitchoverModel::RawDataRole).toLongLong(), 0);

    FailoverTimeline timeline;
    timeline.setRecord(r);
    EXPECT_TRUE(timeline.accountingText().contains(
        QStringLiteral("1,950 younger than delay-time, not backed up by design")))
        << timeline.accountingText().toStdString();
    EXPECT_TRUE(timeline.phaseTexts().value(0).startsWith(
        QStringLiteral("Detection (old master silent) 683 ms")))
        << timeline.phaseTexts().join(QLatin1Char('|')).toStdString();
}

TEST(HistoryTest, AManualSwitchoverSaysTheMasterResigned)
{
    client::SwitchoverRecord r = killed();
    r.cause = client::SwitchoverCause::MasterResigned;
    SwitchoverModel model;
    model.add(r);
    EXPECT_TRUE(model.index(0, SwitchoverModel::Reason)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("master resigned")));
    EXPECT_FALSE(model.index(0, SwitchoverModel::Reason)
                     .data()
                     .toString()
                     .contains(QStringLiteral("Priority calculation")));
}

TEST(HistoryTest, AnEventTheAgentRecordedBeforeTheWindowConnectedKeepsItsOwnTime)
{
    EventLogModel log;
    log.append(EventLogModel::Severity::Info, QStringLiteral("CGN-A"), QStringLiteral("connected"));
    const QDateTime then = QDateTime::currentDateTime().addSecs(-3600);
    log.appendAt(then, EventLogModel::Severity::Warning, QStringLiteral("CGN-B"),
                 QStringLiteral("became master"));
    ASSERT_EQ(log.rowCount(), 2);
    EXPECT_EQ(log.index(0, EventLogModel::Time).data(EventLogModel::RawDataRole).toLongLong(),
              then.toMSecsSinceEpoch());
    EXPECT_EQ(log.index(0, EventLogModel::Message).data().toString(),
              QStringLiteral("became master"));
    EXPECT_EQ(log.index(1, EventLogModel::Message).data().toString(), QStringLiteral("connected"));
}

TEST(HistoryTest, DigestsAndInStepAreOnlyWhatTheAgentVouchesForNow)
{
    // An agent leaves digestEqual out when its comparison was not made on the current tables.
    const auto stale = client::HotBackupStatus::fromStatusJson(
        QStringLiteral("CGN-B"), statusWith({{QStringLiteral("id"), 1},
                                             {QStringLiteral("role"), QStringLiteral("slave")},
                                             {QStringLiteral("sessions"), 0},
                                             {QStringLiteral("inStep"), false}}));
    ASSERT_TRUE(stale.has_value());
    EXPECT_FALSE(stale->serviceLocations[0].digestEqual.has_value());
    EXPECT_FALSE(stale->serviceLocations[0].inStep);

    const auto master = client::HotBackupStatus::fromStatusJson(
        QStringLiteral("CGN-A"), statusWith({{QStringLiteral("id"), 1},
                                             {QStringLiteral("role"), QStringLiteral("master")},
                                             {QStringLiteral("sessions"), 59'395},
                                             {QStringLiteral("digestEqual"), true},
                                             {QStringLiteral("inStep"), true},
                                             {QStringLiteral("notBackedUp"), 2'000}}));
    ASSERT_TRUE(master.has_value());
    EXPECT_TRUE(master->serviceLocations[0].inStep);
    EXPECT_EQ(master->serviceLocations[0].notBackedUp, 2'000);
}

} // namespace
