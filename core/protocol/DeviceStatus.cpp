#include "DeviceStatus.h"

#include "JsonFields.h"

#include <QJsonArray>

namespace tandem::protocol {

namespace {

QJsonObject toJson(const VrrpStatus& v)
{
    return QJsonObject{
        {QStringLiteral("interface"), v.interfaceName},
        {QStringLiteral("vrid"), v.vrid},
        {QStringLiteral("state"), v.state},
        {QStringLiteral("virtualIp"), v.virtualIp},
        {QStringLiteral("localIp"), v.localIp},
        {QStringLiteral("masterIp"), v.masterIp},
        {QStringLiteral("priorityRun"), v.priorityRun},
        {QStringLiteral("priorityConfig"), v.priorityConfig},
        {QStringLiteral("masterPriority"), v.masterPriority},
        {QStringLiteral("preempt"), v.preempt},
        {QStringLiteral("preemptDelaySeconds"), v.preemptDelaySeconds},
        {QStringLiteral("advertIntervalCentiseconds"), v.advertIntervalCentiseconds},
        {QStringLiteral("masterDownIntervalMs"), v.masterDownIntervalMs},
        {QStringLiteral("lastChangeReason"), v.lastChangeReason},
        {QStringLiteral("lastChangeTime"), double(v.lastChangeMsecsSinceEpoch)},
        {QStringLiteral("tracked"), QJsonArray::fromStringList(v.tracked)},
    };
}

QJsonObject toJson(const ServiceLocationStatus& s)
{
    return QJsonObject{
        {QStringLiteral("id"), s.id},
        {QStringLiteral("state"), s.state},
        {QStringLiteral("slot"), s.slot},
        {QStringLiteral("vrid"), s.vrid},
        {QStringLiteral("vrrpInterface"), s.vrrpInterface},
        {QStringLiteral("remoteBackupInterface"), s.remoteBackupInterface},
        {QStringLiteral("peer"), s.peer},
        {QStringLiteral("batchBackupState"), s.batchBackupState},
    };
}

} // namespace

const ServiceLocationStatus* DeviceStatus::findServiceLocation(int id) const
{
    for (const ServiceLocationStatus& s : serviceLocations)
        if (s.id == id)
            return &s;
    return nullptr;
}

const VrrpStatus* DeviceStatus::findVrrp(int vrid) const
{
    for (const VrrpStatus& v : vrrpGroups)
        if (v.vrid == vrid)
            return &v;
    return nullptr;
}

QJsonObject DeviceStatus::toJson() const
{
    QJsonArray slgs;
    for (const ServiceLocationStatus& s : serviceLocations)
        slgs.append(protocol::toJson(s));
    QJsonArray vrrp;
    for (const VrrpStatus& v : vrrpGroups)
        vrrp.append(protocol::toJson(v));
    QJsonObject json{
        {QStringLiteral("sysname"), sysname},
        {QStringLiteral("managementAddress"), managementAddress},
        {QStringLiteral("bootTime"), double(bootMsecsSinceEpoch)},
        {QStringLiteral("serviceLocations"), slgs},
        {QStringLiteral("vrrp"), vrrp},
    };
    if (management) {
        QJsonObject access{{QStringLiteral("localSocket"), true}};
        if (!management->listen.isEmpty()) {
            access.insert(QStringLiteral("listen"), management->listen);
            access.insert(QStringLiteral("tls"), management->tls);
        }
        if (!management->warning.isEmpty())
            access.insert(QStringLiteral("warning"), management->warning);
        json.insert(QStringLiteral("management"), access);
    }
    return json;
}

std::optional<DeviceStatus> DeviceStatus::fromJson(const QJsonObject& json, QString* error)
{
    Reader device(json, QStringLiteral("status"));
    DeviceStatus status;
    status.sysname = device.string("sysname");
    status.managementAddress = device.string("managementAddress");
    status.bootMsecsSinceEpoch = device.integer64("bootTime");
    if (const QJsonValue access = json.value(QStringLiteral("management")); access.isObject()) {
        const QJsonObject object = access.toObject();
        status.management = ManagementAccess{object.value(QStringLiteral("listen")).toString(),
                                             object.value(QStringLiteral("tls")).toBool(),
                                             object.value(QStringLiteral("warning")).toString()};
    }
    const QJsonArray slgs = device.array("serviceLocations");
    const QJsonArray vrrp = device.array("vrrp");
    if (!device.error().isEmpty()) {
        *error = device.error();
        return std::nullopt;
    }
    for (qsizetype i = 0; i < slgs.size(); ++i) {
        const QJsonObject object = slgs.at(i).toObject();
        Reader r(object, QStringLiteral("serviceLocations[%1]").arg(i));
        ServiceLocationStatus s;
        s.id = r.integer("id");
        s.state = r.string("state");
        s.slot = r.integer("slot");
        s.vrid = r.integer("vrid");
        s.vrrpInterface = r.string("vrrpInterface");
        s.remoteBackupInterface = r.string("remoteBackupInterface");
        s.peer = r.string("peer");
        s.batchBackupState = r.string("batchBackupState");
        if (!r.error().isEmpty()) {
            *error = r.error();
            return std::nullopt;
        }
        status.serviceLocations.append(s);
    }
    for (qsizetype i = 0; i < vrrp.size(); ++i) {
        const QJsonObject object = vrrp.at(i).toObject();
        Reader r(object, QStringLiteral("vrrp[%1]").arg(i));
        VrrpStatus v;
        v.interfaceName = r.string("interface");
        v.vrid = r.integer("vrid");
        v.state = r.string("state");
        v.virtualIp = r.string("virtualIp");
        v.localIp = r.string("localIp");
        v.masterIp = r.string("masterIp");
        v.priorityRun = r.integer("priorityRun");
        v.priorityConfig = r.integer("priorityConfig");
        v.masterPriority = r.integer("masterPriority");
        v.preempt = r.boolean("preempt");
        v.preemptDelaySeconds = r.integer("preemptDelaySeconds");
        v.advertIntervalCentiseconds = r.integer("advertIntervalCentiseconds");
        v.masterDownIntervalMs = r.integer("masterDownIntervalMs");
        v.lastChangeReason = r.string("lastChangeReason");
        v.lastChangeMsecsSinceEpoch = r.integer64("lastChangeTime");
        for (const QJsonValue& tracked : object.value(QStringLiteral("tracked")).toArray())
            v.tracked.append(tracked.toString());
        if (!r.error().isEmpty()) {
            *error = r.error();
            return std::nullopt;
        }
        status.vrrpGroups.append(v);
    }
    return status;
}

} // namespace tandem::protocol
