#pragma once

// The HA side of one running device: its VRRP groups on the monotonic clock, adverts as UDP
// unicast to the peer, and the service-location groups whose state mirrors them.

#include "VrrpGroup.h"
#include "config/DeviceConfig.h"
#include "protocol/DeviceStatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

class QUdpSocket;

namespace tandem::ha {

// One line of `display vrrp state-change`.
struct VrrpStateChange
{
    qint64 msecsSinceEpoch = 0;
    VrrpState from = VrrpState::Initialize;
    VrrpState to = VrrpState::Initialize;
    std::string reason;
};

// What `display vrrp` shows of one group, beyond the protocol's status.
struct VrrpGroupDetail
{
    std::string interfaceName;
    config::VrrpGroupConfig config;
    VrrpState state = VrrpState::Initialize;
    std::uint32_t localIp = 0;
    std::uint32_t masterIp = 0; // 0 when unknown
    int priorityRun = 0;
    int masterPriority = 0;
    int timerRunCentiseconds = 0;          // the advert interval in use (learned as Backup)
    std::optional<qint64> preemptRemainMs; // while a Backup waits out its preempt delay
    qint64 createdMsecsSinceEpoch = 0;
    qint64 lastChangeMsecsSinceEpoch = 0;      // 0: never changed
    std::vector<VrrpStateChange> stateChanges; // oldest first, the last kStateChangeLog
};

// Why a service-location's VRRP group advertises priority 1 here (`ha status` shows it).
struct Demotion
{
    bool manualSwitchover = false; // resigned by `ha switchover`: ends once this device holds
                                   // the new master's batch backup, or the peer goes away
    bool incomplete = false;       // this copy lacks a batch or a backlog (demote while incomplete)
    qint64 sinceMs = 0;            // wall clock, the earliest of the two
    QJsonObject toJson() const;
};

// Told of every VRRP transition of a group bound to service-locations, synchronously and
// before the group sends its first advert as master: the hot-backup layer activates its tables
// there ("commit before claiming"), and learns when the first master advert went out.
struct RoleChange
{
    VrrpState from = VrrpState::Initialize;
    VrrpState to = VrrpState::Initialize;
    std::string reason; // the words of `display vrrp state-change`
    std::optional<Takeover>
        takeover; // to Master: why, and how long the master's failure took to see
};

class RoleObserver
{
public:
    virtual ~RoleObserver() = default;
    virtual void vrrpStateChanging(const std::vector<int>& serviceLocations,
                                   const RoleChange& change) = 0;
    virtual void firstMasterAdvertSent(const std::vector<int>& serviceLocations) = 0;
};

// Whether a commit of `next` keeps the VRRP group `vrid` on `interface` of `running`, with its
// state and timers: address, port, peers and parameters unchanged but for priority and tracking
// (which a live group takes). Otherwise HaNode::reconfigure rebuilds it, a master resigning
// first. The one decision, that config.impact previews too.
bool keepsVrrpGroup(const config::DeviceConfig& running, const config::DeviceConfig& next,
                    const std::string& interface, int vrid);

class HaNode final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HaNode)

public:
    // Binds one UDP socket per local address that carries VRRP; an address or port that
    // cannot be bound is an error naming it, and nothing is left open.
    static std::unique_ptr<HaNode> create(const config::DeviceConfig& config, QString* error);
    ~HaNode() override;

    static constexpr std::size_t kStateChangeLog = 10; // as `display vrrp state-change` keeps

    // Makes `next` the running config. VRRP groups whose parameters and peers did not change
    // keep their state and timers (a master stays master, sessions stay put); a new priority
    // or tracking takes effect live, as a tracked fault would. Any other change rebuilds the
    // group; a removed one resigns first (priority 0) so the peer takes over at once.
    // Sockets for new addresses are bound before anything changes: on failure returns false
    // with *error naming the address, and the node runs exactly as before.
    bool reconfigure(const config::DeviceConfig& next, QString* error);

    void start();    // interfaces up: Initialize → Backup (or Master when owner)
    void shutdown(); // master groups resign with priority 0 so the peer takes over at once

    // A board fault takes its service-location down; every VRRP group tracking it loses the
    // configured reduction, and the group the location is bound to stops serving at once (a
    // master resigns; it stays out of the election, in Initialize, until the board is back): a
    // board that is down never serves as VRRP Master, whatever the peer's priority.
    void setServiceLocationUp(int id, bool up);

    // Link state of an interface (lab fault injection): drives `track interface … reduced`,
    // and takes the VRRP groups on that interface down and, after its `vrrp recover-delay`,
    // up again (an mVRRP group with `ignore-if-down` stays up).
    void setInterfaceUp(const std::string& name, bool up);
    bool isInterfaceUp(const std::string& name) const { return !m_downInterfaces.contains(name); }

    // While set, the VRRP group of service-location `id` advertises priority 1 (floor): the
    // hot-backup layer demotes a node whose batch backup is unfinished, so it does not preempt
    // a master whose tables it has not got yet.
    void setDemoted(int id, bool demoted);
    // Manual switchover of service-location `id`: its VRRP master resigns (priority 0, so the
    // peer takes over at once) and stays demoted only until it holds the new master's tables —
    // as VRRP's priority-0 resign is momentary: endManualDemotion() then, or the peer going
    // away, ends it, and from then on its configured priority and preemption rule again (a
    // fault on the new master moves the service back). False with *error when not master.
    bool switchover(int id, std::string* error);
    void endManualDemotion(int id);
    // Clears both kinds of demotion of `id` (the operator's override); false when there was none.
    bool clearDemotion(int id);
    std::optional<Demotion> demotion(int id) const;
    // Asked by the split-brain check: was the peer heard on the backup channel, without a gap,
    // since this time? A peer heard all along through a silence of its adverts was a backup
    // (silent by protocol) that now preempts, not a second master. Set by the hot-backup layer.
    using PeerHeard = std::function<bool(std::chrono::steady_clock::time_point since)>;
    void setPeerHeard(PeerHeard heard) { m_peerHeard = std::move(heard); }
    // The VRRP state of the group a service-location is bound to (Initialize when none).
    VrrpState serviceLocationVrrpState(int id) const;

    void setRoleObserver(RoleObserver* observer) { m_observer = observer; }

    // Lab fault: the VRRP path to the peer is cut — adverts are neither sent nor received.
    // With the backup channel cut too, both devices become master (split brain).
    void setAdvertsCut(bool cut) { m_advertsCut = cut; }
    bool advertsCut() const { return m_advertsCut; }

    protocol::DeviceStatus status() const;
    std::vector<VrrpGroupDetail> vrrpDetails() const; // in config order
    bool isServiceLocationUp(int id) const { return !m_downServiceLocations.contains(id); }
    const config::DeviceConfig& config() const { return m_config; }

Q_SIGNALS:
    void changed(); // a VRRP or service-location state changed
    void alarm(const QString& message); // e.g. a split brain detected when it heals

private:
    struct Group
    {
        const config::InterfaceConfig* interface = nullptr;
        const config::VrrpGroupConfig* config = nullptr;
        std::unique_ptr<VrrpGroup> vrrp;
        QUdpSocket* socket = nullptr;
        std::vector<std::uint32_t> peers;
        bool heardFromPeer = false; // any advert received since start
        TimePoint lastHeard{};      // the last advert received
        bool advertisedAsMaster = false; // the first advert since becoming master went out
        std::vector<int> serviceLocations; // bound to this group
        qint64 createdMsecsSinceEpoch = 0;
        qint64 lastChangeMsecsSinceEpoch = 0;
        std::deque<VrrpStateChange> stateChanges;
    };

    HaNode();
    static TimePoint now();
    std::unique_ptr<Group> makeGroup(const config::InterfaceConfig& interface,
                                     const config::VrrpGroupConfig& vrrpConfig, QUdpSocket* socket,
                                     const config::DeviceConfig& config);
    void onStateChanged(Group& group, VrrpState from, VrrpState to, const std::string& reason);
    void sendAdvert(Group& group, const VrrpAdvert& advert);
    void onDatagrams(QUdpSocket* socket);
    void reschedule();
    void onTimer();
    int trackReduction(const Group& group) const;
    bool boardsUp(const Group& group) const;
    void applyReductions();
    const Group* groupOf(const config::ServiceLocationConfig& slg) const;

    config::DeviceConfig m_config;
    std::map<std::uint32_t, QUdpSocket*> m_sockets; // by local address
    std::vector<std::unique_ptr<Group>> m_groups;
    std::set<int> m_downServiceLocations;
    std::set<std::string> m_downInterfaces;
    std::map<std::string, int> m_interfaceEpoch; // bumps on every change: stale recoveries drop
    std::map<int, qint64> m_demoted;       // unfinished batch backup or backlog, since (wall ms)
    std::map<int, qint64> m_manualDemoted; // after a manual switchover, since (wall ms)
    PeerHeard m_peerHeard;
    RoleObserver* m_observer = nullptr;
    bool m_advertsCut = false;
    QTimer m_timer;
    bool m_started = false;
    bool m_reconfiguring = false;
    qint64 m_bootMsecsSinceEpoch = QDateTime::currentMSecsSinceEpoch();
};

} // namespace tandem::ha
