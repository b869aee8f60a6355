#include "MainWindow.h"

#include "Logging.h"
#include "client/LabDescription.h"
#include "utils/GuiSettings.h"
#include "widgets/CgnTablesView.h"
#include "widgets/EventLogDock.h"
#include "widgets/PairView.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

namespace tandem::gui {

MainWindow::MainWindow(Session session, QWidget* parent)
    : QMainWindow(parent), m_session(session), m_pages(new QStackedWidget(this)),
      m_statusLabel(new QLabel(this)), m_labLabel(new QLabel(this)), m_ageLabel(new QLabel(this)),
      m_eventLogDock(new EventLogDock(this)), m_ageTimer(new QTimer(this))
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/tandem.svg")));
    m_pages->addWidget(createEmptyState());
    setCentralWidget(m_pages);
    addDockWidget(Qt::BottomDockWidgetArea, m_eventLogDock);
    m_eventLogDock->hide();
    createMenus();
    statusBar()->addWidget(m_statusLabel, 1);
    m_ageLabel->setObjectName(QStringLiteral("updateAge"));
    statusBar()->addPermanentWidget(m_ageLabel);
    statusBar()->addPermanentWidget(m_labLabel);
    // The age of what is shown must be visible: a frozen number is worse than none.
    m_ageTimer->setInterval(500);
    connect(m_ageTimer, &QTimer::timeout, this, &MainWindow::updateAge);
    m_ageTimer->start();
    resize(1440, 960);
    if (m_session == Session::Remember) {
        restoreGeometry(GuiSettings::mainWindowGeometry());
        restoreState(GuiSettings::mainWindowState());
    }
    updateTitle();
    updateStatus();
}

MainWindow::~MainWindow() = default;

bool MainWindow::openLab(const QString& dir, QString* error)
{
    const std::optional<client::LabDescription> lab = client::LabDescription::load(dir, error);
    if (!lab)
        return false;
    const QString absoluteDir = QFileInfo(dir).absoluteFilePath();
    auto* view = new PairView(lab->devices[0].endpoint(), lab->devices[1].endpoint(), m_pages);
    if (m_pairView) {
        if (m_session == Session::Remember) {
            GuiSettings::setPairViewState(m_pairView->saveState());
            m_pairView->tablesView()->saveLayout();
        }
        m_pages->removeWidget(m_pairView);
        delete m_pairView;
    }
    m_pairView = view;
    m_labDirectory = absoluteDir;
    m_pages->addWidget(m_pairView);
    m_pages->setCurrentWidget(m_pairView);
    connect(m_pairView, &PairView::connectionSummaryChanged, this, &MainWindow::updateStatus);
    m_eventLogDock->setModel(m_pairView->eventLog());
    m_pairMenu->clear();
    m_pairMenu->addAction(m_pairView->switchoverAction());
    m_pairMenu->addAction(m_pairView->batchBackupAction());
    m_pairMenu->setEnabled(true);
    if (m_session == Session::Remember) {
        m_pairView->restoreState(GuiSettings::pairViewState());
        m_pairView->tablesView()->restoreLayout();
        GuiSettings::setLastLabDirectory(m_labDirectory);
    }
    qCInfo(lcGui) << "opened lab" << m_labDirectory << "pair" << m_pairView->title();
    updateTitle();
    updateStatus();
    return true;
}

bool MainWindow::reopenLastLab(QString* error)
{
    if (m_session == Session::Forget)
        return false;
    const QString dir = GuiSettings::lastLabDirectory();
    return !dir.isEmpty() && openLab(dir, error);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_session == Session::Remember) {
        GuiSettings::setMainWindowGeometry(saveGeometry());
        GuiSettings::setMainWindowState(saveState());
        if (m_pairView) {
            GuiSettings::setPairViewState(m_pairView->saveState());
            m_pairView->tablesView()->saveLayout();
        }
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Lab…"), this, &MainWindow::chooseLab);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Show the pair of a lab directory (one that holds lab.json)"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &MainWindow::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    m_pairMenu = menuBar()->addMenu(tr("&Pair"));
    m_pairMenu->setEnabled(false);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* log = m_eventLogDock->toggleViewAction();
    log->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view->addAction(log);
    const std::pair<QString, PairView::Tab> tabs[] = {{tr("&Dashboard"), PairView::DashboardTab},
                                                      {tr("&Failovers"), PairView::FailoversTab},
                                                      {tr("&Tables"), PairView::TablesTab}};
    int key = Qt::Key_1;
    for (const auto& [name, tab] : tabs) {
        QAction* action = view->addAction(name, this, [this, tab] {
            if (m_pairView)
                m_pairView->showTab(tab);
        });
        action->setShortcut(QKeySequence(Qt::ALT | Qt::Key(key++)));
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Tandem"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

QWidget* MainWindow::createEmptyState()
{
    auto* page = new QWidget(this);
    auto* icon = new QLabel(page);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/tandem.svg")).pixmap(72, 72));
    icon->setAlignment(Qt::AlignCenter);
    auto* title = new QLabel(tr("No pair open"), page);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(QFontInfo(titleFont).pointSizeF() * 1.4);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    auto* hint = new QLabel(
        tr("Open a lab pair: File → Open lab…, or run <code>tandemctl lab up --dir DIR</code> "
           "and then <code>tandem --lab DIR</code>."),
        page);
    hint->setObjectName(QStringLiteral("emptyStateHint"));
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* button = new QPushButton(tr("Open Lab…"), page);
    connect(button, &QPushButton::clicked, this, &MainWindow::chooseLab);

    auto* layout = new QVBoxLayout(page);
    layout->addStretch(2);
    layout->addWidget(icon);
    layout->addSpacing(8);
    layout->addWidget(title);
    layout->addWidget(hint);
    layout->addSpacing(12);
    layout->addWidget(button, 0, Qt::AlignCenter);
    layout->addStretch(3);
    return page;
}

void MainWindow::chooseLab()
{
    const QString start = m_labDirectory.isEmpty() ? QDir::homePath() : m_labDirectory;
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open Lab — choose the directory that holds lab.json"), start);
    if (dir.isEmpty())
        return;
    QString error;
    if (!openLab(dir, &error))
        QMessageBox::warning(this, tr("Cannot open lab"), error);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Tandem"),
        tr("<h3>Tandem %1</h3>"
           "<p>Monitors and manages HA pairs of carrier-grade NAT devices "
           "(inter-chassis hot backup): service-location groups and their VRRP groups, "
           "live from each device's tandem-agent.</p>")
            .arg(QApplication::applicationVersion()));
}

void MainWindow::updateTitle()
{
    if (!m_pairView) {
        setWindowTitle(tr("Tandem"));
        return;
    }
    // The platform appends the application display name.
    setWindowTitle(
        tr("%1 — %2").arg(m_pairView->title(), QDir::toNativeSeparators(m_labDirectory)));
}

QString MainWindow::updateAgeText() const
{
    if (!m_pairView)
        return {};
    const qint64 age = m_pairView->msecsSinceUpdate();
    if (age < 0)
        return tr("No live status");
    return tr("Updated %1 s ago").arg(double(age) / 1000.0, 0, 'f', 1);
}

void MainWindow::updateAge()
{
    m_ageLabel->setText(updateAgeText());
}

void MainWindow::updateStatus()
{
    m_statusLabel->setText(m_pairView ? m_pairView->connectionSummary() : tr("No lab open"));
    m_labLabel->setText(m_pairView ? tr("Lab: %1").arg(QDir::toNativeSeparators(m_labDirectory))
                                   : QString());
}

} // namespace tandem::gui
