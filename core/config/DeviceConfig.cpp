#include "DeviceConfig.h"

#include <algorithm>

namespace tandem::config {

std::optional<Ipv4Address> Ipv4Address::parse(std::string_view text)
{
    std::uint32_t value = 0;
    for (int octet = 0; octet < 4; ++octet) {
        if (octet > 0) {
            if (text.empty() || text.front() != '.')
                return std::nullopt;
            text.remove_prefix(1);
        }
        std::size_t digits = 0;
        unsigned part = 0;
        while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9' && digits < 3) {
            part = part * 10 + unsigned(text[digits] - '0');
            ++digits;
        }
        // A leading zero reads as octal to inet_aton; refuse it rather than guess.
        if (digits == 0 || part > 255 || (digits > 1 && text.front() == '0'))
            return std::nullopt;
        text.remove_prefix(digits);
        value = (value << 8) | part;
    }
    if (!text.empty())
        return std::nullopt;
    return Ipv4Address{value};
}

std::string Ipv4Address::toString() const
{
    return std::to_string(value >> 24) + '.' + std::to_string((value >> 16) & 0xff) + '.' +
           std::to_string((value >> 8) & 0xff) + '.' + std::to_string(value & 0xff);
}

std::string_view toString(UserRole role)
{
    switch (role) {
    case UserRole::Viewer:
        return "viewer";
    case UserRole::Operator:
        return "operator";
    case UserRole::Admin:
        return "admin";
    }
    return "viewer";
}

std::optional<UserRole> userRoleFromString(std::string_view text)
{
    for (UserRole role : {UserRole::Viewer, UserRole::Operator, UserRole::Admin}) {
        if (text == toString(role))
            return role;
    }
    return std::nullopt;
}

const VrrpGroupConfig* InterfaceConfig::findVrrp(int vrid) const
{
    auto it = std::find_if(vrrpGroups.begin(), vrrpGroups.end(),
                           [vrid](const VrrpGroupConfig& group) { return group.vrid == vrid; });
    return it == vrrpGroups.end() ? nullptr : &*it;
}

const InterfaceConfig* DeviceConfig::findInterface(std::string_view name) const
{
    auto it = std::find_if(interfaces.begin(), interfaces.end(),
                           [name](const InterfaceConfig& iface) { return iface.name == name; });
    return it == interfaces.end() ? nullptr : &*it;
}

const ServiceLocationConfig* DeviceConfig::findServiceLocation(int id) const
{
    auto it =
        std::find_if(serviceLocations.begin(), serviceLocations.end(),
                     [id](const ServiceLocationConfig& location) { return location.id == id; });
    return it == serviceLocations.end() ? nullptr : &*it;
}

namespace {

template <typename T> const T* findByName(const std::vector<T>& items, std::string_view name)
{
    auto it = std::find_if(items.begin(), items.end(),
                           [name](const T& item) { return item.name == name; });
    return it == items.end() ? nullptr : &*it;
}

} // namespace

const NatAddressGroup* NatInstanceConfig::findAddressGroup(std::string_view groupName) const
{
    return findByName(addressGroups, groupName);
}

const VpnInstanceConfig* DeviceConfig::findVpnInstance(std::string_view name) const
{
    return findByName(vpnInstances, name);
}

const RemoteBackupServiceConfig* DeviceConfig::findRemoteBackupService(std::string_view name) const
{
    return findByName(remoteBackupServices, name);
}

const ServiceInstanceGroupConfig*
DeviceConfig::findServiceInstanceGroup(std::string_view name) const
{
    return findByName(serviceInstanceGroups, name);
}

const NatIpPoolConfig* DeviceConfig::findNatIpPool(std::string_view name) const
{
    return findByName(natIpPools, name);
}

const NatInstanceConfig* DeviceConfig::findNatInstance(std::string_view name) const
{
    return findByName(natInstances, name);
}

} // namespace tandem::config
