#pragma once

// The recorded switchovers of a pair: a list to browse, the selected one drawn as a timeline,
// and export of the selected one as a PNG picture and JSON.

#include <QWidget>

class QPushButton;
class QTableView;

namespace tandem::gui {

class FailoverTimeline;
class SwitchoverModel;

class FailoverPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FailoverPanel)

public:
    // The model must outlive the panel.
    explicit FailoverPanel(SwitchoverModel* model, QWidget* parent = nullptr);

    QTableView* list() const { return m_list; }
    FailoverTimeline* timeline() const { return m_timeline; }
    void select(int row);
    // Writes the selected switchover to pngPath (the timeline) and jsonPath; false with
    // *error when nothing is selected or a file cannot be written.
    bool exportSelected(const QString& pngPath, const QString& jsonPath, QString* error) const;

private:
    void onSelectionChanged();
    void chooseExport();

    SwitchoverModel* m_model;
    QTableView* m_list;
    FailoverTimeline* m_timeline;
    QPushButton* m_export;
};

} // namespace tandem::gui
