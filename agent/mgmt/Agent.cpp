#include "Agent.h"

#include "AuditLog.h"
#include "ConfigImpact.h"
#include "DisplayCommands.h"
#include "HaMethods.h"
#include "MetricsServer.h"
#include "LabMethods.h"
#include "ha/ChannelTransport.h"
#include "ha/HotBackup.h"
#include "ha/LoopWatch.h"
#include "Logging.h"
#include "RpcServer.h"
#include "TlsIdentity.h"
#include "config/ConfigDiff.h"
#include "config/ConfigParser.h"
#include "config/Secrets.h"
#include "ha/HaNode.h"
#include "lab/TrafficDriver.h"
#include "protocol/ConfigMessages.h"
#include "protocol/DeviceStatus.h"
#include "protocol/JsonFields.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QTcpServer>
#include <limits>

namespace tandem::mgmt {

namespace {

using protocol::ErrorCode;
using protocol::makeError;
using protocol::RpcError;
using Outcome = std::variant<QJsonValue, RpcError>;

QString managementAddress(const config::DeviceConfig& config)
{
    return config.agent.managementAddress
               ? QString::fromStdString(config.agent.managementAddress->toString())
               : QStringLiteral("127.0.0.1");
}

// The listener's TLS configuration when the config asks for `tls` (nullopt: plain TCP). The
// identity is made on first use beside the config and logged, so that the operator can compare
// the fingerprint a client shows with this one.
bool listenerTls(const config::DeviceConfig& config, const QString& configPath,
                 std::optional<QSslConfiguration>* tls, QString* error)
{
    tls->reset();
    if (!config.agent.managementTls)
        return true;
    const std::optional<TlsIdentity> identity =
        loadOrCreateTlsIdentity(tlsDirectoryFor(configPath), error);
    if (!identity)
        return false;
    qCInfo(lcMgmt).noquote() << "TLS certificate fingerprint" << identity->fingerprint;
    *tls = RpcServer::serverTlsConfiguration(identity->key, identity->certificate);
    return true;
}

QString plaintextWarning(const config::DeviceConfig& config)
{
    return QStringLiteral("the agent protocol on %1:%2 is plain TCP: passwords and configuration "
                          "cross the network in cleartext; add 'tls' to 'management listen'")
        .arg(managementAddress(config))
        .arg(config.agent.managementPort);
}

void warnIfPlaintext(const config::DeviceConfig& config)
{
    if (config.agent.managementAddress && !config.agent.managementTls)
        qCWarning(lcMgmt).noquote() << plaintextWarning(config);
}

RpcError toRpcError(const StoreError& error)
{
    switch (error.kind) {
    case StoreError::Kind::Invalid: {
        RpcError rpc = makeError(ErrorCode::ConfigInvalid, error.message);
        rpc.data = QJsonObject{{QStringLiteral("issues"), protocol::toJson(error.issues)}};
        return rpc;
    }
    case StoreError::Kind::Conflict:
        return makeError(ErrorCode::ConfigConflict, error.message);
    case StoreError::Kind::NotFound:
        return makeError(ErrorCode::InvalidParams, error.message);
    case StoreError::Kind::Apply:
    case StoreError::Kind::Storage:
        break;
    }
    return makeError(ErrorCode::CommitFailed, error.message);
}

std::string toStd(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return std::string(utf8.constData(), std::size_t(utf8.size()));
}

// An optional string parameter; a present one of another type is an error naming it.
bool optionalInt(const QJsonObject& params, const char* name, int min, int max,
                 std::optional<int>* out, RpcError* error)
{
    protocol::ParamReader reader(params);
    *out = reader.integer(name, min, max);
    if (reader.ok())
        return true;
    *error = *reader.error();
    return false;
}

// `"secrets": true` asks for password hashes, token hashes and channel keys in clear; only an
// admin may, and only by asking. Without it everyone, admins too, gets them masked.
std::optional<RpcError> refuseSecrets(bool secrets, const RpcServer::Caller& caller,
                                      const char* method)
{
    if (!secrets || caller.role >= config::UserRole::Admin)
        return std::nullopt;
    return makeError(ErrorCode::Forbidden,
                     QStringLiteral("'%1' with \"secrets\": true needs role admin; user '%2' is %3")
                         .arg(QLatin1String(method), caller.user,
                              QString::fromStdString(std::string(config::toString(caller.role)))));
}

bool showSecrets(const QJsonObject& params, const RpcServer::Caller& caller, const char* method,
                 bool* show, RpcError* error)
{
    protocol::ParamReader reader(params);
    *show = reader.boolean("secrets").value_or(false);
    if (!reader.ok()) {
        *error = *reader.error();
        return false;
    }
    if (const auto refused = refuseSecrets(*show, caller, method)) {
        *error = *refused;
        return false;
    }
    return true;
}

// A request of type R from params, or its error answered (then nullopt).
template <class R>
std::optional<R> readRequest(const QJsonObject& params, const RpcServer::Responder& respond)
{
    RpcError error;
    std::optional<R> parsed = R::fromJson(params, &error);
    if (!parsed)
        respond(error);
    return parsed;
}

QString fromStd(const std::string& text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

AuditEntry confirmExpiredEntry(int commit, int rolledBackTo, int newCommit)
{
    AuditEntry entry;
    entry.user = QStringLiteral("(agent)");
    entry.source = QStringLiteral("agent");
    entry.action = QStringLiteral("config.confirm-expired");
    entry.target = {{QStringLiteral("commit"), commit},
                    {QStringLiteral("rolledBackTo"), rolledBackTo},
                    {QStringLiteral("newCommit"), newCommit}};
    return entry;
}

} // namespace

QString localSocketPathFor(const QString& configPath)
{
    return configPath + QStringLiteral(".d/agent.sock");
}

std::unique_ptr<Agent> Agent::create(std::unique_ptr<ConfigStore> store, QString* error,
                                     const AgentOptions& options)
{
    std::unique_ptr<Agent> agent(new Agent);
    agent->m_store = std::move(store);
    agent->m_config = agent->m_store->running();
    const config::DeviceConfig& config = agent->m_config;
    agent->m_haNode = ha::HaNode::create(config, error);
    if (!agent->m_haNode)
        return nullptr;
    agent->m_hotBackup = ha::HotBackup::create(config, *agent->m_haNode, error);
    if (!agent->m_hotBackup)
        return nullptr;
    if (config.hotBackupEnabled) {
        if (auto settings = ha::channelSettingsFor(config)) {
            agent->m_transport = std::make_unique<ha::ChannelTransport>(*settings);
            agent->m_hotBackup->setTransport(agent->m_transport.get());
        }
    }
    agent->m_traffic = std::make_unique<lab::TrafficDriver>(*agent->m_hotBackup);
    agent->m_loopWatch = std::make_unique<ha::LoopWatch>();
    const QString configPath = agent->m_store->configPath();
    agent->m_audit = std::make_unique<AuditLog>(configPath + QStringLiteral(".d/audit.log"));
    agent->m_rpcServer = std::make_unique<RpcServer>(config.agent.users, helloInfo(config));
    agent->m_rpcServer->setLimits(options.limits);
    agent->m_rpcServer->setAuditLog(agent->m_audit.get());
    agent->m_rpcServer->setCoreContext(agent.get());
    // TCP only where the config says so: without `management listen` the agent serves its
    // local socket alone (and SSH through it).
    std::optional<QSslConfiguration> tls;
    if (config.agent.managementAddress) {
        if (!listenerTls(config, configPath, &tls, error) ||
            !agent->m_rpcServer->listen(managementAddress(config),
                                        quint16(config.agent.managementPort), error, tls))
            return nullptr;
        warnIfPlaintext(config);
    }
    if (!agent->m_rpcServer->listenLocal(options.localSocketPath.isEmpty()
                                             ? localSocketPathFor(configPath)
                                             : options.localSocketPath,
                                         error))
        return nullptr;
    if (config.agent.metricsAddress) {
        Agent* raw = agent.get();
        agent->m_metrics = std::make_unique<MetricsServer>([raw] {
            return metricsText(*raw->m_haNode, *raw->m_hotBackup,
                               raw->m_transport ? &raw->m_transport->channel() : nullptr,
                               &raw->m_loopWatch->stalls());
        });
        if (!agent->m_metrics->listen(QString::fromStdString(config.agent.metricsAddress->toString()),
                                      quint16(config.agent.metricsPort), error))
            return nullptr;
    }
    agent->m_store->setApplier(agent.get());
    agent->m_confirmTimer.setSingleShot(true);
    connect(&agent->m_confirmTimer, &QTimer::timeout, agent.get(), &Agent::onConfirmTimer);
    agent->registerMethods();
    agent->m_workers.setMaxThreadCount(1);
    agent->m_managementThread = std::make_unique<QThread>();
    agent->m_managementThread->setObjectName(QStringLiteral("management"));
    agent->m_managementThread->start();
    agent->m_rpcServer->moveToThread(agent->m_managementThread.get());
    return agent;
}

Agent::~Agent()
{
    if (m_managementThread) {
        // The server goes on its own thread (its sockets live there), before the work it
        // handed to this thread or to the workers can find it.
        RpcServer* server = m_rpcServer.release();
        QMetaObject::invokeMethod(server, [server] { delete server; },
                                  Qt::BlockingQueuedConnection);
        m_managementThread->quit();
        m_managementThread->wait();
    }
    m_workers.clear();
    m_workers.waitForDone();
    if (m_store)
        m_store->setApplier(nullptr);
}

void Agent::runOnWorker(std::function<void()> work)
{
    m_workers.start(std::move(work));
}

void Agent::onCore(std::function<void()> work)
{
    // Posted to this object: work still queued when the agent goes is dropped with it.
    QMetaObject::invokeMethod(this, std::move(work), Qt::QueuedConnection);
}

std::optional<RpcError> Agent::cutsCallersListener(const config::DeviceConfig& next,
                                                   const RpcServer::Caller& caller,
                                                   const ConfigStore::CommitOptions& options) const
{
    if (caller.transport == RpcServer::Transport::Local || options.confirmSeconds > 0 ||
        !m_config.agent.managementAddress)
        return std::nullopt;
    const QString current = QStringLiteral("%1:%2")
                                .arg(managementAddress(m_config))
                                .arg(m_config.agent.managementPort);
    QString what;
    if (!next.agent.managementAddress)
        what = QStringLiteral("removes the listener %1").arg(current);
    else if (managementAddress(next) != managementAddress(m_config) ||
             next.agent.managementPort != m_config.agent.managementPort)
        what = QStringLiteral("moves the listener %1 to %2:%3")
                   .arg(current, managementAddress(next))
                   .arg(next.agent.managementPort);
    else
        return std::nullopt;
    return makeError(ErrorCode::ConfigConflict,
                     QStringLiteral("this commit %1, which this session (%2) came in on: commit it "
                                    "as 'commit confirmed' (confirmSeconds) so that it rolls back "
                                    "by itself unless you confirm it from the new address, or "
                                    "commit it over the local socket or SSH")
                         .arg(what, caller.source));
}

QJsonObject Agent::helloInfo(const config::DeviceConfig& config)
{
    return {
        {QStringLiteral("device"), QString::fromStdString(config.sysname)},
        {QStringLiteral("agentVersion"), QCoreApplication::applicationVersion()},
        {QStringLiteral("lab"), config.agent.labEnabled},
    };
}

bool Agent::apply(const config::DeviceConfig& next, QString* error)
{
    // Bind whatever is new first, so that nothing has changed when a bind fails.
    std::unique_ptr<QTcpServer> listener;
    const bool listens = next.agent.managementAddress.has_value();
    const bool listened = m_config.agent.managementAddress.has_value();
    const bool sameSocket = listened &&
                            managementAddress(next) == managementAddress(m_config) &&
                            next.agent.managementPort == m_config.agent.managementPort;
    if (listens && (!sameSocket || next.agent.managementTls != m_config.agent.managementTls)) {
        std::optional<QSslConfiguration> tls;
        if (!listenerTls(next, m_store->configPath(), &tls, error))
            return false;
        listener = sameSocket ? m_rpcServer->rewrapListener(tls, error)
                              : RpcServer::bindListener(managementAddress(next),
                                                        quint16(next.agent.managementPort), error,
                                                        tls);
        if (!listener)
            return false;
    }
    // Engines first (they can only fail on building one): locations whose NAT configuration
    // is unchanged keep their sessions.
    if (!m_hotBackup->reconfigure(next, error))
        return false;
    if (!m_haNode->reconfigure(next, error)) {
        QString ignored;
        m_hotBackup->reconfigure(m_config, &ignored); // back to the running config's engines
        return false;
    }
    applyChannel(next);
    if (listener)
        m_rpcServer->adoptListener(std::move(listener));
    else if (!listens && listened)
        m_rpcServer->closeListener();
    if (listens && (listener || !sameSocket))
        warnIfPlaintext(next);
    m_rpcServer->setUsers(next.agent.users);
    m_rpcServer->setHelloInfo(helloInfo(next));
    if (!next.agent.labEnabled && m_traffic->running()) {
        QString ignored;
        m_traffic->configure({}, &ignored); // lab mode off: its traffic stops with it
    }
    m_config = next;
    return true;
}

ha::BackupChannel* Agent::channel() const
{
    return m_transport ? &m_transport->channel() : nullptr;
}

void Agent::applyChannel(const config::DeviceConfig& next)
{
    const std::optional<ha::BackupChannel::Settings> settings =
        next.hotBackupEnabled ? ha::channelSettingsFor(next) : std::nullopt;
    const ha::BackupChannel* now = channel();
    const bool same =
        now && settings ? now->settings().localAddress == settings->localAddress &&
                              now->settings().peerAddress == settings->peerAddress &&
                              now->settings().port == settings->port &&
                              now->settings().authKey == settings->authKey &&
                              now->settings().deviceId == settings->deviceId &&
                              now->settings().fingerprint == settings->fingerprint
                        : !now && !settings;
    if (same)
        return;
    // A pair made, changed or undone by commit: the old channel goes (its peer sees it close)
    // and the new one connects; the hot backup follows it like a link that came up.
    std::unique_ptr<ha::ChannelTransport> old = std::move(m_transport);
    if (settings)
        m_transport = std::make_unique<ha::ChannelTransport>(*settings);
    m_hotBackup->setTransport(m_transport.get());
    if (old) {
        old->channel().stop();
        old.release()->deleteLater(); // a signal of it may still be queued
    }
    if (m_transport && m_started)
        m_transport->channel().start();
    qCInfo(lcMgmt).noquote() << (settings ? QStringLiteral("backup channel to %1 port %2")
                                                .arg(settings->peerAddress.toString())
                                                .arg(settings->port)
                                          : QStringLiteral("no backup channel"))
                             << "(by commit)";
}

void Agent::registerMethods()
{
    ha::HaNode* node = m_haNode.get();
    m_rpcServer->addMethod(QLatin1String(protocol::method::kStatusGet), config::UserRole::Viewer,
                           [this](const QJsonObject&, const RpcServer::Caller&) -> Outcome {
                               return statusJson();
                           });
    m_rpcServer->setSnapshotProvider(QLatin1String(protocol::topic::kState),
                                     [this] { return statusJson(); });
    auto publishState = [this] {
        m_rpcServer->publish(QLatin1String(protocol::topic::kState),
                             QLatin1String(protocol::method::kStateChanged), statusJson());
    };
    connect(node, &ha::HaNode::changed, this, publishState);
    connect(m_hotBackup.get(), &ha::HotBackup::changed, this, publishState);
    connect(m_hotBackup.get(), &ha::HotBackup::switchover, this,
            [this](const ha::SwitchoverEvent& event) {
                m_rpcServer->publish(QStringLiteral("events"), QStringLiteral("ha.switchover"),
                                     event.toJson());
            });
    auto raiseAlarm = [this](const QString& message) {
        qCWarning(lcMgmt).noquote() << message;
        const QJsonObject alarm{{QStringLiteral("message"), message},
                                {QStringLiteral("timeMs"), QDateTime::currentMSecsSinceEpoch()}};
        m_alarms.append(alarm);
        while (m_alarms.size() > kAlarmLog)
            m_alarms.removeFirst();
        m_rpcServer->publish(QStringLiteral("events"), QStringLiteral("alarm"), alarm);
    };
    // Subscribers to "events" start from the recorded switchovers and alarms, then get each
    // new one pushed (ha.switchover, alarm).
    m_rpcServer->setSnapshotProvider(QStringLiteral("events"), [this] {
        QJsonArray switchovers;
        for (const ha::SwitchoverEvent& e : m_hotBackup->switchovers())
            switchovers.append(e.toJson());
        return QJsonObject{{QStringLiteral("switchovers"), switchovers},
                           {QStringLiteral("alarms"), m_alarms}};
    });
    connect(m_hotBackup.get(), &ha::HotBackup::alarm, this, raiseAlarm);
    connect(node, &ha::HaNode::alarm, this, raiseAlarm);
    registerHaMethods(*m_rpcServer, *node, *m_hotBackup, [this] { return channel(); });
    registerLabMethods(*m_rpcServer, {node, m_hotBackup.get(), [this] { return channel(); },
                                      m_traffic.get(), [this] { return m_config.agent.labEnabled; }});
    m_rpcServer->setRatedTopic(QLatin1String(protocol::topic::kCounters),
                               QLatin1String(protocol::method::kCounters), [this] {
                                   return countersJson(*m_hotBackup,
                                                       m_transport ? &m_transport->channel()
                                                                   : nullptr);
                               });
    registerAudit();
    m_rpcServer->addMethod(
        QLatin1String(protocol::method::kDisplay), config::UserRole::Viewer,
        [this, node](const QJsonObject& params, const RpcServer::Caller& caller) -> Outcome {
            RpcError error;
            bool secrets = false;
            if (!showSecrets(params, caller, protocol::method::kDisplay, &secrets, &error))
                return error;
            const QJsonValue command = params.value(QStringLiteral("command"));
            if (!command.isString())
                return makeError(ErrorCode::InvalidParams,
                                 QStringLiteral("\"command\" must be a string such as "
                                                "\"display vrrp brief\""));
            QString message;
            const std::optional<QString> text = runDisplayCommand(
                command.toString(),
                {node, m_hotBackup.get(), m_transport ? &m_transport->channel() : nullptr},
                &message);
            if (!text)
                return makeError(ErrorCode::InvalidParams, message);
            // current-configuration prints the config; the rest never shows a secret, and is
            // masked all the same.
            return QJsonObject{{QStringLiteral("text"),
                                secrets ? *text : fromStd(config::maskSecrets(toStd(*text)))}};
        });
    registerConfigMethods();
}

void Agent::registerConfigMethods()
{
    using config::UserRole;
    using namespace protocol;
    ConfigStore* store = m_store.get();
    auto add = [this](const char* name, UserRole role, RpcServer::Handler handler) {
        m_rpcServer->addMethod(QLatin1String(name), role, std::move(handler));
    };
    auto addAsync = [this](const char* name, UserRole role, RpcServer::AsyncHandler handler) {
        m_rpcServer->addAsyncMethod(QLatin1String(name), role, std::move(handler));
    };

    add(method::kConfigGet, UserRole::Viewer,
        [store](const QJsonObject& params, const RpcServer::Caller& caller) -> Outcome {
            RpcError error;
            const auto request = ConfigGetRequest::fromJson(params, &error);
            if (!request)
                return error;
            if (const auto refused = refuseSecrets(request->secrets, caller, method::kConfigGet))
                return *refused;
            // The running or candidate text is read in place; only a history text is loaded.
            std::optional<std::string> historic;
            if (request->source == ConfigSource::History) {
                StoreError storeError;
                historic = store->textOf(*request->commitId, &storeError);
                if (!historic)
                    return toRpcError(storeError);
            }
            const std::string& text = historic ? *historic
                                      : request->source == ConfigSource::Candidate
                                          ? store->candidateText()
                                          : store->runningText();
            return ConfigGetResult{request->source,
                                   fromStd(request->secrets ? text : config::maskSecrets(text)),
                                   request->commitId.value_or(store->runningId())}
                .toJson();
        });

    // Parsing, checking and diffing a text of megabytes takes up to a second: a worker does
    // it with a copy of what it needs, and the HA thread only hands it over and applies the
    // result (see docs/hot-backup.md). A masked secret in a text keeps the running one.
    addAsync(method::kConfigSet, UserRole::Admin,
             [this, store](const QJsonObject& params, const RpcServer::Caller&,
                           const RpcServer::Responder& respond) {
                 const auto request = readRequest<ConfigSetRequest>(params, respond);
                 if (!request)
                     return;
                 runOnWorker([this, store, text = request->text, running = store->running(),
                              respond] {
                     std::string candidate = config::keepRunningSecrets(toStd(text), running);
                     StoreError storeError;
                     if (!ConfigStore::candidateParses(candidate, &storeError))
                         return respond(toRpcError(storeError));
                     onCore([store, candidate = std::move(candidate), respond]() mutable {
                         store->replaceCandidate(std::move(candidate));
                         respond(ConfigSetResult{ConfigSource::Candidate}.toJson());
                     });
                 });
             });

    addAsync(method::kConfigValidate, UserRole::Viewer,
             [this, store](const QJsonObject& params, const RpcServer::Caller&,
                           const RpcServer::Responder& respond) {
                 const auto request = readRequest<ConfigValidateRequest>(params, respond);
                 if (!request)
                     return;
                 runOnWorker([text = request->text,
                              candidate = request->text ? std::string() : store->candidateText(),
                              running = store->running(), respond] {
                     ConfigValidateResult result;
                     result.valid =
                         ConfigStore::validate(
                             text ? config::keepRunningSecrets(toStd(*text), running) : candidate,
                             &result.issues)
                             .has_value();
                     respond(result.toJson());
                 });
             });

    addAsync(
        method::kConfigDiff, UserRole::Viewer,
        [this, store](const QJsonObject& params, const RpcServer::Caller& caller,
                      const RpcServer::Responder& respond) {
            const auto request = readRequest<ConfigDiffRequest>(params, respond);
            if (!request)
                return;
            if (const auto refused = refuseSecrets(request->secrets, caller, method::kConfigDiff))
                return respond(*refused);
            const std::optional<QString> text = request->text;
            std::string other = text ? std::string() : store->candidateText();
            QString otherName = QStringLiteral("candidate");
            if (text) {
                otherName = QStringLiteral("text");
            } else if (const std::optional<int> id = request->commitId) {
                StoreError storeError;
                const auto historic = store->textOf(*id, &storeError);
                if (!historic)
                    return respond(toRpcError(storeError));
                other = *historic;
                otherName = QStringLiteral("commit %1").arg(*id);
            }
            runOnWorker([text, other = std::move(other), otherName, secrets = request->secrets,
                         runningText = store->runningText(), running = store->running(),
                         runningId = store->runningId(), respond]() mutable {
                if (text)
                    other = config::keepRunningSecrets(toStd(*text), running);
                // Masked, both sides are compared masked: a changed secret alone is no change,
                // so that nobody can try out a key by diffing guesses against the running one.
                const std::string diff = config::unifiedDiff(
                    secrets ? runningText : config::maskSecrets(runningText),
                    secrets ? other : config::maskSecrets(other),
                    QStringLiteral("running (commit %1)").arg(runningId).toStdString(),
                    otherName.toStdString());
                ConfigDiffResult result{!diff.empty(), fromStd(diff), std::nullopt};
                // Per object as well, when the other side parses: what a commit would touch.
                const config::ParseResult parsed = config::parseConfig(other);
                if (parsed.ok())
                    result.summary = fromStd(config::formatDiff(
                        secrets ? config::diffConfigs(running, parsed.config)
                                : config::diffConfigs(config::maskSecrets(running),
                                                      config::maskSecrets(parsed.config))));
                respond(result.toJson());
            });
        });

    registerConfigImpact(*m_rpcServer,
                         {*store, *m_haNode, *m_hotBackup,
                          [this](std::function<void()> work) { runOnWorker(std::move(work)); },
                          [this](std::function<void()> work) { onCore(std::move(work)); }});

    addAsync(
        method::kConfigCommit, UserRole::Admin,
        [this, store](const QJsonObject& params, const RpcServer::Caller& caller,
                      const RpcServer::Responder& respond) {
            const auto request = readRequest<ConfigCommitRequest>(params, respond);
            if (!request)
                return;
            const ConfigStore::CommitOptions options{caller.user, request->label,
                                                     request->confirmSeconds.value_or(0)};
            // Validated on a worker; applied and persisted back here, where the running config
            // may have moved on meanwhile (the store checks what it must again).
            if (const auto locked = m_configLock.refuses(request->lock, ConfigLock::Clock::now()))
                return respond(makeError(ErrorCode::ConfigConflict, *locked));
            runOnWorker([this, store, caller, options, respond, text = request->text,
                         lock = request->lock,
                         candidate = request->text ? std::string() : store->candidateText(),
                         running = store->running()] {
                std::string committed =
                    text ? config::keepRunningSecrets(toStd(*text), running) : candidate;
                ConfigIssues issues;
                std::optional<config::DeviceConfig> parsed =
                    ConfigStore::validate(committed, &issues);
                if (!parsed) {
                    RpcError rpc = makeError(
                        ErrorCode::ConfigInvalid,
                        QStringLiteral("the configuration is not valid:\n%1")
                            .arg(formatIssues(issues)));
                    rpc.data = QJsonObject{{QStringLiteral("issues"), protocol::toJson(issues)}};
                    return respond(rpc);
                }
                onCore([this, store, caller, options, respond, lock,
                        committed = std::move(committed), parsed = std::move(*parsed)] {
                    if (const auto cut = cutsCallersListener(parsed, caller, options))
                        return respond(*cut);
                    if (const auto locked = m_configLock.refuses(lock, ConfigLock::Clock::now()))
                        return respond(makeError(ErrorCode::ConfigConflict, *locked));
                    StoreError storeError;
                    const auto record =
                        store->commitValidated(committed, parsed, options, &storeError);
                    scheduleConfirmTimer();
                    if (!record)
                        return respond(toRpcError(storeError));
                    respond(record->toJson());
                });
            });
        });

    // Confirm and cancel: the pending `commit confirmed` kept, or rolled back now.
    auto settle = [this, store](bool keep) {
        return [this, store, keep](const QJsonObject& params,
                                   const RpcServer::Caller& caller) -> Outcome {
            RpcError error;
            const auto request = ConfigConfirmRequest::fromJson(params, &error);
            if (!request)
                return error;
            if (const auto locked = m_configLock.refuses(request->lock, ConfigLock::Clock::now()))
                return makeError(ErrorCode::ConfigConflict, *locked);
            StoreError storeError;
            const auto record = keep ? store->confirm(caller.user, &storeError)
                                     : store->cancelConfirm(caller.user, &storeError);
            scheduleConfirmTimer();
            if (!record)
                return toRpcError(storeError);
            return record->toJson();
        };
    };
    add(method::kConfigConfirm, UserRole::Admin, settle(true));
    add(method::kConfigCancel, UserRole::Admin, settle(false));

    add(method::kConfigRollback, UserRole::Admin,
        [this, store](const QJsonObject& params, const RpcServer::Caller& caller) -> Outcome {
            RpcError error;
            const auto request = ConfigRollbackRequest::fromJson(params, &error);
            if (!request)
                return error;
            if (const auto locked = m_configLock.refuses(request->lock, ConfigLock::Clock::now()))
                return makeError(ErrorCode::ConfigConflict, *locked);
            StoreError storeError;
            const auto record = store->rollback(request->commitId, caller.user, &storeError);
            scheduleConfirmTimer();
            if (!record)
                return toRpcError(storeError);
            return record->toJson();
        });

    add(method::kConfigLock, UserRole::Admin,
        [this](const QJsonObject& params, const RpcServer::Caller& caller) -> Outcome {
            RpcError error;
            const auto request = ConfigLockRequest::fromJson(params, &error);
            if (!request)
                return error;
            const auto now = ConfigLock::Clock::now();
            if (const auto refused = m_configLock.acquire(
                    request->id, caller.user, std::chrono::seconds(request->seconds), now))
                return makeError(ErrorCode::ConfigConflict, *refused);
            return ConfigLockResult{request->id, caller.user, qint64(request->seconds) * 1000}
                .toJson();
        });

    add(method::kConfigUnlock, UserRole::Admin,
        [this](const QJsonObject& params, const RpcServer::Caller&) -> Outcome {
            RpcError error;
            const auto request = ConfigUnlockRequest::fromJson(params, &error);
            if (!request)
                return error;
            if (const auto refused = m_configLock.release(request->id, ConfigLock::Clock::now()))
                return makeError(ErrorCode::ConfigConflict, *refused);
            return QJsonObject{{QStringLiteral("id"), request->id}};
        });

    add(method::kConfigHistory, UserRole::Viewer,
        [store](const QJsonObject&, const RpcServer::Caller&) -> Outcome {
            ConfigHistoryResult result;
            result.runningId = store->runningId();
            result.commits = store->history();
            if (const auto deadline = store->confirmDeadline()) {
                const auto left = std::chrono::ceil<std::chrono::milliseconds>(
                    *deadline - std::chrono::steady_clock::now());
                result.pending = PendingConfirm{store->runningId(),
                                                qint64(std::max<std::int64_t>(0, left.count()))};
            }
            return result.toJson();
        });
}

void Agent::registerAudit()
{
    // The store rolled back a commit confirmed that the agent's stop left pending as it opened,
    // before there was a log to write to: recorded as an expiry, at the restart.
    if (const auto& rollback = m_store->rolledBackAtStart()) {
        AuditEntry entry =
            confirmExpiredEntry(rollback->commit, rollback->rolledBackTo, rollback->newCommit);
        entry.target.insert(QStringLiteral("atRestart"), true);
        m_audit->record(std::move(entry));
    }
    // The summaries name what was acted on and never carry a config text or a secret.
    auto commitTarget = [](const QJsonObject& params, const QJsonValue& result) {
        QJsonObject target;
        for (const char* key : {"label", "confirmSeconds", "id", "lock", "seconds"})
            if (params.contains(QLatin1String(key)))
                target.insert(QLatin1String(key), params.value(QLatin1String(key)));
        if (params.contains(QStringLiteral("text")))
            target.insert(QStringLiteral("textBytes"),
                          params.value(QStringLiteral("text")).toString().toUtf8().size());
        if (result.isObject())
            target.insert(QStringLiteral("commit"), result.toObject().value(QStringLiteral("id")));
        return target;
    };
    for (const char* method : {protocol::method::kConfigCommit, protocol::method::kConfigConfirm,
                               protocol::method::kConfigCancel, protocol::method::kConfigRollback,
                               protocol::method::kConfigLock, protocol::method::kConfigUnlock})
        m_rpcServer->auditMethod(QLatin1String(method), commitTarget);
    auto paramsTarget = [](const QJsonObject& params, const QJsonValue&) { return params; };
    for (const char* method : {"ha.switchover", "ha.batchBackup", "lab.fault", "lab.traffic",
                               "lab.fill"})
        m_rpcServer->auditMethod(QLatin1String(method), paramsTarget);

    m_rpcServer->addMethod(
        QLatin1String(protocol::method::kAuditList), config::UserRole::Admin,
        [this](const QJsonObject& params, const RpcServer::Caller&) -> Outcome {
            RpcError error;
            std::optional<int> limit;
            if (!optionalInt(params, "limit", 1, AuditLog::kMemory, &limit, &error))
                return error;
            std::optional<qint64> since;
            const QJsonValue sinceValue = params.value(QStringLiteral("since"));
            if (!sinceValue.isUndefined() && !sinceValue.isNull()) {
                if (!sinceValue.isDouble() || sinceValue.toDouble() < 0)
                    return makeError(ErrorCode::InvalidParams,
                                     QStringLiteral("\"since\" must be a time in ms since the "
                                                    "epoch"));
                since = qint64(sinceValue.toDouble());
            }
            return QJsonObject{{QStringLiteral("entries"), m_audit->list(limit.value_or(100), since)}};
        });
}

void Agent::scheduleConfirmTimer()
{
    const auto deadline = m_store->confirmDeadline();
    if (!deadline) {
        m_confirmTimer.stop();
        return;
    }
    const auto wait =
        std::chrono::ceil<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
    m_confirmTimer.start(std::max<qint64>(0, wait.count()));
}

void Agent::onConfirmTimer()
{
    StoreError error;
    const std::optional<CommitRecord> pending = m_store->pending();
    const auto rollback = m_store->expireConfirm(&error);
    if (rollback && pending)
        m_audit->record(confirmExpiredEntry(pending->id, pending->previousId, rollback->id));
    if (!rollback && !error.message.isEmpty()) {
        // Still pending: a port the old config needs may be busy for a moment; try again.
        qCCritical(lcMgmt).noquote() << error.message << "- retrying in 1 s";
        m_confirmTimer.start(1000);
        return;
    }
    scheduleConfirmTimer();
}

QJsonObject Agent::statusJson() const
{
    protocol::DeviceStatus status = m_haNode->status();
    for (protocol::ServiceLocationStatus& s : status.serviceLocations)
        s.batchBackupState = ha::toString(m_hotBackup->batchState(s.id));
    status.management = managementAccess();
    QJsonObject json = status.toJson();
    QJsonObject hb = m_hotBackup->statusJson();
    if (m_transport)
        hb.insert(QStringLiteral("channel"), channelJson(m_transport->channel()));
    json.insert(QStringLiteral("hotBackup"), hb);
    json.insert(QStringLiteral("alarms"), m_alarms);
    return json;
}

protocol::ManagementAccess Agent::managementAccess() const
{
    protocol::ManagementAccess access;
    if (!m_config.agent.managementAddress)
        return access;
    access.listen = QStringLiteral("%1:%2")
                        .arg(managementAddress(m_config))
                        .arg(m_config.agent.managementPort);
    access.tls = m_config.agent.managementTls;
    if (!access.tls)
        access.warning = plaintextWarning(m_config);
    return access;
}

void Agent::start()
{
    m_started = true;
    m_loopWatch->start();
    m_haNode->start();
    if (m_transport)
        m_transport->channel().start();
}

void Agent::shutdown()
{
    m_confirmTimer.stop();
    m_haNode->shutdown();
    if (m_transport) {
        m_transport->channel().flush();
        m_transport->channel().stop();
    }
}

} // namespace tandem::mgmt
