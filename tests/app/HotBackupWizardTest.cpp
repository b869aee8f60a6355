// The hot-backup wizard on a real bare lab pair (basic NAT only, no hot backup): a user walks
// its pages typing what the lab's plan says, reads the summary and pushes; the pair ends as
// planned, or rolled back to exactly what it ran.

#include "LabWindow.h"
#include "MainWindow.h"
#include "TestSupport.h"
#include "client/ConfigClient.h"
#include "client/LabDescription.h"
#include "config/ConfigParser.h"
#include "config/LabPair.h"
#include "config/PlanProposal.h"
#include "widgets/PairView.h"
#include "wizards/HotBackupWizard.h"
#include "wizards/ModePage.h"
#include "wizards/PreChecksPage.h"
#include "wizards/PushPage.h"
#include "wizards/SummaryPage.h"

#include <QTabWidget>

#include <QAbstractButton>
#include <QAction>
#include <QMenu>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QHostAddress>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>
#include <memory>

namespace tandem::gui {
namespace {

using test::ProcessResult;
using test::tandemctl;

constexpr int kTimeoutMs = 10000;
constexpr int kPushTimeoutMs = 120000;

class HotBackupWizardTest : public ::testing::Test
{
protected:
    void startLab(config::PairMode mode)
    {
        QSettings().clear();
        ASSERT_TRUE(m_dir.isValid());
        m_mode = mode;
        const ProcessResult up = tandemctl(
            {QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--bare"),
             QStringLiteral("--mode"),
             mode == config::PairMode::OneToOne ? QStringLiteral("1:1") : QStringLiteral("1+1"),
             QStringLiteral("--dir"), m_dir.path(), QStringLiteral("--base"),
             test::randomLoopbackBase()});
        ASSERT_TRUE(up.finished) << up.err.toStdString();
        ASSERT_EQ(up.exitCode, 0) << up.out.toStdString() << up.err.toStdString();
        QString error;
        const auto lab = client::LabDescription::load(m_dir.path(), &error);
        ASSERT_TRUE(lab.has_value()) << error.toStdString();
        m_lab = *lab;
        m_window = std::make_unique<MainWindow>(MainWindow::Session::Forget);
        ASSERT_TRUE(m_window->openLab(m_dir.path(), &error)) << error.toStdString();
        m_window->show();
        ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                return client(0)->state() == client::AgentClient::State::Connected &&
                       client(1)->state() == client::AgentClient::State::Connected;
            },
            kTimeoutMs));
        // What `tandemctl lab up` without --bare would have made of the pair: the golden plan.
        config::LabPairOptions options;
        options.mode = mode;
        options.firstAddress =
            config::Ipv4Address{QHostAddress(m_lab.devices[0].address).toIPv4Address()};
        options.preemptDelaySeconds = 3;
        options.backupPort = 11201;
        m_golden = config::labPlan(options);
    }

    void TearDown() override
    {
        m_window.reset();
        if (QFile::exists(client::labJsonPath(m_dir.path())))
            tandemctl({QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"),
                       m_dir.path()});
    }

    client::AgentClient* client(int side) const
    {
        return &m_window->pairView()->deviceMonitor(side)->client();
    }

    config::DeviceConfig running(int side, QString* text = nullptr) const
    {
        const QString running = test::runningText(client(side), kTimeoutMs);
        EXPECT_FALSE(running.isEmpty()) << "no running config from side " << side;
        if (running.isEmpty())
            return {};
        if (text)
            *text = running;
        const QByteArray utf8 = running.toUtf8();
        const config::ParseResult parsed = config::parseConfig(
            std::string_view(utf8.constData(), std::size_t(utf8.size())), {.maskedSecrets = true});
        EXPECT_TRUE(parsed.ok());
        return parsed.config;
    }

    QString roleOf(int side, int location) const
    {
        client::ConfigClient config(client(side));
        std::optional<client::CallResult<client::StatusSnapshot>> got;
        config.status([&](const auto& r) { got = r; });
        if (!QTest::qWaitFor([&] { return got.has_value(); }, kTimeoutMs) || !got->ok())
            return {};
        const protocol::ServiceLocationStatus* s =
            got->value().device.findServiceLocation(location);
        return s ? s->state : QString();
    }

    QWidget* page() const { return m_wizard->currentPage(); }

    template <class T>
    T* field(const QString& key) const
    {
        T* widget = page()->findChild<T*>(key);
        EXPECT_NE(widget, nullptr) << "no field " << key.toStdString() << " on page "
                                   << m_wizard->currentId();
        return widget;
    }

    void type(const QString& key, const QString& text) const
    {
        if (QLineEdit* edit = field<QLineEdit>(key)) {
            edit->selectAll();
            if (text.isEmpty())
                QTest::keyClick(edit, Qt::Key_Delete);
            else
                QTest::keyClicks(edit, text);
        }
    }
    void set(const QString& key, int value) const
    {
        if (QSpinBox* spin = field<QSpinBox>(key))
            spin->setValue(value);
    }
    static QString address(config::Ipv4Address a) { return QString::fromStdString(a.toString()); }
    static QString text(const std::string& s) { return QString::fromStdString(s); }

    bool nextEnabled() const { return m_wizard->button(QWizard::NextButton)->isEnabled(); }
    bool commitEnabled() const { return m_wizard->button(QWizard::CommitButton)->isEnabled(); }

    // docs/wizard-<name>.png when TANDEM_WIZARD_SCREENSHOTS names a directory.
    void screenshot(const QString& name) const
    {
        const QString dir = qEnvironmentVariable("TANDEM_WIZARD_SCREENSHOTS");
        if (dir.isEmpty())
            return;
        QTest::qWait(50);
        m_wizard->grab().save(QDir(dir).filePath(QStringLiteral("wizard-%1.png").arg(name)));
    }

    // Walks every page up to the summary, typing the golden plan; the optional VPN page is
    // chosen when the plan has VPN instances, and batch backup to see its page.
    void walkToSummary()
    {
        m_wizard = m_window->openHotBackupWizard();
        ASSERT_NE(m_wizard, nullptr);
        ASSERT_EQ(m_wizard->currentId(), HotBackupWizard::PreChecks);
        ASSERT_TRUE(QTest::qWaitFor([&] { return nextEnabled(); }, kTimeoutMs))
            << m_wizard->preChecksPage()->lineTexts().join(QLatin1Char('\n')).toStdString();
        EXPECT_TRUE(m_wizard->preChecksPage()->lineTexts().contains(
            QStringLiteral("✔ CGN-A: basic NAT configured")))
            << m_wizard->preChecksPage()->lineTexts().join(QLatin1Char('\n')).toStdString();
        screenshot(QStringLiteral("prechecks"));
        m_wizard->next();

        ASSERT_EQ(m_wizard->currentId(), HotBackupWizard::Mode);
        ModePage* mode = m_wizard->modePage();
        (m_golden.mode == config::PairMode::OneToOne ? mode->oneToOneButton()
                                                     : mode->onePlusOneButton())
            ->setChecked(true);
        mode->vpnCheck()->setChecked(!m_golden.vpnInstances.empty());
        mode->batchBackupCheck()->setChecked(true);
        screenshot(QStringLiteral("mode"));
        m_wizard->next();

        ASSERT_EQ(m_wizard->currentId(), HotBackupWizard::HaHotBackup);
        field<QCheckBox>(QStringLiteral("hotBackup"))->setChecked(m_golden.hotBackup);
        set(QStringLiteral("delayTimeSeconds"), m_golden.delayTimeSeconds);
        screenshot(QStringLiteral("hotbackup"));
        m_wizard->next();

        ASSERT_EQ(m_wizard->currentId(), HotBackupWizard::BackupChannel);
        for (const auto& [key, device] : {std::pair{QStringLiteral("a."), &m_golden.a},
                                          std::pair{QStringLiteral("b."), &m_golden.b}}) {
            type(key + QStringLiteral("channelInterface"), text(device->channelInterface));
            type(key + QStringLiteral("channelAddress"), address(device->channelAddress));
            set(key + QStringLiteral("channelPrefixLength"), device->channelPrefixLength);
            type(key + QStringLiteral("uplinkInterface"), text(device->uplinkInterface));
        }
        type(QStringLiteral("remoteBackupService.name"), text(m_golden.remoteBackupService.name));
        set(QStringLiteral("remoteBackupService.port"), m_golden.remoteBackupService.port);
        type(QStringLiteral("remoteBackupService.authenticationKey"),
             text(m_golden.remoteBackupService.authenticationKey));
        screenshot(QStringLiteral("channel"));
        m_wizard->next();

        ASSERT_EQ(m_wizard->currentId(), HotBackupWizard::Vrrp);
        for (std::size_t i = 0; i < m_golden.serviceLocations.size(); ++i) {
            const config::PlanServiceLocation& sl = m_golden.serviceLocations[i];
            const QString key = QStringLiteral("serviceLocations[%1].").arg(i);
            set(key + QStringLiteral("vrid"), sl.vrid);
            type(key + QStringLiteral("virtualIp"), address(sl.virtualIp));
            field<QComboBox>(key + QStringLiteral("master"))
                ->setCurrentIndex(sl.master == config::Side::A ? 0 : 1);
            set(key + QStringLiteral("masterPriority"), sl.masterPriority);
            set(key + QStringLiteral("backupPriority"), sl.backupPriority);
            set(key + QStringLiteral("preemptDelaySeconds"), sl.preemptDelaySeconds);
            set(key + QStringLiteral("advertIntervalMs"), sl.advertIntervalMs);
        }
        ASSERT_TRUE(nextEnabled());
        screenshot(QStringLiteral("vrrp"));
        m_wizard->next();

        ASSERT_EQ(m_wizard->currentId(), HotBackupWizard::Tracking);
        for (std::size_t i = 0; i < m_golden.serviceLocations.size(); ++i) {
            const QString key = QStringLiteral("serviceLocations[%1].").arg(i);
            set(key + QStringLiteral("trackServiceLocationReduced"),
                m_golden.serviceLocations[i].trackServiceLocationReduced);
            set(key + QStringLiteral("trackUplinkReduced"),
                m_golden.serviceLocations[i].trackUplinkReduced);
        }
        screenshot(QStringLiteral("tracking"));
        m_wizard->next();

        if (!m_golden.vpnInstances.empty()) {
            ASSERT_EQ(m_wizard->currentId(), HotBackupWizard::VpnOverNat);
            QStringList names;
            for (const config::PlanVpnInstance& v : m_golden.vpnInstances)
                names.append(text(v.name));
            type(QStringLiteral("vpnInstances"), names.join(QStringLiteral(", ")));
            screenshot(QStringLiteral("vpn"));
            m_wizard->next();
        }
        ASSERT_EQ(m_wizard->currentId(), HotBackupWizard::BatchBackup);
        screenshot(QStringLiteral("batchbackup"));
        m_wizard->next();

        ASSERT_EQ(m_wizard->currentId(), HotBackupWizard::Summary);
    }

    QTemporaryDir m_dir;
    client::LabDescription m_lab;
    config::PairMode m_mode = config::PairMode::OneToOne;
    config::PairPlan m_golden;
    std::unique_ptr<MainWindow> m_window;
    HotBackupWizard* m_wizard = nullptr;
};

TEST_F(HotBackupWizardTest, MakesABarePairOneToOneAsTheLabPlanSaysAndEndsConfirmedInThePlannedRoles)
{
    ASSERT_NO_FATAL_FAILURE(startLab(config::PairMode::OneToOne));
    ASSERT_NO_FATAL_FAILURE(walkToSummary());
    EXPECT_EQ(m_wizard->plan(), m_golden);

    const config::DeviceConfig runningA = running(0);
    const config::DeviceConfig runningB = running(1);
    const config::GeneratedPair expected = config::generatePair(m_golden, runningA, runningB);
    ASSERT_TRUE(expected.ok());
    SummaryPage* summary = m_wizard->summaryPage();
    EXPECT_EQ(summary->generatedText(0).toStdString(), config::printConfig(expected.a));
    EXPECT_EQ(summary->generatedText(1).toStdString(), config::printConfig(expected.b));
    EXPECT_TRUE(summary->diffText(0).contains(QStringLiteral("+service-ha hot-backup enable")))
        << summary->diffText(0).toStdString();
    EXPECT_TRUE(QTest::qWaitFor([&] { return summary->impact(0) && summary->impact(1); },
                                kTimeoutMs))
        << summary->impactText(0).toStdString();
    EXPECT_TRUE(commitEnabled()) << summary->findingTexts().join(QLatin1Char('\n')).toStdString();
    screenshot(QStringLiteral("summary"));
    summary->tabs()->setCurrentIndex(1);
    screenshot(QStringLiteral("summary-changes"));
    summary->tabs()->setCurrentIndex(2);
    screenshot(QStringLiteral("summary-impact"));
    m_wizard->next();

    ASSERT_EQ(m_wizard->currentId(), HotBackupWizard::Push);
    PushPage* push = m_wizard->pushPage();
    ASSERT_TRUE(QTest::qWaitFor([&] { return push->result().has_value(); }, kPushTimeoutMs))
        << push->eventTexts().join(QLatin1Char('\n')).toStdString();
    screenshot(QStringLiteral("push"));
    EXPECT_EQ(push->result()->outcome, client::PushOutcome::Confirmed)
        << push->result()->message.toStdString() << "\n"
        << push->eventTexts().join(QLatin1Char('\n')).toStdString();
    EXPECT_FALSE(push->checkTexts().isEmpty());
    EXPECT_TRUE(push->outcomeText().contains(QStringLiteral("Confirmed")))
        << push->outcomeText().toStdString();
    EXPECT_TRUE(m_wizard->button(QWizard::FinishButton)->isEnabled());
    EXPECT_TRUE(QTest::qWaitFor(
        [&] {
            return roleOf(0, 1) == QLatin1String("master") &&
                   roleOf(1, 1) == QLatin1String("slave");
        },
        kTimeoutMs))
        << roleOf(0, 1).toStdString() << " / " << roleOf(1, 1).toStdString();

    // A wizard opened on the pair now starts from what it runs: the plan it was made with.
    m_wizard->close();
    m_wizard = m_window->openHotBackupWizard();
    ASSERT_TRUE(QTest::qWaitFor([&] { return nextEnabled(); }, kTimeoutMs))
        << m_wizard->preChecksPage()->lineTexts().join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(m_wizard->startedFromExistingPair());
    EXPECT_EQ(m_wizard->plan(), m_golden);
    EXPECT_TRUE(m_wizard->optionChosen(HotBackupWizard::Option::VpnOverNat));
}

TEST_F(HotBackupWizardTest, ShowsAnErrorNextToTheFieldAsItIsTypedAndKeepsWhatWasTypedAcrossBack)
{
    ASSERT_NO_FATAL_FAILURE(startLab(config::PairMode::OneToOne));
    ASSERT_TRUE(m_window->pairMenu()->actions().contains(m_window->hotBackupWizardAction()));
    m_window->hotBackupWizardAction()->trigger();
    m_wizard = m_window->pairView()->findChild<HotBackupWizard*>();
    ASSERT_NE(m_wizard, nullptr);
    EXPECT_TRUE(m_wizard->isVisible());
    ASSERT_TRUE(QTest::qWaitFor([&] { return nextEnabled(); }, kTimeoutMs));
    // A pair that is none yet starts from the plan tandemctl proposes for it.
    const config::ProposedPlan proposed = config::proposePlan(running(0), running(1));
    ASSERT_TRUE(proposed.ok()) << proposed.errors.front().format();
    EXPECT_FALSE(m_wizard->startedFromExistingPair());
    EXPECT_EQ(m_wizard->plan(), proposed.plan);
    m_wizard->next();
    m_wizard->next();
    m_wizard->next();
    ASSERT_EQ(m_wizard->currentId(), HotBackupWizard::BackupChannel);
    type(QStringLiteral("a.channelAddress"), QStringLiteral("10.1.1"));
    EXPECT_FALSE(nextEnabled());
    const QLineEdit* edit = field<QLineEdit>(QStringLiteral("a.channelAddress"));
    EXPECT_TRUE(edit->toolTip().contains(QStringLiteral("not an IPv4 address")))
        << edit->toolTip().toStdString();
    type(QStringLiteral("a.channelAddress"), address(m_golden.a.channelAddress));
    type(QStringLiteral("remoteBackupService.name"), QString());
    EXPECT_FALSE(nextEnabled());
    type(QStringLiteral("remoteBackupService.name"), QStringLiteral("rbs"));
    set(QStringLiteral("remoteBackupService.port"), 11201);
    m_wizard->back();
    m_wizard->next();
    EXPECT_EQ(field<QLineEdit>(QStringLiteral("a.channelAddress"))->text(),
              address(m_golden.a.channelAddress));
    EXPECT_EQ(m_wizard->plan().remoteBackupService.port, 11201);
}

TEST_F(HotBackupWizardTest, MakesABarePairOnePlusOneWithEachDeviceMasterOfOneServiceLocation)
{
    ASSERT_NO_FATAL_FAILURE(startLab(config::PairMode::OnePlusOne));
    ASSERT_NO_FATAL_FAILURE(walkToSummary());
    EXPECT_EQ(m_wizard->plan(), m_golden);
    const config::GeneratedPair expected = config::generatePair(m_golden, running(0), running(1));
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(m_wizard->summaryPage()->generatedText(0).toStdString(),
              config::printConfig(expected.a));
    EXPECT_EQ(m_wizard->summaryPage()->generatedText(1).toStdString(),
              config::printConfig(expected.b));
    ASSERT_TRUE(commitEnabled())
        << m_wizard->summaryPage()->findingTexts().join(QLatin1Char('\n')).toStdString();
    m_wizard->next();
    PushPage* push = m_wizard->pushPage();
    ASSERT_TRUE(QTest::qWaitFor([&] { return push->result().has_value(); }, kPushTimeoutMs))
        << push->eventTexts().join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(push->result()->outcome, client::PushOutcome::Confirmed)
        << push->result()->message.toStdString() << "\n"
        << push->eventTexts().join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(QTest::qWaitFor(
        [&] {
            return roleOf(0, 1) == QLatin1String("master") &&
                   roleOf(1, 1) == QLatin1String("slave") &&
                   roleOf(0, 2) == QLatin1String("slave") &&
                   roleOf(1, 2) == QLatin1String("master");
        },
        kTimeoutMs))
        << roleOf(0, 1).toStdString() << " / " << roleOf(1, 1).toStdString() << ", "
        << roleOf(0, 2).toStdString() << " / " << roleOf(1, 2).toStdString();
}

TEST_F(HotBackupWizardTest, RollsBothBackToExactlyWhatTheyRanWhenThePlannedMasterCannotServe)
{
    ASSERT_NO_FATAL_FAILURE(startLab(config::PairMode::OneToOne));
    ASSERT_NO_FATAL_FAILURE(walkToSummary());
    QString before[2];
    running(0, &before[0]);
    running(1, &before[1]);
    // The planned master's board fails after the pre-checks: verification cannot see it master.
    std::optional<QString> faultError;
    client(0)->call(QStringLiteral("lab.fault"),
                    {{QStringLiteral("kind"), QStringLiteral("board")},
                     {QStringLiteral("serviceLocation"), 1},
                     {QStringLiteral("down"), true}},
                    [&](const QJsonValue&, const std::optional<protocol::RpcError>& error) {
                        faultError = error ? error->message : QString();
                    });
    ASSERT_TRUE(QTest::qWaitFor([&] { return faultError.has_value(); }, kTimeoutMs));
    ASSERT_TRUE(faultError->isEmpty()) << faultError->toStdString();
    m_wizard->setConfirmSeconds(20);
    m_wizard->next();
    PushPage* push = m_wizard->pushPage();
    ASSERT_TRUE(QTest::qWaitFor([&] { return push->result().has_value(); }, kPushTimeoutMs))
        << push->eventTexts().join(QLatin1Char('\n')).toStdString();
    screenshot(QStringLiteral("push-rolled-back"));
    EXPECT_EQ(push->result()->outcome, client::PushOutcome::RolledBack)
        << push->result()->message.toStdString() << "\n"
        << push->eventTexts().join(QLatin1Char('\n')).toStdString();
    const QStringList checks = push->checkTexts();
    EXPECT_TRUE(std::any_of(checks.begin(), checks.end(),
                            [](const QString& t) { return t.startsWith(QStringLiteral("✘")); }))
        << checks.join(QLatin1Char('\n')).toStdString();
    QString after[2];
    running(0, &after[0]);
    running(1, &after[1]);
    EXPECT_EQ(after[0].toStdString(), before[0].toStdString());
    EXPECT_EQ(after[1].toStdString(), before[1].toStdString());
}

TEST_F(HotBackupWizardTest, CancelDuringVerificationRollsBothBackAndSaysSo)
{
    ASSERT_NO_FATAL_FAILURE(startLab(config::PairMode::OneToOne));
    ASSERT_NO_FATAL_FAILURE(walkToSummary());
    QString before[2];
    running(0, &before[0]);
    running(1, &before[1]);
    // Verification waits while the planned master's board is down: time to cancel.
    std::optional<QString> faultError;
    client(0)->call(QStringLiteral("lab.fault"),
                    {{QStringLiteral("kind"), QStringLiteral("board")},
                     {QStringLiteral("serviceLocation"), 1},
                     {QStringLiteral("down"), true}},
                    [&](const QJsonValue&, const std::optional<protocol::RpcError>& error) {
                        faultError = error ? error->message : QString();
                    });
    ASSERT_TRUE(QTest::qWaitFor([&] { return faultError.has_value(); }, kTimeoutMs));
    ASSERT_TRUE(faultError->isEmpty()) << faultError->toStdString();
    m_wizard->next();
    PushPage* push = m_wizard->pushPage();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return push->countdownText().startsWith(QStringLiteral("Confirm deadline in")); },
        kTimeoutMs))
        << push->eventTexts().join(QLatin1Char('\n')).toStdString();
    QTest::qWait(1500);
    EXPECT_TRUE(push->pushing());
    screenshot(QStringLiteral("push-countdown"));
    // The wizard's Cancel rolls back and keeps the wizard open to say how it ended.
    m_wizard->button(QWizard::CancelButton)->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return push->result().has_value(); }, kPushTimeoutMs))
        << push->eventTexts().join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(m_wizard->isVisible());
    EXPECT_EQ(push->result()->outcome, client::PushOutcome::RolledBack)
        << push->result()->message.toStdString();
    QString after[2];
    running(0, &after[0]);
    running(1, &after[1]);
    EXPECT_EQ(after[0].toStdString(), before[0].toStdString());
    EXPECT_EQ(after[1].toStdString(), before[1].toStdString());
}

} // namespace
} // namespace tandem::gui
