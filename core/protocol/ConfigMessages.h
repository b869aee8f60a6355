#pragma once

// The `config.*` methods of the agent protocol as types (docs/protocol.md, "Configuration"):
// a request struct per method with the params it takes, a result struct per answer, and the
// issue and commit record they share. The agent's handlers read requests with fromJson and
// answer with toJson; tandemctl, PairPush and the GUI build requests and read results the
// same way, so a field has one name and one meaning everywhere.
//
// Requests: fromJson answers the InvalidParams error the agent sends back (naming the field);
// results: fromJson names the field that is missing or of the wrong type in *error.

#include "JsonRpc.h"
#include "config/Validate.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

namespace tandem::protocol {

// A problem with a configuration text; line and column are 1-based (0: about the whole text).
// Errors stop a commit; warnings (the reference's advice) do not. The agent's store reports
// these, and core's findings (config::Finding) become one through fromFinding.
struct ConfigIssue
{
    int line = 0;
    int column = 0;
    config::Severity severity = config::Severity::Error;
    QString message;
    QString fix; // a suggested fix; empty when there is no obvious one

    bool isError() const { return severity == config::Severity::Error; }
    QString toString() const; // "LINE:COL: error: message"
    static ConfigIssue fromFinding(const config::Finding& finding);

    QJsonObject toJson() const;
    static std::optional<ConfigIssue> fromJson(const QJsonObject& json, QString* error);
    bool operator==(const ConfigIssue&) const = default;
};
using ConfigIssues = std::vector<ConfigIssue>;
QJsonArray toJson(const ConfigIssues& issues);
std::optional<ConfigIssues> issuesFromJson(const QJsonValue& json, QString* error);
bool hasErrors(const ConfigIssues& issues);
// The errors, one per line, for a message; warnings travel in the issue list only.
QString formatIssues(const ConfigIssues& issues);
// The issues a failed call carries in its error's data (`-32005`); empty when it has none.
ConfigIssues issuesOf(const RpcError& error);

enum class Confirmation
{
    None,      // a plain commit
    Pending,   // `commit confirmed`, waiting
    Confirmed, // `commit confirmed`, confirmed in time
    Expired,   // `commit confirmed`, not confirmed: rolled back
    Cancelled, // `commit confirmed`, rolled back before its deadline (config.cancel)
};
// "none" | "pending" | "confirmed" | "expired" | "cancelled"
const char* toString(Confirmation confirmation);
std::optional<Confirmation> confirmationFromString(const QString& text);

// One entry of a device's commit history, as every committing method returns it.
struct CommitRecord
{
    int id = 0;
    QString user;
    qint64 timeMsecsSinceEpoch = 0;
    QString label;
    int confirmSeconds = 0; // 0: not a commit-confirmed
    Confirmation confirmation = Confirmation::None;
    int previousId = 0; // what was running before; where an expiry rolls back to

    QJsonObject toJson() const;
    static std::optional<CommitRecord> fromJson(const QJsonObject& json, QString* error);
    bool operator==(const CommitRecord&) const = default;
};

enum class ConfigSource
{
    Running,
    Candidate,
    History, // a commit of the history, by id
};
const char* toString(ConfigSource source); // "running" | "candidate" | "history"

// `"secrets": true` in a viewing request asks for the secrets in clear (admin only: the agent
// checks the caller's role, the struct only carries the wish).

struct ConfigGetRequest
{
    ConfigSource source = ConfigSource::Running;
    std::optional<int> commitId; // with History: which commit ("id")
    bool secrets = false;
    QJsonObject toJson() const;
    static std::optional<ConfigGetRequest> fromJson(const QJsonObject& params, RpcError* error);
    bool operator==(const ConfigGetRequest&) const = default;
};

struct ConfigGetResult
{
    ConfigSource source = ConfigSource::Running;
    QString text;
    int commitId = 0; // the running commit; with History the commit asked for
    QJsonObject toJson() const;
    static std::optional<ConfigGetResult> fromJson(const QJsonObject& json, QString* error);
    bool operator==(const ConfigGetResult&) const = default;
};

struct ConfigSetRequest
{
    QString text; // the new candidate
    QJsonObject toJson() const;
    static std::optional<ConfigSetRequest> fromJson(const QJsonObject& params, RpcError* error);
    bool operator==(const ConfigSetRequest&) const = default;
};

struct ConfigSetResult
{
    ConfigSource source = ConfigSource::Candidate;
    QJsonObject toJson() const;
    static std::optional<ConfigSetResult> fromJson(const QJsonObject& json, QString* error);
    bool operator==(const ConfigSetResult&) const = default;
};

struct ConfigValidateRequest
{
    std::optional<QString> text; // nullopt: the candidate
    QJsonObject toJson() const;
    static std::optional<ConfigValidateRequest> fromJson(const QJsonObject& params,
                                                         RpcError* error);
    bool operator==(const ConfigValidateRequest&) const = default;
};

struct ConfigValidateResult
{
    bool valid = false;
    ConfigIssues issues;
    QJsonObject toJson() const;
    static std::optional<ConfigValidateResult> fromJson(const QJsonObject& json, QString* error);
    bool operator==(const ConfigValidateResult&) const = default;
};

struct ConfigDiffRequest
{
    // At most one of text and commitId; neither: the candidate.
    std::optional<QString> text;
    std::optional<int> commitId;
    bool secrets = false;
    QJsonObject toJson() const;
    static std::optional<ConfigDiffRequest> fromJson(const QJsonObject& params, RpcError* error);
    bool operator==(const ConfigDiffRequest&) const = default;
};

struct ConfigDiffResult
{
    bool changed = false;
    QString diff;                   // unified diff of the texts
    std::optional<QString> summary; // objects added, removed, changed; when the other side parses
    QJsonObject toJson() const;
    static std::optional<ConfigDiffResult> fromJson(const QJsonObject& json, QString* error);
    bool operator==(const ConfigDiffResult&) const = default;
};

struct ConfigCommitRequest
{
    std::optional<QString> text; // nullopt: the candidate
    QString label;
    std::optional<int> confirmSeconds; // 1–86400: roll back unless confirmed in time
    std::optional<QString> lock;       // the pair change holding the lock (config.lock)
    static constexpr int kMaxConfirmSeconds = 86400;
    QJsonObject toJson() const;
    static std::optional<ConfigCommitRequest> fromJson(const QJsonObject& params,
                                                       RpcError* error);
    bool operator==(const ConfigCommitRequest&) const = default;
};
// config.commit, config.confirm, config.cancel and config.rollback answer with the CommitRecord.

// config.confirm confirms the pending `commit confirmed`; config.cancel rolls it back now.
struct ConfigConfirmRequest
{
    std::optional<QString> lock;
    QJsonObject toJson() const;
    static std::optional<ConfigConfirmRequest> fromJson(const QJsonObject& params,
                                                        RpcError* error);
    bool operator==(const ConfigConfirmRequest&) const = default;
};
using ConfigCancelRequest = ConfigConfirmRequest;

struct ConfigRollbackRequest
{
    int commitId = 0; // the history entry whose text is committed again
    std::optional<QString> lock;
    QJsonObject toJson() const;
    static std::optional<ConfigRollbackRequest> fromJson(const QJsonObject& params,
                                                         RpcError* error);
    bool operator==(const ConfigRollbackRequest&) const = default;
};

struct PendingConfirm
{
    int commitId = 0;
    qint64 remainingMs = 0;
    bool operator==(const PendingConfirm&) const = default;
};

struct ConfigHistoryResult
{
    int runningId = 0;
    std::vector<CommitRecord> commits; // oldest first
    std::optional<PendingConfirm> pending;
    const CommitRecord* find(int id) const;
    QJsonObject toJson() const;
    static std::optional<ConfigHistoryResult> fromJson(const QJsonObject& json, QString* error);
    bool operator==(const ConfigHistoryResult&) const = default;
};

// The pair lock (agent/mgmt/ConfigLock.h): a lease on a device's configuration under a pair
// change's id; while it is held, changes that do not name it are refused (-32007).
struct ConfigLockRequest
{
    QString id;
    int seconds = 0; // 1–3600
    static constexpr int kMaxSeconds = 3600;
    QJsonObject toJson() const;
    static std::optional<ConfigLockRequest> fromJson(const QJsonObject& params, RpcError* error);
    bool operator==(const ConfigLockRequest&) const = default;
};

struct ConfigLockResult
{
    QString id;
    QString user;
    qint64 remainingMs = 0;
    QJsonObject toJson() const;
    static std::optional<ConfigLockResult> fromJson(const QJsonObject& json, QString* error);
    bool operator==(const ConfigLockResult&) const = default;
};

struct ConfigUnlockRequest
{
    QString id;
    QJsonObject toJson() const;
    static std::optional<ConfigUnlockRequest> fromJson(const QJsonObject& params,
                                                       RpcError* error);
    bool operator==(const ConfigUnlockRequest&) const = default;
};

} // namespace tandem::protocol
