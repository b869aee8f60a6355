#include "GuiSettings.h"

#include <QSettings>

namespace tandem::gui {

namespace {

const QString kGeometry = QStringLiteral("MainWindow/geometry");
const QString kColorScheme = QStringLiteral("View/colorScheme");
const QString kPairViewState = QStringLiteral("PairView/state");
const QString kLastLabDirectory = QStringLiteral("Lab/lastDirectory");
const QString kOpenPairs = QStringLiteral("Pairs/open");
const QString kCurrentPair = QStringLiteral("Pairs/current");

} // namespace

QByteArray GuiSettings::mainWindowGeometry()
{
    return QSettings().value(kGeometry).toByteArray();
}

void GuiSettings::setMainWindowGeometry(const QByteArray& geometry)
{
    QSettings().setValue(kGeometry, geometry);
}

ColorUtils::Scheme GuiSettings::colorScheme()
{
    const QString value = QSettings().value(kColorScheme).toString();
    return value == QLatin1String("light")  ? ColorUtils::Scheme::Light
           : value == QLatin1String("dark") ? ColorUtils::Scheme::Dark
                                            : ColorUtils::Scheme::System;
}

void GuiSettings::setColorScheme(ColorUtils::Scheme scheme)
{
    QSettings().setValue(kColorScheme, scheme == ColorUtils::Scheme::Light ? QStringLiteral("light")
                                       : scheme == ColorUtils::Scheme::Dark
                                           ? QStringLiteral("dark")
                                           : QStringLiteral("system"));
}

QByteArray GuiSettings::mainWindowState()
{
    return QSettings().value(QStringLiteral("MainWindow/state")).toByteArray();
}

void GuiSettings::setMainWindowState(const QByteArray& state)
{
    QSettings().setValue(QStringLiteral("MainWindow/state"), state);
}

QByteArray GuiSettings::pairViewState()
{
    return QSettings().value(kPairViewState).toByteArray();
}

void GuiSettings::setPairViewState(const QByteArray& state)
{
    QSettings().setValue(kPairViewState, state);
}

QByteArray GuiSettings::tableHeaderState(const QString& table)
{
    return QSettings().value(QStringLiteral("Tables/%1/header").arg(table)).toByteArray();
}

void GuiSettings::setTableHeaderState(const QString& table, const QByteArray& state)
{
    QSettings().setValue(QStringLiteral("Tables/%1/header").arg(table), state);
}

QString GuiSettings::lastLabDirectory()
{
    return QSettings().value(kLastLabDirectory).toString();
}

void GuiSettings::setLastLabDirectory(const QString& dir)
{
    QSettings().setValue(kLastLabDirectory, dir);
}

std::optional<QStringList> GuiSettings::openPairs()
{
    const QSettings settings;
    if (!settings.contains(kOpenPairs))
        return std::nullopt;
    return settings.value(kOpenPairs).toStringList();
}

QString GuiSettings::currentPair()
{
    return QSettings().value(kCurrentPair).toString();
}

void GuiSettings::setOpenPairs(const QStringList& pairIds, const QString& current)
{
    QSettings settings;
    settings.setValue(kOpenPairs, pairIds);
    settings.setValue(kCurrentPair, current);
}

} // namespace tandem::gui
