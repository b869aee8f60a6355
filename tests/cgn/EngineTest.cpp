// The CGN engine's RFC behaviours, one by one, on a virtual clock.

#include "cgn/CgnEngine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace tandem::cgn;

namespace {

constexpr std::uint32_t kPool = 0xcb007100;  // 203.0.113.0
constexpr std::uint32_t kPool2 = 0xc6336400; // 198.51.100.0
constexpr std::uint32_t kCpe = 0x64400001;   // 100.64.0.1
constexpr RemoteEndpoint kDns{0x08080808, 53};
constexpr RemoteEndpoint kWeb{0x5db8d822, 443};
constexpr Seconds kT0 = 5000;

EngineConfig smallConfig()
{
    EngineConfig c;
    c.maxSessions = 4096;
    c.maxUsers = 256;
    c.portBlockSize = 256;
    c.blocksPerUser = 2;
    c.randomSeed = 1;
    c.groups.push_back({"public", 0, {{kPool, kPool + 3}}});
    c.groups.push_back({"vpn7", 7, {{kPool2, kPool2}}});
    return c;
}

std::unique_ptr<CgnEngine> make(const EngineConfig& c = smallConfig())
{
    std::string error;
    auto engine = CgnEngine::create(c, &error);
    EXPECT_TRUE(engine) << error;
    return engine;
}

InsideEndpoint udp(std::uint32_t cpe, std::uint16_t port, VpnId vpn = 0)
{
    return {UserKey::nat44(vpn, cpe), cpe, port, Protocol::Udp};
}
InsideEndpoint tcpIn(std::uint32_t cpe, std::uint16_t port)
{
    return {UserKey::nat44(0, cpe), cpe, port, Protocol::Tcp};
}

class RecordingSink final : public ChangeSink
{
public:
    void consume(std::span<const ChangeRecord> records) override
    {
        this->records.insert(this->records.end(), records.begin(), records.end());
    }
    std::vector<RecordType> types() const
    {
        std::vector<RecordType> t;
        for (const auto& r : records)
            t.push_back(r.type);
        return t;
    }
    std::vector<ChangeRecord> records;
};

std::uint64_t drops(const CgnEngine& e, DropReason reason)
{
    return e.counts().drops[std::size_t(reason)];
}

// --- Mapping and filtering (RFC 4787 / 5382) ----------------------------------------------

TEST(CgnEngineTest, EndpointIndependentMappingReusesTheMappingForEveryRemote)
{
    auto e = make();
    const SetupResult first = e->outbound(udp(kCpe, 5000), kDns, 0, kT0);
    ASSERT_TRUE(first.ok());
    EXPECT_TRUE(first.created);
    const SetupResult second = e->outbound(udp(kCpe, 5000), kWeb, 0, kT0 + 1);
    EXPECT_FALSE(second.created);
    EXPECT_EQ(second.session, first.session);
    EXPECT_EQ(second.outside, first.outside);
    EXPECT_EQ(e->counts().sessions, 1u);
    EXPECT_EQ(e->session(first.session)->remote, kWeb); // shown: the last remote used
}

TEST(CgnEngineTest, EndpointIndependentFilteringLetsAnyRemoteInButOnlyToAMapping)
{
    auto e = make();
    const SetupResult out = e->outbound(udp(kCpe, 5000), kDns, 0, kT0);
    const SetupResult in = e->inbound(out.outside, {0x01020304, 9999}, 0, kT0 + 1);
    ASSERT_TRUE(in.ok());
    EXPECT_EQ(in.session, out.session);

    const OutsideEndpoint nobody{out.outside.address, std::uint16_t(out.outside.port + 1), Protocol::Udp};
    const SetupResult refused = e->inbound(nobody, kDns, 0, kT0 + 1);
    EXPECT_EQ(refused.drop, DropReason::NoMapping);
    EXPECT_EQ(drops(*e, DropReason::NoMapping), 1u);
    // The same port number in another protocol is another endpoint.
    EXPECT_EQ(e->inbound({out.outside.address, out.outside.port, Protocol::Tcp}, kDns, 0, kT0).drop,
              DropReason::NoMapping);
}

TEST(CgnEngineTest, LookupsWorkInBothDirectionsScalarAndVectored)
{
    auto e = make();
    std::vector<InsideEndpoint> inside;
    std::vector<OutsideEndpoint> outside;
    for (std::uint16_t p = 0; p < 100; ++p) {
        inside.push_back(udp(kCpe + p % 7, std::uint16_t(1000 + p)));
        outside.push_back(e->outbound(inside.back(), kDns, 0, kT0).outside);
    }
    inside.push_back(udp(kCpe + 99, 1)); // nobody
    outside.push_back({kPool, 1, Protocol::Udp});
    std::vector<SessionId> a(inside.size()), b(inside.size());
    e->findInside(inside, a);
    e->findOutside(outside, b);
    for (std::size_t i = 0; i < inside.size(); ++i) {
        EXPECT_EQ(a[i], e->findInside(inside[i]));
        EXPECT_EQ(b[i], e->findOutside(outside[i]));
        EXPECT_EQ(a[i], b[i]);
    }
    EXPECT_EQ(a.back(), kNoSession);
}

TEST(CgnEngineTest, VectoredSetupGivesTheSameMappingsAsOnePacketAtATime)
{
    auto scalar = make();
    auto vectored = make();
    std::vector<OutboundPacket> packets;
    for (std::uint16_t p = 0; p < 300; ++p) // repeats inside one vector reuse the mapping
        packets.push_back({udp(kCpe + p % 13, std::uint16_t(2000 + p % 111)), kDns, 0});
    std::vector<SetupResult> results(packets.size());
    vectored->outbound(packets, results, kT0);
    for (std::size_t i = 0; i < packets.size(); ++i) {
        const SetupResult r = scalar->outbound(packets[i].inside, kDns, 0, kT0);
        EXPECT_EQ(results[i].outside, r.outside) << i;
        EXPECT_EQ(results[i].created, r.created) << i;
        EXPECT_EQ(vectored->findOutside(results[i].outside), results[i].session);
    }
    EXPECT_EQ(vectored->digest(), scalar->digest());
}

// --- Pooling and port blocks (RFC 6888 / 7422) --------------------------------------------

TEST(CgnEngineTest, PairedPoolingKeepsOnePublicAddressAcrossProtocolsAndBlocks)
{
    EngineConfig c = smallConfig();
    c.portBlockSize = 8;
    c.blocksPerUser = 3;
    auto e = make(c);
    std::set<std::uint32_t> addresses;
    std::set<std::uint16_t> blocks;
    for (std::uint16_t p = 0; p < 20; ++p) {
        for (Protocol proto : {Protocol::Udp, Protocol::Tcp}) {
            const SetupResult r = e->outbound({UserKey::nat44(0, kCpe), kCpe, std::uint16_t(100 + p), proto},
                                              kDns, tcp::kSyn, kT0);
            ASSERT_TRUE(r.ok()) << toString(r.drop);
            addresses.insert(r.outside.address);
            blocks.insert(std::uint16_t((r.outside.port - 1024) / 8));
        }
    }
    EXPECT_EQ(addresses.size(), 1u);
    EXPECT_EQ(blocks.size(), 3u); // 20 ports per protocol need three blocks of 8
    const auto user = e->user(UserKey::nat44(0, kCpe));
    ASSERT_TRUE(user);
    EXPECT_EQ(user->blocks.size(), 3u);
    EXPECT_EQ(user->publicAddress, *addresses.begin());
    EXPECT_EQ(user->sessions[std::size_t(Protocol::Udp)], 20u);
    EXPECT_EQ(user->totalSessions, 40u);
    // A fourth block is not allowed: the 25th UDP port has nowhere to go.
    for (std::uint16_t p = 20; p < 24; ++p)
        EXPECT_TRUE(e->outbound(udp(kCpe, std::uint16_t(100 + p)), kDns, 0, kT0).ok());
    EXPECT_EQ(e->outbound(udp(kCpe, 200), kDns, 0, kT0).drop, DropReason::PortExhausted);
    EXPECT_EQ(drops(*e, DropReason::PortExhausted), 1u);
}

TEST(CgnEngineTest, PortsStayInsideTheUsersBlockAndAreHardToGuess)
{
    auto a = make();
    EngineConfig other = smallConfig();
    other.randomSeed = 2;
    auto b = make(other);
    std::vector<std::uint16_t> portsA, portsB;
    for (std::uint16_t p = 0; p < 50; ++p) {
        portsA.push_back(a->outbound(udp(kCpe, std::uint16_t(3000 + p)), kDns, 0, kT0).outside.port);
        portsB.push_back(b->outbound(udp(kCpe, std::uint16_t(3000 + p)), kDns, 0, kT0).outside.port);
    }
    const auto user = a->user(UserKey::nat44(0, kCpe));
    ASSERT_TRUE(user);
    for (std::uint16_t port : portsA) {
        EXPECT_GE(port, user->blocks[0].firstPort);
        EXPECT_LE(port, user->blocks[0].lastPort);
        EXPECT_GE(port, 1024);
    }
    EXPECT_NE(portsA, portsB); // another device (seed) picks other ports
    int sequential = 0;
    for (std::size_t i = 1; i < portsA.size(); ++i)
        sequential += portsA[i] == portsA[i - 1] + 1;
    EXPECT_LT(sequential, 10); // not simply counting up
}

TEST(CgnEngineTest, AFreedPortIsNotReusedForTwoMinutes)
{
    EngineConfig c = smallConfig();
    c.portBlockSize = 1; // one UDP port per user: reuse would be forced at once
    c.blocksPerUser = 1;
    auto e = make(c);
    const SetupResult first = e->outbound(udp(kCpe, 1), kDns, 0, kT0);
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(e->remove(first.session, kT0));
    EXPECT_EQ(e->counts().heldPorts, 1u);
    EXPECT_EQ(e->outbound(udp(kCpe, 2), kDns, 0, kT0 + 1).drop, DropReason::PortExhausted);
    e->advance(kT0 + 119);
    EXPECT_EQ(e->outbound(udp(kCpe, 2), kDns, 0, kT0 + 119).drop, DropReason::PortExhausted);
    e->advance(kT0 + 120);
    EXPECT_TRUE(e->outbound(udp(kCpe, 2), kDns, 0, kT0 + 120).ok());
}

TEST(CgnEngineTest, AUserOutlivesItsSessionsUntilItsHeldPortsAreFree)
{
    auto e = make();
    RecordingSink sink;
    e->setSink(&sink);
    const SetupResult r = e->outbound(udp(kCpe, 7), kDns, 0, kT0);
    e->remove(r.session, kT0 + 10);
    e->advance(kT0 + 129);
    EXPECT_TRUE(e->user(UserKey::nat44(0, kCpe)));
    e->advance(kT0 + 130);
    e->flush();
    EXPECT_FALSE(e->user(UserKey::nat44(0, kCpe)));
    EXPECT_EQ(e->counts().users, 0u);
    EXPECT_EQ(e->counts().portBlocksUsed, 0u);
    EXPECT_EQ(sink.types(), (std::vector<RecordType>{RecordType::UserCreate, RecordType::BlockAlloc,
                                                     RecordType::SessionCreate, RecordType::SessionDelete,
                                                     RecordType::BlockFree, RecordType::UserDelete}));
}

TEST(CgnEngineTest, UserLimitsRefuseWithTheirOwnReason)
{
    EngineConfig c = smallConfig();
    c.limits = {5, 3, 4, 1};
    auto e = make(c);
    auto in = [](Protocol p, std::uint16_t port) {
        return InsideEndpoint{UserKey::nat44(0, kCpe), kCpe, port, p};
    };
    for (std::uint16_t p = 0; p < 3; ++p)
        ASSERT_TRUE(e->outbound(in(Protocol::Tcp, p), kWeb, tcp::kSyn, kT0).ok());
    EXPECT_EQ(e->outbound(in(Protocol::Tcp, 10), kWeb, tcp::kSyn, kT0).drop, DropReason::UserLimitTcp);
    ASSERT_TRUE(e->outbound(in(Protocol::Icmp, 1), kWeb, 0, kT0).ok());
    EXPECT_EQ(e->outbound(in(Protocol::Icmp, 2), kWeb, 0, kT0).drop, DropReason::UserLimitIcmp);
    ASSERT_TRUE(e->outbound(in(Protocol::Udp, 1), kWeb, 0, kT0).ok());
    EXPECT_EQ(e->outbound(in(Protocol::Udp, 2), kWeb, 0, kT0).drop, DropReason::UserLimitTotal);
    EXPECT_EQ(drops(*e, DropReason::UserLimitTcp), 1u);
    EXPECT_EQ(drops(*e, DropReason::UserLimitIcmp), 1u);
    EXPECT_EQ(drops(*e, DropReason::UserLimitTotal), 1u);
    // An existing mapping still works at the limit.
    EXPECT_TRUE(e->outbound(in(Protocol::Tcp, 0), kWeb, tcp::kAck, kT0).ok());
    // Another user is not affected.
    EXPECT_TRUE(e->outbound(udp(kCpe + 1, 1), kDns, 0, kT0).ok());
}

TEST(CgnEngineTest, ExhaustedPoolsAndTablesRefuseWithTheirReason)
{
    EngineConfig c = smallConfig();
    c.groups = {{"tiny", 0, {{kPool, kPool}}}};
    c.portBlockSize = 32256; // two blocks per address
    c.blocksPerUser = 1;
    auto e = make(c);
    EXPECT_TRUE(e->outbound(udp(kCpe, 1), kDns, 0, kT0).ok());
    EXPECT_TRUE(e->outbound(udp(kCpe + 1, 1), kDns, 0, kT0).ok());
    EXPECT_EQ(e->outbound(udp(kCpe + 2, 1), kDns, 0, kT0).drop, DropReason::AddressExhausted);
    EXPECT_EQ(e->outbound(udp(kCpe, 1, 9), kDns, 0, kT0).drop, DropReason::NoAddressGroup);

    EngineConfig t = smallConfig();
    t.maxSessions = 2;
    t.maxUsers = 1;
    auto f = make(t);
    EXPECT_TRUE(f->outbound(udp(kCpe, 1), kDns, 0, kT0).ok());
    EXPECT_EQ(f->outbound(udp(kCpe + 1, 1), kDns, 0, kT0).drop, DropReason::UserTableFull);
    EXPECT_TRUE(f->outbound(udp(kCpe, 2), kDns, 0, kT0).ok());
    EXPECT_EQ(f->outbound(udp(kCpe, 3), kDns, 0, kT0).drop, DropReason::SessionTableFull);
    EXPECT_EQ(f->counts().sessions, 2u);
}

TEST(CgnEngineTest, NewUsersGetOnlyAllocatableAddressesAndExistingOnesKeepTheirs)
{
    // A load-balanced location: the engine has the whole pool, its subnets are allocatable.
    EngineConfig c = smallConfig();
    c.groups = {{"pool", 0, {{kPool, kPool + 7}}}};
    c.portBlockSize = 32256; // two blocks per address
    c.blocksPerUser = 1;
    auto e = make(c);
    EXPECT_EQ(e->setAllocatable({kPool, kPool + 7}, false), 8u);
    EXPECT_EQ(e->outbound(udp(kCpe, 1), kDns, 0, kT0).drop, DropReason::AddressExhausted);
    e->setAllocatable({kPool + 4, kPool + 5}, true);
    EXPECT_EQ(e->usage({kPool, kPool + 7}).blocksFree, 4u);
    std::set<std::uint32_t> given;
    for (std::uint32_t i = 0; i < 4; ++i) {
        const SetupResult r = e->outbound(udp(kCpe + i, 1), kDns, 0, kT0);
        ASSERT_TRUE(r.ok()) << i;
        given.insert(r.outside.address);
    }
    EXPECT_EQ(given, (std::set<std::uint32_t>{kPool + 4, kPool + 5}));
    EXPECT_EQ(e->outbound(udp(kCpe + 9, 1), kDns, 0, kT0).drop, DropReason::AddressExhausted);
    const RangeUsage full = e->usage({kPool + 4, kPool + 5});
    EXPECT_EQ(full.addresses, 2u);
    EXPECT_EQ(full.blocksUsed, 4u);
    EXPECT_EQ(full.blocksTotal, 4u);
    EXPECT_EQ(full.blocksFree, 0u);

    // Taken away: the users on it keep their address and sessions, a freed block is not
    // handed to anyone new.
    e->setAllocatable({kPool + 4, kPool + 4}, false);
    const SetupResult again = e->outbound(udp(kCpe, 2), kDns, 0, kT0);
    ASSERT_TRUE(again.ok());
    const std::uint32_t kept = again.outside.address;
    EXPECT_TRUE(kept == kPool + 4 || kept == kPool + 5);
    for (std::uint32_t i = 0; i < 4; ++i) {
        const SessionId id = e->findInside(udp(kCpe + i, 1));
        if (e->session(id)->outside.address == kPool + 4)
            e->remove(id, kT0);
    }
    e->advance(kT0 + 1000); // held ports end, the users go, their blocks are free
    EXPECT_EQ(e->usage({kPool + 4, kPool + 4}).blocksFree, 0u);
    for (std::uint32_t i = 10; i < 14; ++i) {
        const SetupResult r = e->outbound(udp(kCpe + i, 1), kDns, 0, kT0 + 1000);
        if (r.ok()) {
            EXPECT_EQ(r.outside.address, kPool + 5) << i;
        }
    }
    // Given back: allocatable again.
    e->setAllocatable({kPool + 4, kPool + 4}, true);
    EXPECT_TRUE(e->outbound(udp(kCpe + 20, 1), kDns, 0, kT0 + 1000).ok());
}

// --- Users: NAT44 with VPNs, DS-Lite, NAT64 ------------------------------------------------

TEST(CgnEngineTest, VpnInstancesSeparateUsersAndUseTheirOwnAddressGroup)
{
    auto e = make();
    const SetupResult global = e->outbound(udp(kCpe, 5000, 0), kDns, 0, kT0);
    const SetupResult vpn = e->outbound(udp(kCpe, 5000, 7), kDns, 0, kT0);
    ASSERT_TRUE(global.ok());
    ASSERT_TRUE(vpn.ok());
    EXPECT_TRUE(vpn.created);
    EXPECT_NE(global.session, vpn.session);
    EXPECT_EQ(vpn.outside.address, kPool2);
    EXPECT_NE(global.outside.address, kPool2);
    EXPECT_EQ(e->counts().users, 2u);
}

TEST(CgnEngineTest, DsLiteUsersAreB4sAndTheirHostsMayShareInnerAddresses)
{
    auto e = make();
    Ipv6Address b4a{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    Ipv6Address b4b = b4a;
    b4b[15] = 2;
    const std::uint32_t host = 0xc0a80102; // 192.168.1.2 behind both B4s
    const SetupResult a = e->outbound({UserKey::dsLite(b4a), host, 4000, Protocol::Udp}, kDns, 0, kT0);
    const SetupResult b = e->outbound({UserKey::dsLite(b4b), host, 4000, Protocol::Udp}, kDns, 0, kT0);
    const SetupResult a2 =
        e->outbound({UserKey::dsLite(b4a), host + 1, 4000, Protocol::Udp}, kDns, 0, kT0);
    ASSERT_TRUE(a.ok() && b.ok() && a2.ok());
    EXPECT_TRUE(b.created);
    EXPECT_TRUE(a2.created);
    EXPECT_NE(a.outside, b.outside);
    EXPECT_EQ(a.outside.address, a2.outside.address); // one B4, one public address
    EXPECT_EQ(e->counts().users, 2u);
    EXPECT_EQ(e->user(UserKey::dsLite(b4a))->totalSessions, 2u);
    EXPECT_EQ(e->findInside({UserKey::dsLite(b4b), host, 4000, Protocol::Udp}), b.session);
}

TEST(CgnEngineTest, Nat64UsersAreKeyedByIpv6Source)
{
    auto e = make();
    Ipv6Address src{0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42};
    const InsideEndpoint in{UserKey::nat64(src), 0, 33000, Protocol::Tcp};
    const SetupResult r = e->outbound(in, kWeb, tcp::kSyn, kT0);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(e->findOutside(r.outside), r.session);
    EXPECT_EQ(e->session(r.session)->inside.user, UserKey::nat64(src));
    EXPECT_EQ(UserKey::nat64(src).toString(), "2001:db8:1::42");
    // An IPv4 user with the same low bits is someone else.
    EXPECT_EQ(e->findInside({UserKey::nat44(0, 0x42), 0, 33000, Protocol::Tcp}), kNoSession);
}

// --- Timers ---------------------------------------------------------------------------------

TEST(CgnEngineTest, UdpMappingsAgeFiveMinutesAfterTheLastOutboundPacket)
{
    auto e = make();
    const SetupResult r = e->outbound(udp(kCpe, 5000), kDns, 0, kT0);
    e->outbound(udp(kCpe, 5000), kDns, 0, kT0 + 100); // refresh
    e->advance(kT0 + 399);
    EXPECT_TRUE(e->session(r.session));
    e->advance(kT0 + 400);
    EXPECT_FALSE(e->session(r.session));
    EXPECT_EQ(e->counts().aged, 1u);
    EXPECT_EQ(e->findOutside(r.outside), kNoSession);
}

TEST(CgnEngineTest, IcmpMappingsAgeAfterSixtySeconds)
{
    auto e = make();
    const SetupResult r = e->outbound({UserKey::nat44(0, kCpe), kCpe, 77, Protocol::Icmp}, kDns, 0, kT0);
    e->advance(kT0 + 59);
    EXPECT_TRUE(e->session(r.session));
    e->advance(kT0 + 60);
    EXPECT_FALSE(e->session(r.session));
}

TEST(CgnEngineTest, TcpTimersFollowTheConnection)
{
    auto e = make();
    const SetupResult syn = e->outbound(tcpIn(kCpe, 40000), kWeb, tcp::kSyn, kT0);
    EXPECT_EQ(e->session(syn.session)->tcpState, TcpState::SynSent);
    EXPECT_EQ(e->session(syn.session)->expires, kT0 + 240);
    e->inbound(syn.outside, kWeb, tcp::kSyn | tcp::kAck, kT0 + 1);
    EXPECT_EQ(e->session(syn.session)->tcpState, TcpState::Established);
    EXPECT_EQ(e->session(syn.session)->expires, kT0 + 1 + 7440); // 2 h 4 min
    e->advance(kT0 + 7000);
    EXPECT_TRUE(e->session(syn.session));
    e->outbound(tcpIn(kCpe, 40000), kWeb, tcp::kFin | tcp::kAck, kT0 + 7000);
    EXPECT_EQ(e->session(syn.session)->tcpState, TcpState::Closing);
    EXPECT_EQ(e->session(syn.session)->expires, kT0 + 7000 + 240);
    e->advance(kT0 + 7239);
    EXPECT_TRUE(e->session(syn.session));
    e->advance(kT0 + 7240);
    EXPECT_FALSE(e->session(syn.session));
}

TEST(CgnEngineTest, ARstHoldsTheMappingFourMinutesAndLaterPacketsDoNotExtendIt)
{
    auto e = make();
    const SetupResult r = e->outbound(tcpIn(kCpe, 40001), kWeb, tcp::kSyn, kT0);
    e->inbound(r.outside, kWeb, tcp::kSyn | tcp::kAck, kT0);
    e->inbound(r.outside, kWeb, tcp::kRst, kT0 + 10);
    EXPECT_EQ(e->session(r.session)->tcpState, TcpState::Reset);
    e->outbound(tcpIn(kCpe, 40001), kWeb, tcp::kAck, kT0 + 100); // a spoofed RST must not kill it early…
    EXPECT_TRUE(e->session(r.session));
    e->advance(kT0 + 249);
    EXPECT_TRUE(e->session(r.session)); // …and nothing extends the hold either
    e->advance(kT0 + 250);
    EXPECT_FALSE(e->session(r.session));
}

TEST(CgnEngineTest, ConfiguredTimeoutsAreHonoured)
{
    EngineConfig c = smallConfig();
    c.timeouts.udp = 30;
    c.timeouts.tcpTransitory = 6;
    auto e = make(c);
    const SetupResult u = e->outbound(udp(kCpe, 1), kDns, 0, kT0);
    const SetupResult t = e->outbound(tcpIn(kCpe, 1), kWeb, tcp::kSyn, kT0);
    e->advance(kT0 + 6);
    EXPECT_FALSE(e->session(t.session));
    EXPECT_TRUE(e->session(u.session));
    e->advance(kT0 + 30);
    EXPECT_FALSE(e->session(u.session));
}

TEST(CgnEngineTest, TimersLongerThanTheWheelStillFireOnTime)
{
    EngineConfig c = smallConfig();
    c.timeouts.udp = 20000; // beyond the 8192-slot wheel
    auto e = make(c);
    const SetupResult r = e->outbound(udp(kCpe, 1), kDns, 0, kT0);
    for (Seconds t = kT0; t < kT0 + 19999; t += 997)
        e->advance(t);
    e->advance(kT0 + 19999);
    EXPECT_TRUE(e->session(r.session));
    e->advance(kT0 + 20000);
    EXPECT_FALSE(e->session(r.session));
}

TEST(CgnEngineTest, ASecondInWhichThousandsExpireIsAgedOverSeveralBoundedCallsAsOneCallWould)
{
    EngineConfig c = smallConfig();
    c.timeouts.udp = 30;
    c.portHold = 5;
    auto bounded = make(c);
    auto whole = make(c);
    RecordingSink boundedRecords, wholeRecords;
    bounded->setSink(&boundedRecords);
    whole->setSink(&wholeRecords);
    std::vector<SessionId> ids;
    for (std::uint32_t i = 0; i < 3000; ++i)
        for (CgnEngine* e : {bounded.get(), whole.get()})
            ASSERT_TRUE(e->outbound(udp(kCpe + i % 100, std::uint16_t(1000 + i)), kDns, 0, kT0).ok());
    const SetupResult late = bounded->outbound(udp(kCpe + 200, 9), kDns, 0, kT0 + 10); // expires 10 s later

    EXPECT_TRUE(whole->advance(kT0 + 30));
    int calls = 1;
    while (!bounded->advance(kT0 + 30, 256))
        ++calls;
    EXPECT_GE(calls, 3000 / 256) << "no call aged more than its budget";
    EXPECT_EQ(bounded->counts().sessions, 1u);
    EXPECT_TRUE(bounded->session(late.session)) << "the later timer is not taken early";
    EXPECT_EQ(bounded->counts().aged, whole->counts().aged);
    EXPECT_EQ(bounded->counts().heldPorts, whole->counts().heldPorts);

    // The port holds end within bounded calls too, and the users whose ports they were go.
    while (!bounded->advance(kT0 + 35, 256))
        ;
    EXPECT_TRUE(whole->advance(kT0 + 35));
    EXPECT_EQ(bounded->counts().heldPorts, 0u);
    EXPECT_EQ(whole->counts().heldPorts, 0u);
    EXPECT_EQ(bounded->counts().users, 1u);
    EXPECT_EQ(whole->counts().users, 0u);
    bounded->flush();
    whole->flush();
    EXPECT_EQ(boundedRecords.records.size(), wholeRecords.records.size() + 3) << "+ the late session, its user and block";
}

// --- Change records, export / import, digests ----------------------------------------------

TEST(CgnEngineTest, EveryChangeIsRecordedAndRefreshesAreRateLimited)
{
    auto e = make();
    RecordingSink sink;
    e->setSink(&sink);
    const SetupResult r = e->outbound(udp(kCpe, 1), kDns, 0, kT0);
    for (Seconds t = 1; t <= 64; ++t)
        e->outbound(udp(kCpe, 1), kDns, 0, kT0 + t); // a packet every second
    e->flush();
    const auto refreshes = std::count_if(sink.records.begin(), sink.records.end(),
                                         [](const ChangeRecord& x) { return x.type == RecordType::SessionRefresh; });
    EXPECT_GE(refreshes, 1);
    EXPECT_LE(refreshes, 3); // one per 32 s refresh period, not one per packet
    const ChangeRecord& create = sink.records[2];
    EXPECT_EQ(create.type, RecordType::SessionCreate);
    EXPECT_EQ(create.outside(), r.outside);
    EXPECT_EQ(create.inside(), udp(kCpe, 1));
    EXPECT_EQ(create.lifetime, 300u);
}

struct Populated
{
    std::unique_ptr<CgnEngine> engine;
    RecordingSink sink;
};

void populate(CgnEngine& e, int users, Seconds now)
{
    for (int u = 0; u < users; ++u) {
        for (std::uint16_t p = 0; p < 5; ++p) {
            e.outbound(udp(kCpe + std::uint32_t(u), std::uint16_t(1000 + p)), kDns, 0, now);
            e.outbound(tcpIn(kCpe + std::uint32_t(u), std::uint16_t(2000 + p)), kWeb, tcp::kSyn, now);
        }
        e.outbound(udp(kCpe + std::uint32_t(u), 53, 7), kDns, 0, now);
    }
}

TEST(CgnEngineTest, ExportThenImportGivesEqualDigests)
{
    auto master = make();
    populate(*master, 20, kT0);
    const auto bytes = encodeRecords(master->exportTables(kT0 + 5));
    EngineConfig other = smallConfig();
    other.randomSeed = 99; // another device: another hash seed, same tables
    auto copy = make(other);
    const ImportResult result = copy->importTables(bytes, 100);
    ASSERT_TRUE(result.ok()) << result.error->format();
    EXPECT_EQ(result.users, 40u);
    EXPECT_EQ(result.sessions, 220u);
    EXPECT_EQ(copy->digest(), master->digest());
    EXPECT_EQ(copy->counts().sessions, master->counts().sessions);
    // Lifetimes travel as time left: 300 - 5 s for UDP.
    const SessionId id = copy->findInside(udp(kCpe, 1000));
    EXPECT_EQ(copy->session(id)->expires, 100u + 295u);
    // Different tables, different digests.
    master->remove(master->findInside(udp(kCpe, 1000)), kT0 + 6);
    EXPECT_NE(copy->digest().sessions, master->digest().sessions);
}

TEST(CgnEngineTest, ACorruptOrTruncatedStreamIsRejectedWholeNamingTheRecord)
{
    auto master = make();
    populate(*master, 3, kT0);
    const std::vector<ChangeRecord> records = master->exportTables(kT0);
    const auto bytes = encodeRecords(records);
    auto target = make();
    populate(*target, 1, kT0); // not empty: what it holds must survive
    const Digest before = target->digest();
    const Counts countsBefore = target->counts();

    auto corrupt = bytes;
    const std::size_t recordOffset = decodeRecords(bytes).offsets[7];
    corrupt[recordOffset + 5] ^= 0x40;
    ImportResult r = target->importTables(corrupt, kT0);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->offset, recordOffset);
    EXPECT_NE(r.error->message.find("checksum"), std::string::npos) << r.error->message;

    auto truncated = bytes;
    truncated.resize(bytes.size() - 3);
    r = target->importTables(truncated, kT0);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error->message.find("truncated"), std::string::npos) << r.error->message;

    r = target->importTables(std::vector<std::uint8_t>{'J', 'U', 'N', 'K'}, kT0);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->offset, 0u);

    EXPECT_EQ(target->digest(), before);
    EXPECT_EQ(target->counts().sessions, countsBefore.sessions);
    EXPECT_EQ(target->counts().users, countsBefore.users);
}

TEST(CgnEngineTest, AnImportThatContradictsTheTableIsUndoneWhole)
{
    auto master = make();
    populate(*master, 3, kT0);
    std::vector<ChangeRecord> records = master->exportTables(kT0);
    // The last record claims an outside port another session of this stream already has.
    ChangeRecord clash = records.back();
    clash.insidePort = 65000;
    records.push_back(clash);
    const auto bytes = encodeRecords(records);
    auto target = make();
    const ImportResult r = target->importTables(bytes, kT0);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->offset, decodeRecords(bytes).offsets.back());
    EXPECT_NE(r.error->message.find("belongs to"), std::string::npos) << r.error->message;
    EXPECT_EQ(target->counts().sessions, 0u);
    EXPECT_EQ(target->counts().users, 0u);
    EXPECT_EQ(target->counts().portBlocksUsed, 0u);
    EXPECT_EQ(target->digest(), Digest{});

    // Deletes have no place in a bulk stream.
    ChangeRecord del = records.front();
    del.type = RecordType::UserDelete;
    const ImportResult d = target->importTables(encodeRecords(std::vector{del}), kT0);
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error->message.find("user-delete"), std::string::npos);
}

// --- Master / standby ------------------------------------------------------------------------

TEST(CgnEngineTest, AStandbyFollowsItsMasterAndAgesNothingUntilActivated)
{
    auto master = make();
    EngineConfig c = smallConfig();
    c.randomSeed = 5;
    auto standby = make(c);
    standby->setStandby();
    RecordingSink sink;
    master->setSink(&sink);
    populate(*master, 10, kT0);
    const SetupResult gone = master->outbound(udp(kCpe + 50, 9), kDns, 0, kT0);
    master->remove(gone.session, kT0 + 1);
    master->flush();
    for (const ChangeRecord& r : sink.records)
        ASSERT_FALSE(standby->apply(r, 900)) << toString(r.type);
    EXPECT_EQ(standby->digest(), master->digest());
    EXPECT_EQ(standby->counts().sessions, master->counts().sessions);

    // No traffic reaches a standby; it creates nothing and ages nothing.
    EXPECT_EQ(standby->outbound(udp(kCpe + 77, 1), kDns, 0, 901).drop, DropReason::NotMaster);
    standby->advance(900 + 100000);
    EXPECT_EQ(standby->counts().sessions, master->counts().sessions);

    // Activated: sessions live on with what was left of their lifetime (plus a refresh period
    // of grace), under the same outside endpoint.
    const Seconds now = 900 + 100000;
    standby->activate(now);
    EXPECT_EQ(standby->role(), EngineRole::Master);
    const SetupResult again = standby->outbound(udp(kCpe, 1000), kWeb, 0, now);
    EXPECT_FALSE(again.created);
    EXPECT_EQ(again.outside, master->session(master->findInside(udp(kCpe, 1000)))->outside);
    standby->advance(now + 200); // TCP SYN-sent mappings (transitory) were overdue: grace only
    EXPECT_EQ(standby->counts().sessionsByProtocol[std::size_t(Protocol::Tcp)], 0u);
    EXPECT_GT(standby->counts().sessionsByProtocol[std::size_t(Protocol::Udp)], 0u);
    const SetupResult fresh = standby->outbound(udp(kCpe + 77, 1), kDns, 0, now + 200);
    EXPECT_TRUE(fresh.created);
}

TEST(CgnEngineTest, ARecordThatContradictsTheStandbyIsRefusedAndChangesNothing)
{
    auto standby = make();
    standby->setStandby();
    ChangeRecord r;
    r.type = RecordType::SessionCreate;
    r.protocol = Protocol::Udp;
    r.user = UserKey::nat44(0, kCpe);
    r.innerAddress = kCpe;
    r.insidePort = 1;
    r.outsideAddress = 0x0a000001; // not ours
    r.outsidePort = 2000;
    r.lifetime = 300;
    auto error = standby->apply(r, kT0);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("10.0.0.1"), std::string::npos) << *error;
    r.outsideAddress = kPool;
    ASSERT_FALSE(standby->apply(r, kT0));
    ChangeRecord clash = r;
    clash.user = UserKey::nat44(0, kCpe + 1);
    clash.innerAddress = kCpe + 1;
    const Digest before = standby->digest();
    error = standby->apply(clash, kT0);
    ASSERT_TRUE(error);
    EXPECT_EQ(standby->digest(), before);
    // A delete for something unknown is counted, not an error.
    ChangeRecord del = clash;
    del.type = RecordType::SessionDelete;
    EXPECT_FALSE(standby->apply(del, kT0));
    EXPECT_EQ(standby->counts().recordsIgnored, 1u);
}

// --- Queries -----------------------------------------------------------------------------------

TEST(CgnEngineTest, PagedListingNeitherRepeatsNorSkipsSessionsThatLiveOn)
{
    auto e = make();
    populate(*e, 30, kT0);
    const std::size_t total = e->counts().sessions;
    std::set<SessionId> seen;
    std::uint64_t cursor = 0;
    int pages = 0;
    do {
        const SessionPage page = e->listSessions({}, cursor, 17);
        for (const SessionView& s : page.sessions) {
            EXPECT_TRUE(seen.insert(s.id).second);
        }
        // Deleting already-listed sessions between pages must not disturb the rest.
        if (!page.sessions.empty())
            e->remove(page.sessions.front().id, kT0 + 1);
        cursor = page.nextCursor;
        ++pages;
    } while (cursor != 0);
    EXPECT_EQ(seen.size(), total);
    EXPECT_EQ(pages, int((total + 16) / 17));
}

TEST(CgnEngineTest, ListingFiltersByUserAddressPortProtocolAndVpn)
{
    auto e = make();
    populate(*e, 10, kT0);
    SessionFilter byUser;
    byUser.user = UserKey::nat44(0, kCpe + 3);
    SessionPage page = e->listSessions(byUser, 0, 100);
    EXPECT_EQ(page.sessions.size(), 10u);
    for (const auto& s : page.sessions)
        EXPECT_EQ(s.inside.user, *byUser.user);

    SessionFilter tcpOnly;
    tcpOnly.protocol = Protocol::Tcp;
    EXPECT_EQ(e->listSessions(tcpOnly, 0, 1000).sessions.size(), 50u);

    SessionFilter vpn;
    vpn.vpn = 7;
    page = e->listSessions(vpn, 0, 1000);
    EXPECT_EQ(page.sessions.size(), 10u);
    for (const auto& s : page.sessions)
        EXPECT_EQ(s.outside.address, kPool2);

    const SessionView one = page.sessions[4];
    SessionFilter exact;
    exact.outsideAddress = one.outside.address;
    exact.outsidePort = one.outside.port;
    exact.protocol = one.outside.protocol;
    page = e->listSessions(exact, 0, 10);
    ASSERT_EQ(page.sessions.size(), 1u);
    EXPECT_EQ(page.sessions[0], one);

    SessionFilter port;
    port.insidePort = 2001;
    EXPECT_EQ(e->listSessions(port, 0, 1000).sessions.size(), 10u);

    // A scan budget ends a page early, with a cursor to go on from.
    SessionFilter none;
    none.remoteAddress = 0x01010101;
    page = e->listSessions(none, 0, 10, 50);
    EXPECT_TRUE(page.sessions.empty());
    EXPECT_EQ(page.nextCursor, 50u);
}

// Pages of a sorted listing, walked to the end, are the whole (filtered) table in that order,
// whatever the order and direction.
TEST(CgnEngineTest, SortedPagesWalkTheWholeTableInOrder)
{
    auto e = make();
    populate(*e, 30, kT0);
    // Sessions that expire at different times, so that `expires` has ties and differences.
    SessionFilter none;
    const auto all = e->listSessions(none, 0, 100000).sessions;
    ASSERT_GT(all.size(), 100u);
    const auto keyOf = [](const SessionView& v, SessionOrder order) -> std::uint64_t {
        switch (order) {
        case SessionOrder::Id: return 0;
        case SessionOrder::Inside: return std::uint64_t(v.inside.innerAddress) << 16 | v.inside.port;
        case SessionOrder::Outside: return std::uint64_t(v.outside.address) << 16 | v.outside.port;
        case SessionOrder::Remote: return std::uint64_t(v.remote.address) << 16 | v.remote.port;
        case SessionOrder::Created: return v.created;
        case SessionOrder::Expires: return v.expires;
        }
        return 0;
    };
    for (const SessionOrder order : {SessionOrder::Id, SessionOrder::Inside, SessionOrder::Outside,
                                     SessionOrder::Remote, SessionOrder::Expires}) {
        for (const bool descending : {false, true}) {
            for (const bool tcpOnly : {false, true}) {
                SessionFilter filter;
                if (tcpOnly)
                    filter.protocol = Protocol::Tcp;
                std::vector<std::pair<std::uint64_t, SessionId>> expected;
                for (const SessionView& v : all)
                    if (!tcpOnly || v.outside.protocol == Protocol::Tcp)
                        expected.emplace_back(keyOf(v, order), v.id);
                std::sort(expected.begin(), expected.end());
                if (descending)
                    std::reverse(expected.begin(), expected.end());
                std::vector<std::pair<std::uint64_t, SessionId>> walked;
                std::optional<SessionPosition> after;
                int pages = 0;
                do {
                    const SortedSessionPage page =
                        e->listSessionsSorted(filter, order, descending, after, 23);
                    for (const SessionView& v : page.sessions)
                        walked.emplace_back(keyOf(v, order), v.id);
                    after = page.next;
                    ASSERT_LT(++pages, 1000);
                } while (after);
                EXPECT_EQ(walked, expected) << "order " << int(order) << (descending ? " desc" : "")
                                            << (tcpOnly ? " tcp" : "");
            }
        }
    }
    // One user's sessions, sorted, come through the user's own list.
    SessionFilter byUser;
    byUser.user = UserKey::nat44(0, kCpe + 3);
    const SortedSessionPage mine =
        e->listSessionsSorted(byUser, SessionOrder::Outside, true, std::nullopt, 100);
    EXPECT_EQ(mine.sessions.size(), 10u);
    EXPECT_FALSE(mine.next);
    EXPECT_TRUE(std::is_sorted(mine.sessions.begin(), mine.sessions.end(),
                               [](const SessionView& a, const SessionView& b) {
                                   return a.outside.port > b.outside.port;
                               }));
}

TEST(CgnEngineTest, UserDetailShowsAddressBlocksCountsAndLimits)
{
    auto e = make();
    populate(*e, 2, kT0);
    const auto user = e->user(UserKey::nat44(0, kCpe + 1));
    ASSERT_TRUE(user);
    EXPECT_EQ(user->totalSessions, 10u);
    EXPECT_EQ(user->sessions[std::size_t(Protocol::Tcp)], 5u);
    ASSERT_EQ(user->blocks.size(), 1u);
    EXPECT_EQ(user->blocks[0].used[std::size_t(Protocol::Udp)], 5u);
    EXPECT_EQ(user->blocks[0].lastPort - user->blocks[0].firstPort + 1, 256);
    EXPECT_EQ(user->limits.total, 8192u);
    EXPECT_EQ(user->created, kT0);
    EXPECT_FALSE(e->user(UserKey::nat44(0, 0x01010101)));
    EXPECT_EQ(e->listUsers(0, 100).users.size(), 4u);
    const auto usage = e->addressUsage();
    ASSERT_EQ(usage.size(), 5u);
    std::uint32_t used = 0;
    for (const auto& a : usage)
        used += a.blocksUsed;
    EXPECT_EQ(used, 4u);
}

TEST(CgnEngineTest, MemoryIsReservedUpFrontAndReported)
{
    EngineConfig c = smallConfig();
    c.maxSessions = 100000;
    auto e = make(c);
    const std::size_t bytes = e->memoryBytes();
    EXPECT_GT(bytes, std::size_t(100000) * 40);
    EXPECT_LT(bytes, std::size_t(100000) * 64);
    populate(*e, 50, kT0);
    EXPECT_EQ(e->memoryBytes(), bytes); // setup never allocates
}

// --- Configuration --------------------------------------------------------------------------

TEST(CgnEngineTest, ABadConfigurationIsRefusedNamingWhatIsWrong)
{
    std::string error;
    EngineConfig c = smallConfig();
    c.groups.push_back({"overlap", 3, {{kPool + 2, kPool + 9}}});
    EXPECT_FALSE(CgnEngine::create(c, &error));
    EXPECT_NE(error.find("203.0.113.2"), std::string::npos) << error;

    c = smallConfig();
    c.portBlockSize = 0;
    EXPECT_FALSE(CgnEngine::create(c, &error));
    EXPECT_NE(error.find("port block size"), std::string::npos) << error;

    c = smallConfig();
    c.groups[1].vpn = 0;
    EXPECT_FALSE(CgnEngine::create(c, &error));
    EXPECT_NE(error.find("VPN 0"), std::string::npos) << error;

    c = smallConfig();
    c.groups[0].sections = {{kPool + 5, kPool}};
    EXPECT_FALSE(CgnEngine::create(c, &error));
    EXPECT_NE(error.find("backwards"), std::string::npos) << error;
}

} // namespace

namespace {

TEST(CgnEngineTest, ExportByCursorGivesEveryLiveEntryOnceEvenWhenTablesChangeBetweenChunks)
{
    auto master = make();
    populate(*master, 40, kT0);
    auto copy = make();
    copy->setStandby();
    std::uint64_t cursor = 0;
    std::vector<ChangeRecord> chunk;
    int chunks = 0;
    while (cursor != CgnEngine::kExportDone) {
        chunk.clear();
        cursor = master->exportChunk(cursor, 7, kT0, chunk);
        for (const ChangeRecord& r : chunk)
            ASSERT_FALSE(copy->apply(r, kT0).has_value());
        ++chunks;
    }
    EXPECT_GT(chunks, 5);
    EXPECT_EQ(copy->digest(), master->digest());
    EXPECT_EQ(copy->counts().sessions, master->counts().sessions);
}

TEST(CgnEngineTest, CurrentStateOfAChangedEntryIsItsCreateOrItsDelete)
{
    auto master = make();
    populate(*master, 3, kT0);
    const SessionId id = master->findInside(udp(kCpe, 1000));
    const SessionView view = *master->session(id);
    ChangeRecord named;
    named.type = RecordType::SessionRefresh;
    named.protocol = Protocol::Udp;
    named.user = view.inside.user;
    named.innerAddress = view.inside.innerAddress;
    named.insidePort = view.inside.port;
    named.outsideAddress = view.outside.address;
    named.outsidePort = view.outside.port;
    std::vector<ChangeRecord> out;
    master->currentState(named, kT0, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].type, RecordType::SessionCreate);
    EXPECT_EQ(digestTerm(out[0]).sessions != 0, true);

    ASSERT_TRUE(master->remove(id, kT0 + 1));
    out.clear();
    master->currentState(named, kT0 + 1, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].type, RecordType::SessionDelete);
}

TEST(CgnEngineTest, ClearEmptiesTheTablesAndTheyFillAgainAsBefore)
{
    auto master = make();
    populate(*master, 5, kT0);
    auto copy = make();
    copy->setStandby();
    for (const ChangeRecord& r : master->exportTables(kT0))
        ASSERT_FALSE(copy->apply(r, kT0).has_value());
    copy->clear(kT0);
    EXPECT_EQ(copy->counts().sessions, 0u);
    EXPECT_EQ(copy->counts().users, 0u);
    EXPECT_EQ(copy->digest(), Digest{});
    for (const ChangeRecord& r : master->exportTables(kT0 + 1))
        ASSERT_FALSE(copy->apply(r, kT0 + 1).has_value());
    EXPECT_EQ(copy->digest(), master->digest());
}

} // namespace
