#include "TestSupport.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QRandomGenerator>
#include <QThread>
#include <functional>

namespace tandem::test {

QString binDir()
{
    const QByteArray dir = qgetenv("TANDEM_BIN_DIR");
    return dir.isEmpty() ? QCoreApplication::applicationDirPath() : QString::fromLocal8Bit(dir);
}

QString binary(const QString& name)
{
    return QDir(binDir()).filePath(name);
}

ProcessResult runProcess(const QString& program, const QStringList& arguments, int timeoutMs,
                         const QByteArray& input)
{
    ProcessResult result;
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        result.err = process.errorString();
        return result;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    result.finished = process.waitForFinished(timeoutMs);
    if (!result.finished)
        process.kill();
    process.waitForFinished(2000);
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

ProcessResult tandemctl(const QStringList& arguments, int timeoutMs)
{
    return runProcess(binary(QStringLiteral("tandemctl")), arguments, timeoutMs);
}

QString randomLoopbackBase()
{
    auto* random = QRandomGenerator::global();
    return QStringLiteral("127.%1.%2.11").arg(random->bounded(1, 250)).arg(random->bounded(0, 250));
}

bool waitFor(const std::function<bool()>& condition, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(10);
    }
    return true;
}

} // namespace tandem::test
