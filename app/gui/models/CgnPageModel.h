#pragma once

// Base of the CGN tables (sessions, users, address pools): one page of rows as the agent sent
// it, never the whole table — the agent pages, filters and counts. Subclasses name the
// columns and pick each raw value out of a row; display, copy and CSV follow from that.

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>


namespace tandem::gui {

class CgnPageModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CgnPageModel)

public:
    // Raw values for sorting, copy and CSV export: strings and numbers as the agent sent them.
    enum DataRole
    {
        RawDataRole = Qt::UserRole
    };

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setRows(const QJsonArray& rows);
    void clear();
    // The given rows (all when empty) and visible columns as CSV, header first, raw values.
    QString toCsv(const QList<int>& rows, const QList<int>& columns) const;
    // Tab-separated display text, for the clipboard.
    QString toText(const QList<int>& rows, const QList<int>& columns) const;

protected:
    explicit CgnPageModel(int columns, QObject* parent = nullptr);
    virtual QString columnTitle(int column) const = 0;
    virtual QVariant rawValue(const QJsonObject& row, int column) const = 0;
    virtual QVariant displayValue(const QJsonObject& row, int column) const;
    virtual bool isNumeric(int column) const;
    // "42.0 %" for a fraction 0–1.
    static QString percentText(double fraction);

private:
    int m_columns;
    QList<QJsonObject> m_rows;
};

} // namespace tandem::gui
