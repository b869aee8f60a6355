#include "Drill.h"

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
#include <QRegularExpression>
#include <QSaveFile>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

namespace tandem::ctl {

namespace {

const QString kUplink = QStringLiteral("GigabitEthernet0/1/3");
constexpr int kServiceLocation = 1; // the drills fail over service-location 1

// lab.fault's params that put the drill's fault (board, uplink or channel) in place or end it.
QJsonObject labFault(const QString& fault, bool down)
{
    QJsonObject params;
    if (fault == QLatin1String("board"))
        params = {{QStringLiteral("kind"), QStringLiteral("board")},
                  {QStringLiteral("serviceLocation"), kServiceLocation}};
    else if (fault == QLatin1String("uplink"))
        params = {{QStringLiteral("kind"), QStringLiteral("interface")},
                  {QStringLiteral("interface"), kUplink}};
    else
        params = {{QStringLiteral("kind"), QStringLiteral("channel")}};
    params.insert(QStringLiteral("down"), down);
    return params;
}
constexpr int kHealthyTimeoutMs = 60000;
constexpr int kSwitchTimeoutMs = 15000;

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
    QString fault;
    QString oldMaster;
    QString newMaster;
    bool switched = false;
    qint64 faultMs = 0;
    std::optional<qint64> detectMs, tablesMs, masterMs;
    qint64 sessionsBefore = 0;
    qint64 sessionsAfter = 0;
    qint64 sessionsChecked = 0; // listed on the old master, older than the lag at the fault
    qint64 sessionsExpired = 0; // of those, aged out by their timers meanwhile (not lost)
    qint64 sessionsLost = 0;
    bool digestEqual = false;
    QString note;
    QString error;

    bool ok() const { return error.isEmpty() && sessionsLost == 0 && digestEqual; }

    QJsonObject toJson() const
    {
        auto optional = [](const std::optional<qint64>& v) {
            return v ? QJsonValue(double(*v)) : QJsonValue();
        };
        QJsonObject o{{QStringLiteral("trial"), index},
                      {QStringLiteral("fault"), fault},
                      {QStringLiteral("old_master"), oldMaster},
                      {QStringLiteral("new_master"), newMaster},
                      {QStringLiteral("switched"), switched},
                      {QStringLiteral("fault_time_ms"), double(faultMs)},
                      {QStringLiteral("detect_ms"), optional(detectMs)},
                      {QStringLiteral("tables_ms"), optional(tablesMs)},
                      {QStringLiteral("master_ms"), optional(masterMs)},
                      {QStringLiteral("sessions_before"), double(sessionsBefore)},
                      {QStringLiteral("sessions_after"), double(sessionsAfter)},
                      {QStringLiteral("sessions_checked"), double(sessionsChecked)},
                      {QStringLiteral("sessions_expired"), double(sessionsExpired)},
                      {QStringLiteral("sessions_lost"), double(sessionsLost)},
                      {QStringLiteral("digest_equal"), digestEqual}};
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
    qint64 expires = 0;
};

class Drill
{
public:
    Drill(QString dir, client::LabDescription lab, QString fault)
        : m_dir(std::move(dir)), m_lab(std::move(lab)), m_fault(std::move(fault))
    {
        for (const client::LabDevice& device : m_lab.devices)
            m_links.emplace(device.name, std::make_unique<Link>(device.endpoint()));
    }

    bool prepare(QString* error);
    Trial run(int index);
    const client::LabDescription& lab() const { return m_lab; }
    bool waitHealthy(bool planned, QString* error);

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
        return m_lab.devices[(sl - 1) % m_lab.devices.size()].name;
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

    bool setTraffic(const QJsonObject& params, QString* error, const QString& only = {});
    std::optional<std::map<QString, SessionEntry>> listSessions(const QString& name, QString* error);
    bool restartAgent(const QString& name, const QStringList& commandLine, QString* error);
    bool compareDigests(bool* equal, QString* error);

    QString m_dir;
    client::LabDescription m_lab;
    QString m_fault;
    std::map<QString, std::unique_ptr<Link>> m_links;
    int m_delayTimeSeconds = 1;
    int m_masterDownMs = 0;
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
    const auto status =
        link(m_lab.devices[1].name).call(QLatin1String(protocol::method::kStatusGet), {}, error);
    if (!status)
        return false;
    const auto parsed = protocol::DeviceStatus::fromJson(*status, error);
    if (!parsed)
        return false;
    for (const auto& vrrp : parsed->vrrpGroups)
        m_masterDownMs = std::max(m_masterDownMs, vrrp.masterDownIntervalMs);
    return waitHealthy(true, error);
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
            const auto s = link(d.name).call(QStringLiteral("ha.status"), {}, &why, 2000);
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
            const QJsonObject s = v.toObject();
            const QString key = QStringLiteral("%1 %2 %3:%4")
                                    .arg(s.value(QStringLiteral("protocol")).toString(),
                                         s.value(QStringLiteral("user")).toObject().value(QStringLiteral("text")).toString(),
                                         s.value(QStringLiteral("insideAddress")).toString())
                                    .arg(s.value(QStringLiteral("insidePort")).toInt());
            sessions[key] = {QStringLiteral("%1:%2")
                                 .arg(s.value(QStringLiteral("outsideAddress")).toString())
                                 .arg(s.value(QStringLiteral("outsidePort")).toInt()),
                             qint64(s.value(QStringLiteral("expires")).toDouble())};
        }
        cursor = qint64(page->value(QStringLiteral("nextCursor")).toDouble());
    } while (cursor != 0);
    return sessions;
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
bool Drill::compareDigests(bool* equal, QString* error)
{
    if (!setTraffic({{QStringLiteral("pauseOpens"), true}, {QStringLiteral("holdTeardowns"), true}},
                    error))
        return false;
    pause(m_delayTimeSeconds * 1000 + 300);
    QDeadlineTimer deadline(5000);
    *equal = false;
    while (!*equal && !deadline.hasExpired()) {
        std::vector<QJsonObject> status;
        for (const client::LabDevice& d : m_lab.devices) {
            const auto s = link(d.name).call(QStringLiteral("ha.status"), {}, error);
            if (!s)
                return false;
            status.push_back(*s);
        }
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
    return setTraffic({{QStringLiteral("pauseOpens"), false}, {QStringLiteral("holdTeardowns"), false}},
                      error);
}

Trial Drill::run(int index)
{
    Trial t;
    t.index = index;
    t.fault = m_fault;
    QString error;
    auto failed = [&](const QString& why) {
        t.error = why;
        return t;
    };

    QString master;
    std::map<QString, QJsonObject> before;
    for (const client::LabDevice& d : m_lab.devices) {
        const auto s = link(d.name).call(QStringLiteral("ha.status"), {}, &error);
        if (!s)
            return failed(error);
        before[d.name] = *s;
        if (isMaster(*s, kServiceLocation))
            master = d.name;
    }
    if (master.isEmpty())
        return failed(QStringLiteral("no master for service-location %1").arg(kServiceLocation));
    const QString standby = other(master);
    t.oldMaster = master;

    // Sessions listed now are all older than the sync lag by the time of the fault.
    if (!setTraffic({{QStringLiteral("holdTeardowns"), true}}, &error))
        return failed(error);
    const qint64 listedMs = nowMs();
    const auto labStatus = link(master).call(QStringLiteral("lab.status"), {}, &error);
    if (!labStatus)
        return failed(error);
    const qint64 masterEngineNow =
        qint64(labStatus->value(QStringLiteral("traffic")).toObject().value(QStringLiteral("engineNow")).toDouble());
    const auto listed = listSessions(master, &error);
    if (!listed)
        return failed(error);
    // From the end of the listing: its last page may hold sessions made while the first ones
    // were read, and a big table under load takes seconds to list.
    const qint64 lagMs = qint64(m_delayTimeSeconds) * 1000 + 1000;
    pause(int(lagMs));

    const auto atFault = link(master).call(QStringLiteral("ha.status"), {}, &error);
    if (!atFault)
        return failed(error);
    t.sessionsBefore = qint64(location(*atFault, kServiceLocation).value(QStringLiteral("sessions")).toDouble());

    // --- the fault
    QStringList commandLine;
    if (m_fault == QLatin1String("kill")) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(device(master).pid));
        if (!isAgentProcess(device(master).pid) || !cmdline.open(QIODevice::ReadOnly))
            return failed(QStringLiteral("%1 (pid %2) is not a running tandem-agent")
                              .arg(master)
                              .arg(device(master).pid));
        for (const QByteArray& part : cmdline.readAll().split('\0'))
            if (!part.isEmpty())
                commandLine.append(QString::fromLocal8Bit(part));
        t.faultMs = nowMs();
        ::kill(pid_t(device(master).pid), SIGKILL);
        link(master).drop();
    } else if (m_fault == QLatin1String("manual")) {
        t.faultMs = nowMs();
        if (!link(master).call(QStringLiteral("ha.switchover"),
                               {{QStringLiteral("serviceLocation"), kServiceLocation}}, &error))
            return failed(error);
    } else {
        const QJsonObject params = labFault(m_fault, true);
        for (const QString& name : m_fault == QLatin1String("channel") ? QStringList{master, standby}
                                                                       : QStringList{master}) {
            const auto applied = link(name).call(QStringLiteral("lab.fault"), params, &error);
            if (!applied)
                return failed(error);
            if (!t.faultMs)
                t.faultMs = qint64(applied->value(QStringLiteral("appliedMs")).toDouble());
        }
    }

    // --- the switchover, seen from the standby
    const bool expectSwitch = m_fault != QLatin1String("channel");
    QJsonObject event;
    QDeadlineTimer deadline(expectSwitch ? kSwitchTimeoutMs : 3 * m_masterDownMs + 500);
    while (!deadline.hasExpired()) {
        const auto s = link(standby).call(QStringLiteral("ha.status"), {}, &error, 2000);
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
        if (expectSwitch)
            return failed(QStringLiteral("%1 did not become master of service-location %2 within %3 s")
                              .arg(standby)
                              .arg(kServiceLocation)
                              .arg(kSwitchTimeoutMs / 1000));
        t.newMaster = master;
        t.note = QStringLiteral("no switchover: with only the backup channel cut, VRRP still "
                                "hears the master");
    } else {
        t.switched = true;
        t.newMaster = standby;
        auto phase = [&](const char* field) {
            return qint64(event.value(QLatin1String(field)).toDouble()) - t.faultMs;
        };
        t.detectMs = phase("decisionMs");
        t.tablesMs = phase("tablesActiveMs");
        t.masterMs = phase("firstAdvertMs");
        t.sessionsAfter = qint64(event.value(QStringLiteral("sessionsAfter")).toDouble());
    }

    // --- sessions lost: every listed one must be on whoever is master now
    const auto after = listSessions(t.newMaster, &error);
    if (!after)
        return failed(error);
    const qint64 elapsedS = (nowMs() - listedMs + 999) / 1000;
    for (const auto& [key, entry] : *listed) {
        if (entry.expires <= masterEngineNow + elapsedS + 1) {
            ++t.sessionsExpired;
            continue;
        }
        ++t.sessionsChecked;
        const auto found = after->find(key);
        if (found == after->end() || found->second.outside != entry.outside)
            ++t.sessionsLost;
    }
    if (!t.switched)
        t.sessionsAfter = qint64(after->size());

    // --- restore
    if (!setTraffic({{QStringLiteral("holdTeardowns"), false}}, &error,
                    m_fault == QLatin1String("kill") ? standby : QString()))
        return failed(error);
    if (m_fault == QLatin1String("kill")) {
        if (!restartAgent(master, commandLine, &error))
            return failed(error);
        // The restarted agent joins the survivor's traffic, in step with it.
        const auto peer = link(standby).call(QStringLiteral("lab.status"), {}, &error);
        if (!peer)
            return failed(error);
        const QJsonObject traffic = peer->value(QStringLiteral("traffic")).toObject();
        if (traffic.value(QStringLiteral("running")).toBool() &&
            !setTraffic({{QStringLiteral("rate"), traffic.value(QStringLiteral("rate"))},
                         {QStringLiteral("subscribers"), traffic.value(QStringLiteral("subscribers"))},
                         {QStringLiteral("churnSeconds"), traffic.value(QStringLiteral("churnSeconds"))},
                         {QStringLiteral("mix"), traffic.value(QStringLiteral("mix"))},
                         {QStringLiteral("startMs"), traffic.value(QStringLiteral("startMs"))}},
                        &error, master))
            return failed(error);
    } else if (m_fault == QLatin1String("manual")) {
        // Hand it back once the old master holds the new one's tables.
        if (!waitHealthy(false, &error))
            return failed(error);
        if (!link(standby).call(QStringLiteral("ha.switchover"),
                                {{QStringLiteral("serviceLocation"), kServiceLocation}}, &error))
            return failed(error);
    } else {
        const QJsonObject params = labFault(m_fault, false);
        for (const QString& name : m_fault == QLatin1String("channel") ? QStringList{master, standby}
                                                                       : QStringList{master})
            if (!link(name).call(QStringLiteral("lab.fault"), params, &error))
                return failed(error);
    }
    if (!waitHealthy(true, &error))
        return failed(error);
    if (!compareDigests(&t.digestEqual, &error))
        return failed(error);
    return t;
}

struct Spread
{
    double median = 0, min = 0, max = 0;
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

// The trials of one series, printed as they finish (unless json); their summary and `ok`.
struct Series
{
    std::vector<Trial> trials;
    QJsonObject summary;
    QString text; // the summary lines of the human output
    bool ok = false;
};

Series runSeries(Drill& drill, const QString& fault, int trials, bool json)
{
    Series series;
    std::vector<Trial>& results = series.trials;
    if (!json)
        print(QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8  %9  %10\n")
                  .arg(QStringLiteral("trial"), -5)
                  .arg(QStringLiteral("fault"), -7)
                  .arg(QStringLiteral("old -> new"), -14)
                  .arg(QStringLiteral("detect_ms"), 9)
                  .arg(QStringLiteral("tables_ms"), 9)
                  .arg(QStringLiteral("master_ms"), 9)
                  .arg(QStringLiteral("before"), 7)
                  .arg(QStringLiteral("after"), 7)
                  .arg(QStringLiteral("lost"), 5)
                  .arg(QStringLiteral("digests")));
    for (int i = 1; i <= trials; ++i) {
        Trial t = drill.run(i);
        if (!json) {
            print(QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8  %9  %10\n")
                      .arg(i, -5)
                      .arg(t.fault, -7)
                      .arg(QStringLiteral("%1 -> %2").arg(t.oldMaster, t.newMaster), -14)
                      .arg(cell(t.detectMs), 9)
                      .arg(cell(t.tablesMs), 9)
                      .arg(cell(t.masterMs), 9)
                      .arg(t.sessionsBefore, 7)
                      .arg(t.sessionsAfter, 7)
                      .arg(t.sessionsLost, 5)
                      .arg(t.error.isEmpty() ? (t.digestEqual ? QStringLiteral("equal")
                                                              : QStringLiteral("DIFFER"))
                                             : QStringLiteral("-")));
            if (!t.note.isEmpty())
                print(QStringLiteral("       %1\n").arg(t.note));
            if (!t.error.isEmpty())
                print(QStringLiteral("       error: %1\n").arg(t.error));
        }
        const bool broken = !t.error.isEmpty();
        results.push_back(std::move(t));
        if (broken)
            break; // the pair is in an unknown state: later trials would measure nonsense
    }

    QJsonObject& summary = series.summary;
    summary = {{QStringLiteral("fault"), fault}, {QStringLiteral("trials"), int(results.size())}};
    auto summarise = [&](const char* name, auto value) {
        std::vector<double> values;
        for (const Trial& t : results)
            if (const std::optional<qint64> v = value(t))
                values.push_back(double(*v));
        const Spread s = spreadOf(values);
        if (s.count == 0)
            return;
        summary.insert(QLatin1String(name), QJsonObject{{QStringLiteral("median"), s.median},
                                                        {QStringLiteral("min"), s.min},
                                                        {QStringLiteral("max"), s.max},
                                                        {QStringLiteral("count"), s.count}});
        series.text += QStringLiteral("  %1  median %2  min %3  max %4  (%5 trials)\n")
                           .arg(QLatin1String(name), -15)
                           .arg(s.median)
                           .arg(s.min)
                           .arg(s.max)
                           .arg(s.count);
    };
    summarise("detect_ms", [](const Trial& t) { return t.detectMs; });
    summarise("tables_ms", [](const Trial& t) { return t.tablesMs; });
    summarise("master_ms", [](const Trial& t) { return t.masterMs; });
    summarise("sessions_lost", [](const Trial& t) { return std::optional<qint64>(t.sessionsLost); });
    qint64 lost = 0;
    int differ = 0, errors = 0, switched = 0;
    for (const Trial& t : results) {
        lost += t.sessionsLost;
        differ += t.error.isEmpty() && !t.digestEqual;
        errors += !t.error.isEmpty();
        switched += t.switched;
    }
    summary.insert(QStringLiteral("switched"), switched);
    summary.insert(QStringLiteral("sessions_lost_total"), double(lost));
    summary.insert(QStringLiteral("digests_differ"), differ);
    summary.insert(QStringLiteral("errors"), errors);
    series.ok = lost == 0 && differ == 0 && errors == 0;
    summary.insert(QStringLiteral("ok"), series.ok);
    series.text = QStringLiteral("summary (%1 trials of %2; %3 switched over)\n")
                      .arg(results.size())
                      .arg(fault)
                      .arg(switched) +
                  series.text +
                  QStringLiteral("  sessions lost %1, digests differing %2, errors %3: %4\n")
                      .arg(lost)
                      .arg(differ)
                      .arg(errors)
                      .arg(series.ok ? QStringLiteral("PASS") : QStringLiteral("FAIL"));
    return series;
}

QJsonArray trialsJson(const Series& series)
{
    QJsonArray array;
    for (const Trial& t : series.trials)
        array.append(t.toJson());
    return array;
}

} // namespace

int drillCommand(const QStringList& arguments)
{
    QString dir, fault;
    int trials = 1;
    int clients = 0;
    bool json = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        const bool hasValue = i + 1 < arguments.size();
        if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("--lab") && hasValue) {
            dir = arguments[++i];
        } else if (a == QLatin1String("--fault") && hasValue) {
            fault = arguments[++i];
        } else if (a == QLatin1String("--trials") && hasValue) {
            bool ok = false;
            trials = arguments[++i].toInt(&ok);
            if (!ok || trials < 1 || trials > 1000) {
                std::fprintf(stderr, "tandemctl: --trials needs a number from 1 to 1000\n");
                return 2;
            }
        } else if (a == QLatin1String("--clients") && hasValue) {
            bool ok = false;
            clients = arguments[++i].toInt(&ok);
            if (!ok || clients < 0 || clients > 1000) {
                std::fprintf(stderr, "tandemctl: --clients needs a number from 0 to 1000\n");
                return 2;
            }
        } else {
            std::fprintf(stderr, "tandemctl: drill: unexpected '%s' (see tandemctl --help)\n",
                         a.toUtf8().constData());
            return 2;
        }
    }
    const QStringList faults{QStringLiteral("kill"), QStringLiteral("board"),
                             QStringLiteral("channel"), QStringLiteral("uplink"),
                             QStringLiteral("manual")};
    if (dir.isEmpty() || !faults.contains(fault)) {
        std::fprintf(stderr, "tandemctl: drill needs --lab DIR and --fault %s\n",
                     faults.join(QLatin1Char('|')).toUtf8().constData());
        return 2;
    }
    QString error;
    const auto lab = client::LabDescription::load(dir, &error);
    if (!lab) {
        std::fprintf(stderr, "tandemctl: %s\n", error.toUtf8().constData());
        return 1;
    }
    Drill drill(dir, *lab, fault);
    if (!drill.prepare(&error)) {
        std::fprintf(stderr, "tandemctl: drill: %s\n", error.toUtf8().constData());
        return 1;
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
