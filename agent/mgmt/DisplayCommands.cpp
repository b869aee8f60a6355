#include "DisplayCommands.h"

#include "config/ConfigParser.h"
#include "ha/BackupChannel.h"
#include "ha/HaNode.h"
#include "ha/HotBackup.h"

#include <QDateTime>
#include <QHostAddress>
#include <QStringList>
#include <algorithm>

namespace tandem::mgmt {

namespace {

const QString kUsage = QStringLiteral(
    "known: display current-configuration | display service-location [<id>] | "
    "display vrrp [interface <if>] [<vrid>] [brief | verbose] | "
    "display vrrp state-change [interface <if>] [vrid <vrid>] | "
    "display remote-backup-service [<name>] [verbose] | "
    "display service-ha global-information [delay-time] | "
    "display nat session table [slot <s> [engine <e>]] [nat-instance <n>] "
    "[source inside <ip> [vpn-instance <v>]] [destination <ip>] [protocol tcp|udp|icmp] "
    "[verbose] | "
    "display nat user-information {slot <s> [engine <e>] | cpe ipv4 <ip> [vpn-instance <v>]} "
    "[verbose] | display nat ip-pool [<name>]");

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
    // Consumes the next token when it is `word`.
    bool take(const QString& word)
    {
        if (atEnd() || peek() != word)
            return false;
        ++next;
        return true;
    }
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
                             const config::DeviceConfig& config, const ha::HotBackup* hotBackup)
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
    // The node alone does not know the batch: hot backup does (NA on the slave, as the sample).
    lines.append(
        QStringLiteral(" Batch-backup state: %1")
            .arg(hotBackup ? ha::toString(hotBackup->batchState(slg.id)) : QStringLiteral("NA")));
    return lines.join(QLatin1Char('\n'));
}

std::optional<QString> displayServiceLocation(Args& args, const DisplaySources& sources,
                                              QString* error)
{
    const ha::HaNode& node = *sources.node;
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
        blocks.append(serviceLocationBlock(slg, status.findServiceLocation(slg.id), config,
                                           sources.hotBackup));
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

// ------------------------------------------------------------------ hot backup and the tables

// "2014-7-10 17:21:46", the form of the session sample's `Create:` field.
QString shortTime(qint64 msecsSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch)
        .toString(QStringLiteral("yyyy-M-d hh:mm:ss"));
}

// "00:02:00": the TTL / Left fields of the session sample.
QString clock(std::int64_t seconds)
{
    seconds = std::max<std::int64_t>(0, seconds);
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600, 2, 10, QLatin1Char('0'))
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString keyValue(const QString& key, const QString& value)
{
    return QStringLiteral("  %1:  %2").arg(key.leftJustified(35), value);
}

const QString kRule = QStringLiteral("  ") + QString(75, QLatin1Char('-'));

// One service-location with tables, as the `slot <s> [engine <e>]` and `nat-instance <n>`
// filters of the table displays select them.
struct TableLocation
{
    int id = 0;
    int slot = 0;
    int engine = 0;
    QStringList natInstances;
    const cgn::CgnEngine* tables = nullptr; // null: its board is down
    bool master = false;
};

struct LocationFilter
{
    std::optional<int> slot;
    std::optional<int> engine;
    QString natInstance;
};

std::vector<TableLocation> tableLocations(const DisplaySources& sources,
                                          const LocationFilter& filter)
{
    std::vector<TableLocation> result;
    if (!sources.hotBackup)
        return result;
    const config::DeviceConfig& config = sources.node->config();
    for (int id : sources.hotBackup->serviceLocations()) {
        const config::ServiceLocationConfig* slg = config.findServiceLocation(id);
        TableLocation location;
        location.id = id;
        location.slot = slg && slg->slot ? *slg->slot : 0;
        location.engine = slg && slg->engine ? *slg->engine : 0;
        for (const config::ServiceInstanceGroupConfig& sig : config.serviceInstanceGroups) {
            if (std::none_of(sig.serviceLocations.begin(), sig.serviceLocations.end(),
                             [&](const auto& member) { return member.id == id; }))
                continue;
            for (const config::NatInstanceConfig& nat : config.natInstances)
                if (nat.serviceInstanceGroup == sig.name)
                    location.natInstances.append(QString::fromStdString(nat.name));
        }
        if ((filter.slot && location.slot != *filter.slot) ||
            (filter.engine && location.engine != *filter.engine) ||
            (!filter.natInstance.isEmpty() && !location.natInstances.contains(filter.natInstance)))
            continue;
        location.tables = sources.hotBackup->engine(id);
        location.master = sources.hotBackup->isMaster(id);
        result.push_back(location);
    }
    return result;
}

QString locationHeader(const TableLocation& location)
{
    return QStringLiteral("Slot: %1 Engine: %2").arg(location.slot).arg(location.engine);
}

// VPN ids are the position of `ip vpn-instance` in the configuration, from 1; 0 is public.
QString vpnName(const config::DeviceConfig& config, cgn::VpnId vpn)
{
    if (vpn == 0 || vpn > config.vpnInstances.size())
        return QStringLiteral("-");
    return QString::fromStdString(config.vpnInstances[vpn - 1].name);
}

std::optional<cgn::VpnId> vpnId(const config::DeviceConfig& config, const QString& name)
{
    for (std::size_t i = 0; i < config.vpnInstances.size(); ++i)
        if (QString::fromStdString(config.vpnInstances[i].name) == name)
            return cgn::VpnId(i + 1);
    return std::nullopt;
}

std::optional<std::uint32_t> ipv4(const QString& text)
{
    bool ok = false;
    const quint32 address = QHostAddress(text).toIPv4Address(&ok);
    return ok ? std::optional<std::uint32_t>(address) : std::nullopt;
}

// Engine time (monotonic seconds) as wall-clock milliseconds.
qint64 engineToWallMs(const ha::HotBackup& hotBackup, cgn::Seconds at)
{
    return QDateTime::currentMSecsSinceEpoch() -
           (qint64(hotBackup.engineNow()) - qint64(at)) * 1000;
}

cgn::Seconds timeoutOf(const cgn::EngineConfig& config, const cgn::SessionView& session)
{
    switch (session.inside.protocol) {
    case cgn::Protocol::Udp:
        return config.timeouts.udp;
    case cgn::Protocol::Icmp:
        return config.timeouts.icmp;
    case cgn::Protocol::Tcp:
        break;
    }
    switch (session.tcpState) {
    case cgn::TcpState::Established:
        return config.timeouts.tcpEstablished;
    case cgn::TcpState::Reset:
        return config.timeouts.tcpReset;
    default:
        return config.timeouts.tcpTransitory;
    }
}

QString sessionLines(const cgn::SessionView& s, const TableLocation& location, bool verbose,
                     const DisplaySources& sources)
{
    const QString inside =
        QStringLiteral("%1:%2").arg(ip(s.inside.innerAddress)).arg(s.inside.port);
    const QString outside = QStringLiteral("%1:%2").arg(ip(s.outside.address)).arg(s.outside.port);
    const QString remote = QStringLiteral("%1:%2").arg(ip(s.remote.address)).arg(s.remote.port);
    QStringList lines;
    lines.append(
        QStringLiteral(" %1: %2[%3]-->%4")
            .arg(QLatin1String(cgn::toString(s.inside.protocol).data()), inside, outside, remote));
    lines.append(QStringLiteral("      %1-->%2[%3]").arg(remote, outside, inside));
    if (!verbose)
        return lines.join(QLatin1Char('\n'));
    const config::DeviceConfig& config = sources.node->config();
    const cgn::Seconds now = sources.hotBackup->engineNow();
    lines.append(QStringLiteral(" NAT Instance:%1")
                     .arg(location.natInstances.isEmpty()
                              ? QStringLiteral("-")
                              : location.natInstances.join(QLatin1Char(','))));
    // The sample reads "VPN:vpn1-->-vpn2": inside VPN, then the outside one; public is empty.
    const QString insideVpn = s.inside.user.vpn ? vpnName(config, s.inside.user.vpn) : QString();
    lines.append(QStringLiteral(" VPN:%1-->-").arg(insideVpn));
    // The reference's samples are all `Master`; a backed-up copy on the slave says `Slave`,
    // the word `display service-location` uses for that side.
    lines.append(QStringLiteral(" Status:hit, TcpState:%1, Create:%2,TTL:%3 ,Left:%4 , %5")
                     .arg(QLatin1String(cgn::toString(s.tcpState).data()),
                          shortTime(engineToWallMs(*sources.hotBackup, s.created)),
                          clock(timeoutOf(location.tables->config(), s)),
                          clock(std::int64_t(s.expires) - std::int64_t(now)),
                          location.master ? QStringLiteral("Master") : QStringLiteral("Slave")));
    lines.append(
        QStringLiteral(" AppProID: 0x0, CPEIP:%1, FwdType:NAT44").arg(ip(s.inside.user.ipv4)));
    return lines.join(QLatin1Char('\n'));
}

std::optional<int> takeNumber(Args& args, const QString& what, const QString& command,
                              QString* error)
{
    const std::optional<int> value = args.atEnd() ? std::nullopt : number(args.peek());
    if (!value) {
        *error = QStringLiteral("'%1' needs a number after %2").arg(command, what);
        return std::nullopt;
    }
    ++args.next;
    return value;
}

std::optional<std::uint32_t> takeAddress(Args& args, const QString& what, const QString& command,
                                         QString* error)
{
    const std::optional<std::uint32_t> value = args.atEnd() ? std::nullopt : ipv4(args.peek());
    if (!value) {
        *error = QStringLiteral("'%1' needs an IPv4 address after %2").arg(command, what);
        return std::nullopt;
    }
    ++args.next;
    return value;
}

bool takeSlot(Args& args, LocationFilter* filter, const QString& command, QString* error)
{
    filter->slot = takeNumber(args, QStringLiteral("slot"), command, error);
    if (!filter->slot)
        return false;
    if (args.take(QStringLiteral("engine"))) {
        filter->engine = takeNumber(args, QStringLiteral("engine"), command, error);
        if (!filter->engine)
            return false;
    }
    return true;
}

std::optional<QString> noTables(const LocationFilter& filter, const QString& command,
                                QString* error)
{
    *error = filter.slot || !filter.natInstance.isEmpty()
                 ? QStringLiteral("'%1': no service-location with NAT tables matches").arg(command)
                 : QStringLiteral("'%1': no service-location has NAT tables on this device "
                                  "(no NAT instance bound to one)")
                       .arg(command);
    return std::nullopt;
}

std::optional<QString> displaySessionTable(Args& args, const DisplaySources& sources,
                                           const QString& command, QString* error)
{
    LocationFilter where;
    cgn::SessionFilter filter;
    bool verbose = false;
    std::optional<QString> insideVpn;
    while (!args.atEnd()) {
        const QString token = args.tokens[args.next++];
        if (token == QLatin1String("slot") && !where.slot) {
            if (!takeSlot(args, &where, command, error))
                return std::nullopt;
        } else if (token == QLatin1String("nat-instance") && !args.atEnd() &&
                   where.natInstance.isEmpty()) {
            where.natInstance = args.tokens[args.next++];
        } else if (token == QLatin1String("source") && args.take(QStringLiteral("inside")) &&
                   !filter.insideAddress) {
            filter.insideAddress =
                takeAddress(args, QStringLiteral("source inside"), command, error);
            if (!filter.insideAddress)
                return std::nullopt;
            if (args.take(QStringLiteral("vpn-instance"))) {
                if (args.atEnd()) {
                    *error = QStringLiteral("'%1' needs a name after vpn-instance").arg(command);
                    return std::nullopt;
                }
                insideVpn = args.tokens[args.next++];
            }
        } else if (token == QLatin1String("destination") && !filter.remoteAddress) {
            filter.remoteAddress = takeAddress(args, QStringLiteral("destination"), command, error);
            if (!filter.remoteAddress)
                return std::nullopt;
        } else if (token == QLatin1String("protocol") && !args.atEnd() && !filter.protocol) {
            const QString name = args.tokens[args.next++];
            for (cgn::Protocol p : {cgn::Protocol::Tcp, cgn::Protocol::Udp, cgn::Protocol::Icmp})
                if (name == QLatin1String(cgn::toString(p).data()))
                    filter.protocol = p;
            if (!filter.protocol) {
                *error = QStringLiteral("'%1': protocol is tcp, udp or icmp, not '%2'")
                             .arg(command, name);
                return std::nullopt;
            }
        } else if (token == QLatin1String("verbose") && !verbose) {
            verbose = true;
        } else {
            *error = QStringLiteral("cannot read '%1' in '%2'; %3").arg(token, command, kUsage);
            return std::nullopt;
        }
    }
    const config::DeviceConfig& config = sources.node->config();
    if (insideVpn) {
        const auto vpn = vpnId(config, *insideVpn);
        if (!vpn) {
            *error =
                QStringLiteral("'%1': vpn-instance %2 is not configured").arg(command, *insideVpn);
            return std::nullopt;
        }
        filter.vpn = *vpn;
    }
    const std::vector<TableLocation> locations = tableLocations(sources, where);
    if (locations.empty())
        return noTables(where, command, error);
    const bool filtered = filter.insideAddress || filter.remoteAddress || filter.protocol;
    QStringList blocks;
    for (const TableLocation& location : locations) {
        QStringList lines{locationHeader(location)};
        if (!location.tables) {
            lines.append(
                QStringLiteral("Service-location %1: board down, no tables.").arg(location.id));
            blocks.append(lines.join(QLatin1Char('\n')));
            continue;
        }
        const cgn::SessionPage page =
            location.tables->listSessions(filter, 0, std::size_t(kDisplayPageSize));
        // Unfiltered, the table knows its size; filtered, the rest is counted (not copied) —
        // up to a bound, so a display never stalls the agent on a huge table.
        std::uint64_t total = location.tables->counts().sessions;
        bool exact = true;
        if (filtered) {
            constexpr std::uint64_t kCountBudget = 4u << 20;
            total = page.sessions.size();
            std::uint64_t examined = page.examined;
            std::uint64_t cursor = page.nextCursor;
            while (cursor != 0 && examined < kCountBudget) {
                const cgn::SessionPage more =
                    location.tables->listSessions(filter, cursor, 4096, kCountBudget - examined);
                total += more.sessions.size();
                examined += more.examined;
                cursor = more.nextCursor;
            }
            exact = cursor == 0;
        }
        lines.append(QStringLiteral("Current total sessions: %1%2.")
                         .arg(exact ? QString() : QStringLiteral("at least "))
                         .arg(total));
        for (const cgn::SessionView& session : page.sessions)
            lines.append(sessionLines(session, location, verbose, sources));
        if (total > page.sessions.size())
            lines.append(QStringLiteral("(%1 shown, %2%3 more: narrow with source inside <ip>, "
                                        "or page with `tandemctl sessions`)")
                             .arg(page.sessions.size())
                             .arg(exact ? QString() : QStringLiteral("at least "))
                             .arg(total - page.sessions.size()));
        blocks.append(lines.join(QLatin1Char('\n')));
    }
    return blocks.join(QStringLiteral("\n\n")) + QLatin1Char('\n');
}

QString userBlock(const cgn::UserView& user, const TableLocation& location, bool verbose,
                  const DisplaySources& sources)
{
    const config::DeviceConfig& config = sources.node->config();
    QStringList lines{kRule};
    if (verbose)
        lines.append(keyValue(QStringLiteral("User Type"), QStringLiteral("NAT444")));
    lines.append(keyValue(QStringLiteral("CPE IP"), ip(user.key.ipv4)));
    lines.append(keyValue(QStringLiteral("VPN Instance"), vpnName(config, user.key.vpn)));
    if (verbose)
        lines.append(keyValue(QStringLiteral("NAT Instance"),
                              location.natInstances.isEmpty()
                                  ? QStringLiteral("-")
                                  : location.natInstances.join(QLatin1Char(','))));
    lines.append(keyValue(QStringLiteral("Public IP"), ip(user.publicAddress)));
    const cgn::PortBlockView* first = user.blocks.empty() ? nullptr : &user.blocks.front();
    lines.append(keyValue(QStringLiteral("Start Port"),
                          first ? QString::number(first->firstPort) : QStringLiteral("-")));
    lines.append(keyValue(QStringLiteral("Port Range"),
                          first ? QString::number(first->lastPort - first->firstPort + 1)
                                : QStringLiteral("-")));
    // Blocks after the first are the device's "extended" port allocations.
    QStringList extended;
    for (std::size_t i = 1; i < user.blocks.size(); ++i)
        extended.append(QString::number(user.blocks[i].firstPort));
    lines.append(
        keyValue(QStringLiteral("Extend Port Alloc Number"), QString::number(extended.size())));
    if (!extended.isEmpty())
        lines.append(
            keyValue(QStringLiteral("Extend Port Start"), extended.join(QStringLiteral(", "))));
    lines.append(
        keyValue(QStringLiteral("Total/TCP/UDP/ICMP Session Limit"), QStringLiteral("%1/%2/%3/%4")
                                                                         .arg(user.limits.total)
                                                                         .arg(user.limits.tcp)
                                                                         .arg(user.limits.udp)
                                                                         .arg(user.limits.icmp)));
    lines.append(
        keyValue(QStringLiteral("Total/TCP/UDP/ICMP Session Current"), QStringLiteral("%1/%2/%3/%4")
                                                                           .arg(user.totalSessions)
                                                                           .arg(user.sessions[0])
                                                                           .arg(user.sessions[1])
                                                                           .arg(user.sessions[2])));
    if (verbose) {
        std::array<std::uint32_t, cgn::kProtocolCount> ports{};
        for (const cgn::PortBlockView& block : user.blocks)
            for (std::size_t p = 0; p < ports.size(); ++p)
                ports[p] += block.used[p];
        lines.append(
            keyValue(QStringLiteral("TCP/UDP/ICMP Port Current"),
                     QStringLiteral("%1/%2/%3").arg(ports[0]).arg(ports[1]).arg(ports[2])));
        lines.append(keyValue(QStringLiteral("Create Time"),
                              shortTime(engineToWallMs(*sources.hotBackup, user.created))));
    }
    return lines.join(QLatin1Char('\n'));
}

std::optional<QString> displayUserInformation(Args& args, const DisplaySources& sources,
                                              const QString& command, QString* error)
{
    LocationFilter where;
    std::optional<std::uint32_t> cpe;
    std::optional<QString> vpn;
    bool verbose = false;
    while (!args.atEnd()) {
        const QString token = args.tokens[args.next++];
        if (token == QLatin1String("slot") && !where.slot) {
            if (!takeSlot(args, &where, command, error))
                return std::nullopt;
        } else if (token == QLatin1String("cpe") && args.take(QStringLiteral("ipv4")) && !cpe) {
            cpe = takeAddress(args, QStringLiteral("cpe ipv4"), command, error);
            if (!cpe)
                return std::nullopt;
            if (args.take(QStringLiteral("vpn-instance"))) {
                if (args.atEnd()) {
                    *error = QStringLiteral("'%1' needs a name after vpn-instance").arg(command);
                    return std::nullopt;
                }
                vpn = args.tokens[args.next++];
            }
        } else if (token == QLatin1String("nat-instance") && !args.atEnd() &&
                   where.natInstance.isEmpty()) {
            where.natInstance = args.tokens[args.next++];
        } else if (token == QLatin1String("verbose") && !verbose) {
            verbose = true;
        } else {
            *error = QStringLiteral("cannot read '%1' in '%2'; %3").arg(token, command, kUsage);
            return std::nullopt;
        }
    }
    if (!where.slot && !cpe && where.natInstance.isEmpty()) {
        *error = QStringLiteral("'%1' needs slot <s>, cpe ipv4 <ip> or nat-instance <n>; %2")
                     .arg(command, kUsage);
        return std::nullopt;
    }
    const config::DeviceConfig& config = sources.node->config();
    cgn::VpnId vpnIdentifier = 0;
    if (vpn) {
        const auto id = vpnId(config, *vpn);
        if (!id) {
            *error = QStringLiteral("'%1': vpn-instance %2 is not configured").arg(command, *vpn);
            return std::nullopt;
        }
        vpnIdentifier = *id;
    }
    const std::vector<TableLocation> locations = tableLocations(sources, where);
    if (locations.empty())
        return noTables(where, command, error);
    QStringList blocks;
    for (const TableLocation& location : locations) {
        QStringList lines{locationHeader(location)};
        if (!location.tables) {
            lines.append(
                QStringLiteral("Service-location %1: board down, no tables.").arg(location.id));
            blocks.append(lines.join(QLatin1Char('\n')));
            continue;
        }
        std::vector<cgn::UserView> users;
        std::uint64_t total = 0;
        if (cpe) {
            if (auto user = location.tables->user(cgn::UserKey::nat44(vpnIdentifier, *cpe)))
                users.push_back(std::move(*user));
            total = users.size();
        } else {
            users = location.tables->listUsers(0, std::size_t(kDisplayPageSize)).users;
            total = location.tables->counts().users;
        }
        lines.append(QStringLiteral("Total number: %1.").arg(total));
        for (const cgn::UserView& user : users)
            lines.append(userBlock(user, location, verbose, sources));
        if (!users.empty())
            lines.append(kRule);
        if (total > users.size())
            lines.append(QStringLiteral("(%1 shown, %2 more: look one up with cpe ipv4 <ip>, or "
                                        "page with `tandemctl users`)")
                             .arg(users.size())
                             .arg(total - users.size()));
        blocks.append(lines.join(QLatin1Char('\n')));
    }
    return blocks.join(QStringLiteral("\n\n")) + QLatin1Char('\n');
}

// The device's words for the channel's TCP state: the listening end shows Listening until the
// peer connects.
QString tcpState(const ha::BackupChannel& channel)
{
    switch (channel.state()) {
    case ha::BackupChannel::State::Up:
        return QStringLiteral("Connected");
    case ha::BackupChannel::State::Connecting:
        return QStringLiteral("Connecting");
    case ha::BackupChannel::State::Mismatch:
        return QStringLiteral("Closed (HA configuration mismatch)");
    case ha::BackupChannel::State::AuthFailed:
        return QStringLiteral("Closed (authentication failed)");
    case ha::BackupChannel::State::Down:
        break;
    }
    return channel.isConnector() ? QStringLiteral("Closed") : QStringLiteral("Listening");
}

std::optional<QString> displayRemoteBackupService(Args& args, const DisplaySources& sources,
                                                  const QString& command, QString* error)
{
    QString name;
    bool verbose = false;
    while (!args.atEnd()) {
        const QString token = args.tokens[args.next++];
        if (token == QLatin1String("verbose") && !verbose)
            verbose = true;
        else if (name.isEmpty() && !verbose)
            name = token;
        else {
            *error = QStringLiteral("cannot read '%1' in '%2'; %3").arg(token, command, kUsage);
            return std::nullopt;
        }
    }
    const config::DeviceConfig& config = sources.node->config();
    QStringList blocks;
    for (std::size_t index = 0; index < config.remoteBackupServices.size(); ++index) {
        const config::RemoteBackupServiceConfig& rbs = config.remoteBackupServices[index];
        if (!name.isEmpty() && QString::fromStdString(rbs.name) != name)
            continue;
        // The agent runs one channel: the RBS whose peer and port it was built from.
        const ha::BackupChannel* channel = sources.channel;
        if (channel && (!rbs.peer || !rbs.source ||
                        channel->settings().peerAddress != QHostAddress(rbs.peer->value) ||
                        channel->settings().port != rbs.port))
            channel = nullptr;
        const auto time = [](qint64 ms) { return ms ? deviceTime(ms) : QStringLiteral("--"); };
        QStringList lines{kRule};
        lines.append(keyValue(QStringLiteral("Service-Index"), QString::number(index)));
        lines.append(keyValue(QStringLiteral("Service-Name"), QString::fromStdString(rbs.name)));
        lines.append(keyValue(QStringLiteral("TCP-State"),
                              channel ? tcpState(*channel) : QStringLiteral("Closed")));
        lines.append(keyValue(QStringLiteral("Peer-ip"),
                              rbs.peer ? QString::fromStdString(rbs.peer->toString())
                                       : QStringLiteral("--")));
        lines.append(keyValue(QStringLiteral("Source-ip"),
                              rbs.source ? QString::fromStdString(rbs.source->toString())
                                         : QStringLiteral("--")));
        lines.append(keyValue(QStringLiteral("TCP-Port"),
                              rbs.port ? QString::number(rbs.port) : QStringLiteral("--")));
        lines.append(keyValue(QStringLiteral("Track-BFD"), QStringLiteral("--")));
        const ha::BackupChannel::Transitions none;
        const ha::BackupChannel::Transitions& t = channel ? channel->transitions() : none;
        lines.append(keyValue(QStringLiteral("Last up time"), time(t.lastUpMs)));
        lines.append(keyValue(QStringLiteral("Last down time"), time(t.lastDownMs)));
        lines.append(keyValue(QStringLiteral("Last down reason"),
                              t.lastDownReason.isEmpty() ? QStringLiteral("--")
                                                         : t.lastDownReason + QLatin1Char('.')));
        if (verbose && channel) {
            const ha::BackupChannel::Counters c = channel->counters();
            lines.append(keyValue(QStringLiteral("Peer-device"), channel->peerDeviceId().isEmpty()
                                                                     ? QStringLiteral("--")
                                                                     : channel->peerDeviceId()));
            lines.append(
                keyValue(QStringLiteral("Records sent/received/acked"),
                         QStringLiteral("%1/%2/%3").arg(c.sent).arg(c.received).arg(c.acked)));
            lines.append(keyValue(QStringLiteral("Records retried/missed"),
                                  QStringLiteral("%1/%2").arg(c.retried).arg(c.missed)));
            lines.append(keyValue(QStringLiteral("Frames rejected"), QString::number(c.rejected)));
            lines.append(keyValue(QStringLiteral("Queue depth"), QString::number(c.queueDepth)));
            lines.append(keyValue(QStringLiteral("Connects"), QString::number(c.connects)));
            lines.append(keyValue(
                QStringLiteral("Lag last/p99"),
                QStringLiteral("%1 us/%2 us").arg(c.lagLast.count()).arg(c.lagP99.count())));
        }
        lines.append(kRule);
        blocks.append(lines.join(QLatin1Char('\n')));
    }
    if (blocks.isEmpty()) {
        *error = name.isEmpty()
                     ? QStringLiteral("no remote-backup-service is configured")
                     : QStringLiteral("remote-backup-service %1 is not configured").arg(name);
        return std::nullopt;
    }
    return blocks.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

std::optional<QString> displayServiceHa(Args& args, const DisplaySources& sources,
                                        const QString& command, QString* error)
{
    const config::DeviceConfig& config = sources.node->config();
    if (args.take(QStringLiteral("delay-time")) && args.atEnd())
        return QStringLiteral(" service-ha delay-time %1\n").arg(config.haDelayTimeSeconds);
    if (!args.atEnd()) {
        *error = QStringLiteral("cannot read '%1' in '%2'; %3")
                     .arg(args.tokens.mid(args.next).join(QLatin1Char(' ')), command, kUsage);
        return std::nullopt;
    }
    int masters = 0;
    int slaves = 0;
    if (sources.hotBackup)
        for (int id : sources.hotBackup->serviceLocations())
            ++(sources.hotBackup->isMaster(id) ? masters : slaves);
    QStringList lines{QStringLiteral(" Service-ha global information:")};
    lines.append(keyValue(QStringLiteral("Hot-backup"), config.hotBackupEnabled
                                                            ? QStringLiteral("enable")
                                                            : QStringLiteral("disable")));
    lines.append(keyValue(QStringLiteral("Delay-time"),
                          QStringLiteral("%1 s").arg(config.haDelayTimeSeconds)));
    lines.append(keyValue(QStringLiteral("Batch-backup nat"), config.natBatchBackupEnabled
                                                                  ? QStringLiteral("enable")
                                                                  : QStringLiteral("disable")));
    lines.append(keyValue(QStringLiteral("Batch-backup timer-interval"),
                          config.natBatchBackupIntervalSeconds
                              ? QStringLiteral("%1 s").arg(*config.natBatchBackupIntervalSeconds)
                              : QStringLiteral("--")));
    lines.append(keyValue(
        QStringLiteral("Service-locations with tables"),
        QStringLiteral("%1 (master %2, slave %3)").arg(masters + slaves).arg(masters).arg(slaves)));
    lines.append(keyValue(QStringLiteral("Backup channel"),
                          sources.channel ? tcpState(*sources.channel) : QStringLiteral("--")));
    if (sources.hotBackup) {
        for (int id : sources.hotBackup->serviceLocations())
            lines.append(keyValue(
                QStringLiteral("Service-location %1 tables").arg(id),
                sources.hotBackup->inStep(id)
                    ? (sources.hotBackup->isMaster(id)
                           ? QStringLiteral(
                                 "in step (%1 sessions younger than delay-time not backed up)")
                                 .arg(sources.hotBackup->notBackedUp(id))
                           : QStringLiteral("in step"))
                    : QStringLiteral("not in step")));
        const ha::SyncCounters& c = sources.hotBackup->counters();
        // The hot-backup layer's counts (the channel's own sent/acked are in `ha status`).
        lines.append(
            keyValue(QStringLiteral("Changes queued/applied/missed"),
                     QStringLiteral("%1/%2/%3").arg(c.queued).arg(c.received).arg(c.missed)));
        lines.append(keyValue(QStringLiteral("Batches sent/received"),
                              QStringLiteral("%1/%2").arg(c.batchesSent).arg(c.batchesReceived)));
        lines.append(keyValue(QStringLiteral("Switchovers"),
                              QString::number(sources.hotBackup->switchovers().size())));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

// `display nat ip-pool [<name>]`: a pool's sections and, when it is load-balanced, its subnets
// with the service-location that holds each and that location's role here; the NAT instances'
// `nat ip-address` (the steering address of the master chassis, which the lab does not route).
std::optional<QString> displayNatIpPool(Args& args, const DisplaySources& sources,
                                        const QString& command, QString* error)
{
    const config::DeviceConfig& config = sources.node->config();
    const QString name = args.atEnd() ? QString() : args.tokens[args.next++];
    if (!args.atEnd()) {
        *error = QStringLiteral("cannot read '%1' in '%2'; %3")
                     .arg(args.tokens.mid(args.next).join(QLatin1Char(' ')), command, kUsage);
        return std::nullopt;
    }
    QStringList blocks;
    for (const config::NatIpPoolConfig& pool : config.natIpPools) {
        if (!name.isEmpty() && QString::fromStdString(pool.name) != name)
            continue;
        QStringList lines;
        lines.append(keyValue(QStringLiteral("Pool name"), QString::fromStdString(pool.name)));
        lines.append(keyValue(QStringLiteral("Slave"), pool.slave ? QStringLiteral("yes")
                                                                  : QStringLiteral("no")));
        lines.append(keyValue(QStringLiteral("Load-balance"), pool.loadBalance
                                                                  ? QStringLiteral("enable")
                                                                  : QStringLiteral("disable")));
        for (const config::NatIpPoolSection& section : pool.sections)
            lines.append(keyValue(QStringLiteral("Section %1").arg(section.id),
                                  QStringLiteral("%1 mask %2")
                                      .arg(ip(section.start.value))
                                      .arg(section.prefixLength)));
        if (pool.subnetInitialLength) {
            lines.append(keyValue(
                QStringLiteral("Subnet length"),
                pool.subnetExtendLength
                    ? QStringLiteral("initial %1 extend %2")
                          .arg(*pool.subnetInitialLength)
                          .arg(*pool.subnetExtendLength)
                    : QStringLiteral("initial %1").arg(*pool.subnetInitialLength)));
            // What the agent serves (subnets extended and released since start), or, without
            // hot backup, the initial assignment the configuration gives.
            std::string why;
            std::optional<cgn::SubnetPool> initial;
            const cgn::SubnetPool* subnets =
                sources.hotBackup ? sources.hotBackup->pools().pool(pool.name) : nullptr;
            if (!subnets && (initial = ha::poolSubnets(config, pool, &why)))
                subnets = &*initial;
            if (subnets) {
                lines.append(keyValue(QStringLiteral("Subnets"),
                                      QStringLiteral("%1 (%2 addresses free in the pool)")
                                          .arg(subnets->subnets().size())
                                          .arg(subnets->freeAddresses())));
                for (const cgn::Subnet& subnet : subnets->subnets()) {
                    const QString role =
                        !sources.hotBackup ? QStringLiteral("--")
                        : sources.hotBackup->isMaster(subnet.location) ? QStringLiteral("master")
                                                                       : QStringLiteral("slave");
                    QString use = QStringLiteral("--");
                    if (const cgn::CgnEngine* engine =
                            sources.hotBackup ? sources.hotBackup->engine(subnet.location) : nullptr) {
                        const cgn::RangeUsage u = engine->usage({subnet.network, subnet.last()});
                        use = QStringLiteral("%1/%2 blocks").arg(u.blocksUsed).arg(u.blocksTotal);
                    }
                    lines.append(QStringLiteral("   %1 service-location %2 %3 %4")
                                     .arg(QString::fromStdString(cgn::formatSubnet(subnet)), -19)
                                     .arg(subnet.location)
                                     .arg(QStringLiteral("(%1)").arg(role), -8)
                                     .arg(use));
                }
            } else {
                lines.append(keyValue(QStringLiteral("Subnets"),
                                      QStringLiteral("none: %1").arg(QString::fromStdString(why))));
            }
        }
        for (const config::NatInstanceConfig& nat : config.natInstances)
            for (const config::NatIpAddress& steering : nat.ipAddresses)
                lines.append(keyValue(
                    QStringLiteral("NAT ip-address"),
                    QStringLiteral("%1 %2 (nat instance %3; steers traffic to the master chassis, "
                                   "not routed in a lab)")
                        .arg(ip(steering.address.value))
                        .arg(steering.prefixLength)
                        .arg(QString::fromStdString(nat.name))));
        blocks.append(lines.join(QLatin1Char('\n')));
    }
    if (blocks.isEmpty()) {
        *error = name.isEmpty() ? QStringLiteral("no nat ip-pool is configured")
                                : QStringLiteral("nat ip-pool %1 is not configured").arg(name);
        return std::nullopt;
    }
    return blocks.join(QStringLiteral("\n\n")) + QLatin1Char('\n');
}

} // namespace

std::optional<QString> runDisplayCommand(const QString& command, const DisplaySources& sources,
                                         QString* error)
{
    const ha::HaNode& node = *sources.node;
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
        return displayServiceLocation(args, sources, error);
    if (object == QLatin1String("vrrp"))
        return displayVrrp(args, node, shown, error);
    if (object == QLatin1String("remote-backup-service"))
        return displayRemoteBackupService(args, sources, shown, error);
    if (object == QLatin1String("service-ha") && args.take(QStringLiteral("global-information")))
        return displayServiceHa(args, sources, shown, error);
    if (object == QLatin1String("nat") && args.take(QStringLiteral("session")) &&
        args.take(QStringLiteral("table")))
        return displaySessionTable(args, sources, shown, error);
    if (object == QLatin1String("nat") && args.take(QStringLiteral("user-information")))
        return displayUserInformation(args, sources, shown, error);
    if (object == QLatin1String("nat") && args.take(QStringLiteral("ip-pool")))
        return displayNatIpPool(args, sources, shown, error);
    *error = QStringLiteral("unknown display command '%1'; %2").arg(shown, kUsage);
    return std::nullopt;
}

} // namespace tandem::mgmt
