#pragma once

// Page 2: 1:1 or 1+1 (reference §3.1), one sentence and a small picture each, and which
// optional parts to configure (load balancing, VPN over NAT, batch backup); the pages of those
// not chosen are skipped.

#include "PlanPage.h"

class QCheckBox;
class QLabel;
class QRadioButton;

namespace tandem::gui {

class ModePage final : public PlanPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModePage)

public:
    explicit ModePage(HotBackupWizard* wizard);

    void initializePage() override;

    QRadioButton* oneToOneButton() const { return m_oneToOne; }
    QRadioButton* onePlusOneButton() const { return m_onePlusOne; }
    QCheckBox* loadBalancingCheck() const { return m_loadBalancing; }
    QCheckBox* vpnCheck() const { return m_vpn; }
    QCheckBox* batchBackupCheck() const { return m_batch; }

private:
    void setMode(config::PairMode mode);

    QRadioButton* m_oneToOne;
    QRadioButton* m_onePlusOne;
    QCheckBox* m_loadBalancing;
    QCheckBox* m_vpn;
    QCheckBox* m_batch;
};

} // namespace tandem::gui
