// The traffic generator's packet source: replayable from its seed, the rate and mix it promises.

#include "lab/TrafficMix.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>
#include <vector>

using namespace tandem;
using namespace std::chrono_literals;

namespace {

TEST(TrafficMix, SameSeedSameTrafficOtherSeedOtherTraffic)
{
    lab::TrafficMix a{lab::TrafficMixConfig{}}, b{lab::TrafficMixConfig{}};
    lab::TrafficMixConfig other;
    other.seed = 2;
    lab::TrafficMix c{other};
    const auto pa = a.opens(1000), pb = b.opens(1000), pc = c.opens(1000);
    std::size_t same = 0;
    for (std::size_t i = 0; i < pa.size(); ++i) {
        EXPECT_EQ(pa[i].inside, pb[i].inside);
        EXPECT_EQ(pa[i].remote, pb[i].remote);
        same += pa[i].inside == pc[i].inside;
    }
    EXPECT_LT(same, 10u);
}

TEST(TrafficMix, DefaultMixHasTheDocumentedRateProtocolsAndAddresses)
{
    lab::TrafficMix mix{lab::TrafficMixConfig{}};
    std::array<std::size_t, cgn::kProtocolCount> byProtocol{};
    std::set<std::uint32_t> users;
    std::size_t packets = 0;
    for (int i = 0; i < 1000; ++i) { // one second in 1 ms steps
        const lab::TrafficStep step = mix.step(1ms);
        for (const cgn::OutboundPacket& p : step.packets) {
            ++byProtocol[std::size_t(p.inside.protocol)];
            ASSERT_EQ(p.inside.user.kind, cgn::UserKind::Nat44);
            ASSERT_EQ(p.inside.user.ipv4 & 0xffc00000u, 0x64400000u) << "outside 100.64.0.0/10";
            ASSERT_EQ(p.inside.innerAddress, p.inside.user.ipv4);
            users.insert(p.inside.user.ipv4);
        }
        packets += step.packets.size();
    }
    EXPECT_EQ(packets, 100'000u);
    EXPECT_NEAR(double(byProtocol[0]) / double(packets), 0.60, 0.01);
    EXPECT_NEAR(double(byProtocol[1]) / double(packets), 0.35, 0.01);
    EXPECT_NEAR(double(byProtocol[2]) / double(packets), 0.05, 0.01);
    EXPECT_GE(users.size(), 9'990u); // 100 000 uniform draws leave almost no subscriber out
    EXPECT_LE(users.size(), 10'000u);
}

TEST(TrafficMix, RemotesAreSpreadOverPublicUnicastSpaceNeverOnANetworkOrBroadcastOctet)
{
    // The lab's tables once showed most remotes as 8.0.0.0: the most popular host mapped there.
    lab::TrafficMix mix{lab::TrafficMixConfig{}};
    std::map<std::uint32_t, std::size_t> perRemote;
    std::set<std::uint32_t> firstOctets;
    const std::vector<cgn::OutboundPacket> packets = mix.opens(100'000);
    for (const cgn::OutboundPacket& p : packets) {
        const std::uint32_t a = p.remote.address;
        ++perRemote[a];
        firstOctets.insert(a >> 24);
        ASSERT_NE(a & 0xff, 0u) << std::hex << a;
        ASSERT_NE(a & 0xff, 0xffu) << std::hex << a;
        ASSERT_GE(a >> 24, 1u) << std::hex << a;
        ASSERT_LT(a >> 24, 224u) << std::hex << a;
        for (const auto& [net, length] : std::vector<std::pair<std::uint32_t, int>>{
                 {0x0a000000u, 8}, {0x64400000u, 10}, {0x7f000000u, 8}, {0xac100000u, 12},
                 {0xc0a80000u, 16}, {0xcb007100u, 24}})
            ASSERT_NE(a >> (32 - length), net >> (32 - length)) << std::hex << a;
    }
    EXPECT_NE(perRemote.count(0x08000000u), 1u);
    std::size_t busiest = 0;
    for (const auto& [address, count] : perRemote)
        busiest = std::max(busiest, count);
    // Popular hosts stay popular (a cubed uniform), but no single one takes most of the traffic.
    EXPECT_LT(busiest, packets.size() / 5) << busiest;
    EXPECT_GE(perRemote.size(), 1000u);
    EXPECT_GE(firstOctets.size(), 100u);
}

TEST(TrafficMix, SessionsEndAfterTheirLifetimeAndDsLiteNat64SharesHold)
{
    lab::TrafficMixConfig config;
    config.sessionsPerSecond = 10'000;
    config.meanSessionSeconds = 0.1;
    config.dsLitePercent = 20;
    config.nat64Percent = 10;
    lab::TrafficMix mix(config);
    std::size_t opened = 0, ended = 0, dsLite = 0, nat64 = 0;
    for (int i = 0; i < 200; ++i) {
        const lab::TrafficStep step = mix.step(10ms);
        opened += step.packets.size();
        ended += step.teardowns.size();
        for (const auto& p : step.packets) {
            dsLite += p.inside.user.kind == cgn::UserKind::DsLite;
            nat64 += p.inside.user.kind == cgn::UserKind::Nat64;
        }
    }
    EXPECT_EQ(opened, 20'000u);
    EXPECT_EQ(opened, ended + mix.liveSessions());
    EXPECT_GT(ended, 18'000u); // 2 s of 0.1 s sessions: nearly all ended
    EXPECT_NEAR(double(dsLite) / double(opened), 0.20, 0.02);
    EXPECT_NEAR(double(nat64) / double(opened), 0.10, 0.02);
}

} // namespace
