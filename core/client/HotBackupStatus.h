#pragma once

// The "hotBackup" part of an agent's status (status.get / state.changed), typed: per
// service-location role, board, batch backup and tables; the backup channel; sync counters;
// and the switchovers the agent recorded. Absent numbers read as 0, so an older agent that
// sends less still parses.

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace tandem::client {

struct SlgHotBackup
{
    int id = 0;
    QString role;             // "master" | "slave"
    QString board;            // "up" | "down"
    QString batchBackupState; // "finished" | "unfinished" | "NA"
    bool receivingBatch = false;
    qint64 batchReceived = 0; // of the batch under way, either side: acked (master) or applied
    qint64 batchExpected = 0;
    bool sendingBatch = false; // master: a batch is under way and the peer has not verified it
    bool batchStalled = false;
    qint64 backlog = 0;        // entries the master could not send yet / this copy lacks
    QString demotion;          // why the VRRP group advertises priority 1 here; empty: it does not
    // Digests as the last comparison found them; unknown unless it was made on these tables
    // and is the latest one due (the agent leaves it out otherwise).
    std::optional<bool> digestEqual;
    qint64 digestCheckedMs = 0;
    // Every session older than delay-time is on the peer (the agent's verdict: channel up,
    // current digests equal, nothing missing).
    bool inStep = false;
    qint64 notBackedUp = 0;     // master: sessions younger than delay-time, not backed up by design
    qint64 backlogSessions = 0; // master: sessions in the backlog (a failover now would lose them)
    bool hasTables = false; // the SLG runs a NAT instance on this device
    qint64 users = 0;
    qint64 sessions = 0;
    qint64 portBlocks = 0;
    qint64 maxSessions = 0;
    bool operator==(const SlgHotBackup&) const = default;
};

struct BackupChannelStatus
{
    bool configured = false; // false: no remote-backup-service
    QString state;           // "down" | "connecting" | "up" | "mismatch" | "auth-failed"
    QString peer;
    QString peerDevice;
    qint64 sent = 0;
    qint64 received = 0;
    qint64 acked = 0;
    qint64 inFlight = 0; // sent, not acked yet
    qint64 voided = 0;   // sent on a connection that closed before the peer acked them
    qint64 retried = 0;
    qint64 missed = 0;
    qint64 rejected = 0;
    qint64 queueDepth = 0;
    qint64 bytesSent = 0;
    qint64 bytesReceived = 0;
    qint64 connects = 0;
    qint64 lagLastUs = 0;
    qint64 lagP99Us = 0;
    bool operator==(const BackupChannelStatus&) const = default;
};

// The hot-backup layer's counts; the channel's sent/acked are in BackupChannelStatus.
struct SyncCounters
{
    qint64 queued = 0; // real-time records handed to the channel
    qint64 received = 0;
    qint64 missed = 0;
    qint64 refused = 0;
    qint64 delayed = 0;
    qint64 batchesSent = 0;
    qint64 batchesReceived = 0;
    qint64 digestChecks = 0;
    qint64 digestMismatches = 0;
    bool operator==(const SyncCounters&) const = default;
};

// Why the new master took over, as the agent says ("cause" in its switchover events).
enum class SwitchoverCause
{
    Unknown,        // an agent that does not say
    MasterSilent,   // the master's adverts stopped (device or link failure)
    MasterResigned, // the master advertised priority 0: manual switchover, its board or link down
    Preempted,      // a higher priority here than the master's (its tracking, or a return)
};
SwitchoverCause switchoverCauseFromString(const QString& text); // the agent's words
QString toString(SwitchoverCause cause);                        // the agent's words; "" Unknown

// One switchover as the device that became master measured it (its wall clock, epoch ms).
struct SwitchoverRecord
{
    QString device; // the new master
    QString fromDevice;
    int serviceLocation = 0;
    SwitchoverCause cause = SwitchoverCause::Unknown;
    QString reason; // the VRRP words: "Protocol timer expired", "Priority calculation" …
    qint64 decisionMs = 0;
    qint64 tablesActiveMs = 0;
    qint64 firstAdvertMs = 0;
    qint64 sessionsBefore = 0; // in the standby copy at the decision
    qint64 sessionsAfter = 0;  // live once active
    // The old master's failure until the decision, as the new master measured it (its silence,
    // its resign, the preemption); unknown (-1) from an agent that does not say.
    qint64 detectionMs = -1;
    // Sessions the old master served in the last status seen from it, and of those the ones
    // younger than delay-time (not backed up by design) and in its backlog; -1 when not seen.
    qint64 sessionsOnOldMaster = -1;
    qint64 notBackedUpOnOldMaster = -1;
    qint64 backlogOnOldMaster = -1;
    // Why the old master gave the role up, in its own VRRP words ("Manual switchover", the
    // tracked board or link going down), when its status showed it near the decision; the new
    // master only sees a priority-0 resign. Empty: not known.
    QString oldMasterReason;
    // Decision → first advert, plus detection where known.
    qint64 totalMs() const;

    bool sameEvent(const SwitchoverRecord& other) const
    {
        return device == other.device && serviceLocation == other.serviceLocation &&
               decisionMs == other.decisionMs;
    }
    bool operator==(const SwitchoverRecord&) const = default;
    QJsonObject toJson() const;
    static SwitchoverRecord fromJson(const QString& device, const QJsonObject& json);
};

struct HotBackupStatus
{
    QList<SlgHotBackup> serviceLocations;
    BackupChannelStatus channel;
    SyncCounters sync;
    QList<SwitchoverRecord> switchovers; // oldest first

    const SlgHotBackup* find(int serviceLocation) const;
    // Sessions in the tables of the SLGs this device is master of.
    qint64 servedSessions() const;
    // device: the sysname, stamped on each switchover. Nullopt when the object is absent.
    static std::optional<HotBackupStatus> fromStatusJson(const QString& device,
                                                         const QJsonObject& status);
    bool operator==(const HotBackupStatus&) const = default;
};

} // namespace tandem::client
