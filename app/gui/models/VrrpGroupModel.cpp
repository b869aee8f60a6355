#include "VrrpGroupModel.h"

#include "utils/ColorUtils.h"

#include <QDateTime>
#include <QFont>
#include <algorithm>

namespace tandem::gui {

using client::AgentClient;
using protocol::VrrpStatus;

namespace {

const QString kDisconnected = QStringLiteral("disconnected");

QString dash()
{
    return QStringLiteral("—");
}

} // namespace

VrrpGroupModel::VrrpGroupModel(const QList<const client::DeviceMonitor*>& devices, QObject* parent)
    : QAbstractTableModel(parent), m_devices(devices)
{
    for (const client::DeviceMonitor* device : m_devices) {
        connect(device, &client::DeviceMonitor::statusChanged, this,
                &VrrpGroupModel::onDeviceChanged);
        connect(device, &client::DeviceMonitor::connectionStateChanged, this,
                &VrrpGroupModel::onDeviceChanged);
    }
    onDeviceChanged();
}

int VrrpGroupModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int VrrpGroupModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int VrrpGroupModel::rowOf(const QString& deviceName, const QString& interfaceName, int vrid) const
{
    for (int row = 0; row < m_keys.size(); ++row) {
        const Key& key = m_keys[row];
        if (m_devices[key.device]->endpoint().name == deviceName &&
            key.interfaceName == interfaceName && key.vrid == vrid)
            return row;
    }
    return -1;
}

void VrrpGroupModel::onDeviceChanged()
{
    for (int device = 0; device < m_devices.size(); ++device) {
        const auto& status = m_devices[device]->status();
        if (!status)
            continue;
        for (const VrrpStatus& group : status->vrrpGroups) {
            const Key key{device, group.interfaceName, group.vrid};
            const auto it = std::lower_bound(m_keys.begin(), m_keys.end(), key);
            if (it != m_keys.end() && *it == key)
                continue;
            const int row = int(it - m_keys.begin());
            beginInsertRows({}, row, row);
            m_keys.insert(row, key);
            endInsertRows();
        }
    }
    // One push may touch every group of the device; a pair has few of them.
    if (!m_keys.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void VrrpGroupModel::refreshColors()
{
    if (!m_keys.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                           {Qt::BackgroundRole, Qt::ForegroundRole});
}

const VrrpStatus* VrrpGroupModel::liveGroup(const Key& key) const
{
    const auto& status = m_devices[key.device]->status();
    if (!status)
        return nullptr;
    const auto it = std::find_if(
        status->vrrpGroups.begin(), status->vrrpGroups.end(), [&](const VrrpStatus& group) {
            return group.vrid == key.vrid && group.interfaceName == key.interfaceName;
        });
    return it == status->vrrpGroups.end() ? nullptr : &*it;
}

QVariant VrrpGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case Device:
            return tr("Device");
        case Interface:
            return tr("Interface");
        case Vrid:
            return tr("VRID");
        case State:
            return tr("State");
        case VirtualIp:
            return tr("Virtual IP");
        case MasterIp:
            return tr("Master IP");
        case PriorityRun:
            return tr("PriorityRun");
        case PriorityConfig:
            return tr("PriorityConfig");
        case Preempt:
            return tr("Preempt");
        case AdvertInterval:
            return tr("Timer");
        case Tracked:
            return tr("Tracked");
        case LastChange:
            return tr("Last change");
        case LastChangeReason:
            return tr("Reason");
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case PriorityRun:
            return tr("Effective priority, after tracking reductions");
        case PriorityConfig:
            return tr("Configured priority");
        case Preempt:
            return tr("Preempt mode and delay");
        case AdvertInterval:
            return tr("Advertisement interval");
        case Tracked:
            return tr("Tracked objects, their reductions and states: a down one lowers PriorityRun");
        case LastChange:
        case LastChangeReason:
            return tr("Last state change of the group and why it happened");
        default:
            break;
        }
    }
    return {};
}

QVariant VrrpGroupModel::data(const QModelIndex& index, int role) const
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
    case Qt::ToolTipRole:
        return toolTip(key, column);
    case Qt::BackgroundRole:
        if (column != State)
            return {};
        return ColorUtils::background(ColorUtils::vrrpStateTone(rawData(key, column).toString()));
    case Qt::ForegroundRole:
        if (column != State)
            return {};
        return ColorUtils::foreground(ColorUtils::vrrpStateTone(rawData(key, column).toString()));
    case Qt::FontRole:
        if (column == State) {
            const QString state = rawData(key, column).toString();
            QFont font;
            font.setBold(state == QLatin1String("Master"));
            font.setItalic(state == kDisconnected);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        return alignment(column);
    default:
        return {};
    }
}

QVariant VrrpGroupModel::alignment(int column)
{
    switch (Column(column)) {
    case Vrid:
    case State:
    case PriorityRun:
    case PriorityConfig:
    case Preempt:
    case AdvertInterval:
        return QVariant::fromValue(Qt::AlignCenter);
    default:
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    }
}

QVariant VrrpGroupModel::rawData(const Key& key, int column) const
{
    switch (Column(column)) {
    case Device:
        return m_devices[key.device]->endpoint().name;
    case Interface:
        return key.interfaceName;
    case Vrid:
        return key.vrid;
    default:
        break;
    }
    if (!m_devices[key.device]->status())
        return column == State ? QVariant(kDisconnected) : QVariant();
    const VrrpStatus* group = liveGroup(key);
    if (!group)
        return {};
    switch (Column(column)) {
    case State:
        return group->state;
    case VirtualIp:
        return group->virtualIp;
    case MasterIp:
        return group->masterIp;
    case PriorityRun:
        return group->priorityRun;
    case PriorityConfig:
        return group->priorityConfig;
    case Preempt:
        return group->preempt ? group->preemptDelaySeconds : -1;
    case AdvertInterval:
        return group->advertIntervalCentiseconds * 10;
    case Tracked:
        return group->tracked.join(QStringLiteral("; "));
    case LastChange:
        return group->lastChangeMsecsSinceEpoch;
    case LastChangeReason:
        return group->lastChangeReason;
    default:
        return {};
    }
}

QVariant VrrpGroupModel::displayData(const Key& key, int column) const
{
    const QVariant raw = rawData(key, column);
    if (column == State && raw.toString() == kDisconnected)
        return m_devices[key.device]->connectionState() == AgentClient::State::Disconnected
                   ? tr("disconnected")
                   : tr("connecting…");
    if (!raw.isValid())
        return column == State ? tr("not configured") : dash();
    switch (Column(column)) {
    case MasterIp:
        return raw.toString() == QLatin1String("0.0.0.0") ? dash() : raw;
    case Preempt: {
        const int delay = raw.toInt();
        if (delay < 0)
            return tr("NO");
        return delay == 0 ? tr("YES") : tr("YES, delay %1 s").arg(delay);
    }
    case AdvertInterval:
        return tr("%1 ms").arg(raw.toInt());
    case LastChange: {
        const qint64 msecs = raw.toLongLong();
        if (msecs <= 0)
            return dash();
        return QDateTime::fromMSecsSinceEpoch(msecs).toString(
            QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    case LastChangeReason:
    case Tracked:
        return raw.toString().isEmpty() ? dash() : raw;
    default:
        return raw;
    }
}

QVariant VrrpGroupModel::toolTip(const Key& key, int column) const
{
    const client::DeviceMonitor* device = m_devices[key.device];
    if (!device->status()) {
        const QString error = device->lastError();
        return error.isEmpty() ? tr("%1 is not connected").arg(device->endpoint().name)
                               : tr("%1 is not connected: %2").arg(device->endpoint().name, error);
    }
    const VrrpStatus* group = liveGroup(key);
    if (!group)
        return {};
    switch (Column(column)) {
    case MasterIp:
        return tr("Master priority %1; local address %2")
            .arg(group->masterPriority)
            .arg(group->localIp);
    case AdvertInterval:
        return tr("Advertisement every %1 ms; master down after %2 ms")
            .arg(group->advertIntervalCentiseconds * 10)
            .arg(group->masterDownIntervalMs);
    case LastChange:
        return QDateTime::fromMSecsSinceEpoch(group->lastChangeMsecsSinceEpoch)
            .toString(Qt::ISODateWithMs);
    default:
        return {};
    }
}

} // namespace tandem::gui
