#pragma once

// A pair-atomic configuration push: both devices of an HA pair changed as one, confirmed only
// once the pair is proved to work, otherwise rolled back on both and the rollback verified.
//
//   1. Pre-flight (nothing changes): both agents connected as admin; the pair lock taken on
//      both (config.lock, a lease under the pair change's id, so a second push or a plain
//      commit cannot interleave); no `commit confirmed` pending on either; the running texts,
//      commit ids and roles recorded; the new texts validate and pass pairCheck; no batch
//      backup unfinished (unless allowed).
//   2. Commit both with `commit confirmed <T>`, the standby side first (the device master of
//      fewer service-locations now), each labelled "pair-change <id>: <label>" so that both
//      histories show one pair revision.
//   3. Verify within T: both agents answer; every service-location has exactly one master and
//      it is the planned one (the higher configured priority; a location on one device only is
//      its own master); the backup channel is up; the master's batch backup finished; digests
//      equal in a comparison made after the commit.
//   4. Confirm both only when every check passed. Otherwise, or on cancel(), cancel both
//      pending commits (config.cancel) and verify the rollback: both running texts
//      byte-identical to before, roles as before. A device that does not answer rolls its
//      pending commit back by itself (its deadline, or its restart); the push waits for it to
//      come back and verifies it too.
//   5. Half-applied: one device confirmed and the other did not (it died, the link dropped):
//      said so plainly, and the confirmed one rolled back to its previous commit, so that the
//      pair ends in one consistent state.
//
// Asynchronous on the clients' thread; every step is reported as it starts and ends. The
// clients are not owned and must stay open (with reconnection) for the push's life.

#include "client/ConfigClient.h"
#include "config/PairCheck.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <array>
#include <map>

namespace tandem::client {

struct PairPushOptions
{
    QString label;                    // what the change is, for both histories
    int confirmSeconds = 120;         // T of `commit confirmed`
    bool allowUnfinishedBatch = false; // go on while a batch backup is under way
    bool dryRun = false;              // pre-flight only; nothing is committed
    // How long verification may take; 0: until T less a margin for the confirms (T − 10 s, at
    // least half of T) after the first commit.
    int verifyTimeoutMs = 0;
    // How long a rolled-back pair may take to show its roles as before (a preempt delay).
    int rollbackSettleMs = 60000;
    int pollIntervalMs = 250;
    // --prove-swap: once verified, each paired service-location is switched over and back
    // before the confirm, by whoever can account for its sessions (tandemctl runs its drill);
    // `done(passed, detail)` with detail naming sessions lost. Unset: no proof asked for.
    using SwapProof = std::function<void(int serviceLocation,
                                         std::function<void(bool passed, QString detail)> done)>;
    SwapProof proveSwap;
};

struct PairPushDevice
{
    AgentClient* client = nullptr;
    QString name; // as the user knows it ("CGN-A")
    QString text; // the configuration to push
};

enum class PushStep
{
    Preflight,
    Commit,
    Verify,
    ProveSwap,
    Confirm,
    Rollback,
    VerifyRollback,
};
const char* toString(PushStep step); // "pre-flight", "commit", …

enum class PushOutcome
{
    Confirmed,          // both committed, verified and confirmed
    DryRun,             // pre-flight passed; nothing changed
    Refused,            // pre-flight failed; nothing changed
    RolledBack,         // committed, not verified (or cancelled); both rolled back, verified
    RollbackUnverified, // rolled back, but the rollback could not be proved on both
    HalfApplied,        // one device confirmed, the other not; see the message for the end state
};
const char* toString(PushOutcome outcome); // "confirmed", "dry-run", …

// One line of progress: a step, or one check within it.
struct PushEvent
{
    PushStep step = PushStep::Preflight;
    enum class State
    {
        Started,
        Passed,
        Failed,
        Info,
    } state = State::Info;
    QString text;
    qint64 elapsedMs = 0; // since start()
};

struct PushCheck
{
    QString name;   // "channel up", "SLG 1 master on CGN-A", …
    bool passed = false;
    QString detail; // what was seen
};

struct PairPushResult
{
    PushOutcome outcome = PushOutcome::Refused;
    QString pairChangeId;
    QString message;                // the end state in words
    std::array<int, 2> previousCommit{}; // running before, per device (A, B)
    std::array<int, 2> newCommit{};      // what the push committed; 0: nothing
    std::vector<PushCheck> checks;  // the last verification
    std::vector<PushEvent> events;  // everything reported, in order
    qint64 elapsedMs = 0;
    qint64 verifyMs = 0; // from the second commit to every check passing
};

class PairPush final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PairPush)

public:
    PairPush(PairPushDevice a, PairPushDevice b, PairPushOptions options,
             QObject* parent = nullptr);
    ~PairPush() override;

    void start();
    // Stops at the next safe point: before a commit nothing changes; after one both are rolled
    // back and verified. No-op once finished.
    void cancel();
    bool finished() const { return m_finished; }
    const PairPushResult& result() const { return m_result; }

    // "pair-change <id>: <label>", the label both histories carry.
    static QString commitLabel(const QString& id, const QString& label);
    // The pair change id a commit label names; empty when it names none.
    static QString pairChangeIdOf(const QString& commitLabel);

    // The planned state of each service-location on each device: master on the side whose
    // bound VRRP group has the higher priority when both devices configure it, master on its
    // own otherwise. Index 0: A, 1: B.
    using PlannedRoles = std::map<int, std::array<QString, 2>>;
    static PlannedRoles plannedRoles(const config::DeviceConfig& a, const config::DeviceConfig& b);

Q_SIGNALS:
    void progress(const tandem::client::PushEvent& event);
    void done(const tandem::client::PairPushResult& result);

private:
    using Side = int; // 0: A, 1: B
    using Roles = std::map<int, QString>; // service-location → "master" | "slave" | "down"

    struct DeviceState
    {
        PairPushDevice device;
        std::unique_ptr<ConfigClient> config;
        QString runningBefore;
        int commitBefore = 0;
        Roles rolesBefore;
        std::optional<protocol::CommitRecord> committed; // pending on the device
        bool confirmed = false;
        qint64 commitAgentMs = 0; // the agent's time of the commit
        bool locked = false;
    };

    void report(PushStep step, PushEvent::State state, const QString& text);
    void fail(PushOutcome outcome, const QString& message);
    void finish(PushOutcome outcome, const QString& message);
    // Runs `op` on both sides at once and `then` when both answered.
    void onBoth(std::function<void(Side, std::function<void(QString error)>)> op,
                std::function<void(const std::array<QString, 2>& errors)> then);

    // Pre-flight: the first device's error refuses the push (nothing changed yet); false when
    // both answered.
    bool refused(const std::array<QString, 2>& errors);
    void preflight();
    void lockBoth();
    void readHistories();
    void readRunning();
    void readRoles();
    void commitSide(Side side, std::function<void()> next);
    void startVerify();
    void verifyPoll();
    void proveSwaps(std::vector<int> locations);
    void confirmBoth();
    void rollBack(const QString& why);
    void verifyRollbackPoll();
    void unlockAndFinish(PushOutcome outcome, const QString& message);

    static Roles rolesOf(const StatusSnapshot& status);
    std::vector<PushCheck> checkPair(const std::array<std::optional<StatusSnapshot>, 2>& status,
                                     const std::array<QString, 2>& errors) const;

    std::array<DeviceState, 2> m_side;
    PairPushOptions m_options;
    PairPushResult m_result;
    PlannedRoles m_planned;
    config::DeviceConfig m_newConfig[2];
    QElapsedTimer m_clock;
    QElapsedTimer m_phaseClock;
    QElapsedTimer m_commitClock; // since the first commit: T runs from there
    QTimer m_pollTimer;
    bool m_cancelled = false;
    bool m_finished = false;
    bool m_started = false;
    bool m_committing = false; // between the first commit and the end
    bool m_proved = false;     // the swaps asked for were made and passed
    int m_first = 1;           // the side committed (and confirmed) first: the standby
    QString m_rollbackWhy;
};

} // namespace tandem::client
