#include "MainWindow.h"

#include "Logging.h"
#include "client/LabDescription.h"
#include "dialogs/DeviceDialog.h"
#include "dialogs/FingerprintDialog.h"
#include "models/InventoryFilterModel.h"
#include "models/InventoryModel.h"
#include "utils/ColorUtils.h"
#include "utils/ConnectionStateDisplay.h"
#include "utils/GuiSettings.h"
#include "utils/SecretStore.h"
#include "widgets/CgnTablesView.h"
#include "widgets/EventLogDock.h"
#include "widgets/IconOnlyDelegate.h"
#include "widgets/ConfigEditor.h"
#include "widgets/PairView.h"
#include "wizards/HotBackupWizard.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFontInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>
#include <memory>

namespace tandem::gui {

namespace {

// What a window on a large screen gets; smaller screens get what they have room for.
constexpr QSize kPreferredSize(1440, 960);
// Title bar and frame, which the window manager adds around the window.
constexpr QSize kFrameAllowance(16, 40);

QString promptKey(const QString& pairId, int side)
{
    return QStringLiteral("%1/%2").arg(pairId).arg(side);
}

} // namespace

MainWindow::MainWindow(Session session, QWidget* parent)
    : QMainWindow(parent), m_session(session), m_pages(new QStackedWidget(this)),
      m_statusLabel(new QLabel(this)), m_labLabel(new QLabel(this)), m_ageLabel(new QLabel(this)),
      m_eventLogDock(new EventLogDock(this)), m_ageTimer(new QTimer(this)),
      m_inventory(new InventoryModel(this)), m_inventoryFilter(new InventoryFilterModel(this)),
      m_secrets(new SecretStore(QStringLiteral("Tandem"), this))
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/tandem.svg")));
    m_emptyState = createEmptyState();
    m_pages->addWidget(m_emptyState);
    m_pairTabs = new QTabWidget(m_pages);
    m_pairTabs->setObjectName(QStringLiteral("pairTabs"));
    m_pairTabs->setDocumentMode(true);
    m_pairTabs->setTabsClosable(true);
    m_pairTabs->setMovable(true);
    m_pairTabs->setUsesScrollButtons(true);
    m_pairTabs->setElideMode(Qt::ElideRight);
    m_pairTabs->tabBar()->setExpanding(false);
    m_pages->addWidget(m_pairTabs);
    setCentralWidget(m_pages);
    connect(m_pairTabs, &QTabWidget::currentChanged, this, &MainWindow::onCurrentPairChanged);
    connect(m_pairTabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closePairTab);
    addDockWidget(Qt::BottomDockWidgetArea, m_eventLogDock);
    m_eventLogDock->hide();
    if (m_session == Session::Remember)
        ColorUtils::applyScheme(GuiSettings::colorScheme());
    if (m_session == Session::Remember && QFile::exists(InventoryModel::defaultFile())) {
        QString error;
        if (!m_inventory->load(InventoryModel::defaultFile(), &error))
            statusBar()->showMessage(tr("Inventory not loaded: %1").arg(error));
    }
    connect(m_inventory, &InventoryModel::inventoryChanged, this, &MainWindow::saveInventory);
    createInventoryDock();
    createMenus();
    m_statusLabel->setObjectName(QStringLiteral("connectionStatus"));
    // A long summary (a device's error) takes the room there is and no more: it neither
    // widens the window nor runs under the permanent labels; the tooltip has all of it.
    m_statusLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    statusBar()->addWidget(m_statusLabel, 1);
    m_labLabel->setObjectName(QStringLiteral("labDirectory"));
    m_ageLabel->setObjectName(QStringLiteral("updateAge"));
    m_confirmButton = new QPushButton(this);
    m_confirmButton->setObjectName(QStringLiteral("confirmCommit"));
    m_confirmButton->hide();
    connect(m_confirmButton, &QPushButton::clicked, this, [this] {
        PairView* view = pairView();
        for (int side = 0; view && side < 2; ++side)
            if (view->configEditor(side)->pendingCommit() > 0)
                view->configEditor(side)->confirm();
    });
    statusBar()->addPermanentWidget(m_confirmButton);
    statusBar()->addPermanentWidget(m_ageLabel);
    statusBar()->addPermanentWidget(m_labLabel);
    // The age of what is shown must be visible: a frozen number is worse than none.
    m_ageTimer->setInterval(500);
    connect(m_ageTimer, &QTimer::timeout, this, &MainWindow::updateAge);
    m_ageTimer->start();
    resize(kPreferredSize);
    if (m_session == Session::Remember) {
        restoreGeometry(GuiSettings::mainWindowGeometry());
        restoreState(GuiSettings::mainWindowState());
        m_inventoryView->header()->restoreState(
            GuiSettings::tableHeaderState(QStringLiteral("inventory")));
        fitInventoryColumns();
    }
    fitToScreen();
    // The tab names the pair: a rename in the inventory renames the tab.
    connect(m_inventory, &InventoryModel::inventoryChanged, this, &MainWindow::updatePairTabs);
    updateTitle();
    updateStatus();
    warnWithoutChineseFont();
}

void MainWindow::warnWithoutChineseFont()
{
    // A Chinese interface without a CJK font is boxes: say what to install, in both languages
    // (the translated half may be the boxes).
    if (QLocale().language() != QLocale::Chinese ||
        !QFontDatabase::families(QFontDatabase::SimplifiedChinese).isEmpty())
        return;
    const QString message =
        tr("No Chinese font found: install one (Debian: fonts-noto-cjk) and start Tandem again");
    const QString english = QStringLiteral(
        "No Chinese font found: install one (Debian: fonts-noto-cjk) and start Tandem again");
    qCWarning(lcGui).noquote() << english;
    m_fontWarning = message == english ? english : message + QStringLiteral(" — ") + english;
    statusBar()->showMessage(m_fontWarning);
}

MainWindow::~MainWindow()
{
    // The views' clients report their last state changes into the inventory as they close;
    // the window being gone, no other tab is shown meanwhile.
    disconnect(m_pairTabs, nullptr, this, nullptr);
    const QList<PairView*> views = pairViews();
    m_open.clear();
    qDeleteAll(views);
}

HotBackupWizard* MainWindow::openHotBackupWizard()
{
    PairView* view = pairView();
    if (!view)
        return nullptr;
    // A child of the pair's tab: it goes with the pair, whose clients it uses.
    auto* wizard = new HotBackupWizard(&view->deviceMonitor(0)->client(),
                                       &view->deviceMonitor(1)->client(), view);
    wizard->setWindowFlag(Qt::Window);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->show();
    return wizard;
}

PairView* MainWindow::pairView() const
{
    return qobject_cast<PairView*>(m_pairTabs->currentWidget());
}

QList<PairView*> MainWindow::pairViews() const
{
    QList<PairView*> views;
    for (int i = 0; i < m_pairTabs->count(); ++i)
        if (auto* view = qobject_cast<PairView*>(m_pairTabs->widget(i)))
            views.append(view);
    return views;
}

PairView* MainWindow::pairViewOf(const QString& pairId) const
{
    for (PairView* view : pairViews())
        if (m_open.value(view).pairId == pairId)
            return view;
    return nullptr;
}

int MainWindow::pairCount() const
{
    return m_pairTabs->count();
}

QString MainWindow::openPairId() const
{
    return m_open.value(pairView()).pairId;
}

QStringList MainWindow::openPairIds() const
{
    QStringList ids;
    for (PairView* view : pairViews())
        ids.append(m_open.value(view).pairId);
    return ids;
}

QString MainWindow::labDirectory() const
{
    return m_open.value(pairView()).labDirectory;
}

bool MainWindow::isOpenAndUp(const QString& pairId) const
{
    return pairViewOf(pairId) != nullptr &&
           m_inventory->connectionState(pairId, 0) != client::AgentClient::State::Disconnected &&
           m_inventory->connectionState(pairId, 1) != client::AgentClient::State::Disconnected;
}

bool MainWindow::openLab(const QString& dir, QString* error)
{
    return openLabPair(dir, true, error);
}

bool MainWindow::openLabPair(const QString& dir, bool focus, QString* error)
{
    const std::optional<client::LabDescription> lab = client::LabDescription::load(dir, error);
    if (!lab)
        return false;
    const QString absoluteDir = QFileInfo(dir).absoluteFilePath();
    // The inventory keeps the lab's addresses and pins, not its passwords: they stay in
    // lab.json and are read again at every open.
    QList<InventoryDevice> devices;
    const std::array<client::Endpoint, 2> endpoints{lab->devices[0].endpoint(),
                                                    lab->devices[1].endpoint()};
    for (const client::Endpoint& e : endpoints) {
        InventoryDevice device;
        device.name = e.name;
        device.transport = e.transport;
        device.host = e.host;
        device.port = e.port;
        device.user = e.user;
        device.pinnedFingerprint = e.pinnedFingerprint;
        devices.append(device);
    }
    const QString pairId = m_inventory->addOrRefreshLabPair(absoluteDir, devices);
    // The same lab, still up: its tab. A lab brought up again in the directory has new ports
    // and passwords, so it gets a new connection.
    PairView* open = pairViewOf(pairId);
    const bool sameLab =
        open && std::ranges::all_of(std::array{0, 1}, [&](int side) {
            const client::Endpoint& e = open->device(side).endpoint();
            return e.host == endpoints[size_t(side)].host && e.port == endpoints[size_t(side)].port;
        });
    if (sameLab && isOpenAndUp(pairId)) {
        if (focus)
            m_pairTabs->setCurrentWidget(open);
    } else {
        showPair(*m_inventory->pair(pairId), endpoints, absoluteDir, focus);
    }
    if (m_session == Session::Remember)
        GuiSettings::setLastLabDirectory(absoluteDir);
    qCInfo(lcGui) << "opened lab" << absoluteDir << "pair" << pairViewOf(pairId)->title();
    return true;
}

void MainWindow::showPair(const InventoryPair& pair,
                          const std::array<client::Endpoint, 2>& endpoints,
                          const QString& labDirectory, bool focus)
{
    const QString pairId = pair.id;
    int index = -1;
    if (PairView* old = pairViewOf(pairId)) {
        index = m_pairTabs->indexOf(old);
        focus = focus || old == pairView();
        closePairView(old);
    }
    auto* view = new PairView(endpoints[0], endpoints[1], m_pairTabs,
                              [this, pairId](int side, const QString& fingerprint) {
                                  return decideTrust(pairId, side, fingerprint);
                              });
    m_open.insert(view, {pairId, labDirectory});
    connect(view, &PairView::pendingCommitsChanged, this, [this, view] {
        if (view == pairView())
            updateConfirmButton();
    });
    // The drift banner's repair: the wizard on this pair (it starts from what the pair runs).
    connect(view, &PairView::repairRequested, this, [this, view] {
        if (m_pairTabs->indexOf(view) >= 0)
            m_pairTabs->setCurrentWidget(view);
        openHotBackupWizard();
    });
    connect(view, &PairView::connectionSummaryChanged, this, [this, view] {
        updatePairTab(view);
        if (view == pairView())
            updateStatus();
    });
    for (int side = 0; side < 2; ++side) {
        client::DeviceMonitor* device = view->deviceMonitor(side);
        auto report = [this, pairId, side, device] {
            m_inventory->setConnectionState(pairId, side, device->connectionState(),
                                            device->lastError());
            updateInventoryActions();
        };
        connect(device, &client::DeviceMonitor::connectionStateChanged, this, report);
        if (!labDirectory.isEmpty())
            connect(device, &client::DeviceMonitor::connectionStateChanged, this,
                    [this, view](client::AgentClient::State state) {
                        if (state == client::AgentClient::State::Disconnected)
                            reconnectIfLabChanged(view);
                    });
        connect(&device->client(), &client::AgentClient::errorOccurred, view,
                [this, view, side](const QString& message) { onDeviceError(view, side, message); });
        report();
    }
    if (m_session == Session::Remember) {
        view->restoreState(GuiSettings::pairViewState());
        view->tablesView()->restoreLayout();
    }
    // The first tab becomes current by itself (and is shown then, m_open knowing it).
    index = m_pairTabs->insertTab(index, view, QString());
    updatePairTab(view);
    if (focus)
        m_pairTabs->setCurrentIndex(index);
    onCurrentPairChanged();
}

bool MainWindow::labChanged(const PairView* view) const
{
    const QString dir = m_open.value(view).labDirectory;
    if (dir.isEmpty())
        return false;
    QString error;
    // Down, or being written: the next failed attempt looks again.
    const std::optional<client::LabDescription> lab = client::LabDescription::load(dir, &error);
    if (!lab)
        return false;
    return std::ranges::any_of(std::array{0, 1}, [&](int side) {
        const client::Endpoint now = lab->devices[size_t(side)].endpoint();
        const client::Endpoint& used = view->device(side).endpoint();
        return now.host != used.host || now.port != used.port || now.password != used.password ||
               (!now.pinnedFingerprint.isEmpty() &&
                now.pinnedFingerprint != used.pinnedFingerprint);
    });
}

void MainWindow::reconnectIfLabChanged(PairView* view)
{
    // `tandemctl lab up` again in the directory: new passwords, maybe new ports and keys. The
    // clients would go on with the old ones (refused, or knocking at a closed port). Not inside
    // the client's signal: the view is replaced.
    QTimer::singleShot(0, this, [this, view = QPointer<PairView>(view)] {
        if (!view || !m_open.contains(view) || !labChanged(view))
            return;
        const QString dir = m_open.value(view).labDirectory;
        QString error;
        if (openLabPair(dir, view == pairView(), &error))
            statusBar()->showMessage(
                tr("The lab in %1 was started again: connected with its new lab.json")
                    .arg(QDir::toNativeSeparators(dir)),
                8000);
        else
            statusBar()->showMessage(tr("Cannot open the lab again: %1").arg(error));
    });
}

void MainWindow::closePairView(PairView* view)
{
    if (m_session == Session::Remember) {
        GuiSettings::setPairViewState(view->saveState());
        view->tablesView()->saveLayout();
    }
    const OpenPair open = m_open.take(view);
    // Another tab becomes current first, so that nothing shown refers to the closing view.
    m_pairTabs->removeTab(m_pairTabs->indexOf(view));
    delete view;
    for (int side = 0; side < 2; ++side)
        m_inventory->setConnectionState(open.pairId, side,
                                        client::AgentClient::State::Disconnected);
    updateInventoryActions();
}

void MainWindow::closePairTab(int index)
{
    auto* view = qobject_cast<PairView*>(m_pairTabs->widget(index));
    if (!view)
        return;
    closePairView(view);
    onCurrentPairChanged();
}

void MainWindow::connectPair(const QString& pairId)
{
    connectInventoryPair(pairId, true);
}

void MainWindow::connectInventoryPair(const QString& pairId, bool focus)
{
    const std::optional<InventoryPair> pair = m_inventory->pair(pairId);
    if (!pair)
        return;
    if (!pair->labDirectory.isEmpty()) {
        QString error;
        if (!openLabPair(pair->labDirectory, focus, &error))
            statusBar()->showMessage(tr("Cannot open %1: %2").arg(pair->title(), error));
        return;
    }
    // Open already: its tab, not a second connection to the same devices.
    if (isOpenAndUp(pairId)) {
        if (focus)
            m_pairTabs->setCurrentWidget(pairViewOf(pairId));
        return;
    }
    if (m_connecting.contains(pairId))
        return;
    statusBar()->showMessage(tr("Connecting to %1…").arg(pair->title()), 5000);
    // Both passwords first (keychain reads are asynchronous), then one view for the pair.
    auto endpoints = std::make_shared<std::array<client::Endpoint, 2>>(
        std::array<client::Endpoint, 2>{pair->devices[0].endpoint(), pair->devices[1].endpoint()});
    for (int side = 0; side < 2; ++side) {
        client::Endpoint& e = (*endpoints)[size_t(side)];
        if (e.transport != client::Endpoint::Transport::Ssh || !e.knownHostsFile.isEmpty())
            continue;
        e.knownHostsFile = pair->defaultKnownHostsFile(side);
        QDir().mkpath(QFileInfo(e.knownHostsFile).absolutePath());
    }
    m_connecting.insert(pairId);
    resolvePassword(*pair, 0, [this, pairId, endpoints, focus](std::optional<QString> first) {
        const std::optional<InventoryPair> p = m_inventory->pair(pairId);
        if (!first || !p) {
            m_connecting.remove(pairId);
            statusBar()->showMessage(tr("Connect cancelled"), 5000);
            return;
        }
        (*endpoints)[0].password = *first;
        resolvePassword(*p, 1, [this, pairId, endpoints, focus](std::optional<QString> second) {
            m_connecting.remove(pairId);
            const std::optional<InventoryPair> p = m_inventory->pair(pairId);
            if (!second || !p) {
                statusBar()->showMessage(tr("Connect cancelled"), 5000);
                return;
            }
            (*endpoints)[1].password = *second;
            showPair(*p, *endpoints, QString(), focus);
            qCInfo(lcGui) << "connecting to pair" << p->title();
        });
    });
}

void MainWindow::disconnectPair(const QString& pairId)
{
    PairView* view = pairId.isEmpty() ? pairView() : pairViewOf(pairId);
    if (view)
        closePairTab(m_pairTabs->indexOf(view));
}

void MainWindow::resolvePassword(const InventoryPair& pair, int side,
                                 std::function<void(std::optional<QString>)> done)
{
    const InventoryDevice& device = pair.devices[size_t(side)];
    if (device.auth == InventoryDevice::Auth::SshAgent) {
        done(QString());
        return;
    }
    const QString key = pair.secretKey(side);
    if (const auto it = m_sessionPasswords.constFind(key); it != m_sessionPasswords.cend()) {
        done(*it);
        return;
    }
    const QString name = device.name;
    const QString who = tr("%1@%2 (%3)").arg(device.user, device.name, device.address());
    const bool optional = device.auth == InventoryDevice::Auth::KeyFile;
    m_secrets->read(
        key, [this, key, who, optional, done = std::move(done)](const SecretStore::Result& r) {
            if (r.ok()) {
                done(r.secret);
                return;
            }
            // With a key file the SSH password is optional: nothing saved means none.
            if (optional) {
                done(QString());
                return;
            }
            const std::optional<QString> typed = askPassword(who, r.message);
            if (typed)
                m_sessionPasswords.insert(key, *typed);
            done(typed);
        });
}

std::optional<QString> MainWindow::askPassword(const QString& device, const QString& reason)
{
    if (m_passwordPrompt)
        return m_passwordPrompt(device, reason);
    bool ok = false;
    const QString password = QInputDialog::getText(
        this, tr("Password for %1").arg(device),
        tr("%1\n\nPassword for %2 (kept in memory until Tandem quits):").arg(reason, device),
        QLineEdit::Password, QString(), &ok);
    if (!ok)
        return std::nullopt;
    return password;
}

bool MainWindow::decideTrust(const QString& pairId, int side, const QString& fingerprint)
{
    const std::optional<InventoryPair> pair = m_inventory->pair(pairId);
    if (!pair)
        return false;
    const InventoryDevice& device = pair->devices[size_t(side)];
    // The key the user accepted in a prompt, asked again by the reconnect that followed.
    if (!device.pinnedFingerprint.isEmpty() && device.pinnedFingerprint == fingerprint)
        return true;
    const FingerprintRequest request{device.name, device.address(),
                                     device.transport == client::Endpoint::Transport::Ssh,
                                     fingerprint};
    if (m_fingerprintDecision) {
        const bool accepted = m_fingerprintDecision(request);
        if (accepted)
            pinFingerprint(pairId, side, fingerprint);
        return accepted;
    }
    // The client asks from inside its handshake: a dialog with its own event loop there would
    // let that connection (and its transport) go away under the question. So the attempt is
    // refused now, the prompt stays open on its own, and an accepted key reconnects the device.
    showFingerprintPrompt(pairId, side, request);
    return false;
}

FingerprintDialog* MainWindow::fingerprintPrompt(const QString& pairId, int side) const
{
    return m_fingerprintPrompts.value(promptKey(pairId, side));
}

QList<FingerprintDialog*> MainWindow::fingerprintPrompts() const
{
    QList<FingerprintDialog*> open;
    for (const QPointer<FingerprintDialog>& dialog : m_fingerprintPrompts)
        if (dialog)
            open.append(dialog);
    return open;
}

void MainWindow::showFingerprintPrompt(const QString& pairId, int side,
                                       const FingerprintRequest& request)
{
    const QString key = promptKey(pairId, side);
    if (FingerprintDialog* open = m_fingerprintPrompts.value(key)) {
        // One prompt per device: the same key again is the same question.
        if (open->request().fingerprint == request.fingerprint) {
            open->raise();
            open->activateWindow();
            return;
        }
        open->reject();
    }
    auto* dialog = new FingerprintDialog(request, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_fingerprintPrompts.insert(key, dialog);
    const QString fingerprint = request.fingerprint;
    const QString device = request.device;
    connect(
        dialog, &QDialog::finished, this,
        [this, key, pairId, side, fingerprint, device, dialog](int result) {
            if (m_fingerprintPrompts.value(key) == dialog)
                m_fingerprintPrompts.remove(key);
            if (result != QDialog::Accepted) {
                statusBar()->showMessage(
                    tr("The key of %1 was not accepted: Tandem did not connect to it").arg(device),
                    8000);
                return;
            }
            pinFingerprint(pairId, side, fingerprint);
            reconnectDevice(pairId, side, fingerprint);
        });
    statusBar()->showMessage(
        tr("%1 presents a key Tandem has not seen: compare it and accept or cancel").arg(device));
    dialog->open();
}

void MainWindow::pinFingerprint(const QString& pairId, int side, const QString& fingerprint)
{
    m_inventory->setPinnedFingerprint(pairId, side, fingerprint);
    if (const std::optional<InventoryPair> pair = m_inventory->pair(pairId))
        qCInfo(lcGui).noquote() << "pinned" << fingerprint << "on"
                                << pair->devices[size_t(side)].name;
}

void MainWindow::reconnectDevice(const QString& pairId, int side, const QString& fingerprint)
{
    // The pair's tab may have been closed or replaced meanwhile: whatever shows it now.
    PairView* view = pairViewOf(pairId);
    if (!view) {
        statusBar()->showMessage(tr("Key pinned; the pair is not open"), 5000);
        return;
    }
    client::DeviceMonitor* device = view->deviceMonitor(side);
    if (device->connectionState() != client::AgentClient::State::Disconnected)
        return;
    client::Endpoint endpoint = device->endpoint();
    if (endpoint.transport != client::Endpoint::Transport::Ssh)
        endpoint.pinnedFingerprint = fingerprint;
    device->start(endpoint);
    statusBar()->showMessage(tr("Key pinned; connecting to %1…").arg(endpoint.name), 5000);
}

QMessageBox* MainWindow::pinMismatchMessage() const
{
    return findChild<QMessageBox*>(QStringLiteral("pinMismatch"));
}

void MainWindow::onDeviceError(const PairView* view, int side, const QString& message)
{
    // AgentClient refuses a changed key; say what that means before anyone works around it.
    // TLS: "certificate changed: expected A, got B"; SSH: "host key changed: FILE holds A for
    // HOST, the server offers TYPE key B".
    static const QRegularExpression tlsChanged(
        QStringLiteral("certificate changed: expected (\\S+), got (\\S+?)[,\\s]"));
    static const QRegularExpression sshChanged(QStringLiteral(
        "host key changed: .* holds (.+) for \\S+, the server offers \\S+ key (\\S+)"));
    const QRegularExpressionMatch tls = tlsChanged.match(message + QLatin1Char(' '));
    const QRegularExpressionMatch ssh = sshChanged.match(message);
    // A closing view's clients still report as they stop. A lab started again has new keys
    // in its lab.json: that is no changed key, the view reconnects with them.
    if ((!tls.hasMatch() && !ssh.hasMatch()) || !m_open.contains(view) || pinMismatchMessage() ||
        labChanged(view))
        return;
    const QRegularExpressionMatch& match = tls.hasMatch() ? tls : ssh;
    const std::optional<InventoryPair> pair = m_inventory->pair(m_open.value(view).pairId);
    const QString pinned = pair ? pair->devices[size_t(side)].pinnedFingerprint : QString();
    const QString expected = ssh.hasMatch() && !pinned.isEmpty() ? pinned : match.captured(1);
    const client::Endpoint& endpoint = view->device(side).endpoint();
    const QString what = tls.hasMatch() ? tr("TLS certificate") : tr("SSH host key");
    auto* box =
        new QMessageBox(QMessageBox::Critical, tr("%1 of %2 changed").arg(what, endpoint.name),
                        tr("%1 (%2) presented a %3 other than the one pinned for it. Tandem did "
                           "not connect and sent no credentials.")
                            .arg(endpoint.name, endpoint.toString(), what),
                        QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("pinMismatch"));
    box->setInformativeText(
        tr("Expected: %1\nGot: %2\n\nKeys are pinned per device, never per virtual IP, so a "
           "failover cannot cause this. Either the device was reinstalled or its key regenerated, "
           "or something else answers at %3. Check the fingerprint on the device's console; if "
           "the device was reinstalled, remove the pin in Edit Pair (Forget Pin) and connect "
           "again.")
            .arg(expected, match.captured(2), endpoint.toString()));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool MainWindow::reopenLastLab(QString* error)
{
    if (m_session == Session::Forget)
        return false;
    const QString dir = GuiSettings::lastLabDirectory();
    return !dir.isEmpty() && openLab(dir, error);
}

bool MainWindow::reopenLastPairs(QString* error)
{
    if (m_session == Session::Forget)
        return false;
    const std::optional<QStringList> ids = GuiSettings::openPairs();
    if (!ids)
        return reopenLastLab(error);
    const QString current = GuiSettings::currentPair();
    for (const QString& id : *ids) {
        const std::optional<InventoryPair> pair = m_inventory->pair(id);
        if (!pair)
            continue;
        QString labError;
        if (!pair->labDirectory.isEmpty()) {
            if (!openLabPair(pair->labDirectory, id == current, &labError) && error->isEmpty())
                *error = tr("%1: %2").arg(pair->title(), labError);
        } else {
            connectInventoryPair(id, id == current);
        }
    }
    return pairCount() > 0 || !m_connecting.isEmpty();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_session == Session::Remember) {
        GuiSettings::setMainWindowGeometry(saveGeometry());
        GuiSettings::setMainWindowState(saveState());
        GuiSettings::setTableHeaderState(QStringLiteral("inventory"),
                                         m_inventoryView->header()->saveState());
        if (PairView* view = pairView()) {
            GuiSettings::setPairViewState(view->saveState());
            view->tablesView()->saveLayout();
        }
        // Ids only: what the pairs are is in inventory.json, their secrets in the keychain.
        GuiSettings::setOpenPairs(openPairIds(), openPairId());
    }
    QMainWindow::closeEvent(event);
}

bool MainWindow::loadInventory(const QString& file, QString* error)
{
    if (!m_inventory->load(file, error))
        return false;
    m_inventoryView->expandAll();
    return true;
}

void MainWindow::saveInventory()
{
    if (m_session == Session::Forget)
        return;
    QString error;
    if (!m_inventory->save(InventoryModel::defaultFile(), &error))
        statusBar()->showMessage(tr("Inventory not saved: %1").arg(error));
}

void MainWindow::createInventoryDock()
{
    m_inventoryDock = new QDockWidget(tr("Inventory"), this);
    m_inventoryDock->setObjectName(QStringLiteral("inventoryDock"));
    auto* page = new QWidget(m_inventoryDock);
    m_inventoryFilterEdit = new QLineEdit(page);
    m_inventoryFilterEdit->setObjectName(QStringLiteral("inventoryFilter"));
    m_inventoryFilterEdit->setPlaceholderText(tr("Filter: name, address, description"));
    m_inventoryFilterEdit->setClearButtonEnabled(true);
    m_inventoryFilter->setSourceModel(m_inventory);
    m_inventoryView = new QTreeView(page);
    m_inventoryView->setObjectName(QStringLiteral("inventoryTree"));
    m_inventoryView->setModel(m_inventoryFilter);
    m_inventoryView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_inventoryView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_inventoryView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_inventoryView->setUniformRowHeights(true);
    m_inventoryView->setAlternatingRowColors(true);
    m_inventoryView->setTextElideMode(Qt::ElideMiddle);
    m_inventoryView->setIndentation(16);
    // The state's icon only (the tooltip says it in words): its text would crowd out names.
    m_inventoryView->setItemDelegateForColumn(InventoryModel::State,
                                              new IconOnlyDelegate(m_inventoryView));
    // Searched by the filter and shown as the pair's tooltip; a column would crowd the dock.
    m_inventoryView->setColumnHidden(InventoryModel::Description, true);
    fitInventoryColumns();
    m_inventoryView->expandAll();

    m_newFolderAction =
        new QAction(QIcon::fromTheme(QStringLiteral("folder-new")), tr("New &Folder…"), this);
    m_newFolderAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_addPairAction =
        new QAction(QIcon::fromTheme(QStringLiteral("list-add")), tr("&Add Pair…"), this);
    m_addPairAction->setShortcut(QKeySequence::New);
    m_editAction =
        new QAction(QIcon::fromTheme(QStringLiteral("document-edit")), tr("&Edit Pair…"), this);
    m_editAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_removeAction =
        new QAction(QIcon::fromTheme(QStringLiteral("list-remove")), tr("&Remove"), this);
    m_removeAction->setShortcut(QKeySequence::Delete);
    m_removeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_connectAction =
        new QAction(QIcon(QStringLiteral(":/icons/connected.svg")), tr("&Connect"), this);
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_disconnectAction =
        new QAction(QIcon(QStringLiteral(":/icons/disconnected.svg")), tr("&Disconnect"), this);
    m_disconnectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_newFolderAction->setStatusTip(tr("Add a folder to the inventory"));
    m_addPairAction->setStatusTip(
        tr("Add an HA pair: its two devices, how to reach them and log in"));
    m_editAction->setStatusTip(
        tr("Change the selected pair: addresses, transport, credentials, pins"));
    m_removeAction->setStatusTip(
        tr("Remove the selected pair (and its saved passwords) or folder"));
    m_connectAction->setStatusTip(tr("Connect to the selected pair and show its dashboard"));
    m_disconnectAction->setStatusTip(
        tr("Disconnect from the selected pair when it is open, else from the current tab's"));
    connect(m_newFolderAction, &QAction::triggered, this, &MainWindow::addFolder);
    connect(m_addPairAction, &QAction::triggered, this, [this] { showDeviceDialog(); });
    connect(m_editAction, &QAction::triggered, this, &MainWindow::editSelectedPair);
    connect(m_removeAction, &QAction::triggered, this, &MainWindow::removeSelected);
    connect(m_connectAction, &QAction::triggered, this, [this] {
        if (const QString id = selectedPairId(); !id.isEmpty())
            connectPair(id);
    });
    connect(m_disconnectAction, &QAction::triggered, this, [this] {
        const QString selected = selectedPairId();
        disconnectPair(pairViewOf(selected) ? selected : QString());
    });
    m_inventoryView->addActions({m_connectAction, m_disconnectAction, m_editAction, m_removeAction,
                                 m_addPairAction, m_newFolderAction});

    // Short labels in the dock's toolbar: all four fit its width.
    m_addPairAction->setIconText(tr("Add"));
    m_editAction->setIconText(tr("Edit"));
    auto* tools = new QToolBar(page);
    tools->setIconSize(QSize(16, 16));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->addAction(m_connectAction);
    tools->addAction(m_disconnectAction);
    tools->addSeparator();
    tools->addAction(m_addPairAction);
    tools->addAction(m_editAction);

    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(tools);
    layout->addWidget(m_inventoryFilterEdit);
    layout->addWidget(m_inventoryView, 1);
    // Room for a device's name (some 10 characters, two levels in) next to its state and
    // address, however small the window.
    page->setMinimumWidth(
        3 * m_inventoryView->indentation() +
        fontMetrics().horizontalAdvance(QString(10, QLatin1Char('x'))) +
        fontMetrics().horizontalAdvance(
            m_inventory->headerData(InventoryModel::State, Qt::Horizontal).toString()) +
        16 + m_inventoryView->header()->sectionSize(InventoryModel::Address) + 24);
    m_inventoryDock->setWidget(page);
    addDockWidget(Qt::LeftDockWidgetArea, m_inventoryDock);
    // Narrow, so that the dashboard keeps its room; the columns fit it (fitInventoryColumns).
    resizeDocks({m_inventoryDock}, {320}, Qt::Horizontal);

    connect(m_inventoryFilterEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_inventoryFilter->setFilterText(text);
        m_inventoryView->expandAll();
    });
    // Rebuilt after every change: keep the tree open.
    connect(m_inventoryFilter, &QAbstractItemModel::rowsInserted, m_inventoryView,
            &QTreeView::expandAll);
    connect(m_inventoryView, &QTreeView::activated, this, [this](const QModelIndex& index) {
        if (InventoryModel::kindOf(index) != InventoryModel::Kind::Folder)
            connectPair(InventoryModel::pairIdOf(index));
    });
    connect(m_inventoryView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::updateInventoryActions);
    updateInventoryActions();
}

void MainWindow::fitToScreen()
{
    // The preferred (or remembered) size, but never more than the screen the window opens on
    // has room for, its title bar and frame included; centred there when it had to shrink.
    const QScreen* where = screen();
    if (!where)
        return;
    const QRect available = where->availableGeometry();
    const QSize room = available.size() - kFrameAllowance;
    if (width() <= room.width() && height() <= room.height() && available.contains(geometry()))
        return;
    const QSize fitted = size().boundedTo(room).expandedTo(minimumSizeHint().boundedTo(room));
    resize(fitted);
    // The inventory as narrow as it can be while naming its pairs: the dashboard needs the room.
    resizeDocks({m_inventoryDock}, {m_inventoryDock->widget()->minimumWidth()}, Qt::Horizontal);
    move(available.left() + (available.width() - fitted.width()) / 2,
         available.top() + (available.height() - kFrameAllowance.height() - fitted.height()) / 2 +
             kFrameAllowance.height());
}

void MainWindow::fitInventoryColumns()
{
    // The state takes its icon; the address is as wide as a typical address and port (a long
    // host name elides in the middle, its tooltip has it all, and the user may widen it); the
    // name takes the rest, so the three columns fit the dock and no horizontal scrolling
    // hides the states.
    QHeaderView* header = m_inventoryView->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(InventoryModel::Name, QHeaderView::Stretch);
    header->setSectionResizeMode(InventoryModel::State, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(InventoryModel::Address, QHeaderView::Interactive);
    header->resizeSection(InventoryModel::Address,
                          m_inventoryView->fontMetrics().horizontalAdvance(
                              QStringLiteral("10.100.10.11:7830")) +
                              12);
    m_inventoryView->setIndentation(14);
    m_inventoryView->setTextElideMode(Qt::ElideMiddle);
}

QString MainWindow::selectedPairId() const
{
    return InventoryModel::pairIdOf(m_inventoryView->currentIndex());
}

QString MainWindow::selectedFolder() const
{
    const QModelIndex index = m_inventoryView->currentIndex();
    if (InventoryModel::kindOf(index) != InventoryModel::Kind::Folder || !index.isValid())
        return {};
    return index.siblingAtColumn(InventoryModel::Name).data(InventoryModel::FolderRole).toString();
}

void MainWindow::updateInventoryActions()
{
    const QString pairId = selectedPairId();
    m_editAction->setEnabled(!pairId.isEmpty());
    m_removeAction->setEnabled(!pairId.isEmpty() || !selectedFolder().isEmpty());
    // The open pair can be connected again when a device gave up (a refused key or password).
    m_connectAction->setEnabled(!pairId.isEmpty() && !isOpenAndUp(pairId));
    m_disconnectAction->setEnabled(pairCount() > 0);
    if (m_closePairAction) {
        m_closePairAction->setEnabled(pairCount() > 0);
        m_nextPairAction->setEnabled(pairCount() > 1);
        m_previousPairAction->setEnabled(pairCount() > 1);
    }
}

void MainWindow::addFolder()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New Folder"), tr("Folder name:"),
                                               QLineEdit::Normal, QString(), &ok)
                             .trimmed();
    if (ok && !name.isEmpty())
        m_inventory->addFolder(name);
}

DeviceDialog* MainWindow::showDeviceDialog(const QString& pairId)
{
    auto* dialog = new DeviceDialog(m_inventory->folders(), m_secrets, this);
    const std::optional<InventoryPair> existing = m_inventory->pair(pairId);
    if (existing)
        dialog->setPair(*existing);
    else if (const QString folder = selectedFolder(); !folder.isEmpty())
        dialog->setPair([&] {
            InventoryPair blank;
            blank.folder = folder;
            blank.devices[0].port = blank.devices[1].port =
                InventoryDevice::defaultPort(blank.devices[0].transport);
            return blank;
        }());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, existing] {
        const bool editing = existing.has_value();
        InventoryPair pair = dialog->pair();
        // A forgotten SSH pin forgets the device's own known_hosts too: the next connect asks.
        for (int side = 0; editing && side < 2; ++side)
            if (!existing->devices[size_t(side)].pinnedFingerprint.isEmpty() &&
                pair.devices[size_t(side)].pinnedFingerprint.isEmpty())
                QFile::remove(pair.defaultKnownHostsFile(side));
        if (editing) {
            m_inventory->updatePair(pair);
        } else {
            pair.id = m_inventory->addPair(pair);
        }
        for (int side = 0; side < 2; ++side) {
            const QString typed = dialog->password(side);
            if (typed.isEmpty())
                continue;
            if (dialog->passwordsUnsaved())
                m_sessionPasswords.insert(pair.secretKey(side), typed);
            else
                m_sessionPasswords.remove(pair.secretKey(side));
        }
        m_inventoryView->setCurrentIndex(
            m_inventoryFilter->mapFromSource(m_inventory->indexOfPair(pair.id)));
        statusBar()->showMessage(
            editing ? tr("%1 changed").arg(pair.title()) : tr("%1 added").arg(pair.title()), 5000);
    });
    dialog->open();
    return dialog;
}

void MainWindow::editSelectedPair()
{
    if (const QString id = selectedPairId(); !id.isEmpty())
        showDeviceDialog(id);
}

void MainWindow::removeSelected()
{
    const QString pairId = selectedPairId();
    if (pairId.isEmpty()) {
        const QString folder = selectedFolder();
        if (!folder.isEmpty())
            m_inventory->removeFolder(folder);
        return;
    }
    const std::optional<InventoryPair> pair = m_inventory->pair(pairId);
    if (QMessageBox::question(
            this, tr("Remove %1?").arg(pair->title()),
            tr("Remove %1 from the inventory and its saved passwords from the keychain?")
                .arg(pair->title())) != QMessageBox::Yes)
        return;
    if (pairViewOf(pairId))
        disconnectPair(pairId);
    for (int side = 0; side < 2; ++side) {
        m_sessionPasswords.remove(pair->secretKey(side));
        m_secrets->remove(pair->secretKey(side), [](const SecretStore::Result&) {});
    }
    m_inventory->removePair(pairId);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Lab…"), this, &MainWindow::chooseLab);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Show the pair of a lab directory (one that holds lab.json)"));
    m_closePairAction = file->addAction(tr("&Close Pair Tab"), this,
                                        [this] { closePairTab(m_pairTabs->currentIndex()); });
    m_closePairAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    m_closePairAction->setStatusTip(tr("Disconnect from the current tab's pair and close its tab"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &MainWindow::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu* inventory = menuBar()->addMenu(tr("&Inventory"));
    inventory->addAction(m_connectAction);
    inventory->addAction(m_disconnectAction);
    inventory->addSeparator();
    inventory->addAction(m_addPairAction);
    inventory->addAction(m_editAction);
    inventory->addAction(m_newFolderAction);
    inventory->addAction(m_removeAction);
    inventory->addSeparator();
    QAction* find = inventory->addAction(tr("&Filter…"), this, [this] {
        m_inventoryDock->show();
        m_inventoryFilterEdit->setFocus();
        m_inventoryFilterEdit->selectAll();
    });
    find->setShortcut(QKeySequence::Find);

    m_pairMenu = menuBar()->addMenu(tr("&Pair"));
    m_hotBackupWizardAction = new QAction(tr("&Hot-backup wizard…"), this);
    connect(m_hotBackupWizardAction, &QAction::triggered, this, &MainWindow::openHotBackupWizard);
    m_pairMenu->setEnabled(false);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* showInventory = m_inventoryDock->toggleViewAction();
    showInventory->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    view->addAction(showInventory);
    QAction* log = m_eventLogDock->toggleViewAction();
    log->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view->addAction(log);
    view->addSeparator();
    QMenu* appearance = view->addMenu(tr("&Appearance"));
    auto* schemes = new QActionGroup(this);
    const std::pair<QString, ColorUtils::Scheme> choices[] = {
        {tr("Follow &System"), ColorUtils::Scheme::System},
        {tr("&Light"), ColorUtils::Scheme::Light},
        {tr("&Dark"), ColorUtils::Scheme::Dark}};
    for (const auto& [name, scheme] : choices) {
        QAction* action = appearance->addAction(name, this, [this, scheme] {
            ColorUtils::applyScheme(scheme);
            if (m_session == Session::Remember)
                GuiSettings::setColorScheme(scheme);
        });
        action->setCheckable(true);
        action->setData(int(scheme));
        schemes->addAction(action);
        m_schemeActions.append(action);
    }
    // --dark may have chosen for this run: the menu shows what is in use.
    connect(appearance, &QMenu::aboutToShow, this, &MainWindow::updateSchemeActions);
    updateSchemeActions();
    view->addSeparator();
    // Ctrl+Tab goes to the next pair, not to the next page of the pair (those have Alt+1…3).
    m_nextPairAction = view->addAction(tr("&Next Pair"), this, [this] {
        if (pairCount() > 1)
            m_pairTabs->setCurrentIndex((m_pairTabs->currentIndex() + 1) % pairCount());
    });
    m_nextPairAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Tab), QKeySequence(Qt::CTRL | Qt::Key_PageDown)});
    m_previousPairAction = view->addAction(tr("&Previous Pair"), this, [this] {
        if (pairCount() > 1)
            m_pairTabs->setCurrentIndex((m_pairTabs->currentIndex() + pairCount() - 1) %
                                        pairCount());
    });
    m_previousPairAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab),
                                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab),
                                        QKeySequence(Qt::CTRL | Qt::Key_PageUp)});
    view->addSeparator();
    const std::pair<QString, PairView::Tab> tabs[] = {{tr("&Dashboard"), PairView::DashboardTab},
                                                      {tr("&Failovers"), PairView::FailoversTab},
                                                      {tr("&Tables"), PairView::TablesTab}};
    int key = Qt::Key_1;
    for (const auto& [name, tab] : tabs) {
        QAction* action = view->addAction(name, this, [this, tab] {
            if (PairView* pair = pairView())
                pair->showTab(tab);
        });
        action->setShortcut(QKeySequence(Qt::ALT | Qt::Key(key++)));
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Tandem"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::updateSchemeActions()
{
    for (QAction* action : m_schemeActions)
        action->setChecked(action->data().toInt() == int(ColorUtils::scheme()));
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
        tr("Connect to a pair of the inventory (double-click it), add one with Inventory → Add "
           "Pair (Ctrl+N), or open a lab pair: File → Open lab…, or run <code>tandemctl lab up "
           "--dir DIR</code> and then <code>tandem --lab DIR</code>."),
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
    const QString start = labDirectory().isEmpty() ? QDir::homePath() : labDirectory();
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

void MainWindow::updateConfirmButton()
{
    const PairView* view = pairView();
    QStringList pending;
    for (int side = 0; view && side < 2; ++side)
        if (const ConfigEditor* editor = view->configEditor(side); editor->pendingCommit() > 0)
            pending.append(tr("%1 #%2 (%3 s)")
                               .arg(view->device(side).endpoint().name)
                               .arg(editor->pendingCommit())
                               .arg(editor->secondsLeft()));
    m_confirmButton->setVisible(!pending.isEmpty());
    m_confirmButton->setText(tr("Con&firm %1").arg(pending.join(QStringLiteral(", "))));
    m_confirmButton->setToolTip(
        tr("Confirm the pending commit: without it the device rolls it back by itself"));
}

void MainWindow::onCurrentPairChanged()
{
    PairView* view = pairView();
    updateConfirmButton();
    m_pages->setCurrentWidget(view ? static_cast<QWidget*>(m_pairTabs) : m_emptyState);
    m_eventLogDock->setModel(view ? view->eventLog() : nullptr);
    m_pairMenu->clear();
    if (view) {
        m_pairMenu->addAction(view->switchoverAction());
        m_pairMenu->addAction(view->batchBackupAction());
        m_pairMenu->addAction(view->drillAction());
        m_pairMenu->addSeparator();
        m_pairMenu->addAction(view->acknowledgeAlarmsAction());
        m_pairMenu->addSeparator();
        m_pairMenu->addAction(m_hotBackupWizardAction);
        if (const QModelIndex index =
                m_inventoryFilter->mapFromSource(m_inventory->indexOfPair(openPairId()));
            index.isValid())
            m_inventoryView->setCurrentIndex(index);
    }
    m_pairMenu->setEnabled(view != nullptr);
    updateInventoryActions();
    updateTitle();
    updateStatus();
    updateAge();
}

void MainWindow::updatePairTab(PairView* view)
{
    const int index = m_pairTabs->indexOf(view);
    if (index < 0)
        return;
    const OpenPair open = m_open.value(view);
    const std::optional<InventoryPair> pair = m_inventory->pair(open.pairId);
    QString name = pair ? pair->title() : view->title();
    m_pairTabs->setTabText(index, name.replace(QLatin1Char('&'), QStringLiteral("&&")));
    // The worse of the two devices: a pair with a device down is not a connected pair.
    const client::AgentClient::State state =
        std::min(view->device(0).connectionState(), view->device(1).connectionState());
    m_pairTabs->setTabIcon(index, ConnectionStateDisplay::icon(state));
    const QString where =
        open.labDirectory.isEmpty()
            ? view->title()
            : tr("%1 — lab in %2").arg(view->title(), QDir::toNativeSeparators(open.labDirectory));
    m_pairTabs->setTabToolTip(index, tr("%1\n%2").arg(where, view->connectionSummary()));
}

void MainWindow::updatePairTabs()
{
    for (PairView* view : pairViews())
        updatePairTab(view);
}

void MainWindow::updateTitle()
{
    const PairView* view = pairView();
    if (!view) {
        setWindowTitle(tr("Tandem"));
        return;
    }
    // The platform appends the application display name.
    const std::optional<InventoryPair> pair = m_inventory->pair(openPairId());
    const QString lab = labDirectory();
    const QString where = !lab.isEmpty() ? QDir::toNativeSeparators(lab)
                          : pair         ? pair->title()
                                         : QString();
    setWindowTitle(tr("%1 — %2").arg(view->title(), where));
}

QString MainWindow::updateAgeText() const
{
    const PairView* view = pairView();
    if (!view)
        return {};
    const qint64 age = view->msecsSinceUpdate();
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
    const PairView* view = pairView();
    m_statusLabel->setText(view ? view->connectionSummary() : tr("No pair open"));
    m_statusLabel->setToolTip(m_statusLabel->text());
    const QString lab = labDirectory();
    m_labLabel->setText(view && !lab.isEmpty() ? tr("Lab: %1").arg(QDir::toNativeSeparators(lab))
                                               : QString());
}

} // namespace tandem::gui
