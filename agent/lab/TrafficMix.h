#pragma once

// The traffic generator's packet source: which subscriber opens which session towards whom, and
// when sessions end. Plain C++, deterministic from a seed (its own PRNG, not <random>'s
// implementation-defined distributions), so a drill or benchmark replays the same traffic.
//
// Default mix, chosen to resemble a residential CGN (documented figures, not measured ones):
//   - 10 000 NAT44 subscribers, CPE addresses from 100.64.0.1 (RFC 6598 shared space), VPN 0;
//     optional shares of DS-Lite B4s (2001:db8:b4::/64, hosts 192.168.1.x behind each) and
//     NAT64 hosts (2001:db8:64::/64)
//   - 60 % TCP (443: 80 %, 80: 20 %), 35 % UDP (53: 40 %, 443/QUIC: 40 %, a high port: 20 %),
//     5 % ICMP echo (remote port 0, the identifier as inside port)
//   - remote hosts drawn from 4096 popular destinations, skewed (index = N·u³), as a few CDNs
//     and resolvers take most of a subscriber base's traffic
//   - session lifetimes exponential with a 30 s mean (churn); each subscriber's inside ports
//     count up from a random start, as a host's ephemeral port allocator does
//   - 100 000 session creates per second

#include "cgn/CgnEngine.h"

#include <chrono>
#include <cstdint>
#include <queue>
#include <vector>

namespace tandem::lab {

struct TrafficMixConfig
{
    std::uint32_t subscribers = 10'000;
    std::uint32_t firstCpe = 0x64400001; // 100.64.0.1
    cgn::VpnId vpn = 0;
    unsigned dsLitePercent = 0; // of subscribers
    unsigned nat64Percent = 0;
    double sessionsPerSecond = 100'000;
    double meanSessionSeconds = 30; // 0: sessions never end
    unsigned tcpPercent = 60;
    unsigned udpPercent = 35; // the rest is ICMP
    std::uint32_t remoteHosts = 4096;
    std::uint64_t seed = 1;
};

// What the generator wants to happen in one time step: new sessions' first packets, and
// sessions that end (the driver looks each up with findInside and removes it).
struct TrafficStep
{
    std::vector<cgn::OutboundPacket> packets;
    std::vector<cgn::InsideEndpoint> teardowns;
};

class TrafficMix final
{
public:
    explicit TrafficMix(const TrafficMixConfig& config);

    // The traffic of the next `dt`: rate × dt session opens (the fraction carried over) and the
    // teardowns whose lifetime ran out by the end of the step.
    TrafficStep step(std::chrono::microseconds dt);
    // Exactly `count` session opens, ignoring the clock (for benchmarks that want a fixed size).
    std::vector<cgn::OutboundPacket> opens(std::size_t count);

    const TrafficMixConfig& config() const { return m_config; }
    std::chrono::microseconds now() const { return m_now; }
    std::size_t liveSessions() const { return m_ends.size(); }
    // The engine's user key of subscriber `index` (0 ≤ index < subscribers).
    cgn::UserKey subscriber(std::uint32_t index) const;
    // The address of remote host `host` (0: the most popular): public unicast, spread.
    static std::uint32_t remoteAddress(std::uint32_t host);

private:
    std::uint64_t random();
    std::uint32_t below(std::uint32_t n); // uniform in [0, n)
    double uniform();                     // [0, 1)
    cgn::OutboundPacket open();

    struct End
    {
        std::chrono::microseconds at;
        cgn::InsideEndpoint inside;
        bool operator>(const End& other) const { return at > other.at; }
    };

    TrafficMixConfig m_config;
    std::uint64_t m_state;
    std::chrono::microseconds m_now{0};
    double m_credit = 0; // session opens owed by the rate, carried between steps
    std::vector<std::uint16_t> m_nextPort; // per subscriber
    std::priority_queue<End, std::vector<End>, std::greater<>> m_ends;
};

} // namespace tandem::lab
