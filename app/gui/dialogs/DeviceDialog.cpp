#include "DeviceDialog.h"

#include "utils/ColorUtils.h"
#include "utils/SecretStore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QUuid>
#include <QVBoxLayout>
#include <memory>

namespace tandem::gui {

using Transport = client::Endpoint::Transport;
using Auth = InventoryDevice::Auth;

namespace {

bool isValidHost(const QString& host)
{
    if (!QHostAddress(host).isNull())
        return true;
    static const QRegularExpression name(QStringLiteral(
        R"(^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$)"));
    return name.match(host).hasMatch();
}

QString sideName(int side)
{
    return side == 0 ? DeviceDialog::tr("Device A") : DeviceDialog::tr("Device B");
}

} // namespace

DeviceDialog::DeviceDialog(const QStringList& folders, SecretStore* secrets, QWidget* parent)
    : QDialog(parent), m_secrets(secrets), m_name(new QLineEdit(this)),
      m_folder(new QComboBox(this)), m_description(new QLineEdit(this)),
      m_message(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("deviceDialog"));
    setWindowTitle(tr("Add Pair"));
    m_pair.id = QUuid::createUuid().toString(QUuid::WithoutBraces);

    m_name->setObjectName(QStringLiteral("pairName"));
    m_name->setPlaceholderText(tr("e.g. Berlin CGN pair 1 (default: the device names)"));
    m_folder->setEditable(true);
    m_folder->addItem(QString());
    m_folder->addItems(folders);
    m_folder->lineEdit()->setPlaceholderText(tr("none (top level)"));
    m_description->setPlaceholderText(tr("site, rack, contract… — the filter searches it"));

    auto* pairForm = new QFormLayout;
    pairForm->addRow(tr("&Name:"), m_name);
    pairForm->addRow(tr("&Folder:"), m_folder);
    pairForm->addRow(tr("D&escription:"), m_description);

    auto* devices = new QHBoxLayout;
    devices->addWidget(makeDeviceBox(0), 1);
    devices->addWidget(makeDeviceBox(1), 1);

    m_message->setObjectName(QStringLiteral("deviceDialogMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(pairForm);
    layout->addLayout(devices);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &DeviceDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &DeviceDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &DeviceDialog::validate);
    for (int side = 0; side < 2; ++side)
        updateFields(side);
    validate();
}

QWidget* DeviceDialog::makeDeviceBox(int side)
{
    DeviceFields& f = m_devices[size_t(side)];
    auto* box = new QGroupBox(sideName(side), this);
    const QString prefix = side == 0 ? QStringLiteral("a") : QStringLiteral("b");
    auto named = [&prefix](QWidget* w, const char* name) {
        w->setObjectName(prefix + QLatin1String(name));
        return w;
    };
    f.name = new QLineEdit(box);
    f.transport = new QComboBox(box);
    f.transport->addItem(tr("TLS (agent port)"), int(Transport::Tls));
    f.transport->addItem(tr("SSH (tandem subsystem)"), int(Transport::Ssh));
    f.host = new QLineEdit(box);
    f.port = new QLineEdit(box);
    f.user = new QLineEdit(box);
    f.auth = new QComboBox(box);
    f.auth->addItem(tr("Password"), int(Auth::Password));
    f.auth->addItem(tr("SSH key file"), int(Auth::KeyFile));
    f.auth->addItem(tr("ssh-agent"), int(Auth::SshAgent));
    f.keyFile = new QLineEdit(box);
    f.browse = new QPushButton(tr("Browse…"), box);
    f.password = new QLineEdit(box);
    f.password->setEchoMode(QLineEdit::Password);
    // Read-only but selectable and scrollable: a SHA256 fingerprint is wider than the field.
    f.pin = new QLineEdit(box);
    f.pin->setReadOnly(true);
    f.pin->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    f.pin->setPlaceholderText(tr("none yet: asked at first connect"));
    f.forgetPin = new QPushButton(tr("Forget Pin"), box);
    for (auto [w, n] : {std::pair<QWidget*, const char*>{f.name, "Name"},
                        {f.transport, "Transport"},
                        {f.host, "Host"},
                        {f.port, "Port"},
                        {f.user, "User"},
                        {f.auth, "Auth"},
                        {f.keyFile, "KeyFile"},
                        {f.password, "Password"},
                        {f.pin, "Pin"},
                        {f.forgetPin, "ForgetPin"}})
        named(w, n);
    // Wide enough for a host name and most of a fingerprint.
    const int fieldWidth = fontMetrics().averageCharWidth() * 38;
    f.host->setMinimumWidth(fieldWidth);
    f.pin->setMinimumWidth(fieldWidth);
    f.name->setPlaceholderText(side == 0 ? QStringLiteral("CGN-A") : QStringLiteral("CGN-B"));
    f.host->setPlaceholderText(tr("management address or host name"));
    f.user->setPlaceholderText(QStringLiteral("admin"));
    f.keyFile->setPlaceholderText(QStringLiteral("~/.ssh/id_ed25519"));

    auto* keyRow = new QHBoxLayout;
    keyRow->setContentsMargins(0, 0, 0, 0);
    keyRow->addWidget(f.keyFile, 1);
    keyRow->addWidget(f.browse);
    auto* pinRow = new QHBoxLayout;
    pinRow->setContentsMargins(0, 0, 0, 0);
    pinRow->addWidget(f.pin, 1);
    pinRow->addWidget(f.forgetPin);

    auto* form = new QFormLayout(box);
    form->addRow(tr("Name:"), f.name);
    form->addRow(tr("Transport:"), f.transport);
    form->addRow(tr("Host:"), f.host);
    form->addRow(tr("Port:"), f.port);
    form->addRow(tr("User:"), f.user);
    form->addRow(tr("Authentication:"), f.auth);
    form->addRow(tr("Key file:"), keyRow);
    form->addRow(tr("Password:"), f.password);
    form->addRow(tr("Pinned key:"), pinRow);

    connect(f.transport, &QComboBox::currentIndexChanged, this,
            [this, side] { onTransportChanged(side); });
    connect(f.auth, &QComboBox::currentIndexChanged, this, [this, side] {
        updateFields(side);
        validate();
    });
    for (QLineEdit* edit : {f.name, f.host, f.port, f.user, f.keyFile})
        connect(edit, &QLineEdit::textChanged, this, &DeviceDialog::validate);
    connect(f.browse, &QPushButton::clicked, this, [this, side] {
        DeviceFields& fields = m_devices[size_t(side)];
        const QString file = QFileDialog::getOpenFileName(
            this, tr("SSH private key for %1").arg(sideName(side)),
            fields.keyFile->text().isEmpty() ? QDir::home().filePath(QStringLiteral(".ssh"))
                                             : fields.keyFile->text());
        if (!file.isEmpty())
            fields.keyFile->setText(file);
    });
    connect(f.forgetPin, &QPushButton::clicked, this, [this, side] {
        m_devices[size_t(side)].pinnedFingerprint.clear();
        updateFields(side);
    });
    return box;
}

void DeviceDialog::onTransportChanged(int side)
{
    DeviceFields& f = m_devices[size_t(side)];
    const auto transport = Transport(f.transport->currentData().toInt());
    // A default port follows the transport; a port the user typed stays.
    const QString oldDefault = QString::number(InventoryDevice::defaultPort(f.lastTransport));
    if (f.port->text().isEmpty() || f.port->text() == oldDefault)
        f.port->setText(QString::number(InventoryDevice::defaultPort(transport)));
    // The key of the other transport is not this one's.
    if (transport != f.lastTransport)
        f.pinnedFingerprint.clear();
    f.lastTransport = transport;
    updateFields(side);
    validate();
}

void DeviceDialog::updateFields(int side)
{
    DeviceFields& f = m_devices[size_t(side)];
    const bool ssh = Transport(f.transport->currentData().toInt()) == Transport::Ssh;
    // TLS authenticates with the agent's password only.
    auto* authModel = qobject_cast<QStandardItemModel*>(f.auth->model());
    for (int row = 1; row < f.auth->count(); ++row)
        authModel->item(row)->setEnabled(ssh);
    if (!ssh && f.auth->currentIndex() != 0)
        f.auth->setCurrentIndex(0);
    const auto auth = Auth(f.auth->currentData().toInt());
    f.keyFile->setEnabled(auth == Auth::KeyFile);
    f.browse->setEnabled(auth == Auth::KeyFile);
    const bool lab = !m_pair.labDirectory.isEmpty();
    f.password->setEnabled(!lab && auth != Auth::SshAgent);
    f.password->setPlaceholderText(lab ? tr("read from lab.json")
                                   : auth == Auth::KeyFile
                                       ? tr("SSH password, if the device also wants one")
                                   : m_editing ? tr("empty: keep the saved one")
                                               : tr("kept in the keychain, never in a file"));
    f.pin->setText(f.pinnedFingerprint);
    f.pin->setCursorPosition(0);
    f.pin->setToolTip(f.pinnedFingerprint);
    f.forgetPin->setEnabled(!f.pinnedFingerprint.isEmpty());
    f.forgetPin->setToolTip(
        tr("Use after the device was reinstalled: the next connect shows its new "
           "%1 for you to accept")
            .arg(ssh ? tr("host key") : tr("certificate")));
}

QString DeviceDialog::validationError() const
{
    for (int side = 0; side < 2; ++side) {
        const DeviceFields& f = m_devices[size_t(side)];
        const QString who = sideName(side);
        if (f.name->text().trimmed().isEmpty())
            return tr("%1: enter the device's name").arg(who);
        const QString host = f.host->text().trimmed();
        if (host.isEmpty())
            return tr("%1: enter the host (management address or host name)").arg(who);
        if (!isValidHost(host))
            return tr("%1: '%2' is not an IP address or host name").arg(who, host);
        bool ok = false;
        const int port = f.port->text().trimmed().toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return tr("%1: the port must be a number from 1 to 65535").arg(who);
        if (f.user->text().trimmed().isEmpty() &&
            Auth(f.auth->currentData().toInt()) != Auth::SshAgent)
            return tr("%1: enter the user").arg(who);
        if (Auth(f.auth->currentData().toInt()) == Auth::KeyFile &&
            f.keyFile->text().trimmed().isEmpty())
            return tr("%1: choose the SSH key file").arg(who);
    }
    if (m_devices[0].name->text().trimmed() == m_devices[1].name->text().trimmed())
        return tr("the two devices need different names");
    return {};
}

bool DeviceDialog::isInputValid() const
{
    return validationError().isEmpty();
}

void DeviceDialog::validate()
{
    const QString error = validationError();
    saveButton()->setEnabled(error.isEmpty() && !m_storing);
    if (!m_passwordsUnsaved)
        showMessage(error, true);
}

void DeviceDialog::showMessage(const QString& text, bool warning)
{
    m_message->setText(text);
    QPalette p = m_message->palette();
    p.setColor(QPalette::WindowText, warning ? ColorUtils::foreground(ColorUtils::Tone::Fault)
                                             : palette().color(QPalette::WindowText));
    m_message->setPalette(p);
    m_message->setVisible(!text.isEmpty());
}

QString DeviceDialog::message() const
{
    return m_message->text();
}

QPushButton* DeviceDialog::saveButton() const
{
    return m_buttons->button(QDialogButtonBox::Save);
}

void DeviceDialog::setPair(const InventoryPair& pair)
{
    // A pair without an id is a new one with some fields filled: it keeps the id made above.
    const QString id = pair.id.isEmpty() ? m_pair.id : pair.id;
    m_editing = !pair.id.isEmpty();
    m_pair = pair;
    m_pair.id = id;
    if (m_editing)
        setWindowTitle(tr("Edit Pair — %1").arg(pair.title()));
    m_name->setText(pair.name);
    m_folder->setCurrentText(pair.folder);
    m_description->setText(pair.description);
    for (int side = 0; side < 2; ++side) {
        const InventoryDevice& d = pair.devices[size_t(side)];
        DeviceFields& f = m_devices[size_t(side)];
        f.name->setText(d.name);
        // A lab's plain-TCP device shows as TLS: the dialog offers no plain transport.
        f.lastTransport = d.transport == Transport::Ssh ? Transport::Ssh : Transport::Tls;
        f.transport->setCurrentIndex(f.transport->findData(int(f.lastTransport)));
        f.host->setText(d.host);
        f.port->setText(QString::number(d.port));
        f.user->setText(d.user);
        f.auth->setCurrentIndex(f.auth->findData(int(d.auth)));
        f.keyFile->setText(d.keyFile);
        f.pinnedFingerprint = d.pinnedFingerprint;
        f.knownHostsFile = d.knownHostsFile;
        updateFields(side);
    }
    validate();
}

InventoryPair DeviceDialog::pair() const
{
    InventoryPair p = m_pair;
    p.name = m_name->text().trimmed();
    p.folder = m_folder->currentText().trimmed();
    p.description = m_description->text().trimmed();
    for (int side = 0; side < 2; ++side) {
        const DeviceFields& f = m_devices[size_t(side)];
        InventoryDevice& d = p.devices[size_t(side)];
        d.name = f.name->text().trimmed();
        const auto transport = Transport(f.transport->currentData().toInt());
        // Unchanged lab devices keep their transport (plain TCP when the lab has no TLS).
        if (!(m_editing && d.transport == Transport::Tcp && transport == Transport::Tls))
            d.transport = transport;
        d.host = f.host->text().trimmed();
        d.port = quint16(f.port->text().trimmed().toUInt());
        d.user = f.user->text().trimmed();
        d.auth = Auth(f.auth->currentData().toInt());
        d.keyFile = d.auth == Auth::KeyFile ? f.keyFile->text().trimmed() : QString();
        d.pinnedFingerprint = f.pinnedFingerprint;
        d.knownHostsFile = f.knownHostsFile;
    }
    return p;
}

void DeviceDialog::setPassword(int side, const QString& password)
{
    m_devices[size_t(side)].password->setText(password);
}

QString DeviceDialog::password(int side) const
{
    return m_devices[size_t(side)].password->text();
}

void DeviceDialog::accept()
{
    if (!isInputValid() || m_storing)
        return;
    const bool anyPassword = !password(0).isEmpty() || !password(1).isEmpty();
    // Second press after the keychain failed: save the rest, the passwords stay in memory.
    if (!anyPassword || m_passwordsUnsaved || !m_secrets) {
        m_passwordsUnsaved = m_passwordsUnsaved || (anyPassword && !m_secrets);
        QDialog::accept();
        return;
    }
    storePasswords();
}

void DeviceDialog::storePasswords()
{
    m_storing = true;
    validate();
    showMessage(tr("Saving the passwords in the keychain…"), false);
    struct Outcome
    {
        int pending = 0;
        QStringList failures;
    };
    auto outcome = std::make_shared<Outcome>();
    const InventoryPair p = pair();
    for (int side = 0; side < 2; ++side)
        if (!password(side).isEmpty())
            ++outcome->pending;
    for (int side = 0; side < 2; ++side) {
        if (password(side).isEmpty())
            continue;
        m_secrets->write(
            p.secretKey(side), password(side), [this, outcome](const SecretStore::Result& r) {
                if (!r.ok() && !outcome->failures.contains(r.message))
                    outcome->failures.append(r.message);
                if (--outcome->pending > 0)
                    return;
                m_storing = false;
                if (outcome->failures.isEmpty()) {
                    QDialog::accept();
                    return;
                }
                // Say so before closing: the user must know the password will be asked again.
                m_passwordsUnsaved = true;
                showMessage(tr("The passwords were not saved. %1.\nSave the pair without them: "
                               "Tandem keeps them in memory until it quits and asks for them at "
                               "the next connect after that.")
                                .arg(outcome->failures.join(QStringLiteral("; "))),
                            true);
                saveButton()->setText(tr("Save Without Passwords"));
                validate();
            });
    }
}

} // namespace tandem::gui
