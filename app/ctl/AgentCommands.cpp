#include "AgentCommands.h"

#include "Output.h"
#include "BlockingCall.h"
#include "CommandLine.h"
#include "ImpactText.h"
#include "StatusText.h"
#include "client/LabDescription.h"
#include "protocol/ConfigMessages.h"
#include "protocol/JsonRpc.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <limits>

namespace tandem::ctl {

const char* const kAgentUsage =
    R"(
Online commands: each talks to one agent, given by one of
  --host HOST --port PORT [--user USER] [--tls] [--fingerprint SHA256:…]
        the agent's TCP listener; password from $TANDEM_PASSWORD, or an API token of USER
        from $TANDEM_TOKEN (`tandem-agent make-token`; used instead of the password when
        set, e.g. in CI jobs); TLS for a `management listen … tls` agent, pinned to the
        fingerprint `tandem-agent --fingerprint` prints (--fingerprint implies --tls; --tls
        alone refuses the certificate, printing it)
  --ssh [USER@]HOST[:PORT] [--identity FILE] [--known-hosts FILE] [--accept-new-host-key]
        the `tandem` subsystem of the device's OpenSSH server (`Subsystem tandem
        /usr/bin/tandem-agent bridge`); the agent gives USER's role. Key from --identity
        (default ~/.ssh/id_ed25519, id_ecdsa, id_rsa), ssh-agent, or $TANDEM_SSH_PASSWORD;
        host key checked in --known-hosts (default ~/.ssh/known_hosts): an unknown one is
        refused, printing its fingerprint, unless --accept-new-host-key adds it; a changed
        one is always refused
  --socket PATH
        the agent's unix socket on this host (`<config>.d/agent.sock`); the agent gives your
        OS user's role
  --lab DIR [--device NAME]
        a device of a lab pair (from DIR/lab.json); without --device the lab's first
        (CGN-A), except `ha status` (both devices) and `ha switchover|batch-backup --sl N`
        (the master of N)
Each takes --json to print the agent's answer as JSON instead of a table.
  display WORDS… [--secrets]
        a display command in the device's text form, e.g. `display vrrp brief`,
        `display nat session table verbose`, `display remote-backup-service`
  config get [--candidate] [--secrets]
        the running (or candidate) configuration. Password hashes, token hashes and
        authentication keys show as ******; --secrets shows them (admin only)
  config validate FILE                the agent validates FILE; findings as FILE:LINE:COL
  config diff FILE | --id N [--secrets]
        running vs FILE, or vs commit N of the history, secrets masked unless --secrets
        (online when --host/--ssh/--socket/--lab or --id is given; `config diff OLD NEW`
        stays offline); a FILE's diff is followed by its impact, as config impact prints it
  config impact FILE
        what committing FILE would do, nothing changed: per service-location whether its
        engine is kept or rebuilt and the sessions, users and port blocks a rebuild drops; VRRP
        groups rebuilt or resigning; whether your user or the listener you came in on goes
  config commit FILE [--label L] [--confirm SECONDS]
        apply FILE; with --confirm it rolls back by itself unless confirmed in time. A
        ****** where a secret goes (as config get prints it) keeps the running secret
  config confirm                      confirm the pending commit
  config rollback ID                  commit the text of history entry ID again
  config history                      commits with id, time, user, label, confirmation
  ha status                           per service-location: role, board, batch (with progress,
        rate and time left), backlog, demotion and why, tables, digests; channel; alarms
  ha switchover --sl N                the master of service-location N resigns; it takes the
        role back by preemption once it holds the new master's batch backup
  ha switchover --sl N --clear-demotion
        end any demotion of N on this device (manual switchover, incomplete copy) now
  ha batch-backup --sl N              send a batch backup of service-location N now
  sessions [--sl N] [--cpe IP [--vpn N]] [--protocol tcp|udp|icmp] [--inside-port P]
           [--outside IP] [--outside-port P] [--sort id|inside|outside|remote|created|expires]
           [--desc] [--limit N] [--cursor C] [--all]
        one page of the session table (default 100, at most 1000), sorted by the agent;
        --all pages to the end
  users [--sl N] [--limit N] [--cursor C] [--all]
  user --cpe IP [--vpn N] [--sl N]    one user: public address, port blocks, sessions
  pools [--sl N]                      public addresses and their port blocks in use
  counts [--sl N]                     table sizes, limits and drop counters
  audit [--limit N] [--since MS]      the agent's audit log, newest last (admin): logins,
        commits, switchovers, drills; at most N entries (default 100, 1-1000) since MS
  call METHOD [PARAMS_JSON]           any agent method, answer as JSON
Exit status of online commands: 0 success, 1 the agent refused (its message is printed) or
could not be reached, 2 usage error.
)";

namespace {

constexpr int kTimeoutMs = 30000;

// What the command line said (CommandLine.h).
using Options = CommandLine;

// Exit status 2 for a usage error, 1 for a lab file that cannot be read.
std::optional<client::Endpoint> endpointFrom(const Options& options, int* status, QString* error)
{
    *status = 2;
    if (options.values.contains(QStringLiteral("lab"))) {
        if (namesAgent(options.values)) {
            *error = QStringLiteral("give --lab or --host/--ssh/--socket, not both");
            return std::nullopt;
        }
        const auto lab =
            client::LabDescription::load(options.values.value(QStringLiteral("lab")), error);
        if (!lab) {
            *status = 1;
            return std::nullopt;
        }
        const QString name = options.values.value(QStringLiteral("device"), lab->devices[0].name);
        for (const client::LabDevice& device : lab->devices)
            if (device.name == name)
                return device.endpoint();
        *error = QStringLiteral("the lab has no device '%1'").arg(name);
        return std::nullopt;
    }
    return endpointFromOptions(options.values, options.flags, error);
}

QString json(const QJsonValue& value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson());
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson());
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
               .mid(1)
               .chopped(1) +
           QLatin1Char('\n');
}

// Columns padded to their widest cell; numbers are left-aligned like the device's tables.
QString table(const QStringList& header, const QList<QStringList>& rows)
{
    QList<qsizetype> widths;
    for (const QString& h : header)
        widths.append(h.size());
    for (const QStringList& row : rows)
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    auto line = [&](const QStringList& cells) {
        QString text;
        for (qsizetype i = 0; i < cells.size(); ++i)
            text += i + 1 < cells.size() ? cells[i].leftJustified(widths[i] + 2) : cells[i];
        return text + QLatin1Char('\n');
    };
    QString text = line(header);
    for (const QStringList& row : rows)
        text += line(row);
    return text;
}

QString keyValues(const QList<QPair<QString, QString>>& pairs)
{
    qsizetype width = 0;
    for (const auto& [key, value] : pairs)
        width = std::max(width, key.size());
    QString text;
    for (const auto& [key, value] : pairs)
        text += QStringLiteral("%1 : %2\n").arg(key.leftJustified(width), value);
    return text;
}

QString num(const QJsonObject& o, const char* key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isUndefined() ? QStringLiteral("-") : QString::number(v.toInteger());
}

QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

bool readFile(const QString& path, QString* text, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    *text = QString::fromUtf8(file.readAll());
    return true;
}

// The agent's findings, in the offline commands' form so editors can jump to them.
QString issuesText(const QString& file, const protocol::ConfigIssues& issues)
{
    QString text;
    for (const protocol::ConfigIssue& issue : issues) {
        text += QStringLiteral("%1:%2:%3: %4: %5\n")
                    .arg(file)
                    .arg(issue.line)
                    .arg(issue.column)
                    .arg(QString::fromLatin1(config::toString(issue.severity).data(),
                                             qsizetype(config::toString(issue.severity).size())),
                         issue.message);
        if (!issue.fix.isEmpty())
            text += QStringLiteral("    fix: %1\n").arg(issue.fix);
    }
    return text;
}

QString timeText(qint64 msecsSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch).toString(Qt::ISODate);
}

QString recordText(const protocol::CommitRecord& record)
{
    QString text = QStringLiteral("commit %1 by %2 at %3")
                       .arg(record.id)
                       .arg(record.user, timeText(record.timeMsecsSinceEpoch));
    if (!record.label.isEmpty())
        text += QStringLiteral(" (%1)").arg(record.label);
    text += QStringLiteral(": %1\n").arg(QLatin1String(protocol::toString(record.confirmation)));
    return text;
}

// One online command once its options are read: the method, its params and how to print.
class Session
{
public:
    Session(const Options& options, client::Endpoint endpoint)
        : m_options(options), m_endpoint(std::move(endpoint))
    {}

    bool jsonOutput() const { return m_options.flags.contains(QStringLiteral("json")); }

    // nullopt: printed the error; *status is 1.
    std::optional<QJsonValue> call(const QString& method, const QJsonObject& params,
                                   QJsonValue* errorData = nullptr)
    {
        QString error;
        auto result = m_agent.call(method, params, kTimeoutMs, &error, errorData);
        if (!result)
            m_error = error;
        return result;
    }

    int failed() const { return fail(m_error); }
    const QString& error() const { return m_error; }

    // A typed call: the request's params, the result read with R::fromJson. nullopt: the
    // error is kept for failed() (and the agent's error data in *errorData).
    template <class R>
    std::optional<R> typed(const char* method, const QJsonObject& params,
                           QJsonValue* errorData = nullptr, QJsonValue* raw = nullptr)
    {
        const auto result = call(QLatin1String(method), params, errorData);
        if (!result)
            return std::nullopt;
        if (raw)
            *raw = *result;
        QString error;
        std::optional<R> parsed = R::fromJson(result->toObject(), &error);
        if (!parsed)
            m_error = QStringLiteral("the agent's answer to %1 does not parse: %2")
                          .arg(QLatin1String(method), error);
        return parsed;
    }

    // A typed call printed: --json the answer, otherwise `human(result)`.
    template <class R>
    int runTyped(const char* method, const QJsonObject& params,
                 const std::function<QString(const R&)>& human)
    {
        QJsonValue raw;
        const std::optional<R> result = typed<R>(method, params, nullptr, &raw);
        if (!result)
            return failed();
        out(jsonOutput() ? json(raw) : human(*result));
        return 0;
    }

    // Calls and prints: --json the answer, otherwise `human(answer)`.
    int run(const QString& method, const QJsonObject& params,
            const std::function<QString(const QJsonObject&)>& human)
    {
        const auto result = call(method, params);
        if (!result)
            return failed();
        out(jsonOutput() ? json(*result) : human(result->toObject()));
        return 0;
    }

private:
    const Options& m_options;
    client::Endpoint m_endpoint;
    AgentSession m_agent{m_endpoint}; // one connection for every call of the command
    QString m_error;
};

// --name N as a whole number in [min, max] into params[key]; false with *error.
bool numberOption(const Options& options, const QString& name, const QString& key, qint64 min,
                  qint64 max, QJsonObject* params, QString* error)
{
    if (!options.values.contains(name))
        return true;
    bool ok = false;
    const qint64 value = options.values.value(name).toLongLong(&ok);
    if (!ok || value < min || value > max) {
        *error = QStringLiteral("--%1 needs a whole number from %2 to %3, not '%4'")
                     .arg(name)
                     .arg(min)
                     .arg(max)
                     .arg(options.values.value(name));
        return false;
    }
    params->insert(key, value);
    return true;
}

void stringOption(const Options& options, const QString& name, const QString& key,
                  QJsonObject* params)
{
    if (options.values.contains(name))
        params->insert(key, options.values.value(name));
}

QString userText(const QJsonObject& user)
{
    const QJsonObject key = user.value(QStringLiteral("user")).toObject();
    const QJsonObject sessions = user.value(QStringLiteral("sessions")).toObject();
    const QJsonObject limits = user.value(QStringLiteral("limits")).toObject();
    QList<QPair<QString, QString>> pairs{{QStringLiteral("CPE"), str(key, "text")},
                                         {QStringLiteral("Public IP"), str(user, "publicAddress")},
                                         {QStringLiteral("Sessions total/tcp/udp/icmp"),
                                          QStringLiteral("%1/%2/%3/%4")
                                              .arg(num(sessions, "total"), num(sessions, "tcp"),
                                                   num(sessions, "udp"), num(sessions, "icmp"))},
                                         {QStringLiteral("Limits total/tcp/udp/icmp"),
                                          QStringLiteral("%1/%2/%3/%4")
                                              .arg(num(limits, "total"), num(limits, "tcp"),
                                                   num(limits, "udp"), num(limits, "icmp"))}};
    for (const QJsonValue& v : user.value(QStringLiteral("portBlocks")).toArray()) {
        const QJsonObject b = v.toObject();
        pairs.append({QStringLiteral("Port block %1").arg(num(b, "block")),
                      QStringLiteral("%1 ports %2-%3 (used tcp %4, udp %5, icmp %6)")
                          .arg(str(b, "address"), num(b, "firstPort"), num(b, "lastPort"),
                               num(b, "tcp"), num(b, "udp"), num(b, "icmp"))});
    }
    return keyValues(pairs);
}

// --secrets: password hashes, token hashes and keys in clear (the agent allows it to admins).
void secretsFlag(const Options& options, QJsonObject* params)
{
    if (options.flags.contains(QStringLiteral("secrets")))
        params->insert(QStringLiteral("secrets"), true);
}

int displayCommand(const Options& options, Session& session)
{
    if (options.positional.isEmpty())
        return fail(QStringLiteral("display needs what to display, e.g. `display vrrp brief`"), 2);
    QJsonObject params{{QStringLiteral("command"), options.positional.join(QLatin1Char(' '))}};
    secretsFlag(options, &params);
    return session.run(QStringLiteral("display"), params,
                       [](const QJsonObject& r) { return str(r, "text"); });
}

// config.impact of `text`, read into its struct; nullopt with *error (the agent's, or a bad
// answer).
std::optional<protocol::ConfigImpact> impactOf(Session& session, const QString& text,
                                               QString* error)
{
    const auto result = session.call(QLatin1String(protocol::method::kConfigImpact),
                                     {{QStringLiteral("text"), text}});
    if (!result) {
        *error = session.error();
        return std::nullopt;
    }
    QString why;
    auto impact = protocol::ConfigImpact::fromJson(result->toObject(), &why);
    if (!impact)
        *error = QStringLiteral("the agent answered config.impact with %1").arg(why);
    return impact;
}

int configOnline(const QString& sub, const Options& options, Session& session)
{
    const QStringList& pos = options.positional;
    QString error;
    if (sub == QStringLiteral("get")) {
        if (!pos.isEmpty())
            return fail(QStringLiteral("config get takes no file"), 2);
        protocol::ConfigGetRequest request;
        if (options.flags.contains(QStringLiteral("candidate")))
            request.source = protocol::ConfigSource::Candidate;
        request.secrets = options.flags.contains(QStringLiteral("secrets"));
        return session.runTyped<protocol::ConfigGetResult>(
            protocol::method::kConfigGet, request.toJson(),
            [](const protocol::ConfigGetResult& r) { return r.text; });
    }
    if (sub == QStringLiteral("validate")) {
        QString text;
        if (pos.size() != 1)
            return fail(QStringLiteral("config validate needs one FILE"), 2);
        if (!readFile(pos[0], &text, &error))
            return fail(error);
        QJsonValue raw;
        const auto r = session.typed<protocol::ConfigValidateResult>(
            protocol::method::kConfigValidate, protocol::ConfigValidateRequest{text}.toJson(),
            nullptr, &raw);
        if (!r)
            return session.failed();
        if (session.jsonOutput())
            out(json(raw));
        else
            out(issuesText(pos[0], r->issues) +
                (r->valid ? QStringLiteral("%1: valid\n").arg(pos[0]) : QString()));
        return r->valid ? 0 : 1;
    }
    if (sub == QStringLiteral("diff")) {
        QJsonObject params;
        if (!numberOption(options, QStringLiteral("id"), QStringLiteral("id"), 1,
                          std::numeric_limits<int>::max(), &params, &error))
            return fail(error, 2);
        if (params.contains(QStringLiteral("id")) == (pos.size() == 1) || pos.size() > 1)
            return fail(QStringLiteral("config diff with an agent takes one FILE or --id N "
                                       "(offline: config diff OLD NEW)"),
                        2);
        if (pos.size() == 1) {
            QString text;
            if (!readFile(pos[0], &text, &error))
                return fail(error);
            params.insert(QStringLiteral("text"), text);
        }
        secretsFlag(options, &params);
        const auto diff = session.call(QStringLiteral("config.diff"), params);
        if (!diff)
            return session.failed();
        QJsonObject r = diff->toObject();
        const QString diffText =
            !r.value(QStringLiteral("changed")).toBool()
                ? QStringLiteral("no difference\n")
                : str(r, "summary") +
                      (str(r, "summary").isEmpty() ? QString() : QStringLiteral("\n")) +
                      str(r, "diff");
        // A file's diff comes with what committing it would do (a commit of history has none).
        std::optional<protocol::ConfigImpact> impact;
        if (params.contains(QStringLiteral("text"))) {
            impact = impactOf(session, params.value(QStringLiteral("text")).toString(), &error);
            if (!impact) {
                out(session.jsonOutput() ? json(r) : diffText);
                return fail(QStringLiteral("impact: %1").arg(error));
            }
            r.insert(QStringLiteral("impact"), impact->toJson());
        }
        out(session.jsonOutput()
                ? json(r)
                : diffText +
                      (impact ? QStringLiteral("\n") + formatConfigImpact(*impact) : QString()));
        return 0;
    }
    if (sub == QStringLiteral("impact")) {
        if (pos.size() != 1)
            return fail(QStringLiteral("config impact needs one FILE"), 2);
        QString text;
        if (!readFile(pos[0], &text, &error))
            return fail(error);
        const auto impact = impactOf(session, text, &error);
        if (!impact)
            return fail(error);
        out(session.jsonOutput() ? json(impact->toJson()) : formatConfigImpact(*impact));
        return 0;
    }
    if (sub == QStringLiteral("commit")) {
        if (pos.size() != 1)
            return fail(QStringLiteral("config commit needs one FILE"), 2);
        QString text;
        if (!readFile(pos[0], &text, &error))
            return fail(error);
        QJsonObject params;
        if (!numberOption(options, QStringLiteral("confirm"), QStringLiteral("confirmSeconds"), 1,
                          protocol::ConfigCommitRequest::kMaxConfirmSeconds, &params, &error))
            return fail(error, 2);
        protocol::ConfigCommitRequest request;
        request.text = text;
        request.label = options.values.value(QStringLiteral("label"));
        if (params.contains(QStringLiteral("confirmSeconds")))
            request.confirmSeconds = params.value(QStringLiteral("confirmSeconds")).toInt();
        QJsonValue data;
        QJsonValue raw;
        const auto r = session.typed<protocol::CommitRecord>(protocol::method::kConfigCommit,
                                                             request.toJson(), &data, &raw);
        if (!r) {
            // The agent's message lists the issues too; here they name the file, once.
            QString ignored;
            const auto issues =
                protocol::issuesFromJson(data.toObject().value(QStringLiteral("issues")), &ignored);
            if (!issues || issues->empty())
                return session.failed();
            fail(session.error().section(QLatin1Char('\n'), 0, 0));
            std::fputs(issuesText(pos[0], *issues).toUtf8().constData(), stderr);
            return 1;
        }
        if (session.jsonOutput()) {
            out(json(raw));
        } else {
            out(recordText(*r));
            if (r->confirmation == protocol::Confirmation::Pending)
                out(QStringLiteral("rolls back in %1 s unless `tandemctl config confirm`\n")
                        .arg(r->confirmSeconds));
        }
        return 0;
    }
    if (sub == QStringLiteral("confirm")) {
        if (!pos.isEmpty())
            return fail(QStringLiteral("config confirm takes no argument"), 2);
        return session.runTyped<protocol::CommitRecord>(protocol::method::kConfigConfirm, {},
                                                         recordText);
    }
    if (sub == QStringLiteral("rollback")) {
        bool ok = false;
        const int id = pos.value(0).toInt(&ok);
        if (pos.size() != 1 || !ok || id < 1)
            return fail(QStringLiteral("config rollback needs one commit ID (see config history)"),
                        2);
        return session.runTyped<protocol::CommitRecord>(
            protocol::method::kConfigRollback, protocol::ConfigRollbackRequest{id, {}}.toJson(),
            recordText);
    }
    if (sub == QStringLiteral("history")) {
        if (!pos.isEmpty())
            return fail(QStringLiteral("config history takes no argument"), 2);
        return session.runTyped<protocol::ConfigHistoryResult>(
            protocol::method::kConfigHistory, {}, [](const protocol::ConfigHistoryResult& r) {
                QList<QStringList> rows;
                for (const protocol::CommitRecord& c : r.commits)
                    rows.append({(c.id == r.runningId ? QStringLiteral("*") : QStringLiteral(" ")) +
                                     QString::number(c.id),
                                 timeText(c.timeMsecsSinceEpoch), c.user,
                                 QLatin1String(protocol::toString(c.confirmation)), c.label});
                QString text =
                    table({QStringLiteral(" ID"), QStringLiteral("TIME"), QStringLiteral("USER"),
                           QStringLiteral("CONFIRMATION"), QStringLiteral("LABEL")},
                          rows);
                text += QStringLiteral("* running\n");
                if (r.pending)
                    text += QStringLiteral("commit %1 rolls back in %2 s unless confirmed\n")
                                .arg(r.pending->commitId)
                                .arg((r.pending->remainingMs + 999) / 1000);
                return text;
            });
    }
    return fail(QStringLiteral("unknown config command '%1'").arg(sub), 2);
}

QString batchText(const QJsonObject& l)
{
    const QString state = str(l, "batchBackupState");
    const QJsonObject p = l.value(QStringLiteral("batch")).toObject();
    if (p.isEmpty())
        return l.value(QStringLiteral("role")).toString() == QLatin1String("master") ? state : QStringLiteral("-");
    const bool receiving = l.value(QStringLiteral("receivingBatch")).toBool();
    QString text = QStringLiteral("%1 %2/%3").arg(receiving ? QStringLiteral("receiving") : state,
                                                  num(p, "done"), num(p, "total"));
    if (p.value(QStringLiteral("stalled")).toBool())
        text += QStringLiteral(" STALLED");
    else if (p.value(QStringLiteral("endSent")).toBool())
        text += QStringLiteral(" awaiting verdict");
    else if (p.contains(QStringLiteral("remainingMs")))
        text += QStringLiteral(" %1/s ~%2 s").arg(num(p, "recordsPerSecond"))
                    .arg((p.value(QStringLiteral("remainingMs")).toInteger() + 999) / 1000);
    return text;
}

QString msText(const QJsonObject& o, const char* key)
{
    return o.contains(QLatin1String(key))
               ? QStringLiteral("%1 ms").arg(o.value(QLatin1String(key)).toInteger())
               : QStringLiteral("-");
}

QString haStatusText(const QJsonObject& r)
{
    QList<QStringList> rows;
    QStringList demotions;
    for (const QJsonValue& v : r.value(QStringLiteral("serviceLocations")).toArray()) {
        const QJsonObject l = v.toObject();
        // Digests as the last comparison found them, and how long ago; the agent leaves them
        // out unless that comparison was made on these tables and is the latest due.
        QString digest = QStringLiteral("-");
        if (l.contains(QStringLiteral("digestEqual"))) {
            const qint64 ago = (QDateTime::currentMSecsSinceEpoch()
                                - l.value(QStringLiteral("digestCheckedMs")).toInteger()) / 1000;
            digest = QStringLiteral("%1 (%2 s ago)")
                         .arg(l.value(QStringLiteral("digestEqual")).toBool() ? QStringLiteral("yes")
                                                                              : QStringLiteral("NO"))
                         .arg(std::max<qint64>(0, ago));
        }
        const QJsonObject demotion = l.value(QStringLiteral("demotion")).toObject();
        if (!demotion.isEmpty())
            demotions.append(QStringLiteral("service-location %1 demoted to priority 1: %2 "
                                            "(clear: ha switchover --sl %1 --clear-demotion)")
                                 .arg(num(l, "id"), str(demotion, "why")));
        const bool master = str(l, "role") == QLatin1String("master");
        rows.append({num(l, "id"), str(l, "role"), str(l, "board"), batchText(l), num(l, "backlog"),
                     demotion.isEmpty() ? QStringLiteral("-") : QStringLiteral("yes"),
                     num(l, "users"), num(l, "sessions"),
                     master ? num(l, "notBackedUp") : QStringLiteral("-"), num(l, "portBlocks"),
                     l.value(QStringLiteral("inStep")).toBool() ? QStringLiteral("yes")
                                                                : QStringLiteral("no"),
                     digest});
    }
    QString text =
        table({QStringLiteral("SL"), QStringLiteral("ROLE"), QStringLiteral("BOARD"),
               QStringLiteral("BATCH"), QStringLiteral("BACKLOG"), QStringLiteral("DEMOTED"),
               QStringLiteral("USERS"), QStringLiteral("SESSIONS"), QStringLiteral("NOT-BACKED-UP"),
               QStringLiteral("BLOCKS"), QStringLiteral("IN-STEP"), QStringLiteral("DIGEST-EQUAL")},
              rows);
    text += QStringLiteral(
        "IN-STEP: every session older than service-ha delay-time is on the peer (channel up, "
        "the latest digests equal, nothing missing); NOT-BACKED-UP: sessions younger than "
        "delay-time, which the device does not back up, by design\n");
    for (const QString& d : demotions)
        text += d + QLatin1Char('\n');
    const QJsonValue channel = r.value(QStringLiteral("channel"));
    if (channel.isObject()) {
        const QJsonObject c = channel.toObject();
        text +=
            QStringLiteral("\nchannel %1 to %2:%3 (%4), lag p99 %5 us\n")
                .arg(str(c, "state"), str(c, "peer"), num(c, "port"),
                     str(c, "peerDevice").isEmpty() ? QStringLiteral("-") : str(c, "peerDevice"),
                     num(c, "lagP99Us"));
        text +=
            QStringLiteral(
                "  records sent %1 = acked %2 + in flight %3 + voided %4 (a closed connection's "
                "unacked); received %5; retried %6; missed %7 (queue full); waiting %8\n")
                .arg(num(c, "sent"), num(c, "acked"), num(c, "inFlight"), num(c, "voided"),
                     num(c, "received"), num(c, "retried"), num(c, "missed"), num(c, "queueDepth"));
    } else {
        text += QStringLiteral("\nchannel %1\n").arg(channel.toString());
    }
    const QJsonObject sync = r.value(QStringLiteral("sync")).toObject();
    text += QStringLiteral("hot backup: real-time records queued %1, peer's records applied %2, "
                           "missed %3, refused %4; "
                           "batches sent %5, received %6, stalled %7; digest mismatches %8\n")
                .arg(num(sync, "queued"), num(sync, "received"), num(sync, "missed"),
                     num(sync, "refused"), num(sync, "batchesSent"), num(sync, "batchesReceived"),
                     num(sync, "batchStalls"), num(sync, "digestMismatches"));
    // NAT load balancing: each global pool's subnets and whether the peer holds the same.
    for (const QJsonValue& v : r.value(QStringLiteral("pools")).toArray()) {
        const QJsonObject p = v.toObject();
        const QJsonValue equal = p.value(QStringLiteral("digestEqual"));
        text += QStringLiteral("\nnat ip-pool %1%2: %3 subnets, %4 addresses free; subnets on the peer: %5\n")
                    .arg(str(p, "name"),
                         p.value(QStringLiteral("slave")).toBool() ? QStringLiteral(" (slave)") : QString(),
                         QString::number(p.value(QStringLiteral("subnets")).toArray().size()), num(p, "freeAddresses"),
                         equal.isUndefined() ? QStringLiteral("not compared recently")
                         : equal.toBool()    ? QStringLiteral("equal")
                                             : QStringLiteral("DIFFERENT"));
        QList<QStringList> rows;
        for (const QJsonValue& s : p.value(QStringLiteral("subnets")).toArray()) {
            const QJsonObject o = s.toObject();
            rows.append({str(o, "subnet"), num(o, "serviceLocation"),
                         o.contains(QStringLiteral("blocksUsed"))
                             ? QStringLiteral("%1/%2").arg(num(o, "blocksUsed"), num(o, "blocksTotal"))
                             : QStringLiteral("-"),
                         o.value(QStringLiteral("draining")).toBool() ? QStringLiteral("draining") : QString()});
        }
        text += table({QStringLiteral("SUBNET"), QStringLiteral("SL"), QStringLiteral("BLOCKS"), QString()}, rows);
    }
    for (const QJsonValue& v : r.value(QStringLiteral("steering")).toArray()) {
        const QJsonObject s = v.toObject();
        text += QStringLiteral("nat ip-address %1 (nat instance %2): %3%4\n")
                    .arg(str(s, "address"), str(s, "natInstance"),
                         s.value(QStringLiteral("masterHere")).toBool()
                             ? QStringLiteral("steers to this chassis (master)")
                             : QStringLiteral("steers to the peer"),
                         s.value(QStringLiteral("routed")).toBool() ? QString()
                                                                    : QStringLiteral("; not routed in a lab"));
    }
    for (const QJsonValue& a : r.value(QStringLiteral("alarms")).toArray())
        text += QStringLiteral("ALARM %1\n").arg(str(a.toObject(), "message"));
    const QJsonArray switchovers = r.value(QStringLiteral("switchovers")).toArray();
    if (switchovers.isEmpty())
        return text +
               QStringLiteral("\nno switchover here (the first election after start is none)\n");
    QList<QStringList> events;
    for (const QJsonValue& v : switchovers) {
        const QJsonObject e = v.toObject();
        const qint64 decision = e.value(QStringLiteral("decisionMs")).toInteger();
        const qint64 advert = e.value(QStringLiteral("firstAdvertMs")).toInteger() - decision;
        const qint64 detection = e.value(QStringLiteral("detectionMs")).toInteger();
        events.append(
            {QDateTime::fromMSecsSinceEpoch(decision).toString(
                 QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
             num(e, "serviceLocation"),
             str(e, "cause").isEmpty() ? QStringLiteral("-") : str(e, "cause"), str(e, "reason"),
             msText(e, "detectionMs"),
             QStringLiteral("%1 ms").arg(e.value(QStringLiteral("tablesActiveMs")).toInteger() -
                                         decision),
             QStringLiteral("%1 ms").arg(advert),
             QStringLiteral("%1 ms").arg(advert + std::max<qint64>(0, detection)),
             QStringLiteral("%1 -> %2").arg(num(e, "sessionsBefore"), num(e, "sessionsAfter"))});
    }
    text += QStringLiteral("\nswitchovers here (this device took over), oldest first:\n");
    text +=
        table({QStringLiteral("TIME"), QStringLiteral("SL"), QStringLiteral("CAUSE"),
               QStringLiteral("VRRP REASON"), QStringLiteral("DETECT"), QStringLiteral("TABLES"),
               QStringLiteral("ADVERT"), QStringLiteral("TOTAL"), QStringLiteral("SESSIONS")},
              events);
    text += QStringLiteral(
        "DETECT: the old master's last advert (or resign) to the decision; TABLES, ADVERT: the "
        "decision to tables active and to the first advert as master; TOTAL: DETECT + ADVERT; "
        "SESSIONS: in the standby copy at the decision -> live once active\n");
    return text;
}

int haCommand(const QString& sub, const Options& options, Session& session)
{
    QString error;
    if (!options.positional.isEmpty())
        return fail(
            QStringLiteral("ha %1 takes no argument '%2'").arg(sub, options.positional.first()), 2);
    if (sub == QStringLiteral("status"))
        return session.run(QStringLiteral("ha.status"), {}, haStatusText);
    QJsonObject params;
    if (!numberOption(options, QStringLiteral("sl"), QStringLiteral("serviceLocation"), 1, 255,
                      &params, &error))
        return fail(error, 2);
    if (sub != QStringLiteral("switchover") && sub != QStringLiteral("batch-backup"))
        return fail(
            QStringLiteral("unknown ha command '%1' (status, switchover, batch-backup)").arg(sub),
            2);
    if (!params.contains(QStringLiteral("serviceLocation")))
        return fail(QStringLiteral("ha %1 needs --sl N (the service-location)").arg(sub), 2);
    if (sub == QStringLiteral("switchover") && options.flags.contains(QStringLiteral("clear-demotion"))) {
        params.insert(QStringLiteral("clearDemotion"), true);
        return session.run(QStringLiteral("ha.switchover"), params, [](const QJsonObject& r) {
            return r.value(QStringLiteral("demotionCleared")).toBool()
                       ? QStringLiteral("service-location %1: demotion cleared; it advertises its own priority again\n")
                             .arg(num(r, "serviceLocation"))
                       : QStringLiteral("service-location %1 was not demoted on this device\n").arg(num(r, "serviceLocation"));
        });
    }
    if (sub == QStringLiteral("switchover"))
        return session.run(QStringLiteral("ha.switchover"), params, [](const QJsonObject& r) {
            return QStringLiteral("service-location %1: master resigned; the peer takes over\n")
                .arg(num(r, "serviceLocation"));
        });
    return session.run(QStringLiteral("ha.batchBackup"), params, [](const QJsonObject& r) {
        return QStringLiteral("service-location %1: batch backup started\n")
            .arg(num(r, "serviceLocation"));
    });
}

// cgn.sessions / cgn.users, one page or (--all) every page.
int pagedCommand(const QString& method, const QString& listKey, QJsonObject params,
                 const Options& options, Session& session,
                 const std::function<QStringList(const QJsonObject&)>& row,
                 const QStringList& header)
{
    QString error;
    // A sorted listing's cursor is the agent's "<key>:<id>" string; otherwise a number.
    const bool sorted = params.contains(QStringLiteral("sort")) ||
                        params.contains(QStringLiteral("descending"));
    if (sorted)
        stringOption(options, QStringLiteral("cursor"), QStringLiteral("cursor"), &params);
    if (!numberOption(options, QStringLiteral("limit"), QStringLiteral("limit"), 1, 1000, &params,
                      &error) ||
        (!sorted && !numberOption(options, QStringLiteral("cursor"), QStringLiteral("cursor"), 0,
                                  4294967295LL, &params, &error)))
        return fail(error, 2);
    const auto nextOf = [](const QJsonObject& page) {
        const QJsonValue next = page.value(QStringLiteral("nextCursor"));
        return next.isString() ? next.toString()
                               : next.toInteger() ? QString::number(next.toInteger()) : QString();
    };
    const bool all = options.flags.contains(QStringLiteral("all"));
    if (all && !params.contains(QStringLiteral("limit")))
        params.insert(QStringLiteral("limit"), 1000);
    QJsonArray entries;
    QJsonObject last;
    for (;;) {
        const auto result = session.call(method, params);
        if (!result)
            return session.failed();
        last = result->toObject();
        for (const QJsonValue& v : last.value(listKey).toArray())
            entries.append(v);
        const QString next = nextOf(last);
        if (!all || next.isEmpty())
            break;
        params.insert(QStringLiteral("cursor"),
                      sorted ? QJsonValue(next) : QJsonValue(next.toLongLong()));
    }
    if (session.jsonOutput()) {
        last.insert(listKey, entries);
        out(json(last));
        return 0;
    }
    QList<QStringList> rows;
    for (const QJsonValue& v : entries)
        rows.append(row(v.toObject()));
    QString text = table(header, rows);
    text += QStringLiteral("%1 of %2 %3 on service-location %4")
                .arg(entries.size())
                .arg(num(last, "total"), listKey, num(last, "serviceLocation"));
    const QString next = nextOf(last);
    text += next.isEmpty() ? QStringLiteral("\n")
                           : QStringLiteral("; next page: --cursor %1\n").arg(next);
    out(text);
    return 0;
}

int cgnCommand(const QString& command, const Options& options, Session& session)
{
    QString error;
    if (!options.positional.isEmpty())
        return fail(
            QStringLiteral("%1 takes no argument '%2'").arg(command, options.positional.first()),
            2);
    QJsonObject params;
    if (!numberOption(options, QStringLiteral("sl"), QStringLiteral("serviceLocation"), 1, 255,
                      &params, &error) ||
        !numberOption(options, QStringLiteral("vpn"), QStringLiteral("vpn"), 0, 65535, &params,
                      &error))
        return fail(error, 2);
    stringOption(options, QStringLiteral("cpe"), QStringLiteral("cpe"), &params);
    if (command == QStringLiteral("sessions")) {
        stringOption(options, QStringLiteral("protocol"), QStringLiteral("protocol"), &params);
        stringOption(options, QStringLiteral("outside"), QStringLiteral("outsideAddress"), &params);
        stringOption(options, QStringLiteral("sort"), QStringLiteral("sort"), &params);
        if (options.flags.contains(QStringLiteral("desc")))
            params.insert(QStringLiteral("descending"), true);
        if (!numberOption(options, QStringLiteral("inside-port"), QStringLiteral("insidePort"), 0,
                          65535, &params, &error) ||
            !numberOption(options, QStringLiteral("outside-port"), QStringLiteral("outsidePort"), 0,
                          65535, &params, &error))
            return fail(error, 2);
        return pagedCommand(
            QStringLiteral("cgn.sessions"), QStringLiteral("sessions"), params, options, session,
            [](const QJsonObject& s) {
                return QStringList{
                    num(s, "id"),
                    str(s, "protocol"),
                    QStringLiteral("%1:%2").arg(str(s, "insideAddress"), num(s, "insidePort")),
                    QStringLiteral("%1:%2").arg(str(s, "outsideAddress"), num(s, "outsidePort")),
                    QStringLiteral("%1:%2").arg(str(s, "remoteAddress"), num(s, "remotePort")),
                    str(s, "tcpState"),
                    str(s.value(QStringLiteral("user")).toObject(), "text")};
            },
            {QStringLiteral("ID"), QStringLiteral("PROTO"), QStringLiteral("INSIDE"),
             QStringLiteral("OUTSIDE"), QStringLiteral("REMOTE"), QStringLiteral("TCP"),
             QStringLiteral("USER")});
    }
    if (command == QStringLiteral("users"))
        return pagedCommand(
            QStringLiteral("cgn.users"), QStringLiteral("users"), params, options, session,
            [](const QJsonObject& u) {
                const QJsonObject sessions = u.value(QStringLiteral("sessions")).toObject();
                QStringList blocks;
                for (const QJsonValue& v : u.value(QStringLiteral("portBlocks")).toArray())
                    blocks.append(QStringLiteral("%1-%2").arg(num(v.toObject(), "firstPort"),
                                                              num(v.toObject(), "lastPort")));
                return QStringList{str(u.value(QStringLiteral("user")).toObject(), "text"),
                                   str(u, "publicAddress"), blocks.join(QLatin1Char(',')),
                                   QStringLiteral("%1/%2/%3/%4")
                                       .arg(num(sessions, "total"), num(sessions, "tcp"),
                                            num(sessions, "udp"), num(sessions, "icmp"))};
            },
            {QStringLiteral("USER"), QStringLiteral("PUBLIC"), QStringLiteral("PORTS"),
             QStringLiteral("SESSIONS T/TCP/UDP/ICMP")});
    if (command == QStringLiteral("user")) {
        if (!params.contains(QStringLiteral("cpe")))
            return fail(QStringLiteral("user needs --cpe IP"), 2);
        return session.run(QStringLiteral("cgn.user"), params, userText);
    }
    if (command == QStringLiteral("pools"))
        return session.run(QStringLiteral("cgn.pools"), params, [](const QJsonObject& r) {
            QList<QStringList> rows;
            for (const QJsonValue& v : r.value(QStringLiteral("addresses")).toArray()) {
                const QJsonObject a = v.toObject();
                rows.append(
                    {str(a, "address"), str(a, "group"),
                     QStringLiteral("%1/%2").arg(num(a, "blocksUsed"), num(a, "blocksTotal"))});
            }
            return table({QStringLiteral("ADDRESS"), QStringLiteral("GROUP"),
                          QStringLiteral("BLOCKS USED/TOTAL")},
                         rows) +
                   QStringLiteral("%1 addresses on service-location %2\n")
                       .arg(rows.size())
                       .arg(num(r, "serviceLocation"));
        });
    // counts
    return session.run(QStringLiteral("cgn.counts"), params, [](const QJsonObject& c) {
        QList<QPair<QString, QString>> pairs{
            {QStringLiteral("Service-location"), num(c, "serviceLocation")},
            {QStringLiteral("Role"), str(c, "role")},
            {QStringLiteral("Users"),
             QStringLiteral("%1 of %2").arg(num(c, "users"), num(c, "maxUsers"))},
            {QStringLiteral("Sessions"), QStringLiteral("%1 of %2 (tcp %3, udp %4, icmp %5)")
                                             .arg(num(c, "sessions"), num(c, "maxSessions"),
                                                  num(c, "tcp"), num(c, "udp"), num(c, "icmp"))},
            {QStringLiteral("Port blocks"),
             QStringLiteral("%1 of %2").arg(num(c, "portBlocksUsed"), num(c, "portBlocksTotal"))},
            {QStringLiteral("Addresses"), num(c, "addresses")},
            {QStringLiteral("Held ports"), num(c, "heldPorts")},
            {QStringLiteral("Created/aged/removed"),
             QStringLiteral("%1/%2/%3").arg(num(c, "created"), num(c, "aged"), num(c, "removed"))}};
        const QJsonObject drops = c.value(QStringLiteral("drops")).toObject();
        for (auto it = drops.begin(); it != drops.end(); ++it)
            pairs.append({QStringLiteral("Drops %1").arg(it.key()),
                          QString::number(it.value().toInteger())});
        return keyValues(pairs);
    });
}

int auditCommand(const Options& options, Session& session)
{
    if (!options.positional.isEmpty())
        return fail(QStringLiteral("audit takes no argument"), 2);
    QJsonObject params;
    QString error;
    if (!numberOption(options, QStringLiteral("limit"), QStringLiteral("limit"), 1, 1000, &params,
                      &error) ||
        !numberOption(options, QStringLiteral("since"), QStringLiteral("since"), 0,
                      std::numeric_limits<qint64>::max() / 2, &params, &error))
        return fail(error, 2);
    return session.run(QStringLiteral("audit.list"), params, [](const QJsonObject& r) {
        QList<QStringList> rows;
        for (const QJsonValue& v : r.value(QStringLiteral("entries")).toArray()) {
            const QJsonObject e = v.toObject();
            const QJsonObject target = e.value(QStringLiteral("target")).toObject();
            QStringList what;
            for (auto it = target.begin(); it != target.end(); ++it) {
                // One line per entry: nested values (lab.traffic's mix) as compact JSON.
                const QString value =
                    it.value().isString()
                        ? it.value().toString()
                        : QString::fromUtf8(QJsonDocument(QJsonArray{it.value()})
                                                .toJson(QJsonDocument::Compact))
                              .mid(1)
                              .chopped(1);
                what.append(QStringLiteral("%1=%2").arg(it.key(), value));
            }
            QString outcome = str(e, "outcome");
            if (!str(e, "message").isEmpty())
                outcome += QStringLiteral(": ") + str(e, "message");
            rows.append({timeText(e.value(QStringLiteral("time")).toInteger()), str(e, "user"),
                         str(e, "source"), str(e, "action"), what.join(QLatin1Char(' ')),
                         outcome});
        }
        return table({QStringLiteral("TIME"), QStringLiteral("USER"), QStringLiteral("SOURCE"),
                      QStringLiteral("ACTION"), QStringLiteral("TARGET"),
                      QStringLiteral("OUTCOME")},
                     rows);
    });
}

int callCommand(const Options& options, Session& session)
{
    const QStringList& pos = options.positional;
    if (pos.isEmpty() || pos.size() > 2)
        return fail(QStringLiteral("call needs METHOD [PARAMS_JSON]"), 2);
    QJsonObject params;
    if (pos.size() == 2) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(pos[1].toUtf8(), &parseError);
        if (!doc.isObject())
            return fail(QStringLiteral("PARAMS_JSON must be a JSON object: %1")
                            .arg(parseError.error == QJsonParseError::NoError
                                     ? QStringLiteral("not an object")
                                     : parseError.errorString()),
                        2);
        params = doc.object();
    }
    const auto result = session.call(pos[0], params);
    if (!result)
        return session.failed();
    out(json(*result));
    return 0;
}

} // namespace

bool isOnlineConfigCommand(const QStringList& arguments)
{
    static const QStringList kAlways{QStringLiteral("get"),     QStringLiteral("validate"),
                                     QStringLiteral("impact"),  QStringLiteral("commit"),
                                     QStringLiteral("confirm"), QStringLiteral("rollback"),
                                     QStringLiteral("history")};
    const QString sub = arguments.value(0);
    if (kAlways.contains(sub))
        return true;
    return sub == QStringLiteral("diff") &&
           std::any_of(arguments.begin(), arguments.end(), [](const QString& a) {
               return a == QStringLiteral("--host") || a == QStringLiteral("--ssh") ||
                      a == QStringLiteral("--socket") || a == QStringLiteral("--lab") ||
                      a == QStringLiteral("--id");
           });
}

bool isAgentCommand(const QString& command)
{
    static const QStringList kCommands{QStringLiteral("display"),  QStringLiteral("ha"),
                                       QStringLiteral("sessions"), QStringLiteral("users"),
                                       QStringLiteral("user"),     QStringLiteral("pools"),
                                       QStringLiteral("counts"),   QStringLiteral("call"),
                                       QStringLiteral("audit")};
    return kCommands.contains(command);
}

// `ha …` with --lab and no --device: `ha status` of both devices, one after the other;
// switchover and batch-backup on the device that is master of --sl.
int haOnLab(const QString& sub, const Options& options)
{
    QString error;
    const auto lab =
        client::LabDescription::load(options.values.value(QStringLiteral("lab")), &error);
    if (!lab)
        return fail(error);
    if (sub == QStringLiteral("status")) {
        QJsonObject all;
        int status = 0;
        for (const client::LabDevice& device : lab->devices) {
            Session session(options, device.endpoint());
            const auto result = session.call(QStringLiteral("ha.status"), {});
            if (!result) {
                fail(session.error());
                status = 1;
                continue;
            }
            if (session.jsonOutput())
                all.insert(device.name, *result);
            else
                out(QStringLiteral("%1== %2 (%3) ==\n%4")
                        .arg(&device == &lab->devices.front() ? QString() : QStringLiteral("\n"),
                             device.name, device.endpoint().toString(),
                             haStatusText(result->toObject())));
        }
        if (!all.isEmpty())
            out(json(all));
        return status;
    }
    const int sl = options.values.value(QStringLiteral("sl")).toInt();
    for (const client::LabDevice& device : lab->devices) {
        Session session(options, device.endpoint());
        const auto result = session.call(QStringLiteral("ha.status"), {});
        if (!result)
            return session.failed();
        for (const QJsonValue& v :
             result->toObject().value(QStringLiteral("serviceLocations")).toArray())
            if (v.toObject().value(QStringLiteral("id")).toInt() == sl &&
                str(v.toObject(), "role") == QLatin1String("master")) {
                if (!session.jsonOutput())
                    out(QStringLiteral("%1 (master of service-location %2):\n")
                            .arg(device.name)
                            .arg(sl));
                return haCommand(sub, options, session);
            }
    }
    return fail(QStringLiteral("no device of the lab is master of service-location %1").arg(sl));
}

// The connection options, for the --help of every online command.
const char* const kConnectionHelp =
    R"(connection (one of): --host HOST --port PORT [--user USER] [--tls] [--fingerprint SHA256:…]
  | --ssh [USER@]HOST[:PORT] [--identity FILE] [--known-hosts FILE] [--accept-new-host-key]
  | --socket PATH | --lab DIR [--device NAME];  --json prints the agent's answer as JSON
)";

int agentCommand(const QStringList& arguments)
{
    const QString command = arguments.value(0);
    const bool withSub = command == QStringLiteral("config") || command == QStringLiteral("ha");
    const QString sub = withSub ? arguments.value(1) : QString();
    const QString subs =
        command == QStringLiteral("ha")
            ? QStringLiteral("status, switchover or batch-backup")
            : QStringLiteral("get, validate, diff, commit, confirm, rollback or history");
    const bool helpAsked =
        arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"));
    if (withSub && (sub.isEmpty() || sub.startsWith(QStringLiteral("-")))) {
        if (helpAsked) {
            out(QStringLiteral("usage: tandemctl\n") + usageOf(QString::fromUtf8(kAgentUsage), command) +
                QString::fromUtf8(kConnectionHelp));
            return 0;
        }
        std::fprintf(stderr, "tandemctl: %s needs a subcommand: %s\nusage:\n%s",
                     command.toUtf8().constData(), subs.toUtf8().constData(),
                     usageOf(QString::fromUtf8(kAgentUsage), command).toUtf8().constData());
        return 2;
    }
    const QString path = withSub ? command + QLatin1Char(' ') + sub : command;
    if (!findCommand(path))
        return fail(QStringLiteral("unknown %1 command '%2': %3").arg(command, sub, subs), 2);
    QString error;
    // `display` passes its words through: the device syntax has no --options.
    const auto parsed = parseCommandLine(path, arguments.mid(withSub ? 2 : 1), &error);
    if (!parsed)
        return fail(error, 2);
    if (parsed->help) {
        out(QStringLiteral("usage: tandemctl\n") + usageOf(QString::fromUtf8(kAgentUsage), path) +
            QString::fromUtf8(kConnectionHelp));
        return 0;
    }
    const Options& options = *parsed;
    if (command == QStringLiteral("ha") && options.values.contains(QStringLiteral("lab")) &&
        !options.values.contains(QStringLiteral("device")) && !namesAgent(options.values) &&
        (sub == QStringLiteral("status") || options.values.contains(QStringLiteral("sl"))))
        return haOnLab(sub, options);
    int status = 2;
    const auto endpoint = endpointFrom(options, &status, &error);
    if (!endpoint)
        return fail(error, status);
    Session session(options, *endpoint);
    if (command == QStringLiteral("display"))
        return displayCommand(options, session);
    if (command == QStringLiteral("config"))
        return configOnline(sub, options, session);
    if (command == QStringLiteral("ha"))
        return haCommand(sub, options, session);
    if (command == QStringLiteral("call"))
        return callCommand(options, session);
    if (command == QStringLiteral("audit"))
        return auditCommand(options, session);
    return cgnCommand(command, options, session);
}

} // namespace tandem::ctl
