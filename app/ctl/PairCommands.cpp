#include "PairCommands.h"

#include "Output.h"
#include "BlockingCall.h"
#include "CommandLine.h"
#include "client/ConfigClient.h"
#include "client/LabDescription.h"
#include "client/PairHistory.h"
#include "client/PairPush.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QProcess>
#include <QSet>
#include <QSocketNotifier>
#include <QTimer>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>
#include <unistd.h>

namespace tandem::ctl {

const char* const kPairUsage =
    R"(  config push-pair A.cfg B.cfg (--lab DIR | --a 'TRANSPORT' --b 'TRANSPORT') [--confirm SECONDS]
         [--label TEXT] [--allow-unfinished-batch] [--prove-swap] [--dry-run] [--json]
        change both devices of a pair as one: pre-flight (admin on both, the pair lock, no
        commit pending, pair check), commit confirmed on both (standby first), verify (planned
        roles, backup channel up, batch backup finished, digests equal), then confirm both;
        otherwise roll both back and verify the rollback. Device A gets A.cfg. Ctrl-C rolls
        back. Exit 1 when it did not confirm. --prove-swap (with --lab): before confirming,
        a drill switches service-location 1 over and back and must count 0 sessions lost
        (the drill accounts for service-location 1 only: another paired location fails it).
        TRANSPORT: one device's connection options in one word, as for config plan
  config pair-history (--lab DIR | --a … --b …) [--json]
        the pair revisions: commits with one pair-change label on both devices
  config pair-rollback ID (--lab DIR | --a … --b …) [--confirm SECONDS] [--json]
        push the configurations of pair revision ID again to both, as push-pair does
)";

namespace {

using namespace protocol;

constexpr int kConnectTimeoutMs = 10000;

// What the command line said (CommandLine.h).
using PairArgs = CommandLine;

// The two endpoints: the lab's devices, or --a/--b 'TRANSPORT' (endpointFromWord).
std::optional<std::array<client::Endpoint, 2>> endpoints(const PairArgs& args, QString* error)
{
    const bool lab = args.values.contains(QStringLiteral("lab"));
    const bool direct = args.values.contains(QStringLiteral("a")) ||
                        args.values.contains(QStringLiteral("b"));
    if (lab == direct) {
        *error = QStringLiteral("name the pair with --lab DIR, or with --a 'TRANSPORT' --b "
                                "'TRANSPORT'");
        return std::nullopt;
    }
    std::array<client::Endpoint, 2> pair;
    if (lab) {
        const auto description =
            client::LabDescription::load(args.values.value(QStringLiteral("lab")), error);
        if (!description)
            return std::nullopt;
        if (description->devices.size() != 2) {
            *error = QStringLiteral("the lab has %1 devices, not a pair")
                         .arg(description->devices.size());
            return std::nullopt;
        }
        pair[0] = description->devices[0].endpoint();
        pair[1] = description->devices[1].endpoint();
        return pair;
    }
    for (int i = 0; i < 2; ++i) {
        const QString side = i == 0 ? QStringLiteral("a") : QStringLiteral("b");
        if (!args.values.contains(side)) {
            *error = QStringLiteral("--%1 'TRANSPORT' is missing").arg(side);
            return std::nullopt;
        }
        auto endpoint = endpointFromWord(side, args.values.value(side), error);
        if (!endpoint)
            return std::nullopt;
        pair[std::size_t(i)] = *endpoint;
    }
    return pair;
}

// Two clients kept open (they reconnect by themselves: a device that restarts during the push
// is found again for the rollback's verification).
class PairConnection
{
public:
    bool open(const std::array<client::Endpoint, 2>& endpoints, QString* error)
    {
        for (int i = 0; i < 2; ++i) {
            m_clients[std::size_t(i)] = std::make_unique<client::AgentClient>();
            m_clients[std::size_t(i)]->open(endpoints[std::size_t(i)], true);
        }
        QEventLoop loop;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
            if (connected())
                loop.quit();
        });
        poll.start(20);
        QTimer::singleShot(kConnectTimeoutMs, &loop, &QEventLoop::quit);
        if (!connected())
            loop.exec();
        for (int i = 0; i < 2; ++i) {
            const client::AgentClient& c = *m_clients[std::size_t(i)];
            if (c.state() != client::AgentClient::State::Connected) {
                *error = QStringLiteral("%1: %2").arg(
                    endpoints[std::size_t(i)].toString(),
                    c.lastError().isEmpty()
                        ? QStringLiteral("no answer within %1 ms").arg(kConnectTimeoutMs)
                        : c.lastError());
                return false;
            }
        }
        return true;
    }
    client::AgentClient* client(int side) const { return m_clients[std::size_t(side)].get(); }
    // The device's name as its agent says in hello (its sysname), or the endpoint's.
    QString name(int side) const
    {
        const QString device =
            client(side)->helloResult().value(QStringLiteral("device")).toString();
        if (!device.isEmpty())
            return device;
        const QString named = client(side)->endpoint().name;
        return named.isEmpty() ? client(side)->endpoint().toString() : named;
    }

private:
    bool connected() const
    {
        return std::all_of(m_clients.begin(), m_clients.end(), [](const auto& c) {
            return c->state() == client::AgentClient::State::Connected;
        });
    }
    std::array<std::unique_ptr<client::AgentClient>, 2> m_clients;
};

// Runs one typed call to completion.
template <class T, class Call>
client::CallResult<T> wait(Call call)
{
    QEventLoop loop;
    std::optional<client::CallResult<T>> result;
    call([&](const client::CallResult<T>& r) {
        result = r;
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

QString eventMark(client::PushEvent::State state)
{
    switch (state) {
    case client::PushEvent::State::Started:
        return QStringLiteral("..");
    case client::PushEvent::State::Passed:
        return QStringLiteral("ok");
    case client::PushEvent::State::Failed:
        return QStringLiteral("FAIL");
    case client::PushEvent::State::Info:
        return QStringLiteral("--");
    }
    return {};
}

QString eventLine(const client::PushEvent& e)
{
    return QStringLiteral("[%1 s] %2 %3 %4\n")
        .arg(e.elapsedMs / 1000.0, 6, 'f', 2)
        .arg(QString::fromLatin1(client::toString(e.step)), -15)
        .arg(eventMark(e.state), -4)
        .arg(e.text);
}

QJsonObject resultJson(const client::PairPushResult& r, const QStringList& names)
{
    QJsonArray checks;
    for (const client::PushCheck& c : r.checks)
        checks.append(QJsonObject{{QStringLiteral("name"), c.name},
                                  {QStringLiteral("passed"), c.passed},
                                  {QStringLiteral("detail"), c.detail}});
    QJsonArray events;
    for (const client::PushEvent& e : r.events)
        events.append(QJsonObject{{QStringLiteral("step"), QLatin1String(client::toString(e.step))},
                                  {QStringLiteral("state"), eventMark(e.state)},
                                  {QStringLiteral("text"), e.text},
                                  {QStringLiteral("elapsedMs"), e.elapsedMs}});
    QJsonArray devices;
    for (int i = 0; i < 2; ++i)
        devices.append(QJsonObject{{QStringLiteral("name"), names.value(i)},
                                   {QStringLiteral("previousCommit"), r.previousCommit[std::size_t(i)]},
                                   {QStringLiteral("newCommit"), r.newCommit[std::size_t(i)]}});
    return {{QStringLiteral("outcome"), QLatin1String(client::toString(r.outcome))},
            {QStringLiteral("pairChange"), r.pairChangeId},
            {QStringLiteral("message"), r.message},
            {QStringLiteral("devices"), devices},
            {QStringLiteral("checks"), checks},
            {QStringLiteral("events"), events},
            {QStringLiteral("elapsedMs"), r.elapsedMs},
            {QStringLiteral("verifyMs"), r.verifyMs}};
}

// Ctrl-C and SIGTERM cancel the push (which then rolls both back) instead of killing it.
class CancelOnSignal
{
public:
    explicit CancelOnSignal(client::PairPush* push)
    {
        if (::pipe(s_pipe) != 0)
            return;
        m_notifier = std::make_unique<QSocketNotifier>(s_pipe[0], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, push, [push] {
            char byte = 0;
            [[maybe_unused]] const auto n = ::read(s_pipe[0], &byte, 1);
            push->cancel();
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    ~CancelOnSignal()
    {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        m_notifier.reset();
        ::close(s_pipe[0]);
        ::close(s_pipe[1]);
    }
    CancelOnSignal(const CancelOnSignal&) = delete;
    CancelOnSignal& operator=(const CancelOnSignal&) = delete;

private:
    static void onSignal(int)
    {
        const char byte = 1;
        [[maybe_unused]] const auto n = ::write(s_pipe[1], &byte, 1);
    }
    static inline int s_pipe[2] = {-1, -1};
    std::unique_ptr<QSocketNotifier> m_notifier;
};

// --prove-swap: `tandemctl drill --fault manual --trials 1` on the lab, as a child process (its
// output is its own), judged by its summary: switched over, 0 sessions lost, digests equal.
client::PairPushOptions::SwapProof drillProof(const QString& labDir)
{
    return [labDir](int serviceLocation, std::function<void(bool, QString)> done) {
        if (serviceLocation != 1)
            return done(false, QStringLiteral("no proof: the drill accounts for "
                                              "service-location 1 only"));
        auto* drill = new QProcess;
        drill->setProgram(QCoreApplication::applicationFilePath());
        drill->setArguments({QStringLiteral("drill"), QStringLiteral("--lab"), labDir,
                             QStringLiteral("--fault"), QStringLiteral("manual"),
                             QStringLiteral("--trials"), QStringLiteral("1"),
                             QStringLiteral("--json")});
        QObject::connect(drill, &QProcess::finished, drill, [drill, done](int exitCode) {
            drill->deleteLater();
            const QJsonObject summary = QJsonDocument::fromJson(drill->readAllStandardOutput())
                                            .object()
                                            .value(QStringLiteral("summary"))
                                            .toObject();
            if (summary.isEmpty())
                return done(false,
                            QStringLiteral("the drill failed (exit %1): %2")
                                .arg(exitCode)
                                .arg(QString::fromUtf8(drill->readAllStandardError()).trimmed()));
            const qint64 lost = qint64(summary.value(QStringLiteral("sessions_lost_total")).toDouble());
            const QString detail =
                QStringLiteral("switched over and back; sessions lost %1 of %2 checked, not backed "
                               "up by design %3 (younger than delay-time), digests equal %4")
                    .arg(lost)
                    .arg(qint64(summary.value(QStringLiteral("sessions_checked_total")).toDouble()))
                    .arg(qint64(
                        summary.value(QStringLiteral("sessions_not_backed_up_total")).toDouble()))
                    .arg(summary.value(QStringLiteral("digests_equal")).toInt() > 0
                             ? QStringLiteral("yes")
                             : QStringLiteral("no"));
            done(exitCode == 0 && summary.value(QStringLiteral("ok")).toBool() &&
                     summary.value(QStringLiteral("switched")).toInt() > 0 && lost == 0,
                 detail);
        });
        drill->start();
    };
}

int runPush(const PairArgs& args, PairConnection& pair, const QString& textA, const QString& textB,
            const QString& label)
{
    client::PairPushOptions options;
    options.label = label;
    options.dryRun = args.flags.contains(QStringLiteral("dry-run"));
    options.allowUnfinishedBatch = args.flags.contains(QStringLiteral("allow-unfinished-batch"));
    if (args.values.contains(QStringLiteral("confirm"))) {
        bool ok = false;
        options.confirmSeconds = args.values.value(QStringLiteral("confirm")).toInt(&ok);
        if (!ok || options.confirmSeconds < 10 || options.confirmSeconds > 3600)
            return fail(QStringLiteral("--confirm needs a number of seconds from 10 to 3600, not "
                                       "'%1'")
                            .arg(args.values.value(QStringLiteral("confirm"))),
                        2);
    }
    if (args.flags.contains(QStringLiteral("prove-swap"))) {
        if (!args.values.contains(QStringLiteral("lab")))
            return fail(QStringLiteral("--prove-swap runs a drill, which needs the pair as a lab "
                                       "(--lab DIR)"),
                        2);
        options.proveSwap = drillProof(args.values.value(QStringLiteral("lab")));
    }
    const bool json = args.flags.contains(QStringLiteral("json"));
    const QStringList names{pair.name(0), pair.name(1)};
    client::PairPush push({pair.client(0), names[0], textA}, {pair.client(1), names[1], textB},
                          options);
    if (!json)
        QObject::connect(&push, &client::PairPush::progress,
                         [](const client::PushEvent& e) { out(eventLine(e)); });
    QEventLoop loop;
    QObject::connect(&push, &client::PairPush::done, &loop, &QEventLoop::quit);
    CancelOnSignal cancelOnSignal(&push);
    push.start();
    if (!push.finished())
        loop.exec();
    const client::PairPushResult& r = push.result();
    if (json) {
        out(QString::fromUtf8(QJsonDocument(resultJson(r, names)).toJson()));
    } else {
        out(QStringLiteral("%1: %2 (%3 s)\n")
                .arg(QString::fromLatin1(client::toString(r.outcome)), r.message)
                .arg(r.elapsedMs / 1000.0, 0, 'f', 1));
    }
    return r.outcome == client::PushOutcome::Confirmed || r.outcome == client::PushOutcome::DryRun
               ? 0
               : 1;
}

bool readText(const QString& path, QString* text, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read '%1': %2").arg(path, file.errorString());
        return false;
    }
    *text = QString::fromUtf8(file.readAll());
    return true;
}

std::optional<std::array<ConfigHistoryResult, 2>> histories(PairConnection& pair, QString* error)
{
    std::array<ConfigHistoryResult, 2> result;
    for (int side = 0; side < 2; ++side) {
        client::ConfigClient config(pair.client(side));
        const auto r = wait<ConfigHistoryResult>(
            [&](auto done) { config.history(done); });
        if (!r.ok()) {
            *error = QStringLiteral("%1: %2").arg(pair.name(side), r.errorText());
            return std::nullopt;
        }
        result[std::size_t(side)] = r.value();
    }
    return result;
}

int pairHistory(const PairArgs& args, PairConnection& pair)
{
    QString error;
    const auto history = histories(pair, &error);
    if (!history)
        return fail(error);
    const std::vector<client::PairHistoryEntry> list = client::pairRevisions(*history);
    if (args.flags.contains(QStringLiteral("json"))) {
        QJsonArray array;
        for (const client::PairHistoryEntry& r : list) {
            QJsonObject entry{{QStringLiteral("id"), r.pairChangeId}, {QStringLiteral("state"), r.stateText()}};
            for (int side = 0; side < 2; ++side)
                if (r.commits[std::size_t(side)])
                    entry.insert(side == 0 ? QStringLiteral("a") : QStringLiteral("b"),
                                 r.commits[std::size_t(side)]->toJson());
            array.append(entry);
        }
        out(QString::fromUtf8(QJsonDocument(array).toJson()));
        return 0;
    }
    if (list.empty()) {
        out(QStringLiteral("no pair revisions: neither history holds a pair-change commit\n"));
        return 0;
    }
    out(QStringLiteral("%1  %2  %3  %4  %5  %6\n")
            .arg(QStringLiteral("PAIR CHANGE"), -20)
            .arg(QStringLiteral("TIME"), -19)
            .arg(QStringLiteral("USER"), -8)
            .arg(pair.name(0).left(8), -8)
            .arg(pair.name(1).left(8), -8)
            .arg(QStringLiteral("STATE")));
    for (const client::PairHistoryEntry& r : list) {
        const CommitRecord& any = r.first();
        auto commitText = [&r](int side) {
            const auto& c = r.commits[std::size_t(side)];
            return c ? QString::number(c->id) : QStringLiteral("-");
        };
        out(QStringLiteral("%1  %2  %3  %4  %5  %6%7\n")
                .arg(r.pairChangeId, -20)
                .arg(QDateTime::fromMSecsSinceEpoch(any.timeMsecsSinceEpoch)
                         .toString(QStringLiteral("yyyy-MM-dd hh:mm:ss")),
                     -19)
                .arg(any.user.left(8), -8)
                .arg(commitText(0), -8)
                .arg(commitText(1), -8)
                .arg(r.stateText())
                .arg(r.label().isEmpty() ? QString() : QStringLiteral("  ") + r.label()));
    }
    return 0;
}

int pairRollback(const PairArgs& args, PairConnection& pair)
{
    const QString id = args.positional.value(1);
    QString error;
    const auto history = histories(pair, &error);
    if (!history)
        return fail(error);
    const std::vector<client::PairHistoryEntry> list = client::pairRevisions(*history);
    const auto found = std::find_if(list.begin(), list.end(),
                                    [&id](const client::PairHistoryEntry& r) { return r.pairChangeId == id; });
    if (found == list.end())
        return fail(QStringLiteral("no pair revision '%1' in both histories (see config "
                                   "pair-history)")
                        .arg(id),
                    2);
    if (!found->commits[0] || !found->commits[1])
        return fail(QStringLiteral("pair revision '%1' holds a commit on one device only: it "
                                   "cannot restore the pair")
                        .arg(id));
    QString texts[2];
    for (int side = 0; side < 2; ++side) {
        client::ConfigClient config(pair.client(side));
        ConfigGetRequest request;
        request.source = ConfigSource::History;
        request.commitId = found->commits[std::size_t(side)]->id;
        request.secrets = true;
        const auto r = wait<ConfigGetResult>([&](auto done) { config.get(request, done); });
        if (!r.ok())
            return fail(QStringLiteral("%1: %2").arg(pair.name(side), r.errorText()));
        texts[side] = r.value().text;
    }
    return runPush(args, pair, texts[0], texts[1],
                   QStringLiteral("restore pair revision %1").arg(id));
}

} // namespace

bool isPairCommand(const QStringList& arguments)
{
    const QString sub = arguments.value(0);
    return sub == QStringLiteral("push-pair") || sub == QStringLiteral("pair-history") ||
           sub == QStringLiteral("pair-rollback");
}

int pairCommand(const QStringList& arguments)
{
    const QString sub = arguments.value(0);
    QString error;
    const auto args = parseCommandLine(QStringLiteral("config ") + sub, arguments.mid(1), &error);
    if (!args)
        return fail(error, 2);
    if (args->help) {
        out(QString::fromUtf8(kPairUsage));
        return 0;
    }
    PairArgs withSub = *args;
    withSub.positional.prepend(sub);
    const qsizetype files = args->positional.size();
    if (sub == QStringLiteral("push-pair") && files != 2)
        return fail(QStringLiteral("config push-pair needs A.cfg and B.cfg"), 2);
    if (sub == QStringLiteral("pair-history") && files != 0)
        return fail(QStringLiteral("config pair-history takes no argument"), 2);
    if (sub == QStringLiteral("pair-rollback") && files != 1)
        return fail(QStringLiteral("config pair-rollback needs one pair change ID (see config "
                                   "pair-history)"),
                    2);
    QString texts[2];
    if (sub == QStringLiteral("push-pair"))
        for (int i = 0; i < 2; ++i)
            if (!readText(args->positional[i], &texts[i], &error))
                return fail(error);
    const auto pairEndpoints = endpoints(*args, &error);
    if (!pairEndpoints)
        return fail(QStringLiteral("config %1: %2").arg(sub, error), 2);
    PairConnection pair;
    if (!pair.open(*pairEndpoints, &error))
        return fail(error);
    if (sub == QStringLiteral("push-pair"))
        return runPush(withSub, pair, texts[0], texts[1],
                       args->values.value(QStringLiteral("label")));
    if (sub == QStringLiteral("pair-history"))
        return pairHistory(withSub, pair);
    return pairRollback(withSub, pair);
}

} // namespace tandem::ctl
