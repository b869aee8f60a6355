#include "PairPlan.h"

#include <algorithm>
#include <map>
#include <set>

namespace tandem::config {

std::string_view toString(PairMode mode)
{
    return mode == PairMode::OneToOne ? "1:1" : "1+1";
}

std::optional<PairMode> pairModeFromString(std::string_view text)
{
    for (PairMode mode : {PairMode::OneToOne, PairMode::OnePlusOne}) {
        if (text == toString(mode))
            return mode;
    }
    return std::nullopt;
}

std::string PlanError::format() const
{
    return field.empty() ? message : field + ": " + message;
}

int trackingReduction(const PlanServiceLocation& location)
{
    return std::min(255, location.masterPriority - location.backupPriority + 10);
}

namespace {

std::string num(int value)
{
    return std::to_string(value);
}

std::string quoted(std::string_view text)
{
    return "'" + std::string(text) + "'";
}

Side other(Side side)
{
    return side == Side::A ? Side::B : Side::A;
}

std::string sideKey(Side side)
{
    return side == Side::A ? "a" : "b";
}

bool inSubnet(Ipv4Address address, Ipv4Address network, int prefixLength)
{
    const std::uint32_t mask = prefixLength == 0 ? 0 : ~std::uint32_t(0) << (32 - prefixLength);
    return (address.value & mask) == (network.value & mask);
}

int reductionOf(int planned, const PlanServiceLocation& location)
{
    return planned != 0 ? planned : trackingReduction(location);
}

class PlanChecker
{
public:
    explicit PlanChecker(const PairPlan& plan) : m_plan(plan) {}
    std::vector<PlanError> run()
    {
        checkDevices();
        checkServiceLocations();
        checkService();
        checkOptions();
        return std::move(m_errors);
    }

private:
    void error(std::string field, std::string message, std::string fix = {})
    {
        m_errors.push_back({std::move(field), std::move(message), std::move(fix)});
    }
    void range(const std::string& field, int value, int min, int max)
    {
        if (value < min || value > max)
            error(field, num(value) + " is out of range " + num(min) + "-" + num(max),
                  "use a value from " + num(min) + " to " + num(max));
    }
    void checkDevices();
    void checkServiceLocations();
    void checkService();
    void checkOptions();

    const PairPlan& m_plan;
    std::vector<PlanError> m_errors;
};

void PlanChecker::checkDevices()
{
    for (Side side : {Side::A, Side::B}) {
        const PlanDevice& device = m_plan.device(side);
        const std::string key = sideKey(side);
        if (device.name.empty())
            error(key + ".name", "the device has no name (its sysname)");
        if (device.channelInterface.empty())
            error(key + ".channelInterface", "no backup-channel interface",
                  "name the interface of the direct link to the peer, e.g. GigabitEthernet0/1/1");
        range(key + ".channelPrefixLength", device.channelPrefixLength, 8, 30);
        if (!device.uplinkInterface.empty() && device.uplinkInterface == device.channelInterface)
            error(key + ".uplinkInterface",
                  "the uplink " + device.uplinkInterface +
                      " is the backup-channel interface; tracking it would not tell a failed "
                      "uplink from a failed peer",
                  "name the network-side interface, or leave the uplink empty");
    }
    if (!m_plan.a.name.empty() && m_plan.a.name == m_plan.b.name)
        error("b.name", "both devices are named " + quoted(m_plan.b.name),
              "give each device its own name");
    if (m_plan.a.channelAddress == m_plan.b.channelAddress)
        error("b.channelAddress",
              "both devices have channel address " + m_plan.b.channelAddress.toString(),
              "give each end of the channel its own address");
    else if (m_plan.a.channelPrefixLength != m_plan.b.channelPrefixLength ||
             !inSubnet(m_plan.b.channelAddress, m_plan.a.channelAddress,
                       m_plan.a.channelPrefixLength))
        error("b.channelAddress",
              m_plan.b.channelAddress.toString() + "/" + num(m_plan.b.channelPrefixLength) +
                  " is not in the subnet of " + m_plan.a.channelAddress.toString() + "/" +
                  num(m_plan.a.channelPrefixLength) + "; the backup channel needs a direct link",
              "put both channel addresses in one subnet");
}

void PlanChecker::checkServiceLocations()
{
    if (m_plan.serviceLocations.empty())
        error("serviceLocations", "the plan has no service-location",
              "add one: id, slot, vrid, virtualIp, master");
    std::map<int, std::size_t> ids;
    std::map<int, std::size_t> vrids;
    std::map<std::uint32_t, std::size_t> vips;
    std::set<Side> masters;
    for (std::size_t i = 0; i < m_plan.serviceLocations.size(); ++i) {
        const PlanServiceLocation& sl = m_plan.serviceLocations[i];
        const std::string key = "serviceLocations[" + std::to_string(i) + "]";
        range(key + ".id", sl.id, 1, 255);
        range(key + ".slot", sl.slot, 0, 255);
        range(key + ".vrid", sl.vrid, 1, 255);
        range(key + ".masterPriority", sl.masterPriority, 1, 254);
        range(key + ".backupPriority", sl.backupPriority, 1, 254);
        range(key + ".preemptDelaySeconds", sl.preemptDelaySeconds, 0, 10800);
        if (auto [it, fresh] = ids.emplace(sl.id, i); !fresh)
            error(key + ".id",
                  "service-location " + num(sl.id) + " is already serviceLocations[" +
                      std::to_string(it->second) + "]",
                  "give each service-location its own id");
        if (auto [it, fresh] = vrids.emplace(sl.vrid, i); !fresh)
            error(key + ".vrid",
                  "vrid " + num(sl.vrid) + " is already serviceLocations[" +
                      std::to_string(it->second) + "]'s; one VRRP group per service-location",
                  "give each service-location its own VRID");
        if (auto [it, fresh] = vips.emplace(sl.virtualIp.value, i); !fresh)
            error(key + ".virtualIp",
                  sl.virtualIp.toString() + " is already serviceLocations[" +
                      std::to_string(it->second) + "]'s virtual IP",
                  "give each VRRP group its own virtual IP");
        if (sl.serviceInstanceGroup.empty())
            error(key + ".serviceInstanceGroup",
                  "service-location " + num(sl.id) + " is in no service-instance-group",
                  "name the group its NAT instances bind");
        if (sl.advertIntervalMs < 10 || sl.advertIntervalMs > 40950 || sl.advertIntervalMs % 10)
            error(key + ".advertIntervalMs",
                  num(sl.advertIntervalMs) + " ms is not an advert interval",
                  "use 10, 20, … 40950 ms");
        for (Side side : {Side::A, Side::B}) {
            const PlanDevice& device = m_plan.device(side);
            if (sl.virtualIp == device.channelAddress)
                error(key + ".virtualIp",
                      sl.virtualIp.toString() + " is " + sideKey(side) + "'s channel address",
                      "use a free address of the channel subnet");
        }
        if (!inSubnet(sl.virtualIp, m_plan.a.channelAddress, m_plan.a.channelPrefixLength))
            error(key + ".virtualIp",
                  sl.virtualIp.toString() + " is not in the channel subnet " +
                      m_plan.a.channelAddress.toString() + "/" + num(m_plan.a.channelPrefixLength) +
                      ", where the VRRP group runs",
                  "use a free address of the channel subnet");
        if (sl.masterPriority <= sl.backupPriority) {
            error(key + ".masterPriority",
                  "the master's priority " + num(sl.masterPriority) +
                      " is not above the backup's " + num(sl.backupPriority) +
                      ": the planned master would not win",
                  "give the master the higher priority (the reference uses 200 and 150)");
            continue;
        }
        masters.insert(sl.master);
        // The master's priority after a tracked object fails is floored at 1: the roles swap only
        // if that is below the backup's.
        auto reduction = [&](const std::string& field, int planned, const std::string& object) {
            if (planned == 0)
                return;
            range(field, planned, 1, 255);
            const int after = std::max(1, sl.masterPriority - planned);
            if (after >= sl.backupPriority)
                error(field,
                      "when " + object + " fails, the master's priority drops to " + num(after) +
                          ", not below the backup's " + num(sl.backupPriority) +
                          ": the roles do not swap",
                      "use " + num(sl.masterPriority - sl.backupPriority + 1) +
                          " or more, or 0 to have it computed");
        };
        reduction(key + ".trackServiceLocationReduced", sl.trackServiceLocationReduced,
                  "service-location " + num(sl.id));
        const bool tracksUplink = !m_plan.device(sl.master).uplinkInterface.empty();
        if (tracksUplink)
            reduction(key + ".trackUplinkReduced", sl.trackUplinkReduced, "the uplink");
        if (sl.backupPriority < 2)
            error(key + ".backupPriority",
                  "a backup priority of 1 equals the floor a failed master drops to: the roles "
                  "never swap",
                  "use 2 or more");
    }
    if (m_plan.mode == PairMode::OneToOne && masters.size() > 1)
        error("serviceLocations",
              "1:1 wants one master device, but the plan makes a master of some service-locations "
              "and b of others",
              "give every service-location the same master, or use mode 1+1");
    if (m_plan.mode == PairMode::OnePlusOne && masters.size() == 1)
        error("serviceLocations",
              "1+1 wants opposite masters, but " + sideKey(*masters.begin()) +
                  " is the master of every service-location",
              "make the other device the master of some service-locations, or use mode 1:1");
}

void PlanChecker::checkService()
{
    const PlanRemoteBackupService& rbs = m_plan.remoteBackupService;
    if (rbs.name.empty())
        error("remoteBackupService.name", "the remote-backup-service has no name");
    range("remoteBackupService.port", rbs.port, 1024, 55535);
    const std::size_t keyLength = rbs.authenticationKey.size();
    if (keyLength != 0 && (keyLength < 8 || keyLength > 16) && keyLength != 48)
        error("remoteBackupService.authenticationKey",
              "the key has " + std::to_string(keyLength) +
                  " characters; expected 8-16, or a 48-character ciphertext");
    if (rbs.authenticationKey.find_first_of(" \t\n#") != std::string::npos)
        error("remoteBackupService.authenticationKey",
              "the key holds a blank or '#', which a config line cannot carry");
}

void PlanChecker::checkOptions()
{
    range("delayTimeSeconds", m_plan.delayTimeSeconds, 1, 300);
    if (m_plan.batchBackupIntervalSeconds)
        range("batchBackupIntervalSeconds", *m_plan.batchBackupIntervalSeconds, 1, 86400);
    if (m_plan.batchBackupIntervalSeconds && !m_plan.batchBackup)
        error("batchBackupIntervalSeconds", "a batch-backup interval with batch backup off",
              "turn batchBackup on, or drop the interval");
    for (std::size_t i = 0; i < m_plan.loadBalancing.size(); ++i) {
        const PlanLoadBalancing& lb = m_plan.loadBalancing[i];
        const std::string key = "loadBalancing[" + std::to_string(i) + "]";
        if (lb.natInstance.empty())
            error(key + ".natInstance", "no nat instance named");
        if (lb.pool.empty())
            error(key + ".pool", "no nat ip-pool named");
        range(key + ".prefixLength", lb.prefixLength, 16, 32);
        if (!lb.vpnInstance.empty() &&
            std::none_of(m_plan.vpnInstances.begin(), m_plan.vpnInstances.end(),
                         [&](const PlanVpnInstance& v) { return v.name == lb.vpnInstance; }))
            error(key + ".vpnInstance",
                  "vpn-instance " + quoted(lb.vpnInstance) + " is not in the plan's vpnInstances",
                  "add it to vpnInstances");
    }
    std::set<std::string> vpns;
    for (std::size_t i = 0; i < m_plan.vpnInstances.size(); ++i) {
        const std::string key = "vpnInstances[" + std::to_string(i) + "]";
        if (m_plan.vpnInstances[i].name.empty())
            error(key + ".name", "the vpn-instance has no name");
        else if (!vpns.insert(m_plan.vpnInstances[i].name).second)
            error(key + ".name",
                  "vpn-instance " + quoted(m_plan.vpnInstances[i].name) + " is listed twice");
    }
}

// Writes the plan into one device's base.
class DeviceGenerator
{
public:
    DeviceGenerator(const PairPlan& plan, Side side, const DeviceConfig& base,
                    std::vector<PlanError>& errors)
        : m_plan(plan), m_side(side), m_self(plan.device(side)), m_peer(plan.device(other(side))),
          m_config(base), m_errors(errors)
    {}
    DeviceConfig run();

private:
    void error(std::string field, std::string message, std::string fix = {})
    {
        m_errors.push_back({std::move(field),
                            sideKey(m_side) + " (" + m_self.name + "): " + std::move(message),
                            std::move(fix)});
    }
    InterfaceConfig& channel();
    void removeHotBackup();
    void addServiceLocation(const PlanServiceLocation& planned);
    void addLoadBalancing();

    const PairPlan& m_plan;
    Side m_side;
    const PlanDevice& m_self;
    const PlanDevice& m_peer;
    DeviceConfig m_config;
    std::vector<PlanError>& m_errors;
};

InterfaceConfig& DeviceGenerator::channel()
{
    for (InterfaceConfig& iface : m_config.interfaces) {
        if (iface.name == m_self.channelInterface)
            return iface;
    }
    m_config.interfaces.push_back({});
    m_config.interfaces.back().name = m_self.channelInterface;
    return m_config.interfaces.back();
}

// What a previous plan (or a hand-written configuration) put in: the VRRP groups of the planned
// service-locations and any group holding a planned VRID on the channel, every RBS and every
// group's binding to one. A location the plan does not list keeps its own VRRP group (it serves
// alone), but not a backup channel: the plan would leave it half a pair.
void DeviceGenerator::removeHotBackup()
{
    std::set<int> planned;
    for (const PlanServiceLocation& location : m_plan.serviceLocations)
        planned.insert(location.id);
    std::set<std::pair<std::string, int>> bound;
    for (const ServiceLocationConfig& location : m_config.serviceLocations) {
        if (!planned.contains(location.id)) {
            if (location.remoteBackupPeer)
                error("serviceLocations",
                      "the base configures service-location " + num(location.id) +
                          " with a backup channel, but the plan does not list it",
                      "add service-location " + num(location.id) +
                          " to the plan, or remove its 'remote-backup' line from the base");
            continue;
        }
        if (location.vrrpVrid)
            bound.insert({location.vrrpInterface, *location.vrrpVrid});
    }
    for (const PlanServiceLocation& planned : m_plan.serviceLocations)
        bound.insert({m_self.channelInterface, planned.vrid});
    for (InterfaceConfig& iface : m_config.interfaces) {
        std::erase_if(iface.vrrpGroups, [&](const VrrpGroupConfig& group) {
            return bound.contains({iface.name, group.vrid});
        });
    }
    m_config.remoteBackupServices.clear();
    for (ServiceInstanceGroupConfig& group : m_config.serviceInstanceGroups)
        group.remoteBackupService.clear();
}

void DeviceGenerator::addServiceLocation(const PlanServiceLocation& planned)
{
    const bool master = planned.master == m_side;
    VrrpGroupConfig group;
    group.vrid = planned.vrid;
    group.virtualIp = planned.virtualIp;
    group.priority = master ? planned.masterPriority : planned.backupPriority;
    group.preemptDelaySeconds = master ? planned.preemptDelaySeconds : 0;
    group.advertIntervalCentiseconds = planned.advertIntervalMs / 10;
    // Both devices track the same objects: after a switchover the other one is the master, and
    // its failures must move the role back.
    if (!m_self.uplinkInterface.empty())
        group.trackInterfaces.push_back(
            {m_self.uplinkInterface, reductionOf(planned.trackUplinkReduced, planned), {}, {}});
    group.trackServiceLocations.push_back(
        {planned.id, reductionOf(planned.trackServiceLocationReduced, planned), {}, {}});
    channel().vrrpGroups.push_back(std::move(group));

    auto location =
        std::find_if(m_config.serviceLocations.begin(), m_config.serviceLocations.end(),
                     [&](const ServiceLocationConfig& l) { return l.id == planned.id; });
    if (location == m_config.serviceLocations.end()) {
        m_config.serviceLocations.push_back({});
        location = std::prev(m_config.serviceLocations.end());
        location->id = planned.id;
    }
    location->slot = planned.slot;
    location->backupSlot.reset();
    location->backupCard.reset();
    location->backupEngine.reset();
    location->remoteBackupInterface = m_self.channelInterface;
    location->remoteBackupPeer = m_peer.channelAddress;
    location->remoteBackupKey = m_plan.remoteBackupService.authenticationKey;
    location->remoteBackupHmacSha256 = false;
    location->vrrpVrid = planned.vrid;
    location->vrrpInterface = m_self.channelInterface;

    auto sig =
        std::find_if(m_config.serviceInstanceGroups.begin(), m_config.serviceInstanceGroups.end(),
                     [&](const ServiceInstanceGroupConfig& g) {
                         return g.name == planned.serviceInstanceGroup;
                     });
    if (sig == m_config.serviceInstanceGroups.end()) {
        m_config.serviceInstanceGroups.push_back({});
        sig = std::prev(m_config.serviceInstanceGroups.end());
        sig->name = planned.serviceInstanceGroup;
    }
    if (std::none_of(sig->serviceLocations.begin(), sig->serviceLocations.end(),
                     [&](const ServiceLocationMember& m) { return m.id == planned.id; }))
        sig->serviceLocations.push_back({planned.id, {}});
    sig->remoteBackupService = m_plan.remoteBackupService.name;
}

void DeviceGenerator::addLoadBalancing()
{
    std::map<int, Side> masters;
    for (const PlanServiceLocation& planned : m_plan.serviceLocations)
        masters[planned.id] = planned.master;
    std::set<std::string> cleared;
    for (std::size_t i = 0; i < m_plan.loadBalancing.size(); ++i) {
        const PlanLoadBalancing& lb = m_plan.loadBalancing[i];
        const std::string key = "loadBalancing[" + std::to_string(i) + "]";
        auto instance =
            std::find_if(m_config.natInstances.begin(), m_config.natInstances.end(),
                         [&](const NatInstanceConfig& n) { return n.name == lb.natInstance; });
        auto pool = std::find_if(m_config.natIpPools.begin(), m_config.natIpPools.end(),
                                 [&](const NatIpPoolConfig& p) { return p.name == lb.pool; });
        if (instance == m_config.natInstances.end()) {
            error(key + ".natInstance",
                  "the base configures no nat instance " + quoted(lb.natInstance),
                  "configure the instance (basic NAT) in the base first");
            continue;
        }
        if (pool == m_config.natIpPools.end()) {
            error(key + ".pool", "the base configures no nat ip-pool " + quoted(lb.pool),
                  "configure the pool (basic NAT) in the base first");
            continue;
        }
        if (std::none_of(instance->addressGroups.begin(), instance->addressGroups.end(),
                         [&](const NatAddressGroup& g) { return g.ipPool == lb.pool; }))
            error(key + ".pool",
                  "nat instance " + quoted(lb.natInstance) +
                      " binds no address-group to nat "
                      "ip-pool " +
                      quoted(lb.pool),
                  "add ' nat address-group <g> group-id <id> bind-ip-pool " + lb.pool + "'");
        std::set<Side> sides;
        for (const PlanServiceLocation& planned : m_plan.serviceLocations) {
            if (planned.serviceInstanceGroup == instance->serviceInstanceGroup)
                sides.insert(planned.master);
        }
        if (sides.size() != 1) {
            error(key + ".natInstance",
                  sides.empty()
                      ? "nat instance " + quoted(lb.natInstance) + " is bound to group " +
                            quoted(instance->serviceInstanceGroup) +
                            ", which holds no planned service-location"
                      : "the service-locations of nat instance " + quoted(lb.natInstance) +
                            " have masters on both devices; its pool has no one backup to be "
                            "'slave' on",
                  "bind the instance to a group whose service-locations share one master");
            continue;
        }
        pool->slave = *sides.begin() != m_side;
        if (cleared.insert(lb.natInstance).second)
            instance->ipAddresses.clear();
        instance->ipAddresses.push_back({lb.ipAddress, lb.prefixLength, lb.vpnInstance, {}});
    }
}

DeviceConfig DeviceGenerator::run()
{
    const std::string key = sideKey(m_side);
    if (!m_self.uplinkInterface.empty() && !m_config.findInterface(m_self.uplinkInterface))
        error(key + ".uplinkInterface",
              "the base configures no interface " + m_self.uplinkInterface,
              "configure the uplink in the base, or leave the uplink empty");
    removeHotBackup();
    m_config.sysname = m_self.name;
    m_config.hotBackupEnabled = m_plan.hotBackup;
    m_config.haDelayTimeSeconds = m_plan.delayTimeSeconds;
    m_config.natBatchBackupEnabled = m_plan.batchBackup;
    m_config.natBatchBackupIntervalSeconds = m_plan.batchBackupIntervalSeconds;

    InterfaceConfig& iface = channel();
    iface.address = m_self.channelAddress;
    iface.prefixLength = m_self.channelPrefixLength;

    for (const PlanVpnInstance& planned : m_plan.vpnInstances) {
        auto vpn = std::find_if(m_config.vpnInstances.begin(), m_config.vpnInstances.end(),
                                [&](const VpnInstanceConfig& v) { return v.name == planned.name; });
        if (vpn == m_config.vpnInstances.end()) {
            m_config.vpnInstances.push_back({});
            vpn = std::prev(m_config.vpnInstances.end());
            vpn->name = planned.name;
        }
        vpn->ipv4Family = true;
        vpn->routeDistinguisher = planned.routeDistinguisher;
    }
    for (const PlanServiceLocation& planned : m_plan.serviceLocations)
        addServiceLocation(planned);

    RemoteBackupServiceConfig rbs;
    rbs.name = m_plan.remoteBackupService.name;
    rbs.peer = m_peer.channelAddress;
    rbs.source = m_self.channelAddress;
    rbs.port = m_plan.remoteBackupService.port;
    m_config.remoteBackupServices.push_back(std::move(rbs));
    addLoadBalancing();
    return m_config;
}

} // namespace

std::vector<PlanError> checkPlan(const PairPlan& plan)
{
    return PlanChecker(plan).run();
}

GeneratedPair generatePair(const PairPlan& plan, const DeviceConfig& runningA,
                           const DeviceConfig& runningB)
{
    GeneratedPair pair;
    pair.errors = checkPlan(plan);
    if (!pair.errors.empty())
        return pair;
    pair.a = DeviceGenerator(plan, Side::A, runningA, pair.errors).run();
    pair.b = DeviceGenerator(plan, Side::B, runningB, pair.errors).run();
    if (!pair.errors.empty())
        return pair;
    // The plan is consistent in itself; what is left is how it meets each base (a NAT instance
    // bound to no planned location, a channel interface whose subnet the base uses otherwise …).
    for (Side side : {Side::A, Side::B}) {
        for (const Finding& finding : validateConfig(side == Side::A ? pair.a : pair.b)) {
            if (finding.severity == Severity::Error)
                pair.errors.push_back({sideKey(side) + ".baseConfig",
                                       "the generated config of " + plan.device(side).name +
                                           " is not valid: " + finding.format(),
                                       finding.fix});
        }
    }
    for (const Finding& finding : pairCheck(pair.a, pair.b, {plan.mode})) {
        if (finding.severity == Severity::Error)
            pair.errors.push_back({sideKey(finding.side) + ".baseConfig",
                                   "the generated pair fails the pair check: " + finding.format(),
                                   finding.fix});
    }
    return pair;
}

namespace {

const VrrpGroupConfig* boundGroup(const DeviceConfig& config, const ServiceLocationConfig& location)
{
    if (!location.vrrpVrid)
        return nullptr;
    const InterfaceConfig* iface = config.findInterface(location.vrrpInterface);
    return iface ? iface->findVrrp(*location.vrrpVrid) : nullptr;
}

class Deriver
{
public:
    Deriver(const DeviceConfig& a, const DeviceConfig& b) : m_a(a), m_b(b) {}
    DerivedPlan run();

private:
    const DeviceConfig& config(Side side) const { return side == Side::A ? m_a : m_b; }
    void unexpressed(Side side, std::string what)
    {
        m_result.unexpressed.push_back(config(side).sysname + ": " + std::move(what));
    }
    void error(std::string field, std::string message)
    {
        m_result.errors.push_back({std::move(field), std::move(message)});
    }
    void readDevices();
    void readServiceLocation(const ServiceLocationConfig& la, const ServiceLocationConfig& lb);
    void readService();
    void readOptions();

    const DeviceConfig& m_a;
    const DeviceConfig& m_b;
    DerivedPlan m_result;
};

void Deriver::readDevices()
{
    PairPlan& plan = m_result.plan;
    for (Side side : {Side::A, Side::B}) {
        const DeviceConfig& c = config(side);
        PlanDevice& device = side == Side::A ? plan.a : plan.b;
        device.name = c.sysname;
        const auto first = std::find_if(
            c.serviceLocations.begin(), c.serviceLocations.end(),
            [](const ServiceLocationConfig& l) { return l.remoteBackupPeer.has_value(); });
        if (first == c.serviceLocations.end()) {
            error(sideKey(side) + ".channelInterface",
                  c.sysname + " has no service-location with a remote-backup channel: no hot "
                              "backup to read");
            continue;
        }
        device.channelInterface = first->remoteBackupInterface;
        const InterfaceConfig* iface = c.findInterface(device.channelInterface);
        if (!iface || !iface->address) {
            error(sideKey(side) + ".channelAddress", c.sysname + "'s channel interface " +
                                                         device.channelInterface +
                                                         " has no address");
            continue;
        }
        device.channelAddress = *iface->address;
        device.channelPrefixLength = iface->prefixLength;
        for (const ServiceLocationConfig& location : c.serviceLocations) {
            if (location.remoteBackupPeer &&
                location.remoteBackupInterface != device.channelInterface)
                unexpressed(side, "service-location " + num(location.id) +
                                      ": a second backup-channel interface " +
                                      location.remoteBackupInterface);
            if (location.vrrpVrid && location.vrrpInterface != device.channelInterface)
                unexpressed(side, "service-location " + num(location.id) +
                                      ": its VRRP group runs on " + location.vrrpInterface +
                                      ", not on the channel interface");
            const VrrpGroupConfig* group = boundGroup(c, location);
            if (!group)
                continue;
            for (const TrackInterface& track : group->trackInterfaces) {
                if (device.uplinkInterface.empty())
                    device.uplinkInterface = track.interfaceName;
                else if (track.interfaceName != device.uplinkInterface)
                    unexpressed(side, "vrrp vrid " + num(group->vrid) + " track interface " +
                                          track.interfaceName + ": a second tracked interface");
            }
        }
    }
}

void Deriver::readServiceLocation(const ServiceLocationConfig& la, const ServiceLocationConfig& lb)
{
    const std::string key =
        "serviceLocations[" + std::to_string(m_result.plan.serviceLocations.size()) + "]";
    const std::string object = "service-location " + num(la.id);
    PlanServiceLocation sl;
    sl.id = la.id;
    sl.slot = la.slot.value_or(0);
    if (la.slot != lb.slot)
        unexpressed(Side::B, object + ": location slot differs from " + m_a.sysname + "'s");
    for (Side side : {Side::A, Side::B}) {
        const ServiceLocationConfig& l = side == Side::A ? la : lb;
        if (l.card || l.engine)
            unexpressed(side, object + ": location slot … card/engine");
        if (l.backupSlot)
            unexpressed(side, object + ": location … backup slot (inter-board backup)");
        if (l.remoteBackupHmacSha256)
            unexpressed(side, object + ": authentication-key … hash-algorithm hmac-sha256");
    }
    // The plan keeps one group per location, the first that holds it on each device.
    auto groupOf = [&](const DeviceConfig& c) {
        for (const ServiceInstanceGroupConfig& group : c.serviceInstanceGroups) {
            if (std::any_of(group.serviceLocations.begin(), group.serviceLocations.end(),
                            [&](const ServiceLocationMember& m) { return m.id == la.id; }))
                return group.name;
        }
        return std::string();
    };
    sl.serviceInstanceGroup = groupOf(m_a);
    if (sl.serviceInstanceGroup.empty())
        error(key + ".serviceInstanceGroup",
              object + " is in no service-instance-group on " + m_a.sysname);
    else if (groupOf(m_b) != sl.serviceInstanceGroup)
        unexpressed(Side::B,
                    object + " is in another service-instance-group than on " + m_a.sysname);
    const VrrpGroupConfig* ga = boundGroup(m_a, la);
    const VrrpGroupConfig* gb = boundGroup(m_b, lb);
    if (!ga || !gb || !la.vrrpVrid || la.vrrpVrid != lb.vrrpVrid) {
        error(key + ".vrid", object + " is not bound to the same VRRP group on both devices");
        return;
    }
    sl.vrid = ga->vrid;
    if (!ga->virtualIp || ga->virtualIp != gb->virtualIp) {
        error(key + ".virtualIp", "vrrp vrid " + num(sl.vrid) + " has no common virtual-ip");
        return;
    }
    sl.virtualIp = *ga->virtualIp;
    if (ga->priority == gb->priority) {
        error(key + ".master", "vrrp vrid " + num(sl.vrid) + " has priority " + num(ga->priority) +
                                   " on both devices: no master");
        return;
    }
    sl.master = ga->priority > gb->priority ? Side::A : Side::B;
    const VrrpGroupConfig& master = sl.master == Side::A ? *ga : *gb;
    const VrrpGroupConfig& backup = sl.master == Side::A ? *gb : *ga;
    const Side backupSide = other(sl.master);
    const std::string vrid = "vrrp vrid " + num(sl.vrid);
    sl.masterPriority = master.priority;
    sl.backupPriority = backup.priority;
    sl.preemptDelaySeconds = master.preemptDelaySeconds;
    sl.advertIntervalMs = master.advertIntervalCentiseconds * 10;
    if (!master.preempt)
        unexpressed(sl.master, vrid + " preempt-mode disable (the master)");
    if (!backup.preempt)
        unexpressed(backupSide, vrid + " preempt-mode disable (the backup)");
    if (backup.preemptDelaySeconds != 0)
        unexpressed(backupSide, vrid + " preempt-mode timer delay " +
                                    num(backup.preemptDelaySeconds) + " on the backup");
    if (backup.advertIntervalCentiseconds != master.advertIntervalCentiseconds)
        unexpressed(backupSide, vrid + " timer advertise differs from the master's");
    for (Side side : {Side::A, Side::B}) {
        const VrrpGroupConfig& g = side == Side::A ? *ga : *gb;
        if (g.holdingMultiplier != VrrpGroupConfig{}.holdingMultiplier)
            unexpressed(side, vrid + " holding-multiplier " + num(g.holdingMultiplier));
        if (g.admin)
            unexpressed(side, "admin-vrrp vrid " + num(g.vrid));
        for (const TrackServiceLocation& track : g.trackServiceLocations) {
            if (track.serviceLocationId != sl.id)
                unexpressed(side, vrid + " track service-location " + num(track.serviceLocationId) +
                                      " (another location)");
        }
    }
    auto reduction = [&](const VrrpGroupConfig& g, auto match) {
        for (const TrackServiceLocation& track : g.trackServiceLocations)
            if (match(track))
                return track.reduced;
        return 0;
    };
    auto slTrack = [&](const TrackServiceLocation& t) { return t.serviceLocationId == sl.id; };
    sl.trackServiceLocationReduced = reduction(master, slTrack);
    if (sl.trackServiceLocationReduced == 0)
        unexpressed(sl.master, vrid + " does not track service-location " + num(sl.id));
    if (reduction(backup, slTrack) != sl.trackServiceLocationReduced)
        unexpressed(backupSide, vrid + " track service-location " + num(sl.id) +
                                    ": another reduction than the master's");
    auto uplinkReduction = [&](const VrrpGroupConfig& g, const std::string& uplink) {
        for (const TrackInterface& track : g.trackInterfaces)
            if (track.interfaceName == uplink)
                return track.reduced;
        return 0;
    };
    const PlanDevice& masterDevice = m_result.plan.device(sl.master);
    const PlanDevice& backupDevice = m_result.plan.device(backupSide);
    sl.trackUplinkReduced = uplinkReduction(master, masterDevice.uplinkInterface);
    if (!backupDevice.uplinkInterface.empty() &&
        uplinkReduction(backup, backupDevice.uplinkInterface) != sl.trackUplinkReduced)
        unexpressed(backupSide, vrid + " track interface " + backupDevice.uplinkInterface +
                                    ": another reduction than the master's");
    if (!masterDevice.uplinkInterface.empty() && sl.trackUplinkReduced == 0)
        unexpressed(sl.master, vrid + " does not track the uplink " + masterDevice.uplinkInterface);
    m_result.plan.serviceLocations.push_back(sl);
}

void Deriver::readService()
{
    PairPlan& plan = m_result.plan;
    std::set<std::string> bound;
    for (const ServiceInstanceGroupConfig& group : m_a.serviceInstanceGroups) {
        if (!group.remoteBackupService.empty())
            bound.insert(group.remoteBackupService);
    }
    if (bound.empty()) {
        error("remoteBackupService.name", m_a.sysname + " binds no remote-backup-service");
        return;
    }
    plan.remoteBackupService.name = *bound.begin();
    for (const std::string& name : bound) {
        if (name != plan.remoteBackupService.name)
            unexpressed(Side::A, "remote-backup-service " + quoted(name) + ": a second RBS");
    }
    for (const RemoteBackupServiceConfig& rbs : m_a.remoteBackupServices) {
        if (!bound.contains(rbs.name))
            unexpressed(Side::A,
                        "remote-backup-service " + quoted(rbs.name) + ": bound to no group");
    }
    const RemoteBackupServiceConfig* rbs =
        m_a.findRemoteBackupService(plan.remoteBackupService.name);
    if (!rbs) {
        error("remoteBackupService.port", m_a.sysname +
                                              " does not configure remote-backup-service " +
                                              quoted(plan.remoteBackupService.name));
        return;
    }
    plan.remoteBackupService.port = rbs->port;
    for (const ServiceLocationConfig& location : m_a.serviceLocations) {
        if (!location.remoteBackupPeer)
            continue;
        if (plan.remoteBackupService.authenticationKey.empty())
            plan.remoteBackupService.authenticationKey = location.remoteBackupKey;
        else if (location.remoteBackupKey != plan.remoteBackupService.authenticationKey)
            unexpressed(Side::A, "service-location " + num(location.id) +
                                     ": another authentication-key than the first location's");
    }
}

void Deriver::readOptions()
{
    PairPlan& plan = m_result.plan;
    plan.hotBackup = m_a.hotBackupEnabled;
    plan.delayTimeSeconds = m_a.haDelayTimeSeconds;
    plan.batchBackup = m_a.natBatchBackupEnabled;
    plan.batchBackupIntervalSeconds = m_a.natBatchBackupIntervalSeconds;
    if (m_b.hotBackupEnabled != m_a.hotBackupEnabled ||
        m_b.haDelayTimeSeconds != m_a.haDelayTimeSeconds ||
        m_b.natBatchBackupEnabled != m_a.natBatchBackupEnabled ||
        m_b.natBatchBackupIntervalSeconds != m_a.natBatchBackupIntervalSeconds)
        unexpressed(Side::B,
                    "service-ha / batch-backup settings differ from " + m_a.sysname + "'s");
    for (const VpnInstanceConfig& vpn : m_a.vpnInstances) {
        if (!m_b.findVpnInstance(vpn.name)) {
            unexpressed(Side::A, "ip vpn-instance " + vpn.name + ": only on this device");
            continue;
        }
        plan.vpnInstances.push_back({vpn.name, vpn.routeDistinguisher});
        if (!vpn.ipv4Family)
            unexpressed(Side::A, "ip vpn-instance " + vpn.name + " without ipv4-family");
    }
    std::map<int, Side> masters;
    for (const PlanServiceLocation& sl : plan.serviceLocations)
        masters[sl.id] = sl.master;
    std::set<Side> masterSides;
    for (const auto& [id, side] : masters)
        masterSides.insert(side);
    plan.mode = masterSides.size() > 1 ? PairMode::OnePlusOne : PairMode::OneToOne;

    std::set<std::string> balanced;
    for (const NatInstanceConfig& instance : m_a.natInstances) {
        for (const NatIpAddress& entry : instance.ipAddresses) {
            const auto group =
                std::find_if(instance.addressGroups.begin(), instance.addressGroups.end(),
                             [](const NatAddressGroup& g) { return !g.ipPool.empty(); });
            if (group == instance.addressGroups.end()) {
                unexpressed(Side::A, "nat instance " + instance.name + " nat ip-address " +
                                         entry.address.toString() + ": the instance binds no pool");
                continue;
            }
            plan.loadBalancing.push_back({instance.name, group->ipPool, entry.address,
                                          entry.prefixLength, entry.vpnInstance});
            balanced.insert(group->ipPool);
        }
    }
    for (const NatIpPoolConfig& pool : m_a.natIpPools) {
        const NatIpPoolConfig* pb = m_b.findNatIpPool(pool.name);
        if (pb && pool.slave != pb->slave && !balanced.contains(pool.name))
            unexpressed(pool.slave ? Side::A : Side::B,
                        "nat ip-pool " + pool.name +
                            " slave: no nat ip-address of an instance "
                            "binding it");
    }
}

DerivedPlan Deriver::run()
{
    readDevices();
    if (!m_result.errors.empty())
        return std::move(m_result);
    for (const ServiceLocationConfig& la : m_a.serviceLocations) {
        const ServiceLocationConfig* lb = m_b.findServiceLocation(la.id);
        if (!la.remoteBackupPeer || !lb || !lb->remoteBackupPeer) {
            unexpressed(Side::A, "service-location " + num(la.id) + ": no channel on both devices");
            continue;
        }
        readServiceLocation(la, *lb);
    }
    for (const ServiceLocationConfig& lb : m_b.serviceLocations) {
        if (!m_a.findServiceLocation(lb.id))
            unexpressed(Side::B, "service-location " + num(lb.id) + ": only on this device");
    }
    readService();
    readOptions();
    return std::move(m_result);
}

} // namespace

DerivedPlan derivePlan(const DeviceConfig& a, const DeviceConfig& b)
{
    return Deriver(a, b).run();
}

} // namespace tandem::config
