#include "PortBlockTableModel.h"

#include <QJsonArray>

namespace tandem::gui {

PortBlockTableModel::PortBlockTableModel(QObject* parent) : CgnPageModel(ColumnCount, parent) {}

QJsonArray PortBlockTableModel::blockRows(const QJsonArray& users)
{
    QJsonArray rows;
    for (const QJsonValue& value : users) {
        const QJsonObject user = value.toObject();
        const QString name = user.value(QStringLiteral("user")).toObject().value(QStringLiteral("text")).toString();
        for (const QJsonValue& block : user.value(QStringLiteral("portBlocks")).toArray()) {
            QJsonObject row = block.toObject();
            row.insert(QStringLiteral("userText"), name);
            rows.append(row);
        }
    }
    return rows;
}

QString PortBlockTableModel::columnTitle(int column) const
{
    switch (Column(column)) {
    case User:
        return tr("User");
    case PublicAddress:
        return tr("Public address");
    case Block:
        return tr("Block");
    case Ports:
        return tr("Ports");
    case Tcp:
        return tr("TCP");
    case Udp:
        return tr("UDP");
    case Icmp:
        return tr("ICMP");
    case Utilisation:
        return tr("In use");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant PortBlockTableModel::rawValue(const QJsonObject& row, int column) const
{
    const auto number = [&row](const char* key) { return row.value(QLatin1String(key)).toInt(); };
    switch (Column(column)) {
    case User:
        return row.value(QStringLiteral("userText")).toString();
    case PublicAddress:
        return row.value(QStringLiteral("address")).toString();
    case Block:
        return number("block");
    case Ports:
        return QStringLiteral("%1-%2").arg(number("firstPort")).arg(number("lastPort"));
    case Tcp:
        return number("tcp");
    case Udp:
        return number("udp");
    case Icmp:
        return number("icmp");
    case Utilisation: {
        const int size = number("lastPort") - number("firstPort") + 1;
        const int used = number("tcp") + number("udp") + number("icmp");
        return size > 0 ? 100.0 * used / size : 0.0;
    }
    case ColumnCount:
        break;
    }
    return {};
}

QVariant PortBlockTableModel::displayValue(const QJsonObject& row, int column) const
{
    if (column == Utilisation)
        return percentText(rawValue(row, column).toDouble() / 100);
    return CgnPageModel::displayValue(row, column);
}

bool PortBlockTableModel::isNumeric(int column) const
{
    return column == Block || column >= Tcp;
}

} // namespace tandem::gui
