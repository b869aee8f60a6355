#pragma once

// The hot-backup side of one device, live: the "hotBackup" part of its pushed status, a poll
// of status.get every second (the agent pushes on role changes only, while the sync counters
// move all the time), the "events" topic when the agent offers it, and every switchover the
// device recorded, reported once. Telemetry samples (sessions served, sync rate, lag) come
// from the agent's "counters" topic at kTelemetryHz, or from the poll with older agents.
// While disconnected it holds no status, like DeviceMonitor.

#include "DeviceMonitor.h"
#include "HotBackupStatus.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>
#include <optional>

namespace tandem::client {

class HotBackupMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HotBackupMonitor)

public:
    struct Sample
    {
        qint64 atMsecsSinceEpoch = 0;
        qint64 servedSessions = 0;   // in the tables of the SLGs the device is master of
        double syncRecordsPerSecond = 0; // channel records sent + received
        double sentRecordsPerSecond = 0; // channel records sent: this device feeds its peer
        double lagMs = 0;                // last measured real-time backup lag
    };

    static constexpr int kPollIntervalMs = 1000;
    static constexpr int kTelemetryHz = 10;

    // The device must outlive the monitor.
    explicit HotBackupMonitor(DeviceMonitor* device, QObject* parent = nullptr);

    QString deviceName() const;
    const std::optional<HotBackupStatus>& status() const { return m_status; }
    // Milliseconds since the last status arrived; -1 when none has since connecting.
    qint64 msecsSinceUpdate() const;
    // Records per second of the batch backup `serviceLocation` is receiving; 0 when idle.
    double batchRate(int serviceLocation) const { return m_batchRates.value(serviceLocation); }
    std::optional<Sample> lastSample() const { return m_lastSample; }
    // A service-location as this device last served it, kept across a disconnect (a killed
    // master's last word): its sessions, and of them those younger than delay-time and those in
    // the backlog.
    struct Served
    {
        qint64 atMsecsSinceEpoch = 0;
        qint64 sessions = 0;
        qint64 notBackedUp = 0;
        qint64 backlogSessions = 0;
    };
    std::optional<Served> lastServed(int serviceLocation) const;

Q_SIGNALS:
    void statusChanged();
    void sampled(const tandem::client::HotBackupMonitor::Sample& sample);
    // Each switchover the device recorded, once, whether it was pushed or seen in a status.
    void switchoverReported(const tandem::client::SwitchoverRecord& record);
    void alarmRaised(const QString& message);

private:
    void onConnectionState(AgentClient::State state);
    void onNotification(const QString& method, const QJsonObject& params);
    void poll();
    void apply(const QJsonObject& statusJson);
    void applyCounters(const QJsonObject& counters);
    void subscribe(const QString& topic, const QJsonObject& extra);
    void report(const SwitchoverRecord& record);

    DeviceMonitor* m_device;
    std::optional<HotBackupStatus> m_status;
    std::optional<Sample> m_lastSample;
    QElapsedTimer m_sinceUpdate;
    QElapsedTimer m_sinceSample;
    bool m_countersFlowing = false; // samples come from the counters topic
    // The channel's record counts of the last second of counters: rates over a second, so a
    // 10 Hz chart does not jump with each flush of the channel.
    struct ChannelCount
    {
        qint64 timeMs = 0;
        qint64 sent = 0;
        qint64 received = 0;
    };
    QList<ChannelCount> m_recentCounts;
    QTimer m_pollTimer;
    bool m_pollInFlight = false;
    QList<SwitchoverRecord> m_reported;
    QHash<int, double> m_batchRates;
    QHash<int, Served> m_lastServed;
    QHash<int, qint64> m_batchReceived;
};

} // namespace tandem::client
