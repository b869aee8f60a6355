// `tandemctl config …` as a user runs it: the real binary on files of the corpora.

#include "TestSupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>

QT_BEGIN_NAMESPACE
// Readable failure messages.
inline void PrintTo(const QString& text, std::ostream* out)
{
    *out << '"' << text.toStdString() << '"';
}
QT_END_NAMESPACE

using tandem::test::ProcessResult;
using tandem::test::tandemctl;

namespace {

QString corpusFile(const QString& relative)
{
    return QDir(QStringLiteral(TANDEM_CONFIG_TEST_DIR)).filePath(relative);
}

QString readText(const QString& path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << path.toStdString();
    return QString::fromUtf8(file.readAll());
}

class ConfigCommandsTest : public testing::Test
{
protected:
    // A copy of a corpus file with one line replaced, in a scratch folder.
    QString variant(const QString& source, const QString& from, const QString& to)
    {
        QString text = readText(corpusFile(source));
        EXPECT_TRUE(text.contains(from)) << from.toStdString();
        text.replace(from, to);
        const QString path = m_dir.filePath(QFileInfo(source).fileName());
        QFile file(path);
        EXPECT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text.toUtf8());
        return path;
    }

    QTemporaryDir m_dir;
};

QJsonObject json(const ProcessResult& result)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(result.out.toUtf8(), &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << result.out.toStdString();
    return document.object();
}

} // namespace

TEST_F(ConfigCommandsTest, CheckOfAGoodConfigPrintsNothingAndSucceeds)
{
    const ProcessResult result =
        tandemctl({QStringLiteral("config"), QStringLiteral("check"),
                   corpusFile(QStringLiteral("good/load-balancing-cgn2.cfg"))});
    ASSERT_TRUE(result.finished) << result.err.toStdString();
    EXPECT_EQ(result.exitCode, 0) << result.out.toStdString() << result.err.toStdString();
    EXPECT_EQ(result.out, QString());
    EXPECT_EQ(result.err, QStringLiteral("0 errors, 0 warnings\n"));
}

TEST_F(ConfigCommandsTest, CheckPrintsFileLineColumnSeverityMessageAndFix)
{
    const QString path = corpusFile(QStringLiteral("bad/undefined-pool.cfg"));
    const ProcessResult result =
        tandemctl({QStringLiteral("config"), QStringLiteral("check"), path});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(result.out, path + QStringLiteral(":2:2: error: nat address-group 'ag1' names nat "
                                                "ip-pool 'pool9', which is not configured\n"
                                                "    fix: configure nat ip-pool 'pool9' or "
                                                "correct the name\n"));
    EXPECT_EQ(result.err, QStringLiteral("1 error, 0 warnings\n"));
}

TEST_F(ConfigCommandsTest, CheckWithOnlyWarningsSucceeds)
{
    // Without hot backup the channel carries no sessions: worth a warning, not an error.
    const QString path = variant(QStringLiteral("good/nat444-cgn1.cfg"),
                                 QStringLiteral("service-ha hot-backup enable\n"), QString());
    const ProcessResult result =
        tandemctl({QStringLiteral("config"), QStringLiteral("check"), path});
    EXPECT_EQ(result.exitCode, 0) << result.out.toStdString();
    EXPECT_TRUE(result.out.startsWith(path + QStringLiteral(":12:26: warning: service-locations "
                                                            "have backup channels")))
        << result.out.toStdString();
    EXPECT_EQ(result.err, QStringLiteral("0 errors, 1 warning\n"));
}

TEST_F(ConfigCommandsTest, CheckJsonListsEveryFinding)
{
    const QString path = corpusFile(QStringLiteral("bad/undefined-references.cfg"));
    const ProcessResult result = tandemctl(
        {QStringLiteral("config"), QStringLiteral("check"), path, QStringLiteral("--json")});
    EXPECT_EQ(result.exitCode, 1);
    const QJsonObject object = json(result);
    EXPECT_EQ(object.value(QStringLiteral("errors")).toInt(), 5);
    EXPECT_EQ(object.value(QStringLiteral("warnings")).toInt(), 0);
    const QJsonArray findings = object.value(QStringLiteral("findings")).toArray();
    ASSERT_EQ(findings.size(), 5);
    const QJsonObject first = findings.at(0).toObject();
    EXPECT_EQ(first.value(QStringLiteral("file")).toString(), path);
    EXPECT_EQ(first.value(QStringLiteral("device")).toString(), QStringLiteral("CGN1"));
    EXPECT_EQ(first.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
    EXPECT_EQ(first.value(QStringLiteral("line")).toInt(), 12);
    EXPECT_EQ(first.value(QStringLiteral("column")).toInt(), 19);
    EXPECT_EQ(first.value(QStringLiteral("message")).toString(),
              QStringLiteral("service-instance-group 'group1' names service-location 3, which is "
                             "not configured"));
    EXPECT_FALSE(first.value(QStringLiteral("fix")).toString().isEmpty());
}

TEST_F(ConfigCommandsTest, CheckOfAParseErrorNamesLineAndColumn)
{
    const QString path = corpusFile(QStringLiteral("bad/priority-255.cfg"));
    const ProcessResult result =
        tandemctl({QStringLiteral("config"), QStringLiteral("check"), path});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(result.out, path + QStringLiteral(":4:23: error: priority 255 out of range 1-254\n"));
}

TEST_F(ConfigCommandsTest, PairCheckOfTheReferenceExampleIsClean)
{
    const ProcessResult result = tandemctl({QStringLiteral("config"), QStringLiteral("pair-check"),
                                            corpusFile(QStringLiteral("good/nat444-cgn1.cfg")),
                                            corpusFile(QStringLiteral("good/nat444-cgn2.cfg")),
                                            QStringLiteral("--mode"), QStringLiteral("1:1")});
    EXPECT_EQ(result.exitCode, 0) << result.out.toStdString();
    EXPECT_EQ(result.out, QString());
}

TEST_F(ConfigCommandsTest, PairCheckPointsIntoTheFileThatIsWrong)
{
    const QString a = corpusFile(QStringLiteral("good/nat444-cgn1.cfg"));
    const QString b = variant(QStringLiteral("good/nat444-cgn2.cfg"),
                              QStringLiteral(" vrrp vrid 1 priority 150\n"),
                              QStringLiteral(" vrrp vrid 1 priority 200\n"));
    const ProcessResult result =
        tandemctl({QStringLiteral("config"), QStringLiteral("pair-check"), a, b});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(result.out,
              b + QStringLiteral(":29:2: error: vrrp vrid 1 has priority 200 on both devices: "
                                 "service-location 1 has no intended master (whichever device "
                                 "comes up first wins)\n"
                                 "    fix: give the intended master the higher priority (the "
                                 "reference uses 200 and 150)\n"));
}

TEST_F(ConfigCommandsTest, PairCheckModeMustMatchTheMasters)
{
    const ProcessResult result =
        tandemctl({QStringLiteral("config"), QStringLiteral("pair-check"),
                   corpusFile(QStringLiteral("good/nat444-cgn1.cfg")),
                   corpusFile(QStringLiteral("good/nat444-cgn2.cfg")), QStringLiteral("--mode"),
                   QStringLiteral("1+1"), QStringLiteral("--json")});
    EXPECT_EQ(result.exitCode, 1);
    const QJsonArray findings = json(result).value(QStringLiteral("findings")).toArray();
    ASSERT_EQ(findings.size(), 1);
    EXPECT_EQ(findings.at(0).toObject().value(QStringLiteral("message")).toString(),
              QStringLiteral("1+1 wants opposite masters, but CGN1 is master of every "
                             "service-location and CGN2 of none"));
}

TEST_F(ConfigCommandsTest, DiffShowsObjectsThenAUnifiedDiffOfTheCanonicalTexts)
{
    const QString before = corpusFile(QStringLiteral("good/load-balancing-cgn1.cfg"));
    const QString after =
        variant(QStringLiteral("good/load-balancing-cgn1.cfg"),
                QStringLiteral(" port-range 4096\n"), QStringLiteral(" port-range 2048\n"));
    const ProcessResult result =
        tandemctl({QStringLiteral("config"), QStringLiteral("diff"), before, after});
    EXPECT_EQ(result.exitCode, 0);
    EXPECT_EQ(result.out,
              QStringLiteral("changed  nat instance nat\n"
                             "    -  port-range 4096\n"
                             "    +  port-range 2048\n"
                             "\n"
                             "--- %1\n"
                             "+++ %2\n"
                             "@@ -40,7 +40,7 @@\n"
                             "|#\n"
                             "|nat instance nat id 1\n"
                             "| service-instance-group group1\n"
                             "- port-range 4096\n"
                             "+ port-range 2048\n"
                             "| nat address-group group1 group-id 1 bind-ip-pool pool1\n"
                             "| nat outbound any address-group group1\n"
                             "|#\n")
                  .arg(before, after)
                  .replace(QStringLiteral("\n|"), QStringLiteral("\n ")));
}

TEST_F(ConfigCommandsTest, DiffOfEquivalentConfigsSaysNoChanges)
{
    // Same configuration, other layout: the service-location moved and names are spaced.
    const QString before = corpusFile(QStringLiteral("good/nat444-cgn1.cfg"));
    const QString after = variant(QStringLiteral("good/nat444-cgn1.cfg"),
                                  QStringLiteral("interface GigabitEthernet0/1/3\n"),
                                  QStringLiteral("interface GigabitEthernet 0/1/3\n"));
    const ProcessResult result =
        tandemctl({QStringLiteral("config"), QStringLiteral("diff"), before, after});
    EXPECT_EQ(result.exitCode, 0);
    EXPECT_EQ(result.out, QStringLiteral("no changes\n"));

    const ProcessResult asJson =
        tandemctl({QStringLiteral("config"), QStringLiteral("diff"), before,
                   corpusFile(QStringLiteral("good/nat444-cgn2.cfg")), QStringLiteral("--json")});
    const QJsonObject object = json(asJson);
    const QJsonArray changes = object.value(QStringLiteral("changes")).toArray();
    ASSERT_FALSE(changes.isEmpty());
    EXPECT_EQ(changes.at(0).toObject().value(QStringLiteral("object")).toString(),
              QStringLiteral("sysname"));
    EXPECT_TRUE(object.value(QStringLiteral("unifiedDiff"))
                    .toString()
                    .contains(QStringLiteral("\n-sysname CGN1\n+sysname CGN2\n")));
}

TEST_F(ConfigCommandsTest, UsageErrorsExitWithTwo)
{
    const QString good = corpusFile(QStringLiteral("good/nat444-cgn1.cfg"));
    for (const QStringList& arguments :
         {QStringList{QStringLiteral("config")},
          QStringList{QStringLiteral("config"), QStringLiteral("lint"), good},
          QStringList{QStringLiteral("config"), QStringLiteral("check")},
          QStringList{QStringLiteral("config"), QStringLiteral("check"), good, good},
          QStringList{QStringLiteral("config"), QStringLiteral("check"), good,
                      QStringLiteral("--verbose")},
          QStringList{QStringLiteral("config"), QStringLiteral("pair-check"), good, good,
                      QStringLiteral("--mode"), QStringLiteral("2:1")},
          QStringList{QStringLiteral("config"), QStringLiteral("diff"), good}}) {
        const ProcessResult result = tandemctl(arguments);
        EXPECT_EQ(result.exitCode, 2) << arguments.join(QLatin1Char(' ')).toStdString();
        EXPECT_TRUE(result.err.startsWith(QStringLiteral("tandemctl: ")));
    }
}

TEST_F(ConfigCommandsTest, AnUnreadableFileIsAnErrorNamingIt)
{
    const QString missing = m_dir.filePath(QStringLiteral("absent.cfg"));
    const ProcessResult result =
        tandemctl({QStringLiteral("config"), QStringLiteral("check"), missing});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(result.out, missing + QStringLiteral(": error: cannot read '") + missing +
                              QStringLiteral("': No such file or directory\n"));
}

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
