#pragma once

// A read-only unified diff: added lines on green, removed lines on red, in the fixed font.
// The config editor's diff tab and the pair-changes list show diffs through it.

#include "utils/Qsci.h"

namespace tandem::gui {

class DiffView final : public QsciScintilla
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiffView)

public:
    static constexpr int kAddedMarker = 3;
    static constexpr int kRemovedMarker = 4;

    explicit DiffView(QWidget* parent = nullptr);

    // Shows `diff` (unified, as config::unifiedDiff writes it), or `whenEmpty` when it is empty.
    void setDiff(const QString& diff, const QString& whenEmpty);
};

} // namespace tandem::gui
