#include "HotBackupModel.h"

#include "utils/ColorUtils.h"

#include <QFont>
#include <QLocale>
#include <algorithm>

namespace tandem::gui {

namespace {

const QString kDisconnected = QStringLiteral("disconnected");

ColorUtils::Tone batchTone(const QString& state)
{
    if (state == QLatin1String("finished"))
        return ColorUtils::Tone::Active;
    if (state == QLatin1String("unfinished"))
        return ColorUtils::Tone::Warning;
    return ColorUtils::Tone::Neutral;
}

} // namespace

HotBackupModel::HotBackupModel(const client::HotBackupMonitor* deviceA,
                               const client::HotBackupMonitor* deviceB, QObject* parent)
    : QAbstractTableModel(parent), m_monitors{deviceA, deviceB}
{
    for (int side = 0; side < 2; ++side) {
        connect(m_monitors[size_t(side)], &client::HotBackupMonitor::statusChanged, this,
                [this, side] { onDeviceChanged(side); });
        onDeviceChanged(side);
    }
}

int HotBackupModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int HotBackupModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int HotBackupModel::rowOf(int side, int slgId) const
{
    return int(m_keys.indexOf(Key{side, slgId}));
}

void HotBackupModel::onDeviceChanged(int side)
{
    const auto& status = m_monitors[size_t(side)]->status();
    if (status) {
        for (const client::SlgHotBackup& slg : status->serviceLocations) {
            const Key key{side, slg.id};
            const auto it = std::lower_bound(m_keys.begin(), m_keys.end(), key);
            if (it != m_keys.end() && *it == key)
                continue;
            const int row = int(it - m_keys.begin());
            beginInsertRows({}, row, row);
            m_keys.insert(row, key);
            endInsertRows();
        }
    }
    // One update touches all rows of the device, which are contiguous: one signal for them.
    int first = -1;
    int last = -1;
    for (int row = 0; row < m_keys.size(); ++row)
        if (m_keys[row].first == side) {
            if (first < 0)
                first = row;
            last = row;
        }
    if (first >= 0)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

void HotBackupModel::refreshColors()
{
    if (!m_keys.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                           {Qt::BackgroundRole, Qt::ForegroundRole});
}

const client::SlgHotBackup* HotBackupModel::live(const Key& key) const
{
    const auto& status = m_monitors[size_t(key.first)]->status();
    return status ? status->find(key.second) : nullptr;
}

QVariant HotBackupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case Device:
            return tr("Device");
        case ServiceLocation:
            return tr("SLG");
        case Role:
            return tr("Role");
        case Board:
            return tr("Board");
        case BatchBackup:
            return tr("Batch backup");
        case Sessions:
            return tr("Sessions");
        case Users:
            return tr("Users");
        case PortBlocks:
            return tr("Port blocks");
        case TablesInStep:
            return tr("Tables");
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole && section == TablesInStep)
        return tr(
            "In step: every session older than service-ha delay-time is on the peer — the "
            "channel is up, the latest digest comparison (every 5 s) was made on these tables "
            "and found them equal, and nothing is missing. Younger sessions are not backed up, "
            "by design; the master counts them.");
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    return {};
}

QVariant HotBackupModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Key& key = m_keys[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(key, column);
    case RawDataRole:
        return rawData(key, column);
    case Qt::BackgroundRole:
    case Qt::ForegroundRole: {
        ColorUtils::Tone tone = ColorUtils::Tone::Neutral;
        const QString raw = rawData(key, column).toString();
        if (column == Role)
            tone = ColorUtils::slgRoleTone(raw);
        else if (column == Board && raw == QLatin1String("down"))
            tone = ColorUtils::Tone::Fault;
        else if (column == BatchBackup)
            tone = batchTone(raw);
        else if (column == TablesInStep && raw == QLatin1String("differ"))
            tone = ColorUtils::Tone::Fault;
        else if (column == TablesInStep && raw == QLatin1String("not in step"))
            tone = ColorUtils::Tone::Warning;
        else
            return {};
        return role == Qt::BackgroundRole ? QVariant(ColorUtils::background(tone))
                                          : QVariant(ColorUtils::foreground(tone));
    }
    case Qt::FontRole:
        if (column == Role) {
            QFont font;
            font.setBold(rawData(key, column).toString() == QLatin1String("master"));
            font.setItalic(rawData(key, column).toString() == kDisconnected);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        return column >= Sessions && column <= PortBlocks
                   ? QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant HotBackupModel::rawData(const Key& key, int column) const
{
    if (column == Device)
        return m_monitors[size_t(key.first)]->deviceName();
    if (column == ServiceLocation)
        return key.second;
    const client::SlgHotBackup* slg = live(key);
    if (!slg)
        return column == Role ? QVariant(kDisconnected) : QVariant();
    switch (Column(column)) {
    case Role:
        return slg->role;
    case Board:
        return slg->board;
    case BatchBackup:
        return slg->batchBackupState;
    case Sessions:
        return slg->hasTables ? QVariant(slg->sessions) : QVariant();
    case Users:
        return slg->hasTables ? QVariant(slg->users) : QVariant();
    case PortBlocks:
        return slg->hasTables ? QVariant(slg->portBlocks) : QVariant();
    case TablesInStep:
        // The agent's verdict; "differ" only as the current comparison found it.
        if (!slg->hasTables)
            return {};
        if (slg->digestEqual == false)
            return QStringLiteral("differ");
        return slg->inStep ? QStringLiteral("in step") : QStringLiteral("not in step");
    default:
        return {};
    }
}

QVariant HotBackupModel::displayData(const Key& key, int column) const
{
    const QVariant raw = rawData(key, column);
    if (!raw.isValid())
        return QStringLiteral("—");
    const client::SlgHotBackup* slg = live(key);
    switch (Column(column)) {
    case Role:
        return raw.toString() == kDisconnected ? tr("disconnected") : raw;
    case BatchBackup:
        if (slg && (slg->receivingBatch || slg->sendingBatch)) {
            const QString state = slg->batchStalled ? tr("stalled") : slg->receivingBatch ? tr("receiving") : tr("unfinished");
            if (slg->batchExpected > 0)
                return tr("%1 %2%").arg(state).arg(100 * slg->batchReceived / slg->batchExpected);
            return state;
        }
        if (slg && slg->backlog > 0)
            return tr("%1, %2 behind").arg(raw.toString()).arg(QLocale().toString(slg->backlog));
        return raw;
    case Sessions:
    case Users:
    case PortBlocks:
        return QLocale().toString(raw.toLongLong());
    case TablesInStep:
        if (raw.toString() == QLatin1String("in step"))
            return slg && slg->role == QLatin1String("master")
                       ? tr("in step · %1 younger than delay-time")
                             .arg(QLocale().toString(slg->notBackedUp))
                       : tr("in step");
        return raw.toString() == QLatin1String("differ") ? tr("differ") : tr("not in step");
    default:
        return raw;
    }
}

} // namespace tandem::gui
