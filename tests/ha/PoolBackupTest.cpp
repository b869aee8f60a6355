// NAT load balancing over inter-chassis backup on a virtual clock: two HotBackups with the lab's
// `--mode lb` configs (two service-locations sharing pool1 = 203.0.113.0/24, subnets initial 27
// extend 29, slave on B) joined by the in-process transport; roles are given. What an engineer
// sees: each location hands out only its subnets, extends when they run low, the peer holds
// the same assignment (with equal digests), a slave never assigns, and after a takeover the
// survivor serves the same subnets with every user on its address.

#include "HotBackupFixtures.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace tandem;
using namespace tandem::ha;
using namespace tandem::ha::fixtures;
using namespace std::chrono_literals;

namespace {

constexpr std::uint32_t kPool = 0xcb007100; // 203.0.113.0

config::DeviceConfig lbConfig(const QString& base, int device)
{
    config::LabPairOptions options;
    options.loadBalancing = true;
    options.firstAddress = config::Ipv4Address{QHostAddress(base).toIPv4Address()};
    options.advertMs = 200;
    options.preemptDelaySeconds = 1;
    options.sessionTableSize = 1 << 16;
    options.passwordHash =
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
    const config::GeneratedPair pair = config::labPair(options);
    EXPECT_TRUE(pair.ok()) << (pair.errors.empty() ? "" : pair.errors[0].format());
    return device == 0 ? pair.a : pair.b;
}

bool within(std::uint32_t address, const std::vector<cgn::Subnet>& subnets)
{
    return std::any_of(subnets.begin(), subnets.end(), [&](const cgn::Subnet& s) {
        return address >= s.network && address <= s.last();
    });
}

class PoolBackupTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const QString base = test::randomLoopbackBase();
        a = makeDevice(lbConfig(base, 0), [this] { return now; });
        b = makeDevice(lbConfig(base, 1), [this] { return now; });
        ends[0].other = &ends[1];
        ends[1].other = &ends[0];
        a.backup->setTransport(&ends[0]);
        b.backup->setTransport(&ends[1]);
        a.backup->vrrpStateChanging({1, 2}, {VrrpState::Backup, VrrpState::Master, "test", std::nullopt});
        ends[0].setUp(true);
        ends[1].setUp(true);
        settle();
    }
    void settle() { fixtures::settle(); }
    void advance(std::chrono::milliseconds by) { fixtures::advance(now, by, {a.backup.get(), b.backup.get()}); }
    // New users of `sl` on `master`, one session each, from user number `first` on.
    std::vector<cgn::OutsideEndpoint> users(HotBackup& master, int sl, int count, int first)
    {
        std::vector<cgn::OutsideEndpoint> out;
        cgn::CgnEngine* engine = master.engine(sl);
        for (int i = 0; i < count; ++i) {
            const cgn::SetupResult r = engine->outbound(subscriber(sl * 100000 + first + i, 1000),
                                                        {0x08080808, 53}, 0, master.engineNow());
            EXPECT_TRUE(r.ok()) << cgn::toString(r.drop) << " at user " << first + i;
            out.push_back(r.outside);
            if (i % 256 == 255) {
                master.recordsPending();
                settle();
            }
        }
        master.recordsPending();
        settle();
        return out;
    }
    static const cgn::SubnetPool& pool(const Device& d) { return *d.backup->pools().pool("pool1"); }
    static QJsonObject poolStatus(const Device& d)
    {
        return d.backup->statusJson().value(QStringLiteral("pools")).toArray().at(0).toObject();
    }
    QStringList alarms(const HotBackup& hb) const
    {
        QStringList out;
        for (const QJsonValue& v : hb.activeAlarms())
            out.append(v.toObject().value(QStringLiteral("message")).toString());
        return out;
    }

    std::chrono::nanoseconds now = 100s;
    PairEnd ends[2];
    Device a, b;
};

TEST_F(PoolBackupTest, EachLocationServesItsSubnetsAndAnExtendIsOneRecordThePeerApplies)
{
    ASSERT_EQ(pool(a).subnetsOf(1).size(), 1u);
    ASSERT_EQ(pool(a).subnetsOf(2).size(), 1u);
    EXPECT_EQ(pool(a).subnetsOf(1)[0], (cgn::Subnet{kPool, 27, 1}));
    EXPECT_FALSE(pool(a).config().slave);
    EXPECT_TRUE(pool(b).config().slave);

    // 7,000 users on location 1 (31 addresses x 252 blocks = 7,812; the low-water mark is a
    // twentieth): all on its /27. 1,000 on location 2: on its own.
    for (const cgn::OutsideEndpoint& o : users(*a.backup, 1, 7000, 0))
        EXPECT_TRUE(within(o.address, pool(a).subnetsOf(1))) << o.address;
    for (const cgn::OutsideEndpoint& o : users(*a.backup, 2, 1000, 0))
        EXPECT_TRUE(within(o.address, pool(a).subnetsOf(2))) << o.address;
    advance(200ms);
    EXPECT_EQ(pool(a).subnetsOf(1).size(), 1u) << "7,000 of 7,812 blocks used: above the low-water mark";

    // 500 more: below it. One /29 more for location 1, one record on the wire, the peer has it.
    const std::uint64_t recordsBefore = ends[0].subnetRecordsSent;
    users(*a.backup, 1, 500, 7000);
    advance(200ms);
    ASSERT_EQ(pool(a).subnetsOf(1).size(), 2u);
    EXPECT_EQ(pool(a).subnetsOf(1)[1].prefixLength, 29);
    EXPECT_EQ(ends[0].subnetRecordsSent - recordsBefore, 1u) << "an extend is one subnet record";
    EXPECT_EQ(pool(b).subnets(), pool(a).subnets());
    EXPECT_EQ(pool(b).digest(), pool(a).digest());
    EXPECT_EQ(ends[1].subnetRecordsSent, 0u) << "the slave pool never assigns";
    EXPECT_EQ(a.backup->pools().counters().extends, 1u);
    EXPECT_EQ(b.backup->pools().counters().extends, 0u);

    // Users beyond the /27 get the /29's addresses, never location 2's.
    const cgn::Subnet extension = pool(a).subnetsOf(1)[1];
    int onExtension = 0;
    for (const cgn::OutsideEndpoint& o : users(*a.backup, 1, 300, 7500)) {
        EXPECT_TRUE(within(o.address, pool(a).subnetsOf(1))) << o.address;
        onExtension += within(o.address, {extension});
    }
    EXPECT_GT(onExtension, 0);

    // Compared every 5 s: equal on both sides, and the locations are in step.
    advance(6000ms);
    EXPECT_TRUE(poolStatus(a).value(QStringLiteral("digestEqual")).toBool()) << "master";
    EXPECT_TRUE(poolStatus(b).value(QStringLiteral("digestEqual")).toBool()) << "slave";
    EXPECT_TRUE(a.backup->inStep(1));
    EXPECT_TRUE(b.backup->inStep(2));
}

TEST_F(PoolBackupTest, TheSurvivorServesTheSameSubnetsUsersKeepTheirAddressesAndASlaveNeverExtends)
{
    const std::vector<cgn::OutsideEndpoint> before = users(*a.backup, 1, 7500, 0);
    advance(1500ms); // extended, and every user older than delay-time: backed up
    ASSERT_EQ(pool(a).subnetsOf(1).size(), 2u);
    const std::vector<cgn::Subnet> held = pool(a).subnets();

    // CGN-A is gone: B masters both locations with the subnets it holds.
    ends[0].setUp(false);
    ends[1].setUp(false);
    b.backup->vrrpStateChanging({1, 2}, {VrrpState::Backup, VrrpState::Master, "test", std::nullopt});
    settle();
    EXPECT_EQ(pool(b).subnets(), held);
    cgn::CgnEngine* survivor = b.backup->engine(1);
    for (int i = 0; i < 7500; i += 97) {
        const cgn::SessionId id = survivor->findInside(subscriber(100000 + i, 1000));
        ASSERT_NE(id, cgn::kNoSession) << "user " << i;
        EXPECT_EQ(survivor->session(id)->outside, before[std::size_t(i)]) << "user " << i << " keeps its address";
    }
    // New users there only from location 1's subnets; running low, the slave says so and
    // does not extend.
    for (const cgn::OutsideEndpoint& o : users(*b.backup, 1, 1900, 7500))
        EXPECT_TRUE(within(o.address, held)) << o.address;
    advance(300ms);
    EXPECT_EQ(pool(b).subnets(), held);
    EXPECT_TRUE(alarms(*b.backup).filter(QStringLiteral("slave pool does not extend")).size() == 1)
        << alarms(*b.backup).join(QLatin1Char('\n')).toStdString();
}

TEST_F(PoolBackupTest, AnExtraSubnetIsDrainedWhenNotNeededAndGivenBackOnceEmpty)
{
    users(*a.backup, 1, 7500, 0);
    advance(300ms);
    ASSERT_EQ(pool(a).subnetsOf(1).size(), 2u);
    const cgn::Subnet extension = pool(a).subnetsOf(1)[1];
    users(*a.backup, 1, 300, 7500); // some of them on the /29
    // Most users leave: the /29 is not needed once their ports' two-minute hold ends; no new
    // user goes there, and once its last user has gone it goes back to the pool, on both devices.
    cgn::CgnEngine* engine = a.backup->engine(1);
    std::optional<cgn::SessionId> last; // one user stays on the /29 for now
    for (int i = 0; i < 7800; ++i) {
        const cgn::SessionId id = engine->findInside(subscriber(100000 + i, 1000));
        const bool onExtension = within(engine->session(id)->outside.address, {extension});
        if (onExtension && !last)
            last = id;
        else if (i >= 4000 || onExtension)
            engine->remove(id, a.backup->engineNow());
    }
    ASSERT_TRUE(last);
    a.backup->recordsPending();
    advance(125s);
    auto draining = [&] {
        for (const QJsonValue& v : poolStatus(a).value(QStringLiteral("subnets")).toArray())
            if (v.toObject().value(QStringLiteral("subnet")).toString() ==
                QString::fromStdString(cgn::formatSubnet(extension)))
                return v.toObject().value(QStringLiteral("draining")).toBool();
        return false;
    };
    EXPECT_TRUE(draining());
    EXPECT_EQ(pool(a).subnetsOf(1).size(), 2u) << "one user is still on it";
    for (const cgn::OutsideEndpoint& o : users(*a.backup, 1, 200, 20000))
        EXPECT_FALSE(within(o.address, {extension})) << "a draining subnet takes no new user";
    engine->remove(*last, a.backup->engineNow());
    a.backup->recordsPending();
    advance(125s);
    EXPECT_EQ(pool(a).subnetsOf(1).size(), 1u);
    EXPECT_EQ(a.backup->pools().counters().releases, 1u);
    EXPECT_EQ(pool(b).subnets(), pool(a).subnets()) << "the peer applied the release";
}

TEST_F(PoolBackupTest, AMalformedOrUnknownPoolFromThePeerChangesNothingAndSaysSo)
{
    const std::vector<cgn::Subnet> held = pool(b).subnets();
    // An assign that overlaps another location's subnet, and a pool B does not have.
    sync::Subnets overlap{sync::Subnets::Kind::Changes, "pool1", {1},
                          {{cgn::SubnetRecord::Op::Assign, {kPool + 32, 29, 1}}}, 0, false};
    ends[0].sendSubnets(overlap);
    ends[0].sendSubnets({sync::Subnets::Kind::Full, "nosuch", {1}, {}, 0, false});
    settle();
    EXPECT_EQ(pool(b).subnets(), held);
    EXPECT_EQ(b.backup->pools().counters().refused, 2u);
    EXPECT_FALSE(poolStatus(b).value(QStringLiteral("digestEqual")).toBool(true));
    // The master heard "not equal" and sent its whole assignment: equal again.
    advance(1200ms);
    EXPECT_EQ(pool(b).subnets(), pool(a).subnets());
}

} // namespace
