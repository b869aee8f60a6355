#include "SessionTableModel.h"

namespace tandem::gui {

SessionTableModel::SessionTableModel(QObject* parent) : CgnPageModel(ColumnCount, parent) {}

QString SessionTableModel::columnTitle(int column) const
{
    switch (Column(column)) {
    case Id:
        return tr("ID");
    case Protocol:
        return tr("Protocol");
    case User:
        return tr("User");
    case InsideAddress:
        return tr("Inside address");
    case InsidePort:
        return tr("Inside port");
    case OutsideAddress:
        return tr("Public address");
    case OutsidePort:
        return tr("Public port");
    case RemoteAddress:
        return tr("Remote address");
    case RemotePort:
        return tr("Remote port");
    case TcpState:
        return tr("TCP state");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant SessionTableModel::rawValue(const QJsonObject& row, int column) const
{
    auto text = [&row](const char* key) { return row.value(QLatin1String(key)).toString(); };
    auto number = [&row](const char* key) { return qint64(row.value(QLatin1String(key)).toDouble()); };
    switch (Column(column)) {
    case Id:
        return number("id");
    case Protocol:
        return text("protocol");
    case User:
        return row.value(QStringLiteral("user")).toObject().value(QStringLiteral("text")).toString();
    case InsideAddress:
        return text("insideAddress");
    case InsidePort:
        return number("insidePort");
    case OutsideAddress:
        return text("outsideAddress");
    case OutsidePort:
        return number("outsidePort");
    case RemoteAddress:
        return text("remoteAddress");
    case RemotePort:
        return number("remotePort");
    case TcpState:
        return row.value(QStringLiteral("protocol")).toString() == QLatin1String("tcp")
                   ? QVariant(text("tcpState"))
                   : QVariant();
    case ColumnCount:
        break;
    }
    return {};
}

bool SessionTableModel::isNumeric(int column) const
{
    return column == Id || column == InsidePort || column == OutsidePort || column == RemotePort;
}

} // namespace tandem::gui
