#include "ha/VrrpGroup.h"

#include <algorithm>
#include <deque>
#include <gtest/gtest.h>
#include <memory>
#include <vector>

using namespace tandem::ha;
using namespace std::chrono_literals;

namespace {

constexpr std::uint32_t kCgn1 = 0x0a010101; // 10.1.1.1
constexpr std::uint32_t kCgn2 = 0x0a010102; // 10.1.1.2
constexpr std::uint32_t kVip = 0x0a010103;  // 10.1.1.3
constexpr Duration kLinkDelay = 1ms;

// Master_Down_Interval at the default 1 s interval and multiplier 3: 3 s + (256 − p)/256 s,
// the skew kept to the microsecond.
constexpr Duration kSkew150 = 414'062us;
constexpr Duration kDown100 = 3'609'375us;
constexpr Duration kDown150 = 3s + kSkew150;
constexpr Duration kDown200 = 3'218'750us;

TimePoint at(Duration sinceStart)
{
    return TimePoint{sinceStart};
}

VrrpParams params(int priority, std::uint32_t address)
{
    VrrpParams p;
    p.vrid = 1;
    p.priority = priority;
    p.localAddress = address;
    p.virtualIp = kVip;
    return p;
}

struct Transition
{
    TimePoint time;
    VrrpState from;
    VrrpState to;
    std::string reason;
    bool operator==(const Transition&) const = default;
};

void PrintTo(const Transition& t, std::ostream* os)
{
    *os << t.time.time_since_epoch().count() << "us " << toString(t.from) << "->" << toString(t.to)
        << " \"" << t.reason << '"';
}

struct Timed
{
    TimePoint time;
    VrrpAdvert advert;
};

// Devices on one link: every advert reaches the other running devices kLinkDelay later. The
// clock jumps from event to event (the earliest deadline or delivery), as a real agent's timer
// would fire.
class Network
{
public:
    struct Device
    {
        std::unique_ptr<VrrpGroup> group;
        bool running = true;
        std::vector<Transition> transitions;
        std::vector<Timed> sent;
        std::vector<Timed> received;

        VrrpState state() const { return group->state(); }
        std::uint32_t address() const { return group->params().localAddress; }
    };

    Device& add(VrrpParams p)
    {
        m_devices.push_back(std::make_unique<Device>());
        Device* device = m_devices.back().get();
        VrrpGroup::Callbacks callbacks;
        callbacks.sendAdvert = [this, device](const VrrpAdvert& advert) { send(*device, advert); };
        callbacks.stateChanged = [this, device](VrrpState from, VrrpState to,
                                                const std::string& reason) {
            device->transitions.push_back({m_now, from, to, reason});
        };
        device->group = std::make_unique<VrrpGroup>(std::move(p), std::move(callbacks));
        return *device;
    }

    TimePoint now() const { return m_now; }

    void runUntil(TimePoint end)
    {
        for (auto next = nextEvent(); next && *next <= end; next = nextEvent()) {
            m_now = *next;
            while (!m_inFlight.empty() && m_inFlight.front().arrival <= m_now) {
                const Delivery delivery = m_inFlight.front();
                m_inFlight.pop_front();
                if (!delivery.to->running)
                    continue;
                delivery.to->received.push_back({m_now, delivery.advert});
                delivery.to->group->receiveAdvert(delivery.advert, delivery.source, m_now);
            }
            for (const auto& device : m_devices) {
                if (device->running)
                    device->group->tick(m_now);
            }
        }
        m_now = end;
    }

    // Power off: no more timers, adverts or receptions, and no goodbye.
    void stop(Device& device) { device.running = false; }

    int masterCount() const
    {
        return static_cast<int>(std::count_if(m_devices.begin(), m_devices.end(), [](auto& d) {
            return d->running && d->state() == VrrpState::Master;
        }));
    }

private:
    struct Delivery
    {
        TimePoint arrival;
        Device* to;
        std::uint32_t source;
        VrrpAdvert advert;
    };

    void send(Device& from, const VrrpAdvert& advert)
    {
        from.sent.push_back({m_now, advert});
        for (const auto& device : m_devices) {
            if (device.get() != &from && device->running)
                m_inFlight.push_back({m_now + kLinkDelay, device.get(), from.address(), advert});
        }
    }

    std::optional<TimePoint> nextEvent() const
    {
        std::optional<TimePoint> next;
        if (!m_inFlight.empty())
            next = m_inFlight.front().arrival;
        for (const auto& device : m_devices) {
            const auto deadline = device->running ? device->group->nextDeadline() : std::nullopt;
            if (deadline && (!next || *deadline < *next))
                next = deadline;
        }
        return next;
    }

    TimePoint m_now{};
    std::vector<std::unique_ptr<Device>> m_devices;
    std::deque<Delivery> m_inFlight; // a fixed delay keeps it in arrival order
};

std::optional<TimePoint> firstReceivedAfter(const Network::Device& device, TimePoint time)
{
    for (const auto& received : device.received) {
        if (received.time > time)
            return received.time;
    }
    return std::nullopt;
}

// CGN1 (200) master, CGN2 (150) backup, both up at 0, settled by 10.5 s. CGN1 went Master at
// kDown200 and advertises every second after.
struct Pair
{
    explicit Pair(VrrpParams cgn1Params = params(200, kCgn1),
                  VrrpParams cgn2Params = params(150, kCgn2))
        : cgn1(net.add(std::move(cgn1Params))), cgn2(net.add(std::move(cgn2Params)))
    {
        cgn1.group->interfaceUp(net.now());
        cgn2.group->interfaceUp(net.now());
        net.runUntil(at(10'500ms));
    }

    Network net;
    Network::Device& cgn1;
    Network::Device& cgn2;
};

struct Recorder
{
    VrrpGroup::Callbacks callbacks()
    {
        return {[this](const VrrpAdvert& advert) { sent.push_back(advert); },
                [this](VrrpState, VrrpState to, const std::string& reason) {
                    states.push_back(to);
                    reasons.push_back(reason);
                }};
    }

    std::vector<VrrpAdvert> sent;
    std::vector<VrrpState> states;
    std::vector<std::string> reasons;
};

VrrpAdvert advertWithPriority(int priority)
{
    return VrrpAdvert{.vrid = 1,
                      .priority = static_cast<std::uint8_t>(priority),
                      .maxAdvertIntervalCentiseconds = 100,
                      .addresses = {kVip}};
}

} // namespace

// --- Elections on a simulated link ---

TEST(VrrpGroupTest, StartupElectsTheHigherPriorityWhateverTheStartOrder)
{
    struct Order
    {
        const char* name;
        Duration cgn1Up;
        Duration cgn2Up;
    };
    for (const Order order : {Order{"together", 0s, 0s}, Order{"master first", 0s, 500ms},
                              Order{"backup first", 500ms, 0s}}) {
        SCOPED_TRACE(order.name);
        Network net;
        auto& cgn1 = net.add(params(200, kCgn1));
        auto& cgn2 = net.add(params(150, kCgn2));
        std::vector<std::pair<Duration, Network::Device*>> starts = {{order.cgn1Up, &cgn1},
                                                                     {order.cgn2Up, &cgn2}};
        std::stable_sort(starts.begin(), starts.end(),
                         [](auto& a, auto& b) { return a.first < b.first; });
        for (const auto& [up, device] : starts) {
            net.runUntil(at(up));
            device->group->interfaceUp(net.now());
        }
        net.runUntil(at(20s));

        EXPECT_EQ(net.masterCount(), 1);
        EXPECT_EQ(cgn1.state(), VrrpState::Master);
        EXPECT_EQ(cgn2.state(), VrrpState::Backup);
        EXPECT_EQ(cgn1.group->masterAddress(), kCgn1);
        EXPECT_EQ(cgn2.group->masterAddress(), kCgn1);
        EXPECT_EQ(cgn2.group->masterPriority(), 200);
        EXPECT_EQ(cgn1.transitions.front(), (Transition{at(order.cgn1Up), VrrpState::Initialize,
                                                        VrrpState::Backup, "Interface up"}));
    }
}

TEST(VrrpGroupTest, HigherPriorityStartingFirstWinsWithoutTheBackupEverBeingMaster)
{
    Network net;
    auto& cgn1 = net.add(params(200, kCgn1));
    auto& cgn2 = net.add(params(150, kCgn2));
    cgn1.group->interfaceUp(net.now());
    cgn2.group->interfaceUp(net.now());
    net.runUntil(at(20s));

    EXPECT_EQ(cgn1.transitions.back(), (Transition{at(kDown200), VrrpState::Backup,
                                                   VrrpState::Master, "Protocol timer expired"}));
    ASSERT_EQ(cgn2.transitions.size(), 1u);
    EXPECT_EQ(cgn2.transitions.back().to, VrrpState::Backup);
}

TEST(VrrpGroupTest, BackupTakesOverExactlyMasterDownIntervalAfterTheLastAdvert)
{
    Pair pair;
    EXPECT_EQ(pair.cgn2.group->masterDownInterval(), kDown150);
    pair.net.stop(pair.cgn1);
    const TimePoint lastAdvert = pair.cgn2.received.back().time;
    EXPECT_EQ(lastAdvert, at(kDown200 + 7s + kLinkDelay));

    pair.net.runUntil(lastAdvert + kDown150 - 1us);
    EXPECT_EQ(pair.cgn2.state(), VrrpState::Backup);
    pair.net.runUntil(at(20s));

    EXPECT_EQ(pair.cgn2.transitions.back(),
              (Transition{lastAdvert + kDown150, VrrpState::Backup, VrrpState::Master,
                          "Protocol timer expired"}));
    EXPECT_EQ(pair.cgn2.group->lastTransitionTime(), lastAdvert + kDown150);
    EXPECT_EQ(pair.cgn2.group->masterAddress(), kCgn2);
}

TEST(VrrpGroupTest, ResigningMasterIsReplacedAfterSkewTime)
{
    Pair pair;
    pair.cgn1.group->interfaceDown(pair.net.now());
    EXPECT_EQ(pair.cgn1.sent.back().advert.priority, 0);
    EXPECT_EQ(pair.cgn1.transitions.back(), (Transition{at(10'500ms), VrrpState::Master,
                                                        VrrpState::Initialize, "Interface down"}));
    EXPECT_EQ(pair.cgn1.group->masterAddress(), 0u);
    EXPECT_EQ(pair.cgn1.group->nextDeadline(), std::nullopt);
    pair.net.runUntil(at(20s));

    EXPECT_EQ(pair.cgn2.transitions.back(),
              (Transition{at(10'500ms) + kLinkDelay + kSkew150, VrrpState::Backup,
                          VrrpState::Master, "Protocol timer expired"}));
}

TEST(VrrpGroupTest, ReturningMasterPreemptsOnlyAfterItsDelay)
{
    auto cgn1Params = params(200, kCgn1);
    cgn1Params.preemptDelay = 30s;
    Pair pair(cgn1Params);
    pair.cgn1.group->interfaceDown(pair.net.now());
    pair.net.runUntil(at(20s));
    ASSERT_EQ(pair.cgn2.state(), VrrpState::Master);

    pair.cgn1.group->interfaceUp(pair.net.now());
    pair.net.runUntil(at(25s));
    // CGN2 became Master at 10.501 s + skew and advertises on that second.
    const auto firstAdvert = firstReceivedAfter(pair.cgn1, at(20s));
    ASSERT_EQ(firstAdvert, at(20s + 501ms + kSkew150 + kLinkDelay));
    EXPECT_EQ(pair.cgn1.group->preemptDeadline(), *firstAdvert + 30s);

    pair.net.runUntil(*firstAdvert + 30s - 1us);
    EXPECT_EQ(pair.cgn1.state(), VrrpState::Backup);
    EXPECT_EQ(pair.cgn2.state(), VrrpState::Master);
    EXPECT_EQ(pair.cgn1.group->masterPriority(), 150);

    pair.net.runUntil(at(70s));
    EXPECT_EQ(pair.cgn1.transitions.back(),
              (Transition{*firstAdvert + 30s, VrrpState::Backup, VrrpState::Master,
                          "Priority calculation"}));
    EXPECT_EQ(pair.cgn2.transitions.back(),
              (Transition{*firstAdvert + 30s + kLinkDelay, VrrpState::Master, VrrpState::Backup,
                          "Priority calculation"}));
    EXPECT_EQ(pair.cgn1.group->preemptDeadline(), std::nullopt);
}

TEST(VrrpGroupTest, SilentMasterIsReplacedEvenWhileThePreemptDelayRuns)
{
    auto cgn1Params = params(200, kCgn1);
    cgn1Params.preemptDelay = 30s;
    Pair pair(cgn1Params);
    pair.cgn1.group->interfaceDown(pair.net.now());
    pair.net.runUntil(at(20s));
    pair.cgn1.group->interfaceUp(pair.net.now());
    pair.net.runUntil(at(25s));
    ASSERT_TRUE(pair.cgn1.group->preemptDeadline());

    pair.net.stop(pair.cgn2);
    const TimePoint lastAdvert = pair.cgn1.received.back().time;
    pair.net.runUntil(at(40s));
    EXPECT_EQ(pair.cgn1.transitions.back(),
              (Transition{lastAdvert + kDown200, VrrpState::Backup, VrrpState::Master,
                          "Protocol timer expired"}));
}

TEST(VrrpGroupTest, WithoutPreemptTheReturningMasterStaysBackup)
{
    auto cgn1Params = params(200, kCgn1);
    cgn1Params.preempt = false;
    Pair pair(cgn1Params);
    pair.cgn1.group->interfaceDown(pair.net.now());
    pair.net.runUntil(at(20s));
    pair.cgn1.group->interfaceUp(pair.net.now());
    pair.net.runUntil(at(200s));

    EXPECT_EQ(pair.cgn1.state(), VrrpState::Backup);
    EXPECT_EQ(pair.cgn2.state(), VrrpState::Master);
    EXPECT_EQ(pair.cgn1.group->masterAddress(), kCgn2);
    EXPECT_EQ(pair.cgn1.group->masterPriority(), 150);
    EXPECT_EQ(pair.cgn1.group->preemptDeadline(), std::nullopt);
}

TEST(VrrpGroupTest, TrackedFaultSwapsRolesAndRecoverySwapsThemBack)
{
    Pair pair;
    // The reference example: reduced 60, 200 − 60 = 140 < 150.
    pair.cgn1.group->setPriorityReduction(60, pair.net.now());
    EXPECT_EQ(pair.cgn1.group->effectivePriority(), 140);
    EXPECT_EQ(pair.cgn1.group->configuredPriority(), 200);
    EXPECT_EQ(pair.cgn1.sent.back().time, at(10'500ms));
    EXPECT_EQ(pair.cgn1.sent.back().advert.priority, 140);
    pair.net.runUntil(at(20'500ms));

    EXPECT_EQ(pair.cgn2.transitions.back(),
              (Transition{at(10'500ms) + kLinkDelay, VrrpState::Backup, VrrpState::Master,
                          "Priority calculation"}));
    EXPECT_EQ(pair.cgn1.transitions.back(),
              (Transition{at(10'500ms) + 2 * kLinkDelay, VrrpState::Master, VrrpState::Backup,
                          "Priority calculation"}));
    EXPECT_EQ(pair.cgn1.group->masterAddress(), kCgn2);
    EXPECT_EQ(pair.cgn1.group->masterPriority(), 150);

    pair.cgn1.group->setPriorityReduction(0, pair.net.now());
    pair.net.runUntil(at(30s));
    EXPECT_EQ(
        pair.cgn1.transitions.back(),
        (Transition{at(20'500ms), VrrpState::Backup, VrrpState::Master, "Priority calculation"}));
    EXPECT_EQ(pair.cgn2.transitions.back(),
              (Transition{at(20'500ms) + kLinkDelay, VrrpState::Master, VrrpState::Backup,
                          "Priority calculation"}));
    EXPECT_EQ(pair.net.masterCount(), 1);
}

TEST(VrrpGroupTest, CommittedPriorityChangeMovesMastershipWithoutARestart)
{
    Pair pair;
    // A commit lowers the master's configured priority below its peer's: the peer preempts at
    // once, as after a tracked fault, and nobody passes through Initialize.
    pair.cgn1.group->setPriority(100, pair.net.now());
    EXPECT_EQ(pair.cgn1.group->configuredPriority(), 100);
    EXPECT_EQ(pair.cgn1.sent.back().advert.priority, 100);
    pair.net.runUntil(at(20s));
    EXPECT_EQ(pair.cgn2.transitions.back(),
              (Transition{at(10'500ms) + kLinkDelay, VrrpState::Backup, VrrpState::Master,
                          "Priority calculation"}));
    EXPECT_EQ(pair.cgn1.transitions.back().to, VrrpState::Backup);
    EXPECT_EQ(pair.net.masterCount(), 1);

    // Raised again, it takes mastership back (preempt, no delay configured).
    pair.cgn1.group->setPriority(200, pair.net.now());
    pair.net.runUntil(at(30s));
    EXPECT_EQ(pair.cgn1.state(), VrrpState::Master);
    EXPECT_EQ(pair.cgn2.state(), VrrpState::Backup);
}

TEST(VrrpGroupTest, RecoveryWaitsForThePreemptDelay)
{
    auto cgn1Params = params(200, kCgn1);
    cgn1Params.preemptDelay = 30s;
    Pair pair(cgn1Params);
    pair.cgn1.group->setPriorityReduction(60, pair.net.now());
    pair.net.runUntil(at(20'500ms));
    ASSERT_EQ(pair.cgn2.state(), VrrpState::Master);

    pair.cgn1.group->setPriorityReduction(0, pair.net.now());
    EXPECT_EQ(pair.cgn1.group->preemptDeadline(), at(50'500ms));
    pair.net.runUntil(at(60s));
    EXPECT_EQ(
        pair.cgn1.transitions.back(),
        (Transition{at(50'500ms), VrrpState::Backup, VrrpState::Master, "Priority calculation"}));
}

TEST(VrrpGroupTest, FallingBackBelowTheMasterCancelsThePendingPreempt)
{
    auto cgn1Params = params(200, kCgn1);
    cgn1Params.preemptDelay = 30s;
    Pair pair(cgn1Params);
    pair.cgn1.group->setPriorityReduction(60, pair.net.now());
    pair.net.runUntil(at(20'500ms));
    pair.cgn1.group->setPriorityReduction(0, pair.net.now());
    pair.net.runUntil(at(30s));
    pair.cgn1.group->setPriorityReduction(60, pair.net.now());
    EXPECT_EQ(pair.cgn1.group->preemptDeadline(), std::nullopt);
    pair.net.runUntil(at(100s));
    EXPECT_EQ(pair.cgn1.state(), VrrpState::Backup);
    EXPECT_EQ(pair.cgn2.state(), VrrpState::Master);
}

TEST(VrrpGroupTest, EqualPriorityMastersLeaveTheGreaterAddress)
{
    Network net;
    auto& cgn1 = net.add(params(100, kCgn1));
    auto& cgn2 = net.add(params(100, kCgn2));
    cgn1.group->interfaceUp(net.now());
    cgn2.group->interfaceUp(net.now());
    net.runUntil(at(20s));

    // Both time out together and briefly are Master; the greater address stays.
    EXPECT_EQ(cgn1.transitions.back(), (Transition{at(kDown100) + kLinkDelay, VrrpState::Master,
                                                   VrrpState::Backup, "Priority calculation"}));
    EXPECT_EQ(cgn2.state(), VrrpState::Master);
    EXPECT_EQ(cgn1.group->masterAddress(), kCgn2);
}

TEST(VrrpGroupTest, EqualPriorityBackupDoesNotPreemptTheFirstMaster)
{
    Network net;
    auto& cgn1 = net.add(params(100, kCgn1));
    auto& cgn2 = net.add(params(100, kCgn2));
    cgn1.group->interfaceUp(net.now());
    net.runUntil(at(1s));
    cgn2.group->interfaceUp(net.now());
    net.runUntil(at(60s));

    EXPECT_EQ(cgn1.state(), VrrpState::Master);
    EXPECT_EQ(cgn2.state(), VrrpState::Backup);
    EXPECT_EQ(cgn2.transitions.size(), 1u);
}

TEST(VrrpGroupTest, AddressOwnerBecomesMasterAtOnce)
{
    Network net;
    auto ownerParams = params(255, kCgn1);
    ownerParams.preemptDelay = 30s; // the owner ignores it
    auto& owner = net.add(ownerParams);
    auto& cgn2 = net.add(params(150, kCgn2));
    cgn2.group->interfaceUp(net.now());
    net.runUntil(at(10s));
    ASSERT_EQ(cgn2.state(), VrrpState::Master);

    owner.group->interfaceUp(net.now());
    EXPECT_EQ(owner.transitions.back(),
              (Transition{at(10s), VrrpState::Initialize, VrrpState::Master, "Interface up"}));
    EXPECT_EQ(owner.sent.back().advert.priority, 255);
    net.runUntil(at(20s));
    EXPECT_EQ(cgn2.transitions.back(), (Transition{at(10s) + kLinkDelay, VrrpState::Master,
                                                   VrrpState::Backup, "Priority calculation"}));

    const auto advertsBefore = owner.sent.size();
    owner.group->setPriorityReduction(60, net.now());
    EXPECT_EQ(owner.group->effectivePriority(), 255);
    EXPECT_EQ(owner.sent.size(), advertsBefore);
}

TEST(VrrpGroupTest, BackupLearnsTheMastersAdvertInterval)
{
    auto cgn1Params = params(200, kCgn1);
    cgn1Params.advertIntervalCentiseconds = 200;
    Network net;
    auto& cgn1 = net.add(cgn1Params);
    auto& cgn2 = net.add(params(150, kCgn2));
    cgn1.group->interfaceUp(net.now());
    net.runUntil(at(10s));
    cgn2.group->interfaceUp(net.now());
    EXPECT_EQ(cgn2.group->masterDownInterval(), kDown150);
    net.runUntil(at(20'500ms));

    EXPECT_EQ(cgn2.group->masterAdvertIntervalCentiseconds(), 200);
    // 3 × 2 s + (106 × 2 s)/256
    constexpr Duration learnedDown = 6'828'125us;
    EXPECT_EQ(cgn2.group->masterDownInterval(), learnedDown);

    net.stop(cgn1);
    const TimePoint lastAdvert = cgn2.received.back().time;
    net.runUntil(at(40s));
    EXPECT_EQ(cgn2.transitions.back().time, lastAdvert + learnedDown);
    // As Master it advertises its own configured interval again.
    EXPECT_EQ(cgn2.group->masterAdvertIntervalCentiseconds(), 100);
    const auto& sent = cgn2.sent;
    ASSERT_GE(sent.size(), 2u);
    EXPECT_EQ(sent[1].time - sent[0].time, 1s);
    EXPECT_EQ(sent[0].advert.maxAdvertIntervalCentiseconds, 100);
}

// --- One group driven directly ---

TEST(VrrpGroupTest, InitializeHasNoDeadlineAndInterfaceUpStartsTheDownTimer)
{
    Recorder recorder;
    VrrpGroup group(params(150, kCgn2), recorder.callbacks());
    EXPECT_EQ(group.state(), VrrpState::Initialize);
    EXPECT_EQ(group.nextDeadline(), std::nullopt);
    group.tick(at(100s));
    EXPECT_EQ(group.state(), VrrpState::Initialize);

    group.interfaceUp(at(1s));
    EXPECT_EQ(group.state(), VrrpState::Backup);
    EXPECT_EQ(group.lastReason(), "Interface up");
    EXPECT_EQ(group.nextDeadline(), at(1s + kDown150));
    group.interfaceUp(at(2s));
    EXPECT_EQ(group.nextDeadline(), at(1s + kDown150));
    EXPECT_EQ(recorder.states.size(), 1u);
    EXPECT_TRUE(recorder.sent.empty());
}

TEST(VrrpGroupTest, LateTickSendsOneAdvertNotTheMissedOnes)
{
    Recorder recorder;
    VrrpGroup group(params(150, kCgn2), recorder.callbacks());
    group.interfaceUp(at(0s));
    group.tick(at(100s));

    EXPECT_EQ(group.state(), VrrpState::Master);
    EXPECT_EQ(group.lastTransitionTime(), at(100s));
    EXPECT_EQ(recorder.sent.size(), 1u);
    EXPECT_EQ(group.nextDeadline(), at(101s));
}

TEST(VrrpGroupTest, ATimerThatFiresAFewMsLateEveryTimeDoesNotStretchTheAdvertInterval)
{
    Recorder recorder;
    VrrpGroup group(params(150, kCgn2), recorder.callbacks());
    group.interfaceUp(at(0s));
    group.tick(at(kDown150)); // master; its adverts due every second from here
    const TimePoint first = *group.nextDeadline();
    for (int i = 0; i < 100; ++i)
        group.tick(*group.nextDeadline() + 4ms); // an event loop that runs each timer 4 ms late
    EXPECT_EQ(recorder.sent.size(), 101u);
    EXPECT_EQ(group.nextDeadline(), first + 100s) << "one advert a second, not one every 1.004 s";
}

TEST(VrrpGroupTest, TickRunsTheEarlierOfTwoDueTimersFirst)
{
    struct Case
    {
        Duration preemptDelay;
        const char* reason;
    };
    // The lower-priority advert at 1 s pushes the down timer to 1 s + kDown200 ≈ 4.2 s.
    for (const Case c : {Case{2s, "Priority calculation"}, Case{10s, "Protocol timer expired"}}) {
        Recorder recorder;
        auto p = params(200, kCgn1);
        p.preemptDelay = c.preemptDelay;
        VrrpGroup group(p, recorder.callbacks());
        group.interfaceUp(at(0s));
        group.receiveAdvert(advertWithPriority(150), kCgn2, at(1s));
        group.tick(at(60s));
        EXPECT_EQ(group.state(), VrrpState::Master);
        EXPECT_EQ(recorder.reasons.back(), c.reason);
        EXPECT_EQ(recorder.states.size(), 2u);
    }
}

TEST(VrrpGroupTest, PreemptTimerStartsOnceAndStopsOnAnEqualOrHigherAdvert)
{
    Recorder recorder;
    auto p = params(200, kCgn1);
    p.preemptDelay = 30s;
    VrrpGroup group(p, recorder.callbacks());
    group.interfaceUp(at(0s));
    group.receiveAdvert(advertWithPriority(150), kCgn2, at(1s));
    EXPECT_EQ(group.preemptDeadline(), at(31s));
    group.receiveAdvert(advertWithPriority(150), kCgn2, at(2s));
    EXPECT_EQ(group.preemptDeadline(), at(31s));
    EXPECT_EQ(group.nextDeadline(), at(2s + kDown200));

    group.receiveAdvert(advertWithPriority(200), kCgn2, at(3s));
    EXPECT_EQ(group.preemptDeadline(), std::nullopt);
    EXPECT_EQ(group.masterPriority(), 200);
    EXPECT_EQ(group.state(), VrrpState::Backup);
}

TEST(VrrpGroupTest, BackupHearingPriorityZeroWaitsOnlySkewTime)
{
    Recorder recorder;
    VrrpGroup group(params(150, kCgn2), recorder.callbacks());
    group.interfaceUp(at(0s));
    group.receiveAdvert(advertWithPriority(200), kCgn1, at(1s));
    EXPECT_EQ(group.masterAddress(), kCgn1);
    group.receiveAdvert(advertWithPriority(0), kCgn1, at(2s));
    EXPECT_EQ(group.nextDeadline(), at(2s + kSkew150));
    EXPECT_EQ(group.masterAddress(), 0u);
    EXPECT_EQ(group.masterPriority(), 0);
}

TEST(VrrpGroupTest, TheOnlyBackupOfAPairTakesOverAtOnceWhenTheMasterResigns)
{
    Recorder recorder;
    auto p = params(150, kCgn2);
    p.takeOverAtOnceOnResign = true;
    VrrpGroup group(p, recorder.callbacks());
    group.interfaceUp(at(0s));
    group.receiveAdvert(advertWithPriority(200), kCgn1, at(1s));
    group.receiveAdvert(advertWithPriority(0), kCgn1, at(2s));
    EXPECT_EQ(group.nextDeadline(), at(2s)); // no Skew_Time: nobody else to wait for
    group.tick(at(2s));
    EXPECT_EQ(group.state(), VrrpState::Master);
}

TEST(VrrpGroupTest, MasterAnswersPriorityZeroAtOnceAndIgnoresLowerOrForeignAdverts)
{
    Recorder recorder;
    VrrpGroup group(params(255, kCgn1), recorder.callbacks());
    group.interfaceUp(at(0s));
    ASSERT_EQ(recorder.sent.size(), 1u);

    group.receiveAdvert(advertWithPriority(0), kCgn2, at(300ms));
    EXPECT_EQ(recorder.sent.size(), 2u);
    EXPECT_EQ(group.nextDeadline(), at(1'300ms));

    group.receiveAdvert(advertWithPriority(254), kCgn2, at(400ms));
    auto foreign = advertWithPriority(255);
    foreign.vrid = 2;
    group.receiveAdvert(foreign, 0xffffffff, at(500ms));
    EXPECT_EQ(group.state(), VrrpState::Master);
    EXPECT_EQ(recorder.sent.size(), 2u);
}

TEST(VrrpGroupTest, AdvertsCarryTheGroupEffectivePriorityAndConfiguredInterval)
{
    Recorder recorder;
    auto p = params(200, kCgn1);
    p.vrid = 7;
    p.advertIntervalCentiseconds = 50;
    VrrpGroup group(p, recorder.callbacks());
    group.interfaceUp(at(0s));
    group.tick(at(10s));
    group.setPriorityReduction(30, at(10s));
    ASSERT_EQ(recorder.sent.size(), 2u);
    EXPECT_EQ(
        recorder.sent.back(),
        (VrrpAdvert{
            .vrid = 7, .priority = 170, .maxAdvertIntervalCentiseconds = 50, .addresses = {kVip}}));
    EXPECT_EQ(group.nextDeadline(), at(10'500ms));
    EXPECT_EQ(group.masterPriority(), 170);
}

TEST(VrrpGroupTest, EffectivePriorityIsClampedToOneTo254)
{
    VrrpGroup group(params(100, kCgn1), {});
    group.setPriorityReduction(150, at(0s));
    EXPECT_EQ(group.effectivePriority(), 1);
    group.setPriorityReduction(-200, at(0s));
    EXPECT_EQ(group.effectivePriority(), 254);
    group.setPriorityReduction(10, at(0s));
    EXPECT_EQ(group.effectivePriority(), 90);
}

TEST(VrrpGroupTest, InterfaceDownFromBackupClearsTheMaster)
{
    Recorder recorder;
    VrrpGroup group(params(150, kCgn2), recorder.callbacks());
    group.interfaceUp(at(0s));
    group.receiveAdvert(advertWithPriority(200), kCgn1, at(1s));
    group.interfaceDown(at(2s));

    EXPECT_EQ(group.state(), VrrpState::Initialize);
    EXPECT_EQ(group.lastReason(), "Interface down");
    EXPECT_EQ(group.masterAddress(), 0u);
    EXPECT_EQ(group.masterPriority(), 0);
    EXPECT_EQ(group.nextDeadline(), std::nullopt);
    EXPECT_TRUE(recorder.sent.empty());
    group.receiveAdvert(advertWithPriority(200), kCgn1, at(3s));
    EXPECT_EQ(group.masterAddress(), 0u);
}

TEST(VrrpGroupTest, StateNames)
{
    EXPECT_STREQ(toString(VrrpState::Initialize), "Initialize");
    EXPECT_STREQ(toString(VrrpState::Backup), "Backup");
    EXPECT_STREQ(toString(VrrpState::Master), "Master");
}

// The failover history names why a group took over and how long the master's failure took to
// see; the first election after start is none.
TEST(VrrpGroupTest, TheFirstElectionIsNoFailoverAndEachTakeoverNamesItsCause)
{
    Pair pair;
    ASSERT_EQ(pair.cgn1.state(), VrrpState::Master);
    ASSERT_TRUE(pair.cgn1.group->lastTakeover().has_value());
    EXPECT_EQ(pair.cgn1.group->lastTakeover()->cause, TakeoverCause::InitialElection);
    EXPECT_FALSE(pair.cgn1.group->lastTakeover()->detection.has_value());

    // Silent master: detected after its last advert, one master-down interval later.
    pair.net.stop(pair.cgn1);
    const TimePoint lastAdvert = pair.cgn2.received.back().time;
    pair.net.runUntil(at(20s));
    ASSERT_EQ(pair.cgn2.state(), VrrpState::Master);
    ASSERT_TRUE(pair.cgn2.group->lastTakeover().has_value());
    EXPECT_EQ(pair.cgn2.group->lastTakeover()->cause, TakeoverCause::MasterSilent);
    EXPECT_EQ(pair.cgn2.group->lastTakeover()->detection, kDown150);
    EXPECT_EQ(lastAdvert + kDown150, pair.cgn2.group->lastTransitionTime());
}

TEST(VrrpGroupTest, ATakeoverAfterTheMastersResignSaysTheMasterResigned)
{
    Recorder recorder;
    VrrpGroup group(params(150, kCgn2), recorder.callbacks());
    group.interfaceUp(at(0s));
    group.receiveAdvert(advertWithPriority(200), kCgn1, at(1s));
    group.receiveAdvert(advertWithPriority(0), kCgn1, at(2s));
    group.tick(at(2s) + kSkew150);
    ASSERT_EQ(group.state(), VrrpState::Master);
    EXPECT_EQ(recorder.reasons.back(), "Protocol timer expired"); // the display's words
    ASSERT_TRUE(group.lastTakeover().has_value());
    EXPECT_EQ(group.lastTakeover()->cause, TakeoverCause::MasterResigned);
    EXPECT_EQ(group.lastTakeover()->detection, kSkew150);
}

TEST(VrrpGroupTest, APreemptionCountsItsDelayAsDetection)
{
    auto cgn1Params = params(200, kCgn1);
    cgn1Params.preemptDelay = 30s;
    Pair pair(cgn1Params);
    pair.cgn1.group->interfaceDown(pair.net.now());
    pair.net.runUntil(at(20s));
    pair.cgn1.group->interfaceUp(pair.net.now());
    pair.net.runUntil(at(70s));
    ASSERT_EQ(pair.cgn1.state(), VrrpState::Master);
    ASSERT_TRUE(pair.cgn1.group->lastTakeover().has_value());
    EXPECT_EQ(pair.cgn1.group->lastTakeover()->cause, TakeoverCause::Preempted);
    EXPECT_EQ(pair.cgn1.group->lastTakeover()->detection, Duration(30s));
    EXPECT_EQ(pair.cgn2.group->lastTakeover()->cause, TakeoverCause::MasterResigned);
}
