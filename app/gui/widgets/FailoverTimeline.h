#pragma once

// One switchover drawn to scale: detection (when known), decision → tables active, tables
// active → first advert as master, each phase with its measured duration, the total, and the
// sessions before and after with what did not survive and why. Empty until a record is set.

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
    // "Detection (old master silent) 612 ms", "Decision → tables active 2 ms", … as drawn.
    QStringList phaseTexts() const;
    // The old master's sessions at its last status: those younger than delay-time (not backed
    // up, by design) and those in its backlog (lost); empty when it was not seen.
    QString accountingText() const;

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
