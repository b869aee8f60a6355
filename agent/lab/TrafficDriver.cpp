#include "TrafficDriver.h"

#include "Logging.h"
#include "ha/HotBackup.h"

#include <QDateTime>
#include <QJsonArray>
#include <deque>

namespace tandem::lab {

namespace {

constexpr std::uint32_t kMaxSubscribers = 60'000; // below the engine's user table (65 536)
constexpr double kMaxRate = 2'000'000;

QJsonObject countersJson(const TrafficCounters& c)
{
    QJsonObject dropped;
    std::uint64_t droppedTotal = 0;
    for (std::size_t r = 1; r < c.dropped.size(); ++r) {
        if (!c.dropped[r])
            continue;
        droppedTotal += c.dropped[r];
        dropped.insert(QLatin1String(cgn::toString(cgn::DropReason(r)).data()), qint64(c.dropped[r]));
    }
    return {{QStringLiteral("packets"), qint64(c.packets)},
            {QStringLiteral("created"), qint64(c.created)},
            {QStringLiteral("reused"), qint64(c.reused)},
            {QStringLiteral("dropped"), qint64(droppedTotal)},
            {QStringLiteral("droppedBy"), dropped},
            {QStringLiteral("teardowns"), qint64(c.teardowns)},
            {QStringLiteral("removed"), qint64(c.removed)},
            {QStringLiteral("established"), qint64(c.established)},
            {QStringLiteral("closed"), qint64(c.closed)},
            {QStringLiteral("skipped"), qint64(c.skipped)},
            {QStringLiteral("behind"), qint64(c.behind)}};
}

} // namespace

bool validate(const TrafficSettings& s, QString* error)
{
    if (!(s.rate >= 0 && s.rate <= kMaxRate)) {
        *error = QStringLiteral("\"rate\" must be from 0 to %1 session opens per second")
                     .arg(qint64(kMaxRate));
        return false;
    }
    if (s.subscribers < 1 || s.subscribers > kMaxSubscribers) {
        *error = QStringLiteral("\"subscribers\" must be from 1 to %1").arg(kMaxSubscribers);
        return false;
    }
    if (!(s.churnSeconds >= 0 && s.churnSeconds <= 86400)) {
        *error = QStringLiteral("\"churnSeconds\" must be from 0 (never end) to 86400");
        return false;
    }
    if (s.tcpPercent + s.udpPercent > 100) {
        *error = QStringLiteral("\"mix\": tcp + udp must not exceed 100 percent (the rest is icmp)");
        return false;
    }
    if (s.dsLitePercent + s.nat64Percent > 100) {
        *error = QStringLiteral("\"mix\": dsLite + nat64 must not exceed 100 percent of subscribers");
        return false;
    }
    return true;
}

struct TrafficDriver::Stream
{
    int serviceLocation = 0;
    std::unique_ptr<TrafficMix> mix;
    std::vector<cgn::InsideEndpoint> held; // teardowns waiting for the hold to end
    struct Closing
    {
        qint64 removeAtUs;
        cgn::InsideEndpoint inside;
    };
    std::deque<Closing> closing; // TCP sessions after their FINs, oldest first
    TrafficCounters counters;
    bool catchingUp = false; // stepping unfed until kMaxLag behind (see tick)
};

TrafficDriver::TrafficDriver(ha::HotBackup& hotBackup, QObject* parent, Clock clock)
    : QObject(parent), m_hotBackup(hotBackup), m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] {
            return std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::system_clock::now().time_since_epoch());
        };
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(1);
    connect(&m_timer, &QTimer::timeout, this, &TrafficDriver::tick);
}

TrafficDriver::~TrafficDriver() = default;

bool TrafficDriver::configure(TrafficSettings settings, QString* error)
{
    if (!validate(settings, error))
        return false;
    if (settings.rate == 0) {
        m_timer.stop();
        m_streams.clear();
        m_settings = settings;
        qCInfo(lcLab) << "traffic stopped";
        return true;
    }
    const std::chrono::microseconds now = m_clock();
    if (settings.startMs == 0)
        settings.startMs = now.count() / 1000;
    if (settings == m_settings && running())
        return true;
    auto behind = now - std::chrono::milliseconds(settings.startMs);
    if (behind > kMaxCatchUp) {
        // Too long to replay: this device's mixes start over now and lose step with the peer's.
        qCWarning(lcLab) << "traffic start lies" << behind.count() / 1000000
                         << "s back; starting the mixes now instead";
        settings.startMs = now.count() / 1000;
    }
    if (settings.startMs * 1000 > now.count() + 60'000'000) {
        *error = QStringLiteral("\"startMs\" lies more than a minute in the future");
        return false;
    }
    m_settings = settings;
    m_streams.clear();
    for (int sl : m_hotBackup.serviceLocations()) {
        if (!m_hotBackup.engine(sl) && m_hotBackup.isBoardUp(sl))
            continue; // no NAT instance: no tables to drive
        auto stream = std::make_unique<Stream>();
        stream->serviceLocation = sl;
        TrafficMixConfig config;
        config.subscribers = settings.subscribers;
        // Disjoint subscriber ranges per location (100.64.0.1, 100.65.0.1, …), same on both devices.
        config.firstCpe = 0x64400001u + std::uint32_t(sl - 1) * 0x10000u;
        config.sessionsPerSecond = settings.rate;
        config.meanSessionSeconds = settings.churnSeconds;
        config.tcpPercent = settings.tcpPercent;
        config.udpPercent = settings.udpPercent;
        config.dsLitePercent = settings.dsLitePercent;
        config.nat64Percent = settings.nat64Percent;
        config.seed = std::uint64_t(sl);
        stream->mix = std::make_unique<TrafficMix>(config);
        m_streams.push_back(std::move(stream));
    }
    // A start in the past is caught up by the ticks, without feeding: the peer fed those steps.
    m_timer.start();
    qCInfo(lcLab).noquote() << QStringLiteral("traffic: %1 opens/s per service-location, %2 "
                                              "subscribers, mean lifetime %3 s, start %4")
                                   .arg(settings.rate)
                                   .arg(settings.subscribers)
                                   .arg(settings.churnSeconds)
                                   .arg(settings.startMs);
    return true;
}

std::chrono::microseconds TrafficDriver::mixTarget() const
{
    return m_clock() - std::chrono::milliseconds(m_settings.startMs);
}

void TrafficDriver::setHoldTeardowns(bool hold)
{
    m_holdTeardowns = hold; // released, the held ones go a slice a tick
}

void TrafficDriver::setPauseOpens(bool pause)
{
    m_pauseOpens = pause;
}

void TrafficDriver::tick()
{
    using std::chrono::microseconds;
    const microseconds target = mixTarget();
    // The mix time that holds `opens` session opens at the configured rate (at least 1 µs).
    auto timeFor = [this](std::size_t opens) {
        return std::max(microseconds(1), microseconds(std::int64_t(double(opens) * 1e6 / m_settings.rate)));
    };
    for (auto& stream : m_streams) {
        if (!m_holdTeardowns && !stream->held.empty())
            releaseHeld(*stream);
        const microseconds behind = target - stream->mix->now();
        if (behind <= microseconds(0))
            continue;
        // Far behind: the older part is stepped through, its opens not fed; this tick feeds
        // nothing, so that it stays as short as the others. It ends once the mix is kMaxLag
        // behind; from there on it is fed again even though a tick later it is a little more
        // than kMaxLag behind (without that slack it would never be fed again).
        stream->catchingUp = behind > (stream->catchingUp ? kMaxLag : 2 * kMaxLag);
        if (stream->catchingUp) {
            TrafficStep step = stream->mix->step(std::min(behind - microseconds(kMaxLag), timeFor(kMaxCatchUpPerTick)));
            stream->catchingUp = target - stream->mix->now() > kMaxLag;
            stream->counters.behind += step.packets.size();
            m_total.behind += step.packets.size();
            step.packets.clear();
            feed(*stream, step);
            continue;
        }
        TrafficStep step = stream->mix->step(std::min(behind, timeFor(kMaxOpensPerTick)));
        feed(*stream, step);
    }
}

void TrafficDriver::feed(Stream& stream, TrafficStep& step)
{
    const int sl = stream.serviceLocation;
    cgn::CgnEngine* engine = m_hotBackup.isMaster(sl) ? m_hotBackup.engine(sl) : nullptr;
    const cgn::Seconds now = m_hotBackup.engineNow();
    bool fed = false;
    if (engine && !m_pauseOpens && !step.packets.empty()) {
        m_results.resize(step.packets.size());
        engine->outbound(step.packets, m_results, now);
        std::uint64_t established = 0;
        for (std::size_t i = 0; i < m_results.size(); ++i) {
            const cgn::SetupResult& r = m_results[i];
            for (TrafficCounters* c : {&stream.counters, &m_total}) {
                ++c->packets;
                if (!r.ok())
                    ++c->dropped[std::size_t(r.drop)];
                else if (r.created)
                    ++c->created;
                else
                    ++c->reused;
            }
            // The remote answers the SYN: established.
            if (r.created && step.packets[i].inside.protocol == cgn::Protocol::Tcp &&
                engine->inbound(r.outside, step.packets[i].remote, cgn::tcp::kSyn | cgn::tcp::kAck, now).ok())
                ++established;
        }
        stream.counters.established += established;
        m_total.established += established;
        fed = true;
    } else {
        stream.counters.skipped += step.packets.size();
        m_total.skipped += step.packets.size();
    }
    if (m_holdTeardowns) {
        stream.held.insert(stream.held.end(), step.teardowns.begin(), step.teardowns.end());
    } else if (engine && !step.teardowns.empty()) {
        m_ids.resize(step.teardowns.size());
        engine->findInside(step.teardowns, m_ids);
        // TCP ends with a FIN each way and goes a little later; the rest goes now.
        const qint64 removeAt = qint64(m_clock().count()) +
                                std::chrono::duration_cast<std::chrono::microseconds>(kClosingHold).count();
        std::uint64_t closed = 0;
        for (std::size_t i = 0; i < m_ids.size(); ++i) {
            if (m_ids[i] == cgn::kNoSession || step.teardowns[i].protocol != cgn::Protocol::Tcp)
                continue;
            const std::optional<cgn::SessionView> s = engine->session(m_ids[i]);
            if (!s || s->tcpState == cgn::TcpState::Closing || s->tcpState == cgn::TcpState::Reset)
                continue;
            engine->inbound(s->outside, s->remote, cgn::tcp::kFin | cgn::tcp::kAck, now);
            stream.closing.push_back({removeAt, step.teardowns[i]});
            m_ids[i] = cgn::kNoSession;
            ++closed;
        }
        std::erase(m_ids, cgn::kNoSession);
        const std::size_t removed = engine->remove(m_ids, now);
        for (TrafficCounters* c : {&stream.counters, &m_total}) {
            c->teardowns += step.teardowns.size();
            c->removed += removed;
            c->closed += closed;
        }
        fed = true;
    }
    if (engine && !stream.closing.empty() && !m_holdTeardowns) {
        // Closing sessions whose hold ended go now (bounded like the rest of a tick's work);
        // not while teardowns are held (a drill's listing: nothing ends meanwhile).
        const qint64 nowUs = qint64(m_clock().count());
        m_closingInside.clear();
        while (!stream.closing.empty() && stream.closing.front().removeAtUs <= nowUs &&
               m_closingInside.size() < kMaxHeldPerTick) {
            m_closingInside.push_back(stream.closing.front().inside);
            stream.closing.pop_front();
        }
        if (!m_closingInside.empty()) {
            m_ids.resize(m_closingInside.size());
            engine->findInside(m_closingInside, m_ids);
            std::erase(m_ids, cgn::kNoSession);
            const std::size_t removed = engine->remove(m_ids, now);
            stream.counters.removed += removed;
            m_total.removed += removed;
            fed = true;
        }
    } else if (!engine && !m_holdTeardowns) {
        stream.closing.clear(); // not ours to end: the new master's tables age them
    }
    if (fed)
        m_hotBackup.recordsPending();
}

void TrafficDriver::releaseHeld(Stream& stream)
{
    // At most kMaxHeldPerTick a tick (the order of the teardowns of distinct sessions does not
    // matter): a drill that held them for a minute at 50k/s holds millions.
    TrafficStep step;
    const std::size_t n = std::min(stream.held.size(), kMaxHeldPerTick);
    step.teardowns.assign(stream.held.end() - std::ptrdiff_t(n), stream.held.end());
    stream.held.resize(stream.held.size() - n);
    // Opens are not replayed: only the held teardowns go through (or, on a standby, away).
    const bool paused = m_pauseOpens;
    m_pauseOpens = true;
    feed(stream, step);
    m_pauseOpens = paused;
}

QJsonObject TrafficDriver::statusJson() const
{
    QJsonArray locations;
    for (const auto& stream : m_streams) {
        QJsonObject o = countersJson(stream->counters);
        o.insert(QStringLiteral("serviceLocation"), stream->serviceLocation);
        o.insert(QStringLiteral("driving"), m_hotBackup.isMaster(stream->serviceLocation)
                                                && m_hotBackup.engine(stream->serviceLocation));
        o.insert(QStringLiteral("mixSeconds"), double(stream->mix->now().count()) / 1e6);
        o.insert(QStringLiteral("mixLiveSessions"), qint64(stream->mix->liveSessions()));
        o.insert(QStringLiteral("heldTeardowns"), qint64(stream->held.size()));
        locations.append(o);
    }
    const TrafficSettings& s = m_settings;
    return {{QStringLiteral("running"), running()},
            {QStringLiteral("rate"), s.rate},
            {QStringLiteral("subscribers"), qint64(s.subscribers)},
            {QStringLiteral("churnSeconds"), s.churnSeconds},
            {QStringLiteral("mix"),
             QJsonObject{{QStringLiteral("tcp"), int(s.tcpPercent)},
                         {QStringLiteral("udp"), int(s.udpPercent)},
                         {QStringLiteral("dsLite"), int(s.dsLitePercent)},
                         {QStringLiteral("nat64"), int(s.nat64Percent)}}},
            {QStringLiteral("startMs"), s.startMs},
            {QStringLiteral("holdTeardowns"), m_holdTeardowns},
            {QStringLiteral("pauseOpens"), m_pauseOpens},
            {QStringLiteral("engineNow"), qint64(m_hotBackup.engineNow())},
            {QStringLiteral("total"), countersJson(m_total)},
            {QStringLiteral("serviceLocations"), locations}};
}

} // namespace tandem::lab
