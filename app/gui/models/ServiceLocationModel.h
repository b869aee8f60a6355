#pragma once

// One row per service-location group of a pair: each device's role, which device is master,
// and the VRRP group the SLG follows with each device's view of it. A device that is not
// connected shows its connection state instead of a role — never the last role it had.

#include "client/DeviceMonitor.h"

#include <QAbstractTableModel>
#include <QList>
#include <array>

namespace tandem::gui {

class ServiceLocationModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceLocationModel)

public:
    enum Column
    {
        SlgId,
        RoleA,
        RoleB,
        Master,
        Vrid,
        VrrpInterface,
        VirtualIp,
        VrrpStateA,
        PriorityA,
        VrrpStateB,
        PriorityB,
        ColumnCount
    };
    // Raw values for sorting, filtering and export: ints for ids and priorities, the agent's
    // strings for states, "disconnected" for a device without live status, null when absent.
    enum DataRole
    {
        RawDataRole = Qt::UserRole
    };

    // Device A and B of the pair, started; they must outlive the model.
    ServiceLocationModel(const client::DeviceMonitor* deviceA, const client::DeviceMonitor* deviceB,
                         QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    int rowOf(int slgId) const; // -1 when the SLG has no row
    // After a palette change: colours are derived from the palette when asked for.
    void refreshColors();

private:
    void onDeviceChanged();
    const client::DeviceMonitor* device(int side) const { return m_devices[size_t(side)]; }
    QVariant displayData(int slgId, int column) const;
    QVariant rawData(int slgId, int column) const;
    QVariant toolTip(int slgId, int column) const;
    QVariant background(int slgId, int column) const;
    QVariant foreground(int slgId, int column) const;
    QVariant font(int slgId, int column) const;
    static QVariant alignment(int column);

    std::array<const client::DeviceMonitor*, 2> m_devices;
    // Every SLG either device has reported since the model was made, ascending; a row stays
    // when its devices disconnect so the user sees what is no longer known.
    QList<int> m_slgIds;
};

} // namespace tandem::gui
