// The inventory: its tree and filter, inventory.json, the keychain, and the real main window
// connecting to a real lab pair through it — the fingerprint asked once and pinned, a changed
// key refused with the reason, and no password in any file the app writes.

#include "MainWindow.h"
#include "SshServer.h"
#include "TestSupport.h"
#include "client/LabDescription.h"
#include "dialogs/DeviceDialog.h"
#include "dialogs/FingerprintDialog.h"
#include "models/EventLogModel.h"
#include "models/InventoryFilterModel.h"
#include "models/InventoryModel.h"
#include "models/ServiceLocationModel.h"
#include "utils/SecretStore.h"
#include "widgets/PairView.h"

#include <QAction>
#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>
#include <memory>

namespace tandem::gui {
namespace {

using Transport = client::Endpoint::Transport;
using test::ProcessResult;
using test::tandemctl;

constexpr int kTimeoutMs = 10000;
constexpr int kSlg = 1;

InventoryPair makePair(const QString& name, const QString& folder, const QString& description,
                       const QString& hostA, const QString& hostB)
{
    InventoryPair p;
    p.name = name;
    p.folder = folder;
    p.description = description;
    const QString hosts[] = {hostA, hostB};
    for (int side = 0; side < 2; ++side) {
        InventoryDevice& d = p.devices[size_t(side)];
        d.name = QStringLiteral("%1-%2").arg(name,
                                             side == 0 ? QStringLiteral("A") : QStringLiteral("B"));
        d.host = hosts[side];
        d.port = 7830;
        d.user = QStringLiteral("noc");
    }
    return p;
}

// The names the filtered tree shows, depth first, indented by level.
QStringList visibleNames(const QAbstractItemModel& model, const QModelIndex& parent = {},
                         int depth = 0)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, InventoryModel::Name, parent);
        names.append(QString(depth * 2, QLatin1Char(' ')) + index.data().toString());
        names += visibleNames(model, index, depth + 1);
    }
    return names;
}

// Every file under the app's QStandardPaths locations (test mode: ~/.qttest/…).
QStringList filesTheAppMayWrite()
{
    QSet<QString> roots;
    for (const auto location :
         {QStandardPaths::GenericConfigLocation, QStandardPaths::AppConfigLocation,
          QStandardPaths::GenericDataLocation, QStandardPaths::AppDataLocation,
          QStandardPaths::GenericCacheLocation, QStandardPaths::CacheLocation,
          QStandardPaths::AppLocalDataLocation})
        roots.insert(QStandardPaths::writableLocation(location));
    QSet<QString> files;
    for (const QString& root : roots) {
        QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            files.insert(it.next());
    }
    return files.values();
}

// The files among `files` that hold `secret`.
QStringList filesHolding(const QStringList& files, const QString& secret)
{
    QStringList holding;
    for (const QString& name : files) {
        QFile file(name);
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(secret.toUtf8()))
            holding.append(name);
    }
    return holding;
}

bool keychainSession()
{
    return qEnvironmentVariableIsSet("TANDEM_KEYCHAIN_TEST");
}

TEST(InventoryModelTest, FilterFindsPairsByNameAddressAndDescriptionKeepingTheirFolders)
{
    InventoryModel model;
    model.addFolder(QStringLiteral("Berlin"));
    model.addFolder(QStringLiteral("Paris"));
    model.addPair(makePair(QStringLiteral("BER1"), QStringLiteral("Berlin"),
                           QStringLiteral("rack 12"), QStringLiteral("10.1.0.1"),
                           QStringLiteral("10.1.0.2")));
    model.addPair(makePair(QStringLiteral("PAR1"), QStringLiteral("Paris"),
                           QStringLiteral("contract 4711"), QStringLiteral("par-a.example.net"),
                           QStringLiteral("par-b.example.net")));
    model.addPair(makePair(QStringLiteral("LONE"), QString(), QString(),
                           QStringLiteral("192.0.2.1"), QStringLiteral("192.0.2.2")));
    InventoryFilterModel filter;
    filter.setSourceModel(&model);
    EXPECT_EQ(visibleNames(filter).size(), 2 + 3 * 3)
        << visibleNames(filter).join(QLatin1Char('|')).toStdString();

    filter.setFilterText(QStringLiteral("10.1.0.2"));
    EXPECT_EQ(visibleNames(filter), (QStringList{QStringLiteral("Berlin"), QStringLiteral("  BER1"),
                                                 QStringLiteral("    BER1-B")}));

    filter.setFilterText(QStringLiteral("4711"));
    EXPECT_EQ(visibleNames(filter),
              (QStringList{QStringLiteral("Paris"), QStringLiteral("  PAR1"),
                           QStringLiteral("    PAR1-A"), QStringLiteral("    PAR1-B")}));

    filter.setFilterText(QStringLiteral("PAR-B.EXAMPLE"));
    EXPECT_EQ(visibleNames(filter), (QStringList{QStringLiteral("Paris"), QStringLiteral("  PAR1"),
                                                 QStringLiteral("    PAR1-B")}));

    filter.setFilterText(QStringLiteral("lone"));
    EXPECT_EQ(visibleNames(filter), (QStringList{QStringLiteral("LONE"), QStringLiteral("  LONE-A"),
                                                 QStringLiteral("  LONE-B")}));

    filter.setFilterText(QStringLiteral("no such thing"));
    EXPECT_EQ(filter.rowCount(), 0);
    filter.setFilterText(QString());
    EXPECT_EQ(visibleNames(filter).size(), 11);
}

TEST(InventoryModelTest, SavesAndLoadsEveryFieldAndRefusesABadFileUnchanged)
{
    InventoryModel model;
    model.addFolder(QStringLiteral("Empty"));
    InventoryPair pair =
        makePair(QStringLiteral("BER1"), QStringLiteral("Berlin"), QStringLiteral("rack 12"),
                 QStringLiteral("10.1.0.1"), QStringLiteral("cgn-b.example.net"));
    pair.devices[0].pinnedFingerprint = QStringLiteral("SHA256:abc");
    pair.devices[1].transport = Transport::Ssh;
    pair.devices[1].port = 22;
    pair.devices[1].auth = InventoryDevice::Auth::KeyFile;
    pair.devices[1].keyFile = QStringLiteral("/home/noc/.ssh/id_ed25519");
    pair.devices[1].knownHostsFile = QStringLiteral("/home/noc/.local/share/tandem/known_hosts");
    const QString id = model.addPair(pair);

    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("inventory.json"));
    QString error;
    ASSERT_TRUE(model.save(file, &error)) << error.toStdString();

    InventoryModel loaded;
    ASSERT_TRUE(loaded.load(file, &error)) << error.toStdString();
    EXPECT_EQ(loaded.folders(), (QStringList{QStringLiteral("Empty"), QStringLiteral("Berlin")}));
    const std::optional<InventoryPair> back = loaded.pair(id);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->name, pair.name);
    EXPECT_EQ(back->folder, pair.folder);
    EXPECT_EQ(back->description, pair.description);
    for (int side = 0; side < 2; ++side) {
        const InventoryDevice& a = pair.devices[size_t(side)];
        const InventoryDevice& b = back->devices[size_t(side)];
        EXPECT_EQ(b.name, a.name);
        EXPECT_EQ(b.transport, a.transport);
        EXPECT_EQ(b.host, a.host);
        EXPECT_EQ(b.port, a.port);
        EXPECT_EQ(b.user, a.user);
        EXPECT_EQ(b.auth, a.auth);
        EXPECT_EQ(b.keyFile, a.keyFile);
        EXPECT_EQ(b.pinnedFingerprint, a.pinnedFingerprint);
        EXPECT_EQ(b.knownHostsFile, a.knownHostsFile);
    }
    EXPECT_TRUE(loaded.indexOfPair(id).isValid());
    EXPECT_EQ(loaded.indexOfPair(id).parent(), loaded.indexOfFolder(QStringLiteral("Berlin")));
    const client::Endpoint ssh = back->devices[1].endpoint();
    EXPECT_EQ(ssh.transport, Transport::Ssh);
    EXPECT_EQ(ssh.sshKeyFile, pair.devices[1].keyFile);
    EXPECT_TRUE(ssh.password.isEmpty());

    QFile bad(dir.filePath(QStringLiteral("bad.json")));
    ASSERT_TRUE(bad.open(QIODevice::WriteOnly));
    bad.write(QString::fromUtf8(model.toJson())
                  .replace(QStringLiteral("\"port\": 22"), QStringLiteral("\"port\": 0"))
                  .toUtf8());
    bad.close();
    EXPECT_FALSE(loaded.load(bad.fileName(), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("pair 1, device 2")) &&
                error.contains(QStringLiteral("port")))
        << error.toStdString();
    EXPECT_TRUE(loaded.pair(id).has_value());
}

TEST(SecretStoreTest, WithoutAKeychainSaysSoAndWritesNothing)
{
    if (keychainSession())
        GTEST_SKIP() << "runs without a D-Bus session";
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv("DISPLAY");
    QSettings().clear();
    const QString secret = QStringLiteral("no-keychain-%1").arg(QCoreApplication::applicationPid());

    SecretStore store;
    std::optional<SecretStore::Result> written;
    store.write(QStringLiteral("test/A"), secret,
                [&](const SecretStore::Result& r) { written = r; });
    ASSERT_TRUE(QTest::qWaitFor([&] { return written.has_value(); }, kTimeoutMs));
    EXPECT_EQ(written->status, SecretStore::Result::Status::NoKeychain)
        << written->message.toStdString();
    EXPECT_TRUE(written->message.contains(QStringLiteral("no keychain available")))
        << written->message.toStdString();
    EXPECT_TRUE(written->message.contains(QStringLiteral("asked for it at connect")))
        << written->message.toStdString();

    // The dialog says so before it closes, and saves the pair without the passwords.
    MainWindow window;
    window.show();
    DeviceDialog* dialog = window.showDeviceDialog();
    ASSERT_NE(dialog, nullptr);
    dialog->setPair(makePair(QStringLiteral("NOKEY"), QString(), QString(),
                             QStringLiteral("192.0.2.1"), QStringLiteral("192.0.2.2")));
    dialog->setPassword(0, secret);
    ASSERT_TRUE(dialog->isInputValid()) << dialog->message().toStdString();
    dialog->saveButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->passwordsUnsaved(); }, kTimeoutMs));
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_TRUE(dialog->message().contains(QStringLiteral("no keychain available")))
        << dialog->message().toStdString();
    EXPECT_EQ(dialog->saveButton()->text(), QStringLiteral("Save Without Passwords"));
    dialog->saveButton()->click();
    ASSERT_EQ(window.inventory()->pairs().size(), 1);
    window.close();

    const QStringList files = filesTheAppMayWrite();
    EXPECT_TRUE(files.contains(InventoryModel::defaultFile()))
        << files.join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(filesHolding(files, secret), QStringList());
}

TEST(KeychainTest, StoresAPasswordAndReadsItBackInAFreshStore)
{
    if (!keychainSession())
        GTEST_SKIP()
            << "needs dbus-run-session and gnome-keyring-daemon (ctest: tandem-test-app.Keychain)";
    const QString service =
        QStringLiteral("tandem-test-%1").arg(QCoreApplication::applicationPid());
    const QString secret = QStringLiteral("s3cret-%1").arg(QCoreApplication::applicationPid());
    std::optional<SecretStore::Result> result;
    auto wait = [&] {
        const bool done = QTest::qWaitFor([&] { return result.has_value(); }, kTimeoutMs);
        return done ? std::exchange(result, std::nullopt) : std::optional<SecretStore::Result>{};
    };
    {
        SecretStore writer(service);
        writer.write(QStringLiteral("pair/A"), secret,
                     [&](const SecretStore::Result& r) { result = r; });
        const auto written = wait();
        ASSERT_TRUE(written.has_value());
        ASSERT_TRUE(written->ok()) << written->message.toStdString();
    }
    SecretStore reader(service);
    reader.read(QStringLiteral("pair/A"), [&](const SecretStore::Result& r) { result = r; });
    auto read = wait();
    ASSERT_TRUE(read.has_value());
    ASSERT_TRUE(read->ok()) << read->message.toStdString();
    EXPECT_EQ(read->secret, secret);

    reader.remove(QStringLiteral("pair/A"), [&](const SecretStore::Result& r) { result = r; });
    const auto removed = wait();
    ASSERT_TRUE(removed.has_value());
    EXPECT_TRUE(removed->ok()) << removed->message.toStdString();
    reader.read(QStringLiteral("pair/A"), [&](const SecretStore::Result& r) { result = r; });
    read = wait();
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->status, SecretStore::Result::Status::NotFound);
    EXPECT_EQ(filesHolding(filesTheAppMayWrite(), secret), QStringList());
}

// A lab pair per test, and the real main window connecting to it through the inventory.
class InventoryLabTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QSettings().clear();
        QFile::remove(InventoryModel::defaultFile());
        ASSERT_TRUE(m_dir.isValid());
        const ProcessResult up =
            tandemctl({QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dir"),
                       m_dir.path(), QStringLiteral("--base"), test::randomLoopbackBase()});
        ASSERT_TRUE(up.finished) << up.err.toStdString();
        ASSERT_EQ(up.exitCode, 0) << up.out.toStdString() << up.err.toStdString();
        QString error;
        const auto lab = client::LabDescription::load(m_dir.path(), &error);
        ASSERT_TRUE(lab.has_value()) << error.toStdString();
        m_lab = *lab;
        m_tls = !m_lab.devices[0].fingerprint.isEmpty();

        m_window = std::make_unique<MainWindow>();
        m_window->setFingerprintDecision([this](const FingerprintRequest& request) {
            m_asked.append(request);
            return true;
        });
        // Passwords the keychain does not have are asked; the test answers from lab.json.
        m_window->setPasswordPrompt(
            [this](const QString& device, const QString&) -> std::optional<QString> {
                m_prompts.append(device);
                return m_lab.devices[device.contains(m_lab.devices[1].name) ? 1 : 0].password;
            });
        m_window->show();
    }

    void TearDown() override
    {
        m_window.reset();
        if (QFile::exists(client::labJsonPath(m_dir.path())))
            tandemctl({QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"),
                       m_dir.path()});
    }

    // The lab's devices as the user would enter them: nothing pinned yet.
    InventoryPair labPair() const
    {
        InventoryPair p;
        p.name = QStringLiteral("Lab pair");
        p.folder = QStringLiteral("Test");
        p.description = QStringLiteral("the test's own lab");
        for (int side = 0; side < 2; ++side) {
            const client::LabDevice& lab = m_lab.devices[side];
            InventoryDevice& d = p.devices[size_t(side)];
            d.name = lab.name;
            d.transport = m_tls ? Transport::Tls : Transport::Tcp;
            d.host = lab.address;
            d.port = lab.port;
            d.user = lab.user;
        }
        return p;
    }

    PairView* pair() const { return m_window->pairView(); }

    // Adds `line` to the tandem-agent section of one lab device's running configuration.
    void addManagementUser(int side, const QString& line)
    {
        const client::LabDevice& lab = m_lab.devices[side];
        QFile config(lab.configPath);
        ASSERT_TRUE(config.open(QIODevice::ReadOnly)) << lab.configPath.toStdString();
        QString text = QString::fromUtf8(config.readAll());
        text.replace(
            QRegularExpression(QStringLiteral("( management user admin role admin[^\\n]*\\n)")),
            QStringLiteral("\\1 %1\n").arg(line));
        const QString edited =
            m_dir.filePath(QStringLiteral("%1-%2.cfg").arg(lab.name).arg(++m_edits));
        QFile out(edited);
        ASSERT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(text.toUtf8());
        out.close();
        const ProcessResult commit = tandemctl({QStringLiteral("config"), QStringLiteral("commit"),
                                                edited, QStringLiteral("--lab"), m_dir.path(),
                                                QStringLiteral("--device"), lab.name});
        ASSERT_EQ(commit.exitCode, 0) << commit.out.toStdString() << commit.err.toStdString();
    }

    QString slgCell(int column) const
    {
        if (!pair())
            return {};
        const ServiceLocationModel* model = pair()->serviceLocationModel();
        const int row = model->rowOf(kSlg);
        return row < 0 ? QString() : model->index(row, column).data().toString();
    }

    bool waitForRoles(const QString& roleA, const QString& roleB) const
    {
        return QTest::qWaitFor(
            [&] {
                return slgCell(ServiceLocationModel::RoleA) == roleA &&
                       slgCell(ServiceLocationModel::RoleB) == roleB;
            },
            kTimeoutMs);
    }

    std::string shown() const
    {
        return QStringLiteral("roles '%1' / '%2'; %3")
            .arg(slgCell(ServiceLocationModel::RoleA), slgCell(ServiceLocationModel::RoleB),
                 pair() ? pair()->connectionSummary() : QStringLiteral("no pair open"))
            .toStdString();
    }

    QTemporaryDir m_dir;
    client::LabDescription m_lab;
    bool m_tls = false;
    std::unique_ptr<MainWindow> m_window;
    QList<FingerprintRequest> m_asked;
    QStringList m_prompts;
    int m_edits = 0;
};

TEST_F(InventoryLabTest, AddedPairConnectsPinsTheAcceptedKeysAndShowsTheTrueRoles)
{
    // Added through the dialog, as a user would.
    DeviceDialog* dialog = m_window->showDeviceDialog();
    InventoryPair entered = labPair();
    auto field = [dialog](const char* name) {
        return dialog->findChild<QLineEdit*>(QLatin1String(name));
    };
    field("pairName")->setText(entered.name);
    dialog->findChild<QComboBox*>()->setCurrentText(entered.folder);
    for (int side = 0; side < 2; ++side) {
        const QString p = side == 0 ? QStringLiteral("a") : QStringLiteral("b");
        const InventoryDevice& d = entered.devices[size_t(side)];
        dialog->findChild<QLineEdit*>(p + QStringLiteral("Name"))->setText(d.name);
        dialog->findChild<QLineEdit*>(p + QStringLiteral("Host"))->setText(d.host);
        dialog->findChild<QLineEdit*>(p + QStringLiteral("Port"))->setText(QString::number(d.port));
        dialog->findChild<QLineEdit*>(p + QStringLiteral("User"))->setText(d.user);
    }
    // A bad host and a port out of range are named before anything is saved.
    field("aHost")->setText(QStringLiteral("cgn a.example"));
    EXPECT_FALSE(dialog->saveButton()->isEnabled());
    EXPECT_TRUE(dialog->message().contains(QStringLiteral("not an IP address or host name")))
        << dialog->message().toStdString();
    field("aHost")->setText(entered.devices[0].host);
    field("bPort")->setText(QStringLiteral("70000"));
    EXPECT_TRUE(dialog->message().contains(QStringLiteral("1 to 65535")))
        << dialog->message().toStdString();
    field("bPort")->setText(QString::number(entered.devices[1].port));
    ASSERT_TRUE(dialog->saveButton()->isEnabled()) << dialog->message().toStdString();
    field("aPassword")->setText(m_lab.devices[0].password);
    dialog->saveButton()->click();
    // With a keychain the dialog closes; without one it says so and saves on a second click.
    QPointer<DeviceDialog> open = dialog;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return !open || !open->isVisible() || open->passwordsUnsaved(); }, kTimeoutMs));
    if (open && open->isVisible())
        open->saveButton()->click();
    ASSERT_EQ(m_window->inventory()->pairs().size(), 1);
    InventoryPair added = m_window->inventory()->pairs().first();
    EXPECT_EQ(added.devices[0].transport, Transport::Tls);
    if (!m_tls) {
        added.devices[0].transport = added.devices[1].transport = Transport::Tcp;
        m_window->inventory()->updatePair(added);
    }

    m_window->connectPair(added.id);
    ASSERT_TRUE(QTest::qWaitFor([&] { return pair() != nullptr; }, kTimeoutMs));
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    EXPECT_EQ(m_window->openPairId(), added.id);
    // Device A's password came from the dialog (keychain or memory); B's was asked.
    EXPECT_EQ(m_prompts.size(), 1) << m_prompts.join(QLatin1Char('|')).toStdString();
    EXPECT_TRUE(m_prompts.value(0).contains(QStringLiteral("CGN-B")))
        << m_prompts.join(QLatin1Char('|')).toStdString();
    for (int side = 0; side < 2; ++side) {
        EXPECT_EQ(m_window->inventory()->connectionState(added.id, side),
                  client::AgentClient::State::Connected);
        const QModelIndex device = m_window->inventory()->index(
            side, InventoryModel::State, m_window->inventory()->indexOfPair(added.id));
        EXPECT_EQ(device.data().toString(), QStringLiteral("Connected"));
    }
    if (m_tls) {
        ASSERT_EQ(m_asked.size(), 2);
        QSet<QString> askedFor;
        for (const FingerprintRequest& r : m_asked) {
            const int side = r.device == m_lab.devices[0].name ? 0 : 1;
            askedFor.insert(r.device);
            EXPECT_EQ(r.fingerprint, m_lab.devices[side].fingerprint);
            EXPECT_FALSE(r.sshHostKey);
            EXPECT_EQ(
                m_window->inventory()->pair(added.id)->devices[size_t(side)].pinnedFingerprint,
                m_lab.devices[side].fingerprint);
        }
        EXPECT_EQ(askedFor.size(), 2);
    }

    // Disconnect and connect again: the pins hold, nothing is asked twice.
    m_window->disconnectPair();
    EXPECT_EQ(pair(), nullptr);
    EXPECT_EQ(m_window->inventory()->connectionState(added.id, 0),
              client::AgentClient::State::Disconnected);
    m_window->connectPair(added.id);
    ASSERT_TRUE(QTest::qWaitFor([&] { return pair() != nullptr; }, kTimeoutMs));
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    EXPECT_EQ(m_asked.size(), m_tls ? 2 : 0);
    EXPECT_EQ(m_prompts.size(), 1);

    m_window->close();
    m_window.reset();
    const QStringList files = filesTheAppMayWrite();
    ASSERT_TRUE(files.contains(InventoryModel::defaultFile()))
        << files.join(QLatin1Char('\n')).toStdString();
    QFile inventory(InventoryModel::defaultFile());
    ASSERT_TRUE(inventory.open(QIODevice::ReadOnly));
    const QByteArray json = inventory.readAll();
    EXPECT_TRUE(json.contains("Lab pair"));
    if (m_tls) {
        EXPECT_TRUE(json.contains(m_lab.devices[1].fingerprint.toUtf8()));
    }
    for (const client::LabDevice& d : m_lab.devices)
        EXPECT_EQ(filesHolding(files, d.password), QStringList())
            << "password of " << d.name.toStdString();
}

TEST_F(InventoryLabTest, RefusesAChangedKeyAndExplainsThatKeysArePinnedPerDevice)
{
    if (!m_tls)
        GTEST_SKIP() << "the lab speaks plain TCP: no key to pin";
    InventoryPair p = labPair();
    const QString stale = QStringLiteral("SHA256:") + QString(43, QLatin1Char('A'));
    p.devices[0].pinnedFingerprint = stale;
    p.devices[1].pinnedFingerprint = m_lab.devices[1].fingerprint;
    const QString id = m_window->inventory()->addPair(p);

    m_window->connectPair(id);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return m_window->pinMismatchMessage() != nullptr; }, kTimeoutMs))
        << shown();
    const QMessageBox* box = m_window->pinMismatchMessage();
    EXPECT_TRUE(box->text().contains(QStringLiteral("CGN-A"))) << box->text().toStdString();
    EXPECT_TRUE(box->informativeText().contains(QStringLiteral("Expected: ") + stale))
        << box->informativeText().toStdString();
    EXPECT_TRUE(
        box->informativeText().contains(QStringLiteral("Got: ") + m_lab.devices[0].fingerprint))
        << box->informativeText().toStdString();
    EXPECT_TRUE(
        box->informativeText().contains(QStringLiteral("pinned per device, never per virtual IP")))
        << box->informativeText().toStdString();
    EXPECT_TRUE(m_asked.isEmpty());

    // CGN-B, pinned right, connects; CGN-A stays refused (no retry can make its key right).
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return m_window->inventory()->connectionState(id, 1) ==
                   client::AgentClient::State::Connected;
        },
        kTimeoutMs))
        << shown();
    QTest::qWait(1500);
    EXPECT_EQ(m_window->inventory()->connectionState(id, 0),
              client::AgentClient::State::Disconnected);
    EXPECT_EQ(m_window->inventory()->pair(id)->devices[0].pinnedFingerprint, stale);
    EXPECT_EQ(slgCell(ServiceLocationModel::RoleA), QStringLiteral("disconnected")) << shown();
}

TEST_F(InventoryLabTest, OpeningALabListsItInTheInventoryWithItsPinsButNoPassword)
{
    QString error;
    ASSERT_TRUE(m_window->openLab(m_dir.path(), &error)) << error.toStdString();
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    const QString id =
        m_window->inventory()->pairIdForLab(QFileInfo(m_dir.path()).absoluteFilePath());
    ASSERT_FALSE(id.isEmpty());
    EXPECT_EQ(m_window->openPairId(), id);
    EXPECT_EQ(m_window->inventory()->pair(id)->devices[0].pinnedFingerprint,
              m_lab.devices[0].fingerprint);
    EXPECT_TRUE(m_prompts.isEmpty());
    EXPECT_TRUE(m_asked.isEmpty());
    EXPECT_EQ(m_window->inventory()->connectionState(id, 0), client::AgentClient::State::Connected);
    // Opening it again refreshes the entry instead of adding one.
    ASSERT_TRUE(m_window->openLab(m_dir.path(), &error)) << error.toStdString();
    EXPECT_EQ(m_window->inventory()->pairs().size(), 1);

    // The lab's actions: drill only because the agent says lab; alarms can be acknowledged.
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return pair() && pair()->drillAction()->isEnabled(); }, kTimeoutMs))
        << shown();
    EXPECT_TRUE(pair()->switchoverAction()->isEnabled());
    m_window->close();
    m_window.reset();
    for (const client::LabDevice& d : m_lab.devices)
        EXPECT_EQ(filesHolding(filesTheAppMayWrite(), d.password), QStringList())
            << d.name.toStdString();
}

TEST_F(InventoryLabTest, AViewerSeesThePairButItsActionsAreDisabled)
{
    const QString password =
        QStringLiteral("viewer-secret-%1").arg(QCoreApplication::applicationPid());
    const ProcessResult hash = test::runProcess(test::binary(QStringLiteral("tandem-agent")),
                                                {QStringLiteral("hash-password")}, 30000,
                                                (password + QLatin1Char('\n')).toUtf8());
    ASSERT_EQ(hash.exitCode, 0) << hash.err.toStdString();
    for (int side = 0; side < 2; ++side)
        ASSERT_NO_FATAL_FAILURE(addManagementUser(
            side, QStringLiteral("management user watcher role viewer password-hash %1")
                      .arg(hash.out.trimmed())));
    InventoryPair p = labPair();
    for (int side = 0; side < 2; ++side) {
        p.devices[size_t(side)].user = QStringLiteral("watcher");
        p.devices[size_t(side)].pinnedFingerprint = m_lab.devices[side].fingerprint;
    }
    m_window->setPasswordPrompt(
        [&](const QString&, const QString&) -> std::optional<QString> { return password; });
    const QString id = m_window->inventory()->addPair(p);
    m_window->connectPair(id);
    ASSERT_TRUE(QTest::qWaitFor([&] { return pair() != nullptr; }, kTimeoutMs));
    ASSERT_TRUE(waitForRoles(QStringLiteral("master"), QStringLiteral("slave"))) << shown();
    EXPECT_EQ(
        pair()->deviceMonitor(0)->client().helloResult().value(QStringLiteral("role")).toString(),
        QStringLiteral("viewer"));
    for (QAction* action :
         {pair()->switchoverAction(), pair()->batchBackupAction(), pair()->drillAction()}) {
        EXPECT_FALSE(action->isEnabled()) << action->text().toStdString();
        EXPECT_TRUE(action->toolTip().contains(QStringLiteral("your role")))
            << action->toolTip().toStdString();
    }
    pair()->eventLog()->append(EventLogModel::Severity::Error, QStringLiteral("CGN-A"),
                               QStringLiteral("alarm"));
    EXPECT_FALSE(pair()->acknowledgeAlarmsAction()->isEnabled());
}

TEST_F(InventoryLabTest, ConnectsOverSshAskingEachDevicesHostKeyOnce)
{
    // Each lab agent learns the OS user (the SSH login its bridge runs as); then an sshd per
    // device runs `tandem-agent bridge` to that agent's unix socket.
    std::array<std::unique_ptr<test::SshServer>, 2> sshd;
    InventoryPair p = labPair();
    p.name = QStringLiteral("Lab over SSH");
    for (int side = 0; side < 2; ++side) {
        const client::LabDevice& lab = m_lab.devices[side];
        ASSERT_NO_FATAL_FAILURE(addManagementUser(
            side, QStringLiteral("management user %1 role operator").arg(test::SshServer::user())));
        sshd[size_t(side)] = std::make_unique<test::SshServer>();
        test::SshServer::Options options;
        options.subsystemCommand =
            QStringLiteral("%1 bridge --config %2")
                .arg(test::binary(QStringLiteral("tandem-agent")), lab.configPath);
        QString error;
        ASSERT_TRUE(sshd[size_t(side)]->start(options, &error)) << error.toStdString();
        InventoryDevice& d = p.devices[size_t(side)];
        d.transport = Transport::Ssh;
        d.host = sshd[size_t(side)]->host();
        d.port = sshd[size_t(side)]->port();
        d.user = test::SshServer::user();
        d.auth = InventoryDevice::Auth::KeyFile;
        d.keyFile = sshd[size_t(side)]->clientKeyPath();
    }
    const QString id = m_window->inventory()->addPair(p);

    m_window->connectPair(id);
    ASSERT_TRUE(QTest::qWaitFor([&] { return pair() != nullptr; }, kTimeoutMs));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return slgCell(ServiceLocationModel::RoleA) == QLatin1String("master") &&
                   slgCell(ServiceLocationModel::RoleB) == QLatin1String("slave");
        },
        3 * kTimeoutMs))
        << shown() << sshd[0]->log().toStdString();
    EXPECT_TRUE(m_prompts.isEmpty()) << m_prompts.join(QLatin1Char('|')).toStdString();
    ASSERT_EQ(m_asked.size(), 2);
    for (const FingerprintRequest& r : m_asked) {
        const int side = r.device == m_lab.devices[0].name ? 0 : 1;
        EXPECT_TRUE(r.sshHostKey);
        EXPECT_EQ(r.fingerprint, sshd[size_t(side)]->hostKeyFingerprint());
        EXPECT_EQ(m_window->inventory()->pair(id)->devices[size_t(side)].pinnedFingerprint,
                  r.fingerprint);
        // Each device's key sits in a known_hosts of its own.
        QFile knownHosts(m_window->inventory()->pair(id)->defaultKnownHostsFile(side));
        ASSERT_TRUE(knownHosts.open(QIODevice::ReadOnly)) << knownHosts.fileName().toStdString();
        EXPECT_EQ(QString::fromUtf8(knownHosts.readAll()).trimmed().count(QLatin1Char('\n')), 0);
    }
    // The operator role of the SSH user allows the switchover.
    EXPECT_TRUE(
        QTest::qWaitFor([&] { return pair()->switchoverAction()->isEnabled(); }, kTimeoutMs));

    m_window->disconnectPair();
    m_window->connectPair(id);
    ASSERT_TRUE(QTest::qWaitFor([&] { return pair() && pair()->isLive(); }, 3 * kTimeoutMs))
        << shown();
    EXPECT_EQ(m_asked.size(), 2);
}

} // namespace
} // namespace tandem::gui
