// The window on small and large screens, against a real lab pair: it fits the screen, every
// view stays readable at 1024x700 (no text cut, nothing on top of anything else; what does not
// fit scrolls), and the topology's text is drawn at least at the font's size on a large one.

#include "MainWindow.h"
#include "TestSupport.h"
#include "client/LabDescription.h"
#include "models/InventoryModel.h"
#include "widgets/PairView.h"
#include "widgets/TopologyView.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLayout>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <gtest/gtest.h>
#include <memory>

namespace tandem::gui {
namespace {

using test::ProcessResult;
using test::tandemctl;

constexpr int kTimeoutMs = 10000;

QString describe(const QWidget* widget)
{
    QString path;
    for (const QWidget* w = widget; w; w = w->parentWidget())
        path.prepend(QStringLiteral("/%1(%2)").arg(
            QString::fromLatin1(w->metaObject()->className()), w->objectName()));
    if (const auto* label = qobject_cast<const QLabel*>(widget))
        path += QStringLiteral(" \"%1\"").arg(label->text().left(60));
    return path;
}

// What a user would see as broken on the current page of `window`: a label narrower (or
// lower) than its text, two widgets of one layout on top of each other.
QStringList layoutProblems(QWidget* window)
{
    QStringList problems;
    const QList<QWidget*> widgets = window->findChildren<QWidget*>();
    for (QWidget* widget : widgets) {
        if (!widget->isVisibleTo(window) || widget->isWindow())
            continue;
        if (auto* label = qobject_cast<QLabel*>(widget); label && !label->text().isEmpty()) {
            // A label may be narrower than its text only when it is told to be (the status
            // bar's summary, which shows a tooltip with all of it).
            const bool mayClip = label->sizePolicy().horizontalPolicy() == QSizePolicy::Ignored;
            const QSize need = label->minimumSizeHint();
            if (!mayClip && label->width() + 1 < need.width())
                problems.append(QStringLiteral("cut: %1 is %2 wide, needs %3")
                                    .arg(describe(label))
                                    .arg(label->width())
                                    .arg(need.width()));
            if (label->wordWrap() && label->heightForWidth(label->width()) > label->height() + 1)
                problems.append(QStringLiteral("cut: %1 is %2 high, needs %3")
                                    .arg(describe(label))
                                    .arg(label->height())
                                    .arg(label->heightForWidth(label->width())));
        }
        const QLayout* layout = widget->layout();
        if (!layout || qobject_cast<QStackedWidget*>(widget))
            continue;
        QList<QWidget*> laidOut;
        for (int i = 0; i < layout->count(); ++i)
            if (QWidget* child = layout->itemAt(i)->widget(); child && child->isVisibleTo(window))
                laidOut.append(child);
        for (int i = 0; i < laidOut.size(); ++i)
            for (int j = i + 1; j < laidOut.size(); ++j)
                if (laidOut[i]->geometry().intersects(laidOut[j]->geometry()))
                    problems.append(QStringLiteral("overlap: %1 and %2")
                                        .arg(describe(laidOut[i]), describe(laidOut[j])));
    }
    return problems;
}

class LayoutTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QSettings().clear();
        ASSERT_TRUE(m_dir.isValid());
        const ProcessResult up =
            tandemctl({QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dir"),
                       m_dir.path(), QStringLiteral("--base"), test::randomLoopbackBase()});
        ASSERT_EQ(up.exitCode, 0) << up.out.toStdString() << up.err.toStdString();
        m_window = std::make_unique<MainWindow>(MainWindow::Session::Forget);
        QString error;
        ASSERT_TRUE(m_window->openLab(m_dir.path(), &error)) << error.toStdString();
        m_window->show();
        ASSERT_TRUE(QTest::qWaitFor([&] { return m_window->pairView()->isLive(); }, kTimeoutMs));
        // Long enough for the hot-backup counters and charts to show numbers.
        QTest::qWait(1500);
    }

    void TearDown() override
    {
        m_window.reset();
        tandemctl(
            {QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"), m_dir.path()});
    }

    void resizeTo(const QSize& size)
    {
        m_window->resize(size);
        QTest::qWait(200);
        QApplication::processEvents();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

TEST_F(LayoutTest, EveryViewIsReadableAt1024x700)
{
    const QSize small(1024, 700);
    EXPECT_LE(m_window->minimumSizeHint().width(), small.width());
    EXPECT_LE(m_window->minimumSizeHint().height(), small.height());
    resizeTo(small);
    EXPECT_EQ(m_window->size(), small);
    PairView* pair = m_window->pairView();

    for (const PairView::Tab tab :
         {PairView::DashboardTab, PairView::FailoversTab, PairView::TablesTab}) {
        pair->showTab(tab);
        QTest::qWait(300);
        const QStringList problems = layoutProblems(m_window.get());
        EXPECT_TRUE(problems.isEmpty()) << "tab " << int(tab) << ":\n"
                                        << problems.join(QLatin1Char('\n')).toStdString();
    }
    // The dashboard scrolls down, never sideways.
    pair->showTab(PairView::DashboardTab);
    auto* scroll = pair->findChild<QScrollArea*>(QStringLiteral("dashboardScroll"));
    ASSERT_NE(scroll, nullptr);
    EXPECT_LE(scroll->widget()->width(), scroll->viewport()->width());
    // The inventory names its pairs and devices.
    const QHeaderView* header = m_window->inventoryView()->header();
    EXPECT_GE(header->sectionSize(InventoryModel::Name),
              m_window->inventoryView()->fontMetrics().horizontalAdvance(QStringLiteral("CGN-A")) +
                  2 * m_window->inventoryView()->indentation() + 8);
}

TEST_F(LayoutTest, TheTopologyTextIsAtLeastTheFontsSizeOnALargeScreen)
{
    resizeTo(QSize(1600, 1000));
    const TopologyView* topology = m_window->pairView()->topology();
    const qreal scale = topology->transform().m11();
    EXPECT_GE(scale, 0.9) << "the picture is shrunk: its text is much smaller than the font";
    EXPECT_TRUE(layoutProblems(m_window.get()).isEmpty())
        << layoutProblems(m_window.get()).join(QLatin1Char('\n')).toStdString();
}

TEST(WindowFitTest, TheWindowOpensWithinTheScreensAvailableGeometry)
{
    QSettings().clear();
    MainWindow window(MainWindow::Session::Forget);
    const QRect available = window.screen()->availableGeometry();
    EXPECT_LE(window.width(), available.width());
    EXPECT_LE(window.height(), available.height());
    EXPECT_TRUE(available.contains(window.geometry()))
        << window.geometry().x() << "," << window.geometry().y() << " " << window.width() << "x"
        << window.height() << " in " << available.width() << "x" << available.height();
}

} // namespace
} // namespace tandem::gui
