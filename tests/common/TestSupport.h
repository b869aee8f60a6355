#pragma once

// Helpers for tests that run the real programs: where they are, running them, and lab pairs
// on loopback addresses that parallel tests do not share.

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace tandem::test {

// build/bin, from TANDEM_BIN_DIR (set by ctest).
QString binDir();
QString binary(const QString& name);

struct ProcessResult
{
    int exitCode = -1;
    bool finished = false; // false: timed out or failed to start
    QString out;
    QString err;
};

ProcessResult runProcess(const QString& program, const QStringList& arguments, int timeoutMs = 60000,
                         const QByteArray& input = {});
ProcessResult tandemctl(const QStringList& arguments, int timeoutMs = 60000);

// A loopback base address (127.X.Y.11) unlikely to be used by another test running at once.
QString randomLoopbackBase();

// Keeps the event loop turning until `condition` holds or `timeoutMs` passes.
bool waitFor(const std::function<bool()>& condition, int timeoutMs);

} // namespace tandem::test
