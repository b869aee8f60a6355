#pragma once

// DIR/lab.json: the two devices of a lab pair (names, addresses, ports, credentials), as
// `tandemctl lab up` writes it and every client reads it.

#include "AgentClient.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace tandem::client {

// 1:1, 1+1, or `lb`: 1:1 with NAT load balancing — two service-locations per device, both
// master on CGN-A, sharing one global pool (reference §6).
enum class LabMode { OneToOne, OnePlusOne, LoadBalancing };

struct LabDevice
{
    QString name;     // sysname, e.g. CGN-A
    QString address;  // loopback address the agent binds
    quint16 port = 0; // agent protocol
    QString user;
    QString password;
    qint64 pid = 0;
    QString configPath;
    QString logPath;
    quint16 metricsPort = 0; // Prometheus /metrics on `address`; 0: none
    QString fingerprint;     // the agent's TLS certificate, "SHA256:…"; empty: plain TCP
    // TLS pinned to `fingerprint` when the lab has one.
    Endpoint endpoint() const;
};

struct LabDescription
{
    LabMode mode = LabMode::OneToOne;
    // `lab up --bare`: basic NAT only, no hot backup; each device is master of every
    // service-location and serves alone.
    bool bare = false;
    QList<LabDevice> devices;
    // The device the lab makes master of service-location `sl`: A of 1, B of 2 (1+1); A of
    // both with load balancing.
    qsizetype plannedMaster(int sl) const
    {
        if (mode == LabMode::LoadBalancing || devices.isEmpty())
            return 0;
        return qsizetype(sl - 1) % devices.size();
    }
    QJsonObject toJson() const;
    static std::optional<LabDescription> fromJson(const QJsonObject& json, QString* error);
    static std::optional<LabDescription> load(const QString& dir, QString* error);
};

QString toString(LabMode mode);
std::optional<LabMode> labModeFromString(const QString& text);
QString labJsonPath(const QString& dir);

} // namespace tandem::client
