#pragma once

// Highlighting and folding of the VRP configuration text (reference/huawei-cgn-ha.md): the
// lines that enter a view (`interface …`, `service-location …`, `nat instance …` …), the
// commands inside, `undo`, numbers and IPv4 addresses, `#` comments. A line is a fold header
// when the lines after it are indented deeper, so a view's body folds under its line.

#include "utils/Qsci.h"

namespace tandem::gui {

class VrpLexer final : public QsciLexerCustom
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VrpLexer)

public:
    enum Style
    {
        Default,
        Comment,
        View,    // the first words of a line that enters a view
        Command, // the first word of any other line
        Keyword, // undo, peer, interface …
        Number,
        Address, // IPv4, with an optional /prefix
        StyleCount
    };

    explicit VrpLexer(QObject* parent = nullptr);

    const char* language() const override;
    QString description(int style) const override;
    QColor defaultColor(int style) const override;
    QFont defaultFont(int style) const override;
    void styleText(int start, int end) override;

    // True when the line (without its newline) enters a view.
    static bool isViewLine(QStringView line);
};

} // namespace tandem::gui
