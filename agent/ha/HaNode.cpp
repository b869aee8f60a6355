#include "HaNode.h"

#include "Logging.h"

#include <QHostAddress>
#include <QNetworkDatagram>
#include <QUdpSocket>

namespace tandem::ha {

namespace {

QString ipToString(std::uint32_t address)
{
    return QHostAddress(address).toString();
}

} // namespace

HaNode::HaNode(const config::DeviceConfig& config) : m_config(config)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &HaNode::onTimer);
}

HaNode::~HaNode() = default;

std::unique_ptr<HaNode> HaNode::create(const config::DeviceConfig& config, QString* error)
{
    std::unique_ptr<HaNode> node(new HaNode(config));
    const int port = node->m_config.agent.vrrpPort;
    for (const config::InterfaceConfig& interface : node->m_config.interfaces) {
        for (const config::VrrpGroupConfig& vrrpConfig : interface.vrrpGroups) {
            const std::uint32_t local = interface.address->value;
            QUdpSocket*& socket = node->m_sockets[local];
            if (!socket) {
                socket = new QUdpSocket(node.get());
                if (!socket->bind(QHostAddress(local), quint16(port))) {
                    *error =
                        QStringLiteral("cannot bind VRRP transport on %1:%2 (interface %3): %4")
                            .arg(ipToString(local))
                            .arg(port)
                            .arg(QString::fromStdString(interface.name), socket->errorString());
                    return nullptr;
                }
                connect(socket, &QUdpSocket::readyRead, node.get(),
                        [n = node.get(), socket] { n->onDatagrams(socket); });
            }
            auto group = std::make_unique<Group>();
            group->interface = &interface;
            group->config = &vrrpConfig;
            group->socket = socket;
            for (const config::ServiceLocationConfig& slg : node->m_config.serviceLocations) {
                if (slg.vrrpVrid == vrrpConfig.vrid && slg.vrrpInterface == interface.name &&
                    slg.remoteBackupPeer)
                    group->peers.push_back(slg.remoteBackupPeer->value);
            }
            if (group->peers.empty())
                qCWarning(lcHa) << "VRRP group" << vrrpConfig.vrid << "on"
                                << QString::fromStdString(interface.name)
                                << "has no peer (no service-location with remote-backup peer)";

            VrrpParams params;
            params.vrid = std::uint8_t(vrrpConfig.vrid);
            params.priority = vrrpConfig.priority;
            params.preempt = vrrpConfig.preempt;
            params.preemptDelay = std::chrono::seconds(vrrpConfig.preemptDelaySeconds);
            params.advertIntervalCentiseconds = vrrpConfig.advertIntervalCentiseconds;
            params.holdingMultiplier = vrrpConfig.holdingMultiplier;
            params.localAddress = local;
            params.virtualIp = vrrpConfig.virtualIp ? vrrpConfig.virtualIp->value : 0;
            Group* raw = group.get();
            HaNode* self = node.get();
            VrrpGroup::Callbacks callbacks{
                [self, raw](const VrrpAdvert& advert) { self->sendAdvert(*raw, advert); },
                [self, raw](VrrpState from, VrrpState to, const std::string& reason) {
                    raw->lastChangeMsecsSinceEpoch = QDateTime::currentMSecsSinceEpoch();
                    if (to == VrrpState::Master && !raw->heardFromPeer && !raw->peers.empty()) {
                        QStringList peers;
                        for (std::uint32_t peer : raw->peers)
                            peers.append(QStringLiteral("%1:%2").arg(ipToString(peer)).arg(
                                self->m_config.agent.vrrpPort));
                        qCWarning(lcHa).noquote()
                            << QStringLiteral("VRRP vrid %1: no advert ever received from peer "
                                              "%2; master alone (peer down or unreachable?)")
                                   .arg(raw->config->vrid)
                                   .arg(peers.join(QStringLiteral(", ")));
                    }
                    qCInfo(lcHa).noquote()
                        << QStringLiteral("VRRP %1 vrid %2: %3 -> %4 (%5)")
                               .arg(QString::fromStdString(raw->interface->name))
                               .arg(raw->config->vrid)
                               .arg(QLatin1String(toString(from)), QLatin1String(toString(to)),
                                    QString::fromStdString(reason));
                    Q_EMIT self->changed();
                }};
            group->vrrp = std::make_unique<VrrpGroup>(params, std::move(callbacks));
            node->m_groups.push_back(std::move(group));
        }
    }
    return node;
}

TimePoint HaNode::now()
{
    return std::chrono::time_point_cast<Duration>(std::chrono::steady_clock::now());
}

void HaNode::start()
{
    const TimePoint t = now();
    for (auto& group : m_groups) {
        group->vrrp->setPriorityReduction(trackReduction(*group->config), t);
        group->vrrp->interfaceUp(t);
    }
    reschedule();
    Q_EMIT changed();
}

void HaNode::shutdown()
{
    const TimePoint t = now();
    for (auto& group : m_groups)
        group->vrrp->interfaceDown(t);
    m_timer.stop();
    for (auto& [address, socket] : m_sockets)
        socket->flush();
}

int HaNode::trackReduction(const config::VrrpGroupConfig& vrrp) const
{
    int reduction = 0;
    for (const config::TrackServiceLocation& track : vrrp.trackServiceLocations)
        if (m_downServiceLocations.contains(track.serviceLocationId))
            reduction += track.reduced;
    return reduction;
}

void HaNode::setServiceLocationUp(int id, bool up)
{
    const bool changedState =
        up ? m_downServiceLocations.erase(id) > 0 : m_downServiceLocations.insert(id).second;
    if (!changedState)
        return;
    const TimePoint t = now();
    for (auto& group : m_groups)
        group->vrrp->setPriorityReduction(trackReduction(*group->config), t);
    reschedule();
    Q_EMIT changed();
}

void HaNode::sendAdvert(Group& group, const VrrpAdvert& advert)
{
    const std::uint32_t local = group.interface->address->value;
    for (std::uint32_t peer : group.peers) {
        const std::vector<std::uint8_t> bytes = encodeAdvert(advert, local, peer);
        group.socket->writeDatagram(reinterpret_cast<const char*>(bytes.data()),
                                    qint64(bytes.size()), QHostAddress(peer),
                                    quint16(m_config.agent.vrrpPort));
    }
}

void HaNode::onDatagrams(QUdpSocket* socket)
{
    const TimePoint t = now();
    while (socket->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = socket->receiveDatagram();
        const std::uint32_t source = datagram.senderAddress().toIPv4Address();
        const std::uint32_t destination = socket->localAddress().toIPv4Address();
        const QByteArray data = datagram.data();
        std::string error;
        const std::optional<VrrpAdvert> advert = decodeAdvert(
            std::span(reinterpret_cast<const std::uint8_t*>(data.constData()), data.size()), source,
            destination, &error);
        if (!advert) {
            qCWarning(lcHa).noquote() << "dropped VRRP packet from" << ipToString(source) << ":"
                                      << QString::fromStdString(error);
            continue;
        }
        bool matched = false;
        for (auto& group : m_groups) {
            if (group->socket == socket && group->config->vrid == advert->vrid) {
                group->heardFromPeer = true;
                group->vrrp->receiveAdvert(*advert, source, t);
                matched = true;
            }
        }
        if (!matched)
            qCDebug(lcHa) << "VRRP advert for unknown vrid" << advert->vrid << "from"
                          << ipToString(source);
    }
    reschedule();
}

void HaNode::onTimer()
{
    const TimePoint t = now();
    for (auto& group : m_groups)
        group->vrrp->tick(t);
    reschedule();
}

void HaNode::reschedule()
{
    std::optional<TimePoint> earliest;
    for (const auto& group : m_groups) {
        const std::optional<TimePoint> deadline = group->vrrp->nextDeadline();
        if (deadline && (!earliest || *deadline < *earliest))
            earliest = deadline;
    }
    if (!earliest) {
        m_timer.stop();
        return;
    }
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*earliest - now());
    m_timer.start(std::max<qint64>(0, wait.count()));
}

const HaNode::Group* HaNode::groupOf(const config::ServiceLocationConfig& slg) const
{
    for (const auto& group : m_groups)
        if (slg.vrrpVrid == group->config->vrid && slg.vrrpInterface == group->interface->name)
            return group.get();
    return nullptr;
}

protocol::DeviceStatus HaNode::status() const
{
    protocol::DeviceStatus status;
    status.sysname = QString::fromStdString(m_config.sysname);
    if (m_config.agent.managementAddress)
        status.managementAddress =
            QString::fromStdString(m_config.agent.managementAddress->toString());
    status.bootMsecsSinceEpoch = m_bootMsecsSinceEpoch;
    for (const auto& group : m_groups) {
        const VrrpGroup& vrrp = *group->vrrp;
        protocol::VrrpStatus v;
        v.interfaceName = QString::fromStdString(group->interface->name);
        v.vrid = group->config->vrid;
        v.state = QLatin1String(toString(vrrp.state()));
        v.virtualIp = ipToString(vrrp.params().virtualIp);
        v.localIp = ipToString(vrrp.params().localAddress);
        const bool master = vrrp.state() == VrrpState::Master;
        v.masterIp = ipToString(master ? vrrp.params().localAddress : vrrp.masterAddress());
        v.priorityRun = vrrp.effectivePriority();
        v.priorityConfig = vrrp.configuredPriority();
        v.masterPriority = master ? vrrp.effectivePriority() : vrrp.masterPriority();
        v.preempt = vrrp.params().preempt;
        v.preemptDelaySeconds = group->config->preemptDelaySeconds;
        v.advertIntervalCentiseconds = vrrp.params().advertIntervalCentiseconds;
        v.masterDownIntervalMs =
            int(std::chrono::duration_cast<std::chrono::milliseconds>(vrrp.masterDownInterval())
                    .count());
        v.lastChangeReason = QString::fromStdString(vrrp.lastReason());
        v.lastChangeMsecsSinceEpoch = group->lastChangeMsecsSinceEpoch;
        status.vrrpGroups.append(v);
    }
    for (const config::ServiceLocationConfig& slg : m_config.serviceLocations) {
        protocol::ServiceLocationStatus s;
        s.id = slg.id;
        s.slot = slg.slot.value_or(0);
        s.vrid = slg.vrrpVrid.value_or(0);
        s.vrrpInterface = QString::fromStdString(slg.vrrpInterface);
        s.remoteBackupInterface = QString::fromStdString(slg.remoteBackupInterface);
        s.peer = slg.remoteBackupPeer ? QString::fromStdString(slg.remoteBackupPeer->toString())
                                      : QString();
        const Group* group = groupOf(slg);
        if (m_downServiceLocations.contains(slg.id))
            s.state = QStringLiteral("down");
        else if (group && group->vrrp->state() == VrrpState::Master)
            s.state = QStringLiteral("master");
        else
            s.state = QStringLiteral("slave");
        // No hot backup runs yet; the display's value for "no batch backup" is NA.
        s.batchBackupState = QStringLiteral("NA");
        status.serviceLocations.append(s);
    }
    return status;
}

} // namespace tandem::ha
