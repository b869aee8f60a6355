#pragma once

// Page 5: a VRRP group per service-location (reference §3.4): VRID, virtual IP, which device is
// master, the priorities and the master's preempt delay with the recommended value and why.

#include "PlanPage.h"

class QVBoxLayout;

namespace tandem::gui {

class VrrpPage final : public PlanPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VrrpPage)

public:
    explicit VrrpPage(HotBackupWizard* wizard);

protected:
    void buildFields() override;

private:
    QVBoxLayout* m_locations;
    QWidget* m_content = nullptr;
};

} // namespace tandem::gui
