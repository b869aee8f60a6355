// The config methods against real tandem-agent processes: commits over the protocol, kill -9
// at random points during commits (the agent always restarts into the old or the new config),
// commit-confirmed that rolls back to the same bytes, roles, and display commands.

#include "TestSupport.h"
#include "config/ConfigParser.h"
#include "config/Secrets.h"
#include "protocol/Frame.h"
#include "protocol/JsonRpc.h"
#include "protocol/Password.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <gtest/gtest.h>

namespace tandem::test {
namespace {

using protocol::ErrorCode;
using Kind = protocol::Message::Kind;

constexpr quint16 kManagementPort = 7830;
const QString kPassword = QStringLiteral("secret");

// 127.X.Y.11 → 127.X.Y.<last>
std::string sibling(const QString& address, int last)
{
    return (address.section(QLatin1Char('.'), 0, 2) + QStringLiteral(".%1").arg(last))
        .toStdString();
}

std::string configText(const QString& address, const std::string& sysname, int priority = 200,
                       bool withViewer = false)
{
    // Few iterations: the loop below says hello hundreds of times.
    static const std::string hash = protocol::hashPassword(kPassword, 1000).toStdString();
    const std::string local = address.toStdString();
    const std::string peer = sibling(address, 12);
    std::string text = "sysname " + sysname +
                       "\n#\n"
                       "interface GigabitEthernet0/1/1\n"
                       " ip address " +
                       local +
                       " 255.0.0.0\n"
                       " vrrp vrid 1 virtual-ip " +
                       sibling(address, 13) +
                       "\n"
                       " vrrp vrid 1 priority " +
                       std::to_string(priority) +
                       "\n"
                       " vrrp vrid 1 timer advertise millisecond 100\n"
                       " vrrp vrid 1 track service-location 1 reduced 60\n"
                       "#\n"
                       "service-location 1\n"
                       " location slot 1\n"
                       " remote-backup interface GigabitEthernet0/1/1 peer " +
                       peer +
                       "\n"
                       " vrrp vrid 1 interface GigabitEthernet0/1/1\n"
                       "#\n"
                       "tandem-agent\n"
                       " management listen " +
                       local + " port " + std::to_string(kManagementPort) +
                       "\n"
                       " management user admin role admin password-hash " +
                       hash + "\n";
    if (withViewer)
        text += " management user watcher role viewer password-hash " + hash + "\n";
    return text + " vrrp-transport udp port 11299\n#\nreturn\n";
}

// A blocking client that speaks raw frames, so the test sees every reply and error as sent.
class Connection
{
public:
    bool open(const QString& address, const QString& user = QStringLiteral("admin"),
              quint16 port = kManagementPort)
    {
        m_socket.connectToHost(address, port);
        if (!m_socket.waitForConnected(2000))
            return false;
        const auto hello =
            call(QStringLiteral("hello"), {{QStringLiteral("version"), QStringLiteral("1.0")},
                                           {QStringLiteral("user"), user},
                                           {QStringLiteral("password"), kPassword}});
        return hello && hello->kind == Kind::Result;
    }

    qint64 send(const QString& method, const QJsonObject& params)
    {
        const qint64 id = m_nextId++;
        m_socket.write(protocol::encodeFrame(protocol::encodeRequest(id, method, params)));
        m_socket.flush();
        return id;
    }

    // The next reply (notifications skipped); nullopt on timeout or a closed connection.
    std::optional<protocol::Message> receive(int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        for (;;) {
            while (auto frame = m_decoder.takeFrame()) {
                protocol::RpcError error;
                auto message = protocol::parseMessage(*frame, &error);
                if (message && message->kind != Kind::Notification)
                    return message;
            }
            const qint64 left = timeoutMs - clock.elapsed();
            if (left <= 0 || m_socket.state() != QAbstractSocket::ConnectedState)
                return std::nullopt;
            if (m_socket.waitForReadyRead(int(left)))
                m_decoder.append(m_socket.readAll());
        }
    }

    std::optional<protocol::Message> call(const QString& method, const QJsonObject& params,
                                          int timeoutMs = 5000)
    {
        send(method, params);
        return receive(timeoutMs);
    }

    QJsonObject result(const QString& method, const QJsonObject& params = {})
    {
        const auto reply = call(method, params);
        EXPECT_TRUE(reply.has_value()) << method.toStdString() << ": no reply";
        if (!reply)
            return {};
        EXPECT_EQ(reply->kind, Kind::Result)
            << method.toStdString() << ": " << reply->error.toString().toStdString();
        return reply->result.toObject();
    }

    // The exact bytes (secrets in clear: the admins here ask for them), or as a viewer reads it.
    std::string runningText(bool secrets = true)
    {
        return result(QStringLiteral("config.get"), {{QStringLiteral("secrets"), secrets}})
            .value(QStringLiteral("text"))
            .toString()
            .toStdString();
    }

private:
    QTcpSocket m_socket;
    protocol::FrameDecoder m_decoder;
    qint64 m_nextId = 1;
};

class AgentConfig : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_address = randomLoopbackBase();
        m_path = m_dir.filePath(QStringLiteral("agent.cfg"));
        m_original = configText(m_address, "CGN-A", 200, true);
        writeFile(m_path, m_original);
    }

    void TearDown() override { stopAgent(); }

    // Starts the agent and connects; false (with the agent's log) when it does not come up.
    bool startAgent(Connection* connection, const QString& user = QStringLiteral("admin"))
    {
        m_agent = std::make_unique<QProcess>();
        m_agent->setProgram(binary(QStringLiteral("tandem-agent")));
        m_agent->setArguments({QStringLiteral("--config"), m_path});
        m_agent->setStandardOutputFile(QProcess::nullDevice());
        m_agent->setStandardErrorFile(m_dir.filePath(QStringLiteral("agent.log")));
        m_agent->start();
        if (!m_agent->waitForStarted(5000))
            return false;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 10000) {
            if (m_agent->state() == QProcess::NotRunning)
                break;
            QTcpSocket probe;
            probe.connectToHost(m_address, kManagementPort);
            if (probe.waitForConnected(200)) {
                probe.abort();
                return connection->open(m_address, user);
            }
            QThread::msleep(3);
        }
        ADD_FAILURE() << "the agent did not come up: "
                      << readFile(m_dir.filePath(QStringLiteral("agent.log")));
        return false;
    }

    void killAgent()
    {
        if (!m_agent)
            return;
        m_agent->kill(); // SIGKILL: no shutdown code runs
        m_agent->waitForFinished(5000);
        m_agent.reset();
    }

    void stopAgent() { killAgent(); }

    static void writeFile(const QString& path, const std::string& text)
    {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text.data(), qint64(text.size()));
    }
    static std::string readFile(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
    }

    QTemporaryDir m_dir;
    QString m_address;
    QString m_path;
    std::string m_original;
    std::unique_ptr<QProcess> m_agent;
};

QJsonObject commitParams(const std::string& text, const QString& label, int confirmSeconds = 0)
{
    QJsonObject params{{QStringLiteral("text"), QString::fromStdString(text)},
                       {QStringLiteral("label"), label}};
    if (confirmSeconds > 0)
        params.insert(QStringLiteral("confirmSeconds"), confirmSeconds);
    return params;
}

TEST_F(AgentConfig, KillDuringCommitsAlwaysRestartsIntoTheOldOrTheNewConfig)
{
    constexpr int kRounds = 200;
    // What may run after the next restart: the last commit the agent acknowledged (and, for a
    // `commit confirmed`, saw confirmed), plus the one in flight when the kill came.
    std::vector<std::string> allowed{m_original};
    int commits = 0;
    int cameUpNew = 0;
    auto* random = QRandomGenerator::global();
    for (int round = 0; round < kRounds; ++round) {
        Connection c;
        ASSERT_TRUE(startAgent(&c)) << "round " << round;
        const std::string running = c.runningText();
        ASSERT_EQ(running, readFile(m_path)) << "round " << round;
        ASSERT_TRUE(std::find(allowed.begin(), allowed.end(), running) != allowed.end())
            << "round " << round << ": the agent restarted into a config it should not run:\n"
            << running;
        cameUpNew += allowed.size() > 1 && running == allowed.back();
        const QJsonObject history = c.result(QStringLiteral("config.history"));
        const QJsonArray entries = history.value(QStringLiteral("commits")).toArray();
        ASSERT_FALSE(entries.isEmpty());
        ASSERT_EQ(entries.last().toObject().value(QStringLiteral("id")).toInt(),
                  history.value(QStringLiteral("runningId")).toInt());
        EXPECT_FALSE(history.contains(QStringLiteral("pending"))) << "round " << round;

        // Commit back to back and kill at a random moment, most often mid-commit. One commit
        // in four is `commit confirmed` + `config.confirm`: until the confirmation is
        // acknowledged, a restart must come back in the config before it.
        std::string acknowledged = running;
        std::optional<std::string> pending; // committed, confirmation not yet acknowledged
        const int killAfterMs = random->bounded(0, 40);
        QElapsedTimer clock;
        clock.start();
        auto waitReply = [&] {
            return c.receive(int(std::max<qint64>(0, killAfterMs - clock.elapsed())));
        };
        for (;;) {
            ++commits;
            const std::string next =
                configText(m_address, "CGN-" + std::to_string(commits), 100 + commits % 100, true);
            const bool confirmed = random->bounded(4) == 0;
            c.send(QStringLiteral("config.commit"),
                   commitParams(next, QStringLiteral("round %1").arg(round), confirmed ? 600 : 0));
            auto reply = waitReply();
            if (!reply) {
                allowed = confirmed ? std::vector{acknowledged} : std::vector{acknowledged, next};
                pending = confirmed ? std::optional(next) : std::nullopt;
                break;
            }
            ASSERT_EQ(reply->kind, Kind::Result) << reply->error.toString().toStdString();
            if (confirmed) {
                c.send(QStringLiteral("config.confirm"), {});
                reply = waitReply();
                if (!reply) {
                    allowed = {acknowledged, next};
                    pending = next;
                    break;
                }
                ASSERT_EQ(reply->kind, Kind::Result) << reply->error.toString().toStdString();
            }
            acknowledged = next;
        }
        killAgent();
        // Killed mid-commit: the file holds a whole config; an unconfirmed one is rolled back
        // when the agent starts.
        const std::string onDisk = readFile(m_path);
        ASSERT_TRUE(std::find(allowed.begin(), allowed.end(), onDisk) != allowed.end() ||
                    onDisk == pending)
            << "round " << round << ": torn or foreign config on disk:\n"
            << onDisk;
    }
    std::printf("%d kills during %d commits: %d restarts in the commit in flight\n", kRounds,
                commits, cameUpNew);
    // Both outcomes happen, so the kills really landed on both sides of the commit point.
    EXPECT_GT(cameUpNew, 0);
    EXPECT_LT(cameUpNew, kRounds);
}

TEST_F(AgentConfig, UnconfirmedCommitRollsBackToAByteIdenticalRunningConfig)
{
    Connection c;
    ASSERT_TRUE(startAgent(&c));
    ASSERT_EQ(c.runningText(), m_original);
    const std::string next = configText(m_address, "CGN-TRY", 150, true);
    const QJsonObject record =
        c.result(QStringLiteral("config.commit"), commitParams(next, QStringLiteral("try"), 1));
    EXPECT_EQ(record.value(QStringLiteral("confirmation")).toString(), QStringLiteral("pending"));
    EXPECT_EQ(c.runningText(), next);
    const QJsonObject pending =
        c.result(QStringLiteral("config.history")).value(QStringLiteral("pending")).toObject();
    EXPECT_EQ(pending.value(QStringLiteral("id")).toInt(),
              record.value(QStringLiteral("id")).toInt());

    ASSERT_TRUE(waitFor([&] { return c.runningText() == m_original; }, 5000));
    EXPECT_EQ(readFile(m_path), m_original);
    const QJsonArray commits =
        c.result(QStringLiteral("config.history")).value(QStringLiteral("commits")).toArray();
    ASSERT_EQ(commits.size(), 3);
    EXPECT_EQ(commits[1].toObject().value(QStringLiteral("confirmation")).toString(),
              QStringLiteral("expired"));
    EXPECT_EQ(commits[2].toObject().value(QStringLiteral("user")).toString(),
              QStringLiteral("(agent)"));
    const QString current =
        c.result(QStringLiteral("display"),
                 {{QStringLiteral("command"), QStringLiteral("display current-configuration")}})
            .value(QStringLiteral("text"))
            .toString();
    EXPECT_TRUE(current.contains(QStringLiteral("sysname CGN-A"))) << current.toStdString();
}

TEST_F(AgentConfig, ConfirmedCommitStaysAndAKillWhilePendingRestartsInThePreviousConfig)
{
    Connection c;
    ASSERT_TRUE(startAgent(&c));
    const std::string kept = configText(m_address, "CGN-KEPT", 200, true);
    c.result(QStringLiteral("config.commit"), commitParams(kept, QStringLiteral("keep"), 1));
    const QJsonObject confirmed = c.result(QStringLiteral("config.confirm"));
    EXPECT_EQ(confirmed.value(QStringLiteral("confirmation")).toString(),
              QStringLiteral("confirmed"));
    QThread::msleep(1500);
    EXPECT_EQ(c.runningText(), kept);

    c.result(
        QStringLiteral("config.commit"),
        commitParams(configText(m_address, "CGN-RISKY", 200, true), QStringLiteral("risky"), 600));
    killAgent();
    Connection again;
    ASSERT_TRUE(startAgent(&again));
    EXPECT_EQ(again.runningText(), kept);
    EXPECT_EQ(readFile(m_path), kept);
}

TEST_F(AgentConfig, ARollbackAtRestartOfAnUnconfirmedCommitIsInTheAuditLog)
{
    Connection c;
    ASSERT_TRUE(startAgent(&c));
    const QJsonObject risky = c.result(
        QStringLiteral("config.commit"),
        commitParams(configText(m_address, "CGN-RISKY", 200, true), QStringLiteral("risky"), 600));
    const int pendingId = risky.value(QStringLiteral("id")).toInt();
    ASSERT_EQ(risky.value(QStringLiteral("previousId")).toInt(), 1);
    killAgent();

    Connection again;
    ASSERT_TRUE(startAgent(&again));
    ASSERT_EQ(again.runningText(), m_original);
    const QJsonArray entries =
        again.result(QStringLiteral("audit.list")).value(QStringLiteral("entries")).toArray();
    const auto expired = std::find_if(entries.begin(), entries.end(), [](const QJsonValue& e) {
        return e.toObject().value(QStringLiteral("action")) ==
               QLatin1String("config.confirm-expired");
    });
    ASSERT_NE(expired, entries.end()) << QJsonDocument(entries).toJson().toStdString();
    const QJsonObject entry = expired->toObject();
    EXPECT_EQ(entry.value(QStringLiteral("user")).toString(), QStringLiteral("(agent)"));
    EXPECT_EQ(entry.value(QStringLiteral("source")).toString(), QStringLiteral("agent"));
    const QJsonObject target = entry.value(QStringLiteral("target")).toObject();
    EXPECT_EQ(target.value(QStringLiteral("commit")).toInt(), pendingId);
    EXPECT_EQ(target.value(QStringLiteral("rolledBackTo")).toInt(), 1);
    EXPECT_EQ(target.value(QStringLiteral("newCommit")).toInt(), pendingId + 1);
    EXPECT_TRUE(target.value(QStringLiteral("atRestart")).toBool());
    // Written once: a further restart does not record the same rollback again.
    killAgent();
    Connection third;
    ASSERT_TRUE(startAgent(&third));
    const QJsonArray later =
        third.result(QStringLiteral("audit.list")).value(QStringLiteral("entries")).toArray();
    EXPECT_EQ(std::count_if(later.begin(), later.end(),
                            [](const QJsonValue& e) {
                                return e.toObject().value(QStringLiteral("action")) ==
                                       QLatin1String("config.confirm-expired");
                            }),
              1);
}

TEST_F(AgentConfig, ErrorsNameWhatIsWrongAndChangeNothing)
{
    Connection c;
    ASSERT_TRUE(startAgent(&c));
    const auto invalid = c.call(QStringLiteral("config.commit"),
                                commitParams("sysname X\nfrobnicate now\n", QStringLiteral("bad")));
    ASSERT_TRUE(invalid.has_value());
    EXPECT_EQ(invalid->error.code, int(ErrorCode::ConfigInvalid));
    const QJsonArray errors =
        invalid->error.data.toObject().value(QStringLiteral("issues")).toArray();
    ASSERT_FALSE(errors.isEmpty());
    EXPECT_EQ(errors[0].toObject().value(QStringLiteral("line")).toInt(), 2);

    const auto validate =
        c.result(QStringLiteral("config.validate"),
                 {{QStringLiteral("text"), QStringLiteral("sysname X\nfrobnicate\n")}});
    EXPECT_FALSE(validate.value(QStringLiteral("valid")).toBool());

    const auto unknownId = c.call(QStringLiteral("config.rollback"), {{QStringLiteral("id"), 42}});
    ASSERT_TRUE(unknownId.has_value());
    EXPECT_EQ(unknownId->error.code, int(ErrorCode::InvalidParams));
    EXPECT_TRUE(unknownId->error.message.contains(QStringLiteral("42")));

    const auto nothingPending = c.call(QStringLiteral("config.confirm"), {});
    ASSERT_TRUE(nothingPending.has_value());
    EXPECT_EQ(nothingPending->error.code, int(ErrorCode::ConfigConflict));

    const auto badSeconds = c.call(QStringLiteral("config.commit"),
                                   {{QStringLiteral("text"), QString::fromStdString(m_original)},
                                    {QStringLiteral("confirmSeconds"), -5}});
    ASSERT_TRUE(badSeconds.has_value());
    EXPECT_EQ(badSeconds->error.code, int(ErrorCode::InvalidParams));
    EXPECT_TRUE(badSeconds->error.message.contains(QStringLiteral("confirmSeconds")));

    // A VRRP address the agent cannot bind: the live agent refuses, and nothing changes.
    std::string unbindable = m_original;
    const std::string local = m_address.toStdString();
    unbindable.replace(unbindable.find(" ip address " + local), 12 + local.size(),
                       " ip address 192.0.2.1");
    const auto refused = c.call(QStringLiteral("config.commit"),
                                commitParams(unbindable, QStringLiteral("unbindable")));
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->error.code, int(ErrorCode::CommitFailed))
        << refused->error.toString().toStdString();
    EXPECT_TRUE(refused->error.message.contains(QStringLiteral("192.0.2.1")));

    EXPECT_EQ(c.runningText(), m_original);
    EXPECT_EQ(readFile(m_path), m_original);
    EXPECT_EQ(c.result(QStringLiteral("config.history"))
                  .value(QStringLiteral("commits"))
                  .toArray()
                  .size(),
              1);
}

TEST_F(AgentConfig, ViewersReadButOnlyAdminsWrite)
{
    Connection viewer;
    ASSERT_TRUE(startAgent(&viewer, QStringLiteral("watcher")));
    EXPECT_EQ(viewer.runningText(false), config::maskSecrets(m_original));
    const auto commit = viewer.call(QStringLiteral("config.commit"),
                                    commitParams(m_original, QStringLiteral("nope")));
    ASSERT_TRUE(commit.has_value());
    EXPECT_EQ(commit->error.code, int(ErrorCode::Forbidden));
    const auto rollback =
        viewer.call(QStringLiteral("config.rollback"), {{QStringLiteral("id"), 1}});
    EXPECT_EQ(rollback->error.code, int(ErrorCode::Forbidden));
    EXPECT_EQ(viewer.call(QStringLiteral("config.confirm"), {})->error.code,
              int(ErrorCode::Forbidden));
    EXPECT_EQ(
        viewer.call(QStringLiteral("config.set"), {{QStringLiteral("text"), QStringLiteral("x")}})
            ->error.code,
        int(ErrorCode::Forbidden));
    EXPECT_EQ(viewer.call(QStringLiteral("config.history"), {})->kind, Kind::Result);
    EXPECT_EQ(viewer.call(QStringLiteral("config.diff"), {})->kind, Kind::Result);
}

TEST_F(AgentConfig, CandidateDiffCommitAndRollbackToAnId)
{
    Connection c;
    ASSERT_TRUE(startAgent(&c));
    const std::string next = configText(m_address, "CGN-NEXT", 200, true);
    c.result(QStringLiteral("config.set"),
             {{QStringLiteral("text"), QString::fromStdString(next)}});
    EXPECT_EQ(c.result(QStringLiteral("config.get"),
                       {{QStringLiteral("source"), QStringLiteral("candidate")},
                        {QStringLiteral("secrets"), true}})
                  .value(QStringLiteral("text"))
                  .toString()
                  .toStdString(),
              next);
    const QJsonObject diff = c.result(QStringLiteral("config.diff"));
    EXPECT_TRUE(diff.value(QStringLiteral("changed")).toBool());
    const QString text = diff.value(QStringLiteral("diff")).toString();
    EXPECT_TRUE(text.contains(QStringLiteral("\n-sysname CGN-A\n+sysname CGN-NEXT\n")))
        << text.toStdString();
    EXPECT_TRUE(text.startsWith(QStringLiteral("--- running (commit 1)\n+++ candidate\n@@ -1,")))
        << text.toStdString();

    EXPECT_FALSE(diff.value(QStringLiteral("summary")).toString().isEmpty());
    // The candidate validates; advice comes as warnings that do not stop a commit.
    const QJsonObject validation = c.result(QStringLiteral("config.validate"));
    EXPECT_TRUE(validation.value(QStringLiteral("valid")).toBool());
    const QJsonArray issues = validation.value(QStringLiteral("issues")).toArray();
    ASSERT_FALSE(issues.isEmpty());
    EXPECT_EQ(issues[0].toObject().value(QStringLiteral("severity")).toString(),
              QStringLiteral("warning"));

    const QJsonObject record =
        c.result(QStringLiteral("config.commit"),
                 {{QStringLiteral("label"), QStringLiteral("from candidate")}});
    EXPECT_EQ(record.value(QStringLiteral("id")).toInt(), 2);
    EXPECT_EQ(record.value(QStringLiteral("user")).toString(), QStringLiteral("admin"));
    EXPECT_EQ(c.runningText(), next);
    EXPECT_FALSE(c.result(QStringLiteral("config.diff")).value(QStringLiteral("changed")).toBool());
    // The hello of a new session names the renamed device.
    const auto status = c.result(QStringLiteral("status.get"));
    EXPECT_EQ(status.value(QStringLiteral("sysname")).toString(), QStringLiteral("CGN-NEXT"));

    const QJsonObject back =
        c.result(QStringLiteral("config.rollback"), {{QStringLiteral("id"), 1}});
    EXPECT_EQ(back.value(QStringLiteral("id")).toInt(), 3);
    EXPECT_EQ(readFile(m_path), m_original);
    EXPECT_EQ(c.runningText(), m_original);
}

TEST_F(AgentConfig, UnchangedVrrpGroupKeepsItsStateAcrossACommit)
{
    Connection c;
    ASSERT_TRUE(startAgent(&c));
    auto vrrp = [&] {
        return c.result(QStringLiteral("status.get"))
            .value(QStringLiteral("vrrp"))
            .toArray()[0]
            .toObject();
    };
    // Alone on its link, the group becomes master once the master-down interval passes.
    ASSERT_TRUE(waitFor(
        [&] {
            return vrrp().value(QStringLiteral("state")).toString() == QStringLiteral("Master");
        },
        5000));
    const qint64 since = vrrp().value(QStringLiteral("lastChangeTime")).toInteger();

    c.result(
        QStringLiteral("config.commit"),
        commitParams(configText(m_address, "CGN-RENAMED", 200, true), QStringLiteral("rename")));
    EXPECT_EQ(vrrp().value(QStringLiteral("state")).toString(), QStringLiteral("Master"));
    EXPECT_EQ(vrrp().value(QStringLiteral("lastChangeTime")).toInteger(), since);

    // A new priority takes effect live, as a tracked fault would: still master, no restart.
    c.result(
        QStringLiteral("config.commit"),
        commitParams(configText(m_address, "CGN-RENAMED", 120, true), QStringLiteral("priority")));
    EXPECT_EQ(vrrp().value(QStringLiteral("priorityRun")).toInt(), 120);
    EXPECT_EQ(vrrp().value(QStringLiteral("state")).toString(), QStringLiteral("Master"));
    EXPECT_EQ(vrrp().value(QStringLiteral("lastChangeTime")).toInteger(), since);

    // Another advert interval rebuilds the group: it starts over and elects itself again.
    std::string slower = configText(m_address, "CGN-RENAMED", 120, true);
    const std::string interval = "timer advertise millisecond 100";
    slower.replace(slower.find(interval), interval.size(), "timer advertise millisecond 200");
    c.result(QStringLiteral("config.commit"), commitParams(slower, QStringLiteral("interval")));
    EXPECT_EQ(vrrp().value(QStringLiteral("advertIntervalCentiseconds")).toInt(), 20);
    EXPECT_NE(vrrp().value(QStringLiteral("state")).toString(), QStringLiteral("Master"));
    ASSERT_TRUE(waitFor(
        [&] {
            return vrrp().value(QStringLiteral("state")).toString() == QStringLiteral("Master");
        },
        5000));
    const QString changes =
        c.result(QStringLiteral("display"),
                 {{QStringLiteral("command"), QStringLiteral("display vrrp state-change")}})
            .value(QStringLiteral("text"))
            .toString();
    EXPECT_TRUE(changes.contains(QStringLiteral("Backup        Master"))) << changes.toStdString();
}

TEST_F(AgentConfig, CommitMovesTheManagementListenerAndKeepsOpenSessions)
{
    Connection c;
    ASSERT_TRUE(startAgent(&c));
    std::string moved = m_original;
    const std::string port = " port " + std::to_string(kManagementPort) + "\n";
    moved.replace(moved.find(port), port.size(), " port 7831\n");
    // Moving the listener this session came in on needs a commit that rolls back by itself.
    const auto refused =
        c.call(QStringLiteral("config.commit"), commitParams(moved, QStringLiteral("move")));
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->kind, Kind::Error);
    EXPECT_TRUE(refused->error.message.contains(QStringLiteral("moves the listener")) &&
                refused->error.message.contains(QStringLiteral("commit confirmed")))
        << refused->error.message.toStdString();
    EXPECT_NE(c.runningText(), moved);
    c.result(QStringLiteral("config.commit"), commitParams(moved, QStringLiteral("move"), 600));
    EXPECT_EQ(c.runningText(), moved); // the session that committed goes on
    Connection fresh;
    EXPECT_TRUE(fresh.open(m_address, QStringLiteral("admin"), 7831));
    fresh.result(QStringLiteral("config.confirm"));
    Connection old;
    EXPECT_FALSE(old.open(m_address));
}

TEST_F(AgentConfig, DisplayCommandsAnswerInTheDeviceFormat)
{
    Connection c;
    ASSERT_TRUE(startAgent(&c));
    auto display = [&](const QString& command) {
        return c.result(QStringLiteral("display"), {{QStringLiteral("command"), command}})
            .value(QStringLiteral("text"))
            .toString();
    };
    const QString slg = display(QStringLiteral("display service-location 1"));
    EXPECT_TRUE(slg.startsWith(QStringLiteral(" service-location 1\n Backup scene type: inter-box\n"
                                              " Location slot ID: 1\n")))
        << slg.toStdString();
    const QString vrrp = display(QStringLiteral("display vrrp 1"));
    EXPECT_TRUE(vrrp.startsWith(QStringLiteral("GigabitEthernet 0/1/1 | Virtual Router 1\n")))
        << vrrp.toStdString();
    EXPECT_TRUE(vrrp.contains(QStringLiteral("    PriorityConfig         : 200\n")));
    const QString brief = display(QStringLiteral("display vrrp brief"));
    EXPECT_TRUE(brief.startsWith(QStringLiteral("Total:1 "))) << brief.toStdString();
    const QString current = display(QStringLiteral("display current-configuration"));
    EXPECT_TRUE(current.contains(QStringLiteral("sysname CGN-A")));

    const auto unknown =
        c.call(QStringLiteral("display"),
               {{QStringLiteral("command"), QStringLiteral("display frobnicate all")}});
    ASSERT_TRUE(unknown.has_value());
    EXPECT_EQ(unknown->error.code, int(ErrorCode::InvalidParams));
    EXPECT_TRUE(unknown->error.message.contains(QStringLiteral("display frobnicate all")))
        << unknown->error.message.toStdString();
}

} // namespace
} // namespace tandem::test
