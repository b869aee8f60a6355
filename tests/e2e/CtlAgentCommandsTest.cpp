// The online tandemctl commands, as a user runs them: the real binary against a real lab
// pair (with its traffic), human output and --json, and exit status 0 / 1 / 2.

#include "LabPair.h"
#include "TestSupport.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace tandem::test {
namespace {

const QString A = QStringLiteral("CGN-A");
const QString B = QStringLiteral("CGN-B");

class CtlAgentCommands : public LabPair
{
protected:
    // tandemctl WORDS… --lab DIR --device NAME
    ProcessResult ctl(const QString& device, QStringList arguments)
    {
        arguments << QStringLiteral("--lab") << m_dir.path() << QStringLiteral("--device")
                  << device;
        return tandemctl(arguments);
    }

    QJsonObject ctlJson(const QString& device, QStringList arguments)
    {
        arguments << QStringLiteral("--json");
        const ProcessResult r = ctl(device, arguments);
        EXPECT_EQ(r.exitCode, 0) << arguments.join(QLatin1Char(' ')).toStdString() << ": "
                                 << r.err.toStdString();
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

    QString writeFile(const QString& name, const QString& text)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        EXPECT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text.toUtf8());
        return path;
    }
};

TEST_F(CtlAgentCommands, DisplayAndHaStatusShowTheMasterAndItsChannel)
{
    startLab();
    const ProcessResult slg = ctl(
        A, {QStringLiteral("display"), QStringLiteral("service-location"), QStringLiteral("1")});
    ASSERT_EQ(slg.exitCode, 0) << slg.err.toStdString();
    EXPECT_TRUE(slg.out.contains(QStringLiteral(" Vrrp state: master\n"))) << slg.out.toStdString();

    const ProcessResult rbs =
        ctl(B, {QStringLiteral("display"), QStringLiteral("remote-backup-service")});
    ASSERT_EQ(rbs.exitCode, 0) << rbs.err.toStdString();
    EXPECT_TRUE(rbs.out.contains(QStringLiteral("Service-Name"))) << rbs.out.toStdString();
    EXPECT_TRUE(rbs.out.contains(QStringLiteral("Connected"))) << rbs.out.toStdString();

    const QJsonObject status = ctlJson(A, {QStringLiteral("ha"), QStringLiteral("status")});
    const QJsonArray locations = status.value(QStringLiteral("serviceLocations")).toArray();
    ASSERT_EQ(locations.size(), 1);
    EXPECT_EQ(locations[0].toObject().value(QStringLiteral("role")).toString(),
              QStringLiteral("master"));
    EXPECT_EQ(status.value(QStringLiteral("channel")).toObject().value(QStringLiteral("state")),
              QStringLiteral("up"));

    const ProcessResult human = ctl(B, {QStringLiteral("ha"), QStringLiteral("status")});
    ASSERT_EQ(human.exitCode, 0) << human.err.toStdString();
    EXPECT_TRUE(human.out.contains(QStringLiteral("slave"))) << human.out.toStdString();
    EXPECT_TRUE(human.out.contains(QStringLiteral("channel up"))) << human.out.toStdString();
}

TEST_F(CtlAgentCommands, SessionsArePagedWithACursor)
{
    startLab();
    // The lab's traffic fills the master's table.
    ASSERT_TRUE(waitFor(
        [&] {
            return ctlJson(A, {QStringLiteral("counts")})
                       .value(QStringLiteral("sessions"))
                       .toInt() > 20;
        },
        15000));
    const QJsonObject first =
        ctlJson(A, {QStringLiteral("sessions"), QStringLiteral("--limit"), QStringLiteral("5")});
    const QJsonArray page1 = first.value(QStringLiteral("sessions")).toArray();
    ASSERT_EQ(page1.size(), 5);
    const qint64 cursor = first.value(QStringLiteral("nextCursor")).toInteger();
    ASSERT_GT(cursor, 0);
    const QJsonObject second =
        ctlJson(A, {QStringLiteral("sessions"), QStringLiteral("--limit"), QStringLiteral("5"),
                    QStringLiteral("--cursor"), QString::number(cursor)});
    const QJsonArray page2 = second.value(QStringLiteral("sessions")).toArray();
    ASSERT_EQ(page2.size(), 5);
    QSet<qint64> seen;
    for (const QJsonValue& s : page1)
        seen.insert(s.toObject().value(QStringLiteral("id")).toInteger());
    for (const QJsonValue& s : page2) {
        const qint64 id = s.toObject().value(QStringLiteral("id")).toInteger();
        EXPECT_GE(id, cursor);
        EXPECT_FALSE(seen.contains(id)) << "session " << id << " on both pages";
    }

    const ProcessResult human =
        ctl(A, {QStringLiteral("sessions"), QStringLiteral("--limit"), QStringLiteral("3")});
    ASSERT_EQ(human.exitCode, 0) << human.err.toStdString();
    EXPECT_TRUE(human.out.startsWith(QStringLiteral("ID  PROTO"))) << human.out.toStdString();
    EXPECT_TRUE(human.out.contains(QStringLiteral("3 of "))) << human.out.toStdString();
    EXPECT_TRUE(human.out.contains(QStringLiteral("next page: --cursor ")))
        << human.out.toStdString();

    // --all follows the cursor to the end.
    const QJsonObject icmp = ctlJson(A, {QStringLiteral("sessions"), QStringLiteral("--protocol"),
                                         QStringLiteral("icmp"), QStringLiteral("--all")});
    EXPECT_EQ(icmp.value(QStringLiteral("nextCursor")).toInteger(), 0);
    for (const QJsonValue& s : icmp.value(QStringLiteral("sessions")).toArray())
        EXPECT_EQ(s.toObject().value(QStringLiteral("protocol")).toString(),
                  QStringLiteral("icmp"));

    // Sorted by the agent: descending outside endpoint, the next page by the string cursor.
    const QStringList sortArgs{QStringLiteral("sessions"), QStringLiteral("--sort"),
                               QStringLiteral("outside"), QStringLiteral("--desc"),
                               QStringLiteral("--limit"), QStringLiteral("7")};
    const QJsonObject sortedFirst = ctlJson(A, sortArgs);
    const QString sortCursor = sortedFirst.value(QStringLiteral("nextCursor")).toString();
    ASSERT_FALSE(sortCursor.isEmpty());
    const QJsonObject sortedSecond =
        ctlJson(A, sortArgs + QStringList{QStringLiteral("--cursor"), sortCursor});
    QJsonArray sorted = sortedFirst.value(QStringLiteral("sessions")).toArray();
    for (const QJsonValue& v : sortedSecond.value(QStringLiteral("sessions")).toArray())
        sorted.append(v);
    ASSERT_EQ(sorted.size(), 14);
    const auto outsideKey = [](const QJsonValue& v) {
        const QJsonObject s = v.toObject();
        return std::pair(QHostAddress(s.value(QStringLiteral("outsideAddress")).toString()).toIPv4Address(),
                         s.value(QStringLiteral("outsidePort")).toInt());
    };
    QSet<qint64> sortedIds;
    for (qsizetype i = 0; i < sorted.size(); ++i) {
        const qint64 id = sorted[i].toObject().value(QStringLiteral("id")).toInteger();
        EXPECT_FALSE(sortedIds.contains(id)) << "session " << id << " listed twice";
        sortedIds.insert(id);
        if (i > 0) {
            EXPECT_GE(outsideKey(sorted[i - 1]), outsideKey(sorted[i])) << "row " << i;
        }
    }
    const ProcessResult badSort = ctl(A, {QStringLiteral("sessions"), QStringLiteral("--sort"),
                                          QStringLiteral("colour")});
    // tandemctl knows the keys: a usage error, before anything is sent.
    EXPECT_EQ(badSort.exitCode, 2);
    EXPECT_TRUE(badSort.err.contains(QStringLiteral("--sort: not 'colour': one of id, inside")))
        << badSort.err.toStdString();
    // The agent refuses it as well, to any client.
    const ProcessResult badSortCall =
        ctl(A, {QStringLiteral("call"), QStringLiteral("cgn.sessions"),
                QStringLiteral("{\"serviceLocation\":1,\"sort\":\"colour\"}")});
    EXPECT_EQ(badSortCall.exitCode, 1);
    EXPECT_TRUE(badSortCall.err.contains(QStringLiteral("\"sort\" must be"))) << badSortCall.err.toStdString();

    const ProcessResult table = ctl(A, {QStringLiteral("display"), QStringLiteral("nat"),
                                        QStringLiteral("session"), QStringLiteral("table")});
    ASSERT_EQ(table.exitCode, 0) << table.err.toStdString();
    EXPECT_TRUE(table.out.startsWith(QStringLiteral("Slot: 1 Engine: 0\nCurrent total sessions: ")))
        << table.out.left(200).toStdString();
    EXPECT_LE(table.out.count(QStringLiteral("-->")), 2 * 100);
}

TEST_F(CtlAgentCommands, CommitConfirmedRollsBackUnlessConfirmed)
{
    startLab();
    const ProcessResult get = ctl(B, {QStringLiteral("config"), QStringLiteral("get")});
    ASSERT_EQ(get.exitCode, 0) << get.err.toStdString();
    const QString original = get.out;
    QString changed = original;
    changed.replace(QStringLiteral("sysname CGN-B\n"), QStringLiteral("sysname CGN-B-TRY\n"));
    ASSERT_NE(changed, original);
    const QString path = writeFile(QStringLiteral("try.cfg"), changed);

    const ProcessResult diff = ctl(B, {QStringLiteral("config"), QStringLiteral("diff"), path});
    ASSERT_EQ(diff.exitCode, 0) << diff.err.toStdString();
    EXPECT_TRUE(diff.out.contains(QStringLiteral("+sysname CGN-B-TRY"))) << diff.out.toStdString();

    const ProcessResult commit =
        ctl(B, {QStringLiteral("config"), QStringLiteral("commit"), path, QStringLiteral("--label"),
                QStringLiteral("try"), QStringLiteral("--confirm"), QStringLiteral("1")});
    ASSERT_EQ(commit.exitCode, 0) << commit.err.toStdString();
    EXPECT_TRUE(commit.out.contains(QStringLiteral("pending"))) << commit.out.toStdString();
    EXPECT_EQ(ctl(B, {QStringLiteral("config"), QStringLiteral("get")}).out, changed);

    // Nobody confirms: the agent goes back to the same bytes.
    ASSERT_TRUE(waitFor(
        [&] {
            return ctl(B, {QStringLiteral("config"), QStringLiteral("get")}).out == original;
        },
        10000));
    const QJsonObject history = ctlJson(B, {QStringLiteral("config"), QStringLiteral("history")});
    const QJsonArray commits = history.value(QStringLiteral("commits")).toArray();
    ASSERT_EQ(commits.size(), 3);
    EXPECT_EQ(commits[1].toObject().value(QStringLiteral("confirmation")).toString(),
              QStringLiteral("expired"));
    EXPECT_FALSE(history.contains(QStringLiteral("pending")));

    // Confirmed in time, it stays; a rollback to commit 1 restores the original.
    ASSERT_EQ(ctl(B, {QStringLiteral("config"), QStringLiteral("commit"), path,
                      QStringLiteral("--confirm"), QStringLiteral("60")})
                  .exitCode,
              0);
    const ProcessResult confirm = ctl(B, {QStringLiteral("config"), QStringLiteral("confirm")});
    ASSERT_EQ(confirm.exitCode, 0) << confirm.err.toStdString();
    EXPECT_TRUE(confirm.out.contains(QStringLiteral("confirmed"))) << confirm.out.toStdString();
    const ProcessResult rollback =
        ctl(B, {QStringLiteral("config"), QStringLiteral("rollback"), QStringLiteral("1")});
    ASSERT_EQ(rollback.exitCode, 0) << rollback.err.toStdString();
    EXPECT_EQ(ctl(B, {QStringLiteral("config"), QStringLiteral("get")}).out, original);

    // A config the agent refuses: exit 1, the finding named by file and line.
    const QString bad =
        writeFile(QStringLiteral("bad.cfg"), QStringLiteral("sysname X\nfrobnicate\n"));
    const ProcessResult refused = ctl(B, {QStringLiteral("config"), QStringLiteral("commit"), bad});
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(refused.err.contains(bad + QStringLiteral(":2:1: error:")))
        << refused.err.toStdString();
}

TEST_F(CtlAgentCommands, ErrorsExitWithTheAgentsMessageOrAUsageStatus)
{
    startLab();
    const client::LabDevice& a = device(A);
    qputenv("TANDEM_PASSWORD", "not-the-password");
    const ProcessResult wrong =
        tandemctl({QStringLiteral("ha"), QStringLiteral("status"), QStringLiteral("--host"),
                   a.address, QStringLiteral("--port"), QString::number(a.port),
                   QStringLiteral("--tls"), QStringLiteral("--fingerprint"), a.fingerprint});
    qunsetenv("TANDEM_PASSWORD");
    EXPECT_EQ(wrong.exitCode, 1);
    EXPECT_TRUE(wrong.err.contains(QStringLiteral("authentication failed")))
        << wrong.err.toStdString();

    const ProcessResult unknown = ctl(A, {QStringLiteral("call"), QStringLiteral("frobnicate")});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_TRUE(unknown.err.contains(QStringLiteral("unknown method 'frobnicate'")))
        << unknown.err.toStdString();

    const ProcessResult badDisplay =
        ctl(A, {QStringLiteral("display"), QStringLiteral("frobnicate")});
    EXPECT_EQ(badDisplay.exitCode, 1);
    EXPECT_TRUE(badDisplay.err.contains(QStringLiteral("display frobnicate")))
        << badDisplay.err.toStdString();

    const ProcessResult noUser =
        ctl(A, {QStringLiteral("user"), QStringLiteral("--cpe"), QStringLiteral("10.99.99.99")});
    EXPECT_EQ(noUser.exitCode, 1);
    EXPECT_TRUE(noUser.err.contains(QStringLiteral("no user 10.99.99.99")))
        << noUser.err.toStdString();

    EXPECT_EQ(ctl(A, {QStringLiteral("ha"), QStringLiteral("switchover")}).exitCode, 2);
    EXPECT_EQ(ctl(A, {QStringLiteral("sessions"), QStringLiteral("--limit"), QStringLiteral("0")})
                  .exitCode,
              2);
    EXPECT_EQ(tandemctl({QStringLiteral("counts")}).exitCode, 2); // no agent named

    // The offline diff of two files still needs no agent.
    const QString cfg = a.configPath;
    const ProcessResult offline =
        tandemctl({QStringLiteral("config"), QStringLiteral("diff"), cfg, cfg});
    EXPECT_EQ(offline.exitCode, 0) << offline.err.toStdString();
}

} // namespace
} // namespace tandem::test
