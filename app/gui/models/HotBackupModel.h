#pragma once

// The hot-backup state of every service-location group on both devices, one row per device
// and SLG: role, board, batch backup, and what its tables hold. A device without live status
// keeps its rows but shows its connection state, never its last role.

#include "client/HotBackupMonitor.h"

#include <QAbstractTableModel>
#include <QList>
#include <array>
#include <utility>

namespace tandem::gui {

class HotBackupModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HotBackupModel)

public:
    enum Column
    {
        Device,
        ServiceLocation,
        Role,
        Board,
        BatchBackup,
        Sessions,
        Users,
        PortBlocks,
        TablesInStep,
        ColumnCount
    };
    // Raw values: ints and counts as qint64, the agent's strings for states, "disconnected"
    // as the role of a device without live status, null when unknown.
    enum DataRole
    {
        RawDataRole = Qt::UserRole
    };

    // The monitors of device A and B; they must outlive the model.
    HotBackupModel(const client::HotBackupMonitor* deviceA, const client::HotBackupMonitor* deviceB,
                   QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    int rowOf(int side, int slgId) const; // -1 when there is no such row
    void refreshColors();

private:
    using Key = std::pair<int, int>; // side, SLG id

    void onDeviceChanged(int side);
    const client::SlgHotBackup* live(const Key& key) const;
    QVariant rawData(const Key& key, int column) const;
    QVariant displayData(const Key& key, int column) const;

    std::array<const client::HotBackupMonitor*, 2> m_monitors;
    QList<Key> m_keys; // ascending; rows stay when a device disconnects
};

} // namespace tandem::gui
