// The event-loop stall meter on a virtual clock: a timer firing late is a stall of that length.

#include "ha/LoopWatch.h"

#include <gtest/gtest.h>

using namespace tandem::ha;
using namespace std::chrono_literals;

namespace {

TEST(LoopStallMeter, ALateFiringIsAStallOfHowLateItWasCountedByTheThresholdsItPassed)
{
    LoopStallMeter meter(5ms);
    std::chrono::nanoseconds t = 1s;
    EXPECT_EQ(meter.fired(t), 0ns) << "the first firing only starts the clock";
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(meter.fired(t += 5ms), 0ns);
    EXPECT_EQ(meter.fired(t += 125ms), 120ms) << "held for 120 ms";
    EXPECT_EQ(meter.fired(t += 4ms), 0ns) << "early is on time";
    EXPECT_EQ(meter.fired(t += 25ms), 20ms);
    const LoopStalls& s = meter.stalls();
    EXPECT_EQ(s.max, 120ms);
    EXPECT_EQ(s.over[0], 2u) << "over 10 ms";
    EXPECT_EQ(s.over[1], 1u) << "over 50 ms";
    EXPECT_EQ(s.over[2], 0u) << "over 250 ms";
    EXPECT_EQ(s.ticks, 13u);
}

} // namespace
