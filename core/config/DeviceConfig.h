#pragma once

// The configuration model of one device: the subset of the VRP configuration that the agent
// runs today (issue #2), shaped so that later commands extend it without rewiring.
// Plain C++: the agent, tandemctl and the app all link it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tandem::config {

// Where a command stands in the file, for messages. Line and column are 1-based.
struct SourceLocation
{
    int line = 0;
    int column = 0;
    // Where a line stands is not part of what it configures: two configs with the same
    // commands in another order or with other comments compare equal.
    bool operator==(const SourceLocation&) const { return true; }
};

struct Ipv4Address
{
    std::uint32_t value = 0; // host byte order
    static std::optional<Ipv4Address> parse(std::string_view text);
    std::string toString() const;
    bool operator==(const Ipv4Address&) const = default;
};

// `vrrp vrid <n> track service-location <id> [reduced <r>]`
struct TrackServiceLocation
{
    int serviceLocationId = 0;
    int reduced = 10;
    SourceLocation where;
    bool operator==(const TrackServiceLocation&) const = default;
};

// `vrrp vrid <n> track interface <if> [reduced <r>]`
struct TrackInterface
{
    std::string interfaceName;
    int reduced = 10;
    SourceLocation where;
    bool operator==(const TrackInterface&) const = default;
};

// All `vrrp vrid <n> …` lines of one interface for one VRID.
struct VrrpGroupConfig
{
    int vrid = 0;
    std::optional<Ipv4Address> virtualIp;
    int priority = 100;                  // 1–254; 255 is the address owner
    bool preempt = true;                 // `preempt-mode disable` turns it off
    int preemptDelaySeconds = 0;         // `preempt-mode timer delay <0-10800>`
    int advertIntervalCentiseconds = 100; // `timer advertise <s>` | `… millisecond <ms>`
    int holdingMultiplier = 3;           // `holding-multiplier <3-10>`
    std::vector<TrackServiceLocation> trackServiceLocations;
    std::vector<TrackInterface> trackInterfaces;
    SourceLocation where; // the first line that mentions this VRID
    bool operator==(const VrrpGroupConfig&) const = default;
};

struct InterfaceConfig
{
    std::string name; // canonical: "GigabitEthernet0/1/1" (no space)
    std::optional<Ipv4Address> address;
    int prefixLength = 0;
    std::vector<VrrpGroupConfig> vrrpGroups;
    int recoverDelaySeconds = 0; // `vrrp recover-delay <0-3600>`
    SourceLocation where;
    const VrrpGroupConfig* findVrrp(int vrid) const;
    bool operator==(const InterfaceConfig&) const = default;
};

// `service-location <id>` view.
struct ServiceLocationConfig
{
    int id = 0;
    std::optional<int> slot;                 // `location slot <n>`
    std::string remoteBackupInterface;       // `remote-backup interface <if> peer <ip>`
    std::optional<Ipv4Address> remoteBackupPeer;
    std::optional<int> vrrpVrid;             // `vrrp vrid <n> interface <if>`
    std::string vrrpInterface;
    SourceLocation where;
    bool operator==(const ServiceLocationConfig&) const = default;
};

enum class UserRole { Viewer, Operator, Admin };
std::string_view toString(UserRole role);
std::optional<UserRole> userRoleFromString(std::string_view text);

// `management user <name> role <viewer|operator|admin> password-hash <pbkdf2…>`
struct ManagementUser
{
    std::string name;
    UserRole role = UserRole::Viewer;
    std::string passwordHash; // "pbkdf2-sha256$<iterations>$<salt-b64>$<hash-b64>"
    SourceLocation where;
    bool operator==(const ManagementUser&) const = default;
};

// Tandem's own view `tandem-agent`: how the agent software is reached. Not part of VRP.
struct AgentSettings
{
    std::optional<Ipv4Address> managementAddress; // `management listen <ip> port <p>`
    int managementPort = 7830;
    int vrrpPort = 11200; // `vrrp-transport udp port <p>`: adverts as UDP unicast to the peer
    bool labEnabled = false; // `lab enable`
    std::vector<ManagementUser> users;
    bool operator==(const AgentSettings&) const = default;
};

struct DeviceConfig
{
    std::string sysname = "HUAWEI";
    bool hotBackupEnabled = false; // `service-ha hot-backup enable`
    std::vector<InterfaceConfig> interfaces;
    std::vector<ServiceLocationConfig> serviceLocations;
    AgentSettings agent;

    const InterfaceConfig* findInterface(std::string_view name) const;
    const ServiceLocationConfig* findServiceLocation(int id) const;
    bool operator==(const DeviceConfig&) const = default;
};

} // namespace tandem::config
