#include "LabMethods.h"

#include "Logging.h"
#include "RpcServer.h"
#include "cgn/CgnEngine.h"
#include "ha/BackupChannel.h"
#include "ha/HaNode.h"
#include "ha/HotBackup.h"
#include "lab/TrafficDriver.h"
#include "protocol/JsonRpc.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimer>
#include <array>
#include <csignal>
#include <memory>
#include <set>

namespace tandem::mgmt {

namespace {

using protocol::ErrorCode;
using protocol::makeError;
using protocol::RpcError;
using Outcome = std::variant<QJsonValue, RpcError>;

const QString kUplink = QStringLiteral("GigabitEthernet0/1/3");

// What lab.fault has set, for lab.status (the HA objects do not all report it).
struct FaultState
{
    std::set<int> boardsDown;
    std::set<std::string> interfacesDown;
    bool channelCut = false;
    bool advertsCut = false;
    int channelDelayMs = 0;
    int channelDropPercent = 0;
};

RpcError forbidden()
{
    return makeError(ErrorCode::Forbidden,
                     QStringLiteral("lab mode is off on this agent: its config needs 'lab enable' "
                                    "in the tandem-agent section"));
}

bool number(const QJsonObject& params, const char* name, double min, double max, bool whole,
            std::optional<double>* out, RpcError* error)
{
    const QJsonValue value = params.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return true;
    const double n = value.toDouble(-1e300);
    if (!value.isDouble() || n < min || n > max || (whole && n != double(qint64(n)))) {
        *error = makeError(ErrorCode::InvalidParams,
                           QStringLiteral("\"%1\" must be a %2 from %3 to %4")
                               .arg(QLatin1String(name),
                                    whole ? QStringLiteral("whole number") : QStringLiteral("number"))
                               .arg(min)
                               .arg(max));
        return false;
    }
    *out = n;
    return true;
}

bool boolean(const QJsonObject& params, const char* name, std::optional<bool>* out, RpcError* error)
{
    const QJsonValue value = params.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isBool()) {
        *error = makeError(ErrorCode::InvalidParams,
                           QStringLiteral("\"%1\" must be true or false").arg(QLatin1String(name)));
        return false;
    }
    *out = value.toBool();
    return true;
}

QJsonObject faultsJson(const FaultState& f)
{
    QJsonArray boards, interfaces;
    for (int sl : f.boardsDown)
        boards.append(sl);
    for (const std::string& name : f.interfacesDown)
        interfaces.append(QString::fromStdString(name));
    return {{QStringLiteral("boardsDown"), boards},
            {QStringLiteral("interfacesDown"), interfaces},
            {QStringLiteral("advertsCut"), f.advertsCut},
            {QStringLiteral("channelCut"), f.channelCut},
            {QStringLiteral("channelDelayMs"), f.channelDelayMs},
            {QStringLiteral("channelDropPercent"), f.channelDropPercent}};
}

Outcome traffic(const LabContext& lab, const QJsonObject& params)
{
    RpcError error;
    lab::TrafficSettings settings = lab.traffic->settings();
    if (!lab.traffic->running())
        settings.startMs = 0;
    std::optional<double> rate, subscribers, churn, startMs;
    std::optional<bool> hold, pause;
    if (!number(params, "rate", 0, 2e6, false, &rate, &error)
        || !number(params, "subscribers", 1, 60000, true, &subscribers, &error)
        || !number(params, "churnSeconds", 0, 86400, false, &churn, &error)
        || !number(params, "startMs", 0, 9e15, true, &startMs, &error)
        || !boolean(params, "holdTeardowns", &hold, &error)
        || !boolean(params, "pauseOpens", &pause, &error))
        return error;
    bool reconfigure = rate || subscribers || churn || startMs;
    const QJsonValue mix = params.value(QStringLiteral("mix"));
    if (!mix.isUndefined() && !mix.isNull()) {
        if (!mix.isObject())
            return makeError(ErrorCode::InvalidParams,
                             QStringLiteral("\"mix\" must be an object such as "
                                            "{\"tcp\": 60, \"udp\": 35, \"dsLite\": 0, \"nat64\": 0}"));
        const QJsonObject m = mix.toObject();
        for (auto it = m.begin(); it != m.end(); ++it) {
            unsigned* field = it.key() == QLatin1String("tcp")      ? &settings.tcpPercent
                              : it.key() == QLatin1String("udp")    ? &settings.udpPercent
                              : it.key() == QLatin1String("dsLite") ? &settings.dsLitePercent
                              : it.key() == QLatin1String("nat64")  ? &settings.nat64Percent
                                                                    : nullptr;
            if (!field)
                return makeError(ErrorCode::InvalidParams,
                                 QStringLiteral("\"mix\" has no field \"%1\" (tcp, udp, dsLite, nat64)")
                                     .arg(it.key()));
            std::optional<double> percent;
            if (!number(m, it.key().toLatin1().constData(), 0, 100, true, &percent, &error))
                return error;
            *field = unsigned(*percent);
        }
        reconfigure = true;
    }
    if (rate)
        settings.rate = *rate;
    if (subscribers)
        settings.subscribers = std::uint32_t(*subscribers);
    if (churn)
        settings.churnSeconds = *churn;
    if (startMs)
        settings.startMs = qint64(*startMs);
    if (reconfigure) {
        QString why;
        if (!lab.traffic->configure(settings, &why))
            return makeError(ErrorCode::InvalidParams, why);
    }
    if (hold)
        lab.traffic->setHoldTeardowns(*hold);
    if (pause)
        lab.traffic->setPauseOpens(*pause);
    return lab.traffic->statusJson();
}

Outcome fault(const LabContext& lab, FaultState& state, QObject* context, const QJsonObject& params)
{
    RpcError error;
    const QString kind = params.value(QStringLiteral("kind")).toString();
    std::optional<double> sl, ms, percent;
    std::optional<bool> down;
    if (!number(params, "serviceLocation", 1, 255, true, &sl, &error)
        || !number(params, "ms", 0, 3600000, true, &ms, &error)
        || !number(params, "percent", 0, 100, true, &percent, &error)
        || !boolean(params, "down", &down, &error))
        return error;
    const QJsonValue interfaceValue = params.value(QStringLiteral("interface"));
    if (!interfaceValue.isUndefined() && !interfaceValue.isString())
        return makeError(ErrorCode::InvalidParams, QStringLiteral("\"interface\" must be a string"));
    const QString interfaceName = interfaceValue.toString(kUplink);
    const int location = int(sl.value_or(1));
    const bool needsDown = kind == QLatin1String("board") || kind == QLatin1String("interface")
                           || kind == QLatin1String("channel") || kind == QLatin1String("vrrp");
    if (needsDown && !down)
        return makeError(ErrorCode::InvalidParams,
                         QStringLiteral("fault \"%1\" needs \"down\": true (inject) or false (heal)")
                             .arg(kind));
    if (kind == QLatin1String("board")) {
        const auto ids = lab.hotBackup->serviceLocations();
        if (std::find(ids.begin(), ids.end(), location) == ids.end())
            return makeError(ErrorCode::InvalidParams,
                             QStringLiteral("no service-location %1 on this device").arg(location));
    }
    if (kind == QLatin1String("interface")) {
        const auto& interfaces = lab.node->config().interfaces;
        const std::string name = interfaceName.toStdString();
        if (std::none_of(interfaces.begin(), interfaces.end(),
                         [&](const auto& i) { return i.name == name; }))
            return makeError(ErrorCode::InvalidParams,
                             QStringLiteral("no interface %1 in the config").arg(interfaceName));
    }
    const bool channelKind = kind.startsWith(QLatin1String("channel"));
    ha::BackupChannel* const channel = lab.channel ? lab.channel() : nullptr;
    if (channelKind && !channel)
        return makeError(ErrorCode::InvalidParams,
                         QStringLiteral("no backup channel: the config has no remote-backup-service"));

    // Applies the fault (or heals it with up == true); also used by the `ms` timer.
    auto apply = [lab, &state, location, name = interfaceName.toStdString()](const QString& k,
                                                                             bool isDown) {
        if (k == QLatin1String("board")) {
            lab.hotBackup->setBoardUp(location, !isDown);
            isDown ? void(state.boardsDown.insert(location)) : void(state.boardsDown.erase(location));
        } else if (k == QLatin1String("interface")) {
            lab.node->setInterfaceUp(name, !isDown);
            isDown ? void(state.interfacesDown.insert(name)) : void(state.interfacesDown.erase(name));
        } else if (k == QLatin1String("channel")) {
            // The channel of now: a commit may have replaced it since the fault was set.
            if (ha::BackupChannel* now = lab.channel())
                now->setCut(isDown);
            state.channelCut = isDown;
        } else if (k == QLatin1String("vrrp")) {
            lab.node->setAdvertsCut(isDown);
            state.advertsCut = isDown;
        }
    };

    const qint64 appliedMs = QDateTime::currentMSecsSinceEpoch();
    QJsonObject result{{QStringLiteral("kind"), kind}, {QStringLiteral("appliedMs"), appliedMs}};
    if (needsDown) {
        apply(kind, *down);
        result.insert(QStringLiteral("down"), *down);
        if (kind == QLatin1String("board"))
            result.insert(QStringLiteral("serviceLocation"), location);
        if (kind == QLatin1String("interface"))
            result.insert(QStringLiteral("interface"), interfaceName);
        if (*down && ms && *ms > 0) {
            // A fault for a while: healed by itself, as a flapping link or a rebooting board is.
            QTimer::singleShot(int(*ms), context, [apply, kind] { apply(kind, false); });
            result.insert(QStringLiteral("healAfterMs"), qint64(*ms));
        }
        qCWarning(lcMgmt).noquote() << QStringLiteral("lab fault: %1 %2").arg(kind, *down ? "down" : "up");
    } else if (kind == QLatin1String("channel-delay")) {
        if (!ms)
            return makeError(ErrorCode::InvalidParams,
                             QStringLiteral("fault \"channel-delay\" needs \"ms\" (0 ends it)"));
        channel->setDelay(std::chrono::milliseconds(qint64(*ms)));
        state.channelDelayMs = int(*ms);
        result.insert(QStringLiteral("ms"), qint64(*ms));
    } else if (kind == QLatin1String("channel-drop")) {
        if (!percent)
            return makeError(ErrorCode::InvalidParams,
                             QStringLiteral("fault \"channel-drop\" needs \"percent\" (0 ends it)"));
        channel->setDropRate(int(*percent));
        state.channelDropPercent = int(*percent);
        result.insert(QStringLiteral("percent"), int(*percent));
    } else if (kind == QLatin1String("crash")) {
        // SIGKILL, as a power cut or a kernel panic: no resignation, no flush. It waits `ms`
        // (default 10) so that this reply reaches the caller first.
        qCCritical(lcMgmt) << "lab fault: crashing now";
        QTimer::singleShot(int(ms.value_or(10)), context, [] { ::raise(SIGKILL); });
    } else {
        return makeError(ErrorCode::InvalidParams,
                         QStringLiteral("\"kind\" must be board, interface, channel, channel-delay, "
                                        "channel-drop, vrrp or crash, not \"%1\"")
                             .arg(kind));
    }
    return result;
}

// lab.fill: sessions made straight in a master engine, for benchmarks of big tables. The
// packets go through the engine's data path in slices, one per event-loop turn, so that VRRP
// adverts and the backup channel keep their timing while a million sessions go in.
struct FillState
{
    bool running = false;
    int serviceLocation = 0;
    std::uint32_t requested = 0;
    std::uint32_t subscribers = 0;
    std::uint32_t next = 0; // packets fed so far
    std::uint64_t created = 0;
    std::uint64_t reused = 0;
    std::array<std::uint64_t, std::size_t(cgn::DropReason::Count)> dropped{};
    qint64 startedMs = 0;
    qint64 finishedMs = 0;
    QString error;
};

constexpr std::uint32_t kFillSlice = 8192;
constexpr std::uint32_t kFillCpeBase =
    0x64500001; // 100.80.0.1, apart from the generator's 100.64/10
constexpr std::uint32_t kFillRemoteBase = 0xc6120000; // 198.18.0.0/15 (RFC 2544 benchmarking)

// Packet `i`: subscriber i mod N, its k-th session (k = i / N), UDP for even k and TCP (SYN)
// for odd, inside port 10000 + k/2: every packet opens a session of its own.
cgn::OutboundPacket fillPacket(const FillState& f, std::uint32_t i)
{
    const std::uint32_t user = i % f.subscribers;
    const std::uint32_t k = i / f.subscribers;
    const bool tcp = k % 2 == 1;
    cgn::OutboundPacket p;
    p.inside.user =
        cgn::UserKey::nat44(0, kFillCpeBase + std::uint32_t(f.serviceLocation - 1) * 65536 + user);
    p.inside.innerAddress = p.inside.user.ipv4;
    p.inside.port = std::uint16_t(10000 + k / 2);
    p.inside.protocol = tcp ? cgn::Protocol::Tcp : cgn::Protocol::Udp;
    p.remote = {kFillRemoteBase + (i & 0x1ffff), std::uint16_t(tcp ? 443 : 53)};
    p.tcpFlags = tcp ? cgn::tcp::kSyn : 0;
    return p;
}

QJsonObject fillJson(const FillState& f)
{
    QJsonObject droppedBy;
    std::uint64_t dropped = 0;
    for (std::size_t r = 1; r < f.dropped.size(); ++r) {
        if (!f.dropped[r])
            continue;
        dropped += f.dropped[r];
        droppedBy.insert(QLatin1String(cgn::toString(cgn::DropReason(r)).data()),
                         qint64(f.dropped[r]));
    }
    QJsonObject o{{QStringLiteral("running"), f.running},
                  {QStringLiteral("serviceLocation"), f.serviceLocation},
                  {QStringLiteral("sessions"), qint64(f.requested)},
                  {QStringLiteral("subscribers"), qint64(f.subscribers)},
                  {QStringLiteral("packets"), qint64(f.next)},
                  {QStringLiteral("created"), qint64(f.created)},
                  {QStringLiteral("reused"), qint64(f.reused)},
                  {QStringLiteral("dropped"), qint64(dropped)},
                  {QStringLiteral("droppedBy"), droppedBy},
                  {QStringLiteral("startedMs"), f.startedMs}};
    if (f.finishedMs)
        o.insert(QStringLiteral("finishedMs"), f.finishedMs);
    if (!f.error.isEmpty())
        o.insert(QStringLiteral("error"), f.error);
    return o;
}

// One slice, then the next on a later turn of the event loop, until done or no longer master.
void fillStep(const LabContext& lab, const std::shared_ptr<FillState>& f, QObject* context)
{
    if (!f->running)
        return;
    cgn::CgnEngine* engine = lab.hotBackup->isMaster(f->serviceLocation)
                                 ? lab.hotBackup->engine(f->serviceLocation)
                                 : nullptr;
    if (!engine || !lab.enabled()) {
        f->error = !engine ? QStringLiteral("service-location %1 stopped being master here (or its "
                                            "board went down) during the fill")
                                 .arg(f->serviceLocation)
                           : QStringLiteral("lab mode was turned off during the fill");
        f->running = false;
        f->finishedMs = QDateTime::currentMSecsSinceEpoch();
        return;
    }
    const std::uint32_t count = std::min(kFillSlice, f->requested - f->next);
    std::vector<cgn::OutboundPacket> packets(count);
    for (std::uint32_t i = 0; i < count; ++i)
        packets[i] = fillPacket(*f, f->next + i);
    std::vector<cgn::SetupResult> results(count);
    engine->outbound(packets, results, lab.hotBackup->engineNow());
    for (const cgn::SetupResult& r : results) {
        if (!r.ok())
            ++f->dropped[std::size_t(r.drop)];
        else if (r.created)
            ++f->created;
        else
            ++f->reused;
    }
    f->next += count;
    lab.hotBackup->recordsPending();
    if (f->next >= f->requested) {
        f->running = false;
        f->finishedMs = QDateTime::currentMSecsSinceEpoch();
        qCInfo(lcMgmt).noquote() << QStringLiteral(
                                        "lab fill: %1 sessions created in service-location %2")
                                        .arg(f->created)
                                        .arg(f->serviceLocation);
        return;
    }
    QTimer::singleShot(0, context, [lab, f, context] { fillStep(lab, f, context); });
}

Outcome fill(const LabContext& lab, const std::shared_ptr<FillState>& f, QObject* context,
             const QJsonObject& params)
{
    RpcError error;
    std::optional<double> sl, sessions, subscribers;
    if (!number(params, "serviceLocation", 1, 255, true, &sl, &error) ||
        !number(params, "sessions", 1, 16777216, true, &sessions, &error) ||
        !number(params, "subscribers", 1, 65535, true, &subscribers, &error))
        return error;
    if (!sessions)
        return makeError(ErrorCode::InvalidParams, QStringLiteral("\"sessions\" is required"));
    if (f->running)
        return makeError(ErrorCode::InvalidParams,
                         QStringLiteral("a fill of service-location %1 is still running (%2 of %3)")
                             .arg(f->serviceLocation)
                             .arg(f->next)
                             .arg(f->requested));
    const int location = int(sl.value_or(1));
    const cgn::CgnEngine* engine = lab.hotBackup->engine(location);
    if (!engine)
        return makeError(
            ErrorCode::InvalidParams,
            QStringLiteral("service-location %1 has no tables on this device").arg(location));
    if (!lab.hotBackup->isMaster(location))
        return makeError(ErrorCode::InvalidParams,
                         QStringLiteral("service-location %1 is not master here: fill its master")
                             .arg(location));
    const std::uint32_t users = std::uint32_t(subscribers.value_or(2000));
    // Each subscriber's sessions alternate UDP and TCP from port 10000 up.
    if (*sessions / users > 2.0 * (65535 - 10000))
        return makeError(
            ErrorCode::InvalidParams,
            QStringLiteral("%1 sessions need more than %2 subscribers").arg(*sessions).arg(users));
    *f = FillState{};
    f->running = true;
    f->serviceLocation = location;
    f->requested = std::uint32_t(*sessions);
    f->subscribers = users;
    f->startedMs = QDateTime::currentMSecsSinceEpoch();
    qCWarning(lcMgmt).noquote()
        << QStringLiteral("lab fill: %1 sessions from %2 subscribers into service-location %3")
               .arg(f->requested)
               .arg(users)
               .arg(location);
    QTimer::singleShot(0, context, [lab, f, context] { fillStep(lab, f, context); });
    return fillJson(*f);
}

} // namespace

void registerLabMethods(RpcServer& server, const LabContext& lab)
{
    using config::UserRole;
    auto state = std::make_shared<FaultState>();
    auto fillState = std::make_shared<FillState>();
    server.addMethod(QStringLiteral("lab.traffic"), UserRole::Operator,
                     [lab](const QJsonObject& params, const RpcServer::Caller&) -> Outcome {
                         if (!lab.enabled())
                             return forbidden();
                         return traffic(lab, params);
                     });
    server.addMethod(QStringLiteral("lab.fault"), UserRole::Operator,
                     [lab, state](const QJsonObject& params,
                                           const RpcServer::Caller&) -> Outcome {
                         if (!lab.enabled())
                             return forbidden();
                         // Timers of a fault and a fill run where the HA objects live.
                         return fault(lab, *state, lab.node, params);
                     });
    server.addMethod(
        QStringLiteral("lab.fill"), UserRole::Operator,
        [lab, fillState](const QJsonObject& params, const RpcServer::Caller&) -> Outcome {
            if (!lab.enabled())
                return forbidden();
            return fill(lab, fillState, lab.node, params);
        });
    server.addMethod(
        QStringLiteral("lab.status"), UserRole::Viewer,
        [lab, state, fillState](const QJsonObject&, const RpcServer::Caller&) -> Outcome {
            if (!lab.enabled())
                return forbidden();
            QJsonObject status{{QStringLiteral("traffic"), lab.traffic->statusJson()},
                               {QStringLiteral("faults"), faultsJson(*state)}};
            if (fillState->startedMs)
                status.insert(QStringLiteral("fill"), fillJson(*fillState));
            return status;
        });
}

} // namespace tandem::mgmt
