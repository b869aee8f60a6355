// tandem [--lab DIR]... [--inventory FILE] [--screenshot FILE.png]: the desktop app. Without
// --lab it reopens the pairs that were open when the previous run ended.

#include "MainWindow.h"
#include "dialogs/DeviceDialog.h"
#include "models/InventoryModel.h"
#include "widgets/PairView.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QMessageBox>
#include <QPalette>
#include <QStatusBar>
#include <QTimer>
#include <QTranslator>
#include <algorithm>
#include <cstdio>

namespace {

using tandem::gui::MainWindow;
using tandem::gui::PairView;

constexpr int kScreenshotTimeoutMs = 20000;
// The pair must stay live this long before the picture, so headers and column widths have
// settled and a pair that flaps is not pictured as healthy.
constexpr int kScreenshotSettleMs = 500;

void printError(const QString& message)
{
    std::fprintf(stderr, "tandem: %s\n", qPrintable(message));
}

void installTranslators(QApplication& app)
{
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto* tandem = new QTranslator(&app);
    if (tandem->load(QLocale(), QStringLiteral("tandem"), QStringLiteral("_"),
                     QStringLiteral(":/i18n")))
        QApplication::installTranslator(tandem);
}

// Saves a picture of the window once both devices of every open pair show live status; exits
// 0, or 1 with the reason when that does not happen in time.
// With `whatever` the picture is taken settleMs after the pairs were first live, even if they
// are not live by then (a failover in progress is worth a picture too).
void takeScreenshotWhenLive(MainWindow& window, const QString& file, int settleMs, bool whatever)
{
    const QList<PairView*> pairs = window.pairViews();
    auto allLive = [pairs] {
        return std::all_of(pairs.begin(), pairs.end(),
                           [](const PairView* pair) { return pair->isLive(); });
    };
    auto* settle = new QTimer(&window);
    settle->setSingleShot(true);
    settle->setInterval(settleMs);
    QObject::connect(settle, &QTimer::timeout, &window, [&window, allLive, file, whatever] {
        if (!allLive() && !whatever)
            return;
        if (!window.grab().save(file)) {
            printError(QCoreApplication::translate("main", "cannot write %1").arg(file));
            QCoreApplication::exit(1);
            return;
        }
        QCoreApplication::exit(0);
    });
    auto* wasLive = new bool(false);
    QObject::connect(settle, &QObject::destroyed, [wasLive] { delete wasLive; });
    for (PairView* pair : pairs)
        QObject::connect(pair, &PairView::connectionSummaryChanged, &window,
                         [allLive, settle, whatever, wasLive] {
                             if (!allLive() || settle->isActive() || (whatever && *wasLive))
                                 return;
                             *wasLive = true;
                             settle->start();
                         });
    QTimer::singleShot(kScreenshotTimeoutMs + settleMs, &window, [pairs] {
        QStringList summaries;
        for (const PairView* pair : pairs)
            summaries.append(pair->connectionSummary());
        printError(QCoreApplication::translate("main",
                                               "the pair did not show live status within %1 s "
                                               "(%2)")
                       .arg(kScreenshotTimeoutMs / 1000)
                       .arg(summaries.join(QStringLiteral("; "))));
        QCoreApplication::exit(1);
    });
}

// Fusion with a dark palette: for people who want it whatever the desktop says, and for the
// dark-mode pictures in docs/.
void useDarkPalette()
{
    QApplication::setStyle(QStringLiteral("Fusion"));
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe4, 0xe6, 0xeb);
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
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x7a, 0x7d, 0x84));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x7a, 0x7d, 0x84));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x7a, 0x7d, 0x84));
    QApplication::setPalette(p);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tandem"));
    QApplication::setApplicationDisplayName(QStringLiteral("Tandem"));
    QApplication::setOrganizationName(QStringLiteral("Tandem"));
    QApplication::setApplicationVersion(QStringLiteral(TANDEM_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tandem.svg")));
    installTranslators(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Monitor and manage HA pairs of carrier-grade NAT devices."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption labOption(
        QStringLiteral("lab"),
        QCoreApplication::translate("main", "Open the lab pair described by DIR/lab.json (again "
                                            "for more pairs: one tab each)."),
        QStringLiteral("DIR"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Once both devices show live status, save a "
                                            "picture of the window to FILE and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption waitOption(
        QStringLiteral("screenshot-wait"),
        QCoreApplication::translate("main", "With --screenshot: keep the pair live this many "
                                            "seconds first (charts fill, failovers happen)."),
        QStringLiteral("SECONDS"), QStringLiteral("0.5"));
    const QCommandLineOption tabOption(
        QStringLiteral("tab"),
        QCoreApplication::translate("main", "Show this tab of the pair first: dashboard, "
                                            "failovers or tables."),
        QStringLiteral("TAB"));
    const QCommandLineOption darkOption(
        QStringLiteral("dark"), QCoreApplication::translate("main", "Use a dark palette."));
    const QCommandLineOption inventoryOption(
        QStringLiteral("inventory"),
        QCoreApplication::translate("main", "Show the inventory of FILE (an inventory.json) "
                                            "instead of your own; it is not changed."),
        QStringLiteral("FILE"));
    const QCommandLineOption dialogOption(
        QStringLiteral("screenshot-dialog"),
        QCoreApplication::translate("main", "With --screenshot: picture the Add Pair dialog "
                                            "instead of the window."));
    parser.addOptions({labOption, screenshotOption, waitOption, tabOption, darkOption,
                       inventoryOption, dialogOption});
    parser.process(app);
    if (parser.isSet(darkOption))
        useDarkPalette();

    const bool screenshot = parser.isSet(screenshotOption);
    const bool dialogShot = screenshot && parser.isSet(dialogOption);
    if (screenshot && !dialogShot && !parser.isSet(labOption)) {
        printError(QCoreApplication::translate("main", "--screenshot needs --lab DIR"));
        return 1;
    }

    const bool ownInventory = !parser.isSet(inventoryOption);
    MainWindow window(screenshot || !ownInventory ? MainWindow::Session::Forget
                                                  : MainWindow::Session::Remember);
    QString error;
    if (!ownInventory && !window.loadInventory(parser.value(inventoryOption), &error)) {
        printError(error);
        return 1;
    }
    if (parser.isSet(labOption)) {
        const QStringList labs = parser.values(labOption);
        for (const QString& lab : labs) {
            if (window.openLab(lab, &error))
                continue;
            if (screenshot) {
                printError(error);
                return 1;
            }
            window.show();
            QMessageBox::critical(&window, QCoreApplication::translate("main", "Cannot open lab"),
                                  error);
        }
    } else {
        window.reopenLastPairs(&error);
        if (!error.isEmpty())
            window.statusBar()->showMessage(
                QCoreApplication::translate("main", "Could not reopen %1").arg(error));
    }

    if (parser.isSet(tabOption)) {
        const QString tab = parser.value(tabOption);
        for (PairView* pair : window.pairViews())
            pair->showTab(tab == QLatin1String("failovers") ? PairView::FailoversTab
                          : tab == QLatin1String("tables")  ? PairView::TablesTab
                                                            : PairView::DashboardTab);
    }
    if (dialogShot) {
        window.resize(1440, 960);
        window.show();
        // With --inventory: its first pair, as Edit Pair shows it.
        const QList<tandem::gui::InventoryPair> pairs = window.inventory()->pairs();
        tandem::gui::DeviceDialog* dialog =
            window.showDeviceDialog(pairs.isEmpty() ? QString() : pairs.first().id);
        const QString file = parser.value(screenshotOption);
        QTimer::singleShot(kScreenshotSettleMs, dialog, [dialog, file] {
            if (!dialog->grab().save(file)) {
                printError(QCoreApplication::translate("main", "cannot write %1").arg(file));
                QCoreApplication::exit(1);
                return;
            }
            QCoreApplication::exit(0);
        });
        return app.exec();
    }
    if (screenshot) {
        window.resize(1440, 960);
        const double wait = parser.value(waitOption).toDouble();
        takeScreenshotWhenLive(window, parser.value(screenshotOption),
                               wait > 0 ? int(wait * 1000) : kScreenshotSettleMs,
                               parser.isSet(waitOption));
    }
    window.show();
    return app.exec();
}
