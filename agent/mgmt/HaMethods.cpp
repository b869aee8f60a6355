#include "HaMethods.h"

#include "MetricsServer.h"
#include "RpcServer.h"
#include "ha/BackupChannel.h"
#include "ha/HaNode.h"
#include "ha/HotBackup.h"
#include "ha/LoopWatch.h"
#include "protocol/JsonRpc.h"

#include <QHostAddress>
#include <QDateTime>
#include <QJsonArray>

namespace tandem::mgmt {

namespace {

using protocol::ErrorCode;
using protocol::makeError;
using protocol::RpcError;
using Outcome = std::variant<QJsonValue, RpcError>;

QString ip(std::uint32_t address)
{
    return QHostAddress(address).toString();
}

QJsonObject userKeyJson(const cgn::UserKey& key)
{
    QJsonObject o{{QStringLiteral("kind"), QLatin1String(cgn::toString(key.kind).data())},
                  {QStringLiteral("text"), QString::fromStdString(key.toString())}};
    if (key.kind == cgn::UserKind::Nat44) {
        o.insert(QStringLiteral("cpe"), ip(key.ipv4));
        o.insert(QStringLiteral("vpn"), int(key.vpn));
    } else {
        o.insert(QStringLiteral("ipv6"), QString::fromStdString(cgn::ipv6ToString(key.ipv6)));
    }
    return o;
}

// Reads an IPv4 parameter; absent → nullopt; present but bad → *error.
bool optionalIpv4(const QJsonObject& params, const char* name, std::optional<std::uint32_t>* out,
                  RpcError* error)
{
    const QJsonValue value = params.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return true;
    bool ok = false;
    const QHostAddress address(value.toString());
    const quint32 v4 = address.toIPv4Address(&ok);
    if (!value.isString() || !ok) {
        *error = makeError(ErrorCode::InvalidParams,
                           QStringLiteral("\"%1\" must be an IPv4 address").arg(QLatin1String(name)));
        return false;
    }
    *out = v4;
    return true;
}

bool optionalNumber(const QJsonObject& params, const char* name, double min, double max,
                    std::optional<double>* out, RpcError* error)
{
    const QJsonValue value = params.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return true;
    const double n = value.toDouble(-1);
    if (!value.isDouble() || n != double(qint64(n)) || n < min || n > max) {
        *error = makeError(ErrorCode::InvalidParams, QStringLiteral("\"%1\" must be a whole number "
                                                                    "from %2 to %3")
                                                         .arg(QLatin1String(name))
                                                         .arg(qint64(min))
                                                         .arg(qint64(max)));
        return false;
    }
    *out = n;
    return true;
}

// The engine of params.serviceLocation (or the only / first one with tables).
const cgn::CgnEngine* engineFor(const ha::HotBackup& hb, const QJsonObject& params, int* id,
                                RpcError* error)
{
    std::optional<double> sl;
    if (!optionalNumber(params, "serviceLocation", 1, 255, &sl, error))
        return nullptr;
    if (sl) {
        *id = int(*sl);
        if (const cgn::CgnEngine* e = hb.engine(*id))
            return e;
        *error = makeError(ErrorCode::InvalidParams,
                           QStringLiteral("service-location %1 has no tables on this device "
                                          "(unknown, no NAT instance, or its board is down)")
                               .arg(*id));
        return nullptr;
    }
    for (int candidate : hb.serviceLocations())
        if (const cgn::CgnEngine* e = hb.engine(candidate)) {
            *id = candidate;
            return e;
        }
    *error = makeError(ErrorCode::InvalidParams, QStringLiteral("no service-location has tables"));
    return nullptr;
}

// `cursor` (default 0) and `limit` (1–1000, default 100) of a paged listing.
struct Page
{
    std::uint64_t cursor = 0;
    std::size_t limit = 100;
};
bool readPage(const QJsonObject& params, Page* page, RpcError* error)
{
    std::optional<double> cursor, limit;
    if (!optionalNumber(params, "cursor", 0, 4294967295.0, &cursor, error)
        || !optionalNumber(params, "limit", 1, 1000, &limit, error))
        return false;
    page->cursor = std::uint64_t(cursor.value_or(0));
    page->limit = std::size_t(limit.value_or(100));
    return true;
}

std::optional<cgn::Protocol> protocolFrom(const QString& text)
{
    if (text == QLatin1String("tcp"))
        return cgn::Protocol::Tcp;
    if (text == QLatin1String("udp"))
        return cgn::Protocol::Udp;
    if (text == QLatin1String("icmp"))
        return cgn::Protocol::Icmp;
    return std::nullopt;
}

std::optional<cgn::SessionOrder> sessionOrderFrom(const QString& text)
{
    static const std::pair<const char*, cgn::SessionOrder> kOrders[] = {
        {"id", cgn::SessionOrder::Id},           {"inside", cgn::SessionOrder::Inside},
        {"outside", cgn::SessionOrder::Outside}, {"remote", cgn::SessionOrder::Remote},
        {"created", cgn::SessionOrder::Created}, {"expires", cgn::SessionOrder::Expires},
    };
    for (const auto& [name, order] : kOrders)
        if (text == QLatin1String(name))
            return order;
    return std::nullopt;
}

} // namespace

QJsonObject toJson(const cgn::SessionView& s)
{
    return {{QStringLiteral("id"), qint64(s.id)},
            {QStringLiteral("protocol"), QLatin1String(cgn::toString(s.inside.protocol).data())},
            {QStringLiteral("user"), userKeyJson(s.inside.user)},
            {QStringLiteral("insideAddress"), ip(s.inside.innerAddress)},
            {QStringLiteral("insidePort"), int(s.inside.port)},
            {QStringLiteral("outsideAddress"), ip(s.outside.address)},
            {QStringLiteral("outsidePort"), int(s.outside.port)},
            {QStringLiteral("remoteAddress"), ip(s.remote.address)},
            {QStringLiteral("remotePort"), int(s.remote.port)},
            {QStringLiteral("tcpState"), QLatin1String(cgn::toString(s.tcpState).data())},
            {QStringLiteral("created"), qint64(s.created)},
            {QStringLiteral("expires"), qint64(s.expires)}};
}

QJsonObject toJson(const cgn::UserView& u)
{
    QJsonArray blocks;
    for (const cgn::PortBlockView& b : u.blocks)
        blocks.append(QJsonObject{{QStringLiteral("address"), ip(b.address)},
                                  {QStringLiteral("block"), int(b.block)},
                                  {QStringLiteral("firstPort"), int(b.firstPort)},
                                  {QStringLiteral("lastPort"), int(b.lastPort)},
                                  {QStringLiteral("tcp"), int(b.used[0])},
                                  {QStringLiteral("udp"), int(b.used[1])},
                                  {QStringLiteral("icmp"), int(b.used[2])}});
    return {{QStringLiteral("user"), userKeyJson(u.key)},
            {QStringLiteral("publicAddress"), ip(u.publicAddress)},
            {QStringLiteral("portBlocks"), blocks},
            {QStringLiteral("sessions"),
             QJsonObject{{QStringLiteral("total"), qint64(u.totalSessions)},
                         {QStringLiteral("tcp"), qint64(u.sessions[0])},
                         {QStringLiteral("udp"), qint64(u.sessions[1])},
                         {QStringLiteral("icmp"), qint64(u.sessions[2])}}},
            {QStringLiteral("limits"),
             QJsonObject{{QStringLiteral("total"), qint64(u.limits.total)},
                         {QStringLiteral("tcp"), qint64(u.limits.tcp)},
                         {QStringLiteral("udp"), qint64(u.limits.udp)},
                         {QStringLiteral("icmp"), qint64(u.limits.icmp)}}},
            {QStringLiteral("created"), qint64(u.created)}};
}

QJsonObject toJson(const cgn::Counts& c)
{
    QJsonObject drops;
    for (std::size_t r = 1; r < std::size_t(cgn::DropReason::Count); ++r)
        if (c.drops[r])
            drops.insert(QLatin1String(cgn::toString(cgn::DropReason(r)).data()), qint64(c.drops[r]));
    return {{QStringLiteral("users"), qint64(c.users)},
            {QStringLiteral("sessions"), qint64(c.sessions)},
            {QStringLiteral("tcp"), qint64(c.sessionsByProtocol[0])},
            {QStringLiteral("udp"), qint64(c.sessionsByProtocol[1])},
            {QStringLiteral("icmp"), qint64(c.sessionsByProtocol[2])},
            {QStringLiteral("portBlocksUsed"), qint64(c.portBlocksUsed)},
            {QStringLiteral("portBlocksTotal"), qint64(c.portBlocksTotal)},
            {QStringLiteral("addresses"), qint64(c.addresses)},
            {QStringLiteral("heldPorts"), qint64(c.heldPorts)},
            {QStringLiteral("maxSessions"), qint64(c.maxSessions)},
            {QStringLiteral("maxUsers"), qint64(c.maxUsers)},
            {QStringLiteral("created"), qint64(c.created)},
            {QStringLiteral("aged"), qint64(c.aged)},
            {QStringLiteral("removed"), qint64(c.removed)},
            {QStringLiteral("drops"), drops}};
}

QJsonObject channelJson(const ha::BackupChannel& channel)
{
    const ha::BackupChannel::Counters c = channel.counters();
    static const char* const kStates[] = {"down", "connecting", "up", "mismatch", "auth-failed"};
    return {{QStringLiteral("state"), QLatin1String(kStates[int(channel.state())])},
            {QStringLiteral("peer"), channel.settings().peerAddress.toString()},
            {QStringLiteral("port"), int(channel.settings().port)},
            {QStringLiteral("peerDevice"), channel.peerDeviceId()},
            {QStringLiteral("sent"), qint64(c.sent)},
            {QStringLiteral("received"), qint64(c.received)},
            {QStringLiteral("acked"), qint64(c.acked)},
            {QStringLiteral("inFlight"), qint64(c.inFlight)},
            {QStringLiteral("voided"), qint64(c.voided)},
            {QStringLiteral("retried"), qint64(c.retried)},
            {QStringLiteral("missed"), qint64(c.missed)},
            {QStringLiteral("rejected"), qint64(c.rejected)},
            {QStringLiteral("queueDepth"), qint64(c.queueDepth)},
            {QStringLiteral("bytesSent"), qint64(c.bytesSent)},
            {QStringLiteral("bytesReceived"), qint64(c.bytesReceived)},
            {QStringLiteral("connects"), qint64(c.connects)},
            {QStringLiteral("bytesInFlight"), qint64(c.bytesInFlight)},
            {QStringLiteral("lastUpMs"), channel.transitions().lastUpMs},
            {QStringLiteral("ackTimeouts"), qint64(c.ackTimeouts)},
            {QStringLiteral("lagLastUs"), qint64(c.lagLast.count())},
            {QStringLiteral("lagP99Us"), qint64(c.lagP99.count())}};
}

QJsonObject countersJson(const ha::HotBackup& hb, const ha::BackupChannel* channel)
{
    QJsonArray locations;
    for (const int id : hb.serviceLocations()) {
        QJsonObject o{{QStringLiteral("id"), id},
                      {QStringLiteral("role"),
                       hb.isMaster(id) ? QStringLiteral("master") : QStringLiteral("slave")},
                      {QStringLiteral("batchBackupState"), ha::toString(hb.batchState(id))},
                      {QStringLiteral("backlog"), qint64(hb.backlog(id))}};
        if (const auto p = hb.batchProgress(id))
            o.insert(QStringLiteral("batch"), p->toJson());
        if (const cgn::CgnEngine* engine = hb.engine(id)) {
            const cgn::Counts c = engine->counts();
            o.insert(QStringLiteral("users"), qint64(c.users));
            o.insert(QStringLiteral("sessions"), qint64(c.sessions));
            o.insert(QStringLiteral("portBlocks"), qint64(c.portBlocksUsed));
        }
        locations.append(o);
    }
    const ha::SyncCounters& sync = hb.counters();
    QJsonObject sample{
        {QStringLiteral("timeMs"), QDateTime::currentMSecsSinceEpoch()},
        {QStringLiteral("serviceLocations"), locations},
        {QStringLiteral("sync"),
         QJsonObject{{QStringLiteral("queued"), qint64(sync.queued)},
                     {QStringLiteral("received"), qint64(sync.received)},
                     {QStringLiteral("missed"), qint64(sync.missed)},
                     {QStringLiteral("refused"), qint64(sync.refused)},
                     {QStringLiteral("delayed"), qint64(sync.delayed)},
                     {QStringLiteral("batchesSent"), qint64(sync.batchesSent)},
                     {QStringLiteral("batchesReceived"), qint64(sync.batchesReceived)}}}};
    if (channel) {
        const ha::BackupChannel::Counters c = channel->counters();
        static const char* const kStates[] = {"down", "connecting", "up", "mismatch", "auth-failed"};
        sample.insert(
            QStringLiteral("channel"),
            QJsonObject{{QStringLiteral("state"), QLatin1String(kStates[int(channel->state())])},
                        {QStringLiteral("sent"), qint64(c.sent)},
                        {QStringLiteral("received"), qint64(c.received)},
                        {QStringLiteral("acked"), qint64(c.acked)},
                        {QStringLiteral("inFlight"), qint64(c.inFlight)},
                        {QStringLiteral("voided"), qint64(c.voided)},
                        {QStringLiteral("retried"), qint64(c.retried)},
                        {QStringLiteral("missed"), qint64(c.missed)},
                        {QStringLiteral("queueDepth"), qint64(c.queueDepth)},
                        {QStringLiteral("lagLastUs"), qint64(c.lagLast.count())},
                        {QStringLiteral("lagP99Us"), qint64(c.lagP99.count())}});
    }
    return sample;
}

void registerHaMethods(RpcServer& server, ha::HaNode& node, ha::HotBackup& hb,
                       std::function<ha::BackupChannel*()> channelOf)
{
    using config::UserRole;
    server.addMethod(QStringLiteral("ha.status"), UserRole::Viewer,
                     [&hb, channelOf](const QJsonObject&, const RpcServer::Caller&) -> Outcome {
                         QJsonObject status = hb.statusJson();
                         if (ha::BackupChannel* channel = channelOf())
                             status.insert(QStringLiteral("channel"), channelJson(*channel));
                         return status;
                     });
    server.addMethod(QStringLiteral("ha.switchover"), UserRole::Operator,
                     [&node](const QJsonObject& params, const RpcServer::Caller&) -> Outcome {
                         RpcError error;
                         std::optional<double> sl;
                         if (!optionalNumber(params, "serviceLocation", 1, 255, &sl, &error))
                             return error;
                         if (!sl)
                             return makeError(ErrorCode::InvalidParams,
                                              QStringLiteral("\"serviceLocation\" is required"));
                         const QJsonValue clear = params.value(QStringLiteral("clearDemotion"));
                         if (!clear.isUndefined() && !clear.isBool())
                             return makeError(ErrorCode::InvalidParams,
                                              QStringLiteral("\"clearDemotion\" must be true or false"));
                         // The operator's override: the location advertises its real priority again.
                         if (clear.toBool())
                             return QJsonObject{{QStringLiteral("serviceLocation"), int(*sl)},
                                                {QStringLiteral("demotionCleared"), node.clearDemotion(int(*sl))}};
                         std::string why;
                         if (!node.switchover(int(*sl), &why))
                             return makeError(ErrorCode::InvalidParams, QString::fromStdString(why));
                         return QJsonObject{{QStringLiteral("serviceLocation"), int(*sl)},
                                            {QStringLiteral("resigned"), true}};
                     });
    server.addMethod(QStringLiteral("ha.batchBackup"), UserRole::Operator,
                     [&hb](const QJsonObject& params, const RpcServer::Caller&) -> Outcome {
                         RpcError error;
                         std::optional<double> sl;
                         if (!optionalNumber(params, "serviceLocation", 1, 255, &sl, &error))
                             return error;
                         if (!sl)
                             return makeError(ErrorCode::InvalidParams,
                                              QStringLiteral("\"serviceLocation\" is required"));
                         QString why;
                         if (!hb.startBatchBackup(int(*sl), &why))
                             return makeError(ErrorCode::InvalidParams, why);
                         return QJsonObject{{QStringLiteral("serviceLocation"), int(*sl)},
                                            {QStringLiteral("started"), true}};
                     });
    server.addMethod(QStringLiteral("cgn.counts"), UserRole::Viewer,
                     [&hb](const QJsonObject& params, const RpcServer::Caller&) -> Outcome {
                         RpcError error;
                         int id = 0;
                         const cgn::CgnEngine* engine = engineFor(hb, params, &id, &error);
                         if (!engine)
                             return error;
                         QJsonObject counts = toJson(engine->counts());
                         counts.insert(QStringLiteral("serviceLocation"), id);
                         counts.insert(QStringLiteral("role"), hb.isMaster(id) ? QStringLiteral("master")
                                                                              : QStringLiteral("slave"));
                         return counts;
                     });
    server.addMethod(
        QStringLiteral("cgn.sessions"), UserRole::Viewer,
        [&hb](const QJsonObject& params, const RpcServer::Caller&) -> Outcome {
            RpcError error;
            int id = 0;
            const cgn::CgnEngine* engine = engineFor(hb, params, &id, &error);
            if (!engine)
                return error;
            cgn::SessionFilter filter;
            std::optional<std::uint32_t> address;
            std::optional<double> number;
            if (!optionalIpv4(params, "cpe", &address, &error))
                return error;
            if (address) {
                if (!optionalNumber(params, "vpn", 0, 65535, &number, &error))
                    return error;
                filter.user = cgn::UserKey::nat44(cgn::VpnId(number.value_or(0)), *address);
            }
            if (!optionalIpv4(params, "insideAddress", &filter.insideAddress, &error)
                || !optionalIpv4(params, "outsideAddress", &filter.outsideAddress, &error)
                || !optionalIpv4(params, "remoteAddress", &filter.remoteAddress, &error))
                return error;
            for (const char* name : {"insidePort", "outsidePort"}) {
                number.reset();
                if (!optionalNumber(params, name, 0, 65535, &number, &error))
                    return error;
                if (number)
                    (std::string_view(name) == "insidePort" ? filter.insidePort : filter.outsidePort) =
                        std::uint16_t(*number);
            }
            const QJsonValue protocol = params.value(QStringLiteral("protocol"));
            if (!protocol.isUndefined()) {
                filter.protocol = protocolFrom(protocol.toString());
                if (!filter.protocol)
                    return makeError(ErrorCode::InvalidParams,
                                     QStringLiteral("\"protocol\" must be tcp, udp or icmp"));
            }
            const QJsonValue sortValue = params.value(QStringLiteral("sort"));
            const std::optional<cgn::SessionOrder> order =
                sortValue.isUndefined() ? cgn::SessionOrder::Id : sessionOrderFrom(sortValue.toString());
            if (!order)
                return makeError(ErrorCode::InvalidParams,
                                 QStringLiteral("\"sort\" must be id, inside, outside, remote, "
                                                "created or expires"));
            const QJsonValue descending = params.value(QStringLiteral("descending"));
            if (!descending.isUndefined() && !descending.isBool())
                return makeError(ErrorCode::InvalidParams,
                                 QStringLiteral("\"descending\" must be true or false"));
            QJsonArray sessions;
            QJsonValue nextCursor;
            if (*order == cgn::SessionOrder::Id && !descending.toBool()) {
                Page request;
                if (!readPage(params, &request, &error))
                    return error;
                const cgn::SessionPage page = engine->listSessions(filter, request.cursor, request.limit);
                for (const cgn::SessionView& s : page.sessions)
                    sessions.append(toJson(s));
                nextCursor = qint64(page.nextCursor);
            } else {
                // Sorted: the cursor is the last row's position, "<key>:<id>"; "" is the end.
                std::optional<double> limit;
                if (!optionalNumber(params, "limit", 1, 1000, &limit, &error))
                    return error;
                std::optional<cgn::SessionPosition> after;
                const QJsonValue cursor = params.value(QStringLiteral("cursor"));
                if (!cursor.isUndefined() && cursor.toString() != QString()) {
                    const QStringList parts = cursor.toString().split(QLatin1Char(':'));
                    bool keyOk = false, idOk = false;
                    if (parts.size() == 2)
                        after = cgn::SessionPosition{parts[0].toULongLong(&keyOk), parts[1].toUInt(&idOk)};
                    if (!keyOk || !idOk)
                        return makeError(ErrorCode::InvalidParams,
                                         QStringLiteral("\"cursor\" of a sorted listing must be "
                                                        "the \"nextCursor\" of the previous page"));
                }
                const cgn::SortedSessionPage page = engine->listSessionsSorted(
                    filter, *order, descending.toBool(), after, std::size_t(limit.value_or(100)));
                for (const cgn::SessionView& s : page.sessions)
                    sessions.append(toJson(s));
                nextCursor = page.next ? QStringLiteral("%1:%2").arg(page.next->key).arg(page.next->id)
                                       : QString();
            }
            return QJsonObject{{QStringLiteral("serviceLocation"), id},
                               {QStringLiteral("sessions"), sessions},
                               {QStringLiteral("nextCursor"), nextCursor},
                               {QStringLiteral("total"), qint64(engine->counts().sessions)}};
        });
    server.addMethod(QStringLiteral("cgn.user"), UserRole::Viewer,
                     [&hb](const QJsonObject& params, const RpcServer::Caller&) -> Outcome {
                         RpcError error;
                         int id = 0;
                         const cgn::CgnEngine* engine = engineFor(hb, params, &id, &error);
                         if (!engine)
                             return error;
                         std::optional<std::uint32_t> cpe;
                         std::optional<double> vpn;
                         if (!optionalIpv4(params, "cpe", &cpe, &error)
                             || !optionalNumber(params, "vpn", 0, 65535, &vpn, &error))
                             return error;
                         if (!cpe)
                             return makeError(ErrorCode::InvalidParams, QStringLiteral("\"cpe\" is required"));
                         const auto user = engine->user(cgn::UserKey::nat44(cgn::VpnId(vpn.value_or(0)), *cpe));
                         if (!user)
                             return makeError(ErrorCode::InvalidParams,
                                              QStringLiteral("no user %1 on service-location %2")
                                                  .arg(ip(*cpe))
                                                  .arg(id));
                         return toJson(*user);
                     });
    server.addMethod(QStringLiteral("cgn.users"), UserRole::Viewer,
                     [&hb](const QJsonObject& params, const RpcServer::Caller&) -> Outcome {
                         RpcError error;
                         int id = 0;
                         const cgn::CgnEngine* engine = engineFor(hb, params, &id, &error);
                         if (!engine)
                             return error;
                         Page request;
                         if (!readPage(params, &request, &error))
                             return error;
                         const cgn::UserPage page = engine->listUsers(request.cursor, request.limit);
                         QJsonArray users;
                         for (const cgn::UserView& u : page.users)
                             users.append(toJson(u));
                         return QJsonObject{{QStringLiteral("serviceLocation"), id},
                                            {QStringLiteral("users"), users},
                                            {QStringLiteral("nextCursor"), qint64(page.nextCursor)},
                                            {QStringLiteral("total"), qint64(engine->counts().users)}};
                     });
    server.addMethod(QStringLiteral("cgn.pools"), UserRole::Viewer,
                     [&hb, &node](const QJsonObject& params, const RpcServer::Caller&) -> Outcome {
                         RpcError error;
                         int id = 0;
                         const cgn::CgnEngine* engine = engineFor(hb, params, &id, &error);
                         if (!engine)
                             return error;
                         // The location's subnets of load-balanced global pools, with their use.
                         struct Held
                         {
                             cgn::Subnet subnet;
                             QString pool;
                             int blocksUsed = 0;
                             int blocksTotal = 0;
                         };
                         std::vector<Held> held;
                         // Addresses of a load-balanced pool outside the location's subnets are
                         // another location's (or nobody's): not listed.
                         std::vector<cgn::AddressRange> others;
                         for (const config::NatIpPoolConfig& pool : node.config().natIpPools) {
                             if (!pool.subnetInitialLength)
                                 continue;
                             for (const config::NatIpPoolSection& section : pool.sections) {
                                 const std::uint32_t mask = section.prefixLength <= 0 ? 0u : ~0u << (32 - section.prefixLength);
                                 others.push_back({section.start.value & mask, (section.start.value & mask) | ~mask});
                             }
                             if (const cgn::SubnetPool* subnets = hb.pools().pool(pool.name))
                                 for (const cgn::Subnet& s : subnets->subnetsOf(id))
                                     held.push_back({s, QString::fromStdString(pool.name)});
                         }
                         QJsonArray addresses;
                         for (const cgn::AddressUsage& a : engine->addressUsage()) {
                             const bool inPool = std::any_of(others.begin(), others.end(), [&](const cgn::AddressRange& r) {
                                 return a.address >= r.first && a.address <= r.last;
                             });
                             const bool inHeld = std::any_of(held.begin(), held.end(), [&](const Held& h) {
                                 return a.address >= h.subnet.network && a.address <= h.subnet.last();
                             });
                             if (inPool && !inHeld && a.blocksUsed == 0)
                                 continue;
                             QJsonObject row{{QStringLiteral("address"), ip(a.address)},
                                             {QStringLiteral("group"), QString::fromStdString(a.group)},
                                             {QStringLiteral("blocksUsed"), int(a.blocksUsed)},
                                             {QStringLiteral("blocksTotal"), int(a.blocksTotal)}};
                             for (Held& h : held)
                                 if (a.address >= h.subnet.network && a.address <= h.subnet.last()) {
                                     row.insert(QStringLiteral("subnet"),
                                                QString::fromStdString(cgn::formatSubnet(h.subnet)));
                                     h.blocksUsed += int(a.blocksUsed);
                                     h.blocksTotal += int(a.blocksTotal);
                                 }
                             addresses.append(row);
                         }
                         QJsonArray subnets;
                         for (const Held& h : held)
                             subnets.append(QJsonObject{
                                 {QStringLiteral("subnet"), QString::fromStdString(cgn::formatSubnet(h.subnet))},
                                 {QStringLiteral("pool"), h.pool},
                                 {QStringLiteral("blocksUsed"), h.blocksUsed},
                                 {QStringLiteral("blocksTotal"), h.blocksTotal}});
                         return QJsonObject{{QStringLiteral("serviceLocation"), id},
                                            {QStringLiteral("addresses"), addresses},
                                            {QStringLiteral("subnets"), subnets}};
                     });
}

QString metricsText(const ha::HaNode& node, const ha::HotBackup& hb, const ha::BackupChannel* channel,
                    const ha::LoopStalls* loop)
{
    using Type = MetricsWriter::Type;
    MetricsWriter w;
    const protocol::DeviceStatus status = node.status();
    auto sl = [](int id) { return MetricsWriter::label("service_location", QString::number(id)); };

    w.family("tandem_service_location_master", Type::Gauge,
             "1 when this device is master of the service-location");
    for (int id : hb.serviceLocations())
        w.sample(hb.isMaster(id) ? 1 : 0, sl(id));
    w.family("tandem_service_location_board_up", Type::Gauge, "1 when the location's board is up");
    for (int id : hb.serviceLocations())
        w.sample(hb.isBoardUp(id) ? 1 : 0, sl(id));
    w.family("tandem_batch_backup_state", Type::Gauge,
             "batch-backup state as display service-location shows it (one of NA, unfinished, finished)");
    for (int id : hb.serviceLocations())
        for (const char* state : {"NA", "unfinished", "finished"})
            w.sample(ha::toString(hb.batchState(id)) == QLatin1String(state) ? 1 : 0,
                     sl(id) + QLatin1Char(',') + MetricsWriter::label("state", QLatin1String(state)));

    w.family("tandem_batch_backup_progress_ratio", Type::Gauge,
             "records of the batch backup under way acked (master) or applied (standby), of its total");
    for (int id : hb.serviceLocations())
        if (const auto p = hb.batchProgress(id))
            w.sample(p->total ? double(p->done) / double(p->total) : 0, sl(id));
    w.family("tandem_tables_in_step", Type::Gauge,
             "1 when every session older than delay-time is on the peer (as `ha status` IN-STEP)");
    for (int id : hb.serviceLocations())
        w.sample(hb.inStep(id) ? 1 : 0, sl(id));
    w.family("tandem_sessions_not_backed_up", Type::Gauge,
             "master: sessions younger than service-ha delay-time, not backed up by design");
    for (int id : hb.serviceLocations())
        if (hb.isMaster(id))
            w.sample(double(hb.notBackedUp(id)), sl(id));
    w.family("tandem_sync_backlog_entries", Type::Gauge,
             "entries the master could not send yet (master) or says this copy lacks (standby)");
    for (int id : hb.serviceLocations())
        w.sample(double(hb.backlog(id)), sl(id));
    {
        const ha::SyncCounters& s = hb.counters();
        w.family("tandem_batch_backup_stalls_total", Type::Counter, "batch backups that made no progress for 5 s");
        w.sample(double(s.batchStalls));
        w.family("tandem_sync_overloads_total", Type::Counter, "times the real-time backup fell behind the offered rate");
        w.sample(double(s.overloads));
        w.family("tandem_sync_backlog_resent_total", Type::Counter, "records sent for backlog entries once the channel drained");
        w.sample(double(s.backlogResent));
        w.family("tandem_alarms_active", Type::Gauge, "hot-backup alarms that hold now");
        w.sample(double(hb.activeAlarms().size()));
    }

    w.family("tandem_vrrp_state", Type::Gauge, "VRRP state of the group (one of Initialize, Backup, Master)");
    for (const protocol::VrrpStatus& v : status.vrrpGroups)
        for (const char* state : {"Initialize", "Backup", "Master"})
            w.sample(v.state == QLatin1String(state) ? 1 : 0,
                     MetricsWriter::label("interface", v.interfaceName) + QLatin1Char(',')
                         + MetricsWriter::label("vrid", QString::number(v.vrid)) + QLatin1Char(',')
                         + MetricsWriter::label("state", QLatin1String(state)));
    w.family("tandem_vrrp_priority_run", Type::Gauge, "effective VRRP priority (after tracking)");
    for (const protocol::VrrpStatus& v : status.vrrpGroups)
        w.sample(v.priorityRun, MetricsWriter::label("interface", v.interfaceName) + QLatin1Char(',')
                                    + MetricsWriter::label("vrid", QString::number(v.vrid)));
    w.family("tandem_vrrp_priority_config", Type::Gauge, "configured VRRP priority");
    for (const protocol::VrrpStatus& v : status.vrrpGroups)
        w.sample(v.priorityConfig, MetricsWriter::label("interface", v.interfaceName) + QLatin1Char(',')
                                       + MetricsWriter::label("vrid", QString::number(v.vrid)));

    if (channel) {
        const ha::BackupChannel::Counters c = channel->counters();
        w.family("tandem_backup_channel_up", Type::Gauge, "1 when the backup channel is up");
        w.sample(channel->state() == ha::BackupChannel::State::Up ? 1 : 0);
        struct Counter
        {
            const char* name;
            const char* help;
            quint64 value;
        };
        for (const Counter& counter :
             {Counter{"tandem_sync_records_sent_total",
                      "records written to the channel, real-time and batch (a retry counts again)",
                      c.sent},
              Counter{"tandem_sync_records_received_total", "records accepted from the peer",
                      c.received},
              Counter{"tandem_sync_records_acked_total", "records the peer acknowledged", c.acked},
              Counter{"tandem_sync_records_voided_total",
                      "records written on a connection that closed before the peer acked them",
                      c.voided},
              Counter{"tandem_sync_records_retried_total", "records sent again after a reconnect",
                      c.retried},
              Counter{"tandem_sync_records_missed_total", "records refused by a full queue",
                      c.missed},
              Counter{"tandem_sync_frames_rejected_total", "frames refused by the decoder",
                      c.rejected},
              Counter{"tandem_sync_bytes_sent_total", "bytes written to the channel", c.bytesSent},
              Counter{"tandem_backup_channel_connects_total", "times the channel came up",
                      c.connects}}) {
            w.family(counter.name, Type::Counter, counter.help);
            w.sample(double(counter.value));
        }
        w.family("tandem_sync_queue_depth", Type::Gauge, "records waiting: unsent, or sent and not yet acked");
        w.sample(double(c.queueDepth));
        w.family("tandem_sync_records_in_flight", Type::Gauge, "records written and not acked yet");
        w.sample(double(c.inFlight));
        w.family("tandem_backup_channel_ack_timeouts_total", Type::Counter,
                 "connections closed because frames in flight got no ack");
        w.sample(double(c.ackTimeouts));
        // Two gauges, not one with a quantile label: a quantile label makes a summary, whose
        // quantiles are numbers and which needs _sum and _count (promtool says so).
        w.family("tandem_sync_lag_seconds", Type::Gauge, "time from enqueue to the peer's ack of the last frame");
        w.sample(double(c.lagLast.count()) / 1e6);
        w.family("tandem_sync_lag_p99_seconds", Type::Gauge,
                 "99th percentile of the time from enqueue to the peer's ack, over the last 1024 frames");
        w.sample(double(c.lagP99.count()) / 1e6);
    }

    struct Table
    {
        const char* name;
        const char* help;
        std::function<double(const cgn::Counts&)> value;
        Type type;
    };
    const Table tables[] = {
        {"tandem_cgn_sessions", "sessions in the table", [](const cgn::Counts& c) { return double(c.sessions); }, Type::Gauge},
        {"tandem_cgn_sessions_max", "session table size", [](const cgn::Counts& c) { return double(c.maxSessions); }, Type::Gauge},
        {"tandem_cgn_users", "users in the table", [](const cgn::Counts& c) { return double(c.users); }, Type::Gauge},
        {"tandem_cgn_users_max", "user table size", [](const cgn::Counts& c) { return double(c.maxUsers); }, Type::Gauge},
        {"tandem_cgn_port_blocks_used", "port blocks allocated", [](const cgn::Counts& c) { return double(c.portBlocksUsed); }, Type::Gauge},
        {"tandem_cgn_port_blocks_max", "port blocks in the pools", [](const cgn::Counts& c) { return double(c.portBlocksTotal); }, Type::Gauge},
        {"tandem_cgn_ports_held", "freed ports waiting out the hold time", [](const cgn::Counts& c) { return double(c.heldPorts); }, Type::Gauge},
        {"tandem_cgn_sessions_created_total", "sessions created", [](const cgn::Counts& c) { return double(c.created); }, Type::Counter},
        {"tandem_cgn_sessions_aged_total", "sessions aged out", [](const cgn::Counts& c) { return double(c.aged); }, Type::Counter},
    };
    for (const Table& table : tables) {
        w.family(table.name, table.type, table.help);
        for (int id : hb.serviceLocations())
            if (const cgn::CgnEngine* e = hb.engine(id))
                w.sample(table.value(e->counts()), sl(id));
    }
    w.family("tandem_cgn_drops_total", Type::Counter, "packets refused, by reason");
    for (int id : hb.serviceLocations())
        if (const cgn::CgnEngine* e = hb.engine(id)) {
            const cgn::Counts c = e->counts();
            for (std::size_t r = 1; r < std::size_t(cgn::DropReason::Count); ++r)
                w.sample(double(c.drops[r]),
                         sl(id) + QLatin1Char(',')
                             + MetricsWriter::label("reason", QLatin1String(cgn::toString(cgn::DropReason(r)).data())));
        }
    w.family(
        "tandem_switchovers_total", Type::Counter,
        "times a service-location took over from a master here (the initial election is none)");
    for (int id : hb.serviceLocations()) {
        const auto& events = hb.switchovers();
        w.sample(double(std::count_if(events.begin(), events.end(),
                                      [id](const ha::SwitchoverEvent& e) { return e.serviceLocation == id; })),
                 sl(id));
    }
    w.family("tandem_digest_mismatches_total", Type::Counter,
             "times the standby's tables differed from the master's digests");
    w.sample(double(hb.counters().digestMismatches));
    if (loop) {
        w.family("tandem_event_loop_stall_seconds_max", Type::Gauge,
                 "the longest the agent's event loop (VRRP, channel heartbeats) was held, since start");
        w.sample(std::chrono::duration<double>(loop->max).count());
        w.family("tandem_event_loop_stalls_total", Type::Counter,
                 "times the agent's event loop was held for longer than `over` seconds");
        for (std::size_t i = 0; i < ha::LoopStalls::kOver.size(); ++i)
            w.sample(double(loop->over[i]),
                     MetricsWriter::label("over", QString::number(std::chrono::duration<double>(ha::LoopStalls::kOver[i]).count())));
    }
    return w.text();
}

} // namespace tandem::mgmt
