#include "ScrollPage.h"

#include <QLayout>

namespace tandem::gui {

ScrollPage::ScrollPage(QWidget* parent) : QWidget(parent) {}

int ScrollPage::heightForWidth(int width) const
{
    return layout() ? layout()->totalMinimumHeightForWidth(width) : QWidget::heightForWidth(width);
}

} // namespace tandem::gui
