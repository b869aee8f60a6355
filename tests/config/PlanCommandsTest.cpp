// `tandemctl config generate` on files, as a user runs it: the golden plans of
// tests/config/plans/ give their expected configs byte for byte, and a bad plan is refused
// naming its field. (`config plan` reads devices: tests/e2e/CtlPlanCommandsTest.cpp.)

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using tandem::test::ProcessResult;
using tandem::test::tandemctl;

namespace {

QString plansDir(const QString& name)
{
    return QDir(QStringLiteral(TANDEM_CONFIG_TEST_DIR "/plans")).filePath(name);
}

QByteArray readBytes(const QString& path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << path.toStdString();
    return file.readAll();
}

class PlanCommandsTest : public testing::Test
{
protected:
    QString write(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        EXPECT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(bytes);
        return path;
    }
    // The 1:1 golden plan with one field replaced, beside copies of its base configs.
    QString planWith(const QString& key, const QJsonValue& value)
    {
        QJsonObject plan =
            QJsonDocument::fromJson(readBytes(plansDir(QStringLiteral("1to1/plan.json")))).object();
        QJsonArray locations = plan.value(QStringLiteral("serviceLocations")).toArray();
        QJsonObject first = locations[0].toObject();
        first.insert(key, value);
        locations[0] = first;
        plan.insert(QStringLiteral("serviceLocations"), locations);
        for (const char* base : {"base-a.cfg", "base-b.cfg"})
            write(QLatin1String(base),
                  readBytes(plansDir(QStringLiteral("1to1/") + QLatin1String(base))));
        return write(QStringLiteral("plan.json"), QJsonDocument(plan).toJson());
    }
    ProcessResult generate(const QString& plan, QStringList extra = {})
    {
        return tandemctl(QStringList{QStringLiteral("config"), QStringLiteral("generate"),
                                     QStringLiteral("--plan"), plan, QStringLiteral("--a"),
                                     m_dir.filePath(QStringLiteral("a.cfg")), QStringLiteral("--b"),
                                     m_dir.filePath(QStringLiteral("b.cfg"))} +
                         extra);
    }

    QTemporaryDir m_dir;
};

TEST_F(PlanCommandsTest, GeneratingFromEachGoldenPlanWritesItsExpectedConfigsByteForByte)
{
    for (const QString& name : {QStringLiteral("1to1"), QStringLiteral("1plus1"),
                                QStringLiteral("1to1-lb"), QStringLiteral("1to1-vpn")}) {
        SCOPED_TRACE(name.toStdString());
        const ProcessResult r = generate(plansDir(name + QStringLiteral("/plan.json")));
        ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
        EXPECT_EQ(readBytes(m_dir.filePath(QStringLiteral("a.cfg"))),
                  readBytes(plansDir(name + QStringLiteral("/expected-a.cfg"))));
        EXPECT_EQ(readBytes(m_dir.filePath(QStringLiteral("b.cfg"))),
                  readBytes(plansDir(name + QStringLiteral("/expected-b.cfg"))));
        // What was generated passes the pair check as it is.
        const ProcessResult check = tandemctl(
            {QStringLiteral("config"), QStringLiteral("pair-check"),
             m_dir.filePath(QStringLiteral("a.cfg")), m_dir.filePath(QStringLiteral("b.cfg"))});
        EXPECT_EQ(check.exitCode, 0) << check.out.toStdString();
    }
}

TEST_F(PlanCommandsTest, GivenBaseFilesTakeThePlaceOfThePlansOwn)
{
    const QString a =
        write(QStringLiteral("mine-a.cfg"), readBytes(plansDir(QStringLiteral("1to1/base-a.cfg"))));
    const QString b =
        write(QStringLiteral("mine-b.cfg"), readBytes(plansDir(QStringLiteral("1to1/base-b.cfg"))));
    QJsonObject plan =
        QJsonDocument::fromJson(readBytes(plansDir(QStringLiteral("1to1/plan.json")))).object();
    for (const char* side : {"a", "b"}) {
        QJsonObject device = plan.value(QLatin1String(side)).toObject();
        device.remove(QStringLiteral("baseConfig"));
        plan.insert(QLatin1String(side), device);
    }
    const QString path = write(QStringLiteral("plan.json"), QJsonDocument(plan).toJson());
    const ProcessResult without = generate(path);
    EXPECT_EQ(without.exitCode, 1);
    EXPECT_TRUE(without.err.contains(QStringLiteral("a.baseConfig: the plan names no base config")))
        << without.err.toStdString();

    const ProcessResult r = generate(path, {QStringLiteral("--base"), a, b});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_EQ(readBytes(m_dir.filePath(QStringLiteral("a.cfg"))),
              readBytes(plansDir(QStringLiteral("1to1/expected-a.cfg"))));
}

TEST_F(PlanCommandsTest, ABadPlanIsRefusedNamingTheFieldAndWritesNothing)
{
    const ProcessResult master = generate(planWith(QStringLiteral("master"), QStringLiteral("c")));
    EXPECT_EQ(master.exitCode, 1);
    EXPECT_TRUE(master.err.contains(QStringLiteral("serviceLocations[0].master")))
        << master.err.toStdString();

    const ProcessResult vip =
        generate(planWith(QStringLiteral("virtualIp"), QStringLiteral("192.168.9.9")));
    EXPECT_EQ(vip.exitCode, 1);
    EXPECT_TRUE(vip.err.contains(QStringLiteral("serviceLocations[0].virtualIp")))
        << vip.err.toStdString();
    EXPECT_FALSE(QFile::exists(m_dir.filePath(QStringLiteral("a.cfg"))));
    EXPECT_FALSE(QFile::exists(m_dir.filePath(QStringLiteral("b.cfg"))));

    const ProcessResult notJson = generate(write(QStringLiteral("broken.json"), "{\"mode\": "));
    EXPECT_EQ(notJson.exitCode, 1);
    EXPECT_TRUE(notJson.err.contains(QStringLiteral("broken.json: not JSON")))
        << notJson.err.toStdString();
}

TEST_F(PlanCommandsTest, GenerateWithoutItsFilesIsAUsageError)
{
    const ProcessResult r =
        tandemctl({QStringLiteral("config"), QStringLiteral("generate"), QStringLiteral("--plan"),
                   plansDir(QStringLiteral("1to1/plan.json"))});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains(QStringLiteral("--a OUT_A.cfg --b OUT_B.cfg")))
        << r.err.toStdString();
}

} // namespace
