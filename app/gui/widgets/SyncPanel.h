#pragma once

// The backup channel of each device, as numbers: its state and peer, the real-time backup
// lag, the send queue, record counters (one meaning per word, as `ha status` and the metrics:
// sent = acked + in flight + voided; docs/hot-backup.md), and the batch backup being received
// with its rate and time to completion.

#include "client/HotBackupMonitor.h"

#include <QGroupBox>
#include <array>

class QLabel;
class QProgressBar;

namespace tandem::gui {

class SyncPanel final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncPanel)

public:
    enum Field
    {
        Channel,
        Lag,
        Queue,
        Sent,
        Received,
        Acked,
        InFlight,
        Voided,
        Retried,
        Missed,
        Rejected,
        Digests,
        Batch,
        FieldCount
    };

    // The monitors must outlive the panel.
    SyncPanel(const client::HotBackupMonitor* deviceA, const client::HotBackupMonitor* deviceB,
              QWidget* parent = nullptr);

    QString fieldText(int side, Field field) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh(int side);

    std::array<const client::HotBackupMonitor*, 2> m_monitors;
    std::array<std::array<QLabel*, FieldCount>, 2> m_values{};
    std::array<QProgressBar*, 2> m_batchBars{};
};

} // namespace tandem::gui
