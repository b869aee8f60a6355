#include "Drill.h"

#include "CommandLine.h"

#include "BlockingCall.h"
#include "Lab.h"
#include "Logging.h"
#include "client/AgentClient.h"
#include "client/LabDescription.h"
#include "protocol/DeviceStatus.h"
#include "protocol/JsonRpc.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace tandem::ctl {

namespace {

const QString kUplink = QStringLiteral("GigabitEthernet0/1/3");
constexpr int kServiceLocation = 1; // the drills fail over service-location 1

// One fault of a trial, in the drill's words. Kill, board, uplink and manual make the standby
// take over; channel, channel-delay and channel-drop (on both devices' backup channel) must
// switch nothing and lose nothing.
struct Fault
{
    QString kind;
    int delayMs = 0;     // channel-delay: every backup-channel frame waits this long
    int dropPercent = 0; // channel-drop: this share of backup-channel frames vanishes
    // --stale-standby: the backup channel is cut on both devices this long before the fault
    // (and stays cut through it), so the standby lacks what the master made meanwhile.
    int staleSeconds = 0;

    bool switches() const { return !kind.startsWith(QLatin1String("channel")); }
    bool onBothDevices() const { return kind.startsWith(QLatin1String("channel")); }
    QJsonObject paramsJson() const
    {
        QJsonObject o;
        if (kind == QLatin1String("channel-delay"))
            o.insert(QStringLiteral("ms"), delayMs);
        if (kind == QLatin1String("channel-drop"))
            o.insert(QStringLiteral("percent"), dropPercent);
        if (staleSeconds > 0)
            o.insert(QStringLiteral("stale_standby_s"), staleSeconds);
        return o;
    }
};


// lab.fault's params that put the drill's fault (board, uplink or one of the channel's) in
// place (`inject`) or end it.
QJsonObject labFault(const Fault& fault, bool inject)
{
    if (fault.kind == QLatin1String("channel-delay"))
        return {{QStringLiteral("kind"), fault.kind},
                {QStringLiteral("ms"), inject ? fault.delayMs : 0}};
    if (fault.kind == QLatin1String("channel-drop"))
        return {{QStringLiteral("kind"), fault.kind},
                {QStringLiteral("percent"), inject ? fault.dropPercent : 0}};
    QJsonObject params;
    if (fault.kind == QLatin1String("board"))
        params = {{QStringLiteral("kind"), QStringLiteral("board")},
                  {QStringLiteral("serviceLocation"), kServiceLocation}};
    else if (fault.kind == QLatin1String("uplink"))
        params = {{QStringLiteral("kind"), QStringLiteral("interface")},
                  {QStringLiteral("interface"), kUplink}};
    else
        params = {{QStringLiteral("kind"), QStringLiteral("channel")}};
    params.insert(QStringLiteral("down"), inject);
    return params;
}
constexpr int kHealthyTimeoutMs = 60000;
constexpr int kSwitchTimeoutMs = 15000; // default of --switch-timeout

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Lets the event loop run (connections, timers) while waiting.
void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// One long-lived connection to one agent, so that a call costs a round trip, not a hello:
// the drill's fault and its polls must not add a login's worth of milliseconds.
class Link
{
public:
    explicit Link(client::Endpoint endpoint) : m_endpoint(std::move(endpoint)) {}

    std::optional<QJsonObject> call(const QString& method, const QJsonObject& params,
                                    QString* error, int timeoutMs = 10000)
    {
        if (!connectNow(timeoutMs, error))
            return std::nullopt;
        QEventLoop loop;
        std::optional<QJsonObject> result;
        bool done = false;
        m_client->call(method, params,
                       [&](const QJsonValue& value, const std::optional<protocol::RpcError>& rpc) {
                           if (rpc)
                               *error = QStringLiteral("%1: %2: %3")
                                            .arg(m_endpoint.name, method, rpc->message);
                           else
                               result = value.toObject();
                           done = true;
                           loop.quit();
                       });
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        if (!done)
            loop.exec();
        if (!done) {
            *error = QStringLiteral("%1: %2: no answer within %3 ms")
                         .arg(m_endpoint.name, method)
                         .arg(timeoutMs);
            m_client.reset(); // its late reply must not land in a finished loop
        }
        return result;
    }

    void drop() { m_client.reset(); }

private:
    bool connectNow(int timeoutMs, QString* error)
    {
        if (m_client && m_client->state() == client::AgentClient::State::Connected)
            return true;
        m_client = std::make_unique<client::AgentClient>();
        QEventLoop loop;
        QObject::connect(m_client.get(), &client::AgentClient::stateChanged, &loop,
                         [&](client::AgentClient::State state) {
                             if (state == client::AgentClient::State::Connected ||
                                 state == client::AgentClient::State::Disconnected)
                                 loop.quit();
                         });
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        m_client->open(m_endpoint, false);
        if (m_client->state() != client::AgentClient::State::Connected)
            loop.exec();
        if (m_client->state() == client::AgentClient::State::Connected)
            return true;
        *error = QStringLiteral("%1 (%2): %3")
                     .arg(m_endpoint.name, m_endpoint.toString(),
                          m_client->lastError().isEmpty() ? QStringLiteral("no connection")
                                                          : m_client->lastError());
        m_client.reset();
        return false;
    }

    client::Endpoint m_endpoint;
    std::unique_ptr<client::AgentClient> m_client;
};

// --clients N: N watchers of the pair, each with a connection to every device, as N
// operators' apps would hold: subscribed to state and events, and to the `counters` telemetry
// at 10 Hz where the agent has that topic (else polling status.get at 10 Hz). They reconnect
// on their own after a kill, as the app does, so the drill runs under their full weight.
class ClientLoad
{
public:
    static constexpr double kRateHz = 10;

    void start(const client::LabDescription& lab, int clients)
    {
        for (int i = 0; i < clients; ++i)
            for (const client::LabDevice& device : lab.devices)
                m_watchers.push_back(std::make_unique<Watcher>(*this, device.endpoint()));
        m_poll.setInterval(int(1000 / kRateHz));
        QObject::connect(&m_poll, &QTimer::timeout, [this] {
            for (const auto& w : m_watchers)
                if (w->polling && w->client.state() == client::AgentClient::State::Connected)
                    w->client.call(
                        QLatin1String(protocol::method::kStatusGet), {},
                        [this](const QJsonValue&, const std::optional<protocol::RpcError>& e) {
                            ++(e ? m_errors : m_polls);
                        });
        });
        m_poll.start();
        m_clock.start();
    }

    // Until every connection is subscribed (true), or `timeoutMs` passes.
    bool waitReady(int timeoutMs, QString* error)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired() && subscribed() < int(m_watchers.size()))
            pause(50);
        if (subscribed() == int(m_watchers.size()))
            return true;
        *error = QStringLiteral("%1 of %2 client connections subscribed within %3 s")
                     .arg(subscribed())
                     .arg(m_watchers.size())
                     .arg(timeoutMs / 1000);
        return false;
    }

    void resetCounts()
    {
        m_notifications = m_polls = m_errors = m_reconnects = 0;
        for (const auto& w : m_watchers)
            w->switchovers = 0;
        m_clock.restart();
    }

    // Switchovers the watchers heard of, per device: the most any watcher of it heard (one that
    // was reconnecting may have missed one).
    QJsonObject switchoversHeard() const
    {
        QJsonObject heard;
        for (const auto& w : m_watchers)
            heard.insert(w->endpointUsed.name,
                         std::max(heard.value(w->endpointUsed.name).toInt(), w->switchovers));
        return heard;
    }

    QJsonObject toJson(int clients) const
    {
        const double seconds = std::max(0.001, double(m_clock.elapsed()) / 1000);
        const qint64 counters = std::count_if(m_watchers.begin(), m_watchers.end(),
                                              [](const auto& w) { return !w->polling; });
        return {{QStringLiteral("clients"), clients},
                {QStringLiteral("connections"), int(m_watchers.size())},
                {QStringLiteral("mode"), counters == qint64(m_watchers.size())
                                             ? QStringLiteral("counters")
                                             : QStringLiteral("polling")},
                {QStringLiteral("rate_hz"), kRateHz},
                {QStringLiteral("seconds"), seconds},
                {QStringLiteral("notifications"), double(m_notifications)},
                {QStringLiteral("polls"), double(m_polls)},
                {QStringLiteral("errors"), double(m_errors)},
                {QStringLiteral("reconnects"), double(m_reconnects)},
                {QStringLiteral("switchovers_heard"), switchoversHeard()},
                {QStringLiteral("messages_per_connection_per_s"),
                 double(m_notifications + m_polls) / seconds /
                     double(std::max<size_t>(1, m_watchers.size()))}};
    }

private:
    struct Watcher
    {
        Watcher(ClientLoad& load, const client::Endpoint& endpoint) : endpointUsed(endpoint)
        {
            QObject::connect(&client, &client::AgentClient::notificationReceived,
                             [this, &load](const QString& method, const QJsonObject&) {
                                 ++load.m_notifications;
                                 switchovers += method == QLatin1String("ha.switchover");
                             });
            QObject::connect(&client, &client::AgentClient::stateChanged,
                             [this, &load](client::AgentClient::State state) {
                                 if (state == client::AgentClient::State::Connected)
                                     subscribe(load);
                                 else if (state == client::AgentClient::State::Disconnected &&
                                          ready) {
                                     ready = false;
                                     ++load.m_reconnects;
                                 }
                             });
            client.open(endpoint, true);
        }

        void subscribe(ClientLoad& load)
        {
            const QJsonObject all{{QStringLiteral("topics"),
                                   QJsonArray{QStringLiteral("state"), QStringLiteral("events"),
                                              QStringLiteral("counters")}},
                                  {QStringLiteral("rateHz"), kRateHz}};
            client.call(
                QStringLiteral("subscribe"), all,
                [this, &load](const QJsonValue&, const std::optional<protocol::RpcError>& e) {
                    if (!e) {
                        polling = false;
                        ready = true;
                        return;
                    }
                    // An agent without the counters topic: state and events, and polls.
                    client.call(QStringLiteral("subscribe"),
                                {{QStringLiteral("topics"),
                                  QJsonArray{QStringLiteral("state"), QStringLiteral("events")}}},
                                [this, &load](const QJsonValue&,
                                              const std::optional<protocol::RpcError>& e2) {
                                    polling = true;
                                    ready = !e2;
                                    if (e2)
                                        ++load.m_errors;
                                });
                });
        }

        client::Endpoint endpointUsed;
        client::AgentClient client;
        bool polling = false;
        bool ready = false;
        int switchovers = 0; // ha.switchover events heard (this device became master)
    };

    int subscribed() const
    {
        return int(std::count_if(m_watchers.begin(), m_watchers.end(),
                                 [](const auto& w) { return w->ready; }));
    }

    std::vector<std::unique_ptr<Watcher>> m_watchers;
    QTimer m_poll;
    QElapsedTimer m_clock;
    quint64 m_notifications = 0;
    quint64 m_polls = 0;
    quint64 m_errors = 0;
    quint64 m_reconnects = 0;
};

struct Trial
{
    int index = 0;
    Fault fault;
    QString oldMaster;
    QString newMaster;
    bool switched = false;
    qint64 faultMs = 0;
    std::optional<qint64> detectMs, tablesMs, masterMs;
    qint64 sessionsBefore = 0;
    qint64 sessionsAfter = 0;
    // The old master's listing, compared mapping by mapping with the device that serves (or,
    // without a switchover, backs up) afterwards; set only once that comparison was made, so a
    // trial that ends before it never reads as "0 lost".
    std::optional<qint64> sessionsChecked;
    qint64 sessionsExpired = 0;     // missing, but their timers ran out meanwhile
    qint64 sessionsNotBackedUp = 0; // missing, but younger than delay-time at the fault
    // What the old master itself counted as held by delay-time right before the fault (from its
    // delay queue): a cross-check of sessionsNotBackedUp, which counts mapping by mapping.
    qint64 heldByDelayTime = 0;
    std::optional<qint64> sessionsLost;
    QString returnedBy; // manual: "preempt" or "switchover", how the old master got its role back
    bool healthy = false; // the pair ended healthy in its planned roles
    std::optional<qint64> healthyMs; // from the end of the fault to healthy again
    bool digestEqual = false;
    qint64 lagP99Us = 0; // the worst backup-channel lag p99 either device showed meanwhile
    QString note;
    QString error;

    QJsonObject toJson() const
    {
        auto optional = [](const std::optional<qint64>& v) {
            return v ? QJsonValue(double(*v)) : QJsonValue();
        };
        QJsonObject o{{QStringLiteral("trial"), index},
                      {QStringLiteral("fault"), fault.kind},
                      {QStringLiteral("old_master"), oldMaster},
                      {QStringLiteral("new_master"), newMaster},
                      {QStringLiteral("switched"), switched},
                      {QStringLiteral("fault_time_ms"), double(faultMs)},
                      {QStringLiteral("detect_ms"), optional(detectMs)},
                      {QStringLiteral("tables_ms"), optional(tablesMs)},
                      {QStringLiteral("master_ms"), optional(masterMs)},
                      {QStringLiteral("sessions_before"), double(sessionsBefore)},
                      {QStringLiteral("sessions_after"), double(sessionsAfter)},
                      {QStringLiteral("sessions_checked"), optional(sessionsChecked)},
                      {QStringLiteral("sessions_expired"), double(sessionsExpired)},
                      {QStringLiteral("sessions_not_backed_up"), double(sessionsNotBackedUp)},
                      {QStringLiteral("held_by_delay_time_at_fault"), double(heldByDelayTime)},
                      {QStringLiteral("sessions_lost"), optional(sessionsLost)},
                      {QStringLiteral("healthy"), healthy},
                      {QStringLiteral("healthy_ms"), optional(healthyMs)},
                      {QStringLiteral("digest_equal"), digestEqual},
                      {QStringLiteral("lag_p99_us"), double(lagP99Us)}};
        const QJsonObject params = fault.paramsJson();
        if (!params.isEmpty())
            o.insert(QStringLiteral("fault_params"), params);
        if (!returnedBy.isEmpty())
            o.insert(QStringLiteral("returned_by"), returnedBy);
        if (!note.isEmpty())
            o.insert(QStringLiteral("note"), note);
        if (!error.isEmpty())
            o.insert(QStringLiteral("error"), error);
        return o;
    }
};

struct SessionEntry
{
    QString outside;
    qint64 created = 0; // engine seconds of the device that listed it
    qint64 expires = 0;
};

// What the old master served just before the fault, and its engine clock then.
struct Listing
{
    std::map<QString, SessionEntry> sessions;
    qint64 engineNow = 0; // the old master's engine seconds, read right before the fault
    qint64 readMs = 0;    // when that was read
};

// What a trial has changed on the pair so far, so that every way out of it undoes exactly that.
struct Injected
{
    std::vector<std::pair<QString, QJsonObject>> heals; // device, lab.fault params that heal it
    QString killed;          // the agent killed, and its command line to start it again
    QStringList commandLine;
    QString resigned;        // manual: the device that handed its role over by ha.switchover
};

class Drill
{
public:
    Drill(QString dir, client::LabDescription lab) : m_dir(std::move(dir)), m_lab(std::move(lab))
    {
        for (const client::LabDevice& device : m_lab.devices)
            m_links.emplace(device.name, std::make_unique<Link>(device.endpoint()));
    }

    bool prepare(QString* error);
    Trial run(int index, const Fault& fault);
    const client::LabDescription& lab() const { return m_lab; }
    bool waitHealthy(bool planned, QString* error);
    void setSwitchTimeout(int ms) { m_switchTimeoutMs = ms; }
    // Polls both devices' ha.status for `ms`, so that the worst lag between trials is seen too.
    void watch(int ms);
    qint64 worstLagP99Us() const { return m_worstLagP99Us; }

private:
    Link& link(const QString& name) { return *m_links.at(name); }
    client::LabDevice& device(const QString& name)
    {
        for (client::LabDevice& d : m_lab.devices)
            if (d.name == name)
                return d;
        return m_lab.devices.front();
    }
    QString other(const QString& name) const
    {
        return m_lab.devices[0].name == name ? m_lab.devices[1].name : m_lab.devices[0].name;
    }
    QString plannedMaster(int sl) const
    {
        return m_lab.devices[m_lab.plannedMaster(sl)].name;
    }
    static QJsonObject location(const QJsonObject& haStatus, int sl)
    {
        for (const QJsonValue& v : haStatus.value(QStringLiteral("serviceLocations")).toArray())
            if (v.toObject().value(QStringLiteral("id")).toInt() == sl)
                return v.toObject();
        return {};
    }
    static bool isMaster(const QJsonObject& haStatus, int sl)
    {
        return location(haStatus, sl).value(QStringLiteral("role")).toString() ==
               QLatin1String("master");
    }

    std::optional<QJsonObject> haStatus(const QString& name, QString* error, int timeoutMs = 10000);
    std::optional<QString> masterOf(int sl, QString* error);
    bool setTraffic(const QJsonObject& params, QString* error, const QString& only = {});
    std::optional<std::map<QString, SessionEntry>> listSessions(const QString& name, QString* error);
    // The sessions created at or after engine second `since`, newest first, into `sessions`.
    bool listNewest(const QString& name, qint64 since, std::map<QString, SessionEntry>& sessions,
                    QString* error);
    std::optional<qint64> engineNow(const QString& name, QString* error);
    bool restartAgent(const QString& name, const QStringList& commandLine, QString* error);
    bool compareDigests(bool* equal, QString* error);

    bool inject(Trial& t, const Fault& fault, Injected& injected, Listing& listing, QString* error);
    bool checkSessions(Trial& t, const Listing& listing, const QString& name, QString* error);
    bool healFaults(Injected& injected, QString* error);
    bool releaseTraffic(const Injected& injected, QString* error);
    bool restartKilled(Injected& injected, QString* error);
    bool returnRole(Trial& t, Injected& injected, QString* error);

    QString m_dir;
    client::LabDescription m_lab;
    std::map<QString, std::unique_ptr<Link>> m_links;
    int m_delayTimeSeconds = 1;
    int m_masterDownMs = 0;
    int m_preemptDelaySeconds = 0;
    int m_switchTimeoutMs = kSwitchTimeoutMs;
    qint64 m_trialLagP99Us = 0;
    qint64 m_worstLagP99Us = 0;
};

bool Drill::prepare(QString* error)
{
    for (const client::LabDevice& d : m_lab.devices)
        if (!link(d.name).call(QStringLiteral("lab.status"), {}, error))
            return false;
    const auto config =
        link(m_lab.devices[0].name).call(QLatin1String(protocol::method::kConfigGet), {}, error);
    if (!config)
        return false;
    const auto match = QRegularExpression(QStringLiteral("service-ha delay-time (\\d+)"))
                           .match(config->value(QStringLiteral("text")).toString());
    if (match.hasMatch())
        m_delayTimeSeconds = match.captured(1).toInt();
    for (const client::LabDevice& d : m_lab.devices) {
        const auto status =
            link(d.name).call(QLatin1String(protocol::method::kStatusGet), {}, error);
        if (!status)
            return false;
        const auto parsed = protocol::DeviceStatus::fromJson(*status, error);
        if (!parsed)
            return false;
        for (const auto& vrrp : parsed->vrrpGroups) {
            m_masterDownMs = std::max(m_masterDownMs, vrrp.masterDownIntervalMs);
            m_preemptDelaySeconds = std::max(m_preemptDelaySeconds, vrrp.preemptDelaySeconds);
        }
    }
    return waitHealthy(true, error);
}

std::optional<QJsonObject> Drill::haStatus(const QString& name, QString* error, int timeoutMs)
{
    auto status = link(name).call(QStringLiteral("ha.status"), {}, error, timeoutMs);
    if (status) {
        const qint64 lag = qint64(status->value(QStringLiteral("channel"))
                                      .toObject()
                                      .value(QStringLiteral("lagP99Us"))
                                      .toDouble());
        m_trialLagP99Us = std::max(m_trialLagP99Us, lag);
        m_worstLagP99Us = std::max(m_worstLagP99Us, lag);
    }
    return status;
}

// The device that is master of `sl` now ("" when none is, "A+B" when both are).
std::optional<QString> Drill::masterOf(int sl, QString* error)
{
    QStringList masters;
    for (const client::LabDevice& d : m_lab.devices) {
        const auto s = haStatus(d.name, error, 2000);
        if (!s)
            return std::nullopt;
        if (isMaster(*s, sl))
            masters.append(d.name);
    }
    return masters.join(QLatin1Char('+'));
}

void Drill::watch(int ms)
{
    QDeadlineTimer deadline(ms);
    QString ignored; // a device that does not answer shows in the next trial's health check
    while (!deadline.hasExpired()) {
        for (const client::LabDevice& d : m_lab.devices)
            haStatus(d.name, &ignored, 1000);
        pause(int(std::min<qint64>(250, deadline.remainingTime())));
    }
}

// Both agents answer, the channel is up, each location has one master (the planned one when
// `planned`) whose batch backup is finished, and no standby is still receiving one.
bool Drill::waitHealthy(bool planned, QString* error)
{
    QDeadlineTimer deadline(kHealthyTimeoutMs);
    QString why;
    while (!deadline.hasExpired()) {
        std::map<QString, QJsonObject> status;
        bool answered = true;
        for (const client::LabDevice& d : m_lab.devices) {
            const auto s = haStatus(d.name, &why, 2000);
            if (!s) {
                answered = false;
                break;
            }
            status[d.name] = *s;
        }
        bool healthy = answered;
        if (answered) {
            for (const auto& [name, s] : status) {
                const QString channel =
                    s.value(QStringLiteral("channel")).toObject().value(QStringLiteral("state")).toString();
                if (channel != QLatin1String("up")) {
                    why = QStringLiteral("%1: backup channel %2").arg(name, channel);
                    healthy = false;
                }
            }
            for (const QJsonValue& v : status.begin()->second.value(QStringLiteral("serviceLocations")).toArray()) {
                const int sl = v.toObject().value(QStringLiteral("id")).toInt();
                QStringList masters;
                for (const auto& [name, s] : status) {
                    const QJsonObject l = location(s, sl);
                    if (l.value(QStringLiteral("board")).toString() != QLatin1String("up"))
                        why = QStringLiteral("%1: board of service-location %2 down").arg(name).arg(sl),
                        healthy = false;
                    if (l.value(QStringLiteral("receivingBatch")).toBool())
                        why = QStringLiteral("%1: receiving a batch backup").arg(name), healthy = false;
                    if (isMaster(s, sl)) {
                        masters.append(name);
                        if (l.value(QStringLiteral("batchBackupState")).toString() != QLatin1String("finished"))
                            why = QStringLiteral("%1: batch backup of %2 unfinished").arg(name).arg(sl),
                            healthy = false;
                    }
                }
                if (masters.size() != 1 || (planned && masters[0] != plannedMaster(sl))) {
                    why = QStringLiteral("service-location %1 master: %2")
                              .arg(sl)
                              .arg(masters.isEmpty() ? QStringLiteral("none") : masters.join(QLatin1Char('+')));
                    healthy = false;
                }
            }
        }
        if (healthy)
            return true;
        pause(50);
    }
    *error = QStringLiteral("the pair did not become healthy within %1 s: %2")
                 .arg(kHealthyTimeoutMs / 1000)
                 .arg(why);
    return false;
}

bool Drill::setTraffic(const QJsonObject& params, QString* error, const QString& only)
{
    bool ok = true;
    for (const client::LabDevice& d : m_lab.devices) {
        if (!only.isEmpty() && d.name != only)
            continue;
        QString why;
        if (!link(d.name).call(QStringLiteral("lab.traffic"), params, &why)) {
            *error = why;
            ok = false;
        }
    }
    return ok;
}

// One session of a cgn.sessions page, keyed by what identifies its mapping's inside.
std::pair<QString, SessionEntry> sessionOf(const QJsonObject& s)
{
    const QString key =
        QStringLiteral("%1 %2 %3:%4")
            .arg(
                s.value(QStringLiteral("protocol")).toString(),
                s.value(QStringLiteral("user")).toObject().value(QStringLiteral("text")).toString(),
                s.value(QStringLiteral("insideAddress")).toString())
            .arg(s.value(QStringLiteral("insidePort")).toInt());
    return {key,
            {QStringLiteral("%1:%2")
                 .arg(s.value(QStringLiteral("outsideAddress")).toString())
                 .arg(s.value(QStringLiteral("outsidePort")).toInt()),
             qint64(s.value(QStringLiteral("created")).toDouble()),
             qint64(s.value(QStringLiteral("expires")).toDouble())}};
}

std::optional<std::map<QString, SessionEntry>> Drill::listSessions(const QString& name,
                                                                   QString* error)
{
    std::map<QString, SessionEntry> sessions;
    qint64 cursor = 0;
    do {
        const auto page = link(name).call(QStringLiteral("cgn.sessions"),
                                          {{QStringLiteral("serviceLocation"), kServiceLocation},
                                           {QStringLiteral("limit"), 1000},
                                           {QStringLiteral("cursor"), double(cursor)}},
                                          error);
        if (!page)
            return std::nullopt;
        for (const QJsonValue& v : page->value(QStringLiteral("sessions")).toArray()) {
            auto [key, entry] = sessionOf(v.toObject());
            sessions.insert_or_assign(key, entry);
        }
        cursor = qint64(page->value(QStringLiteral("nextCursor")).toDouble());
    } while (cursor != 0);
    return sessions;
}

bool Drill::listNewest(const QString& name, qint64 since, std::map<QString, SessionEntry>& sessions,
                       QString* error)
{
    QString cursor;
    for (;;) {
        QJsonObject params{{QStringLiteral("serviceLocation"), kServiceLocation},
                           {QStringLiteral("limit"), 1000},
                           {QStringLiteral("sort"), QStringLiteral("created")},
                           {QStringLiteral("descending"), true}};
        if (!cursor.isEmpty())
            params.insert(QStringLiteral("cursor"), cursor);
        const auto page = link(name).call(QStringLiteral("cgn.sessions"), params, error);
        if (!page)
            return false;
        bool older = false;
        for (const QJsonValue& v : page->value(QStringLiteral("sessions")).toArray()) {
            auto [key, entry] = sessionOf(v.toObject());
            older |= entry.created < since;
            sessions.insert_or_assign(key, entry);
        }
        cursor = page->value(QStringLiteral("nextCursor")).toString();
        if (older || cursor.isEmpty())
            return true;
    }
}

std::optional<qint64> Drill::engineNow(const QString& name, QString* error)
{
    const auto labStatus = link(name).call(QStringLiteral("lab.status"), {}, error);
    if (!labStatus)
        return std::nullopt;
    return qint64(labStatus->value(QStringLiteral("traffic"))
                      .toObject()
                      .value(QStringLiteral("engineNow"))
                      .toDouble());
}

// The agent started again as lab up started it, with the same command line; lab.json follows.
bool Drill::restartAgent(const QString& name, const QStringList& commandLine, QString* error)
{
    client::LabDevice& d = device(name);
    QProcess process;
    process.setProgram(commandLine.value(0));
    process.setArguments(commandLine.mid(1));
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(d.logPath, QIODevice::Append);
    process.setStandardErrorFile(d.logPath, QIODevice::Append);
    qint64 pid = 0;
    if (!process.startDetached(&pid)) {
        *error = QStringLiteral("cannot restart %1 (%2): %3")
                     .arg(name, commandLine.join(QLatin1Char(' ')), process.errorString());
        return false;
    }
    d.pid = pid;
    QSaveFile file(client::labJsonPath(m_dir));
    const QByteArray json = QJsonDocument(m_lab.toJson()).toJson();
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit()) {
        *error = QStringLiteral("cannot update %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    link(name).drop();
    QDeadlineTimer deadline(10000);
    QString why;
    while (!deadline.hasExpired()) {
        if (link(name).call(QStringLiteral("lab.status"), {}, &why, 1000))
            return true;
        pause(20);
    }
    *error = QStringLiteral("restarted %1 (pid %2) does not answer: %3").arg(name).arg(pid).arg(why);
    return false;
}

// Digests of equal tables are equal; so with opens paused and teardowns held (the generators
// still step, both devices in lockstep) and delay-time passed, the standby must catch up.
// The traffic is released whatever happens.
bool Drill::compareDigests(bool* equal, QString* error)
{
    *equal = false;
    const QJsonObject release{{QStringLiteral("pauseOpens"), false},
                              {QStringLiteral("holdTeardowns"), false}};
    if (!setTraffic({{QStringLiteral("pauseOpens"), true}, {QStringLiteral("holdTeardowns"), true}},
                    error)) {
        QString ignored; // the first error is the one to report
        setTraffic(release, &ignored);
        return false;
    }
    pause(m_delayTimeSeconds * 1000 + 300);
    QDeadlineTimer deadline(5000);
    bool answered = true;
    while (answered && !*equal && !deadline.hasExpired()) {
        std::vector<QJsonObject> status;
        for (const client::LabDevice& d : m_lab.devices) {
            const auto s = haStatus(d.name, error);
            if (!s) {
                answered = false;
                break;
            }
            status.push_back(*s);
        }
        if (!answered)
            break;
        *equal = true;
        for (const QJsonValue& v : status[0].value(QStringLiteral("serviceLocations")).toArray()) {
            const int sl = v.toObject().value(QStringLiteral("id")).toInt();
            if (location(status[0], sl).value(QStringLiteral("digest")) !=
                location(status[1], sl).value(QStringLiteral("digest")))
                *equal = false;
        }
        if (!*equal)
            pause(100);
    }
    QString why;
    const bool released = setTraffic(release, &why);
    if (answered && !released)
        *error = why;
    return answered && released;
}

// Up to the comparison of the sessions on the new master: the traffic hold, the fault, the
// switchover. Each change is recorded in `injected` before it is made, so that a half-made one
// is undone too.
bool Drill::inject(Trial& t, const Fault& fault, Injected& injected, Listing& listing,
                   QString* error)
{
    QString master;
    for (const client::LabDevice& d : m_lab.devices) {
        const auto s = haStatus(d.name, error);
        if (!s)
            return false;
        if (isMaster(*s, kServiceLocation))
            master = d.name;
    }
    if (master.isEmpty()) {
        *error = QStringLiteral("no master for service-location %1").arg(kServiceLocation);
        return false;
    }
    const QString standby = other(master);
    t.oldMaster = t.newMaster = master;

    // Teardowns held on both devices: a listed session then ends only by its own timer.
    if (!setTraffic({{QStringLiteral("holdTeardowns"), true}}, error))
        return false;

    if (fault.staleSeconds > 0) {
        // The standby goes stale: the master keeps serving (VRRP still hears it) and makes
        // sessions the standby never gets.
        const Fault cut{QStringLiteral("channel")};
        for (const QString& name : {master, standby}) {
            injected.heals.emplace_back(name, labFault(cut, false));
            if (!link(name).call(QStringLiteral("lab.fault"), labFault(cut, true), error))
                return false;
        }
        pause(fault.staleSeconds * 1000);
    }

    // The whole table by cursor takes seconds on a big one; the sessions created meanwhile,
    // and all that may still be younger than delay-time, come after it, newest first: so the
    // listing holds what the master served up to a page's round trip before the fault.
    const auto listStart = engineNow(master, error);
    if (!listStart)
        return false;
    const auto listed = listSessions(master, error);
    if (!listed)
        return false;
    listing.sessions = *listed;
    const auto atFault = haStatus(master, error);
    if (!atFault)
        return false;
    const QJsonObject served = location(*atFault, kServiceLocation);
    t.sessionsBefore = qint64(served.value(QStringLiteral("sessions")).toDouble());
    t.heldByDelayTime = qint64(served.value(QStringLiteral("notBackedUp")).toDouble());
    // The clock that stamped the listing's created and expires, as close to the fault as can be.
    const auto now = engineNow(master, error);
    if (!now)
        return false;
    listing.readMs = nowMs();
    listing.engineNow = *now;
    if (!listNewest(master, std::min(*listStart - 1, *now - m_delayTimeSeconds - 1), listing.sessions, error))
        return false;

    // --- the fault
    if (fault.kind == QLatin1String("kill")) {
        const qint64 pid = device(master).pid;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!isAgentProcess(pid) || !cmdline.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("%1 (pid %2) is not a running tandem-agent").arg(master).arg(pid);
            return false;
        }
        for (const QByteArray& part : cmdline.readAll().split('\0'))
            if (!part.isEmpty())
                injected.commandLine.append(QString::fromLocal8Bit(part));
        t.faultMs = nowMs();
        injected.killed = master;
        ::kill(pid_t(pid), SIGKILL);
        link(master).drop();
    } else if (fault.kind == QLatin1String("manual")) {
        t.faultMs = nowMs();
        injected.resigned = master;
        if (!link(master).call(QStringLiteral("ha.switchover"),
                               {{QStringLiteral("serviceLocation"), kServiceLocation}}, error))
            return false;
    } else {
        for (const QString& name : fault.onBothDevices() ? QStringList{master, standby}
                                                         : QStringList{master}) {
            injected.heals.emplace_back(name, labFault(fault, false));
            const auto applied = link(name).call(QStringLiteral("lab.fault"), labFault(fault, true), error);
            if (!applied)
                return false;
            if (!t.faultMs)
                t.faultMs = qint64(applied->value(QStringLiteral("appliedMs")).toDouble());
        }
    }

    // --- the switchover, seen from the standby; a channel fault waits as long as a master's
    // failure would take to be noticed, and must see none
    QJsonObject event;
    QDeadlineTimer deadline(fault.switches() ? m_switchTimeoutMs : 3 * m_masterDownMs + 500);
    while (!deadline.hasExpired()) {
        QString unanswered; // the standby may be busy taking over: ask again
        const auto s = haStatus(standby, &unanswered, 2000);
        if (s && isMaster(*s, kServiceLocation)) {
            for (const QJsonValue& v : s->value(QStringLiteral("switchovers")).toArray()) {
                const QJsonObject e = v.toObject();
                if (e.value(QStringLiteral("serviceLocation")).toInt() == kServiceLocation &&
                    qint64(e.value(QStringLiteral("decisionMs")).toDouble()) >= t.faultMs - 5)
                    event = e;
            }
            if (!event.isEmpty())
                break;
        }
        pause(2);
    }
    if (event.isEmpty()) {
        if (fault.switches()) {
            *error = QStringLiteral("%1 did not become master of service-location %2 within %3 ms")
                         .arg(standby)
                         .arg(kServiceLocation)
                         .arg(m_switchTimeoutMs);
            return false;
        }
        t.note = QStringLiteral("no switchover: with only the backup channel faulted, VRRP still "
                                "hears the master");
        return true; // the standby is checked once the fault is healed
    }
    t.switched = true;
    t.newMaster = standby;
    auto phase = [&](const char* field) {
        return qint64(event.value(QLatin1String(field)).toDouble()) - t.faultMs;
    };
    t.detectMs = phase("decisionMs");
    t.tablesMs = phase("tablesActiveMs");
    t.masterMs = phase("firstAdvertMs");
    t.sessionsAfter = qint64(event.value(QStringLiteral("sessionsAfter")).toDouble());
    if (fault.switches() && *t.detectMs > m_switchTimeoutMs) {
        *error = QStringLiteral("%1 took over %2 ms after the fault, later than the %3 ms allowed")
                     .arg(standby)
                     .arg(*t.detectMs)
                     .arg(m_switchTimeoutMs);
        return false;
    }
    return checkSessions(t, listing, standby, error);
}

// Mapping by mapping: each session the old master listed must be on `name` with the same
// outside address and port. One that is not is lost, unless its own timer ran out meanwhile
// (expired) or it was younger than delay-time at the fault (not backed up, by design). Both
// are judged on the old master's engine clock, which counts whole seconds: a session is
// excused when it may have expired by now, or may have been younger than delay-time + 1 s at
// the fault. The extra second covers the backup channel's lag: a create sent just before the
// fault is still in flight (a session's age is known to the second only).
bool Drill::checkSessions(Trial& t, const Listing& listing, const QString& name, QString* error)
{
    // A listing takes seconds on a big table. It holds only if the tables it read stayed the
    // same tables throughout: the device kept its role and no batch backup began on it (a
    // batch starts from empty). Otherwise — the old master took its role back by preemption
    // meanwhile, say — read whoever serves now.
    struct Tables
    {
        bool master = false;
        qint64 batchesReceived = 0;
        bool receiving = false;
        bool operator==(const Tables&) const = default;
    };
    auto tables = [&](const QString& device) -> std::optional<Tables> {
        const auto s = link(device).call(QStringLiteral("ha.status"), {}, error);
        if (!s)
            return std::nullopt;
        return Tables{isMaster(*s, kServiceLocation),
                      s->value(QStringLiteral("sync")).toObject().value(QStringLiteral("batchesReceived")).toInteger(),
                      location(*s, kServiceLocation).value(QStringLiteral("receivingBatch")).toBool()};
    };
    QString device = name;
    std::optional<std::map<QString, SessionEntry>> served;
    for (int attempt = 0; attempt < 5 && !served; ++attempt) {
        const auto before = tables(device);
        auto listed = before ? listSessions(device, error) : std::nullopt;
        const auto after = listed ? tables(device) : std::nullopt;
        if (!after)
            return false;
        if (*before == *after && !after->receiving) {
            served = std::move(listed);
            break;
        }
        // The role moved during the listing: read the device that serves now, once settled.
        if (!waitHealthy(false, error))
            return false;
        if (t.switched) {
            const auto now = tables(device);
            if (!now)
                return false;
            if (!now->master)
                device = other(device);
        }
    }
    if (!served) {
        *error = QStringLiteral("the tables kept changing under the listing of %1").arg(name);
        return false;
    }
    const qint64 engineNowAtMost = listing.engineNow + 1 + (nowMs() - listing.readMs + 999) / 1000;
    const qint64 youngFrom = listing.engineNow - m_delayTimeSeconds - 1;
    qint64 lost = 0;
    for (const auto& [key, entry] : listing.sessions) {
        const auto found = served->find(key);
        if (found != served->end() && found->second.outside == entry.outside)
            continue;
        if (entry.expires <= engineNowAtMost)
            ++t.sessionsExpired;
        else if (entry.created >= youngFrom)
            ++t.sessionsNotBackedUp;
        else
            ++lost;
    }
    t.sessionsChecked = qint64(listing.sessions.size());
    t.sessionsLost = lost;
    if (!t.switched)
        t.sessionsAfter = qint64(served->size());
    return true;
}

// lab.fault healed where the trial set it (a killed agent starts again without it).
bool Drill::healFaults(Injected& injected, QString* error)
{
    bool ok = true;
    for (const auto& [name, params] : injected.heals) {
        if (name == injected.killed)
            continue;
        QString why;
        if (!link(name).call(QStringLiteral("lab.fault"), params, &why)) {
            *error = why;
            ok = false;
        }
    }
    injected.heals.clear();
    return ok;
}

// Teardowns and opens flow again on every device that runs (a killed one restarts without holds).
bool Drill::releaseTraffic(const Injected& injected, QString* error)
{
    bool ok = true;
    for (const client::LabDevice& d : m_lab.devices) {
        if (d.name == injected.killed)
            continue;
        QString why;
        if (!setTraffic({{QStringLiteral("holdTeardowns"), false}, {QStringLiteral("pauseOpens"), false}},
                        &why, d.name)) {
            *error = why;
            ok = false;
        }
    }
    return ok;
}

// The killed agent started again; it joins the survivor's traffic, in step with it.
bool Drill::restartKilled(Injected& injected, QString* error)
{
    if (injected.killed.isEmpty())
        return true;
    const QString name = std::exchange(injected.killed, QString());
    if (!restartAgent(name, injected.commandLine, error))
        return false;
    const auto peer = link(other(name)).call(QStringLiteral("lab.status"), {}, error);
    if (!peer)
        return false;
    const QJsonObject traffic = peer->value(QStringLiteral("traffic")).toObject();
    if (!traffic.value(QStringLiteral("running")).toBool())
        return true;
    return setTraffic({{QStringLiteral("rate"), traffic.value(QStringLiteral("rate"))},
                       {QStringLiteral("subscribers"), traffic.value(QStringLiteral("subscribers"))},
                       {QStringLiteral("churnSeconds"), traffic.value(QStringLiteral("churnSeconds"))},
                       {QStringLiteral("mix"), traffic.value(QStringLiteral("mix"))},
                       {QStringLiteral("startMs"), traffic.value(QStringLiteral("startMs"))}},
                      error, name);
}

// After a manual switchover the old master gets its role back. An agent whose resign is
// momentary ends the demotion once it holds the new master's batch, and preempts after its
// preempt delay; one that keeps the resigning side demoted needs a switchover on the new
// master. Either is accepted: the drill waits preempt delay + 10 s for the first, then asks for
// the second, and a preemption that comes just before that call is no error.
bool Drill::returnRole(Trial& t, Injected& injected, QString* error)
{
    if (injected.resigned.isEmpty())
        return true;
    const QString oldMaster = std::exchange(injected.resigned, QString());
    const QString newMaster = other(oldMaster);
    if (!waitHealthy(false, error))
        return false;
    QDeadlineTimer deadline((m_preemptDelaySeconds + 10) * 1000);
    while (!deadline.hasExpired()) {
        const auto master = masterOf(kServiceLocation, error);
        if (master && *master == oldMaster) {
            if (t.switched) // else the switchover itself failed, and nothing moved
                t.returnedBy = QStringLiteral("preempt");
            return true;
        }
        pause(100);
    }
    QString refused;
    if (link(newMaster).call(QStringLiteral("ha.switchover"),
                             {{QStringLiteral("serviceLocation"), kServiceLocation}}, &refused)) {
        t.returnedBy = QStringLiteral("switchover");
        return true;
    }
    const auto master = masterOf(kServiceLocation, error);
    if (master && *master == oldMaster) {
        t.returnedBy = QStringLiteral("preempt");
        return true;
    }
    *error = QStringLiteral("%1 did not take service-location %2 back by preemption within %3 s, "
                            "and the switchover back was refused: %4")
                 .arg(oldMaster)
                 .arg(kServiceLocation)
                 .arg(m_preemptDelaySeconds + 10)
                 .arg(refused);
    return false;
}

Trial Drill::run(int index, const Fault& fault)
{
    Trial t;
    t.index = index;
    t.fault = fault;
    m_trialLagP99Us = 0;
    auto fail = [&t](const QString& why) {
        t.error += (t.error.isEmpty() ? QString() : QStringLiteral("; then ")) + why;
    };
    Injected injected;
    Listing listing;
    QString error;
    if (!inject(t, fault, injected, listing, &error))
        fail(error);

    // --- restore: every way out of the trial undoes what it injected
    const qint64 endedMs = nowMs();
    if (!healFaults(injected, &error))
        fail(error);
    bool gaveUp = false; // on the pair's health: waiting again would only double the time
    if (t.error.isEmpty() && !t.switched) {
        // Nothing switched: once the fault is healed and the standby has caught up, it must hold
        // what the master served (teardowns are still held, so only timers ended any).
        gaveUp = !waitHealthy(true, &error);
        if (gaveUp || !checkSessions(t, listing, other(t.oldMaster), &error))
            fail(error);
    }
    if (!releaseTraffic(injected, &error))
        fail(error);
    if (!restartKilled(injected, &error))
        fail(error);
    if (!returnRole(t, injected, &error))
        fail(error);
    t.healthy = !gaveUp && waitHealthy(true, &error);
    if (t.healthy)
        t.healthyMs = nowMs() - endedMs;
    else if (!gaveUp)
        fail(error);
    if (t.error.isEmpty() && !compareDigests(&t.digestEqual, &error))
        fail(error);
    t.lagP99Us = m_trialLagP99Us;
    return t;
}

struct Spread
{
    double median = 0, p90 = 0, min = 0, max = 0;
    int count = 0;
};

Spread spreadOf(std::vector<double> values)
{
    Spread s;
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    s.count = int(values.size());
    s.min = values.front();
    s.max = values.back();
    const std::size_t mid = values.size() / 2;
    s.median = values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    // Nearest rank: the smallest value with at least 90 % of them at or below it.
    s.p90 = values[std::size_t(std::ceil(0.9 * double(values.size()))) - 1];
    return s;
}

QString cell(const std::optional<qint64>& v)
{
    return v ? QString::number(*v) : QStringLiteral("-");
}

void print(const QString& text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

void printTrialHeader()
{
    print(QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8  %9  %10  %11  %12\n")
              .arg(QStringLiteral("trial"), -5)
              .arg(QStringLiteral("fault"), -13)
              .arg(QStringLiteral("old -> new"), -14)
              .arg(QStringLiteral("detect_ms"), 9)
              .arg(QStringLiteral("tables_ms"), 9)
              .arg(QStringLiteral("master_ms"), 9)
              .arg(QStringLiteral("before"), 7)
              .arg(QStringLiteral("after"), 7)
              .arg(QStringLiteral("lost"), 5)
              .arg(QStringLiteral("not_backed_up"), 13)
              .arg(QStringLiteral("healthy_ms"), 10)
              .arg(QStringLiteral("digests")));
}

void printTrial(const Trial& t)
{
    print(QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8  %9  %10  %11  %12\n")
              .arg(t.index, -5)
              .arg(t.fault.kind, -13)
              .arg(QStringLiteral("%1 -> %2").arg(t.oldMaster, t.newMaster), -14)
              .arg(cell(t.detectMs), 9)
              .arg(cell(t.tablesMs), 9)
              .arg(cell(t.masterMs), 9)
              .arg(t.sessionsBefore, 7)
              .arg(t.sessionsAfter, 7)
              .arg(cell(t.sessionsLost), 5)
              .arg(t.sessionsNotBackedUp, 13)
              .arg(cell(t.healthyMs), 10)
              .arg(t.error.isEmpty() ? (t.digestEqual ? QStringLiteral("equal") : QStringLiteral("DIFFER"))
                                     : QStringLiteral("-")));
    const QJsonObject params = t.fault.paramsJson();
    QStringList details;
    for (auto it = params.begin(); it != params.end(); ++it)
        details.append(QStringLiteral("%1 %2").arg(it.key()).arg(it.value().toInt()));
    if (!details.isEmpty())
        print(QStringLiteral("       %1\n").arg(details.join(QStringLiteral(", "))));
    if (!t.returnedBy.isEmpty())
        print(QStringLiteral("       role returned by %1\n").arg(t.returnedBy));
    if (!t.note.isEmpty())
        print(QStringLiteral("       %1\n").arg(t.note));
    if (!t.error.isEmpty())
        print(QStringLiteral("       error: %1\n").arg(t.error));
}

// The counts every series reports, drills and soaks alike.
struct Totals
{
    qint64 lost = 0, notBackedUp = 0, checked = 0, heldByDelayTime = 0;
    int unchecked = 0; // trials that ended before their sessions were compared
    int equal = 0, differ = 0, errors = 0, switched = 0;
    bool ok() const { return lost == 0 && differ == 0 && errors == 0 && unchecked == 0; }
};

Totals totalsOf(const std::vector<Trial>& trials)
{
    Totals s;
    for (const Trial& t : trials) {
        s.lost += t.sessionsLost.value_or(0);
        s.notBackedUp += t.sessionsNotBackedUp;
        s.heldByDelayTime += t.heldByDelayTime;
        s.checked += t.sessionsChecked.value_or(0);
        s.unchecked += !t.sessionsLost;
        s.equal += t.error.isEmpty() && t.digestEqual;
        s.differ += t.error.isEmpty() && !t.digestEqual;
        s.errors += !t.error.isEmpty();
        s.switched += t.switched;
    }
    return s;
}

void insertTotals(QJsonObject& summary, const Totals& s)
{
    summary.insert(QStringLiteral("switched"), s.switched);
    summary.insert(QStringLiteral("sessions_checked_total"), double(s.checked));
    summary.insert(QStringLiteral("sessions_lost_total"), double(s.lost));
    summary.insert(QStringLiteral("sessions_not_backed_up_total"), double(s.notBackedUp));
    summary.insert(QStringLiteral("held_by_delay_time_at_fault_total"), double(s.heldByDelayTime));
    summary.insert(QStringLiteral("trials_unchecked"), s.unchecked);
    summary.insert(QStringLiteral("digests_equal"), s.equal);
    summary.insert(QStringLiteral("digests_differ"), s.differ);
    summary.insert(QStringLiteral("errors"), s.errors);
    summary.insert(QStringLiteral("ok"), s.ok());
}

QString totalsText(const Totals& s)
{
    return QStringLiteral(
               "  sessions lost %1 (should have survived and did not; of %2 checked, mapping by "
               "mapping; %3 trials unchecked)\n"
               "  sessions not backed up %4 (younger than service-ha delay-time at the fault: "
               "the device does not back them up, by design; the old masters' delay queues "
               "held %5 right before it)\n"
               "  digests equal %6, differing %7, errors %8: %9\n")
        .arg(s.lost)
        .arg(s.checked)
        .arg(s.unchecked)
        .arg(s.notBackedUp)
        .arg(s.heldByDelayTime)
        .arg(s.equal)
        .arg(s.differ)
        .arg(s.errors)
        .arg(s.ok() ? QStringLiteral("PASS") : QStringLiteral("FAIL"));
}

// The trials of one series, printed as they finish (unless json); their summary and `ok`.
struct Series
{
    std::vector<Trial> trials;
    QJsonObject summary;
    QString text; // the summary lines of the human output
    bool ok = false;
};

// A spread of one figure over the trials that have it, into the summary and its text.
void summarise(Series& series, const char* name, const std::function<std::optional<qint64>(const Trial&)>& value,
               bool withP90)
{
    std::vector<double> values;
    for (const Trial& t : series.trials)
        if (const std::optional<qint64> v = value(t))
            values.push_back(double(*v));
    const Spread s = spreadOf(values);
    if (s.count == 0)
        return;
    QJsonObject o{{QStringLiteral("median"), s.median},
                  {QStringLiteral("min"), s.min},
                  {QStringLiteral("max"), s.max},
                  {QStringLiteral("count"), s.count}};
    if (withP90)
        o.insert(QStringLiteral("p90"), s.p90);
    series.summary.insert(QLatin1String(name), o);
    series.text += withP90 ? QStringLiteral("  %1  median %2  p90 %3  max %4  (%5 trials)\n")
                                 .arg(QLatin1String(name), -15)
                                 .arg(s.median, 0, 'g', 12)
                                 .arg(s.p90, 0, 'g', 12)
                                 .arg(s.max, 0, 'g', 12)
                                 .arg(s.count)
                           : QStringLiteral("  %1  median %2  min %3  max %4  (%5 trials)\n")
                                 .arg(QLatin1String(name), -15)
                                 .arg(s.median, 0, 'g', 12)
                                 .arg(s.min, 0, 'g', 12)
                                 .arg(s.max, 0, 'g', 12)
                                 .arg(s.count);
}

Series runSeries(Drill& drill, const Fault& fault, int trials, bool json)
{
    Series series;
    if (!json)
        printTrialHeader();
    for (int i = 1; i <= trials; ++i) {
        Trial t = drill.run(i, fault);
        if (!json)
            printTrial(t);
        const bool broken = !t.error.isEmpty();
        series.trials.push_back(std::move(t));
        if (broken)
            break; // healed, but what broke would make later trials measure nonsense
    }

    series.summary = {{QStringLiteral("fault"), fault.kind},
                      {QStringLiteral("trials"), int(series.trials.size())}};
    summarise(series, "detect_ms", [](const Trial& t) { return t.detectMs; }, false);
    summarise(series, "tables_ms", [](const Trial& t) { return t.tablesMs; }, false);
    summarise(series, "master_ms", [](const Trial& t) { return t.masterMs; }, false);
    summarise(series, "sessions_lost", [](const Trial& t) { return t.sessionsLost; }, false);
    const Totals totals = totalsOf(series.trials);
    insertTotals(series.summary, totals);
    series.ok = totals.ok();
    series.text = QStringLiteral("summary (%1 trials of %2; %3 switched over)\n")
                      .arg(series.trials.size())
                      .arg(fault.kind)
                      .arg(totals.switched) +
                  series.text + totalsText(totals);
    return series;
}

struct SoakOptions
{
    int faults = 0;
    std::optional<double> rate;
    quint64 seed = 0;
    int staleSeconds = 0;
};

// N faults drawn at random from every kind, each after a random healthy interval, as trials of
// one series; a trial that errs is healed, and the soak goes on while the pair is healthy.
Series runSoak(Drill& drill, const SoakOptions& options, bool json)
{
    Series series;
    QRandomGenerator random(options.seed);
    if (!json)
        printTrialHeader();
    for (int i = 1; i <= options.faults; ++i) {
        drill.watch(500 + int(random.bounded(2501)));
        Fault fault{kFaultKinds[int(random.bounded(int(kFaultKinds.size())))]};
        fault.delayMs = 20 + int(random.bounded(481));
        fault.dropPercent = 1 + int(random.bounded(20));
        fault.staleSeconds = options.staleSeconds;
        Trial t = drill.run(i, fault);
        if (!json)
            printTrial(t);
        const bool broken = !t.healthy;
        series.trials.push_back(std::move(t));
        if (broken)
            break; // the pair did not come back: later faults would measure nonsense
    }

    QJsonObject kinds;
    for (const Trial& t : series.trials)
        kinds.insert(t.fault.kind, kinds.value(t.fault.kind).toInt() + 1);
    series.summary = {{QStringLiteral("soak"), options.faults},
                      {QStringLiteral("seed"), QString::number(options.seed)},
                      {QStringLiteral("trials"), int(series.trials.size())},
                      {QStringLiteral("faults"), kinds},
                      {QStringLiteral("lag_p99_us_max"), double(drill.worstLagP99Us())}};
    if (options.rate)
        series.summary.insert(QStringLiteral("rate"), *options.rate);
    summarise(series, "healthy_ms", [](const Trial& t) { return t.healthyMs; }, true);
    summarise(series, "detect_ms", [](const Trial& t) { return t.detectMs; }, true);
    summarise(series, "lag_p99_us", [](const Trial& t) { return std::optional<qint64>(t.lagP99Us); }, true);
    const Totals totals = totalsOf(series.trials);
    insertTotals(series.summary, totals);
    series.ok = totals.ok() && int(series.trials.size()) == options.faults;
    series.summary.insert(QStringLiteral("ok"), series.ok);
    QStringList kindText;
    for (auto it = kinds.begin(); it != kinds.end(); ++it)
        kindText.append(QStringLiteral("%1 %2").arg(it.key()).arg(it.value().toInt()));
    series.text = QStringLiteral("soak summary (%1 of %2 faults, seed %3; %4 switched over)\n"
                                 "  faults: %5\n"
                                 "  worst sync lag p99 seen: %6 us\n")
                      .arg(series.trials.size())
                      .arg(options.faults)
                      .arg(options.seed)
                      .arg(totals.switched)
                      .arg(kindText.join(QStringLiteral(", ")))
                      .arg(drill.worstLagP99Us()) +
                  series.text + totalsText(totals);
    return series;
}

QJsonArray trialsJson(const Series& series)
{
    QJsonArray array;
    for (const Trial& t : series.trials)
        array.append(t.toJson());
    return array;
}

int usageError(const QString& message)
{
    std::fprintf(stderr, "tandemctl: drill: %s\nusage:\n%s", message.toUtf8().constData(),
                 kDrillUsage);
    return 2;
}

bool wholeNumber(const QString& text, int min, int max, int* out)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    if (!ok || n < min || n > max)
        return false;
    *out = n;
    return true;
}

// The soak's --rate for its duration (lab.traffic {rate}, one new start for both devices so
// that their generators stay in step); the lab's own rate afterwards.
bool setLabRate(Drill& drill, double rate, QString* error)
{
    return startLabTraffic(drill.lab(), {{QStringLiteral("rate"), rate}}, error) &&
           drill.waitHealthy(true, error);
}

} // namespace

const QStringList kFaultKinds{QStringLiteral("kill"),    QStringLiteral("board"),
                              QStringLiteral("channel"), QStringLiteral("uplink"),
                              QStringLiteral("manual"),  QStringLiteral("channel-delay"),
                              QStringLiteral("channel-drop")};

const char* const kDrillUsage =
    R"(  drill --lab DIR --fault KIND [--trials N] [--clients N] [--json] [options]
  drill --lab DIR --soak N [--rate R] [--seed S] [--json] [options]
        failover drills on a running lab pair under traffic: phase times, sessions lost,
        digests. KIND: kill, board, channel, uplink, manual (these switch over), or
        channel-delay, channel-drop (on both devices' backup channel; these must not).
        Each trial compares, mapping by mapping, what the old master served just before the
        fault (its table, and the sessions created while it was read) with what the new
        master serves after it (without a switchover: what the standby holds once the fault
        is healed). Two figures: `lost`, a session missing or mapped differently that should
        have survived; `not_backed_up`, missing but younger than service-ha delay-time at
        the fault (the device does not back those up, by design); a session whose own timer
        ran out is neither (expired). `held_by_delay_time_at_fault` is the old master's own
        count of the latter, a cross-check. Every trial heals what it injected.
        --clients N runs the trials again with N clients watching both devices (state,
        events and counters at 10 Hz) and shows both sets of figures
        --soak N: N faults drawn at random from all seven kinds, each after a random healthy
        interval of 0.5-3 s, then totals, time to healthy (median, p90, max) and the worst
        sync lag p99; --rate R: lab traffic at R creates/s for the soak; --seed S replays one
        options: --delay-ms MS (channel-delay, default 200), --drop-percent P (channel-drop,
        default 10), --switch-timeout MS (default 15000): how long the standby may take to
        take over; --stale-standby SECONDS: cut the backup channel on both devices that long
        before the fault, a check of the accounting itself: it must report sessions lost
        exit status 1 if any session was lost, tables differed or a trial failed
)";

int drillCommand(const QStringList& arguments)
{
    Fault fault{QString(), 200, 10};
    int trials = 1;
    int clients = 0;
    int switchTimeoutMs = kSwitchTimeoutMs;
    SoakOptions soak;
    soak.seed = QRandomGenerator::global()->generate64() >> 16; // short enough to retype
    QString parseError;
    const auto line = parseCommandLine(QStringLiteral("drill"), arguments, &parseError);
    if (!line) {
        std::fprintf(stderr, "tandemctl: %s\n", parseError.toUtf8().constData());
        return 2;
    }
    if (line->help) {
        print(QStringLiteral("usage:\n") + QString::fromUtf8(kDrillUsage));
        return 0;
    }
    const bool json = line->flags.contains(QStringLiteral("json"));
    const QString dir = line->values.value(QStringLiteral("lab"));
    fault.kind = line->values.value(QStringLiteral("fault"));
    // Each number within its range, or the range named.
    struct Number
    {
        const char* option;
        int min, max;
        int* into;
        const char* needs;
    };
    const Number numbers[] = {
        {"trials", 1, 1000, &trials, "a number from 1 to 1000"},
        {"clients", 0, 1000, &clients, "a number from 0 to 1000"},
        {"soak", 1, 100000, &soak.faults, "a number of faults from 1 to 100000"},
        {"delay-ms", 1, 60000, &fault.delayMs, "a number from 1 to 60000"},
        {"drop-percent", 1, 100, &fault.dropPercent, "a number from 1 to 100"},
        {"switch-timeout", 1, 600000, &switchTimeoutMs, "milliseconds from 1 to 600000"},
        {"stale-standby", 1, 3600, &fault.staleSeconds, "seconds from 1 to 3600"},
    };
    for (const Number& n : numbers) {
        const QString name = QString::fromLatin1(n.option);
        if (line->values.contains(name) && !wholeNumber(line->values.value(name), n.min, n.max, n.into))
            return usageError(QStringLiteral("--%1 needs %2").arg(name, QString::fromLatin1(n.needs)));
    }
    if (line->values.contains(QStringLiteral("rate"))) {
        bool ok = false;
        soak.rate = line->values.value(QStringLiteral("rate")).toDouble(&ok);
        if (!ok || *soak.rate < 0 || *soak.rate > 2e6)
            return usageError(QStringLiteral("--rate needs creates/s from 0 to 2000000"));
    }
    if (line->values.contains(QStringLiteral("seed"))) {
        bool ok = false;
        soak.seed = line->values.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            return usageError(QStringLiteral("--seed needs a whole number"));
    }
    soak.staleSeconds = fault.staleSeconds;
    if (dir.isEmpty())
        return usageError(QStringLiteral("needs --lab DIR"));
    if (soak.faults > 0 && (!fault.kind.isEmpty() || clients > 0 || trials != 1))
        return usageError(QStringLiteral("--soak draws its own faults: it takes no --fault, "
                                         "--trials or --clients"));
    if (soak.faults == 0 && fault.kind.isEmpty())
        return usageError(QStringLiteral("needs --fault KIND or --soak N"));
    if (soak.faults == 0 && soak.rate)
        return usageError(QStringLiteral("--rate is for --soak (lab up --rate sets a drill's)"));
    if (fault.staleSeconds > 0 && soak.faults == 0 && !fault.switches())
        return usageError(QStringLiteral("--stale-standby needs a fault that switches over "
                                         "(kill, board, uplink or manual)"));
    QString error;
    const auto lab = client::LabDescription::load(dir, &error);
    if (!lab) {
        std::fprintf(stderr, "tandemctl: %s\n", error.toUtf8().constData());
        return 1;
    }
    Drill drill(dir, *lab);
    drill.setSwitchTimeout(switchTimeoutMs);
    if (!drill.prepare(&error)) {
        std::fprintf(stderr, "tandemctl: drill: %s\n", error.toUtf8().constData());
        return 1;
    }

    if (soak.faults > 0) {
        std::optional<double> labRate;
        if (soak.rate) {
            const auto status =
                callAgent(lab->devices.front().endpoint(), QStringLiteral("lab.status"), {}, 10000, &error);
            if (!status || !setLabRate(drill, *soak.rate, &error)) {
                std::fprintf(stderr, "tandemctl: drill: --rate: %s\n", error.toUtf8().constData());
                return 1;
            }
            labRate = status->toObject()
                          .value(QStringLiteral("traffic"))
                          .toObject()
                          .value(QStringLiteral("rate"))
                          .toDouble();
        }
        Series series = runSoak(drill, soak, json);
        if (labRate && !setLabRate(drill, *labRate, &error)) {
            std::fprintf(stderr, "tandemctl: drill: restoring the lab's rate %g: %s\n", *labRate,
                         error.toUtf8().constData());
            series.ok = false;
        }
        if (json)
            print(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("trials"), trialsJson(series)},
                                                              {QStringLiteral("summary"), series.summary}})
                                        .toJson()));
        else
            print(QStringLiteral("\n") + series.text);
        return series.ok ? 0 : 1;
    }

    // With --clients the same trials run twice, without and then with the watchers, so that
    // their effect on the figures shows side by side.
    if (!json && clients > 0)
        print(QStringLiteral("without clients\n"));
    const Series alone = runSeries(drill, fault, trials, json);
    std::optional<Series> loaded;
    QJsonObject load;
    if (clients > 0 && alone.ok) {
        ClientLoad watchers;
        watchers.start(drill.lab(), clients);
        if (!watchers.waitReady(60000, &error)) {
            std::fprintf(stderr, "tandemctl: drill: %s\n", error.toUtf8().constData());
            return 1;
        }
        // Connecting them all at once is a storm of its own (TLS handshakes and hellos), which
        // may shake the pair: the trials start, as always, from a healthy pair, and after a
        // second of steady load.
        if (!drill.waitHealthy(true, &error)) {
            std::fprintf(stderr, "tandemctl: drill: after %d clients connected: %s\n", clients,
                         error.toUtf8().constData());
            return 1;
        }
        watchers.resetCounts();
        pause(1000);
        if (!json)
            print(QStringLiteral("\nwith %1 clients (%2 connections, %3 Hz each)\n")
                      .arg(clients)
                      .arg(2 * clients)
                      .arg(ClientLoad::kRateHz));
        loaded = runSeries(drill, fault, trials, json);
        load = watchers.toJson(clients);
    }
    if (json) {
        QJsonObject document{{QStringLiteral("trials"), trialsJson(alone)},
                             {QStringLiteral("summary"), alone.summary}};
        if (loaded)
            document.insert(QStringLiteral("with_clients"),
                            QJsonObject{{QStringLiteral("load"), load},
                                        {QStringLiteral("trials"), trialsJson(*loaded)},
                                        {QStringLiteral("summary"), loaded->summary}});
        print(QString::fromUtf8(QJsonDocument(document).toJson()));
    } else {
        print(QStringLiteral("\n") + (loaded ? QStringLiteral("without clients: ") : QString()) +
              alone.text);
        if (loaded) {
            print(QStringLiteral("with %1 clients: ").arg(clients) + loaded->text);
            QStringList heard;
            const QJsonObject perDevice =
                load.value(QStringLiteral("switchovers_heard")).toObject();
            for (auto it = perDevice.begin(); it != perDevice.end(); ++it)
                heard.append(QStringLiteral("%1 %2").arg(it.key()).arg(it.value().toInt()));
            print(QStringLiteral("  switchovers the clients heard: %1 (a trial that switches makes "
                                 "one on each device: the takeover, then the return)\n")
                      .arg(heard.join(QStringLiteral(", "))));
            print(
                QStringLiteral("  load: %1 connections, %2 (%3 messages/s per connection), "
                               "%4 reconnects, %5 errors\n")
                    .arg(load.value(QStringLiteral("connections")).toInt())
                    .arg(load.value(QStringLiteral("mode")).toString() == QLatin1String("counters")
                             ? QStringLiteral("state + events + counters at 10 Hz")
                             : QStringLiteral("state + events, status.get polled at 10 Hz"))
                    .arg(load.value(QStringLiteral("messages_per_connection_per_s")).toDouble(), 0,
                         'f', 1)
                    .arg(load.value(QStringLiteral("reconnects")).toDouble())
                    .arg(load.value(QStringLiteral("errors")).toDouble()));
            print(QStringLiteral("\nmedians, without -> with clients\n"));
            for (const char* name : {"detect_ms", "tables_ms", "master_ms"}) {
                const QJsonValue a = alone.summary.value(QLatin1String(name))
                                         .toObject()
                                         .value(QStringLiteral("median"));
                const QJsonValue b = loaded->summary.value(QLatin1String(name))
                                         .toObject()
                                         .value(QStringLiteral("median"));
                if (!a.isUndefined() && !b.isUndefined())
                    print(QStringLiteral("  %1  %2 -> %3 ms\n")
                              .arg(QLatin1String(name), -10)
                              .arg(a.toDouble())
                              .arg(b.toDouble()));
            }
        }
    }
    return alone.ok && (clients == 0 || (loaded && loaded->ok)) ? 0 : 1;
}

} // namespace tandem::ctl
