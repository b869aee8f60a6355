#pragma once

// The VRRP groups of a set of devices, one row per device and group, with the fields of
// `display vrrp`. A device without live status keeps its rows (so the user sees which groups
// are out of sight) but shows its connection state instead of any VRRP value.

#include "client/DeviceMonitor.h"

#include <QAbstractTableModel>
#include <QList>
#include <tuple>

namespace tandem::gui {

class VrrpGroupModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VrrpGroupModel)

public:
    enum Column
    {
        Device,
        Interface,
        Vrid,
        State,
        VirtualIp,
        MasterIp,
        PriorityRun,
        PriorityConfig,
        Preempt,
        AdvertInterval,
        Tracked,
        LastChange,
        LastChangeReason,
        ColumnCount
    };
    // Raw values for sorting, filtering and export: ints for ids, priorities, delays (s) and
    // intervals (ms), epoch milliseconds for times, "disconnected" as the state of a device
    // without live status, null for values it cannot know then.
    enum DataRole
    {
        RawDataRole = Qt::UserRole
    };

    // The devices, started; they must outlive the model.
    explicit VrrpGroupModel(const QList<const client::DeviceMonitor*>& devices,
                            QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // -1 when the device has reported no such group.
    int rowOf(const QString& deviceName, const QString& interfaceName, int vrid) const;
    // After a palette change: colours are derived from the palette when asked for.
    void refreshColors();

private:
    struct Key
    {
        int device = 0; // index into m_devices
        QString interfaceName;
        int vrid = 0;
        bool operator<(const Key& other) const
        {
            return std::tie(device, interfaceName, vrid) <
                   std::tie(other.device, other.interfaceName, other.vrid);
        }
        bool operator==(const Key&) const = default;
    };

    void onDeviceChanged();
    const protocol::VrrpStatus* liveGroup(const Key& key) const;
    QVariant rawData(const Key& key, int column) const;
    QVariant displayData(const Key& key, int column) const;
    QVariant toolTip(const Key& key, int column) const;
    static QVariant alignment(int column);

    QList<const client::DeviceMonitor*> m_devices;
    QList<Key> m_keys; // ascending; rows are never dropped, as in ServiceLocationModel
};

} // namespace tandem::gui
