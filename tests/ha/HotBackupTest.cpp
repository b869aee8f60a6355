// Hot backup of two devices in one process: real HaNodes (VRRP over UDP on loopback), real
// engines, the two HotBackups joined by an in-process transport so that a test can hold, cut
// and release the stream. The real channel over TCP is tested in BackupChannelTest and e2e.

#include "HotBackupFixtures.h"
#include "config/ConfigParser.h"

#include <QJsonArray>

using namespace tandem;
using namespace tandem::ha;
using namespace tandem::ha::fixtures;

namespace {

class HotBackupTest : public ::testing::Test
{
protected:
    void startPair(config::PairMode mode)
    {
        const QString base = test::randomLoopbackBase();
        startPair(labConfig(mode, base, 0), labConfig(mode, base, 1), true);
    }
    // Both devices joined by the in-process pair; the link comes up now or when the test says.
    void startPair(const config::DeviceConfig& configA, const config::DeviceConfig& configB, bool linkUp)
    {
        a = makeDevice(configA);
        b = makeDevice(configB);
        ends[0].other = &ends[1];
        ends[1].other = &ends[0];
        a.backup->setTransport(&ends[0]);
        b.backup->setTransport(&ends[1]);
        a.node->start();
        b.node->start();
        if (linkUp) {
            ends[0].setUp(true);
            ends[1].setUp(true);
        }
    }
    // The master dies without a word: its objects go, the link drops at the survivor.
    void killA()
    {
        a.backup.reset();
        a.node.reset();
        ends[1].setUp(false);
    }

    PairEnd ends[2]; // before the devices: they are destroyed after them
    Device a, b;
};

TEST_F(HotBackupTest, AKilledMasterIsReplacedByAStandbyWithEverySessionItWasSent)
{
    startPair(config::PairMode::OneToOne);
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 5000));
    const auto outside = traffic(*a.backup, 1, 2000);
    // delay-time 1: sessions reach the standby once they are a second old.
    ASSERT_TRUE(test::waitFor([&] { return sessions(*b.backup, 1) == 2000; }, 5000))
        << sessions(*b.backup, 1);
    EXPECT_EQ(b.backup->engine(1)->digest(), a.backup->engine(1)->digest());
    EXPECT_EQ(b.backup->engine(1)->role(), cgn::EngineRole::Standby);

    killA();
    ASSERT_TRUE(test::waitFor([&] { return b.backup->isMaster(1); }, 3000));
    cgn::CgnEngine* engine = b.backup->engine(1);
    EXPECT_EQ(engine->role(), cgn::EngineRole::Master);
    EXPECT_EQ(engine->counts().sessions, 2000u);
    // Subscribers keep their public address and port.
    for (int i = 0; i < 2000; i += 97) {
        const cgn::SetupResult again = engine->outbound(subscriber(i / 10, std::uint16_t(1000 + i % 10)),
                                                        {0x01010101, 80}, 0, b.backup->engineNow());
        EXPECT_FALSE(again.created);
        EXPECT_EQ(again.outside, outside[std::size_t(i)]);
    }
    // Commit before claiming: tables were active before the first advert as master.
    ASSERT_TRUE(test::waitFor([&] { return !b.backup->switchovers().empty(); }, 2000));
    const SwitchoverEvent event = b.backup->switchovers().back();
    EXPECT_EQ(event.serviceLocation, 1);
    EXPECT_EQ(event.reason, QStringLiteral("Protocol timer expired"));
    EXPECT_EQ(event.sessionsBefore, 2000u);
    EXPECT_EQ(event.sessionsAfter, 2000u);
    EXPECT_LE(event.decisionMs, event.tablesActiveMs);
    EXPECT_LE(event.tablesActiveMs, event.firstAdvertMs);
}

TEST_F(HotBackupTest, ManualSwitchoverHandsTheTablesOverAndTheResignIsMomentary)
{
    startPair(config::PairMode::OneToOne);
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 5000));
    traffic(*a.backup, 1, 500);
    ASSERT_TRUE(test::waitFor([&] { return sessions(*b.backup, 1) == 500; }, 5000));

    std::string error;
    ends[1].holdBatches = true; // B's batch to A waits: A stays demoted meanwhile
    ASSERT_TRUE(a.node->switchover(1, &error)) << error;
    ASSERT_TRUE(test::waitFor([&] { return b.backup->isMaster(1) && !a.backup->isMaster(1); }, 2000));
    EXPECT_EQ(sessions(*b.backup, 1), 500u);
    EXPECT_FALSE(b.backup->switchovers().back().reason.isEmpty());
    traffic(*b.backup, 1, 100, 1000);
    test::waitFor([] { return false; }, 1300); // older than delay-time by the time A is back
    ASSERT_TRUE(a.node->demotion(1).has_value());
    EXPECT_TRUE(a.node->demotion(1)->manualSwitchover);
    EXPECT_EQ(priorityRun(*a.node, 1), 1);
    EXPECT_TRUE(b.backup->isMaster(1)) << "a demoted old master does not take the role back";
    // Once the old master holds the new one's tables the demotion ends, and with its higher
    // priority and preemption it takes the role back after its preempt delay.
    ends[1].holdBatches = false;
    ends[1].release();
    ASSERT_TRUE(test::waitFor([&] { return !a.node->demotion(1).has_value(); }, 5000));
    EXPECT_EQ(priorityRun(*a.node, 1), 200);
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 5000));
    ASSERT_TRUE(test::waitFor([&] { return sessions(*b.backup, 1) == 600; }, 5000)) << sessions(*b.backup, 1);
    EXPECT_EQ(sessions(*a.backup, 1), 600u);
    EXPECT_EQ(a.backup->engine(1)->digest(), b.backup->engine(1)->digest());
    EXPECT_FALSE(b.node->switchover(2, &error)); // no such location
}

TEST_F(HotBackupTest, ABoardFaultOnTheMasterHandsOverThroughTracking)
{
    startPair(config::PairMode::OneToOne);
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 5000));
    traffic(*a.backup, 1, 300);
    ASSERT_TRUE(test::waitFor([&] { return sessions(*b.backup, 1) == 300; }, 5000));
    a.backup->setBoardUp(1, false); // 200 − 60 < 150: B preempts
    ASSERT_TRUE(test::waitFor([&] { return b.backup->isMaster(1); }, 3000));
    EXPECT_EQ(sessions(*b.backup, 1), 300u);
    EXPECT_EQ(priorityRun(*a.node, 1), 140);
    // Back up, the board gets the tables again from the new master.
    a.backup->setBoardUp(1, true);
    ASSERT_TRUE(test::waitFor([&] { return sessions(*a.backup, 1) == 300; }, 5000));
    EXPECT_EQ(a.backup->engine(1)->digest(), b.backup->engine(1)->digest());
}

TEST_F(HotBackupTest, AStandbyReceivingABatchBackupAdvertisesPriorityOneUntilItIsComplete)
{
    const QString base = test::randomLoopbackBase();
    startPair(labConfig(config::PairMode::OneToOne, base, 0),
              labConfig(config::PairMode::OneToOne, base, 1), false);
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1); }, 5000));
    traffic(*a.backup, 1, 1000);
    test::waitFor([] { return false; }, 1300); // older than delay-time: the batch carries them
    ends[0].holdBatches = true;
    ends[0].setUp(true);
    ends[1].setUp(true);
    ASSERT_TRUE(test::waitFor([&] { return sessions(*b.backup, 1) == 1000; }, 5000));
    EXPECT_EQ(priorityRun(*b.node, 1), 1); // batch not finished: no preemption
    EXPECT_EQ(a.backup->statusJson().value(QStringLiteral("serviceLocations")).toArray()[0]
                  .toObject().value(QStringLiteral("role")).toString(), QStringLiteral("master"));
    ends[0].release();
    ASSERT_TRUE(test::waitFor([&] { return priorityRun(*b.node, 1) == 150; }, 2000));
}

TEST_F(HotBackupTest, OnePlusOneSurvivorServesBothLocations)
{
    startPair(config::PairMode::OnePlusOne);
    ASSERT_TRUE(test::waitFor([&] {
        return a.backup->isMaster(1) && b.backup->isMaster(2) && !a.backup->isMaster(2)
               && !b.backup->isMaster(1);
    }, 5000));
    traffic(*a.backup, 1, 400);
    traffic(*b.backup, 2, 300, 5000);
    ASSERT_TRUE(test::waitFor([&] { return sessions(*b.backup, 1) == 400 && sessions(*a.backup, 2) == 300; }, 5000));
    killA();
    ASSERT_TRUE(test::waitFor([&] { return b.backup->isMaster(1) && b.backup->isMaster(2); }, 3000));
    EXPECT_EQ(sessions(*b.backup, 1), 400u);
    EXPECT_EQ(sessions(*b.backup, 2), 300u);
    EXPECT_EQ(b.backup->engine(1)->role(), cgn::EngineRole::Master);
}

TEST_F(HotBackupTest, SessionsShorterThanTheDelayTimeAreNeverSent)
{
    startPair(config::PairMode::OneToOne);
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 5000));
    cgn::CgnEngine* engine = a.backup->engine(1);
    const cgn::SetupResult brief = engine->outbound(subscriber(1, 1), {0x08080808, 53}, 0, a.backup->engineNow());
    const cgn::SetupResult lasting = engine->outbound(subscriber(1, 2), {0x08080808, 53}, 0, a.backup->engineNow());
    engine->remove(brief.session, a.backup->engineNow());
    a.backup->recordsPending();
    ASSERT_TRUE(test::waitFor([&] { return sessions(*b.backup, 1) == 1; }, 5000));
    test::waitFor([] { return false; }, 300);
    EXPECT_EQ(sessions(*b.backup, 1), 1u);
    EXPECT_NE(b.backup->engine(1)->findOutside(lasting.outside), cgn::kNoSession);
    EXPECT_EQ(a.backup->counters().delayed, 1u);
}

TEST_F(HotBackupTest, AConfigChangeKeepsTheSessionsOfLocationsItDoesNotTouch)
{
    startPair(config::PairMode::OnePlusOne);
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1) && b.backup->isMaster(2); }, 5000));
    traffic(*a.backup, 1, 50);
    config::DeviceConfig next = labConfig(config::PairMode::OnePlusOne,
                                          QHostAddress(a.node->config().interfaces[0].address->value).toString(), 0);
    next.sysname = "CGN-A2";
    QString error;
    ASSERT_TRUE(a.backup->reconfigure(next, &error)) << error.toStdString();
    EXPECT_EQ(sessions(*a.backup, 1), 50u); // nothing NAT-related changed
    EXPECT_TRUE(a.backup->isMaster(1));
    // A new port range for location 2's NAT instance rebuilds location 2 only.
    for (auto& nat : next.natInstances)
        if (nat.name == "nat2")
            nat.portRange = 512;
    ASSERT_TRUE(a.backup->reconfigure(next, &error)) << error.toStdString();
    EXPECT_EQ(sessions(*a.backup, 1), 50u);
    EXPECT_EQ(a.backup->engine(2)->config().portBlockSize, 512);
    // An engine that cannot be built refuses the whole change.
    config::NatAddressGroup overlapping = next.natInstances[0].addressGroups[0];
    overlapping.name = "pool1b"; // the same addresses twice in one engine
    next.natInstances[0].addressGroups.push_back(overlapping);
    EXPECT_FALSE(a.backup->reconfigure(next, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("service-location 1"))) << error.toStdString();
    EXPECT_EQ(sessions(*a.backup, 1), 50u);
}

TEST_F(HotBackupTest, SplitBrainIsDetectedOnHealResolvedByElectionAndTheTablesReconciled)
{
    startPair(config::PairMode::OneToOne);
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 5000));
    traffic(*a.backup, 1, 200);
    ASSERT_TRUE(test::waitFor([&] { return sessions(*b.backup, 1) == 200; }, 5000));
    QStringList alarms;
    for (HaNode* node : {a.node.get(), b.node.get()})
        QObject::connect(node, &HaNode::alarm, [&](const QString& m) { alarms.append(m); });

    // Both paths cut: each device serves on its own.
    a.node->setAdvertsCut(true);
    b.node->setAdvertsCut(true);
    ends[0].setUp(false);
    ends[1].setUp(false);
    ASSERT_TRUE(test::waitFor([&] { return b.backup->isMaster(1); }, 3000));
    EXPECT_TRUE(a.backup->isMaster(1));
    traffic(*b.backup, 1, 30, 3000); // B's subscribers now exist only on B
    EXPECT_NE(b.backup->engine(1)->digest(), a.backup->engine(1)->digest());

    // Healed: the election keeps the higher priority (A), B follows A's tables, an alarm says so.
    a.node->setAdvertsCut(false);
    b.node->setAdvertsCut(false);
    ends[0].setUp(true);
    ends[1].setUp(true);
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 3000));
    ASSERT_TRUE(test::waitFor([&] {
        return b.backup->engine(1)->digest() == a.backup->engine(1)->digest();
    }, 5000));
    EXPECT_EQ(sessions(*b.backup, 1), 200u);
    ASSERT_FALSE(alarms.isEmpty());
    EXPECT_TRUE(alarms.front().contains(QStringLiteral("split brain"))) << alarms.front().toStdString();
}

VrrpState vrrpState(const HaNode& node, int vrid)
{
    for (const auto& d : node.vrrpDetails())
        if (d.config.vrid == vrid)
            return d.state;
    return VrrpState::Initialize;
}

TEST_F(HotBackupTest, AnInterfaceDownTakesItsGroupDownAndRecoverDelayDampsItsReturn)
{
    const QString base = test::randomLoopbackBase();
    config::DeviceConfig configA = labConfig(config::PairMode::OneToOne, base, 0);
    configA.interfaces[0].recoverDelaySeconds = 1;
    startPair(configA, labConfig(config::PairMode::OneToOne, base, 1), true);
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 5000));
    traffic(*a.backup, 1, 100);
    ASSERT_TRUE(test::waitFor([&] { return sessions(*b.backup, 1) == 100; }, 5000));

    const std::string vrrpInterface = configA.interfaces[0].name;
    a.node->setInterfaceUp(vrrpInterface, false);
    EXPECT_EQ(vrrpState(*a.node, 1), VrrpState::Initialize);
    ASSERT_TRUE(test::waitFor([&] { return b.backup->isMaster(1); }, 1000)); // A resigned
    EXPECT_EQ(sessions(*b.backup, 1), 100u);

    a.node->setInterfaceUp(vrrpInterface, true);
    test::waitFor([] { return false; }, 500);
    EXPECT_EQ(vrrpState(*a.node, 1), VrrpState::Initialize); // still within recover-delay
    ASSERT_TRUE(test::waitFor([&] { return vrrpState(*a.node, 1) != VrrpState::Initialize; }, 2000));
    // Back, with the higher priority: A preempts after its delay and takes the tables back.
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 5000));
}

TEST_F(HotBackupTest, AnMvrrpGroupThatIgnoresInterfaceDownKeepsItsRole)
{
    const QString base = test::randomLoopbackBase();
    config::DeviceConfig configA = labConfig(config::PairMode::OneToOne, base, 0);
    configA.interfaces[0].vrrpGroups[0].admin = true;
    configA.interfaces[0].vrrpGroups[0].ignoreIfDown = true;
    startPair(configA, labConfig(config::PairMode::OneToOne, base, 1), false);
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 5000));
    a.node->setInterfaceUp(configA.interfaces[0].name, false);
    test::waitFor([] { return false; }, 1000);
    EXPECT_TRUE(a.backup->isMaster(1));
    EXPECT_FALSE(b.backup->isMaster(1));
}

TEST_F(HotBackupTest, AMasterDyingDuringABatchBackupLeavesTheStandbyServingWhatItHas)
{
    const QString base = test::randomLoopbackBase();
    startPair(labConfig(config::PairMode::OneToOne, base, 0),
              labConfig(config::PairMode::OneToOne, base, 1), false);
    ASSERT_TRUE(test::waitFor([&] { return a.backup->isMaster(1); }, 5000));
    const auto outside = traffic(*a.backup, 1, 800);
    test::waitFor([] { return false; }, 1300); // older than delay-time: the batch carries them
    ends[0].holdBatches = true; // the batch's end never arrives: B is mid-batch
    ends[0].setUp(true);
    ends[1].setUp(true);
    ASSERT_TRUE(test::waitFor([&] { return sessions(*b.backup, 1) == 800; }, 5000));
    ASSERT_EQ(priorityRun(*b.node, 1), 1);

    killA(); // the link drops at B: the peer may be gone, so B is no longer held back
    ASSERT_TRUE(test::waitFor([&] { return b.backup->isMaster(1); }, 3000));
    EXPECT_EQ(priorityRun(*b.node, 1), 150);
    EXPECT_EQ(sessions(*b.backup, 1), 800u); // what the batch had delivered is served
    const cgn::SetupResult again = b.backup->engine(1)->outbound(subscriber(0, 1000), {0x01010101, 80}, 0,
                                                                 b.backup->engineNow());
    EXPECT_FALSE(again.created);
    EXPECT_EQ(again.outside, outside[0]);
}

// Reference §6: pool1 (11.11.11.0/24, subnet length initial 25 extend 27) bound by the group of
// service-locations 1 and 2: each location allocates from its own half, on the master (CGN1)
// and on the backup whose pool is `slave` (CGN2) alike.
TEST(EngineConfigFor, ALoadBalancedPoolGivesEachServiceLocationItsOwnSubnetOnBothDevices)
{
    const std::string text = R"(sysname CGN1
#
service-ha hot-backup enable
#
service-location 1
 location slot 1 engine 0
#
service-location 2
 location slot 1 engine 1
#
service-instance-group group1
 service-location 1
 service-location 2
#
nat ip-pool pool1
 section 0 11.11.11.1 mask 24
 nat-instance subnet length initial 25 extend 27
#
nat instance nat id 1
 service-instance-group group1
 port-range 4096
 nat address-group group1 group-id 1 bind-ip-pool pool1
 nat outbound any address-group group1
#
return
)";
    for (const bool slave : {false, true}) {
        config::ParseResult parsed = config::parseConfig(text);
        ASSERT_TRUE(parsed.ok()) << parsed.errors.front().format();
        parsed.config.natIpPools.front().slave = slave;
        std::string error;
        // Each engine has the whole pool (a location that moves keeps serving its users)...
        const auto one = engineConfigFor(parsed.config, 1, &error);
        const auto two = engineConfigFor(parsed.config, 2, &error);
        ASSERT_TRUE(one && two) << error;
        EXPECT_EQ(one->groups.front().sections, (std::vector<cgn::AddressRange>{{0x0b0b0b01u, 0x0b0b0bfeu}}));
        EXPECT_EQ(two->groups.front().sections, one->groups.front().sections);
        // ... and hands out only its subnet's: the initial assignment, the same on both devices.
        const auto subnets = poolSubnets(parsed.config, parsed.config.natIpPools.front(), &error);
        ASSERT_TRUE(subnets) << error;
        EXPECT_EQ(subnets->config().slave, slave);
        EXPECT_EQ(subnets->hostsOf(1), (std::vector<cgn::AddressRange>{{0x0b0b0b01u, 0x0b0b0b7fu}}))
            << "11.11.11.1 – 11.11.11.127" << (slave ? " (slave)" : "");
        EXPECT_EQ(subnets->hostsOf(2), (std::vector<cgn::AddressRange>{{0x0b0b0b80u, 0x0b0b0bfeu}}))
            << "11.11.11.128 – 11.11.11.254" << (slave ? " (slave)" : "");
    }
    // Three locations cannot each have a /25 of a /24: named, not half-served.
    std::string three = text;
    three.replace(three.find(" service-location 2\n#\nnat"), 0, " service-location 3\n");
    three.insert(three.find("service-instance-group"), "service-location 3\n location slot 2\n#\n");
    const config::ParseResult parsed = config::parseConfig(three);
    ASSERT_TRUE(parsed.ok()) << parsed.errors.front().format();
    std::string error;
    EXPECT_FALSE(poolSubnets(parsed.config, parsed.config.natIpPools.front(), &error));
    EXPECT_NE(error.find("no free /25"), std::string::npos) << error;
}

} // namespace

TEST_F(HotBackupTest, TheFirstElectionIsNoSwitchoverAndAManualOneSaysTheMasterResigned)
{
    startPair(config::PairMode::OneToOne);
    ASSERT_TRUE(
        test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 5000));
    EXPECT_TRUE(a.backup->switchovers().empty()) << "nobody served before the first election";
    EXPECT_TRUE(b.backup->switchovers().empty());

    std::string error;
    ASSERT_TRUE(a.node->switchover(1, &error)) << error;
    ASSERT_TRUE(test::waitFor([&] { return !b.backup->switchovers().empty(); }, 3000));
    const SwitchoverEvent event = b.backup->switchovers().back();
    EXPECT_EQ(event.cause, TakeoverCause::MasterResigned) << event.reason.toStdString();
    ASSERT_TRUE(event.detectionMs.has_value());
    EXPECT_LT(*event.detectionMs, 500);
    EXPECT_EQ(event.toJson().value(QStringLiteral("cause")).toString(),
              QStringLiteral("master resigned"));
}

TEST_F(HotBackupTest, InStepHoldsOnlyWhileTheLastComparisonWasMadeOnTheseTables)
{
    startPair(config::PairMode::OneToOne);
    ASSERT_TRUE(
        test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 5000));
    traffic(*a.backup, 1, 300);
    ASSERT_TRUE(test::waitFor([&] { return sessions(*b.backup, 1) == 300; }, 5000));
    ASSERT_TRUE(test::waitFor([&] { return a.backup->inStep(1) && b.backup->inStep(1); }, 8000));
    auto slg = [](const HotBackup& hb) {
        return hb.statusJson()
            .value(QStringLiteral("serviceLocations"))
            .toArray()
            .first()
            .toObject();
    };
    EXPECT_TRUE(slg(*b.backup).value(QStringLiteral("digestEqual")).toBool());
    EXPECT_TRUE(slg(*b.backup).value(QStringLiteral("inStep")).toBool());

    // The standby's board fails: its tables are gone, and so is the comparison they passed.
    b.backup->setBoardUp(1, false);
    EXPECT_FALSE(b.backup->inStep(1));
    EXPECT_FALSE(slg(*b.backup).contains(QStringLiteral("digestEqual")));
    EXPECT_FALSE(slg(*b.backup).value(QStringLiteral("inStep")).toBool());
}

TEST_F(HotBackupTest, TheMasterCountsTheSessionsDelayTimeHoldsBack)
{
    startPair(config::PairMode::OneToOne);
    ASSERT_TRUE(
        test::waitFor([&] { return a.backup->isMaster(1) && !b.backup->isMaster(1); }, 5000));
    traffic(*a.backup, 1, 200);
    // delay-time 1: for a second they are the master's only, counted as not backed up.
    ASSERT_TRUE(test::waitFor([&] { return a.backup->notBackedUp(1) == 200; }, 500))
        << a.backup->notBackedUp(1);
    EXPECT_EQ(sessions(*b.backup, 1), 0u);
    ASSERT_TRUE(test::waitFor([&] { return sessions(*b.backup, 1) == 200; }, 5000));
    EXPECT_EQ(a.backup->notBackedUp(1), 0u);
    EXPECT_EQ(b.backup->notBackedUp(1), 0u);
}

namespace {

TEST(EngineConfigFor, ASubnetSectionHandsOutItsHostsButNeitherItsNetworkNorItsBroadcastAddress)
{
    config::DeviceConfig device = labConfig(config::PairMode::OneToOne, test::randomLoopbackBase(), 0);
    ASSERT_FALSE(device.natInstances.empty());
    config::NatAddressGroup& group = device.natInstances.front().addressGroups.front();
    std::string error;
    const auto explicitRange = engineConfigFor(device, 1, &error);
    ASSERT_TRUE(explicitRange.has_value()) << error;
    // The lab's explicit range: 203.0.113.1 – 203.0.113.254, as written.
    EXPECT_EQ(explicitRange->groups.front().sections.front(), (cgn::AddressRange{0xcb007101u, 0xcb0071feu}));

    group.end.reset();
    group.start = config::Ipv4Address{0xcb007140u}; // 203.0.113.64 mask 26
    group.prefixLength = 26;
    const auto subnet = engineConfigFor(device, 1, &error);
    ASSERT_TRUE(subnet.has_value()) << error;
    EXPECT_EQ(subnet->groups.front().sections.front(), (cgn::AddressRange{0xcb007141u, 0xcb00717eu}))
        << "203.0.113.65 – 203.0.113.126";

    group.prefixLength = 32; // a single address is a host, whatever its last octet
    group.start = config::Ipv4Address{0xcb0071ffu};
    const auto single = engineConfigFor(device, 1, &error);
    ASSERT_TRUE(single.has_value()) << error;
    EXPECT_EQ(single->groups.front().sections.front(), (cgn::AddressRange{0xcb0071ffu, 0xcb0071ffu}));
}

} // namespace
