// Who may do what: the role matrix (viewer reads, operator also switches over, admin also
// pushes config), API tokens, wrong secrets, the failed-login rate limit, and the audit log of
// logins, commits and switchovers, which never holds a secret.

#include "MgmtAgent.h"
#include "TestSupport.h"
#include "protocol/Password.h"

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

QJsonObject loginTarget(const QList<QJsonObject>& lines, const QString& user,
                        const QString& outcome)
{
    for (const QJsonObject& line : lines)
        if (line.value(QStringLiteral("action")).toString() == QLatin1String("login") &&
            line.value(QStringLiteral("user")).toString() == user &&
            line.value(QStringLiteral("outcome")).toString() == outcome)
            return line.value(QStringLiteral("target")).toObject();
    return {};
}

TEST_F(Auth, TokenLoginGivesTheUsersRole)
{
    auto ci = FrameClient::tcp(m_agent);
    const auto hello = ci->helloWithToken(QStringLiteral("ci"), MgmtAgent::kCiToken);
    ASSERT_TRUE(hello.has_value());
    ASSERT_EQ(hello->kind, Kind::Result) << hello->error.message.toStdString();
    const QJsonObject result = hello->result.toObject();
    EXPECT_EQ(result.value(QStringLiteral("user")).toString(), QStringLiteral("ci"));
    EXPECT_EQ(result.value(QStringLiteral("role")).toString(), QStringLiteral("operator"));
    EXPECT_EQ(result.value(QStringLiteral("auth")).toString(), QStringLiteral("token"));

    // An operator: switches over, but does not push config.
    ASSERT_TRUE(waitForMaster(*ci));
    EXPECT_EQ(ci->call(QStringLiteral("ha.switchover"), kSl1)->kind, Kind::Result);
    const auto commit = ci->call(QStringLiteral("config.commit"),
                                 {{QStringLiteral("text"), QStringLiteral("sysname X\n")}});
    EXPECT_EQ(commit->error.code, int(ErrorCode::Forbidden));

    const QJsonObject target =
        loginTarget(auditLines(m_agent.auditPath()), QStringLiteral("ci"), QStringLiteral("ok"));
    EXPECT_EQ(target.value(QStringLiteral("auth")).toString(), QStringLiteral("token"));
    EXPECT_EQ(target.value(QStringLiteral("role")).toString(), QStringLiteral("operator"));
}

TEST_F(Auth, WrongTokenIsRefusedLikeAWrongPassword)
{
    auto c = FrameClient::tcp(m_agent);
    const QString wrong = MgmtAgent::kCiToken.chopped(1) + QLatin1Char('x');
    const auto refused = c->helloWithToken(QStringLiteral("ci"), wrong);
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->error.code, int(ErrorCode::Unauthenticated));
    EXPECT_EQ(refused->error.message, QStringLiteral("authentication failed for user 'ci'"));
    EXPECT_EQ(c->call(QStringLiteral("status.get"))->error.code, int(ErrorCode::Unauthenticated));
    // The right token for a user that has none, and a password for the token-only user: the
    // very same answer.
    const auto otherUser = c->helloWithToken(QStringLiteral("admin"), MgmtAgent::kCiToken);
    EXPECT_EQ(otherUser->error.message, QStringLiteral("authentication failed for user 'admin'"));
    const auto password = c->hello(QStringLiteral("ci"), MgmtAgent::kCiToken);
    EXPECT_EQ(password->error.message, QStringLiteral("authentication failed for user 'ci'"));
    // Both secrets at once is a malformed hello, not a login attempt.
    QJsonObject both = helloParams(QStringLiteral("ci"), MgmtAgent::kAdminPassword);
    both.insert(QStringLiteral("token"), MgmtAgent::kCiToken);
    const auto conflict = c->call(QStringLiteral("hello"), both);
    EXPECT_EQ(conflict->error.code, int(ErrorCode::InvalidParams));
    EXPECT_TRUE(conflict->error.message.contains(QStringLiteral("\"password\" and \"token\"")))
        << conflict->error.message.toStdString();

    const QJsonObject target =
        loginTarget(auditLines(m_agent.auditPath()), QStringLiteral("ci"), QStringLiteral("error"));
    EXPECT_EQ(target.value(QStringLiteral("auth")).toString(), QStringLiteral("token"));

    // Wrong tokens count toward the failed-login limit like wrong passwords (3 so far).
    for (int i = 0; i < 2; ++i)
        EXPECT_EQ(c->helloWithToken(QStringLiteral("ci"), wrong)->error.message,
                  QStringLiteral("authentication failed for user 'ci'"));
    const auto blocked = c->helloWithToken(QStringLiteral("ci"), MgmtAgent::kCiToken);
    EXPECT_TRUE(blocked->error.message.contains(QStringLiteral("too many failed logins")))
        << blocked->error.message.toStdString();
}

TEST_F(Auth, TandemctlLogsInWithTandemTokenAndNoLogHoldsTheToken)
{
    const QString wrong = QStringLiteral("tdm_not-the-token");
    const QStringList status{
        QStringLiteral("status"), QStringLiteral("--host"),        m_agent.address(),
        QStringLiteral("--port"), QString::number(m_agent.port()), QStringLiteral("--user"),
        QStringLiteral("ci")};
    // The token wins over a password in the environment.
    qputenv("TANDEM_PASSWORD", "not-the-password");
    qputenv("TANDEM_TOKEN", MgmtAgent::kCiToken.toUtf8());
    const ProcessResult ok = tandemctl(status);
    EXPECT_EQ(ok.exitCode, 0) << ok.err.toStdString();
    EXPECT_FALSE(ok.out.isEmpty());

    qputenv("TANDEM_TOKEN", wrong.toUtf8());
    const ProcessResult refused = tandemctl(status);
    qunsetenv("TANDEM_TOKEN");
    qunsetenv("TANDEM_PASSWORD");
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(refused.err.contains(QStringLiteral("authentication failed for user 'ci'")))
        << refused.err.toStdString();
    EXPECT_FALSE(refused.err.contains(wrong));

    const QList<QJsonObject> lines = auditLines(m_agent.auditPath());
    EXPECT_EQ(loginTarget(lines, QStringLiteral("ci"), QStringLiteral("ok"))
                  .value(QStringLiteral("auth"))
                  .toString(),
              QStringLiteral("token"));
    EXPECT_TRUE(
        hasLine(lines, QStringLiteral("login"), QStringLiteral("ci"), QStringLiteral("error")));

    // Neither the token, a wrong one, nor the stored hash in the audit log or the agent's log.
    QFile file(m_agent.auditPath());
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray audit = file.readAll();
    m_agent.stop();
    const QString log = m_agent.log();
    EXPECT_TRUE(log.contains(QStringLiteral("authentication failed for user ci")))
        << log.toStdString();
    const QString hash = protocol::apiTokenSha256(MgmtAgent::kCiToken);
    for (const QString& secret : {MgmtAgent::kCiToken, wrong, hash}) {
        EXPECT_FALSE(audit.contains(secret.toUtf8())) << secret.toStdString();
        EXPECT_FALSE(log.contains(secret)) << secret.toStdString();
    }
}

TEST(MakeToken, PrintsATokenAndTheHashToConfigure)
{
    const ProcessResult made =
        runProcess(binary(QStringLiteral("tandem-agent")), {QStringLiteral("make-token")});
    ASSERT_EQ(made.exitCode, 0) << made.err.toStdString();
    const QStringList lines = made.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 2) << made.out.toStdString();
    EXPECT_TRUE(lines[0].startsWith(QStringLiteral("tdm_"))) << lines[0].toStdString();
    EXPECT_EQ(lines[1], QStringLiteral("token-sha256 ") + protocol::apiTokenSha256(lines[0]));
    const ProcessResult again =
        runProcess(binary(QStringLiteral("tandem-agent")), {QStringLiteral("make-token")});
    EXPECT_NE(again.out, made.out);
}

} // namespace
} // namespace tandem::test
