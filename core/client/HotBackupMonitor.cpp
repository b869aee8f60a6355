#include "HotBackupMonitor.h"

#include "Logging.h"

#include <QDateTime>
#include <QJsonArray>
#include "protocol/JsonRpc.h"

namespace tandem::client {

namespace {

const QString kEventsTopic = QStringLiteral("events");
const QString kCountersTopic = QLatin1String(protocol::topic::kCounters);
const QString kSwitchoverEvent = QStringLiteral("ha.switchover");
const QString kAlarmEvent = QStringLiteral("alarm");

} // namespace

HotBackupMonitor::HotBackupMonitor(DeviceMonitor* device, QObject* parent)
    : QObject(parent), m_device(device)
{
    m_pollTimer.setInterval(kPollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &HotBackupMonitor::poll);
    connect(&device->client(), &AgentClient::stateChanged, this,
            &HotBackupMonitor::onConnectionState);
    connect(&device->client(), &AgentClient::notificationReceived, this,
            &HotBackupMonitor::onNotification);
    if (device->connectionState() == AgentClient::State::Connected)
        onConnectionState(AgentClient::State::Connected);
}

QString HotBackupMonitor::deviceName() const
{
    if (m_device->status() && !m_device->status()->sysname.isEmpty())
        return m_device->status()->sysname;
    return m_device->endpoint().name;
}

qint64 HotBackupMonitor::msecsSinceUpdate() const
{
    return m_status && m_sinceUpdate.isValid() ? m_sinceUpdate.elapsed() : -1;
}

void HotBackupMonitor::onConnectionState(AgentClient::State state)
{
    if (state != AgentClient::State::Connected) {
        m_pollTimer.stop();
        m_pollInFlight = false;
        m_lastSample.reset();
        m_countersFlowing = false;
        m_recentCounts.clear();
        m_batchRates.clear();
        m_batchReceived.clear();
        if (m_status) {
            m_status.reset();
            Q_EMIT statusChanged();
        }
        return;
    }
    // Older agents have no events or counters topic: the status poll still sees every
    // switchover and gives a sample a second.
    subscribe(kEventsTopic, {});
    subscribe(kCountersTopic, {{QStringLiteral("rateHz"), kTelemetryHz}});
    m_sinceSample.invalidate();
    poll();
    m_pollTimer.start();
}

void HotBackupMonitor::subscribe(const QString& topic, const QJsonObject& extra)
{
    QJsonObject params = extra;
    params.insert(QStringLiteral("topics"), QJsonArray{topic});
    m_device->client().call(QLatin1String(protocol::method::kSubscribe), params,
                            [this, topic](const QJsonValue&,
                                          const std::optional<protocol::RpcError>& error) {
                                if (error)
                                    qCDebug(lcClient) << m_device->endpoint().toString() << "offers no"
                                                      << topic << "topic:" << error->toString();
                            });
}

void HotBackupMonitor::onNotification(const QString& method, const QJsonObject& params)
{
    if (method == QLatin1String(protocol::method::kCounters)) {
        applyCounters(params);
    } else if (method == QLatin1String(protocol::method::kStateChanged)) {
        apply(params);
    } else if (method == kSwitchoverEvent) {
        report(SwitchoverRecord::fromJson(deviceName(), params));
    } else if (method == kAlarmEvent) {
        Q_EMIT alarmRaised(params.value(QStringLiteral("message")).toString());
    }
}

void HotBackupMonitor::poll()
{
    // A slow agent gets one request at a time, not a queue of them.
    if (m_pollInFlight)
        return;
    m_pollInFlight = true;
    m_device->client().call(
        QLatin1String(protocol::method::kStatusGet), {},
        [this](const QJsonValue& result, const std::optional<protocol::RpcError>& error) {
            m_pollInFlight = false;
            if (!error && m_device->connectionState() == AgentClient::State::Connected)
                apply(result.toObject());
        });
}

void HotBackupMonitor::apply(const QJsonObject& statusJson)
{
    std::optional<HotBackupStatus> next = HotBackupStatus::fromStatusJson(
        statusJson.value(QStringLiteral("sysname")).toString(deviceName()), statusJson);
    if (!next)
        return;
    m_sinceUpdate.start();

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Sample sample;
    sample.atMsecsSinceEpoch = now;
    sample.servedSessions = next->servedSessions();
    sample.lagMs = double(next->channel.lagLastUs) / 1000.0;
    const double seconds = m_sinceSample.isValid() ? double(m_sinceSample.elapsed()) / 1000.0 : 0;
    // Pushes between polls arrive milliseconds apart: rates come from spans of half a second
    // or more so that they do not jump. With the counters topic, samples come from there.
    const bool takeSample = !m_sinceSample.isValid() || seconds >= 0.5;
    const bool emitSample = takeSample && !m_countersFlowing;
    if (takeSample && m_status && seconds > 0) {
        const qint64 before = m_status->channel.sent + m_status->channel.received;
        const qint64 after = next->channel.sent + next->channel.received;
        sample.syncRecordsPerSecond = after >= before ? double(after - before) / seconds : 0;
        const qint64 sent = next->channel.sent - m_status->channel.sent;
        sample.sentRecordsPerSecond = sent >= 0 ? double(sent) / seconds : 0;
        for (const SlgHotBackup& s : next->serviceLocations) {
            const qint64 previous = m_batchReceived.value(s.id, -1);
            m_batchRates[s.id] = s.receivingBatch && previous >= 0 && s.batchReceived >= previous
                                     ? double(s.batchReceived - previous) / seconds
                                     : 0;
        }
    }
    if (takeSample) {
        for (const SlgHotBackup& s : next->serviceLocations)
            m_batchReceived[s.id] = s.receivingBatch ? s.batchReceived : -1;
    }

    for (const SlgHotBackup& s : next->serviceLocations)
        if (s.role == QLatin1String("master") && s.hasTables)
            m_lastServed[s.id] = {now, s.sessions, s.notBackedUp, s.backlogSessions};
    const bool changed = m_status != next;
    m_status = std::move(next);
    for (const SwitchoverRecord& record : m_status->switchovers)
        report(record);
    if (changed)
        Q_EMIT statusChanged();
    if (takeSample)
        m_sinceSample.start();
    if (emitSample) {
        m_lastSample = sample;
        Q_EMIT sampled(sample);
    }
}

void HotBackupMonitor::applyCounters(const QJsonObject& counters)
{
    m_countersFlowing = true;
    Sample sample;
    sample.atMsecsSinceEpoch = counters.value(QStringLiteral("timeMs")).toInteger();
    for (const QJsonValue& value : counters.value(QStringLiteral("serviceLocations")).toArray()) {
        const QJsonObject slg = value.toObject();
        if (slg.value(QStringLiteral("role")).toString() == QLatin1String("master"))
            sample.servedSessions += slg.value(QStringLiteral("sessions")).toInteger();
    }
    const QJsonObject channel = counters.value(QStringLiteral("channel")).toObject();
    sample.lagMs = double(channel.value(QStringLiteral("lagLastUs")).toInteger()) / 1000.0;
    const ChannelCount now{sample.atMsecsSinceEpoch, channel.value(QStringLiteral("sent")).toInteger(),
                           channel.value(QStringLiteral("received")).toInteger()};
    // Counters that went back (a restarted agent) start the window afresh.
    if (!m_recentCounts.isEmpty() &&
        (now.sent < m_recentCounts.last().sent || now.received < m_recentCounts.last().received ||
         now.timeMs <= m_recentCounts.last().timeMs))
        m_recentCounts.clear();
    m_recentCounts.append(now);
    while (m_recentCounts.size() > 2 && now.timeMs - m_recentCounts[1].timeMs >= 1000)
        m_recentCounts.removeFirst();
    const ChannelCount& first = m_recentCounts.first();
    const double seconds = double(now.timeMs - first.timeMs) / 1000.0;
    if (seconds > 0) {
        sample.sentRecordsPerSecond = double(now.sent - first.sent) / seconds;
        sample.syncRecordsPerSecond =
            sample.sentRecordsPerSecond + double(now.received - first.received) / seconds;
    }
    m_lastSample = sample;
    Q_EMIT sampled(sample);
}

std::optional<HotBackupMonitor::Served> HotBackupMonitor::lastServed(int serviceLocation) const
{
    const auto it = m_lastServed.constFind(serviceLocation);
    if (it == m_lastServed.constEnd())
        return std::nullopt;
    return *it;
}

void HotBackupMonitor::report(const SwitchoverRecord& record)
{
    for (const SwitchoverRecord& seen : m_reported)
        if (seen.sameEvent(record))
            return;
    m_reported.append(record);
    Q_EMIT switchoverReported(record);
}

} // namespace tandem::client
