#pragma once

// How long the agent's event loop was kept from its timers. VRRP adverts and timers and the
// backup channel's heartbeats all run on that loop: a loop held for longer than an advert
// interval is a late advert, and three of them a false failover. A timer fires every 5 ms; how
// late it fires is a stall of the loop. Every stall over the log threshold (50 ms, or
// TANDEM_LOOP_STALL_LOG_MS) is logged with how much of it the loop's thread was busy (the rest
// it waited for a CPU: a busy machine, not work of ours); the metrics show the longest, and how
// many there were over 10, 50 and 250 ms (tandem_event_loop_stall_seconds_max,
// tandem_event_loop_stalls_total).
//
// LoopStallMeter is the pure part, time given as an argument; LoopWatch runs it on a timer.

#include <QObject>
#include <QTimer>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>

namespace tandem::ha {

struct LoopStalls
{
    static constexpr std::array<std::chrono::milliseconds, 3> kOver{std::chrono::milliseconds(10),
                                                                    std::chrono::milliseconds(50),
                                                                    std::chrono::milliseconds(250)};
    std::chrono::nanoseconds max{0};          // the longest since start
    std::array<std::uint64_t, kOver.size()> over{}; // stalls longer than kOver[i]
    std::uint64_t ticks = 0;                   // firings measured
};

class LoopStallMeter
{
public:
    explicit LoopStallMeter(std::chrono::nanoseconds period) : m_period(period) {}

    std::chrono::nanoseconds period() const { return m_period; }
    // The timer fired at `now`: how late against the previous firing plus the period (0 when
    // on time). The first firing only sets the reference.
    std::chrono::nanoseconds fired(std::chrono::nanoseconds now);
    const LoopStalls& stalls() const { return m_stalls; }

private:
    std::chrono::nanoseconds m_period;
    std::chrono::nanoseconds m_last{0};
    bool m_started = false;
    LoopStalls m_stalls;
};

class LoopWatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoopWatch)

public:
    using Clock = std::function<std::chrono::nanoseconds()>; // unset: steady_clock
    explicit LoopWatch(QObject* parent = nullptr, Clock clock = {});
    // Time the calling thread has run (CLOCK_THREAD_CPUTIME_ID).
    static std::chrono::nanoseconds threadCpuTime();
    ~LoopWatch() override;

    void start();
    const LoopStalls& stalls() const { return m_meter.stalls(); }

    static constexpr std::chrono::milliseconds kPeriod{5};

private:
    void onTimer();

    Clock m_clock;
    LoopStallMeter m_meter{kPeriod};
    std::chrono::milliseconds m_logOver{50};
    std::chrono::nanoseconds m_lastCpu{0};
    QTimer m_timer;
};

} // namespace tandem::ha
