#pragma once

// What happened to a pair, newest last: connections, role changes, switchovers and the
// agents' alarms, each with a severity the event dock filters on.

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

    void append(Severity severity, const QString& device, const QString& message);
    static QString severityText(Severity severity);
    void refreshColors();

private:
    struct Entry
    {
        QDateTime time;
        Severity severity = Severity::Info;
        QString device;
        QString message;
    };
    QList<Entry> m_entries;
};

} // namespace tandem::gui
