#pragma once

// The lab's traffic generator: every millisecond it takes the next step of a TrafficMix per
// service-location and feeds it to that location's engine when this device is its master.
//
// Both devices of a pair run the same mixes in lockstep: a location's subscribers and sessions
// follow from a seed (its id) and from the mix's start time on the wall clock, which the caller
// gives both devices. A standby steps its mixes too but feeds nothing, so that after a
// switchover the new master carries on with the same subscribers, opening the sessions the
// old master would have opened and tearing down the ones the old master created.
//
// A tick's work is bounded, so that the traffic never holds the event loop that VRRP and the
// backup channel run on: it feeds at most kMaxOpensPerTick opens. A mix that fell further
// behind than twice kMaxLag (the loop was held, the process stopped, or it started with a shared
// start in the past) steps through the older part without feeding its opens — counted as
// `behind` — at most kMaxCatchUpPerTick opens' worth a tick, and its teardowns still go
// through; it stays in lockstep with the peer's and is fed again once within kMaxLag. Held
// teardowns, once released, go kMaxHeldPerTick a tick.
//
// TCP sessions live as connections do: the opening SYN (syn-sent), the remote's SYN-ACK coming
// back at once (established), and at their end a FIN each way (closing) with the mapping
// removed kClosingHold later — the lab's short stand-in for the transitory timer, so that
// closing sessions show in the tables without a table of four-minute leftovers. The SYN-ACK
// costs no backup record (it merges into the create delay-time still holds); the FIN costs one.

#include "TrafficMix.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <array>
#include <functional>
#include <memory>
#include <vector>

namespace tandem::ha {
class HotBackup;
}

namespace tandem::lab {

struct TrafficSettings
{
    double rate = 0;                  // session opens per second per service-location; 0: off
    std::uint32_t subscribers = 10'000; // per service-location
    double churnSeconds = 30;         // mean session lifetime; 0: sessions never end
    unsigned tcpPercent = 60;
    unsigned udpPercent = 35;         // the rest is ICMP
    unsigned dsLitePercent = 0;       // of subscribers
    unsigned nat64Percent = 0;
    qint64 startMs = 0;               // wall-clock start of the mixes (ms since the epoch)
    bool operator==(const TrafficSettings&) const = default;
};

// Checks ranges; an error names the field.
bool validate(const TrafficSettings& settings, QString* error);

struct TrafficCounters
{
    std::uint64_t packets = 0;   // session opens fed to a master engine
    std::uint64_t created = 0;   // of which created a session
    std::uint64_t reused = 0;    // of which found the endpoint's mapping (EIM)
    std::uint64_t teardowns = 0; // teardowns applied to a master engine
    std::uint64_t removed = 0;   // of which named a live session
    std::uint64_t established = 0; // TCP sessions the remote's SYN-ACK made established
    std::uint64_t closed = 0;      // TCP sessions that exchanged FINs (closing, removed later)
    std::uint64_t skipped = 0;   // opens not fed: standby, board down or opens paused
    std::uint64_t behind = 0;    // opens not fed because the mix had fallen behind (see above)
    std::array<std::uint64_t, std::size_t(cgn::DropReason::Count)> dropped{};
};

class TrafficDriver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficDriver)

public:
    // Wall clock (the mixes' shared start is on it); unset: the system clock. Tests inject one.
    using Clock = std::function<std::chrono::microseconds()>;
    explicit TrafficDriver(ha::HotBackup& hotBackup, QObject* parent = nullptr, Clock clock = {});
    ~TrafficDriver() override;

    // Starts, changes or (rate 0) stops the traffic. Unchanged settings keep the running mixes.
    // New ones restart them at settings.startMs (0: now); a start in the past is caught up
    // without feeding, tick by tick, as long as it lies within kMaxCatchUp.
    bool configure(TrafficSettings settings, QString* error);
    const TrafficSettings& settings() const { return m_settings; }
    bool running() const { return m_timer.isActive(); }

    // Drills: while teardowns are held, sessions the mix ends stay in the tables (and are torn
    // down on release); while opens are paused, the mix's opens are dropped. The mixes keep
    // stepping either way, so both devices stay in lockstep.
    void setHoldTeardowns(bool hold);
    void setPauseOpens(bool pause);
    bool holdTeardowns() const { return m_holdTeardowns; }
    bool pauseOpens() const { return m_pauseOpens; }

    const TrafficCounters& counters() const { return m_total; }
    QJsonObject statusJson() const; // settings, state, counters in total and per location

    static constexpr std::chrono::seconds kMaxCatchUp{600};
    static constexpr std::chrono::milliseconds kMaxLag{50};
    static constexpr std::size_t kMaxOpensPerTick = 2048;    // fed to an engine: 1-4 ms
    static constexpr std::size_t kMaxCatchUpPerTick = 8192;  // about 3 ms of the mix alone
    static constexpr std::size_t kMaxHeldPerTick = 2048;     // released teardowns: 1-4 ms
    static constexpr std::chrono::milliseconds kClosingHold{2000}; // FIN exchanged → removed

    // What the 1 ms timer does. Public for tests on a virtual clock.
    void tick();

private:
    struct Stream;

    void feed(Stream& stream, TrafficStep& step);
    void releaseHeld(Stream& stream);
    std::chrono::microseconds mixTarget() const;

    ha::HotBackup& m_hotBackup;
    Clock m_clock;
    TrafficSettings m_settings;
    std::vector<std::unique_ptr<Stream>> m_streams;
    QTimer m_timer;
    bool m_holdTeardowns = false;
    bool m_pauseOpens = false;
    TrafficCounters m_total;
    std::vector<cgn::SetupResult> m_results;
    std::vector<cgn::SessionId> m_ids;
    std::vector<cgn::InsideEndpoint> m_closingInside;
};

} // namespace tandem::lab
