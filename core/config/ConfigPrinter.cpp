// The canonical printer. Canonical means: one spelling per setting (joined interface names,
// dotted masks on interfaces, prefix lengths elsewhere), defaults left out, objects in a fixed
// order, so that print(parse(print(parse(x)))) == print(parse(x)) byte for byte.

#include "ConfigParser.h"

namespace tandem::config {

namespace {

std::string maskText(int prefixLength)
{
    std::uint32_t mask = prefixLength == 0 ? 0 : ~std::uint32_t(0) << (32 - prefixLength);
    return Ipv4Address{mask}.toString();
}

std::string num(int value)
{
    return std::to_string(value);
}

std::string printInterface(const InterfaceConfig& iface)
{
    const VrrpGroupConfig defaults;
    std::string out = "interface " + iface.name + "\n";
    if (iface.address)
        out +=
            " ip address " + iface.address->toString() + " " + maskText(iface.prefixLength) + "\n";
    for (const VrrpGroupConfig& group : iface.vrrpGroups) {
        const std::string prefix = " vrrp vrid " + num(group.vrid) + " ";
        if (group.virtualIp)
            out += prefix + "virtual-ip " + group.virtualIp->toString() + "\n";
        if (group.admin)
            out += " admin-vrrp vrid " + num(group.vrid) +
                   (group.ignoreIfDown ? " ignore-if-down\n" : "\n");
        if (group.priority != defaults.priority)
            out += prefix + "priority " + num(group.priority) + "\n";
        // The delay comes first: it turns preemption on, `disable` then turns it off again.
        if (group.preemptDelaySeconds != defaults.preemptDelaySeconds)
            out += prefix + "preempt-mode timer delay " + num(group.preemptDelaySeconds) + "\n";
        if (!group.preempt)
            out += prefix + "preempt-mode disable\n";
        const int interval = group.advertIntervalCentiseconds;
        if (interval % 100 != 0)
            out += prefix + "timer advertise millisecond " + num(interval * 10) + "\n";
        else if (interval != defaults.advertIntervalCentiseconds)
            out += prefix + "timer advertise " + num(interval / 100) + "\n";
        if (group.holdingMultiplier != defaults.holdingMultiplier)
            out += prefix + "holding-multiplier " + num(group.holdingMultiplier) + "\n";
        for (const TrackInterface& track : group.trackInterfaces)
            out += prefix + "track interface " + track.interfaceName + " reduced " +
                   num(track.reduced) + "\n";
        for (const TrackServiceLocation& track : group.trackServiceLocations)
            out += prefix + "track service-location " + num(track.serviceLocationId) + " reduced " +
                   num(track.reduced) + "\n";
    }
    if (iface.recoverDelaySeconds != 0)
        out += " vrrp recover-delay " + num(iface.recoverDelaySeconds) + "\n";
    return out;
}

std::string unitText(const std::optional<int>& card, const std::optional<int>& engine)
{
    if (card)
        return " card " + num(*card);
    if (engine)
        return " engine " + num(*engine);
    return {};
}

std::string printServiceLocation(const ServiceLocationConfig& location)
{
    std::string out = "service-location " + num(location.id) + "\n";
    if (location.slot) {
        out += " location slot " + num(*location.slot) + unitText(location.card, location.engine);
        if (location.backupSlot)
            out += " backup slot " + num(*location.backupSlot) +
                   unitText(location.backupCard, location.backupEngine);
        out += "\n";
    }
    if (location.remoteBackupPeer && !location.remoteBackupInterface.empty()) {
        out += " remote-backup interface " + location.remoteBackupInterface + " peer " +
               location.remoteBackupPeer->toString();
        if (!location.remoteBackupKey.empty())
            out += " authentication-key " + location.remoteBackupKey;
        if (!location.remoteBackupKey.empty() && location.remoteBackupHmacSha256)
            out += " hash-algorithm hmac-sha256";
        out += "\n";
    }
    if (location.vrrpVrid && !location.vrrpInterface.empty())
        out +=
            " vrrp vrid " + num(*location.vrrpVrid) + " interface " + location.vrrpInterface + "\n";
    return out;
}

std::string printAgent(const AgentSettings& agent)
{
    std::string out = "tandem-agent\n";
    if (agent.managementAddress)
        out += " management listen " + agent.managementAddress->toString() + " port " +
               num(agent.managementPort) + (agent.managementTls ? " tls" : "") + "\n";
    for (const ManagementUser& user : agent.users)
        out += " management user " + user.name + " role " + std::string(toString(user.role)) +
               (user.passwordHash.empty() ? "" : " password-hash " + user.passwordHash) +
               (user.tokenSha256.empty() ? "" : " token-sha256 " + user.tokenSha256) + "\n";
    // Always stated, default or not: both peers must agree on it, and no VRP default tells.
    out += " vrrp-transport udp port " + num(agent.vrrpPort) + "\n";
    if (agent.metricsAddress)
        out += " metrics listen " + agent.metricsAddress->toString() + " port " +
               num(agent.metricsPort) + "\n";
    if (agent.labEnabled)
        out += " lab enable\n";
    if (agent.sessionTableSize != AgentSettings::kDefaultSessionTableSize)
        out += " session-table size " + num(int(agent.sessionTableSize)) + "\n";
    return out;
}

std::string printGlobal(const DeviceConfig& config)
{
    const DeviceConfig defaults;
    std::string out;
    if (config.hotBackupEnabled)
        out += "service-ha hot-backup enable\n";
    if (config.haDelayTimeSeconds != defaults.haDelayTimeSeconds)
        out += "service-ha delay-time " + num(config.haDelayTimeSeconds) + "\n";
    if (!config.natBatchBackupEnabled)
        out += "undo batch-backup service-type nat enable\n";
    if (config.natBatchBackupIntervalSeconds)
        out += "batch-backup service-type nat timer-interval " +
               num(*config.natBatchBackupIntervalSeconds) + "\n";
    return out;
}

std::string printVpnInstance(const VpnInstanceConfig& vpn)
{
    std::string out = "ip vpn-instance " + vpn.name + "\n";
    if (vpn.ipv4Family)
        out += " ipv4-family\n";
    if (!vpn.routeDistinguisher.empty())
        out += " route-distinguisher " + vpn.routeDistinguisher + "\n";
    return out;
}

std::string printRemoteBackupService(const RemoteBackupServiceConfig& rbs)
{
    std::string out = "remote-backup-service " + rbs.name + "\n";
    if (rbs.peer && rbs.source)
        out += " peer " + rbs.peer->toString() + " source " + rbs.source->toString() + " port " +
               num(rbs.port) + "\n";
    return out;
}

std::string printServiceInstanceGroup(const ServiceInstanceGroupConfig& group)
{
    std::string out = "service-instance-group " + group.name + "\n";
    for (const ServiceLocationMember& member : group.serviceLocations)
        out += " service-location " + num(member.id) + "\n";
    if (!group.remoteBackupService.empty())
        out += " remote-backup-service " + group.remoteBackupService + "\n";
    return out;
}

std::string printNatIpPool(const NatIpPoolConfig& pool)
{
    std::string out = "nat ip-pool " + pool.name;
    if (pool.dynamic)
        out += " dynamic";
    if (!pool.vpnInstance.empty())
        out += " vpn-instance " + pool.vpnInstance;
    if (pool.noPat)
        out += " no-pat";
    if (pool.slave)
        out += " slave";
    out += "\n";
    for (const NatIpPoolSection& section : pool.sections)
        out += " section " + num(section.id) + " " + section.start.toString() + " mask " +
               num(section.prefixLength) + "\n";
    if (pool.subnetInitialLength) {
        out += " nat-instance subnet length initial " + num(*pool.subnetInitialLength);
        if (pool.subnetExtendLength)
            out += " extend " + num(*pool.subnetExtendLength);
        out += "\n";
    }
    if (pool.loadBalance)
        out += " nat ip-pool load-balance enable\n";
    return out;
}

std::string printNatInstance(const NatInstanceConfig& instance)
{
    std::string out = "nat instance " + instance.name;
    if (instance.id)
        out += " id " + num(*instance.id);
    out += "\n";
    if (!instance.serviceInstanceGroup.empty())
        out += " service-instance-group " + instance.serviceInstanceGroup + "\n";
    if (instance.portRange)
        out += " port-range " + num(*instance.portRange) + "\n";
    for (const NatAddressGroup& group : instance.addressGroups) {
        out += " nat address-group " + group.name + " group-id " + num(group.groupId);
        if (!group.ipPool.empty()) {
            out += " bind-ip-pool " + group.ipPool;
            if (group.overLoad)
                out += " over-load";
        } else if (group.start) {
            out += " " + group.start->toString();
            if (group.prefixLength)
                out += " mask " + num(*group.prefixLength);
            else if (group.end)
                out += " " + group.end->toString();
            if (!group.vpnInstance.empty())
                out += " vpn-instance " + group.vpnInstance;
            if (group.noPat)
                out += " no-pat";
        }
        out += "\n";
    }
    for (const NatOutbound& rule : instance.outbounds) {
        out += " nat outbound ";
        if (rule.acl)
            out += num(*rule.acl);
        else if (!rule.aclName.empty())
            out += "acl-name " + rule.aclName;
        else
            out += "any";
        out += " address-group " + rule.addressGroup + "\n";
    }
    for (const NatIpAddress& entry : instance.ipAddresses) {
        out += " nat ip-address " + entry.address.toString() + " " + num(entry.prefixLength);
        if (!entry.vpnInstance.empty())
            out += " vpn-instance " + entry.vpnInstance;
        out += "\n";
    }
    if (!instance.allowAccessInsideVpn.empty() || !instance.allowAccessGlobalVpn.empty()) {
        out += " nat allow-access";
        if (!instance.allowAccessInsideVpn.empty())
            out += " inside vpn-instance " + instance.allowAccessInsideVpn;
        if (!instance.allowAccessGlobalVpn.empty())
            out += " global vpn-instance " + instance.allowAccessGlobalVpn;
        out += "\n";
    }
    return out;
}

} // namespace

std::vector<ConfigBlock> printBlocks(const DeviceConfig& config)
{
    std::vector<ConfigBlock> blocks;
    blocks.push_back({"sysname", "sysname " + config.sysname + "\n"});
    if (std::string global = printGlobal(config); !global.empty())
        blocks.push_back({"global", std::move(global)});
    for (const VpnInstanceConfig& vpn : config.vpnInstances)
        blocks.push_back({"ip vpn-instance " + vpn.name, printVpnInstance(vpn)});
    for (const InterfaceConfig& iface : config.interfaces)
        blocks.push_back({"interface " + iface.name, printInterface(iface)});
    for (const ServiceLocationConfig& location : config.serviceLocations)
        blocks.push_back({"service-location " + num(location.id), printServiceLocation(location)});
    for (const RemoteBackupServiceConfig& rbs : config.remoteBackupServices)
        blocks.push_back({"remote-backup-service " + rbs.name, printRemoteBackupService(rbs)});
    for (const ServiceInstanceGroupConfig& group : config.serviceInstanceGroups)
        blocks.push_back(
            {"service-instance-group " + group.name, printServiceInstanceGroup(group)});
    for (const NatIpPoolConfig& pool : config.natIpPools)
        blocks.push_back({"nat ip-pool " + pool.name, printNatIpPool(pool)});
    for (const NatInstanceConfig& instance : config.natInstances)
        blocks.push_back({"nat instance " + instance.name, printNatInstance(instance)});
    if (config.agent != AgentSettings{})
        blocks.push_back({"tandem-agent", printAgent(config.agent)});
    return blocks;
}

std::string printConfig(const DeviceConfig& config)
{
    std::string out;
    for (const ConfigBlock& block : printBlocks(config))
        out += block.text + "#\n";
    return out + "return\n";
}

} // namespace tandem::config
