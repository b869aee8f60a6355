#pragma once

// What an agent publishes about itself: `status.get` returns it and `state.changed` pushes it.
// The field names follow `display vrrp` / `display service-location`.

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace tandem::protocol {

struct VrrpStatus
{
    QString interfaceName;
    int vrid = 0;
    QString state; // "Initialize" | "Backup" | "Master"
    QString virtualIp;
    QString localIp;
    QString masterIp; // "0.0.0.0" when unknown
    int priorityRun = 0;
    int priorityConfig = 0;
    int masterPriority = 0;
    bool preempt = true;
    int preemptDelaySeconds = 0;
    int advertIntervalCentiseconds = 100;
    int masterDownIntervalMs = 0;
    QString lastChangeReason;
    qint64 lastChangeMsecsSinceEpoch = 0;
    // Tracked objects as `display vrrp` lists them: "service-location 1 reduced 60 (up)",
    // "GigabitEthernet0/1/3 reduced 60 (down)". Absent in older agents: empty.
    QStringList tracked;
    bool operator==(const VrrpStatus&) const = default;
};

struct ServiceLocationStatus
{
    int id = 0;
    QString state; // "master" | "slave" | "down"
    int slot = 0;
    int vrid = 0;
    QString vrrpInterface;
    QString remoteBackupInterface;
    QString peer;
    QString batchBackupState; // "finished" | "unfinished" | "NA"
    bool operator==(const ServiceLocationStatus&) const = default;
};

// How the agent can be reached: its local socket always, TCP where the config says so.
struct ManagementAccess
{
    QString listen;  // "127.0.0.1:7830"; empty: the local socket (and SSH through it) only
    bool tls = false;
    QString warning; // a plaintext listener, in words; empty: none
    bool operator==(const ManagementAccess&) const = default;
};

struct DeviceStatus
{
    QString sysname;
    QString managementAddress;
    std::optional<ManagementAccess> management; // absent in older agents
    qint64 bootMsecsSinceEpoch = 0; // tells an agent restart from a reconnect
    QList<ServiceLocationStatus> serviceLocations;
    QList<VrrpStatus> vrrpGroups;

    const ServiceLocationStatus* findServiceLocation(int id) const;
    const VrrpStatus* findVrrp(int vrid) const;

    QJsonObject toJson() const;
    // Rejects a status that lacks a required field, naming it in *error.
    static std::optional<DeviceStatus> fromJson(const QJsonObject& json, QString* error);
    bool operator==(const DeviceStatus&) const = default;
};

} // namespace tandem::protocol
