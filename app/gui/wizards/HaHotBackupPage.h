#pragma once

// Page 3: HA hot backup (reference §3.2): `service-ha hot-backup enable` and the delay time,
// with what the delay means for short sessions.

#include "PlanPage.h"

namespace tandem::gui {

class HaHotBackupPage final : public PlanPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HaHotBackupPage)

public:
    explicit HaHotBackupPage(HotBackupWizard* wizard);
};

} // namespace tandem::gui
