#pragma once

// The configuration model of one device: every command of the VRP configuration steps and
// examples of `reference/huawei-cgn-ha.md` (§3, §5, §6), plus Tandem's own `tandem-agent` view.
// Plain C++: the agent, tandemctl and the app all link it.
//
// Each line-level object keeps where it stood, so that validation and pair checks can name the
// line; SourceLocation compares equal, so two configs that differ only in layout are equal.

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
    SourceLocation targetWhere; // the id's token
    bool operator==(const TrackServiceLocation&) const = default;
};

// `vrrp vrid <n> track interface <if> [reduced <r>]`
struct TrackInterface
{
    std::string interfaceName;
    int reduced = 10;
    SourceLocation where;
    SourceLocation targetWhere; // the interface name's token
    bool operator==(const TrackInterface&) const = default;
};

// All `vrrp vrid <n> …` lines of one interface for one VRID.
struct VrrpGroupConfig
{
    int vrid = 0;
    std::optional<Ipv4Address> virtualIp;
    int priority = 100;                   // 1–254; 255 is the address owner
    bool preempt = true;                  // `preempt-mode disable` turns it off
    int preemptDelaySeconds = 0;          // `preempt-mode timer delay <0-10800>`
    int advertIntervalCentiseconds = 100; // `timer advertise <s>` | `… millisecond <ms>`
    int holdingMultiplier = 3;            // `holding-multiplier <3-10>`
    std::vector<TrackServiceLocation> trackServiceLocations;
    std::vector<TrackInterface> trackInterfaces;
    bool admin = false;           // `admin-vrrp vrid <n>`: an mVRRP group
    bool ignoreIfDown = false;    // `admin-vrrp vrid <n> ignore-if-down`
    SourceLocation where;         // the first line that mentions this VRID
    SourceLocation priorityWhere; // the `priority` line, for pair-check findings
    SourceLocation preemptWhere;  // the `preempt-mode` line, for pair-check findings
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
    std::optional<int> slot;           // `location slot <n>`
    std::string remoteBackupInterface; // `remote-backup interface <if> peer <ip>`
    std::optional<Ipv4Address> remoteBackupPeer;
    std::optional<int> vrrpVrid; // `vrrp vrid <n> interface <if>`
    std::string vrrpInterface;
    SourceLocation where;
    // `location slot <n> [{card|engine} <id>] [backup slot <n> [{card|engine} <id>]]`; a backup
    // slot is inter-board backup, which excludes the inter-chassis channel.
    std::optional<int> card;
    std::optional<int> engine;
    std::optional<int> backupSlot;
    std::optional<int> backupCard;
    std::optional<int> backupEngine;
    // `… peer <ip> [authentication-key <key> [hash-algorithm hmac-sha256]]`: the command
    // reference and the configuration guide disagree on the suffix, so both forms are read.
    std::string remoteBackupKey;
    bool remoteBackupHmacSha256 = false;
    SourceLocation slotWhere;
    SourceLocation remoteBackupWhere;  // the interface name's token
    SourceLocation vrrpWhere;          // the VRID's token
    SourceLocation vrrpInterfaceWhere; // the interface name's token
    bool operator==(const ServiceLocationConfig&) const = default;
};

enum class UserRole
{
    Viewer,
    Operator,
    Admin
};
std::string_view toString(UserRole role);
std::optional<UserRole> userRoleFromString(std::string_view text);

// `management user <name> role <viewer|operator|admin> [password-hash <pbkdf2…>]
//  [token-sha256 <hex>]`
struct ManagementUser
{
    std::string name;
    UserRole role = UserRole::Viewer;
    // "pbkdf2-sha256$<iterations>$<salt-b64>$<hash-b64>"; empty: no password login.
    std::string passwordHash;
    // The SHA-256 of the user's API token (`tandem-agent make-token`), 64 lowercase hex
    // digits; empty: no token login. One token per user: each script or CI job gets its own
    // user, so the audit log names it. With neither secret the user logs in only by peer
    // credentials (the OS user of that name on the local socket or the SSH bridge).
    std::string tokenSha256;
    SourceLocation where;
    bool operator==(const ManagementUser&) const = default;
};

// Tandem's own view `tandem-agent`: how the agent software is reached. Not part of VRP.
struct AgentSettings
{
    std::optional<Ipv4Address> managementAddress; // `management listen <ip> port <p> [tls]`
    int managementPort = 7830;
    // `tls` on the listen line: the agent protocol on this listener is TLS 1.2+ with the
    // agent's own key and self-signed certificate; off keeps plain TCP (the lab pair).
    bool managementTls = false;
    int vrrpPort = 11200;    // `vrrp-transport udp port <p>`: adverts as UDP unicast to the peer
    bool labEnabled = false; // `lab enable`
    // `session-table size <n>`: sessions each board's table holds (reserved at start)
    static constexpr std::uint32_t kDefaultSessionTableSize = 1u << 20;
    std::uint32_t sessionTableSize = kDefaultSessionTableSize;
    // `metrics listen <ip> port <p>`: Prometheus /metrics over HTTP; unset: no metrics server
    std::optional<Ipv4Address> metricsAddress;
    int metricsPort = 0;
    std::vector<ManagementUser> users;
    bool operator==(const AgentSettings&) const = default;
};

// `ip vpn-instance <name>`
struct VpnInstanceConfig
{
    std::string name;
    bool ipv4Family = false;        // `ipv4-family`
    std::string routeDistinguisher; // `route-distinguisher <rd>`
    SourceLocation where;
    bool operator==(const VpnInstanceConfig&) const = default;
};

// `remote-backup-service <name>` + `peer <ip> source <ip> port <1024-55535>`: the RBS, the TCP
// backup channel a service-instance-group is bound to.
struct RemoteBackupServiceConfig
{
    std::string name;
    std::optional<Ipv4Address> peer;
    std::optional<Ipv4Address> source;
    int port = 0; // 0 until a `peer` line sets it
    SourceLocation where;
    SourceLocation peerWhere;
    bool operator==(const RemoteBackupServiceConfig&) const = default;
};

// ` service-location <id>` inside a service-instance-group; `where` is the id's token.
struct ServiceLocationMember
{
    int id = 0;
    SourceLocation where;
    bool operator==(const ServiceLocationMember&) const = default;
};

// `service-instance-group <name>`
struct ServiceInstanceGroupConfig
{
    std::string name;
    std::vector<ServiceLocationMember> serviceLocations;
    std::string remoteBackupService; // ` remote-backup-service <name>`
    SourceLocation where;
    SourceLocation remoteBackupServiceWhere; // the name's token
    bool operator==(const ServiceInstanceGroupConfig&) const = default;
};

// `nat address-group <name> group-id <0-127> …`, in one of two forms: an address range
// (`<start> <end>` or `<start> mask <len>`) or `bind-ip-pool <pool> [over-load]`.
struct NatAddressGroup
{
    std::string name;
    int groupId = 0;
    std::optional<Ipv4Address> start;
    std::optional<Ipv4Address> end;  // the `<start> <end>` form
    std::optional<int> prefixLength; // the `<start> mask <len|mask>` form
    std::string vpnInstance;         // `vpn-instance <v>`
    bool noPat = false;              // `no-pat`
    std::string ipPool;              // `bind-ip-pool <pool>`
    bool overLoad = false;           // `over-load`
    SourceLocation where;
    bool operator==(const NatAddressGroup&) const = default;
};

// `nat outbound { <2000-3999> | acl-name <name> | any } address-group <name>`
struct NatOutbound
{
    std::optional<int> acl; // neither acl nor aclName: `any`
    std::string aclName;
    std::string addressGroup;
    SourceLocation where;
    bool operator==(const NatOutbound&) const = default;
};

// `nat ip-address <ip> <16-32> [vpn-instance <v>]`: the address that steers traffic to the
// master chassis in load balancing.
struct NatIpAddress
{
    Ipv4Address address;
    int prefixLength = 32;
    std::string vpnInstance;
    SourceLocation where;
    bool operator==(const NatIpAddress&) const = default;
};

// `nat instance <name> id <1-4095>`
struct NatInstanceConfig
{
    std::string name;
    std::optional<int> id;
    std::string serviceInstanceGroup; // ` service-instance-group <name>`
    std::vector<NatAddressGroup> addressGroups;
    std::vector<NatOutbound> outbounds;
    std::optional<int> portRange; // `port-range <size>`
    std::vector<NatIpAddress> ipAddresses;
    // `nat allow-access { inside vpn-instance <v> | global vpn-instance <v> } *`
    std::string allowAccessInsideVpn;
    std::string allowAccessGlobalVpn;
    SourceLocation where;
    SourceLocation serviceInstanceGroupWhere; // the name's token
    SourceLocation allowAccessWhere;
    const NatAddressGroup* findAddressGroup(std::string_view groupName) const;
    bool operator==(const NatInstanceConfig&) const = default;
};

// ` section <0-255> <start-ip> mask <16-32>`
struct NatIpPoolSection
{
    int id = 0;
    Ipv4Address start;
    int prefixLength = 24;
    SourceLocation where;
    bool operator==(const NatIpPoolSection&) const = default;
};

// `nat ip-pool <name> [dynamic] [vpn-instance <v>] [no-pat] [slave]`
struct NatIpPoolConfig
{
    std::string name;
    bool dynamic = false;
    std::string vpnInstance;
    bool noPat = false;
    bool slave = false; // required on the backup device with load balancing
    std::vector<NatIpPoolSection> sections;
    // ` nat-instance subnet length initial <len> [extend <len>]`
    std::optional<int> subnetInitialLength;
    std::optional<int> subnetExtendLength;
    bool loadBalance = false; // ` nat ip-pool load-balance enable`
    SourceLocation where;
    SourceLocation loadBalanceWhere;
    SourceLocation subnetWhere;
    bool operator==(const NatIpPoolConfig&) const = default;
};

struct DeviceConfig
{
    std::string sysname = "HUAWEI";
    bool hotBackupEnabled = false; // `service-ha hot-backup enable`
    std::vector<InterfaceConfig> interfaces;
    std::vector<ServiceLocationConfig> serviceLocations;
    AgentSettings agent;

    int haDelayTimeSeconds = 1; // `service-ha delay-time <1-300>`
    // `batch-backup service-type nat enable` (on by default) / `… timer-interval <n>`. The
    // reference has no range, unit or default for the interval: Tandem reads seconds, 1–86400,
    // and unset means a batch backup only when the channel comes up.
    bool natBatchBackupEnabled = true;
    std::optional<int> natBatchBackupIntervalSeconds;
    std::vector<VpnInstanceConfig> vpnInstances;
    std::vector<RemoteBackupServiceConfig> remoteBackupServices;
    std::vector<ServiceInstanceGroupConfig> serviceInstanceGroups;
    std::vector<NatIpPoolConfig> natIpPools;
    std::vector<NatInstanceConfig> natInstances;
    SourceLocation hotBackupWhere;

    const InterfaceConfig* findInterface(std::string_view name) const;
    const ServiceLocationConfig* findServiceLocation(int id) const;
    const VpnInstanceConfig* findVpnInstance(std::string_view name) const;
    const RemoteBackupServiceConfig* findRemoteBackupService(std::string_view name) const;
    const ServiceInstanceGroupConfig* findServiceInstanceGroup(std::string_view name) const;
    const NatIpPoolConfig* findNatIpPool(std::string_view name) const;
    const NatInstanceConfig* findNatInstance(std::string_view name) const;
    bool operator==(const DeviceConfig&) const = default;
};

} // namespace tandem::config
