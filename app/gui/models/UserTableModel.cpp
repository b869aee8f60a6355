#include "UserTableModel.h"

#include <QJsonArray>

namespace tandem::gui {

UserTableModel::UserTableModel(QObject* parent) : CgnPageModel(ColumnCount, parent) {}

QString UserTableModel::columnTitle(int column) const
{
    switch (Column(column)) {
    case User:
        return tr("User");
    case PublicAddress:
        return tr("Public address");
    case PortBlocks:
        return tr("Port blocks");
    case Sessions:
        return tr("Sessions");
    case Tcp:
        return tr("TCP");
    case Udp:
        return tr("UDP");
    case Icmp:
        return tr("ICMP");
    case SessionLimit:
        return tr("Session limit");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant UserTableModel::rawValue(const QJsonObject& row, int column) const
{
    const QJsonObject sessions = row.value(QStringLiteral("sessions")).toObject();
    auto count = [&sessions](const char* key) {
        return qint64(sessions.value(QLatin1String(key)).toDouble());
    };
    switch (Column(column)) {
    case User:
        return row.value(QStringLiteral("user")).toObject().value(QStringLiteral("text")).toString();
    case PublicAddress:
        return row.value(QStringLiteral("publicAddress")).toString();
    case PortBlocks: {
        QStringList ranges;
        for (const QJsonValue& v : row.value(QStringLiteral("portBlocks")).toArray()) {
            const QJsonObject b = v.toObject();
            ranges.append(QStringLiteral("%1-%2")
                              .arg(b.value(QStringLiteral("firstPort")).toInt())
                              .arg(b.value(QStringLiteral("lastPort")).toInt()));
        }
        return ranges.join(QLatin1Char(' '));
    }
    case Sessions:
        return count("total");
    case Tcp:
        return count("tcp");
    case Udp:
        return count("udp");
    case Icmp:
        return count("icmp");
    case SessionLimit:
        return qint64(row.value(QStringLiteral("limits")).toObject().value(QStringLiteral("total")).toDouble());
    case ColumnCount:
        break;
    }
    return {};
}

bool UserTableModel::isNumeric(int column) const
{
    return column >= Sessions;
}

} // namespace tandem::gui
