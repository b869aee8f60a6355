#include "CgnTypes.h"

#include <cstdio>

namespace tandem::cgn {

std::string_view toString(Protocol protocol)
{
    switch (protocol) {
    case Protocol::Tcp: return "tcp";
    case Protocol::Udp: return "udp";
    case Protocol::Icmp: return "icmp";
    }
    return "?";
}

std::string_view toString(UserKind kind)
{
    switch (kind) {
    case UserKind::Nat44: return "NAT444";
    case UserKind::DsLite: return "DS-Lite";
    case UserKind::Nat64: return "NAT64";
    }
    return "?";
}

std::string_view toString(TcpState state)
{
    switch (state) {
    case TcpState::None: return "-";
    case TcpState::SynSent: return "syn-sent";
    case TcpState::Established: return "established";
    case TcpState::Closing: return "closing";
    case TcpState::Reset: return "reset";
    }
    return "?";
}

std::string_view toString(DropReason reason)
{
    switch (reason) {
    case DropReason::None: return "none";
    case DropReason::NoAddressGroup: return "no address group for the user's VPN";
    case DropReason::AddressExhausted: return "address pool exhausted";
    case DropReason::PortBlockExhausted: return "no free port block on the user's public address";
    case DropReason::PortExhausted: return "user's port blocks exhausted";
    case DropReason::UserLimitTotal: return "user total session limit";
    case DropReason::UserLimitTcp: return "user TCP session limit";
    case DropReason::UserLimitUdp: return "user UDP session limit";
    case DropReason::UserLimitIcmp: return "user ICMP session limit";
    case DropReason::SessionTableFull: return "session table full";
    case DropReason::UserTableFull: return "user table full";
    case DropReason::NoMapping: return "no mapping for the outside endpoint";
    case DropReason::NotMaster: return "engine is standby";
    case DropReason::Count: break;
    }
    return "?";
}

std::string ipv4ToString(std::uint32_t address)
{
    char text[16];
    std::snprintf(text, sizeof text, "%u.%u.%u.%u", address >> 24, (address >> 16) & 0xff,
                  (address >> 8) & 0xff, address & 0xff);
    return text;
}

std::string ipv6ToString(const Ipv6Address& address)
{
    // RFC 5952: lower case, the longest run of two or more zero groups shortened to "::".
    std::uint16_t groups[8];
    for (int i = 0; i < 8; ++i)
        groups[i] = std::uint16_t(address[2 * i] << 8 | address[2 * i + 1]);
    int bestStart = -1, bestLength = 0;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0)
            ++j;
        if (j - i > bestLength && j - i >= 2) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    std::string text;
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            text += "::";
            i += bestLength - 1;
            continue;
        }
        if (!text.empty() && text.back() != ':')
            text += ':';
        char group[8];
        std::snprintf(group, sizeof group, "%x", groups[i]);
        text += group;
    }
    return text;
}

std::string UserKey::toString() const
{
    switch (kind) {
    case UserKind::Nat44:
        return vpn == 0 ? ipv4ToString(ipv4) : ipv4ToString(ipv4) + " vpn " + std::to_string(vpn);
    case UserKind::DsLite: return "B4 " + ipv6ToString(ipv6);
    case UserKind::Nat64: return ipv6ToString(ipv6);
    }
    return "?";
}

} // namespace tandem::cgn
