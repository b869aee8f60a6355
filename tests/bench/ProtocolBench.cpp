// The agent protocol with big tables: "a page of 1000 sessions out of 1 M within 50 ms round
// trip on loopback" (the GUI's sessions view pages this way).
//
//   build/bin/tandem-bench-protocol [--benchmark_filter=Deep] [--benchmark_format=json]
//   TANDEM_BENCH_SESSIONS=200000 build/bin/tandem-bench-protocol   (a smaller table)
//
// Once: a lab pair (1:1, TLS, no traffic) whose master gets 1 M sessions from lab.fill (2000
// subscribers, half UDP, half TCP), and the standby catches up. Then, on one long-lived TLS
// connection to the master, each benchmark calls cgn.sessions with limit 1000 and times the
// round trip (request written → reply parsed). Counters, in milliseconds:
//   median_ms, p90_ms, max_ms   of the round trips; sessions: in the page; total: in the table
// Pages:
//   FirstPage        cursor 0
//   DeepPage         cursor 900 000 (the cursor is a session id: no walk needed to get there)
//   FilterUser       one subscriber's ~500 sessions (the engine's per-user index)
//   FilterProtocol   TCP only (a scan that matches every other session)
//   FilterSparse     inside port 10000, UDP (a scan that matches 1 session in 500)
//   Tandemctl        `tandemctl sessions --limit 1000 --json` end to end: process start, TLS
//                    handshake, hello (password hash), the page, JSON out

#include "client/AgentClient.h"
#include "ctl/BlockingCall.h"
#include "BenchSupport.h"
#include "ctl/Lab.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <benchmark/benchmark.h>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

namespace {

using namespace tandem;

struct Bench
{
    std::unique_ptr<QTemporaryDir> dir;
    std::optional<client::LabDescription> lab;
    std::unique_ptr<client::AgentClient> client;
    qint64 total = 0;
    int subscribers = 0;
    QString error;
    std::vector<std::pair<std::string, double>> medians; // for the closing summary
};

Bench& bench()
{
    static Bench b;
    return b;
}

// A call on the long-lived connection, waited for; the round trip in *ms.
std::optional<QJsonObject> call(const QString& method, const QJsonObject& params,
                                double* ms = nullptr, QString* error = nullptr)
{
    client::AgentClient& c = *bench().client;
    QEventLoop loop;
    std::optional<QJsonObject> result;
    QElapsedTimer timer;
    timer.start();
    bool done = false;
    c.call(method, params,
           [&](const QJsonValue& value, const std::optional<protocol::RpcError>& rpc) {
               if (ms)
                   *ms = double(timer.nsecsElapsed()) / 1e6;
               if (rpc) {
                   if (error)
                       *error = QStringLiteral("%1: %2").arg(method, rpc->message);
               } else {
                   result = value.toObject();
               }
               done = true;
               loop.quit();
           });
    if (!done)
        loop.exec();
    return result;
}

using labbench::location1;
using labbench::pause;

// Lab up, connect, fill, wait for the standby. Sets bench().error on failure.
bool setUp(int sessions)
{
    Bench& b = bench();
    b.dir = std::make_unique<QTemporaryDir>();
    ctl::LabUpOptions options;
    options.dir = b.dir->path();
    options.baseAddress = QStringLiteral("127.78.0.11");
    options.rate = 0;
    b.lab = ctl::labUp(options, &b.error);
    if (!b.lab)
        return false;
    const client::LabDevice& master = b.lab->devices[0];
    b.client = std::make_unique<client::AgentClient>();
    QEventLoop loop;
    QObject::connect(b.client.get(), &client::AgentClient::stateChanged, &loop,
                     [&](client::AgentClient::State s) {
                         if (s == client::AgentClient::State::Connected ||
                             s == client::AgentClient::State::Disconnected)
                             loop.quit();
                     });
    b.client->open(master.endpoint(), false);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    if (b.client->state() != client::AgentClient::State::Connected) {
        b.error =
            QStringLiteral("no TLS connection to %1: %2").arg(master.name, b.client->lastError());
        return false;
    }

    QElapsedTimer clock;
    clock.start();
    b.subscribers = std::max(1, sessions / 500);
    if (!call(QStringLiteral("lab.fill"),
              {{QStringLiteral("serviceLocation"), 1},
               {QStringLiteral("sessions"), sessions},
               {QStringLiteral("subscribers"), b.subscribers}},
              nullptr, &b.error))
        return false;
    QJsonObject fill;
    do {
        pause(100);
        const auto status = call(QStringLiteral("lab.status"), {}, nullptr, &b.error);
        if (!status)
            return false;
        fill = status->value(QStringLiteral("fill")).toObject();
    } while (fill.value(QStringLiteral("running")).toBool());
    if (fill.contains(QStringLiteral("error"))) {
        b.error = fill.value(QStringLiteral("error")).toString();
        return false;
    }
    const double fillMs = double(clock.elapsed());

    // The standby applies the burst of sync records (or a batch) before anything is timed, so
    // that the master's event loop is quiet again.
    const client::Endpoint standby = b.lab->devices[1].endpoint();
    QDeadlineTimer deadline(120000);
    qint64 standbySessions = -1;
    while (!deadline.hasExpired()) {
        const auto mine = call(QStringLiteral("ha.status"), {}, nullptr, &b.error);
        const auto theirs =
            ctl::callAgent(standby, QStringLiteral("ha.status"), {}, 10000, &b.error);
        if (!mine || !theirs)
            return false;
        b.total = qint64(location1(*mine).value(QStringLiteral("sessions")).toDouble());
        standbySessions =
            qint64(location1(theirs->toObject()).value(QStringLiteral("sessions")).toDouble());
        const qint64 queue = qint64(mine->value(QStringLiteral("channel"))
                                        .toObject()
                                        .value(QStringLiteral("queueDepth"))
                                        .toDouble());
        if (standbySessions == b.total && queue == 0)
            break;
        pause(500);
    }
    std::printf("lab.fill: %lld sessions on the master in %.0f ms (%lld created, %lld dropped); "
                "standby holds %lld after %.1f s\n",
                b.total, fillMs, qint64(fill.value(QStringLiteral("created")).toDouble()),
                qint64(fill.value(QStringLiteral("dropped")).toDouble()), standbySessions,
                double(clock.elapsed()) / 1000);
    std::fflush(stdout);
    return true;
}

void tearDown()
{
    Bench& b = bench();
    b.client.reset();
    if (b.lab) {
        QString error;
        ctl::labDown(b.dir->path(), &error);
    }
}

void report(benchmark::State& state, const char* name, std::vector<double> samples, double sessions)
{
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) {
        return samples[std::size_t(q * double(samples.size() - 1) + 0.5)];
    };
    state.counters["median_ms"] = at(0.5);
    state.counters["p90_ms"] = at(0.9);
    state.counters["max_ms"] = samples.back();
    state.counters["sessions"] = sessions;
    state.counters["total"] = double(bench().total);
    bench().medians.emplace_back(name, at(0.5));
}

// One cgn.sessions page, timed by round trip.
void pageBenchmark(benchmark::State& state, const char* name, QJsonObject params)
{
    if (!bench().client) {
        state.SkipWithError(bench().error.toStdString().c_str());
        return;
    }
    params.insert(QStringLiteral("serviceLocation"), 1);
    params.insert(QStringLiteral("limit"), 1000);
    std::vector<double> samples;
    double sessions = 0;
    for (auto _ : state) {
        double ms = 0;
        QString error;
        const auto page = call(QStringLiteral("cgn.sessions"), params, &ms, &error);
        if (!page) {
            state.SkipWithError(error.toStdString().c_str());
            return;
        }
        sessions = double(page->value(QStringLiteral("sessions")).toArray().size());
        state.SetIterationTime(ms / 1000);
        samples.push_back(ms);
    }
    report(state, name, samples, sessions);
}

void BM_FirstPage(benchmark::State& state)
{
    pageBenchmark(state, "first page", {});
}

void BM_DeepPage(benchmark::State& state)
{
    pageBenchmark(state, "deep page (cursor 900000)", {{QStringLiteral("cursor"), 900000}});
}

void BM_FilterUser(benchmark::State& state)
{
    // A subscriber lab.fill made (CPEs from 100.80.0.1 up).
    const QString cpe = QHostAddress(0x64500001u + quint32(bench().subscribers / 2)).toString();
    pageBenchmark(state, "filter: one user (cpe)", {{QStringLiteral("cpe"), cpe}});
}

void BM_FilterProtocol(benchmark::State& state)
{
    pageBenchmark(state, "filter: protocol tcp",
                  {{QStringLiteral("protocol"), QStringLiteral("tcp")}});
}

void BM_FilterSparse(benchmark::State& state)
{
    pageBenchmark(state, "filter: udp inside port 10000",
                  {{QStringLiteral("protocol"), QStringLiteral("udp")},
                   {QStringLiteral("insidePort"), 10000}});
}

void BM_SortedPage(benchmark::State& state)
{
    // Sorted by the agent over the whole million: one pass keeping the best 1000.
    pageBenchmark(state, "sorted: outside endpoint, descending",
                  {{QStringLiteral("sort"), QStringLiteral("outside")},
                   {QStringLiteral("descending"), true}});
}

void BM_Tandemctl(benchmark::State& state)
{
    if (!bench().client) {
        state.SkipWithError(bench().error.toStdString().c_str());
        return;
    }
    const QString program =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("tandemctl"));
    std::vector<double> samples;
    double sessions = 0;
    for (auto _ : state) {
        QProcess process;
        QElapsedTimer timer;
        timer.start();
        process.start(program, {QStringLiteral("sessions"), QStringLiteral("--limit"),
                                QStringLiteral("1000"), QStringLiteral("--json"),
                                QStringLiteral("--lab"), bench().dir->path(),
                                QStringLiteral("--device"), bench().lab->devices[0].name});
        if (!process.waitForFinished(30000) || process.exitCode() != 0) {
            state.SkipWithError(
                ("tandemctl sessions failed: " + process.readAllStandardError()).constData());
            return;
        }
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        const QJsonObject page = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        sessions = double(page.value(QStringLiteral("sessions")).toArray().size());
        state.SetIterationTime(ms / 1000);
        samples.push_back(ms);
    }
    report(state, "tandemctl sessions (process)", samples, sessions);
}

BENCHMARK(BM_FirstPage)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(50);
BENCHMARK(BM_DeepPage)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(50);
BENCHMARK(BM_FilterUser)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(50);
BENCHMARK(BM_FilterProtocol)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(50);
BENCHMARK(BM_FilterSparse)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(50);
BENCHMARK(BM_SortedPage)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(50);
BENCHMARK(BM_Tandemctl)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(10);

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    const int sessions = qEnvironmentVariableIsSet("TANDEM_BENCH_SESSIONS")
                             ? qEnvironmentVariableIntValue("TANDEM_BENCH_SESSIONS")
                             : 1000000;
    const bool ready = setUp(sessions);
    if (!ready) {
        std::fprintf(stderr, "tandem-bench-protocol: set-up failed: %s\n",
                     bench().error.toUtf8().constData());
        bench().client.reset(); // every benchmark then skips, naming the error
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    if (ready) {
        std::printf("\na page of 1000 sessions out of %lld, round trip over TLS on loopback (goal "
                    "<= 50 ms):\n",
                    bench().total);
        for (const auto& [name, median] : bench().medians)
            std::printf("  %-34s median %7.2f ms\n", name.c_str(), median);
    }
    tearDown();
    return ready ? 0 : 1;
}
