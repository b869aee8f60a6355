#include "PairView.h"

#include "Logging.h"
#include "client/ConfigClient.h"
#include "models/EventLogModel.h"
#include "models/HotBackupModel.h"
#include "models/ServiceLocationModel.h"
#include "models/SwitchoverModel.h"
#include "models/VrrpGroupModel.h"
#include "utils/ConnectionStateDisplay.h"
#include "utils/DeviceIdentity.h"
#include "utils/ScrollPage.h"
#include "widgets/CgnTablesView.h"
#include "widgets/ConfigEditor.h"
#include "widgets/PairChangesView.h"
#include "widgets/PairDriftBanner.h"
#include "widgets/DeviceHeader.h"
#include "widgets/FailoverPanel.h"
#include "widgets/SyncPanel.h"
#include "widgets/TelemetryCharts.h"
#include "widgets/TopologyView.h"

#include <QAction>
#include <QDataStream>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QPointer>
#include "utils/Qsci.h"
#include <QVBoxLayout>
#include <algorithm>
#include <cstdlib>

namespace tandem::gui {

using Severity = EventLogModel::Severity;

namespace {

// The hello result names the user's role (viewer, operator, admin); an agent that does not
// is a lab agent: admin.
bool roleAllowsOperations(const client::AgentClient& client)
{
    const QString role = client.helloResult().value(QStringLiteral("role")).toString();
    return role.isEmpty() || role == QLatin1String("operator") || role == QLatin1String("admin");
}

bool isLabAgent(const client::AgentClient& client)
{
    return client.helloResult().value(QStringLiteral("lab")).toBool();
}

} // namespace

PairView::PairView(const client::Endpoint& deviceA, const client::Endpoint& deviceB,
                   QWidget* parent, TrustDecision trust)
    : QWidget(parent), m_devices{new client::DeviceMonitor(this), new client::DeviceMonitor(this)}
{
    if (trust)
        for (int side = 0; side < 2; ++side) {
            auto decide = [trust, side](const QString& fingerprint) {
                return trust(side, fingerprint);
            };
            m_devices[size_t(side)]->client().setCertificateDecision(decide);
            m_devices[size_t(side)]->client().setHostKeyDecision(decide);
        }
    // Started first: the headers and models read the devices' endpoints as they are made.
    m_devices[0]->start(deviceA);
    m_devices[1]->start(deviceB);
    for (int side = 0; side < 2; ++side)
        m_hotBackup[size_t(side)] = new client::HotBackupMonitor(m_devices[size_t(side)], this);
    m_headers = {new DeviceHeader(m_devices[0], this), new DeviceHeader(m_devices[1], this)};
    m_slgModel = new ServiceLocationModel(m_devices[0], m_devices[1], this);
    m_vrrpModel = new VrrpGroupModel({m_devices[0], m_devices[1]}, this);
    m_hotBackupModel = new HotBackupModel(m_hotBackup[0], m_hotBackup[1], this);
    m_switchoverModel = new SwitchoverModel(this);
    m_eventLog = new EventLogModel(this);
    m_slgTable = new QTableView(this);
    m_vrrpTable = new QTableView(this);
    m_hotBackupTable = new QTableView(this);
    m_syncPanel = new SyncPanel(m_hotBackup[0], m_hotBackup[1], this);
    m_charts = new TelemetryCharts(m_hotBackup[0], m_hotBackup[1], this);
    m_topology = new TopologyView({m_devices[0], m_devices[1]}, {m_hotBackup[0], m_hotBackup[1]}, this);
    m_failoverPanel = new FailoverPanel(m_switchoverModel, this);
    m_tablesView = new CgnTablesView(m_devices, this);
    m_tabs = new QTabWidget(this);

    m_slgTable->setModel(m_slgModel);
    m_vrrpTable->setModel(m_vrrpModel);
    m_hotBackupTable->setModel(m_hotBackupModel);
    for (QTableView* table : {m_slgTable, m_vrrpTable, m_hotBackupTable})
        setUpTable(table);
    // Its last column is a priority: stretched, it would float far from its header.
    m_slgTable->horizontalHeader()->setStretchLastSection(false);

    m_tabs->addTab(makeDashboard(), tr("&Dashboard"));
    m_tabs->addTab(m_failoverPanel, tr("&Failovers"));
    m_tabs->addTab(m_tablesView, tr("&Tables"));
    m_configTabs = new QTabWidget(this);
    for (int side = 0; side < 2; ++side) {
        m_configEditors[size_t(side)] =
            new ConfigEditor(&m_devices[size_t(side)]->client(), m_configTabs);
        m_configTabs->addTab(m_configEditors[size_t(side)],
                             m_devices[size_t(side)]->endpoint().name);
    }
    m_tabs->addTab(m_configTabs, tr("&Config"));
    m_changesView = new PairChangesView(m_devices, this);
    m_tabs->addTab(m_changesView, tr("Cha&nges"));
    for (int side = 0; side < 2; ++side) {
        ConfigEditor* editor = m_configEditors[size_t(side)];
        client::DeviceMonitor* device = m_devices[size_t(side)];
        // Read on every connect (an agent restart or a commit elsewhere may have changed it);
        // only an admin may change it.
        connect(device, &client::DeviceMonitor::connectionStateChanged, editor, [editor, device] {
            if (device->connectionState() != client::AgentClient::State::Connected)
                return;
            const QString role =
                device->client().helloResult().value(QStringLiteral("role")).toString();
            editor->setMayCommit(role == QLatin1String("admin"),
                                 tr("your role on %1 is %2: only an admin changes its configuration")
                                     .arg(device->endpoint().name, role));
            editor->reload();
        });
        connect(editor, &ConfigEditor::pendingChanged, this, &PairView::pendingCommitsChanged);
        // The pair check of each candidate runs against the other device's running text.
        connect(editor, &ConfigEditor::runningTextChanged, this, [this, side] {
            m_configEditors[size_t(1 - side)]->setPeerRunningText(
                m_configEditors[size_t(side)]->runningText());
        });
    }
    m_tabs->setDocumentMode(true);
    // Drift: the two running configurations are pair-checked on every connect and whenever a
    // device's running commit changes (a commit made elsewhere is seen within kPollMs).
    m_driftTimer = new QTimer(this);
    m_driftTimer->setInterval(PairDriftBanner::kPollMs);
    connect(m_driftTimer, &QTimer::timeout, this, &PairView::pollDrift);
    m_driftTimer->start();
    for (client::DeviceMonitor* device : m_devices)
        connect(device, &client::DeviceMonitor::connectionStateChanged, this,
                [this](client::AgentClient::State state) {
                    if (state == client::AgentClient::State::Connected)
                        pollDrift();
                });
    connect(m_driftBanner, &PairDriftBanner::openEditorRequested, this, &PairView::openEditor);
    connect(m_driftBanner, &PairDriftBanner::repairRequested, this, &PairView::repairRequested);
    // The tables are paged on demand: the first look at them asks the master of the first
    // service-location.
    connect(m_tabs, &QTabWidget::currentChanged, this, &PairView::fetchTablesOnFirstLook);
    // The histories change behind the list's back (a commit elsewhere): read on every look.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == ChangesTab)
            m_changesView->refresh();
    });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_tabs, 1);

    m_switchoverAction = new QAction(tr("&Switch Over Service-Location…"), this);
    m_switchoverAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_switchoverAction->setStatusTip(
        tr("Move the selected service-location to the other device (asks first)"));
    m_batchBackupAction = new QAction(tr("Start &Batch Backup"), this);
    m_batchBackupAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    m_batchBackupAction->setStatusTip(
        tr("Send every table entry of the selected service-location from its master to the standby"));
    m_drillAction = new QAction(tr("Run &Drill…"), this);
    m_drillAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_drillAction->setStatusTip(tr("Lab pairs: fail the selected service-location's board on its "
                                   "master for %1 s and watch the standby take over (asks first)")
                                    .arg(kDrillFaultMs / 1000));
    m_acknowledgeAction = new QAction(tr("&Acknowledge Alarms"), this);
    m_acknowledgeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_acknowledgeAction->setStatusTip(
        tr("Stop highlighting the warnings and errors of the event log"));
    connect(m_switchoverAction, &QAction::triggered, this, &PairView::confirmSwitchover);
    connect(m_batchBackupAction, &QAction::triggered, this, &PairView::startBatchBackup);
    connect(m_drillAction, &QAction::triggered, this, &PairView::confirmDrill);
    connect(m_acknowledgeAction, &QAction::triggered, this, &PairView::acknowledgeAlarms);
    connect(m_eventLog, &EventLogModel::unacknowledgedAlarmCountChanged, this,
            &PairView::updateActions);
    connect(m_slgTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PairView::updateActions);

    for (int side = 0; side < 2; ++side) {
        client::DeviceMonitor* device = m_devices[size_t(side)];
        client::HotBackupMonitor* hb = m_hotBackup[size_t(side)];
        m_lastConnection[size_t(side)] = device->connectionState();
        connect(device, &client::DeviceMonitor::connectionStateChanged, this,
                &PairView::connectionSummaryChanged);
        connect(device, &client::DeviceMonitor::statusChanged, this,
                &PairView::connectionSummaryChanged);
        connect(device, &client::DeviceMonitor::connectionStateChanged, this,
                [this, side] { logConnection(side); });
        connect(device, &client::DeviceMonitor::statusChanged, this, [this, side] { logRoles(side); });
        connect(device, &client::DeviceMonitor::statusChanged, this, [this, side] { explainResigns(side); });
        connect(device, &client::DeviceMonitor::statusChanged, this, &PairView::updateActions);
        connect(device, &client::DeviceMonitor::statusChanged, this, &PairView::fetchTablesOnFirstLook);
        connect(hb, &client::HotBackupMonitor::statusChanged, this, [this, side] {
            if (const auto& status = m_hotBackup[size_t(side)]->status())
                for (const client::SlgHotBackup& s : status->serviceLocations)
                    if (s.role == QLatin1String("master"))
                        m_lastSessions[size_t(side)][s.id] = s.sessions;
        });
        connect(hb, &client::HotBackupMonitor::switchoverReported, this,
                [this, side](const client::SwitchoverRecord& r) { onSwitchover(side, r); });
        connect(hb, &client::HotBackupMonitor::alarmRaised, this, [this, side](const QString& message) {
            m_eventLog->append(Severity::Error, m_hotBackup[size_t(side)]->deviceName(), message);
        });
    }
    updateActions();
}

PairView::~PairView()
{
    // Disconnect while the models and headers still exist: closing emits state changes.
    for (client::DeviceMonitor* device : m_devices)
        device->stop();
}

QWidget* PairView::makeDashboard()
{
    auto* page = new ScrollPage(this);
    m_driftBanner = new PairDriftBanner(page);
    auto* headers = new QHBoxLayout;
    headers->setSpacing(8);
    for (DeviceHeader* header : m_headers)
        headers->addWidget(header, 1);

    auto* top = new QSplitter(Qt::Horizontal, page);
    m_topSplitter = top;
    top->setChildrenCollapsible(false);
    top->addWidget(m_topology);
    // The sync panel keeps the room its text needs: scrolled when the window is small rather
    // than squeezed until its lines overlap.
    auto* sync = new QScrollArea(page);
    m_syncScroll = sync;
    m_syncPanel->installEventFilter(this);
    sync->setObjectName(QStringLiteral("syncScroll"));
    sync->setWidget(m_syncPanel);
    sync->setWidgetResizable(true);
    sync->setFrameShape(QFrame::NoFrame);
    sync->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    top->addWidget(sync);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);

    auto* slgs = new QSplitter(Qt::Horizontal, page);
    m_tablesSplitter = slgs;
    slgs->setChildrenCollapsible(false);
    slgs->addWidget(makeSection(tr("Hot backup per service-location"), m_hotBackupTable));
    slgs->addWidget(makeSection(tr("Service locations"), m_slgTable));
    slgs->setStretchFactor(0, 1);
    slgs->setStretchFactor(1, 1);

    m_splitter = new QSplitter(Qt::Vertical, page);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(top);
    m_splitter->addWidget(slgs);
    m_splitter->addWidget(makeSection(tr("VRRP groups"), m_vrrpTable));
    m_splitter->addWidget(m_charts);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setStretchFactor(3, 3);

    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(8);
    layout->addWidget(m_driftBanner);
    layout->addLayout(headers);
    layout->addWidget(m_splitter, 1);
    // On a small screen the dashboard scrolls, each part at a size where it stays readable,
    // instead of pushing the window past the screen.
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("dashboardScroll"));
    scroll->setWidget(page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

void PairView::fetchTablesOnFirstLook()
{
    if (m_tabs->currentIndex() != TablesTab || m_tablesView->pageNumber() > 0 ||
        m_tablesView->isFetching())
        return;
    const int slg = targetServiceLocation();
    const int master = slg > 0 ? masterSide(slg) : -1;
    if (master < 0)
        return;
    m_tablesView->setSource(master, slg);
    m_tablesView->refresh();
}

void PairView::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void PairView::openEditor(int side, int line)
{
    showTab(ConfigTab);
    m_configTabs->setCurrentIndex(side);
    ConfigEditor* editor = m_configEditors[size_t(side)];
    editor->tabs()->setCurrentIndex(0);
    if (line > 0) {
        editor->candidateEditor()->setCursorPosition(line - 1, 0);
        editor->candidateEditor()->ensureLineVisible(line - 1);
    }
    editor->candidateEditor()->setFocus();
}

void PairView::pollDrift()
{
    for (int side = 0; side < 2; ++side) {
        client::AgentClient* agent = &m_devices[size_t(side)]->client();
        if (agent->state() != client::AgentClient::State::Connected)
            continue;
        client::ConfigClient(agent).history(
            [this, side, agent, guard = QPointer<PairView>(this)](
                const client::CallResult<protocol::ConfigHistoryResult>& history) {
                if (!guard || !history.ok() ||
                    history.value().runningId == m_driftCommit[size_t(side)])
                    return;
                const int id = history.value().runningId;
                client::ConfigClient(agent).get(
                    {}, [this, side, id, guard](
                            const client::CallResult<protocol::ConfigGetResult>& running) {
                        if (!guard || !running.ok())
                            return;
                        m_driftCommit[size_t(side)] = id;
                        m_driftText[size_t(side)] = running.value().text;
                        if (m_driftCommit[0] && m_driftCommit[1])
                            m_driftBanner->check(m_driftText[0], m_driftText[1],
                                                 {m_devices[0]->endpoint().name,
                                                  m_devices[1]->endpoint().name});
                    });
            });
    }
}

QString PairView::title() const
{
    return QStringLiteral("%1 / %2").arg(m_devices[0]->endpoint().name,
                                         m_devices[1]->endpoint().name);
}

bool PairView::isLive() const
{
    return std::all_of(m_devices.begin(), m_devices.end(), [](const client::DeviceMonitor* device) {
        return device->status().has_value();
    });
}

QString PairView::connectionSummary() const
{
    QStringList parts;
    for (const client::DeviceMonitor* device : m_devices) {
        QString part = tr("%1: %2").arg(device->endpoint().name,
                                        ConnectionStateDisplay::text(device->connectionState()));
        if (device->connectionState() == client::AgentClient::State::Disconnected &&
            !device->lastError().isEmpty())
            part = tr("%1 (%2)").arg(part, device->lastError());
        parts.append(part);
    }
    if (const QString same = DeviceIdentity::sameDevice(*m_devices[0], *m_devices[1]);
        !same.isEmpty())
        parts.append(tr("both entries are the same device (%1)").arg(same));
    return parts.join(QStringLiteral("   ·   "));
}

qint64 PairView::msecsSinceUpdate() const
{
    qint64 newest = -1;
    for (const client::HotBackupMonitor* hb : m_hotBackup) {
        const qint64 age = hb->msecsSinceUpdate();
        if (age >= 0 && (newest < 0 || age < newest))
            newest = age;
    }
    return newest;
}

QByteArray PairView::saveState() const
{
    return m_splitter->saveState();
}

void PairView::restoreState(const QByteArray& state)
{
    m_splitter->restoreState(state);
}

void PairView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // Side by side where there is room, one below the other (the dashboard scrolls) where not.
    const Qt::Orientation orientation = width() >= kSideBySideWidth ? Qt::Horizontal : Qt::Vertical;
    for (QSplitter* splitter : {m_topSplitter, m_tablesSplitter})
        if (splitter->orientation() != orientation)
            splitter->setOrientation(orientation);
    // Below the sync panel, the picture gets more height: it is scaled to fit.
    m_topology->setMinimumHeight(orientation == Qt::Horizontal ? 220 : 280);
    fitSyncPanel();
}

bool PairView::eventFilter(QObject* watched, QEvent* event)
{
    // The sync panel's text grows as numbers arrive.
    if (watched == m_syncPanel && event->type() == QEvent::LayoutRequest)
        fitSyncPanel();
    return QWidget::eventFilter(watched, event);
}

void PairView::fitSyncPanel()
{
    // The sync panel is never squeezed below what its text needs, across or down.
    const QSize need = m_syncPanel->minimumSizeHint() +
                       QSize(m_syncScroll->verticalScrollBar()->sizeHint().width() +
                                 2 * m_syncScroll->frameWidth(),
                             2 * m_syncScroll->frameWidth());
    m_syncScroll->setMinimumSize(m_topSplitter->orientation() == Qt::Horizontal
                                     ? QSize(need.width(), 0)
                                     : QSize(0, need.height()));
}

void PairView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_slgModel->refreshColors();
        m_vrrpModel->refreshColors();
        m_hotBackupModel->refreshColors();
        m_eventLog->refreshColors();
    }
}

QWidget* PairView::makeSection(const QString& title, QTableView* table)
{
    auto* section = new QWidget(this);
    auto* label = new QLabel(title, section);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    auto* layout = new QVBoxLayout(section);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(label);
    layout->addWidget(table, 1);
    // Two rows stay readable however the splitter is dragged (a pair has two devices).
    table->setMinimumHeight(table->horizontalHeader()->sizeHint().height() +
                            2 * table->verticalHeader()->defaultSectionSize() +
                            table->horizontalScrollBar()->sizeHint().height() +
                            2 * table->frameWidth() + 2);
    return section;
}

void PairView::setUpTable(QTableView* table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->setCornerButtonEnabled(false);
    // Breathing room between values and grid lines; colours still come from the model.
    table->setStyleSheet(QStringLiteral("QTableView::item { padding: 0px 6px; }"));
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    // Cells change width as devices come and go ("master" ↔ "disconnected"); keep every
    // value readable rather than elided.
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

int PairView::targetServiceLocation() const
{
    const QModelIndexList rows = m_slgTable->selectionModel()->selectedRows();
    const int row = rows.isEmpty() ? 0 : rows.first().row();
    if (row >= m_slgModel->rowCount())
        return -1;
    return m_slgModel->index(row, ServiceLocationModel::SlgId)
        .data(ServiceLocationModel::RawDataRole)
        .toInt();
}

int PairView::masterSide(int serviceLocation) const
{
    for (int side = 0; side < 2; ++side) {
        const auto& status = m_devices[size_t(side)]->status();
        if (!status)
            continue;
        const protocol::ServiceLocationStatus* slg = status->findServiceLocation(serviceLocation);
        if (slg && slg->state == QLatin1String("master"))
            return side;
    }
    return -1;
}

void PairView::updateActions()
{
    const int slg = targetServiceLocation();
    const int master = slg > 0 ? masterSide(slg) : -1;
    const int peer = 1 - master;
    const bool allowed = master >= 0 && roleAllowsOperations(m_devices[size_t(master)]->client());
    const bool peerLive = master >= 0 && m_devices[size_t(peer)]->status().has_value();
    m_switchoverAction->setEnabled(allowed && peerLive);
    m_batchBackupAction->setEnabled(allowed && peerLive);
    const QString why = master < 0 ? tr("no device is master of the selected service-location")
                        : !allowed ? tr("your role on %1 does not allow it").arg(m_devices[size_t(master)]->endpoint().name)
                        : !peerLive ? tr("%1 is not connected").arg(m_devices[size_t(peer)]->endpoint().name)
                                    : QString();
    m_switchoverAction->setToolTip(why.isEmpty() ? m_switchoverAction->statusTip() : why);
    m_batchBackupAction->setToolTip(why.isEmpty() ? m_batchBackupAction->statusTip() : why);

    const bool lab = master >= 0 && isLabAgent(m_devices[size_t(master)]->client());
    m_drillAction->setEnabled(allowed && peerLive && lab);
    m_drillAction->setToolTip(!why.isEmpty() ? why
                              : !lab         ? tr("drills run on lab pairs only")
                                             : m_drillAction->statusTip());
    const bool mayAcknowledge =
        std::any_of(m_devices.begin(), m_devices.end(), [](client::DeviceMonitor* d) {
            return d->connectionState() == client::AgentClient::State::Connected &&
                   roleAllowsOperations(d->client());
        });
    m_acknowledgeAction->setEnabled(mayAcknowledge && m_eventLog->unacknowledgedAlarmCount() > 0);
    m_acknowledgeAction->setToolTip(
        !mayAcknowledge ? tr("your role on this pair does not allow it")
        : m_eventLog->unacknowledgedAlarmCount() == 0
            ? tr("no alarm to acknowledge")
            : tr("%n alarm(s) not acknowledged", nullptr, m_eventLog->unacknowledgedAlarmCount()));
}

QMessageBox* PairView::drillConfirmation() const
{
    return findChild<QMessageBox*>(QStringLiteral("drillConfirmation"));
}

void PairView::confirmDrill()
{
    const int slg = targetServiceLocation();
    const int master = slg > 0 ? masterSide(slg) : -1;
    if (master < 0 || drillConfirmation())
        return;
    const QString on = m_devices[size_t(master)]->endpoint().name;
    const QString to = m_devices[size_t(1 - master)]->endpoint().name;
    const int seconds = kDrillFaultMs / 1000;
    auto* box =
        new QMessageBox(QMessageBox::Question, tr("Run a drill on service-location %1?").arg(slg),
                        tr("the service board of service-location %1 on %2 fails for %3 s")
                            .arg(slg)
                            .arg(on)
                            .arg(seconds),
                        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("drillConfirmation"));
    box->setInformativeText(
        tr("A lab fault (lab.fault board) on %1: its tables are lost and %2 should "
           "take service-location %3 over. After %4 s the board comes back as a "
           "standby and asks for a batch backup. The Failovers tab records the "
           "phases.")
            .arg(on, to)
            .arg(slg)
            .arg(seconds));
    QPushButton* go = box->addButton(tr("Run Drill on %1").arg(on), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, go, slg, master, on] {
        box->setObjectName(QString());
        if (box->clickedButton() != go)
            return;
        m_eventLog->append(Severity::Notice, on,
                           tr("drill: board of service-location %1 down for %2 s")
                               .arg(slg)
                               .arg(kDrillFaultMs / 1000));
        const QJsonObject params{{QStringLiteral("kind"), QStringLiteral("board")},
                                 {QStringLiteral("serviceLocation"), slg},
                                 {QStringLiteral("down"), true},
                                 {QStringLiteral("ms"), kDrillFaultMs}};
        m_devices[size_t(master)]->client().call(
            QStringLiteral("lab.fault"), params,
            [this, on](const QJsonValue&, const std::optional<protocol::RpcError>& error) {
                if (error)
                    m_eventLog->append(Severity::Error, on,
                                       tr("drill refused: %1").arg(error->message));
            });
    });
    box->open();
}

void PairView::acknowledgeAlarms()
{
    const int count = m_eventLog->acknowledgeAll();
    if (count > 0)
        m_eventLog->append(Severity::Info, QString(),
                           tr("%n alarm(s) acknowledged in this window", nullptr, count));
}

QMessageBox* PairView::switchoverConfirmation() const
{
    return findChild<QMessageBox*>(QStringLiteral("switchoverConfirmation"));
}

void PairView::confirmSwitchover()
{
    const int slg = targetServiceLocation();
    const int master = slg > 0 ? masterSide(slg) : -1;
    if (master < 0 || switchoverConfirmation())
        return;
    const QString from = m_devices[size_t(master)]->endpoint().name;
    const QString to = m_devices[size_t(1 - master)]->endpoint().name;
    QString vip;
    if (const protocol::ServiceLocationStatus* s = m_devices[size_t(master)]->status()->findServiceLocation(slg))
        if (const protocol::VrrpStatus* g = m_devices[size_t(master)]->status()->findVrrp(s->vrid))
            vip = tr("Virtual IP %1 (VRID %2) moves with it. ").arg(g->virtualIp).arg(g->vrid);
    auto* box = new QMessageBox(QMessageBox::Question, tr("Switch over service-location %1?").arg(slg),
                                tr("service-location %1 moves from %2 to %3").arg(slg).arg(from, to),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("switchoverConfirmation"));
    // What survives, in the device's terms: sessions younger than delay-time are not backed up
    // by design, and a backlog (the backup fell behind) is lost too.
    QString kept =
        tr("Sessions older than service-ha delay-time are kept with their public address "
           "and port; younger ones are not backed up (by design) and end.");
    if (const auto& hb = m_hotBackup[size_t(master)]->status())
        if (const client::SlgHotBackup* s = hb->find(slg)) {
            kept += QLatin1Char(' ') +
                    tr("Now: %1 sessions, %2 of them younger than delay-time.")
                        .arg(QLocale().toString(s->sessions), QLocale().toString(s->notBackedUp));
            if (s->backlogSessions > 0)
                kept += QLatin1Char(' ') +
                        tr("%1 more are in the backlog (the backup is behind) and would be lost.")
                            .arg(QLocale().toString(s->backlogSessions));
            if (!s->inStep)
                kept += QLatin1Char(' ') + tr("The tables are not in step now: more may be lost.");
        }
    box->setInformativeText(vip +
                            tr("%1 resigns as master; %2 activates its standby tables and then "
                               "takes over. ")
                                .arg(from, to) +
                            kept);
    QPushButton* go = box->addButton(tr("Switch over to %1").arg(to), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, go, slg, master, from, to] {
        box->setObjectName(QString());
        if (box->clickedButton() != go)
            return;
        m_eventLog->append(Severity::Notice, from,
                           tr("switchover of service-location %1 to %2 requested").arg(slg).arg(to));
        m_devices[size_t(master)]->client().call(
            QStringLiteral("ha.switchover"), {{QStringLiteral("serviceLocation"), slg}},
            [this, from, slg](const QJsonValue&, const std::optional<protocol::RpcError>& error) {
                if (error)
                    m_eventLog->append(Severity::Error, from,
                                       tr("switchover of service-location %1 refused: %2")
                                           .arg(slg)
                                           .arg(error->message));
            });
    });
    box->open();
}

void PairView::startBatchBackup()
{
    const int slg = targetServiceLocation();
    const int master = slg > 0 ? masterSide(slg) : -1;
    if (master < 0)
        return;
    const QString name = m_devices[size_t(master)]->endpoint().name;
    m_devices[size_t(master)]->client().call(
        QStringLiteral("ha.batchBackup"), {{QStringLiteral("serviceLocation"), slg}},
        [this, name, slg](const QJsonValue&, const std::optional<protocol::RpcError>& error) {
            if (error)
                m_eventLog->append(Severity::Error, name,
                                   tr("batch backup of service-location %1 refused: %2").arg(slg).arg(error->message));
            else
                m_eventLog->append(Severity::Info, name,
                                   tr("batch backup of service-location %1 started").arg(slg));
        });
}

void PairView::onSwitchover(int side, client::SwitchoverRecord record)
{
    // The peer is the old master if it was seen as master (at the pair's first election nobody
    // was), or if the new master saw it resign or preempted it: only a master does either, and
    // its status may already show it as slave when the record arrives.
    const int other = 1 - side;
    if (m_lastRoles[size_t(other)].value(record.serviceLocation) == QLatin1String("master") ||
        record.cause == client::SwitchoverCause::MasterResigned ||
        record.cause == client::SwitchoverCause::Preempted) {
        record.fromDevice = m_devices[size_t(other)]->endpoint().name;
        if (m_lastSessions[size_t(other)].contains(record.serviceLocation))
            record.sessionsOnOldMaster = m_lastSessions[size_t(other)].value(record.serviceLocation);
        if (const auto served = m_hotBackup[size_t(other)]->lastServed(record.serviceLocation)) {
            record.notBackedUpOnOldMaster = served->notBackedUp;
            record.backlogOnOldMaster = served->backlogSessions;
        }
    }
    m_switchoverModel->add(record);
    // A manual switchover lowers the old master's priority (the new master preempts) or
    // resigns it: the new master cannot tell which cause it was; the old master's status can.
    if ((record.cause == client::SwitchoverCause::MasterResigned ||
         record.cause == client::SwitchoverCause::Preempted) &&
        !record.fromDevice.isEmpty()) {
        m_unexplainedResigns[size_t(other)].append(record);
        explainResigns(other);
    }
    m_eventLog->appendAt(
        QDateTime::fromMSecsSinceEpoch(record.decisionMs), Severity::Warning, record.device,
        tr("service-location %1 became master on %2 (from %3; %4): tables active "
           "after %5 ms, first advert after %6 ms")
            .arg(record.serviceLocation)
            .arg(record.device,
                 record.fromDevice.isEmpty() ? tr("no known master") : record.fromDevice,
                 SwitchoverModel::causeText(record))
            .arg(record.tablesActiveMs - record.decisionMs)
            .arg(record.firstAdvertMs - record.decisionMs));
}

void PairView::explainResigns(int oldMasterSide)
{
    QList<client::SwitchoverRecord>& pending = m_unexplainedResigns[size_t(oldMasterSide)];
    const auto& status = m_devices[size_t(oldMasterSide)]->status();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    pending.removeIf([&](const client::SwitchoverRecord& record) {
        if (now - record.decisionMs > 30000)
            return true; // its status never showed why: the cause stays as the new master saw it
        const protocol::ServiceLocationStatus* slg =
            status ? status->findServiceLocation(record.serviceLocation) : nullptr;
        const protocol::VrrpStatus* vrrp = slg ? status->findVrrp(slg->vrid) : nullptr;
        // Its group's last change must be the resign itself: no longer master, and close to
        // the decision (the agents' clocks; a few seconds of skew between devices allowed).
        if (!vrrp || vrrp->state == QLatin1String("Master") || vrrp->lastChangeReason.isEmpty() ||
            std::abs(vrrp->lastChangeMsecsSinceEpoch - record.decisionMs) > 5000)
            return false;
        // "Priority calculation" there is only the other side of being preempted: the cause is
        // a tracked object that went down, or (none down) a plain preemption, already said.
        QString why = vrrp->lastChangeReason;
        if (why == QLatin1String("Priority calculation")) {
            why.clear();
            for (const QString& tracked : vrrp->tracked)
                if (tracked.endsWith(QLatin1String("(down)")))
                    why = tr("tracked %1").arg(tracked);
        }
        if (!why.isEmpty())
            m_switchoverModel->setOldMasterReason(record, why);
        return true;
    });
}

void PairView::logConnection(int side)
{
    const client::DeviceMonitor* device = m_devices[size_t(side)];
    const client::AgentClient::State state = device->connectionState();
    const client::AgentClient::State before = m_lastConnection[size_t(side)];
    m_lastConnection[size_t(side)] = state;
    if (state == client::AgentClient::State::Connected)
        m_eventLog->append(Severity::Info, device->endpoint().name, tr("connected"));
    else if (state == client::AgentClient::State::Disconnected &&
             before == client::AgentClient::State::Connected)
        m_eventLog->append(Severity::Error, device->endpoint().name,
                           device->lastError().isEmpty() ? tr("connection lost")
                                                         : tr("connection lost: %1").arg(device->lastError()));
    updateActions();
}

void PairView::logRoles(int side)
{
    const auto& status = m_devices[size_t(side)]->status();
    if (!status)
        return;
    QHash<int, QString>& last = m_lastRoles[size_t(side)];
    for (const protocol::ServiceLocationStatus& s : status->serviceLocations) {
        const QString before = last.value(s.id);
        if (before == s.state)
            continue;
        last[s.id] = s.state;
        if (!before.isEmpty())
            m_eventLog->append(s.state == QLatin1String("down") ? Severity::Error : Severity::Notice,
                               status->sysname,
                               tr("service-location %1: %2 → %3").arg(s.id).arg(before, s.state));
    }
}

} // namespace tandem::gui
