#pragma once

// Paints a cell's icon without its text, for columns too narrow for words (the inventory's
// connection states: the text stays the cell's data and its tooltip says it).

#include <QStyledItemDelegate>

namespace tandem::gui {

class IconOnlyDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IconOnlyDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace tandem::gui
