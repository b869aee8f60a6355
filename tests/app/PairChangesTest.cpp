// The pair's configuration history on a real lab pair: pushes made with PairPush are one row
// each with both devices' commits, any two diff, an older revision restores through PairPush;
// a commit made by hand on one device raises the dashboard's drift banner, which leads to the
// editor and the wizard, and goes once the pair passes its check again.

#include "LabWindow.h"
#include "client/ConfigClient.h"
#include "client/LabDescription.h"
#include "client/PairPush.h"
#include "utils/Qsci.h"
#include "widgets/ConfigEditor.h"
#include "widgets/PairChangesView.h"
#include "widgets/PairDriftBanner.h"
#include "widgets/PairView.h"
#include "wizards/HotBackupWizard.h"

#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <gtest/gtest.h>
#include <memory>

namespace tandem::gui {
namespace {

constexpr int kTimeoutMs = 15000;
constexpr int kPushTimeoutMs = 120000;

class PairChangesTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QString why;
        ASSERT_TRUE(m_lab.start(&why)) << why.toStdString();
        m_window = m_lab.window();
    }

    PairView* view() const { return m_lab.pairView(); }
    client::AgentClient* client(int side) const { return m_lab.client(side); }

    QString running(int side) const
    {
        const QString text = test::runningText(client(side), kTimeoutMs);
        EXPECT_FALSE(text.isEmpty()) << "no running config from side " << side;
        return text;
    }

    // The lab's text with one more (unused) VPN instance: a change both devices take alike.
    static QString withVpn(const QString& text, const QString& name)
    {
        QString changed = text;
        changed.replace(QStringLiteral("ip vpn-instance vpn1\n ipv4-family\n#\n"),
                        QStringLiteral("ip vpn-instance vpn1\n ipv4-family\n#\nip vpn-instance %1\n"
                                       " ipv4-family\n#\n")
                            .arg(name));
        EXPECT_NE(changed, text);
        return changed;
    }

    client::PairPushResult push(const QString& a, const QString& b, const QString& label)
    {
        client::PairPushOptions options;
        options.label = label;
        client::PairPush push({client(0), QStringLiteral("CGN-A"), a},
                              {client(1), QStringLiteral("CGN-B"), b}, options);
        push.start();
        EXPECT_TRUE(QTest::qWaitFor([&] { return push.finished(); }, kPushTimeoutMs));
        return push.result();
    }

    bool commitOn(int side, const QString& text)
    {
        client::ConfigClient config(client(side));
        std::optional<client::CallResult<protocol::CommitRecord>> got;
        protocol::ConfigCommitRequest request;
        request.text = text;
        request.label = QStringLiteral("by hand");
        config.commit(request, [&](const auto& r) { got = r; });
        EXPECT_TRUE(QTest::qWaitFor([&] { return got.has_value(); }, kTimeoutMs));
        EXPECT_TRUE(got && got->ok()) << (got ? got->errorText().toStdString() : "no answer");
        return got && got->ok();
    }

    QTreeWidgetItem* rowOf(PairChangesView* changes, const QString& pairChangeId)
    {
        for (int i = 0; i < changes->list()->topLevelItemCount(); ++i)
            if (changes->list()->topLevelItem(i)->text(PairChangesView::ChangeColumn) ==
                pairChangeId)
                return changes->list()->topLevelItem(i);
        return nullptr;
    }

    test::LabWindow m_lab;
    MainWindow* m_window = nullptr;
};

TEST_F(PairChangesTest, EachPushIsOneRowWithBothCommitsAnyTwoDiffAndAnOlderOneRestores)
{
    const QString a0 = running(0), b0 = running(1);
    ASSERT_FALSE(a0.isEmpty());
    const client::PairPushResult first =
        push(withVpn(a0, QStringLiteral("vpn2")), withVpn(b0, QStringLiteral("vpn2")),
             QStringLiteral("add vpn2"));
    ASSERT_EQ(first.outcome, client::PushOutcome::Confirmed) << first.message.toStdString();
    const QString a1 = running(0), b1 = running(1);
    const client::PairPushResult second =
        push(withVpn(a1, QStringLiteral("vpn3")), withVpn(b1, QStringLiteral("vpn3")),
             QStringLiteral("add vpn3"));
    ASSERT_EQ(second.outcome, client::PushOutcome::Confirmed) << second.message.toStdString();

    // Looking at the Changes tab reads both histories again.
    PairChangesView* changes = view()->changesView();
    bool refreshed = false;
    QObject::connect(changes, &PairChangesView::refreshed, [&] { refreshed = true; });
    view()->showTab(PairView::ChangesTab);
    ASSERT_TRUE(QTest::qWaitFor([&] { return refreshed; }, kTimeoutMs));
    // The lab's first commit on each device is its own row; each push one row for both.
    int revisions = 0;
    for (const client::PairHistoryEntry& e : changes->entries())
        revisions += e.isPairRevision() ? 1 : 0;
    EXPECT_EQ(revisions, 2);
    QTreeWidgetItem* row1 = rowOf(changes, first.pairChangeId);
    QTreeWidgetItem* row2 = rowOf(changes, second.pairChangeId);
    ASSERT_NE(row1, nullptr);
    ASSERT_NE(row2, nullptr);
    EXPECT_EQ(row1->text(PairChangesView::StateColumn), QStringLiteral("confirmed"));
    EXPECT_EQ(row1->text(PairChangesView::LabelColumn), QStringLiteral("add vpn2"));
    EXPECT_EQ(row1->text(PairChangesView::DeviceAColumn),
              QStringLiteral("#%1").arg(first.newCommit[0]));
    EXPECT_TRUE(row2->text(PairChangesView::DeviceBColumn).endsWith(QStringLiteral("(running)")))
        << row2->text(PairChangesView::DeviceBColumn).toStdString();
    EXPECT_FALSE(changes->restoreButton()->isEnabled()) << "nothing selected";

    // Two rows diff per device: what the second push added on each.
    row1->setSelected(true);
    row2->setSelected(true);
    ASSERT_TRUE(changes->diffButton()->isEnabled());
    bool shown = false;
    QObject::connect(changes, &PairChangesView::diffShown, [&] { shown = true; });
    QTest::mouseClick(changes->diffButton(), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([&] { return shown; }, kTimeoutMs));
    const QString diff = changes->diffView()->text();
    EXPECT_EQ(diff.count(QStringLiteral("+ip vpn-instance vpn3")), 2) << diff.toStdString();
    EXPECT_FALSE(diff.contains(QStringLiteral("+ip vpn-instance vpn2"))) << diff.toStdString();

    // Restoring the first revision: both devices run what they ran after it, byte for byte.
    changes->list()->clearSelection();
    row1->setSelected(true);
    ASSERT_TRUE(changes->restoreButton()->isEnabled());
    QString asked;
    changes->setConfirm([&](const QString& id) {
        asked = id;
        return true;
    });
    std::optional<client::PairPushResult> restored;
    QObject::connect(changes, &PairChangesView::restoreFinished,
                     [&](const client::PairPushResult& r) { restored = r; });
    QTest::mouseClick(changes->restoreButton(), Qt::LeftButton);
    EXPECT_EQ(asked, first.pairChangeId);
    ASSERT_TRUE(QTest::qWaitFor([&] { return restored.has_value(); }, kPushTimeoutMs));
    EXPECT_EQ(restored->outcome, client::PushOutcome::Confirmed) << restored->message.toStdString();
    EXPECT_EQ(running(0), a1);
    EXPECT_EQ(running(1), b1);
    EXPECT_TRUE(changes->statusLabel()->text().contains(QStringLiteral("confirmed")))
        << changes->statusLabel()->text().toStdString();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            int n = 0;
            for (const client::PairHistoryEntry& e : changes->entries())
                n += e.isPairRevision() ? 1 : 0;
            return n == 3;
        },
        kTimeoutMs));
    EXPECT_EQ(changes->entries().back().label(),
              QStringLiteral("restore pair revision %1").arg(first.pairChangeId));
    if (const QByteArray shots = qgetenv("TANDEM_CHANGES_SCREENSHOTS"); !shots.isEmpty()) {
        m_window->resize(1280, 800);
        // The list was read again after the restore: its rows are new.
        rowOf(changes, first.pairChangeId)->setSelected(true);
        rowOf(changes, second.pairChangeId)->setSelected(true);
        shown = false;
        changes->diffSelected();
        EXPECT_TRUE(QTest::qWaitFor([&] { return shown; }, kTimeoutMs));
        QTest::qWait(200);
        m_window->grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/pair-changes.png"));
    }
}

TEST_F(PairChangesTest, AHandChangeOnOneDeviceRaisesTheDriftBannerUntilThePairChecksAgain)
{
    PairDriftBanner* banner = view()->driftBanner();
    ASSERT_TRUE(QTest::qWaitFor([&] { return banner->checks() > 0; }, kTimeoutMs));
    EXPECT_TRUE(banner->isHidden()) << banner->textLabel()->text().toStdString();

    // CGN-B's virtual IP changed by hand: the two no longer pair.
    const QString b0 = running(1);
    QString drifted = b0;
    const QString vip = QStringLiteral("vrrp vrid 1 virtual-ip ");
    const qsizetype at = drifted.indexOf(vip);
    ASSERT_GE(at, 0);
    const qsizetype end = drifted.indexOf(QLatin1Char('\n'), at);
    const QString line = drifted.mid(at, end - at);
    const QString address = line.mid(vip.size());
    const QString other = address.left(address.lastIndexOf(QLatin1Char('.')) + 1) +
                          QString::number(address.section(QLatin1Char('.'), 3).toInt() + 50);
    drifted.replace(line, vip + other);
    ASSERT_TRUE(commitOn(1, drifted));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !banner->isHidden(); },
                                PairDriftBanner::kPollMs + kTimeoutMs));
    const QString text = banner->textLabel()->text();
    EXPECT_TRUE(text.contains(QStringLiteral("no longer pass the pair check"))) << text.toStdString();
    EXPECT_TRUE(text.contains(other) || text.contains(QStringLiteral("virtual")))
        << text.toStdString();
    ASSERT_FALSE(banner->findings().empty());
    if (const QByteArray shots = qgetenv("TANDEM_CHANGES_SCREENSHOTS"); !shots.isEmpty()) {
        m_window->resize(1280, 800);
        QTest::qWait(1500);
        m_window->grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/drift-banner.png"));
    }
    const int side = banner->findings().front().side == config::Side::A ? 0 : 1;

    // "Open in editor": the Config tab, on the device the first finding names.
    QTest::mouseClick(banner->editorButton(), Qt::LeftButton);
    auto* tabs = view()->findChild<QTabWidget*>();
    ASSERT_NE(tabs, nullptr);
    EXPECT_EQ(tabs->currentIndex(), int(PairView::ConfigTab));
    EXPECT_TRUE(view()->configEditor(side)->isVisible());
    // "Repair with the wizard": the wizard opens on this pair.
    view()->showTab(PairView::DashboardTab);
    QTest::mouseClick(banner->wizardButton(), Qt::LeftButton);
    auto* wizard = view()->findChild<HotBackupWizard*>();
    ASSERT_NE(wizard, nullptr);
    wizard->close();

    // Put back: the banner goes.
    ASSERT_TRUE(commitOn(1, b0));
    EXPECT_TRUE(QTest::qWaitFor([&] { return banner->isHidden(); },
                                PairDriftBanner::kPollMs + kTimeoutMs))
        << banner->textLabel()->text().toStdString();
}

} // namespace
} // namespace tandem::gui
