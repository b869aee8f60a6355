#include "LabPair.h"

namespace tandem::config {

namespace {

constexpr const char* kChannel = "GigabitEthernet0/1/1";
constexpr const char* kUplink = "GigabitEthernet0/1/3";

Ipv4Address plus(Ipv4Address address, int offset)
{
    return Ipv4Address{address.value + std::uint32_t(offset)};
}

int locationCount(const LabPairOptions& options)
{
    return options.mode == PairMode::OneToOne && !options.loadBalancing ? 1 : 2;
}

NatAddressGroup range(std::string name, int groupId, const char* start, const char* end,
                      std::string vpn = {})
{
    NatAddressGroup group;
    group.name = std::move(name);
    group.groupId = groupId;
    group.start = Ipv4Address::parse(start);
    group.end = Ipv4Address::parse(end);
    group.vpnInstance = std::move(vpn);
    return group;
}

} // namespace

DeviceConfig labBaseConfig(const LabPairOptions& options, Side device)
{
    const int index = device == Side::A ? 0 : 1;
    const Ipv4Address local = plus(options.firstAddress, index);
    DeviceConfig c;
    c.sysname = device == Side::A ? "CGN-A" : "CGN-B";

    InterfaceConfig channel;
    channel.name = kChannel;
    channel.address = local;
    channel.prefixLength = 8;
    InterfaceConfig uplink;
    uplink.name = kUplink;
    uplink.address = Ipv4Address{0xc0000201u + std::uint32_t(index)}; // 192.0.2.1, .2
    uplink.prefixLength = 24;

    for (int id = 1; id <= locationCount(options); ++id) {
        // Alone, each device is master of its own group: it serves the location's traffic.
        VrrpGroupConfig group;
        group.vrid = id;
        group.virtualIp = plus(options.firstAddress, 1 + id);
        group.advertIntervalCentiseconds = options.advertMs / 10;
        channel.vrrpGroups.push_back(group);

        ServiceLocationConfig location;
        location.id = id;
        location.slot = id;
        location.vrrpVrid = id;
        location.vrrpInterface = kChannel;
        c.serviceLocations.push_back(location);

        if (options.loadBalancing && id == 2) {
            c.serviceInstanceGroups.back().serviceLocations.push_back({id, {}});
            continue; // one group: both locations share the pool
        }
        ServiceInstanceGroupConfig sig;
        sig.name = "group" + std::to_string(id);
        sig.serviceLocations.push_back({id, {}});
        c.serviceInstanceGroups.push_back(sig);
    }
    c.interfaces = {channel, uplink};

    if (options.loadBalancing) {
        NatIpPoolConfig pool;
        pool.name = "pool1";
        pool.sections.push_back({0, *Ipv4Address::parse("203.0.113.0"), 24, {}});
        pool.subnetInitialLength = 27;
        pool.subnetExtendLength = 29;
        c.natIpPools.push_back(pool);
        NatInstanceConfig nat;
        nat.name = "nat1";
        nat.id = 1;
        nat.serviceInstanceGroup = "group1";
        nat.portRange = 256;
        NatAddressGroup group;
        group.name = "lbgroup";
        group.groupId = 1;
        group.ipPool = "pool1";
        nat.addressGroups = {group};
        nat.outbounds.push_back({std::nullopt, {}, "lbgroup", {}});
        c.natInstances.push_back(nat);
    } else if (options.mode == PairMode::OneToOne) {
        c.vpnInstances.push_back({"vpn1", true, {}, {}});
        NatInstanceConfig nat;
        nat.name = "nat1";
        nat.id = 1;
        nat.serviceInstanceGroup = "group1";
        nat.portRange = 256;
        nat.addressGroups = {range("pool1", 1, "203.0.113.1", "203.0.113.254"),
                             range("pool1v", 2, "198.51.100.1", "198.51.100.62", "vpn1")};
        nat.outbounds.push_back({std::nullopt, {}, "pool1", {}});
        c.natInstances.push_back(nat);
    } else {
        const char* ranges[2][2] = {{"203.0.113.1", "203.0.113.127"},
                                    {"203.0.113.128", "203.0.113.254"}};
        for (int id = 1; id <= 2; ++id) {
            NatInstanceConfig nat;
            nat.name = "nat" + std::to_string(id);
            nat.id = id;
            nat.serviceInstanceGroup = "group" + std::to_string(id);
            nat.portRange = 256;
            nat.addressGroups = {
                range("pool" + std::to_string(id), id, ranges[id - 1][0], ranges[id - 1][1])};
            nat.outbounds.push_back({std::nullopt, {}, "pool" + std::to_string(id), {}});
            c.natInstances.push_back(nat);
        }
    }

    AgentSettings& agent = c.agent;
    agent.managementAddress = local;
    agent.managementPort = options.managementPort;
    agent.managementTls = true;
    agent.vrrpPort = options.vrrpPort;
    agent.metricsAddress = local;
    agent.metricsPort = options.metricsPort;
    agent.labEnabled = true;
    agent.sessionTableSize = options.sessionTableSize;
    agent.users.push_back({"admin", UserRole::Admin, options.passwordHash, {}, {}});
    // Peer login takes the management user named like the OS user, password or not: an OS
    // user `admin` logs in by the entry above, and a second `admin` line would replace it.
    if (!options.peerUser.empty() && options.peerUser != "admin")
        agent.users.push_back({options.peerUser, UserRole::Admin, {}, {}, {}});
    return c;
}

PairPlan labPlan(const LabPairOptions& options)
{
    PairPlan plan;
    plan.mode = options.mode;
    for (Side side : {Side::A, Side::B}) {
        PlanDevice& device = side == Side::A ? plan.a : plan.b;
        device.name = side == Side::A ? "CGN-A" : "CGN-B";
        device.channelInterface = kChannel;
        device.channelAddress = plus(options.firstAddress, side == Side::A ? 0 : 1);
        device.channelPrefixLength = 8;
        device.uplinkInterface = kUplink;
    }
    for (int id = 1; id <= locationCount(options); ++id) {
        PlanServiceLocation sl;
        sl.id = id;
        sl.slot = id;
        sl.serviceInstanceGroup = "group" + std::to_string(id);
        sl.vrid = id;
        sl.virtualIp = plus(options.firstAddress, 1 + id);
        sl.master = id == 1 || options.loadBalancing ? Side::A : Side::B;
        sl.masterPriority = 200;
        sl.backupPriority = 150;
        sl.preemptDelaySeconds = options.preemptDelaySeconds;
        sl.advertIntervalMs = options.advertMs;
        sl.trackServiceLocationReduced = 60;
        sl.trackUplinkReduced = 60;
        plan.serviceLocations.push_back(sl);
    }
    plan.remoteBackupService = {"rbs", options.backupPort, {}};
    if (options.loadBalancing)
        plan.loadBalancing.push_back({"nat1", "pool1", *Ipv4Address::parse("198.51.100.10"), 32, {}});
    else if (options.mode == PairMode::OneToOne)
        plan.vpnInstances.push_back({"vpn1", {}});
    return plan;
}

GeneratedPair labPair(const LabPairOptions& options)
{
    return generatePair(labPlan(options), labBaseConfig(options, Side::A),
                        labBaseConfig(options, Side::B));
}

} // namespace tandem::config
