#include "LoopWatch.h"

#include "Logging.h"

#include <ctime>

namespace tandem::ha {

using namespace std::chrono;

nanoseconds LoopStallMeter::fired(nanoseconds now)
{
    if (!m_started) {
        m_started = true;
        m_last = now;
        return nanoseconds(0);
    }
    const nanoseconds late = std::max(nanoseconds(0), now - m_last - m_period);
    m_last = now;
    ++m_stalls.ticks;
    m_stalls.max = std::max(m_stalls.max, late);
    for (std::size_t i = 0; i < LoopStalls::kOver.size(); ++i)
        if (late > LoopStalls::kOver[i])
            ++m_stalls.over[i];
    return late;
}

LoopWatch::LoopWatch(QObject* parent, Clock clock) : QObject(parent), m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] { return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()); };
    bool ok = false;
    const int logOver = qEnvironmentVariableIntValue("TANDEM_LOOP_STALL_LOG_MS", &ok);
    if (ok && logOver > 0)
        m_logOver = milliseconds(logOver);
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setSingleShot(true); // re-armed after each firing, so lateness does not accumulate
    connect(&m_timer, &QTimer::timeout, this, &LoopWatch::onTimer);
}

LoopWatch::~LoopWatch() = default;

nanoseconds LoopWatch::threadCpuTime()
{
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return seconds(ts.tv_sec) + nanoseconds(ts.tv_nsec);
}

void LoopWatch::start()
{
    m_meter.fired(m_clock());
    m_lastCpu = threadCpuTime();
    m_timer.start(kPeriod);
}

void LoopWatch::onTimer()
{
    const nanoseconds late = m_meter.fired(m_clock());
    const nanoseconds cpu = threadCpuTime();
    if (late > m_logOver)
        qCWarning(lcHa).noquote()
            << QStringLiteral("event loop held for %1 ms, %2 ms of it busy here (VRRP adverts and channel heartbeats waited)")
                   .arg(double(duration_cast<microseconds>(late).count()) / 1000.0, 0, 'f', 1)
                   .arg(double(duration_cast<microseconds>(cpu - m_lastCpu).count()) / 1000.0, 0, 'f', 1);
    m_lastCpu = cpu;
    m_timer.start(kPeriod);
}

} // namespace tandem::ha
