#pragma once

// The configuration history of a pair in one list (issue 17 part 3): each pair revision (the
// commits one PairPush made on both devices under one label) and each device's own commits,
// oldest first: when, who, the commit on each device, the label, how it ended. Any two rows
// diff (per device: the configuration it ran at each); a pair revision restores through
// PairPush, verified and confirmed or rolled back as every push.

#include "client/DeviceMonitor.h"
#include "client/PairHistory.h"
#include "client/PairPush.h"

#include <QPointer>
#include <QWidget>
#include <array>
#include <functional>
#include <memory>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace tandem::gui {

class DiffView;

class PairChangesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PairChangesView)

public:
    enum Column
    {
        ChangeColumn,
        TimeColumn,
        UserColumn,
        DeviceAColumn,
        DeviceBColumn,
        StateColumn,
        LabelColumn,
        ColumnCount
    };

    // Asked before a restore starts (the pair change id); true goes on. Unset: a message box.
    using Confirm = std::function<bool(const QString& pairChangeId)>;

    // The devices must outlive the view.
    PairChangesView(std::array<client::DeviceMonitor*, 2> devices, QWidget* parent = nullptr);
    ~PairChangesView() override;

    // Reads both histories again (done on every connect and after a restore).
    void refresh();
    // The rows selected, diffed per device; one row: against what runs now.
    void diffSelected();
    // Pushes the selected pair revision's configurations to both devices again.
    void restoreSelected();
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }

    QTreeWidget* list() const { return m_list; }
    DiffView* diffView() const { return m_diff; }
    QPushButton* diffButton() const { return m_diffButton; }
    QPushButton* restoreButton() const { return m_restoreButton; }
    QLabel* statusLabel() const { return m_status; }
    const std::vector<client::PairHistoryEntry>& entries() const { return m_entries; }
    // The push of a restore while it runs (and its result after); null before the first.
    const client::PairPush* push() const { return m_push.get(); }

Q_SIGNALS:
    void refreshed();
    void diffShown();
    void restoreFinished(const tandem::client::PairPushResult& result);

private:
    void show(const std::array<protocol::ConfigHistoryResult, 2>& histories);
    void updateButtons();
    // The commit `side` ran at `entry`: its own, else the last one before it; 0 with none.
    int commitAt(int side, const client::PairHistoryEntry& entry) const;
    QString deviceName(int side) const;

    std::array<client::DeviceMonitor*, 2> m_devices;
    std::array<protocol::ConfigHistoryResult, 2> m_histories;
    std::vector<client::PairHistoryEntry> m_entries;
    QTreeWidget* m_list = nullptr;
    DiffView* m_diff = nullptr;
    QPushButton* m_refreshButton = nullptr;
    QPushButton* m_diffButton = nullptr;
    QPushButton* m_restoreButton = nullptr;
    QLabel* m_status = nullptr;
    Confirm m_confirm;
    std::unique_ptr<client::PairPush> m_push;
    int m_generation = 0; // a refresh's answers that arrive after a newer one are dropped
};

} // namespace tandem::gui
