#pragma once

// What happened to a pair, newest last: connections, role changes, switchovers and the
// agents' alarms, each with a severity the event dock filters on. Warnings and errors are
// alarms: highlighted until acknowledged. The agents have no acknowledge method, so
// acknowledging is local to this window.

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace tandem::gui {

class EventLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogModel)

public:
    enum class Severity
    {
        Info,
        Notice,
        Warning,
        Error
    };
    Q_ENUM(Severity)

    enum Column
    {
        Time,
        Level,
        Device,
        Message,
        ColumnCount
    };
    // Raw values: epoch ms for Time, the Severity as int for Level.
    enum DataRole
    {
        RawDataRole = Qt::UserRole
    };

    static constexpr int kMaxEntries = 5000; // the oldest go first

    explicit EventLogModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void append(Severity severity, const QString& device, const QString& message); // stamped now
    // Stamped with the time it happened (an agent's record), in time order among the others.
    void appendAt(const QDateTime& time, Severity severity, const QString& device,
                  const QString& message);
    static QString severityText(Severity severity);
    void refreshColors();

    int unacknowledgedAlarmCount() const { return m_unacknowledged; }
    bool isAcknowledged(int row) const { return m_entries[row].acknowledged; }
    // Stops highlighting every alarm so far; returns how many there were.
    int acknowledgeAll();

Q_SIGNALS:
    void unacknowledgedAlarmCountChanged(int count);

private:
    struct Entry
    {
        QDateTime time;
        Severity severity = Severity::Info;
        QString device;
        QString message;
        bool acknowledged = false;
    };
    static bool isAlarm(Severity severity) { return severity >= Severity::Warning; }

    QList<Entry> m_entries;
    int m_unacknowledged = 0;
};

} // namespace tandem::gui
