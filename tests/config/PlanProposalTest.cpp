// The plan proposed for two devices that are not a pair yet: the wizard's defaults, read from
// the devices.

#include "config/PlanProposal.h"

#include "config/LabPair.h"

#include <gtest/gtest.h>

namespace tandem::config {
namespace {

std::string describe(const std::vector<PlanError>& errors)
{
    std::string out;
    for (const PlanError& e : errors)
        out += e.format() + "\n";
    return out;
}

class PlanProposalTest : public ::testing::TestWithParam<PairMode>
{
protected:
    LabPairOptions options() const
    {
        LabPairOptions o;
        o.mode = GetParam();
        return o;
    }
    ProposalDefaults labDefaults() const
    {
        ProposalDefaults d;
        d.mode = GetParam();
        d.preemptDelaySeconds = options().preemptDelaySeconds;
        d.remoteBackupPort = options().backupPort;
        return d;
    }
};

TEST_P(PlanProposalTest, TheBareLabIsProposedTheLabsOwnPlan)
{
    const DeviceConfig a = labBaseConfig(options(), Side::A);
    const DeviceConfig b = labBaseConfig(options(), Side::B);
    const ProposedPlan proposed = proposePlan(a, b, labDefaults());
    ASSERT_TRUE(proposed.ok()) << describe(proposed.errors);
    EXPECT_EQ(proposed.plan, labPlan(options()));
    const GeneratedPair pair = generatePair(proposed.plan, a, b);
    EXPECT_TRUE(pair.ok()) << describe(pair.errors);
}

TEST_P(PlanProposalTest, AVridAnotherGroupUsesIsNotProposedAgain)
{
    DeviceConfig a = labBaseConfig(options(), Side::A);
    DeviceConfig b = labBaseConfig(options(), Side::B);
    // B's location 1 is bound to VRID 7 while its VRID 1 group serves something else.
    ServiceLocationConfig& location = b.serviceLocations[0];
    location.vrrpVrid = 7;
    VrrpGroupConfig seven = b.interfaces[0].vrrpGroups[0];
    seven.vrid = 7;
    b.interfaces[0].vrrpGroups.push_back(seven);
    const ProposedPlan proposed = proposePlan(a, b, labDefaults());
    ASSERT_TRUE(proposed.ok()) << describe(proposed.errors);
    const int vrid = proposed.plan.serviceLocations[0].vrid;
    EXPECT_NE(vrid, 1);
    EXPECT_NE(vrid, 7);
    EXPECT_TRUE(generatePair(proposed.plan, a, b).ok());
}

INSTANTIATE_TEST_SUITE_P(Modes, PlanProposalTest,
                         ::testing::Values(PairMode::OneToOne, PairMode::OnePlusOne),
                         [](const auto& info) {
                             return info.param == PairMode::OneToOne ? "OneToOne" : "OnePlusOne";
                         });

TEST(PlanProposal, DevicesWithoutACommonSubnetAreToldToGiveTheChannel)
{
    LabPairOptions options;
    DeviceConfig a = labBaseConfig(options, Side::A);
    DeviceConfig b = labBaseConfig(options, Side::B);
    for (InterfaceConfig& interface : b.interfaces)
        interface.address = Ipv4Address{interface.address->value + 0x01000000u};
    const ProposedPlan proposed = proposePlan(a, b);
    ASSERT_FALSE(proposed.ok());
    EXPECT_EQ(proposed.errors[0].field, "a.channelInterface") << describe(proposed.errors);
}

TEST(PlanProposal, OnePlusOneNeedsTwoLocationsOnBothDevices)
{
    LabPairOptions options; // 1:1: one location each
    const ProposedPlan proposed =
        proposePlan(labBaseConfig(options, Side::A), labBaseConfig(options, Side::B),
                    {.mode = PairMode::OnePlusOne});
    ASSERT_FALSE(proposed.ok());
    EXPECT_EQ(proposed.errors[0].field, "serviceLocations") << describe(proposed.errors);
}

} // namespace
} // namespace tandem::config
