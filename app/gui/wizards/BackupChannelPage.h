#pragma once

// Page 4: the backup channel (reference §3.3): per device the interface and its address, side
// by side so that each side's peer is the other column; the remote-backup-service's name, port
// and optional authentication key.

#include "PlanPage.h"

class QLabel;

namespace tandem::gui {

class BackupChannelPage final : public PlanPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupChannelPage)

public:
    explicit BackupChannelPage(HotBackupWizard* wizard);

    void initializePage() override;

private:
    void showPeers();

    std::array<QLabel*, 2> m_peers{};
};

} // namespace tandem::gui
