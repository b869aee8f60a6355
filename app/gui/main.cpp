// tandem [--lab DIR]... [--inventory FILE] [--screenshot FILE.png]: the desktop app. Without
// --lab it reopens the pairs that were open when the previous run ended.

#include "MainWindow.h"
#include "dialogs/DeviceDialog.h"
#include "models/InventoryModel.h"
#include "utils/ColorUtils.h"
#include "widgets/PairView.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QMessageBox>
#include <QRegularExpression>
#include <optional>
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

void setNames()
{
    QCoreApplication::setApplicationName(QStringLiteral("tandem"));
    QCoreApplication::setOrganizationName(QStringLiteral("Tandem"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TANDEM_VERSION));
}

void installTranslators(QCoreApplication& app)
{
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    auto* tandem = new QTranslator(&app);
    if (tandem->load(QLocale(), QStringLiteral("tandem"), QStringLiteral("_"),
                     QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(tandem);
}

struct Options
{
    QCommandLineOption lab{
        QStringLiteral("lab"),
        QCoreApplication::translate("main", "Open the lab pair described by DIR/lab.json (again "
                                            "for more pairs: one tab each)."),
        QStringLiteral("DIR")};
    QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Once both devices show live status, save a "
                                            "picture of the window to FILE and exit."),
        QStringLiteral("FILE")};
    QCommandLineOption wait{
        QStringLiteral("screenshot-wait"),
        QCoreApplication::translate("main", "With --screenshot: keep the pair live this many "
                                            "seconds first (charts fill, failovers happen)."),
        QStringLiteral("SECONDS"), QStringLiteral("0.5")};
    QCommandLineOption size{
        QStringLiteral("screenshot-size"),
        QCoreApplication::translate("main", "With --screenshot: the window's size, WIDTHxHEIGHT "
                                            "(default: as it opens on this screen)."),
        QStringLiteral("WxH")};
    QCommandLineOption tab{
        QStringLiteral("tab"),
        QCoreApplication::translate("main", "Show this tab of the pair first: dashboard, "
                                            "failovers, tables, config or changes."),
        QStringLiteral("TAB")};
    QCommandLineOption dark{QStringLiteral("dark"),
                            QCoreApplication::translate("main",
                                                        "Use the dark palette for this run (View → "
                                                        "Appearance chooses it for good).")};
    QCommandLineOption inventory{
        QStringLiteral("inventory"),
        QCoreApplication::translate("main", "Show the inventory of FILE (an inventory.json) "
                                            "instead of your own; it is not changed."),
        QStringLiteral("FILE")};
    QCommandLineOption dialog{
        QStringLiteral("screenshot-dialog"),
        QCoreApplication::translate("main", "With --screenshot: picture the Add Pair dialog "
                                            "instead of the window.")};

    void addTo(QCommandLineParser& parser) const
    {
        parser.setApplicationDescription(QCoreApplication::translate(
            "main", "Monitor and manage HA pairs of carrier-grade NAT devices."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({lab, screenshot, wait, size, tab, dark, inventory, dialog});
    }
};

// Help and the version need no display: they are answered by a QCoreApplication, before a
// QApplication would abort without one. Returns false when the GUI is to start (the options
// are checked then, Qt's own such as -platform understood).
bool answeredWithoutDisplay(int argc, char** argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    {
        QCommandLineParser probe;
        Options().addTo(probe);
        probe.parse(arguments);
        if (!probe.isSet(QStringLiteral("help")) && !probe.isSet(QStringLiteral("help-all")) &&
            !probe.isSet(QStringLiteral("version")))
            return false;
    }
    QCoreApplication app(argc, argv);
    setNames();
    installTranslators(app);
    QCommandLineParser parser;
    Options().addTo(parser);
    // Qt's own options (-platform …) are unknown here: they do not stop the help.
    if (!parser.parse(QCoreApplication::arguments())) {
        if (parser.isSet(QStringLiteral("version")))
            parser.showVersion();
        parser.showHelp(0);
    }
    parser.process(app); // prints and exits
    return true;
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

} // namespace

int main(int argc, char** argv)
{
    if (answeredWithoutDisplay(argc, argv))
        return 0;
    QApplication app(argc, argv);
    setNames();
    QApplication::setApplicationDisplayName(QStringLiteral("Tandem"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tandem.svg")));
    installTranslators(app);

    QCommandLineParser parser;
    const Options options;
    options.addTo(parser);
    parser.process(app);
    const QCommandLineOption& labOption = options.lab;
    const QCommandLineOption& screenshotOption = options.screenshot;
    const QCommandLineOption& waitOption = options.wait;
    const QCommandLineOption& tabOption = options.tab;
    const QCommandLineOption& inventoryOption = options.inventory;
    const QCommandLineOption& dialogOption = options.dialog;
    QSize screenshotSize;
    if (parser.isSet(options.size)) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d+)x(\\d+)$"));
        const QRegularExpressionMatch match = pattern.match(parser.value(options.size));
        if (!match.hasMatch()) {
            printError(QCoreApplication::translate("main", "--screenshot-size needs WIDTHxHEIGHT, "
                                                           "such as 1024x700, not \"%1\"")
                           .arg(parser.value(options.size)));
            return 1;
        }
        screenshotSize = QSize(match.captured(1).toInt(), match.captured(2).toInt());
    }

    std::optional<PairView::Tab> firstTab;
    if (parser.isSet(tabOption)) {
        static const std::pair<const char*, PairView::Tab> kTabs[] = {
            {"dashboard", PairView::DashboardTab}, {"failovers", PairView::FailoversTab},
            {"tables", PairView::TablesTab},       {"config", PairView::ConfigTab},
            {"changes", PairView::ChangesTab}};
        for (const auto& [name, tab] : kTabs)
            if (parser.value(tabOption) == QLatin1String(name))
                firstTab = tab;
        if (!firstTab) {
            printError(QCoreApplication::translate("main", "--tab must be dashboard, failovers, "
                                                           "tables, config or changes, not \"%1\"")
                           .arg(parser.value(tabOption)));
            return 1;
        }
    }

    const bool screenshot = parser.isSet(screenshotOption);
    const bool dialogShot = screenshot && parser.isSet(dialogOption);
    if (screenshot && !dialogShot && !parser.isSet(labOption)) {
        printError(QCoreApplication::translate("main", "--screenshot needs --lab DIR"));
        return 1;
    }

    const bool ownInventory = !parser.isSet(inventoryOption);
    MainWindow window(screenshot || !ownInventory ? MainWindow::Session::Forget
                                                  : MainWindow::Session::Remember);
    // After the window, which applies the remembered appearance.
    if (parser.isSet(options.dark))
        tandem::gui::ColorUtils::applyScheme(tandem::gui::ColorUtils::Scheme::Dark);
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

    if (firstTab)
        for (PairView* pair : window.pairViews())
            pair->showTab(*firstTab);
    if (screenshot && screenshotSize.isValid())
        window.resize(screenshotSize);
    if (dialogShot) {
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
        const double wait = parser.value(waitOption).toDouble();
        takeScreenshotWhenLive(window, parser.value(screenshotOption),
                               wait > 0 ? int(wait * 1000) : kScreenshotSettleMs,
                               parser.isSet(waitOption));
    }
    window.show();
    return app.exec();
}
