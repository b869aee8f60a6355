#pragma once

// The VRRP state machine of one group (RFC 5798 §6.4, with the Huawei differences of
// ../shared/reference/huawei-cgn-ha.md §3.3, §7). Pure logic: no sockets, no clock of its own.
// Every input carries `now`; the owner asks nextDeadline() and calls tick() then, so tests
// drive elections deterministically with a synthetic clock and agents with the monotonic one.

#include "VrrpAdvert.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace tandem::ha {

using Duration = std::chrono::microseconds;
using TimePoint = std::chrono::time_point<std::chrono::steady_clock, Duration>;

enum class VrrpState { Initialize, Backup, Master };
const char* toString(VrrpState state); // "Initialize" | "Backup" | "Master"

// Why a group became Master, in the terms a failover history needs (the display's reason words
// say less: a takeover after the master's priority-0 resign is "Protocol timer expired" too).
enum class TakeoverCause : std::uint8_t
{
    InitialElection, // no master was heard since the interface came up: not a failover
    MasterSilent,    // the master's adverts stopped (master-down timer)
    MasterResigned,  // the master advertised priority 0 (manual switchover, its board or link down)
    Preempted,       // this group's priority beat the master's (after the preempt delay)
};
const char* toString(TakeoverCause cause); // "initial election", "master silent", …

struct Takeover
{
    TakeoverCause cause = TakeoverCause::InitialElection;
    // From the master's last word (its last advert; its resign; the advert that started the
    // preemption) to the decision. Unknown for an initial election.
    std::optional<Duration> detection;
};

struct VrrpParams
{
    std::uint8_t vrid = 1;
    int priority = 100;                   // configured; 255 = address owner
    bool preempt = true;
    Duration preemptDelay{0};
    int advertIntervalCentiseconds = 100;
    int holdingMultiplier = 3;            // Huawei: master-down = multiplier × interval + skew
    std::uint32_t localAddress = 0;       // host byte order
    std::uint32_t virtualIp = 0;
    // RFC 5798 makes a backup wait Skew_Time after a priority-0 advert, so that among several
    // backups the highest takes over. A pair has one backup and nothing to order: with this set
    // it takes over at once (a manual switchover then costs no advert interval). Tandem sets it
    // for groups with exactly one peer — a deliberate, documented deviation.
    bool takeOverAtOnceOnResign = false;
};

class VrrpGroup final
{
public:
    struct Callbacks
    {
        std::function<void(const VrrpAdvert&)> sendAdvert;
        // reason uses the words of `display vrrp state-change`: "Interface up",
        // "Protocol timer expired", "Priority calculation", "Interface down", "Shutdown" …
        std::function<void(VrrpState from, VrrpState to, const std::string& reason)> stateChanged;
    };

    VrrpGroup(VrrpParams params, Callbacks callbacks);

    void interfaceUp(TimePoint now);   // Initialize → Backup (Master at once when owner)
    void interfaceDown(TimePoint now); // → Initialize; a Master first sends priority 0
    // Sum of the reductions of DOWN tracked objects; effective priority = configured −
    // reduction, clamped to 1–254; the owner (255) ignores it.
    void setPriorityReduction(int reduction, TimePoint now);
    // A committed config changed the configured priority (neither side 255, whose owner
    // semantics need a fresh group): takes effect like a tracking change, without a restart.
    void setPriority(int priority, TimePoint now);
    // Manual switchover: a Master announces priority 0 (the peer takes over after Skew_Time)
    // and becomes Backup with `reason`. False when not Master.
    bool resign(TimePoint now, const std::string& reason);
    void receiveAdvert(const VrrpAdvert& advert, std::uint32_t sourceIp, TimePoint now);
    void tick(TimePoint now); // runs every timer that is due at `now`
    std::optional<TimePoint> nextDeadline() const;

    VrrpState state() const { return m_state; }
    int configuredPriority() const { return m_params.priority; }
    int effectivePriority() const;
    std::uint32_t masterAddress() const { return m_masterAddress; } // 0 when unknown
    int masterPriority() const { return m_masterPriority; }         // 0 when unknown
    // Current Master_Down_Interval (learned advert interval, holding multiplier, skew).
    Duration masterDownInterval() const;
    const VrrpParams& params() const { return m_params; }
    const std::string& lastReason() const { return m_lastReason; }
    // Of the last transition to Master; nullopt before the first.
    const std::optional<Takeover>& lastTakeover() const { return m_lastTakeover; }
    // For `display vrrp`: Last Change Time, TimerRun and the Remain of the preempt delay.
    std::optional<TimePoint> lastTransitionTime() const { return m_lastTransitionTime; }
    int masterAdvertIntervalCentiseconds() const { return m_masterAdvertIntervalCs; }
    std::optional<TimePoint> preemptDeadline() const { return m_preemptTimer; }

private:
    bool isOwner() const { return m_params.priority == 255; }
    bool preempts() const { return m_params.preempt || isOwner(); }
    Duration skewTime() const;
    VrrpAdvert makeAdvert(int priority) const;
    void sendAdvert(int priority);
    void becomeMaster(TimePoint now, const std::string& reason);
    void transition(VrrpState to, TimePoint now, const std::string& reason);
    void receiveAsBackup(const VrrpAdvert& advert, std::uint32_t sourceIp, TimePoint now);
    void receiveAsMaster(const VrrpAdvert& advert, std::uint32_t sourceIp, TimePoint now);
    void learnMaster(const VrrpAdvert& advert, std::uint32_t sourceIp, TimePoint now);
    void startPreempt(TimePoint now);
    void effectivePriorityChanged(int before, TimePoint now);

    VrrpParams m_params;
    Callbacks m_callbacks;
    VrrpState m_state = VrrpState::Initialize;
    int m_reduction = 0;
    std::uint32_t m_masterAddress = 0;
    int m_masterPriority = 0;
    std::string m_lastReason;
    std::optional<TimePoint> m_lastTransitionTime;
    int m_masterAdvertIntervalCs = 100;
    std::optional<TimePoint> m_masterDownTimer; // Backup only
    std::optional<TimePoint> m_advertTimer;     // Master only
    std::optional<TimePoint> m_preemptTimer;    // Backup waiting out the preempt delay
    std::optional<TimePoint> m_masterLastHeard; // the last advert of a master (or its resign)
    std::optional<TimePoint> m_preemptSince;    // the advert that started the preemption
    bool m_masterResigned = false;              // the master-down timer runs for a resign
    std::optional<Takeover> m_lastTakeover;
};

} // namespace tandem::ha
