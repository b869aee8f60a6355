#include "PairPlanJson.h"

#include <QJsonArray>
#include <QSet>

namespace tandem::protocol {

namespace {

using config::Ipv4Address;

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

QString sideText(config::Side side)
{
    return side == config::Side::A ? QStringLiteral("a") : QStringLiteral("b");
}

// Reads an object's fields; keeps the first problem, named by its key path.
class Reader
{
public:
    Reader(const QJsonObject& object, QString path, QString* error)
        : m_object(object), m_path(std::move(path)), m_error(error)
    {}
    std::string string(const char* key, bool required = true, std::string fallback = {})
    {
        const QJsonValue value = take(key, required);
        if (value.isUndefined())
            return fallback;
        if (!value.isString())
            return fail(key, "must be a string"), std::string();
        return value.toString().toStdString();
    }
    int integer(const char* key, bool required = true, int fallback = 0)
    {
        const QJsonValue value = take(key, required);
        if (value.isUndefined())
            return fallback;
        const double number = value.toDouble();
        if (!value.isDouble() || number != double(int(number)))
            return fail(key, "must be a whole number"), 0;
        return int(number);
    }
    std::optional<int> optionalInteger(const char* key)
    {
        if (!m_object.contains(QLatin1String(key)))
            return std::nullopt;
        return integer(key);
    }
    bool boolean(const char* key, bool fallback)
    {
        const QJsonValue value = take(key, false);
        if (value.isUndefined())
            return fallback;
        if (!value.isBool())
            return fail(key, "must be true or false"), false;
        return value.toBool();
    }
    Ipv4Address address(const char* key)
    {
        const std::string value = string(key);
        if (!ok())
            return {};
        const auto parsed = Ipv4Address::parse(value);
        if (!parsed)
            fail(key, "must be an IPv4 address, not \"" + value + "\"");
        return parsed.value_or(Ipv4Address{});
    }
    config::Side side(const char* key)
    {
        const std::string value = string(key);
        if (ok() && value != "a" && value != "b")
            fail(key, "must be \"a\" or \"b\"");
        return value == "b" ? config::Side::B : config::Side::A;
    }
    QJsonObject object(const char* key)
    {
        const QJsonValue value = take(key, true);
        if (!value.isUndefined() && !value.isObject())
            fail(key, "must be an object");
        return value.toObject();
    }
    QJsonArray array(const char* key, bool required)
    {
        const QJsonValue value = take(key, required);
        if (!value.isUndefined() && !value.isArray())
            fail(key, "must be an array");
        return value.toArray();
    }
    QString path(const char* key) const
    {
        return m_path.isEmpty() ? QLatin1String(key)
                                : m_path + QLatin1Char('.') + QLatin1String(key);
    }
    void fail(const char* key, const std::string& what)
    {
        if (m_error->isEmpty())
            *m_error = path(key) + QStringLiteral(": ") + QString::fromStdString(what);
    }
    bool ok() const { return m_error->isEmpty(); }
    // Every key not read is unknown.
    void finish()
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (!m_read.contains(it.key()) && m_error->isEmpty())
                *m_error = (m_path.isEmpty() ? it.key() : m_path + QLatin1Char('.') + it.key()) +
                           QStringLiteral(": unknown field");
        }
    }

private:
    QJsonValue take(const char* key, bool required)
    {
        m_read.insert(QLatin1String(key));
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() && required && m_error->isEmpty())
            *m_error = path(key) + QStringLiteral(": missing");
        return value;
    }
    const QJsonObject& m_object;
    QString m_path;
    QString* m_error;
    QSet<QString> m_read;
};

QJsonObject toJson(const config::PlanDevice& device)
{
    QJsonObject json{
        {QStringLiteral("name"), text(device.name)},
        {QStringLiteral("channelInterface"), text(device.channelInterface)},
        {QStringLiteral("channelAddress"), text(device.channelAddress.toString())},
        {QStringLiteral("channelPrefixLength"), device.channelPrefixLength},
    };
    if (!device.uplinkInterface.empty())
        json.insert(QStringLiteral("uplinkInterface"), text(device.uplinkInterface));
    if (!device.baseConfig.empty())
        json.insert(QStringLiteral("baseConfig"), text(device.baseConfig));
    return json;
}

config::PlanDevice deviceFromJson(const QJsonObject& json, const QString& path, QString* error)
{
    Reader r(json, path, error);
    config::PlanDevice device;
    device.name = r.string("name");
    device.channelInterface = r.string("channelInterface");
    device.channelAddress = r.address("channelAddress");
    device.channelPrefixLength = r.integer("channelPrefixLength");
    device.uplinkInterface = r.string("uplinkInterface", false);
    device.baseConfig = r.string("baseConfig", false);
    r.finish();
    return device;
}

} // namespace

QJsonObject toJson(const config::PairPlan& plan)
{
    QJsonArray locations;
    for (const config::PlanServiceLocation& sl : plan.serviceLocations) {
        QJsonObject json{
            {QStringLiteral("id"), sl.id},
            {QStringLiteral("slot"), sl.slot},
            {QStringLiteral("serviceInstanceGroup"), text(sl.serviceInstanceGroup)},
            {QStringLiteral("vrid"), sl.vrid},
            {QStringLiteral("virtualIp"), text(sl.virtualIp.toString())},
            {QStringLiteral("master"), sideText(sl.master)},
            {QStringLiteral("masterPriority"), sl.masterPriority},
            {QStringLiteral("backupPriority"), sl.backupPriority},
            {QStringLiteral("preemptDelaySeconds"), sl.preemptDelaySeconds},
            {QStringLiteral("advertIntervalMs"), sl.advertIntervalMs},
            {QStringLiteral("trackServiceLocationReduced"), sl.trackServiceLocationReduced},
            {QStringLiteral("trackUplinkReduced"), sl.trackUplinkReduced},
        };
        locations.append(json);
    }
    QJsonObject rbs{
        {QStringLiteral("name"), text(plan.remoteBackupService.name)},
        {QStringLiteral("port"), plan.remoteBackupService.port},
    };
    if (!plan.remoteBackupService.authenticationKey.empty())
        rbs.insert(QStringLiteral("authenticationKey"),
                   text(plan.remoteBackupService.authenticationKey));
    QJsonObject json{
        {QStringLiteral("mode"), text(std::string(config::toString(plan.mode)))},
        {QStringLiteral("a"), toJson(plan.a)},
        {QStringLiteral("b"), toJson(plan.b)},
        {QStringLiteral("serviceLocations"), locations},
        {QStringLiteral("remoteBackupService"), rbs},
        {QStringLiteral("hotBackup"), plan.hotBackup},
        {QStringLiteral("delayTimeSeconds"), plan.delayTimeSeconds},
        {QStringLiteral("batchBackup"), plan.batchBackup},
    };
    if (plan.batchBackupIntervalSeconds)
        json.insert(QStringLiteral("batchBackupIntervalSeconds"), *plan.batchBackupIntervalSeconds);
    if (!plan.loadBalancing.empty()) {
        QJsonArray entries;
        for (const config::PlanLoadBalancing& lb : plan.loadBalancing) {
            QJsonObject entry{
                {QStringLiteral("natInstance"), text(lb.natInstance)},
                {QStringLiteral("pool"), text(lb.pool)},
                {QStringLiteral("ipAddress"), text(lb.ipAddress.toString())},
                {QStringLiteral("prefixLength"), lb.prefixLength},
            };
            if (!lb.vpnInstance.empty())
                entry.insert(QStringLiteral("vpnInstance"), text(lb.vpnInstance));
            entries.append(entry);
        }
        json.insert(QStringLiteral("loadBalancing"), entries);
    }
    if (!plan.vpnInstances.empty()) {
        QJsonArray entries;
        for (const config::PlanVpnInstance& vpn : plan.vpnInstances) {
            QJsonObject entry{{QStringLiteral("name"), text(vpn.name)}};
            if (!vpn.routeDistinguisher.empty())
                entry.insert(QStringLiteral("routeDistinguisher"), text(vpn.routeDistinguisher));
            entries.append(entry);
        }
        json.insert(QStringLiteral("vpnInstances"), entries);
    }
    return json;
}

std::optional<config::PairPlan> pairPlanFromJson(const QJsonObject& json, QString* error)
{
    error->clear();
    Reader r(json, QString(), error);
    config::PairPlan plan;
    const std::string mode = r.string("mode");
    if (r.ok()) {
        if (const auto parsed = config::pairModeFromString(mode))
            plan.mode = *parsed;
        else
            r.fail("mode", "must be \"1:1\" or \"1+1\", not \"" + mode + "\"");
    }
    const QJsonObject a = r.object("a");
    if (r.ok())
        plan.a = deviceFromJson(a, QStringLiteral("a"), error);
    const QJsonObject b = r.object("b");
    if (r.ok())
        plan.b = deviceFromJson(b, QStringLiteral("b"), error);
    const QJsonArray locations = r.array("serviceLocations", true);
    for (qsizetype i = 0; i < locations.size() && r.ok(); ++i) {
        const QString path = QStringLiteral("serviceLocations[%1]").arg(i);
        if (!locations.at(i).isObject()) {
            *error = path + QStringLiteral(": must be an object");
            break;
        }
        const QJsonObject object = locations.at(i).toObject();
        Reader s(object, path, error);
        config::PlanServiceLocation sl;
        sl.id = s.integer("id");
        sl.slot = s.integer("slot");
        sl.serviceInstanceGroup = s.string("serviceInstanceGroup");
        sl.vrid = s.integer("vrid");
        sl.virtualIp = s.address("virtualIp");
        sl.master = s.side("master");
        sl.masterPriority = s.integer("masterPriority");
        sl.backupPriority = s.integer("backupPriority");
        sl.preemptDelaySeconds = s.integer("preemptDelaySeconds");
        sl.advertIntervalMs = s.integer("advertIntervalMs");
        sl.trackServiceLocationReduced = s.integer("trackServiceLocationReduced", false);
        sl.trackUplinkReduced = s.integer("trackUplinkReduced", false);
        s.finish();
        plan.serviceLocations.push_back(sl);
    }
    const QJsonObject rbs = r.object("remoteBackupService");
    if (r.ok()) {
        Reader s(rbs, QStringLiteral("remoteBackupService"), error);
        plan.remoteBackupService.name = s.string("name");
        plan.remoteBackupService.port = s.integer("port");
        plan.remoteBackupService.authenticationKey = s.string("authenticationKey", false);
        s.finish();
    }
    const QJsonArray balancing = r.array("loadBalancing", false);
    for (qsizetype i = 0; i < balancing.size() && r.ok(); ++i) {
        const QJsonObject object = balancing.at(i).toObject();
        Reader s(object, QStringLiteral("loadBalancing[%1]").arg(i), error);
        config::PlanLoadBalancing lb;
        lb.natInstance = s.string("natInstance");
        lb.pool = s.string("pool");
        lb.ipAddress = s.address("ipAddress");
        lb.prefixLength = s.integer("prefixLength");
        lb.vpnInstance = s.string("vpnInstance", false);
        s.finish();
        plan.loadBalancing.push_back(lb);
    }
    const QJsonArray vpns = r.array("vpnInstances", false);
    for (qsizetype i = 0; i < vpns.size() && r.ok(); ++i) {
        const QJsonObject object = vpns.at(i).toObject();
        Reader s(object, QStringLiteral("vpnInstances[%1]").arg(i), error);
        config::PlanVpnInstance vpn;
        vpn.name = s.string("name");
        vpn.routeDistinguisher = s.string("routeDistinguisher", false);
        s.finish();
        plan.vpnInstances.push_back(vpn);
    }
    plan.hotBackup = r.boolean("hotBackup", true);
    plan.delayTimeSeconds = r.integer("delayTimeSeconds", false, 1);
    plan.batchBackup = r.boolean("batchBackup", true);
    plan.batchBackupIntervalSeconds = r.optionalInteger("batchBackupIntervalSeconds");
    r.finish();
    if (!r.ok())
        return std::nullopt;
    return plan;
}

} // namespace tandem::protocol
