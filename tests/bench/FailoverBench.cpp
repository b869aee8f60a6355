// How fast a lab pair fails over when the master is killed, and how fast a client watching
// the backup hears of it (the GUI's "new master within a second").
//
//   build/bin/tandem-bench-failover [--benchmark_repetitions=5] [--benchmark_format=json]
//
// Per trial: lab up (1:1, 200 ms adverts) → subscribe to CGN-B → kill -9 CGN-A → CGN-B pushes
// its takeover. Counters, in milliseconds:
//   takeover_ms      kill → CGN-B's VRRP group became Master (agent's own clock)
//   notify_ms        CGN-B became Master → the subscribed client received state.changed
//   master_down_ms   CGN-B's Master_Down_Interval (the protocol's bound for takeover_ms)

#include "client/DeviceMonitor.h"
#include "ctl/Lab.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>
#include <benchmark/benchmark.h>
#include <csignal>

namespace {

using namespace tandem;

void BM_FailoverOnKill(benchmark::State& state)
{
    double takeoverTotal = 0;
    double notifyTotal = 0;
    double masterDownTotal = 0;
    int trials = 0;
    for (auto _ : state) {
        QTemporaryDir dir;
        ctl::LabUpOptions options;
        options.dir = dir.path();
        options.baseAddress = QStringLiteral("127.77.%1.11").arg(trials % 200);
        QString error;
        const auto lab = ctl::labUp(options, &error);
        if (!lab) {
            state.SkipWithError(error.toStdString().c_str());
            return;
        }
        client::DeviceMonitor monitor;
        QEventLoop loop;
        qint64 killedAt = 0;
        qint64 notifiedAt = 0;
        std::optional<protocol::VrrpStatus> seen;
        QObject::connect(&monitor, &client::DeviceMonitor::statusChanged, &loop, [&] {
            const auto& status = monitor.status();
            if (!status)
                return;
            const auto* vrrp = status->findVrrp(1);
            if (killedAt == 0) {
                if (vrrp && vrrp->state == QStringLiteral("Backup")) {
                    killedAt = QDateTime::currentMSecsSinceEpoch();
                    ::kill(pid_t(lab->devices[0].pid), SIGKILL);
                }
                return;
            }
            if (vrrp && vrrp->state == QStringLiteral("Master")) {
                notifiedAt = QDateTime::currentMSecsSinceEpoch();
                seen = *vrrp;
                loop.quit();
            }
        });
        QTimer::singleShot(15000, &loop, &QEventLoop::quit);
        monitor.start(lab->devices[1].endpoint());
        loop.exec();
        monitor.stop();
        ctl::labDown(dir.path(), &error);
        if (!seen) {
            state.SkipWithError("CGN-B did not take over within 15 s");
            return;
        }
        const double takeover = double(seen->lastChangeMsecsSinceEpoch - killedAt);
        const double notify = double(notifiedAt - seen->lastChangeMsecsSinceEpoch);
        state.SetIterationTime((takeover + notify) / 1000.0);
        takeoverTotal += takeover;
        notifyTotal += notify;
        masterDownTotal += seen->masterDownIntervalMs;
        ++trials;
    }
    state.counters["takeover_ms"] = takeoverTotal / trials;
    state.counters["notify_ms"] = notifyTotal / trials;
    state.counters["master_down_ms"] = masterDownTotal / trials;
}
BENCHMARK(BM_FailoverOnKill)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
