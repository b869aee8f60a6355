#include "CgnPageModel.h"

#include <QLocale>

namespace tandem::gui {

namespace {

QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

CgnPageModel::CgnPageModel(int columns, QObject* parent)
    : QAbstractTableModel(parent), m_columns(columns)
{
}

int CgnPageModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CgnPageModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

QVariant CgnPageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns)
        return {};
    if (role == Qt::DisplayRole)
        return columnTitle(section);
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    return {};
}

QVariant CgnPageModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject& row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(row, index.column());
    case RawDataRole:
        return rawValue(row, index.column());
    case Qt::TextAlignmentRole:
        return isNumeric(index.column()) ? QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter)
                                         : QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant CgnPageModel::displayValue(const QJsonObject& row, int column) const
{
    const QVariant raw = rawValue(row, column);
    if (!raw.isValid())
        return QStringLiteral("—");
    return raw;
}

bool CgnPageModel::isNumeric(int) const
{
    return false;
}

void CgnPageModel::setRows(const QJsonArray& rows)
{
    // A new page replaces the old one entirely: a reset, not thousands of row signals.
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(rows.size());
    for (const QJsonValue& v : rows)
        m_rows.append(v.toObject());
    endResetModel();
}

void CgnPageModel::clear()
{
    setRows({});
}

QString CgnPageModel::toCsv(const QList<int>& rows, const QList<int>& columns) const
{
    QStringList lines;
    QStringList header;
    for (int c : columns)
        header.append(csvField(columnTitle(c)));
    lines.append(header.join(QLatin1Char(',')));
    const int count = rows.isEmpty() ? int(m_rows.size()) : int(rows.size());
    for (int i = 0; i < count; ++i) {
        const QJsonObject& row = m_rows[rows.isEmpty() ? i : rows[i]];
        QStringList fields;
        for (int c : columns)
            fields.append(csvField(rawValue(row, c).toString()));
        lines.append(fields.join(QLatin1Char(',')));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString CgnPageModel::toText(const QList<int>& rows, const QList<int>& columns) const
{
    QStringList lines;
    for (int r : rows) {
        QStringList fields;
        for (int c : columns)
            fields.append(displayValue(m_rows[r], c).toString());
        lines.append(fields.join(QLatin1Char('\t')));
    }
    return lines.join(QLatin1Char('\n'));
}

QString CgnPageModel::percentText(double fraction)
{
    return QStringLiteral("%1 %").arg(fraction * 100, 0, 'f', 1);
}

} // namespace tandem::gui
