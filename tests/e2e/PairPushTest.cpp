// `tandemctl config push-pair` on real agents: a bare lab pair made an HA pair in one push,
// confirmed only once it works; a push whose verification fails rolled back on both, byte for
// byte; a device killed between its commit and the confirm; the pair lock; a viewer refused.

#include "LabPair.h"
#include "TestSupport.h"
#include "client/PairPush.h"
#include "config/ConfigParser.h"
#include "ctl/Lab.h"
#include "ctl/BlockingCall.h"
#include "protocol/ConfigMessages.h"
#include "protocol/Password.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <csignal>
#include <thread>

namespace tandem::test {
namespace {

using namespace std::chrono_literals;

class PairPushTest : public LabPair
{
protected:
    // The running text of a device, masked as config.get shows it (what "byte-identical" is
    // checked on) or with its secrets.
    QString running(const QString& name, bool secrets = false) const
    {
        protocol::ConfigGetRequest request;
        request.secrets = secrets;
        QString error;
        const auto r = call(name, QStringLiteral("config.get"), request.toJson(), &error);
        EXPECT_TRUE(r.has_value()) << error.toStdString();
        return r ? r->value(QStringLiteral("text")).toString() : QString();
    }

    int runningId(const QString& name) const
    {
        const auto r = call(name, QStringLiteral("config.history"));
        return r ? r->value(QStringLiteral("runningId")).toInt() : 0;
    }

    // The lab plan on the bare lab's own running configs: what the wizard would push.
    void writeGenerated(config::PairMode mode)
    {
        QString error;
        const auto pair = ctl::labPairOnRunning(m_lab, mode, 100, &error);
        ASSERT_TRUE(pair) << error.toStdString();
        for (const auto& [path, cfg] : {std::pair{pathA(), &pair->a}, std::pair{pathB(), &pair->b}}) {
            QFile file(path);
            ASSERT_TRUE(file.open(QIODevice::WriteOnly));
            file.write(QByteArray::fromStdString(config::printConfig(*cfg)));
        }
    }

    // The device's VRRP path cut (lab.fault vrrp): it hears no adverts and sends none.
    void cutVrrp(const QString& name) const
    {
        QString error;
        ASSERT_TRUE(call(name, QStringLiteral("lab.fault"),
                         {{QStringLiteral("kind"), QStringLiteral("vrrp")},
                          {QStringLiteral("down"), true}},
                         &error))
            << error.toStdString();
    }

    QString pathA() const { return QDir(m_dir.path()).filePath(QStringLiteral("push-A.cfg")); }
    QString pathB() const { return QDir(m_dir.path()).filePath(QStringLiteral("push-B.cfg")); }

    ProcessResult push(const QStringList& extra = {}, int timeoutMs = 120000) const
    {
        return tandemctl(QStringList{QStringLiteral("config"), QStringLiteral("push-pair"), pathA(),
                                     pathB(), QStringLiteral("--lab"), m_dir.path(),
                                     QStringLiteral("--json")} +
                             extra,
                         timeoutMs);
    }

    static QJsonObject json(const ProcessResult& r)
    {
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }
};

TEST_F(PairPushTest, ABarePairBecomesAVerifiedHotBackupPairInOnePush)
{
    startLab(QStringLiteral("1:1"), QStringList{QStringLiteral("--bare")} + kFastLabOptions);
    writeGenerated(config::PairMode::OneToOne);
    const int beforeA = runningId(kDeviceA);
    const int beforeB = runningId(kDeviceB);

    const ProcessResult r = push({QStringLiteral("--label"), QStringLiteral("make it a pair")});
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    const QJsonObject result = json(r);
    EXPECT_EQ(result.value(QStringLiteral("outcome")).toString(), QStringLiteral("confirmed"));
    for (const QJsonValue& check : result.value(QStringLiteral("checks")).toArray())
        EXPECT_TRUE(check.toObject().value(QStringLiteral("passed")).toBool())
            << check.toObject().value(QStringLiteral("name")).toString().toStdString();

    // The planned roles, batch backup finished on the master, and both commits confirmed with
    // one pair label.
    EXPECT_EQ(slgState(kDeviceA, 1), QStringLiteral("master"));
    EXPECT_EQ(slgState(kDeviceB, 1), QStringLiteral("slave"));
    EXPECT_EQ(location(kDeviceA, 1).value(QStringLiteral("batchBackupState")).toString(),
              QStringLiteral("finished"));
    const QString id = result.value(QStringLiteral("pairChange")).toString();
    for (const QString& name : {kDeviceA, kDeviceB}) {
        const auto history = call(name, QStringLiteral("config.history"));
        ASSERT_TRUE(history);
        QString error;
        const auto h = protocol::ConfigHistoryResult::fromJson(*history, &error);
        ASSERT_TRUE(h) << error.toStdString();
        EXPECT_FALSE(h->pending);
        const protocol::CommitRecord& last = h->commits.back();
        EXPECT_EQ(last.confirmation, protocol::Confirmation::Confirmed);
        EXPECT_EQ(client::PairPush::pairChangeIdOf(last.label), id);
        EXPECT_GT(last.id, name == kDeviceA ? beforeA : beforeB);
    }

    // pair-history shows the one revision, confirmed on both.
    const ProcessResult history = tandemctl({QStringLiteral("config"), QStringLiteral("pair-history"),
                                             QStringLiteral("--lab"), m_dir.path()});
    EXPECT_EQ(history.exitCode, 0) << history.err.toStdString();
    EXPECT_TRUE(history.out.contains(id)) << history.out.toStdString();
    EXPECT_TRUE(history.out.contains(QStringLiteral("confirmed"))) << history.out.toStdString();
    EXPECT_TRUE(history.out.contains(QStringLiteral("make it a pair"))) << history.out.toStdString();
}

TEST_F(PairPushTest, AOnePlusOnePairUnderTrafficIsConfirmedWithEachLocationOnItsPlannedMaster)
{
    startLab(QStringLiteral("1+1"), QStringList{QStringLiteral("--bare")} + kFastLabOptions);
    writeGenerated(config::PairMode::OnePlusOne);
    const ProcessResult r = push();
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_EQ(json(r).value(QStringLiteral("outcome")).toString(), QStringLiteral("confirmed"));
    EXPECT_EQ(slgState(kDeviceA, 1), QStringLiteral("master"));
    EXPECT_EQ(slgState(kDeviceB, 1), QStringLiteral("slave"));
    EXPECT_EQ(slgState(kDeviceB, 2), QStringLiteral("master"));
    EXPECT_EQ(slgState(kDeviceA, 2), QStringLiteral("slave"));
}

TEST_F(PairPushTest, ProveSwapSwitchesTheLocationOverAndBackWithNoSessionLostBeforeConfirming)
{
    startLab(QStringLiteral("1:1"), QStringList{QStringLiteral("--bare")} + kFastLabOptions);
    writeGenerated(config::PairMode::OneToOne);
    const ProcessResult r = push({QStringLiteral("--prove-swap")}, 180000);
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    const QJsonObject result = json(r);
    EXPECT_EQ(result.value(QStringLiteral("outcome")).toString(), QStringLiteral("confirmed"));
    QStringList proofs;
    for (const QJsonValue& v : result.value(QStringLiteral("events")).toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("step")).toString() == QStringLiteral("prove swap") &&
            e.value(QStringLiteral("state")).toString() == QStringLiteral("ok"))
            proofs.append(e.value(QStringLiteral("text")).toString());
    }
    ASSERT_EQ(proofs.size(), 1) << r.out.toStdString();
    EXPECT_TRUE(proofs[0].contains(QStringLiteral("sessions lost 0 of"))) << proofs[0].toStdString();
    // Back on the planned master once the proof is over, and confirmed there.
    EXPECT_EQ(slgState(kDeviceA, 1), QStringLiteral("master"));
    EXPECT_EQ(slgState(kDeviceB, 1), QStringLiteral("slave"));
}

TEST_F(PairPushTest, AVerificationThatFailsRollsBothBackByteForByteWithTheRolesAsBefore)
{
    startLab(QStringLiteral("1:1"), QStringList{QStringLiteral("--bare")} + kFastLabOptions);
    writeGenerated(config::PairMode::OneToOne);
    const QString beforeA = running(kDeviceA);
    const QString beforeB = running(kDeviceB);
    // B's VRRP path cut before the push: once both run the pair's configuration each is
    // master (split brain), so the roles never become the planned ones and verification fails
    // within its time.
    cutVrrp(kDeviceB);
    const ProcessResult r =
        push({QStringLiteral("--confirm"), QStringLiteral("30")}, 180000);
    EXPECT_EQ(r.exitCode, 1) << r.out.toStdString() << r.err.toStdString();
    const QJsonObject result = json(r);
    EXPECT_EQ(result.value(QStringLiteral("outcome")).toString(), QStringLiteral("rolled-back"))
        << result.value(QStringLiteral("message")).toString().toStdString();
    EXPECT_EQ(running(kDeviceA), beforeA);
    EXPECT_EQ(running(kDeviceB), beforeB);
    EXPECT_EQ(slgState(kDeviceA, 1), QStringLiteral("master"));
    EXPECT_EQ(slgState(kDeviceB, 1), QStringLiteral("master"));
}

TEST_F(PairPushTest, APairThatFailsThePairCheckIsRefusedAndNothingChanges)
{
    startLab(QStringLiteral("1:1"), QStringList{QStringLiteral("--bare")} + kFastLabOptions);
    writeGenerated(config::PairMode::OneToOne);
    const int beforeA = runningId(kDeviceA);
    const int beforeB = runningId(kDeviceB);
    // Both devices get A's configuration: the pair check fails (one sysname, one master).
    const ProcessResult same = tandemctl(
        {QStringLiteral("config"), QStringLiteral("push-pair"), pathA(), pathA(),
         QStringLiteral("--lab"), m_dir.path()});
    EXPECT_EQ(same.exitCode, 1) << same.out.toStdString();
    EXPECT_TRUE(same.out.contains(QStringLiteral("pair check"))) << same.out.toStdString();
    EXPECT_TRUE(same.out.contains(QStringLiteral("refused"))) << same.out.toStdString();
    EXPECT_EQ(runningId(kDeviceA), beforeA);
    EXPECT_EQ(runningId(kDeviceB), beforeB);
}

TEST_F(PairPushTest, AViewerIsRefusedBeforeAnythingIsLockedOrCommitted)
{
    startLab(QStringLiteral("1:1"), QStringList{QStringLiteral("--bare")} + kFastLabOptions);
    writeGenerated(config::PairMode::OneToOne);
    // A viewer on both devices, by commit.
    const QString password = QStringLiteral("viewer-password-1");
    const QString user = QStringLiteral(" management user viewer role viewer password-hash %1\n")
                             .arg(protocol::hashPassword(password, 1000));
    for (const QString& name : {kDeviceA, kDeviceB}) {
        QString text = running(name, true);
        const qsizetype admin = text.indexOf(QStringLiteral(" management user admin"));
        ASSERT_GE(admin, 0);
        text.insert(admin, user);
        QString error;
        ASSERT_TRUE(call(name, QStringLiteral("config.commit"), {{QStringLiteral("text"), text}},
                         &error))
            << error.toStdString();
    }
    const int beforeA = runningId(kDeviceA);
    const int beforeB = runningId(kDeviceB);
    qputenv("TANDEM_PASSWORD", password.toUtf8());
    auto transport = [this](const QString& name) {
        return QStringLiteral("--host %1 --port %2 --fingerprint %3 --user viewer")
            .arg(device(name).address)
            .arg(device(name).port)
            .arg(device(name).fingerprint);
    };
    const ProcessResult r = tandemctl({QStringLiteral("config"), QStringLiteral("push-pair"),
                                       pathA(), pathB(), QStringLiteral("--a"), transport(kDeviceA),
                                       QStringLiteral("--b"), transport(kDeviceB)});
    qunsetenv("TANDEM_PASSWORD");
    EXPECT_EQ(r.exitCode, 1) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("user 'viewer' is viewer; a pair push needs role "
                                              "admin")))
        << r.out.toStdString();
    EXPECT_EQ(runningId(kDeviceA), beforeA);
    EXPECT_EQ(runningId(kDeviceB), beforeB);
    // Nothing was locked: an admin's commit goes through.
    QString error;
    EXPECT_TRUE(call(kDeviceA, QStringLiteral("config.commit"),
                     {{QStringLiteral("text"), running(kDeviceA, true)}}, &error))
        << error.toStdString();
}

TEST_F(PairPushTest, ASecondPushWhileOneHoldsThePairLockIsRefusedNamingTheHolder)
{
    startLab(QStringLiteral("1:1"), QStringList{QStringLiteral("--bare")} + kFastLabOptions);
    writeGenerated(config::PairMode::OneToOne);
    // Someone else's push holds B's lock.
    ASSERT_TRUE(call(kDeviceB, QStringLiteral("config.lock"),
                     protocol::ConfigLockRequest{QStringLiteral("other-change"), 60}.toJson()));
    const int beforeA = runningId(kDeviceA);
    const ProcessResult r = push();
    EXPECT_EQ(r.exitCode, 1);
    const QJsonObject result = json(r);
    EXPECT_EQ(result.value(QStringLiteral("outcome")).toString(), QStringLiteral("refused"));
    EXPECT_TRUE(result.value(QStringLiteral("message")).toString().contains(
        QStringLiteral("other-change")))
        << result.value(QStringLiteral("message")).toString().toStdString();
    EXPECT_EQ(runningId(kDeviceA), beforeA);
    // A's lock was given back: a plain commit on A goes through, one on B is refused.
    QString error;
    EXPECT_TRUE(call(kDeviceA, QStringLiteral("config.commit"),
                     {{QStringLiteral("text"), running(kDeviceA, true)}}, &error))
        << error.toStdString();
    EXPECT_FALSE(call(kDeviceB, QStringLiteral("config.commit"),
                      {{QStringLiteral("text"), running(kDeviceB, true)}}, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("locked by pair change 'other-change'")))
        << error.toStdString();
}

TEST_F(PairPushTest, AnAgentKilledBetweenItsCommitAndTheConfirmLeavesBothOnTheirPreviousConfigs)
{
    startLab(QStringLiteral("1:1"), QStringList{QStringLiteral("--bare")} + kFastLabOptions);
    writeGenerated(config::PairMode::OneToOne);
    const QString beforeA = running(kDeviceA);
    const QString beforeB = running(kDeviceB);
    // B's VRRP path is cut, so verification waits; B is killed once it has its commit
    // pending, and started again: it rolls the unconfirmed commit back at start.
    cutVrrp(kDeviceB);
    QProcess pushProcess;
    pushProcess.start(binary(QStringLiteral("tandemctl")),
                      {QStringLiteral("config"), QStringLiteral("push-pair"), pathA(), pathB(),
                       QStringLiteral("--lab"), m_dir.path(), QStringLiteral("--confirm"),
                       QStringLiteral("20"), QStringLiteral("--json")});
    ASSERT_TRUE(waitFor(
        [&] {
            const auto h = call(kDeviceB, QStringLiteral("config.history"));
            return h && h->contains(QStringLiteral("pending"));
        },
        20000));
    ::kill(pid_t(device(kDeviceB).pid), SIGKILL);
    std::this_thread::sleep_for(500ms);
    restart(kDeviceB);
    ASSERT_TRUE(pushProcess.waitForFinished(120000));
    const QJsonObject result =
        QJsonDocument::fromJson(pushProcess.readAllStandardOutput()).object();
    EXPECT_EQ(pushProcess.exitCode(), 1);
    EXPECT_NE(result.value(QStringLiteral("outcome")).toString(), QStringLiteral("confirmed"));
    EXPECT_EQ(result.value(QStringLiteral("outcome")).toString(), QStringLiteral("rolled-back"))
        << result.value(QStringLiteral("message")).toString().toStdString();
    // Said plainly: the pair was half-applied while B was gone, and both were verified after.
    EXPECT_TRUE(result.value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("half-applied meanwhile: CGN-B did not answer")))
        << result.value(QStringLiteral("message")).toString().toStdString();
    EXPECT_EQ(running(kDeviceA), beforeA);
    EXPECT_EQ(running(kDeviceB), beforeB);
}

} // namespace
} // namespace tandem::test
