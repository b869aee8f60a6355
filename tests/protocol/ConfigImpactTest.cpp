// config.impact's answer as a type: what the agent sends is what tandemctl and a pair push read.

#include "protocol/ConfigImpact.h"

#include <QJsonArray>
#include <gtest/gtest.h>

namespace tandem::protocol {
namespace {

ConfigImpact sample()
{
    ConfigImpact impact;
    impact.runningId = 7;
    impact.serviceLocations = {{1, EngineChange::Rebuilt, true, 48210, 1990, 2011},
                               {2, EngineChange::Kept, false, 0, 0, 0},
                               {3, EngineChange::Removed, false, 12, 3, 3},
                               {4, EngineChange::Added, false, 0, 0, 0}};
    impact.vrrpGroups = {{QStringLiteral("GigabitEthernet0/1/1"), 1, VrrpChange::Rebuilt, true},
                         {QStringLiteral("GigabitEthernet0/1/1"), 2, VrrpChange::Retuned, false},
                         {QStringLiteral("GigabitEthernet0/1/2"), 9, VrrpChange::Added, false}};
    impact.management.user = QStringLiteral("admin");
    impact.management.newRole = config::UserRole::Viewer;
    impact.management.listenBefore = QStringLiteral("127.0.0.11:7830");
    impact.management.listenAfter = QStringLiteral("127.0.0.11:7831");
    impact.management.callerOnListener = true;
    return impact;
}

TEST(ConfigImpact, ReadsBackWhatItWrites)
{
    const ConfigImpact impact = sample();
    QString error;
    const auto read = ConfigImpact::fromJson(impact.toJson(), &error);
    ASSERT_TRUE(read) << error.toStdString();
    EXPECT_EQ(*read, impact);
}

TEST(ConfigImpact, TotalsCountOnlyWhatRebuiltAndRemovedEnginesDrop)
{
    const ConfigImpact impact = sample();
    EXPECT_EQ(impact.sessionsDropped(), 48222);
    EXPECT_EQ(impact.usersDropped(), 1993);
    EXPECT_EQ(impact.portBlocksDropped(), 2014);
    const QJsonObject json = impact.toJson();
    EXPECT_EQ(json.value(QStringLiteral("sessionsDropped")).toInteger(), 48222);
    EXPECT_TRUE(json.value(QStringLiteral("disruptive")).toBool());
}

TEST(ConfigImpact, OnlyARebuiltOrRemovedMasterResigns)
{
    const ConfigImpact impact = sample();
    EXPECT_TRUE(impact.vrrpGroups[0].resigns());
    EXPECT_FALSE(impact.vrrpGroups[1].resigns());
    const QJsonArray groups = impact.toJson().value(QStringLiteral("vrrpGroups")).toArray();
    EXPECT_TRUE(groups[0].toObject().value(QStringLiteral("resigns")).toBool());
}

TEST(ConfigImpact, ACallerMovedOffItsListenerIsTold)
{
    ConfigImpact impact = sample();
    EXPECT_TRUE(impact.management.listenerGoesAway());
    impact.management.callerOnListener = false; // came in over the local socket or SSH
    EXPECT_FALSE(impact.management.listenerGoesAway());
}

TEST(ConfigImpact, AKeptDeviceIsNotDisruptive)
{
    ConfigImpact impact;
    impact.serviceLocations = {{1, EngineChange::Kept, true, 0, 0, 0}};
    impact.vrrpGroups = {{QStringLiteral("GigabitEthernet0/1/1"), 1, VrrpChange::Kept, true}};
    impact.management.user = QStringLiteral("admin");
    EXPECT_FALSE(impact.disruptive());
}

TEST(ConfigImpact, NamesTheFieldThatIsMissingOrWrong)
{
    QJsonObject json = sample().toJson();
    QJsonArray locations = json.value(QStringLiteral("serviceLocations")).toArray();
    QJsonObject second = locations[1].toObject();
    second.insert(QStringLiteral("engine"), QStringLiteral("reused"));
    locations[1] = second;
    json.insert(QStringLiteral("serviceLocations"), locations);
    QString error;
    EXPECT_FALSE(ConfigImpact::fromJson(json, &error));
    EXPECT_EQ(error, QStringLiteral("serviceLocations[1].engine must be one of kept, rebuilt, "
                                    "added, removed, not \"reused\""));

    json = sample().toJson();
    QJsonObject management = json.value(QStringLiteral("management")).toObject();
    management.remove(QStringLiteral("userRemoved"));
    json.insert(QStringLiteral("management"), management);
    EXPECT_FALSE(ConfigImpact::fromJson(json, &error));
    EXPECT_EQ(error, QStringLiteral("management.userRemoved is missing"));
}

} // namespace
} // namespace tandem::protocol
