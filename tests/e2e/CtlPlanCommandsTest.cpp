// `tandemctl config plan` on a real lab pair, as the wizard's starting point: a bare lab gets a
// proposal that generates a pair passing the pair check; a paired lab gives its own plan back.

#include "LabPair.h"
#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace tandem::test {
namespace {

class CtlPlanCommands : public LabPair
{
protected:
    QJsonObject plan()
    {
        const ProcessResult r = tandemctl({QStringLiteral("config"), QStringLiteral("plan"),
                                           QStringLiteral("--lab"), m_dir.path()});
        EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }
};

TEST_F(CtlPlanCommands, ABareLabIsProposedAPlanThatGeneratesAPairPassingThePairCheck)
{
    startLab(QStringLiteral("1:1"), QStringList{QStringLiteral("--bare")} + kFastLabOptions);
    const QJsonObject proposal = plan();
    EXPECT_EQ(proposal.value(QStringLiteral("mode")).toString(), QStringLiteral("1:1"));
    const QJsonArray locations = proposal.value(QStringLiteral("serviceLocations")).toArray();
    ASSERT_EQ(locations.size(), 1);
    EXPECT_EQ(locations[0].toObject().value(QStringLiteral("master")).toString(),
              QStringLiteral("a"));
    EXPECT_EQ(proposal.value(QStringLiteral("a"))
                  .toObject()
                  .value(QStringLiteral("channelAddress"))
                  .toString(),
              device(kDeviceA).address);

    const QString planPath = m_dir.filePath(QStringLiteral("proposal.json"));
    QFile file(planPath);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(proposal).toJson());
    file.close();
    const QString a = m_dir.filePath(QStringLiteral("pair-a.cfg"));
    const QString b = m_dir.filePath(QStringLiteral("pair-b.cfg"));
    const ProcessResult generate =
        tandemctl({QStringLiteral("config"), QStringLiteral("generate"), QStringLiteral("--plan"),
                   planPath, QStringLiteral("--a"), a, QStringLiteral("--b"), b,
                   QStringLiteral("--lab"), m_dir.path()});
    ASSERT_EQ(generate.exitCode, 0) << generate.err.toStdString();
    const ProcessResult check = tandemctl({QStringLiteral("config"), QStringLiteral("pair-check"),
                                           a, b, QStringLiteral("--mode"), QStringLiteral("1:1")});
    EXPECT_EQ(check.exitCode, 0) << check.out.toStdString() << check.err.toStdString();
}

TEST_F(CtlPlanCommands, APairedLabGivesItsOwnPlanBack)
{
    startLab(QStringLiteral("1+1"), kFastLabOptions);
    const QJsonObject own = plan();
    EXPECT_EQ(own.value(QStringLiteral("mode")).toString(), QStringLiteral("1+1"));
    const QJsonArray locations = own.value(QStringLiteral("serviceLocations")).toArray();
    ASSERT_EQ(locations.size(), 2);
    EXPECT_EQ(locations[0].toObject().value(QStringLiteral("master")).toString(),
              QStringLiteral("a"));
    EXPECT_EQ(locations[1].toObject().value(QStringLiteral("master")).toString(),
              QStringLiteral("b"));

    // Its own plan is not re-proposed in another mode.
    const ProcessResult other =
        tandemctl({QStringLiteral("config"), QStringLiteral("plan"), QStringLiteral("--lab"),
                   m_dir.path(), QStringLiteral("--mode"), QStringLiteral("1:1")});
    EXPECT_EQ(other.exitCode, 1);
    EXPECT_TRUE(other.err.contains(QStringLiteral("the pair runs 1+1 hot backup")))
        << other.err.toStdString();
}

TEST_F(CtlPlanCommands, ThePlanSaysWhichDevicesItNeeds)
{
    const ProcessResult r = tandemctl({QStringLiteral("config"), QStringLiteral("plan"),
                                       QStringLiteral("--a"), QStringLiteral("--socket /nowhere")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains(QStringLiteral("--a 'TRANSPORT' and --b 'TRANSPORT'")))
        << r.err.toStdString();
}

} // namespace
} // namespace tandem::test
