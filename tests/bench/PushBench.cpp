// A pair-atomic push on a real lab pair (two tandem-agent processes, TLS, loopback):
//
//   build/bin/tandem-bench-push [--benchmark_repetitions=5]
//
// Push/BareToPair/RATE — "`lab up --bare` → verified confirmed 1:1 pair, wall time of the push
// alone, median of 5 (goal ≤ 15 s with the default 3 s preempt delay)". Each repetition starts
// a bare lab pair with traffic at RATE creates/s per location (the lab's defaults otherwise:
// 200 ms adverts), builds the lab plan on the devices' running configurations, and times
// PairPush from start() to its result: pre-flight, both commits, verification (planned roles,
// channel up, batch finished, digests equal after the commit) and both confirms.
// Counters:
//   push_s     start → confirmed (the benchmark's time)
//   verify_s   second commit → every check passed
//   confirmed  1 when the push confirmed (anything else fails the run)

#include "BenchSupport.h"
#include "client/PairPush.h"
#include "config/ConfigParser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <benchmark/benchmark.h>

namespace {

using namespace tandem;

bool connectBoth(client::AgentClient clients[2], const client::LabDescription& lab,
                 QString* error)
{
    for (int i = 0; i < 2; ++i)
        clients[i].open(lab.devices[i].endpoint(), true);
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (clients[0].state() == client::AgentClient::State::Connected &&
            clients[1].state() == client::AgentClient::State::Connected)
            return true;
        labbench::pause(10);
    }
    *error = QStringLiteral("the lab's agents did not accept a connection within 10 s");
    return false;
}

void Push_BareToPair(benchmark::State& state)
{
    for (auto _ : state) {
        labbench::BenchLab lab;
        ctl::LabUpOptions options;
        options.bare = true;
        options.rate = double(state.range(0));
        if (!lab.start(options)) {
            state.SkipWithError(qPrintable(lab.error));
            return;
        }
        const auto pair =
            ctl::labPairOnRunning(*lab.lab, config::PairMode::OneToOne, options.advertMs,
                                  &lab.error);
        client::AgentClient clients[2];
        if (!pair || !connectBoth(clients, *lab.lab, &lab.error)) {
            state.SkipWithError(qPrintable(lab.error));
            return;
        }
        client::PairPush push(
            {&clients[0], lab.lab->devices[0].name,
             QString::fromStdString(config::printConfig(pair->a))},
            {&clients[1], lab.lab->devices[1].name,
             QString::fromStdString(config::printConfig(pair->b))},
            client::PairPushOptions{});
        QEventLoop loop;
        QObject::connect(&push, &client::PairPush::done, &loop, &QEventLoop::quit);
        QElapsedTimer clock;
        clock.start();
        push.start();
        if (!push.finished())
            loop.exec();
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        const client::PairPushResult& r = push.result();
        if (r.outcome != client::PushOutcome::Confirmed) {
            state.SkipWithError(qPrintable(r.message));
            return;
        }
        state.SetIterationTime(seconds);
        state.counters["push_s"] = seconds;
        state.counters["verify_s"] = double(r.verifyMs) / 1000.0;
        state.counters["confirmed"] = 1;
        for (auto& c : clients)
            c.close();
    }
}
BENCHMARK(Push_BareToPair)
    ->Arg(2000)
    ->Iterations(1)
    ->Repetitions(5)
    ->UseManualTime()
    ->Unit(benchmark::kSecond)
    ->ArgName("rate");

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
