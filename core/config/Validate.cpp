#include "Validate.h"

#include <algorithm>
#include <map>
#include <set>

namespace tandem::config {

std::string_view toString(Severity severity)
{
    return severity == Severity::Error ? "error" : "warning";
}

std::string Finding::format(std::string_view file) const
{
    std::string out(file);
    if (where.line > 0) {
        if (!out.empty())
            out += ':';
        out += std::to_string(where.line) + ':' + std::to_string(where.column);
    }
    if (!out.empty())
        out += ": ";
    return out + std::string(toString(severity)) + ": " + message;
}

Finding toFinding(const ConfigError& error, Side side)
{
    return {Severity::Error, side, error.where, error.message, error.fix};
}

bool hasErrors(const std::vector<Finding>& findings)
{
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& finding) { return finding.severity == Severity::Error; });
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

std::string lineOf(const SourceLocation& where)
{
    return "line " + num(where.line);
}

void sortByLine(std::vector<Finding>& findings)
{
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
    });
}

bool inSubnet(Ipv4Address address, Ipv4Address network, int prefixLength)
{
    const std::uint32_t mask = prefixLength == 0 ? 0 : ~std::uint32_t(0) << (32 - prefixLength);
    return (address.value & mask) == (network.value & mask);
}

// Collects findings; `error` and `warning` keep the checks below short.
class Checker
{
public:
    explicit Checker(const DeviceConfig& config) : m_config(config) {}
    std::vector<Finding> run();

private:
    void error(SourceLocation where, std::string message, std::string fix)
    {
        m_findings.push_back({Severity::Error, Side::A, where, std::move(message), std::move(fix)});
    }
    void warning(SourceLocation where, std::string message, std::string fix)
    {
        m_findings.push_back(
            {Severity::Warning, Side::A, where, std::move(message), std::move(fix)});
    }
    void range(int value, int min, int max, std::string_view what, SourceLocation where)
    {
        if (value < min || value > max)
            error(where,
                  std::string(what) + " " + num(value) + " out of range " + num(min) + "-" +
                      num(max),
                  "use a value from " + num(min) + " to " + num(max));
    }

    void checkRanges();
    void checkVrrp();
    void checkServiceLocations();
    void checkChannels();
    void checkNat();

    const DeviceConfig& m_config;
    std::vector<Finding> m_findings;
};

std::vector<Finding> Checker::run()
{
    for (const ConfigError& problem : referenceErrors(m_config))
        m_findings.push_back(toFinding(problem));
    checkRanges();
    checkVrrp();
    checkServiceLocations();
    checkChannels();
    checkNat();
    sortByLine(m_findings);
    return std::move(m_findings);
}

void Checker::checkRanges()
{
    const DeviceConfig& c = m_config;
    range(c.haDelayTimeSeconds, 1, 300, "service-ha delay-time", {});
    if (c.natBatchBackupIntervalSeconds)
        range(*c.natBatchBackupIntervalSeconds, 1, 86400, "batch-backup timer-interval", {});
    for (const InterfaceConfig& iface : c.interfaces) {
        range(iface.recoverDelaySeconds, 0, 3600, "recover-delay", iface.where);
        for (const VrrpGroupConfig& group : iface.vrrpGroups) {
            range(group.vrid, 1, 255, "VRID", group.where);
            range(group.priority, 1, 254, "priority", group.where);
            range(group.preemptDelaySeconds, 0, 10800, "preempt delay", group.where);
            range(group.holdingMultiplier, 3, 10, "holding-multiplier", group.where);
            const int interval = group.advertIntervalCentiseconds;
            if (interval < 1 || interval > 4095)
                error(group.where,
                      "advertise interval of " + num(interval * 10) + " ms is not supported",
                      "use 'timer advertise <1-255>' or 'timer advertise millisecond <10-40950>'");
            for (const TrackServiceLocation& track : group.trackServiceLocations)
                range(track.reduced, 1, 255, "reduced", track.where);
            for (const TrackInterface& track : group.trackInterfaces)
                range(track.reduced, 1, 255, "reduced", track.where);
        }
    }
    for (const ServiceLocationConfig& location : c.serviceLocations) {
        range(location.id, 1, 255, "service-location id", location.where);
        if (location.vrrpVrid)
            range(*location.vrrpVrid, 1, 255, "VRID", location.vrrpWhere);
    }
    for (const RemoteBackupServiceConfig& rbs : c.remoteBackupServices) {
        if (rbs.peer)
            range(rbs.port, 1024, 55535, "port", rbs.peerWhere);
    }
    for (const NatInstanceConfig& instance : c.natInstances) {
        if (instance.id)
            range(*instance.id, 1, 4095, "nat instance id", instance.where);
        for (const NatAddressGroup& group : instance.addressGroups)
            range(group.groupId, 0, 127, "group-id", group.where);
    }
}

void Checker::checkVrrp()
{
    // (interface, VRID) → the service-locations bound to it, in file order.
    std::map<std::pair<std::string, int>, std::vector<const ServiceLocationConfig*>> bound;
    for (const ServiceLocationConfig& location : m_config.serviceLocations) {
        if (location.vrrpVrid)
            bound[{location.vrrpInterface, *location.vrrpVrid}].push_back(&location);
    }
    for (const auto& [key, locations] : bound) {
        if (locations.size() > 16) {
            const ServiceLocationConfig& extra = *locations[16];
            error(extra.vrrpWhere,
                  "service-location " + num(extra.id) + " is the 17th bound to vrrp vrid " +
                      num(key.second) + " on interface " + quoted(key.first) +
                      "; at most 16 service-locations per VRRP group",
                  "bind it to another VRRP group");
        } else if (locations.size() > 1) {
            const ServiceLocationConfig& second = *locations[1];
            warning(second.vrrpWhere,
                    "service-locations " + num(locations[0]->id) + " and " + num(second.id) +
                        " are both bound to vrrp vrid " + num(key.second) + " on interface " +
                        quoted(key.first) + "; one service-location per VRRP group is recommended",
                    "give each service-location its own VRRP group (with its own VLAN)");
        }
    }
    for (const InterfaceConfig& iface : m_config.interfaces) {
        for (const VrrpGroupConfig& group : iface.vrrpGroups) {
            if (group.trackServiceLocations.size() > 16)
                error(group.trackServiceLocations[16].where,
                      "vrrp vrid " + num(group.vrid) + " on interface " + quoted(iface.name) +
                          " tracks " + num(int(group.trackServiceLocations.size())) +
                          " service-locations; at most 16 per VRRP group",
                      "track at most 16 service-locations in one VRRP group");
            if (group.virtualIp && iface.address &&
                !inSubnet(*group.virtualIp, *iface.address, iface.prefixLength))
                warning(group.where,
                        "virtual-ip " + group.virtualIp->toString() + " of vrrp vrid " +
                            num(group.vrid) + " is not in the subnet of interface " +
                            quoted(iface.name) + " (" + iface.address->toString() + "/" +
                            num(iface.prefixLength) + ")",
                        "use a virtual IP from the interface's subnet");
        }
    }
}

void Checker::checkServiceLocations()
{
    const DeviceConfig& c = m_config;
    const ServiceLocationConfig* firstChannel = nullptr;
    for (const ServiceLocationConfig& location : c.serviceLocations) {
        const std::string name = "service-location " + num(location.id);
        const bool channel = location.remoteBackupPeer.has_value();
        if (channel && !firstChannel)
            firstChannel = &location;
        if (!location.slot)
            error(location.where, name + " has no 'location slot'; no service board serves it",
                  "add ' location slot <slot-id>' under 'service-location " + num(location.id) +
                      "'");
        if (location.backupSlot && channel) {
            error(location.slotWhere,
                  name + " has both an inter-board backup slot and an inter-chassis "
                         "remote-backup channel; the two are mutually exclusive",
                  "remove 'backup slot <n>' for inter-chassis backup, or 'remote-backup' for "
                  "inter-board backup");
        } else if (location.backupSlot && c.hotBackupEnabled) {
            error(location.slotWhere,
                  name +
                      " uses inter-board backup (backup slot), which excludes CGN "
                      "inter-chassis hot backup ('service-ha hot-backup enable', " +
                      lineOf(c.hotBackupWhere) + ")",
                  "use either inter-board or inter-chassis backup");
        } else if (!channel && c.hotBackupEnabled) {
            error(location.where,
                  name + " has no 'remote-backup interface <if> peer <ip>'; without the channel, "
                         "hot backup fails",
                  "add ' remote-backup interface <if> peer <peer-ip>' under '" + name + "'");
        }
        if (channel && !location.vrrpVrid)
            error(location.where,
                  name + " has a backup channel but no 'vrrp vrid <n> interface <if>'; its "
                         "master/slave role follows no VRRP group",
                  "add ' vrrp vrid <vrid> interface <if>' under '" + name + "'");
        if (channel) {
            const InterfaceConfig* iface = c.findInterface(location.remoteBackupInterface);
            const Ipv4Address peer = *location.remoteBackupPeer;
            if (iface && iface->address && *iface->address == peer)
                error(location.remoteBackupWhere,
                      name + "'s remote-backup peer " + peer.toString() +
                          " is this device's own address on " + quoted(iface->name),
                      "use the peer device's address on the channel link");
            else if (iface && iface->address &&
                     !inSubnet(peer, *iface->address, iface->prefixLength))
                warning(location.remoteBackupWhere,
                        name + "'s remote-backup peer " + peer.toString() +
                            " is not in the subnet of " + quoted(iface->name) + " (" +
                            iface->address->toString() + "/" + num(iface->prefixLength) +
                            "); the backup channel needs a direct link",
                        "use the peer's address on the link of " + quoted(iface->name));
        }
    }
    if (firstChannel && !c.hotBackupEnabled)
        warning(firstChannel->remoteBackupWhere,
                "service-locations have backup channels but 'service-ha hot-backup enable' "
                "is missing: only cold or warm backup, sessions do not survive a switchover",
                "add 'service-ha hot-backup enable'");
}

void Checker::checkChannels()
{
    const DeviceConfig& c = m_config;
    for (const RemoteBackupServiceConfig& rbs : c.remoteBackupServices) {
        const std::string name = "remote-backup-service " + quoted(rbs.name);
        if (!rbs.peer || !rbs.source) {
            error(rbs.where, name + " has no 'peer <ip> source <ip> port <port>'",
                  "add ' peer <peer-ip> source <local-ip> port <1024-55535>'");
            continue;
        }
        const bool local = std::any_of(c.interfaces.begin(), c.interfaces.end(),
                                       [&](const InterfaceConfig& iface) {
                                           return iface.address && *iface.address == *rbs.source;
                                       });
        if (!local && !c.interfaces.empty())
            warning(rbs.peerWhere,
                    name + " uses source " + rbs.source->toString() +
                        ", which is not the address of any interface of " + c.sysname,
                    "use this device's address on the backup link as the source");
        if (*rbs.peer == *rbs.source)
            error(rbs.peerWhere, name + " has the same peer and source address",
                  "the peer is the other device's address");
    }
}

void Checker::checkNat()
{
    const DeviceConfig& c = m_config;
    std::map<int, const NatInstanceConfig*> ids;
    std::set<std::string> rbsMandatory; // groups already reported for a missing RBS
    // The RBS carries a switchover; a device alone (basic NAT, no channel, no hot backup) has
    // none, and no peer an RBS could name.
    const bool interChassis =
        c.hotBackupEnabled ||
        std::any_of(c.serviceLocations.begin(), c.serviceLocations.end(),
                    [](const ServiceLocationConfig& l) { return l.remoteBackupPeer.has_value(); });
    for (const NatInstanceConfig& instance : c.natInstances) {
        const std::string name = "nat instance " + quoted(instance.name);
        if (!instance.id) {
            error(instance.where, name + " has no id",
                  "create it with 'nat instance " + instance.name + " id <1-4095>'");
        } else if (auto [it, inserted] = ids.emplace(*instance.id, &instance); !inserted) {
            error(instance.where,
                  name + " has id " + num(*instance.id) + ", which nat instance " +
                      quoted(it->second->name) + " (" + lineOf(it->second->where) +
                      ") already uses",
                  "give each nat instance its own id");
        }
        if (instance.serviceInstanceGroup.empty())
            warning(instance.where,
                    name + " is bound to no service-instance-group; no service board serves it",
                    "add ' service-instance-group <name>' under 'nat instance " + instance.name +
                        "'");

        std::map<int, const NatAddressGroup*> groupIds;
        bool usesVpn =
            !instance.allowAccessInsideVpn.empty() || !instance.allowAccessGlobalVpn.empty();
        const NatIpPoolConfig* balancedPool = nullptr;
        const NatAddressGroup* balancedGroup = nullptr;
        for (const NatAddressGroup& group : instance.addressGroups) {
            if (auto [it, inserted] = groupIds.emplace(group.groupId, &group); !inserted)
                error(group.where,
                      "nat address-group " + quoted(group.name) + " has group-id " +
                          num(group.groupId) + ", which address-group " + quoted(it->second->name) +
                          " (" + lineOf(it->second->where) + ") already uses",
                      "give each address-group of the instance its own group-id");
            if (group.start && group.end && group.start->value > group.end->value)
                error(group.where,
                      "nat address-group " + quoted(group.name) + " starts at " +
                          group.start->toString() + ", above its end " + group.end->toString(),
                      "write the lower address first");
            usesVpn = usesVpn || !group.vpnInstance.empty();
            if (const NatIpPoolConfig* pool = c.findNatIpPool(group.ipPool)) {
                usesVpn = usesVpn || !pool->vpnInstance.empty();
                if (pool->loadBalance && !balancedPool) {
                    balancedPool = pool;
                    balancedGroup = &group;
                }
            }
        }
        if (balancedPool && instance.ipAddresses.empty())
            error(balancedGroup->where,
                  name + " load-balances nat ip-pool " + quoted(balancedPool->name) +
                      " but has no 'nat ip-address'; it is mandatory for load balancing with "
                      "inter-chassis backup",
                  "add ' nat ip-address <ip> <16-32>' under 'nat instance " + instance.name + "'");

        const ServiceInstanceGroupConfig* group =
            c.findServiceInstanceGroup(instance.serviceInstanceGroup);
        if (interChassis && group && group->remoteBackupService.empty() &&
            (usesVpn || balancedPool) && rbsMandatory.insert(group->name).second)
            error(group->where,
                  "service-instance-group " + quoted(group->name) +
                      " has no remote-backup-service, which is mandatory with " +
                      (usesVpn ? "VPN instances" : "load balancing") + " (" + name + ", " +
                      lineOf(instance.where) + ")",
                  "add ' remote-backup-service <name>' under 'service-instance-group " +
                      group->name + "'");
    }
    for (const ServiceInstanceGroupConfig& group : c.serviceInstanceGroups) {
        if (group.remoteBackupService.empty() && !rbsMandatory.contains(group.name) &&
            c.hotBackupEnabled)
            warning(group.where,
                    "service-instance-group " + quoted(group.name) +
                        " has no remote-backup-service; during a switchover traffic crosses the "
                        "backup channel",
                    "bind an RBS: ' remote-backup-service <name>'");
        if (group.serviceLocations.empty())
            error(group.where,
                  "service-instance-group " + quoted(group.name) + " has no service-location",
                  "add ' service-location <id>'");
    }
    for (const NatIpPoolConfig& pool : c.natIpPools) {
        const std::string name = "nat ip-pool " + quoted(pool.name);
        if (pool.sections.empty())
            warning(pool.where, name + " has no section, so no addresses",
                    "add ' section <0-255> <start-ip> mask <16-32>'");
        if (pool.subnetInitialLength && pool.subnetExtendLength &&
            *pool.subnetExtendLength < *pool.subnetInitialLength)
            error(pool.subnetWhere,
                  name + ": subnet length extend " + num(*pool.subnetExtendLength) +
                      " is shorter than initial " + num(*pool.subnetInitialLength) +
                      "; an extension is a smaller subnet",
                  "use an extend length at least the initial length");
        for (const NatIpPoolSection& section : pool.sections) {
            if (pool.subnetInitialLength && *pool.subnetInitialLength < section.prefixLength)
                error(section.where,
                      name + ": subnet length initial " + num(*pool.subnetInitialLength) +
                          " is larger than section " + num(section.id) + " (mask " +
                          num(section.prefixLength) + ")",
                      "use an initial subnet length of at least " + num(section.prefixLength));
        }
    }
}

} // namespace

std::vector<ConfigError> referenceErrors(const DeviceConfig& config)
{
    std::vector<ConfigError> errors;
    auto error = [&](SourceLocation where, std::string message, std::string fix) {
        errors.push_back({where, std::move(message), std::move(fix)});
    };
    auto noInterface = [&](SourceLocation where, const std::string& usage,
                           const std::string& name) {
        error(where,
              usage + " names " + quoted(name) + ", but there is no 'interface " + name + "'",
              "add 'interface " + name + "' or correct the name");
    };
    auto missing = [&](SourceLocation where, const std::string& who, const std::string& what) {
        error(where, who + " names " + what + ", which is not configured",
              "configure " + what + " or correct the name");
    };

    for (const InterfaceConfig& iface : config.interfaces) {
        if (!iface.vrrpGroups.empty() && !iface.address)
            error(iface.where,
                  "interface " + quoted(iface.name) +
                      " runs VRRP but has no 'ip address <ip> <mask>'",
                  "add ' ip address <ip> <mask>' under 'interface " + iface.name + "'");
        for (const VrrpGroupConfig& group : iface.vrrpGroups) {
            if (!group.virtualIp)
                error(group.where,
                      "vrrp vrid " + num(group.vrid) + " on interface " + quoted(iface.name) +
                          " has no 'vrrp vrid " + num(group.vrid) + " virtual-ip <ip>'",
                      "add ' vrrp vrid " + num(group.vrid) + " virtual-ip <ip>'");
            for (const TrackServiceLocation& track : group.trackServiceLocations) {
                if (!config.findServiceLocation(track.serviceLocationId))
                    missing(track.targetWhere, "track service-location",
                            "service-location " + num(track.serviceLocationId));
            }
            for (const TrackInterface& track : group.trackInterfaces) {
                if (!config.findInterface(track.interfaceName))
                    noInterface(track.targetWhere, "track interface", track.interfaceName);
            }
        }
    }
    for (const ServiceLocationConfig& location : config.serviceLocations) {
        if (location.remoteBackupPeer && !config.findInterface(location.remoteBackupInterface))
            noInterface(location.remoteBackupWhere, "remote-backup interface",
                        location.remoteBackupInterface);
        if (location.vrrpVrid) {
            const std::string usage = "vrrp vrid " + num(*location.vrrpVrid);
            const InterfaceConfig* iface = config.findInterface(location.vrrpInterface);
            if (!iface)
                noInterface(location.vrrpInterfaceWhere, usage + " interface",
                            location.vrrpInterface);
            else if (!iface->findVrrp(*location.vrrpVrid))
                error(location.vrrpWhere,
                      usage + " is not configured on interface " + quoted(location.vrrpInterface),
                      "add ' " + usage + " virtual-ip <ip>' under 'interface " +
                          location.vrrpInterface + "'");
        }
    }
    for (const ServiceInstanceGroupConfig& group : config.serviceInstanceGroups) {
        const std::string who = "service-instance-group " + quoted(group.name);
        for (const ServiceLocationMember& member : group.serviceLocations) {
            if (!config.findServiceLocation(member.id))
                missing(member.where, who, "service-location " + num(member.id));
        }
        if (!group.remoteBackupService.empty() &&
            !config.findRemoteBackupService(group.remoteBackupService))
            missing(group.remoteBackupServiceWhere, who,
                    "remote-backup-service " + quoted(group.remoteBackupService));
    }
    auto vpn = [&](SourceLocation where, const std::string& who, const std::string& name) {
        if (!name.empty() && !config.findVpnInstance(name))
            missing(where, who, "vpn-instance " + quoted(name));
    };
    for (const NatIpPoolConfig& pool : config.natIpPools)
        vpn(pool.where, "nat ip-pool " + quoted(pool.name), pool.vpnInstance);
    for (const NatInstanceConfig& instance : config.natInstances) {
        const std::string who = "nat instance " + quoted(instance.name);
        if (!instance.serviceInstanceGroup.empty() &&
            !config.findServiceInstanceGroup(instance.serviceInstanceGroup))
            missing(instance.serviceInstanceGroupWhere, who,
                    "service-instance-group " + quoted(instance.serviceInstanceGroup));
        for (const NatAddressGroup& group : instance.addressGroups) {
            const std::string groupWho = "nat address-group " + quoted(group.name);
            if (!group.ipPool.empty() && !config.findNatIpPool(group.ipPool))
                missing(group.where, groupWho, "nat ip-pool " + quoted(group.ipPool));
            vpn(group.where, groupWho, group.vpnInstance);
        }
        for (const NatOutbound& rule : instance.outbounds) {
            if (!instance.findAddressGroup(rule.addressGroup))
                error(rule.where,
                      "nat outbound names address-group " + quoted(rule.addressGroup) +
                          ", which nat instance " + quoted(instance.name) + " does not configure",
                      "add ' nat address-group " + rule.addressGroup +
                          " group-id <id> <addresses>' to the instance or correct the name");
        }
        for (const NatIpAddress& entry : instance.ipAddresses)
            vpn(entry.where, "nat ip-address " + entry.address.toString(), entry.vpnInstance);
        vpn(instance.allowAccessWhere, "nat allow-access", instance.allowAccessInsideVpn);
        vpn(instance.allowAccessWhere, "nat allow-access", instance.allowAccessGlobalVpn);
    }
    return errors;
}

std::vector<Finding> validateConfig(const DeviceConfig& config)
{
    return Checker(config).run();
}

std::vector<Finding> checkConfigText(std::string_view text)
{
    ParseResult parsed = parseConfig(text);
    if (!parsed.ok()) {
        std::vector<Finding> findings;
        for (const ConfigError& error : parsed.errors)
            findings.push_back(toFinding(error));
        return findings;
    }
    return validateConfig(parsed.config);
}

} // namespace tandem::config
