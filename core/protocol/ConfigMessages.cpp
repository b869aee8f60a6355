#include "ConfigMessages.h"

#include "JsonFields.h"

#include <QStringList>
#include <algorithm>
#include <limits>

namespace tandem::protocol {

namespace {

QString fromStd(const std::string& text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

template <class T>
std::optional<T> finish(const ParamReader& reader, T request, RpcError* error)
{
    if (!reader.ok()) {
        *error = *reader.error();
        return std::nullopt;
    }
    return request;
}

template <class T>
std::optional<T> finish(const Reader& reader, T result, QString* error)
{
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    return result;
}

std::optional<ConfigSource> sourceFromString(const QString& text)
{
    for (ConfigSource s : {ConfigSource::Running, ConfigSource::Candidate, ConfigSource::History})
        if (text == QLatin1String(toString(s)))
            return s;
    return std::nullopt;
}

} // namespace

QString ConfigIssue::toString() const
{
    const QString text = QLatin1String(isError() ? "error: " : "warning: ") + message;
    if (line <= 0)
        return text;
    return QStringLiteral("%1:%2: %3").arg(line).arg(column).arg(text);
}

ConfigIssue ConfigIssue::fromFinding(const config::Finding& finding)
{
    return {finding.where.line, finding.where.column, finding.severity,
            fromStd(finding.message), fromStd(finding.fix)};
}

QJsonObject ConfigIssue::toJson() const
{
    QJsonObject json{{QStringLiteral("line"), line},
                     {QStringLiteral("column"), column},
                     {QStringLiteral("severity"),
                      QString::fromLatin1(config::toString(severity).data(),
                                          qsizetype(config::toString(severity).size()))},
                     {QStringLiteral("message"), message}};
    if (!fix.isEmpty())
        json.insert(QStringLiteral("fix"), fix);
    return json;
}

std::optional<ConfigIssue> ConfigIssue::fromJson(const QJsonObject& json, QString* error)
{
    Reader r(json, QStringLiteral("issue"));
    ConfigIssue issue;
    issue.line = r.integer("line");
    issue.column = r.integer("column");
    const QString severity = r.string("severity");
    issue.message = r.string("message");
    if (r.has("fix"))
        issue.fix = r.string("fix");
    if (r.ok() && severity != QLatin1String("error") && severity != QLatin1String("warning"))
        r.nestedError(QStringLiteral("issue: \"severity\" is 'error' or 'warning', not '%1'")
                          .arg(severity));
    issue.severity =
        severity == QLatin1String("warning") ? config::Severity::Warning : config::Severity::Error;
    return finish(r, issue, error);
}

QJsonArray toJson(const ConfigIssues& issues)
{
    QJsonArray array;
    for (const ConfigIssue& issue : issues)
        array.append(issue.toJson());
    return array;
}

std::optional<ConfigIssues> issuesFromJson(const QJsonValue& json, QString* error)
{
    if (!json.isArray()) {
        *error = QStringLiteral("\"issues\" must be an array");
        return std::nullopt;
    }
    ConfigIssues issues;
    for (const QJsonValue& value : json.toArray()) {
        const auto issue = ConfigIssue::fromJson(value.toObject(), error);
        if (!issue)
            return std::nullopt;
        issues.push_back(*issue);
    }
    return issues;
}

bool hasErrors(const ConfigIssues& issues)
{
    return std::any_of(issues.begin(), issues.end(),
                       [](const ConfigIssue& issue) { return issue.isError(); });
}

QString formatIssues(const ConfigIssues& issues)
{
    QStringList lines;
    for (const ConfigIssue& issue : issues)
        if (issue.isError())
            lines.append(issue.toString());
    return lines.join(QLatin1Char('\n'));
}

ConfigIssues issuesOf(const RpcError& error)
{
    QString ignored;
    const QJsonValue issues = error.data.toObject().value(QStringLiteral("issues"));
    return issues.isArray() ? issuesFromJson(issues, &ignored).value_or(ConfigIssues())
                            : ConfigIssues();
}

const char* toString(Confirmation confirmation)
{
    switch (confirmation) {
    case Confirmation::None:
        return "none";
    case Confirmation::Pending:
        return "pending";
    case Confirmation::Confirmed:
        return "confirmed";
    case Confirmation::Expired:
        return "expired";
    case Confirmation::Cancelled:
        return "cancelled";
    }
    return "none";
}

std::optional<Confirmation> confirmationFromString(const QString& text)
{
    for (Confirmation c : {Confirmation::None, Confirmation::Pending, Confirmation::Confirmed,
                           Confirmation::Expired, Confirmation::Cancelled})
        if (text == QLatin1String(toString(c)))
            return c;
    return std::nullopt;
}

QJsonObject CommitRecord::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("user"), user},
            {QStringLiteral("time"), timeMsecsSinceEpoch},
            {QStringLiteral("label"), label},
            {QStringLiteral("confirmSeconds"), confirmSeconds},
            {QStringLiteral("confirmation"), QLatin1String(toString(confirmation))},
            {QStringLiteral("previousId"), previousId}};
}

std::optional<CommitRecord> CommitRecord::fromJson(const QJsonObject& json, QString* error)
{
    Reader r(json, QStringLiteral("commit"));
    CommitRecord record;
    record.id = r.integer("id");
    record.user = r.string("user");
    record.timeMsecsSinceEpoch = r.integer64("time");
    record.label = r.string("label");
    record.confirmSeconds = r.integer("confirmSeconds");
    const QString confirmation = r.string("confirmation");
    record.previousId = r.integer("previousId");
    const auto parsed = confirmationFromString(confirmation);
    if (r.ok() && !parsed)
        r.nestedError(QStringLiteral("commit: \"confirmation\" is none, pending, confirmed, "
                                     "expired or cancelled, not '%1'")
                          .arg(confirmation));
    record.confirmation = parsed.value_or(Confirmation::None);
    return finish(r, record, error);
}

const char* toString(ConfigSource source)
{
    switch (source) {
    case ConfigSource::Running:
        return "running";
    case ConfigSource::Candidate:
        return "candidate";
    case ConfigSource::History:
        return "history";
    }
    return "running";
}

QJsonObject ConfigGetRequest::toJson() const
{
    QJsonObject json{{QStringLiteral("source"), QLatin1String(toString(source))}};
    if (commitId)
        json.insert(QStringLiteral("id"), *commitId);
    if (secrets)
        json.insert(QStringLiteral("secrets"), true);
    return json;
}

std::optional<ConfigGetRequest> ConfigGetRequest::fromJson(const QJsonObject& params,
                                                           RpcError* error)
{
    ParamReader p(params);
    ConfigGetRequest request;
    if (const auto source = p.string("source")) {
        if (const auto parsed = sourceFromString(*source))
            request.source = *parsed;
        else
            p.reject(QStringLiteral("\"source\" is 'running', 'candidate' or 'history', not "
                                    "'%1'")
                         .arg(*source));
    }
    request.commitId = p.integer("id", 1, std::numeric_limits<int>::max());
    if (p.ok() && request.commitId && !params.contains(QStringLiteral("source")))
        request.source = ConfigSource::History;
    if (p.ok() && (request.source == ConfigSource::History) != request.commitId.has_value())
        p.reject(QStringLiteral("\"id\" (a commit of the history) goes with \"source\": "
                                "\"history\", and only with it"));
    request.secrets = p.boolean("secrets").value_or(false);
    return finish(p, request, error);
}

QJsonObject ConfigGetResult::toJson() const
{
    return {{QStringLiteral("source"), QLatin1String(toString(source))},
            {QStringLiteral("text"), text},
            {QStringLiteral("commitId"), commitId}};
}

std::optional<ConfigGetResult> ConfigGetResult::fromJson(const QJsonObject& json, QString* error)
{
    Reader r(json, QStringLiteral("config.get"));
    ConfigGetResult result;
    const QString source = r.string("source");
    result.text = r.string("text");
    result.commitId = r.integer("commitId");
    result.source = sourceFromString(source).value_or(ConfigSource::Running);
    return finish(r, result, error);
}

QJsonObject ConfigSetRequest::toJson() const
{
    return {{QStringLiteral("text"), text}};
}

std::optional<ConfigSetRequest> ConfigSetRequest::fromJson(const QJsonObject& params,
                                                           RpcError* error)
{
    ParamReader p(params);
    ConfigSetRequest request;
    const auto text = p.string("text");
    if (p.ok() && !text)
        p.reject(QStringLiteral("\"text\" (the candidate configuration) is required"));
    request.text = text.value_or(QString());
    return finish(p, request, error);
}

QJsonObject ConfigSetResult::toJson() const
{
    return {{QStringLiteral("source"), QLatin1String(toString(source))}};
}

std::optional<ConfigSetResult> ConfigSetResult::fromJson(const QJsonObject& json, QString* error)
{
    Reader r(json, QStringLiteral("config.set"));
    ConfigSetResult result;
    result.source = sourceFromString(r.string("source")).value_or(ConfigSource::Candidate);
    return finish(r, result, error);
}

QJsonObject ConfigValidateRequest::toJson() const
{
    return text ? QJsonObject{{QStringLiteral("text"), *text}} : QJsonObject();
}

std::optional<ConfigValidateRequest> ConfigValidateRequest::fromJson(const QJsonObject& params,
                                                                     RpcError* error)
{
    ParamReader p(params);
    ConfigValidateRequest request;
    request.text = p.string("text");
    return finish(p, request, error);
}

QJsonObject ConfigValidateResult::toJson() const
{
    return {{QStringLiteral("valid"), valid},
            {QStringLiteral("issues"), protocol::toJson(issues)}};
}

std::optional<ConfigValidateResult> ConfigValidateResult::fromJson(const QJsonObject& json,
                                                                   QString* error)
{
    Reader r(json, QStringLiteral("config.validate"));
    ConfigValidateResult result;
    result.valid = r.boolean("valid");
    const QJsonArray issues = r.array("issues");
    if (!r.ok())
        return finish(r, result, error);
    const auto parsed = issuesFromJson(issues, error);
    if (!parsed)
        return std::nullopt;
    result.issues = *parsed;
    return result;
}

QJsonObject ConfigDiffRequest::toJson() const
{
    QJsonObject json;
    if (text)
        json.insert(QStringLiteral("text"), *text);
    if (commitId)
        json.insert(QStringLiteral("id"), *commitId);
    if (secrets)
        json.insert(QStringLiteral("secrets"), true);
    return json;
}

std::optional<ConfigDiffRequest> ConfigDiffRequest::fromJson(const QJsonObject& params,
                                                             RpcError* error)
{
    ParamReader p(params);
    ConfigDiffRequest request;
    request.text = p.string("text");
    request.commitId = p.integer("id", 1, std::numeric_limits<int>::max());
    request.secrets = p.boolean("secrets").value_or(false);
    if (request.text && request.commitId)
        p.reject(QStringLiteral("give \"text\" or \"id\", not both"));
    return finish(p, request, error);
}

QJsonObject ConfigDiffResult::toJson() const
{
    QJsonObject json{{QStringLiteral("changed"), changed}, {QStringLiteral("diff"), diff}};
    if (summary)
        json.insert(QStringLiteral("summary"), *summary);
    return json;
}

std::optional<ConfigDiffResult> ConfigDiffResult::fromJson(const QJsonObject& json,
                                                           QString* error)
{
    Reader r(json, QStringLiteral("config.diff"));
    ConfigDiffResult result;
    result.changed = r.boolean("changed");
    result.diff = r.string("diff");
    if (r.has("summary"))
        result.summary = r.string("summary");
    return finish(r, result, error);
}

QJsonObject ConfigCommitRequest::toJson() const
{
    QJsonObject json;
    if (text)
        json.insert(QStringLiteral("text"), *text);
    if (!label.isEmpty())
        json.insert(QStringLiteral("label"), label);
    if (confirmSeconds)
        json.insert(QStringLiteral("confirmSeconds"), *confirmSeconds);
    if (lock)
        json.insert(QStringLiteral("lock"), *lock);
    return json;
}

std::optional<ConfigCommitRequest> ConfigCommitRequest::fromJson(const QJsonObject& params,
                                                                 RpcError* error)
{
    ParamReader p(params);
    ConfigCommitRequest request;
    request.text = p.string("text");
    request.label = p.string("label").value_or(QString());
    request.confirmSeconds = p.integer("confirmSeconds", 1, kMaxConfirmSeconds);
    request.lock = p.string("lock");
    return finish(p, request, error);
}

QJsonObject ConfigConfirmRequest::toJson() const
{
    return lock ? QJsonObject{{QStringLiteral("lock"), *lock}} : QJsonObject();
}

std::optional<ConfigConfirmRequest> ConfigConfirmRequest::fromJson(const QJsonObject& params,
                                                                   RpcError* error)
{
    ParamReader p(params);
    ConfigConfirmRequest request;
    request.lock = p.string("lock");
    return finish(p, request, error);
}

QJsonObject ConfigRollbackRequest::toJson() const
{
    QJsonObject json{{QStringLiteral("id"), commitId}};
    if (lock)
        json.insert(QStringLiteral("lock"), *lock);
    return json;
}

std::optional<ConfigRollbackRequest> ConfigRollbackRequest::fromJson(const QJsonObject& params,
                                                                     RpcError* error)
{
    ParamReader p(params);
    ConfigRollbackRequest request;
    const auto id = p.integer("id", 1, std::numeric_limits<int>::max());
    if (p.ok() && !id)
        p.reject(QStringLiteral("\"id\" (the commit to roll back to) is required"));
    request.commitId = id.value_or(0);
    request.lock = p.string("lock");
    return finish(p, request, error);
}

const CommitRecord* ConfigHistoryResult::find(int id) const
{
    const auto it = std::find_if(commits.begin(), commits.end(),
                                 [id](const CommitRecord& c) { return c.id == id; });
    return it == commits.end() ? nullptr : &*it;
}

QJsonObject ConfigHistoryResult::toJson() const
{
    QJsonArray array;
    for (const CommitRecord& record : commits)
        array.append(record.toJson());
    QJsonObject json{{QStringLiteral("runningId"), runningId}, {QStringLiteral("commits"), array}};
    if (pending)
        json.insert(QStringLiteral("pending"),
                    QJsonObject{{QStringLiteral("id"), pending->commitId},
                                {QStringLiteral("remainingMs"), pending->remainingMs}});
    return json;
}

std::optional<ConfigHistoryResult> ConfigHistoryResult::fromJson(const QJsonObject& json,
                                                                 QString* error)
{
    Reader r(json, QStringLiteral("config.history"));
    ConfigHistoryResult result;
    result.runningId = r.integer("runningId");
    const QJsonArray commits = r.array("commits");
    if (r.has("pending")) {
        const QJsonObject pending = r.object("pending");
        Reader p(pending, QStringLiteral("config.history: pending"));
        PendingConfirm confirm;
        confirm.commitId = p.integer("id");
        confirm.remainingMs = p.integer64("remainingMs");
        r.nestedError(p.error());
        result.pending = confirm;
    }
    if (!r.ok())
        return finish(r, result, error);
    for (const QJsonValue& value : commits) {
        const auto record = CommitRecord::fromJson(value.toObject(), error);
        if (!record)
            return std::nullopt;
        result.commits.push_back(*record);
    }
    return result;
}

QJsonObject ConfigLockRequest::toJson() const
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("seconds"), seconds}};
}

std::optional<ConfigLockRequest> ConfigLockRequest::fromJson(const QJsonObject& params,
                                                             RpcError* error)
{
    ParamReader p(params);
    ConfigLockRequest request;
    const auto id = p.string("id");
    const auto seconds = p.integer("seconds", 1, kMaxSeconds);
    if (p.ok() && (!id || id->isEmpty()))
        p.reject(QStringLiteral("\"id\" (the pair change the lock is for) is required"));
    if (p.ok() && !seconds)
        p.reject(QStringLiteral("\"seconds\" (how long the lock holds unless renewed) is "
                                "required"));
    request.id = id.value_or(QString());
    request.seconds = seconds.value_or(0);
    return finish(p, request, error);
}

QJsonObject ConfigLockResult::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("user"), user},
            {QStringLiteral("remainingMs"), remainingMs}};
}

std::optional<ConfigLockResult> ConfigLockResult::fromJson(const QJsonObject& json,
                                                           QString* error)
{
    Reader r(json, QStringLiteral("config.lock"));
    ConfigLockResult result;
    result.id = r.string("id");
    result.user = r.string("user");
    result.remainingMs = r.integer64("remainingMs");
    return finish(r, result, error);
}

QJsonObject ConfigUnlockRequest::toJson() const
{
    return {{QStringLiteral("id"), id}};
}

std::optional<ConfigUnlockRequest> ConfigUnlockRequest::fromJson(const QJsonObject& params,
                                                                 RpcError* error)
{
    ParamReader p(params);
    ConfigUnlockRequest request;
    request.id = p.string("id").value_or(QString());
    if (p.ok() && request.id.isEmpty())
        p.reject(QStringLiteral("\"id\" (the pair change holding the lock) is required"));
    return finish(p, request, error);
}

} // namespace tandem::protocol
