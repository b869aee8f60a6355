#include "ModePage.h"

#include "HotBackupWizard.h"
#include "ModePicture.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

namespace tandem::gui {

ModePage::ModePage(HotBackupWizard* wizard)
    : PlanPage(wizard, {QStringLiteral("mode")}),
      m_oneToOne(new QRadioButton(tr("1:1 — one device is master of every service-location, "
                                     "the other only backs it up."))),
      m_onePlusOne(new QRadioButton(tr("1+1 — each device is master of some service-locations "
                                       "and backs up the other's."))),
      m_loadBalancing(new QCheckBox(tr("Load balancing (the NAT pool is slave on the backup, "
                                       "nat ip-address steers traffic to the master)"))),
      m_vpn(new QCheckBox(tr("VPN over NAT (VPN instances on both devices)"))),
      m_batch(new QCheckBox(tr("Batch backup options (when the master sends its whole tables)")))
{
    setTitle(tr("Mode"));
    setSubTitle(tr("How the two devices share the service-locations."));
    m_oneToOne->setObjectName(QStringLiteral("mode.1:1"));
    m_onePlusOne->setObjectName(QStringLiteral("mode.1+1"));
    m_loadBalancing->setObjectName(QStringLiteral("option.loadBalancing"));
    m_vpn->setObjectName(QStringLiteral("option.vpnOverNat"));
    m_batch->setObjectName(QStringLiteral("option.batchBackup"));
    auto* group = new QButtonGroup(this);
    group->addButton(m_oneToOne);
    group->addButton(m_onePlusOne);

    auto* layout = new QVBoxLayout(this);
    auto* modes = new QGridLayout;
    int row = 0;
    for (auto [button, mode] : {std::pair{m_oneToOne, config::PairMode::OneToOne},
                                std::pair{m_onePlusOne, config::PairMode::OnePlusOne}}) {
        auto* picture = new QLabel;
        picture->setPixmap(modePicture(mode, palette(), devicePixelRatioF()));
        button->setMinimumWidth(260);
        modes->addWidget(picture, row, 0);
        modes->addWidget(button, row, 1);
        ++row;
        connect(button, &QRadioButton::toggled, this, [this, mode](bool on) {
            if (on)
                setMode(mode);
        });
    }
    modes->setColumnStretch(1, 1);
    layout->addLayout(modes);
    auto* options = new QGroupBox(tr("Also configure"));
    auto* optionsLayout = new QVBoxLayout(options);
    optionsLayout->addWidget(m_loadBalancing);
    optionsLayout->addWidget(m_vpn);
    optionsLayout->addWidget(m_batch);
    layout->addWidget(options);
    layout->addStretch();

    for (auto [check, option] :
         {std::pair{m_loadBalancing, HotBackupWizard::Option::LoadBalancing},
          std::pair{m_vpn, HotBackupWizard::Option::VpnOverNat},
          std::pair{m_batch, HotBackupWizard::Option::BatchBackup}})
        connect(check, &QCheckBox::toggled, this,
                [wizard, option](bool on) { wizard->setOptionChosen(option, on); });
}

void ModePage::initializePage()
{
    PlanPage::initializePage();
    const QSignalBlocker a(m_oneToOne);
    const QSignalBlocker b(m_onePlusOne);
    const bool oneToOne = planWizard()->plan().mode == config::PairMode::OneToOne;
    m_oneToOne->setChecked(oneToOne);
    m_onePlusOne->setChecked(!oneToOne);
    for (auto [check, option] :
         {std::pair{m_loadBalancing, HotBackupWizard::Option::LoadBalancing},
          std::pair{m_vpn, HotBackupWizard::Option::VpnOverNat},
          std::pair{m_batch, HotBackupWizard::Option::BatchBackup}}) {
        const QSignalBlocker blocker(check);
        check->setChecked(planWizard()->optionChosen(option));
    }
}

void ModePage::setMode(config::PairMode mode)
{
    planWizard()->setMode(mode);
}

} // namespace tandem::gui
