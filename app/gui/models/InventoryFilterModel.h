#pragma once

// The inventory as the filter box narrows it: a folder, pair or device stays when its name,
// address or description contains the text (case-insensitive); the folders and pairs above a
// match stay, and so do the devices of a matching pair.

#include <QSortFilterProxyModel>

namespace tandem::gui {

class InventoryFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InventoryFilterModel)

public:
    explicit InventoryFilterModel(QObject* parent = nullptr);

    void setFilterText(const QString& text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_text;
};

} // namespace tandem::gui
