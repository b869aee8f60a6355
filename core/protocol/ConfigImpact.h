#pragma once

// What a commit of a configuration text would do to the device as it runs: the answer of
// `config.impact {text}` (docs/protocol.md), that `tandemctl config diff` prints under the diff
// and a pair push shows before it commits. The agent works it out with the decisions its
// commit acts on (ha::keepsEngine, ha::keepsVrrpGroup) and reads the table sizes and roles live,
// so "kept" means the commit keeps the tables and "drops" counts what it would throw away.

#include "config/DeviceConfig.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace tandem::protocol {

// What a commit does to a service-location's CGN engine (its board's tables).
enum class EngineChange
{
    Kept,    // the engine configuration is unchanged: tables and role stay
    Rebuilt, // a fresh, empty engine: the tables are dropped (a master serves from empty ones)
    Added,   // a new service-location
    Removed, // the location and its tables go
};
const char* toString(EngineChange change); // "kept" | "rebuilt" | "added" | "removed"
std::optional<EngineChange> engineChangeFromString(const QString& text);

struct ServiceLocationImpact
{
    int id = 0;
    EngineChange engine = EngineChange::Kept;
    // This device serves the location now: what it drops are the users' own sessions, not a
    // standby copy the master can send again.
    bool master = false;
    // The live tables a rebuilt or removed engine drops; 0 when it is kept or added.
    qint64 sessions = 0;
    qint64 users = 0;
    qint64 portBlocks = 0;
    bool operator==(const ServiceLocationImpact&) const = default;
};

// What a commit does to a VRRP group.
enum class VrrpChange
{
    Kept,    // state and timers stay
    Retuned, // kept; a new priority or tracking takes effect live, as a tracked fault would
    Rebuilt, // starts again from Initialize
    Added,
    Removed,
};
const char* toString(VrrpChange change); // "kept" | "retuned" | "rebuilt" | "added" | "removed"
std::optional<VrrpChange> vrrpChangeFromString(const QString& text);

struct VrrpGroupImpact
{
    QString interfaceName;
    int vrid = 0;
    VrrpChange change = VrrpChange::Kept;
    bool master = false; // master now
    // A master that is rebuilt or removed resigns (priority 0), so the peer takes over at once.
    bool resigns() const
    {
        return master && (change == VrrpChange::Rebuilt || change == VrrpChange::Removed);
    }
    bool operator==(const VrrpGroupImpact&) const = default;
};

// What a commit does to the caller's own way in.
struct ManagementImpact
{
    QString user;
    bool userRemoved = false; // the caller's sessions lose their login
    // The caller's role after the commit when it changes; nullopt: unchanged (or removed).
    std::optional<config::UserRole> newRole;
    // The TCP listener ("127.0.0.1:7830") before and after; empty: none.
    QString listenBefore;
    QString listenAfter;
    bool callerOnListener = false; // the caller came in over TCP, not the local socket or SSH
    // The listener the caller came in on is removed or moved: it cannot connect the same way
    // again (and a plain commit of it over TCP is refused; see config.commit).
    bool listenerGoesAway() const { return callerOnListener && listenBefore != listenAfter; }
    bool operator==(const ManagementImpact&) const = default;
};

struct ConfigImpact
{
    int runningId = 0; // the commit the impact is measured against
    // The running config's locations in its order, then the new ones.
    QList<ServiceLocationImpact> serviceLocations;
    QList<VrrpGroupImpact> vrrpGroups; // likewise
    ManagementImpact management;

    // Totals of what rebuilt and removed engines drop.
    qint64 sessionsDropped() const;
    qint64 usersDropped() const;
    qint64 portBlocksDropped() const;
    // Anything a user of the device or the caller would notice: tables dropped, a master
    // resigning, the caller's user or listener going.
    bool disruptive() const;

    QJsonObject toJson() const;
    // Names the first field that is missing or of the wrong type in *error.
    static std::optional<ConfigImpact> fromJson(const QJsonObject& json, QString* error);
    bool operator==(const ConfigImpact&) const = default;
};

} // namespace tandem::protocol
