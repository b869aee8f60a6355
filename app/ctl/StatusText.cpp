#include "StatusText.h"

#include <QStringList>

namespace tandem::ctl {

namespace {

QString row(const QStringList& cells, const QList<int>& widths)
{
    QString line;
    for (qsizetype i = 0; i < cells.size(); ++i)
        line += cells[i].leftJustified(widths.value(i, 0)) + QLatin1Char(' ');
    return line.trimmed();
}

} // namespace

QString formatDeviceStatus(const protocol::DeviceStatus& status)
{
    QStringList lines;
    lines << QStringLiteral("Device %1 (%2)").arg(status.sysname, status.managementAddress);
    if (const auto& access = status.management) {
        lines << QStringLiteral("Agent protocol: %1")
                     .arg(access->listen.isEmpty()
                              ? QStringLiteral("local socket only (and SSH through it)")
                              : QStringLiteral("%1 (%2), and the local socket")
                                    .arg(access->listen, access->tls ? QStringLiteral("TLS")
                                                                     : QStringLiteral("plain TCP")));
        if (!access->warning.isEmpty())
            lines << QStringLiteral("WARNING: %1").arg(access->warning);
    }
    lines << QString();
    const QList<int> slgWidths{18, 8, 6, 22, 15, 12};
    lines << row({QStringLiteral("Service-location"), QStringLiteral("State"), QStringLiteral("VRID"),
                  QStringLiteral("VRRP interface"), QStringLiteral("Peer"),
                  QStringLiteral("Batch-backup")},
                 slgWidths);
    for (const auto& s : status.serviceLocations)
        lines << row({QString::number(s.id), s.state, QString::number(s.vrid), s.vrrpInterface,
                      s.peer, s.batchBackupState},
                     slgWidths);
    lines << QString();
    const QList<int> vrrpWidths{6, 11, 22, 15, 15, 12, 14, 20};
    lines << row({QStringLiteral("VRID"), QStringLiteral("State"), QStringLiteral("Interface"),
                  QStringLiteral("Virtual IP"), QStringLiteral("Master IP"),
                  QStringLiteral("PriorityRun"), QStringLiteral("PriorityConfig"),
                  QStringLiteral("Last change")},
                 vrrpWidths);
    for (const auto& v : status.vrrpGroups)
        lines << row({QString::number(v.vrid), v.state, v.interfaceName, v.virtualIp, v.masterIp,
                      QString::number(v.priorityRun), QString::number(v.priorityConfig),
                      v.lastChangeReason},
                     vrrpWidths);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString usageOf(const QString& usage, const QString& command)
{
    const QString start = QStringLiteral("  ") + command;
    QString text;
    bool inBlock = false;
    for (const QString& line : usage.split(QLatin1Char('\n'))) {
        const bool starts = line.startsWith(start) && (line.size() == start.size() ||
                                                       line.at(start.size()) == QLatin1Char(' '));
        if (starts)
            inBlock = true;
        else if (!line.startsWith(QStringLiteral("   ")))
            inBlock = false;
        if (inBlock)
            text += line + QLatin1Char('\n');
    }
    return text;
}

} // namespace tandem::ctl
