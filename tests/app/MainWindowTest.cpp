// The main window on a real lab pair, read the way a user reads it: table cells, device
// headers, status bar.

#include "MainWindow.h"

#include "TestSupport.h"
#include "client/LabDescription.h"
#include "models/EventLogModel.h"
#include "models/InventoryModel.h"
#include "models/ServiceLocationModel.h"
#include "models/VrrpGroupModel.h"
#include "utils/GuiSettings.h"
#include "widgets/DeviceHeader.h"
#include "widgets/EventLogDock.h"
#include "widgets/PairView.h"
#include "widgets/TopologyView.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDirIterator>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QPointer>
#include <QProcess>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <array>
#include <csignal>
#include <gtest/gtest.h>
#include <memory>

namespace tandem::gui {
namespace {

using test::ProcessResult;
using test::tandemctl;

constexpr int kTimeoutMs = 10000;
constexpr int kSlg = 1;
const QString kVrrpInterface = QStringLiteral("GigabitEthernet0/1/1");

// Starts a lab pair (CGN-A priority 200, CGN-B 150) on a loopback block of its own and stops
// it again whatever the test did.
class MainWindowLabTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QSettings().clear();
        ASSERT_TRUE(m_dir.isValid());
        const ProcessResult up =
            tandemctl({QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dir"),
                       m_dir.path(), QStringLiteral("--base"), test::randomLoopbackBase()});
        ASSERT_TRUE(up.finished) << up.err.toStdString();
        ASSERT_EQ(up.exitCode, 0) << up.out.toStdString() << up.err.toStdString();
        QString error;
        const auto lab = client::LabDescription::load(m_dir.path(), &error);
        ASSERT_TRUE(lab.has_value()) << error.toStdString();
        m_lab = *lab;
        ASSERT_EQ(m_lab.devices[0].name, QStringLiteral("CGN-A"));
        ASSERT_EQ(m_lab.devices[1].name, QStringLiteral("CGN-B"));
    }

    void TearDown() override
    {
        m_window.reset();
        if (QFile::exists(client::labJsonPath(m_dir.path()))) {
            const ProcessResult down = tandemctl({QStringLiteral("lab"), QStringLiteral("down"),
                                                  QStringLiteral("--dir"), m_dir.path()});
            EXPECT_EQ(down.exitCode, 0) << down.err.toStdString();
        }
    }

    void openWindow()
    {
        m_window = std::make_unique<MainWindow>();
        QString error;
        ASSERT_TRUE(m_window->openLab(m_dir.path(), &error)) << error.toStdString();
        m_window->show();
        ASSERT_NE(m_window->pairView(), nullptr);
    }

    PairView* pair() const { return m_window->pairView(); }

    // The text of SLG 1's cell in `column` of the service-location table, "" without a row.
    QString slgCell(int column) const
    {
        const ServiceLocationModel* model = pair()->serviceLocationModel();
        const int row = model->rowOf(kSlg);
        return row < 0 ? QString() : model->index(row, column).data().toString();
    }

    QString vrrpState(const QString& device) const
    {
        const VrrpGroupModel* model = pair()->vrrpGroupModel();
        const int row = model->rowOf(device, kVrrpInterface, 1);
        return row < 0 ? QString() : model->index(row, VrrpGroupModel::State).data().toString();
    }

    std::string shown() const
    {
        return QStringLiteral("shown: CGN-A role '%1', CGN-B role '%2', master '%3'; "
                              "status bar '%4'")
            .arg(slgCell(ServiceLocationModel::RoleA), slgCell(ServiceLocationModel::RoleB),
                 slgCell(ServiceLocationModel::Master),
                 m_window->findChild<QStatusBar*>()->findChild<QLabel*>()->text())
            .toStdString();
    }

    bool waitForRoles(const QString& roleA, const QString& roleB) const
    {
        return QTest::qWaitFor(
            [&] {
                return slgCell(ServiceLocationModel::RoleA) == roleA &&
                       slgCell(ServiceLocationModel::RoleB) == roleB;
            },
            kTimeoutMs);
    }

    QTemporaryDir m_dir;
    client::LabDescription m_lab;
    std::unique_ptr<MainWindow> m_window;
};

TEST_F(MainWindowLabTest, ShowsTheNewMasterAndTheDeadDeviceWhenTheMasterAgentDies)
{
    openWindow();
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    EXPECT_EQ(slgCell(ServiceLocationModel::Master), QStringLiteral("CGN-A"));
    EXPECT_EQ(slgCell(ServiceLocationModel::VrrpStateA), QStringLiteral("Master"));
    EXPECT_EQ(slgCell(ServiceLocationModel::VrrpStateB), QStringLiteral("Backup"));
    EXPECT_EQ(slgCell(ServiceLocationModel::PriorityA), QStringLiteral("200 / 200"));
    EXPECT_EQ(pair()->deviceHeader(0)->connectionText(), QStringLiteral("Connected"));
    EXPECT_EQ(pair()->deviceHeader(1)->connectionText(), QStringLiteral("Connected"));

    ASSERT_EQ(::kill(pid_t(m_lab.devices[0].pid), SIGKILL), 0);

    ASSERT_TRUE(waitForRoles(QStringLiteral("disconnected"), QStringLiteral("master"))) << shown();
    EXPECT_EQ(slgCell(ServiceLocationModel::Master), QStringLiteral("CGN-B"));
    EXPECT_EQ(slgCell(ServiceLocationModel::VrrpStateA), QStringLiteral("—"));
    EXPECT_EQ(slgCell(ServiceLocationModel::VrrpStateB), QStringLiteral("Master"));
    EXPECT_EQ(vrrpState(QStringLiteral("CGN-A")), QStringLiteral("disconnected"));
    EXPECT_EQ(vrrpState(QStringLiteral("CGN-B")), QStringLiteral("Master"));
    EXPECT_EQ(pair()->deviceHeader(0)->connectionText(), QStringLiteral("Disconnected"));
    EXPECT_EQ(pair()->deviceHeader(1)->connectionText(), QStringLiteral("Connected"));
    EXPECT_TRUE(pair()->connectionSummary().contains(QStringLiteral("CGN-A: Disconnected")))
        << pair()->connectionSummary().toStdString();
}

// `lab down` and `lab up` in the same directory: new passwords (and keys). The open window
// reads lab.json again when the old ones are refused, and shows the new lab.
TEST_F(MainWindowLabTest, ReconnectsWithTheNewLabJsonWhenTheLabIsStartedAgainInItsDirectory)
{
    openWindow();
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    const ProcessResult down = tandemctl(
        {QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"), m_dir.path()});
    ASSERT_EQ(down.exitCode, 0) << down.err.toStdString();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return pair()->device(0).connectionState() != client::AgentClient::State::Connected;
        },
        kTimeoutMs));
    // The same addresses and ports: the old password reaches the new agents and is refused.
    const ProcessResult up =
        tandemctl({QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dir"),
                   m_dir.path(), QStringLiteral("--base"), m_lab.devices[0].address});
    ASSERT_EQ(up.exitCode, 0) << up.out.toStdString() << up.err.toStdString();
    QString error;
    const auto again = client::LabDescription::load(m_dir.path(), &error);
    ASSERT_TRUE(again.has_value()) << error.toStdString();
    ASSERT_NE(again->devices[0].password, m_lab.devices[0].password);
    m_lab = *again;

    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return pair() && pair()->device(0).endpoint().password == m_lab.devices[0].password &&
                   pair()->device(1).endpoint().password == m_lab.devices[1].password;
        },
        3 * kTimeoutMs))
        << shown();
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    EXPECT_FALSE(pair()->connectionSummary().contains(QStringLiteral("authentication")))
        << pair()->connectionSummary().toStdString();
    EXPECT_EQ(m_window->pinMismatchMessage(), nullptr);
}

// A device not connected (yet) may be master too: the virtual IP's box names the master that
// is known and the device that is out of sight, never "no master".
TEST_F(MainWindowLabTest, TheVirtualIpBoxNamesTheKnownMasterWhileTheOtherDeviceIsNotConnected)
{
    ASSERT_EQ(::kill(pid_t(m_lab.devices[1].pid), SIGKILL), 0);
    openWindow();
    const auto vip = [this] { return pair()->topology()->vipTexts().join(QLatin1Char('\n')); };
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return vip().contains(QStringLiteral("master CGN-A")); }, kTimeoutMs))
        << vip().toStdString();
    EXPECT_TRUE(vip().contains(QStringLiteral("CGN-B not connected"))) << vip().toStdString();
    EXPECT_FALSE(vip().contains(QStringLiteral("no master"))) << vip().toStdString();
}

// Two entries of one pair that lead to the same agent: not a split brain, an inventory mistake,
// told by the agent's own identity.
TEST_F(MainWindowLabTest, BothEntriesOnOneAgentAreNamedTheSameDeviceNotASplitBrain)
{
    m_window = std::make_unique<MainWindow>(MainWindow::Session::Forget);
    m_window->setPasswordPrompt([this](const QString&, const QString&) -> std::optional<QString> {
        return m_lab.devices[0].password;
    });
    m_window->show();
    InventoryPair p;
    p.name = QStringLiteral("Twice the same");
    for (int side = 0; side < 2; ++side) {
        InventoryDevice& d = p.devices[size_t(side)];
        d.name = side == 0 ? QStringLiteral("edge-1") : QStringLiteral("edge-2");
        d.transport = m_lab.devices[0].fingerprint.isEmpty() ? client::Endpoint::Transport::Tcp
                                                             : client::Endpoint::Transport::Tls;
        d.host = m_lab.devices[0].address;
        d.port = m_lab.devices[0].port;
        d.user = m_lab.devices[0].user;
        d.pinnedFingerprint = m_lab.devices[0].fingerprint;
    }
    const QString id = m_window->inventory()->addPair(p);
    m_window->connectPair(id);
    ASSERT_TRUE(QTest::qWaitFor([&] { return pair() && pair()->isLive(); }, kTimeoutMs));
    const auto vip = [this] { return pair()->topology()->vipTexts().join(QLatin1Char('\n')); };
    ASSERT_TRUE(QTest::qWaitFor([&] { return !vip().isEmpty(); }, kTimeoutMs));
    EXPECT_TRUE(vip().contains(QStringLiteral("both entries are the same device (CGN-A)")))
        << vip().toStdString();
    EXPECT_FALSE(vip().contains(QStringLiteral("SPLIT BRAIN"))) << vip().toStdString();
    EXPECT_TRUE(pair()->connectionSummary().contains(
        QStringLiteral("both entries are the same device (CGN-A)")))
        << pair()->connectionSummary().toStdString();
    // The service-location table's master column says the same, not "split brain".
    ServiceLocationModel* slgs = pair()->serviceLocationModel();
    ASSERT_GT(slgs->rowCount(), 0);
    const QString tip =
        slgs->data(slgs->index(0, ServiceLocationModel::Master), Qt::ToolTipRole).toString();
    EXPECT_TRUE(tip.contains(QStringLiteral("same device (CGN-A)"))) << tip.toStdString();
    EXPECT_FALSE(tip.contains(QStringLiteral("split brain"))) << tip.toStdString();
}

// The agent comes back: the window shows the restarted agent's own fresh state (its new boot
// time, the role it has now), never the role the dead one had.
TEST_F(MainWindowLabTest, ShowsFreshStateAfterTheMasterAgentRestarts)
{
    openWindow();
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    const qint64 oldBoot = pair()->device(0).status()->bootMsecsSinceEpoch;
    ASSERT_EQ(::kill(pid_t(m_lab.devices[0].pid), SIGKILL), 0);
    ASSERT_TRUE(waitForRoles(QStringLiteral("disconnected"), QStringLiteral("master"))) << shown();

    QProcess agent;
    agent.setProgram(test::binary(QStringLiteral("tandem-agent")));
    agent.setArguments({QStringLiteral("--config"), m_lab.devices[0].configPath});
    agent.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    agent.start();
    ASSERT_TRUE(agent.waitForStarted(5000));

    // Reconnected to the new agent: its status, not a cached one, whatever role it has.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const auto& status = pair()->device(0).status();
            return status && status->bootMsecsSinceEpoch > oldBoot;
        },
        kTimeoutMs))
        << shown();
    const QString shownFirst = slgCell(ServiceLocationModel::RoleA);
    const auto* slg = pair()->device(0).status()->findServiceLocation(kSlg);
    ASSERT_NE(slg, nullptr);
    EXPECT_EQ(shownFirst, slg->state) << shown();

    // It takes its tables back by batch, then preempts: the window follows, and what it shows
    // is what the agents say.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return slgCell(ServiceLocationModel::RoleA) == QLatin1String("master") &&
                   slgCell(ServiceLocationModel::RoleB) == QLatin1String("slave");
        },
        3 * kTimeoutMs))
        << shown();
    for (int side = 0; side < 2; ++side) {
        const ProcessResult truth = tandemctl(
            {QStringLiteral("status"), QStringLiteral("--lab"), m_dir.path(), QStringLiteral("--device"),
             m_lab.devices[side].name, QStringLiteral("--json")});
        ASSERT_EQ(truth.exitCode, 0) << truth.err.toStdString();
        const QJsonObject json = QJsonDocument::fromJson(truth.out.toUtf8()).object();
        const QJsonArray slgs = json.value(QStringLiteral("serviceLocations")).toArray();
        ASSERT_FALSE(slgs.isEmpty()) << truth.out.toStdString();
        EXPECT_EQ(slgs.first().toObject().value(QStringLiteral("state")).toString(),
                  slgCell(side == 0 ? ServiceLocationModel::RoleA : ServiceLocationModel::RoleB))
            << m_lab.devices[side].name.toStdString();
    }
    agent.kill();
    agent.waitForFinished(5000);
}

TEST_F(MainWindowLabTest, RemembersThePairButNeverItsPassword)
{
    openWindow();
    ASSERT_TRUE(QTest::qWaitFor([&] { return pair()->isLive(); }, kTimeoutMs)) << shown();
    m_window->close();
    m_window.reset();

    ASSERT_TRUE(QFile::exists(QSettings().fileName())) << QSettings().fileName().toStdString();
    EXPECT_EQ(GuiSettings::lastLabDirectory(), m_dir.path());
    const QString configDir =
        QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    int filesScanned = 0;
    QDirIterator files(configDir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << file.fileName().toStdString();
        const QByteArray content = file.readAll();
        ++filesScanned;
        for (const client::LabDevice& device : m_lab.devices)
            EXPECT_FALSE(content.contains(device.password.toUtf8()))
                << file.fileName().toStdString() << " holds the password of "
                << device.name.toStdString();
    }
    EXPECT_GT(filesScanned, 0);

    // A new window reopens the saved pair; credentials come from lab.json again.
    m_window = std::make_unique<MainWindow>();
    QString error;
    ASSERT_TRUE(m_window->reopenLastLab(&error)) << error.toStdString();
    m_window->show();
    EXPECT_EQ(pair()->title(), QStringLiteral("CGN-A / CGN-B"));
    EXPECT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
}

// Two lab pairs (each CGN-A priority 200, CGN-B 150) on loopback blocks of their own, opened
// in one window: a tab each.
class MainWindowPairTabsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QSettings().clear();
        QFile::remove(InventoryModel::defaultFile());
        QString base;
        for (size_t i = 0; i < m_dirs.size(); ++i) {
            ASSERT_TRUE(m_dirs[i].isValid());
            QString next;
            do
                next = test::randomLoopbackBase();
            while (next == base);
            base = next;
            const ProcessResult up =
                tandemctl({QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dir"),
                           m_dirs[i].path(), QStringLiteral("--base"), base});
            ASSERT_TRUE(up.finished) << up.err.toStdString();
            ASSERT_EQ(up.exitCode, 0) << up.out.toStdString() << up.err.toStdString();
            QString error;
            const auto lab = client::LabDescription::load(m_dirs[i].path(), &error);
            ASSERT_TRUE(lab.has_value()) << error.toStdString();
            m_labs[i] = *lab;
        }
    }

    void TearDown() override
    {
        m_window.reset();
        for (const QTemporaryDir& dir : m_dirs)
            if (QFile::exists(client::labJsonPath(dir.path())))
                tandemctl({QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"),
                           dir.path()});
    }

    // Both labs open, the second one's tab current.
    void openBoth()
    {
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        for (const QTemporaryDir& dir : m_dirs) {
            QString error;
            ASSERT_TRUE(m_window->openLab(dir.path(), &error)) << error.toStdString();
        }
        ASSERT_EQ(m_window->pairCount(), 2);
        for (int i = 0; i < 2; ++i) {
            m_views[size_t(i)] = view(i);
            ASSERT_NE(view(i), nullptr) << i;
        }
    }

    QString labDir(int lab) const
    {
        return QFileInfo(m_dirs[size_t(lab)].path()).absoluteFilePath();
    }
    QString pairId(int lab) const { return m_window->inventory()->pairIdForLab(labDir(lab)); }
    PairView* view(int lab) const { return m_window->pairViewOf(pairId(lab)); }

    static QString slgCell(const PairView* view, int column)
    {
        if (!view)
            return {};
        const ServiceLocationModel* model = view->serviceLocationModel();
        const int row = model->rowOf(kSlg);
        return row < 0 ? QString() : model->index(row, column).data().toString();
    }

    bool waitForRoles(int lab, const QString& roleA, const QString& roleB) const
    {
        return QTest::qWaitFor(
            [&] {
                return slgCell(view(lab), ServiceLocationModel::RoleA) == roleA &&
                       slgCell(view(lab), ServiceLocationModel::RoleB) == roleB;
            },
            kTimeoutMs);
    }

    std::string shown(int lab) const
    {
        const PairView* v = view(lab);
        return QStringLiteral("lab %1: roles '%2' / '%3'; %4")
            .arg(lab)
            .arg(slgCell(v, ServiceLocationModel::RoleA), slgCell(v, ServiceLocationModel::RoleB),
                 v ? v->connectionSummary() : QStringLiteral("not open"))
            .toStdString();
    }

    // What the agent itself says SLG 1's role is.
    QString trueRole(int lab, int side) const
    {
        const ProcessResult truth =
            tandemctl({QStringLiteral("status"), QStringLiteral("--lab"),
                       m_dirs[size_t(lab)].path(), QStringLiteral("--device"),
                       m_labs[size_t(lab)].devices[side].name, QStringLiteral("--json")});
        const QJsonArray slgs = QJsonDocument::fromJson(truth.out.toUtf8())
                                    .object()
                                    .value(QStringLiteral("serviceLocations"))
                                    .toArray();
        return slgs.isEmpty() ? QString()
                              : slgs.first().toObject().value(QStringLiteral("state")).toString();
    }

    QString inventoryState(int lab, int side) const
    {
        const InventoryModel* inventory = m_window->inventory();
        return inventory->index(side, InventoryModel::State, inventory->indexOfPair(pairId(lab)))
            .data()
            .toString();
    }

    QString statusText() const
    {
        return m_window->findChild<QLabel*>(QStringLiteral("connectionStatus"))->text();
    }

    QString labText() const
    {
        return m_window->findChild<QLabel*>(QStringLiteral("labDirectory"))->text();
    }

    // Keys as the user types them, to the window that has the focus.
    void press(QKeyCombination keys)
    {
        QApplication::setActiveWindow(m_window.get());
        ASSERT_TRUE(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), keys.key(), keys.keyboardModifiers());
    }

    std::array<QTemporaryDir, 2> m_dirs;
    std::array<client::LabDescription, 2> m_labs;
    std::unique_ptr<MainWindow> m_window;
    std::array<QPointer<PairView>, 2> m_views;
};

TEST_F(MainWindowPairTabsTest, TwoPairsOpenInTabsEachShowingItsOwnTrueRoles)
{
    ASSERT_NO_FATAL_FAILURE(openBoth());
    QTabWidget* tabs = m_window->pairTabs();
    ASSERT_EQ(tabs->count(), 2);
    EXPECT_EQ(m_window->pairViews(), (QList<PairView*>{view(0), view(1)}));
    EXPECT_EQ(m_window->pairView(), view(1)) << "the pair opened last is shown";
    for (int lab = 0; lab < 2; ++lab) {
        EXPECT_EQ(tabs->tabText(lab),
                  QStringLiteral("Lab %1").arg(QFileInfo(labDir(lab)).fileName()));
        EXPECT_FALSE(tabs->tabIcon(lab).isNull());
        ASSERT_TRUE(waitForRoles(lab, QStringLiteral("master"), QStringLiteral("slave")))
            << shown(lab);
    }
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return tabs->tabToolTip(0).contains(QStringLiteral("CGN-A: Connected")); },
        kTimeoutMs))
        << tabs->tabToolTip(0).toStdString();

    // The second lab loses its master: its tab follows, the first one's does not move.
    ASSERT_EQ(::kill(pid_t(m_labs[1].devices[0].pid), SIGKILL), 0);
    ASSERT_TRUE(waitForRoles(1, QStringLiteral("disconnected"), QStringLiteral("master")))
        << shown(1);
    EXPECT_TRUE(tabs->tabToolTip(1).contains(QStringLiteral("CGN-A: Disconnected")))
        << tabs->tabToolTip(1).toStdString();
    EXPECT_TRUE(statusText().contains(QStringLiteral("CGN-A: Disconnected")))
        << statusText().toStdString();
    EXPECT_EQ(trueRole(1, 1), QStringLiteral("master"));
    QTest::qWait(500);
    EXPECT_TRUE(view(0)->isLive()) << shown(0);
    for (int side = 0; side < 2; ++side)
        EXPECT_EQ(
            slgCell(view(0), side == 0 ? ServiceLocationModel::RoleA : ServiceLocationModel::RoleB),
            trueRole(0, side))
            << shown(0);
    EXPECT_EQ(slgCell(view(0), ServiceLocationModel::RoleA), QStringLiteral("master"));
}

TEST_F(MainWindowPairTabsTest, OpeningAnOpenPairShowsItsTabInsteadOfConnectingAgain)
{
    ASSERT_NO_FATAL_FAILURE(openBoth());
    ASSERT_TRUE(QTest::qWaitFor([&] { return view(0)->isLive() && view(1)->isLive(); }, kTimeoutMs))
        << shown(0) << shown(1);

    QString error;
    ASSERT_TRUE(m_window->openLab(m_dirs[0].path(), &error)) << error.toStdString();
    EXPECT_EQ(m_window->pairCount(), 2);
    EXPECT_EQ(m_window->pairView(), m_views[0].data());
    EXPECT_EQ(m_window->openPairId(), pairId(0));
    EXPECT_EQ(m_window->inventory()->pairs().size(), 2);

    // Through the inventory, as a double-click does.
    m_window->connectPair(pairId(1));
    EXPECT_EQ(m_window->pairCount(), 2);
    EXPECT_EQ(m_window->pairView(), m_views[1].data());

    // Still the first connections: the same views, live all along.
    ASSERT_FALSE(m_views[0].isNull());
    ASSERT_FALSE(m_views[1].isNull());
    EXPECT_EQ(view(0), m_views[0].data());
    EXPECT_EQ(view(1), m_views[1].data());
    EXPECT_TRUE(m_views[0]->isLive());
    EXPECT_TRUE(m_views[1]->isLive());
    EXPECT_FALSE(m_window->connectAction()->isEnabled()) << "the selected pair is open and up";
}

TEST_F(MainWindowPairTabsTest, ClosingATabDisconnectsThatPairAndTheOtherStaysLive)
{
    ASSERT_NO_FATAL_FAILURE(openBoth());
    for (int lab = 0; lab < 2; ++lab)
        ASSERT_TRUE(waitForRoles(lab, QStringLiteral("master"), QStringLiteral("slave")))
            << shown(lab);
    QTabWidget* tabs = m_window->pairTabs();
    const QString secondTitle = m_views[1]->title();

    // The close button of the first tab, which is not the current one.
    QAbstractButton* close =
        qobject_cast<QAbstractButton*>(tabs->tabBar()->tabButton(0, QTabBar::RightSide));
    ASSERT_NE(close, nullptr);
    close->click();
    EXPECT_EQ(m_window->pairCount(), 1);
    EXPECT_TRUE(m_views[0].isNull()) << "the closed pair's view is gone";
    EXPECT_EQ(view(0), nullptr);
    EXPECT_EQ(m_window->pairView(), m_views[1].data());
    for (int side = 0; side < 2; ++side) {
        EXPECT_EQ(m_window->inventory()->connectionState(pairId(0), side),
                  client::AgentClient::State::Disconnected);
        EXPECT_EQ(inventoryState(0, side), QStringLiteral("Disconnected"));
        EXPECT_EQ(inventoryState(1, side), QStringLiteral("Connected"));
    }
    // The other pair stays live and keeps following its agents.
    QTest::qWait(1500);
    ASSERT_FALSE(m_views[1].isNull());
    EXPECT_TRUE(m_views[1]->isLive()) << shown(1);
    EXPECT_LT(m_views[1]->msecsSinceUpdate(), 1500) << shown(1);
    EXPECT_TRUE(m_window->windowTitle().contains(QDir::toNativeSeparators(labDir(1))))
        << m_window->windowTitle().toStdString();

    // Ctrl+W closes the last one: the window says how to open a pair again.
    ASSERT_NO_FATAL_FAILURE(press(Qt::CTRL | Qt::Key_W));
    EXPECT_EQ(m_window->pairCount(), 0);
    EXPECT_EQ(m_window->pairView(), nullptr);
    EXPECT_TRUE(m_views[1].isNull());
    for (int side = 0; side < 2; ++side)
        EXPECT_EQ(inventoryState(1, side), QStringLiteral("Disconnected"));
    EXPECT_EQ(statusText(), QStringLiteral("No pair open"));
    EXPECT_TRUE(labText().isEmpty()) << labText().toStdString();
    EXPECT_FALSE(m_window->pairMenu()->isEnabled());
    const auto* hint = m_window->findChild<QLabel*>(QStringLiteral("emptyStateHint"));
    ASSERT_NE(hint, nullptr);
    EXPECT_TRUE(hint->isVisible());
    EXPECT_FALSE(m_window->windowTitle().contains(secondTitle));
}

TEST_F(MainWindowPairTabsTest, StatusBarTitleEventLogAndPairMenuFollowTheCurrentTab)
{
    ASSERT_NO_FATAL_FAILURE(openBoth());
    ASSERT_EQ(::kill(pid_t(m_labs[0].devices[1].pid), SIGKILL), 0);
    ASSERT_TRUE(waitForRoles(0, QStringLiteral("master"), QStringLiteral("disconnected")))
        << shown(0);
    ASSERT_TRUE(waitForRoles(1, QStringLiteral("master"), QStringLiteral("slave"))) << shown(1);

    auto expectShown = [&](int lab) {
        const PairView* current = m_views[size_t(lab)];
        ASSERT_EQ(m_window->pairView(), current);
        EXPECT_EQ(m_window->openPairId(), pairId(lab));
        EXPECT_EQ(m_window->labDirectory(), labDir(lab));
        EXPECT_EQ(statusText(), current->connectionSummary());
        EXPECT_EQ(statusText().contains(QStringLiteral("CGN-B: Disconnected")), lab == 0)
            << statusText().toStdString();
        EXPECT_TRUE(labText().contains(QDir::toNativeSeparators(labDir(lab))))
            << labText().toStdString();
        EXPECT_TRUE(m_window->windowTitle().contains(QDir::toNativeSeparators(labDir(lab))))
            << m_window->windowTitle().toStdString();
        // The first hot-backup sample arrives a moment after the roles.
        EXPECT_TRUE(test::waitFor(
            [&] { return m_window->updateAgeText().startsWith(QStringLiteral("Updated")); }, 3000))
            << m_window->updateAgeText().toStdString();
        const auto* log =
            qobject_cast<const QSortFilterProxyModel*>(m_window->eventLogDock()->view()->model());
        ASSERT_NE(log, nullptr);
        EXPECT_EQ(log->sourceModel(), current->eventLog());
        EXPECT_TRUE(m_window->pairMenu()->actions().contains(current->switchoverAction()));
        EXPECT_FALSE(
            m_window->pairMenu()->actions().contains(m_views[size_t(1 - lab)]->switchoverAction()));
    };
    expectShown(1);
    ASSERT_NO_FATAL_FAILURE(press(Qt::CTRL | Qt::Key_Tab));
    expectShown(0);
    ASSERT_NO_FATAL_FAILURE(press(Qt::CTRL | Qt::Key_Tab));
    expectShown(1);
    ASSERT_NO_FATAL_FAILURE(press(Qt::CTRL | Qt::Key_PageUp));
    expectShown(0);
    ASSERT_NO_FATAL_FAILURE(press(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab));
    expectShown(1);
    // A click on a tab, as well.
    QTest::mouseClick(m_window->pairTabs()->tabBar(), Qt::LeftButton, {},
                      m_window->pairTabs()->tabBar()->tabRect(0).center());
    expectShown(0);
}

TEST_F(MainWindowPairTabsTest, ReopensTheOpenPairsAndTheCurrentOneButNoPassword)
{
    ASSERT_NO_FATAL_FAILURE(openBoth());
    m_window->pairTabs()->setCurrentIndex(0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return view(0)->isLive() && view(1)->isLive(); }, kTimeoutMs))
        << shown(0) << shown(1);
    m_window->close();
    m_window.reset();

    const QString configDir =
        QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    QDirIterator files(configDir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << file.fileName().toStdString();
        const QByteArray content = file.readAll();
        for (const client::LabDescription& lab : m_labs)
            for (const client::LabDevice& device : lab.devices)
                EXPECT_FALSE(content.contains(device.password.toUtf8()))
                    << file.fileName().toStdString() << " holds a password";
    }

    m_window = std::make_unique<MainWindow>();
    QString error;
    ASSERT_TRUE(m_window->reopenLastPairs(&error)) << error.toStdString();
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    m_window->show();
    EXPECT_EQ(m_window->openPairIds(), (QStringList{pairId(0), pairId(1)}));
    EXPECT_EQ(m_window->openPairId(), pairId(0));
    for (int lab = 0; lab < 2; ++lab)
        EXPECT_TRUE(waitForRoles(lab, QStringLiteral("master"), QStringLiteral("slave")))
            << shown(lab);

    // All tabs closed at the end of a run: none reopens, not even the last lab.
    m_window->disconnectPair(pairId(0));
    m_window->disconnectPair();
    EXPECT_EQ(m_window->pairCount(), 0);
    m_window->close();
    m_window = std::make_unique<MainWindow>();
    EXPECT_FALSE(m_window->reopenLastPairs(&error));
    EXPECT_EQ(m_window->pairCount(), 0);
}

TEST(MainWindowTest, InventoryDockLeavesTheDashboardRoomAndFitsItsColumns)
{
    QSettings().clear();
    QFile::remove(InventoryModel::defaultFile());
    MainWindow window(MainWindow::Session::Forget);
    InventoryPair pair;
    pair.name = QStringLiteral("BER-CGN-1");
    pair.folder = QStringLiteral("Berlin");
    for (int side = 0; side < 2; ++side) {
        InventoryDevice& d = pair.devices[size_t(side)];
        d.name = side == 0 ? QStringLiteral("BER-CGN-1A") : QStringLiteral("BER-CGN-1B");
        d.host = side == 0 ? QStringLiteral("10.20.0.11") : QStringLiteral("10.20.0.12");
        d.port = 7830;
        d.user = QStringLiteral("noc");
    }
    window.inventory()->addPair(pair);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    QTreeView* tree = window.inventoryView();
    tree->expandAll();
    QApplication::processEvents();

    EXPECT_LE(window.inventoryDock()->width(), 340);
    EXPECT_GE(window.inventoryDock()->width(), 260);
    const QHeaderView* header = tree->header();
    for (const int column :
         {InventoryModel::Name, InventoryModel::State, InventoryModel::Address}) {
        EXPECT_FALSE(header->isSectionHidden(column)) << column;
        EXPECT_GT(header->sectionSize(column), 30) << column;
        EXPECT_LE(header->sectionViewportPosition(column) + header->sectionSize(column),
                  tree->viewport()->width())
            << "column " << column << " runs past the dock";
    }
    // The address and the state are shown whole.
    const QModelIndex device =
        tree->model()->index(0, 0, tree->model()->index(0, 0, tree->model()->index(0, 0)));
    ASSERT_TRUE(device.isValid());
    for (const int column : {InventoryModel::State, InventoryModel::Address}) {
        const QModelIndex cell = device.siblingAtColumn(column);
        EXPECT_GE(header->sectionSize(column), tree->sizeHintForIndex(cell).width())
            << cell.data().toString().toStdString();
    }
}

TEST(MainWindowTest, ShowsHowToOpenALabWhenNoneIsOpen)
{
    QSettings().clear();
    MainWindow window;
    QString error;
    EXPECT_FALSE(window.reopenLastLab(&error));
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    window.show();
    EXPECT_EQ(window.pairView(), nullptr);
    const auto* hint = window.findChild<QLabel*>(QStringLiteral("emptyStateHint"));
    ASSERT_NE(hint, nullptr);
    EXPECT_TRUE(hint->isVisible());
    EXPECT_TRUE(hint->text().contains(QStringLiteral("tandemctl lab up --dir DIR")))
        << hint->text().toStdString();
}

TEST(MainWindowTest, RefusesADirectoryWithoutLabJsonAndKeepsWhatItShows)
{
    QSettings().clear();
    QTemporaryDir empty;
    ASSERT_TRUE(empty.isValid());
    MainWindow window;
    QString error;
    EXPECT_FALSE(window.openLab(empty.path(), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("lab.json"))) << error.toStdString();
    EXPECT_EQ(window.pairView(), nullptr);
    EXPECT_TRUE(GuiSettings::lastLabDirectory().isEmpty());
}

} // namespace
} // namespace tandem::gui
