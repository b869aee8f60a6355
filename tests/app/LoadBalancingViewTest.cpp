// What the desktop shows of NAT load balancing, on a real `lab up --mode lb` pair under traffic:
// the topology draws both locations master on CGN-A with both virtual IPs side by side, and the
// Tables tab's Subnets view lists every location's subnets of the global pool, with their use,
// and says whether the peer holds the same.

#include "LabWindow.h"
#include "models/SubnetModel.h"
#include "widgets/CgnTablesView.h"
#include "widgets/PairView.h"
#include "widgets/TopologyView.h"

#include <QTest>
#include <QTabWidget>
#include "MainWindow.h"
#include <gtest/gtest.h>

#include <set>

namespace tandem::gui {
namespace {

constexpr int kTimeoutMs = 20000;

TEST(LoadBalancingView, BothLocationsShowOnOneChassisAndTheSubnetsViewListsEachLocationsSubnets)
{
    test::LabWindow lab;
    QString why;
    ASSERT_TRUE(lab.start(&why, {QStringLiteral("--mode"), QStringLiteral("lb"), QStringLiteral("--advert-ms"),
                                 QStringLiteral("100")}))
        << why.toStdString();
    PairView* view = lab.pairView();
    TopologyView* topology = view->findChild<TopologyView*>();
    ASSERT_NE(topology, nullptr);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const QStringList boards = topology->boardTexts();
            return boards.contains(QStringLiteral("CGN-A SLG 1 MASTER")) &&
                   boards.contains(QStringLiteral("CGN-A SLG 2 MASTER"));
        },
        kTimeoutMs))
        << topology->boardTexts().join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(topology->virtualIpSide(1), 0);
    EXPECT_EQ(topology->virtualIpSide(2), 0);

    CgnTablesView* tables = view->tablesView();
    view->showTab(PairView::TablesTab);
    tables->findChild<QTabWidget*>()->setCurrentIndex(CgnTablesView::Subnets);
    for (int side : {0, 1}) {
        tables->setSource(side, 1);
        // The two devices' assignments are compared every 5 s: said once it was.
        ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                tables->refresh();
                if (!QTest::qWaitFor([&] { return !tables->isFetching(); }, kTimeoutMs))
                    return false;
                return tables->pageText().contains(QStringLiteral("the peer holds the same"));
            },
            kTimeoutMs))
            << side << ": " << tables->pageText().toStdString();
        EXPECT_EQ(tables->pageText().contains(QStringLiteral("(slave)")), side == 1) << tables->pageText().toStdString();
        const SubnetModel* subnets = tables->subnetModel();
        ASSERT_GE(subnets->rowCount(), 2);
        std::set<int> locations;
        for (int row = 0; row < subnets->rowCount(); ++row) {
            EXPECT_EQ(subnets->index(row, SubnetModel::Pool).data().toString(), QStringLiteral("pool1"));
            locations.insert(subnets->index(row, SubnetModel::ServiceLocation).data(SubnetModel::RawDataRole).toInt());
            EXPECT_TRUE(subnets->index(row, SubnetModel::Subnet).data().toString().startsWith(QStringLiteral("203.0.113.")));
        }
        EXPECT_EQ(locations, (std::set<int>{1, 2}));
        // The master's users are on its subnets: blocks in use (the standby's copy too).
        EXPECT_GT(subnets->index(0, SubnetModel::BlocksUsed).data(SubnetModel::RawDataRole).toLongLong(), 0);
    }
    // For the docs: TANDEM_TEST_SCREENSHOTS=DIR keeps what the view looked like.
    if (const QString dir = qEnvironmentVariable("TANDEM_TEST_SCREENSHOTS"); !dir.isEmpty()) {
        lab.window()->resize(1024, 700);
        tables->setSource(0, 1);
        tables->refresh();
        EXPECT_TRUE(QTest::qWaitFor([&] { return !tables->isFetching(); }, kTimeoutMs));
        QTest::qWait(300);
        EXPECT_TRUE(lab.window()->grab().save(dir + QStringLiteral("/tables-subnets.png")));
    }
}

} // namespace
} // namespace tandem::gui
