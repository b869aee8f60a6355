#pragma once

// Optional page: VPN over NAT (reference §3.7): the VPN instances both devices get
// (`ip vpn-instance <name>` + `ipv4-family`).

#include "PlanPage.h"

namespace tandem::gui {

class VpnOverNatPage final : public PlanPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VpnOverNatPage)

public:
    explicit VpnOverNatPage(HotBackupWizard* wizard);
};

} // namespace tandem::gui
