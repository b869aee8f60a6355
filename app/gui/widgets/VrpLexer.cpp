#include "widgets/VrpLexer.h"

#include "utils/Qsci.h"

#include <QFontDatabase>
#include <QRegularExpression>

namespace tandem::gui {

namespace {

// The views of core/config/ConfigParser.cpp, by the words that enter them.
constexpr std::array<QLatin1StringView, 9> kViewStarts = {
    QLatin1StringView("interface "),
    QLatin1StringView("service-location "),
    QLatin1StringView("tandem-agent"),
    QLatin1StringView("user-interface"),
    QLatin1StringView("service-instance-group "),
    QLatin1StringView("remote-backup-service "),
    QLatin1StringView("nat instance "),
    QLatin1StringView("nat ip-pool "),
    QLatin1StringView("ip vpn-instance "),
};

constexpr std::array<QLatin1StringView, 12> kKeywords = {
    QLatin1StringView("undo"),     QLatin1StringView("peer"),    QLatin1StringView("interface"),
    QLatin1StringView("vrid"),     QLatin1StringView("priority"), QLatin1StringView("mask"),
    QLatin1StringView("enable"),   QLatin1StringView("port"),    QLatin1StringView("bind"),
    QLatin1StringView("vpn-instance"), QLatin1StringView("slot"), QLatin1StringView("track"),
};

bool isNumber(QStringView word)
{
    if (word.isEmpty())
        return false;
    return std::all_of(word.begin(), word.end(), [](QChar c) { return c.isDigit(); });
}

bool isAddress(QStringView word)
{
    static const QRegularExpression re(
        QStringLiteral("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}(/\\d{1,2})?$"));
    return re.match(word.toString()).hasMatch();
}

int indentOf(QStringView line)
{
    int i = 0;
    while (i < line.size() && (line[i] == QLatin1Char(' ') || line[i] == QLatin1Char('\t')))
        ++i;
    return i;
}

} // namespace

VrpLexer::VrpLexer(QObject* parent) : QsciLexerCustom(parent) {}

const char* VrpLexer::language() const
{
    return "VRP";
}

QString VrpLexer::description(int style) const
{
    switch (style) {
    case Default:
        return tr("Default");
    case Comment:
        return tr("Comment");
    case View:
        return tr("View");
    case Command:
        return tr("Command");
    case Keyword:
        return tr("Keyword");
    case Number:
        return tr("Number");
    case Address:
        return tr("IPv4 address");
    default:
        return QString();
    }
}

QColor VrpLexer::defaultColor(int style) const
{
    switch (style) {
    case Comment:
        return QColor(0x6a, 0x73, 0x7d);
    case View:
        return QColor(0x00, 0x5c, 0xc5);
    case Command:
        return QColor(0x6f, 0x42, 0xc1);
    case Keyword:
        return QColor(0xd7, 0x3a, 0x49);
    case Number:
        return QColor(0x00, 0x86, 0x72);
    case Address:
        return QColor(0xb0, 0x58, 0x00);
    default:
        return QsciLexerCustom::defaultColor(style);
    }
}

QFont VrpLexer::defaultFont(int style) const
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (style == View)
        font.setBold(true);
    if (style == Comment)
        font.setItalic(true);
    return font;
}

bool VrpLexer::isViewLine(QStringView line)
{
    const QStringView trimmed = line.trimmed();
    return std::any_of(kViewStarts.begin(), kViewStarts.end(), [&](QLatin1StringView start) {
        return trimmed.startsWith(start) || trimmed == start.trimmed();
    });
}

void VrpLexer::styleText(int start, int end)
{
    QsciScintilla* sci = editor();
    if (!sci)
        return;
    int firstLine = 0;
    int index = 0;
    sci->lineIndexFromPosition(start, &firstLine, &index);
    int lastLine = 0;
    sci->lineIndexFromPosition(end, &lastLine, &index);
    startStyling(sci->positionFromLineIndex(firstLine, 0));

    for (int line = firstLine; line <= lastLine && line < sci->lines(); ++line) {
        const QByteArray bytes = sci->text(line).toUtf8();
        const QString text = QString::fromUtf8(bytes);
        QStringView body = text;
        while (body.endsWith(QLatin1Char('\n')) || body.endsWith(QLatin1Char('\r')))
            body.chop(1);

        // Styling counts bytes: the config is ASCII, but a comment may not be.
        const auto bytesOf = [](QStringView s) { return int(s.toUtf8().size()); };
        const int indent = indentOf(body);
        const QStringView rest = body.mid(indent);
        if (indent > 0)
            setStyling(indent, Default);
        if (rest.startsWith(QLatin1Char('#')) || rest.startsWith(QLatin1Char('!'))) {
            setStyling(bytesOf(rest), Comment);
        } else if (!rest.isEmpty()) {
            const bool view = isViewLine(rest);
            int pos = 0;
            bool first = true;
            while (pos < rest.size()) {
                int wordEnd = pos;
                while (wordEnd < rest.size() && !rest[wordEnd].isSpace())
                    ++wordEnd;
                const QStringView word = rest.mid(pos, wordEnd - pos);
                int style = Default;
                if (isAddress(word))
                    style = Address;
                else if (isNumber(word))
                    style = Number;
                else if (view && (first || word == QLatin1String("instance") ||
                                  word == QLatin1String("ip-pool") ||
                                  word == QLatin1String("vpn-instance")))
                    style = View;
                else if (std::find(kKeywords.begin(), kKeywords.end(), word) != kKeywords.end())
                    style = Keyword;
                else if (first)
                    style = Command;
                setStyling(bytesOf(word), style);
                first = false;
                int spaceEnd = wordEnd;
                while (spaceEnd < rest.size() && rest[spaceEnd].isSpace())
                    ++spaceEnd;
                if (spaceEnd > wordEnd)
                    setStyling(spaceEnd - wordEnd, Default);
                pos = spaceEnd;
            }
        }
        const int eol = int(bytes.size()) - bytesOf(body);
        if (eol > 0)
            setStyling(eol, Default);

        // Fold by indentation: a line is a header when the next non-blank line is deeper.
        int level = QsciScintilla::SC_FOLDLEVELBASE + indent;
        int next = line + 1;
        while (next < sci->lines() && sci->text(next).trimmed().isEmpty())
            ++next;
        if (rest.isEmpty()) {
            level |= QsciScintilla::SC_FOLDLEVELWHITEFLAG;
        } else if (next < sci->lines() && indentOf(sci->text(next)) > indent) {
            level |= QsciScintilla::SC_FOLDLEVELHEADERFLAG;
        }
        sci->SendScintilla(QsciScintilla::SCI_SETFOLDLEVEL, line, level);
    }
}

} // namespace tandem::gui
