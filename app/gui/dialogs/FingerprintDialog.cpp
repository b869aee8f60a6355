#include "FingerprintDialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace tandem::gui {

FingerprintDialog::FingerprintDialog(const FingerprintRequest& request, QWidget* parent)
    : QDialog(parent), m_request(request)
{
    setObjectName(QStringLiteral("fingerprintDialog"));
    const QString what = request.sshHostKey ? tr("SSH host key") : tr("TLS certificate");
    setWindowTitle(tr("New %1 — %2").arg(what, request.device));

    auto* intro =
        new QLabel(tr("<b>%1</b> (%2) presents a %3 Tandem has not seen for this device.")
                       .arg(request.device.toHtmlEscaped(), request.address.toHtmlEscaped(), what),
                   this);
    intro->setWordWrap(true);
    auto* fingerprint = new QLabel(request.fingerprint, this);
    fingerprint->setObjectName(QStringLiteral("fingerprint"));
    fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* how =
        new QLabel(request.sshHostKey ? tr("Compare it with <code>ssh-keygen -lf "
                                           "/etc/ssh/ssh_host_ed25519_key.pub</code> on the "
                                           "device's console. Accept only if they are the same.")
                                      : tr("Compare it with <code>tandem-agent --config FILE "
                                           "--fingerprint</code> on the device's "
                                           "console. Accept only if they are the same."),
                   this);
    how->setWordWrap(true);
    auto* pinned =
        new QLabel(tr("Accepted, it is pinned on this device (never on a virtual IP, which "
                      "moves between the devices of a pair); a different key later is "
                      "refused."),
                   this);
    pinned->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_accept = buttons->addButton(tr("Accept and Connect"), QDialogButtonBox::AcceptRole);
    m_accept->setObjectName(QStringLiteral("acceptFingerprint"));
    // Accepting must be a decision, not a reflex on Enter.
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addWidget(fingerprint);
    layout->addSpacing(6);
    layout->addWidget(how);
    layout->addWidget(pinned);
    layout->addWidget(buttons);
}

} // namespace tandem::gui
