#include "ColorUtils.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>

namespace tandem::gui {

namespace {

ColorUtils::Scheme g_scheme = ColorUtils::Scheme::System;

// Fusion's dark variant: for people who want it whatever the desktop says, and for the
// dark-mode pictures in docs/.
QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe4, 0xe6, 0xeb);
    const QColor disabled(0x7a, 0x7d, 0x84);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x6f, 0xb6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x8e, 0x95));
    p.setColor(QPalette::Disabled, QPalette::Text, disabled);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, disabled);
    p.setColor(QPalette::Disabled, QPalette::WindowText, disabled);
    return p;
}

// Secondary text: between text and base, still well readable on both.
QColor mutedText()
{
    const QPalette palette = QApplication::palette();
    return ColorUtils::blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.62);
}

// Hues picked to stay apart for common colour-vision deficiencies (green vs blue vs red) in
// both variants; the role is always spelled out as text as well.
QColor lightVariant(ColorUtils::Tone tone)
{
    switch (tone) {
    case ColorUtils::Tone::Active:
        return QColor(0x1a, 0x6e, 0x33);
    case ColorUtils::Tone::Standby:
        return QColor(0x1c, 0x5f, 0xb0);
    case ColorUtils::Tone::Warning:
        return QColor(0x9a, 0x5b, 0x00);
    case ColorUtils::Tone::Fault:
        return QColor(0xb3, 0x26, 0x1e);
    case ColorUtils::Tone::Neutral:
        break;
    }
    return mutedText();
}

QColor darkVariant(ColorUtils::Tone tone)
{
    switch (tone) {
    case ColorUtils::Tone::Active:
        return QColor(0x7c, 0xd3, 0x92);
    case ColorUtils::Tone::Standby:
        return QColor(0x7e, 0xb6, 0xf2);
    case ColorUtils::Tone::Warning:
        return QColor(0xf2, 0xbe, 0x5c);
    case ColorUtils::Tone::Fault:
        return QColor(0xf2, 0x8b, 0x82);
    case ColorUtils::Tone::Neutral:
        break;
    }
    return mutedText();
}

} // namespace

void ColorUtils::applyScheme(Scheme scheme)
{
    // The desktop's own style, as the application started with it.
    static const QString systemStyle = QApplication::style()->name();
    if (scheme == g_scheme)
        return;
    g_scheme = scheme;
    switch (scheme) {
    case Scheme::System:
        QApplication::setStyle(systemStyle);
        // An empty palette resolves to the platform's, and follows it when it changes.
        QApplication::setPalette(QPalette());
        break;
    case Scheme::Light:
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Scheme::Dark:
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(darkPalette());
        break;
    }
}

ColorUtils::Scheme ColorUtils::scheme()
{
    return g_scheme;
}

bool ColorUtils::themeIsDark()
{
    const QPalette palette = QApplication::palette();
    return palette.color(QPalette::WindowText).lightness() >
           palette.color(QPalette::Window).lightness();
}

QColor ColorUtils::foreground(Tone tone)
{
    return themeIsDark() ? darkVariant(tone) : lightVariant(tone);
}

QColor ColorUtils::background(Tone tone)
{
    const QColor base = QApplication::palette().color(QPalette::Base);
    if (tone == Tone::Neutral)
        return base;
    return blend(foreground(tone), base, themeIsDark() ? 0.22 : 0.13);
}

ColorUtils::Tone ColorUtils::slgRoleTone(const QString& role)
{
    if (role == QLatin1String("master"))
        return Tone::Active;
    if (role == QLatin1String("slave"))
        return Tone::Standby;
    if (role == QLatin1String("down"))
        return Tone::Fault;
    return Tone::Neutral;
}

ColorUtils::Tone ColorUtils::vrrpStateTone(const QString& state)
{
    if (state == QLatin1String("Master"))
        return Tone::Active;
    if (state == QLatin1String("Backup"))
        return Tone::Standby;
    if (state == QLatin1String("Initialize"))
        return Tone::Fault;
    return Tone::Neutral;
}

ColorUtils::Tone ColorUtils::connectionTone(client::AgentClient::State state)
{
    switch (state) {
    case client::AgentClient::State::Connected:
        return Tone::Active;
    case client::AgentClient::State::Connecting:
    case client::AgentClient::State::Authenticating:
        return Tone::Warning;
    case client::AgentClient::State::Disconnected:
        break;
    }
    return Tone::Fault;
}

QColor ColorUtils::seriesColor(int index)
{
    // Purple and orange: apart from the role hues and from each other in both themes.
    if (index % 2 == 0)
        return themeIsDark() ? QColor(0xc3, 0x9b, 0xf5) : QColor(0x6a, 0x3d, 0xb8);
    return themeIsDark() ? QColor(0xf5, 0xa9, 0x62) : QColor(0xb5, 0x58, 0x0a);
}

QColor ColorUtils::blend(const QColor& over, const QColor& under, qreal alpha)
{
    return QColor::fromRgbF(float(over.redF() * alpha + under.redF() * (1 - alpha)),
                            float(over.greenF() * alpha + under.greenF() * (1 - alpha)),
                            float(over.blueF() * alpha + under.blueF() * (1 - alpha)));
}

} // namespace tandem::gui
