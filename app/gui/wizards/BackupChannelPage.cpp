#include "BackupChannelPage.h"

#include "HotBackupWizard.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tandem::gui {

namespace {

config::PlanDevice& deviceOf(config::PairPlan& plan, int side)
{
    return side == 0 ? plan.a : plan.b;
}

} // namespace

BackupChannelPage::BackupChannelPage(HotBackupWizard* wizard)
    : PlanPage(wizard, {QStringLiteral("remoteBackupService")})
{
    setTitle(tr("Backup channel"));
    setSubTitle(tr("The link the sessions are copied over. Each device's peer is the other "
                   "column: what you type for one is what the other connects to."));
    auto* layout = new QVBoxLayout(this);
    auto* sides = new QHBoxLayout;
    layout->addLayout(sides);
    for (int side = 0; side < 2; ++side) {
        const QString key = side == 0 ? QStringLiteral("a") : QStringLiteral("b");
        auto* box = new QGroupBox;
        auto* form = new QFormLayout(box);
        box->setTitle(wizard->deviceName(side));
        addText(form, key + QStringLiteral(".channelInterface"), tr("Interface"),
                [side](const config::PairPlan& p) { return p.device(config::Side(side)).channelInterface; },
                [side](config::PairPlan& p, std::string v) { deviceOf(p, side).channelInterface = std::move(v); });
        addAddress(form, key + QStringLiteral(".channelAddress"), tr("Address"),
                   [side](const config::PairPlan& p) { return p.device(config::Side(side)).channelAddress; },
                   [side](config::PairPlan& p, config::Ipv4Address v) { deviceOf(p, side).channelAddress = v; });
        addSpin(form, key + QStringLiteral(".channelPrefixLength"), tr("Prefix length"), 0, 32,
                [side](const config::PairPlan& p) { return p.device(config::Side(side)).channelPrefixLength; },
                [side](config::PairPlan& p, int v) { deviceOf(p, side).channelPrefixLength = v; });
        addText(form, key + QStringLiteral(".uplinkInterface"), tr("Uplink (tracked)"),
                [side](const config::PairPlan& p) { return p.device(config::Side(side)).uplinkInterface; },
                [side](config::PairPlan& p, std::string v) { deviceOf(p, side).uplinkInterface = std::move(v); });
        m_peers[std::size_t(side)] = new QLabel;
        m_peers[std::size_t(side)]->setObjectName(key + QStringLiteral(".peerShown"));
        form->addRow(tr("Peer"), m_peers[std::size_t(side)]);
        sides->addWidget(box);
    }
    auto* rbs = new QGroupBox(tr("Remote backup service (both devices)"));
    auto* form = new QFormLayout(rbs);
    addText(form, QStringLiteral("remoteBackupService.name"), tr("Name"),
            [](const config::PairPlan& p) { return p.remoteBackupService.name; },
            [](config::PairPlan& p, std::string v) { p.remoteBackupService.name = std::move(v); });
    addSpin(form, QStringLiteral("remoteBackupService.port"), tr("Port"), 0, 65535,
            [](const config::PairPlan& p) { return p.remoteBackupService.port; },
            [](config::PairPlan& p, int v) { p.remoteBackupService.port = v; });
    QLineEdit* key = addText(
        form, QStringLiteral("remoteBackupService.authenticationKey"), tr("Authentication key"),
        [](const config::PairPlan& p) { return p.remoteBackupService.authenticationKey; },
        [](config::PairPlan& p, std::string v) { p.remoteBackupService.authenticationKey = std::move(v); });
    key->setEchoMode(QLineEdit::Password);
    key->setPlaceholderText(tr("8-16 characters; empty: none"));
    layout->addWidget(rbs);
    layout->addStretch();
    connect(wizard, &HotBackupWizard::planChanged, this, &BackupChannelPage::showPeers);
}

void BackupChannelPage::initializePage()
{
    PlanPage::initializePage();
    showPeers();
}

void BackupChannelPage::showPeers()
{
    const config::PairPlan& plan = planWizard()->plan();
    for (int side = 0; side < 2; ++side) {
        const config::PlanDevice& peer = plan.device(side == 0 ? config::Side::B : config::Side::A);
        const QString address = peer.channelAddress.value == 0
                                    ? tr("(not set)")
                                    : QString::fromStdString(peer.channelAddress.toString());
        m_peers[std::size_t(side)]->setText(
            tr("%1 on %2").arg(address, planWizard()->deviceName(1 - side)));
    }
}

} // namespace tandem::gui
