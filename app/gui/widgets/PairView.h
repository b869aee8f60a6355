#pragma once

// Everything about one HA pair, in three tabs: the dashboard (a header per device, the
// topology, the backup channel and sync, the service-location, hot-backup and VRRP tables,
// rolling charts), the recorded switchovers, and the CGN tables. All of it is fed by the
// devices' pushed status and a one-second poll of their hot-backup counters. Self-contained
// so that it can become one tab of many once Tandem manages an inventory of pairs.

#include "client/DeviceMonitor.h"
#include "client/HotBackupMonitor.h"

#include <QHash>
#include <QWidget>
#include <array>
#include <functional>

class QAction;
class QMessageBox;
class QScrollArea;
class QSplitter;
class QTabWidget;
class QTableView;
class QTimer;

namespace tandem::gui {

class CgnTablesView;
class ConfigEditor;
class PairChangesView;
class PairDriftBanner;
class DeviceHeader;
class EventLogModel;
class FailoverPanel;
class HotBackupModel;
class ServiceLocationModel;
class SwitchoverModel;
class SyncPanel;
class TelemetryCharts;
class TopologyView;
class VrrpGroupModel;

class PairView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PairView)

public:
    enum Tab
    {
        DashboardTab,
        FailoversTab,
        TablesTab,
        ConfigTab,
        ChangesTab
    };

    // Asked, before any credentials are sent, whether to trust the key a device presents that
    // no pin names (side 0 or 1, "SHA256:…"); true pins it for the view's reconnects.
    using TrustDecision = std::function<bool(int side, const QString& fingerprint)>;

    // Connects to both devices at once and keeps reconnecting (with backoff, then a full
    // resync) while the view exists.
    PairView(const client::Endpoint& deviceA, const client::Endpoint& deviceB,
             QWidget* parent = nullptr, TrustDecision trust = {});
    ~PairView() override;

    QString title() const; // "CGN-A / CGN-B"
    const client::DeviceMonitor& device(int side) const { return *m_devices[size_t(side)]; }
    client::DeviceMonitor* deviceMonitor(int side) const { return m_devices[size_t(side)]; }
    const client::HotBackupMonitor& hotBackup(int side) const { return *m_hotBackup[size_t(side)]; }
    DeviceHeader* deviceHeader(int side) const { return m_headers[size_t(side)]; }
    ServiceLocationModel* serviceLocationModel() const { return m_slgModel; }
    VrrpGroupModel* vrrpGroupModel() const { return m_vrrpModel; }
    HotBackupModel* hotBackupModel() const { return m_hotBackupModel; }
    SwitchoverModel* switchoverModel() const { return m_switchoverModel; }
    EventLogModel* eventLog() const { return m_eventLog; }
    QTableView* serviceLocationTable() const { return m_slgTable; }
    QTableView* vrrpTable() const { return m_vrrpTable; }
    QTableView* hotBackupTable() const { return m_hotBackupTable; }
    SyncPanel* syncPanel() const { return m_syncPanel; }
    TelemetryCharts* charts() const { return m_charts; }
    TopologyView* topology() const { return m_topology; }
    FailoverPanel* failoverPanel() const { return m_failoverPanel; }
    CgnTablesView* tablesView() const { return m_tablesView; }
    ConfigEditor* configEditor(int side) const { return m_configEditors[size_t(side)]; }
    PairChangesView* changesView() const { return m_changesView; }
    PairDriftBanner* driftBanner() const { return m_driftBanner; }
    // Shows the config editor of `side`, its candidate at `line` (1-based; 0: where it is).
    void openEditor(int side, int line = 0);
    void showTab(Tab tab);

    // Switch over / batch-backup the service-location selected in the service-location table
    // (the first one when none is). Enabled when the user's role allows it.
    QAction* switchoverAction() const { return m_switchoverAction; }
    QAction* batchBackupAction() const { return m_batchBackupAction; }
    // Lab pairs only (the agent's hello says lab): fails the selected service-location's board
    // on its master for a few seconds (lab.fault), after a confirmation.
    QAction* drillAction() const { return m_drillAction; }
    // Stops highlighting the alarms in the event log (locally: agents have no acknowledge).
    QAction* acknowledgeAlarmsAction() const { return m_acknowledgeAction; }
    // The confirmation the switchover action shows, while it is open.
    QMessageBox* switchoverConfirmation() const;
    QMessageBox* drillConfirmation() const;
    static constexpr int kDrillFaultMs = 5000;
    // Narrower than this, the dashboard puts the topology above the sync panel and the two
    // service-location tables one above the other.
    static constexpr int kSideBySideWidth = 1000;

    // Both devices connected and their status shown.
    bool isLive() const;
    QString connectionSummary() const;
    // Milliseconds since the newer of the two devices' last status; -1 with none.
    qint64 msecsSinceUpdate() const;

    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

Q_SIGNALS:
    void connectionSummaryChanged();
    // The drift banner's "Repair with the wizard": the window opens the wizard on this pair.
    void repairRequested();
    // A device's editor started a commit confirmed, counted a second down, or it ended.
    void pendingCommitsChanged();

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* makeDashboard();
    QWidget* makeSection(const QString& title, QTableView* table);
    void setUpTable(QTableView* table);
    int targetServiceLocation() const;
    int masterSide(int serviceLocation) const; // -1 when no device is master of it
    void updateActions();
    void fetchTablesOnFirstLook();
    void fitSyncPanel();
    void confirmSwitchover();
    void startBatchBackup();
    void confirmDrill();
    void acknowledgeAlarms();
    void onSwitchover(int side, client::SwitchoverRecord record);
    // A resign seen by the new master is explained by the old master's status (its VRRP
    // group's last change near the decision); tried at once and on its next statuses.
    void explainResigns(int oldMasterSide);
    void logConnection(int side);
    void logRoles(int side);
    // Drift: reads the running commit of each connected device and, when it changed, its
    // text; checks the pair once both are known.
    void pollDrift();

    std::array<client::DeviceMonitor*, 2> m_devices;
    std::array<client::HotBackupMonitor*, 2> m_hotBackup{};
    std::array<DeviceHeader*, 2> m_headers{};
    std::array<QHash<int, QString>, 2> m_lastRoles;
    std::array<QHash<int, qint64>, 2> m_lastSessions; // per SLG, kept across a disconnect
    std::array<QList<client::SwitchoverRecord>, 2> m_unexplainedResigns; // by old master side
    std::array<client::AgentClient::State, 2> m_lastConnection{};
    ServiceLocationModel* m_slgModel = nullptr;
    VrrpGroupModel* m_vrrpModel = nullptr;
    HotBackupModel* m_hotBackupModel = nullptr;
    SwitchoverModel* m_switchoverModel = nullptr;
    EventLogModel* m_eventLog = nullptr;
    QTableView* m_slgTable = nullptr;
    QTableView* m_vrrpTable = nullptr;
    QTableView* m_hotBackupTable = nullptr;
    SyncPanel* m_syncPanel = nullptr;
    TelemetryCharts* m_charts = nullptr;
    TopologyView* m_topology = nullptr;
    FailoverPanel* m_failoverPanel = nullptr;
    CgnTablesView* m_tablesView = nullptr;
    std::array<ConfigEditor*, 2> m_configEditors{};
    QTabWidget* m_configTabs = nullptr;
    PairChangesView* m_changesView = nullptr;
    PairDriftBanner* m_driftBanner = nullptr;
    QTimer* m_driftTimer = nullptr;
    std::array<int, 2> m_driftCommit{};    // the running commit whose text is below; 0: none
    std::array<QString, 2> m_driftText;
    QTabWidget* m_tabs = nullptr;
    QSplitter* m_splitter = nullptr;
    QSplitter* m_topSplitter = nullptr;
    QSplitter* m_tablesSplitter = nullptr;
    QScrollArea* m_syncScroll = nullptr;
    QAction* m_switchoverAction = nullptr;
    QAction* m_batchBackupAction = nullptr;
    QAction* m_drillAction = nullptr;
    QAction* m_acknowledgeAction = nullptr;
};

} // namespace tandem::gui
