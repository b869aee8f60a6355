// What PairPush verifies a pair against, from the configurations alone: the planned master of
// each service-location, and the pair label both histories carry.

#include "client/PairPush.h"
#include "config/LabPair.h"

#include <gtest/gtest.h>

namespace tandem::client {
namespace {

TEST(PairPushPlanTest, TheHigherPriorityIsThePlannedMasterOfEachLocation)
{
    config::LabPairOptions options;
    options.mode = config::PairMode::OnePlusOne;
    const config::GeneratedPair pair = config::labPair(options);
    ASSERT_TRUE(pair.ok());
    const PairPush::PlannedRoles roles = PairPush::plannedRoles(pair.a, pair.b);
    ASSERT_EQ(roles.size(), 2u);
    EXPECT_EQ(roles.at(1)[0], QStringLiteral("master"));
    EXPECT_EQ(roles.at(1)[1], QStringLiteral("slave"));
    EXPECT_EQ(roles.at(2)[0], QStringLiteral("slave"));
    EXPECT_EQ(roles.at(2)[1], QStringLiteral("master"));
}

TEST(PairPushPlanTest, ABarePairHasEachDeviceMasterOfItsOwnLocations)
{
    config::LabPairOptions options;
    const config::DeviceConfig a = config::labBaseConfig(options, config::Side::A);
    const config::DeviceConfig b = config::labBaseConfig(options, config::Side::B);
    const PairPush::PlannedRoles roles = PairPush::plannedRoles(a, b);
    ASSERT_FALSE(roles.empty());
    for (const auto& [id, sides] : roles) {
        EXPECT_EQ(sides[0], QStringLiteral("master")) << id;
        EXPECT_EQ(sides[1], QStringLiteral("master")) << id;
    }
}

TEST(PairPushPlanTest, ThePairLabelNamesThePairChange)
{
    const QString label = PairPush::commitLabel(QStringLiteral("20261202-1405-ab12"),
                                                QStringLiteral("raise priority: step 2"));
    EXPECT_EQ(label, QStringLiteral("pair-change 20261202-1405-ab12: raise priority: step 2"));
    EXPECT_EQ(PairPush::pairChangeIdOf(label), QStringLiteral("20261202-1405-ab12"));
    EXPECT_EQ(PairPush::pairChangeIdOf(PairPush::commitLabel(QStringLiteral("x1"), {})),
              QStringLiteral("x1"));
    EXPECT_TRUE(PairPush::pairChangeIdOf(QStringLiteral("rollback to commit 3")).isEmpty());
}

} // namespace
} // namespace tandem::client
