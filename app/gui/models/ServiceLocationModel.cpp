#include "ServiceLocationModel.h"

#include "utils/DeviceIdentity.h"

#include "utils/ColorUtils.h"

#include <QFont>
#include <algorithm>

namespace tandem::gui {

using client::AgentClient;
using protocol::ServiceLocationStatus;
using protocol::VrrpStatus;

namespace {

const QString kDisconnected = QStringLiteral("disconnected");

// Which device (0 = A, 1 = B) a per-device column belongs to; -1 for pair-wide columns.
int sideOf(int column)
{
    switch (column) {
    case ServiceLocationModel::RoleA:
    case ServiceLocationModel::VrrpStateA:
    case ServiceLocationModel::PriorityA:
        return 0;
    case ServiceLocationModel::RoleB:
    case ServiceLocationModel::VrrpStateB:
    case ServiceLocationModel::PriorityB:
        return 1;
    default:
        return -1;
    }
}

const ServiceLocationStatus* liveSlg(const client::DeviceMonitor* device, int slgId)
{
    const auto& status = device->status();
    return status ? status->findServiceLocation(slgId) : nullptr;
}

// The VRRP group an SLG follows, as the device reports it.
const VrrpStatus* liveVrrp(const client::DeviceMonitor* device, const ServiceLocationStatus& slg)
{
    const auto& status = device->status();
    if (!status)
        return nullptr;
    const auto it = std::find_if(
        status->vrrpGroups.begin(), status->vrrpGroups.end(), [&](const VrrpStatus& vrrp) {
            return vrrp.vrid == slg.vrid && vrrp.interfaceName == slg.vrrpInterface;
        });
    return it == status->vrrpGroups.end() ? nullptr : &*it;
}

QString dash()
{
    return QStringLiteral("—");
}

} // namespace

ServiceLocationModel::ServiceLocationModel(const client::DeviceMonitor* deviceA,
                                           const client::DeviceMonitor* deviceB, QObject* parent)
    : QAbstractTableModel(parent), m_devices{deviceA, deviceB}
{
    for (const client::DeviceMonitor* device : m_devices) {
        connect(device, &client::DeviceMonitor::statusChanged, this,
                &ServiceLocationModel::onDeviceChanged);
        connect(device, &client::DeviceMonitor::connectionStateChanged, this,
                &ServiceLocationModel::onDeviceChanged);
    }
    onDeviceChanged();
}

int ServiceLocationModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_slgIds.size());
}

int ServiceLocationModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int ServiceLocationModel::rowOf(int slgId) const
{
    const auto it = std::lower_bound(m_slgIds.begin(), m_slgIds.end(), slgId);
    return it != m_slgIds.end() && *it == slgId ? int(it - m_slgIds.begin()) : -1;
}

void ServiceLocationModel::onDeviceChanged()
{
    for (const client::DeviceMonitor* device : m_devices) {
        if (!device->status())
            continue;
        for (const ServiceLocationStatus& slg : device->status()->serviceLocations) {
            const auto it = std::lower_bound(m_slgIds.begin(), m_slgIds.end(), slg.id);
            if (it != m_slgIds.end() && *it == slg.id)
                continue;
            const int row = int(it - m_slgIds.begin());
            beginInsertRows({}, row, row);
            m_slgIds.insert(row, slg.id);
            endInsertRows();
        }
    }
    // A pushed status may change any cell of any row; SLGs per pair are few.
    if (!m_slgIds.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ServiceLocationModel::refreshColors()
{
    if (!m_slgIds.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                           {Qt::BackgroundRole, Qt::ForegroundRole});
}

QVariant ServiceLocationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    const int side = sideOf(section);
    const QString name = side < 0 ? QString() : device(side)->endpoint().name;
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case SlgId:
            return tr("SLG");
        case RoleA:
        case RoleB:
            return tr("%1 role").arg(name);
        case Master:
            return tr("Master");
        case Vrid:
            return tr("VRID");
        case VrrpInterface:
            return tr("VRRP interface");
        case VirtualIp:
            return tr("Virtual IP");
        case VrrpStateA:
        case VrrpStateB:
            return tr("%1 VRRP").arg(name);
        case PriorityA:
        case PriorityB:
            return tr("%1 priority").arg(name);
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case SlgId:
            return tr("Service-location group id");
        case RoleA:
        case RoleB:
            return tr("Role of the service-location on %1 (display service-location)").arg(name);
        case Master:
            return tr("The device that is master of the service-location");
        case Vrid:
        case VrrpInterface:
            return tr("The VRRP group the service-location follows");
        case VirtualIp:
            return tr("Virtual IP address of that VRRP group");
        case VrrpStateA:
        case VrrpStateB:
            return tr("VRRP state on %1").arg(name);
        case PriorityA:
        case PriorityB:
            return tr("PriorityRun / PriorityConfig on %1").arg(name);
        case ColumnCount:
            break;
        }
    }
    return {};
}

QVariant ServiceLocationModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int slgId = m_slgIds[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(slgId, column);
    case RawDataRole:
        return rawData(slgId, column);
    case Qt::ToolTipRole:
        return toolTip(slgId, column);
    case Qt::BackgroundRole:
        return background(slgId, column);
    case Qt::ForegroundRole:
        return foreground(slgId, column);
    case Qt::FontRole:
        return font(slgId, column);
    case Qt::TextAlignmentRole:
        return alignment(column);
    default:
        return {};
    }
}

QVariant ServiceLocationModel::rawData(int slgId, int column) const
{
    const int side = sideOf(column);
    if (side >= 0) {
        const client::DeviceMonitor* monitor = device(side);
        if (!monitor->status())
            return kDisconnected;
        const ServiceLocationStatus* slg = liveSlg(monitor, slgId);
        if (!slg)
            return {};
        if (column == RoleA || column == RoleB)
            return slg->state;
        const VrrpStatus* vrrp = liveVrrp(monitor, *slg);
        if (!vrrp)
            return {};
        return column == PriorityA || column == PriorityB ? QVariant(vrrp->priorityRun)
                                                          : QVariant(vrrp->state);
    }
    if (column == SlgId)
        return slgId;
    if (column == Master) {
        QStringList masters;
        bool allLive = true;
        for (const client::DeviceMonitor* monitor : m_devices) {
            allLive = allLive && monitor->status().has_value();
            const ServiceLocationStatus* slg = liveSlg(monitor, slgId);
            if (slg && slg->state == QLatin1String("master"))
                masters.append(monitor->endpoint().name);
        }
        // With a device out of sight, "no master" is not known: it may still be master.
        if (masters.isEmpty() && !allLive)
            return {};
        return masters.join(QLatin1Char('+'));
    }
    // The SLG's VRRP binding, from whichever device reports the SLG (A first).
    for (const client::DeviceMonitor* monitor : m_devices) {
        const ServiceLocationStatus* slg = liveSlg(monitor, slgId);
        if (!slg)
            continue;
        if (column == Vrid)
            return slg->vrid;
        if (column == VrrpInterface)
            return slg->vrrpInterface;
        if (const VrrpStatus* vrrp = liveVrrp(monitor, *slg))
            return vrrp->virtualIp;
    }
    return {};
}

QVariant ServiceLocationModel::displayData(int slgId, int column) const
{
    const QVariant raw = rawData(slgId, column);
    const int side = sideOf(column);
    if (side >= 0 && raw.toString() == kDisconnected) {
        if (column != RoleA && column != RoleB)
            return dash();
        return device(side)->connectionState() == AgentClient::State::Disconnected
                   ? tr("disconnected")
                   : tr("connecting…");
    }
    switch (Column(column)) {
    case RoleA:
    case RoleB: {
        const QString role = raw.toString();
        if (!raw.isValid())
            return tr("not configured");
        if (role == QLatin1String("master"))
            return tr("master");
        if (role == QLatin1String("slave"))
            return tr("slave");
        if (role == QLatin1String("down"))
            return tr("down");
        return role;
    }
    case Master:
        if (!raw.isValid())
            return tr("unknown");
        if (raw.toString().isEmpty())
            return tr("none");
        return raw.toString().replace(QLatin1Char('+'), QStringLiteral(" + "));
    case PriorityA:
    case PriorityB: {
        if (!raw.isValid())
            return dash();
        const ServiceLocationStatus* slg = liveSlg(device(side), slgId);
        const VrrpStatus* vrrp = liveVrrp(device(side), *slg);
        return QStringLiteral("%1 / %2").arg(vrrp->priorityRun).arg(vrrp->priorityConfig);
    }
    case SlgId:
    case Vrid:
    case VrrpInterface:
    case VirtualIp:
    case VrrpStateA:
    case VrrpStateB:
        return !raw.isValid() ? QVariant(dash()) : raw;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ServiceLocationModel::toolTip(int slgId, int column) const
{
    const int side = sideOf(column);
    if (side < 0) {
        if (column == Master && rawData(slgId, column).toString().contains(QLatin1Char('+'))) {
            // Two inventory entries that reach one agent show it twice: not a split brain.
            const QString same = DeviceIdentity::sameDevice(*device(0), *device(1));
            if (!same.isEmpty())
                return tr("Both entries are the same device (%1): one agent, its role shown "
                          "twice")
                    .arg(same);
            return tr("Both devices claim master of SLG %1: split brain").arg(slgId);
        }
        if (column == Master && !rawData(slgId, column).isValid())
            return tr("Not known while a device is not connected");
        return {};
    }
    const client::DeviceMonitor* monitor = device(side);
    const QString name = monitor->endpoint().name;
    if (!monitor->status()) {
        const QString error = monitor->lastError();
        return error.isEmpty() ? tr("%1 is not connected").arg(name)
                               : tr("%1 is not connected: %2").arg(name, error);
    }
    const ServiceLocationStatus* slg = liveSlg(monitor, slgId);
    if (!slg)
        return tr("%1 has no service-location %2").arg(name).arg(slgId);
    if (column == RoleA || column == RoleB)
        return tr("%1: %2 on slot %3, remote backup over %4 to peer %5, batch backup %6")
            .arg(name, slg->state)
            .arg(slg->slot)
            .arg(slg->remoteBackupInterface, slg->peer, slg->batchBackupState);
    const VrrpStatus* vrrp = liveVrrp(monitor, *slg);
    if (!vrrp)
        return tr("%1 has no VRRP group %2 on %3").arg(name).arg(slg->vrid).arg(slg->vrrpInterface);
    if ((column == PriorityA || column == PriorityB) && vrrp->priorityRun != vrrp->priorityConfig)
        return tr("%1 runs with priority %2 instead of the configured %3 (tracking)")
            .arg(name)
            .arg(vrrp->priorityRun)
            .arg(vrrp->priorityConfig);
    return tr("%1: VRRP %2, master %3 (priority %4)")
        .arg(name, vrrp->state, vrrp->masterIp)
        .arg(vrrp->masterPriority);
}

QVariant ServiceLocationModel::background(int slgId, int column) const
{
    const QString raw = rawData(slgId, column).toString();
    switch (Column(column)) {
    case RoleA:
    case RoleB:
        return ColorUtils::background(ColorUtils::slgRoleTone(raw));
    case VrrpStateA:
    case VrrpStateB:
        return ColorUtils::background(ColorUtils::vrrpStateTone(raw));
    case Master:
        if (!rawData(slgId, column).isValid())
            return {};
        return ColorUtils::background(raw.isEmpty() || raw.contains(QLatin1Char('+'))
                                          ? ColorUtils::Tone::Fault
                                          : ColorUtils::Tone::Active);
    default:
        return {};
    }
}

QVariant ServiceLocationModel::alignment(int column)
{
    if (column == VrrpInterface || column == VirtualIp)
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    return QVariant::fromValue(Qt::AlignCenter);
}

QVariant ServiceLocationModel::font(int slgId, int column) const
{
    if (column != RoleA && column != RoleB)
        return {};
    const QString raw = rawData(slgId, column).toString();
    QFont font;
    font.setBold(raw == QLatin1String("master"));
    font.setItalic(raw == kDisconnected);
    return font;
}

QVariant ServiceLocationModel::foreground(int slgId, int column) const
{
    const QString raw = rawData(slgId, column).toString();
    switch (Column(column)) {
    case RoleA:
    case RoleB:
        return ColorUtils::foreground(ColorUtils::slgRoleTone(raw));
    case VrrpStateA:
    case VrrpStateB:
        return ColorUtils::foreground(ColorUtils::vrrpStateTone(raw));
    case Master:
        if (!raw.isEmpty() && !raw.contains(QLatin1Char('+')))
            return {};
        return ColorUtils::foreground(!rawData(slgId, column).isValid() ? ColorUtils::Tone::Neutral
                                                                        : ColorUtils::Tone::Fault);
    default:
        return {};
    }
}

} // namespace tandem::gui
