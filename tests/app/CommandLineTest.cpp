// `tandem` on a command line: what it answers without a display.

#include "TestSupport.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <gtest/gtest.h>

namespace tandem::gui {
namespace {

// No X, no Wayland, no platform chosen: as in an SSH session or a container.
QProcessEnvironment withoutDisplay()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QLatin1String(name));
    return env;
}

test::ProcessResult runTandem(const QStringList& arguments)
{
    QProcess process;
    process.setProcessEnvironment(withoutDisplay());
    process.start(test::binary(QStringLiteral("tandem")), arguments);
    test::ProcessResult result;
    result.finished = process.waitForFinished(20000);
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

TEST(CommandLineTest, HelpAndVersionAnswerWithoutADisplay)
{
    const test::ProcessResult help = runTandem({QStringLiteral("--help")});
    ASSERT_TRUE(help.finished);
    EXPECT_EQ(help.exitCode, 0) << help.err.toStdString();
    for (const char* option : {"--lab", "--inventory", "--dark", "--screenshot-size"})
        EXPECT_TRUE(help.out.contains(QLatin1String(option))) << option << help.out.toStdString();

    // Qt's own options do not stop it.
    const test::ProcessResult withQtOption =
        runTandem({QStringLiteral("-platform"), QStringLiteral("xcb"), QStringLiteral("--help")});
    EXPECT_EQ(withQtOption.exitCode, 0) << withQtOption.err.toStdString();
    EXPECT_TRUE(withQtOption.out.contains(QLatin1String("--lab"))) << withQtOption.out.toStdString();

    const test::ProcessResult version = runTandem({QStringLiteral("--version")});
    EXPECT_EQ(version.exitCode, 0) << version.err.toStdString();
    EXPECT_TRUE(version.out.startsWith(QStringLiteral("tandem "))) << version.out.toStdString();
}

TEST(CommandLineTest, AnUnknownTabIsRefusedNamingTheTabsThereAre)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.start(test::binary(QStringLiteral("tandem")), {QStringLiteral("--tab"), QStringLiteral("dashbord")});
    ASSERT_TRUE(process.waitForFinished(20000));
    EXPECT_EQ(process.exitCode(), 1);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    EXPECT_TRUE(err.contains(QStringLiteral("--tab must be dashboard, failovers, tables, config or changes, not \"dashbord\"")))
        << err.toStdString();
}

} // namespace
} // namespace tandem::gui
