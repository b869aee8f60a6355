#pragma once

// Page 6: tracking (reference §3.5): `track service-location <id> reduced <n>` and the uplink's,
// with n computed by trackingReduction() and why it must exceed the priority gap.

#include "PlanPage.h"

class QVBoxLayout;

namespace tandem::gui {

class TrackingPage final : public PlanPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrackingPage)

public:
    explicit TrackingPage(HotBackupWizard* wizard);

protected:
    void buildFields() override;

private:
    QVBoxLayout* m_locations;
    QWidget* m_content = nullptr;
};

} // namespace tandem::gui
