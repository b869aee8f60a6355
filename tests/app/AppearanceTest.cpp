// View → Appearance: follow the system, light or dark, switched at once and remembered.

#include "MainWindow.h"
#include "utils/ColorUtils.h"
#include "utils/GuiSettings.h"

#include <QAction>
#include <QApplication>
#include <QSettings>
#include <QTest>
#include <gtest/gtest.h>
#include <memory>

namespace tandem::gui {
namespace {

class AppearanceTest : public ::testing::Test
{
protected:
    void SetUp() override { QSettings().clear(); }
    void TearDown() override
    {
        ColorUtils::applyScheme(ColorUtils::Scheme::System);
        QSettings().clear();
    }

    static QAction* action(const MainWindow& window, ColorUtils::Scheme scheme)
    {
        for (QAction* a : window.schemeActions())
            if (a->data().toInt() == int(scheme))
                return a;
        return nullptr;
    }
};

TEST_F(AppearanceTest, DarkAndLightApplyAtOnceAndTheChoiceIsRemembered)
{
    auto window = std::make_unique<MainWindow>();
    window->show();
    ASSERT_EQ(window->schemeActions().size(), 3);
    ASSERT_TRUE(action(*window, ColorUtils::Scheme::System)->isChecked());
    const bool systemDark = ColorUtils::themeIsDark();

    action(*window, ColorUtils::Scheme::Dark)->trigger();
    EXPECT_TRUE(ColorUtils::themeIsDark());
    // The open window follows without restart.
    EXPECT_TRUE(QTest::qWaitFor(
        [&] {
            return window->palette().color(QPalette::WindowText).lightness() >
                   window->palette().color(QPalette::Window).lightness();
        },
        2000));
    EXPECT_TRUE(action(*window, ColorUtils::Scheme::Dark)->isChecked());
    EXPECT_EQ(GuiSettings::colorScheme(), ColorUtils::Scheme::Dark);

    action(*window, ColorUtils::Scheme::Light)->trigger();
    EXPECT_FALSE(ColorUtils::themeIsDark());
    EXPECT_EQ(GuiSettings::colorScheme(), ColorUtils::Scheme::Light);

    action(*window, ColorUtils::Scheme::Dark)->trigger();
    window.reset();
    ColorUtils::applyScheme(ColorUtils::Scheme::System);
    EXPECT_EQ(ColorUtils::themeIsDark(), systemDark);
    // The next run starts dark.
    window = std::make_unique<MainWindow>();
    EXPECT_TRUE(ColorUtils::themeIsDark());
    EXPECT_TRUE(action(*window, ColorUtils::Scheme::Dark)->isChecked());
    action(*window, ColorUtils::Scheme::System)->trigger();
    EXPECT_EQ(ColorUtils::themeIsDark(), systemDark);
    EXPECT_EQ(GuiSettings::colorScheme(), ColorUtils::Scheme::System);
}

} // namespace
} // namespace tandem::gui
