#include "ConfigImpact.h"

#include <QJsonArray>
#include <algorithm>
#include <array>
#include <utility>

namespace tandem::protocol {

namespace {

constexpr std::array kEngineChanges{
    std::pair{EngineChange::Kept, "kept"}, std::pair{EngineChange::Rebuilt, "rebuilt"},
    std::pair{EngineChange::Added, "added"}, std::pair{EngineChange::Removed, "removed"}};
constexpr std::array kVrrpChanges{
    std::pair{VrrpChange::Kept, "kept"}, std::pair{VrrpChange::Retuned, "retuned"},
    std::pair{VrrpChange::Rebuilt, "rebuilt"}, std::pair{VrrpChange::Added, "added"},
    std::pair{VrrpChange::Removed, "removed"}};

template <typename Enum, std::size_t N>
const char* nameOf(const std::array<std::pair<Enum, const char*>, N>& names, Enum value)
{
    for (const auto& [v, name] : names)
        if (v == value)
            return name;
    return "";
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char*>, N>& names,
                            const QString& text)
{
    for (const auto& [v, name] : names)
        if (text == QLatin1String(name))
            return v;
    return std::nullopt;
}

// Reads required fields of one object and keeps the first problem, naming its key path.
class Reader
{
public:
    Reader(const QJsonObject& object, QString path) : m_object(object), m_path(std::move(path)) {}

    QString string(const char* key)
    {
        const QJsonValue value = require(key);
        if (!value.isString())
            return fail(key, QStringLiteral("a string")), QString();
        return value.toString();
    }
    qint64 integer(const char* key)
    {
        const QJsonValue value = require(key);
        if (!value.isDouble() || value.toDouble() != double(value.toInteger()))
            return fail(key, QStringLiteral("a whole number")), 0;
        return value.toInteger();
    }
    bool boolean(const char* key)
    {
        const QJsonValue value = require(key);
        if (!value.isBool())
            return fail(key, QStringLiteral("true or false")), false;
        return value.toBool();
    }
    QJsonArray array(const char* key)
    {
        const QJsonValue value = require(key);
        if (!value.isArray())
            return fail(key, QStringLiteral("an array")), QJsonArray();
        return value.toArray();
    }
    QJsonObject object(const char* key)
    {
        const QJsonValue value = require(key);
        if (!value.isObject())
            return fail(key, QStringLiteral("an object")), QJsonObject();
        return value.toObject();
    }
    template <typename Enum, std::size_t N>
    Enum choice(const char* key, const std::array<std::pair<Enum, const char*>, N>& names)
    {
        const QString text = string(key);
        if (const auto value = valueOf(names, text))
            return *value;
        QStringList alternatives;
        for (const auto& [v, name] : names)
            alternatives.append(QLatin1String(name));
        fail(key, QStringLiteral("one of %1, not \"%2\"")
                      .arg(alternatives.join(QStringLiteral(", ")), text));
        return names[0].first;
    }
    QString path(const char* key) const
    {
        return m_path.isEmpty() ? QLatin1String(key)
                                : m_path + QLatin1Char('.') + QLatin1String(key);
    }
    const QString& error() const { return m_error; }
    void fail(const char* key, const QString& expected)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("%1 must be %2").arg(path(key), expected);
    }

private:
    QJsonValue require(const char* key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() && m_error.isEmpty())
            m_error = QStringLiteral("%1 is missing").arg(path(key));
        return value;
    }

    const QJsonObject& m_object;
    QString m_path;
    QString m_error;
};

qint64 sum(const QList<ServiceLocationImpact>& locations, qint64 ServiceLocationImpact::*field)
{
    qint64 total = 0;
    for (const ServiceLocationImpact& location : locations)
        total += location.*field;
    return total;
}

} // namespace

const char* toString(EngineChange change)
{
    return nameOf(kEngineChanges, change);
}

std::optional<EngineChange> engineChangeFromString(const QString& text)
{
    return valueOf(kEngineChanges, text);
}

const char* toString(VrrpChange change)
{
    return nameOf(kVrrpChanges, change);
}

std::optional<VrrpChange> vrrpChangeFromString(const QString& text)
{
    return valueOf(kVrrpChanges, text);
}

qint64 ConfigImpact::sessionsDropped() const
{
    return sum(serviceLocations, &ServiceLocationImpact::sessions);
}

qint64 ConfigImpact::usersDropped() const
{
    return sum(serviceLocations, &ServiceLocationImpact::users);
}

qint64 ConfigImpact::portBlocksDropped() const
{
    return sum(serviceLocations, &ServiceLocationImpact::portBlocks);
}

bool ConfigImpact::disruptive() const
{
    return sessionsDropped() > 0 || usersDropped() > 0 || portBlocksDropped() > 0 ||
           std::any_of(vrrpGroups.begin(), vrrpGroups.end(),
                       [](const VrrpGroupImpact& group) { return group.resigns(); }) ||
           management.userRemoved || management.listenerGoesAway();
}

QJsonObject ConfigImpact::toJson() const
{
    QJsonArray locations;
    for (const ServiceLocationImpact& l : serviceLocations)
        locations.append(QJsonObject{{QStringLiteral("id"), l.id},
                                     {QStringLiteral("engine"), QLatin1String(toString(l.engine))},
                                     {QStringLiteral("master"), l.master},
                                     {QStringLiteral("sessions"), l.sessions},
                                     {QStringLiteral("users"), l.users},
                                     {QStringLiteral("portBlocks"), l.portBlocks}});
    QJsonArray groups;
    for (const VrrpGroupImpact& g : vrrpGroups)
        groups.append(QJsonObject{{QStringLiteral("interface"), g.interfaceName},
                                  {QStringLiteral("vrid"), g.vrid},
                                  {QStringLiteral("change"), QLatin1String(toString(g.change))},
                                  {QStringLiteral("master"), g.master},
                                  {QStringLiteral("resigns"), g.resigns()}});
    const ManagementImpact& m = management;
    QJsonObject access{{QStringLiteral("user"), m.user},
                       {QStringLiteral("userRemoved"), m.userRemoved},
                       {QStringLiteral("listenBefore"), m.listenBefore},
                       {QStringLiteral("listenAfter"), m.listenAfter},
                       {QStringLiteral("callerOnListener"), m.callerOnListener},
                       {QStringLiteral("listenerGoesAway"), m.listenerGoesAway()}};
    if (m.newRole)
        access.insert(QStringLiteral("newRole"),
                      QString::fromUtf8(config::toString(*m.newRole).data()));
    // The totals and verdicts are derived: fromJson reads the parts they come from.
    return {{QStringLiteral("runningId"), runningId},
            {QStringLiteral("serviceLocations"), locations},
            {QStringLiteral("vrrpGroups"), groups},
            {QStringLiteral("management"), access},
            {QStringLiteral("sessionsDropped"), sessionsDropped()},
            {QStringLiteral("usersDropped"), usersDropped()},
            {QStringLiteral("portBlocksDropped"), portBlocksDropped()},
            {QStringLiteral("disruptive"), disruptive()}};
}

std::optional<ConfigImpact> ConfigImpact::fromJson(const QJsonObject& json, QString* error)
{
    ConfigImpact impact;
    Reader top(json, {});
    impact.runningId = int(top.integer("runningId"));
    const QJsonArray locations = top.array("serviceLocations");
    const QJsonArray groups = top.array("vrrpGroups");
    const QJsonObject access = top.object("management");
    if (!top.error().isEmpty()) {
        *error = top.error();
        return std::nullopt;
    }
    for (qsizetype i = 0; i < locations.size(); ++i) {
        const QJsonObject object = locations.at(i).toObject();
        Reader r(object, QStringLiteral("serviceLocations[%1]").arg(i));
        ServiceLocationImpact l;
        l.id = int(r.integer("id"));
        l.engine = r.choice("engine", kEngineChanges);
        l.master = r.boolean("master");
        l.sessions = r.integer("sessions");
        l.users = r.integer("users");
        l.portBlocks = r.integer("portBlocks");
        if (!r.error().isEmpty()) {
            *error = r.error();
            return std::nullopt;
        }
        impact.serviceLocations.append(l);
    }
    for (qsizetype i = 0; i < groups.size(); ++i) {
        const QJsonObject object = groups.at(i).toObject();
        Reader r(object, QStringLiteral("vrrpGroups[%1]").arg(i));
        VrrpGroupImpact g;
        g.interfaceName = r.string("interface");
        g.vrid = int(r.integer("vrid"));
        g.change = r.choice("change", kVrrpChanges);
        g.master = r.boolean("master");
        if (!r.error().isEmpty()) {
            *error = r.error();
            return std::nullopt;
        }
        impact.vrrpGroups.append(g);
    }
    Reader r(access, QStringLiteral("management"));
    ManagementImpact& m = impact.management;
    m.user = r.string("user");
    m.userRemoved = r.boolean("userRemoved");
    m.listenBefore = r.string("listenBefore");
    m.listenAfter = r.string("listenAfter");
    m.callerOnListener = r.boolean("callerOnListener");
    if (const QJsonValue role = access.value(QStringLiteral("newRole")); !role.isUndefined()) {
        m.newRole = config::userRoleFromString(role.toString().toStdString());
        if (!m.newRole)
            r.fail("newRole", QStringLiteral("viewer, operator or admin"));
    }
    if (!r.error().isEmpty()) {
        *error = r.error();
        return std::nullopt;
    }
    return impact;
}

} // namespace tandem::protocol
