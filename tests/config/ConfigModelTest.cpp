// The commands added for issue #4: NAT, RBS, service-instance-groups, pools, VPN instances,
// admin-vrrp, undo forms; validation rules; pair checks; the semantic and text diff.

#include "config/ConfigDiff.h"
#include "config/ConfigParser.h"
#include "config/PairCheck.h"
#include "config/Validate.h"

#include <gtest/gtest.h>

using namespace tandem::config;

namespace {

std::string describe(const std::vector<ConfigError>& errors)
{
    std::string out;
    for (const ConfigError& error : errors)
        out += error.format() + "\n";
    return out;
}

std::string describe(const std::vector<Finding>& findings)
{
    std::string out;
    for (const Finding& finding : findings)
        out += finding.format(finding.side == Side::A ? "A" : "B") + "\n";
    return out;
}

DeviceConfig parseOk(std::string_view text)
{
    ParseResult result = parseConfig(text);
    EXPECT_TRUE(result.ok()) << describe(result.errors);
    return result.config;
}

Ipv4Address ip(std::string_view text)
{
    return Ipv4Address::parse(text).value();
}

// A 1:1 pair in the shape of the reference's §5 example; tests change one line of it.
std::string device(int which)
{
    const bool master = which == 1;
    const std::string self = master ? "10.1.1.1" : "10.1.1.2";
    const std::string peer = master ? "10.1.1.2" : "10.1.1.1";
    return "sysname CGN" + std::to_string(which) +
           "\n"
           "service-ha hot-backup enable\n"
           "interface GigabitEthernet0/1/1\n"
           " ip address " +
           self +
           " 24\n"
           " vrrp vrid 1 virtual-ip 10.1.1.3\n"
           " vrrp vrid 1 priority " +
           (master ? "200\n vrrp vrid 1 preempt-mode timer delay 1500\n" : "150\n") +
           " vrrp vrid 1 track service-location 1 reduced 60\n"
           "service-location 1\n"
           " location slot 1\n"
           " remote-backup interface GigabitEthernet0/1/1 peer " +
           peer +
           "\n"
           " vrrp vrid 1 interface GigabitEthernet0/1/1\n"
           "remote-backup-service rbs\n"
           " peer " +
           peer + " source " + self +
           " port 7000\n"
           "service-instance-group group1\n"
           " service-location 1\n"
           " remote-backup-service rbs\n"
           "nat ip-pool pool1" +
           (master ? "" : " slave") +
           "\n"
           " section 0 11.11.11.0 mask 24\n"
           "nat instance nat id 1\n"
           " service-instance-group group1\n"
           " nat address-group ag1 group-id 1 bind-ip-pool pool1\n"
           " nat outbound any address-group ag1\n";
}

std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos)
        text.replace(at, from.size(), to);
    return text;
}

std::vector<Finding> pairOf(const std::string& a, const std::string& b,
                            const PairCheckOptions& options = {})
{
    return pairCheck(parseOk(a), parseOk(b), options);
}

} // namespace

TEST(ConfigModelTest, ThePairFixtureIsCleanOnItsOwnAndAsAPair)
{
    EXPECT_EQ(describe(validateConfig(parseOk(device(1)))), "");
    EXPECT_EQ(describe(validateConfig(parseOk(device(2)))), "");
    EXPECT_EQ(describe(pairOf(device(1), device(2))), "");
}

TEST(ConfigModelTest, NatObjectsParseIntoTheModel)
{
    DeviceConfig config = parseOk(device(2) + "ip vpn-instance vpn1\n"
                                              "nat instance nat\n"
                                              " port-range 4096\n"
                                              " nat ip-address 10.9.9.9 32 vpn-instance vpn1\n"
                                              " nat allow-access global vpn-instance vpn1\n"
                                              " nat outbound 3001 address-group ag1\n");
    const NatInstanceConfig* nat = config.findNatInstance("nat");
    ASSERT_NE(nat, nullptr);
    EXPECT_EQ(nat->id, 1); // re-entering the view without the id keeps it
    EXPECT_EQ(nat->serviceInstanceGroup, "group1");
    EXPECT_EQ(nat->portRange, 4096);
    ASSERT_EQ(nat->addressGroups.size(), 1u);
    EXPECT_EQ(nat->addressGroups[0].ipPool, "pool1");
    ASSERT_EQ(nat->outbounds.size(), 2u);
    EXPECT_FALSE(nat->outbounds[0].acl);
    EXPECT_EQ(nat->outbounds[1].acl, 3001);
    ASSERT_EQ(nat->ipAddresses.size(), 1u);
    EXPECT_EQ(nat->ipAddresses[0].address, ip("10.9.9.9"));
    EXPECT_EQ(nat->allowAccessGlobalVpn, "vpn1");
    EXPECT_EQ(nat->allowAccessInsideVpn, "");

    const NatIpPoolConfig* pool = config.findNatIpPool("pool1");
    ASSERT_NE(pool, nullptr);
    EXPECT_TRUE(pool->slave);
    ASSERT_EQ(pool->sections.size(), 1u);
    EXPECT_EQ(pool->sections[0].prefixLength, 24);
    const RemoteBackupServiceConfig* rbs = config.findRemoteBackupService("rbs");
    ASSERT_NE(rbs, nullptr);
    EXPECT_EQ(rbs->peer, ip("10.1.1.1"));
    EXPECT_EQ(rbs->source, ip("10.1.1.2"));
    EXPECT_EQ(rbs->port, 7000);
    ASSERT_NE(config.findVpnInstance("vpn1"), nullptr);
}

TEST(ConfigModelTest, IndentationDecidesBetweenAViewCommandAndASystemCommand)
{
    // The reference's own order: the RBS view follows the group that names it, unindented.
    DeviceConfig config = parseOk("service-location 1\n"
                                  "service-location 2\n"
                                  "service-instance-group group1\n"
                                  " service-location 1\n"
                                  " remote-backup-service natrbs\n"
                                  "remote-backup-service natrbs\n"
                                  " peer 10.1.1.2 source 10.1.1.1 port 1024\n"
                                  "service-location 2\n"
                                  " location slot 2\n");
    const ServiceInstanceGroupConfig& group = config.serviceInstanceGroups.at(0);
    ASSERT_EQ(group.serviceLocations.size(), 1u);
    EXPECT_EQ(group.remoteBackupService, "natrbs");
    EXPECT_EQ(config.remoteBackupServices.at(0).port, 1024);
    EXPECT_EQ(config.findServiceLocation(2)->slot, 2);
}

TEST(ConfigModelTest, UndoFormsRemoveWhatTheyName)
{
    DeviceConfig config = parseOk(device(1) + "undo service-ha hot-backup enable\n"
                                              "service-ha delay-time 20\n"
                                              "undo service-ha delay-time\n"
                                              "undo batch-backup service-type nat enable\n"
                                              "interface GigabitEthernet0/1/1\n"
                                              " undo vrrp vrid 1 track service-location\n"
                                              " undo vrrp vrid 1 priority\n"
                                              " undo vrrp vrid 1 preempt-mode timer delay\n"
                                              "service-instance-group group1\n"
                                              " undo remote-backup-service\n"
                                              "undo remote-backup-service rbs\n"
                                              "nat instance nat\n"
                                              " undo nat outbound any\n"
                                              " undo nat address-group ag1\n"
                                              "undo nat ip-pool pool1\n");
    EXPECT_FALSE(config.hotBackupEnabled);
    EXPECT_EQ(config.haDelayTimeSeconds, 1);
    EXPECT_FALSE(config.natBatchBackupEnabled);
    const VrrpGroupConfig& group = config.interfaces.at(0).vrrpGroups.at(0);
    EXPECT_TRUE(group.trackServiceLocations.empty());
    EXPECT_EQ(group.priority, 100);
    EXPECT_EQ(group.preemptDelaySeconds, 0);
    EXPECT_TRUE(config.remoteBackupServices.empty());
    EXPECT_TRUE(config.natIpPools.empty());
    EXPECT_TRUE(config.natInstances.at(0).outbounds.empty());
    EXPECT_TRUE(config.natInstances.at(0).addressGroups.empty());
    // The canonical print states the non-default batch-backup setting and reads back the same.
    const std::string printed = printConfig(config);
    EXPECT_NE(printed.find("undo batch-backup service-type nat enable\n"), std::string::npos);
    EXPECT_EQ(parseConfig(printed).config, config);
}

TEST(ConfigModelTest, UndoingAGroupThatIsStillBoundIsAReferenceError)
{
    ParseResult result = parseConfig(device(1) + "interface GigabitEthernet0/1/1\n"
                                                 " undo vrrp vrid 1\n");
    ASSERT_EQ(result.errors.size(), 1u) << describe(result.errors);
    EXPECT_EQ(result.errors[0].message,
              "vrrp vrid 1 is not configured on interface 'GigabitEthernet0/1/1'");
    EXPECT_EQ(result.errors[0].where.line, 12); // the binding that now names nothing
}

TEST(ConfigModelTest, AdminVrrpAndChannelOptionsRoundTrip)
{
    const std::string text = "interface GigabitEthernet0/1/1\n"
                             " ip address 10.1.1.1 24\n"
                             " vrrp vrid 1 virtual-ip 10.1.1.3\n"
                             " admin-vrrp vrid 1 ignore-if-down\n"
                             "service-location 1\n"
                             " location slot 1 engine 1\n"
                             " remote-backup interface GigabitEthernet0/1/1 peer 10.1.1.2 "
                             "authentication-key Key-1234 hash-algorithm hmac-sha256\n";
    DeviceConfig config = parseOk(text);
    EXPECT_TRUE(config.interfaces.at(0).vrrpGroups.at(0).admin);
    EXPECT_TRUE(config.interfaces.at(0).vrrpGroups.at(0).ignoreIfDown);
    EXPECT_EQ(config.serviceLocations.at(0).engine, 1);
    EXPECT_EQ(config.serviceLocations.at(0).remoteBackupKey, "Key-1234");
    EXPECT_TRUE(config.serviceLocations.at(0).remoteBackupHmacSha256);
    EXPECT_EQ(parseConfig(printConfig(config)).config, config);
}

TEST(ValidateTest, SixteenServiceLocationsPerVrrpGroupIsTheLimit)
{
    std::string text = "interface GigabitEthernet0/1/1\n ip address 10.1.1.1 24\n"
                       " vrrp vrid 1 virtual-ip 10.1.1.3\n";
    for (int id = 1; id <= 17; ++id)
        text += "service-location " + std::to_string(id) + "\n location slot 1\n";
    for (int id = 1; id <= 16; ++id)
        text += "interface GigabitEthernet0/1/1\n vrrp vrid 1 track service-location " +
                std::to_string(id) + " reduced 10\n";
    EXPECT_FALSE(hasErrors(validateConfig(parseOk(text))));
    text += "interface GigabitEthernet0/1/1\n vrrp vrid 1 track service-location 17\n";
    const std::vector<Finding> findings = validateConfig(parseOk(text));
    ASSERT_EQ(findings.size(), 1u) << describe(findings);
    EXPECT_EQ(findings[0].message, "vrrp vrid 1 on interface 'GigabitEthernet0/1/1' tracks 17 "
                                   "service-locations; at most 16 per VRRP group");
}

TEST(ValidateTest, ModelsBuiltInCodeGetTheRangeChecks)
{
    DeviceConfig config = parseOk(device(1));
    config.interfaces[0].vrrpGroups[0].priority = 255;
    config.remoteBackupServices[0].port = 80;
    const std::vector<Finding> findings = validateConfig(config);
    ASSERT_EQ(findings.size(), 2u) << describe(findings);
    EXPECT_EQ(findings[0].message, "priority 255 out of range 1-254");
    EXPECT_EQ(findings[1].message, "port 80 out of range 1024-55535");
    EXPECT_EQ(findings[1].where.line, 14);
}

TEST(PairCheckTest, MissingServiceLocationIsAnErrorOnTheDeviceThatHasIt)
{
    const std::string extra = "service-location 2\n location slot 2\n";
    const std::vector<Finding> findings = pairOf(device(1), device(2) + extra);
    ASSERT_EQ(findings.size(), 1u) << describe(findings);
    EXPECT_EQ(findings[0].side, Side::B);
    EXPECT_EQ(findings[0].severity, Severity::Error);
    EXPECT_EQ(findings[0].where.line, 23);
    EXPECT_EQ(findings[0].message, "service-location 2 is configured on CGN2 but not on CGN1");
}

TEST(PairCheckTest, VirtualIpMustMatch)
{
    const std::vector<Finding> findings =
        pairOf(device(1), replaced(device(2), "virtual-ip 10.1.1.3", "virtual-ip 10.1.1.4"));
    ASSERT_EQ(findings.size(), 1u) << describe(findings);
    EXPECT_EQ(findings[0].message,
              "vrrp vrid 1 has virtual-ip 10.1.1.3 on CGN1 but 10.1.1.4 on CGN2");
}

TEST(PairCheckTest, AReductionThatDoesNotSwapTheRolesIsAnError)
{
    const std::vector<Finding> findings =
        pairOf(replaced(device(1), "reduced 60", "reduced 50"), device(2));
    ASSERT_EQ(findings.size(), 1u) << describe(findings);
    EXPECT_EQ(findings[0].side, Side::A);
    EXPECT_EQ(findings[0].message,
              "when service-location 1 fails, CGN1's vrrp vrid 1 priority drops to 150, not "
              "below CGN2's 150: the roles do not swap");
    EXPECT_EQ(findings[0].fix, "use 'reduced 51' or more");
}

TEST(PairCheckTest, ABackupThatDoesNotPreemptCannotTakeOver)
{
    const std::vector<Finding> findings =
        pairOf(device(1), device(2) + "interface GigabitEthernet0/1/1\n"
                                      " vrrp vrid 1 preempt-mode disable\n");
    ASSERT_EQ(findings.size(), 1u) << describe(findings);
    EXPECT_EQ(findings[0].side, Side::B);
    EXPECT_EQ(findings[0].where.line, 24);
}

TEST(PairCheckTest, AShortPreemptDelayIsAWarning)
{
    const std::vector<Finding> findings =
        pairOf(replaced(device(1), "timer delay 1500", "timer delay 60"), device(2));
    ASSERT_EQ(findings.size(), 1u) << describe(findings);
    EXPECT_EQ(findings[0].severity, Severity::Warning);
    EXPECT_EQ(findings[0].message,
              "CGN1's vrrp vrid 1 takes the master role back after 60 s; a batch backup may not "
              "have finished by then (400 s advised)");
}

TEST(PairCheckTest, ALabMasterKeepsItsShortPreemptDelayButARealDeviceIsWarned)
{
    const std::string shortDelay = replaced(device(1), "timer delay 1500", "timer delay 3");
    EXPECT_EQ(describe(pairOf(shortDelay + "tandem-agent\n lab enable\n", device(2))), "");
    const std::vector<Finding> real = pairOf(shortDelay, device(2));
    ASSERT_EQ(real.size(), 1u) << describe(real);
    EXPECT_EQ(real[0].severity, Severity::Warning);
    EXPECT_EQ(real[0].message,
              "CGN1's vrrp vrid 1 takes the master role back after 3 s; a batch backup may not "
              "have finished by then (400 s advised)");
}

TEST(PairCheckTest, SlaveBelongsOnTheBackupsPool)
{
    const std::vector<Finding> findings =
        pairOf(replaced(device(1), "nat ip-pool pool1\n", "nat ip-pool pool1 slave\n"),
               replaced(device(2), "pool1 slave", "pool1"));
    ASSERT_EQ(findings.size(), 1u) << describe(findings);
    EXPECT_EQ(findings[0].side, Side::A);
    EXPECT_EQ(findings[0].message,
              "nat ip-pool 'pool1' is 'slave' on CGN1, the master of its service-locations; the "
              "backup CGN2 must be the slave");
}

TEST(PairCheckTest, RbsPortAndChannelKeyMustMatch)
{
    const std::vector<Finding> findings =
        pairOf(device(1), replaced(replaced(device(2), "port 7000", "port 7001"), "peer 10.1.1.1\n",
                                   "peer 10.1.1.1 authentication-key abcdefgh\n"));
    ASSERT_EQ(findings.size(), 2u) << describe(findings);
    EXPECT_EQ(findings[0].message, "service-location 1's backup channel authentication-key differs "
                                   "between CGN1 and CGN2; both ends need the same key");
    EXPECT_EQ(findings[1].message, "remote-backup-service 'rbs' uses port 7000 on CGN1 but 7001 "
                                   "on CGN2");
}

TEST(PairCheckTest, NatInstancesMustBeTheSame)
{
    const std::vector<Finding> findings =
        pairOf(device(1), replaced(device(2), "nat instance nat id 1", "nat instance nat id 2"));
    ASSERT_EQ(findings.size(), 1u) << describe(findings);
    EXPECT_EQ(findings[0].message, "nat instance 'nat': the id differs between CGN1 and CGN2");
}

TEST(ConfigDiffTest, ReportsAddedRemovedAndChangedObjects)
{
    const DeviceConfig before = parseOk(device(1));
    const DeviceConfig after = parseOk(replaced(device(1), "priority 200", "priority 210") +
                                       "ip vpn-instance vpn1\nundo service-instance-group group1\n"
                                       "nat instance nat\n undo service-instance-group\n");
    const ConfigDiff diff = diffConfigs(before, after);
    ASSERT_EQ(diff.changes.size(), 4u) << formatDiff(diff);
    EXPECT_EQ(diff.changes[0].kind, ObjectChange::Kind::Changed);
    EXPECT_EQ(diff.changes[0].object, "interface GigabitEthernet0/1/1");
    EXPECT_EQ(diff.changes[0].removedLines, std::vector<std::string>{" vrrp vrid 1 priority 200"});
    EXPECT_EQ(diff.changes[0].addedLines, std::vector<std::string>{" vrrp vrid 1 priority 210"});
    EXPECT_EQ(diff.changes[1].kind, ObjectChange::Kind::Removed);
    EXPECT_EQ(diff.changes[1].object, "service-instance-group group1");
    EXPECT_EQ(diff.changes[2].object, "nat instance nat");
    EXPECT_EQ(diff.changes[3].kind, ObjectChange::Kind::Added);
    EXPECT_EQ(diff.changes[3].object, "ip vpn-instance vpn1");
    EXPECT_TRUE(diffConfigs(before, parseOk(device(1))).empty());
}

TEST(ConfigDiffTest, UnifiedDiffMatchesDiffU)
{
    const std::string before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    const std::string after = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
    EXPECT_EQ(unifiedDiff(before, after, "old", "new", 1), "--- old\n+++ new\n"
                                                           "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
                                                           "@@ -10 +10,2 @@\n j\n+k\n");
    EXPECT_EQ(unifiedDiff(before, before, "old", "new"), "");
    EXPECT_EQ(unifiedDiff("", "x\n", "old", "new"), "--- old\n+++ new\n@@ -0,0 +1 @@\n+x\n");
}
