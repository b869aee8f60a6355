#pragma once

// The event log of the open pair as a dock: newest at the bottom, filtered by a minimum
// severity.

#include <QDockWidget>

class QComboBox;
class QSortFilterProxyModel;
class QTableView;

namespace tandem::gui {

class EventLogModel;

class EventLogDock final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogDock)

public:
    explicit EventLogDock(QWidget* parent = nullptr);

    // The model may be null (no pair open); it must outlive its use here.
    void setModel(EventLogModel* model);
    void setMinimumSeverity(int severity); // an EventLogModel::Severity
    int visibleRowCount() const;
    QTableView* view() const { return m_view; }

private:
    QComboBox* m_severity;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
};

} // namespace tandem::gui
