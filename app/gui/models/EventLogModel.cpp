#include "EventLogModel.h"

#include "utils/ColorUtils.h"

#include <QFont>

namespace tandem::gui {

EventLogModel::EventLogModel(QObject* parent) : QAbstractTableModel(parent) {}

int EventLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int EventLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventLogModel::severityText(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return tr("Info");
    case Severity::Notice:
        return tr("Notice");
    case Severity::Warning:
        return tr("Warning");
    case Severity::Error:
        return tr("Error");
    }
    return {};
}

void EventLogModel::append(Severity severity, const QString& device, const QString& message)
{
    appendAt(QDateTime::currentDateTime(), severity, device, message);
}

void EventLogModel::appendAt(const QDateTime& time, Severity severity, const QString& device,
                             const QString& message)
{
    const int before = m_unacknowledged;
    if (m_entries.size() >= kMaxEntries) {
        beginRemoveRows({}, 0, 0);
        if (isAlarm(m_entries.first().severity) && !m_entries.first().acknowledged)
            --m_unacknowledged;
        m_entries.removeFirst();
        endRemoveRows();
    }
    // In time order: an event the agent recorded before this window connected goes where it
    // happened, not at the end.
    int row = int(m_entries.size());
    while (row > 0 && m_entries[row - 1].time > time)
        --row;
    beginInsertRows({}, row, row);
    m_entries.insert(row, {time, severity, device, message, !isAlarm(severity)});
    if (isAlarm(severity))
        ++m_unacknowledged;
    endInsertRows();
    if (m_unacknowledged != before)
        Q_EMIT unacknowledgedAlarmCountChanged(m_unacknowledged);
}

int EventLogModel::acknowledgeAll()
{
    const int count = m_unacknowledged;
    if (count == 0)
        return 0;
    for (Entry& e : m_entries)
        e.acknowledged = true;
    m_unacknowledged = 0;
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                       {Qt::BackgroundRole, Qt::FontRole, Qt::ToolTipRole});
    Q_EMIT unacknowledgedAlarmCountChanged(0);
    return count;
}

void EventLogModel::refreshColors()
{
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                           {Qt::ForegroundRole, Qt::BackgroundRole});
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Time:
        return tr("Time");
    case Level:
        return tr("Severity");
    case Device:
        return tr("Device");
    case Message:
        return tr("Event");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry& e = m_entries[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Time:
            return e.time.date() == QDate::currentDate()
                       ? e.time.toString(QStringLiteral("HH:mm:ss.zzz"))
                       : e.time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case Level:
            return severityText(e.severity);
        case Device:
            return e.device;
        case Message:
            return e.message;
        case ColumnCount:
            break;
        }
        return {};
    case RawDataRole:
        switch (Column(index.column())) {
        case Time:
            return e.time.toMSecsSinceEpoch();
        case Level:
            return int(e.severity);
        case Device:
            return e.device;
        case Message:
            return e.message;
        case ColumnCount:
            break;
        }
        return {};
    case Qt::BackgroundRole:
        if (e.acknowledged)
            return {};
        return ColorUtils::background(e.severity == Severity::Error ? ColorUtils::Tone::Fault
                                                                    : ColorUtils::Tone::Warning);
    case Qt::FontRole:
        if (e.acknowledged)
            return {};
        {
            QFont font;
            font.setBold(true);
            return font;
        }
    case Qt::ToolTipRole:
        return e.acknowledged || !isAlarm(e.severity)
                   ? QVariant()
                   : tr("Not acknowledged (Pair → Acknowledge Alarms)");
    case Qt::ForegroundRole:
        if (index.column() != Level)
            return {};
        switch (e.severity) {
        case Severity::Error:
            return ColorUtils::foreground(ColorUtils::Tone::Fault);
        case Severity::Warning:
            return ColorUtils::foreground(ColorUtils::Tone::Warning);
        case Severity::Notice:
            return ColorUtils::foreground(ColorUtils::Tone::Standby);
        case Severity::Info:
            break;
        }
        return {};
    default:
        return {};
    }
}

} // namespace tandem::gui
