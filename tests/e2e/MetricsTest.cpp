// Prometheus /metrics of a real lab pair, read as a scraper reads it.

#include "LabPair.h"
#include "TestSupport.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QThread>

namespace tandem::test {
namespace {

struct HttpReply
{
    int status = 0;
    QByteArray head;
    QByteArray body;
};

// One request on a fresh connection; the server answers and closes.
HttpReply fetch(const QString& address, quint16 port, const QByteArray& request)
{
    QTcpSocket socket;
    socket.connectToHost(address, port);
    if (!socket.waitForConnected(3000))
        return {};
    socket.write(request);
    QByteArray all;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(3000))
        all += socket.readAll();
    all += socket.readAll();
    HttpReply reply;
    const qsizetype split = all.indexOf("\r\n\r\n");
    reply.head = all.left(split);
    reply.body = split < 0 ? QByteArray() : all.mid(split + 4);
    const QList<QByteArray> statusLine = reply.head.left(reply.head.indexOf("\r\n")).split(' ');
    reply.status = statusLine.size() > 1 ? statusLine[1].toInt() : 0;
    return reply;
}

// promtool, as installer/deps-debian.sh extracts it (CMake passes where it found it):
// $TANDEM_PROMTOOL first, then the configured path, then .deps/ of the source tree, then PATH.
QString findPromtool()
{
    const QStringList candidates{qEnvironmentVariable("TANDEM_PROMTOOL"),
                                 QStringLiteral(TANDEM_PROMTOOL),
                                 QStringLiteral(TANDEM_PROMTOOL_HINT),
                                 QStandardPaths::findExecutable(QStringLiteral("promtool"))};
    for (const QString& candidate : candidates)
        if (!candidate.isEmpty() && QFileInfo(candidate).isExecutable())
            return candidate;
    return {};
}

class Metrics : public LabPair
{
protected:
    // Scrapes `name` until its backup channel is up (the roles and batch settle just after).
    HttpReply scrapeWhenChannelUp(const QString& name)
    {
        const client::LabDevice& d = device(name);
        HttpReply reply;
        for (int attempt = 0; attempt < 50; ++attempt) {
            reply = fetch(d.address, d.metricsPort, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            if (reply.body.contains("tandem_backup_channel_up 1"))
                break;
            QThread::msleep(100);
        }
        return reply;
    }
};

TEST_F(Metrics, AScrapeShowsRolesChannelTablesAndVrrpInTheTextFormat)
{
    startLab();
    const client::LabDevice& a = device(QStringLiteral("CGN-A"));
    ASSERT_NE(a.metricsPort, 0);
    const HttpReply reply = scrapeWhenChannelUp(QStringLiteral("CGN-A"));
    ASSERT_EQ(reply.status, 200) << reply.head.toStdString();
    EXPECT_TRUE(reply.head.contains("Content-Type: text/plain; version=0.0.4"));
    const QString text = QString::fromUtf8(reply.body);
    EXPECT_TRUE(text.contains(QStringLiteral("tandem_service_location_master{service_location=\"1\"} 1\n")));
    EXPECT_TRUE(text.contains(QStringLiteral("tandem_backup_channel_up 1\n")));
    EXPECT_TRUE(text.contains(QStringLiteral(
        "tandem_vrrp_state{interface=\"GigabitEthernet0/1/1\",vrid=\"1\",state=\"Master\"} 1\n")));
    EXPECT_TRUE(text.contains(QStringLiteral("tandem_cgn_sessions_max{service_location=\"1\"} ")));
    EXPECT_TRUE(text.contains(QStringLiteral("tandem_batch_backup_state{service_location=\"1\",state=\"finished\"} 1\n")));
    // Every line is a comment or a sample the 0.0.4 grammar accepts; every family is typed once.
    const QRegularExpression sample(QStringLiteral(
        R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? -?[0-9.e+-]+$)"));
    QSet<QString> typed;
    for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (line.startsWith(QLatin1String("# TYPE "))) {
            EXPECT_FALSE(typed.contains(line.section(QLatin1Char(' '), 2, 2))) << line.toStdString();
            typed.insert(line.section(QLatin1Char(' '), 2, 2));
            continue;
        }
        if (line.startsWith(QLatin1Char('#')))
            continue;
        EXPECT_TRUE(sample.match(line).hasMatch()) << line.toStdString();
    }
    // The standby says so too.
    const client::LabDevice& b = device(QStringLiteral("CGN-B"));
    const HttpReply standby = fetch(b.address, b.metricsPort, "GET /metrics HTTP/1.0\r\n\r\n");
    EXPECT_TRUE(standby.body.contains("tandem_service_location_master{service_location=\"1\"} 0\n"));
}

// What Prometheus itself would say of the exposition: promtool parses it and lints names,
// types, units and help texts. Both roles, in 1+1 so that both carry tables and traffic.
TEST_F(Metrics, PromtoolChecksTheScrapeOfBothDevicesWithoutAFinding)
{
    const QString promtool = findPromtool();
    if (promtool.isEmpty())
        GTEST_SKIP() << "promtool not found (installer/deps-debian.sh extracts it to "
                     << TANDEM_PROMTOOL_HINT << "; or set TANDEM_PROMTOOL)";
    startLab(QStringLiteral("1+1"), {QStringLiteral("--rate"), QStringLiteral("200"),
                                     QStringLiteral("--subscribers"), QStringLiteral("500")});
    for (const QString& name : {QStringLiteral("CGN-A"), QStringLiteral("CGN-B")}) {
        const HttpReply reply = scrapeWhenChannelUp(name);
        ASSERT_EQ(reply.status, 200) << name.toStdString() << ": " << reply.head.toStdString();
        ASSERT_TRUE(reply.body.contains("tandem_cgn_sessions{")) << reply.body.toStdString();
        const ProcessResult check = runProcess(
            promtool, {QStringLiteral("check"), QStringLiteral("metrics")}, 30000, reply.body);
        ASSERT_TRUE(check.finished) << promtool.toStdString() << " did not finish";
        EXPECT_EQ(check.exitCode, 0) << name.toStdString() << ": promtool check metrics says:\n"
                                     << check.out.toStdString() << check.err.toStdString();
        EXPECT_EQ((check.out + check.err).trimmed(), QString()) << name.toStdString();
    }
}

TEST_F(Metrics, AnythingButGetMetricsIsANamedErrorAndAHugeRequestIsCutOff)
{
    startLab();
    const client::LabDevice& a = device(QStringLiteral("CGN-A"));
    EXPECT_EQ(fetch(a.address, a.metricsPort, "GET / HTTP/1.1\r\n\r\n").status, 404);
    EXPECT_EQ(fetch(a.address, a.metricsPort, "POST /metrics HTTP/1.1\r\n\r\n").status, 405);
    EXPECT_EQ(fetch(a.address, a.metricsPort, "hello\r\n\r\n").status, 400);
    const HttpReply huge = fetch(a.address, a.metricsPort,
                                 "GET /metrics HTTP/1.1\r\nX: " + QByteArray(20000, 'a') + "\r\n\r\n");
    EXPECT_EQ(huge.status, 431);
    // The agent still answers afterwards.
    EXPECT_EQ(fetch(a.address, a.metricsPort, "GET /metrics HTTP/1.1\r\n\r\n").status, 200);
}

} // namespace
} // namespace tandem::test
