#pragma once

// The page inside a resizable QScrollArea that is as tall as the area, or as tall as its
// contents need at the least when that is more. (A plain widget with word-wrapping labels
// asks for its preferred height instead, and scrolls where everything would have fitted.)

#include <QWidget>

namespace tandem::gui {

class ScrollPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScrollPage)

public:
    explicit ScrollPage(QWidget* parent = nullptr);

    int heightForWidth(int width) const override;
};

} // namespace tandem::gui
