#include "PlanDefaults.h"

namespace tandem::gui {

namespace {

config::PlanDevice deviceDefaults(const config::DeviceConfig& c)
{
    config::PlanDevice device;
    device.name = c.sysname;
    // The first interface with an address carries the channel; the next one is the uplink.
    for (const config::InterfaceConfig& i : c.interfaces) {
        if (!i.address)
            continue;
        if (device.channelInterface.empty()) {
            device.channelInterface = i.name;
            device.channelAddress = *i.address;
            device.channelPrefixLength = i.prefixLength;
        } else if (device.uplinkInterface.empty()) {
            device.uplinkInterface = i.name;
        }
    }
    return device;
}

std::string groupOf(const config::DeviceConfig& c, int location)
{
    for (const config::ServiceInstanceGroupConfig& g : c.serviceInstanceGroups)
        for (const config::ServiceLocationMember& m : g.serviceLocations)
            if (m.id == location)
                return g.name;
    return {};
}

} // namespace

void assignMasters(config::PairPlan& plan)
{
    for (std::size_t i = 0; i < plan.serviceLocations.size(); ++i)
        plan.serviceLocations[i].master = plan.mode == config::PairMode::OnePlusOne && i % 2 == 1
                                              ? config::Side::B
                                              : config::Side::A;
}

config::PairPlan defaultPlan(const config::DeviceConfig& a, const config::DeviceConfig& b)
{
    config::PairPlan plan;
    plan.a = deviceDefaults(a);
    plan.b = deviceDefaults(b);
    for (const config::ServiceLocationConfig& l : a.serviceLocations) {
        config::PlanServiceLocation sl;
        sl.id = l.id;
        sl.slot = l.slot.value_or(l.id);
        sl.serviceInstanceGroup = groupOf(a, l.id);
        sl.vrid = l.vrrpVrid.value_or(l.id);
        plan.serviceLocations.push_back(sl);
    }
    plan.mode = plan.serviceLocations.size() > 1 ? config::PairMode::OnePlusOne
                                                 : config::PairMode::OneToOne;
    assignMasters(plan);
    plan.hotBackup = true;
    plan.delayTimeSeconds = a.haDelayTimeSeconds;
    plan.batchBackup = a.natBatchBackupEnabled;
    plan.batchBackupIntervalSeconds = a.natBatchBackupIntervalSeconds;
    return plan;
}

} // namespace tandem::gui
