// The global address pool of NAT load balancing (reference §3.6, the §6 example: section
// 11.11.11.1 mask 24, subnet length initial 25 extend 27): subnets handed out and extended as a
// location's users arrive, released as they leave; a location never allocates outside its
// subnets; a slave pool never assigns; export → import keeps the assignment and the digest.

#include "cgn/CgnEngine.h"
#include "cgn/SubnetPool.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <memory>

namespace tandem::cgn {
namespace {

constexpr std::uint32_t ip(int a, int b, int c, int d)
{
    return std::uint32_t(a) << 24 | std::uint32_t(b) << 16 | std::uint32_t(c) << 8 | std::uint32_t(d);
}

SubnetPool::Config example(bool slave = false)
{
    return {"pool1", {{ip(11, 11, 11, 1), 24}}, 25, 27, slave};
}

TEST(SubnetPoolTest, TheExampleHandsEachLocationAHalfThenExtendsByEighths)
{
    SubnetPool pool(example());
    ASSERT_EQ(pool.configError(), "");
    const SubnetResult one = pool.assignInitial(1);
    const SubnetResult two = pool.assignInitial(2);
    ASSERT_TRUE(one.ok()) << one.error;
    ASSERT_TRUE(two.ok()) << two.error;
    EXPECT_EQ(formatSubnet(one.record->subnet), "11.11.11.0/25");
    EXPECT_EQ(formatSubnet(two.record->subnet), "11.11.11.128/25");
    EXPECT_FALSE(pool.assignInitial(1).ok()) << "a location gets its initial subnet once";
    // Both halves are taken: nothing is left to extend into.
    const SubnetResult full = pool.extend(1);
    EXPECT_FALSE(full.ok());
    EXPECT_NE(full.error.find("no free /27"), std::string::npos) << full.error;
    EXPECT_EQ(pool.freeAddresses(), 0u);

    // Location 2's users left: its half goes back and location 1 extends into it by /27s.
    ASSERT_TRUE(pool.release(2, ip(11, 11, 11, 128)).ok());
    std::vector<std::string> extended;
    for (int i = 0; i < 4; ++i) {
        const SubnetResult r = pool.extend(1);
        ASSERT_TRUE(r.ok()) << r.error;
        extended.push_back(formatSubnet(r.record->subnet));
    }
    EXPECT_EQ(extended, (std::vector<std::string>{"11.11.11.128/27", "11.11.11.160/27",
                                                  "11.11.11.192/27", "11.11.11.224/27"}));
    EXPECT_EQ(pool.subnetsOf(1).size(), 5u);
    EXPECT_FALSE(pool.extend(1).ok());
    EXPECT_FALSE(pool.release(2, ip(11, 11, 11, 128)).ok()) << "location 2 holds nothing now";
}

TEST(SubnetPoolTest, ALocationsAddressesAreItsSubnetsLessTheSectionsNetworkAndBroadcast)
{
    SubnetPool pool(example());
    ASSERT_TRUE(pool.assignInitial(1).ok());
    ASSERT_TRUE(pool.assignInitial(2).ok());
    EXPECT_EQ(pool.hostsOf(1), (std::vector<AddressRange>{{ip(11, 11, 11, 1), ip(11, 11, 11, 127)}}));
    EXPECT_EQ(pool.hostsOf(2),
              (std::vector<AddressRange>{{ip(11, 11, 11, 128), ip(11, 11, 11, 254)}}));
}

TEST(SubnetPoolTest, AnEngineOnALocationsSubnetsNeverMapsAUserOutsideThem)
{
    SubnetPool pool(example());
    ASSERT_TRUE(pool.assignInitial(1).ok());
    ASSERT_TRUE(pool.assignInitial(2).ok());
    for (int location : {1, 2}) {
        EngineConfig config;
        config.maxSessions = 1 << 14;
        config.maxUsers = 1 << 12;
        config.portBlockSize = 4096;
        config.blocksPerUser = 1;
        config.randomSeed = 1;
        config.groups.push_back({"group1", 0, pool.hostsOf(location)});
        std::string error;
        const std::unique_ptr<CgnEngine> engine = CgnEngine::create(config, &error);
        ASSERT_TRUE(engine) << error;
        const std::vector<AddressRange> own = pool.hostsOf(location);
        int mapped = 0;
        for (std::uint32_t user = 0; user < 2000; ++user) {
            const std::uint32_t cpe = ip(10, 0, 0, 0) + user;
            const SetupResult r = engine->outbound({UserKey::nat44(0, cpe), cpe, 5000, Protocol::Udp},
                                                   {ip(198, 51, 100, 1), 53}, 0, 100);
            if (!r.ok())
                continue;
            ++mapped;
            const bool inside = std::any_of(own.begin(), own.end(), [&](const AddressRange& a) {
                return r.outside.address >= a.first && r.outside.address <= a.last;
            });
            EXPECT_TRUE(inside) << "location " << location << " mapped a user outside its subnets";
        }
        EXPECT_GT(mapped, 100) << "location " << location;
    }
}

TEST(SubnetPoolTest, ASlavePoolNeverAssignsButTakesTheMastersRecords)
{
    SubnetPool master(example());
    SubnetPool slave(example(true));
    const SubnetResult refused = slave.assignInitial(1);
    EXPECT_FALSE(refused.ok());
    EXPECT_NE(refused.error.find("slave"), std::string::npos) << refused.error;
    EXPECT_FALSE(slave.extend(1).ok());
    EXPECT_TRUE(slave.subnets().empty());

    std::string error;
    for (int location : {1, 2}) {
        const SubnetResult r = master.assignInitial(location);
        ASSERT_TRUE(r.ok());
        ASSERT_TRUE(slave.apply(*r.record, &error)) << error;
    }
    const SubnetResult released = master.release(2, ip(11, 11, 11, 128));
    ASSERT_TRUE(slave.apply(*released.record, &error)) << error;
    const SubnetResult extended = master.extend(1);
    ASSERT_TRUE(slave.apply(*extended.record, &error)) << error;
    EXPECT_EQ(slave.subnets(), master.subnets());
    EXPECT_EQ(slave.digest(), master.digest());
}

TEST(SubnetPoolTest, ARecordThatDoesNotFitIsRefusedNamingItAndChangesNothing)
{
    SubnetPool slave(example(true));
    std::string error;
    ASSERT_TRUE(slave.apply({SubnetRecord::Op::Assign, {ip(11, 11, 11, 0), 25, 1}}, &error));
    const std::uint64_t before = slave.digest();
    EXPECT_FALSE(slave.apply({SubnetRecord::Op::Assign, {ip(11, 11, 11, 64), 27, 2}}, &error));
    EXPECT_NE(error.find("overlaps"), std::string::npos) << error;
    EXPECT_FALSE(slave.apply({SubnetRecord::Op::Assign, {ip(12, 0, 0, 0), 25, 2}}, &error));
    EXPECT_NE(error.find("not an aligned subnet"), std::string::npos) << error;
    EXPECT_FALSE(slave.apply({SubnetRecord::Op::Assign, {ip(11, 11, 11, 130), 25, 2}}, &error));
    EXPECT_FALSE(slave.apply({SubnetRecord::Op::Release, {ip(11, 11, 11, 128), 25, 2}}, &error));
    EXPECT_NE(error.find("no such subnet"), std::string::npos) << error;
    EXPECT_EQ(slave.digest(), before);
    EXPECT_EQ(slave.subnets().size(), 1u);
}

TEST(SubnetPoolTest, ExportThenImportKeepsTheAssignmentAndTheDigest)
{
    SubnetPool master(SubnetPool::Config{"pool1", {{ip(11, 11, 0, 0), 22}}, 25, 27, false});
    for (int location : {1, 2, 3})
        ASSERT_TRUE(master.assignInitial(location).ok());
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(master.extend(1 + i % 3).ok());
    ASSERT_TRUE(master.release(2, master.subnetsOf(2).front().network).ok());

    SubnetPool copy(SubnetPool::Config{"pool1", {{ip(11, 11, 0, 0), 22}}, 25, 27, true});
    std::string error;
    ASSERT_TRUE(copy.apply({SubnetRecord::Op::Assign, {ip(11, 11, 3, 0), 24, 9}}, &error));
    ASSERT_TRUE(copy.importAll(master.exportAll(), &error)) << error;
    EXPECT_EQ(copy.subnets(), master.subnets()) << "the import replaces what was there";
    EXPECT_EQ(copy.digest(), master.digest());
    EXPECT_NE(copy.digest(), SubnetPool(copy.config()).digest()) << "an empty pool digests apart";

    // A batch that does not fit is refused whole: the copy keeps what it had.
    std::vector<SubnetRecord> broken = master.exportAll();
    broken.push_back({SubnetRecord::Op::Assign, broken.front().subnet});
    broken.back().subnet.location = 7;
    EXPECT_FALSE(copy.importAll(broken, &error));
    EXPECT_EQ(copy.digest(), master.digest());
}

TEST(SubnetPoolTest, ThePeersWordOnItsLocationsReplacesThoseAndOnlyThose)
{
    // The lab's shape: /24, initial 27, extend 29; location 1 extended twice on the peer.
    SubnetPool::Config lab{"pool1", {{ip(203, 0, 113, 0), 24}}, 27, 29, false};
    SubnetPool peer(lab), here(lab);
    for (SubnetPool* p : {&peer, &here}) {
        ASSERT_TRUE(p->assignInitial(1).ok());
        ASSERT_TRUE(p->assignInitial(2).ok());
    }
    ASSERT_TRUE(peer.extend(1).ok());
    ASSERT_TRUE(peer.extend(1).ok());
    const int one[] = {1};
    const int two[] = {2};
    EXPECT_NE(peer.digest(one), here.digest(one));
    EXPECT_EQ(peer.digest(two), here.digest(two)) << "a digest over some locations sees only theirs";
    std::vector<SubnetRecord> full;
    for (const Subnet& s : peer.subnetsOf(1))
        full.push_back({SubnetRecord::Op::Assign, s});
    std::string error;
    ASSERT_TRUE(here.replace(one, full, &error)) << error;
    EXPECT_EQ(here.subnets(), peer.subnets());
    EXPECT_EQ(here.digest(), peer.digest());

    // A word that overlaps a location it does not speak for changes nothing and says why.
    std::vector<SubnetRecord> bad{{SubnetRecord::Op::Assign, {ip(203, 0, 113, 32), 29, 1}}};
    const std::vector<Subnet> before = here.subnets();
    EXPECT_FALSE(here.replace(one, bad, &error));
    EXPECT_NE(error.find("overlaps"), std::string::npos) << error;
    EXPECT_EQ(here.subnets(), before);
    std::vector<SubnetRecord> other{{SubnetRecord::Op::Assign, {ip(203, 0, 113, 200), 29, 2}}};
    EXPECT_FALSE(here.replace(one, other, &error));
    EXPECT_NE(error.find("does not name"), std::string::npos) << error;
    EXPECT_EQ(here.subnets(), before);
}

TEST(SubnetPoolTest, UsersAreBalancedOverTheLocationsAndKeepTheirsWhileTheSetStays)
{
    const std::vector<int> locations{1, 2};
    int onFirst = 0;
    for (std::uint64_t user = 0; user < 10000; ++user) {
        const int l = SubnetPool::locationFor(user, locations);
        ASSERT_TRUE(l == 1 || l == 2);
        EXPECT_EQ(l, SubnetPool::locationFor(user, locations)) << "stable";
        onFirst += l == 1 ? 1 : 0;
    }
    EXPECT_GT(onFirst, 4700);
    EXPECT_LT(onFirst, 5300);
}

TEST(SubnetPoolTest, SubnetLengthsThatDoNotFitTheSectionsAreAConfigError)
{
    EXPECT_NE(SubnetPool({"p", {{ip(11, 11, 11, 0), 24}}, 23, std::nullopt, false}).configError(), "");
    EXPECT_NE(SubnetPool({"p", {{ip(11, 11, 11, 0), 24}}, 25, 33, false}).configError(), "");
    EXPECT_NE(SubnetPool({"p", {}, 25, std::nullopt, false}).configError(), "");
    SubnetPool bad({"p", {{ip(11, 11, 11, 0), 24}}, 23, std::nullopt, false});
    EXPECT_FALSE(bad.assignInitial(1).ok());
}

} // namespace
} // namespace tandem::cgn
