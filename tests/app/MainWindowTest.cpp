// The main window on a real lab pair, read the way a user reads it: table cells, device
// headers, status bar.

#include "MainWindow.h"

#include "TestSupport.h"
#include "client/LabDescription.h"
#include "models/ServiceLocationModel.h"
#include "models/VrrpGroupModel.h"
#include "utils/GuiSettings.h"
#include "widgets/DeviceHeader.h"
#include "widgets/PairView.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
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
