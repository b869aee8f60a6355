// Hot backup under load, on a real lab pair (two tandem-agent processes, TLS, loopback):
//
//   build/bin/tandem-bench-rejoin [--benchmark_filter=Rejoin] [--benchmark_repetitions=3]
//
// Rejoin/RATE/SESSIONS — "the backup holds at 100k creates/s with 2 M sessions". The master
// gets SESSIONS from lab.fill, traffic runs at RATE creates/s (sessions living 2 s, so the
// table stays near SESSIONS), the standby has caught up; then the standby is killed and started
// again with empty tables, and the master streams its batch while the traffic goes on.
// Counters:
//   rejoin_ms          the restarted standby's channel up → the master's batch finished (the
//                      peer's verdict: applied, digests equal), by the master's own clock
//   standby_apply_ms   BatchBegin → BatchEnd applied and compared, on the standby
//   batch_records      records the batch carried
//   lag_p99_ms         the master's real-time lag p99 (enqueue → ack) over the batch
//   missed             real-time records the channel refused during the rejoin (0: none)
//   send_rss_mb        the master's resident memory during the rejoin, at most …
//   send_rss_growth_mb … and how much of it came with the rejoin (the send side's bound:
//                      the channel's 8 MiB window plus the backlog, never a copy of the table)
//
// Steady/RATE — "the highest create rate at which the pair holds lag p99 ≤ 10 ms with no missed
// record": traffic at RATE for 10 s after warm-up; lag_p99_ms and missed over those 10 s.

#include "client/AgentClient.h"
#include "ctl/BlockingCall.h"
#include "BenchSupport.h"
#include "ctl/Lab.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <benchmark/benchmark.h>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>

namespace {

using namespace tandem;

using labbench::location1;
using labbench::pause;

double rssMb(qint64 pid, const char* field = "VmRSS:")
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(std::strlen(field))).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return 0;
}

struct Lab : labbench::BenchLab
{
    qint64 restarted = 0; // an agent the benchmark started again itself

    ~Lab() override
    {
        if (restarted > 0)
            ::kill(pid_t(restarted), SIGTERM);
    }
    bool up(double rate, int sessionTable, const QString& base)
    {
        ctl::LabUpOptions options;
        options.baseAddress = base;
        options.advertMs = 100;
        options.rate = 0;
        options.sessionTable = sessionTable;
        Q_UNUSED(rate);
        return start(options);
    }
    bool fill(int sessions)
    {
        return labbench::fillAndWait(*links[0], 1, sessions, 120000, &error);
    }
    bool traffic(double rate)
    {
        QJsonObject params{{QStringLiteral("rate"), rate},
                           {QStringLiteral("subscribers"), 20000},
                           {QStringLiteral("churnSeconds"), 2}};
        return ctl::startLabTraffic(*lab, params, &error);
    }
    // Both devices answer, the master's batch is finished and the standby complete.
    bool healthy(int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        QString last;
        while (!deadline.hasExpired()) {
            const auto a = call(0, QStringLiteral("ha.status"));
            const auto b = call(1, QStringLiteral("ha.status"));
            if (a && b && location1(*a).value(QStringLiteral("batchBackupState")).toString() == QLatin1String("finished")
                && location1(*b).value(QStringLiteral("complete")).toBool())
                return true;
            if (a && b)
                last = QString::fromUtf8(QJsonDocument(location1(*a)).toJson(QJsonDocument::Compact)) + QLatin1Char(' ')
                       + QString::fromUtf8(QJsonDocument(location1(*b)).toJson(QJsonDocument::Compact)) + QLatin1Char(' ')
                       + QString::fromUtf8(QJsonDocument(a->value(QStringLiteral("alarms")).toArray()).toJson(QJsonDocument::Compact));
            pause(50);
        }
        error = QStringLiteral("the pair did not become healthy within %1 s: %2").arg(timeoutMs / 1000).arg(last);
        return false;
    }
};

QString baseFor(int n)
{
    return QStringLiteral("127.79.%1.11").arg(n % 200);
}

void BM_Rejoin(benchmark::State& state)
{
    const double rate = double(state.range(0));
    const int sessions = int(state.range(1));
    static int labs = 0;
    for (auto _ : state) {
        Lab lab;
        if (!lab.up(rate, sessions + sessions / 2 + int(rate) * 4, baseFor(labs++)) || !lab.fill(sessions)
            || !lab.traffic(rate) || !lab.healthy(120000)) {
            state.SkipWithError(lab.error.toStdString().c_str());
            return;
        }
        // The traffic's own sessions reach their steady number, and the lag window (the last
        // 1024 frames) holds no more of the fill's burst.
        pause(12000);
        const auto before = lab.call(0, QStringLiteral("ha.status"));
        if (!before) {
            state.SkipWithError(lab.error.toStdString().c_str());
            return;
        }
        const qint64 missedBefore =
            before->value(QStringLiteral("channel")).toObject().value(QStringLiteral("missed")).toInteger();
        state.counters["lag_p99_before_ms"] =
            double(before->value(QStringLiteral("channel")).toObject().value(QStringLiteral("lagP99Us")).toInteger()) / 1000.0;
        const double rssBefore = rssMb(lab.lab->devices[0].pid);

        // The standby dies and comes back with empty tables.
        client::LabDevice& standby = lab.lab->devices[1];
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(standby.pid));
        QStringList args;
        if (cmdline.open(QIODevice::ReadOnly))
            for (const QByteArray& part : cmdline.readAll().split('\0'))
                if (!part.isEmpty())
                    args.append(QString::fromLocal8Bit(part));
        ::kill(pid_t(standby.pid), SIGKILL);
        lab.links[1].reset();
        pause(300);
        QProcess process;
        process.setProgram(args.value(0));
        process.setArguments(args.mid(1));
        process.setStandardOutputFile(standby.logPath, QIODevice::Append);
        process.setStandardErrorFile(standby.logPath, QIODevice::Append);
        qint64 pid = 0;
        if (args.isEmpty() || !process.startDetached(&pid)) {
            state.SkipWithError("cannot restart the standby");
            return;
        }
        standby.pid = pid;
        lab.restarted = pid; // lab.json still names the old one: stopped by hand at the end
        lab.links[1] = std::make_unique<ctl::AgentSession>(standby.endpoint());

        double rssMax = rssBefore;
        QDeadlineTimer deadline(120000);
        std::optional<QJsonObject> finished;
        QString why;
        while (!deadline.hasExpired()) {
            rssMax = std::max(rssMax, rssMb(lab.lab->devices[0].pid));
            const auto a = lab.call(0, QStringLiteral("ha.status"));
            if (a) {
                const QJsonObject l = location1(*a);
                const QJsonObject last = l.value(QStringLiteral("lastBatch")).toObject();
                const qint64 upMs =
                    a->value(QStringLiteral("channel")).toObject().value(QStringLiteral("lastUpMs")).toInteger();
                if (l.value(QStringLiteral("batchBackupState")).toString() == QLatin1String("finished")
                    && last.value(QStringLiteral("endedMs")).toInteger() > upMs && upMs > 0) {
                    finished = a;
                    break;
                }
            }
            pause(20);
        }
        if (!finished) {
            state.SkipWithError("the rejoined standby's batch did not finish within 120 s");
            return;
        }
        std::optional<QJsonObject> standbyStatus;
        for (int i = 0; i < 50 && !standbyStatus; ++i) {
            standbyStatus = lab.call(1, QStringLiteral("ha.status"));
            if (!standbyStatus)
                pause(100);
        }
        const QJsonObject channel = finished->value(QStringLiteral("channel")).toObject();
        const QJsonObject last = location1(*finished).value(QStringLiteral("lastBatch")).toObject();
        const qint64 upMs = channel.value(QStringLiteral("lastUpMs")).toInteger();
        const double rejoinMs = double(last.value(QStringLiteral("endedMs")).toInteger() - upMs);
        state.SetIterationTime(rejoinMs / 1000.0);
        state.counters["rejoin_ms"] = rejoinMs;
        state.counters["standby_apply_ms"] =
            standbyStatus ? double(location1(*standbyStatus).value(QStringLiteral("lastBatch")).toObject()
                                       .value(QStringLiteral("durationMs")).toInteger())
                          : -1;
        state.counters["batch_records"] = double(last.value(QStringLiteral("records")).toInteger());
        state.counters["lag_p99_ms"] = double(channel.value(QStringLiteral("lagP99Us")).toInteger()) / 1000.0;
        state.counters["missed"] = double(channel.value(QStringLiteral("missed")).toInteger() - missedBefore);
        state.counters["send_rss_mb"] = rssMax;
        state.counters["send_rss_growth_mb"] = rssMax - rssBefore;
        state.counters["sessions"] = double(location1(*finished).value(QStringLiteral("sessions")).toInteger());
        pause(1500); // the last 1024 frames are now all after the batch
        if (const auto later = lab.call(0, QStringLiteral("ha.status")))
            state.counters["lag_p99_after_ms"] =
                double(later->value(QStringLiteral("channel")).toObject().value(QStringLiteral("lagP99Us")).toInteger()) / 1000.0;
    }
}

void BM_Steady(benchmark::State& state)
{
    const double rate = double(state.range(0));
    static int labs = 100;
    for (auto _ : state) {
        Lab lab;
        if (!lab.up(rate, 1 << 21, baseFor(labs++)) || !lab.traffic(rate) || !lab.healthy(60000)) {
            state.SkipWithError(lab.error.toStdString().c_str());
            return;
        }
        pause(4000); // warm-up: the table reaches rate × 2 s
        const auto before = lab.call(0, QStringLiteral("ha.status"));
        double worstP99 = 0;
        for (int i = 0; i < 20; ++i) { // 10 s, lag p99 over the last 1024 frames every 0.5 s
            pause(500);
            if (const auto s = lab.call(0, QStringLiteral("ha.status")))
                worstP99 = std::max(worstP99, double(s->value(QStringLiteral("channel")).toObject()
                                                         .value(QStringLiteral("lagP99Us")).toInteger()) / 1000.0);
        }
        const auto after = lab.call(0, QStringLiteral("ha.status"));
        if (!before || !after) {
            state.SkipWithError(lab.error.toStdString().c_str());
            return;
        }
        auto channel = [](const QJsonObject& s, const char* key) {
            return double(s.value(QStringLiteral("channel")).toObject().value(QLatin1String(key)).toInteger());
        };
        const double seconds = 10.0;
        state.SetIterationTime(seconds);
        state.counters["lag_p99_ms"] = worstP99;
        state.counters["missed"] = channel(*after, "missed") - channel(*before, "missed");
        state.counters["records_per_s"] = (channel(*after, "acked") - channel(*before, "acked")) / seconds;
        const auto lab1 = lab.call(0, QStringLiteral("lab.status"));
        state.counters["creates_per_s_offered"] = rate;
        if (lab1)
            state.counters["dropped"] = double(lab1->value(QStringLiteral("traffic")).toObject()
                                                   .value(QStringLiteral("dropped")).toInteger());
    }
}

} // namespace

BENCHMARK(BM_Rejoin)
    ->Name("Rejoin")
    ->Args({20000, 1000000})
    ->Args({50000, 1000000})
    ->Args({100000, 1000000})
    ->Args({20000, 2000000})
    ->Args({50000, 2000000})
    ->Args({100000, 2000000})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_Steady)
    ->Name("Steady")
    ->Arg(20000)
    ->Arg(50000)
    ->Arg(100000)
    ->Arg(150000)
    ->Arg(200000)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
