#pragma once

// Optional page: NAT load balancing over inter-chassis backup (reference §3.6): the NAT
// instance, its pool (slave on the backup) and the `nat ip-address` that steers traffic to the
// master chassis. One entry.

#include "PlanPage.h"

namespace tandem::gui {

class LoadBalancingPage final : public PlanPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoadBalancingPage)

public:
    explicit LoadBalancingPage(HotBackupWizard* wizard);

    void initializePage() override;
};

} // namespace tandem::gui
