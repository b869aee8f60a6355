#include "ImpactText.h"

namespace tandem::ctl {

namespace {

using protocol::EngineChange;
using protocol::VrrpChange;

QString locationLine(const protocol::ServiceLocationImpact& l)
{
    const QString where = l.master ? QStringLiteral("master here") : QStringLiteral("standby here");
    switch (l.engine) {
    case EngineChange::Kept:
        return QStringLiteral("engine kept: its tables stay");
    case EngineChange::Added:
        return QStringLiteral("added: a new, empty engine");
    case EngineChange::Rebuilt:
    case EngineChange::Removed:
        break;
    }
    const QString what = l.engine == EngineChange::Rebuilt
                             ? QStringLiteral("engine REBUILT (a fresh, empty one)")
                             : QStringLiteral("REMOVED");
    if (l.sessions == 0 && l.users == 0 && l.portBlocks == 0)
        return QStringLiteral("%1, %2: its tables are empty, nothing is dropped").arg(what, where);
    return QStringLiteral("%1, %2: DROPS %3 sessions, %4 users, %5 port blocks%6")
        .arg(what, where)
        .arg(l.sessions)
        .arg(l.users)
        .arg(l.portBlocks)
        .arg(l.master ? QStringLiteral(" (the users served here lose them)")
                      : QStringLiteral(" (the standby copy; the master sends it again)"));
}

QString vrrpLine(const protocol::VrrpGroupImpact& g)
{
    QString text = QLatin1String(toString(g.change));
    switch (g.change) {
    case VrrpChange::Kept:
        text += QStringLiteral(": state and timers stay");
        break;
    case VrrpChange::Retuned:
        text += QStringLiteral(": kept, the new priority or tracking takes effect at once");
        break;
    case VrrpChange::Rebuilt:
    case VrrpChange::Removed:
        text += g.resigns() ? QStringLiteral(": master here, it RESIGNS and the peer takes over")
                            : QStringLiteral(": not master here");
        break;
    case VrrpChange::Added:
        break;
    }
    return text;
}

} // namespace

QString formatConfigImpact(const protocol::ConfigImpact& impact)
{
    QString text =
        QStringLiteral("Impact of a commit (against running commit %1):\n").arg(impact.runningId);
    for (const protocol::ServiceLocationImpact& l : impact.serviceLocations)
        text += QStringLiteral("  service-location %1: %2\n").arg(l.id).arg(locationLine(l));
    for (const protocol::VrrpGroupImpact& g : impact.vrrpGroups)
        text += QStringLiteral("  vrrp vrid %1 on %2: %3\n")
                    .arg(g.vrid)
                    .arg(g.interfaceName, vrrpLine(g));
    const protocol::ManagementImpact& m = impact.management;
    if (m.userRemoved)
        text +=
            QStringLiteral("  your user %1: REMOVED, your sessions lose their login\n").arg(m.user);
    else if (m.newRole)
        text += QStringLiteral("  your user %1: role becomes %2\n")
                    .arg(m.user, QString::fromUtf8(config::toString(*m.newRole).data()));
    if (m.listenerGoesAway())
        text += m.listenAfter.isEmpty()
                    ? QStringLiteral("  your listener %1: REMOVED (you came in on it)\n")
                          .arg(m.listenBefore)
                    : QStringLiteral("  your listener %1: MOVES to %2 (you came in on it)\n")
                          .arg(m.listenBefore, m.listenAfter);
    else if (m.listenBefore != m.listenAfter)
        text += QStringLiteral("  listener %1 becomes %2\n")
                    .arg(m.listenBefore.isEmpty() ? QStringLiteral("(none)") : m.listenBefore,
                         m.listenAfter.isEmpty() ? QStringLiteral("(none)") : m.listenAfter);
    text += impact.sessionsDropped() > 0
                ? QStringLiteral("  in all: %1 sessions, %2 users and %3 port blocks dropped\n")
                      .arg(impact.sessionsDropped())
                      .arg(impact.usersDropped())
                      .arg(impact.portBlocksDropped())
                : QStringLiteral("  in all: no session dropped\n");
    return text;
}

} // namespace tandem::ctl
