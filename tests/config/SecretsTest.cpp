// Secrets in configuration texts: masked for whoever did not ask for them (any line, comments
// and diffs included, whether or not it parses), and a masked text sent back keeps the running
// secrets.

#include "config/Secrets.h"

#include "config/ConfigDiff.h"
#include "config/ConfigParser.h"

#include <gtest/gtest.h>

using namespace tandem::config;

namespace {

const std::string kHash = "pbkdf2-sha256$1000$c2FsdA==$aGFzaA==";
const std::string kOtherHash = "pbkdf2-sha256$1000$b3RoZXI=$b3RoZXI=";
const std::string kToken = std::string(64, 'c');
const std::string kKey = "Key-1234";

std::string configWith(const std::string& opsRole, const std::string& extraUser = {})
{
    return "sysname CGN-A\n"
           "interface GigabitEthernet0/1/1\n"
           " ip address 10.1.1.1 255.255.255.0\n"
           " vrrp vrid 1 virtual-ip 10.1.1.3\n"
           "service-location 1\n"
           " location slot 1\n"
           " remote-backup interface GigabitEthernet0/1/1 peer 10.1.1.2 authentication-key " +
           kKey +
           " hash-algorithm hmac-sha256\n"
           " vrrp vrid 1 interface GigabitEthernet0/1/1\n"
           "tandem-agent\n"
           " management user admin role admin password-hash " +
           kHash +
           "\n"
           " management user ops role " +
           opsRole + " password-hash " + kOtherHash + " token-sha256 " + kToken + "\n" + extraUser +
           " vrrp-transport udp port 11200\n";
}

void expectNoSecret(const std::string& text)
{
    for (const std::string& secret : {kHash, kOtherHash, kToken, kKey})
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in:\n" << text;
}

TEST(Secrets, MaskingHidesEveryHashTokenAndKeyAndKeepsEverythingElseByteForByte)
{
    const std::string masked = maskSecrets(configWith("operator"));
    expectNoSecret(masked);
    EXPECT_EQ(masked,
              "sysname CGN-A\n"
              "interface GigabitEthernet0/1/1\n"
              " ip address 10.1.1.1 255.255.255.0\n"
              " vrrp vrid 1 virtual-ip 10.1.1.3\n"
              "service-location 1\n"
              " location slot 1\n"
              " remote-backup interface GigabitEthernet0/1/1 peer 10.1.1.2 authentication-key "
              "****** hash-algorithm hmac-sha256\n"
              " vrrp vrid 1 interface GigabitEthernet0/1/1\n"
              "tandem-agent\n"
              " management user admin role admin password-hash ******\n"
              " management user ops role operator password-hash ****** token-sha256 ******\n"
              " vrrp-transport udp port 11200\n");
}

TEST(Secrets, MaskingCoversCommentsBrokenLinesTabsAndDiffs)
{
    // What an engineer keeps in comments, a line that does not parse, CRLF and tabs.
    const std::string text = "#\tmanagement user old role admin password-hash " + kHash +
                             "\r\n"
                             "#password-hash " +
                             kOtherHash +
                             "\n"
                             " management user bob role admn password-hash " +
                             kHash + " trailing\n";
    EXPECT_EQ(maskSecrets(text), "#\tmanagement user old role admin password-hash ******\r\n"
                                 "#password-hash ******\n"
                                 " management user bob role admn password-hash ****** trailing\n");

    const std::string diff = unifiedDiff(configWith("operator"), configWith("viewer"), "a", "b");
    ASSERT_NE(diff.find("-"), std::string::npos);
    const std::string maskedDiff = maskSecrets(diff);
    expectNoSecret(maskedDiff);
    EXPECT_NE(maskedDiff.find("- management user ops role operator password-hash ****** "
                              "token-sha256 ******\n"),
              std::string::npos)
        << maskedDiff;
    EXPECT_EQ(maskSecrets("+password-hash " + kHash + "\n"), "+password-hash ******\n");
}

TEST(Secrets, AMaskedTextSentBackKeepsTheRunningSecrets)
{
    const std::string text = configWith("operator");
    const ParseResult running = parseConfig(text);
    ASSERT_TRUE(running.ok()) << running.errors.front().format();
    EXPECT_EQ(keepRunningSecrets(maskSecrets(text), running.config), text);

    // Edited as fetched: ops becomes a viewer, its hash and token stay.
    const std::string edited =
        keepRunningSecrets(maskSecrets(configWith("viewer")), running.config);
    EXPECT_EQ(edited, configWith("viewer"));
    const ParseResult parsed = parseConfig(edited);
    ASSERT_TRUE(parsed.ok()) << parsed.errors.front().format();
    EXPECT_EQ(parsed.config.agent.users[1].passwordHash, kOtherHash);
    EXPECT_EQ(parsed.config.agent.users[1].tokenSha256, kToken);
    EXPECT_EQ(parsed.config.serviceLocations[0].remoteBackupKey, kKey);
}

TEST(Secrets, AMaskThatTheRunningConfigCannotFillIsRefusedNamingItsLine)
{
    const ParseResult running = parseConfig(configWith("operator"));
    ASSERT_TRUE(running.ok());
    // A new user cannot keep what it never had.
    const std::string text = keepRunningSecrets(
        maskSecrets(configWith("operator")) +
            "tandem-agent\n management user eve role viewer password-hash ******\n",
        running.config);
    const ParseResult parsed = parseConfig(text);
    ASSERT_EQ(parsed.errors.size(), 1u);
    EXPECT_EQ(parsed.errors[0].where.line, 14);
    EXPECT_EQ(parsed.errors[0].where.column, 48);
    EXPECT_EQ(parsed.errors[0].message,
              "password-hash is masked ('******'): only an agent whose running configuration has "
              "one for this user puts it back; give the hash (from `tandem-agent hash-password`)");

    const ParseResult key = parseConfig("service-location 1\n remote-backup interface "
                                        "GigabitEthernet0/1/1 peer 10.1.1.2 authentication-key "
                                        "******\n");
    ASSERT_FALSE(key.errors.empty());
    EXPECT_EQ(key.errors[0].where.line, 2);
    EXPECT_EQ(key.errors[0].message,
              "authentication-key is masked ('******'): only an agent whose running configuration "
              "has one for this service-location puts it back; give the key itself");
}

TEST(Secrets, ATextWithoutMasksIsLeftAsItIs)
{
    const ParseResult running = parseConfig(configWith("operator"));
    const std::string other = configWith("viewer");
    EXPECT_EQ(keepRunningSecrets(other, running.config), other);
    EXPECT_EQ(keepRunningSecrets("not a config ******\n", running.config), "not a config ******\n");
}

TEST(Secrets, NoParseErrorQuotesASecret)
{
    const ParseResult junk = parseConfig("tandem-agent\n management user a role viewer "
                                         "password-hash " +
                                         kHash + " junk\n");
    ASSERT_EQ(junk.errors.size(), 1u);
    EXPECT_EQ(junk.errors[0].message,
              "expected 'token-sha256' or end of line after '******', got 'junk'");
    // A password typed where its hash goes is not echoed either.
    const ParseResult plain =
        parseConfig("tandem-agent\n management user a role viewer password-hash hunter2\n");
    ASSERT_EQ(plain.errors.size(), 1u);
    EXPECT_EQ(plain.errors[0].message.find("hunter2"), std::string::npos)
        << plain.errors[0].message;
}

TEST(Secrets, MaskedConfigsShowNoChangeWhenOnlyASecretChanged)
{
    const ParseResult a = parseConfig(configWith("operator"));
    std::string otherKey = configWith("operator");
    otherKey.replace(otherKey.find(kKey), kKey.size(), "Other-key-99");
    const ParseResult b = parseConfig(otherKey);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_FALSE(diffConfigs(a.config, b.config).empty());
    EXPECT_TRUE(diffConfigs(maskSecrets(a.config), maskSecrets(b.config)).empty());
    EXPECT_EQ(maskSecrets(a.config).agent.users[0].passwordHash, kMaskedSecret);
}

} // namespace
