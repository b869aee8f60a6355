// The per-device config editor: live validation where the user types, and on a real lab pair
// the running configuration read from the agent, editable by its admin.

#include "LabWindow.h"
#include "MainWindow.h"
#include "TestSupport.h"
#include "client/LabDescription.h"
#include "widgets/ConfigEditor.h"
#include "widgets/PairView.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include "utils/Qsci.h"
#include <gtest/gtest.h>
#include <memory>

namespace tandem::gui {
namespace {

using test::ProcessResult;
using test::tandemctl;

const QString kConfig = QStringLiteral("sysname CGN-A\n"
                                       "interface GigabitEthernet0/1/1\n"
                                       " ip address 10.0.0.1 255.255.255.0\n"
                                       " vrrp vrid 1 virtual-ip 10.0.0.3\n"
                                       "service-location 1\n"
                                       " location slot 1\n"
                                       " vrrp vrid 1 interface GigabitEthernet0/1/1\n");

// docs/config-<name>.png when TANDEM_EDITOR_SCREENSHOTS names a directory.
void screenshot(QWidget& widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("TANDEM_EDITOR_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    QTest::qWait(50);
    widget.grab().save(QDir(dir).filePath(QStringLiteral("config-%1.png").arg(name)));
}

bool errorIndicatorOn(QsciScintilla* editor, int line)
{
    const long from = editor->positionFromLineIndex(line, 0);
    const long to = from + editor->lineLength(line);
    for (long at = from; at < to; ++at)
        if (editor->SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT,
                                  ConfigEditor::kErrorIndicator, at) != 0)
            return true;
    return false;
}

TEST(ConfigEditorTest, ATypoIsUnderlinedAtItsLineWithinASecondAndTheListJumpsThere)
{
    ConfigEditor editor(nullptr);
    editor.resize(1000, 600);
    editor.show();
    editor.setRunningText(kConfig);
    editor.validateNow();
    EXPECT_EQ(editor.findingList()->topLevelItemCount(), 0);

    // The user types a typo into line 6 (index 5): "location" becomes "locaton".
    QsciScintilla* candidate = editor.candidateEditor();
    candidate->setFocus();
    candidate->setCursorPosition(5, 7); // after " locati"
    QElapsedTimer clock;
    clock.start();
    QTest::keyClick(candidate, Qt::Key_Backspace); // " locaton slot 1"
    ASSERT_EQ(candidate->text(5).trimmed(), QStringLiteral("locaton slot 1"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return editor.findingList()->topLevelItemCount() > 0; }, 1000))
        << "no finding a second after the keystroke";
    EXPECT_LT(clock.elapsed(), 1000);
    EXPECT_TRUE(errorIndicatorOn(candidate, 5));
    EXPECT_FALSE(errorIndicatorOn(candidate, 0));
    QTreeWidgetItem* item = editor.findingList()->topLevelItem(0);
    EXPECT_EQ(item->text(0), QStringLiteral("6")) << item->text(0).toStdString();
    const QString message = item->text(2) + item->text(1);
    EXPECT_TRUE(message.contains(QStringLiteral("locaton"))) << message.toStdString();
    screenshot(editor, QStringLiteral("editor-error"));
    editor.tabs()->setCurrentIndex(1);
    screenshot(editor, QStringLiteral("diff"));
    editor.tabs()->setCurrentIndex(0);

    // A click on the finding takes the cursor to its line.
    candidate->setCursorPosition(0, 0);
    editor.findingList()->itemClicked(item, 0);
    int line = -1, index = -1;
    candidate->getCursorPosition(&line, &index);
    EXPECT_EQ(line, 5);

    // Mended, the error goes.
    candidate->setCursorPosition(5, 6);
    QTest::keyClicks(candidate, QStringLiteral("i"));
    EXPECT_TRUE(QTest::qWaitFor([&] { return editor.findingList()->topLevelItemCount() == 0; }, 1000));
    EXPECT_FALSE(errorIndicatorOn(candidate, 5));
}

TEST(ConfigEditorTest, WithoutTheAdminRoleTheCandidateIsReadOnlyAndNothingCommits)
{
    ConfigEditor editor(nullptr);
    editor.setRunningText(kConfig);
    editor.setMayCommit(false, QStringLiteral("your role is viewer"));
    EXPECT_TRUE(editor.candidateEditor()->isReadOnly());
    EXPECT_FALSE(editor.commitButton()->isEnabled());
    EXPECT_FALSE(editor.commitConfirmedButton()->isEnabled());
    EXPECT_EQ(editor.commitButton()->toolTip(), QStringLiteral("your role is viewer"));
}

TEST(ConfigEditorLabTest, ShowsEachDevicesRunningConfigurationAndItsAdminMayEditIt)
{
    test::LabWindow lab;
    QString why;
    ASSERT_TRUE(lab.start(&why)) << why.toStdString();
    MainWindow* window = lab.window();
    const QString dir = lab.dir();
    const QString runningA = QString::fromUtf8(tandemctl({QStringLiteral("config"), QStringLiteral("get"),
                                                          QStringLiteral("--lab"), dir,
                                                          QStringLiteral("--device"), QStringLiteral("CGN-A")})
                                                   .out.toUtf8());
    ConfigEditor* a = window->pairView()->configEditor(0);
    ASSERT_NE(a, nullptr);
    EXPECT_TRUE(QTest::qWaitFor([&] { return !a->runningText().isEmpty(); }, 10000));
    EXPECT_TRUE(a->runningText().contains(QStringLiteral("sysname CGN-A"))) << a->runningText().toStdString();
    EXPECT_TRUE(runningA.trimmed().isEmpty() || runningA.trimmed() == a->runningText().trimmed())
        << runningA.toStdString();
    EXPECT_FALSE(a->candidateEditor()->isReadOnly());
    // Both running texts are there and pair-checked: the lab's pair raises no error.
    a->validateNow();
    for (const config::Finding& finding : a->findings())
        EXPECT_NE(finding.severity, config::Severity::Error) << finding.format();
}

// A commit confirmed that nobody confirms: the device rolls it back at its deadline, the
// editor says so only once the device's history shows it, and shows what runs again.
TEST(ConfigEditorLabTest, ACommitConfirmedNotConfirmedRollsBackAndTheEditorShowsTheRunningConfigAgain)
{
    test::LabWindow lab;
    QString why;
    ASSERT_TRUE(lab.start(&why)) << why.toStdString();
    MainWindow* window = lab.window();
    const QString dir = lab.dir();
    ConfigEditor* a = window->pairView()->configEditor(0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !a->runningText().isEmpty(); }, 10000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !a->candidateEditor()->isReadOnly(); }, 10000));
    const QString before = a->runningText();
    QString changed = before;
    changed.replace(QStringLiteral("ip vpn-instance vpn1\n ipv4-family\n#\n"),
                    QStringLiteral("ip vpn-instance vpn1\n ipv4-family\n#\nip vpn-instance vpn9\n ipv4-family\n#\n"));
    ASSERT_NE(changed, before);
    window->pairView()->openEditor(0);
    a->candidateEditor()->setText(changed);
    a->confirmSecondsBox()->setValue(3);
    QTest::mouseClick(a->commitConfirmedButton(), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([&] { return a->statusLabel()->text().contains(QStringLiteral("unless confirmed")); }, 10000))
        << a->statusLabel()->text().toStdString();
    EXPECT_TRUE(a->confirmButton()->isVisible());
    EXPECT_TRUE(window->confirmButton()->isVisible()) << "the status bar offers the confirm too";
    EXPECT_TRUE(window->confirmButton()->text().contains(QStringLiteral("CGN-A #")))
        << window->confirmButton()->text().toStdString();
    EXPECT_TRUE(a->runningText().contains(QStringLiteral("vpn9")));
    ASSERT_TRUE(QTest::qWaitFor([&] { return a->statusLabel()->text().contains(QStringLiteral("rolled it back")); }, 20000))
        << a->statusLabel()->text().toStdString();
    EXPECT_TRUE(QTest::qWaitFor([&] { return a->runningText() == before; }, 5000));
    EXPECT_EQ(a->candidateEditor()->text(), before);
    EXPECT_FALSE(a->confirmButton()->isVisible()) << "nothing left to confirm";
    EXPECT_FALSE(window->confirmButton()->isVisible());
    // What the device runs, asked apart from the editor.
    const ProcessResult running = tandemctl({QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("--lab"),
                                             dir, QStringLiteral("--device"), QStringLiteral("CGN-A")});
    EXPECT_FALSE(running.out.contains(QStringLiteral("vpn9"))) << running.out.toStdString();
}

// The status bar's Confirm, seen from any tab, confirms the pending commit: it stays.
TEST(ConfigEditorLabTest, TheStatusBarsConfirmKeepsACommitConfirmed)
{
    test::LabWindow lab;
    QString why;
    ASSERT_TRUE(lab.start(&why)) << why.toStdString();
    MainWindow* window = lab.window();
    ConfigEditor* b = window->pairView()->configEditor(1);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !b->runningText().isEmpty(); }, 10000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !b->candidateEditor()->isReadOnly(); }, 10000));
    QString changed = b->runningText();
    changed.replace(QStringLiteral("ip vpn-instance vpn1\n ipv4-family\n#\n"),
                    QStringLiteral("ip vpn-instance vpn1\n ipv4-family\n#\nip vpn-instance vpn8\n ipv4-family\n#\n"));
    window->pairView()->openEditor(1);
    b->candidateEditor()->setText(changed);
    b->confirmSecondsBox()->setValue(30);
    QTest::mouseClick(b->commitConfirmedButton(), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([&] { return window->confirmButton()->isVisible(); }, 10000));
    EXPECT_TRUE(window->confirmButton()->text().contains(QStringLiteral("CGN-B #")))
        << window->confirmButton()->text().toStdString();
    window->pairView()->showTab(PairView::DashboardTab);
    QTest::mouseClick(window->confirmButton(), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !window->confirmButton()->isVisible(); }, 10000));
    EXPECT_TRUE(b->statusLabel()->text().contains(QStringLiteral("confirmed")))
        << b->statusLabel()->text().toStdString();
    const ProcessResult history = tandemctl({QStringLiteral("config"), QStringLiteral("history"),
                                             QStringLiteral("--lab"), lab.dir(), QStringLiteral("--device"),
                                             QStringLiteral("CGN-B")});
    EXPECT_TRUE(history.out.contains(QStringLiteral("confirmed"))) << history.out.toStdString();
    EXPECT_TRUE(QTest::qWaitFor([&] { return b->runningText().contains(QStringLiteral("vpn8")); }, 5000));
}

} // namespace
} // namespace tandem::gui
