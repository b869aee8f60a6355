// Bad input at start-up: a message naming the file, line or address, a non-zero exit, and
// nothing left running.

#include "LabPair.h"
#include "TestSupport.h"

#include <QFile>
#include <QHostAddress>
#include <QTcpServer>
#include <QTemporaryDir>

namespace tandem::test {
namespace {

QString writeConfig(const QTemporaryDir& dir, const QString& name, const QString& text)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
    return path;
}

QString minimalConfig(const QString& address, int managementPort)
{
    return QStringLiteral("sysname T\n"
                          "service-ha hot-backup enable\n"
                          "interface GigabitEthernet0/1/1\n"
                          " ip address %1 255.0.0.0\n"
                          " vrrp vrid 1 virtual-ip 127.0.0.254\n"
                          "service-location 1\n"
                          " location slot 1\n"
                          " remote-backup interface GigabitEthernet0/1/1 peer 127.0.0.253\n"
                          " vrrp vrid 1 interface GigabitEthernet0/1/1\n"
                          "tandem-agent\n"
                          " management listen %1 port %2\n"
                          " vrrp-transport udp port 11299\n")
        .arg(address)
        .arg(managementPort);
}

TEST(AgentStartup, MissingConfigFileIsNamed)
{
    const ProcessResult r = runProcess(binary(QStringLiteral("tandem-agent")),
                                       {QStringLiteral("--config"), QStringLiteral("/nonexistent/a.cfg")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains(QStringLiteral("/nonexistent/a.cfg"))) << r.err.toStdString();
}

TEST(AgentStartup, MalformedConfigIsReportedWithFileLineAndColumn)
{
    QTemporaryDir dir;
    const QString path = writeConfig(dir, QStringLiteral("bad.cfg"),
                                     QStringLiteral("sysname T\n"
                                                    "interface GigabitEthernet0/1/1\n"
                                                    " vrrp vrid 1 priority 300\n"));
    const ProcessResult r =
        runProcess(binary(QStringLiteral("tandem-agent")), {QStringLiteral("--config"), path});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains(path + QStringLiteral(":3:"))) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("300"))) << r.err.toStdString();
}

TEST(AgentStartup, CheckModeValidatesWithoutStarting)
{
    QTemporaryDir dir;
    const QString path =
        writeConfig(dir, QStringLiteral("ok.cfg"), minimalConfig(QStringLiteral("127.0.0.1"), 7830));
    const ProcessResult r = runProcess(binary(QStringLiteral("tandem-agent")),
                                       {QStringLiteral("--config"), path, QStringLiteral("--check")});
    EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("valid")));
}

TEST(AgentStartup, CheckModePrintsTheFixUnderEachError)
{
    QTemporaryDir dir;
    const QString path = writeConfig(dir, QStringLiteral("typo.cfg"),
                                     QStringLiteral("sysname T\n"
                                                    "service-locaton 1\n"
                                                    " location slot 1\n"));
    const ProcessResult r =
        runProcess(binary(QStringLiteral("tandem-agent")),
                   {QStringLiteral("--config"), path, QStringLiteral("--check")});
    EXPECT_EQ(r.exitCode, 1);
    const QStringList lines = r.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 2) << r.err.toStdString();
    EXPECT_TRUE(lines[0].startsWith(path + QStringLiteral(":2:1: error: unknown command "
                                                          "'service-locaton'")))
        << r.err.toStdString();
    EXPECT_EQ(lines[1], QStringLiteral("    fix: did you mean 'service-location 1'?"));
}

TEST(AgentStartup, CheckModeAlsoSaysWhatACommitWouldBeToldWithoutRefusingWarnings)
{
    // Parsing alone passed this before: a pool with no addresses is a warning, not a refusal.
    QTemporaryDir dir;
    const QString base = minimalConfig(QStringLiteral("127.0.0.1"), 7830);
    const QString pool =
        writeConfig(dir, QStringLiteral("pool.cfg"), base + QStringLiteral("nat ip-pool p1\n"));
    const QString poolLine = QString::number(base.count(QLatin1Char('\n')) + 1);
    const ProcessResult warned = runProcess(binary(QStringLiteral("tandem-agent")),
                                            {QStringLiteral("--config"), pool, QStringLiteral("--check")});
    EXPECT_EQ(warned.exitCode, 0) << warned.err.toStdString();
    EXPECT_TRUE(warned.err.contains(pool + QLatin1Char(':') + poolLine + QStringLiteral(":1: warning: ")) &&
                warned.err.contains(QStringLiteral("no section")))
        << warned.err.toStdString();
    EXPECT_TRUE(warned.out.contains(QStringLiteral("valid (1 warning)"))) << warned.out.toStdString();

    // An error validateConfig finds refuses the file, with its fix, as a commit would.
    QString noSlot = base;
    noSlot.remove(QStringLiteral(" location slot 1\n"));
    const QString refused = writeConfig(dir, QStringLiteral("noslot.cfg"), noSlot);
    const ProcessResult r = runProcess(binary(QStringLiteral("tandem-agent")),
                                       {QStringLiteral("--config"), refused, QStringLiteral("--check")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains(QStringLiteral("error: service-location 1 has no 'location slot'")))
        << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("    fix: add ' location slot <slot-id>'")))
        << r.err.toStdString();
}

TEST(AgentStartup, ManagementPortInUseIsNamed)
{
    const QString address = randomLoopbackBase();
    QTcpServer squatter;
    ASSERT_TRUE(squatter.listen(QHostAddress(address), 0));
    QTemporaryDir dir;
    const QString path = writeConfig(dir, QStringLiteral("busy.cfg"),
                                     minimalConfig(address, squatter.serverPort()));
    const ProcessResult r =
        runProcess(binary(QStringLiteral("tandem-agent")), {QStringLiteral("--config"), path}, 10000);
    ASSERT_TRUE(r.finished) << "the agent kept running on a port in use";
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains(QStringLiteral("%1:%2").arg(address).arg(squatter.serverPort())))
        << r.err.toStdString();
}

TEST(AgentStartup, LabUpWithAnAgentThatDiesLeavesNothingBehind)
{
    QTemporaryDir dir;
    const ProcessResult r = tandemctl({QStringLiteral("lab"), QStringLiteral("up"),
                                       QStringLiteral("--dir"), dir.path(), QStringLiteral("--base"),
                                       randomLoopbackBase(), QStringLiteral("--agent"),
                                       QStringLiteral("/bin/false")},
                                      30000);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains(QStringLiteral("exited during start-up"))) << r.err.toStdString();
    EXPECT_FALSE(QFile::exists(client::labJsonPath(dir.path())));
}

TEST(AgentStartup, LabUpRefusesASecondLabInTheSameDirectory)
{
    QTemporaryDir dir;
    const QString base = randomLoopbackBase();
    const QStringList up{QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dir"),
                         dir.path(), QStringLiteral("--base"), base};
    ASSERT_EQ(tandemctl(up).exitCode, 0);
    const ProcessResult second = tandemctl(up);
    EXPECT_EQ(second.exitCode, 1);
    EXPECT_TRUE(second.err.contains(QStringLiteral("already running"))) << second.err.toStdString();
    EXPECT_EQ(tandemctl({QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"),
                         dir.path()})
                  .exitCode,
              0);
}

TEST(Tandemctl, UsageErrorsExitWithTwo)
{
    EXPECT_EQ(tandemctl({QStringLiteral("frobnicate")}).exitCode, 2);
    EXPECT_EQ(tandemctl({QStringLiteral("lab"), QStringLiteral("up")}).exitCode, 2);
    const ProcessResult mode = tandemctl({QStringLiteral("lab"), QStringLiteral("up"),
                                          QStringLiteral("--dir"), QStringLiteral("/tmp/x"),
                                          QStringLiteral("--mode"), QStringLiteral("2:1")});
    EXPECT_EQ(mode.exitCode, 2);
    EXPECT_TRUE(mode.err.contains(QStringLiteral("2:1")));
}

TEST(Tandemctl, StatusOfAnUnreachableAgentNamesTheAddress)
{
    const QString address = randomLoopbackBase();
    const ProcessResult r = tandemctl({QStringLiteral("status"), QStringLiteral("--host"), address,
                                       QStringLiteral("--port"), QStringLiteral("7830")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains(address)) << r.err.toStdString();
}

} // namespace
} // namespace tandem::test
