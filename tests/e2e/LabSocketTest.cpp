// `tandemctl … --socket` on a lab device: whoever ran `lab up` is an admin there by peer login.

#include "LabPair.h"
#include "TestSupport.h"

#include <QRegularExpression>

namespace tandem::test {
namespace {

class LabSocket : public LabPair
{};

TEST_F(LabSocket, WhoeverRanLabUpReadsEachDeviceOverItsLocalSocketWithoutAPassword)
{
    startLab(QStringLiteral("1:1"), kFastLabOptions);
    const QList<QPair<QString, QString>> roles{{kDeviceA, QStringLiteral("master")},
                                               {kDeviceB, QStringLiteral("slave")}};
    for (const auto& [name, role] : roles) {
        const QString socket = device(name).configPath + QStringLiteral(".d/agent.sock");
        const ProcessResult status =
            tandemctl({QStringLiteral("status"), QStringLiteral("--socket"), socket}, 30000);
        ASSERT_EQ(status.exitCode, 0) << status.err.toStdString();
        EXPECT_TRUE(status.out.contains(name)) << status.out.toStdString();

        const ProcessResult ha = tandemctl(
            {QStringLiteral("ha"), QStringLiteral("status"), QStringLiteral("--socket"), socket},
            30000);
        ASSERT_EQ(ha.exitCode, 0) << ha.err.toStdString();
        // The service-location's row: SL 1 and this device's role in it.
        EXPECT_TRUE(ha.out.contains(QRegularExpression(QStringLiteral("^1\\s+%1\\s").arg(role),
                                                       QRegularExpression::MultilineOption)))
            << ha.out.toStdString();
    }
}

} // namespace
} // namespace tandem::test
