// NAT load balancing over inter-chassis backup, end to end: `tandemctl lab up --mode lb` (two
// service-locations on each device, both master on CGN-A, one global pool slave on CGN-B)
// under traffic heavy enough that both locations extend. Real agents, real channel.

#include "LabPair.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

#include <map>
#include <set>

namespace tandem::test {
namespace {

const QString& A = kDeviceA;
const QString& B = kDeviceB;

// 9,000 subscribers per location need more than a /27's 7,812 port blocks: one extend each.
const QStringList kLbOptions{QStringLiteral("--advert-ms"), QStringLiteral("100"),
                             QStringLiteral("--rate"), QStringLiteral("3000"),
                             QStringLiteral("--subscribers"), QStringLiteral("9000")};

class LoadBalancing : public LabPair
{
protected:
    QJsonObject pool(const QString& name) const
    {
        const auto status = call(name, QStringLiteral("ha.status"));
        if (!status)
            return {};
        return status->value(QStringLiteral("pools")).toArray().at(0).toObject();
    }
    // serviceLocation → its subnets, as the device holds them.
    static std::map<int, std::set<QString>> held(const QJsonObject& pool)
    {
        std::map<int, std::set<QString>> out;
        for (const QJsonValue& v : pool.value(QStringLiteral("subnets")).toArray())
            out[v.toObject().value(QStringLiteral("serviceLocation")).toInt()].insert(
                v.toObject().value(QStringLiteral("subnet")).toString());
        return out;
    }
    bool waitFor(const std::function<bool()>& condition, int ms)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < ms) {
            if (condition())
                return true;
            QThread::msleep(200);
        }
        return condition();
    }
    bool isMaster(const QString& name, int sl) const
    {
        return location(name, sl).value(QStringLiteral("role")).toString() == QLatin1String("master");
    }
    bool poolsEqual() const
    {
        const QJsonObject a = pool(A), b = pool(B);
        return a.value(QStringLiteral("digestEqual")).toBool() && b.value(QStringLiteral("digestEqual")).toBool() &&
               held(a) == held(b);
    }
};

TEST_F(LoadBalancing, EachLocationServesItsSubnetsAndTheySurviveABoardFaultAndAKill)
{
    startLab(QStringLiteral("lb"), kLbOptions);
    ASSERT_TRUE(waitFor([&] {
        const auto h = held(pool(A));
        return h.count(1) && h.count(2) && h.at(1).size() == 2 && h.at(2).size() == 2;
    }, 40000)) << QJsonDocument(pool(A)).toJson().toStdString();
    EXPECT_TRUE(pool(B).value(QStringLiteral("slave")).toBool());
    ASSERT_TRUE(waitFor([&] { return poolsEqual(); }, 15000))
        << QJsonDocument(pool(A)).toJson().toStdString() << QJsonDocument(pool(B)).toJson().toStdString();
    const auto before = held(pool(A));

    // Both locations serve users, each from its own subnets only.
    for (int sl : {1, 2}) {
        const auto pools = call(A, QStringLiteral("cgn.pools"), {{QStringLiteral("serviceLocation"), sl}});
        ASSERT_TRUE(pools);
        int used = 0;
        for (const QJsonValue& v : pools->value(QStringLiteral("addresses")).toArray()) {
            const QJsonObject row = v.toObject();
            if (row.value(QStringLiteral("blocksUsed")).toInt() == 0)
                continue;
            ++used;
            EXPECT_TRUE(before.at(sl).count(row.value(QStringLiteral("subnet")).toString()))
                << "service-location " << sl << ": " << row.value(QStringLiteral("address")).toString().toStdString()
                << " is outside its subnets";
        }
        EXPECT_GT(used, 31) << "service-location " << sl << " uses its extension too";
    }

    // A board fault of location 1: only location 1 moves; location 2 stays on CGN-A.
    ASSERT_TRUE(call(A, QStringLiteral("lab.fault"),
                     {{QStringLiteral("kind"), QStringLiteral("board")},
                      {QStringLiteral("serviceLocation"), 1},
                      {QStringLiteral("down"), true}}));
    EXPECT_TRUE(waitFor([&] { return isMaster(B, 1); }, 10000));
    EXPECT_TRUE(isMaster(A, 2));
    EXPECT_FALSE(isMaster(B, 2));
    EXPECT_EQ(held(pool(B)), before) << "the location that moved keeps its subnets";
    ASSERT_TRUE(call(A, QStringLiteral("lab.fault"),
                     {{QStringLiteral("kind"), QStringLiteral("board")},
                      {QStringLiteral("serviceLocation"), 1},
                      {QStringLiteral("down"), false}}));
    EXPECT_TRUE(waitFor([&] { return isMaster(A, 1) && location(A, 1).value(QStringLiteral("inStep")).toBool(); },
                        30000));

    // Kill -9 of CGN-A (the drill restarts it): CGN-B serves both locations, no session older
    // than delay-time lost (mapping by mapping: every user keeps its public address), and after
    // recovery the subnet tables are the same on both and as before.
    const ProcessResult drill = tandemctl({QStringLiteral("drill"), QStringLiteral("--lab"), m_dir.path(),
                                           QStringLiteral("--fault"), QStringLiteral("kill"),
                                           QStringLiteral("--json")},
                                          120000);
    ASSERT_EQ(drill.exitCode, 0) << drill.out.toStdString() << drill.err.toStdString();
    const QJsonObject trial = QJsonDocument::fromJson(drill.out.toUtf8())
                                  .object().value(QStringLiteral("trials")).toArray().at(0).toObject();
    EXPECT_EQ(trial.value(QStringLiteral("sessions_lost")).toInt(-1), 0) << drill.out.toStdString();
    EXPECT_GT(trial.value(QStringLiteral("sessions_checked")).toInt(), 0);
    EXPECT_TRUE(trial.value(QStringLiteral("digest_equal")).toBool());
    EXPECT_TRUE(waitFor([&] { return poolsEqual(); }, 15000))
        << QJsonDocument(pool(A)).toJson().toStdString() << QJsonDocument(pool(B)).toJson().toStdString();
    EXPECT_EQ(held(pool(A)), before) << "the restarted master took the survivor's assignment";
}

} // namespace
} // namespace tandem::test
