#pragma once

// The agent's configuration store: the running configuration, a candidate being prepared, and
// the commit history with commit-confirmed.
//
// On disk the --config file IS the running configuration; every commit rewrites it atomically.
// Beside it, <config>.d/history/ keeps each commit as <id>.cfg (the exact bytes) and <id>.json
// (who, when, label, confirmation). A commit writes <id>.json, then <id>.cfg, then renames the
// new text over the --config file: that rename is the commit point. Killed before it, the agent
// restarts into the old config and drops the unfinished history entry; killed after it, into
// the new one. A commit still waiting for confirmation when the agent dies is rolled back at
// the next start (the agent may have died because of it).
//
// Texts that come in (candidate, validate, commit) may hold secrets masked as config.get shows
// them to whoever did not ask for secrets: each keeps the running secret (keepRunningSecrets).
//
// Plain logic over files with injected clocks: the owner asks confirmDeadline() and calls
// expireConfirm() then, as with VrrpGroup, so tests run commit-confirmed without waiting.

#include "config/DeviceConfig.h"
#include "protocol/ConfigMessages.h"

#include <QString>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tandem::mgmt {

// What the live agent does with a config about to be committed: the agent reconfigures
// itself, tests use a fake.
class ConfigApplier
{
public:
    virtual ~ConfigApplier() = default;
    // Makes `next` live. On failure returns false with *error naming what could not be
    // applied, and the agent runs exactly as before.
    virtual bool apply(const config::DeviceConfig& next, QString* error) = 0;
};

struct ConfigClocks
{
    std::function<qint64()> wallMsecsSinceEpoch;                // commit times in the history
    std::function<std::chrono::steady_clock::time_point()> now; // confirm deadlines
    static ConfigClocks system();
};

// The issue and commit record of the agent protocol (core/protocol/ConfigMessages.h): what the
// store reports is what config.* answers.
using ConfigIssue = protocol::ConfigIssue;
using Confirmation = protocol::Confirmation;
using CommitRecord = protocol::CommitRecord;

struct StoreError
{
    enum class Kind
    {
        Invalid,  // the text does not parse or validate; `issues` says where
        Conflict, // not now: a commit waits for confirmation, or nothing does
        NotFound, // no such commit id in the history
        Apply,    // the live agent refused the config
        Storage,  // the disk refused
    };
    Kind kind = Kind::Invalid;
    QString message;
    std::vector<ConfigIssue> issues;
};

using protocol::formatIssues;

class ConfigStore final
{
public:
    // How many commits the history keeps; older ones are deleted.
    static constexpr int kHistoryLimit = 50;

    // Reads the --config file, finishes or undoes a commit that was interrupted, rolls back a
    // commit that was still waiting for confirmation, and records a file edited while the
    // agent was stopped as a commit by "(file)". A config that does not parse is an error
    // listing every problem as PATH:LINE:COL, and nothing on disk is touched.
    static std::unique_ptr<ConfigStore> open(const QString& configPath, QString* error,
                                             ConfigClocks clocks = ConfigClocks::system());
    ~ConfigStore();

    // Not owned; nullptr while nothing is live yet (commits then only persist).
    void setApplier(ConfigApplier* applier) { m_applier = applier; }

    const QString& configPath() const { return m_configPath; }
    QString historyDir() const;

    const std::string& runningText() const { return m_runningText; }
    const config::DeviceConfig& running() const { return m_running; }
    int runningId() const { return m_runningId; }

    // The candidate starts as the running text and follows it after each commit; it lives
    // in memory only. A candidate that does not parse is refused and the old one kept. Here,
    // in validate() and in commit(), a masked secret keeps the running one.
    const std::string& candidateText() const { return m_candidateText; }
    bool setCandidate(const std::string& text, StoreError* error);
    // What setCandidate() checks, without the store: callable from any thread.
    static bool candidateParses(const std::string& text, StoreError* error);
    // A candidate candidateParses() accepted.
    void replaceCandidate(std::string text) { m_candidateText = std::move(text); }

    // The largest configuration text: a commit or validate carries it in one frame of the
    // agent protocol (16 MiB), escaped as JSON.
    static constexpr std::size_t kMaxTextBytes = 12u << 20;

    // Parse, reference and semantic checks (config::validateConfig), plus what the agent needs
    // to stay manageable. Returns the config when no issue is an error. Uses nothing of the
    // store: the agent runs it on a worker thread.
    static std::optional<config::DeviceConfig> validate(const std::string& text,
                                                        std::vector<ConfigIssue>* issues);

    struct CommitOptions
    {
        QString user;
        QString label;
        int confirmSeconds = 0; // > 0: roll back unless confirmed within this many seconds
    };
    // validate → apply → persist. On any failure returns nullopt with *error, and memory,
    // disk and the live agent are as they were.
    std::optional<CommitRecord> commit(const std::string& text, const CommitOptions& options,
                                       StoreError* error);
    // commit() of a text validate() has accepted as `parsed`: apply → persist.
    std::optional<CommitRecord> commitValidated(const std::string& text,
                                                const config::DeviceConfig& parsed,
                                                const CommitOptions& options, StoreError* error);
    // Confirms the pending `commit confirmed`; an error when none is pending.
    std::optional<CommitRecord> confirm(const QString& user, StoreError* error);
    // Commits the text of history entry `id` again, as a new commit.
    std::optional<CommitRecord> rollback(int id, const QString& user, StoreError* error);

    // A commit that open() found waiting for confirmation and rolled back, for the owner's
    // audit log (which does not exist yet while the store opens).
    struct RestartRollback
    {
        int commit = 0;       // the unconfirmed one
        int rolledBackTo = 0; // what runs again
        int newCommit = 0;    // the rollback, by "(agent)"
    };
    const std::optional<RestartRollback>& rolledBackAtStart() const { return m_rolledBackAtStart; }

    std::vector<CommitRecord> history() const; // oldest first
    std::optional<std::string> textOf(int id, StoreError* error) const;
    std::optional<CommitRecord> pending() const;

    // When the pending `commit confirmed` rolls back; nullopt when none is pending.
    std::optional<std::chrono::steady_clock::time_point> confirmDeadline() const;
    // Rolls back the pending commit when its deadline has passed. Returns the rollback
    // commit; nullopt with *error empty when nothing was due, with a message when the
    // rollback failed (it stays pending, and the owner tries again).
    std::optional<CommitRecord> expireConfirm(StoreError* error);
    // Rolls the pending commit back now, as its expiry would, by `user` (a pair push whose
    // verification failed, or that was cancelled); an error when none is pending.
    std::optional<CommitRecord> cancelConfirm(const QString& user, StoreError* error);

private:
    ConfigStore(QString configPath, ConfigClocks clocks);
    static QString tooLarge(std::size_t bytes);
    bool recover(QString* error);
    QString cfgPath(int id) const;
    QString metaPath(int id) const;
    bool writeMeta(const CommitRecord& record, QString* error) const;
    bool readText(int id, std::string* text, QString* error) const;
    // Writes history <id>.json and <id>.cfg, then the --config file; undoes the history files
    // when any step before the rename fails.
    bool persist(const CommitRecord& record, const std::string& text, bool writeConfig,
                 QString* error);
    std::optional<CommitRecord> commitParsed(const std::string& text,
                                             const config::DeviceConfig& parsed,
                                             CommitRecord record, StoreError* error);
    void prune();
    // Commits `waiting`'s previous text again as `record` and marks `waiting` with `mark`.
    std::optional<CommitRecord> rollBackPending(const CommitRecord& waiting, CommitRecord record,
                                                Confirmation mark, StoreError* error);

    QString m_configPath;
    ConfigClocks m_clocks;
    ConfigApplier* m_applier = nullptr;
    std::string m_runningText;
    config::DeviceConfig m_running;
    int m_runningId = 0;
    std::string m_candidateText;
    std::vector<CommitRecord> m_history; // oldest first; the last one is running
    std::optional<std::chrono::steady_clock::time_point> m_confirmDeadline;
    std::optional<RestartRollback> m_rolledBackAtStart;
    int m_lockFd = -1; // flock on <config>.d/lock while this store is open
};

} // namespace tandem::mgmt
