#pragma once

// Inter-chassis hot backup of one device: a CGN engine per service-location (its board's CPU),
// kept master or standby in step with the service-location's VRRP group, with the master's
// change records streamed to the peer in real time and in batches.
//
// The two lessons of the anchors, built in:
// - Commit before claiming: when a group becomes master, its engine is activated inside the
//   state change, before the group sends its first advert as master.
// - Demote while incomplete: while this device receives a batch backup for a service-location
//   its group advertises priority 1, so it does not preempt a master whose tables it lacks.
//
// `service-ha delay-time` is honoured: a session is backed up only once it has lived that long
// (a shorter-lived one is never sent; its delete cancels its create).
//
// A batch backup streams the live tables by cursor (CgnEngine::exportChunk), pulled as the
// channel has room, beside the real-time records; no copy of the table is made, so the send
// side holds at most the channel's window. It is "finished" on the master only when the peer
// has applied its end and answered that its digests are equal (CheckResult); until then the
// master shows it unfinished with progress (acked / total, rate, time left), and so does the
// standby. Digests leave out what is not sent yet by design (creates younger than delay-time),
// so they compare equal under traffic.
//
// Flow control: records the channel's queue refuses are not lost into a new whole batch: the
// entries they name are remembered (the backlog) and their current state is sent when the
// channel drains, so catching up costs what was missed, not the table. While a backlog exists
// the master raises "backup cannot keep up" and tells the standby, which counts itself
// incomplete and demotes itself until it is caught up. A backlog larger than a quarter of the
// tables gives way to a batch.
//
// Stalls: a batch without progress for the stall timeout (5 s) raises an alarm on the side that
// sees it; the standby asks for the batch again.
//
// Nothing here holds the event loop that VRRP and the channel's heartbeats run on: every piece
// of work is bounded and what is left goes on at the next turn of the loop — ageing
// (kAgingPerTurn entries), delayed creates coming of age (4096 a pass), the backlog (16k
// entries a pass), a batch (the channel's window), and the records received (the channel's
// receive budget). The maps of delayed creates and of the backlog are reserved up front (a
// rehash of a million entries is a pause of 100 ms) and big ones freed off the loop. Tables a
// batch begins with are emptied in place when they are small (kClearInPlace); bigger ones are
// built afresh off the loop (a fresh engine takes its whole memory up front: tens to hundreds
// of ms) while the channel holds the batch's records back, and the old engine is freed off
// the loop too.

#include "HaNode.h"
#include "PoolBackup.h"
#include "SyncTransport.h"
#include "cgn/CgnEngine.h"
#include "cgn/SubnetPool.h"
#include "config/DeviceConfig.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QObject>
#include <QTimer>
#include <QWaitCondition>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tandem::ha {

// The engine of service-location `sl` as the configuration describes it: the address groups of
// the NAT instances bound to its service-instance-group, their port range. nullopt with *error
// when the location has no NAT instance (it then has no tables).
std::optional<cgn::EngineConfig> engineConfigFor(const config::DeviceConfig& config, int sl,
                                                 std::string* error);

// Whether a commit of `next` keeps service-location `sl`'s engine of `running`, with its tables
// and role: the location is in both and its engine configuration is unchanged (one without
// tables in both counts as kept); otherwise HotBackup::reconfigure builds a fresh, empty engine.
// The one decision, that config.impact previews too.
bool keepsEngine(const config::DeviceConfig& running, const config::DeviceConfig& next, int sl);

enum class BatchState { NotApplicable, Unfinished, Finished };
QString toString(BatchState state); // as `display service-location`: NA / unfinished / finished

// A batch backup under way, as either side sees it.
struct BatchProgress
{
    std::uint64_t batchId = 0;
    std::uint64_t done = 0;  // records acked by the peer (master) or applied (standby)
    std::uint64_t total = 0; // records announced at its begin
    double recordsPerSecond = 0;
    std::optional<qint64> remainingMs; // at the current rate
    qint64 elapsedMs = 0;
    bool stalled = false;    // no progress for the stall timeout
    bool endSent = false;    // master: every record and the end are out; waiting for the verdict
    QJsonObject toJson() const;
};

// One switchover of one service-location on this device, phase by phase (wall-clock ms). The
// initial election after start is none: no master served before it.
struct SwitchoverEvent
{
    int serviceLocation = 0;
    TakeoverCause cause = TakeoverCause::MasterSilent;
    QString reason; // the VRRP reason: "Protocol timer expired", "Priority calculation" …
    // The old master's failure until the decision (its silence, its resign, the preemption).
    std::optional<qint64> detectionMs;
    qint64 decisionMs = 0;      // the VRRP group decided to become master
    qint64 tablesActiveMs = 0;  // the engine's standby tables were live
    qint64 firstAdvertMs = 0;   // the first advert as master went out
    std::uint32_t sessionsBefore = 0; // in the standby copy at the decision
    std::uint32_t sessionsAfter = 0;  // live once active
    QJsonObject toJson() const;
};

struct SyncCounters
{
    std::uint64_t queued = 0;    // real-time records handed to the channel (batches not counted)
    std::uint64_t received = 0;  // records applied from the peer
    std::uint64_t missed = 0;    // records the channel could not take (a batch follows)
    std::uint64_t refused = 0;   // records from the peer that contradicted the tables
    std::uint64_t delayed = 0;   // creates held back by delay-time and never sent (short-lived)
    std::uint64_t batchesSent = 0;
    std::uint64_t batchesReceived = 0;
    std::uint64_t digestChecks = 0;
    std::uint64_t digestMismatches = 0;
    std::uint64_t batchStalls = 0;      // batches that made no progress for the stall timeout
    std::uint64_t backlogEntries = 0;   // entries remembered because the queue was full
    std::uint64_t backlogResent = 0;    // records sent for them once it drained
    std::uint64_t overloads = 0;        // times the real-time backup fell behind
};

class HotBackup final : public QObject, public RoleObserver
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HotBackup)

public:
    // One engine per service-location with a NAT instance; registers with `node` for its VRRP
    // transitions. The transport may come later (setTransport).
    // Monotonic time; tests inject a virtual clock (and call poll() for the timer's work).
    using Clock = std::function<std::chrono::nanoseconds()>;
    static std::unique_ptr<HotBackup> create(const config::DeviceConfig& config, HaNode& node,
                                             QString* error, Clock clock = {});
    ~HotBackup() override; // waits for work it gave to other threads

    // Runs a task away from the event loop (building or freeing an engine). The default hands it
    // to QThreadPool; tests run it in place.
    using Offload = std::function<void(std::function<void()> task)>;
    void setOffload(Offload offload) { m_offload = std::move(offload); }
    static constexpr std::size_t kAgingPerTurn = 16384;  // timer entries: about 3 ms
    static constexpr std::uint64_t kClearInPlace = 4096; // entries emptied on the loop at a batch's begin

    // A committed config: locations whose engine configuration is unchanged keep their tables
    // and role; changed ones get a fresh engine (standby until VRRP says otherwise), new ones
    // are added, removed ones dropped. Fails (and changes nothing) only when an engine cannot
    // be built, with *error naming the location.
    bool reconfigure(const config::DeviceConfig& next, QString* error);

    // The transport must outlive this object (or be replaced with nullptr first).
    void setTransport(SyncTransport* transport);
    SyncTransport* transport() const { return m_transport; }

    // Engine time: whole seconds on the monotonic clock.
    cgn::Seconds engineNow() const;
    cgn::CgnEngine* engine(int serviceLocation);
    const cgn::CgnEngine* engine(int serviceLocation) const;
    std::vector<int> serviceLocations() const;
    bool isMaster(int serviceLocation) const;

    // The data path calls this after feeding an engine: records go out within a millisecond.
    void recordsPending();

    // A board fault: the location goes down (tracking lowers its VRRP priority), its tables
    // are lost; back up, it is a standby and asks the peer for a batch backup.
    void setBoardUp(int serviceLocation, bool up);
    bool isBoardUp(int serviceLocation) const;
    // Sends a batch backup of a location this device is master for. False with *error if not.
    bool startBatchBackup(int serviceLocation, QString* error);

    BatchState batchState(int serviceLocation) const;
    // The batch under way of a location, sending or receiving; nullopt when none.
    std::optional<BatchProgress> batchProgress(int serviceLocation) const;
    // Entries the master could not send yet (its backlog) / the master says this copy lacks.
    std::uint64_t backlog(int serviceLocation) const;
    // "In step": every session older than delay-time is on the peer. The channel is up, the
    // latest digest comparison (due every kDigestEveryMs) was made on these tables and found
    // them equal — digests leave out the creates delay-time still holds — and nothing is
    // missing: on the master the batch is finished and there is no backlog; on the standby the
    // last batch ended equal, none is under way and the master reports no backlog.
    bool inStep(int serviceLocation) const;
    // Master: sessions younger than delay-time, not backed up by design (0 on a standby).
    std::uint64_t notBackedUp(int serviceLocation) const;
    static constexpr qint64 kDigestEveryMs = 5000;
    static constexpr qint64 kDigestCurrentMs =
        2 * kDigestEveryMs + 1000; // a comparison older is stale

    // What the 100 ms timer does: engine timers, stalls, backlog, digest checks. Public for
    // tests on a virtual clock.
    void poll();
    void setStallTimeout(std::chrono::milliseconds timeout) { m_stallTimeout = timeout; }
    // Alarms that hold now (raised and not yet cleared), oldest first.
    QJsonArray activeAlarms() const;
    const SyncCounters& counters() const { return m_counters; }
    const std::deque<SwitchoverEvent>& switchovers() const { return m_switchovers; }
    // The load-balanced global pools and their subnets (NAT load balancing).
    const PoolBackup& pools() const { return *m_pools; }
    QJsonObject statusJson() const; // per location: role, board, batch, tables, digests, sync

    // RoleObserver
    void vrrpStateChanging(const std::vector<int>& serviceLocations,
                           const RoleChange& change) override;
    void firstMasterAdvertSent(const std::vector<int>& serviceLocations) override;

Q_SIGNALS:
    void changed();
    void switchover(const tandem::ha::SwitchoverEvent& event);
    void alarm(const QString& message);

private:
    struct Location;
    class Sink;

    HotBackup(HaNode& node, Clock clock);
    Location* find(int serviceLocation);
    const Location* find(int serviceLocation) const;
    void onEngineRecords(Location& location, std::span<const cgn::ChangeRecord> records);
    void send(Location& location, std::span<const cgn::ChangeRecord> records);
    void flushAll();
    void onLinkChanged(bool up);
    void onRecords(std::span<const cgn::ChangeRecord> records, bool batch);
    void onBatchBegin(int serviceLocation, std::uint64_t batchId, const sync::TableCounts& expected);
    void onBatchEnd(int serviceLocation, std::uint64_t batchId, const cgn::Digest& digest,
                    const sync::TableCounts& counts);
    void onDigest(int serviceLocation, const cgn::Digest& digest, const sync::TableCounts& counts);
    void onBacklog(int serviceLocation, std::uint64_t entries);
    void onBatchAcked(int serviceLocation, std::uint64_t batchId, std::uint64_t records, bool endAcked);
    void onCheckResult(int serviceLocation, std::uint64_t batchId, bool equal, const sync::TableCounts& counts);
    void onWritable();
    void startBatch(Location& location, const QString& why);
    void pumpBatch(Location& location);
    void drainBacklog(Location& location);
    void updateDemotion(Location& location);
    cgn::Digest sentDigest(const Location& location) const;
    bool digestCurrent(const Location& location) const;
    bool inStep(const Location& location) const;
    sync::TableCounts sentCounts(const Location& location) const;
    void rebuildTables(Location& location);
    void onTablesBuilt(int serviceLocation, std::uint64_t build, std::unique_ptr<cgn::CgnEngine> fresh);
    void dispose(std::unique_ptr<cgn::CgnEngine> engine);
    void offload(std::function<void()> work, std::function<void()> done);
    void updateReceivePause();
    void continueWork();
    void scheduleContinue();
    void backlogInsert(Location& location, const cgn::ChangeRecord& record);
    void backlogClear(Location& location);
    void clearDelayed(Location& location);
    void raiseAlarm(const QString& key, const QString& message);
    void clearAlarm(const QString& key);
    qint64 wallMs() const;
    qint64 nowMs() const;

    HaNode& m_node;
    config::DeviceConfig m_config;
    std::vector<std::unique_ptr<Location>> m_locations;
    SyncTransport* m_transport = nullptr;
    Clock m_clock;
    QTimer m_flushTimer;
    QTimer m_tickTimer;
    QTimer m_continueTimer; // bounded work left over: the next turn of the loop
    Offload m_offload;
    QMutex m_offloadMutex;
    QWaitCondition m_offloadDone;
    int m_offloading = 0;
    std::uint64_t m_nextBuild = 1;
    qint64 m_lastDigestMs = 0;
    qint64 m_lastBatchTimerMs = 0;
    std::uint64_t m_nextBatchId = 1;
    std::chrono::milliseconds m_stallTimeout{5000};
    struct ActiveAlarm
    {
        QString key;
        QString message;
        qint64 sinceMs = 0;
    };
    std::vector<ActiveAlarm> m_alarms;
    qint64 m_lastRefusedLogMs = 0;
    std::uint64_t m_refusedSinceLog = 0;
    SyncCounters m_counters;
    std::unique_ptr<PoolBackup> m_pools;
    std::deque<SwitchoverEvent> m_switchovers; // the last kSwitchoverLog
    static constexpr std::size_t kSwitchoverLog = 64;
};

} // namespace tandem::ha
