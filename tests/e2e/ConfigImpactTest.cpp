// config.impact on a real lab pair under traffic: what a commit of a text would do — engines
// kept or rebuilt with the sessions they drop, VRRP groups rebuilt and resigning, the caller's
// own user — and that asking changes nothing.

#include "protocol/ConfigImpact.h"

#include "LabPair.h"
#include "TestSupport.h"
#include "ctl/BlockingCall.h"
#include "protocol/JsonRpc.h"
#include "protocol/Password.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace tandem::test {
namespace {

using protocol::ConfigImpact;
using protocol::EngineChange;
using protocol::VrrpChange;

const QString A = QStringLiteral("CGN-A");

class ConfigImpactTest : public LabPair
{
protected:
    void SetUp() override
    {
        startLab(QStringLiteral("1:1"), kFastLabOptions);
        m_running = runningText();
        m_runningId = runningId();
        // Traffic has filled the master's tables, so a rebuild has something to drop.
        ASSERT_TRUE(waitFor(
            [&] { return location(A, 1).value(QStringLiteral("sessions")).toInteger() > 0; },
            10000));
    }

    QString runningText() const
    {
        const auto result = call(A, QLatin1String(protocol::method::kConfigGet));
        return result ? result->value(QStringLiteral("text")).toString() : QString();
    }

    int runningId() const
    {
        const auto result = call(A, QLatin1String(protocol::method::kConfigHistory));
        return result ? result->value(QStringLiteral("runningId")).toInt() : 0;
    }

    QString edited(const QString& from, const QString& to) const
    {
        QString text = m_running;
        EXPECT_TRUE(text.contains(from)) << from.toStdString() << " in\n" << text.toStdString();
        return text.replace(from, to);
    }

    // config.impact of `text` as the lab's admin, read into its struct.
    ConfigImpact impactOf(const QString& text, const client::Endpoint* as = nullptr)
    {
        QString error;
        const auto result = ctl::callAgent(as ? *as : device(A).endpoint(),
                                           QLatin1String(protocol::method::kConfigImpact),
                                           {{QStringLiteral("text"), text}}, 10000, &error);
        EXPECT_TRUE(result) << error.toStdString();
        const auto impact =
            ConfigImpact::fromJson(result.value_or(QJsonValue()).toObject(), &error);
        EXPECT_TRUE(impact) << error.toStdString();
        return impact.value_or(ConfigImpact{});
    }

    void expectNothingChanged()
    {
        EXPECT_EQ(runningId(), m_runningId);
        EXPECT_EQ(runningText(), m_running);
    }

    QString m_running;
    int m_runningId = 0;
};

TEST_F(ConfigImpactTest, AnEngineChangeUnderTrafficIsARebuildThatDropsTheMastersSessions)
{
    const ConfigImpact impact =
        impactOf(edited(QStringLiteral(" port-range 256\n"), QStringLiteral(" port-range 512\n")));
    EXPECT_EQ(impact.runningId, m_runningId);
    ASSERT_EQ(impact.serviceLocations.size(), 1);
    const protocol::ServiceLocationImpact& location = impact.serviceLocations[0];
    EXPECT_EQ(location.id, 1);
    EXPECT_EQ(location.engine, EngineChange::Rebuilt);
    EXPECT_TRUE(location.master);
    EXPECT_GT(location.sessions, 0);
    EXPECT_GT(location.users, 0);
    EXPECT_GT(location.portBlocks, 0);
    EXPECT_EQ(impact.sessionsDropped(), location.sessions);
    ASSERT_EQ(impact.vrrpGroups.size(), 1);
    EXPECT_EQ(impact.vrrpGroups[0].change, VrrpChange::Kept);
    EXPECT_TRUE(impact.disruptive());
    expectNothingChanged();
}

TEST_F(ConfigImpactTest, ConfigDiffPrintsTheSessionsACommitWouldDropUnderTheDiff)
{
    const QString path = m_dir.filePath(QStringLiteral("wider-ports.cfg"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(
        edited(QStringLiteral(" port-range 256\n"), QStringLiteral(" port-range 512\n")).toUtf8());
    file.close();
    const ProcessResult diff =
        tandemctl({QStringLiteral("config"), QStringLiteral("diff"), path, QStringLiteral("--lab"),
                   m_dir.path(), QStringLiteral("--device"), A});
    ASSERT_EQ(diff.exitCode, 0) << diff.err.toStdString();
    const qsizetype change = diff.out.indexOf(QStringLiteral("+ port-range 512"));
    const qsizetype impact = diff.out.indexOf(QStringLiteral("Impact of a commit"));
    EXPECT_GE(change, 0) << diff.out.toStdString();
    EXPECT_GT(impact, change) << diff.out.toStdString();
    EXPECT_TRUE(diff.out.contains(QStringLiteral(
        "service-location 1: engine REBUILT (a fresh, empty one), master here: DROPS ")))
        << diff.out.toStdString();
    EXPECT_TRUE(diff.out.contains(QStringLiteral("(the users served here lose them)")))
        << diff.out.toStdString();

    const ProcessResult json =
        tandemctl({QStringLiteral("config"), QStringLiteral("diff"), path, QStringLiteral("--lab"),
                   m_dir.path(), QStringLiteral("--device"), A, QStringLiteral("--json")});
    ASSERT_EQ(json.exitCode, 0) << json.err.toStdString();
    const QJsonObject answer = QJsonDocument::fromJson(json.out.toUtf8()).object();
    EXPECT_TRUE(answer.value(QStringLiteral("changed")).toBool());
    EXPECT_GT(answer.value(QStringLiteral("impact"))
                  .toObject()
                  .value(QStringLiteral("sessionsDropped"))
                  .toInteger(),
              0)
        << json.out.toStdString();
}

TEST_F(ConfigImpactTest, AVrrpTimerChangeRebuildsTheGroupAndTheMasterResignsButKeepsTheTables)
{
    const ConfigImpact impact =
        impactOf(edited(QStringLiteral("timer advertise millisecond 100\n"),
                        QStringLiteral("timer advertise millisecond 300\n")));
    ASSERT_EQ(impact.vrrpGroups.size(), 1);
    EXPECT_EQ(impact.vrrpGroups[0].vrid, 1);
    EXPECT_EQ(impact.vrrpGroups[0].change, VrrpChange::Rebuilt);
    EXPECT_TRUE(impact.vrrpGroups[0].resigns());
    ASSERT_EQ(impact.serviceLocations.size(), 1);
    EXPECT_EQ(impact.serviceLocations[0].engine, EngineChange::Kept);
    EXPECT_EQ(impact.sessionsDropped(), 0);
    expectNothingChanged();
}

TEST_F(ConfigImpactTest, TheSameTextOrANewSysnameKeepsEveryEngineAndDropsNothing)
{
    for (const QString& text : {m_running, edited(QStringLiteral("sysname CGN-A\n"),
                                                  QStringLiteral("sysname CGN-A-east\n"))}) {
        const ConfigImpact impact = impactOf(text);
        ASSERT_EQ(impact.serviceLocations.size(), 1);
        EXPECT_EQ(impact.serviceLocations[0].engine, EngineChange::Kept);
        EXPECT_TRUE(impact.serviceLocations[0].master);
        EXPECT_EQ(impact.serviceLocations[0].sessions, 0);
        ASSERT_EQ(impact.vrrpGroups.size(), 1);
        EXPECT_EQ(impact.vrrpGroups[0].change, VrrpChange::Kept);
        EXPECT_FALSE(impact.management.userRemoved);
        EXPECT_FALSE(impact.management.listenerGoesAway());
        EXPECT_FALSE(impact.disruptive());
    }
    expectNothingChanged();
}

TEST_F(ConfigImpactTest, AViewerMayAskAndIsToldATextWithoutItsUserRemovesIt)
{
    const QString password = QStringLiteral("watcher-password-1");
    const QString withWatcher =
        edited(QStringLiteral(" management user admin role admin"),
               QStringLiteral(" management user watcher role viewer password-hash %1\n"
                              " management user admin role admin")
                   .arg(protocol::hashPassword(password, 1000)));
    QString error;
    ASSERT_TRUE(call(A, QLatin1String(protocol::method::kConfigCommit),
                     {{QStringLiteral("text"), withWatcher},
                      {QStringLiteral("label"), QStringLiteral("watcher")}},
                     &error))
        << error.toStdString();
    m_running = runningText();
    m_runningId = runningId();

    client::Endpoint watcher = device(A).endpoint();
    watcher.user = QStringLiteral("watcher");
    watcher.password = password;
    QString without = m_running;
    without.remove(QRegularExpression(QStringLiteral(" management user watcher [^\n]*\n")));
    ASSERT_NE(without, m_running);
    const ConfigImpact impact = impactOf(without, &watcher);
    EXPECT_EQ(impact.management.user, QStringLiteral("watcher"));
    EXPECT_TRUE(impact.management.userRemoved);
    EXPECT_TRUE(impact.management.callerOnListener);
    EXPECT_FALSE(impact.management.listenerGoesAway());
    EXPECT_TRUE(impact.disruptive());

    // As the admin, the same text removes someone else.
    EXPECT_FALSE(impactOf(without).management.userRemoved);
    expectNothingChanged();
}

TEST_F(ConfigImpactTest, WhatThePreviewSaysIsWhatTheCommitThenDoes)
{
    auto created = [&] {
        const auto counts = call(A, QStringLiteral("cgn.counts"), {{QStringLiteral("sl"), 1}});
        return counts ? counts->value(QStringLiteral("created")).toInteger() : -1;
    };
    auto commit = [&](const QString& text) {
        QString error;
        EXPECT_TRUE(call(A, QLatin1String(protocol::method::kConfigCommit),
                         {{QStringLiteral("text"), text}}, &error))
            << error.toStdString();
    };
    ASSERT_TRUE(waitFor([&] { return created() >= 800; }, 10000));

    // Kept: the engine goes on counting.
    const QString renamed =
        edited(QStringLiteral("sysname CGN-A\n"), QStringLiteral("sysname CGN-A-east\n"));
    ASSERT_EQ(impactOf(renamed).serviceLocations[0].engine, EngineChange::Kept);
    const qint64 before = created();
    commit(renamed);
    EXPECT_GE(created(), before);

    // Rebuilt: a fresh engine starts from nothing.
    m_running = runningText();
    const QString wider =
        edited(QStringLiteral(" port-range 256\n"), QStringLiteral(" port-range 512\n"));
    ASSERT_EQ(impactOf(wider).serviceLocations[0].engine, EngineChange::Rebuilt);
    const qint64 full = created();
    commit(wider);
    EXPECT_LT(created(), full / 2);
}

TEST_F(ConfigImpactTest, ABadTextIsRefusedNamingItsLineAndChangesNothing)
{
    QString error;
    QJsonValue data;
    const auto bad =
        ctl::callAgent(device(A).endpoint(), QLatin1String(protocol::method::kConfigImpact),
                       {{QStringLiteral("text"), m_running + QStringLiteral("vrrp nonsense\n")}},
                       10000, &error, &data);
    EXPECT_FALSE(bad);
    EXPECT_TRUE(error.contains(QStringLiteral("not valid, so it has no impact to preview")))
        << error.toStdString();
    const QJsonArray issues = data.toObject().value(QStringLiteral("issues")).toArray();
    ASSERT_FALSE(issues.isEmpty()) << error.toStdString();
    EXPECT_EQ(issues[0].toObject().value(QStringLiteral("line")).toInt(),
              m_running.count(QLatin1Char('\n')) + 1);

    EXPECT_FALSE(ctl::callAgent(device(A).endpoint(),
                                QLatin1String(protocol::method::kConfigImpact),
                                {{QStringLiteral("text"), 42}}, 10000, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("\"text\""))) << error.toStdString();
    expectNothingChanged();
}

} // namespace
} // namespace tandem::test
