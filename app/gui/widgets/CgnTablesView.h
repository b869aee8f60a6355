#pragma once

// The CGN tables of one service-location on one device: sessions, users, port blocks and
// address pools.
// Sessions and users come a page at a time (cgn.sessions / cgn.users with a cursor), filtered
// by the agent; the GUI never holds a whole table. Rows copy as text and export as CSV;
// chosen columns and widths are remembered per table.

#include "client/DeviceMonitor.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QWidget>
#include <array>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;

namespace tandem::gui {

class AddressPoolModel;
class SubnetModel;
class CgnPageModel;
class PortBlockTableModel;
class SessionTableModel;
class UserTableModel;

class CgnTablesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CgnTablesView)

public:
    enum Table
    {
        Sessions,
        Users,
        PortBlocks,
        Pools,
        Subnets, // the device's load-balanced pools' subnets (all locations)
        TableCount
    };

    // The devices must outlive the view.
    CgnTablesView(std::array<client::DeviceMonitor*, 2> devices, QWidget* parent = nullptr);
    ~CgnTablesView() override;

    SessionTableModel* sessionModel() const { return m_sessionModel; }
    UserTableModel* userModel() const { return m_userModel; }
    PortBlockTableModel* portBlockModel() const { return m_portBlockModel; }
    AddressPoolModel* poolModel() const { return m_poolModel; }
    SubnetModel* subnetModel() const { return m_subnetModel; }
    QTableView* table(Table table) const { return m_tables[size_t(table)]; }

    // Which device and service-location to read; the filter fields go to the agent as is.
    void setSource(int side, int serviceLocation);
    void setFilter(const QString& cpe, const QString& protocol, int insidePort, int outsidePort);
    void setPageSize(int rows);
    // Fetches the first page of the current table again.
    void refresh();
    bool hasNextPage() const;
    void nextPage();
    void previousPage();
    int pageNumber() const { return int(m_cursors.size()); } // 1-based
    qint64 total() const { return m_total; }
    bool isFetching() const { return m_fetching; }
    QString pageText() const;
    QString lastError() const { return m_lastError; }
    // When the rows shown were read; invalid before the first page.
    QDateTime fetchedAt() const { return m_fetchedAt; }
    // The device the rows came from went away: they are kept, marked as from before.
    bool isStale() const { return m_stale; }

    // Chosen columns, their order and widths, in GuiSettings; never called for a session
    // that must leave no trace (screenshots).
    void restoreLayout();
    void saveLayout() const;

    QString selectionAsText() const;
    // The agent sorts the sessions: by a column (SessionTableModel::Column) whose header the
    // user clicked; columns the agent cannot sort by keep the current order.
    void sortSessions(int column, Qt::SortOrder order);
    QString sessionSortKey() const { return m_sortKey; }
    bool exportCsv(const QString& path, QString* error) const;

private:
    void fetch(const QJsonValue& cursor);
    void onReply(int table, const QJsonValue& cursor, const QJsonValue& result, const QString& error);
    CgnPageModel* model(int table) const;
    int currentTable() const;
    void copySelection() const;
    void chooseExport();
    void updateControls();
    // A page shown is refetched when its device comes back (another agent, other tables).
    void onDeviceState(int side, client::AgentClient::State state);
    void showColumnMenu(int table, const QPoint& at);

    std::array<client::DeviceMonitor*, 2> m_devices;
    SessionTableModel* m_sessionModel;
    UserTableModel* m_userModel;
    PortBlockTableModel* m_portBlockModel;
    AddressPoolModel* m_poolModel;
    SubnetModel* m_subnetModel;
    QString m_subnetSummary; // what the Subnets tab's pools say, for the page label
    std::array<QTableView*, TableCount> m_tables{};
    std::array<bool, TableCount> m_autoSize{};
    QString m_sortKey = QStringLiteral("id");
    bool m_sortDescending = false;
    QTabWidget* m_tabs;
    QComboBox* m_device;
    QSpinBox* m_serviceLocation;
    QLineEdit* m_cpe;
    QComboBox* m_protocol;
    QSpinBox* m_insidePort;
    QSpinBox* m_outsidePort;
    QComboBox* m_pageSize;
    QPushButton* m_previous;
    QPushButton* m_next;
    QLabel* m_pageLabel;
    // The cursor of each page up to the shown one, as the agent gave it: a number, or a
    // string for a sorted listing.
    QList<QJsonValue> m_cursors;
    QJsonValue m_nextCursor;
    qint64 m_total = -1;
    int m_rowsShown = 0;
    bool m_fetching = false;
    int m_generation = 0; // replies to an older request are dropped
    QString m_lastError;
    int m_shownSide = -1; // the device the shown rows came from
    QDateTime m_fetchedAt;
    bool m_stale = false;
};

} // namespace tandem::gui
