// The config store against a real directory: commits land on disk whole, every failure leaves
// memory, disk and the live agent as they were, commit-confirmed rolls back to the same bytes,
// and a restart after a kill at any step comes up in the old or the new config.

#include "mgmt/ConfigStore.h"

#include "config/ConfigParser.h"
#include "config/Secrets.h"
#include "protocol/Password.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace tandem::mgmt {
namespace {

using namespace std::chrono_literals;

std::string configText(const std::string& sysname, int priority = 200)
{
    static const std::string hash =
        protocol::hashPassword(QStringLiteral("pw"), 1000).toStdString();
    return "sysname " + sysname +
           "\n"
           "#\n"
           "interface GigabitEthernet0/1/1\n"
           " ip address 127.0.0.11 255.0.0.0\n"
           " vrrp vrid 1 virtual-ip 127.0.0.13\n"
           " vrrp vrid 1 priority " +
           std::to_string(priority) +
           "\n"
           "#\n"
           "service-location 1\n"
           " location slot 1\n"
           " remote-backup interface GigabitEthernet0/1/1 peer 127.0.0.12\n"
           " vrrp vrid 1 interface GigabitEthernet0/1/1\n"
           "#\n"
           "tandem-agent\n"
           " management user admin role admin password-hash " +
           hash +
           "\n"
           "#   a comment the canonical printer would drop: bytes must survive as written\n"
           "return\n";
}

class FakeApplier final : public ConfigApplier
{
public:
    bool apply(const config::DeviceConfig& next, QString* error) override
    {
        applied.push_back(next);
        if (failWith.isEmpty())
            return true;
        *error = failWith;
        return false;
    }
    std::vector<config::DeviceConfig> applied;
    QString failWith;
};

struct FakeTime
{
    qint64 wall = 1'700'000'000'000;
    std::chrono::steady_clock::time_point steady{};
};

class ConfigStoreTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("device.cfg"));
        writeFile(m_path, m_original);
        m_store = openStore();
        ASSERT_NE(m_store, nullptr);
    }

    std::unique_ptr<ConfigStore> openStore()
    {
        QString error;
        ConfigClocks clocks{[this] { return m_time.wall; }, [this] { return m_time.steady; }};
        auto store = ConfigStore::open(m_path, &error, clocks);
        EXPECT_NE(store, nullptr) << error.toStdString();
        if (store)
            store->setApplier(&m_applier);
        return store;
    }

    static void writeFile(const QString& path, const std::string& text)
    {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text.data(), qint64(text.size()));
    }
    static std::string readFile(const QString& path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return "<unreadable>";
        return file.readAll().toStdString();
    }
    // Everything the store keeps on disk, for "nothing changed" checks.
    std::map<QString, std::string> diskState() const
    {
        std::map<QString, std::string> state;
        state[m_path] = readFile(m_path);
        QDir history(m_store->historyDir());
        for (const QString& name :
             history.entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot))
            state[name] = readFile(history.filePath(name));
        return state;
    }

    ConfigStore::CommitOptions as(const QString& label, int confirmSeconds = 0)
    {
        return {QStringLiteral("alice"), label, confirmSeconds};
    }

    QTemporaryDir m_dir;
    QString m_path;
    std::string m_original = configText("CGN-A");
    FakeTime m_time;
    FakeApplier m_applier;
    std::unique_ptr<ConfigStore> m_store;
};

TEST_F(ConfigStoreTest, FirstStartRecordsTheFileAsCommitOne)
{
    EXPECT_EQ(m_store->runningText(), m_original);
    EXPECT_EQ(m_store->runningId(), 1);
    ASSERT_EQ(m_store->history().size(), 1u);
    EXPECT_EQ(m_store->history()[0].user, QStringLiteral("(file)"));
    EXPECT_EQ(m_store->candidateText(), m_original);
    EXPECT_TRUE(m_applier.applied.empty()); // opening applies nothing: the agent is not up yet
}

TEST_F(ConfigStoreTest, CommitAppliesThenRewritesTheFileAndSurvivesARestart)
{
    const std::string next = configText("CGN-B", 150);
    StoreError error;
    const auto record = m_store->commit(next, as(QStringLiteral("rename")), &error);
    ASSERT_TRUE(record.has_value()) << error.message.toStdString();
    EXPECT_EQ(record->id, 2);
    EXPECT_EQ(record->user, QStringLiteral("alice"));
    EXPECT_EQ(record->label, QStringLiteral("rename"));
    EXPECT_EQ(record->timeMsecsSinceEpoch, m_time.wall);
    EXPECT_EQ(record->previousId, 1);
    ASSERT_EQ(m_applier.applied.size(), 1u);
    EXPECT_EQ(m_applier.applied[0].sysname, "CGN-B");
    EXPECT_EQ(readFile(m_path), next);
    EXPECT_EQ(m_store->running().sysname, "CGN-B");
    EXPECT_EQ(m_store->candidateText(), next);

    m_store.reset();
    m_store = openStore();
    ASSERT_NE(m_store, nullptr);
    EXPECT_EQ(m_store->runningText(), next);
    EXPECT_EQ(m_store->runningId(), 2);
    ASSERT_EQ(m_store->history().size(), 2u);
    EXPECT_EQ(m_store->history()[1].label, QStringLiteral("rename"));
    EXPECT_EQ(m_store->history()[1].user, QStringLiteral("alice"));
}

TEST_F(ConfigStoreTest, InvalidConfigChangesNothingAndNamesTheLine)
{
    const auto before = diskState();
    StoreError error;
    const std::string bad =
        "sysname X\ninterface GigabitEthernet0/1/1\n vrrp vrid 1 priority 300\n";
    EXPECT_FALSE(m_store->commit(bad, as(QStringLiteral("bad")), &error));
    EXPECT_EQ(error.kind, StoreError::Kind::Invalid);
    ASSERT_FALSE(error.issues.empty());
    EXPECT_EQ(error.issues[0].line, 3);
    EXPECT_TRUE(error.message.contains(QStringLiteral("300"))) << error.message.toStdString();
    EXPECT_TRUE(m_applier.applied.empty());
    EXPECT_EQ(diskState(), before);
    EXPECT_EQ(m_store->runningText(), m_original);
    EXPECT_EQ(m_store->history().size(), 1u);
}

TEST_F(ConfigStoreTest, WarningsAreReportedButDoNotStopACommit)
{
    // Backup channels without `service-ha hot-backup enable`: it works, but not as advised.
    std::vector<ConfigIssue> issues;
    const auto parsed = m_store->validate(configText("CGN-B"), &issues);
    ASSERT_TRUE(parsed.has_value());
    ASSERT_FALSE(issues.empty());
    EXPECT_FALSE(issues[0].isError());
    EXPECT_TRUE(issues[0].message.contains(QStringLiteral("hot-backup")))
        << issues[0].message.toStdString();
    EXPECT_FALSE(issues[0].fix.isEmpty());
    StoreError error;
    EXPECT_TRUE(m_store->commit(configText("CGN-B"), as(QStringLiteral("warned")), &error));
}

TEST_F(ConfigStoreTest, ConfigWithoutAnAdminIsRefused)
{
    std::string text = configText("CGN-A");
    text.replace(text.find("role admin"), 10, "role viewer");
    StoreError error;
    EXPECT_FALSE(m_store->commit(text, as(QStringLiteral("lockout")), &error));
    EXPECT_EQ(error.kind, StoreError::Kind::Invalid);
    EXPECT_TRUE(error.message.contains(QStringLiteral("role admin")))
        << error.message.toStdString();
    EXPECT_EQ(readFile(m_path), m_original);
}

TEST_F(ConfigStoreTest, ApplyFailureChangesNothing)
{
    const auto before = diskState();
    m_applier.failWith = QStringLiteral("cannot bind VRRP transport on 127.0.0.99:11200");
    StoreError error;
    EXPECT_FALSE(m_store->commit(configText("CGN-B"), as(QStringLiteral("x")), &error));
    EXPECT_EQ(error.kind, StoreError::Kind::Apply);
    EXPECT_TRUE(error.message.contains(QStringLiteral("127.0.0.99:11200")));
    EXPECT_EQ(diskState(), before);
    EXPECT_EQ(m_store->runningText(), m_original);
    EXPECT_EQ(m_store->runningId(), 1);
    EXPECT_EQ(m_store->history().size(), 1u);
}

TEST_F(ConfigStoreTest, StorageFailureRestoresTheLiveAgentAndChangesNothing)
{
    // Root ignores permissions; a directory where commit 2's file must go fails the rename.
    ASSERT_TRUE(QDir(m_store->historyDir()).mkdir(QStringLiteral("2.cfg")));
    const auto before = diskState();
    StoreError error;
    EXPECT_FALSE(m_store->commit(configText("CGN-B"), as(QStringLiteral("x")), &error));
    EXPECT_EQ(error.kind, StoreError::Kind::Storage);
    EXPECT_TRUE(error.message.contains(QStringLiteral("2.cfg"))) << error.message.toStdString();
    ASSERT_EQ(m_applier.applied.size(), 2u);
    EXPECT_EQ(m_applier.applied[0].sysname, "CGN-B");
    EXPECT_EQ(m_applier.applied[1].sysname, "CGN-A"); // put back
    EXPECT_EQ(diskState(), before);
    EXPECT_EQ(m_store->runningText(), m_original);
}

TEST_F(ConfigStoreTest, UnconfirmedCommitRollsBackToByteIdenticalConfig)
{
    StoreError error;
    const auto record = m_store->commit(configText("CGN-B"), as(QStringLiteral("try"), 60), &error);
    ASSERT_TRUE(record.has_value()) << error.message.toStdString();
    EXPECT_EQ(record->confirmation, Confirmation::Pending);
    ASSERT_TRUE(m_store->confirmDeadline().has_value());
    EXPECT_EQ(*m_store->confirmDeadline(), m_time.steady + 60s);

    m_time.steady += 59s;
    EXPECT_FALSE(m_store->expireConfirm(&error));
    EXPECT_TRUE(error.message.isEmpty());
    EXPECT_EQ(m_store->running().sysname, "CGN-B");

    m_time.steady += 1s;
    const auto rollback = m_store->expireConfirm(&error);
    ASSERT_TRUE(rollback.has_value()) << error.message.toStdString();
    EXPECT_EQ(rollback->id, 3);
    EXPECT_EQ(rollback->user, QStringLiteral("(agent)"));
    EXPECT_TRUE(rollback->label.contains(QStringLiteral("not confirmed")));
    EXPECT_EQ(readFile(m_path), m_original);
    EXPECT_EQ(m_store->runningText(), m_original);
    EXPECT_EQ(m_applier.applied.back().sysname, "CGN-A");
    EXPECT_FALSE(m_store->confirmDeadline().has_value());
    EXPECT_EQ(m_store->history()[1].confirmation, Confirmation::Expired);
    // Too late to confirm now.
    EXPECT_FALSE(m_store->confirm(QStringLiteral("alice"), &error));
    EXPECT_EQ(error.kind, StoreError::Kind::Conflict);

    m_store.reset();
    m_store = openStore();
    EXPECT_EQ(m_store->runningText(), m_original);
    EXPECT_EQ(m_store->history()[1].confirmation, Confirmation::Expired);
}

TEST_F(ConfigStoreTest, ConfirmedCommitStays)
{
    const std::string next = configText("CGN-B");
    StoreError error;
    ASSERT_TRUE(m_store->commit(next, as(QStringLiteral("try"), 30), &error));
    const auto confirmed = m_store->confirm(QStringLiteral("bob"), &error);
    ASSERT_TRUE(confirmed.has_value()) << error.message.toStdString();
    EXPECT_EQ(confirmed->confirmation, Confirmation::Confirmed);
    m_time.steady += 3600s;
    EXPECT_FALSE(m_store->expireConfirm(&error));
    EXPECT_EQ(readFile(m_path), next);
    EXPECT_FALSE(m_store->confirm(QStringLiteral("bob"), &error));
    EXPECT_EQ(error.kind, StoreError::Kind::Conflict);
    EXPECT_TRUE(error.message.contains(QStringLiteral("no commit")));

    m_store.reset();
    m_store = openStore();
    EXPECT_EQ(m_store->runningText(), next); // confirmed survives a restart
    EXPECT_EQ(m_store->history().back().confirmation, Confirmation::Confirmed);
}

TEST_F(ConfigStoreTest, NextCommitWaitsForThePendingConfirmation)
{
    StoreError error;
    ASSERT_TRUE(m_store->commit(configText("CGN-B"), as(QStringLiteral("try"), 30), &error));
    EXPECT_FALSE(m_store->commit(configText("CGN-C"), as(QStringLiteral("more")), &error));
    EXPECT_EQ(error.kind, StoreError::Kind::Conflict);
    EXPECT_TRUE(error.message.contains(QStringLiteral("commit 2"))) << error.message.toStdString();
    EXPECT_FALSE(m_store->rollback(1, QStringLiteral("alice"), &error));
    EXPECT_EQ(error.kind, StoreError::Kind::Conflict);
}

TEST_F(ConfigStoreTest, AgentStoppedWhileWaitingForConfirmationRestartsInThePreviousConfig)
{
    StoreError error;
    ASSERT_TRUE(m_store->commit(configText("CGN-B"), as(QStringLiteral("try"), 600), &error));
    m_store.reset(); // as after kill -9: nothing ran at exit
    m_store = openStore();
    ASSERT_NE(m_store, nullptr);
    EXPECT_EQ(m_store->runningText(), m_original);
    EXPECT_EQ(readFile(m_path), m_original);
    EXPECT_FALSE(m_store->pending().has_value());
    const auto history = m_store->history();
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[1].confirmation, Confirmation::Expired);
    EXPECT_TRUE(history[2].label.contains(QStringLiteral("start-up")));
    // For the agent's audit log, which is opened after the store.
    ASSERT_TRUE(m_store->rolledBackAtStart().has_value());
    EXPECT_EQ(m_store->rolledBackAtStart()->commit, 2);
    EXPECT_EQ(m_store->rolledBackAtStart()->rolledBackTo, 1);
    EXPECT_EQ(m_store->rolledBackAtStart()->newCommit, 3);
    m_store.reset();
    m_store = openStore();
    EXPECT_FALSE(m_store->rolledBackAtStart().has_value());
}

TEST_F(ConfigStoreTest, RollbackToAnIdCommitsItsBytesAgain)
{
    StoreError error;
    ASSERT_TRUE(m_store->commit(configText("CGN-B"), as(QStringLiteral("b")), &error));
    ASSERT_TRUE(m_store->commit(configText("CGN-C"), as(QStringLiteral("c")), &error));
    const auto record = m_store->rollback(1, QStringLiteral("carol"), &error);
    ASSERT_TRUE(record.has_value()) << error.message.toStdString();
    EXPECT_EQ(record->id, 4);
    EXPECT_EQ(record->user, QStringLiteral("carol"));
    EXPECT_EQ(record->label, QStringLiteral("rollback to commit 1"));
    EXPECT_EQ(readFile(m_path), m_original);
    EXPECT_EQ(m_applier.applied.back().sysname, "CGN-A");
    const auto history = m_store->history();
    ASSERT_EQ(history.size(), 4u);
    EXPECT_EQ(history[1].label, QStringLiteral("b"));
    EXPECT_EQ(history[2].label, QStringLiteral("c"));
    EXPECT_EQ(*m_store->textOf(2, &error), configText("CGN-B"));
}

TEST_F(ConfigStoreTest, RollbackToAnUnknownIdIsNamedAndChangesNothing)
{
    const auto before = diskState();
    StoreError error;
    EXPECT_FALSE(m_store->rollback(99, QStringLiteral("alice"), &error));
    EXPECT_EQ(error.kind, StoreError::Kind::NotFound);
    EXPECT_TRUE(error.message.contains(QStringLiteral("99"))) << error.message.toStdString();
    EXPECT_EQ(diskState(), before);
    EXPECT_TRUE(m_applier.applied.empty());
}

TEST_F(ConfigStoreTest, KilledBeforeTheRenameRestartsInTheOldConfig)
{
    // What a kill between writing the history entry and renaming the config leaves behind.
    writeFile(m_store->historyDir() + QStringLiteral("/2.json"), R"({"id": 2, "user": "x"})");
    writeFile(m_store->historyDir() + QStringLiteral("/2.cfg"), configText("CGN-B"));
    writeFile(m_store->historyDir() + QStringLiteral("/3.json.tmp"), "{\"id\": 3");
    writeFile(m_path + QStringLiteral(".tmp"), "sysname CGN-");
    m_store.reset();
    m_store = openStore();
    ASSERT_NE(m_store, nullptr);
    EXPECT_EQ(m_store->runningText(), m_original);
    EXPECT_EQ(m_store->runningId(), 1);
    EXPECT_EQ(m_store->history().size(), 1u);
    EXPECT_EQ(QDir(m_store->historyDir()).entryList(QDir::Files),
              (QStringList{QStringLiteral("1.cfg"), QStringLiteral("1.json")}));
    EXPECT_FALSE(QFile::exists(m_path + QStringLiteral(".tmp")));
}

TEST_F(ConfigStoreTest, KilledAfterTheMetadataOnlyRestartsInTheOldConfig)
{
    writeFile(m_store->historyDir() + QStringLiteral("/2.json"), R"({"id": 2, "user": "x"})");
    m_store.reset();
    m_store = openStore();
    EXPECT_EQ(m_store->runningText(), m_original);
    EXPECT_FALSE(QFile::exists(m_store->historyDir() + QStringLiteral("/2.json")));
    StoreError error;
    const auto record = m_store->commit(configText("CGN-B"), as(QStringLiteral("after")), &error);
    ASSERT_TRUE(record.has_value()) << error.message.toStdString();
    EXPECT_EQ(record->id, 2);
}

TEST_F(ConfigStoreTest, FileEditedWhileStoppedIsRecordedAsACommit)
{
    const std::string edited = configText("CGN-EDITED");
    writeFile(m_path, edited);
    m_store.reset();
    m_store = openStore();
    ASSERT_NE(m_store, nullptr);
    EXPECT_EQ(m_store->runningText(), edited);
    ASSERT_EQ(m_store->history().size(), 2u);
    EXPECT_EQ(m_store->history()[1].user, QStringLiteral("(file)"));
    StoreError error;
    ASSERT_TRUE(m_store->rollback(1, QStringLiteral("alice"), &error));
    EXPECT_EQ(readFile(m_path), m_original);
}

TEST_F(ConfigStoreTest, MalformedFileIsAnErrorNamingPathAndLineAndTouchesNothing)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.cfg"));
    writeFile(path, "sysname X\ninterface GigabitEthernet0/1/1\n vrrp vrid 1 priority 300\n");
    QString error;
    EXPECT_EQ(ConfigStore::open(path, &error), nullptr);
    EXPECT_TRUE(error.contains(path + QStringLiteral(":3:"))) << error.toStdString();
    EXPECT_FALSE(QFile::exists(path + QStringLiteral(".d")));
}

TEST_F(ConfigStoreTest, SecondStoreOnTheSameFileIsRefused)
{
    QString error;
    EXPECT_EQ(ConfigStore::open(m_path, &error), nullptr);
    EXPECT_TRUE(error.contains(QStringLiteral("another tandem-agent"))) << error.toStdString();
    m_store.reset();
    EXPECT_NE(ConfigStore::open(m_path, &error), nullptr) << error.toStdString();
}

TEST_F(ConfigStoreTest, MissingFileIsNamed)
{
    QString error;
    EXPECT_EQ(ConfigStore::open(m_dir.filePath(QStringLiteral("none.cfg")), &error), nullptr);
    EXPECT_TRUE(error.contains(QStringLiteral("none.cfg"))) << error.toStdString();
}

TEST_F(ConfigStoreTest, CandidateMustParseAndFollowsCommits)
{
    StoreError error;
    EXPECT_FALSE(m_store->setCandidate("sysname\n", &error));
    EXPECT_EQ(error.kind, StoreError::Kind::Invalid);
    EXPECT_EQ(error.issues.at(0).line, 1);
    EXPECT_EQ(m_store->candidateText(), m_original);
    const std::string next = configText("CGN-B");
    ASSERT_TRUE(m_store->setCandidate(next, &error));
    EXPECT_EQ(m_store->candidateText(), next);
    EXPECT_EQ(m_store->runningText(), m_original);
}

TEST_F(ConfigStoreTest, AMaskedTextKeepsTheRunningSecretsInTheCandidateAndTheCommit)
{
    const std::string next = configText("CGN-B");
    const std::string masked = config::maskSecrets(next);
    ASSERT_NE(masked, next);
    StoreError error;
    ASSERT_TRUE(m_store->setCandidate(masked, &error)) << error.message.toStdString();
    EXPECT_EQ(m_store->candidateText(), next);
    std::vector<ConfigIssue> issues;
    EXPECT_TRUE(ConfigStore::validate(config::keepRunningSecrets(masked, m_store->running()), &issues).has_value());
    ASSERT_TRUE(m_store->commit(masked, as(QStringLiteral("as fetched")), &error))
        << error.message.toStdString();
    EXPECT_EQ(readFile(m_path), next);
    EXPECT_EQ(m_store->runningText(), next);

    // A user the running config does not have cannot keep a hash it never had.
    const std::string newUser = masked + "tandem-agent\n management user bob role viewer "
                                         "password-hash ******\n";
    const auto before = diskState();
    EXPECT_FALSE(m_store->commit(newUser, as(QStringLiteral("new user")), &error));
    EXPECT_EQ(error.kind, StoreError::Kind::Invalid);
    ASSERT_FALSE(error.issues.empty());
    EXPECT_EQ(error.issues[0].line, int(std::count(newUser.begin(), newUser.end(), '\n')));
    EXPECT_TRUE(error.issues[0].message.startsWith(QStringLiteral("password-hash is masked")))
        << error.issues[0].message.toStdString();
    EXPECT_EQ(diskState(), before);
}

TEST_F(ConfigStoreTest, HistoryKeepsTheNewestCommits)
{
    StoreError error;
    for (int i = 0; i < ConfigStore::kHistoryLimit + 5; ++i)
        ASSERT_TRUE(
            m_store->commit(configText("CGN-" + std::to_string(i)), as(QString::number(i)), &error))
            << error.message.toStdString();
    const auto history = m_store->history();
    ASSERT_EQ(int(history.size()), ConfigStore::kHistoryLimit);
    EXPECT_EQ(history.back().id, ConfigStore::kHistoryLimit + 6);
    EXPECT_EQ(QDir(m_store->historyDir()).entryList(QDir::Files).size(),
              2 * ConfigStore::kHistoryLimit);
    EXPECT_FALSE(m_store->rollback(1, QStringLiteral("alice"), &error));
    EXPECT_EQ(error.kind, StoreError::Kind::NotFound);
    m_store.reset();
    m_store = openStore();
    EXPECT_EQ(int(m_store->history().size()), ConfigStore::kHistoryLimit);
    EXPECT_EQ(m_store->runningText(),
              configText("CGN-" + std::to_string(ConfigStore::kHistoryLimit + 4)));
}

} // namespace
} // namespace tandem::mgmt
