#pragma once

// Every switchover of a pair seen since the pair was opened (including those the agents had
// recorded before), newest last: who took over what, why, and how long each phase took.

#include "client/HotBackupStatus.h"

#include <QAbstractTableModel>
#include <QList>

namespace tandem::gui {

class SwitchoverModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SwitchoverModel)

public:
    enum Column
    {
        Time,
        ServiceLocation,
        Move,
        Reason,
        Detection,
        Decision,   // decision → tables active
        Activation, // tables active → first master advert
        Total,      // detection (where known) + decision → first master advert
        SessionsBefore,
        SessionsAfter,
        NotBackedUp, // on the old master: younger than delay-time, not backed up by design
        Lost,        // on the old master: in its backlog, should have survived and did not
        ColumnCount
    };
    // Raw values: epoch ms for Time, ms for phases (-1 unknown), counts as qint64 (-1 unknown),
    // the agent's cause words for Reason.
    enum DataRole
    {
        RawDataRole = Qt::UserRole
    };

    explicit SwitchoverModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Adds the record unless it is already there; returns its row.
    int add(const client::SwitchoverRecord& record);
    // The old master's own words for the event's resign, once its status has shown them;
    // false when the event is not there or already says so.
    bool setOldMasterReason(const client::SwitchoverRecord& event, const QString& reason);
    const client::SwitchoverRecord& record(int row) const { return m_records[row]; }
    const QList<client::SwitchoverRecord>& records() const { return m_records; }
    // Why, for people: the cause and the VRRP words.
    static QString causeText(const client::SwitchoverRecord& record);

private:
    QVariant rawData(const client::SwitchoverRecord& r, int column) const;

    QList<client::SwitchoverRecord> m_records; // by decision time
};

} // namespace tandem::gui
