// The pair plan: the golden pairs of tests/config/plans/ (plan, base configs, the two expected
// configs), generation errors that name the plan field, and reading a pair back into its plan.

#include "config/PairPlan.h"

#include "config/ConfigParser.h"
#include "config/LabPair.h"
#include "config/PairCheck.h"
#include "protocol/PairPlanJson.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace tandem::config {
namespace {

const std::string kPlans = TANDEM_CONFIG_TEST_DIR "/plans/";

std::string readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << path;
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

QJsonObject readJson(const std::string& path)
{
    QFile file(QString::fromStdString(path));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << path;
    return QJsonDocument::fromJson(file.readAll()).object();
}

PairPlan readPlan(const std::string& path)
{
    QString error;
    const auto plan = protocol::pairPlanFromJson(readJson(path), &error);
    EXPECT_TRUE(plan) << path << ": " << error.toStdString();
    return plan.value_or(PairPlan{});
}

DeviceConfig readConfig(const std::string& path)
{
    const ParseResult parsed = loadConfigFile(path);
    EXPECT_TRUE(parsed.ok()) << (parsed.errors.empty() ? "" : parsed.errors[0].format(path));
    return parsed.config;
}

std::vector<Finding> errorsOf(const std::vector<Finding>& findings)
{
    std::vector<Finding> errors;
    std::copy_if(findings.begin(), findings.end(), std::back_inserter(errors),
                 [](const Finding& f) { return f.severity == Severity::Error; });
    return errors;
}

std::string describe(const std::vector<Finding>& findings)
{
    std::string out;
    for (const Finding& f : findings)
        out += (f.side == Side::A ? "A " : "B ") + f.format() + "\n";
    return out;
}

std::string describe(const std::vector<PlanError>& errors)
{
    std::string out;
    for (const PlanError& e : errors)
        out += e.format() + "\n";
    return out;
}

bool namesField(const std::vector<PlanError>& errors, const std::string& field)
{
    return std::any_of(errors.begin(), errors.end(),
                       [&](const PlanError& e) { return e.field == field; });
}

class GoldenPlan : public ::testing::TestWithParam<std::string>
{
protected:
    std::string dir() const { return kPlans + GetParam() + "/"; }
    PairPlan plan() const { return readPlan(dir() + "plan.json"); }
};

TEST_P(GoldenPlan, GeneratesTheExpectedConfigsByteForByte)
{
    const PairPlan p = plan();
    const GeneratedPair pair =
        generatePair(p, readConfig(dir() + p.a.baseConfig), readConfig(dir() + p.b.baseConfig));
    ASSERT_TRUE(pair.ok()) << describe(pair.errors);
    for (const auto& [side, config] : {std::pair{"a", &pair.a}, std::pair{"b", &pair.b}}) {
        const std::string expectedPath = dir() + "expected-" + side + ".cfg";
        const std::string actual = printConfig(*config);
        if (actual != readText(expectedPath)) {
            // What was generated, to compare (and, once reviewed, to take as the new golden).
            const std::string actualDir = ::testing::TempDir() + "plans-actual/" + GetParam();
            QDir().mkpath(QString::fromStdString(actualDir));
            std::ofstream(actualDir + "/expected-" + side + ".cfg", std::ios::binary) << actual;
            ADD_FAILURE() << expectedPath << " differs from the generated config, written to "
                          << actualDir;
        }
    }
}

TEST_P(GoldenPlan, ExpectedPairPassesThePairCheckWithoutAnError)
{
    const PairPlan p = plan();
    const DeviceConfig a = readConfig(dir() + "expected-a.cfg");
    const DeviceConfig b = readConfig(dir() + "expected-b.cfg");
    EXPECT_EQ(errorsOf(validateConfig(a)), std::vector<Finding>{}) << describe(validateConfig(a));
    EXPECT_EQ(errorsOf(validateConfig(b)), std::vector<Finding>{}) << describe(validateConfig(b));
    const auto findings = pairCheck(a, b, {p.mode});
    EXPECT_EQ(errorsOf(findings), std::vector<Finding>{}) << describe(findings);
}

TEST_P(GoldenPlan, DerivingThePlanFromTheExpectedPairGivesThePlanBack)
{
    PairPlan expected = plan();
    expected.a.baseConfig.clear();
    expected.b.baseConfig.clear();
    const DerivedPlan derived =
        derivePlan(readConfig(dir() + "expected-a.cfg"), readConfig(dir() + "expected-b.cfg"));
    ASSERT_TRUE(derived.ok()) << describe(derived.errors);
    EXPECT_EQ(derived.unexpressed, std::vector<std::string>{});
    EXPECT_EQ(protocol::toJson(derived.plan), protocol::toJson(expected));
    EXPECT_TRUE(derived.plan == expected);
}

TEST_P(GoldenPlan, PlanJsonReadsAndPrintsTheSameObject)
{
    const QJsonObject json = readJson(dir() + "plan.json");
    EXPECT_EQ(protocol::toJson(plan()), json);
}

INSTANTIATE_TEST_SUITE_P(Plans, GoldenPlan,
                         ::testing::Values("1to1", "1plus1", "1to1-lb", "1to1-vpn"),
                         [](const auto& info) {
                             std::string name = info.param;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

class PairPlanTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_plan = readPlan(kPlans + "1to1/plan.json");
        m_baseA = readConfig(kPlans + "1to1/base-a.cfg");
        m_baseB = readConfig(kPlans + "1to1/base-b.cfg");
    }
    GeneratedPair generate() const { return generatePair(m_plan, m_baseA, m_baseB); }

    PairPlan m_plan;
    DeviceConfig m_baseA;
    DeviceConfig m_baseB;
};

TEST_F(PairPlanTest, RefusesTheSameVridTwiceNamingTheSecondLocation)
{
    PlanServiceLocation second = m_plan.serviceLocations[0];
    second.id = 2;
    second.slot = 2;
    second.virtualIp = Ipv4Address{m_plan.serviceLocations[0].virtualIp.value + 1};
    m_plan.serviceLocations.push_back(second);
    const GeneratedPair pair = generate();
    EXPECT_FALSE(pair.ok());
    EXPECT_TRUE(namesField(pair.errors, "serviceLocations[1].vrid")) << describe(pair.errors);
    EXPECT_FALSE(namesField(pair.errors, "serviceLocations[0].vrid")) << describe(pair.errors);
}

TEST_F(PairPlanTest, RefusesAVirtualIpOutsideTheChannelSubnet)
{
    m_plan.serviceLocations[0].virtualIp = *Ipv4Address::parse("10.2.1.3");
    const GeneratedPair pair = generate();
    EXPECT_TRUE(namesField(pair.errors, "serviceLocations[0].virtualIp")) << describe(pair.errors);
}

TEST_F(PairPlanTest, RefusesAMasterPriorityNotAboveTheBackups)
{
    m_plan.serviceLocations[0].masterPriority = 150;
    const GeneratedPair pair = generate();
    ASSERT_EQ(pair.errors.size(), 1u) << describe(pair.errors);
    EXPECT_EQ(pair.errors[0].field, "serviceLocations[0].masterPriority");
}

TEST_F(PairPlanTest, RefusesATrackingReductionThatWouldNotSwapTheRoles)
{
    m_plan.serviceLocations[0].trackUplinkReduced = 50; // 200 − 50 = 150, not below 150
    const GeneratedPair pair = generate();
    ASSERT_EQ(pair.errors.size(), 1u) << describe(pair.errors);
    EXPECT_EQ(pair.errors[0].field, "serviceLocations[0].trackUplinkReduced");
}

TEST_F(PairPlanTest, ComputedReductionsTakeTheMasterBelowTheBackup)
{
    m_plan.serviceLocations[0].masterPriority = 250;
    m_plan.serviceLocations[0].backupPriority = 20;
    m_plan.serviceLocations[0].trackServiceLocationReduced = 0;
    m_plan.serviceLocations[0].trackUplinkReduced = 0;
    const GeneratedPair pair = generate();
    ASSERT_TRUE(pair.ok()) << describe(pair.errors);
    const VrrpGroupConfig* master = pair.a.findInterface("GigabitEthernet0/1/1")->findVrrp(1);
    ASSERT_NE(master, nullptr);
    ASSERT_EQ(master->trackInterfaces.size(), 1u);
    ASSERT_EQ(master->trackServiceLocations.size(), 1u);
    for (int reduced :
         {master->trackInterfaces[0].reduced, master->trackServiceLocations[0].reduced})
        EXPECT_LT(std::max(1, master->priority - reduced), 20);
    EXPECT_EQ(errorsOf(pairCheck(pair.a, pair.b, {PairMode::OneToOne})), std::vector<Finding>{});
}

TEST_F(PairPlanTest, RefusesOneToOneWithMastersOnBothDevices)
{
    PlanServiceLocation second = m_plan.serviceLocations[0];
    second.id = 2;
    second.vrid = 2;
    second.virtualIp = Ipv4Address{second.virtualIp.value + 1};
    second.master = Side::B;
    m_plan.serviceLocations.push_back(second);
    const GeneratedPair pair = generate();
    EXPECT_TRUE(namesField(pair.errors, "serviceLocations")) << describe(pair.errors);
}

TEST_F(PairPlanTest, RefusesAnUplinkTheBaseDoesNotConfigure)
{
    m_plan.b.uplinkInterface = "GigabitEthernet0/9/9";
    const GeneratedPair pair = generate();
    ASSERT_EQ(pair.errors.size(), 1u) << describe(pair.errors);
    EXPECT_EQ(pair.errors[0].field, "b.uplinkInterface");
}

TEST_F(PairPlanTest, RefusesLoadBalancingOverAPoolTheBaseLacks)
{
    m_plan.loadBalancing.push_back({"nat", "pool9", *Ipv4Address::parse("10.10.10.10"), 32, {}});
    const GeneratedPair pair = generate();
    EXPECT_TRUE(namesField(pair.errors, "loadBalancing[0].pool")) << describe(pair.errors);
}

TEST_F(PairPlanTest, RegeneratingOverAnOlderPairReplacesItsHotBackupAndKeepsTheRest)
{
    PairPlan older = m_plan;
    older.serviceLocations[0].vrid = 7;
    older.serviceLocations[0].master = Side::B;
    older.remoteBackupService = {"old-rbs", 2000, "oldkey-123"};
    const GeneratedPair first = generatePair(older, m_baseA, m_baseB);
    ASSERT_TRUE(first.ok()) << describe(first.errors);

    const GeneratedPair again = generatePair(m_plan, first.a, first.b);
    ASSERT_TRUE(again.ok()) << describe(again.errors);
    const GeneratedPair fresh = generate();
    EXPECT_EQ(printConfig(again.a), printConfig(fresh.a));
    EXPECT_EQ(printConfig(again.b), printConfig(fresh.b));
}

TEST_F(PairPlanTest, RefusesABaseLocationWithAChannelThatThePlanDoesNotList)
{
    const GeneratedPair pair = generate();
    ASSERT_TRUE(pair.ok()) << describe(pair.errors);
    DeviceConfig a = pair.a;
    ServiceLocationConfig extra = a.serviceLocations[0];
    extra.id = 9;
    a.serviceLocations.push_back(extra);
    const GeneratedPair again = generatePair(m_plan, a, pair.b);
    ASSERT_EQ(again.errors.size(), 1u) << describe(again.errors);
    EXPECT_EQ(again.errors[0].field, "serviceLocations");
    EXPECT_NE(again.errors[0].message.find("service-location 9"), std::string::npos);
}

TEST_F(PairPlanTest, KeepsABaseLocationOutsideThePlanAndTheChecksOfTheResultNameIt)
{
    DeviceConfig a = m_baseA;
    ServiceLocationConfig alone;
    alone.id = 9;
    alone.slot = 9;
    alone.vrrpVrid = 9;
    alone.vrrpInterface = "GigabitEthernet0/1/2";
    a.serviceLocations.push_back(alone);
    VrrpGroupConfig group;
    group.vrid = 9;
    group.virtualIp = *Ipv4Address::parse("192.168.10.254");
    a.interfaces[1].vrrpGroups.push_back(group);
    const GeneratedPair pair = generatePair(m_plan, a, m_baseB);
    // Kept as it was, and so refused by the checks of the result: with hot backup on, every
    // location needs a channel, and a location on one device only is half a pair.
    EXPECT_FALSE(pair.ok());
    const auto says = [&](const std::string& text) {
        return std::any_of(pair.errors.begin(), pair.errors.end(), [&](const PlanError& e) {
            return e.field == "a.baseConfig" && e.message.find(text) != std::string::npos;
        });
    };
    EXPECT_TRUE(says("service-location 9 has no 'remote-backup")) << describe(pair.errors);
    EXPECT_TRUE(says("service-location 9 is configured on CGN1 but not on CGN2"))
        << describe(pair.errors);
}

TEST_F(PairPlanTest, DerivingListsWhatThePlanCannotExpress)
{
    const GeneratedPair pair = generate();
    ASSERT_TRUE(pair.ok()) << describe(pair.errors);
    DeviceConfig a = pair.a;
    DeviceConfig b = pair.b;
    a.interfaces[0].vrrpGroups[0].holdingMultiplier = 5;
    b.serviceLocations[0].remoteBackupKey = "Tandem-key-0001";
    b.serviceLocations[0].remoteBackupHmacSha256 = true;
    const DerivedPlan derived = derivePlan(a, b);
    ASSERT_TRUE(derived.ok()) << describe(derived.errors);
    const auto mentions = [&](const std::string& text) {
        return std::any_of(derived.unexpressed.begin(), derived.unexpressed.end(),
                           [&](const std::string& line) { return line.find(text) != line.npos; });
    };
    EXPECT_TRUE(mentions("CGN1: vrrp vrid 1 holding-multiplier 5"));
    EXPECT_TRUE(mentions("CGN2: service-location 1: authentication-key … hash-algorithm"));
}

TEST_F(PairPlanTest, DerivingABarePairSaysThereIsNoHotBackupToRead)
{
    const DerivedPlan derived = derivePlan(m_baseA, m_baseB);
    EXPECT_FALSE(derived.ok());
    EXPECT_TRUE(namesField(derived.errors, "a.channelInterface")) << describe(derived.errors);
}

TEST(PairPlanJson, NamesTheKeyOfABadField)
{
    QJsonObject json = readJson(kPlans + "1to1/plan.json");
    QJsonArray locations = json.value(QStringLiteral("serviceLocations")).toArray();
    QJsonObject first = locations[0].toObject();
    first.insert(QStringLiteral("master"), QStringLiteral("c"));
    locations[0] = first;
    json.insert(QStringLiteral("serviceLocations"), locations);
    QString error;
    EXPECT_FALSE(protocol::pairPlanFromJson(json, &error));
    EXPECT_EQ(error.toStdString(), "serviceLocations[0].master: must be \"a\" or \"b\"");

    json = readJson(kPlans + "1to1/plan.json");
    json.insert(QStringLiteral("delayTime"), 3);
    EXPECT_FALSE(protocol::pairPlanFromJson(json, &error));
    EXPECT_EQ(error.toStdString(), "delayTime: unknown field");
}

class LabPairTest : public ::testing::TestWithParam<PairMode>
{};

TEST_P(LabPairTest, TheLabPairPassesThePairCheckAndReadsBackAsItsPlan)
{
    LabPairOptions options;
    options.mode = GetParam();
    options.passwordHash = "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g=";
    const GeneratedPair pair = labPair(options);
    ASSERT_TRUE(pair.ok()) << describe(pair.errors);
    EXPECT_EQ(errorsOf(pairCheck(pair.a, pair.b, {GetParam()})), std::vector<Finding>{});
    // The configs go to the agents as text: they parse back to the same model.
    EXPECT_EQ(parseConfig(printConfig(pair.a)).config, pair.a);
    const DerivedPlan derived = derivePlan(pair.a, pair.b);
    ASSERT_TRUE(derived.ok()) << describe(derived.errors);
    EXPECT_TRUE(derived.plan == labPlan(options));
}

// Its 3 s preempt delay is deliberate (a drill switches back soon): `lab enable` says so, and
// pair-check, which warns a real device below 400 s, finds nothing at all.
TEST_P(LabPairTest, TheLabPairHasNoPairCheckFindingsNotEvenThePreemptAdvice)
{
    LabPairOptions options;
    options.mode = GetParam();
    options.passwordHash = "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g=";
    const GeneratedPair pair = labPair(options);
    ASSERT_TRUE(pair.ok()) << describe(pair.errors);
    ASSERT_TRUE(pair.a.agent.labEnabled);
    EXPECT_EQ(describe(pairCheck(pair.a, pair.b, {GetParam()})), "");
}

TEST_P(LabPairTest, TheOsUserRunningTheLabIsAnAdminByPeerLoginBesideThePasswordAdmin)
{
    LabPairOptions options;
    options.mode = GetParam();
    options.passwordHash = "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g=";
    options.peerUser = "root";
    const DeviceConfig config = labPair(options).a;
    ASSERT_EQ(config.agent.users.size(), 2u);
    EXPECT_EQ(config.agent.users[0],
              (ManagementUser{"admin", UserRole::Admin, options.passwordHash, {}, {}}));
    EXPECT_EQ(config.agent.users[1], (ManagementUser{"root", UserRole::Admin, {}, {}, {}}));
    EXPECT_EQ(parseConfig(printConfig(config)).config.agent.users.size(), 2u);

    // OS user `admin` logs in by peer credentials as the one admin entry, password kept.
    options.peerUser = "admin";
    const DeviceConfig named = labPair(options).a;
    ASSERT_EQ(named.agent.users.size(), 1u);
    EXPECT_EQ(named.agent.users[0].passwordHash, options.passwordHash);
}

TEST_P(LabPairTest, TheBareBaseServesAloneWithoutHotBackup)
{
    LabPairOptions options;
    options.mode = GetParam();
    for (Side side : {Side::A, Side::B}) {
        const DeviceConfig base = labBaseConfig(options, side);
        EXPECT_EQ(errorsOf(validateConfig(base)), std::vector<Finding>{})
            << describe(validateConfig(base));
        EXPECT_FALSE(base.hotBackupEnabled);
        EXPECT_TRUE(base.remoteBackupServices.empty());
        ASSERT_EQ(base.serviceLocations.size(), GetParam() == PairMode::OneToOne ? 1u : 2u);
        for (const ServiceLocationConfig& location : base.serviceLocations) {
            EXPECT_FALSE(location.remoteBackupPeer);
            EXPECT_TRUE(location.vrrpVrid); // its own VRRP group makes it master alone
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Modes, LabPairTest,
                         ::testing::Values(PairMode::OneToOne, PairMode::OnePlusOne),
                         [](const auto& info) {
                             return info.param == PairMode::OneToOne ? "OneToOne" : "OnePlusOne";
                         });

} // namespace
} // namespace tandem::config
