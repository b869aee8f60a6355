#include "IconOnlyDelegate.h"

namespace tandem::gui {

void IconOnlyDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->text.clear();
    option->features &= ~QStyleOptionViewItem::HasDisplay;
    option->decorationAlignment = Qt::AlignCenter;
    option->displayAlignment = Qt::AlignCenter;
}

} // namespace tandem::gui
