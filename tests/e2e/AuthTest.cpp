// Who may do what: the role matrix (viewer reads, operator also switches over, admin also
// pushes config), wrong secrets, the failed-login rate limit, and the audit log of logins,
// commits and switchovers, which never holds a secret.

#include "MgmtAgent.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

namespace tandem::test {
namespace {

using protocol::ErrorCode;
using Kind = protocol::Message::Kind;

class Auth : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_agent.start()) << m_agent.log().toStdString(); }

    std::unique_ptr<FrameClient> login(const QString& user, const QString& password)
    {
        auto c = FrameClient::tcp(m_agent);
        const auto hello = c->hello(user, password);
        EXPECT_TRUE(hello.has_value());
        if (hello) {
            EXPECT_EQ(hello->kind, Kind::Result) << hello->error.message.toStdString();
        }
        return c;
    }

    // Waits until this lone agent is master of service-location 1 (its peer never answers).
    bool waitForMaster(FrameClient& c)
    {
        return waitFor(
            [&] {
                const auto status = c.call(QStringLiteral("status.get"));
                if (!status || status->kind != Kind::Result)
                    return false;
                for (const QJsonValue& sl :
                     status->result.toObject().value(QStringLiteral("serviceLocations")).toArray())
                    if (sl.toObject().value(QStringLiteral("state")).toString() ==
                        QLatin1String("master"))
                        return true;
                return false;
            },
            20000);
    }

    QString runningText(FrameClient& c)
    {
        const auto got = c.call(QStringLiteral("config.get"));
        return got ? got->result.toObject().value(QStringLiteral("text")).toString() : QString();
    }

    MgmtAgent m_agent;
};

const QJsonObject kSl1{{QStringLiteral("serviceLocation"), 1}};

TEST_F(Auth, RoleMatrix)
{
    auto viewer = login(QStringLiteral("viewer"), MgmtAgent::kViewerPassword);
    auto op = login(QStringLiteral("operator"), MgmtAgent::kOperatorPassword);
    auto admin = login(QStringLiteral("admin"), MgmtAgent::kAdminPassword);
    const QString text = runningText(*admin);
    ASSERT_FALSE(text.isEmpty());
    const QJsonObject commit{{QStringLiteral("text"), text}, {QStringLiteral("label"), "same"}};

    // Viewer: reads, but neither switches over nor pushes config.
    EXPECT_EQ(viewer->call(QStringLiteral("status.get"))->kind, Kind::Result);
    const auto viewerSwitch = viewer->call(QStringLiteral("ha.switchover"), kSl1);
    EXPECT_EQ(viewerSwitch->error.code, int(ErrorCode::Forbidden));
    EXPECT_TRUE(viewerSwitch->error.message.contains(QStringLiteral("operator")));
    EXPECT_EQ(viewer->call(QStringLiteral("config.commit"), commit)->error.code,
              int(ErrorCode::Forbidden));
    EXPECT_EQ(viewer->call(QStringLiteral("audit.list"))->error.code, int(ErrorCode::Forbidden));

    // Operator: switches over, but does not push config.
    ASSERT_TRUE(waitForMaster(*op));
    const auto opSwitch = op->call(QStringLiteral("ha.switchover"), kSl1);
    ASSERT_EQ(opSwitch->kind, Kind::Result) << opSwitch->error.message.toStdString();
    EXPECT_TRUE(opSwitch->result.toObject().value(QStringLiteral("resigned")).toBool());
    const auto opCommit = op->call(QStringLiteral("config.commit"), commit);
    EXPECT_EQ(opCommit->error.code, int(ErrorCode::Forbidden));
    EXPECT_TRUE(opCommit->error.message.contains(QStringLiteral("admin")));

    // Admin: all of it.
    const auto adminCommit = admin->call(QStringLiteral("config.commit"), commit);
    ASSERT_EQ(adminCommit->kind, Kind::Result) << adminCommit->error.message.toStdString();
    EXPECT_EQ(adminCommit->result.toObject().value(QStringLiteral("user")).toString(),
              QStringLiteral("admin"));
    ASSERT_TRUE(waitForMaster(*admin));
    EXPECT_EQ(admin->call(QStringLiteral("ha.switchover"), kSl1)->kind, Kind::Result);
    EXPECT_EQ(admin->call(QStringLiteral("audit.list"))->kind, Kind::Result);
}

TEST_F(Auth, WrongSecretIsRefusedAndGrantsNothing)
{
    auto c = FrameClient::tcp(m_agent);
    const auto hello = c->hello(QStringLiteral("admin"), MgmtAgent::kViewerPassword);
    ASSERT_TRUE(hello.has_value());
    EXPECT_EQ(hello->error.code, int(ErrorCode::Unauthenticated));
    EXPECT_EQ(c->call(QStringLiteral("status.get"))->error.code, int(ErrorCode::Unauthenticated));
    // An unknown user gets the very same answer.
    const auto unknown = c->hello(QStringLiteral("mallory"), MgmtAgent::kAdminPassword);
    EXPECT_EQ(unknown->error.code, int(ErrorCode::Unauthenticated));
    EXPECT_EQ(unknown->error.message, QStringLiteral("authentication failed for user 'mallory'"));
}

TEST_F(Auth, SixthFailureWithinAMinuteIsRefusedWithoutCheckingThePassword)
{
    auto c = FrameClient::tcp(m_agent);
    for (int i = 0; i < 5; ++i) {
        const auto hello = c->hello(QStringLiteral("admin"), QStringLiteral("guess-%1").arg(i));
        ASSERT_TRUE(hello.has_value());
        EXPECT_TRUE(hello->error.message.startsWith(QStringLiteral("authentication failed")))
            << hello->error.message.toStdString();
    }
    // Even the right password is not looked at now: the source must wait.
    const auto blocked = c->hello(QStringLiteral("admin"), MgmtAgent::kAdminPassword);
    ASSERT_TRUE(blocked.has_value());
    EXPECT_EQ(blocked->error.code, int(ErrorCode::Unauthenticated));
    EXPECT_TRUE(blocked->error.message.contains(QStringLiteral("too many failed logins")))
        << blocked->error.message.toStdString();
    EXPECT_TRUE(blocked->error.message.contains(QStringLiteral("try again in")));
    const qint64 retryMs =
        blocked->error.data.toObject().value(QStringLiteral("retryAfterMs")).toInteger();
    EXPECT_GT(retryMs, 20000);
    EXPECT_LE(retryMs, 30000);

    // Another connection from the same address is blocked as well ...
    auto again = FrameClient::tcp(m_agent);
    EXPECT_TRUE(again->hello(QStringLiteral("viewer"), MgmtAgent::kViewerPassword)
                    ->error.message.contains(QStringLiteral("too many failed logins")));
    // ... while another source (the local socket: counted per uid) is not.
    auto local = FrameClient::local(m_agent.localSocketPath());
    EXPECT_EQ(local->hello(QStringLiteral("viewer"), MgmtAgent::kViewerPassword)->kind,
              Kind::Result);
}

QList<QJsonObject> auditLines(const QString& path)
{
    QList<QJsonObject> lines;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    while (!file.atEnd())
        lines.append(QJsonDocument::fromJson(file.readLine()).object());
    return lines;
}

bool hasLine(const QList<QJsonObject>& lines, const QString& action, const QString& user,
             const QString& outcome)
{
    return std::any_of(lines.begin(), lines.end(), [&](const QJsonObject& line) {
        return line.value(QStringLiteral("action")).toString() == action &&
               line.value(QStringLiteral("user")).toString() == user &&
               line.value(QStringLiteral("outcome")).toString() == outcome;
    });
}

TEST_F(Auth, AuditLogRecordsLoginsCommitsAndSwitchoversWithoutSecrets)
{
    auto failed = FrameClient::tcp(m_agent);
    failed->hello(QStringLiteral("operator"), QStringLiteral("not-the-password"));
    auto op = login(QStringLiteral("operator"), MgmtAgent::kOperatorPassword);
    ASSERT_TRUE(waitForMaster(*op));
    ASSERT_EQ(op->call(QStringLiteral("ha.switchover"), kSl1)->kind, Kind::Result);
    auto admin = login(QStringLiteral("admin"), MgmtAgent::kAdminPassword);
    const QString text = runningText(*admin);
    ASSERT_EQ(admin
                  ->call(QStringLiteral("config.commit"),
                         {{QStringLiteral("text"), text}, {QStringLiteral("label"), "audited"}})
                  ->kind,
              Kind::Result);

    const QList<QJsonObject> lines = auditLines(m_agent.auditPath());
    EXPECT_TRUE(hasLine(lines, QStringLiteral("login"), QStringLiteral("operator"),
                        QStringLiteral("error")));
    EXPECT_TRUE(
        hasLine(lines, QStringLiteral("login"), QStringLiteral("operator"), QStringLiteral("ok")));
    EXPECT_TRUE(hasLine(lines, QStringLiteral("ha.switchover"), QStringLiteral("operator"),
                        QStringLiteral("ok")));
    EXPECT_TRUE(hasLine(lines, QStringLiteral("config.commit"), QStringLiteral("admin"),
                        QStringLiteral("ok")));
    for (const QJsonObject& line : lines) {
        EXPECT_GT(line.value(QStringLiteral("time")).toInteger(), 1'700'000'000'000);
        EXPECT_TRUE(
            line.value(QStringLiteral("source")).toString().startsWith(QStringLiteral("tcp 127.")))
            << line.value(QStringLiteral("source")).toString().toStdString();
    }
    const auto commitLine = std::find_if(lines.begin(), lines.end(), [](const QJsonObject& l) {
        return l.value(QStringLiteral("action")).toString() == QLatin1String("config.commit");
    });
    ASSERT_NE(commitLine, lines.end());
    EXPECT_EQ(commitLine->value(QStringLiteral("target")).toObject().value(QStringLiteral("label")),
              QStringLiteral("audited"));

    // No secret, not even a hash, and no config text.
    QFile file(m_agent.auditPath());
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    for (const QString& secret : {MgmtAgent::kAdminPassword, MgmtAgent::kOperatorPassword,
                                  QStringLiteral("not-the-password"), QStringLiteral("pbkdf2")})
        EXPECT_FALSE(bytes.contains(secret.toUtf8())) << secret.toStdString();

    // audit.list serves the same entries, newest last.
    const auto listed = admin->call(QStringLiteral("audit.list"), {{QStringLiteral("limit"), 2}});
    ASSERT_EQ(listed->kind, Kind::Result);
    const QJsonArray entries = listed->result.toObject().value(QStringLiteral("entries")).toArray();
    ASSERT_EQ(entries.size(), 2);
    EXPECT_EQ(entries.last().toObject().value(QStringLiteral("action")).toString(),
              QStringLiteral("config.commit"));
    EXPECT_EQ(
        admin->call(QStringLiteral("audit.list"), {{QStringLiteral("limit"), 5000}})->error.code,
        int(ErrorCode::InvalidParams));
}

TEST_F(Auth, TandemctlAuditPrintsTheLogAsATable)
{
    auto op = login(QStringLiteral("operator"), MgmtAgent::kOperatorPassword);
    ASSERT_TRUE(waitForMaster(*op));
    ASSERT_EQ(op->call(QStringLiteral("ha.switchover"), kSl1)->kind, Kind::Result);

    qputenv("TANDEM_PASSWORD", MgmtAgent::kAdminPassword.toUtf8());
    const QStringList connection{QStringLiteral("--host"), m_agent.address(),
                                 QStringLiteral("--port"), QString::number(m_agent.port()),
                                 QStringLiteral("--user"), QStringLiteral("admin")};
    const ProcessResult table = tandemctl(QStringList{QStringLiteral("audit")} + connection);
    ASSERT_EQ(table.exitCode, 0) << table.err.toStdString();
    EXPECT_TRUE(table.out.contains(QStringLiteral("ACTION"))) << table.out.toStdString();
    EXPECT_TRUE(table.out.contains(QStringLiteral("ha.switchover"))) << table.out.toStdString();
    EXPECT_TRUE(table.out.contains(QStringLiteral("serviceLocation=1"))) << table.out.toStdString();

    const ProcessResult asJson =
        tandemctl(QStringList{QStringLiteral("audit"), QStringLiteral("--json"),
                              QStringLiteral("--limit"), QStringLiteral("1")} +
                  connection);
    ASSERT_EQ(asJson.exitCode, 0) << asJson.err.toStdString();
    const QJsonArray entries = QJsonDocument::fromJson(asJson.out.toUtf8())
                                   .object()
                                   .value(QStringLiteral("entries"))
                                   .toArray();
    ASSERT_EQ(entries.size(), 1);
    // The newest: tandemctl's own login as admin.
    EXPECT_EQ(entries[0].toObject().value(QStringLiteral("action")).toString(),
              QStringLiteral("login"));

    qputenv("TANDEM_PASSWORD", MgmtAgent::kViewerPassword.toUtf8());
    QStringList asViewer = connection;
    asViewer.last() = QStringLiteral("viewer");
    const ProcessResult refused = tandemctl(QStringList{QStringLiteral("audit")} + asViewer);
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(refused.err.contains(QStringLiteral("admin"))) << refused.err.toStdString();
    qunsetenv("TANDEM_PASSWORD");
}

} // namespace
} // namespace tandem::test
