// Role colours follow the palette, so a dark theme gets dark tints with readable text.

#include "utils/ColorUtils.h"

#include <QApplication>
#include <QPalette>
#include <gtest/gtest.h>

namespace tandem::gui {
namespace {

QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    palette.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    return palette;
}

// WCAG relative-luminance contrast ratio.
double contrast(const QColor& a, const QColor& b)
{
    auto luminance = [](const QColor& c) {
        auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
               0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

class ColorUtilsTest : public ::testing::Test
{
protected:
    void TearDown() override { QApplication::setPalette(m_original); }

    void expectReadable()
    {
        for (auto tone : {ColorUtils::Tone::Active, ColorUtils::Tone::Standby,
                          ColorUtils::Tone::Warning, ColorUtils::Tone::Fault}) {
            const QColor background = ColorUtils::background(tone);
            EXPECT_GE(contrast(ColorUtils::foreground(tone), background), 4.5)
                << "tone " << int(tone);
            EXPECT_GE(contrast(QApplication::palette().color(QPalette::Text), background), 4.5)
                << "tone " << int(tone);
        }
    }

    QPalette m_original = QApplication::palette();
};

TEST_F(ColorUtilsTest, TintsStayReadableInALightTheme)
{
    QApplication::setPalette(QPalette(QColor(0xef, 0xef, 0xef)));
    ASSERT_FALSE(ColorUtils::themeIsDark());
    expectReadable();
}

TEST_F(ColorUtilsTest, FollowsADarkPaletteWithoutRestart)
{
    QApplication::setPalette(QPalette(QColor(0xef, 0xef, 0xef)));
    const QColor light = ColorUtils::background(ColorUtils::slgRoleTone(QStringLiteral("master")));
    QApplication::setPalette(darkPalette());
    ASSERT_TRUE(ColorUtils::themeIsDark());
    const QColor dark = ColorUtils::background(ColorUtils::slgRoleTone(QStringLiteral("master")));
    EXPECT_GT(light.lightness(), 200);
    EXPECT_LT(dark.lightness(), 80);
    expectReadable();
}

TEST_F(ColorUtilsTest, TellsRolesApart)
{
    const auto master = ColorUtils::slgRoleTone(QStringLiteral("master"));
    const auto slave = ColorUtils::slgRoleTone(QStringLiteral("slave"));
    const auto down = ColorUtils::slgRoleTone(QStringLiteral("down"));
    const auto unknown = ColorUtils::slgRoleTone(QStringLiteral("disconnected"));
    EXPECT_NE(master, slave);
    EXPECT_NE(master, down);
    EXPECT_NE(slave, down);
    EXPECT_EQ(unknown, ColorUtils::Tone::Neutral);
    EXPECT_NE(ColorUtils::background(master), ColorUtils::background(slave));
}

} // namespace
} // namespace tandem::gui
