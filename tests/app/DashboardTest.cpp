// The pair dashboard, failover record, actions and CGN tables on a real lab pair under lab
// traffic, read the way a user reads them: table cells, the topology, the sync panel.

#include "MainWindow.h"
#include "TestSupport.h"
#include "client/LabDescription.h"
#include "models/EventLogModel.h"
#include "models/HotBackupModel.h"
#include "models/PortBlockTableModel.h"
#include "models/SessionTableModel.h"
#include "models/SwitchoverModel.h"
#include "widgets/CgnTablesView.h"
#include "widgets/FailoverPanel.h"
#include "widgets/FailoverTimeline.h"
#include "widgets/PairView.h"
#include "widgets/SyncPanel.h"
#include "widgets/TopologyView.h"

#include <QAbstractButton>
#include <QAction>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <gtest/gtest.h>
#include <memory>

namespace tandem::gui {
namespace {

using test::ProcessResult;
using test::tandemctl;

constexpr int kTimeoutMs = 10000;
constexpr int kSlg = 1;

class DashboardTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QSettings().clear();
        ASSERT_TRUE(m_dir.isValid());
        const ProcessResult up = tandemctl(
            {QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dir"), m_dir.path(),
             QStringLiteral("--base"), test::randomLoopbackBase(), QStringLiteral("--rate"),
             QStringLiteral("400"), QStringLiteral("--subscribers"), QStringLiteral("500")});
        ASSERT_TRUE(up.finished) << up.err.toStdString();
        ASSERT_EQ(up.exitCode, 0) << up.out.toStdString() << up.err.toStdString();
        QString error;
        const auto lab = client::LabDescription::load(m_dir.path(), &error);
        ASSERT_TRUE(lab.has_value()) << error.toStdString();
        m_lab = *lab;
        m_window = std::make_unique<MainWindow>(MainWindow::Session::Forget);
        ASSERT_TRUE(m_window->openLab(m_dir.path(), &error)) << error.toStdString();
        m_window->show();
    }

    void TearDown() override
    {
        m_window.reset();
        if (QFile::exists(client::labJsonPath(m_dir.path())))
            tandemctl({QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"), m_dir.path()});
    }

    PairView* pair() const { return m_window->pairView(); }

    QString hotBackupCell(int side, int column) const
    {
        const HotBackupModel* model = pair()->hotBackupModel();
        const int row = model->rowOf(side, kSlg);
        return row < 0 ? QString() : model->index(row, column).data().toString();
    }

    bool waitForRoles(const QString& roleA, const QString& roleB) const
    {
        return QTest::qWaitFor(
            [&] {
                return hotBackupCell(0, HotBackupModel::Role) == roleA &&
                       hotBackupCell(1, HotBackupModel::Role) == roleB;
            },
            kTimeoutMs);
    }

    std::string shown() const
    {
        return QStringLiteral("hot backup: A '%1' batch '%2', B '%3' batch '%4'; topology: %5")
            .arg(hotBackupCell(0, HotBackupModel::Role), hotBackupCell(0, HotBackupModel::BatchBackup),
                 hotBackupCell(1, HotBackupModel::Role), hotBackupCell(1, HotBackupModel::BatchBackup),
                 pair()->topology()->boardTexts().join(QStringLiteral(", ")))
            .toStdString();
    }

    QTemporaryDir m_dir;
    client::LabDescription m_lab;
    std::unique_ptr<MainWindow> m_window;
};

TEST_F(DashboardTest, ShowsTheAgentsTrueRolesAndHotBackupState)
{
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return hotBackupCell(0, HotBackupModel::BatchBackup) == QLatin1String("finished"); },
        kTimeoutMs))
        << shown();
    EXPECT_EQ(hotBackupCell(0, HotBackupModel::Board), QStringLiteral("up"));
    EXPECT_EQ(hotBackupCell(1, HotBackupModel::Device), QStringLiteral("CGN-B"));
    EXPECT_TRUE(pair()->topology()->boardTexts().contains(QStringLiteral("CGN-A SLG 1 MASTER")))
        << shown();
    EXPECT_TRUE(pair()->topology()->boardTexts().contains(QStringLiteral("CGN-B SLG 1 STANDBY")))
        << shown();
    EXPECT_EQ(pair()->topology()->virtualIpSide(1), 0);
    EXPECT_TRUE(pair()->syncPanel()->fieldText(0, SyncPanel::Channel).startsWith(QStringLiteral("up")))
        << pair()->syncPanel()->fieldText(0, SyncPanel::Channel).toStdString();
    // Traffic on the master is backed up: the standby's copy grows and records flow.
    EXPECT_TRUE(QTest::qWaitFor(
        [&] {
            const QVariant sessions = pair()->hotBackupModel()
                                          ->index(pair()->hotBackupModel()->rowOf(1, kSlg), HotBackupModel::Sessions)
                                          .data(HotBackupModel::RawDataRole);
            return sessions.toLongLong() > 0 && pair()->topology()->isSyncFlowing();
        },
        kTimeoutMs))
        << shown();
    EXPECT_TRUE(m_window->updateAgeText().startsWith(QStringLiteral("Updated")))
        << m_window->updateAgeText().toStdString();
}

TEST_F(DashboardTest, RecordsTheFailoverWithItsPhasesWhenTheMasterIsKilled)
{
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    ASSERT_EQ(::kill(pid_t(m_lab.devices[0].pid), SIGKILL), 0);

    ASSERT_TRUE(waitForRoles(QStringLiteral("disconnected"), QStringLiteral("master"))) << shown();
    const SwitchoverModel* failovers = pair()->switchoverModel();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            for (const client::SwitchoverRecord& r : failovers->records())
                if (r.device == QLatin1String("CGN-B"))
                    return true;
            return false;
        },
        kTimeoutMs));
    const client::SwitchoverRecord& r = failovers->records().constLast();
    EXPECT_EQ(r.device, QStringLiteral("CGN-B"));
    EXPECT_EQ(r.fromDevice, QStringLiteral("CGN-A"));
    EXPECT_EQ(r.serviceLocation, kSlg);
    EXPECT_LE(r.decisionMs, r.tablesActiveMs);
    EXPECT_LE(r.tablesActiveMs, r.firstAdvertMs);
    EXPECT_GT(r.detectionMs, 0) << r.reason.toStdString();
    EXPECT_TRUE(QTest::qWaitFor([&] { return pair()->topology()->virtualIpSide(1) == 1; }, kTimeoutMs));
    EXPECT_TRUE(pair()->topology()->boardTexts().contains(QStringLiteral("CGN-B SLG 1 MASTER")));

    // The newest failover is selected, drawn, and exports as PNG + JSON.
    FailoverTimeline* timeline = pair()->failoverPanel()->timeline();
    ASSERT_TRUE(timeline->record().has_value());
    EXPECT_TRUE(timeline->record()->sameEvent(r));
    EXPECT_EQ(timeline->phaseTexts().size(), 3) << timeline->phaseTexts().join(QLatin1Char('|')).toStdString();
    QTemporaryDir out;
    QString error;
    ASSERT_TRUE(pair()->failoverPanel()->exportSelected(out.filePath(QStringLiteral("f.png")),
                                                        out.filePath(QStringLiteral("f.json")), &error))
        << error.toStdString();
    QFile json(out.filePath(QStringLiteral("f.json")));
    ASSERT_TRUE(json.open(QIODevice::ReadOnly));
    const QJsonObject exported = QJsonDocument::fromJson(json.readAll()).object();
    EXPECT_EQ(exported.value(QStringLiteral("device")).toString(), QStringLiteral("CGN-B"));
    EXPECT_EQ(qint64(exported.value(QStringLiteral("firstAdvertMs")).toDouble()), r.firstAdvertMs);
    EXPECT_FALSE(QImage(out.filePath(QStringLiteral("f.png"))).isNull());
}

TEST_F(DashboardTest, SwitchoverAsksNamingWhatMovesThenMovesTheRole)
{
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    ASSERT_TRUE(QTest::qWaitFor([&] { return pair()->switchoverAction()->isEnabled(); }, kTimeoutMs));
    pair()->switchoverAction()->trigger();
    QMessageBox* box = pair()->switchoverConfirmation();
    ASSERT_NE(box, nullptr);
    EXPECT_EQ(box->text(), QStringLiteral("service-location 1 moves from CGN-A to CGN-B"));
    // What survives, in the device's terms, not "older than the sync lag".
    EXPECT_TRUE(box->informativeText().contains(QStringLiteral("younger ones are not backed up (by design)")))
        << box->informativeText().toStdString();
    EXPECT_FALSE(box->informativeText().contains(QStringLiteral("sync lag")));

    // Cancel changes nothing.
    box->button(QMessageBox::Cancel)->click();
    QTest::qWait(300);
    EXPECT_EQ(hotBackupCell(0, HotBackupModel::Role), QStringLiteral("master"));

    pair()->switchoverAction()->trigger();
    box = pair()->switchoverConfirmation();
    ASSERT_NE(box, nullptr);
    QAbstractButton* go = nullptr;
    for (QAbstractButton* button : box->buttons())
        if (box->buttonRole(button) == QMessageBox::AcceptRole)
            go = button;
    ASSERT_NE(go, nullptr);
    go->click();
    ASSERT_TRUE(waitForRoles(QStringLiteral("slave"), QStringLiteral("master"))) << shown();
    EXPECT_TRUE(QTest::qWaitFor([&] { return pair()->switchoverModel()->rowCount() > 0; }, kTimeoutMs));
    // The new master saw a priority-0 resign; the record says why, in the old master's words.
    const SwitchoverModel* failovers = pair()->switchoverModel();
    // The switchover's own row (CGN-A preempts its role back later, another row).
    const auto reason = [&] {
        for (int row = failovers->rowCount() - 1; row >= 0; --row)
            if (failovers->index(row, SwitchoverModel::Move).data().toString() ==
                QStringLiteral("CGN-A → CGN-B"))
                return failovers->index(row, SwitchoverModel::Reason).data().toString();
        return QString();
    };
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return reason().contains(QLatin1String(": Manual switchover on CGN-A")); },
        kTimeoutMs))
        << [&] {
               std::string rows;
               for (int row = 0; row < failovers->rowCount(); ++row)
                   rows += failovers->index(row, SwitchoverModel::Move).data().toString().toStdString() +
                           ": " + failovers->index(row, SwitchoverModel::Reason).data().toString().toStdString() + "\n";
               return rows;
           }();
}

TEST_F(DashboardTest, DrillAsksNamingTheFaultThenTheStandbyTakesOver)
{
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    // The lab agents say so in their hello: the drill is offered.
    ASSERT_TRUE(QTest::qWaitFor([&] { return pair()->drillAction()->isEnabled(); }, kTimeoutMs));
    pair()->drillAction()->trigger();
    QMessageBox* box = pair()->drillConfirmation();
    ASSERT_NE(box, nullptr);
    EXPECT_EQ(box->text(), QStringLiteral("the service board of service-location 1 on CGN-A fails for 5 s"));
    QAbstractButton* go = nullptr;
    for (QAbstractButton* button : box->buttons())
        if (box->buttonRole(button) == QMessageBox::AcceptRole)
            go = button;
    ASSERT_NE(go, nullptr);
    EXPECT_EQ(go->text(), QStringLiteral("Run Drill on CGN-A"));
    go->click();
    EXPECT_TRUE(QTest::qWaitFor([&] { return hotBackupCell(1, HotBackupModel::Role) == QLatin1String("master"); },
                                kTimeoutMs))
        << shown();
}

TEST_F(DashboardTest, AcknowledgingAlarmsStopsHighlightingThem)
{
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    EventLogModel* log = pair()->eventLog();
    const int before = log->unacknowledgedAlarmCount();
    log->append(EventLogModel::Severity::Error, QStringLiteral("CGN-A"), QStringLiteral("board 1 failed"));
    const int row = log->rowCount() - 1;
    EXPECT_EQ(log->unacknowledgedAlarmCount(), before + 1);
    EXPECT_TRUE(log->index(row, EventLogModel::Message).data(Qt::BackgroundRole).isValid());
    ASSERT_TRUE(pair()->acknowledgeAlarmsAction()->isEnabled());
    pair()->acknowledgeAlarmsAction()->trigger();
    EXPECT_EQ(log->unacknowledgedAlarmCount(), 0);
    EXPECT_TRUE(log->isAcknowledged(row));
    EXPECT_FALSE(log->index(row, EventLogModel::Message).data(Qt::BackgroundRole).isValid());
    EXPECT_FALSE(pair()->acknowledgeAlarmsAction()->isEnabled());
}

TEST_F(DashboardTest, SessionsTablePagesAndFiltersAtTheAgent)
{
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    const HotBackupModel* hb = pair()->hotBackupModel();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return hb->index(hb->rowOf(0, kSlg), HotBackupModel::Sessions).data(HotBackupModel::RawDataRole).toLongLong() > 250;
        },
        kTimeoutMs))
        << shown();
    CgnTablesView* tables = pair()->tablesView();
    pair()->showTab(PairView::TablesTab);
    tables->setSource(0, kSlg);
    tables->setPageSize(100);
    tables->refresh();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !tables->isFetching(); }, kTimeoutMs));
    ASSERT_TRUE(tables->lastError().isEmpty()) << tables->lastError().toStdString();
    const SessionTableModel* sessions = tables->sessionModel();
    EXPECT_EQ(sessions->rowCount(), 100);
    EXPECT_GT(tables->total(), 100);
    ASSERT_TRUE(tables->hasNextPage());
    const qint64 firstId = sessions->index(0, SessionTableModel::Id).data(SessionTableModel::RawDataRole).toLongLong();
    tables->nextPage();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !tables->isFetching(); }, kTimeoutMs));
    EXPECT_EQ(tables->pageNumber(), 2);
    EXPECT_GT(sessions->rowCount(), 0);
    EXPECT_NE(sessions->index(0, SessionTableModel::Id).data(SessionTableModel::RawDataRole).toLongLong(), firstId);
    EXPECT_TRUE(tables->pageText().startsWith(QStringLiteral("Page 2"))) << tables->pageText().toStdString();

    // Filtered by the agent: one subscriber, one protocol.
    const QString user = sessions->index(0, SessionTableModel::InsideAddress).data().toString();
    const QString protocol = sessions->index(0, SessionTableModel::Protocol).data().toString();
    tables->setFilter(user, protocol, -1, -1);
    tables->refresh();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !tables->isFetching(); }, kTimeoutMs));
    ASSERT_TRUE(tables->lastError().isEmpty()) << tables->lastError().toStdString();
    ASSERT_GT(sessions->rowCount(), 0);
    for (int row = 0; row < sessions->rowCount(); ++row) {
        EXPECT_EQ(sessions->index(row, SessionTableModel::InsideAddress).data().toString(), user);
        EXPECT_EQ(sessions->index(row, SessionTableModel::Protocol).data().toString(), protocol);
    }
    QTemporaryDir out;
    QString error;
    ASSERT_TRUE(tables->exportCsv(out.filePath(QStringLiteral("s.csv")), &error)) << error.toStdString();
    QFile csv(out.filePath(QStringLiteral("s.csv")));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split(QLatin1Char('\n'));
    EXPECT_EQ(lines.size(), sessions->rowCount() + 1);
    EXPECT_TRUE(lines.first().startsWith(QStringLiteral("ID,Protocol,User"))) << lines.first().toStdString();
}

// The agent behind the shown page goes away and comes back with other tables: the page says
// it is from before while the device is away, and is read again once it is back.
TEST_F(DashboardTest, TheTablesPageIsMarkedStaleWhileItsDeviceIsAwayAndReadAgainAfter)
{
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    CgnTablesView* tables = pair()->tablesView();
    pair()->showTab(PairView::TablesTab);
    tables->setSource(1, kSlg);
    tables->refresh();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !tables->isFetching(); }, kTimeoutMs));
    ASSERT_TRUE(tables->lastError().isEmpty()) << tables->lastError().toStdString();
    const QDateTime before = tables->fetchedAt();

    ASSERT_EQ(::kill(pid_t(m_lab.devices[1].pid), SIGKILL), 0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return tables->isStale(); }, kTimeoutMs));
    EXPECT_TRUE(tables->pageText().contains(QStringLiteral("CGN-B is not connected")))
        << tables->pageText().toStdString();

    QProcess agent;
    agent.setProgram(test::binary(QStringLiteral("tandem-agent")));
    agent.setArguments({QStringLiteral("--config"), m_lab.devices[1].configPath});
    agent.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    agent.start();
    ASSERT_TRUE(agent.waitForStarted(5000));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return !tables->isStale() && !tables->isFetching() && tables->fetchedAt() > before; },
        3 * kTimeoutMs))
        << tables->pageText().toStdString();
    EXPECT_TRUE(tables->lastError().isEmpty()) << tables->lastError().toStdString();
    EXPECT_TRUE(tables->pageText().startsWith(QStringLiteral("Page 1")))
        << tables->pageText().toStdString();
    agent.kill();
    agent.waitForFinished(5000);
}

// A click on a column header sorts the whole table at the agent, and the pages follow that
// order; the port blocks tab lists each user's blocks.
TEST_F(DashboardTest, SessionsSortAtTheAgentAndPortBlocksAreListed)
{
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    const HotBackupModel* hb = pair()->hotBackupModel();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return hb->index(hb->rowOf(0, kSlg), HotBackupModel::Sessions).data(HotBackupModel::RawDataRole).toLongLong() > 250;
        },
        kTimeoutMs))
        << shown();
    CgnTablesView* tables = pair()->tablesView();
    pair()->showTab(PairView::TablesTab);
    tables->setSource(0, kSlg);
    tables->setPageSize(100);
    tables->sortSessions(SessionTableModel::OutsidePort, Qt::DescendingOrder);
    tables->refresh();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !tables->isFetching(); }, kTimeoutMs));
    ASSERT_TRUE(tables->lastError().isEmpty()) << tables->lastError().toStdString();
    EXPECT_EQ(tables->sessionSortKey(), QStringLiteral("outside"));
    const SessionTableModel* sessions = tables->sessionModel();
    const auto outsideKey = [&](int row) {
        return std::pair(
            QHostAddress(sessions->index(row, SessionTableModel::OutsideAddress).data(SessionTableModel::RawDataRole).toString())
                .toIPv4Address(),
            sessions->index(row, SessionTableModel::OutsidePort).data(SessionTableModel::RawDataRole).toInt());
    };
    ASSERT_EQ(sessions->rowCount(), 100);
    for (int row = 1; row < sessions->rowCount(); ++row)
        ASSERT_GE(outsideKey(row - 1), outsideKey(row)) << "row " << row;
    const auto lastOfFirstPage = outsideKey(sessions->rowCount() - 1);
    ASSERT_TRUE(tables->hasNextPage());
    tables->nextPage();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !tables->isFetching(); }, kTimeoutMs));
    ASSERT_TRUE(tables->lastError().isEmpty()) << tables->lastError().toStdString();
    ASSERT_GT(sessions->rowCount(), 0);
    EXPECT_LE(outsideKey(0), lastOfFirstPage);

    // The port blocks of a page of users: one row per block, ports within the block.
    auto* tabs = tables->findChild<QTabWidget*>();
    ASSERT_NE(tabs, nullptr);
    tabs->setCurrentIndex(CgnTablesView::PortBlocks);
    tables->refresh();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !tables->isFetching(); }, kTimeoutMs));
    ASSERT_TRUE(tables->lastError().isEmpty()) << tables->lastError().toStdString();
    const PortBlockTableModel* blocks = tables->portBlockModel();
    ASSERT_GT(blocks->rowCount(), 0);
    const QStringList ports = blocks->index(0, PortBlockTableModel::Ports).data().toString().split(QLatin1Char('-'));
    ASSERT_EQ(ports.size(), 2);
    EXPECT_LT(ports[0].toInt(), ports[1].toInt());
    EXPECT_FALSE(blocks->index(0, PortBlockTableModel::User).data().toString().isEmpty());
    EXPECT_TRUE(blocks->index(0, PortBlockTableModel::Utilisation).data().toString().endsWith(QStringLiteral(" %")));
}

} // namespace
} // namespace tandem::gui
