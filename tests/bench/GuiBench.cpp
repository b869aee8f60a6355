// The desktop app's figures, measured on the real main window (offscreen) against a real lab
// pair under traffic:
//
//   build/bin/tandem-bench-gui [--benchmark_repetitions=3] [--benchmark_format=json]
//
// Counters (milliseconds unless named otherwise):
//   cold_start_ms      `tandem --lab DIR` started → live dashboard saved as a picture and the
//                      process gone (an upper bound of cold start → live: it includes the
//                      picture and the exit)
//   live_ms            window created → both devices' roles painted in the dashboard
//   event_to_paint_ms  the new master's VRRP transition (agent clock) → the dashboard painted it
//   page_ms            "next page" of the sessions table → the page painted (agent pages)
//   cpu_percent        the app's CPU over 10 s with the dashboard live (one core = 100)
//   samples_per_s      telemetry samples per second and device drawn in the charts
//   rss_mb             resident memory after that (VmRSS); peak_rss_mb (VmHWM)
//
// TANDEM_BENCH_FILL=N fills the first service-location with N sessions (lab.fill) before the
// table benchmark, so pages come out of a table of that size.

#include "GuiBenchMain.h"
#include "MainWindow.h"
#include "client/AgentClient.h"
#include "ctl/BlockingCall.h"
#include "ctl/Lab.h"
#include "models/SessionTableModel.h"
#include "widgets/CgnTablesView.h"
#include "widgets/PairView.h"
#include "widgets/TelemetryCharts.h"

#include <QApplication>
#include <QJsonObject>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <benchmark/benchmark.h>
#include <memory>
#include <optional>
#include <cstring>
#include <sys/resource.h>

namespace {

using namespace tandem;

constexpr int kSlg = 1;

// One lab pair for the whole run; agents stopped at exit.
struct Lab
{
    QTemporaryDir dir;
    std::optional<client::LabDescription> description;
    QString error;

    Lab()
    {
        ctl::LabUpOptions options;
        options.dir = dir.path();
        options.baseAddress = QStringLiteral("127.78.0.11");
        options.advertMs = 100;
        description = ctl::labUp(options, &error);
    }
    ~Lab()
    {
        if (description)
            ctl::labDown(dir.path(), &error);
    }
};

Lab& lab()
{
    static Lab instance;
    return instance;
}

// Counts paint events on a widget and remembers the wall-clock time of the last one.
class PaintProbe final : public QObject
{
public:
    explicit PaintProbe(QWidget* widget) { widget->installEventFilter(this); }
    int paints = 0;
    qint64 lastPaintMs = 0;

protected:
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == QEvent::Paint) {
            ++paints;
            lastPaintMs = QDateTime::currentMSecsSinceEpoch();
        }
        return false;
    }
};

QString slgState(const gui::PairView* view, int side)
{
    const auto& status = view->device(side).status();
    if (!status)
        return {};
    const auto* slg = status->findServiceLocation(kSlg);
    return slg ? slg->state : QString();
}

bool rolesShown(const gui::PairView* view)
{
    const QString a = slgState(view, 0);
    const QString b = slgState(view, 1);
    return (a == QLatin1String("master") && b == QLatin1String("slave")) ||
           (a == QLatin1String("slave") && b == QLatin1String("master"));
}

std::unique_ptr<gui::MainWindow> openWindow(QString* error)
{
    auto window = std::make_unique<gui::MainWindow>(gui::MainWindow::Session::Forget);
    if (!window->openLab(lab().dir.path(), error))
        return nullptr;
    window->resize(1440, 960);
    window->show();
    return window;
}

bool checkLab(benchmark::State& state)
{
    if (!lab().description) {
        state.SkipWithError(("lab up failed: " + lab().error).toStdString().c_str());
        return false;
    }
    return true;
}

// A window on the lab whose dashboard shows both roles; nullptr (the benchmark skipped, saying
// why) when it does not come live.
std::unique_ptr<gui::MainWindow> openLiveWindow(benchmark::State& state)
{
    QString error;
    auto window = openWindow(&error);
    if (!window) {
        state.SkipWithError(error.toStdString().c_str());
        return nullptr;
    }
    if (!QTest::qWaitFor([&] { return rolesShown(window->pairView()); }, 10000)) {
        state.SkipWithError("the dashboard did not show both roles within 10 s");
        return nullptr;
    }
    return window;
}

double statusKiB(const char* field)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : file.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qsizetype(std::strlen(field))).trimmed().split(' ').value(0).toDouble();
    return 0;
}

void BM_OpenPairToLiveDashboard(benchmark::State& state)
{
    if (!checkLab(state))
        return;
    double total = 0;
    for (auto _ : state) {
        QElapsedTimer clock;
        clock.start();
        QString error;
        auto window = openWindow(&error);
        if (!window) {
            state.SkipWithError(error.toStdString().c_str());
            return;
        }
        gui::PairView* view = window->pairView();
        PaintProbe probe(view->serviceLocationTable()->viewport());
        int paintsAtRoles = -1;
        const bool live = QTest::qWaitFor(
            [&] {
                if (paintsAtRoles < 0 && rolesShown(view))
                    paintsAtRoles = probe.paints;
                return paintsAtRoles >= 0 && probe.paints > paintsAtRoles;
            },
            10000);
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        if (!live) {
            state.SkipWithError("the dashboard did not show both roles within 10 s");
            return;
        }
        state.SetIterationTime(ms / 1000.0);
        total += ms;
    }
    state.counters["live_ms"] = total / double(state.iterations());
}

void BM_ProcessColdStartToLive(benchmark::State& state)
{
    if (!checkLab(state))
        return;
    const QString app = QCoreApplication::applicationDirPath() + QStringLiteral("/tandem");
    QTemporaryDir out;
    double total = 0;
    for (auto _ : state) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(environment);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QElapsedTimer clock;
        clock.start();
        // A picture 1 ms after the pair first shows live status, then exit.
        process.start(app, {QStringLiteral("--lab"), lab().dir.path(), QStringLiteral("--screenshot"),
                            out.filePath(QStringLiteral("live.png")),
                            QStringLiteral("--screenshot-wait"), QStringLiteral("0.001")});
        const bool done = process.waitForFinished(30000);
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        if (!done || process.exitCode() != 0) {
            state.SkipWithError("tandem --lab … --screenshot did not finish with status 0");
            return;
        }
        state.SetIterationTime(ms / 1000.0);
        total += ms;
    }
    state.counters["cold_start_ms"] = total / double(state.iterations());
}

void BM_AgentEventToPaint(benchmark::State& state)
{
    if (!checkLab(state))
        return;
    QString error;
    auto window = openLiveWindow(state);
    if (!window)
        return;
    gui::PairView* view = window->pairView();
    PaintProbe probe(view->serviceLocationTable()->viewport());
    double total = 0;
    for (auto _ : state) {
        const int master = slgState(view, 0) == QLatin1String("master") ? 0 : 1;
        const int backup = 1 - master;
        const client::LabDevice& device = lab().description->devices[master];
        if (!ctl::callAgent(device.endpoint(), QStringLiteral("ha.switchover"),
                            {{QStringLiteral("serviceLocation"), kSlg}}, 5000, &error)) {
            state.SkipWithError(error.toStdString().c_str());
            return;
        }
        int paintsAtRole = -1;
        const bool painted = QTest::qWaitFor(
            [&] {
                if (paintsAtRole < 0 && slgState(view, backup) == QLatin1String("master"))
                    paintsAtRole = probe.paints;
                return paintsAtRole >= 0 && probe.paints > paintsAtRole;
            },
            10000);
        const auto& status = view->device(backup).status();
        const auto* vrrp = status ? status->findVrrp(kSlg) : nullptr;
        if (!painted || !vrrp) {
            state.SkipWithError(QStringLiteral("the switchover was not painted within 10 s "
                                               "(%1 / %2, %3 paints)")
                                    .arg(slgState(view, 0), slgState(view, 1))
                                    .arg(probe.paints)
                                    .toStdString()
                                    .c_str());
            return;
        }
        const double ms = double(probe.lastPaintMs - vrrp->lastChangeMsecsSinceEpoch);
        state.SetIterationTime(ms / 1000.0);
        total += ms;
        // Let the pair settle (the resigned side stays demoted) before the next trial.
        QTest::qWait(1500);
    }
    state.counters["event_to_paint_ms"] = total / double(state.iterations());
}

void BM_SessionPageFetch(benchmark::State& state)
{
    if (!checkLab(state))
        return;
    QString error;
    const qint64 fill = qEnvironmentVariableIntValue("TANDEM_BENCH_FILL");
    if (fill > 0) {
        // The master of the first service-location takes the fill; the standby refuses it.
        bool filled = false;
        for (const client::LabDevice& device : lab().description->devices) {
            QString refusal;
            if (!ctl::callAgent(device.endpoint(), QStringLiteral("lab.fill"),
                                {{QStringLiteral("serviceLocation"), kSlg},
                                 {QStringLiteral("sessions"), double(fill)}},
                                10000, &refusal))
                continue;
            filled = true;
            for (;;) {
                const auto status = ctl::callAgent(device.endpoint(), QStringLiteral("lab.status"), {},
                                                   10000, &error);
                if (!status) {
                    state.SkipWithError(error.toStdString().c_str());
                    return;
                }
                if (!status->toObject().value(QStringLiteral("fill")).toObject().value(QStringLiteral("running")).toBool())
                    break;
                QTest::qWait(200);
            }
        }
        if (!filled) {
            state.SkipWithError("no device took lab.fill");
            return;
        }
    }
    auto window = openLiveWindow(state);
    if (!window)
        return;
    gui::PairView* view = window->pairView();
    view->showTab(gui::PairView::TablesTab);
    gui::CgnTablesView* tables = view->tablesView();
    const int master = slgState(view, 0) == QLatin1String("master") ? 0 : 1;
    tables->setSource(master, kSlg);
    tables->setPageSize(1000);
    tables->refresh();
    if (!QTest::qWaitFor([&] { return !tables->isFetching(); }, 10000)) {
        state.SkipWithError("the first page did not come within 10 s");
        return;
    }
    PaintProbe probe(tables->table(gui::CgnTablesView::Sessions)->viewport());
    double total = 0;
    for (auto _ : state) {
        const bool forward = tables->hasNextPage();
        const int paintsBefore = probe.paints;
        QElapsedTimer clock;
        clock.start();
        if (forward)
            tables->nextPage();
        else
            tables->refresh();
        const bool shown = QTest::qWaitFor(
            [&] { return !tables->isFetching() && probe.paints > paintsBefore; }, 10000);
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        if (!shown || !tables->lastError().isEmpty()) {
            state.SkipWithError(("page not shown: " + tables->lastError()).toStdString().c_str());
            return;
        }
        state.SetIterationTime(ms / 1000.0);
        total += ms;
    }
    state.counters["page_ms"] = total / double(state.iterations());
    state.counters["table_sessions"] = double(tables->total());
    state.counters["rows_per_page"] = double(tables->sessionModel()->rowCount());
}

void BM_LiveDashboardCpuAndMemory(benchmark::State& state)
{
    if (!checkLab(state))
        return;
    auto window = openLiveWindow(state);
    if (!window)
        return;
    gui::PairView* view = window->pairView();
    QTest::qWait(2000); // charts fill, first samples in
    double cpuTotal = 0;
    double samplesTotal = 0;
    gui::TelemetryCharts* charts = view->charts();
    for (auto _ : state) {
        const int pointsBefore = charts->pointCount(gui::TelemetryCharts::SessionsChart, 0);
        rusage before{};
        getrusage(RUSAGE_SELF, &before);
        QElapsedTimer clock;
        clock.start();
        QTest::qWait(10000);
        rusage after{};
        getrusage(RUSAGE_SELF, &after);
        const auto seconds = [](const rusage& r) {
            return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
                   double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
        };
        const double wall = double(clock.nsecsElapsed()) / 1e9;
        state.SetIterationTime(wall);
        cpuTotal += 100.0 * (seconds(after) - seconds(before)) / wall;
        samplesTotal +=
            double(charts->pointCount(gui::TelemetryCharts::SessionsChart, 0) - pointsBefore) / wall;
    }
    state.counters["samples_per_s"] = samplesTotal / double(state.iterations());
    state.counters["cpu_percent"] = cpuTotal / double(state.iterations());
    state.counters["rss_mb"] = statusKiB("VmRSS:") / 1024.0;
    state.counters["peak_rss_mb"] = statusKiB("VmHWM:") / 1024.0;
}

BENCHMARK(BM_OpenPairToLiveDashboard)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_ProcessColdStartToLive)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_AgentEventToPaint)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_SessionPageFetch)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK(BM_LiveDashboardCpuAndMemory)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1);

} // namespace

int main(int argc, char** argv)
{
    return tandem::bench::runWidgetBenchmarks(argc, argv);
}
