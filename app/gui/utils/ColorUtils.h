#pragma once

// Every colour the GUI shows that carries meaning comes from here, derived from the current
// palette at the time it is asked for, so a light/dark switch needs no restart.

#include "client/AgentClient.h"

#include <QColor>
#include <QString>

namespace tandem::gui {

class ColorUtils final
{
public:
    // What a colour says, independent of the theme.
    enum class Tone
    {
        Active,
        Standby,
        Warning,
        Fault,
        Neutral
    };

    // The palette the user chose (View → Appearance): the desktop's, or ours light or dark.
    enum class Scheme
    {
        System,
        Light,
        Dark
    };
    // Switches the whole application at once, without restart: every widget gets a
    // PaletteChange and asks this class again for its colours.
    static void applyScheme(Scheme scheme);
    static Scheme scheme();

    static bool themeIsDark();
    // Text or icon colour for a tone, readable on the window and base colours.
    static QColor foreground(Tone tone);
    // A tint of the tone over the base colour, for table cells; palette text stays readable.
    static QColor background(Tone tone);

    static Tone slgRoleTone(const QString& role);    // "master" | "slave" | "down"
    static Tone vrrpStateTone(const QString& state); // "Master" | "Backup" | "Initialize"
    static Tone connectionTone(client::AgentClient::State state);

    // A colour per device of a pair (0, 1) for chart series: it names the device, not a role,
    // so it stays when roles move.
    static QColor seriesColor(int index);

    // `over` laid on `under` with opacity `alpha`.
    static QColor blend(const QColor& over, const QColor& under, qreal alpha);
};

} // namespace tandem::gui
