#include "DisplayCommands.h"

#include "config/ConfigParser.h"
#include "ha/HaNode.h"

#include <QDateTime>
#include <QHostAddress>
#include <QStringList>
#include <algorithm>

namespace tandem::mgmt {

namespace {

const QString kUsage =
    QStringLiteral("known: display current-configuration | display service-location [<id>] | "
                   "display vrrp [interface <if>] [<vrid>] [brief | verbose] | "
                   "display vrrp state-change [interface <if>] [vrid <vrid>]");

QString ip(std::uint32_t address)
{
    return QHostAddress(address).toString();
}

// "2011-10-18 11:14:48 UTC+10:59", in the agent's local time as the device prints it.
QString deviceTime(qint64 msecsSinceEpoch)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch);
    const int offset = time.offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    return time.toString(QStringLiteral("yyyy-MM-dd hh:mm:ss")) +
           QStringLiteral(" UTC%1%2:%3")
               .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
               .arg(minutes / 60, 2, 10, QLatin1Char('0'))
               .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

// The device prints "GigabitEthernet 0/1/1" in `display vrrp` headers.
QString spacedInterface(const std::string& name)
{
    const QString text = QString::fromStdString(name);
    const auto digit = std::find_if(text.begin(), text.end(), [](QChar c) { return c.isDigit(); });
    if (digit == text.end() || digit == text.begin())
        return text;
    const qsizetype at = digit - text.begin();
    return text.left(at) + QLatin1Char(' ') + text.mid(at);
}

QString interval(int centiseconds)
{
    if (centiseconds % 100 == 0)
        return QStringLiteral("%1 s").arg(centiseconds / 100);
    return QStringLiteral("%1 ms").arg(centiseconds * 10);
}

QString field(const QString& label, const QString& value)
{
    return QStringLiteral("    %1: %2").arg(label.leftJustified(23), value);
}

struct Args
{
    QStringList tokens;
    qsizetype next = 0;
    bool atEnd() const { return next >= tokens.size(); }
    const QString& peek() const { return tokens[next]; }
    // `interface GigabitEthernet 0/1/1` or `interface GigabitEthernet0/1/1`
    QString takeInterface()
    {
        QString name = tokens[next++];
        if (!atEnd() && !peek().isEmpty() && peek()[0].isDigit() && !name.back().isDigit())
            name += tokens[next++];
        return name;
    }
};

std::optional<int> number(const QString& token)
{
    bool ok = false;
    const int value = token.toInt(&ok);
    return ok ? std::optional<int>(value) : std::nullopt;
}

QString serviceLocationBlock(const config::ServiceLocationConfig& slg,
                             const protocol::ServiceLocationStatus* status,
                             const config::DeviceConfig& config)
{
    QStringList lines;
    lines.append(QStringLiteral(" service-location %1").arg(slg.id));
    lines.append(QStringLiteral(" Backup scene type: inter-box"));
    QString slot = slg.slot ? QString::number(*slg.slot) : QStringLiteral("--");
    if (slg.engine)
        slot += QStringLiteral(" engine ID: %1").arg(*slg.engine);
    lines.append(QStringLiteral(" Location slot ID: %1").arg(slot));
    lines.append(QStringLiteral(" Remote-backup interface: %1")
                     .arg(slg.remoteBackupInterface.empty()
                              ? QStringLiteral("--")
                              : QString::fromStdString(slg.remoteBackupInterface)));
    lines.append(QStringLiteral(" Peer: %1")
                     .arg(slg.remoteBackupPeer
                              ? QString::fromStdString(slg.remoteBackupPeer->toString())
                              : QStringLiteral("--")));
    lines.append(QStringLiteral(" Vrrp ID: %1")
                     .arg(slg.vrrpVrid ? QString::number(*slg.vrrpVrid) : QStringLiteral("--")));
    lines.append(QStringLiteral(" Vrrp bind interface: %1")
                     .arg(slg.vrrpInterface.empty() ? QStringLiteral("--")
                                                    : QString::fromStdString(slg.vrrpInterface)));
    lines.append(
        QStringLiteral(" Vrrp state: %1").arg(status ? status->state : QStringLiteral("slave")));
    const auto bound = std::count_if(
        config.serviceInstanceGroups.begin(), config.serviceInstanceGroups.end(),
        [&](const config::ServiceInstanceGroupConfig& group) {
            return std::any_of(group.serviceLocations.begin(), group.serviceLocations.end(),
                               [&](const auto& member) { return member.id == slg.id; });
        });
    lines.append(QStringLiteral(" Bound service-instance-group number: %1").arg(bound));
    lines.append(QStringLiteral(" Batch-backup state: %1")
                     .arg(status ? status->batchBackupState : QStringLiteral("NA")));
    return lines.join(QLatin1Char('\n'));
}

std::optional<QString> displayServiceLocation(Args& args, const ha::HaNode& node, QString* error)
{
    const config::DeviceConfig& config = node.config();
    std::optional<int> id;
    if (!args.atEnd()) {
        id = number(args.peek());
        if (!id || args.next + 1 != args.tokens.size()) {
            *error = QStringLiteral("display service-location takes one service-location id, "
                                    "not '%1'")
                         .arg(args.tokens.mid(args.next).join(QLatin1Char(' ')));
            return std::nullopt;
        }
    }
    const protocol::DeviceStatus status = node.status();
    QStringList blocks;
    for (const config::ServiceLocationConfig& slg : config.serviceLocations) {
        if (id && slg.id != *id)
            continue;
        blocks.append(serviceLocationBlock(slg, status.findServiceLocation(slg.id), config));
    }
    if (id && blocks.isEmpty()) {
        *error = QStringLiteral("service-location %1 is not configured").arg(*id);
        return std::nullopt;
    }
    return blocks.join(QStringLiteral("\n\n")) + QLatin1Char('\n');
}

QString vrrpVerbose(const ha::VrrpGroupDetail& d, const ha::HaNode& node)
{
    QStringList lines;
    lines.append(QStringLiteral("%1 | Virtual Router %2")
                     .arg(spacedInterface(d.interfaceName))
                     .arg(d.config.vrid));
    lines.append(field(QStringLiteral("State"), QLatin1String(ha::toString(d.state))));
    lines.append(field(QStringLiteral("Virtual IP"),
                       d.config.virtualIp ? QString::fromStdString(d.config.virtualIp->toString())
                                          : QStringLiteral("0.0.0.0")));
    lines.append(field(QStringLiteral("Master IP"), ip(d.masterIp)));
    lines.append(field(QStringLiteral("Local IP"), ip(d.localIp)));
    lines.append(field(QStringLiteral("PriorityRun"), QString::number(d.priorityRun)));
    lines.append(field(QStringLiteral("PriorityConfig"), QString::number(d.config.priority)));
    lines.append(field(QStringLiteral("MasterPriority"), QString::number(d.masterPriority)));
    QString preempt = QStringLiteral("%1    Delay Time  : %2 s")
                          .arg(d.config.preempt ? QStringLiteral("YES") : QStringLiteral("NO"))
                          .arg(d.config.preemptDelaySeconds);
    if (d.preemptRemainMs)
        preempt += QStringLiteral("    Remain : %1 s").arg((*d.preemptRemainMs + 999) / 1000);
    lines.append(field(QStringLiteral("Preempt"), preempt));
    lines.append(
        field(QStringLiteral("Hold Multiplier"), QString::number(d.config.holdingMultiplier)));
    lines.append(field(QStringLiteral("TimerRun"), interval(d.timerRunCentiseconds)));
    lines.append(
        field(QStringLiteral("TimerConfig"), interval(d.config.advertIntervalCentiseconds)));
    lines.append(field(QStringLiteral("Auth Type"), QStringLiteral("NONE")));
    lines.append(
        field(QStringLiteral("Virtual MAC"),
              QStringLiteral("0000-5e00-01%1").arg(d.config.vrid, 2, 16, QLatin1Char('0'))));
    lines.append(field(QStringLiteral("Check TTL"), QStringLiteral("YES")));
    lines.append(field(QStringLiteral("Config Type"), d.config.admin
                                                          ? QStringLiteral("admin-vrrp")
                                                          : QStringLiteral("normal-vrrp")));
    lines.append(field(QStringLiteral("Backup-forward"), QStringLiteral("disabled")));
    lines.append(field(QStringLiteral("Fast-resume"), QStringLiteral("disabled")));
    for (const config::TrackInterface& track : d.config.trackInterfaces) {
        lines.append(
            field(QStringLiteral("Track IF"), QStringLiteral("%1    Priority Reduced : %2")
                                                  .arg(QString::fromStdString(track.interfaceName))
                                                  .arg(track.reduced)));
        // Interfaces have no link state in the agent yet: a configured one is up.
        lines.append(field(QStringLiteral("IF State"), QStringLiteral("UP")));
    }
    for (const config::TrackServiceLocation& track : d.config.trackServiceLocations) {
        lines.append(field(QStringLiteral("Track Service-location"),
                           QStringLiteral("%1    Priority Reduced : %2")
                               .arg(track.serviceLocationId)
                               .arg(track.reduced)));
        lines.append(field(QStringLiteral("Service-location State"),
                           node.isServiceLocationUp(track.serviceLocationId)
                               ? QStringLiteral("UP")
                               : QStringLiteral("DOWN")));
    }
    lines.append(field(QStringLiteral("Create Time"), deviceTime(d.createdMsecsSinceEpoch)));
    lines.append(field(QStringLiteral("Last Change Time"),
                       d.lastChangeMsecsSinceEpoch ? deviceTime(d.lastChangeMsecsSinceEpoch)
                                                   : QStringLiteral("--")));
    return lines.join(QLatin1Char('\n'));
}

QString vrrpBrief(const std::vector<ha::VrrpGroupDetail>& groups)
{
    int master = 0;
    int backup = 0;
    int inactive = 0;
    for (const ha::VrrpGroupDetail& d : groups) {
        if (d.state == ha::VrrpState::Master)
            ++master;
        else if (d.state == ha::VrrpState::Backup)
            ++backup;
        else
            ++inactive;
    }
    QStringList lines;
    lines.append(QStringLiteral("Total:%1     Master:%2     Backup:%3     Non-active:%4")
                     .arg(groups.size())
                     .arg(master)
                     .arg(backup)
                     .arg(inactive));
    auto row = [](const QStringList& cells) {
        static const int widths[] = {6, 12, 24, 8, 16, 16};
        QString line;
        for (qsizetype i = 0; i < cells.size(); ++i)
            line += i < 6 ? cells[i].leftJustified(widths[i]) : cells[i];
        return line.trimmed();
    };
    lines.append(row({QStringLiteral("VRID"), QStringLiteral("State"), QStringLiteral("Interface"),
                      QStringLiteral("Type"), QStringLiteral("Virtual IP"),
                      QStringLiteral("Master IP"), QStringLiteral("Local IP")}));
    lines.append(QString(96, QLatin1Char('-')));
    for (const ha::VrrpGroupDetail& d : groups)
        lines.append(
            row({QString::number(d.config.vrid), QLatin1String(ha::toString(d.state)),
                 QString::fromStdString(d.interfaceName),
                 d.config.admin ? QStringLiteral("Admin") : QStringLiteral("Normal"),
                 d.config.virtualIp ? QString::fromStdString(d.config.virtualIp->toString())
                                    : QStringLiteral("0.0.0.0"),
                 ip(d.masterIp), ip(d.localIp)}));
    return lines.join(QLatin1Char('\n'));
}

QString vrrpStateChanges(const ha::VrrpGroupDetail& d)
{
    QStringList lines;
    lines.append(QStringLiteral("Interface: %1    VRID: %2")
                     .arg(QString::fromStdString(d.interfaceName))
                     .arg(d.config.vrid));
    auto row = [](const QString& time, const QString& from, const QString& to,
                  const QString& reason) {
        return (time.leftJustified(31) + from.leftJustified(14) + to.leftJustified(18) + reason)
            .trimmed();
    };
    lines.append(row(QStringLiteral("Time"), QStringLiteral("SourceState"),
                     QStringLiteral("DestinationState"), QStringLiteral("Reason")));
    for (const ha::VrrpStateChange& change : d.stateChanges)
        lines.append(
            row(deviceTime(change.msecsSinceEpoch), QLatin1String(ha::toString(change.from)),
                QLatin1String(ha::toString(change.to)), QString::fromStdString(change.reason)));
    if (d.stateChanges.empty())
        lines.append(QStringLiteral("(no state change yet)"));
    return lines.join(QLatin1Char('\n'));
}

std::optional<QString> displayVrrp(Args& args, const ha::HaNode& node, const QString& command,
                                   QString* error)
{
    bool stateChange = false;
    bool brief = false;
    QString interfaceName;
    std::optional<int> vrid;
    if (!args.atEnd() && args.peek() == QLatin1String("state-change")) {
        stateChange = true;
        ++args.next;
    }
    while (!args.atEnd()) {
        const QString token = args.tokens[args.next++];
        if (token == QLatin1String("interface") && !args.atEnd() && interfaceName.isEmpty()) {
            interfaceName = args.takeInterface();
        } else if (stateChange && token == QLatin1String("vrid") && !args.atEnd() && !vrid) {
            vrid = number(args.tokens[args.next++]);
            if (!vrid) {
                *error = QStringLiteral("bad VRID '%1' in '%2'")
                             .arg(args.tokens[args.next - 1], command);
                return std::nullopt;
            }
        } else if (!stateChange && !vrid && number(token)) {
            vrid = number(token);
        } else if (!stateChange &&
                   (token == QLatin1String("brief") || token == QLatin1String("verbose")) &&
                   args.atEnd()) {
            brief = token == QLatin1String("brief");
        } else {
            *error = QStringLiteral("cannot read '%1' in '%2'; %3").arg(token, command, kUsage);
            return std::nullopt;
        }
    }
    std::vector<ha::VrrpGroupDetail> groups = node.vrrpDetails();
    std::erase_if(groups, [&](const ha::VrrpGroupDetail& d) {
        return (vrid && d.config.vrid != *vrid) ||
               (!interfaceName.isEmpty() &&
                QString::fromStdString(d.interfaceName) != interfaceName);
    });
    if (groups.empty() && (vrid || !interfaceName.isEmpty())) {
        *error = QStringLiteral("no VRRP group%1%2 is configured")
                     .arg(vrid ? QStringLiteral(" with VRID %1").arg(*vrid) : QString(),
                          interfaceName.isEmpty() ? QString()
                                                  : QStringLiteral(" on %1").arg(interfaceName));
        return std::nullopt;
    }
    if (brief)
        return vrrpBrief(groups) + QLatin1Char('\n');
    QStringList blocks;
    for (const ha::VrrpGroupDetail& d : groups)
        blocks.append(stateChange ? vrrpStateChanges(d) : vrrpVerbose(d, node));
    return blocks.join(QStringLiteral("\n\n")) + QLatin1Char('\n');
}

} // namespace

std::optional<QString> runDisplayCommand(const QString& command, const ha::HaNode& node,
                                         QString* error)
{
    Args args;
    args.tokens = command.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (!args.atEnd() && args.peek() == QLatin1String("display"))
        ++args.next;
    const QString shown =
        QStringLiteral("display ") + args.tokens.mid(args.next).join(QLatin1Char(' '));
    if (args.atEnd()) {
        *error = QStringLiteral("'display' needs an object; %1").arg(kUsage);
        return std::nullopt;
    }
    const QString object = args.tokens[args.next++];
    if (object == QLatin1String("current-configuration") && args.atEnd())
        return QString::fromStdString(config::printConfig(node.config()));
    if (object == QLatin1String("service-location"))
        return displayServiceLocation(args, node, error);
    if (object == QLatin1String("vrrp"))
        return displayVrrp(args, node, shown, error);
    *error = QStringLiteral("unknown display command '%1'; %2").arg(shown, kUsage);
    return std::nullopt;
}

} // namespace tandem::mgmt
