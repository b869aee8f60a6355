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

QJsonObject Demotion::toJson() const
{
    QStringList why;
    if (manualSwitchover)
        why.append(QStringLiteral("manual switchover (ends once this device holds the new master's batch backup)"));
    if (incomplete)
        why.append(QStringLiteral("incomplete copy (a batch backup or backlog from the master is not in yet)"));
    return {{QStringLiteral("manualSwitchover"), manualSwitchover},
            {QStringLiteral("incomplete"), incomplete},
            {QStringLiteral("sinceMs"), sinceMs},
            {QStringLiteral("why"), why.join(QStringLiteral("; "))}};
}

HaNode::HaNode()
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &HaNode::onTimer);
}

HaNode::~HaNode() = default;

std::unique_ptr<HaNode> HaNode::create(const config::DeviceConfig& config, QString* error)
{
    std::unique_ptr<HaNode> node(new HaNode);
    if (!node->reconfigure(config, error))
        return nullptr;
    return node;
}

namespace {

// The peers a VRRP group advertises to: every service-location bound to it names one.
std::vector<std::uint32_t> peersOf(const config::DeviceConfig& config,
                                   const config::InterfaceConfig& interface,
                                   const config::VrrpGroupConfig& vrrp)
{
    std::vector<std::uint32_t> peers;
    for (const config::ServiceLocationConfig& slg : config.serviceLocations) {
        if (slg.vrrpVrid == vrrp.vrid && slg.vrrpInterface == interface.name &&
            slg.remoteBackupPeer)
            peers.push_back(slg.remoteBackupPeer->value);
    }
    return peers;
}

// Tracking and the configured priority only change the effective priority, which a live group
// takes without a restart; the owner's 255 changes how the group elects, so it rebuilds.
bool sameExceptLiveSettings(config::VrrpGroupConfig a, config::VrrpGroupConfig b)
{
    if (a.priority != b.priority && (a.priority == 255 || b.priority == 255))
        return false;
    for (config::VrrpGroupConfig* c : {&a, &b}) {
        c->trackServiceLocations.clear();
        c->trackInterfaces.clear();
        c->priority = 0;
    }
    return a == b;
}

} // namespace

bool keepsVrrpGroup(const config::DeviceConfig& running, const config::DeviceConfig& next,
                    const std::string& interfaceName, int vrid)
{
    const config::InterfaceConfig* before = running.findInterface(interfaceName);
    const config::VrrpGroupConfig* was = before ? before->findVrrp(vrid) : nullptr;
    const config::InterfaceConfig* interface = next.findInterface(interfaceName);
    const config::VrrpGroupConfig* vrrp = interface ? interface->findVrrp(vrid) : nullptr;
    return was && vrrp && next.agent.vrrpPort == running.agent.vrrpPort && interface->address &&
           interface->address == before->address && sameExceptLiveSettings(*vrrp, *was) &&
           peersOf(next, *interface, *vrrp) == peersOf(running, *before, *was);
}

bool HaNode::reconfigure(const config::DeviceConfig& next, QString* error)
{
    const int port = next.agent.vrrpPort;
    const bool samePort = port == m_config.agent.vrrpPort;

    // Bind what is new before touching anything, so a failure leaves the node as it was.
    std::map<std::uint32_t, QUdpSocket*> sockets;
    std::vector<std::unique_ptr<QUdpSocket>> fresh;
    for (const config::InterfaceConfig& interface : next.interfaces) {
        if (interface.vrrpGroups.empty())
            continue;
        if (!interface.address) {
            *error = QStringLiteral("interface %1 runs VRRP but has no ip address")
                         .arg(QString::fromStdString(interface.name));
            return false;
        }
        const std::uint32_t local = interface.address->value;
        if (sockets.contains(local))
            continue;
        if (const auto existing = m_sockets.find(local); samePort && existing != m_sockets.end()) {
            sockets[local] = existing->second;
            continue;
        }
        auto socket = std::make_unique<QUdpSocket>();
        if (!socket->bind(QHostAddress(local), quint16(port))) {
            *error = QStringLiteral("cannot bind VRRP transport on %1:%2 (interface %3): %4")
                         .arg(ipToString(local))
                         .arg(port)
                         .arg(QString::fromStdString(interface.name), socket->errorString());
            return false;
        }
        sockets[local] = socket.get();
        fresh.push_back(std::move(socket));
    }
    for (auto& socket : fresh) {
        QUdpSocket* raw = socket.release();
        raw->setParent(this);
        connect(raw, &QUdpSocket::readyRead, this, [this, raw] { onDatagrams(raw); });
    }

    // From here on nothing fails. Groups whose parameters and peers are unchanged (but for
    // priority and tracking) move over with their state; the others resign and go.
    m_reconfiguring = true;
    const TimePoint t = now();
    std::map<std::pair<std::string, int>, std::unique_ptr<Group>> kept;
    for (auto& group : m_groups) {
        if (keepsVrrpGroup(m_config, next, group->interface->name, group->config->vrid)) {
            kept[{group->interface->name, group->config->vrid}] = std::move(group);
            continue;
        }
        if (m_started)
            group->vrrp->interfaceDown(t); // resigns with priority 0 when master
    }
    m_groups.clear();

    m_config = next;
    for (const config::InterfaceConfig& interface : m_config.interfaces) {
        for (const config::VrrpGroupConfig& vrrp : interface.vrrpGroups) {
            QUdpSocket* socket = sockets.at(interface.address->value);
            auto found = kept.find({interface.name, vrrp.vrid});
            if (found != kept.end()) {
                Group& group = *found->second;
                group.interface = &interface;
                group.config = &vrrp;
                group.socket = socket;
                group.serviceLocations.clear();
                for (const config::ServiceLocationConfig& slg : m_config.serviceLocations)
                    if (slg.vrrpVrid == vrrp.vrid && slg.vrrpInterface == interface.name)
                        group.serviceLocations.push_back(slg.id);
                if (group.vrrp->configuredPriority() != vrrp.priority)
                    group.vrrp->setPriority(vrrp.priority, t);
                m_groups.push_back(std::move(found->second));
                continue;
            }
            m_groups.push_back(makeGroup(interface, vrrp, socket, m_config));
            if (m_started) {
                m_groups.back()->vrrp->setPriorityReduction(trackReduction(*m_groups.back()), t);
                m_groups.back()->vrrp->interfaceUp(t);
            }
        }
    }
    for (auto& [address, socket] : m_sockets) {
        if (sockets.contains(address) && sockets.at(address) == socket)
            continue;
        socket->disconnect(this);
        socket->close();
        socket->deleteLater();
    }
    m_sockets = std::move(sockets);
    std::erase_if(m_downServiceLocations,
                  [this](int id) { return !m_config.findServiceLocation(id); });
    if (m_started) {
        for (auto& group : m_groups)
            group->vrrp->setPriorityReduction(trackReduction(*group), t);
        reschedule();
    }
    m_reconfiguring = false;
    Q_EMIT changed();
    return true;
}

std::unique_ptr<HaNode::Group> HaNode::makeGroup(const config::InterfaceConfig& interface,
                                                 const config::VrrpGroupConfig& vrrpConfig,
                                                 QUdpSocket* socket,
                                                 const config::DeviceConfig& config)
{
    auto group = std::make_unique<Group>();
    group->interface = &interface;
    group->config = &vrrpConfig;
    group->socket = socket;
    group->peers = peersOf(config, interface, vrrpConfig);
    group->createdMsecsSinceEpoch = QDateTime::currentMSecsSinceEpoch();
    for (const config::ServiceLocationConfig& slg : config.serviceLocations)
        if (slg.vrrpVrid == vrrpConfig.vrid && slg.vrrpInterface == interface.name)
            group->serviceLocations.push_back(slg.id);
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
    params.localAddress = interface.address->value;
    params.virtualIp = vrrpConfig.virtualIp ? vrrpConfig.virtualIp->value : 0;
    params.takeOverAtOnceOnResign = group->peers.size() == 1;
    Group* raw = group.get();
    VrrpGroup::Callbacks callbacks{
        [this, raw](const VrrpAdvert& advert) { sendAdvert(*raw, advert); },
        [this, raw](VrrpState from, VrrpState to, const std::string& reason) {
            onStateChanged(*raw, from, to, reason);
        }};
    group->vrrp = std::make_unique<VrrpGroup>(params, std::move(callbacks));
    return group;
}

void HaNode::onStateChanged(Group& group, VrrpState from, VrrpState to, const std::string& reason)
{
    if (to == VrrpState::Master) {
        group.advertisedAsMaster = false;
        for (int id : group.serviceLocations)
            m_manualDemoted.erase(id); // serving now: whatever was asked before is over
    }
    if (m_observer && !group.serviceLocations.empty()) {
        RoleChange change{from, to, reason, std::nullopt};
        if (to == VrrpState::Master)
            change.takeover = group.vrrp->lastTakeover();
        m_observer->vrrpStateChanging(group.serviceLocations, change);
    }
    group.lastChangeMsecsSinceEpoch = QDateTime::currentMSecsSinceEpoch();
    group.stateChanges.push_back({group.lastChangeMsecsSinceEpoch, from, to, reason});
    while (group.stateChanges.size() > kStateChangeLog)
        group.stateChanges.pop_front();
    if (to == VrrpState::Master && !group.heardFromPeer && !group.peers.empty()) {
        QStringList peers;
        for (std::uint32_t peer : group.peers)
            peers.append(
                QStringLiteral("%1:%2").arg(ipToString(peer)).arg(m_config.agent.vrrpPort));
        // Normal at start (a backup never advertises), so not a warning: the backup channel's
        // state tells whether the peer is there at all.
        qCInfo(lcHa).noquote()
            << QStringLiteral("VRRP vrid %1: master without an advert from peer %2 yet (a backup "
                              "is silent; if the backup channel stays down, the peer is down or "
                              "unreachable)")
                   .arg(group.config->vrid)
                   .arg(peers.join(QStringLiteral(", ")));
    }
    qCInfo(lcHa).noquote() << QStringLiteral("VRRP %1 vrid %2: %3 -> %4 (%5)")
                                  .arg(QString::fromStdString(group.interface->name))
                                  .arg(group.config->vrid)
                                  .arg(QLatin1String(toString(from)), QLatin1String(toString(to)),
                                       QString::fromStdString(reason));
    // Mid-reconfigure the group list is being rebuilt; one signal follows at the end.
    if (!m_reconfiguring)
        Q_EMIT changed();
}

TimePoint HaNode::now()
{
    return std::chrono::time_point_cast<Duration>(std::chrono::steady_clock::now());
}

void HaNode::start()
{
    m_started = true;
    const TimePoint t = now();
    for (auto& group : m_groups) {
        group->vrrp->setPriorityReduction(trackReduction(*group), t);
        if (boardsUp(*group) && isInterfaceUp(group->interface->name))
            group->vrrp->interfaceUp(t);
    }
    reschedule();
    Q_EMIT changed();
}

void HaNode::shutdown()
{
    m_started = false;
    const TimePoint t = now();
    for (auto& group : m_groups)
        group->vrrp->interfaceDown(t);
    m_timer.stop();
    for (auto& [address, socket] : m_sockets)
        socket->flush();
}

int HaNode::trackReduction(const Group& group) const
{
    const config::VrrpGroupConfig& vrrp = *group.config;
    int reduction = 0;
    for (const config::TrackServiceLocation& track : vrrp.trackServiceLocations)
        if (m_downServiceLocations.contains(track.serviceLocationId))
            reduction += track.reduced;
    for (const config::TrackInterface& track : vrrp.trackInterfaces)
        if (m_downInterfaces.contains(track.interfaceName))
            reduction += track.reduced;
    for (int id : group.serviceLocations)
        if (m_demoted.contains(id) || m_manualDemoted.contains(id))
            reduction = std::max(reduction, 253); // priority 1: never preempts
    return reduction;
}

void HaNode::applyReductions()
{
    const TimePoint t = now();
    for (auto& group : m_groups)
        group->vrrp->setPriorityReduction(trackReduction(*group), t);
    reschedule();
    Q_EMIT changed();
}

bool HaNode::boardsUp(const Group& group) const
{
    return std::none_of(group.serviceLocations.begin(), group.serviceLocations.end(),
                        [this](int id) { return m_downServiceLocations.contains(id); });
}

void HaNode::setServiceLocationUp(int id, bool up)
{
    const bool changedState =
        up ? m_downServiceLocations.erase(id) > 0 : m_downServiceLocations.insert(id).second;
    if (!changedState)
        return;
    // Down: the bound group resigns before tracking lowers any priority, so that the peer hears
    // a resign (priority 0), not a master that merely lost priority.
    if (up || !m_started)
        applyReductions();
    if (!m_started)
        return;
    const TimePoint t = now();
    for (auto& group : m_groups) {
        if (std::find(group->serviceLocations.begin(), group->serviceLocations.end(), id)
            == group->serviceLocations.end())
            continue;
        if (!up && group->vrrp->state() != VrrpState::Initialize) {
            if (group->vrrp->state() == VrrpState::Master)
                Q_EMIT alarm(QStringLiteral("service-location %1: board down; VRRP %2 vrid %3 resigns and stays out "
                                            "of the election until it is back")
                                 .arg(id)
                                 .arg(QString::fromStdString(group->interface->name))
                                 .arg(group->config->vrid));
            group->vrrp->interfaceDown(t);
        } else if (up && boardsUp(*group) && isInterfaceUp(group->interface->name)) {
            group->vrrp->interfaceUp(t);
        }
    }
    if (!up)
        applyReductions();
    reschedule();
    Q_EMIT changed();
}

void HaNode::setInterfaceUp(const std::string& name, bool up)
{
    const bool changedState = up ? m_downInterfaces.erase(name) > 0 : m_downInterfaces.insert(name).second;
    if (!changedState)
        return;
    applyReductions();
    // The VRRP groups on the interface itself: down takes them to Initialize (a master resigns
    // with priority 0) — except an mVRRP group set to `ignore-if-down`; up brings them back
    // after the interface's `vrrp recover-delay`, so a flapping link does not flap the role.
    const config::InterfaceConfig* iface = m_config.findInterface(name);
    if (!iface || !m_started)
        return;
    const TimePoint t = now();
    if (!up) {
        ++m_interfaceEpoch[name]; // cancels a recovery still waiting
        for (auto& group : m_groups)
            if (group->interface->name == name && !(group->config->admin && group->config->ignoreIfDown))
                group->vrrp->interfaceDown(t);
        reschedule();
        Q_EMIT changed();
        return;
    }
    auto bringUp = [this, name] {
        if (m_downInterfaces.contains(name))
            return;
        const TimePoint at = now();
        for (auto& group : m_groups)
            if (group->interface->name == name && boardsUp(*group))
                group->vrrp->interfaceUp(at); // no-op for groups that stayed up
        reschedule();
        Q_EMIT changed();
    };
    if (iface->recoverDelaySeconds > 0) {
        const int epoch = ++m_interfaceEpoch[name];
        QTimer::singleShot(iface->recoverDelaySeconds * 1000, this, [this, name, epoch, bringUp] {
            if (m_interfaceEpoch[name] == epoch)
                bringUp();
        });
    } else {
        bringUp();
    }
}

void HaNode::setDemoted(int id, bool demoted)
{
    const bool changedState =
        demoted ? m_demoted.try_emplace(id, QDateTime::currentMSecsSinceEpoch()).second : m_demoted.erase(id) > 0;
    if (changedState)
        applyReductions();
}

void HaNode::endManualDemotion(int id)
{
    if (m_manualDemoted.erase(id) > 0) {
        qCInfo(lcHa).noquote() << QStringLiteral("service-location %1: the new master's tables are here; the manual "
                                                 "switchover's demotion ends")
                                      .arg(id);
        applyReductions();
    }
}

bool HaNode::clearDemotion(int id)
{
    const bool had = m_manualDemoted.erase(id) + m_demoted.erase(id) > 0;
    if (had)
        applyReductions();
    return had;
}

std::optional<Demotion> HaNode::demotion(int id) const
{
    const auto manual = m_manualDemoted.find(id);
    const auto incomplete = m_demoted.find(id);
    if (manual == m_manualDemoted.end() && incomplete == m_demoted.end())
        return std::nullopt;
    Demotion d;
    d.manualSwitchover = manual != m_manualDemoted.end();
    d.incomplete = incomplete != m_demoted.end();
    d.sinceMs = std::min(d.manualSwitchover ? manual->second : std::numeric_limits<qint64>::max(),
                         d.incomplete ? incomplete->second : std::numeric_limits<qint64>::max());
    return d;
}



bool HaNode::switchover(int id, std::string* error)
{
    for (auto& group : m_groups) {
        if (std::find(group->serviceLocations.begin(), group->serviceLocations.end(), id)
            == group->serviceLocations.end())
            continue;
        if (group->vrrp->state() != VrrpState::Master) {
            *error = "service-location " + std::to_string(id) + " is not master on this device ("
                     + std::string(toString(group->vrrp->state())) + ")";
            return false;
        }
        // Resign first: its priority-0 advert tells the peer the master handed over. Demoted
        // first, the group would advertise priority 1 as master and the peer would preempt it.
        const TimePoint t = now();
        group->vrrp->resign(t, "Manual switchover");
        m_manualDemoted.try_emplace(id, QDateTime::currentMSecsSinceEpoch());
        group->vrrp->setPriorityReduction(trackReduction(*group), t);
        reschedule();
        Q_EMIT changed();
        return true;
    }
    *error = "no VRRP group is bound to service-location " + std::to_string(id);
    return false;
}

VrrpState HaNode::serviceLocationVrrpState(int id) const
{
    for (const auto& group : m_groups)
        if (std::find(group->serviceLocations.begin(), group->serviceLocations.end(), id)
            != group->serviceLocations.end())
            return group->vrrp->state();
    return VrrpState::Initialize;
}

void HaNode::sendAdvert(Group& group, const VrrpAdvert& advert)
{
    const bool firstAsMaster = group.vrrp->state() == VrrpState::Master && !group.advertisedAsMaster;
    const std::uint32_t local = group.interface->address->value;
    for (std::uint32_t peer : group.peers) {
        if (m_advertsCut)
            break;
        const std::vector<std::uint8_t> bytes = encodeAdvert(advert, local, peer);
        group.socket->writeDatagram(reinterpret_cast<const char*>(bytes.data()),
                                    qint64(bytes.size()), QHostAddress(peer),
                                    quint16(m_config.agent.vrrpPort));
    }
    if (firstAsMaster) {
        group.advertisedAsMaster = true;
        if (m_observer && !group.serviceLocations.empty())
            m_observer->firstMasterAdvertSent(group.serviceLocations);
    }
}

void HaNode::onDatagrams(QUdpSocket* socket)
{
    const TimePoint t = now();
    while (socket->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = socket->receiveDatagram();
        if (m_advertsCut)
            continue;
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
                // A master hearing a master it had lost for longer than the master-down
                // interval: both sides served (split brain). Election resolves it now; say so.
                // A peer still connected over the backup channel through the whole silence was
                // a backup (silent by protocol) that now preempts: no split brain.
                const bool channelThroughout =
                    m_peerHeard && m_peerHeard(std::chrono::steady_clock::time_point(group->lastHeard.time_since_epoch()));
                const bool splitBrain = group->vrrp->state() == VrrpState::Master && advert->priority > 0
                                        && group->heardFromPeer && !channelThroughout
                                        && t - group->lastHeard > group->vrrp->masterDownInterval();
                group->heardFromPeer = true;
                group->lastHeard = t;
                // The master resigns (manual switchover or shutdown): whatever this device was
                // asked before, it is the one to serve now, at its real priority.
                if (advert->priority == 0) {
                    bool wasDemoted = false;
                    for (int id : group->serviceLocations)
                        wasDemoted |= m_manualDemoted.erase(id) > 0;
                    if (wasDemoted)
                        group->vrrp->setPriorityReduction(trackReduction(*group), t);
                }
                const int localPriority = group->vrrp->effectivePriority();
                group->vrrp->receiveAdvert(*advert, source, t);
                if (splitBrain)
                    Q_EMIT alarm(QStringLiteral("split brain healed on VRRP %1 vrid %2: peer %3 was master "
                                                "too; resolved by election (priority %4 here, %5 there): "
                                                "%6 stays master")
                                     .arg(QString::fromStdString(group->interface->name))
                                     .arg(group->config->vrid)
                                     .arg(ipToString(source))
                                     .arg(localPriority)
                                     .arg(advert->priority)
                                     .arg(group->vrrp->state() == VrrpState::Master ? QStringLiteral("this device")
                                                                                   : ipToString(source)));
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

std::vector<VrrpGroupDetail> HaNode::vrrpDetails() const
{
    const TimePoint t = now();
    std::vector<VrrpGroupDetail> details;
    for (const auto& group : m_groups) {
        const VrrpGroup& vrrp = *group->vrrp;
        VrrpGroupDetail d;
        d.interfaceName = group->interface->name;
        d.config = *group->config;
        d.state = vrrp.state();
        d.localIp = vrrp.params().localAddress;
        const bool master = vrrp.state() == VrrpState::Master;
        d.masterIp = master ? vrrp.params().localAddress : vrrp.masterAddress();
        d.priorityRun = vrrp.effectivePriority();
        d.masterPriority = master ? vrrp.effectivePriority() : vrrp.masterPriority();
        d.timerRunCentiseconds = master ? vrrp.params().advertIntervalCentiseconds
                                        : vrrp.masterAdvertIntervalCentiseconds();
        if (const auto deadline = vrrp.preemptDeadline())
            d.preemptRemainMs = std::max<qint64>(
                0, std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - t).count());
        d.createdMsecsSinceEpoch = group->createdMsecsSinceEpoch;
        d.lastChangeMsecsSinceEpoch = group->lastChangeMsecsSinceEpoch;
        d.stateChanges.assign(group->stateChanges.begin(), group->stateChanges.end());
        details.push_back(std::move(d));
    }
    return details;
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
        for (const config::TrackServiceLocation& t : group->config->trackServiceLocations)
            v.tracked.append(QStringLiteral("service-location %1 reduced %2 (%3)")
                                 .arg(t.serviceLocationId)
                                 .arg(t.reduced)
                                 .arg(m_downServiceLocations.contains(t.serviceLocationId)
                                          ? QStringLiteral("down")
                                          : QStringLiteral("up")));
        for (const config::TrackInterface& t : group->config->trackInterfaces)
            v.tracked.append(QStringLiteral("%1 reduced %2 (%3)")
                                 .arg(QString::fromStdString(t.interfaceName))
                                 .arg(t.reduced)
                                 .arg(m_downInterfaces.contains(t.interfaceName) ? QStringLiteral("down")
                                                                                 : QStringLiteral("up")));
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
