// The display commands of hot backup and the CGN tables on a real pair of agents (the lab's
// 1:1 configuration, both agents in this process so the test can open sessions on the
// master's engine): the reference's formats, a page instead of a million lines, the
// batch-backup state of each side, and the errors that name what is wrong.

#include "TestSupport.h"
#include "config/ConfigParser.h"
#include "config/LabPair.h"
#include "ha/BackupChannel.h"
#include "ha/ChannelTransport.h"
#include "ha/HaNode.h"
#include "ha/HotBackup.h"
#include "mgmt/Agent.h"
#include "mgmt/DisplayCommands.h"

#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <pwd.h>
#include <unistd.h>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>

namespace tandem::test {
namespace {

// The lab's 1:1 pair from its plan, with fast adverts and a 1 s preempt delay.
QString labConfigText(const QString& base, int device, const std::string& peerUser = {})
{
    config::LabPairOptions options;
    options.peerUser = peerUser;
    options.firstAddress = config::Ipv4Address{QHostAddress(base).toIPv4Address()};
    options.advertMs = 50;
    options.preemptDelaySeconds = 1;
    options.passwordHash = "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$"
                           "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
    const config::GeneratedPair pair = config::labPair(options);
    EXPECT_TRUE(pair.ok()) << (pair.errors.empty() ? "" : pair.errors[0].format());
    return QString::fromStdString(config::printConfig(device == 0 ? pair.a : pair.b));
}

class DisplayPair : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_base = randomLoopbackBase();
        for (int device = 0; device < 2; ++device) {
            const QString path = m_dir.filePath(QStringLiteral("cgn-%1.cfg").arg(device));
            QFile file(path);
            ASSERT_TRUE(file.open(QIODevice::WriteOnly));
            file.write(configText(device).toUtf8());
            file.close();
            QString error;
            auto store = mgmt::ConfigStore::open(path, &error);
            ASSERT_NE(store, nullptr) << error.toStdString();
            m_agents[device] = mgmt::Agent::create(std::move(store), &error);
            ASSERT_NE(m_agents[device], nullptr) << error.toStdString();
            m_agents[device]->start();
        }
        // A master with its batch sent, a slave that has it: the pair a user looks at.
        ASSERT_TRUE(waitFor(
            [&] {
                return a().hotBackup().isMaster(1) && !b().hotBackup().isMaster(1) &&
                       channel(a()).state() == ha::BackupChannel::State::Up &&
                       a().hotBackup().batchState(1) == ha::BatchState::Finished;
            },
            15000));
    }

    virtual QString configText(int device) const { return labConfigText(m_base, device); }

    void TearDown() override
    {
        for (auto& agent : m_agents)
            if (agent)
                agent->shutdown();
    }

    mgmt::Agent& a() { return *m_agents[0]; }
    mgmt::Agent& b() { return *m_agents[1]; }
    static ha::BackupChannel& channel(mgmt::Agent& agent)
    {
        return agent.channelTransport()->channel();
    }
    QString address(int device) const
    {
        return QHostAddress(QHostAddress(m_base).toIPv4Address() + quint32(device)).toString();
    }

    QString display(mgmt::Agent& agent, const QString& command)
    {
        QString error;
        const auto text = mgmt::runDisplayCommand(
            command, {&agent.haNode(), &agent.hotBackup(), &channel(agent)}, &error);
        EXPECT_TRUE(text.has_value()) << command.toStdString() << ": " << error.toStdString();
        return text.value_or(QString());
    }

    QString displayError(mgmt::Agent& agent, const QString& command)
    {
        QString error;
        const auto text = mgmt::runDisplayCommand(
            command, {&agent.haNode(), &agent.hotBackup(), &channel(agent)}, &error);
        EXPECT_FALSE(text.has_value()) << command.toStdString() << " answered:\n"
                                       << text->toStdString();
        return error;
    }

    // Opens `count` UDP sessions of CPE 10.1.1.<cpe> towards 172.17.2.2:53 on the master.
    void openSessions(int cpe, int count, std::uint16_t firstPort = 1120)
    {
        cgn::CgnEngine* engine = a().hotBackup().engine(1);
        ASSERT_NE(engine, nullptr);
        const std::uint32_t address = 0x0a010100 + std::uint32_t(cpe);
        for (int i = 0; i < count; ++i) {
            const cgn::SetupResult r =
                engine->outbound({cgn::UserKey::nat44(0, address), address,
                                  std::uint16_t(firstPort + i), cgn::Protocol::Udp},
                                 {0xac110202, 53}, 0, a().hotBackup().engineNow());
            ASSERT_TRUE(r.ok());
        }
        a().hotBackup().recordsPending();
    }

    QTemporaryDir m_dir;
    QString m_base;
    std::unique_ptr<mgmt::Agent> m_agents[2];
};

TEST_F(DisplayPair, ServiceLocationShowsTheBatchBackupStateOfEachSide)
{
    const QString master = display(a(), QStringLiteral("display service-location 1"));
    EXPECT_TRUE(master.contains(QStringLiteral(" Vrrp state: master\n"))) << master.toStdString();
    EXPECT_TRUE(master.contains(QStringLiteral(" Batch-backup state: finished\n")))
        << master.toStdString();
    const QString slave = display(b(), QStringLiteral("display service-location 1"));
    EXPECT_TRUE(slave.contains(QStringLiteral(" Vrrp state: slave\n"))) << slave.toStdString();
    EXPECT_TRUE(slave.contains(QStringLiteral(" Batch-backup state: NA\n"))) << slave.toStdString();
}

TEST_F(DisplayPair, RemoteBackupServiceShowsTheChannelBothWays)
{
    const QString text = display(a(), QStringLiteral("display remote-backup-service"));
    for (const QString& line :
         {QStringLiteral("Service-Index"), QStringLiteral("Service-Name"),
          QStringLiteral("TCP-State"), QStringLiteral("Peer-ip"), QStringLiteral("Source-ip"),
          QStringLiteral("TCP-Port"), QStringLiteral("Track-BFD"), QStringLiteral("Last up time"),
          QStringLiteral("Last down time"), QStringLiteral("Last down reason")})
        EXPECT_TRUE(text.contains(line)) << line.toStdString() << " missing:\n"
                                         << text.toStdString();
    auto value = [&](const QString& shown, const QString& key) {
        const QRegularExpression re(
            QStringLiteral("\\n  %1\\s*:  ([^\\n]*)").arg(QRegularExpression::escape(key)));
        return re.match(shown).captured(1);
    };
    EXPECT_EQ(value(text, QStringLiteral("Service-Name")), QStringLiteral("rbs"));
    EXPECT_EQ(value(text, QStringLiteral("TCP-State")), QStringLiteral("Connected"));
    EXPECT_EQ(value(text, QStringLiteral("Peer-ip")), address(1));
    EXPECT_EQ(value(text, QStringLiteral("Source-ip")), address(0));
    EXPECT_EQ(value(text, QStringLiteral("TCP-Port")), QStringLiteral("11201"));
    EXPECT_NE(value(text, QStringLiteral("Last up time")), QStringLiteral("--"));
    EXPECT_EQ(value(text, QStringLiteral("Last down time")), QStringLiteral("--"));

    const QString peer = display(b(), QStringLiteral("display remote-backup-service rbs"));
    EXPECT_EQ(value(peer, QStringLiteral("Peer-ip")), address(0));
    EXPECT_EQ(value(peer, QStringLiteral("TCP-State")), QStringLiteral("Connected"));

    // The channel goes down when the peer stops: the reason is kept for the engineer.
    b().shutdown();
    ASSERT_TRUE(
        waitFor([&] { return channel(a()).state() != ha::BackupChannel::State::Up; }, 5000));
    const QString down = display(a(), QStringLiteral("display remote-backup-service rbs"));
    EXPECT_NE(value(down, QStringLiteral("TCP-State")), QStringLiteral("Connected"));
    EXPECT_NE(value(down, QStringLiteral("Last down time")), QStringLiteral("--"));
    EXPECT_NE(value(down, QStringLiteral("Last down reason")), QStringLiteral("--"));

    EXPECT_TRUE(displayError(a(), QStringLiteral("display remote-backup-service nope"))
                    .contains(QStringLiteral("remote-backup-service nope is not configured")));
}

TEST_F(DisplayPair, ServiceHaGlobalInformation)
{
    EXPECT_EQ(display(a(), QStringLiteral("display service-ha global-information delay-time")),
              QStringLiteral(" service-ha delay-time 1\n"));
    const QString text = display(a(), QStringLiteral("display service-ha global-information"));
    EXPECT_TRUE(text.contains(QRegularExpression(QStringLiteral("Hot-backup\\s*:  enable\\n"))))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QRegularExpression(QStringLiteral("Delay-time\\s*:  1 s\\n"))))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("(master 1, slave 0)"))) << text.toStdString();
    EXPECT_TRUE(display(b(), QStringLiteral("service-ha global-information"))
                    .contains(QStringLiteral("(master 0, slave 1)")));
}

TEST_F(DisplayPair, EmptyTablesSayZero)
{
    EXPECT_EQ(display(a(), QStringLiteral("display nat session table")),
              QStringLiteral("Slot: 1 Engine: 0\nCurrent total sessions: 0.\n"));
    EXPECT_EQ(display(a(), QStringLiteral("display nat user-information slot 1")),
              QStringLiteral("Slot: 1 Engine: 0\nTotal number: 0.\n"));
    EXPECT_EQ(display(b(), QStringLiteral("display nat user-information cpe ipv4 10.1.1.5")),
              QStringLiteral("Slot: 1 Engine: 0\nTotal number: 0.\n"));
}

TEST_F(DisplayPair, SessionTableShowsAPageInTheDeviceFormat)
{
    openSessions(5, 150);
    openSessions(6, 3, 2000);
    const QString text = display(a(), QStringLiteral("display nat session table"));
    const QStringList lines = text.split(QLatin1Char('\n'));
    EXPECT_EQ(lines.value(0), QStringLiteral("Slot: 1 Engine: 0"));
    EXPECT_EQ(lines.value(1), QStringLiteral("Current total sessions: 153."));
    // The two direction lines of the reference's sample, with the translation in brackets.
    const QRegularExpression forward(QStringLiteral(
        "^ udp: 10\\.1\\.1\\.5:1120\\[(203\\.0\\.113\\.\\d+:\\d+)\\]-->172\\.17\\.2\\.2:53$"));
    const QRegularExpressionMatch match = forward.match(lines.value(2));
    ASSERT_TRUE(match.hasMatch()) << text.left(600).toStdString();
    EXPECT_EQ(lines.value(3),
              QStringLiteral("      172.17.2.2:53-->%1[10.1.1.5:1120]").arg(match.captured(1)));
    // A page, never the whole table, and how many more there are.
    EXPECT_EQ(text.count(QStringLiteral(" udp: ")), mgmt::kDisplayPageSize);
    EXPECT_TRUE(text.contains(QStringLiteral("(100 shown, 53 more")))
        << text.right(300).toStdString();

    const QString one = display(a(), QStringLiteral("display nat session table slot 1 source "
                                                    "inside 10.1.1.6 verbose"));
    EXPECT_TRUE(one.contains(QStringLiteral("Current total sessions: 3.\n"))) << one.toStdString();
    EXPECT_EQ(one.count(QStringLiteral(" udp: 10.1.1.6:")), 3);
    EXPECT_FALSE(one.contains(QStringLiteral("more"))) << one.toStdString();
    EXPECT_TRUE(one.contains(QStringLiteral(" NAT Instance:nat1\n"))) << one.toStdString();
    EXPECT_TRUE(one.contains(
        QRegularExpression(QStringLiteral("TTL:00:05:00 ,Left:00:0[45]:\\d\\d , Master\\n"))))
        << one.toStdString();
    EXPECT_TRUE(one.contains(QStringLiteral("CPEIP:10.1.1.6"))) << one.toStdString();

    // The slave shows its backed-up copies (after `service-ha delay-time 1`) as such.
    ASSERT_TRUE(waitFor(
        [&] {
            const cgn::CgnEngine* standby = b().hotBackup().engine(1);
            return standby && standby->counts().sessions == 153;
        },
        10000));
    const QString copy = display(b(), QStringLiteral("display nat session table source inside "
                                                     "10.1.1.6 verbose"));
    EXPECT_EQ(copy.count(QStringLiteral(", Slave\n")), 3) << copy.toStdString();

    EXPECT_TRUE(displayError(a(), QStringLiteral("display nat session table slot 9"))
                    .contains(QStringLiteral("no service-location with NAT tables matches")));
    EXPECT_TRUE(displayError(a(), QStringLiteral("display nat session table source inside x"))
                    .contains(QStringLiteral("needs an IPv4 address after source inside")));
}

TEST_F(DisplayPair, UserInformationBlocks)
{
    openSessions(5, 4);
    const QString text =
        display(a(), QStringLiteral("display nat user-information cpe ipv4 10.1.1.5 verbose"));
    auto value = [&](const QString& key) {
        const QRegularExpression re(
            QStringLiteral("\\n  %1\\s*:  ([^\\n]*)").arg(QRegularExpression::escape(key)));
        return re.match(text).captured(1);
    };
    EXPECT_TRUE(text.startsWith(QStringLiteral("Slot: 1 Engine: 0\nTotal number: 1.\n")))
        << text.toStdString();
    EXPECT_EQ(value(QStringLiteral("User Type")), QStringLiteral("NAT444"));
    EXPECT_EQ(value(QStringLiteral("CPE IP")), QStringLiteral("10.1.1.5"));
    EXPECT_TRUE(value(QStringLiteral("Public IP")).startsWith(QStringLiteral("203.0.113.")))
        << text.toStdString();
    EXPECT_GE(value(QStringLiteral("Start Port")).toInt(), 1024);
    EXPECT_EQ(value(QStringLiteral("Port Range")), QStringLiteral("256"));
    EXPECT_EQ(value(QStringLiteral("Total/TCP/UDP/ICMP Session Limit")),
              QStringLiteral("8192/10240/10240/512"));
    EXPECT_EQ(value(QStringLiteral("Total/TCP/UDP/ICMP Session Current")),
              QStringLiteral("4/0/4/0"));
    EXPECT_EQ(value(QStringLiteral("NAT Instance")), QStringLiteral("nat1"));
    EXPECT_FALSE(value(QStringLiteral("Create Time")).isEmpty());

    const QString brief = display(a(), QStringLiteral("display nat user-information slot 1"));
    EXPECT_TRUE(brief.contains(QStringLiteral("Total number: 1.\n"))) << brief.toStdString();
    EXPECT_FALSE(brief.contains(QStringLiteral("User Type"))) << brief.toStdString();

    EXPECT_TRUE(displayError(a(), QStringLiteral("display nat user-information"))
                    .contains(QStringLiteral("needs slot <s>, cpe ipv4 <ip>")));
    EXPECT_TRUE(displayError(a(), QStringLiteral("display nat user-information cpe ipv4 "
                                                 "10.1.1.5 vpn-instance nope"))
                    .contains(QStringLiteral("vpn-instance nope is not configured")));
}


// The lab pair with its public addresses in a global pool carved for load balancing (reference
// §3.6): `nat ip-pool gpool` with subnets of /25 on CGN-A, the same pool `slave` on CGN-B.
class DisplayLoadBalancedPair : public DisplayPair
{
protected:
    QString configText(int device) const override
    {
        // The OS user running the test reads the agents over their local sockets (tandemctl).
        QString text = labConfigText(m_base, device, std::string(::getpwuid(::geteuid())->pw_name));
        text.replace(QStringLiteral(" nat address-group pool1 group-id 1 203.0.113.1 203.0.113.254"),
                     QStringLiteral(" nat address-group pool1 group-id 1 bind-ip-pool gpool"));
        text.replace(QStringLiteral("nat instance "),
                     QStringLiteral("nat ip-pool gpool%1\n section 0 203.0.113.0 mask 24\n"
                                    " nat-instance subnet length initial 25 extend 27\n#\nnat instance ")
                         .arg(device == 1 ? QStringLiteral(" slave") : QString()));
        return text;
    }
};

TEST_F(DisplayLoadBalancedPair, EachSideShowsThePoolsSubnetsAndTheMasterMapsOnlyFromItsOwn)
{
    const QString master = display(a(), QStringLiteral("display nat ip-pool")).simplified();
    EXPECT_TRUE(master.contains(QStringLiteral("Slave : no"))) << master.toStdString();
    EXPECT_TRUE(master.contains(QStringLiteral("203.0.113.0/25 service-location 1 (master)")))
        << master.toStdString();
    EXPECT_TRUE(master.contains(QStringLiteral("initial 25 extend 27"))) << master.toStdString();
    const QString slave = display(b(), QStringLiteral("display nat ip-pool gpool")).simplified();
    EXPECT_TRUE(slave.contains(QStringLiteral("Slave : yes"))) << slave.toStdString();
    EXPECT_TRUE(slave.contains(QStringLiteral("203.0.113.0/25 service-location 1 (slave)")))
        << slave.toStdString();
    EXPECT_NE(displayError(a(), QStringLiteral("display nat ip-pool other")).indexOf(
                  QStringLiteral("nat ip-pool other is not configured")),
              -1);

    // Users get public addresses of location 1's subnet only: 203.0.113.1 – 203.0.113.127.
    cgn::CgnEngine* engine = a().hotBackup().engine(1);
    ASSERT_NE(engine, nullptr);
    for (std::uint32_t cpe = 0; cpe < 300; ++cpe) {
        const std::uint32_t address = 0x0a020000 + cpe;
        const cgn::SetupResult r = engine->outbound(
            {cgn::UserKey::nat44(0, address), address, 2000, cgn::Protocol::Udp},
            {0xac110202, 53}, 0, a().hotBackup().engineNow());
        ASSERT_TRUE(r.ok());
        EXPECT_GE(r.outside.address, 0xcb007101u);
        EXPECT_LE(r.outside.address, 0xcb00717fu) << "outside location 1's /25";
    }
    a().hotBackup().recordsPending();

    // cgn.pools (what the Tables tab shows): each address with its subnet, and the subnet's use.
    // The agents live in this process: their event loop runs while tandemctl waits for them.
    QProcess ctl;
    ctl.start(binary(QStringLiteral("tandemctl")),
              {QStringLiteral("call"), QStringLiteral("cgn.pools"), QStringLiteral("{\"serviceLocation\":1}"),
               QStringLiteral("--socket"), m_dir.filePath(QStringLiteral("cgn-0.cfg.d/agent.sock"))});
    ASSERT_TRUE(waitFor([&] { return ctl.state() == QProcess::NotRunning; }, 20000));
    const QString out = QString::fromUtf8(ctl.readAllStandardOutput());
    ASSERT_EQ(ctl.exitCode(), 0) << ctl.readAllStandardError().toStdString();
    const QJsonObject reply = QJsonDocument::fromJson(out.toUtf8()).object();
    const QJsonArray subnets = reply.value(QStringLiteral("subnets")).toArray();
    ASSERT_EQ(subnets.size(), 1) << out.toStdString();
    EXPECT_EQ(subnets[0].toObject().value(QStringLiteral("subnet")).toString(), QStringLiteral("203.0.113.0/25"));
    EXPECT_EQ(subnets[0].toObject().value(QStringLiteral("pool")).toString(), QStringLiteral("gpool"));
    EXPECT_GE(subnets[0].toObject().value(QStringLiteral("blocksUsed")).toInt(), 300 / 16);
    const QJsonArray addresses = reply.value(QStringLiteral("addresses")).toArray();
    ASSERT_FALSE(addresses.isEmpty());
    int inPool = 0;
    for (const QJsonValue& row : addresses) {
        const QJsonObject o = row.toObject();
        // The lab's VPN group (pool1v, its own range) is not in the global pool: no subnet.
        const bool global = o.value(QStringLiteral("group")).toString() == QLatin1String("pool1");
        inPool += global ? 1 : 0;
        EXPECT_EQ(o.value(QStringLiteral("subnet")).toString(),
                  global ? QStringLiteral("203.0.113.0/25") : QString())
            << o.value(QStringLiteral("address")).toString().toStdString();
    }
    EXPECT_EQ(inPool, 127) << "203.0.113.1 – 203.0.113.127";
}

// The reference's §6 example, "Centralized NAT Load Balancing Plus HA Inter-Chassis Hot Backup"
// (two service-locations in group1, both master on CGN1, pool1 11.11.11.0/24 with subnets
// initial 25 extend 27, `slave` on CGN2, port-range 4096, rbs port 7000) as the golden plan's
// configs hold it, run as-is after the lab's substitutions: loopback addresses for the channel
// and its virtual IPs, and a management address the test can reach.
class DisplaySection6Pair : public DisplayPair
{
protected:
    QString configText(int device) const override
    {
        QFile file(QStringLiteral(TANDEM_PLANS_DIR "/1to1-lb/expected-%1.cfg").arg(device == 0 ? 'a' : 'b'));
        EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << file.fileName().toStdString();
        QString text = QString::fromUtf8(file.readAll());
        for (int i = 1; i <= 4; ++i)
            text.replace(QStringLiteral("10.1.1.%1 ").arg(i), address(i - 1) + QLatin1Char(' '));
        for (int i = 1; i <= 4; ++i)
            text.replace(QStringLiteral("10.1.1.%1\n").arg(i), address(i - 1) + QLatin1Char('\n'));
        text.replace(QStringLiteral("management listen 192.168.100.%1 ").arg(device + 1),
                     QStringLiteral("management listen %1 ").arg(address(device)));
        return text;
    }
};

TEST_F(DisplaySection6Pair, RunsAsIsBothLocationsMasterOnCgn1AndDisplayShowsTheirSubnets)
{
    EXPECT_TRUE(waitFor([&] { return a().hotBackup().isMaster(2) && !b().hotBackup().isMaster(2); }, 15000));
    const QString master = display(a(), QStringLiteral("display nat ip-pool pool1")).simplified();
    EXPECT_TRUE(master.contains(QStringLiteral("Slave : no"))) << master.toStdString();
    EXPECT_TRUE(master.contains(QStringLiteral("initial 25 extend 27"))) << master.toStdString();
    EXPECT_TRUE(master.contains(QStringLiteral("11.11.11.0/25 service-location 1 (master)"))) << master.toStdString();
    EXPECT_TRUE(master.contains(QStringLiteral("11.11.11.128/25 service-location 2 (master)"))) << master.toStdString();
    EXPECT_TRUE(master.contains(QStringLiteral("NAT ip-address : 10.10.10.10 32"))) << master.toStdString();
    const QString slave = display(b(), QStringLiteral("display nat ip-pool pool1")).simplified();
    EXPECT_TRUE(slave.contains(QStringLiteral("Slave : yes"))) << slave.toStdString();
    EXPECT_TRUE(slave.contains(QStringLiteral("11.11.11.0/25 service-location 1 (slave)"))) << slave.toStdString();
    EXPECT_TRUE(slave.contains(QStringLiteral("11.11.11.128/25 service-location 2 (slave)"))) << slave.toStdString();
    // The subnet assignment is compared over the channel and found equal on both.
    auto equal = [](mgmt::Agent& agent) {
        return agent.hotBackup().statusJson().value(QStringLiteral("pools")).toArray().at(0).toObject()
            .value(QStringLiteral("digestEqual")).toBool();
    };
    EXPECT_TRUE(waitFor([&] { return equal(a()) && equal(b()); }, 15000));
}

TEST_F(DisplayPair, NatIpPoolSaysWhenNoneIsConfigured)
{
    EXPECT_NE(displayError(a(), QStringLiteral("display nat ip-pool"))
                  .indexOf(QStringLiteral("no nat ip-pool is configured")),
              -1);
}

} // namespace
} // namespace tandem::test
