#include "HotBackup.h"

#include "Logging.h"

#include <QDateTime>
#include <QJsonArray>
#include <algorithm>
#include <cstring>

namespace tandem::ha {

namespace {

constexpr qint64 kDigestEveryMs = 5000;

QString hex(std::uint64_t v)
{
    return QStringLiteral("%1").arg(v, 16, 16, QLatin1Char('0'));
}

QJsonObject digestJson(const cgn::Digest& d)
{
    return {{QStringLiteral("users"), hex(d.users)},
            {QStringLiteral("portBlocks"), hex(d.portBlocks)},
            {QStringLiteral("sessions"), hex(d.sessions)}};
}

// The key a delayed create waits under: its inside endpoint.
struct PendingKey
{
    cgn::UserKey user;
    std::uint32_t inner = 0;
    std::uint16_t port = 0;
    cgn::Protocol protocol = cgn::Protocol::Udp;
    bool operator==(const PendingKey&) const = default;
};

struct PendingKeyHash
{
    std::size_t operator()(const PendingKey& k) const
    {
        std::uint64_t a, b;
        std::memcpy(&a, k.user.ipv6.data(), 8);
        std::memcpy(&b, k.user.ipv6.data() + 8, 8);
        std::uint64_t h = (std::uint64_t(k.user.vpn) << 32 | k.user.ipv4) ^ a * 0x9e3779b97f4a7c15ull
                          ^ b * 0xc2b2ae3d27d4eb4full ^ (std::uint64_t(k.inner) << 24)
                          ^ (std::uint64_t(k.port) << 4) ^ std::uint64_t(k.protocol)
                          ^ std::uint64_t(k.user.kind) << 60;
        h ^= h >> 29;
        h *= 0xbf58476d1ce4e5b9ull;
        return std::size_t(h ^ (h >> 32));
    }
};

PendingKey keyOf(const cgn::ChangeRecord& r)
{
    return {r.user, r.innerAddress, r.insidePort, r.protocol};
}

} // namespace

QString toString(BatchState state)
{
    switch (state) {
    case BatchState::NotApplicable: return QStringLiteral("NA");
    case BatchState::Unfinished: return QStringLiteral("unfinished");
    case BatchState::Finished: return QStringLiteral("finished");
    }
    return QStringLiteral("NA");
}

QJsonObject SwitchoverEvent::toJson() const
{
    return {{QStringLiteral("serviceLocation"), serviceLocation},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("decisionMs"), decisionMs},
            {QStringLiteral("tablesActiveMs"), tablesActiveMs},
            {QStringLiteral("firstAdvertMs"), firstAdvertMs},
            {QStringLiteral("sessionsBefore"), qint64(sessionsBefore)},
            {QStringLiteral("sessionsAfter"), qint64(sessionsAfter)}};
}

// ------------------------------------------------------------------ engine configuration

std::optional<cgn::EngineConfig> engineConfigFor(const config::DeviceConfig& config, int sl,
                                                 std::string* error)
{
    auto vpnId = [&](const std::string& name) -> cgn::VpnId {
        for (std::size_t i = 0; i < config.vpnInstances.size(); ++i)
            if (config.vpnInstances[i].name == name)
                return cgn::VpnId(i + 1);
        return 0;
    };
    cgn::EngineConfig engine;
    engine.maxSessions = 1u << 20;
    engine.maxUsers = 1u << 16;
    engine.portBlockSize = 256;
    engine.blocksPerUser = 4;
    engine.timeouts = {};
    for (const config::ServiceInstanceGroupConfig& sig : config.serviceInstanceGroups) {
        const bool member = std::any_of(sig.serviceLocations.begin(), sig.serviceLocations.end(),
                                        [&](const auto& m) { return m.id == sl; });
        if (!member)
            continue;
        for (const config::NatInstanceConfig& nat : config.natInstances) {
            if (nat.serviceInstanceGroup != sig.name)
                continue;
            if (nat.portRange)
                engine.portBlockSize = std::uint16_t(*nat.portRange);
            for (const config::NatAddressGroup& group : nat.addressGroups) {
                std::vector<cgn::AddressRange> ranges;
                if (group.start && group.end) {
                    ranges.push_back({group.start->value, group.end->value});
                } else if (group.start && group.prefixLength) {
                    const std::uint32_t size = std::uint32_t(1) << (32 - *group.prefixLength);
                    const std::uint32_t first = group.start->value & ~(size - 1);
                    ranges.push_back({first, first + size - 1});
                } else if (const config::NatIpPoolConfig* pool = config.findNatIpPool(group.ipPool)) {
                    for (const config::NatIpPoolSection& section : pool->sections) {
                        const std::uint32_t size = std::uint32_t(1) << (32 - section.prefixLength);
                        const std::uint32_t first = section.start.value & ~(size - 1);
                        ranges.push_back({first, first + size - 1});
                    }
                }
                const cgn::VpnId vpn = vpnId(group.vpnInstance);
                auto existing = std::find_if(engine.groups.begin(), engine.groups.end(),
                                             [&](const cgn::AddressGroup& g) { return g.vpn == vpn; });
                if (existing == engine.groups.end())
                    engine.groups.push_back({group.name, vpn, ranges});
                else
                    existing->sections.insert(existing->sections.end(), ranges.begin(), ranges.end());
            }
        }
    }
    if (engine.groups.empty()) {
        *error = "service-location " + std::to_string(sl)
                 + " has no NAT instance with an address group (no tables to back up)";
        return std::nullopt;
    }
    return engine;
}

// ------------------------------------------------------------------ per location

class HotBackup::Sink final : public cgn::ChangeSink
{
public:
    Sink(HotBackup& owner, Location& location) : m_owner(owner), m_location(location) {}
    void consume(std::span<const cgn::ChangeRecord> records) override
    {
        m_owner.onEngineRecords(m_location, records);
    }

private:
    HotBackup& m_owner;
    Location& m_location;
};

struct HotBackup::Location
{
    int id = 0;
    cgn::EngineConfig engineConfig;
    std::unique_ptr<cgn::CgnEngine> engine;
    std::unique_ptr<Sink> sink;
    bool master = false;
    bool boardUp = true;
    // Sending side (master): the state `display service-location` shows.
    BatchState sendState = BatchState::NotApplicable;
    // Receiving side (standby): a batch is being applied.
    bool receiving = false;
    std::uint64_t batchExpected = 0;
    std::uint64_t batchReceived = 0;
    qint64 batchStartedMs = 0;
    bool needBatch = false; // records were lost for the peer
    bool linkLostWhileMaster = false; // the peer may have served too (split brain)
    std::optional<SwitchoverEvent> pending; // until its first master advert
    std::optional<cgn::Digest> peerDigest;
    bool digestEqual = true;

    // delay-time: creates wait here until they are old enough to be backed up.
    struct Delayed
    {
        qint64 queuedMs;
        qint64 releaseMs;
        cgn::ChangeRecord record;
        bool cancelled = false;
    };
    std::deque<Delayed> delayed;
    std::uint64_t delayedBase = 0; // sequence number of delayed.front()
    std::unordered_map<PendingKey, std::uint64_t, PendingKeyHash> delayedIndex;
};

// ------------------------------------------------------------------ lifecycle

HotBackup::HotBackup(HaNode& node) : m_node(node)
{
    m_clock.start();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_flushTimer, &QTimer::timeout, this, &HotBackup::flushAll);
    m_tickTimer.setInterval(100);
    connect(&m_tickTimer, &QTimer::timeout, this, &HotBackup::tick);
}

HotBackup::~HotBackup()
{
    m_node.setRoleObserver(nullptr);
    if (m_transport)
        m_transport->setEvents({});
}

std::unique_ptr<HotBackup> HotBackup::create(const config::DeviceConfig& config, HaNode& node,
                                             QString* error)
{
    std::unique_ptr<HotBackup> hb(new HotBackup(node));
    hb->m_config = config;
    for (const config::ServiceLocationConfig& slg : config.serviceLocations) {
        auto location = std::make_unique<Location>();
        location->id = slg.id;
        std::string why;
        if (auto engineConfig = engineConfigFor(config, slg.id, &why)) {
            location->engineConfig = *engineConfig;
            std::string engineError;
            location->engine = cgn::CgnEngine::create(location->engineConfig, &engineError);
            if (!location->engine) {
                *error = QStringLiteral("service-location %1: %2")
                             .arg(slg.id)
                             .arg(QString::fromStdString(engineError));
                return nullptr;
            }
            location->engine->setStandby();
            location->sink = std::make_unique<Sink>(*hb, *location);
            location->engine->setSink(location->sink.get());
        } else {
            qCInfo(lcHa).noquote() << QString::fromStdString(why);
        }
        hb->m_locations.push_back(std::move(location));
    }
    node.setRoleObserver(hb.get());
    hb->m_tickTimer.start();
    return hb;
}

bool HotBackup::reconfigure(const config::DeviceConfig& next, QString* error)
{
    // First build every engine that must change, so that a failure leaves everything as it was.
    struct Plan
    {
        int id;
        Location* keep = nullptr;
        std::unique_ptr<Location> fresh;
    };
    std::vector<Plan> plan;
    for (const config::ServiceLocationConfig& slg : next.serviceLocations) {
        std::string why;
        const std::optional<cgn::EngineConfig> engineConfig = engineConfigFor(next, slg.id, &why);
        Location* current = find(slg.id);
        if (current && bool(current->engine) == bool(engineConfig)
            && (!engineConfig || current->engineConfig == *engineConfig)) {
            plan.push_back({slg.id, current, nullptr});
            continue;
        }
        auto location = std::make_unique<Location>();
        location->id = slg.id;
        if (engineConfig) {
            location->engineConfig = *engineConfig;
            std::string engineError;
            location->engine = cgn::CgnEngine::create(location->engineConfig, &engineError);
            if (!location->engine) {
                *error = QStringLiteral("service-location %1: %2")
                             .arg(slg.id)
                             .arg(QString::fromStdString(engineError));
                return false;
            }
            location->engine->setStandby();
        }
        plan.push_back({slg.id, nullptr, std::move(location)});
    }
    std::vector<std::unique_ptr<Location>> locations;
    for (Plan& p : plan) {
        if (p.keep) {
            for (auto& l : m_locations)
                if (l.get() == p.keep)
                    locations.push_back(std::move(l));
            continue;
        }
        Location& l = *p.fresh;
        if (l.engine) {
            l.sink = std::make_unique<Sink>(*this, l);
            l.engine->setSink(l.sink.get());
            // Its VRRP group may be master already: the new tables serve at once.
            if (m_node.serviceLocationVrrpState(l.id) == VrrpState::Master) {
                l.master = true;
                l.engine->activate(engineNow());
                l.needBatch = true;
            }
        }
        locations.push_back(std::move(p.fresh));
    }
    m_locations = std::move(locations);
    m_config = next;
    Q_EMIT changed();
    return true;
}

void HotBackup::setTransport(SyncTransport* transport)
{
    if (m_transport)
        m_transport->setEvents({});
    m_transport = transport;
    if (!m_transport)
        return;
    SyncEvents events;
    events.linkChanged = [this](bool up) { onLinkChanged(up); };
    events.records = [this](std::span<const cgn::ChangeRecord> r) { onRecords(r); };
    events.batchBegin = [this](int sl, std::uint64_t n) { onBatchBegin(sl, n); };
    events.batchEnd = [this](int sl, const cgn::Digest& d) { onBatchEnd(sl, d); };
    events.digest = [this](int sl, const cgn::Digest& d) { onDigest(sl, d); };
    events.resyncRequest = [this](int sl) {
        if (Location* l = find(sl); l && l->master && l->engine)
            sendBatch(*l);
    };
    m_transport->setEvents(std::move(events));
    if (m_transport->isUp())
        onLinkChanged(true);
}

cgn::Seconds HotBackup::engineNow() const
{
    // Offset so that "0 seconds ago" never underflows in the engine's arithmetic.
    return cgn::Seconds(m_clock.elapsed() / 1000) + 1000;
}

qint64 HotBackup::wallMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

HotBackup::Location* HotBackup::find(int serviceLocation)
{
    for (auto& l : m_locations)
        if (l->id == serviceLocation)
            return l.get();
    return nullptr;
}

const HotBackup::Location* HotBackup::find(int serviceLocation) const
{
    for (const auto& l : m_locations)
        if (l->id == serviceLocation)
            return l.get();
    return nullptr;
}

cgn::CgnEngine* HotBackup::engine(int serviceLocation)
{
    Location* l = find(serviceLocation);
    return l && l->boardUp ? l->engine.get() : nullptr;
}

const cgn::CgnEngine* HotBackup::engine(int serviceLocation) const
{
    const Location* l = find(serviceLocation);
    return l && l->boardUp ? l->engine.get() : nullptr;
}

std::vector<int> HotBackup::serviceLocations() const
{
    std::vector<int> ids;
    for (const auto& l : m_locations)
        ids.push_back(l->id);
    return ids;
}

bool HotBackup::isMaster(int serviceLocation) const
{
    const Location* l = find(serviceLocation);
    return l && l->master;
}

BatchState HotBackup::batchState(int serviceLocation) const
{
    const Location* l = find(serviceLocation);
    return l && l->master ? l->sendState : BatchState::NotApplicable;
}

// ------------------------------------------------------------------ roles

void HotBackup::vrrpStateChanging(const std::vector<int>& serviceLocations, VrrpState from,
                                  VrrpState to, const std::string& reason)
{
    for (int id : serviceLocations) {
        Location* l = find(id);
        if (!l)
            continue;
        if (to == VrrpState::Master && !l->master) {
            // Commit before claiming: the tables are live before the first advert as master.
            SwitchoverEvent event;
            event.serviceLocation = id;
            event.reason = QString::fromStdString(reason);
            event.decisionMs = wallMs();
            l->master = true;
            l->receiving = false;
            m_node.setDemoted(id, false);
            if (l->engine && l->boardUp) {
                event.sessionsBefore = l->engine->counts().sessions;
                l->engine->activate(engineNow());
                event.sessionsAfter = l->engine->counts().sessions;
            }
            event.tablesActiveMs = wallMs();
            l->pending = event;
            l->sendState = BatchState::Unfinished;
            qCInfo(lcHa).noquote() << QStringLiteral("service-location %1: tables active (%2 sessions)")
                                          .arg(id)
                                          .arg(event.sessionsAfter);
            l->linkLostWhileMaster = false;
            // The peer's copy may be older than ours (or it never had one: at start): a fresh
            // batch puts it right. A peer that comes back later gets one when the channel is up.
            if (m_transport && m_transport->isUp() && l->engine)
                QTimer::singleShot(0, this, [this, id] {
                    if (Location* again = find(id); again && again->master && again->engine)
                        sendBatch(*again);
                });
        } else if (from == VrrpState::Master && to != VrrpState::Master && l->master) {
            l->master = false;
            l->sendState = BatchState::NotApplicable;
            if (l->engine) {
                l->engine->flush();
                l->engine->setStandby();
            }
            l->delayed.clear();
            l->delayedIndex.clear();
            // Our tables were the truth until now. If the channel went down while we served,
            // the peer may have served too (split brain): ask for its tables. Otherwise the new
            // master sends its batch unasked.
            if (l->linkLostWhileMaster && m_transport && m_transport->isUp() && l->engine)
                m_transport->sendResyncRequest(id);
            l->linkLostWhileMaster = false;
            qCInfo(lcHa).noquote()
                << QStringLiteral("service-location %1: standby (%2)").arg(id).arg(QString::fromStdString(reason));
        }
    }
    Q_EMIT changed();
}

void HotBackup::firstMasterAdvertSent(const std::vector<int>& serviceLocations)
{
    for (int id : serviceLocations) {
        Location* l = find(id);
        if (!l || !l->pending)
            continue;
        SwitchoverEvent event = *l->pending;
        l->pending.reset();
        event.firstAdvertMs = wallMs();
        m_switchovers.push_back(event);
        while (m_switchovers.size() > kSwitchoverLog)
            m_switchovers.pop_front();
        Q_EMIT switchover(event);
    }
}

// ------------------------------------------------------------------ sending

void HotBackup::recordsPending()
{
    if (!m_flushTimer.isActive())
        m_flushTimer.start(1);
}

void HotBackup::flushAll()
{
    const qint64 now = m_clock.elapsed();
    for (auto& l : m_locations) {
        if (!l->engine || !l->master)
            continue;
        l->engine->flush(); // → onEngineRecords
        // Creates that have waited out delay-time.
        std::vector<cgn::ChangeRecord> due;
        while (!l->delayed.empty() && l->delayed.front().releaseMs <= now) {
            Location::Delayed d = l->delayed.front();
            l->delayed.pop_front();
            ++l->delayedBase;
            if (d.cancelled)
                continue;
            l->delayedIndex.erase(keyOf(d.record));
            const auto waited = cgn::Seconds((now - d.queuedMs) / 1000);
            d.record.lifetime = d.record.lifetime > waited ? d.record.lifetime - waited : 0;
            d.record.age += waited;
            due.push_back(d.record);
        }
        if (!due.empty())
            send(*l, due);
    }
    // Wake up for the next create that comes of age.
    std::optional<qint64> next;
    for (const auto& l : m_locations)
        if (!l->delayed.empty())
            next = std::min(next.value_or(l->delayed.front().releaseMs), l->delayed.front().releaseMs);
    if (next)
        m_flushTimer.start(int(std::clamp<qint64>(*next - now, 1, 1000)));
}

void HotBackup::onEngineRecords(Location& l, std::span<const cgn::ChangeRecord> records)
{
    if (!l.master)
        return;
    const qint64 now = m_clock.elapsed();
    const qint64 delayMs = qint64(m_config.haDelayTimeSeconds) * 1000;
    std::vector<cgn::ChangeRecord> out;
    out.reserve(records.size());
    for (cgn::ChangeRecord r : records) {
        r.serviceLocation = std::uint8_t(l.id);
        if (delayMs > 0 && r.type == cgn::RecordType::SessionCreate) {
            l.delayedIndex[keyOf(r)] = l.delayedBase + l.delayed.size();
            l.delayed.push_back({now, now + delayMs, r, false});
            continue;
        }
        if (r.type == cgn::RecordType::SessionRefresh || r.type == cgn::RecordType::SessionDelete) {
            auto it = l.delayedIndex.find(keyOf(r));
            if (it != l.delayedIndex.end()) {
                Location::Delayed& d = l.delayed[it->second - l.delayedBase];
                if (r.type == cgn::RecordType::SessionDelete) {
                    d.cancelled = true; // never lived long enough to be backed up
                    l.delayedIndex.erase(it);
                    ++m_counters.delayed;
                } else {
                    d.record.tcpState = r.tcpState;
                    d.record.lifetime = r.lifetime + cgn::Seconds((d.releaseMs - now) / 1000);
                    d.record.remoteAddress = r.remoteAddress;
                    d.record.remotePort = r.remotePort;
                }
                continue;
            }
        }
        out.push_back(r);
    }
    if (!out.empty())
        send(l, out);
    if (!l.delayed.empty())
        recordsPending();
}

void HotBackup::send(Location& l, std::span<const cgn::ChangeRecord> records)
{
    if (!m_transport || !m_transport->sendRecords(records)) {
        m_counters.missed += records.size();
        l.needBatch = true; // the peer's copy now lacks something: resend it whole
        return;
    }
    m_counters.sent += records.size();
}

void HotBackup::sendBatch(Location& l)
{
    if (!m_transport || !m_transport->isUp() || !l.engine || !l.master)
        return;
    l.engine->flush();
    // Creates still held back by delay-time go in the snapshot; drop them from the queue.
    l.delayed.clear();
    l.delayedIndex.clear();
    std::vector<cgn::ChangeRecord> snapshot = l.engine->exportTables(engineNow());
    for (auto& r : snapshot)
        r.serviceLocation = std::uint8_t(l.id);
    l.sendState = BatchState::Unfinished;
    l.needBatch = false;
    if (m_transport->sendBatch(l.id, snapshot, l.engine->digest())) {
        ++m_counters.batchesSent;
        l.sendState = BatchState::Finished;
        qCInfo(lcHa).noquote() << QStringLiteral("service-location %1: batch backup of %2 entries sent")
                                      .arg(l.id)
                                      .arg(snapshot.size());
    } else {
        l.needBatch = true;
    }
    Q_EMIT changed();
}

bool HotBackup::startBatchBackup(int serviceLocation, QString* error)
{
    Location* l = find(serviceLocation);
    if (!l || !l->engine) {
        *error = QStringLiteral("service-location %1 has no tables here").arg(serviceLocation);
        return false;
    }
    if (!l->master) {
        *error = QStringLiteral("service-location %1 is not master on this device").arg(serviceLocation);
        return false;
    }
    if (!m_transport || !m_transport->isUp()) {
        *error = QStringLiteral("the backup channel is down");
        return false;
    }
    sendBatch(*l);
    return true;
}

void HotBackup::tick()
{
    const cgn::Seconds now = engineNow();
    const qint64 ms = m_clock.elapsed();
    for (auto& l : m_locations) {
        if (!l->engine || !l->boardUp)
            continue;
        l->engine->advance(now);
        if (!l->master)
            continue;
        if (l->needBatch && m_transport && m_transport->isUp())
            sendBatch(*l);
    }
    flushAll();
    if (m_transport && m_transport->isUp() && ms - m_lastDigestMs >= kDigestEveryMs) {
        m_lastDigestMs = ms;
        for (auto& l : m_locations)
            if (l->master && l->engine && !l->needBatch) {
                l->engine->flush();
                if (l->delayed.empty()) // the peer has all we have: digests must agree
                    m_transport->sendDigest(l->id, l->engine->digest());
            }
    }
    if (m_config.natBatchBackupEnabled && m_config.natBatchBackupIntervalSeconds
        && ms - m_lastBatchTimerMs >= qint64(*m_config.natBatchBackupIntervalSeconds) * 1000) {
        m_lastBatchTimerMs = ms;
        for (auto& l : m_locations)
            if (l->master)
                sendBatch(*l);
    }
}

// ------------------------------------------------------------------ receiving

void HotBackup::onLinkChanged(bool up)
{
    qCInfo(lcHa) << "backup channel" << (up ? "up" : "down");
    for (auto& l : m_locations) {
        if (!l->engine)
            continue;
        // The standby is demoted when the master's batch begins (onBatchBegin), not at link
        // up: at start neither side is master yet, and demoting both would upset the election.
        if (up && l->master && m_config.natBatchBackupEnabled) {
            sendBatch(*l);
        } else if (!up) {
            // The peer may be gone: nothing to wait for.
            m_node.setDemoted(l->id, false);
            l->receiving = false;
            if (l->master) {
                l->needBatch = true;
                l->linkLostWhileMaster = true;
            }
        }
    }
    Q_EMIT changed();
}

void HotBackup::onRecords(std::span<const cgn::ChangeRecord> records)
{
    const cgn::Seconds now = engineNow();
    for (const cgn::ChangeRecord& r : records) {
        Location* l = find(r.serviceLocation);
        if (!l || !l->engine || !l->boardUp || l->master) {
            ++m_counters.refused; // both masters (split brain) or no such location here
            continue;
        }
        if (auto error = l->engine->apply(r, now)) {
            ++m_counters.refused;
            qCWarning(lcHa).noquote() << QStringLiteral("service-location %1: refused %2 record: %3")
                                             .arg(l->id)
                                             .arg(QLatin1String(cgn::toString(r.type).data()),
                                                  QString::fromStdString(*error));
            continue;
        }
        ++m_counters.received;
        if (l->receiving)
            ++l->batchReceived;
    }
}

void HotBackup::resetTables(Location& l)
{
    std::string error;
    l.engine = cgn::CgnEngine::create(l.engineConfig, &error);
    l.engine->setStandby();
    l.engine->setSink(l.sink.get());
}

void HotBackup::onBatchBegin(int serviceLocation, std::uint64_t entries)
{
    Location* l = find(serviceLocation);
    if (!l || !l->engine || l->master || !l->boardUp)
        return;
    // The batch is the whole truth: start from empty so nothing stale survives it.
    resetTables(*l);
    l->receiving = true;
    l->batchExpected = entries;
    l->batchReceived = 0;
    l->batchStartedMs = m_clock.elapsed();
    m_node.setDemoted(l->id, true);
    ++m_counters.batchesReceived;
    Q_EMIT changed();
}

void HotBackup::onBatchEnd(int serviceLocation, const cgn::Digest& digest)
{
    Location* l = find(serviceLocation);
    if (!l || !l->engine || l->master || !l->boardUp)
        return;
    l->receiving = false;
    const bool equal = l->engine->digest() == digest;
    l->digestEqual = equal;
    l->peerDigest = digest;
    qCInfo(lcHa).noquote() << QStringLiteral("service-location %1: batch backup of %2 entries in %3 ms, digests %4")
                                  .arg(l->id)
                                  .arg(l->batchReceived)
                                  .arg(m_clock.elapsed() - l->batchStartedMs)
                                  .arg(equal ? QStringLiteral("equal") : QStringLiteral("DIFFER"));
    if (!equal) {
        ++m_counters.digestMismatches;
        Q_EMIT alarm(QStringLiteral("service-location %1: tables differ from the master's after a "
                                    "batch backup; asking for another")
                         .arg(l->id));
        m_transport->sendResyncRequest(l->id);
        return;
    }
    m_node.setDemoted(l->id, false);
    Q_EMIT changed();
}

void HotBackup::onDigest(int serviceLocation, const cgn::Digest& digest)
{
    Location* l = find(serviceLocation);
    if (!l || !l->engine || l->master || !l->boardUp || l->receiving)
        return;
    ++m_counters.digestChecks;
    l->peerDigest = digest;
    l->digestEqual = l->engine->digest() == digest;
    if (!l->digestEqual) {
        ++m_counters.digestMismatches;
        Q_EMIT alarm(QStringLiteral("service-location %1: tables diverged from the master's; "
                                    "resynchronising")
                         .arg(l->id));
        if (m_transport)
            m_transport->sendResyncRequest(l->id);
    }
}

// ------------------------------------------------------------------ faults

void HotBackup::setBoardUp(int serviceLocation, bool up)
{
    Location* l = find(serviceLocation);
    if (!l || l->boardUp == up)
        return;
    l->boardUp = up;
    if (!up && l->engine) {
        resetTables(*l); // the board's memory is gone
        l->master = false;
    }
    m_node.setServiceLocationUp(serviceLocation, up);
    if (up && l->engine && !l->master && m_transport && m_transport->isUp()) {
        m_node.setDemoted(l->id, true);
        m_transport->sendResyncRequest(l->id);
    }
    Q_EMIT changed();
}

bool HotBackup::isBoardUp(int serviceLocation) const
{
    const Location* l = find(serviceLocation);
    return l && l->boardUp;
}

// ------------------------------------------------------------------ status

QJsonObject HotBackup::statusJson() const
{
    QJsonArray locations;
    for (const auto& l : m_locations) {
        QJsonObject o{{QStringLiteral("id"), l->id},
                      {QStringLiteral("role"), l->master ? QStringLiteral("master") : QStringLiteral("slave")},
                      {QStringLiteral("board"), l->boardUp ? QStringLiteral("up") : QStringLiteral("down")},
                      {QStringLiteral("batchBackupState"), toString(batchState(l->id))},
                      {QStringLiteral("receivingBatch"), l->receiving},
                      {QStringLiteral("digestEqual"), l->digestEqual}};
        if (l->receiving)
            o.insert(QStringLiteral("batchProgress"),
                     QJsonObject{{QStringLiteral("received"), qint64(l->batchReceived)},
                                 {QStringLiteral("expected"), qint64(l->batchExpected)}});
        if (l->engine) {
            const cgn::Counts c = l->engine->counts();
            o.insert(QStringLiteral("users"), qint64(c.users));
            o.insert(QStringLiteral("sessions"), qint64(c.sessions));
            o.insert(QStringLiteral("portBlocks"), qint64(c.portBlocksUsed));
            o.insert(QStringLiteral("maxSessions"), qint64(c.maxSessions));
            o.insert(QStringLiteral("digest"), digestJson(l->engine->digest()));
        }
        locations.append(o);
    }
    QJsonArray events;
    for (const SwitchoverEvent& e : m_switchovers)
        events.append(e.toJson());
    return {{QStringLiteral("serviceLocations"), locations},
            {QStringLiteral("channel"), m_transport && m_transport->isUp() ? QStringLiteral("up")
                                                                           : QStringLiteral("down")},
            {QStringLiteral("sync"),
             QJsonObject{{QStringLiteral("sent"), qint64(m_counters.sent)},
                         {QStringLiteral("received"), qint64(m_counters.received)},
                         {QStringLiteral("missed"), qint64(m_counters.missed)},
                         {QStringLiteral("refused"), qint64(m_counters.refused)},
                         {QStringLiteral("delayed"), qint64(m_counters.delayed)},
                         {QStringLiteral("batchesSent"), qint64(m_counters.batchesSent)},
                         {QStringLiteral("batchesReceived"), qint64(m_counters.batchesReceived)},
                         {QStringLiteral("digestChecks"), qint64(m_counters.digestChecks)},
                         {QStringLiteral("digestMismatches"), qint64(m_counters.digestMismatches)}}},
            {QStringLiteral("switchovers"), events}};
}

} // namespace tandem::ha
