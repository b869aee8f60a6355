#pragma once

// The main() of the benchmarks that drive real widgets: offscreen, the test-mode settings and
// paths (a run never touches the user's), then Google Benchmark as usual.

#include <QApplication>
#include <QStandardPaths>
#include <benchmark/benchmark.h>

namespace tandem::bench {

inline int runWidgetBenchmarks(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

} // namespace tandem::bench
