#include "widgets/DiffView.h"

#include <QColor>
#include <QFontDatabase>

namespace tandem::gui {

DiffView::DiffView(QWidget* parent) : QsciScintilla(parent)
{
    setReadOnly(true);
    setUtf8(true);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setMarginWidth(1, 0);
    markerDefine(QsciScintilla::Background, kAddedMarker);
    setMarkerBackgroundColor(QColor(0xe6, 0xff, 0xed), kAddedMarker);
    markerDefine(QsciScintilla::Background, kRemovedMarker);
    setMarkerBackgroundColor(QColor(0xff, 0xee, 0xf0), kRemovedMarker);
}

void DiffView::setDiff(const QString& diff, const QString& whenEmpty)
{
    setReadOnly(false);
    setText(diff.isEmpty() ? whenEmpty : diff);
    setReadOnly(true);
    markerDeleteAll();
    for (int line = 0; line < lines(); ++line) {
        const QString text = this->text(line);
        if (text.startsWith(QLatin1Char('+')) && !text.startsWith(QLatin1String("+++")))
            markerAdd(line, kAddedMarker);
        else if (text.startsWith(QLatin1Char('-')) && !text.startsWith(QLatin1String("---")))
            markerAdd(line, kRemovedMarker);
    }
}

} // namespace tandem::gui
