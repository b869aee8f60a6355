#include "PlanProposal.h"

#include <algorithm>
#include <set>

namespace tandem::config {

namespace {

bool inSubnet(Ipv4Address address, Ipv4Address network, int prefixLength)
{
    const std::uint32_t mask = prefixLength == 0 ? 0 : ~std::uint32_t(0) << (32 - prefixLength);
    return (address.value & mask) == (network.value & mask);
}

// Both devices address the interface `name`, each address in the other's subnet.
bool linksThePair(const DeviceConfig& a, const DeviceConfig& b, const std::string& name)
{
    const InterfaceConfig* ia = a.findInterface(name);
    const InterfaceConfig* ib = b.findInterface(name);
    return ia && ib && ia->address && ib->address && *ia->address != *ib->address &&
           inSubnet(*ib->address, *ia->address, ia->prefixLength) &&
           inSubnet(*ia->address, *ib->address, ib->prefixLength);
}

const ServiceInstanceGroupConfig* groupOf(const DeviceConfig& config, int location)
{
    for (const ServiceInstanceGroupConfig& group : config.serviceInstanceGroups)
        for (const ServiceLocationMember& member : group.serviceLocations)
            if (member.id == location)
                return &group;
    return nullptr;
}

// The VRRP group a location is bound to on `interface`; nullptr when none.
const VrrpGroupConfig* vrrpOf(const DeviceConfig& config, const ServiceLocationConfig& location,
                              const std::string& interface)
{
    if (!location.vrrpVrid || location.vrrpInterface != interface)
        return nullptr;
    const InterfaceConfig* i = config.findInterface(interface);
    return i ? i->findVrrp(*location.vrrpVrid) : nullptr;
}

class Proposer
{
public:
    Proposer(const DeviceConfig& a, const DeviceConfig& b, const ProposalDefaults& defaults)
        : m_a(a), m_b(b), m_defaults(defaults)
    {}

    ProposedPlan run()
    {
        PairPlan& plan = m_result.plan;
        plan.mode = m_defaults.mode;
        plan.remoteBackupService = {
            m_defaults.remoteBackupService, m_defaults.remoteBackupPort, {}};
        pickLocations();
        if (!m_result.ok())
            return std::move(m_result);
        pickInterfaces();
        if (!m_result.ok())
            return std::move(m_result);
        noteUsedAddresses();
        for (std::size_t i = 0; i < m_locations.size(); ++i)
            plan.serviceLocations.push_back(location(i));
        for (const VpnInstanceConfig& vpn : m_a.vpnInstances)
            if (m_b.findVpnInstance(vpn.name))
                plan.vpnInstances.push_back({vpn.name, vpn.routeDistinguisher});
        return std::move(m_result);
    }

private:
    void error(std::string field, std::string message, std::string fix = {})
    {
        m_result.errors.push_back({std::move(field), std::move(message), std::move(fix)});
    }

    void pickLocations()
    {
        const std::size_t wanted = m_defaults.mode == PairMode::OneToOne ? 1 : 2;
        for (const ServiceLocationConfig& location : m_a.serviceLocations)
            if (m_locations.size() < wanted && m_b.findServiceLocation(location.id))
                m_locations.push_back(&location);
        if (m_locations.size() < wanted)
            error("serviceLocations",
                  std::string(toString(m_defaults.mode)) + " needs " + std::to_string(wanted) +
                      " service-location" + (wanted == 1 ? "" : "s") + " that both " + m_a.sysname +
                      " and " + m_b.sysname + " configure; they share " +
                      std::to_string(m_locations.size()),
                  "configure the service-location (`service-location <id>` + `location slot "
                  "<n>`) on both devices");
    }

    void pickInterfaces()
    {
        std::string channel;
        if (linksThePair(m_a, m_b, m_locations.front()->vrrpInterface))
            channel = m_locations.front()->vrrpInterface;
        for (const InterfaceConfig& interface : m_a.interfaces)
            if (channel.empty() && linksThePair(m_a, m_b, interface.name))
                channel = interface.name;
        if (channel.empty()) {
            error("a.channelInterface",
                  "no interface of " + m_a.sysname + " and " + m_b.sysname +
                      " has the same name and addresses in one subnet, to carry the backup "
                      "channel and VRRP",
                  "give both devices the channel interface's address (`interface <if>` + `ip "
                  "address <ip> <mask>`), or write the plan's a and b by hand");
            return;
        }
        PairPlan& plan = m_result.plan;
        for (Side side : {Side::A, Side::B}) {
            const DeviceConfig& config = side == Side::A ? m_a : m_b;
            PlanDevice& device = side == Side::A ? plan.a : plan.b;
            const InterfaceConfig& interface = *config.findInterface(channel);
            device.name = config.sysname;
            device.channelInterface = channel;
            device.channelAddress = *interface.address;
            device.channelPrefixLength = interface.prefixLength;
        }
        for (const InterfaceConfig& interface : m_a.interfaces) {
            const InterfaceConfig* other = m_b.findInterface(interface.name);
            if (interface.name != channel && interface.address && other && other->address) {
                plan.a.uplinkInterface = plan.b.uplinkInterface = interface.name;
                break;
            }
        }
    }

    // What a new virtual IP must not be: every address either device configures.
    void noteUsedAddresses()
    {
        for (const DeviceConfig* config : {&m_a, &m_b})
            for (const InterfaceConfig& interface : config->interfaces) {
                if (interface.address)
                    m_usedAddresses.insert(interface.address->value);
                for (const VrrpGroupConfig& vrrp : interface.vrrpGroups)
                    if (vrrp.virtualIp)
                        m_usedAddresses.insert(vrrp.virtualIp->value);
            }
        // VRIDs on the channel that the plan does not replace: those of the groups no planned
        // location is bound to.
        const std::string& channel = m_result.plan.a.channelInterface;
        for (const DeviceConfig* config : {&m_a, &m_b}) {
            const InterfaceConfig* interface = config->findInterface(channel);
            for (const VrrpGroupConfig& vrrp : interface->vrrpGroups) {
                const bool planned =
                    std::any_of(m_locations.begin(), m_locations.end(), [&](const auto* l) {
                        const ServiceLocationConfig* own = config->findServiceLocation(l->id);
                        return own && own->vrrpVrid == vrrp.vrid && own->vrrpInterface == channel;
                    });
                if (!planned)
                    m_usedVrids.insert(vrrp.vrid);
            }
        }
    }

    PlanServiceLocation location(std::size_t index)
    {
        const PairPlan& plan = m_result.plan;
        const ServiceLocationConfig& la = *m_locations[index];
        const ServiceLocationConfig& lb = *m_b.findServiceLocation(la.id);
        const std::string key = "serviceLocations[" + std::to_string(index) + "]";
        PlanServiceLocation sl;
        sl.id = la.id;
        sl.slot = la.slot.value_or(lb.slot.value_or(la.id));
        if (const ServiceInstanceGroupConfig* group = groupOf(m_a, la.id))
            sl.serviceInstanceGroup = group->name;
        else
            error(key + ".serviceInstanceGroup",
                  "service-location " + std::to_string(la.id) +
                      " is in no service-instance-group on " + m_a.sysname,
                  "bind it: `service-instance-group <name>` + `service-location " +
                      std::to_string(la.id) + "`");
        sl.master = index == 1 && plan.mode == PairMode::OnePlusOne ? Side::B : Side::A;

        const std::string& channel = plan.a.channelInterface;
        const VrrpGroupConfig* va = vrrpOf(m_a, la, channel);
        const VrrpGroupConfig* vb = vrrpOf(m_b, lb, channel);
        const bool sameGroup = va && vb && va->vrid == vb->vrid;
        sl.vrid = sameGroup && !m_usedVrids.contains(va->vrid) ? va->vrid : freeVrid();
        m_usedVrids.insert(sl.vrid);
        if (sameGroup && va->virtualIp && va->virtualIp == vb->virtualIp &&
            inSubnet(*va->virtualIp, plan.a.channelAddress, plan.a.channelPrefixLength))
            sl.virtualIp = *va->virtualIp;
        else if (const auto address = freeAddress())
            sl.virtualIp = *address;
        else
            error(key + ".virtualIp",
                  "no free address is left in the channel subnet " +
                      plan.a.channelAddress.toString() + "/" +
                      std::to_string(plan.a.channelPrefixLength),
                  "give the location's virtual IP by hand");
        m_usedAddresses.insert(sl.virtualIp.value);
        if (va)
            sl.advertIntervalMs = va->advertIntervalCentiseconds * 10;
        sl.preemptDelaySeconds = m_defaults.preemptDelaySeconds;
        sl.trackServiceLocationReduced = trackingReduction(sl);
        sl.trackUplinkReduced = plan.a.uplinkInterface.empty() ? 0 : trackingReduction(sl);
        return sl;
    }

    int freeVrid() const
    {
        int vrid = 1;
        while (m_usedVrids.contains(vrid))
            ++vrid;
        return vrid;
    }

    // The first address after both devices' channel addresses that nothing uses, short of the
    // subnet's broadcast address.
    std::optional<Ipv4Address> freeAddress() const
    {
        const PairPlan& plan = m_result.plan;
        const int prefix = plan.a.channelPrefixLength;
        const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t(0) << (32 - prefix);
        const std::uint32_t broadcast = (plan.a.channelAddress.value & mask) | ~mask;
        for (std::uint64_t candidate =
                 std::uint64_t(std::max(plan.a.channelAddress.value, plan.b.channelAddress.value)) +
                 1;
             candidate < broadcast; ++candidate)
            if (!m_usedAddresses.contains(std::uint32_t(candidate)))
                return Ipv4Address{std::uint32_t(candidate)};
        return std::nullopt;
    }

    const DeviceConfig& m_a;
    const DeviceConfig& m_b;
    const ProposalDefaults& m_defaults;
    ProposedPlan m_result;
    std::vector<const ServiceLocationConfig*> m_locations;
    std::set<std::uint32_t> m_usedAddresses;
    std::set<int> m_usedVrids;
};

} // namespace

ProposedPlan proposePlan(const DeviceConfig& a, const DeviceConfig& b,
                         const ProposalDefaults& defaults)
{
    return Proposer(a, b, defaults).run();
}

} // namespace tandem::config
