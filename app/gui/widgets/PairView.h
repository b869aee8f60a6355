#pragma once

// Everything about one HA pair: a header per device, the service-location table and the
// VRRP table, all fed by the devices' pushed status. Self-contained so that it can become one
// tab of many once Tandem manages an inventory of pairs.

#include "client/DeviceMonitor.h"

#include <QWidget>
#include <array>

class QSplitter;
class QTableView;

namespace tandem::gui {

class DeviceHeader;
class ServiceLocationModel;
class VrrpGroupModel;

class PairView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PairView)

public:
    // Connects to both devices at once and keeps reconnecting while the view exists.
    PairView(const client::Endpoint& deviceA, const client::Endpoint& deviceB,
             QWidget* parent = nullptr);
    ~PairView() override;

    QString title() const; // "CGN-A / CGN-B"
    const client::DeviceMonitor& device(int side) const { return *m_devices[size_t(side)]; }
    DeviceHeader* deviceHeader(int side) const { return m_headers[size_t(side)]; }
    ServiceLocationModel* serviceLocationModel() const { return m_slgModel; }
    VrrpGroupModel* vrrpGroupModel() const { return m_vrrpModel; }
    QTableView* serviceLocationTable() const { return m_slgTable; }
    QTableView* vrrpTable() const { return m_vrrpTable; }

    // Both devices connected and their status shown.
    bool isLive() const;
    QString connectionSummary() const;

    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

Q_SIGNALS:
    void connectionSummaryChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* makeSection(const QString& title, QTableView* table);
    void setUpTable(QTableView* table);

    std::array<client::DeviceMonitor*, 2> m_devices;
    std::array<DeviceHeader*, 2> m_headers{};
    ServiceLocationModel* m_slgModel = nullptr;
    VrrpGroupModel* m_vrrpModel = nullptr;
    QTableView* m_slgTable = nullptr;
    QTableView* m_vrrpTable = nullptr;
    QSplitter* m_splitter = nullptr;
};

} // namespace tandem::gui
