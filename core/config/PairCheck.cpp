#include "PairCheck.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

namespace tandem::config {

int advisedPreemptDelaySeconds(bool channelAuthentication)
{
    // Reference §3.2: 400 s for VSUF-80/160 and VSUI-400 boards, 1200 s with authentication.
    return channelAuthentication ? 1200 : 400;
}

namespace {

std::string quoted(std::string_view text)
{
    return "'" + std::string(text) + "'";
}

std::string num(int value)
{
    return std::to_string(value);
}

const VrrpGroupConfig* boundGroup(const DeviceConfig& config, const ServiceLocationConfig& location)
{
    if (!location.vrrpVrid)
        return nullptr;
    const InterfaceConfig* iface = config.findInterface(location.vrrpInterface);
    return iface ? iface->findVrrp(*location.vrrpVrid) : nullptr;
}

Side other(Side side)
{
    return side == Side::A ? Side::B : Side::A;
}

class PairChecker
{
public:
    PairChecker(const DeviceConfig& a, const DeviceConfig& b, const PairCheckOptions& options)
        : m_a(a), m_b(b), m_options(options)
    {
        m_nameA = a.sysname;
        m_nameB = b.sysname;
        if (m_nameA == m_nameB) {
            m_nameA += " (A)";
            m_nameB += " (B)";
        }
    }
    std::vector<Finding> run();

private:
    const DeviceConfig& config(Side side) const { return side == Side::A ? m_a : m_b; }
    const std::string& name(Side side) const { return side == Side::A ? m_nameA : m_nameB; }
    void add(Severity severity, Side side, SourceLocation where, std::string message,
             std::string fix)
    {
        m_findings.push_back({severity, side, where, std::move(message), std::move(fix)});
    }
    void error(Side side, SourceLocation where, std::string message, std::string fix)
    {
        add(Severity::Error, side, where, std::move(message), std::move(fix));
    }
    void warning(Side side, SourceLocation where, std::string message, std::string fix)
    {
        add(Severity::Warning, side, where, std::move(message), std::move(fix));
    }
    // An object of one device that the other lacks.
    void onlyOn(Side side, SourceLocation where, const std::string& object)
    {
        error(side, where,
              object + " is configured on " + name(side) + " but not on " + name(other(side)),
              "add " + object + " to " + name(other(side)) +
                  " (the same on both devices), or "
                  "remove it from " +
                  name(side));
    }

    void checkGlobal();
    void checkServiceLocations();
    void checkServiceLocation(const ServiceLocationConfig& la, const ServiceLocationConfig& lb);
    void checkRoles(int id, Side masterSide, const VrrpGroupConfig& master,
                    const VrrpGroupConfig& backup, const ServiceLocationConfig& masterLocation);
    void checkMode();
    void checkGroupsAndServices();
    void checkNat();
    void checkPools();

    const DeviceConfig& m_a;
    const DeviceConfig& m_b;
    PairCheckOptions m_options;
    std::string m_nameA;
    std::string m_nameB;
    std::map<int, Side> m_masters; // service-location id → the side with the higher priority
    std::vector<Finding> m_findings;
};

std::vector<Finding> PairChecker::run()
{
    checkGlobal();
    checkServiceLocations();
    checkMode();
    checkGroupsAndServices();
    checkNat();
    checkPools();
    std::stable_sort(m_findings.begin(), m_findings.end(), [](const Finding& x, const Finding& y) {
        return std::tuple(x.side, x.where.line, x.where.column) <
               std::tuple(y.side, y.where.line, y.where.column);
    });
    return std::move(m_findings);
}

void PairChecker::checkGlobal()
{
    if (m_a.hotBackupEnabled != m_b.hotBackupEnabled) {
        const Side on = m_a.hotBackupEnabled ? Side::A : Side::B;
        error(on, config(on).hotBackupWhere,
              "'service-ha hot-backup enable' is on " + name(on) + " but not on " +
                  name(other(on)) + ": sessions backed up one way only",
              "add 'service-ha hot-backup enable' to " + name(other(on)));
    }
    if (m_a.haDelayTimeSeconds != m_b.haDelayTimeSeconds)
        warning(Side::B, {},
                "service-ha delay-time is " + num(m_a.haDelayTimeSeconds) + " s on " + m_nameA +
                    " but " + num(m_b.haDelayTimeSeconds) + " s on " + m_nameB,
                "use the same delay-time on both devices");
    if (m_a.natBatchBackupEnabled != m_b.natBatchBackupEnabled ||
        m_a.natBatchBackupIntervalSeconds != m_b.natBatchBackupIntervalSeconds)
        warning(Side::B, {},
                "the 'batch-backup service-type nat' settings differ between " + m_nameA + " and " +
                    m_nameB,
                "use the same batch-backup settings on both devices");
    const bool agents = m_a.agent != AgentSettings{} || m_b.agent != AgentSettings{};
    if (agents && m_a.agent.vrrpPort != m_b.agent.vrrpPort)
        error(Side::B, {},
              "tandem-agent vrrp-transport port is " + num(m_a.agent.vrrpPort) + " on " + m_nameA +
                  " but " + num(m_b.agent.vrrpPort) + " on " + m_nameB +
                  ": the VRRP adverts do not reach the peer",
              "use the same 'vrrp-transport udp port' on both devices");
}

void PairChecker::checkServiceLocations()
{
    for (const ServiceLocationConfig& la : m_a.serviceLocations) {
        if (const ServiceLocationConfig* lb = m_b.findServiceLocation(la.id))
            checkServiceLocation(la, *lb);
        else
            onlyOn(Side::A, la.where, "service-location " + num(la.id));
    }
    for (const ServiceLocationConfig& lb : m_b.serviceLocations) {
        if (!m_a.findServiceLocation(lb.id))
            onlyOn(Side::B, lb.where, "service-location " + num(lb.id));
    }
}

void PairChecker::checkServiceLocation(const ServiceLocationConfig& la,
                                       const ServiceLocationConfig& lb)
{
    const std::string slName = "service-location " + num(la.id);
    // The channel: each side's peer is the other's address on its channel interface.
    const std::array<std::pair<Side, const ServiceLocationConfig*>, 2> sides = {
        std::pair{Side::A, &la}, std::pair{Side::B, &lb}};
    for (const auto& [side, location] : sides) {
        const ServiceLocationConfig* remote = side == Side::A ? &lb : &la;
        const InterfaceConfig* remoteIface =
            config(other(side)).findInterface(remote->remoteBackupInterface);
        if (!location->remoteBackupPeer || !remote->remoteBackupPeer || !remoteIface ||
            !remoteIface->address)
            continue;
        if (*location->remoteBackupPeer != *remoteIface->address)
            error(side, location->remoteBackupWhere,
                  slName + " on " + name(side) + " has remote-backup peer " +
                      location->remoteBackupPeer->toString() + ", but " + name(other(side)) +
                      "'s address on " + remoteIface->name + " is " +
                      remoteIface->address->toString(),
                  "set the peer to " + remoteIface->address->toString());
    }
    if (la.remoteBackupPeer && lb.remoteBackupPeer && la.remoteBackupKey != lb.remoteBackupKey)
        error(Side::B, lb.remoteBackupWhere,
              slName + "'s backup channel authentication-key differs between " + m_nameA + " and " +
                  m_nameB + "; both ends need the same key",
              "use the same 'authentication-key' on both devices");

    if (!la.vrrpVrid || !lb.vrrpVrid)
        return;
    if (*la.vrrpVrid != *lb.vrrpVrid) {
        error(Side::B, lb.vrrpWhere,
              slName + " is bound to vrrp vrid " + num(*la.vrrpVrid) + " on " + m_nameA +
                  " but to vrid " + num(*lb.vrrpVrid) + " on " + m_nameB,
              "bind it to the same VRID on both devices");
        return;
    }
    const VrrpGroupConfig* ga = boundGroup(m_a, la);
    const VrrpGroupConfig* gb = boundGroup(m_b, lb);
    if (!ga || !gb)
        return;
    const std::string vrid = "vrrp vrid " + num(ga->vrid);
    if (ga->virtualIp && gb->virtualIp && *ga->virtualIp != *gb->virtualIp)
        error(Side::B, gb->where,
              vrid + " has virtual-ip " + ga->virtualIp->toString() + " on " + m_nameA + " but " +
                  gb->virtualIp->toString() + " on " + m_nameB,
              "use the same virtual IP on both devices");
    if (ga->advertIntervalCentiseconds != gb->advertIntervalCentiseconds)
        warning(Side::B, gb->where,
                vrid + " advertises every " + num(ga->advertIntervalCentiseconds * 10) + " ms on " +
                    m_nameA + " but every " + num(gb->advertIntervalCentiseconds * 10) + " ms on " +
                    m_nameB,
                "use the same 'timer advertise' on both devices");
    if (ga->priority == gb->priority) {
        error(Side::B, gb->priorityWhere.line > 0 ? gb->priorityWhere : gb->where,
              vrid + " has priority " + num(ga->priority) + " on both devices: " + slName +
                  " has no intended master (whichever device comes up first wins)",
              "give the intended master the higher priority (the reference uses 200 and 150)");
        return;
    }
    const Side masterSide = ga->priority > gb->priority ? Side::A : Side::B;
    m_masters[la.id] = masterSide;
    if (masterSide == Side::A)
        checkRoles(la.id, Side::A, *ga, *gb, la);
    else
        checkRoles(la.id, Side::B, *gb, *ga, lb);
}

// The reductions of the master's tracked objects must bring it below the backup, and the backup
// must preempt, or a failure of the tracked board or link does not switch the roles.
void PairChecker::checkRoles(int id, Side masterSide, const VrrpGroupConfig& master,
                             const VrrpGroupConfig& backup,
                             const ServiceLocationConfig& masterLocation)
{
    const Side backupSide = other(masterSide);
    const std::string vrid = "vrrp vrid " + num(master.vrid);
    const int gap = master.priority - backup.priority;
    auto checkReduction = [&](int reduced, const std::string& object, SourceLocation where) {
        const int after = std::max(1, master.priority - reduced);
        if (after >= backup.priority)
            error(masterSide, where,
                  "when " + object + " fails, " + name(masterSide) + "'s " + vrid +
                      " priority drops to " + num(after) + ", not below " + name(backupSide) +
                      "'s " + num(backup.priority) + ": the roles do not swap",
                  "use 'reduced " + num(gap + 1) + "' or more");
    };
    bool tracksOwnLocation = false;
    for (const TrackServiceLocation& track : master.trackServiceLocations) {
        tracksOwnLocation = tracksOwnLocation || track.serviceLocationId == id;
        checkReduction(track.reduced, "service-location " + num(track.serviceLocationId),
                       track.where);
    }
    for (const TrackInterface& track : master.trackInterfaces)
        checkReduction(track.reduced, "interface " + track.interfaceName, track.where);
    if (!tracksOwnLocation)
        warning(masterSide, master.where,
                name(masterSide) + "'s " + vrid + " does not track service-location " + num(id) +
                    ": a fault of its service board does not switch over",
                "add ' " + vrid + " track service-location " + num(id) + " reduced " +
                    num(gap + 1) + "' (or more)");
    const bool tracks = !master.trackServiceLocations.empty() || !master.trackInterfaces.empty();
    if (!backup.preempt && tracks)
        error(backupSide, backup.preemptWhere,
              name(backupSide) + "'s " + vrid + " does not preempt: when " + name(masterSide) +
                  "'s priority drops, " + name(backupSide) + " does not take over",
              "remove '" + vrid + " preempt-mode disable' on " + name(backupSide));

    const bool authenticated = !masterLocation.remoteBackupKey.empty();
    const int advised = advisedPreemptDelaySeconds(authenticated);
    // The advice is the boards' batch-backup time. A lab (`lab enable`) keeps its delay short on
    // purpose, so that a drill switches back in seconds: its tables travel over loopback, and an
    // agent that has not got its whole batch advertises priority 1 (HotBackup.h) and so does not
    // take the role back early anyway.
    const bool lab = config(masterSide).agent.labEnabled;
    if (config(masterSide).hotBackupEnabled && master.preempt && !lab &&
        master.preemptDelaySeconds < advised)
        warning(masterSide, master.preemptWhere.line > 0 ? master.preemptWhere : master.where,
                name(masterSide) + "'s " + vrid + " takes the master role back after " +
                    num(master.preemptDelaySeconds) +
                    " s; a batch backup may not have finished by then (" + num(advised) +
                    " s advised" + (authenticated ? " with channel authentication" : "") + ")",
                "use ' " + vrid + " preempt-mode timer delay " + num(advised) + "' or more");
    if (backup.preempt && backup.preemptDelaySeconds > 0)
        warning(backupSide, backup.preemptWhere,
                name(backupSide) + "'s " + vrid + " (the backup) has a preempt delay of " +
                    num(backup.preemptDelaySeconds) +
                    " s; it delays the takeover after a fault on " + name(masterSide),
                "leave the backup's preempt delay at 0 (the reference's advice)");
}

void PairChecker::checkMode()
{
    if (!m_options.mode || m_masters.empty())
        return;
    std::set<Side> masters;
    for (const auto& [id, side] : m_masters)
        masters.insert(side);
    if (*m_options.mode == PairMode::OneToOne && masters.size() > 1) {
        const auto& [id, side] = *std::find_if(m_masters.begin(), m_masters.end(), [&](auto& m) {
            return m.second != m_masters.begin()->second;
        });
        error(side, config(side).findServiceLocation(id)->where,
              "1:1 wants one master device, but " + name(side) + " is master of service-location " +
                  num(id) + " and " + name(other(side)) + " of service-location " +
                  num(m_masters.begin()->first),
              "give the same device the higher priority in every service-location's VRRP group");
    } else if (*m_options.mode == PairMode::OnePlusOne && masters.size() == 1) {
        const Side side = *masters.begin();
        error(side, {},
              "1+1 wants opposite masters, but " + name(side) +
                  " is master of every "
                  "service-location and " +
                  name(other(side)) + " of none",
              "invert the priorities of some service-locations' VRRP groups, so that " +
                  name(other(side)) + " is master of them");
    }
}

void PairChecker::checkGroupsAndServices()
{
    for (const ServiceInstanceGroupConfig& ga : m_a.serviceInstanceGroups) {
        const std::string object = "service-instance-group " + quoted(ga.name);
        const ServiceInstanceGroupConfig* gb = m_b.findServiceInstanceGroup(ga.name);
        if (!gb) {
            onlyOn(Side::A, ga.where, object);
            continue;
        }
        auto ids = [](const ServiceInstanceGroupConfig& group) {
            std::set<int> out;
            for (const ServiceLocationMember& member : group.serviceLocations)
                out.insert(member.id);
            return out;
        };
        if (ids(ga) != ids(*gb))
            error(Side::B, gb->where,
                  object + " has other service-locations on " + m_nameB + " than on " + m_nameA,
                  "list the same service-locations in the group on both devices");
        if (ga.remoteBackupService != gb->remoteBackupService)
            error(Side::B, gb->where,
                  object + " is bound to remote-backup-service " + quoted(ga.remoteBackupService) +
                      " on " + m_nameA + " but " + quoted(gb->remoteBackupService) + " on " +
                      m_nameB,
                  "bind the same RBS on both devices");
    }
    for (const ServiceInstanceGroupConfig& gb : m_b.serviceInstanceGroups) {
        if (!m_a.findServiceInstanceGroup(gb.name))
            onlyOn(Side::B, gb.where, "service-instance-group " + quoted(gb.name));
    }

    for (const RemoteBackupServiceConfig& ra : m_a.remoteBackupServices) {
        const std::string object = "remote-backup-service " + quoted(ra.name);
        const RemoteBackupServiceConfig* rb = m_b.findRemoteBackupService(ra.name);
        if (!rb) {
            onlyOn(Side::A, ra.where, object);
            continue;
        }
        if (!ra.peer || !rb->peer)
            continue;
        if (*ra.peer != *rb->source || *ra.source != *rb->peer)
            error(Side::B, rb->peerWhere,
                  object + " is not mirrored: " + m_nameA + " has peer " + ra.peer->toString() +
                      " source " + ra.source->toString() + ", " + m_nameB + " has peer " +
                      rb->peer->toString() + " source " + rb->source->toString(),
                  "on " + m_nameB + ", use 'peer " + ra.source->toString() + " source " +
                      ra.peer->toString() + "'");
        if (ra.port != rb->port)
            error(Side::B, rb->peerWhere,
                  object + " uses port " + num(ra.port) + " on " + m_nameA + " but " +
                      num(rb->port) + " on " + m_nameB,
                  "use the same port on both devices");
    }
    for (const RemoteBackupServiceConfig& rb : m_b.remoteBackupServices) {
        if (!m_a.findRemoteBackupService(rb.name))
            onlyOn(Side::B, rb.where, "remote-backup-service " + quoted(rb.name));
    }

    for (const VpnInstanceConfig& va : m_a.vpnInstances) {
        if (!m_b.findVpnInstance(va.name))
            onlyOn(Side::A, va.where, "vpn-instance " + quoted(va.name));
    }
    for (const VpnInstanceConfig& vb : m_b.vpnInstances) {
        if (!m_a.findVpnInstance(vb.name))
            onlyOn(Side::B, vb.where, "vpn-instance " + quoted(vb.name));
    }
}

void PairChecker::checkNat()
{
    for (const NatInstanceConfig& ia : m_a.natInstances) {
        const std::string object = "nat instance " + quoted(ia.name);
        const NatInstanceConfig* ib = m_b.findNatInstance(ia.name);
        if (!ib) {
            onlyOn(Side::A, ia.where, object);
            continue;
        }
        auto differs = [&](SourceLocation where, const std::string& what) {
            error(Side::B, where.line > 0 ? where : ib->where,
                  object + ": " + what + " differs between " + m_nameA + " and " + m_nameB,
                  "make " + object + " the same on both devices");
        };
        if (ia.id != ib->id)
            differs(ib->where, "the id");
        if (ia.serviceInstanceGroup != ib->serviceInstanceGroup)
            differs(ib->serviceInstanceGroupWhere, "the service-instance-group");
        if (ia.portRange != ib->portRange)
            differs(ib->where, "port-range");
        for (const NatAddressGroup& ga : ia.addressGroups) {
            const NatAddressGroup* gb = ib->findAddressGroup(ga.name);
            if (!gb)
                onlyOn(Side::A, ga.where, "nat address-group " + quoted(ga.name) + " of " + object);
            else if (ga != *gb)
                differs(gb->where, "nat address-group " + quoted(ga.name));
        }
        for (const NatAddressGroup& gb : ib->addressGroups) {
            if (!ia.findAddressGroup(gb.name))
                onlyOn(Side::B, gb.where, "nat address-group " + quoted(gb.name) + " of " + object);
        }
        if (ia.outbounds != ib->outbounds)
            differs(ib->outbounds.empty() ? ib->where : ib->outbounds.front().where,
                    "'nat outbound'");
        if (ia.ipAddresses != ib->ipAddresses)
            differs(ib->ipAddresses.empty() ? ib->where : ib->ipAddresses.front().where,
                    "'nat ip-address'");
        if (ia.allowAccessInsideVpn != ib->allowAccessInsideVpn ||
            ia.allowAccessGlobalVpn != ib->allowAccessGlobalVpn)
            differs(ib->allowAccessWhere, "'nat allow-access'");
    }
    for (const NatInstanceConfig& ib : m_b.natInstances) {
        if (!m_a.findNatInstance(ib.name))
            onlyOn(Side::B, ib.where, "nat instance " + quoted(ib.name));
    }
}

// A pool is allocated from on the master only; the backup's copy is `slave` (reference §3.6).
// Its master is the master of the service-locations whose instances bind the pool.
void PairChecker::checkPools()
{
    for (const NatIpPoolConfig& pa : m_a.natIpPools) {
        const std::string object = "nat ip-pool " + quoted(pa.name);
        const NatIpPoolConfig* pb = m_b.findNatIpPool(pa.name);
        if (!pb) {
            onlyOn(Side::A, pa.where, object);
            continue;
        }
        if (pa.sections != pb->sections || pa.subnetInitialLength != pb->subnetInitialLength ||
            pa.subnetExtendLength != pb->subnetExtendLength || pa.vpnInstance != pb->vpnInstance ||
            pa.noPat != pb->noPat || pa.loadBalance != pb->loadBalance)
            error(Side::B, pb->where,
                  object + " differs between " + m_nameA + " and " + m_nameB +
                      " (sections, subnet lengths or options); the pools must be the same pool",
                  "make the pool the same on both devices, apart from 'slave'");

        std::set<Side> masters;
        for (const NatInstanceConfig& instance : m_a.natInstances) {
            const bool binds =
                std::any_of(instance.addressGroups.begin(), instance.addressGroups.end(),
                            [&](const NatAddressGroup& group) { return group.ipPool == pa.name; });
            const ServiceInstanceGroupConfig* group =
                m_a.findServiceInstanceGroup(instance.serviceInstanceGroup);
            if (!binds || !group)
                continue;
            for (const ServiceLocationMember& member : group->serviceLocations) {
                if (auto it = m_masters.find(member.id); it != m_masters.end())
                    masters.insert(it->second);
            }
        }
        const std::optional<Side> master =
            masters.size() == 1 ? std::optional(*masters.begin()) : std::nullopt;
        if (pa.slave && pb->slave) {
            error(Side::B, pb->where, object + " is 'slave' on both devices; nothing allocates",
                  "remove 'slave' on the master device");
        } else if (!pa.slave && !pb->slave) {
            const Side backup = master ? other(*master) : Side::B;
            error(backup, config(backup).findNatIpPool(pa.name)->where,
                  object + " is 'slave' on neither device; both would allocate the same addresses",
                  "add 'slave' to the pool on the backup device " + name(backup) +
                      ": 'nat ip-pool " + pa.name + " slave'");
        } else if (master && (*master == Side::A ? pa.slave : pb->slave)) {
            error(*master, config(*master).findNatIpPool(pa.name)->where,
                  object + " is 'slave' on " + name(*master) +
                      ", the master of its "
                      "service-locations; the backup " +
                      name(other(*master)) + " must be the slave",
                  "move 'slave' to the pool on " + name(other(*master)));
        }
    }
    for (const NatIpPoolConfig& pb : m_b.natIpPools) {
        if (!m_a.findNatIpPool(pb.name))
            onlyOn(Side::B, pb.where, "nat ip-pool " + quoted(pb.name));
    }
}

} // namespace

std::vector<Finding> pairCheck(const DeviceConfig& a, const DeviceConfig& b,
                               const PairCheckOptions& options)
{
    return PairChecker(a, b, options).run();
}

} // namespace tandem::config
