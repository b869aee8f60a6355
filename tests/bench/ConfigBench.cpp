// The desktop's configuration figures (issue 17), measured on the real widgets (offscreen):
//
//   build/bin/tandem-bench-config [--benchmark_filter=Keystroke] [--benchmark_repetitions=3]
//
// Counters (milliseconds):
//   keystroke_ms   one character typed into the editor's candidate of a 2,000-line config:
//                  the edit with its restyling (lexer, folding), then the live validation that
//                  follows the pause (parse + validate + pair check against the peer + the
//                  squiggles, markers and finding list) — all on the UI thread. Median and
//                  worst over the iterations; goal ≤ 16 ms, so typing never stutters.
//   edit_ms, validate_ms  its two parts (medians)
//   push_ms        the hot-backup wizard's summary page → Next → the pair confirmed and
//                  verified (PairPush: commit confirmed on both, verification, confirm), on a
//                  fresh `lab up --bare` pair each time; one iteration per pair (run with
//                  --benchmark_repetitions=5 for the median of 5; TANDEM_BENCH_VERBOSE=1 prints
//                  the push's steps with their times)

#include "GuiBenchMain.h"
#include "MainWindow.h"
#include "config/LabPair.h"
#include "ctl/Lab.h"
#include "utils/Qsci.h"
#include "widgets/ConfigEditor.h"
#include "widgets/PairView.h"
#include "wizards/HotBackupWizard.h"
#include "wizards/PushPage.h"
#include "wizards/SummaryPage.h"

#include <QAbstractButton>
#include <QApplication>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <benchmark/benchmark.h>
#include <vector>

namespace {

using namespace tandem;

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// The lab's device A configuration grown to about `lines` lines with what a real device
// carries a lot of: interfaces with addresses (another subnet on each device) and VPN instances.
QString bigConfig(int lines, config::Side side)
{
    config::LabPairOptions options;
    const config::GeneratedPair pair = config::labPair(options);
    QString text = QString::fromStdString(config::printConfig(side == config::Side::A ? pair.a : pair.b));
    QString extra;
    int n = 0;
    while (int(text.count(QLatin1Char('\n')) + extra.count(QLatin1Char('\n'))) < lines) {
        extra += QStringLiteral("interface GigabitEthernet0/3/%1\n ip address 10.%2.%3.1 255.255.255.0\n#\n"
                                "ip vpn-instance bench%1\n ipv4-family\n#\n")
                     .arg(n)
                     .arg((side == config::Side::A ? 100 : 150) + n / 250)
                     .arg(n % 250);
        ++n;
    }
    const qsizetype at = text.indexOf(QStringLiteral("service-location "));
    text.insert(at < 0 ? 0 : at, extra);
    return text;
}

void BM_Keystroke(benchmark::State& state)
{
    const QString a = bigConfig(2000, config::Side::A);
    const QString b = bigConfig(2000, config::Side::B);
    gui::ConfigEditor editor(nullptr);
    editor.resize(1200, 800);
    editor.show();
    editor.setPeerRunningText(b);
    editor.setRunningText(a);
    QTest::qWait(200);
    QsciScintilla* candidate = editor.candidateEditor();
    const int lines = candidate->lines();
    std::vector<int> comments; // the "#" lines between views: a letter there keeps it a comment
    for (int line = 0; line < lines; ++line)
        if (candidate->text(line).trimmed() == QLatin1String("#"))
            comments.push_back(line);
    std::vector<double> edits, validations, totals;
    int i = 0;
    for (auto _ : state) {
        // A letter typed after a "#" all over the file, then taken back on the next iteration:
        // the text stays valid and the same.
        const int line = comments[std::size_t(i / 2) * 7919 % comments.size()];
        QElapsedTimer t;
        t.start();
        candidate->setCursorPosition(line, i % 2 == 0 ? 1 : 2);
        if (i % 2 == 0)
            candidate->SendScintilla(QsciScintilla::SCI_ADDTEXT, 1, "x");
        else
            candidate->SendScintilla(QsciScintilla::SCI_DELETEBACK);
        QCoreApplication::processEvents(); // the restyle and repaint of the edit
        const double edit = double(t.nsecsElapsed()) / 1e6;
        t.restart();
        editor.validateNow();
        QCoreApplication::processEvents();
        const double validate = double(t.nsecsElapsed()) / 1e6;
        edits.push_back(edit);
        validations.push_back(validate);
        totals.push_back(edit + validate);
        ++i;
    }
    state.counters["lines"] = lines;
    state.counters["keystroke_ms"] = median(totals);
    state.counters["keystroke_worst_ms"] = *std::max_element(totals.begin(), totals.end());
    state.counters["edit_ms"] = median(edits);
    state.counters["validate_ms"] = median(validations);
    state.counters["findings"] = double(editor.findings().size());
}
BENCHMARK(BM_Keystroke)->Unit(benchmark::kMillisecond)->Iterations(200)->UseRealTime();

void BM_WizardPush(benchmark::State& state)
{
    for (auto _ : state) {
        state.PauseTiming();
        QSettings().clear();
        QTemporaryDir dir;
        ctl::LabUpOptions up;
        up.dir = dir.path();
        up.bare = true;
        up.baseAddress = QStringLiteral("127.79.0.11");
        QString error;
        const auto lab = ctl::labUp(up, &error);
        if (!lab) {
            state.SkipWithError(error.toStdString().c_str());
            return;
        }
        double pushMs = -1;
        {
            gui::MainWindow window(gui::MainWindow::Session::Forget);
            if (window.openLab(dir.path(), &error)) {
                window.show();
                gui::HotBackupWizard* wizard = nullptr;
                const bool connected = QTest::qWaitFor(
                    [&] {
                        for (int side = 0; side < 2; ++side)
                            if (window.pairView()->deviceMonitor(side)->client().state() !=
                                client::AgentClient::State::Connected)
                                return false;
                        return true;
                    },
                    15000);
                if (connected)
                    wizard = window.openHotBackupWizard();
                if (wizard &&
                    QTest::qWaitFor([&] { return wizard->button(QWizard::NextButton)->isEnabled(); },
                                    15000)) {
                    // The lab's plan, as a user would type it (the wizard test types it field
                    // by field and checks that it gets exactly this plan).
                    config::LabPairOptions options;
                    options.firstAddress =
                        config::Ipv4Address{QHostAddress(lab->devices[0].address).toIPv4Address()};
                    options.preemptDelaySeconds = 3;
                    options.backupPort = 11201;
                    const config::PairPlan golden = config::labPlan(options);
                    wizard->editPlan([&](config::PairPlan& plan) { plan = golden; });
                    wizard->setOptionChosen(gui::HotBackupWizard::Option::VpnOverNat,
                                            !golden.vpnInstances.empty());
                    while (wizard->currentId() != gui::HotBackupWizard::Summary &&
                           wizard->button(QWizard::NextButton)->isEnabled())
                        wizard->next();
                    gui::SummaryPage* summary = wizard->summaryPage();
                    if (wizard->currentId() == gui::HotBackupWizard::Summary &&
                        QTest::qWaitFor(
                            [&] {
                                return summary->impact(0) && summary->impact(1) &&
                                       wizard->button(QWizard::CommitButton)->isEnabled();
                            },
                            15000)) {
                        state.ResumeTiming();
                        QElapsedTimer t;
                        t.start();
                        wizard->next();
                        gui::PushPage* push = wizard->pushPage();
                        const bool done =
                            QTest::qWaitFor([&] { return push->result().has_value(); }, 180000);
                        state.PauseTiming();
                        if (qEnvironmentVariableIsSet("TANDEM_BENCH_VERBOSE"))
                            fprintf(stderr, "%s\n",
                                    qPrintable(push->eventTexts().join(QLatin1Char('\n'))));
                        if (done && push->result()->outcome == client::PushOutcome::Confirmed)
                            pushMs = double(t.elapsed());
                        else
                            error = done ? push->result()->message : QStringLiteral("no result");
                    } else {
                        error = QStringLiteral("the summary did not allow the push: ") +
                                summary->findingTexts().join(QStringLiteral("; "));
                    }
                } else {
                    error = QStringLiteral("the pre-checks did not pass");
                }
            }
        }
        ctl::labDown(dir.path(), &error);
        if (pushMs < 0) {
            state.SkipWithError(error.toStdString().c_str());
            return;
        }
        state.counters["push_ms"] = pushMs;
        state.ResumeTiming();
    }
}
BENCHMARK(BM_WizardPush)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    return tandem::bench::runWidgetBenchmarks(argc, argv);
}
