#pragma once

// The GUI's persistent settings, in one place so what is stored stays reviewable: window
// geometry and the last lab directory. Never credentials — those are re-read from lab.json.

#include <QByteArray>
#include <QString>

namespace tandem::gui {

class GuiSettings final
{
public:
    static QByteArray mainWindowGeometry();
    static void setMainWindowGeometry(const QByteArray& geometry);

    static QByteArray pairViewState();
    static void setPairViewState(const QByteArray& state);

    // The lab pair `tandem` reopens when started without --lab.
    static QString lastLabDirectory();
    static void setLastLabDirectory(const QString& dir);
};

} // namespace tandem::gui
