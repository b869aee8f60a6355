#pragma once

// One switchover drawn to scale: detection (when known), decision → tables active, tables
// active → first advert as master, each phase with its measured duration, and the sessions
// before and after. Empty until a record is set.

#include "client/HotBackupStatus.h"

#include <QWidget>
#include <optional>

namespace tandem::gui {

class FailoverTimeline final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FailoverTimeline)

public:
    explicit FailoverTimeline(QWidget* parent = nullptr);

    void setRecord(const std::optional<client::SwitchoverRecord>& record);
    const std::optional<client::SwitchoverRecord>& record() const { return m_record; }
    // "Detection ≤ 600 ms", "Decision → tables active 2 ms", … as drawn.
    QStringList phaseTexts() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Phase
    {
        QString name;
        qint64 startMs; // relative to the first phase's start
        qint64 durationMs;
        int tone; // ColorUtils::Tone
    };
    QList<Phase> phases() const;

    std::optional<client::SwitchoverRecord> m_record;
};

} // namespace tandem::gui
