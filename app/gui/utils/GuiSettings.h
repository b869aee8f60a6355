#pragma once

// The GUI's persistent settings, in one place so what is stored stays reviewable: window
// geometry, table headers, the last lab directory and the pairs that were open. Never
// credentials — those are re-read from lab.json or the keychain.

#include "ColorUtils.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>

namespace tandem::gui {

class GuiSettings final
{
public:
    static QByteArray mainWindowGeometry();
    static void setMainWindowGeometry(const QByteArray& geometry);

    // Docks and toolbars.
    static QByteArray mainWindowState();
    static void setMainWindowState(const QByteArray& state);

    // View → Appearance.
    static ColorUtils::Scheme colorScheme();
    static void setColorScheme(ColorUtils::Scheme scheme);

    static QByteArray pairViewState();
    static void setPairViewState(const QByteArray& state);

    // A table's header (chosen columns, their order and widths), by table name.
    static QByteArray tableHeaderState(const QString& table);
    static void setTableHeaderState(const QString& table, const QByteArray& state);

    // The lab pair `tandem` reopens when started without --lab.
    static QString lastLabDirectory();
    static void setLastLabDirectory(const QString& dir);

    // The inventory ids of the pairs open when the last run ended, in tab order; nullopt when
    // no run recorded them.
    static std::optional<QStringList> openPairs();
    static QString currentPair();
    static void setOpenPairs(const QStringList& pairIds, const QString& current);
};

} // namespace tandem::gui
