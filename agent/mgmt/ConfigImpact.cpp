#include "ConfigImpact.h"

#include "ConfigStore.h"
#include "config/Secrets.h"
#include "ha/HaNode.h"
#include "ha/HotBackup.h"
#include "protocol/JsonRpc.h"

#include <QJsonArray>

namespace tandem::mgmt {

namespace {

using protocol::EngineChange;
using protocol::ErrorCode;
using protocol::makeError;
using protocol::VrrpChange;

QString listenOf(const config::DeviceConfig& config)
{
    if (!config.agent.managementAddress)
        return {};
    return QStringLiteral("%1:%2")
        .arg(QString::fromStdString(config.agent.managementAddress->toString()))
        .arg(config.agent.managementPort);
}

const config::ManagementUser* findUser(const config::DeviceConfig& config, const QString& name)
{
    for (const config::ManagementUser& user : config.agent.users)
        if (QString::fromStdString(user.name) == name)
            return &user;
    return nullptr;
}

std::string toStd(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return std::string(utf8.constData(), std::size_t(utf8.size()));
}

// A text that does not validate, as config.commit refuses it: the errors in the message, every
// issue in data.issues.
protocol::RpcError invalidText(const std::vector<ConfigIssue>& issues)
{
    protocol::RpcError error = makeError(
        ErrorCode::ConfigInvalid,
        QStringLiteral("the configuration is not valid, so it has no impact to preview:\n%1")
            .arg(formatIssues(issues)));
    error.data = QJsonObject{{QStringLiteral("issues"), protocol::toJson(issues)}};
    return error;
}

} // namespace

protocol::ConfigImpact configImpact(const config::DeviceConfig& running,
                                    const config::DeviceConfig& next,
                                    const RpcServer::Caller& caller)
{
    protocol::ConfigImpact impact;
    for (const config::ServiceLocationConfig& location : running.serviceLocations) {
        protocol::ServiceLocationImpact l;
        l.id = location.id;
        l.engine = !next.findServiceLocation(location.id)        ? EngineChange::Removed
                   : ha::keepsEngine(running, next, location.id) ? EngineChange::Kept
                                                                 : EngineChange::Rebuilt;
        impact.serviceLocations.append(l);
    }
    for (const config::ServiceLocationConfig& location : next.serviceLocations)
        if (!running.findServiceLocation(location.id))
            impact.serviceLocations.append({location.id, EngineChange::Added});

    for (const config::InterfaceConfig& interface : running.interfaces) {
        const config::InterfaceConfig* after = next.findInterface(interface.name);
        for (const config::VrrpGroupConfig& vrrp : interface.vrrpGroups) {
            const config::VrrpGroupConfig* now = after ? after->findVrrp(vrrp.vrid) : nullptr;
            VrrpChange change = VrrpChange::Removed;
            if (ha::keepsVrrpGroup(running, next, interface.name, vrrp.vrid))
                change = *now == vrrp ? VrrpChange::Kept : VrrpChange::Retuned;
            else if (now)
                change = VrrpChange::Rebuilt;
            impact.vrrpGroups.append(
                {QString::fromStdString(interface.name), vrrp.vrid, change, false});
        }
    }
    for (const config::InterfaceConfig& interface : next.interfaces) {
        const config::InterfaceConfig* before = running.findInterface(interface.name);
        for (const config::VrrpGroupConfig& vrrp : interface.vrrpGroups)
            if (!before || !before->findVrrp(vrrp.vrid))
                impact.vrrpGroups.append(
                    {QString::fromStdString(interface.name), vrrp.vrid, VrrpChange::Added, false});
    }

    protocol::ManagementImpact& m = impact.management;
    m.user = caller.user;
    const config::ManagementUser* user = findUser(next, caller.user);
    m.userRemoved = !user;
    if (user && user->role != caller.role)
        m.newRole = user->role;
    m.listenBefore = listenOf(running);
    m.listenAfter = listenOf(next);
    m.callerOnListener = caller.transport != RpcServer::Transport::Local;
    return impact;
}

void addLiveState(protocol::ConfigImpact* impact, const ha::HaNode& node,
                  const ha::HotBackup& hotBackup)
{
    for (protocol::ServiceLocationImpact& l : impact->serviceLocations) {
        l.master = hotBackup.isMaster(l.id);
        if (l.engine != EngineChange::Rebuilt && l.engine != EngineChange::Removed)
            continue;
        if (const cgn::CgnEngine* engine = hotBackup.engine(l.id)) {
            const cgn::Counts counts = engine->counts();
            l.sessions = counts.sessions;
            l.users = counts.users;
            l.portBlocks = counts.portBlocksUsed;
        }
    }
    const std::vector<ha::VrrpGroupDetail> details = node.vrrpDetails();
    for (protocol::VrrpGroupImpact& g : impact->vrrpGroups)
        for (const ha::VrrpGroupDetail& d : details)
            if (QString::fromStdString(d.interfaceName) == g.interfaceName &&
                d.config.vrid == g.vrid)
                g.master = d.state == ha::VrrpState::Master;
}

void registerConfigImpact(RpcServer& server, ConfigImpactAccess access)
{
    server.addAsyncMethod(
        QLatin1String(protocol::method::kConfigImpact), config::UserRole::Viewer,
        [access](const QJsonObject& params, const RpcServer::Caller& caller,
                 const RpcServer::Responder& respond) {
            const QJsonValue text = params.value(QStringLiteral("text"));
            if (!text.isUndefined() && !text.isNull() && !text.isString())
                return respond(makeError(ErrorCode::InvalidParams,
                                         QStringLiteral("\"text\" (the configuration whose commit "
                                                        "to preview) must be a string")));
            const ConfigStore& store = access.store;
            // Parsing and comparing a text of megabytes is the worker's; the running config
            // goes with it as a copy, and the answer says which commit it was measured against.
            access.runOnWorker([access, caller, respond, text = text.toString(),
                                useCandidate = !text.isString(),
                                candidate = text.isString() ? std::string() : store.candidateText(),
                                running = store.running(), runningId = store.runningId()] {
                std::vector<ConfigIssue> issues;
                const std::optional<config::DeviceConfig> next = ConfigStore::validate(
                    useCandidate ? candidate : config::keepRunningSecrets(toStd(text), running),
                    &issues);
                if (!next)
                    return respond(invalidText(issues));
                protocol::ConfigImpact impact = configImpact(running, *next, caller);
                impact.runningId = runningId;
                access.onCore([access, respond, impact = std::move(impact)]() mutable {
                    if (access.store.runningId() != impact.runningId)
                        return respond(makeError(
                            ErrorCode::ConfigConflict,
                            QStringLiteral("commit %1 replaced the running config (commit %2) "
                                           "while its impact was worked out; ask again")
                                .arg(access.store.runningId())
                                .arg(impact.runningId)));
                    addLiveState(&impact, access.node, access.hotBackup);
                    respond(impact.toJson());
                });
            });
        });
}

} // namespace tandem::mgmt
