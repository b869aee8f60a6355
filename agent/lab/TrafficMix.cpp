#include "TrafficMix.h"

#include <cmath>

namespace tandem::lab {

using namespace tandem::cgn;

TrafficMix::TrafficMix(const TrafficMixConfig& config)
    : m_config(config), m_state(config.seed)
{
    if (m_config.subscribers == 0)
        m_config.subscribers = 1;
    if (m_config.remoteHosts == 0)
        m_config.remoteHosts = 1;
    m_nextPort.resize(m_config.subscribers);
    for (std::uint16_t& port : m_nextPort)
        port = std::uint16_t(1024 + below(65535 - 1024));
}

// splitmix64: tiny, fast, and the same sequence on every platform.
std::uint64_t TrafficMix::random()
{
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

std::uint32_t TrafficMix::below(std::uint32_t n)
{
    return std::uint32_t(((random() >> 32) * std::uint64_t(n)) >> 32);
}

double TrafficMix::uniform()
{
    return double(random() >> 11) * 0x1.0p-53;
}

UserKey TrafficMix::subscriber(std::uint32_t index) const
{
    // The first subscribers are DS-Lite, then NAT64, the rest NAT44: a fixed split, so that a
    // subscriber's kind never changes between steps.
    const std::uint64_t n = m_config.subscribers;
    const std::uint64_t dsLite = n * m_config.dsLitePercent / 100;
    const std::uint64_t nat64 = n * m_config.nat64Percent / 100;
    Ipv6Address address{0x20, 0x01, 0x0d, 0xb8};
    for (int i = 0; i < 4; ++i)
        address[15 - i] = std::uint8_t(index >> (8 * i));
    if (index < dsLite) {
        address[4] = 0x00;
        address[5] = 0xb4;
        return UserKey::dsLite(address);
    }
    if (index < dsLite + nat64) {
        address[4] = 0x00;
        address[5] = 0x64;
        return UserKey::nat64(address);
    }
    return UserKey::nat44(m_config.vpn, m_config.firstCpe + index);
}

std::uint32_t TrafficMix::remoteAddress(std::uint32_t host)
{
    // Spread the popular hosts over unicast public space, 1.0.0.0 to 223.255.255.255 (a fixed
    // scramble of the index, so host 0 is not 1.0.0.0), outside the special-purpose blocks
    // (RFC 6890) and never on a .0 or .255.
    const auto special = [](std::uint32_t a) {
        const auto in = [a](std::uint32_t net, int length) {
            return (a >> (32 - length)) == (net >> (32 - length));
        };
        return in(0x0a000000u, 8) || in(0x64400000u, 10) || in(0x7f000000u, 8) ||
               in(0xa9fe0000u, 16) || in(0xac100000u, 12) || in(0xc0000000u, 24) ||
               in(0xc0000200u, 24) || in(0xc0a80000u, 16) || in(0xc6120000u, 15) ||
               in(0xc6336400u, 24) || in(0xcb007100u, 24);
    };
    std::uint32_t address = 0;
    for (std::uint32_t salt = 0;; ++salt) {
        std::uint64_t mixed = ((std::uint64_t(salt) << 32) | host) * 0x9e3779b97f4a7c15ull;
        mixed = (mixed ^ (mixed >> 30)) * 0xbf58476d1ce4e5b9ull;
        address = 0x01000000u + std::uint32_t((mixed ^ (mixed >> 31)) % 0xdf000000u);
        if (!special(address))
            break;
    }
    if ((address & 0xff) == 0 || (address & 0xff) == 0xff)
        address ^= 1;
    return address;
}

OutboundPacket TrafficMix::open()
{
    const std::uint32_t index = below(m_config.subscribers);
    OutboundPacket p;
    p.inside.user = subscriber(index);
    switch (p.inside.user.kind) {
    case UserKind::Nat44: p.inside.innerAddress = p.inside.user.ipv4; break;
    case UserKind::DsLite: p.inside.innerAddress = 0xc0a80102 + below(4); break; // 192.168.1.2–5
    case UserKind::Nat64: p.inside.innerAddress = 0; break;
    }
    std::uint16_t& port = m_nextPort[index];
    port = port == 65535 ? 1024 : std::uint16_t(port + 1);
    p.inside.port = port;

    const std::uint32_t host = std::uint32_t(double(m_config.remoteHosts) * std::pow(uniform(), 3.0));
    p.remote.address = remoteAddress(host);
    const unsigned roll = below(100);
    const unsigned pick = below(100);
    if (roll < m_config.tcpPercent) {
        p.inside.protocol = Protocol::Tcp;
        p.remote.port = pick < 80 ? 443 : 80;
        p.tcpFlags = tcp::kSyn;
    } else if (roll < m_config.tcpPercent + m_config.udpPercent) {
        p.inside.protocol = Protocol::Udp;
        p.remote.port = pick < 40 ? 53 : pick < 80 ? 443 : std::uint16_t(1024 + below(64512));
    } else {
        p.inside.protocol = Protocol::Icmp;
        p.remote.port = 0;
    }
    if (m_config.meanSessionSeconds > 0) {
        const double seconds = -std::log1p(-uniform()) * m_config.meanSessionSeconds;
        m_ends.push({m_now + std::chrono::microseconds(std::int64_t(seconds * 1e6)), p.inside});
    }
    return p;
}

TrafficStep TrafficMix::step(std::chrono::microseconds dt)
{
    TrafficStep out;
    m_credit += m_config.sessionsPerSecond * double(dt.count()) / 1e6;
    const auto count = std::size_t(m_credit);
    m_credit -= double(count);
    out.packets.reserve(count);
    const std::chrono::microseconds start = m_now;
    for (std::size_t i = 0; i < count; ++i) {
        // Spread the opens over the step so their end times are spread too.
        m_now = start + dt * std::int64_t(i) / std::int64_t(count);
        out.packets.push_back(open());
    }
    m_now = start + dt;
    while (!m_ends.empty() && m_ends.top().at <= m_now) {
        out.teardowns.push_back(m_ends.top().inside);
        m_ends.pop();
    }
    return out;
}

std::vector<OutboundPacket> TrafficMix::opens(std::size_t count)
{
    std::vector<OutboundPacket> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        out.push_back(open());
    return out;
}

} // namespace tandem::lab
