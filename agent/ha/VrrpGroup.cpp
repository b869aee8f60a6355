#include "VrrpGroup.h"

#include <algorithm>
#include <utility>

namespace tandem::ha {

namespace {

constexpr int kOwnerPriority = 255;
constexpr Duration kCentisecond{10'000};

const std::string kInterfaceUp = "Interface up";
const std::string kInterfaceDown = "Interface down";
const std::string kProtocolTimerExpired = "Protocol timer expired";
const std::string kPriorityCalculation = "Priority calculation";

// 12 bits on the wire; a zero interval would make the advert timer due again at once and
// tick() would never return.
int clampInterval(int centiseconds)
{
    return std::clamp(centiseconds, 1, 0x0fff);
}

Duration centiseconds(int value)
{
    return value * kCentisecond;
}

std::optional<TimePoint> earliest(std::optional<TimePoint> a, std::optional<TimePoint> b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return std::min(*a, *b);
}

} // namespace

const char* toString(VrrpState state)
{
    switch (state) {
    case VrrpState::Initialize:
        return "Initialize";
    case VrrpState::Backup:
        return "Backup";
    case VrrpState::Master:
        return "Master";
    }
    return "Initialize";
}

const char* toString(TakeoverCause cause)
{
    switch (cause) {
    case TakeoverCause::InitialElection:
        return "initial election";
    case TakeoverCause::MasterSilent:
        return "master silent";
    case TakeoverCause::MasterResigned:
        return "master resigned";
    case TakeoverCause::Preempted:
        return "preempted";
    }
    return "initial election";
}

VrrpGroup::VrrpGroup(VrrpParams params, Callbacks callbacks)
    : m_params(std::move(params)), m_callbacks(std::move(callbacks)),
      m_masterAdvertIntervalCs(clampInterval(m_params.advertIntervalCentiseconds))
{}

int VrrpGroup::effectivePriority() const
{
    if (isOwner())
        return kOwnerPriority;
    return std::clamp(m_params.priority - m_reduction, 1, 254);
}

Duration VrrpGroup::skewTime() const
{
    // Computed in microseconds rather than whole centiseconds so that the priorities keep
    // distinct down intervals.
    return centiseconds((256 - effectivePriority()) * m_masterAdvertIntervalCs) / 256;
}

Duration VrrpGroup::masterDownInterval() const
{
    return m_params.holdingMultiplier * centiseconds(m_masterAdvertIntervalCs) + skewTime();
}

std::optional<TimePoint> VrrpGroup::nextDeadline() const
{
    return earliest(earliest(m_masterDownTimer, m_advertTimer), m_preemptTimer);
}

void VrrpGroup::interfaceUp(TimePoint now)
{
    if (m_state != VrrpState::Initialize)
        return;
    m_masterAdvertIntervalCs = clampInterval(m_params.advertIntervalCentiseconds);
    m_masterLastHeard.reset();
    m_masterResigned = false;
    if (isOwner()) {
        becomeMaster(now, kInterfaceUp);
        return;
    }
    m_masterDownTimer = now + masterDownInterval();
    transition(VrrpState::Backup, now, kInterfaceUp);
}

void VrrpGroup::interfaceDown(TimePoint now)
{
    if (m_state == VrrpState::Initialize)
        return;
    // A resigning master announces priority 0 so that the backup takes over after Skew_Time
    // instead of the whole Master_Down_Interval.
    if (m_state == VrrpState::Master)
        sendAdvert(0);
    m_advertTimer.reset();
    m_masterDownTimer.reset();
    m_preemptTimer.reset();
    m_masterAddress = 0;
    m_masterPriority = 0;
    m_masterAdvertIntervalCs = clampInterval(m_params.advertIntervalCentiseconds);
    transition(VrrpState::Initialize, now, kInterfaceDown);
}

bool VrrpGroup::resign(TimePoint now, const std::string& reason)
{
    if (m_state != VrrpState::Master)
        return false;
    sendAdvert(0);
    m_advertTimer.reset();
    m_masterAddress = 0;
    m_masterPriority = 0;
    m_masterDownTimer = now + masterDownInterval();
    transition(VrrpState::Backup, now, reason);
    return true;
}

void VrrpGroup::setPriorityReduction(int reduction, TimePoint now)
{
    const int before = effectivePriority();
    m_reduction = reduction;
    effectivePriorityChanged(before, now);
}

void VrrpGroup::setPriority(int priority, TimePoint now)
{
    const int before = effectivePriority();
    m_params.priority = priority;
    effectivePriorityChanged(before, now);
}

void VrrpGroup::effectivePriorityChanged(int before, TimePoint now)
{
    const int after = effectivePriority();
    if (after == before)
        return;
    if (m_state == VrrpState::Master) {
        // Tell the peer at once, so that it can preempt without waiting for the next advert.
        m_masterPriority = after;
        sendAdvert(after);
        m_advertTimer = now + centiseconds(clampInterval(m_params.advertIntervalCentiseconds));
    } else if (m_state == VrrpState::Backup && preempts() && m_masterPriority != 0) {
        if (after > m_masterPriority)
            startPreempt(now);
        else
            m_preemptTimer.reset();
    }
}

void VrrpGroup::receiveAdvert(const VrrpAdvert& advert, std::uint32_t sourceIp, TimePoint now)
{
    if (advert.vrid != m_params.vrid)
        return;
    switch (m_state) {
    case VrrpState::Initialize:
        return;
    case VrrpState::Backup:
        receiveAsBackup(advert, sourceIp, now);
        return;
    case VrrpState::Master:
        receiveAsMaster(advert, sourceIp, now);
        return;
    }
}

// Timers run in deadline order, but their effects (new timers, transition time) take `now`,
// so a late tick sends one advert rather than a burst of the ones it missed. The next advert
// keeps the cadence of the last one's deadline (a timer that fires a few ms late every time
// would otherwise stretch every interval by that much), unless that has passed already.
void VrrpGroup::tick(TimePoint now)
{
    for (auto due = nextDeadline(); due && *due <= now; due = nextDeadline()) {
        if (m_masterDownTimer == due) {
            becomeMaster(now, kProtocolTimerExpired);
        } else if (m_preemptTimer == due) {
            becomeMaster(now, kPriorityCalculation);
        } else {
            sendAdvert(effectivePriority());
            const Duration interval = centiseconds(clampInterval(m_params.advertIntervalCentiseconds));
            m_advertTimer = *due + interval > now ? *due + interval : now + interval;
        }
    }
}

// Preemption with Huawei's delay. The RFC has a preempting Backup discard lower-priority
// adverts until its Master_Down_Timer fires; Huawei instead waits out `preempt-mode timer
// delay`, which exists so that the backup channel finishes its batch before switchback. The
// rule here: the first lower-priority advert (or a priority rise above the known master's)
// starts the preempt timer once; while it runs, the lower-priority master's adverts still
// count as proof of life and reset the Master_Down_Timer, so only the preempt timer takes
// over ("Priority calculation") and a silent master is still replaced after
// Master_Down_Interval ("Protocol timer expired"). A delay of 0 preempts at once. Any advert
// with priority >= ours, or our priority falling back, cancels the wait.
void VrrpGroup::receiveAsBackup(const VrrpAdvert& advert, std::uint32_t sourceIp, TimePoint now)
{
    if (advert.priority == 0) {
        m_preemptTimer.reset();
        m_masterAddress = 0;
        m_masterPriority = 0;
        m_masterLastHeard = now;
        m_masterResigned = true;
        m_masterDownTimer = m_params.takeOverAtOnceOnResign ? now : now + skewTime();
        return;
    }
    const bool preempting = preempts() && advert.priority < effectivePriority();
    if (!preempting)
        m_preemptTimer.reset();
    learnMaster(advert, sourceIp, now);
    if (preempting)
        startPreempt(now);
}

void VrrpGroup::receiveAsMaster(const VrrpAdvert& advert, std::uint32_t sourceIp, TimePoint now)
{
    const int local = effectivePriority();
    if (advert.priority == 0) {
        sendAdvert(local);
        m_advertTimer = now + centiseconds(clampInterval(m_params.advertIntervalCentiseconds));
        return;
    }
    // RFC 5798 §6.4.3: on equal priority the greater address wins. Huawei's text keeps the
    // device that became Master first; we follow the RFC. Both agree whenever one side came up
    // as Backup, since a Backup never preempts an equal priority.
    if (advert.priority > local || (advert.priority == local && sourceIp > m_params.localAddress)) {
        m_advertTimer.reset();
        learnMaster(advert, sourceIp, now);
        transition(VrrpState::Backup, now, kPriorityCalculation);
    }
}

void VrrpGroup::learnMaster(const VrrpAdvert& advert, std::uint32_t sourceIp, TimePoint now)
{
    m_masterAdvertIntervalCs = clampInterval(advert.maxAdvertIntervalCentiseconds);
    m_masterAddress = sourceIp;
    m_masterPriority = advert.priority;
    m_masterDownTimer = now + masterDownInterval();
    m_masterLastHeard = now;
    m_masterResigned = false;
}

void VrrpGroup::startPreempt(TimePoint now)
{
    // The owner ignores the delay.
    const Duration delay = isOwner() ? Duration{0} : m_params.preemptDelay;
    if (!m_preemptTimer)
        m_preemptSince = now;
    if (delay <= Duration{0}) {
        becomeMaster(now, kPriorityCalculation);
        return;
    }
    if (!m_preemptTimer)
        m_preemptTimer = now + delay;
}

void VrrpGroup::becomeMaster(TimePoint now, const std::string& reason)
{
    Takeover takeover;
    if (!m_masterLastHeard) {
        takeover.cause = TakeoverCause::InitialElection;
    } else if (reason == kPriorityCalculation) {
        takeover.cause = TakeoverCause::Preempted;
        takeover.detection = now - m_preemptSince.value_or(now);
    } else {
        takeover.cause =
            m_masterResigned ? TakeoverCause::MasterResigned : TakeoverCause::MasterSilent;
        takeover.detection = now - *m_masterLastHeard;
    }
    m_lastTakeover = takeover;
    m_preemptSince.reset();
    m_masterResigned = false;
    m_masterDownTimer.reset();
    m_preemptTimer.reset();
    m_masterAdvertIntervalCs = clampInterval(m_params.advertIntervalCentiseconds);
    m_masterAddress = m_params.localAddress;
    m_masterPriority = effectivePriority();
    m_advertTimer = now + centiseconds(m_masterAdvertIntervalCs);
    transition(VrrpState::Master, now, reason);
    sendAdvert(m_masterPriority);
}

void VrrpGroup::transition(VrrpState to, TimePoint now, const std::string& reason)
{
    const VrrpState from = m_state;
    m_state = to;
    m_lastReason = reason;
    m_lastTransitionTime = now;
    if (m_callbacks.stateChanged)
        m_callbacks.stateChanged(from, to, reason);
}

VrrpAdvert VrrpGroup::makeAdvert(int priority) const
{
    VrrpAdvert advert;
    advert.vrid = m_params.vrid;
    advert.priority = static_cast<std::uint8_t>(priority);
    advert.maxAdvertIntervalCentiseconds =
        static_cast<std::uint16_t>(clampInterval(m_params.advertIntervalCentiseconds));
    advert.addresses = {m_params.virtualIp};
    return advert;
}

void VrrpGroup::sendAdvert(int priority)
{
    if (m_callbacks.sendAdvert)
        m_callbacks.sendAdvert(makeAdvert(priority));
}

} // namespace tandem::ha
