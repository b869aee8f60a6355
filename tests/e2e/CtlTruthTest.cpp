// What tandemctl claims, as a new user meets it: both devices of a lab, one meaning per word,
// each error once and saying what to do, every subcommand's --help, and a drill's two figures
// (sessions not backed up by design, sessions lost) counted from the tables.

#include "LabPair.h"
#include "TestSupport.h"
#include "ctl/CommandLine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tandem::test {
namespace {

class CtlTruth : public LabPair
{};

TEST(CtlUsage, EveryCommandNamesItsSubcommandsAndAnswersHelpWithItsOptions)
{
    const ProcessResult lab = tandemctl({QStringLiteral("lab")});
    EXPECT_EQ(lab.exitCode, 2);
    EXPECT_TRUE(lab.err.contains(QStringLiteral("lab needs a subcommand: up, status or down")))
        << lab.err.toStdString();
    EXPECT_TRUE(lab.err.contains(QStringLiteral("lab down --dir DIR"))) << lab.err.toStdString();

    const ProcessResult up =
        tandemctl({QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--help")});
    EXPECT_EQ(up.exitCode, 0) << up.err.toStdString();
    EXPECT_TRUE(up.out.contains(QStringLiteral("--mode 1:1|1+1"))) << up.out.toStdString();
    EXPECT_FALSE(up.out.contains(QStringLiteral("lab down"))) << "only lab up's options";

    const ProcessResult ha = tandemctl({QStringLiteral("ha")});
    EXPECT_EQ(ha.exitCode, 2);
    EXPECT_TRUE(ha.err.contains(QStringLiteral("status, switchover or batch-backup")))
        << ha.err.toStdString();

    const ProcessResult haHelp =
        tandemctl({QStringLiteral("ha"), QStringLiteral("switchover"), QStringLiteral("--help")});
    EXPECT_EQ(haHelp.exitCode, 0) << haHelp.err.toStdString();
    EXPECT_TRUE(haHelp.out.contains(QStringLiteral("--clear-demotion")))
        << haHelp.out.toStdString();
    EXPECT_TRUE(haHelp.out.contains(QStringLiteral("--lab DIR [--device NAME]")))
        << haHelp.out.toStdString();

    const ProcessResult sessions = tandemctl({QStringLiteral("sessions"), QStringLiteral("-h")});
    EXPECT_EQ(sessions.exitCode, 0);
    EXPECT_TRUE(sessions.out.contains(QStringLiteral("--protocol tcp|udp|icmp")))
        << sessions.out.toStdString();

    const ProcessResult drill =
        tandemctl({QStringLiteral("drill"), QStringLiteral("--lab"), QStringLiteral("/nonexistent"),
                   QStringLiteral("--fault"), QStringLiteral("reboot")});
    EXPECT_EQ(drill.exitCode, 2);
    EXPECT_TRUE(drill.err.contains(QStringLiteral("not 'reboot'"))) << drill.err.toStdString();
    EXPECT_TRUE(drill.err.contains(QStringLiteral("kill, board, channel, uplink, manual")))
        << drill.err.toStdString();
}

// Every option a command takes (as the parser declares it) is in that command's --help, so
// the written help can never fall behind what the command accepts.
TEST(CtlUsage, EveryOptionACommandTakesIsInItsHelp)
{
    ASSERT_GT(ctl::commandSpecs().size(), 25);
    for (const ctl::CommandSpec& spec : ctl::commandSpecs()) {
        QStringList words = spec.path.split(QLatin1Char(' '));
        words.append(QStringLiteral("--help"));
        const ProcessResult help = tandemctl(words);
        EXPECT_EQ(help.exitCode, 0) << spec.path.toStdString() << ": " << help.err.toStdString();
        for (const ctl::OptionSpec& option : spec.options)
            EXPECT_TRUE(help.out.contains(QStringLiteral("--") + option.name))
                << "tandemctl " << spec.path.toStdString() << " --help does not name --"
                << option.name.toStdString() << ":\n" << help.out.toStdString();
    }
}

// One parser, one answer to each mistake, naming the command and where its help is.
TEST(CtlUsage, EachMistakeOnTheCommandLineIsNamedOnceWithWhereTheHelpIs)
{
    struct Case
    {
        QStringList words;
        QString says;
    };
    const Case cases[] = {
        {{QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dri"), QStringLiteral("x")},
         QStringLiteral("lab up: unknown option --dri; did you mean --dir? (see tandemctl lab up --help)")},
        {{QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dir")},
         QStringLiteral("lab up: --dir needs a value (DIR)")},
        {{QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"), QStringLiteral("a"),
          QStringLiteral("--dir"), QStringLiteral("b")},
         QStringLiteral("lab down: --dir is given more than once")},
        {{QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dir"), QStringLiteral("d"),
          QStringLiteral("--mode"), QStringLiteral("2:2")},
         QStringLiteral("lab up: --mode: not '2:2': one of 1:1, 1+1, lb")},
        {{QStringLiteral("sessions"), QStringLiteral("--lab"), QStringLiteral("d"), QStringLiteral("--protocol=sctp")},
         QStringLiteral("sessions: --protocol: not 'sctp': one of tcp, udp, icmp")},
        {{QStringLiteral("ha"), QStringLiteral("switchover"), QStringLiteral("--clear-demotoin")},
         QStringLiteral("did you mean --clear-demotion?")},
        {{QStringLiteral("lab"), QStringLiteral("status"), QStringLiteral("--dir"), QStringLiteral("d"),
          QStringLiteral("extra")},
         QStringLiteral("lab status: unexpected argument 'extra'")},
        {{QStringLiteral("config"), QStringLiteral("generate"), QStringLiteral("--base"), QStringLiteral("a.cfg")},
         QStringLiteral("config generate: --base needs 2 values (A.cfg B.cfg)")},
        {{QStringLiteral("users"), QStringLiteral("-x")}, QStringLiteral("users: unknown option -x")},
    };
    for (const Case& c : cases) {
        const ProcessResult r = tandemctl(c.words);
        EXPECT_EQ(r.exitCode, 2) << c.words.join(QLatin1Char(' ')).toStdString();
        EXPECT_TRUE(r.err.startsWith(QStringLiteral("tandemctl: ") + c.says) || r.err.contains(c.says))
            << c.words.join(QLatin1Char(' ')).toStdString() << ": " << r.err.toStdString();
        EXPECT_EQ(r.err.count(QStringLiteral("tandemctl:")), 1) << r.err.toStdString();
    }
    // --opt=value and `--` (the rest are arguments) are understood.
    const ProcessResult equals = tandemctl(
        {QStringLiteral("lab"), QStringLiteral("status"), QStringLiteral("--dir=/nonexistent/tandem-lab")});
    EXPECT_EQ(equals.exitCode, 1) << equals.err.toStdString();
    EXPECT_TRUE(equals.err.contains(QStringLiteral("/nonexistent/tandem-lab"))) << equals.err.toStdString();
}

TEST_F(CtlTruth, HaStatusOfALabShowsBothDevicesAndCountersWithOneMeaningEach)
{
    startLab(QStringLiteral("1:1"), kFastLabOptions);
    const ProcessResult r = tandemctl(
        {QStringLiteral("ha"), QStringLiteral("status"), QStringLiteral("--lab"), m_dir.path()});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("== CGN-A ("))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("== CGN-B ("))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("records sent "))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral(" = acked "))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("real-time records queued"))) << r.out.toStdString();
    EXPECT_FALSE(r.out.contains(QStringLiteral("changes sent"))) << "one word, one meaning";
    EXPECT_TRUE(r.out.contains(
        QStringLiteral("no switchover here (the first election after start is none)")))
        << r.out.toStdString();
    EXPECT_FALSE(r.out.contains(QStringLiteral("{\""))) << "a table, not JSON";

    const QJsonObject both =
        QJsonDocument::fromJson(
            tandemctl({QStringLiteral("ha"), QStringLiteral("status"), QStringLiteral("--lab"),
                       m_dir.path(), QStringLiteral("--json")})
                .out.toUtf8())
            .object();
    ASSERT_TRUE(both.contains(QStringLiteral("CGN-A")) && both.contains(QStringLiteral("CGN-B")));
    for (const QString& name : {QStringLiteral("CGN-A"), QStringLiteral("CGN-B")}) {
        const QJsonObject c =
            both.value(name).toObject().value(QStringLiteral("channel")).toObject();
        EXPECT_EQ(c.value(QStringLiteral("sent")).toInteger(),
                  c.value(QStringLiteral("acked")).toInteger() +
                      c.value(QStringLiteral("inFlight")).toInteger() +
                      c.value(QStringLiteral("voided")).toInteger())
            << name.toStdString();
    }

    // A manual switchover goes to the master of --sl, and is recorded as the master resigning.
    const ProcessResult sw =
        tandemctl({QStringLiteral("ha"), QStringLiteral("switchover"), QStringLiteral("--sl"),
                   QStringLiteral("1"), QStringLiteral("--lab"), m_dir.path()});
    ASSERT_EQ(sw.exitCode, 0) << sw.err.toStdString();
    EXPECT_TRUE(sw.out.startsWith(QStringLiteral("CGN-A (master of service-location 1)")))
        << sw.out.toStdString();
    ASSERT_TRUE(waitFor([&] { return slgState(kDeviceB, 1) == QLatin1String("master"); }, 10000));
    const ProcessResult after =
        tandemctl({QStringLiteral("ha"), QStringLiteral("status"), QStringLiteral("--lab"),
                   m_dir.path(), QStringLiteral("--device"), kDeviceB});
    EXPECT_TRUE(after.out.contains(QStringLiteral("master resigned"))) << after.out.toStdString();
    EXPECT_FALSE(after.out.contains(QStringLiteral("Priority calculation")))
        << after.out.toStdString();
}

TEST_F(CtlTruth, PlainTcpToTheTlsPortSaysItSpeaksTlsAndHowToPinItOnce)
{
    startLab(QStringLiteral("1:1"), kFastLabOptions);
    const client::LabDevice& a = device(kDeviceA);
    qputenv("TANDEM_PASSWORD", a.endpoint().password.toUtf8());
    const ProcessResult r =
        tandemctl({QStringLiteral("status"), QStringLiteral("--host"), a.address,
                   QStringLiteral("--port"), QString::number(a.port)});
    qunsetenv("TANDEM_PASSWORD");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains(QStringLiteral("speaks TLS, not plain TCP"))) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("--fingerprint SHA256:"))) << r.err.toStdString();
    EXPECT_FALSE(r.err.contains(QStringLiteral("tandem.client"))) << r.err.toStdString();
    EXPECT_EQ(r.err.count(QLatin1Char('\n')), 1) << "printed once: " << r.err.toStdString();
}

// At 1000 creates/s and delay-time 1 s, about a thousand sessions are younger than delay-time
// at any moment: a kill must count them as not backed up — not 0 because the table took a
// while to list — and lose nothing else.
TEST_F(CtlTruth, ADrillCountsTheSessionsYoungerThanDelayTimeAsNotBackedUpAndNoneLost)
{
    startLab(QStringLiteral("1:1"),
             {QStringLiteral("--advert-ms"), QStringLiteral("100"), QStringLiteral("--rate"),
              QStringLiteral("1000"), QStringLiteral("--subscribers"), QStringLiteral("5000")});
    ASSERT_TRUE(waitFor(
        [&] { return location(kDeviceA, 1).value(QStringLiteral("sessions")).toInt() > 8000; },
        30000));
    const ProcessResult r =
        tandemctl({QStringLiteral("drill"), QStringLiteral("--lab"), m_dir.path(),
                   QStringLiteral("--fault"), QStringLiteral("kill"), QStringLiteral("--json")},
                  90000);
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    const QJsonObject trial = QJsonDocument::fromJson(r.out.toUtf8())
                                  .object()
                                  .value(QStringLiteral("trials"))
                                  .toArray()
                                  .at(0)
                                  .toObject();
    EXPECT_EQ(trial.value(QStringLiteral("sessions_lost")).toInt(), 0);
    const int notBackedUp = trial.value(QStringLiteral("sessions_not_backed_up")).toInt();
    const int held = trial.value(QStringLiteral("held_by_delay_time_at_fault")).toInt();
    EXPECT_GT(held, 200) << "the old master's delay queue, right before the fault";
#ifdef TANDEM_SANITIZED
    // Under ASan the agents list ten times slower: the re-listing right before the fault can
    // take longer than delay-time, and then every session it listed as young was backed up by
    // the fault (CI saw 25 of 774, and 0 of 749 on a loaded machine). What this build still
    // proves: nothing lost, and no more counted than delay-time could hold; the lower bound is
    // the default build's.
    (void)notBackedUp;
#else
    EXPECT_GT(notBackedUp, held / 2)
        << "counted mapping by mapping: " << notBackedUp << " of " << held;
#endif
    EXPECT_LT(notBackedUp, held * 2 + 50);
}

} // namespace
} // namespace tandem::test
