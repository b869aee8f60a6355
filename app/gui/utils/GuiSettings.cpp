#include "GuiSettings.h"

#include <QSettings>

namespace tandem::gui {

namespace {

const QString kGeometry = QStringLiteral("MainWindow/geometry");
const QString kPairViewState = QStringLiteral("PairView/state");
const QString kLastLabDirectory = QStringLiteral("Lab/lastDirectory");

} // namespace

QByteArray GuiSettings::mainWindowGeometry()
{
    return QSettings().value(kGeometry).toByteArray();
}

void GuiSettings::setMainWindowGeometry(const QByteArray& geometry)
{
    QSettings().setValue(kGeometry, geometry);
}

QByteArray GuiSettings::pairViewState()
{
    return QSettings().value(kPairViewState).toByteArray();
}

void GuiSettings::setPairViewState(const QByteArray& state)
{
    QSettings().setValue(kPairViewState, state);
}

QString GuiSettings::lastLabDirectory()
{
    return QSettings().value(kLastLabDirectory).toString();
}

void GuiSettings::setLastLabDirectory(const QString& dir)
{
    QSettings().setValue(kLastLabDirectory, dir);
}

} // namespace tandem::gui
