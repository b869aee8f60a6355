#include "SwitchoverModel.h"

#include <QDateTime>
#include <QLocale>

namespace tandem::gui {

SwitchoverModel::SwitchoverModel(QObject* parent) : QAbstractTableModel(parent) {}

QString SwitchoverModel::causeText(const client::SwitchoverRecord& r)
{
    switch (r.cause) {
    case client::SwitchoverCause::MasterSilent:
        return tr("master silent: its adverts stopped (%1)").arg(r.reason);
    case client::SwitchoverCause::MasterResigned:
        if (!r.oldMasterReason.isEmpty() && !r.fromDevice.isEmpty())
            return tr("master resigned: %1 on %2").arg(r.oldMasterReason, r.fromDevice);
        return tr("master resigned: a manual switchover, or its board or link went down");
    case client::SwitchoverCause::Preempted:
        if (!r.oldMasterReason.isEmpty() && !r.fromDevice.isEmpty())
            return tr("preempted: %1 on %2 (%3)").arg(r.oldMasterReason, r.fromDevice, r.reason);
        return tr("preempted: a higher priority here than the master's (%1)").arg(r.reason);
    case client::SwitchoverCause::Unknown:
        break;
    }
    return r.reason;
}

int SwitchoverModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int SwitchoverModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int SwitchoverModel::add(const client::SwitchoverRecord& record)
{
    for (int row = 0; row < m_records.size(); ++row)
        if (m_records[row].sameEvent(record))
            return row;
    int row = int(m_records.size());
    while (row > 0 && m_records[row - 1].decisionMs > record.decisionMs)
        --row;
    beginInsertRows({}, row, row);
    m_records.insert(row, record);
    endInsertRows();
    return row;
}

bool SwitchoverModel::setOldMasterReason(const client::SwitchoverRecord& event, const QString& reason)
{
    for (int row = 0; row < m_records.size(); ++row) {
        if (!m_records[row].sameEvent(event))
            continue;
        if (m_records[row].oldMasterReason == reason)
            return false;
        m_records[row].oldMasterReason = reason;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return true;
    }
    return false;
}

QVariant SwitchoverModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case Time:
            return tr("Time");
        case ServiceLocation:
            return tr("SLG");
        case Move:
            return tr("Moved");
        case Reason:
            return tr("Reason");
        case Detection:
            return tr("Detection");
        case Decision:
            return tr("Decision → tables");
        case Activation:
            return tr("Tables → advert");
        case Total:
            return tr("Total");
        case SessionsBefore:
            return tr("Sessions before");
        case SessionsAfter:
            return tr("Sessions after");
        case NotBackedUp:
            return tr("Not backed up");
        case Lost:
            return tr("Lost");
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case Detection:
            return tr(
                "From the old master's last word (its last advert, its resign, or the advert "
                "that started the preemption) to the decision, as the new master measured it");
        case Total:
            return tr("Detection plus decision → first advert as master");
        case NotBackedUp:
            return tr("Sessions on the old master younger than service-ha delay-time at its last "
                      "status: not backed up, by design, so they end with the switchover");
        case Lost:
            return tr(
                "Sessions on the old master that should have survived and could not: those in "
                "its backlog (the backup had fallen behind) at its last status. `tandemctl "
                "drill` checks every mapping");
        case Decision:
            return tr("From the VRRP decision to the standby tables being active");
        case Activation:
            return tr("From the tables being active to the first advert as master");
        case SessionsBefore:
            return tr("Sessions in the standby copy at the decision");
        case SessionsAfter:
            return tr("Sessions live once the tables were active");
        default:
            break;
        }
    }
    return {};
}

QVariant SwitchoverModel::rawData(const client::SwitchoverRecord& r, int column) const
{
    switch (Column(column)) {
    case Time:
        return r.decisionMs;
    case ServiceLocation:
        return r.serviceLocation;
    case Move:
        return r.device;
    case Reason:
        return client::toString(r.cause).isEmpty() ? r.reason : client::toString(r.cause);
    case Detection:
        return r.detectionMs;
    case Decision:
        return r.tablesActiveMs - r.decisionMs;
    case Activation:
        return r.firstAdvertMs - r.tablesActiveMs;
    case Total:
        return r.totalMs();
    case SessionsBefore:
        return r.sessionsBefore;
    case SessionsAfter:
        return r.sessionsAfter;
    case NotBackedUp:
        return r.notBackedUpOnOldMaster;
    case Lost:
        return r.backlogOnOldMaster;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant SwitchoverModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const client::SwitchoverRecord& r = m_records[index.row()];
    const int column = index.column();
    if (role == RawDataRole)
        return rawData(r, column);
    if (role == Qt::TextAlignmentRole)
        return column >= Detection ? QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter)
                                   : QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    const QVariant raw = rawData(r, column);
    switch (Column(column)) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(raw.toLongLong()).toString(QStringLiteral("HH:mm:ss.zzz"));
    case Move:
        return r.fromDevice.isEmpty() ? tr("→ %1").arg(r.device)
                                      : tr("%1 → %2").arg(r.fromDevice, r.device);
    case Reason:
        return causeText(r);
    case Detection:
        return raw.toLongLong() < 0 ? QStringLiteral("—") : tr("%1 ms").arg(raw.toLongLong());
    case Decision:
    case Activation:
    case Total:
        return tr("%1 ms").arg(raw.toLongLong());
    case SessionsBefore:
    case SessionsAfter:
        return QLocale().toString(raw.toLongLong());
    case NotBackedUp:
    case Lost:
        return raw.toLongLong() < 0 ? QStringLiteral("—") : QLocale().toString(raw.toLongLong());
    default:
        return raw;
    }
}

} // namespace tandem::gui
