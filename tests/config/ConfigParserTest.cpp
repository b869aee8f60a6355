#include "config/ConfigParser.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace tandem::config;

namespace {

const std::string kLabA = R"(sysname CGN-A
#
service-ha hot-backup enable
#
interface GigabitEthernet0/1/1
 ip address 127.0.0.11 255.0.0.0
 vrrp vrid 1 virtual-ip 127.0.0.13
 vrrp vrid 1 priority 200
 vrrp vrid 1 preempt-mode timer delay 3
 vrrp vrid 1 timer advertise millisecond 200
 vrrp vrid 1 track service-location 1 reduced 60
#
service-location 1
 location slot 1
 remote-backup interface GigabitEthernet0/1/1 peer 127.0.0.12
 vrrp vrid 1 interface GigabitEthernet0/1/1
#
tandem-agent
 management listen 127.0.0.11 port 7830
 management user admin role admin password-hash pbkdf2-sha256$100000$c2FsdA==$aGFzaA==
 vrrp-transport udp port 11200
 lab enable
#
return
)";

const std::string kLabB = R"(sysname CGN-B
#
service-ha hot-backup enable
#
interface GigabitEthernet0/1/1
 ip address 127.0.0.12 255.0.0.0
 vrrp vrid 1 virtual-ip 127.0.0.13
 vrrp vrid 1 priority 150
 vrrp vrid 1 timer advertise millisecond 200
 vrrp vrid 1 track service-location 1 reduced 60
#
service-location 1
 location slot 1
 remote-backup interface GigabitEthernet0/1/1 peer 127.0.0.11
 vrrp vrid 1 interface GigabitEthernet0/1/1
#
tandem-agent
 management listen 127.0.0.12 port 7830
 management user admin role admin password-hash pbkdf2-sha256$100000$c2FsdA==$aGFzaA==
 vrrp-transport udp port 11200
 lab enable
#
return
)";

// CGN1 of the reference's centralized NAT444 example (section 5), restricted to the subset:
// the service-location comes before the interfaces it names, and names use the spaced form.
const std::string kReferenceCgn1 = R"(# ---- CGN1 (master) ----
sysname CGN1
service-ha hot-backup enable
service-location 1
 location slot 1
 vrrp vrid 1 interface GigabitEthernet 0/1/1
 remote-backup interface GigabitEthernet 0/1/1 peer 10.1.1.2
interface GigabitEthernet0/1/1
 ip address 10.1.1.1 255.255.255.0
 vrrp vrid 1 virtual-ip 10.1.1.3
 vrrp vrid 1 priority 200
 vrrp vrid 1 preempt-mode timer delay 1500
 vrrp vrid 1 track interface GigabitEthernet 0/1/2 reduced 60
 vrrp vrid 1 track interface GigabitEthernet 0/1/3 reduced 60
 vrrp vrid 1 track service-location 1 reduced 60
 vrrp recover-delay 15
interface GigabitEthernet0/1/2
 ip address 192.168.10.1 255.255.255.0
interface GigabitEthernet0/1/3
 ip address 11.2.1.1 255.255.0.0
)";

std::string describe(const std::vector<ConfigError>& errors)
{
    std::string out;
    for (const ConfigError& error : errors)
        out += error.format() + "\n";
    return out;
}

DeviceConfig parseOk(std::string_view text)
{
    ParseResult result = parseConfig(text);
    EXPECT_TRUE(result.ok()) << describe(result.errors);
    return result.config;
}

ConfigError onlyError(std::string_view text)
{
    ParseResult result = parseConfig(text);
    EXPECT_EQ(result.errors.size(), 1u) << describe(result.errors);
    return result.errors.empty() ? ConfigError{} : result.errors.front();
}

Ipv4Address ip(std::string_view text)
{
    return Ipv4Address::parse(text).value();
}

} // namespace

TEST(Ipv4AddressTest, ParsesStrictDottedQuads)
{
    EXPECT_EQ(Ipv4Address::parse("10.1.1.3")->value, 0x0A010103u);
    EXPECT_EQ(Ipv4Address::parse("0.0.0.0")->value, 0u);
    EXPECT_EQ(Ipv4Address::parse("255.255.255.255")->value, 0xFFFFFFFFu);
    EXPECT_EQ(ip("192.168.10.1").toString(), "192.168.10.1");
    for (std::string_view bad :
         {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", " 1.2.3.4", "1.2.3.4 ", "01.2.3.4", "1.2.3.-4",
          "1..2.3", "1.2.3.4a", "+1.2.3.4", "1234.1.1.1", "1.2.3.", "a.b.c.d"})
        EXPECT_FALSE(Ipv4Address::parse(bad)) << bad;
}

TEST(UserRoleTest, NamesRoundTrip)
{
    for (UserRole role : {UserRole::Viewer, UserRole::Operator, UserRole::Admin})
        EXPECT_EQ(userRoleFromString(toString(role)), role);
    EXPECT_EQ(toString(UserRole::Operator), "operator");
    EXPECT_FALSE(userRoleFromString("Admin"));
    EXPECT_FALSE(userRoleFromString("root"));
}

TEST(ConfigParserTest, LabDeviceAParses)
{
    DeviceConfig config = parseOk(kLabA);
    EXPECT_EQ(config.sysname, "CGN-A");
    EXPECT_TRUE(config.hotBackupEnabled);

    ASSERT_EQ(config.interfaces.size(), 1u);
    const InterfaceConfig* ge = config.findInterface("GigabitEthernet0/1/1");
    ASSERT_NE(ge, nullptr);
    EXPECT_EQ(ge->address, ip("127.0.0.11"));
    EXPECT_EQ(ge->prefixLength, 8);
    EXPECT_EQ(ge->recoverDelaySeconds, 0);
    ASSERT_EQ(ge->vrrpGroups.size(), 1u);
    const VrrpGroupConfig* group = ge->findVrrp(1);
    ASSERT_NE(group, nullptr);
    EXPECT_EQ(ge->findVrrp(2), nullptr);
    EXPECT_EQ(group->virtualIp, ip("127.0.0.13"));
    EXPECT_EQ(group->priority, 200);
    EXPECT_TRUE(group->preempt);
    EXPECT_EQ(group->preemptDelaySeconds, 3);
    EXPECT_EQ(group->advertIntervalCentiseconds, 20);
    EXPECT_EQ(group->holdingMultiplier, 3);
    ASSERT_EQ(group->trackServiceLocations.size(), 1u);
    EXPECT_EQ(group->trackServiceLocations[0].serviceLocationId, 1);
    EXPECT_EQ(group->trackServiceLocations[0].reduced, 60);
    EXPECT_TRUE(group->trackInterfaces.empty());

    const ServiceLocationConfig* location = config.findServiceLocation(1);
    ASSERT_NE(location, nullptr);
    EXPECT_EQ(config.findServiceLocation(2), nullptr);
    EXPECT_EQ(location->slot, 1);
    EXPECT_EQ(location->remoteBackupInterface, "GigabitEthernet0/1/1");
    EXPECT_EQ(location->remoteBackupPeer, ip("127.0.0.12"));
    EXPECT_EQ(location->vrrpVrid, 1);
    EXPECT_EQ(location->vrrpInterface, "GigabitEthernet0/1/1");

    EXPECT_EQ(config.agent.managementAddress, ip("127.0.0.11"));
    EXPECT_EQ(config.agent.managementPort, 7830);
    EXPECT_EQ(config.agent.vrrpPort, 11200);
    EXPECT_TRUE(config.agent.labEnabled);
    ASSERT_EQ(config.agent.users.size(), 1u);
    EXPECT_EQ(config.agent.users[0].name, "admin");
    EXPECT_EQ(config.agent.users[0].role, UserRole::Admin);
    EXPECT_EQ(config.agent.users[0].passwordHash, "pbkdf2-sha256$100000$c2FsdA==$aGFzaA==");
}

TEST(ConfigParserTest, LabDeviceBParsesAsTheBackup)
{
    DeviceConfig config = parseOk(kLabB);
    EXPECT_EQ(config.sysname, "CGN-B");
    const VrrpGroupConfig* group = config.interfaces.at(0).findVrrp(1);
    ASSERT_NE(group, nullptr);
    EXPECT_EQ(group->priority, 150);
    EXPECT_EQ(group->preemptDelaySeconds, 0);
    EXPECT_EQ(group->virtualIp, ip("127.0.0.13"));
    EXPECT_EQ(config.serviceLocations.at(0).remoteBackupPeer, ip("127.0.0.11"));
    EXPECT_EQ(config.agent.managementAddress, ip("127.0.0.12"));
}

TEST(ConfigParserTest, RecordsWhereEachThingStands)
{
    DeviceConfig config = parseOk(kLabA);
    const InterfaceConfig& ge = config.interfaces.at(0);
    EXPECT_EQ(ge.where.line, 5);
    EXPECT_EQ(ge.where.column, 1);
    EXPECT_EQ(ge.vrrpGroups.at(0).where.line, 7);
    EXPECT_EQ(ge.vrrpGroups.at(0).where.column, 2);
    EXPECT_EQ(ge.vrrpGroups.at(0).trackServiceLocations.at(0).where.line, 11);
    EXPECT_EQ(config.serviceLocations.at(0).where.line, 13);
    EXPECT_EQ(config.agent.users.at(0).where.line, 20);
}

TEST(ConfigParserTest, ReferenceCentralizedNat444ExampleParses)
{
    DeviceConfig config = parseOk(kReferenceCgn1);
    EXPECT_EQ(config.sysname, "CGN1");
    EXPECT_TRUE(config.hotBackupEnabled);
    ASSERT_EQ(config.interfaces.size(), 3u);
    EXPECT_EQ(config.interfaces[0].name, "GigabitEthernet0/1/1");
    EXPECT_EQ(config.interfaces[2].prefixLength, 16);

    const InterfaceConfig& ge1 = config.interfaces[0];
    EXPECT_EQ(ge1.prefixLength, 24);
    EXPECT_EQ(ge1.recoverDelaySeconds, 15);
    const VrrpGroupConfig& group = ge1.vrrpGroups.at(0);
    EXPECT_EQ(group.preemptDelaySeconds, 1500);
    ASSERT_EQ(group.trackInterfaces.size(), 2u);
    EXPECT_EQ(group.trackInterfaces[0].interfaceName, "GigabitEthernet0/1/2");
    EXPECT_EQ(group.trackInterfaces[1].interfaceName, "GigabitEthernet0/1/3");
    EXPECT_EQ(group.trackInterfaces[1].reduced, 60);

    const ServiceLocationConfig& location = config.serviceLocations.at(0);
    EXPECT_EQ(location.vrrpInterface, "GigabitEthernet0/1/1");
    EXPECT_EQ(location.remoteBackupInterface, "GigabitEthernet0/1/1");
    EXPECT_EQ(location.remoteBackupPeer, ip("10.1.1.2"));
    EXPECT_EQ(config.agent, AgentSettings{});
}

TEST(ConfigParserTest, CommandsOutsideTheSubsetAreErrorsNotSkipped)
{
    ConfigError error = onlyError(
        kReferenceCgn1 + "interface GigabitEthernet0/1/2\n traffic-policy policy1 inbound\n");
    EXPECT_EQ(error.where.line, 22);
    EXPECT_EQ(error.where.column, 2);
    EXPECT_EQ(error.message,
              "unknown command 'traffic-policy'; the interface view accepts 'ip address', "
              "'vrrp vrid', 'vrrp recover-delay', 'admin-vrrp vrid' or 'undo <command>'");
}

TEST(ConfigParserTest, LabConfigIsAlreadyCanonical)
{
    EXPECT_EQ(printConfig(parseOk(kLabA)), kLabA);
    EXPECT_EQ(printConfig(parseOk(kLabB)), kLabB);
}

TEST(ConfigParserTest, ManagementListenTlsParsesAndPrintsCanonically)
{
    const std::string text = "sysname tls-1\n"
                             "#\n"
                             "tandem-agent\n"
                             " management listen 127.0.0.1 port 7843 tls\n"
                             " vrrp-transport udp port 11200\n"
                             "#\n"
                             "return\n";
    const DeviceConfig config = parseOk(text);
    EXPECT_TRUE(config.agent.managementTls);
    EXPECT_EQ(config.agent.managementPort, 7843);
    EXPECT_EQ(printConfig(config), text);
    // Without the keyword the listener stays plain TCP, as the lab pair uses it.
    EXPECT_FALSE(parseOk(kLabA).agent.managementTls);
}

TEST(ConfigParserTest, PrintParseRoundTripsAndPrintIsIdempotent)
{
    const std::string rich = R"(sysname edge-7
interface Eth-Trunk1.100
 ip address 192.0.2.2 30
 vrrp vrid 7 virtual-ip 192.0.2.1
 vrrp vrid 7 preempt-mode timer delay 5
 vrrp vrid 7 preempt-mode disable
 vrrp vrid 7 timer advertise 3
 vrrp vrid 7 holding-multiplier 5
 vrrp vrid 7 track interface LoopBack0
 vrrp vrid 8 virtual-ip 192.0.2.3
 vrrp vrid 8 timer advertise millisecond 100
 vrrp vrid 8 track service-location 2
 vrrp recover-delay 30
interface LoopBack0
 ip address 198.51.100.1 255.255.255.255
service-location 2
 vrrp vrid 8 interface Eth-Trunk1.100
tandem-agent
 management user ops role operator password-hash pbkdf2-sha256$1000$YQ==$Yg==
 management user eve role viewer password-hash pbkdf2-sha256$1000$Yw==$ZA==
 vrrp-transport udp port 11300
)";
    for (const std::string& text : {kLabA, kLabB, kReferenceCgn1, rich}) {
        DeviceConfig config = parseOk(text);
        const std::string printed = printConfig(config);
        ParseResult reparsed = parseConfig(printed);
        ASSERT_TRUE(reparsed.ok()) << describe(reparsed.errors) << printed;
        EXPECT_EQ(reparsed.config, config) << printed;
        EXPECT_EQ(printConfig(reparsed.config), printed);
    }

    DeviceConfig config = parseOk(rich);
    const VrrpGroupConfig& seven = config.interfaces.at(0).vrrpGroups.at(0);
    EXPECT_FALSE(seven.preempt);
    EXPECT_EQ(seven.preemptDelaySeconds, 5);
    EXPECT_EQ(seven.advertIntervalCentiseconds, 300);
    EXPECT_EQ(seven.holdingMultiplier, 5);
    EXPECT_EQ(seven.trackInterfaces.at(0).reduced, 10);
    EXPECT_EQ(config.interfaces.at(0).vrrpGroups.at(1).advertIntervalCentiseconds, 10);
    EXPECT_EQ(config.interfaces.at(1).prefixLength, 32);
    EXPECT_EQ(config.agent.users.at(0).role, UserRole::Operator);
    EXPECT_EQ(config.agent.vrrpPort, 11300);
    EXPECT_FALSE(config.agent.managementAddress);

    const std::string printed = printConfig(config);
    EXPECT_NE(printed.find(" vrrp vrid 7 preempt-mode timer delay 5\n"
                           " vrrp vrid 7 preempt-mode disable\n"
                           " vrrp vrid 7 timer advertise 3\n"),
              std::string::npos)
        << printed;
    EXPECT_NE(printed.find(" vrrp vrid 8 track service-location 2 reduced 10\n"),
              std::string::npos);
    EXPECT_NE(printed.find(" ip address 192.0.2.2 255.255.255.252\n"), std::string::npos);
}

TEST(ConfigParserTest, PrintLeavesOutDefaultLinesAndEmptyAgentView)
{
    DeviceConfig config = parseOk("interface GigabitEthernet0/1/1\n"
                                  " ip address 10.0.0.1 24\n"
                                  " vrrp vrid 1 virtual-ip 10.0.0.3\n"
                                  " vrrp vrid 1 priority 100\n"
                                  " vrrp vrid 1 timer advertise 1\n"
                                  " vrrp vrid 1 holding-multiplier 3\n"
                                  "tandem-agent\n");
    EXPECT_EQ(printConfig(config), "sysname HUAWEI\n"
                                   "#\n"
                                   "interface GigabitEthernet0/1/1\n"
                                   " ip address 10.0.0.1 255.255.255.0\n"
                                   " vrrp vrid 1 virtual-ip 10.0.0.3\n"
                                   "#\n"
                                   "return\n");
}

TEST(ConfigParserTest, AdvertIntervalsConvertToCentiseconds)
{
    auto interval = [](std::string_view timer) {
        DeviceConfig config = parseOk("interface GigabitEthernet0/1/1\n ip address 10.0.0.1 24\n"
                                      " vrrp vrid 1 virtual-ip 10.0.0.3\n vrrp vrid 1 timer " +
                                      std::string(timer) + "\n");
        return config.interfaces.at(0).vrrpGroups.at(0).advertIntervalCentiseconds;
    };
    EXPECT_EQ(interval("advertise 1"), 100);
    EXPECT_EQ(interval("advertise 255"), 25500);
    EXPECT_EQ(interval("advertise millisecond 100"), 10);
    EXPECT_EQ(interval("advertise millisecond 200"), 20);
    EXPECT_EQ(interval("advertise millisecond 500"), 50);
}

TEST(ConfigParserTest, InterfaceNamesAcceptTheSpacedForm)
{
    DeviceConfig config = parseOk("interface GigabitEthernet 0/1/1.1\n"
                                  " ip address 10.0.0.1 24\n"
                                  " vrrp vrid 1 virtual-ip 10.0.0.3\n"
                                  " vrrp vrid 1 track interface Eth-Trunk 1\n"
                                  "interface Eth-Trunk1\n"
                                  "interface LoopBack 0\n"
                                  "interface 100GE0/2/0\n");
    ASSERT_EQ(config.interfaces.size(), 4u);
    EXPECT_EQ(config.interfaces[0].name, "GigabitEthernet0/1/1.1");
    EXPECT_EQ(config.interfaces[1].name, "Eth-Trunk1");
    EXPECT_EQ(config.interfaces[2].name, "LoopBack0");
    EXPECT_EQ(config.interfaces[3].name, "100GE0/2/0");
    EXPECT_EQ(config.interfaces[0].vrrpGroups.at(0).trackInterfaces.at(0).interfaceName,
              "Eth-Trunk1");
}

TEST(ConfigParserTest, MaskTakesDottedOrPrefixLengthForms)
{
    auto prefix = [](std::string_view mask) {
        DeviceConfig config =
            parseOk("interface LoopBack0\n ip address 10.0.0.1 " + std::string(mask) + "\n");
        return config.interfaces.at(0).prefixLength;
    };
    EXPECT_EQ(prefix("255.255.255.0"), 24);
    EXPECT_EQ(prefix("24"), 24);
    EXPECT_EQ(prefix("255.255.240.0"), 20);
    EXPECT_EQ(prefix("0"), 0);
    EXPECT_EQ(prefix("0.0.0.0"), 0);
    EXPECT_EQ(prefix("32"), 32);
    EXPECT_EQ(prefix("255.255.255.255"), 32);
}

TEST(ConfigParserTest, VrrpLinesMergeAndViewsCanBeReentered)
{
    DeviceConfig config = parseOk("interface GigabitEthernet0/1/1\n"
                                  " vrrp vrid 1 priority 120\n"
                                  " vrrp vrid 2 virtual-ip 10.0.0.4\n"
                                  "service-location 1\n"
                                  " location slot 3\n"
                                  "interface GigabitEthernet0/1/1\n"
                                  " ip address 10.0.0.1 24\n"
                                  " vrrp vrid 1 virtual-ip 10.0.0.3\n"
                                  " vrrp vrid 1 virtual-ip 10.0.0.3\n"
                                  "service-location 1\n"
                                  " vrrp vrid 1 interface GigabitEthernet0/1/1\n"
                                  "interface GigabitEthernet0/1/2\n"
                                  " ip address 10.0.1.1 24\n"
                                  " vrrp vrid 1 virtual-ip 10.0.1.3\n");
    ASSERT_EQ(config.interfaces.size(), 2u);
    const InterfaceConfig& ge = config.interfaces[0];
    ASSERT_EQ(ge.vrrpGroups.size(), 2u);
    EXPECT_EQ(ge.vrrpGroups[0].vrid, 1);
    EXPECT_EQ(ge.vrrpGroups[0].priority, 120);
    EXPECT_EQ(ge.vrrpGroups[0].virtualIp, ip("10.0.0.3"));
    EXPECT_EQ(ge.vrrpGroups[0].where.line, 2);
    EXPECT_EQ(ge.vrrpGroups[1].vrid, 2);
    ASSERT_EQ(config.serviceLocations.size(), 1u);
    EXPECT_EQ(config.serviceLocations[0].slot, 3);
    EXPECT_EQ(config.serviceLocations[0].vrrpVrid, 1);
    EXPECT_EQ(config.serviceLocations[0].where.line, 4);
    // The same VRID on another interface is another VRRP group.
    EXPECT_EQ(config.interfaces[1].findVrrp(1)->virtualIp, ip("10.0.1.3"));
}

TEST(ConfigParserTest, SecondVirtualIpForAGroupIsAnError)
{
    ConfigError error = onlyError("interface GigabitEthernet0/1/1\n"
                                  " ip address 10.0.0.1 24\n"
                                  " vrrp vrid 1 virtual-ip 10.0.0.3\n"
                                  " vrrp vrid 1 virtual-ip 10.0.0.5\n");
    EXPECT_EQ(error.where.line, 4);
    EXPECT_EQ(error.where.column, 25);
    EXPECT_EQ(error.message,
              "vrrp vrid 1 already has virtual-ip 10.0.0.3; one virtual IP per group");
}

TEST(ConfigParserTest, ViewFollowsCommandsNotIndentation)
{
    DeviceConfig config = parseOk("\r\n"
                                  "   # a comment after spaces\r\n"
                                  "interface GigabitEthernet0/1/1\r\n"
                                  "ip address 10.0.0.1 24\r\n"
                                  "\tvrrp vrid 1 virtual-ip 10.0.0.3\r\n"
                                  "    vrrp recover-delay 10\r\n"
                                  " service-location 1\r\n"
                                  "location slot 1\r\n"
                                  "   tandem-agent\r\n"
                                  "lab enable\r\n");
    EXPECT_EQ(config.interfaces.at(0).recoverDelaySeconds, 10);
    EXPECT_EQ(config.interfaces.at(0).vrrpGroups.size(), 1u);
    EXPECT_EQ(config.serviceLocations.at(0).slot, 1);
    EXPECT_TRUE(config.agent.labEnabled);
}

TEST(ConfigParserTest, SystemCommandsLeaveTheCurrentView)
{
    ParseResult result = parseConfig("interface GigabitEthernet0/1/1\n"
                                     " sysname CGN-X\n"
                                     " ip address 10.0.0.1 24\n"
                                     "interface GigabitEthernet0/1/2\n"
                                     "quit\n"
                                     " ip address 10.0.0.2 24\n"
                                     "tandem-agent\n"
                                     "return\n"
                                     " lab enable\n");
    EXPECT_EQ(result.config.sysname, "CGN-X");
    ASSERT_EQ(result.errors.size(), 3u) << describe(result.errors);
    EXPECT_EQ(result.errors[0].where.line, 3);
    EXPECT_EQ(result.errors[0].message, "'ip address' is not a command of the system view; it "
                                        "belongs to the interface view");
    EXPECT_EQ(result.errors[1].where.line, 6);
    EXPECT_EQ(result.errors[2].where.line, 9);
    EXPECT_EQ(result.errors[2].where.column, 2);
}

TEST(ConfigParserTest, AgentViewIsOptionalAndListenIsOptional)
{
    EXPECT_EQ(parseOk("sysname A\n").agent, AgentSettings{});
    DeviceConfig config = parseOk("tandem-agent\n vrrp-transport udp port 11201\n");
    EXPECT_FALSE(config.agent.managementAddress);
    EXPECT_EQ(config.agent.managementPort, 7830);
    EXPECT_EQ(config.agent.vrrpPort, 11201);
}

TEST(ConfigParserTest, RepeatedUserReplacesTheEarlierOne)
{
    DeviceConfig config = parseOk("tandem-agent\n"
                                  " management user ops role viewer password-hash "
                                  "pbkdf2-sha256$1$YQ==$Yg==\n"
                                  " management user ops role operator password-hash "
                                  "pbkdf2-sha256$2$YQ==$Yg==\n");
    ASSERT_EQ(config.agent.users.size(), 1u);
    EXPECT_EQ(config.agent.users[0].role, UserRole::Operator);
    EXPECT_EQ(config.agent.users[0].passwordHash, "pbkdf2-sha256$2$YQ==$Yg==");
}

TEST(ConfigParserTest, UserWithoutPasswordHashIsPeerOnlyAndRoundTrips)
{
    // No password: the user logs in only by peer credentials (local socket, SSH bridge).
    const std::string text = "sysname peer-1\n"
                             "#\n"
                             "tandem-agent\n"
                             " management user alice role operator\n"
                             " management user admin role admin password-hash "
                             "pbkdf2-sha256$1$YQ==$Yg==\n"
                             " vrrp-transport udp port 11200\n"
                             "#\n"
                             "return\n";
    const DeviceConfig config = parseOk(text);
    ASSERT_EQ(config.agent.users.size(), 2u);
    EXPECT_EQ(config.agent.users[0].name, "alice");
    EXPECT_EQ(config.agent.users[0].role, UserRole::Operator);
    EXPECT_TRUE(config.agent.users[0].passwordHash.empty());
    EXPECT_EQ(printConfig(config), text);
}

TEST(ConfigParserTest, TokenUsersRoundTrip)
{
    // A token alone (automation), and a token beside a password.
    const std::string ci(64, 'c');
    const std::string ops = "0123456789abcdef" + std::string(48, 'e');
    const std::string text = "sysname tokens-1\n"
                             "#\n"
                             "tandem-agent\n"
                             " management user ci role operator token-sha256 " +
                             ci +
                             "\n"
                             " management user ops role admin password-hash "
                             "pbkdf2-sha256$1$YQ==$Yg== token-sha256 " +
                             ops +
                             "\n"
                             " vrrp-transport udp port 11200\n"
                             "#\n"
                             "return\n";
    const DeviceConfig config = parseOk(text);
    ASSERT_EQ(config.agent.users.size(), 2u);
    EXPECT_EQ(config.agent.users[0].role, UserRole::Operator);
    EXPECT_TRUE(config.agent.users[0].passwordHash.empty());
    EXPECT_EQ(config.agent.users[0].tokenSha256, ci);
    EXPECT_EQ(config.agent.users[1].passwordHash, "pbkdf2-sha256$1$YQ==$Yg==");
    EXPECT_EQ(config.agent.users[1].tokenSha256, ops);
    EXPECT_EQ(printConfig(config), text);
    EXPECT_EQ(parseConfig(printConfig(config)).config, config);
}

TEST(ConfigParserTest, TokenHashInEitherOrderAndCaseIsStoredCanonically)
{
    const DeviceConfig config =
        parseOk("tandem-agent\n management user ci role viewer token-sha256 " +
                std::string(64, 'A') + " password-hash pbkdf2-sha256$1$YQ==$Yg==\n");
    ASSERT_EQ(config.agent.users.size(), 1u);
    EXPECT_EQ(config.agent.users[0].tokenSha256, std::string(64, 'a'));
    EXPECT_EQ(config.agent.users[0].passwordHash, "pbkdf2-sha256$1$YQ==$Yg==");
    EXPECT_NE(printConfig(config).find(" management user ci role viewer password-hash "
                                       "pbkdf2-sha256$1$YQ==$Yg== token-sha256 " +
                                       std::string(64, 'a') + "\n"),
              std::string::npos);
}

TEST(ConfigParserTest, RepeatedUserLineReplacesItsToken)
{
    // One token per user: a new line for the user (rotation) drops the old token.
    const DeviceConfig config = parseOk(
        "tandem-agent\n management user ci role operator token-sha256 " + std::string(64, '1') +
        "\n management user ci role operator token-sha256 " + std::string(64, '2') + "\n");
    ASSERT_EQ(config.agent.users.size(), 1u);
    EXPECT_EQ(config.agent.users[0].tokenSha256, std::string(64, '2'));
}

struct ErrorCase
{
    const char* name;
    std::string text;
    int line;
    int column;
    std::string message;
};

void PrintTo(const ErrorCase& errorCase, std::ostream* out)
{
    *out << errorCase.name;
}

class ConfigErrorTest : public testing::TestWithParam<ErrorCase>
{};

TEST_P(ConfigErrorTest, ReportsLineColumnAndWhatWasExpected)
{
    const ErrorCase& expected = GetParam();
    ConfigError error = onlyError(expected.text);
    EXPECT_EQ(error.where.line, expected.line);
    EXPECT_EQ(error.where.column, expected.column);
    EXPECT_EQ(error.message, expected.message);
}

const std::string kInterfaceHead = "interface GigabitEthernet0/1/1\n"
                                   " ip address 10.0.0.1 24\n"
                                   " vrrp vrid 1 virtual-ip 10.0.0.3\n";

INSTANTIATE_TEST_SUITE_P(
    Syntax, ConfigErrorTest,
    testing::Values(
        ErrorCase{"PriorityOutOfRange", kInterfaceHead + " vrrp vrid 1 priority 300\n", 4, 23,
                  "priority 300 out of range 1-254"},
        ErrorCase{"HugeNumber", kInterfaceHead + " vrrp vrid 1 priority 99999999999999999999\n", 4,
                  23, "priority 99999999999999999999 out of range 1-254"},
        ErrorCase{"VridOutOfRange", kInterfaceHead + " vrrp vrid 0 priority 200\n", 4, 12,
                  "VRID 0 out of range 1-255"},
        ErrorCase{"MisspeltCommand", kInterfaceHead + " vrrp vird 1 priority 100\n", 4, 7,
                  "unknown command 'vrrp vird'; expected 'vrrp vrid' or 'vrrp recover-delay'"},
        ErrorCase{"IncompleteCommand", kInterfaceHead + " vrrp\n", 4, 7,
                  "incomplete command 'vrrp'; expected 'vrrp vrid' or 'vrrp recover-delay'"},
        ErrorCase{"WrongView", kInterfaceHead + " location slot 1\n", 4, 2,
                  "'location slot' is not a command of the interface view; it belongs to the "
                  "service-location view"},
        ErrorCase{"MissingArgument", kInterfaceHead + " vrrp vrid 1 priority\n", 4, 23,
                  "expected priority (1-254) after 'priority'"},
        ErrorCase{"NotANumber", kInterfaceHead + " vrrp vrid 1 priority high\n", 4, 23,
                  "expected priority (1-254) after 'priority', got 'high'"},
        ErrorCase{"TrailingJunk", kInterfaceHead + " vrrp vrid 1 priority 200 now\n", 4, 27,
                  "unexpected 'now' after '200'; expected end of line"},
        ErrorCase{"UnknownVrrpOption", kInterfaceHead + " vrrp vrid 1 authentication-mode md5\n", 4,
                  14,
                  "expected 'virtual-ip', 'priority', 'preempt-mode', 'timer', "
                  "'holding-multiplier' or 'track' after '1', got 'authentication-mode'"},
        ErrorCase{"BadMillisecondTimer",
                  kInterfaceHead + " vrrp vrid 1 timer advertise millisecond 305\n", 4, 42,
                  "advertise interval 305 ms not supported; expected a multiple of 10 ms (100, "
                  "200, 500 on VRP)"},
        ErrorCase{"PreemptDelayOutOfRange",
                  kInterfaceHead + " vrrp vrid 1 preempt-mode timer delay 20000\n", 4, 39,
                  "preempt delay 20000 out of range 0-10800"},
        ErrorCase{"PreemptModeTypo", kInterfaceHead + " vrrp vrid 1 preempt-mode enable\n", 4, 27,
                  "expected 'timer delay <0-10800>' or 'disable' after 'preempt-mode', got "
                  "'enable'"},
        ErrorCase{"HoldingMultiplier", kInterfaceHead + " vrrp vrid 1 holding-multiplier 2\n", 4,
                  33, "holding-multiplier 2 out of range 3-10"},
        ErrorCase{"TrackIncreased",
                  "service-location 1\n" + kInterfaceHead +
                      " vrrp vrid 1 track service-location 1 increased 5\n",
                  5, 39, "expected 'reduced' or end of line after '1', got 'increased'"},
        ErrorCase{"TrackReducedOutOfRange",
                  "service-location 1\n" + kInterfaceHead +
                      " vrrp vrid 1 track service-location 1 reduced 0\n",
                  5, 47, "reduced 0 out of range 1-255"},
        ErrorCase{"BadVirtualIp", kInterfaceHead + " vrrp vrid 1 virtual-ip 10.0.0.256\n", 4, 25,
                  "expected an IPv4 address after 'virtual-ip', got '10.0.0.256'"},
        ErrorCase{"NonContiguousMask", "interface LoopBack0\n ip address 10.0.0.1 255.0.255.0\n", 2,
                  22,
                  "mask '255.0.255.0' is not contiguous; expected leading ones like 255.255.255.0"},
        ErrorCase{"PrefixTooLong", "interface LoopBack0\n ip address 10.0.0.1 33\n", 2, 22,
                  "prefix length 33 out of range 0-32"},
        ErrorCase{"NotAMask", "interface LoopBack0\n ip address 10.0.0.1 wide\n", 2, 22,
                  "expected a mask (like 255.255.255.0 or 24) after '10.0.0.1', got 'wide'"},
        ErrorCase{"RecoverDelay", "interface LoopBack0\n vrrp recover-delay 4000\n", 2, 21,
                  "recover-delay 4000 out of range 0-3600"},
        ErrorCase{"BadPeer",
                  "interface GigabitEthernet0/1/1\nservice-location 1\n remote-backup interface "
                  "GigabitEthernet0/1/1 peer 10.1.1\n",
                  3, 52, "expected an IPv4 address after 'peer', got '10.1.1'"},
        ErrorCase{"NotAnInterfaceName", "service-location 1\n remote-backup interface 0/1/1\n", 2,
                  26,
                  "expected an interface name (like GigabitEthernet0/1/1) after 'interface', got "
                  "'0/1/1'"},
        ErrorCase{"InterfaceTypeWithoutNumber",
                  "service-location 1\n remote-backup interface GigabitEthernet peer 10.1.1.2\n", 2,
                  42,
                  "expected an interface number (like 0/1/1) after 'GigabitEthernet', got 'peer'"},
        ErrorCase{"MalformedInterfaceNumber", "interface GigabitEthernet0//1\n", 1, 11,
                  "malformed interface number in 'GigabitEthernet0//1'; expected a type and a "
                  "number like GigabitEthernet0/1/1"},
        ErrorCase{"InterfaceVrrpSyntaxInServiceLocation",
                  "service-location 1\n vrrp vrid 1 priority 200\n", 2, 14,
                  "expected 'interface' after '1', got 'priority'"},
        ErrorCase{"ServiceLocationIdOutOfRange", "service-location 256\n", 1, 18,
                  "service-location id 256 out of range 1-255"},
        ErrorCase{"BadRole",
                  "tandem-agent\n management user alice role root password-hash "
                  "pbkdf2-sha256$1$YQ==$Yg==\n",
                  2, 29, "expected 'viewer', 'operator' or 'admin' after 'role', got 'root'"},
        ErrorCase{"BadPasswordHash",
                  "tandem-agent\n management user alice role viewer password-hash secret\n", 2, 50,
                  "expected a hash like pbkdf2-sha256$<iterations>$<salt-base64>$<hash-base64> "
                  "after 'password-hash', got '******'"}, // a password typed there is not echoed
        ErrorCase{"UserJunkAfterRole",
                  "tandem-agent\n management user alice role viewer passwd x\n", 2, 36,
                  "expected 'password-hash', 'token-sha256' or end of line after 'viewer', got "
                  "'passwd'"},
        ErrorCase{"TokenHashTooShort",
                  "tandem-agent\n management user ci role viewer token-sha256 0123abc\n", 2, 46,
                  "expected the token's SHA-256 as 64 hex digits (from `tandem-agent make-token`) "
                  "after 'token-sha256', got '******'"},
        ErrorCase{"TokenHashNotHex",
                  "tandem-agent\n management user ci role viewer token-sha256 " +
                      std::string(64, 'g') + "\n",
                  2, 46,
                  "expected the token's SHA-256 as 64 hex digits (from `tandem-agent make-token`) "
                  "after 'token-sha256', got '******'"},
        ErrorCase{"TokenHashMissing",
                  "tandem-agent\n management user ci role viewer token-sha256\n", 2, 46,
                  "expected the token's SHA-256 as 64 hex digits (from `tandem-agent make-token`) "
                  "after 'token-sha256'"},
        ErrorCase{"SecondTokenOnOneLine",
                  "tandem-agent\n management user ci role viewer token-sha256 " +
                      std::string(64, 'a') + " token-sha256 " + std::string(64, 'b') + "\n",
                  2, 111,
                  "expected 'password-hash' or end of line after '******', got 'token-sha256'"},
        ErrorCase{"PortOutOfRange", "tandem-agent\n management listen 0.0.0.0 port 70000\n", 2, 33,
                  "port 70000 out of range 1-65535"},
        ErrorCase{"ManagementListenJunkAfterPort",
                  "tandem-agent\n management listen 127.0.0.1 port 7830 tsl\n", 2, 40,
                  "expected 'tls' or end of line after '7830', got 'tsl'"},
        ErrorCase{"MissingPortKeyword", "tandem-agent\n vrrp-transport udp 11200\n", 2, 21,
                  "expected 'port' after 'udp', got '11200'"},
        ErrorCase{"InterfaceCommandInAgentView", "tandem-agent\n ip address 10.0.0.1 24\n", 2, 2,
                  "'ip address' is not a command of the tandem-agent view; it belongs to the "
                  "interface view"},
        ErrorCase{"VrrpAtSystemLevel", "vrrp vrid 1 virtual-ip 10.0.0.1\n", 1, 1,
                  "'vrrp vrid' is not a command of the system view; it belongs to the interface "
                  "or service-location view"},
        ErrorCase{"MissingSysname", "sysname\n", 1, 9, "expected a device name after 'sysname'"},
        ErrorCase{"IncompleteServiceHa", "service-ha hot-backup\n", 1, 23,
                  "incomplete command 'service-ha hot-backup'; expected 'service-ha hot-backup "
                  "enable'"},
        ErrorCase{"UnknownSystemCommand", "sysname A\nfrobnicate now\n", 2, 1,
                  "unknown command 'frobnicate'; the system view accepts 'sysname', 'service-ha "
                  "hot-backup enable', 'service-ha delay-time', 'batch-backup service-type nat', "
                  "'interface', 'service-location', 'remote-backup-service', "
                  "'service-instance-group', 'nat instance', 'nat ip-pool', 'ip vpn-instance', "
                  "'tandem-agent', 'quit', 'return' or 'undo <command>'"}),
    [](const testing::TestParamInfo<ErrorCase>& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    References, ConfigErrorTest,
    testing::Values(
        ErrorCase{"BoundInterfaceMissing",
                  "service-location 1\n vrrp vrid 1 interface GigabitEthernet 0/1/9\n", 2, 24,
                  "vrrp vrid 1 interface names 'GigabitEthernet0/1/9', but there is no 'interface "
                  "GigabitEthernet0/1/9'"},
        ErrorCase{"BoundVridMissing",
                  kInterfaceHead +
                      "service-location 1\n vrrp vrid 2 interface GigabitEthernet0/1/1\n",
                  5, 12, "vrrp vrid 2 is not configured on interface 'GigabitEthernet0/1/1'"},
        ErrorCase{"RemoteBackupInterfaceMissing",
                  "service-location 1\n remote-backup interface Eth-Trunk2 peer 10.1.1.2\n", 2, 26,
                  "remote-backup interface names 'Eth-Trunk2', but there is no 'interface "
                  "Eth-Trunk2'"},
        ErrorCase{"TrackedServiceLocationMissing",
                  kInterfaceHead + " vrrp vrid 1 track service-location 4 reduced 60\n", 4, 37,
                  "track service-location names service-location 4, which is not configured"},
        ErrorCase{"TrackedInterfaceMissing",
                  kInterfaceHead + " vrrp vrid 1 track interface GigabitEthernet0/1/7\n", 4, 30,
                  "track interface names 'GigabitEthernet0/1/7', but there is no 'interface "
                  "GigabitEthernet0/1/7'"},
        ErrorCase{"GroupWithoutVirtualIp",
                  "interface GigabitEthernet0/1/1\n ip address 10.0.0.1 24\n vrrp vrid 3 priority "
                  "120\n",
                  3, 2,
                  "vrrp vrid 3 on interface 'GigabitEthernet0/1/1' has no 'vrrp vrid 3 "
                  "virtual-ip <ip>'"},
        ErrorCase{"VrrpWithoutAddress",
                  "sysname A\ninterface GigabitEthernet0/1/1\n vrrp vrid 1 virtual-ip 10.0.0.3\n",
                  2, 1,
                  "interface 'GigabitEthernet0/1/1' runs VRRP but has no 'ip address <ip> "
                  "<mask>'"}),
    [](const testing::TestParamInfo<ErrorCase>& info) { return std::string(info.param.name); });

TEST(ConfigParserTest, ErrorsAreCollectedAcrossLinesInLineOrder)
{
    ParseResult result = parseConfig("sysname A B\n"                          // 1
                                     "interface GigabitEthernet0/1/1\n"       // 2
                                     " ip address 10.0.0.1 24\n"              // 3
                                     " vrrp vrid 1 virtual-ip 10.0.0.3\n"     // 4
                                     " vrrp vrid 1 priority 255\n"            // 5
                                     " vrrp vrid 1 priority 120\n"            // 6
                                     "service-location 1\n"                   // 7
                                     " vrrp vrid 1 interface LoopBack9\n"     // 8
                                     " locaton slot 1\n"                      // 9
                                     "tandem-agent\n"                         // 10
                                     " management listen 10.0.0.1 port 0\n"); // 11
    // Line 8's LoopBack9 is reported once these parse: a failed line leaves its object out, so
    // the reference checks would mostly echo it.
    ASSERT_EQ(result.errors.size(), 4u) << describe(result.errors);
    std::vector<int> lines;
    for (const ConfigError& error : result.errors)
        lines.push_back(error.where.line);
    EXPECT_EQ(lines, (std::vector<int>{1, 5, 9, 11}));
    EXPECT_EQ(result.errors[0].message, "unexpected 'B' after 'A'; expected end of line");
    EXPECT_EQ(result.errors[2].message,
              "unknown command 'locaton'; the service-location view accepts 'location slot', "
              "'remote-backup interface', 'vrrp vrid' or 'undo <command>'");
    // Good lines around the bad ones still count.
    EXPECT_EQ(result.config.interfaces.at(0).vrrpGroups.at(0).priority, 120);
}

TEST(ConfigParserTest, AFailedLineInsideAViewHidesOnlyTheReferenceErrorsItWouldEcho)
{
    ParseResult result = parseConfig("sysname A\n"                                // 1
                                     "interface GigabitEthernet0/1/1\n"            // 2
                                     " ip adress 10.0.0.1 24\n"                    // 3
                                     " vrrp vrid 1 virtual-ip 10.0.0.3\n"          // 4
                                     "service-location 1\n"                        // 5
                                     " location slot 1\n"                          // 6
                                     " vrrp vrid 1 interface GigabitEthernet0/1/1\n" // 7
                                     "interface GigabitEthernet0/1/2\n"            // 8
                                     " vrrp vrid 2 track interface LoopBack9\n"    // 9
                                     " vrrp vrid 2 priority 999\n");               // 10
    // Line 3's typo leaves GigabitEthernet0/1/1 without an address: that is its own error, not
    // another one. LoopBack9 on line 9 is nobody's echo and is said now, not after a re-run.
    std::vector<int> lines;
    for (const ConfigError& error : result.errors)
        lines.push_back(error.where.line);
    EXPECT_EQ(lines, (std::vector<int>{3, 9, 10})) << describe(result.errors);
    ASSERT_EQ(result.errors.size(), 3u);
    EXPECT_NE(result.errors[1].message.find("'LoopBack9'"), std::string::npos)
        << result.errors[1].message;
}

TEST(ConfigParserTest, AMisspeltViewHeaderIsOneErrorThatSuggestsTheCommandMeant)
{
    ParseResult result =
        parseConfig(kInterfaceHead + " vrrp vrid 1 track service-location 1\n"
                                     "service-locaton 1\n"
                                     " location slot 1\n"
                                     " vrrp vrid 1 interface GigabitEthernet0/1/1\n"
                                     "#\n"
                                     "sysname A\n");
    ASSERT_EQ(result.errors.size(), 1u) << describe(result.errors);
    EXPECT_EQ(result.errors[0].where.line, 5);
    EXPECT_TRUE(result.errors[0].message.starts_with("unknown command 'service-locaton'; "));
    EXPECT_TRUE(result.errors[0].message.ends_with("; the lines indented under it are skipped"));
    EXPECT_EQ(result.errors[0].fix, "did you mean 'service-location 1'?");
    // The view it would have opened ends at the next unindented line.
    EXPECT_EQ(result.config.sysname, "A");
}

TEST(ConfigParserTest, AMisspeltCommandInAViewSuggestsTheNearestCommandOfThatView)
{
    ParseResult result = parseConfig("service-location 1\n"
                                     " locaton slot 1\n"
                                     " vrrp vird 1 interface GigabitEthernet0/1/1\n");
    ASSERT_EQ(result.errors.size(), 2u) << describe(result.errors);
    EXPECT_EQ(result.errors[0].fix, "did you mean 'location slot 1'?");
    EXPECT_EQ(result.errors[1].fix, "did you mean 'vrrp vrid 1 interface GigabitEthernet0/1/1'?");
}

TEST(ConfigParserTest, NoCommandIsSuggestedWhenNoneIsClose)
{
    ParseResult result = parseConfig("frobnicate now\n traffic-policy p1 inbound\n");
    ASSERT_EQ(result.errors.size(), 1u) << describe(result.errors);
    EXPECT_EQ(result.errors[0].fix, "");
}

TEST(ConfigParserTest, ABadAddressIsTheOnlyErrorOfItsInterface)
{
    ParseResult result = parseConfig("interface GigabitEthernet0/1/1\n"
                                     " ip address 10.1.1.300 255.255.255.0\n"
                                     " vrrp vrid 1 virtual-ip 10.1.1.3\n");
    ASSERT_EQ(result.errors.size(), 1u) << describe(result.errors);
    EXPECT_EQ(result.errors[0].format(),
              "2:13: error: expected an IPv4 address after 'address', got '10.1.1.300'");
    EXPECT_EQ(result.errors[0].fix,
              "write four numbers from 0 to 255 joined by dots, like 10.1.1.1");
}

TEST(ConfigParserTest, SubCommandsOfABrokenViewHeaderAreCheckedButNotApplied)
{
    ParseResult result = parseConfig("interface GigabitEthernet0//1\n"
                                     " ip address 10.0.0.1 24\n"
                                     " vrrp vrid 1 priority 999\n"
                                     " vrrp vrid 1 track interface GigabitEthernet0/1/7\n");
    ASSERT_EQ(result.errors.size(), 2u) << describe(result.errors);
    EXPECT_EQ(result.errors[0].where.line, 1);
    EXPECT_EQ(result.errors[1].where.line, 3);
    EXPECT_TRUE(result.config.interfaces.empty());
}

TEST(ConfigParserTest, RebindingAServiceLocationChecksOnlyTheLastBinding)
{
    DeviceConfig config = parseOk(kInterfaceHead + "service-location 1\n"
                                                   " vrrp vrid 1 interface LoopBack9\n"
                                                   " vrrp vrid 1 interface GigabitEthernet0/1/1\n");
    EXPECT_EQ(config.serviceLocations.at(0).vrrpInterface, "GigabitEthernet0/1/1");
}

TEST(ConfigErrorFormatTest, PrefixesFileLineAndColumn)
{
    ConfigError error{{7, 24}, "priority 300 out of range 1-254"};
    EXPECT_EQ(error.format("cgn-a.cfg"), "cgn-a.cfg:7:24: error: priority 300 out of range 1-254");
    EXPECT_EQ(error.format(), "7:24: error: priority 300 out of range 1-254");
    ConfigError fileError{{}, "cannot read 'x'"};
    EXPECT_EQ(fileError.format("x"), "x: error: cannot read 'x'");
}

class LoadConfigFileTest : public testing::Test
{
protected:
    void SetUp() override
    {
        m_dir = std::filesystem::temp_directory_path() /
                ("tandem-config-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::string write(const std::string& name, const std::string& text)
    {
        std::string path = (m_dir / name).string();
        std::ofstream(path) << text;
        return path;
    }

    std::filesystem::path m_dir;
};

TEST_F(LoadConfigFileTest, MissingFileIsOneErrorNamingPathAndReason)
{
    const std::string path = (m_dir / "absent.cfg").string();
    ParseResult result = loadConfigFile(path);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].where.line, 0);
    EXPECT_EQ(result.errors[0].message, "cannot read '" + path + "': No such file or directory");
}

TEST_F(LoadConfigFileTest, DirectoryIsOneErrorNamingPathAndReason)
{
    ParseResult result = loadConfigFile(m_dir.string());
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].message, "cannot read '" + m_dir.string() + "': Is a directory");
}

TEST_F(LoadConfigFileTest, ReadsAndParsesTheFile)
{
    ParseResult good = loadConfigFile(write("a.cfg", kLabA));
    ASSERT_TRUE(good.ok()) << describe(good.errors);
    EXPECT_EQ(good.config, parseOk(kLabA));

    ParseResult bad = loadConfigFile(write("bad.cfg", "sysname A\n vrrp vrid 1\n"));
    ASSERT_EQ(bad.errors.size(), 1u);
    EXPECT_EQ(bad.errors[0].where.line, 2);
}
