#pragma once

// Vocabulary of one CGN engine (one service board's CPU): who a user is, what a session is
// keyed on, the limits and timers the engine enforces and the reasons it refuses a packet.
// Plain C++, no Qt, no I/O: the HA layer and the benchmarks drive it with an explicit clock.

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace tandem::cgn {

// Engine time in whole seconds on the caller's monotonic clock. Aging needs nothing finer and
// 32 bits keep sessions small; a device would have to run 136 years to wrap it.
using Seconds = std::uint32_t;

using VpnId = std::uint16_t; // 0 = the public network; ids come from `ip vpn-instance`

enum class Protocol : std::uint8_t { Tcp = 0, Udp = 1, Icmp = 2 };
inline constexpr int kProtocolCount = 3;
std::string_view toString(Protocol protocol);

// How a subscriber reaches the CGN (RFC 6888 NAT444, RFC 6333 DS-Lite, RFC 6146 NAT64).
enum class UserKind : std::uint8_t { Nat44 = 0, DsLite = 1, Nat64 = 2 };
std::string_view toString(UserKind kind);

using Ipv6Address = std::array<std::uint8_t, 16>;

std::string ipv4ToString(std::uint32_t address);
std::string ipv6ToString(const Ipv6Address& address);

// Identifies a user: (VPN, CPE IPv4) for NAT44/NAT444, the B4's IPv6 address for DS-Lite, the
// IPv6 source for NAT64. Unused fields are zero so that equal users compare equal bytewise.
struct UserKey
{
    UserKind kind = UserKind::Nat44;
    VpnId vpn = 0;
    std::uint32_t ipv4 = 0;
    Ipv6Address ipv6{};

    static UserKey nat44(VpnId vpn, std::uint32_t cpe) { return {UserKind::Nat44, vpn, cpe, {}}; }
    static UserKey dsLite(const Ipv6Address& b4) { return {UserKind::DsLite, 0, 0, b4}; }
    static UserKey nat64(const Ipv6Address& source) { return {UserKind::Nat64, 0, 0, source}; }
    // Field by field, the address as two words: this runs on every lookup, and a defaulted
    // comparison of the array calls memcmp.
    bool operator==(const UserKey& o) const
    {
        if (kind != o.kind || vpn != o.vpn || ipv4 != o.ipv4)
            return false;
        std::uint64_t a[2], b[2];
        std::memcpy(a, ipv6.data(), 16);
        std::memcpy(b, o.ipv6.data(), 16);
        return ((a[0] ^ b[0]) | (a[1] ^ b[1])) == 0;
    }
    std::string toString() const;
};

// The inside half of a mapping. `innerAddress` is the CPE address for NAT44, the host's inner
// IPv4 address for DS-Lite (several hosts behind one B4) and 0 for NAT64.
struct InsideEndpoint
{
    UserKey user;
    std::uint32_t innerAddress = 0;
    std::uint16_t port = 0; // ICMP: the query identifier
    Protocol protocol = Protocol::Udp;
    bool operator==(const InsideEndpoint&) const = default;
};

// The public half: unique per engine (address groups of one engine may not overlap).
struct OutsideEndpoint
{
    std::uint32_t address = 0;
    std::uint16_t port = 0;
    Protocol protocol = Protocol::Udp;
    bool operator==(const OutsideEndpoint&) const = default;
};

// The remote host a mapping was last used towards (shown by `display nat session table`;
// filtering is endpoint-independent, so it decides nothing).
struct RemoteEndpoint
{
    std::uint32_t address = 0;
    std::uint16_t port = 0;
    bool operator==(const RemoteEndpoint&) const = default;
};

// Enough TCP tracking for the RFC 5382 / RFC 7857 timers.
enum class TcpState : std::uint8_t {
    None = 0,        // UDP / ICMP
    SynSent = 1,     // opened from the inside (or picked up mid-flow): transitory
    Established = 2, // a packet other than FIN / RST has come back from the outside
    Closing = 3,     // FIN seen: transitory
    Reset = 4,       // RST seen: held for the RST hold time (RFC 7857 §2.2), then removed
};
std::string_view toString(TcpState state);

// TCP flags as on the wire.
namespace tcp {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kAck = 0x10;
} // namespace tcp

// Session timers (seconds). Defaults are the RFC values: RFC 4787 REQ-5 UDP ≥ 2 min (5 min
// recommended), RFC 5382 REQ-5 established ≥ 2 h 4 min and transitory 4 min, RFC 5508 ICMP 60 s,
// RFC 7857 §2.2 hold an entry 4 min after a RST.
struct Timeouts
{
    Seconds udp = 300;
    Seconds tcpEstablished = 7440;
    Seconds tcpTransitory = 240;
    Seconds tcpReset = 240;
    Seconds icmp = 60;
    bool operator==(const Timeouts&) const = default;
};

// Per-user limits as `display nat user-information` shows them (Total/TCP/UDP/ICMP Session
// Limit : 8192/10240/10240/512).
struct UserLimits
{
    std::uint32_t total = 8192;
    std::uint32_t tcp = 10240;
    std::uint32_t udp = 10240;
    std::uint32_t icmp = 512;
    bool operator==(const UserLimits&) const = default;
};

// `section <n> <start> <end>` of an address group / ip-pool.
struct AddressRange
{
    std::uint32_t first = 0;
    std::uint32_t last = 0; // inclusive
    bool operator==(const AddressRange&) const = default;
};

// `nat address-group <name> …`: public addresses for the users of one VPN instance.
struct AddressGroup
{
    std::string name;
    VpnId vpn = 0;
    std::vector<AddressRange> sections;
    bool operator==(const AddressGroup&) const = default;
};

struct EngineConfig
{
    std::uint32_t maxSessions = 1u << 20; // the board's licensed session table size
    std::uint32_t maxUsers = 1u << 16;
    std::uint16_t firstPort = 1024; // ports below are never allocated (RFC 6888 REQ-4 …)
    std::uint16_t lastPort = 65535;
    std::uint16_t portBlockSize = 64;  // `port-range`: ports per block
    std::uint16_t blocksPerUser = 1;   // how many blocks one user may hold
    Seconds portHold = 120;            // RFC 6888 REQ-8: a freed port waits this long
    Seconds syncRefreshGranularity = 32; // see CgnEngine::outbound: refresh records at most this often
    Timeouts timeouts;
    UserLimits limits;
    std::vector<AddressGroup> groups;
    std::uint64_t randomSeed = 0; // 0: seeded from std::random_device
    bool operator==(const EngineConfig&) const = default;
};

// Why the engine refused to create a mapping — each counted like a device's drop counters.
enum class DropReason : std::uint8_t {
    None = 0,
    NoAddressGroup,      // no address group serves the user's VPN
    AddressExhausted,    // no public address has a free port block for a new user
    PortBlockExhausted,  // the user's public address has no free block for another one
    PortExhausted,       // the user's blocks have no free port (some may be held)
    UserLimitTotal,
    UserLimitTcp,
    UserLimitUdp,
    UserLimitIcmp,
    SessionTableFull,
    UserTableFull,
    NoMapping,           // inbound packet for an outside endpoint nobody holds
    NotMaster,           // a standby engine does not create mappings
    Count
};
std::string_view toString(DropReason reason);

} // namespace tandem::cgn
