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

#include "HaNode.h"
#include "SyncTransport.h"
#include "cgn/CgnEngine.h"
#include "config/DeviceConfig.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <deque>
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

enum class BatchState { NotApplicable, Unfinished, Finished };
QString toString(BatchState state); // as `display service-location`: NA / unfinished / finished

// One switchover of one service-location on this device, phase by phase (wall-clock ms).
struct SwitchoverEvent
{
    int serviceLocation = 0;
    QString reason;             // the VRRP reason: "Protocol timer expired", "Manual switchover" …
    qint64 decisionMs = 0;      // the VRRP group decided to become master
    qint64 tablesActiveMs = 0;  // the engine's standby tables were live
    qint64 firstAdvertMs = 0;   // the first advert as master went out
    std::uint32_t sessionsBefore = 0; // in the standby copy at the decision
    std::uint32_t sessionsAfter = 0;  // live once active
    QJsonObject toJson() const;
};

struct SyncCounters
{
    std::uint64_t sent = 0;      // records handed to the channel
    std::uint64_t received = 0;  // records applied from the peer
    std::uint64_t missed = 0;    // records the channel could not take (a batch follows)
    std::uint64_t refused = 0;   // records from the peer that contradicted the tables
    std::uint64_t delayed = 0;   // creates held back by delay-time and never sent (short-lived)
    std::uint64_t batchesSent = 0;
    std::uint64_t batchesReceived = 0;
    std::uint64_t digestChecks = 0;
    std::uint64_t digestMismatches = 0;
};

class HotBackup final : public QObject, public RoleObserver
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HotBackup)

public:
    // One engine per service-location with a NAT instance; registers with `node` for its VRRP
    // transitions. The transport may come later (setTransport).
    static std::unique_ptr<HotBackup> create(const config::DeviceConfig& config, HaNode& node,
                                             QString* error);
    ~HotBackup() override;

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
    const SyncCounters& counters() const { return m_counters; }
    const std::deque<SwitchoverEvent>& switchovers() const { return m_switchovers; }
    QJsonObject statusJson() const; // per location: role, board, batch, tables, digests, sync

    // RoleObserver
    void vrrpStateChanging(const std::vector<int>& serviceLocations, VrrpState from, VrrpState to,
                           const std::string& reason) override;
    void firstMasterAdvertSent(const std::vector<int>& serviceLocations) override;

Q_SIGNALS:
    void changed();
    void switchover(const tandem::ha::SwitchoverEvent& event);
    void alarm(const QString& message);

private:
    struct Location;
    class Sink;

    HotBackup(HaNode& node);
    Location* find(int serviceLocation);
    const Location* find(int serviceLocation) const;
    void onEngineRecords(Location& location, std::span<const cgn::ChangeRecord> records);
    void send(Location& location, std::span<const cgn::ChangeRecord> records);
    void flushAll();
    void tick();
    void onLinkChanged(bool up);
    void onRecords(std::span<const cgn::ChangeRecord> records);
    void onBatchBegin(int serviceLocation, std::uint64_t entries);
    void onBatchEnd(int serviceLocation, const cgn::Digest& digest);
    void onDigest(int serviceLocation, const cgn::Digest& digest);
    void sendBatch(Location& location);
    void resetTables(Location& location);
    qint64 wallMs() const;

    HaNode& m_node;
    config::DeviceConfig m_config;
    std::vector<std::unique_ptr<Location>> m_locations;
    SyncTransport* m_transport = nullptr;
    QElapsedTimer m_clock;
    QTimer m_flushTimer;
    QTimer m_tickTimer;
    qint64 m_lastDigestMs = 0;
    qint64 m_lastBatchTimerMs = 0;
    SyncCounters m_counters;
    std::deque<SwitchoverEvent> m_switchovers; // the last kSwitchoverLog
    static constexpr std::size_t kSwitchoverLog = 64;
};

} // namespace tandem::ha
