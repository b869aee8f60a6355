// tandem [--lab DIR] [--screenshot FILE.png]: the desktop app. Without --lab it reopens the
// lab of the previous run.

#include "MainWindow.h"
#include "widgets/PairView.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>
#include <QTranslator>
#include <cstdio>

namespace {

using tandem::gui::MainWindow;

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

// Saves a picture of the window once both devices show live status; exits 0, or 1 with the
// reason when that does not happen in time.
void takeScreenshotWhenLive(MainWindow& window, const QString& file)
{
    tandem::gui::PairView* pair = window.pairView();
    auto* settle = new QTimer(&window);
    settle->setSingleShot(true);
    settle->setInterval(kScreenshotSettleMs);
    QObject::connect(settle, &QTimer::timeout, &window, [&window, pair, file] {
        if (!pair->isLive())
            return;
        if (!window.grab().save(file)) {
            printError(QCoreApplication::translate("main", "cannot write %1").arg(file));
            QCoreApplication::exit(1);
            return;
        }
        QCoreApplication::exit(0);
    });
    QObject::connect(pair, &tandem::gui::PairView::connectionSummaryChanged, &window,
                     [pair, settle] {
                         if (pair->isLive() && !settle->isActive())
                             settle->start();
                     });
    QTimer::singleShot(kScreenshotTimeoutMs, &window, [pair] {
        printError(QCoreApplication::translate("main",
                                               "the pair did not show live status within %1 s "
                                               "(%2)")
                       .arg(kScreenshotTimeoutMs / 1000)
                       .arg(pair->connectionSummary()));
        QCoreApplication::exit(1);
    });
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
        QCoreApplication::translate("main", "Open the lab pair described by DIR/lab.json."),
        QStringLiteral("DIR"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Once both devices show live status, save a "
                                            "picture of the window to FILE and exit."),
        QStringLiteral("FILE"));
    parser.addOptions({labOption, screenshotOption});
    parser.process(app);

    const bool screenshot = parser.isSet(screenshotOption);
    if (screenshot && !parser.isSet(labOption)) {
        printError(QCoreApplication::translate("main", "--screenshot needs --lab DIR"));
        return 1;
    }

    MainWindow window(screenshot ? MainWindow::Session::Forget : MainWindow::Session::Remember);
    QString error;
    if (parser.isSet(labOption)) {
        if (!window.openLab(parser.value(labOption), &error)) {
            if (screenshot) {
                printError(error);
                return 1;
            }
            window.show();
            QMessageBox::critical(&window, QCoreApplication::translate("main", "Cannot open lab"),
                                  error);
        }
    } else if (!window.reopenLastLab(&error) && !error.isEmpty()) {
        window.statusBar()->showMessage(
            QCoreApplication::translate("main", "Could not reopen the last lab: %1").arg(error));
    }

    if (screenshot) {
        window.resize(1360, 720);
        takeScreenshotWhenLive(window, parser.value(screenshotOption));
    }
    window.show();
    return app.exec();
}
