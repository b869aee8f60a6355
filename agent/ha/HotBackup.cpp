#include "HotBackup.h"

#include "Logging.h"
#include "cgn/SubnetPool.h"

#include <QDateTime>
#include <QThreadPool>
#include <algorithm>
#include <cstring>

namespace tandem::ha {

namespace {

constexpr qint64 kRefusedLogEveryMs = 10000;
constexpr std::size_t kBacklogDrainPerPass = 16384;
constexpr std::size_t kBacklogBatchAt = 262144; // + a quarter of the tables: a batch costs less
constexpr std::size_t kReleasePerPass = 4096;   // delayed creates sent a pass: about 2 ms
constexpr std::size_t kEmptyInPlace = 65536;    // bigger maps and queues are freed off the loop

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

cgn::Digest minus(cgn::Digest a, const cgn::Digest& b)
{
    a.users -= b.users;
    a.portBlocks -= b.portBlocks;
    a.sessions -= b.sessions;
    return a;
}

cgn::Digest plus(cgn::Digest a, const cgn::Digest& b)
{
    a.users += b.users;
    a.portBlocks += b.portBlocks;
    a.sessions += b.sessions;
    return a;
}

std::uint64_t total(const sync::TableCounts& c)
{
    return c.users + c.portBlocks + c.sessions;
}

sync::TableCounts countsOf(const cgn::CgnEngine& engine)
{
    const cgn::Counts c = engine.counts();
    return {c.users, c.portBlocksUsed, c.sessions};
}

// The entry a change record is about: a user, one of its port blocks, or a session (by its
// inside endpoint). Delayed creates and the backlog are kept by it.
struct EntryKey
{
    enum class Table : std::uint8_t { User, Block, Session };
    Table table = Table::Session;
    cgn::UserKey user;
    std::uint32_t inner = 0;
    std::uint32_t address = 0; // blocks: the block's address
    std::uint16_t port = 0;    // sessions: inside port; blocks: block number
    cgn::Protocol protocol = cgn::Protocol::Udp;
    bool operator==(const EntryKey&) const = default;
};

struct EntryKeyHash
{
    std::size_t operator()(const EntryKey& k) const
    {
        std::uint64_t a, b;
        std::memcpy(&a, k.user.ipv6.data(), 8);
        std::memcpy(&b, k.user.ipv6.data() + 8, 8);
        std::uint64_t h = (std::uint64_t(k.user.vpn) << 32 | k.user.ipv4) ^ a * 0x9e3779b97f4a7c15ull
                          ^ b * 0xc2b2ae3d27d4eb4full ^ (std::uint64_t(k.inner) << 24)
                          ^ (std::uint64_t(k.address) * 0x94d049bb133111ebull)
                          ^ (std::uint64_t(k.port) << 4) ^ std::uint64_t(k.protocol)
                          ^ std::uint64_t(k.user.kind) << 60 ^ std::uint64_t(k.table) << 58;
        h ^= h >> 29;
        h *= 0xbf58476d1ce4e5b9ull;
        return std::size_t(h ^ (h >> 32));
    }
};

EntryKey keyOf(const cgn::ChangeRecord& r)
{
    EntryKey k;
    k.user = r.user;
    switch (r.type) {
    case cgn::RecordType::UserCreate:
    case cgn::RecordType::UserDelete: k.table = EntryKey::Table::User; break;
    case cgn::RecordType::BlockAlloc:
    case cgn::RecordType::BlockFree:
        k.table = EntryKey::Table::Block;
        k.address = r.outsideAddress;
        k.port = r.block;
        break;
    default:
        k.table = EntryKey::Table::Session;
        k.inner = r.innerAddress;
        k.port = r.insidePort;
        k.protocol = r.protocol;
        break;
    }
    return k;
}

// The order a standby can apply resent entries in: containers before what they hold, what
// they hold gone before them.
int resendRank(cgn::RecordType type)
{
    switch (type) {
    case cgn::RecordType::UserCreate: return 0;
    case cgn::RecordType::BlockAlloc: return 1;
    case cgn::RecordType::SessionDelete: return 2;
    case cgn::RecordType::SessionCreate:
    case cgn::RecordType::SessionRefresh: return 3;
    case cgn::RecordType::BlockFree: return 4;
    case cgn::RecordType::UserDelete: return 5;
    }
    return 3;
}

// The addresses of a section given as a subnet (`… mask <len>`, an address group's
// `<start> mask <len>`): the subnet's hosts, never its network or broadcast address (a /31 or
// /32 has neither). An explicit `<start> <end>` range is taken as the engineer wrote it.
cgn::AddressRange subnetHosts(std::uint32_t address, int prefixLength)
{
    const std::uint32_t size = prefixLength <= 0 ? 0 : std::uint32_t(1) << (32 - prefixLength);
    const std::uint32_t first = address & ~(size - 1);
    if (prefixLength >= 31)
        return {first, first + size - 1};
    return {first + 1, first + size - 2};
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

QJsonObject BatchProgress::toJson() const
{
    QJsonObject o{{QStringLiteral("batchId"), qint64(batchId)},
                  {QStringLiteral("done"), qint64(done)},
                  {QStringLiteral("total"), qint64(total)},
                  {QStringLiteral("recordsPerSecond"), qRound64(recordsPerSecond)},
                  {QStringLiteral("elapsedMs"), elapsedMs},
                  {QStringLiteral("stalled"), stalled},
                  {QStringLiteral("endSent"), endSent}};
    if (remainingMs)
        o.insert(QStringLiteral("remainingMs"), *remainingMs);
    return o;
}

QJsonObject SwitchoverEvent::toJson() const
{
    QJsonObject o{{QStringLiteral("serviceLocation"), serviceLocation},
                  {QStringLiteral("cause"), QLatin1String(toString(cause))},
                  {QStringLiteral("reason"), reason},
                  {QStringLiteral("decisionMs"), decisionMs},
                  {QStringLiteral("tablesActiveMs"), tablesActiveMs},
                  {QStringLiteral("firstAdvertMs"), firstAdvertMs},
                  {QStringLiteral("sessionsBefore"), qint64(sessionsBefore)},
                  {QStringLiteral("sessionsAfter"), qint64(sessionsAfter)}};
    if (detectionMs)
        o.insert(QStringLiteral("detectionMs"), *detectionMs);
    return o;
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
    engine.maxSessions = config.agent.sessionTableSize;
    engine.maxUsers = std::clamp<std::uint32_t>(config.agent.sessionTableSize / 16, 1u << 16, 1u << 20);
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
                    ranges.push_back(subnetHosts(group.start->value, *group.prefixLength));
                } else if (const config::NatIpPoolConfig* pool = config.findNatIpPool(group.ipPool)) {
                    // A load-balanced pool too: the engine has every address, PoolBackup says
                    // which of them this location may hand out (its subnets).
                    for (const config::NatIpPoolSection& section : pool->sections)
                        ranges.push_back(subnetHosts(section.start.value, section.prefixLength));
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

bool keepsEngine(const config::DeviceConfig& running, const config::DeviceConfig& next, int sl)
{
    if (!running.findServiceLocation(sl) || !next.findServiceLocation(sl))
        return false;
    std::string ignored;
    return engineConfigFor(running, sl, &ignored) == engineConfigFor(next, sl, &ignored);
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

    // Sending side (master).
    struct Outgoing
    {
        std::uint64_t id = 0;
        std::uint64_t cursor = 0; // CgnEngine::exportChunk's; kExportDone once all is out
        bool endSent = false;
        std::uint64_t total = 0;
        std::uint64_t sent = 0;
        std::uint64_t acked = 0;
        qint64 startedMs = 0;
        qint64 lastProgressMs = 0;
        bool stalled = false;
    };
    std::optional<Outgoing> out;
    bool verified = false;  // the peer verified the last batch, and nothing was missed since
    bool needBatch = false; // the peer's copy lacks something only a batch brings back
    bool linkLostWhileMaster = false; // the peer may have served too (split brain)
    std::optional<SwitchoverEvent> pending; // until its first master advert
    // Entries whose records the channel refused, by the first such record: their current
    // state goes out when the channel drains.
    std::unordered_map<EntryKey, cgn::ChangeRecord, EntryKeyHash> backlog;
    std::uint64_t backlogSessions = 0; // of them, sessions (what a failover now would lose)
    std::uint64_t backlogTold = 0; // the last backlog the standby was told
    bool agingBehind = false;      // the engine's timers are not done up to now yet
    std::uint64_t building = 0;    // a fresh engine is being built off the loop (its number)

    // Receiving side (standby).
    struct Incoming
    {
        std::uint64_t id = 0;
        std::uint64_t total = 0;
        std::uint64_t received = 0;
        qint64 startedMs = 0;
        qint64 lastProgressMs = 0;
        bool stalled = false;
    };
    std::optional<Incoming> in;
    bool complete = false;          // the last batch ended with equal digests (standby)
    // Records from a peer that serves these tables too: the first and the last. A moment of it
    // is normal (a preempting peer's batch can arrive before its advert); a second is split brain.
    qint64 bothMasterFirstMs = 0;
    qint64 bothMasterMs = 0;
    std::uint64_t peerBacklog = 0;  // what the master says this copy lacks

    // Either side: the last batch that ended, as `ha status` shows it.
    struct LastBatch
    {
        std::uint64_t id = 0;
        std::uint64_t records = 0;
        qint64 durationMs = 0; // begin → the peer's verdict (master) / begin → end applied (standby)
        qint64 endedMs = 0;    // wall clock
        bool equal = false;
    };
    std::optional<LastBatch> lastBatch;

    // Either side: the last digest comparison, and the tables it was made on. The tables are
    // "these" until they are emptied, rebuilt or change role (tablesEpoch moves on).
    std::optional<bool> digestEqual;
    qint64 digestCheckedMs = 0; // wall clock
    qint64 digestCheckedAt = 0; // monotonic, for its age
    std::uint64_t tablesEpoch = 0;
    std::uint64_t digestEpoch = 0;
    void compared(bool equal, qint64 wall, qint64 monotonic)
    {
        digestEqual = equal;
        digestCheckedMs = wall;
        digestCheckedAt = monotonic;
        digestEpoch = tablesEpoch;
    }
    void tablesReplaced()
    {
        ++tablesEpoch;
        digestEqual.reset();
    }

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
    std::unordered_map<EntryKey, std::uint64_t, EntryKeyHash> delayedIndex;
    cgn::Digest delayedDigest;       // terms of the creates waiting: not on the peer yet
    std::uint64_t delayedWaiting = 0; // of them, not cancelled

    // Room for what the maps can hold at most, taken up front: growing a map of a million
    // entries rehashes it whole, a pause of about 100 ms. Delayed creates: a second's worth at
    // the highest rate (2 M/s); the backlog: its limit (see send()).
    void reserve()
    {
        delayedIndex.reserve(std::min<std::size_t>(engineConfig.maxSessions, std::size_t(1) << 21));
        backlog.reserve(kBacklogBatchAt + engineConfig.maxSessions / 4);
    }
};

// ------------------------------------------------------------------ lifecycle

HotBackup::HotBackup(HaNode& node, Clock clock) : m_node(node), m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] {
            return std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::steady_clock::now().time_since_epoch());
        };
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_flushTimer, &QTimer::timeout, this, &HotBackup::flushAll);
    m_tickTimer.setInterval(100);
    connect(&m_tickTimer, &QTimer::timeout, this, &HotBackup::poll);
    m_continueTimer.setSingleShot(true);
    connect(&m_continueTimer, &QTimer::timeout, this, &HotBackup::continueWork);
    m_offload = [](std::function<void()> task) { QThreadPool::globalInstance()->start(std::move(task)); };
    PoolBackup::Hooks hooks;
    hooks.isMaster = [this](int sl) { return isMaster(sl); };
    hooks.engine = [this](int sl) -> cgn::CgnEngine* {
        Location* l = find(sl);
        return l && l->boardUp && !l->building ? l->engine.get() : nullptr;
    };
    hooks.transport = [this] { return m_transport; };
    hooks.nowMs = [this] { return nowMs(); };
    hooks.wallMs = [this] { return wallMs(); };
    hooks.raiseAlarm = [this](const QString& key, const QString& message) { raiseAlarm(key, message); };
    hooks.clearAlarm = [this](const QString& key) { clearAlarm(key); };
    m_pools = std::make_unique<PoolBackup>(std::move(hooks));
}

HotBackup::~HotBackup()
{
    m_node.setRoleObserver(nullptr);
    m_node.setPeerHeard({});
    if (m_transport) {
        m_transport->setEvents({});
        m_transport->pauseReceiving(false);
    }
    QMutexLocker lock(&m_offloadMutex);
    while (m_offloading > 0)
        m_offloadDone.wait(&m_offloadMutex);
}

void HotBackup::offload(std::function<void()> work, std::function<void()> done)
{
    {
        QMutexLocker lock(&m_offloadMutex);
        ++m_offloading;
    }
    m_offload([this, work = std::move(work), done = std::move(done)] {
        work();
        // Back on this object's thread; dropped with it if it is gone by then.
        if (done)
            QMetaObject::invokeMethod(this, done, Qt::QueuedConnection);
        QMutexLocker lock(&m_offloadMutex);
        --m_offloading;
        m_offloadDone.wakeAll();
    });
}

void HotBackup::dispose(std::unique_ptr<cgn::CgnEngine> engine)
{
    if (!engine)
        return;
    // Freeing hundreds of MiB of tables is no work for the event loop either.
    auto held = std::make_shared<std::unique_ptr<cgn::CgnEngine>>(std::move(engine));
    offload([held] { held->reset(); }, {});
}

std::unique_ptr<HotBackup> HotBackup::create(const config::DeviceConfig& config, HaNode& node,
                                             QString* error, Clock clock)
{
    std::unique_ptr<HotBackup> hb(new HotBackup(node, std::move(clock)));
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
            location->reserve();
        } else {
            qCInfo(lcHa).noquote() << QString::fromStdString(why);
        }
        hb->m_locations.push_back(std::move(location));
    }
    hb->m_pools->configure(config);
    for (const auto& l : hb->m_locations)
        hb->m_pools->applyAllocatable(l->id);
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
        Location* current = find(slg.id);
        if (current && keepsEngine(m_config, next, slg.id)) {
            plan.push_back({slg.id, current, nullptr});
            continue;
        }
        std::string why;
        const std::optional<cgn::EngineConfig> engineConfig = engineConfigFor(next, slg.id, &why);
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
            l.reserve();
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
    m_pools->configure(next);
    for (const auto& l : m_locations)
        m_pools->applyAllocatable(l->id);
    updateReceivePause(); // a replaced location's fresh tables are not waited for
    Q_EMIT changed();
    return true;
}

void HotBackup::setTransport(SyncTransport* transport)
{
    if (m_transport) {
        m_transport->setEvents({});
        m_transport->pauseReceiving(false);
    }
    m_transport = transport;
    if (!m_transport)
        return;
    SyncEvents events;
    events.linkChanged = [this](bool up) { onLinkChanged(up); };
    events.records = [this](std::span<const cgn::ChangeRecord> r, bool batch) { onRecords(r, batch); };
    events.batchBegin = [this](int sl, std::uint64_t id, const sync::TableCounts& c) { onBatchBegin(sl, id, c); };
    events.batchEnd = [this](int sl, std::uint64_t id, const cgn::Digest& d, const sync::TableCounts& c) {
        onBatchEnd(sl, id, d, c);
    };
    events.digest = [this](int sl, const cgn::Digest& d, const sync::TableCounts& c) { onDigest(sl, d, c); };
    events.backlog = [this](int sl, std::uint64_t entries) { onBacklog(sl, entries); };
    events.batchAcked = [this](int sl, std::uint64_t id, std::uint64_t n, bool end) { onBatchAcked(sl, id, n, end); };
    events.checkResult = [this](int sl, std::uint64_t id, bool equal, const sync::TableCounts& c) {
        onCheckResult(sl, id, equal, c);
    };
    events.resyncRequest = [this](int sl, const std::string& reason) {
        if (Location* l = find(sl); l && l->master && l->engine)
            startBatch(*l, QStringLiteral("the peer asked: %1").arg(QString::fromStdString(reason)));
    };
    events.writable = [this] { onWritable(); };
    events.subnets = [this](const sync::Subnets& message) {
        m_pools->onMessage(message);
        Q_EMIT changed();
    };
    m_transport->setEvents(std::move(events));
    updateReceivePause();
    m_node.setPeerHeard([this](std::chrono::steady_clock::time_point since) {
        return m_transport && m_transport->heardThroughoutSince(since);
    });
    if (m_transport->isUp())
        onLinkChanged(true);
}

qint64 HotBackup::nowMs() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(m_clock()).count();
}

cgn::Seconds HotBackup::engineNow() const
{
    // Offset so that "0 seconds ago" never underflows in the engine's arithmetic.
    return cgn::Seconds(std::chrono::duration_cast<std::chrono::seconds>(m_clock()).count() % 100000000) + 1000;
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
    if (!l || !l->master || !l->engine || !m_transport)
        return BatchState::NotApplicable;
    // Finished only as the peer said: it applied the end and its digests are equal, and
    // nothing was missed since.
    return l->verified && !l->out && !l->needBatch && l->backlog.empty() ? BatchState::Finished
                                                                          : BatchState::Unfinished;
}

std::optional<BatchProgress> HotBackup::batchProgress(int serviceLocation) const
{
    const Location* l = find(serviceLocation);
    if (!l)
        return std::nullopt;
    const qint64 now = nowMs();
    auto progress = [now](std::uint64_t id, std::uint64_t done, std::uint64_t totalRecords, qint64 started,
                          bool stalled) {
        BatchProgress p;
        p.batchId = id;
        p.done = done;
        p.total = std::max(totalRecords, done);
        p.elapsedMs = now - started;
        p.stalled = stalled;
        if (p.elapsedMs > 0)
            p.recordsPerSecond = double(done) * 1000.0 / double(p.elapsedMs);
        if (p.recordsPerSecond > 0)
            p.remainingMs = qint64(double(p.total - p.done) * 1000.0 / p.recordsPerSecond);
        return p;
    };
    if (l->out) {
        BatchProgress p = progress(l->out->id, l->out->acked, l->out->total, l->out->startedMs, l->out->stalled);
        p.endSent = l->out->endSent;
        return p;
    }
    if (l->in)
        return progress(l->in->id, l->in->received, l->in->total, l->in->startedMs, l->in->stalled);
    return std::nullopt;
}

std::uint64_t HotBackup::backlog(int serviceLocation) const
{
    const Location* l = find(serviceLocation);
    if (!l)
        return 0;
    return l->master ? l->backlog.size() : l->peerBacklog;
}

// ------------------------------------------------------------------ alarms

void HotBackup::raiseAlarm(const QString& key, const QString& message)
{
    for (ActiveAlarm& a : m_alarms)
        if (a.key == key) {
            a.message = message; // its figures move; one alarm, not one per update
            return;
        }
    m_alarms.push_back({key, message, wallMs()});
    qCWarning(lcHa).noquote() << message;
    Q_EMIT alarm(message);
}

void HotBackup::clearAlarm(const QString& key)
{
    for (auto it = m_alarms.begin(); it != m_alarms.end(); ++it)
        if (it->key == key) {
            const QString message = QStringLiteral("cleared: %1").arg(it->message);
            m_alarms.erase(it);
            qCInfo(lcHa).noquote() << message;
            Q_EMIT alarm(message);
            return;
        }
}

QJsonArray HotBackup::activeAlarms() const
{
    QJsonArray out;
    for (const ActiveAlarm& a : m_alarms)
        out.append(QJsonObject{{QStringLiteral("key"), a.key},
                               {QStringLiteral("message"), a.message},
                               {QStringLiteral("sinceMs"), a.sinceMs}});
    return out;
}

// ------------------------------------------------------------------ roles

void HotBackup::vrrpStateChanging(const std::vector<int>& serviceLocations,
                                  const RoleChange& change)
{
    const VrrpState from = change.from;
    const VrrpState to = change.to;
    const std::string& reason = change.reason;
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
            if (change.takeover) {
                event.cause = change.takeover->cause;
                if (change.takeover->detection)
                    event.detectionMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                            *change.takeover->detection)
                                            .count();
            }
            l->master = true;
            if (l->in) {
                qCInfo(lcHa).noquote() << QStringLiteral("service-location %1: master with the batch backup at %2 of %3 records: serving what it has")
                                              .arg(id)
                                              .arg(l->in->received)
                                              .arg(l->in->total);
                l->in.reset();
            }
            l->peerBacklog = 0;
            l->complete = false;
            l->verified = false;
            l->tablesReplaced();
            clearAlarm(QStringLiteral("stall-%1").arg(id));
            m_node.setDemoted(id, false);
            if (l->engine && l->boardUp) {
                event.sessionsBefore = l->engine->counts().sessions;
                l->engine->activate(engineNow());
                event.sessionsAfter = l->engine->counts().sessions;
            }
            event.tablesActiveMs = wallMs();
            // The first election after start is no switchover: nobody served before it.
            if (!change.takeover || change.takeover->cause != TakeoverCause::InitialElection)
                l->pending = event;
            qCInfo(lcHa).noquote() << QStringLiteral("service-location %1: tables active (%2 sessions)")
                                          .arg(id)
                                          .arg(event.sessionsAfter);
            l->linkLostWhileMaster = false;
            // The peer's copy may be older than ours (or it never had one: at start): a fresh
            // batch puts it right. A peer that comes back later gets one when the channel is up.
            if (m_transport && m_transport->isUp() && l->engine)
                QTimer::singleShot(0, this, [this, id] {
                    if (Location* again = find(id); again && again->master && again->engine && !again->out)
                        startBatch(*again, QStringLiteral("new master"));
                });
        } else if (from == VrrpState::Master && to != VrrpState::Master && l->master) {
            l->master = false;
            l->pending.reset();
            l->out.reset();
            l->verified = false;
            l->needBatch = false;
            backlogClear(*l);
            l->backlogTold = 0;
            l->tablesReplaced();
            clearAlarm(QStringLiteral("overload-%1").arg(id));
            clearAlarm(QStringLiteral("stall-%1").arg(id));
            if (l->engine) {
                l->engine->flush();
                l->engine->setStandby();
            }
            clearDelayed(*l);
            // Our tables were the truth until now. If the channel went down while we served, or
            // the peer's records showed it served too (split brain), its batch may have gone
            // by unapplied: ask for its tables. Otherwise the new master sends its batch unasked.
            // Records of the peer's batch refused while we still served mean its batch began
            // unapplied here: ask again (quietly, it is normal at a preempt back).
            const bool bothServed = l->linkLostWhileMaster || l->bothMasterMs != 0;
            if (bothServed && m_transport && m_transport->isUp() && l->engine)
                m_transport->sendResyncRequest(id, l->linkLostWhileMaster
                                                       ? "the channel went down while both may have served"
                                                       : "its records arrived while this device still served");
            l->linkLostWhileMaster = false;
            l->bothMasterMs = 0;
            l->bothMasterFirstMs = 0;
            clearAlarm(QStringLiteral("both-master-%1").arg(id));
            qCInfo(lcHa).noquote()
                << QStringLiteral("service-location %1: standby (%2)").arg(id).arg(QString::fromStdString(reason));
        }
    }
    // Who speaks for which location's subnets changed: the new word goes to the peer.
    QTimer::singleShot(0, this, [this] { m_pools->sendFull(); });
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
    const qint64 now = nowMs();
    for (auto& l : m_locations) {
        if (!l->engine || !l->master)
            continue;
        l->engine->flush(); // → onEngineRecords
        // Creates that have waited out delay-time, kReleasePerPass a pass; the rest at once after.
        std::vector<cgn::ChangeRecord> due;
        std::size_t taken = 0;
        while (!l->delayed.empty() && l->delayed.front().releaseMs <= now && taken++ < kReleasePerPass) {
            Location::Delayed d = l->delayed.front();
            l->delayed.pop_front();
            ++l->delayedBase;
            if (d.cancelled)
                continue;
            l->delayedIndex.erase(keyOf(d.record));
            l->delayedDigest = minus(l->delayedDigest, cgn::digestTerm(d.record));
            --l->delayedWaiting;
            const auto waited = cgn::Seconds((now - d.queuedMs) / 1000);
            d.record.lifetime = d.record.lifetime > waited ? d.record.lifetime - waited : 0;
            d.record.age += waited;
            due.push_back(d.record);
        }
        if (!due.empty())
            send(*l, due);
    }
    // Wake up for the next create that comes of age (now, when some are due still).
    std::optional<qint64> next;
    for (const auto& l : m_locations)
        if (!l->delayed.empty())
            next = std::min(next.value_or(l->delayed.front().releaseMs), l->delayed.front().releaseMs);
    if (next)
        m_flushTimer.start(int(std::clamp<qint64>(*next - now, 0, 1000)));
}

void HotBackup::onEngineRecords(Location& l, std::span<const cgn::ChangeRecord> records)
{
    if (!l.master)
        return;
    const qint64 now = nowMs();
    const qint64 delayMs = qint64(m_config.haDelayTimeSeconds) * 1000;
    std::vector<cgn::ChangeRecord> out;
    out.reserve(records.size());
    for (cgn::ChangeRecord r : records) {
        r.serviceLocation = std::uint8_t(l.id);
        if (delayMs > 0 && r.type == cgn::RecordType::SessionCreate) {
            l.delayedIndex[keyOf(r)] = l.delayedBase + l.delayed.size();
            l.delayed.push_back({now, now + delayMs, r, false});
            l.delayedDigest = plus(l.delayedDigest, cgn::digestTerm(r));
            ++l.delayedWaiting;
            continue;
        }
        if (r.type == cgn::RecordType::SessionRefresh || r.type == cgn::RecordType::SessionDelete) {
            auto it = l.delayedIndex.find(keyOf(r));
            if (it != l.delayedIndex.end()) {
                Location::Delayed& d = l.delayed[it->second - l.delayedBase];
                if (r.type == cgn::RecordType::SessionDelete) {
                    d.cancelled = true; // never lived long enough to be backed up
                    l.delayedIndex.erase(it);
                    l.delayedDigest = minus(l.delayedDigest, cgn::digestTerm(d.record));
                    --l.delayedWaiting;
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
    if (!m_transport || !m_transport->isUp()) {
        // Nothing reaches the peer: it gets a batch when the channel is up again.
        m_counters.missed += records.size();
        l.needBatch = true;
        l.verified = false;
        return;
    }
    // An entry already in the backlog stays there (its current state goes later): a record of
    // it sent now could overtake the older one that was missed.
    std::vector<cgn::ChangeRecord> filtered;
    std::span<const cgn::ChangeRecord> toSend = records;
    if (!l.backlog.empty()) {
        filtered.reserve(records.size());
        for (const cgn::ChangeRecord& r : records)
            if (!l.backlog.contains(keyOf(r)))
                filtered.push_back(r);
        toSend = filtered;
    }
    if (m_transport->sendRecords(toSend)) {
        m_counters.queued += toSend.size();
        return;
    }
    // The queue is full: remember the entries, not the records.
    m_counters.missed += toSend.size();
    for (const cgn::ChangeRecord& r : toSend)
        backlogInsert(l, r);
    const cgn::Counts c = l.engine->counts();
    const std::size_t limit = kBacklogBatchAt + (std::size_t(c.users) + c.portBlocksUsed + c.sessions) / 4;
    if (l.backlog.size() > limit) {
        qCWarning(lcHa).noquote() << QStringLiteral("service-location %1: backlog of %2 entries is more than a batch costs; sending a batch")
                                         .arg(l.id)
                                         .arg(l.backlog.size());
        backlogClear(l);
        l.needBatch = true;
    }
}

cgn::Digest HotBackup::sentDigest(const Location& l) const
{
    return minus(l.engine->digest(), l.delayedDigest);
}

sync::TableCounts HotBackup::sentCounts(const Location& l) const
{
    sync::TableCounts c = countsOf(*l.engine);
    c.sessions -= std::min<std::uint64_t>(c.sessions, l.delayedWaiting);
    return c;
}

void HotBackup::startBatch(Location& l, const QString& why)
{
    if (!m_transport || !m_transport->isUp() || !l.engine || !l.master || !l.boardUp)
        return;
    flushAll(); // every change up to now goes ahead of the batch
    if (l.out)
        qCInfo(lcHa).noquote() << QStringLiteral("service-location %1: batch %2 replaced (%3)").arg(l.id).arg(l.out->id).arg(why);
    Location::Outgoing out;
    out.id = m_nextBatchId++;
    const sync::TableCounts expected = sentCounts(l);
    out.total = total(expected);
    out.startedMs = nowMs();
    out.lastProgressMs = out.startedMs;
    l.out = out;
    l.verified = false;
    l.needBatch = false;
    // The batch carries the current state of every entry: the backlog is part of it.
    backlogClear(l);
    if (l.backlogTold != 0) {
        m_transport->sendBacklog(l.id, 0);
        l.backlogTold = 0;
    }
    clearAlarm(QStringLiteral("overload-%1").arg(l.id));
    if (!m_transport->sendBatchBegin(l.id, out.id, expected)) {
        l.out.reset();
        l.needBatch = true;
        return;
    }
    ++m_counters.batchesSent;
    qCInfo(lcHa).noquote() << QStringLiteral("service-location %1: batch backup %2 of about %3 entries started (%4)")
                                  .arg(l.id)
                                  .arg(out.id)
                                  .arg(out.total)
                                  .arg(why);
    pumpBatch(l);
    Q_EMIT changed();
}

void HotBackup::pumpBatch(Location& l)
{
    if (!l.out || l.out->endSent || !m_transport || !m_transport->isUp() || !l.engine)
        return;
    std::vector<cgn::ChangeRecord> chunk;
    const cgn::Seconds now = engineNow();
    while (l.out->cursor != cgn::CgnEngine::kExportDone) {
        // Older changes go first: a chunk never overtakes a record of an earlier moment.
        l.engine->flush();
        const std::size_t room = m_transport->batchRoom();
        if (room == 0 || !l.out)
            return;
        chunk.clear();
        l.out->cursor = l.engine->exportChunk(l.out->cursor, room, now, chunk);
        // A create still held by delay-time is not the peer's yet: it goes when it comes of age.
        if (l.delayedWaiting > 0)
            std::erase_if(chunk, [&](const cgn::ChangeRecord& r) {
                return r.type == cgn::RecordType::SessionCreate && l.delayedIndex.contains(keyOf(r));
            });
        for (cgn::ChangeRecord& r : chunk)
            r.serviceLocation = std::uint8_t(l.id);
        if (!chunk.empty() && !m_transport->sendBatchRecords(l.id, l.out->id, chunk))
            return;
        l.out->sent += chunk.size();
    }
    // The end's digests must be what the peer will have: what was missed goes first.
    if (!l.backlog.empty())
        return;
    l.engine->flush();
    if (!m_transport->sendBatchEnd(l.id, l.out->id, sentDigest(l), sentCounts(l)))
        return;
    l.out->endSent = true;
    l.out->total = std::max(l.out->total, l.out->sent);
}

// One pass of at most kBacklogDrainPerPass entries; the next on the next turn of the loop while
// the queue has room, or when acks make room.
void HotBackup::drainBacklog(Location& l)
{
    if (l.backlog.empty() || !m_transport || !m_transport->isUp() || !l.engine)
        return;
    const cgn::Seconds now = engineNow();
    const std::size_t room = m_transport->queueRoom();
    std::vector<cgn::ChangeRecord> records;
    std::vector<EntryKey> taken;
    for (auto it = l.backlog.begin();
         it != l.backlog.end() && taken.size() < kBacklogDrainPerPass && records.size() + 2 <= room; ++it) {
        l.engine->currentState(it->second, now, records);
        taken.push_back(it->first);
    }
    if (taken.empty())
        return;
    std::stable_sort(records.begin(), records.end(), [](const cgn::ChangeRecord& a, const cgn::ChangeRecord& b) {
        return resendRank(a.type) < resendRank(b.type);
    });
    for (cgn::ChangeRecord& r : records)
        r.serviceLocation = std::uint8_t(l.id);
    if (!m_transport->sendRecords(records))
        return;
    for (const EntryKey& k : taken) {
        l.backlog.erase(k);
        l.backlogSessions -= k.table == EntryKey::Table::Session ? 1 : 0;
    }
    m_counters.queued += records.size();
    m_counters.backlogResent += records.size();
    if (!l.backlog.empty() && m_transport->queueRoom() > 0)
        scheduleContinue();
}

void HotBackup::backlogInsert(Location& l, const cgn::ChangeRecord& r)
{
    const EntryKey key = keyOf(r);
    if (!l.backlog.try_emplace(key, r).second)
        return;
    ++m_counters.backlogEntries;
    l.backlogSessions += key.table == EntryKey::Table::Session ? 1 : 0;
}

namespace {

// Empties `c`; a big one is moved away and freed on another thread (a million nodes: tens of ms).
template<typename Container>
void emptyOffLoop(Container& c, const std::function<void(std::function<void()>)>& later)
{
    if (c.size() < kEmptyInPlace) {
        c.clear();
        return;
    }
    auto old = std::make_shared<Container>(std::move(c));
    c = Container();
    later([old] { old->clear(); });
}

} // namespace

void HotBackup::backlogClear(Location& l)
{
    const bool big = l.backlog.size() >= kEmptyInPlace;
    emptyOffLoop(l.backlog, [this](std::function<void()> f) { offload(std::move(f), {}); });
    l.backlogSessions = 0;
    if (big)
        l.reserve();
}

void HotBackup::clearDelayed(Location& l)
{
    const bool big = l.delayedIndex.size() >= kEmptyInPlace;
    auto later = [this](std::function<void()> f) { offload(std::move(f), {}); };
    emptyOffLoop(l.delayed, later);
    emptyOffLoop(l.delayedIndex, later);
    l.delayedDigest = {};
    l.delayedWaiting = 0;
    if (big)
        l.reserve();
}

void HotBackup::scheduleContinue()
{
    if (!m_continueTimer.isActive())
        m_continueTimer.start(0);
}

// What a bounded step left: engine timers not done up to now, a backlog the queue has room for.
void HotBackup::continueWork()
{
    const cgn::Seconds now = engineNow();
    bool more = false;
    for (auto& l : m_locations) {
        if (l->agingBehind && l->engine && l->boardUp) {
            l->agingBehind = !l->engine->advance(now, kAgingPerTurn);
            more |= l->agingBehind;
        }
    }
    if (m_transport && m_transport->isUp())
        for (auto& l : m_locations)
            if (l->master && l->engine)
                drainBacklog(*l); // schedules its own next pass
    if (more)
        scheduleContinue();
}

void HotBackup::onWritable()
{
    for (auto& l : m_locations) {
        if (!l->master || !l->engine)
            continue;
        drainBacklog(*l);
        pumpBatch(*l);
    }
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
    startBatch(*l, QStringLiteral("on request"));
    return true;
}

bool HotBackup::digestCurrent(const Location& l) const
{
    return l.digestEqual && l.digestEpoch == l.tablesEpoch &&
           nowMs() - l.digestCheckedAt <= kDigestCurrentMs;
}

bool HotBackup::inStep(const Location& l) const
{
    if (!l.engine || !l.boardUp || !m_transport || !m_transport->isUp() || !digestCurrent(l) ||
        !*l.digestEqual || !m_pools->inStep(l.id))
        return false;
    if (l.master)
        return batchState(l.id) == BatchState::Finished;
    return l.complete && !l.in && l.peerBacklog == 0;
}

bool HotBackup::inStep(int serviceLocation) const
{
    const Location* l = find(serviceLocation);
    return l && inStep(*l);
}

std::uint64_t HotBackup::notBackedUp(int serviceLocation) const
{
    const Location* l = find(serviceLocation);
    return l && l->master ? l->delayedWaiting : 0;
}

void HotBackup::poll()
{
    const cgn::Seconds now = engineNow();
    const qint64 ms = nowMs();
    const bool up = m_transport && m_transport->isUp();
    for (auto& l : m_locations) {
        if (!l->engine || !l->boardUp)
            continue;
        l->agingBehind = !l->engine->advance(now, kAgingPerTurn);
        if (l->agingBehind)
            scheduleContinue();
        if (l->bothMasterMs != 0 && ms - l->bothMasterMs > 2000) {
            l->bothMasterMs = 0;
            l->bothMasterFirstMs = 0;
            clearAlarm(QStringLiteral("both-master-%1").arg(l->id));
        }
        if (l->in && ms - l->in->lastProgressMs >= m_stallTimeout.count()) {
            // No record of the batch for the stall timeout: say so and ask again.
            l->in->stalled = true;
            l->in->lastProgressMs = ms;
            ++m_counters.batchStalls;
            const QString why = QStringLiteral("batch %1 stalled at %2 of %3 records").arg(l->in->id).arg(l->in->received).arg(l->in->total);
            raiseAlarm(QStringLiteral("stall-%1").arg(l->id),
                  QStringLiteral("service-location %1: batch backup from the peer made no progress for %2 s (%3); asked for it again")
                      .arg(l->id)
                      .arg(m_stallTimeout.count() / 1000.0)
                      .arg(why));
            if (up)
                m_transport->sendResyncRequest(l->id, why.toStdString());
        }
        if (!l->master)
            continue;
        if (l->out && ms - l->out->lastProgressMs >= m_stallTimeout.count() && !l->out->stalled) {
            l->out->stalled = true;
            ++m_counters.batchStalls;
            raiseAlarm(QStringLiteral("stall-%1").arg(l->id),
                  QStringLiteral("service-location %1: batch backup %2 to the peer made no progress for %3 s (%4 of %5 records acked)")
                      .arg(l->id)
                      .arg(l->out->id)
                      .arg(m_stallTimeout.count() / 1000.0)
                      .arg(l->out->acked)
                      .arg(l->out->total));
        }
        if (l->needBatch && up)
            startBatch(*l, QStringLiteral("records were missed"));
    }
    flushAll();
    m_pools->poll();
    if (up) {
        for (auto& l : m_locations) {
            if (!l->master || !l->engine)
                continue;
            drainBacklog(*l);
            pumpBatch(*l);
            // Overload: visible and told, never silent.
            const std::uint64_t behind = l->backlog.size();
            if (behind > 0) {
                const std::uint64_t sessions = l->backlogSessions;
                if (l->backlogTold == 0)
                    ++m_counters.overloads;
                raiseAlarm(QStringLiteral("overload-%1").arg(l->id),
                      QStringLiteral("service-location %1: backup cannot keep up: %2 records behind, a failover now would lose about %3 sessions")
                          .arg(l->id)
                          .arg(behind)
                          .arg(sessions));
            } else {
                clearAlarm(QStringLiteral("overload-%1").arg(l->id));
            }
            if (behind != l->backlogTold) {
                if (m_transport->sendBacklog(l->id, behind))
                    l->backlogTold = behind;
            }
        }
        if (ms - m_lastDigestMs >= kDigestEveryMs) {
            m_lastDigestMs = ms;
            for (auto& l : m_locations)
                if (l->master && l->engine && !l->out && !l->needBatch && l->backlog.empty() && l->verified) {
                    l->engine->flush();
                    m_transport->sendDigest(l->id, sentDigest(*l), sentCounts(*l));
                }
        }
    }
    if (m_config.natBatchBackupEnabled && m_config.natBatchBackupIntervalSeconds
        && ms - m_lastBatchTimerMs >= qint64(*m_config.natBatchBackupIntervalSeconds) * 1000) {
        m_lastBatchTimerMs = ms;
        for (auto& l : m_locations)
            if (l->master && !l->out)
                startBatch(*l, QStringLiteral("batch-backup timer-interval"));
    }
}

// ------------------------------------------------------------------ receiving

void HotBackup::updateDemotion(Location& l)
{
    // Demote while incomplete: a batch is being received, or the master says it is behind.
    const bool incomplete = !l.master && l.engine && (l.in.has_value() || l.peerBacklog > 0);
    m_node.setDemoted(l.id, incomplete);
}

void HotBackup::onLinkChanged(bool up)
{
    qCInfo(lcHa) << "backup channel" << (up ? "up" : "down");
    if (up)
        m_pools->sendFull();
    for (auto& l : m_locations) {
        if (!l->engine)
            continue;
        // The standby is demoted when the master's batch begins (onBatchBegin), not at link
        // up: at start neither side is master yet, and demoting both would upset the election.
        if (up && l->master && m_config.natBatchBackupEnabled) {
            startBatch(*l, QStringLiteral("channel up"));
        } else if (!up) {
            // The peer may be gone: nothing to wait for.
            l->in.reset();
            l->peerBacklog = 0;
            l->out.reset();
            backlogClear(*l);
            l->backlogTold = 0;
            l->verified = false;
            l->tablesReplaced();
            clearAlarm(QStringLiteral("overload-%1").arg(l->id));
            clearAlarm(QStringLiteral("stall-%1").arg(l->id));
            updateDemotion(*l);
            if (l->master) {
                l->needBatch = true;
                l->linkLostWhileMaster = true;
            }
        }
    }
    Q_EMIT changed();
}

void HotBackup::onRecords(std::span<const cgn::ChangeRecord> records, bool batch)
{
    const cgn::Seconds now = engineNow();
    const qint64 ms = nowMs();
    for (const cgn::ChangeRecord& r : records) {
        Location* l = find(r.serviceLocation);
        if (!l || !l->engine || !l->boardUp) {
            ++m_counters.refused; // no such location here, or its board is down
            continue;
        }
        if (l->master) {
            ++m_counters.refused;
            l->bothMasterMs = ms;
            if (l->bothMasterFirstMs == 0)
                l->bothMasterFirstMs = ms;
            if (ms - l->bothMasterFirstMs >= 1000)
                raiseAlarm(QStringLiteral("both-master-%1").arg(l->id),
                  QStringLiteral("service-location %1: split brain: the peer sends records of tables this device serves (both are master)")
                      .arg(l->id));
            continue;
        }
        if (auto error = l->engine->apply(r, now)) {
            ++m_counters.refused;
            // During a batch an entry may be named before its chunk arrives: expected, quiet.
            if (l->in)
                continue;
            ++m_refusedSinceLog;
            if (ms - m_lastRefusedLogMs >= kRefusedLogEveryMs) {
                qCWarning(lcHa).noquote() << QStringLiteral("service-location %1: refused %2 record: %3 (%4 refused in the last %5 s)")
                                                 .arg(l->id)
                                                 .arg(QLatin1String(cgn::toString(r.type).data()),
                                                      QString::fromStdString(*error))
                                                 .arg(m_refusedSinceLog)
                                                 .arg(kRefusedLogEveryMs / 1000);
                m_lastRefusedLogMs = ms;
                m_refusedSinceLog = 0;
            }
            continue;
        }
        ++m_counters.received;
        if (batch && l->in) {
            ++l->in->received;
            l->in->lastProgressMs = ms;
        }
    }
}

// A fresh engine for `l`, built off the loop; the old one serves (or stays hidden, board down)
// until it is in. Meanwhile the channel holds what it receives back: the records that follow
// a batch's begin must meet the empty tables.
void HotBackup::rebuildTables(Location& l)
{
    l.building = m_nextBuild++;
    updateReceivePause();
    auto fresh = std::make_shared<std::unique_ptr<cgn::CgnEngine>>();
    offload(
        [fresh, config = l.engineConfig] {
            std::string ignored; // the same configuration built the engine it replaces
            *fresh = cgn::CgnEngine::create(config, &ignored);
        },
        [this, id = l.id, build = l.building, fresh] { onTablesBuilt(id, build, std::move(*fresh)); });
}

void HotBackup::onTablesBuilt(int serviceLocation, std::uint64_t build, std::unique_ptr<cgn::CgnEngine> fresh)
{
    Location* l = find(serviceLocation);
    // Not wanted any more: the location became master on the tables it had (serving what it
    // has beats serving nothing), or a newer configuration replaced it.
    if (!l || l->building != build) {
        dispose(std::move(fresh));
        updateReceivePause();
        return;
    }
    l->building = 0;
    if (!l->master && fresh) {
        fresh->setStandby();
        fresh->setSink(l->sink.get());
        std::swap(l->engine, fresh);
        l->agingBehind = false;
        l->tablesReplaced();
        m_pools->applyAllocatable(l->id);
    }
    dispose(std::move(fresh));
    updateReceivePause();
    Q_EMIT changed();
}

void HotBackup::updateReceivePause()
{
    if (!m_transport)
        return;
    const bool building = std::any_of(m_locations.begin(), m_locations.end(),
                                      [](const auto& l) { return l->building != 0; });
    m_transport->pauseReceiving(building);
}

void HotBackup::onBatchBegin(int serviceLocation, std::uint64_t batchId, const sync::TableCounts& expected)
{
    Location* l = find(serviceLocation);
    if (!l || !l->engine || l->master || !l->boardUp)
        return;
    // The batch is the whole truth: start from empty so nothing stale survives it. A few
    // entries are emptied in place; more cost about 0.3 µs each (2 M: 0.7 s), so then a fresh
    // engine is built off the loop instead, and the batch's records wait for it. Tables that
    // are empty already (a standby that just started) are not built again.
    const cgn::Counts have = l->engine->counts();
    const std::uint64_t entries = std::uint64_t(have.users) + have.sessions + have.portBlocksUsed;
    if (l->building == 0 && entries > kClearInPlace) // else fresh tables are on their way already
        rebuildTables(*l);
    else if (l->building == 0 && entries != 0)
        l->engine->clear(engineNow());
    const qint64 ms = nowMs();
    l->in = Location::Incoming{batchId, total(expected), 0, ms, ms, false};
    l->complete = false;
    l->tablesReplaced();
    updateDemotion(*l);
    ++m_counters.batchesReceived;
    Q_EMIT changed();
}

void HotBackup::onBatchEnd(int serviceLocation, std::uint64_t batchId, const cgn::Digest& digest,
                           const sync::TableCounts& counts)
{
    Location* l = find(serviceLocation);
    if (!l || !l->engine || l->master || !l->boardUp || !l->in || l->in->id != batchId)
        return;
    const Location::Incoming in = *l->in;
    l->in.reset();
    const bool equal = l->engine->digest() == digest;
    const sync::TableCounts here = countsOf(*l->engine);
    l->compared(equal, wallMs(), nowMs());
    l->complete = equal;
    l->lastBatch = Location::LastBatch{batchId, in.received, nowMs() - in.startedMs, wallMs(), equal};
    m_transport->sendCheckResult(l->id, batchId, equal, here);
    qCInfo(lcHa).noquote() << QStringLiteral("service-location %1: batch backup %2 of %3 records in %4 ms, digests %5")
                                  .arg(l->id)
                                  .arg(batchId)
                                  .arg(in.received)
                                  .arg(nowMs() - in.startedMs)
                                  .arg(equal ? QStringLiteral("equal") : QStringLiteral("DIFFER"));
    clearAlarm(QStringLiteral("stall-%1").arg(l->id));
    if (!equal) {
        ++m_counters.digestMismatches;
        Q_EMIT alarm(QStringLiteral("service-location %1: tables differ from the master's after batch backup %2 "
                                    "(users %3 here, %4 there; sessions %5 here, %6 there); the master sends another")
                         .arg(l->id)
                         .arg(batchId)
                         .arg(here.users)
                         .arg(counts.users)
                         .arg(here.sessions)
                         .arg(counts.sessions));
    } else {
        // The peer has taken over and this copy is complete: a manual switchover's demotion ends.
        m_node.endManualDemotion(l->id);
    }
    updateDemotion(*l);
    Q_EMIT changed();
}

void HotBackup::onDigest(int serviceLocation, const cgn::Digest& digest, const sync::TableCounts& counts)
{
    Location* l = find(serviceLocation);
    if (!l || !l->engine || l->master || !l->boardUp || l->in)
        return;
    ++m_counters.digestChecks;
    const bool equal = l->engine->digest() == digest;
    l->compared(equal, wallMs(), nowMs());
    // An equal comparison on the current tables proves the copy complete, as a batch's end does.
    l->complete = equal;
    const sync::TableCounts here = countsOf(*l->engine);
    m_transport->sendCheckResult(l->id, 0, equal, here);
    if (!equal) {
        ++m_counters.digestMismatches;
        Q_EMIT alarm(QStringLiteral("service-location %1: tables diverged from the master's (sessions %2 here, %3 there); "
                                    "the master sends a batch")
                         .arg(l->id)
                         .arg(here.sessions)
                         .arg(counts.sessions));
    }
    Q_EMIT changed();
}

void HotBackup::onBacklog(int serviceLocation, std::uint64_t entries)
{
    Location* l = find(serviceLocation);
    if (!l || l->master)
        return;
    l->peerBacklog = entries;
    updateDemotion(*l);
    Q_EMIT changed();
}

void HotBackup::onBatchAcked(int serviceLocation, std::uint64_t batchId, std::uint64_t records, bool)
{
    Location* l = find(serviceLocation);
    if (!l || !l->out || l->out->id != batchId)
        return;
    l->out->acked += records;
    l->out->lastProgressMs = nowMs();
    if (l->out->stalled) {
        l->out->stalled = false;
        clearAlarm(QStringLiteral("stall-%1").arg(l->id));
    }
}

void HotBackup::onCheckResult(int serviceLocation, std::uint64_t batchId, bool equal, const sync::TableCounts& counts)
{
    Location* l = find(serviceLocation);
    if (!l || !l->master || !l->engine)
        return;
    l->compared(equal, wallMs(), nowMs());
    if (batchId != 0) {
        if (!l->out || l->out->id != batchId)
            return; // a replaced batch's verdict
        const Location::Outgoing out = *l->out;
        l->out.reset();
        l->lastBatch = Location::LastBatch{batchId, out.acked, nowMs() - out.startedMs, wallMs(), equal};
        clearAlarm(QStringLiteral("stall-%1").arg(l->id));
        if (equal) {
            l->verified = true;
            qCInfo(lcHa).noquote() << QStringLiteral("service-location %1: batch backup %2 finished: the peer applied %3 records in %4 ms, digests equal")
                                          .arg(l->id)
                                          .arg(batchId)
                                          .arg(out.acked)
                                          .arg(nowMs() - out.startedMs);
        } else {
            ++m_counters.digestMismatches;
            Q_EMIT alarm(QStringLiteral("service-location %1: the peer's tables differ after batch backup %2 (sessions %3 there); sending another")
                             .arg(l->id)
                             .arg(batchId)
                             .arg(counts.sessions));
            startBatch(*l, QStringLiteral("digests differed after batch %1").arg(batchId));
        }
        Q_EMIT changed();
        return;
    }
    ++m_counters.digestChecks;
    if (!equal) {
        ++m_counters.digestMismatches;
        l->verified = false;
        startBatch(*l, QStringLiteral("the peer's digests differ (sessions %1 there)").arg(counts.sessions));
    }
    Q_EMIT changed();
}

// ------------------------------------------------------------------ faults

void HotBackup::setBoardUp(int serviceLocation, bool up)
{
    Location* l = find(serviceLocation);
    if (!l || l->boardUp == up)
        return;
    l->boardUp = up;
    if (!up && l->engine) {
        rebuildTables(*l); // the board's memory is gone
        l->out.reset();
        l->in.reset();
        backlogClear(*l);
        clearDelayed(*l);
        l->complete = false;
        l->verified = false;
        l->tablesReplaced();
    }
    m_node.setServiceLocationUp(serviceLocation, up);
    if (up && l->engine && !l->master && m_transport && m_transport->isUp()) {
        m_node.setDemoted(l->id, true);
        m_transport->sendResyncRequest(l->id, "board up again with empty tables");
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
                      {QStringLiteral("receivingBatch"), l->in.has_value()},
                      {QStringLiteral("backlog"), qint64(backlog(l->id))}};
        // Digests are "equal" only as the last comparison found them, with when it was made,
        // and only while it was made on these tables and is the latest one due.
        const bool current = digestCurrent(*l);
        if (current) {
            o.insert(QStringLiteral("digestEqual"), *l->digestEqual);
            o.insert(QStringLiteral("digestCheckedMs"), l->digestCheckedMs);
        }
        o.insert(QStringLiteral("inStep"), inStep(*l));
        if (l->master) {
            o.insert(QStringLiteral("notBackedUp"), qint64(l->delayedWaiting));
            o.insert(QStringLiteral("backlogSessions"), qint64(l->backlogSessions));
        }
        if (!l->master)
            o.insert(QStringLiteral("complete"), l->complete && !l->in && l->peerBacklog == 0);
        if (const auto p = batchProgress(l->id)) {
            o.insert(QStringLiteral("batch"), p->toJson());
            if (l->in)
                o.insert(QStringLiteral("batchProgress"),
                         QJsonObject{{QStringLiteral("received"), qint64(p->done)},
                                     {QStringLiteral("expected"), qint64(p->total)}});
        }
        if (const auto d = m_node.demotion(l->id))
            o.insert(QStringLiteral("demotion"), d->toJson());
        if (l->lastBatch)
            o.insert(QStringLiteral("lastBatch"), QJsonObject{{QStringLiteral("batchId"), qint64(l->lastBatch->id)},
                                                              {QStringLiteral("records"), qint64(l->lastBatch->records)},
                                                              {QStringLiteral("durationMs"), l->lastBatch->durationMs},
                                                              {QStringLiteral("endedMs"), l->lastBatch->endedMs},
                                                              {QStringLiteral("digestEqual"), l->lastBatch->equal}});
        if (l->engine) {
            const cgn::Counts c = l->engine->counts();
            o.insert(QStringLiteral("users"), qint64(c.users));
            o.insert(QStringLiteral("sessions"), qint64(c.sessions));
            o.insert(QStringLiteral("portBlocks"), qint64(c.portBlocksUsed));
            o.insert(QStringLiteral("maxSessions"), qint64(c.maxSessions));
            QJsonObject digest = digestJson(l->engine->digest());
            if (m_pools->hasPools())
                digest.insert(QStringLiteral("subnets"), hex(m_pools->digest(l->id)));
            o.insert(QStringLiteral("digest"), digest);
        }
        locations.append(o);
    }
    QJsonArray events;
    for (const SwitchoverEvent& e : m_switchovers)
        events.append(e.toJson());
    // `nat ip-address`: the address that steers traffic to the master chassis (its route is
    // preferred there). This device is that chassis while it is master of every location of the
    // instance's group. The lab has no routing to steer: said, not pretended.
    QJsonArray steering;
    for (const config::NatInstanceConfig& nat : m_config.natInstances) {
        bool masterHere = false;
        for (const config::ServiceInstanceGroupConfig& sig : m_config.serviceInstanceGroups)
            if (sig.name == nat.serviceInstanceGroup && !sig.serviceLocations.empty())
                masterHere = std::all_of(sig.serviceLocations.begin(), sig.serviceLocations.end(),
                                         [&](const auto& m) { return isMaster(m.id); });
        for (const config::NatIpAddress& a : nat.ipAddresses)
            steering.append(QJsonObject{
                {QStringLiteral("natInstance"), QString::fromStdString(nat.name)},
                {QStringLiteral("address"), QStringLiteral("%1/%2").arg(QString::fromStdString(a.address.toString())).arg(a.prefixLength)},
                {QStringLiteral("masterHere"), masterHere},
                {QStringLiteral("routed"), !m_config.agent.labEnabled}});
    }
    return {{QStringLiteral("serviceLocations"), locations},
            {QStringLiteral("steering"), steering},
            {QStringLiteral("channel"),
             m_transport && m_transport->isUp() ? QStringLiteral("up") : QStringLiteral("down")},
            {QStringLiteral("alarms"), activeAlarms()},
            {QStringLiteral("pools"), m_pools->statusJson()},
            {QStringLiteral("sync"),
             QJsonObject{{QStringLiteral("queued"), qint64(m_counters.queued)},
                         {QStringLiteral("received"), qint64(m_counters.received)},
                         {QStringLiteral("missed"), qint64(m_counters.missed)},
                         {QStringLiteral("refused"), qint64(m_counters.refused)},
                         {QStringLiteral("delayed"), qint64(m_counters.delayed)},
                         {QStringLiteral("batchesSent"), qint64(m_counters.batchesSent)},
                         {QStringLiteral("batchesReceived"), qint64(m_counters.batchesReceived)},
                         {QStringLiteral("digestChecks"), qint64(m_counters.digestChecks)},
                         {QStringLiteral("digestMismatches"), qint64(m_counters.digestMismatches)},
                         {QStringLiteral("batchStalls"), qint64(m_counters.batchStalls)},
                         {QStringLiteral("backlogEntries"), qint64(m_counters.backlogEntries)},
                         {QStringLiteral("backlogResent"), qint64(m_counters.backlogResent)},
                         {QStringLiteral("overloads"), qint64(m_counters.overloads)}}},
            {QStringLiteral("switchovers"), events}};
}

} // namespace tandem::ha
