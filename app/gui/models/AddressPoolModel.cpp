#include "AddressPoolModel.h"

namespace tandem::gui {

AddressPoolModel::AddressPoolModel(QObject* parent) : CgnPageModel(ColumnCount, parent) {}

QString AddressPoolModel::columnTitle(int column) const
{
    switch (Column(column)) {
    case Address:
        return tr("Public address");
    case Group:
        return tr("Address group");
    case BlocksUsed:
        return tr("Blocks used");
    case BlocksTotal:
        return tr("Blocks");
    case Usage:
        return tr("Usage");
    case Subnet:
        return tr("Subnet");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant AddressPoolModel::rawValue(const QJsonObject& row, int column) const
{
    const int used = row.value(QStringLiteral("blocksUsed")).toInt();
    const int total = row.value(QStringLiteral("blocksTotal")).toInt();
    switch (Column(column)) {
    case Address:
        return row.value(QStringLiteral("address")).toString();
    case Group:
        return row.value(QStringLiteral("group")).toString();
    case BlocksUsed:
        return used;
    case BlocksTotal:
        return total;
    case Usage:
        return total > 0 ? double(used) / total : 0.0;
    case Subnet:
        return row.value(QStringLiteral("subnet")).toString();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant AddressPoolModel::displayValue(const QJsonObject& row, int column) const
{
    if (column == Usage)
        return percentText(rawValue(row, column).toDouble());
    return CgnPageModel::displayValue(row, column);
}

bool AddressPoolModel::isNumeric(int column) const
{
    return column >= BlocksUsed && column <= Usage;
}

} // namespace tandem::gui
