#pragma once

// Optional page: batch backup (reference §3.8): the master sends its whole tables when the
// channel comes up, and, with an interval, again every so often.

#include "PlanPage.h"

class QCheckBox;
class QSpinBox;

namespace tandem::gui {

class BatchBackupPage final : public PlanPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchBackupPage)

public:
    explicit BatchBackupPage(HotBackupWizard* wizard);

    void initializePage() override;

private:
    QCheckBox* m_periodic;
    QSpinBox* m_interval = nullptr;
};

} // namespace tandem::gui
