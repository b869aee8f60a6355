#include "SubnetModel.h"

namespace tandem::gui {

SubnetModel::SubnetModel(QObject* parent) : CgnPageModel(ColumnCount, parent) {}

QJsonArray SubnetModel::subnetRows(const QJsonArray& pools)
{
    QJsonArray rows;
    for (const QJsonValue& p : pools) {
        const QString name = p.toObject().value(QStringLiteral("name")).toString();
        for (const QJsonValue& s : p.toObject().value(QStringLiteral("subnets")).toArray()) {
            QJsonObject row = s.toObject();
            row.insert(QStringLiteral("pool"), name);
            rows.append(row);
        }
    }
    return rows;
}

QString SubnetModel::columnTitle(int column) const
{
    switch (Column(column)) {
    case Subnet:
        return tr("Subnet");
    case Pool:
        return tr("Pool");
    case ServiceLocation:
        return tr("Service-location");
    case Addresses:
        return tr("Addresses");
    case BlocksUsed:
        return tr("Blocks used");
    case BlocksTotal:
        return tr("Blocks");
    case Usage:
        return tr("Usage");
    case State:
        return tr("State");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant SubnetModel::rawValue(const QJsonObject& row, int column) const
{
    const qint64 used = row.value(QStringLiteral("blocksUsed")).toInteger();
    const qint64 total = row.value(QStringLiteral("blocksTotal")).toInteger();
    switch (Column(column)) {
    case Subnet:
        return row.value(QStringLiteral("subnet")).toString();
    case Pool:
        return row.value(QStringLiteral("pool")).toString();
    case ServiceLocation:
        return row.value(QStringLiteral("serviceLocation")).toInt();
    case Addresses:
        return row.value(QStringLiteral("addresses")).toInteger();
    case BlocksUsed:
        return used;
    case BlocksTotal:
        return total;
    case Usage:
        return total > 0 ? double(used) / double(total) : 0.0;
    case State:
        return row.value(QStringLiteral("draining")).toBool() ? QStringLiteral("draining")
                                                              : QStringLiteral("serving");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant SubnetModel::displayValue(const QJsonObject& row, int column) const
{
    if (column == Usage)
        return percentText(rawValue(row, column).toDouble());
    if (column == State)
        return row.value(QStringLiteral("draining")).toBool()
                   ? tr("draining: no new user, given back once empty")
                   : tr("serving");
    if (column == ServiceLocation)
        return tr("SLG %1").arg(rawValue(row, column).toInt());
    return CgnPageModel::displayValue(row, column);
}

bool SubnetModel::isNumeric(int column) const
{
    return column >= Addresses && column <= Usage;
}

} // namespace tandem::gui
