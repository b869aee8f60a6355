#include "PairPush.h"

#include "client/HotBackupStatus.h"
#include "config/ConfigParser.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <algorithm>

namespace tandem::client {

using namespace protocol;

namespace {

constexpr auto kLabelPrefix = "pair-change ";

QString fromStd(const std::string& text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString newPairChangeId()
{
    return QStringLiteral("%1-%2")
        .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-hhmmss")))
        .arg(QRandomGenerator::global()->bounded(0x10000), 4, 16, QLatin1Char('0'));
}

bool hasChannel(const config::DeviceConfig& config)
{
    return std::any_of(config.remoteBackupServices.begin(), config.remoteBackupServices.end(),
                       [](const config::RemoteBackupServiceConfig& rbs) {
                           return rbs.peer.has_value();
                       });
}

// The bound VRRP group of a service-location, when it has one.
const config::VrrpGroupConfig* boundGroup(const config::DeviceConfig& config,
                                          const config::ServiceLocationConfig& location)
{
    if (!location.vrrpVrid)
        return nullptr;
    const config::InterfaceConfig* interface = config.findInterface(location.vrrpInterface);
    return interface ? interface->findVrrp(*location.vrrpVrid) : nullptr;
}

std::uint32_t interfaceAddress(const config::DeviceConfig& config, const std::string& name)
{
    const config::InterfaceConfig* interface = config.findInterface(name);
    return interface && interface->address ? interface->address->value : 0;
}

} // namespace

const char* toString(PushStep step)
{
    switch (step) {
    case PushStep::Preflight:
        return "pre-flight";
    case PushStep::Commit:
        return "commit";
    case PushStep::Verify:
        return "verify";
    case PushStep::ProveSwap:
        return "prove swap";
    case PushStep::Confirm:
        return "confirm";
    case PushStep::Rollback:
        return "rollback";
    case PushStep::VerifyRollback:
        return "verify rollback";
    }
    return "?";
}

const char* toString(PushOutcome outcome)
{
    switch (outcome) {
    case PushOutcome::Confirmed:
        return "confirmed";
    case PushOutcome::DryRun:
        return "dry-run";
    case PushOutcome::Refused:
        return "refused";
    case PushOutcome::RolledBack:
        return "rolled-back";
    case PushOutcome::RollbackUnverified:
        return "rollback-unverified";
    case PushOutcome::HalfApplied:
        return "half-applied";
    }
    return "?";
}

QString PairPush::commitLabel(const QString& id, const QString& label)
{
    return QLatin1String(kLabelPrefix) + id +
           (label.isEmpty() ? QString() : QStringLiteral(": ") + label);
}

QString PairPush::pairChangeIdOf(const QString& commitLabel)
{
    if (!commitLabel.startsWith(QLatin1String(kLabelPrefix)))
        return {};
    const QString rest = commitLabel.mid(qsizetype(qstrlen(kLabelPrefix)));
    return rest.section(QLatin1Char(':'), 0, 0).trimmed();
}

PairPush::PlannedRoles PairPush::plannedRoles(const config::DeviceConfig& a,
                                              const config::DeviceConfig& b)
{
    PlannedRoles planned;
    const config::DeviceConfig* configs[2] = {&a, &b};
    for (int side = 0; side < 2; ++side) {
        for (const config::ServiceLocationConfig& location : configs[side]->serviceLocations) {
            auto& roles = planned[location.id];
            if (!roles[side].isEmpty())
                continue;
            const config::ServiceLocationConfig* peer =
                configs[1 - side]->findServiceLocation(location.id);
            const config::VrrpGroupConfig* mine = boundGroup(*configs[side], location);
            const config::VrrpGroupConfig* theirs =
                peer ? boundGroup(*configs[1 - side], *peer) : nullptr;
            if (!peer || !mine || !theirs || !location.remoteBackupPeer ||
                !peer->remoteBackupPeer) {
                // Not paired: each device serves its own location.
                roles[side] = QStringLiteral("master");
                if (peer)
                    roles[1 - side] = QStringLiteral("master");
                continue;
            }
            // VRRP: the higher priority wins, a tie goes to the higher primary address.
            bool mineWins = mine->priority > theirs->priority;
            if (mine->priority == theirs->priority)
                mineWins = interfaceAddress(*configs[side], location.vrrpInterface) >
                           interfaceAddress(*configs[1 - side], peer->vrrpInterface);
            roles[side] = mineWins ? QStringLiteral("master") : QStringLiteral("slave");
            roles[1 - side] = mineWins ? QStringLiteral("slave") : QStringLiteral("master");
        }
    }
    return planned;
}

PairPush::PairPush(PairPushDevice a, PairPushDevice b, PairPushOptions options, QObject* parent)
    : QObject(parent), m_options(std::move(options))
{
    m_side[0].device = std::move(a);
    m_side[1].device = std::move(b);
    for (DeviceState& s : m_side)
        s.config = std::make_unique<ConfigClient>(s.device.client);
    m_pollTimer.setSingleShot(true);
}

PairPush::~PairPush() = default;

void PairPush::report(PushStep step, PushEvent::State state, const QString& text)
{
    const PushEvent event{step, state, text, m_clock.isValid() ? m_clock.elapsed() : 0};
    m_result.events.push_back(event);
    Q_EMIT progress(event);
}

void PairPush::onBoth(std::function<void(Side, std::function<void(QString)>)> op,
                      std::function<void(const std::array<QString, 2>&)> then)
{
    struct Gather
    {
        std::array<QString, 2> errors;
        int left = 2;
    };
    auto gather = std::make_shared<Gather>();
    for (Side side = 0; side < 2; ++side)
        op(side, [gather, side, then](QString error) {
            gather->errors[std::size_t(side)] = std::move(error);
            if (--gather->left == 0)
                then(gather->errors);
        });
}

void PairPush::start()
{
    if (m_started)
        return;
    m_started = true;
    m_clock.start();
    m_result.pairChangeId = newPairChangeId();
    preflight();
}

void PairPush::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    report(PushStep::Verify, PushEvent::State::Info, QStringLiteral("cancel requested"));
}

bool PairPush::refused(const std::array<QString, 2>& errors)
{
    for (Side side = 0; side < 2; ++side)
        if (!errors[std::size_t(side)].isEmpty()) {
            fail(PushOutcome::Refused, QStringLiteral("%1: %2").arg(
                                           m_side[std::size_t(side)].device.name,
                                           errors[std::size_t(side)]));
            return true;
        }
    return false;
}

void PairPush::preflight()
{
    report(PushStep::Preflight, PushEvent::State::Started,
           QStringLiteral("pair change %1").arg(m_result.pairChangeId));
    for (const DeviceState& s : m_side) {
        AgentClient* client = s.device.client;
        if (!client || client->state() != AgentClient::State::Connected)
            return fail(PushOutcome::Refused,
                        QStringLiteral("%1 is not connected%2")
                            .arg(s.device.name,
                                 client && !client->lastError().isEmpty()
                                     ? QStringLiteral(": ") + client->lastError()
                                     : QString()));
        const QString role = client->helloResult().value(QStringLiteral("role")).toString();
        if (role != QLatin1String("admin"))
            return fail(PushOutcome::Refused,
                        QStringLiteral("%1: user '%2' is %3; a pair push needs role admin")
                            .arg(s.device.name, client->endpoint().user,
                                 role.isEmpty() ? QStringLiteral("of unknown role") : role));
    }
    // The new pair, checked here before either device sees it.
    for (Side side = 0; side < 2; ++side) {
        const DeviceState& s = m_side[std::size_t(side)];
        const config::ParseResult parsed = config::parseConfig(s.device.text.toStdString());
        if (!parsed.ok())
            return fail(PushOutcome::Refused,
                        QStringLiteral("the configuration for %1 does not parse: %2")
                            .arg(s.device.name, fromStd(parsed.errors.front().format())));
        m_newConfig[side] = parsed.config;
    }
    QStringList errors;
    for (const config::Finding& finding : config::pairCheck(m_newConfig[0], m_newConfig[1]))
        if (finding.severity == config::Severity::Error)
            errors.append(QStringLiteral("%1: %2").arg(
                m_side[finding.side == config::Side::A ? 0 : 1].device.name,
                fromStd(finding.format())));
    if (!errors.isEmpty())
        return fail(PushOutcome::Refused,
                    QStringLiteral("the new pair does not pass the pair check:\n  %1")
                        .arg(errors.join(QStringLiteral("\n  "))));
    report(PushStep::Preflight, PushEvent::State::Passed,
           QStringLiteral("both configurations parse and pass the pair check"));
    m_planned = plannedRoles(m_newConfig[0], m_newConfig[1]);
    lockBoth();
}

void PairPush::lockBoth()
{
    const int seconds = std::min(ConfigLockRequest::kMaxSeconds,
                                 m_options.confirmSeconds + m_options.rollbackSettleMs / 1000 + 60);
    onBoth(
        [this, seconds](Side side, std::function<void(QString)> done) {
            DeviceState& s = m_side[std::size_t(side)];
            s.config->lock({m_result.pairChangeId, seconds},
                           [this, side, done](const CallResult<ConfigLockResult>& r) {
                               m_side[std::size_t(side)].locked = r.ok();
                               done(r.errorText());
                           });
        },
        [this](const std::array<QString, 2>& errors) {
            if (refused(errors))
                return;
            report(PushStep::Preflight, PushEvent::State::Passed,
                   QStringLiteral("pair lock taken on both devices"));
            readHistories();
        });
}

void PairPush::readHistories()
{
    onBoth(
        [this](Side side, std::function<void(QString)> done) {
            DeviceState& s = m_side[std::size_t(side)];
            s.config->history([this, side, done](const CallResult<ConfigHistoryResult>& r) {
                DeviceState& s = m_side[std::size_t(side)];
                if (!r.ok())
                    return done(r.errorText());
                if (r.value().pending)
                    return done(QStringLiteral("commit %1 is waiting for confirmation (%2 s "
                                               "left): confirm or cancel it first")
                                    .arg(r.value().pending->commitId)
                                    .arg((r.value().pending->remainingMs + 999) / 1000));
                s.commitBefore = r.value().runningId;
                m_result.previousCommit[std::size_t(side)] = s.commitBefore;
                done({});
            });
        },
        [this](const std::array<QString, 2>& errors) {
            if (refused(errors))
                return;
            readRunning();
        });
}

void PairPush::readRunning()
{
    onBoth(
        [this](Side side, std::function<void(QString)> done) {
            m_side[std::size_t(side)].config->get(
                {}, [this, side, done](const CallResult<ConfigGetResult>& r) {
                    if (!r.ok())
                        return done(r.errorText());
                    m_side[std::size_t(side)].runningBefore = r.value().text;
                    done({});
                });
        },
        [this](const std::array<QString, 2>& errors) {
            if (refused(errors))
                return;
            report(PushStep::Preflight, PushEvent::State::Passed,
                   QStringLiteral("running configurations read: %1 commit %2, %3 commit %4; no "
                                  "commit confirmed pending")
                       .arg(m_side[0].device.name)
                       .arg(m_side[0].commitBefore)
                       .arg(m_side[1].device.name)
                       .arg(m_side[1].commitBefore));
            readRoles();
        });
}

void PairPush::readRoles()
{
    onBoth(
        [this](Side side, std::function<void(QString)> done) {
            m_side[std::size_t(side)].config->status(
                [this, side, done](const CallResult<StatusSnapshot>& r) {
                    if (!r.ok())
                        return done(r.errorText());
                    DeviceState& s = m_side[std::size_t(side)];
                    s.rolesBefore = rolesOf(r.value());
                    if (!m_options.allowUnfinishedBatch)
                        for (const ServiceLocationStatus& l : r.value().device.serviceLocations)
                            if (l.batchBackupState == QLatin1String("unfinished"))
                                return done(QStringLiteral(
                                                "the batch backup of service-location %1 is "
                                                "unfinished: a change now could cut it off (wait "
                                                "for it, or allow it explicitly)")
                                                .arg(l.id));
                    done({});
                });
        },
        [this](const std::array<QString, 2>& errors) {
            if (refused(errors))
                return;
            if (m_cancelled)
                return fail(PushOutcome::Refused,
                            QStringLiteral("cancelled before any commit: nothing changed"));
            if (m_options.dryRun)
                return unlockAndFinish(PushOutcome::DryRun,
                                       QStringLiteral("pre-flight passed; nothing committed "
                                                      "(dry run)"));
            // The standby side first: the device master of fewer service-locations now.
            auto masters = [this](Side side) {
                const Roles& roles = m_side[std::size_t(side)].rolesBefore;
                return std::count_if(roles.begin(), roles.end(), [](const auto& role) {
                    return role.second == QLatin1String("master");
                });
            };
            const Side first = masters(0) < masters(1) ? 0 : 1;
            m_first = first;
            m_committing = true;
            m_commitClock.start();
            report(PushStep::Commit, PushEvent::State::Started,
                   QStringLiteral("commit confirmed %1 s on both, %2 (standby) first")
                       .arg(m_options.confirmSeconds)
                       .arg(m_side[std::size_t(first)].device.name));
            commitSide(first, [this, first] {
                commitSide(1 - first, [this] {
                    report(PushStep::Commit, PushEvent::State::Passed,
                           QStringLiteral("both committed: %1 commit %2, %3 commit %4")
                               .arg(m_side[0].device.name)
                               .arg(m_result.newCommit[0])
                               .arg(m_side[1].device.name)
                               .arg(m_result.newCommit[1]));
                    startVerify();
                });
            });
        });
}

void PairPush::commitSide(Side side, std::function<void()> next)
{
    DeviceState& s = m_side[std::size_t(side)];
    ConfigCommitRequest request;
    request.text = s.device.text;
    request.label = commitLabel(m_result.pairChangeId, m_options.label);
    request.confirmSeconds = m_options.confirmSeconds;
    request.lock = m_result.pairChangeId;
    s.config->commit(request, [this, side, next](const CallResult<CommitRecord>& r) {
        DeviceState& s = m_side[std::size_t(side)];
        if (!r.ok()) {
            QString message = QStringLiteral("%1 refused the commit: %2")
                                  .arg(s.device.name, r.errorText());
            const bool otherCommitted = m_side[std::size_t(1 - side)].committed.has_value();
            report(PushStep::Commit, PushEvent::State::Failed, message);
            if (!otherCommitted)
                return unlockAndFinish(PushOutcome::Refused,
                                       message + QStringLiteral("; nothing changed"));
            return rollBack(message);
        }
        s.committed = r.value();
        s.commitAgentMs = r.value().timeMsecsSinceEpoch;
        m_result.newCommit[std::size_t(side)] = r.value().id;
        report(PushStep::Commit, PushEvent::State::Passed,
               QStringLiteral("%1: commit %2, rolls back in %3 s unless confirmed")
                   .arg(s.device.name)
                   .arg(r.value().id)
                   .arg(m_options.confirmSeconds));
        if (m_cancelled)
            return rollBack(QStringLiteral("cancelled"));
        next();
    });
}

PairPush::Roles PairPush::rolesOf(const StatusSnapshot& status)
{
    Roles roles;
    for (const ServiceLocationStatus& l : status.device.serviceLocations)
        roles[l.id] = l.state;
    return roles;
}

std::vector<PushCheck> PairPush::checkPair(
    const std::array<std::optional<StatusSnapshot>, 2>& status,
    const std::array<QString, 2>& errors) const
{
    std::vector<PushCheck> checks;
    std::array<std::optional<HotBackupStatus>, 2> hb;
    for (Side side = 0; side < 2; ++side) {
        const QString& name = m_side[std::size_t(side)].device.name;
        const auto& s = status[std::size_t(side)];
        checks.push_back({QStringLiteral("%1 answers").arg(name), s.has_value(),
                          s ? QStringLiteral("yes") : errors[std::size_t(side)]});
        if (s)
            hb[std::size_t(side)] = HotBackupStatus::fromStatusJson(name, s->raw);
    }
    for (const auto& [id, planned] : m_planned) {
        QStringList seen;
        bool passed = true;
        for (Side side = 0; side < 2; ++side) {
            const QString& want = planned[std::size_t(side)];
            if (want.isEmpty())
                continue;
            const auto& s = status[std::size_t(side)];
            const ServiceLocationStatus* l = s ? s->device.findServiceLocation(id) : nullptr;
            const QString state = l ? l->state : QStringLiteral("unknown");
            seen.append(QStringLiteral("%1 %2").arg(m_side[std::size_t(side)].device.name, state));
            passed = passed && state == want;
        }
        QStringList wanted;
        for (Side side = 0; side < 2; ++side)
            if (!planned[std::size_t(side)].isEmpty())
                wanted.append(QStringLiteral("%1 %2").arg(m_side[std::size_t(side)].device.name,
                                                          planned[std::size_t(side)]));
        checks.push_back({QStringLiteral("service-location %1 roles as planned (%2)")
                              .arg(id)
                              .arg(wanted.join(QStringLiteral(", "))),
                          passed, seen.join(QStringLiteral(", "))});
        // Paired: the master's batch backup finished and its digests compared equal after the
        // commit (a comparison of the tables before it proves nothing).
        const int master = planned[0] == QLatin1String("master") ? 0 : 1;
        if (planned[0].isEmpty() || planned[1].isEmpty() || planned[0] == planned[1])
            continue;
        const auto& s = status[std::size_t(master)];
        const ServiceLocationStatus* l = s ? s->device.findServiceLocation(id) : nullptr;
        const QString batch = l ? l->batchBackupState : QStringLiteral("unknown");
        checks.push_back({QStringLiteral("service-location %1 batch backup finished").arg(id),
                          batch == QLatin1String("finished"),
                          QStringLiteral("%1: %2").arg(m_side[std::size_t(master)].device.name,
                                                       batch)});
        const SlgHotBackup* slg =
            hb[std::size_t(master)] ? hb[std::size_t(master)]->find(id) : nullptr;
        const qint64 since = m_side[std::size_t(master)].commitAgentMs;
        const bool current = slg && slg->digestEqual && slg->digestCheckedMs >= since;
        checks.push_back(
            {QStringLiteral("service-location %1 digests equal").arg(id),
             current && *slg->digestEqual,
             !slg || !slg->digestEqual ? QStringLiteral("not compared yet")
             : !current                ? QStringLiteral("last compared before the commit")
             : *slg->digestEqual       ? QStringLiteral("equal (%L1 sessions, %L2 users)")
                                             .arg(slg->sessions)
                                             .arg(slg->users)
                                       : QStringLiteral("differ")});
    }
    for (Side side = 0; side < 2; ++side) {
        if (!hasChannel(m_newConfig[side]))
            continue;
        const auto& h = hb[std::size_t(side)];
        const QString state = h ? h->channel.state : QStringLiteral("unknown");
        checks.push_back({QStringLiteral("%1 backup channel up")
                              .arg(m_side[std::size_t(side)].device.name),
                          state == QLatin1String("up"), state});
    }
    return checks;
}

void PairPush::startVerify()
{
    report(PushStep::Verify, PushEvent::State::Started,
           QStringLiteral("waiting for the planned roles, the channel, batch backup and equal "
                          "digests"));
    m_phaseClock.start();
    verifyPoll();
}

void PairPush::verifyPoll()
{
    if (m_cancelled)
        return rollBack(QStringLiteral("cancelled"));
    auto status = std::make_shared<std::array<std::optional<StatusSnapshot>, 2>>();
    onBoth(
        [this, status](Side side, std::function<void(QString)> done) {
            m_side[std::size_t(side)].config->status(
                [status, side, done](const CallResult<StatusSnapshot>& r) {
                    if (r.ok())
                        (*status)[std::size_t(side)] = r.value();
                    done(r.errorText());
                });
        },
        [this, status](const std::array<QString, 2>& errors) {
            if (m_finished)
                return;
            m_result.checks = checkPair(*status, errors);
            const bool allPassed = std::all_of(m_result.checks.begin(), m_result.checks.end(),
                                               [](const PushCheck& c) { return c.passed; });
            if (allPassed) {
                if (!m_proved)
                    m_result.verifyMs = m_phaseClock.elapsed();
                for (const PushCheck& c : m_result.checks)
                    report(PushStep::Verify, PushEvent::State::Passed,
                           QStringLiteral("%1: %2").arg(c.name, c.detail));
                if (m_options.proveSwap && !m_proved) {
                    std::vector<int> paired;
                    for (const auto& [id, planned] : m_planned)
                        if (!planned[0].isEmpty() && !planned[1].isEmpty() &&
                            planned[0] != planned[1])
                            paired.push_back(id);
                    return proveSwaps(std::move(paired));
                }
                return confirmBoth();
            }
            // Within T of the first commit, less a margin for the confirms (a swap proof
            // spends from the same budget); a verifyTimeoutMs counts from this phase's start.
            const qint64 budget = std::max(m_options.confirmSeconds * 500,
                                           m_options.confirmSeconds * 1000 - 10000);
            const bool late = m_options.verifyTimeoutMs > 0
                                  ? m_phaseClock.elapsed() >= m_options.verifyTimeoutMs
                                  : m_commitClock.elapsed() >= budget;
            if (late) {
                QStringList failed;
                for (const PushCheck& c : m_result.checks) {
                    report(PushStep::Verify,
                           c.passed ? PushEvent::State::Passed : PushEvent::State::Failed,
                           QStringLiteral("%1: %2").arg(c.name, c.detail));
                    if (!c.passed)
                        failed.append(QStringLiteral("%1 (%2)").arg(c.name, c.detail));
                }
                return rollBack(QStringLiteral("verification failed after %1 s: %2")
                                    .arg(m_phaseClock.elapsed() / 1000.0, 0, 'f', 1)
                                    .arg(failed.join(QStringLiteral("; "))));
            }
            QTimer::singleShot(m_options.pollIntervalMs, this, &PairPush::verifyPoll);
        });
}

void PairPush::proveSwaps(std::vector<int> locations)
{
    if (m_cancelled)
        return rollBack(QStringLiteral("cancelled"));
    if (locations.empty()) {
        // Every swap passed: the pair is verified again as it stands after them.
        m_proved = true;
        report(PushStep::Verify, PushEvent::State::Started,
               QStringLiteral("verifying again after the swaps"));
        m_phaseClock.start();
        return verifyPoll();
    }
    const int id = locations.front();
    locations.erase(locations.begin());
    report(PushStep::ProveSwap, PushEvent::State::Started,
           QStringLiteral("service-location %1: switchover and back, counting the sessions").arg(id));
    m_options.proveSwap(id, [this, id, locations = std::move(locations)](bool passed,
                                                                      QString detail) mutable {
        if (m_finished)
            return;
        report(PushStep::ProveSwap, passed ? PushEvent::State::Passed : PushEvent::State::Failed,
               QStringLiteral("service-location %1: %2").arg(id).arg(detail));
        if (!passed)
            return rollBack(QStringLiteral("the swap of service-location %1 failed: %2")
                                .arg(id)
                                .arg(detail));
        proveSwaps(std::move(locations));
    });
}

void PairPush::confirmBoth()
{
    if (m_cancelled)
        return rollBack(QStringLiteral("cancelled"));
    report(PushStep::Confirm, PushEvent::State::Started, QStringLiteral("confirming both"));
    // The order of the commits: a failure of the second confirm leaves the first device,
    // confirmed, to be rolled back.
    const Side first = m_first;
    auto confirmOne = [this](Side side, std::function<void(QString)> done) {
        m_side[std::size_t(side)].config->confirm(
            {m_result.pairChangeId}, [this, side, done](const CallResult<CommitRecord>& r) {
                if (r.ok())
                    m_side[std::size_t(side)].confirmed = true;
                done(r.errorText());
            });
    };
    confirmOne(first, [this, first, confirmOne](QString error) {
        if (!error.isEmpty())
            return rollBack(QStringLiteral("%1 did not confirm: %2")
                                .arg(m_side[std::size_t(first)].device.name, error));
        confirmOne(1 - first, [this, first](QString error) {
            const Side second = 1 - first;
            if (!error.isEmpty()) {
                const QString message =
                    QStringLiteral("half-applied: %1 confirmed commit %2, %3 did not confirm "
                                   "(%4); restoring both to their previous commits")
                        .arg(m_side[std::size_t(first)].device.name)
                        .arg(m_result.newCommit[std::size_t(first)])
                        .arg(m_side[std::size_t(second)].device.name, error);
                report(PushStep::Confirm, PushEvent::State::Failed, message);
                return rollBack(message);
            }
            report(PushStep::Confirm, PushEvent::State::Passed,
                   QStringLiteral("both confirmed"));
            unlockAndFinish(PushOutcome::Confirmed,
                            QStringLiteral("pair change %1 confirmed on both after every check "
                                           "passed")
                                .arg(m_result.pairChangeId));
        });
    });
}

void PairPush::rollBack(const QString& why)
{
    if (!m_rollbackWhy.isEmpty() || m_finished)
        return; // under way already
    m_rollbackWhy = why;
    report(PushStep::Rollback, PushEvent::State::Started, why);
    onBoth(
        [this](Side side, std::function<void(QString)> done) {
            DeviceState& s = m_side[std::size_t(side)];
            if (!s.committed)
                return done({});
            auto after = [this, side, done](const CallResult<CommitRecord>& r) {
                DeviceState& s = m_side[std::size_t(side)];
                if (!r.ok())
                    return done(r.errorText());
                report(PushStep::Rollback, PushEvent::State::Passed,
                       QStringLiteral("%1: commit %2 restores commit %3")
                           .arg(s.device.name)
                           .arg(r.value().id)
                           .arg(s.commitBefore));
                done({});
            };
            if (s.confirmed)
                s.config->rollback({s.commitBefore, m_result.pairChangeId}, after);
            else
                s.config->cancel({m_result.pairChangeId}, after);
        },
        [this](const std::array<QString, 2>& errors) {
            for (Side side = 0; side < 2; ++side) {
                const QString& error = errors[std::size_t(side)];
                if (error.isEmpty())
                    continue;
                const DeviceState& s = m_side[std::size_t(side)];
                report(PushStep::Rollback, PushEvent::State::Failed,
                       s.confirmed
                           ? QStringLiteral("%1: could not roll back confirmed commit %2: %3")
                                 .arg(s.device.name)
                                 .arg(m_result.newCommit[std::size_t(side)])
                                 .arg(error)
                           : QStringLiteral("half-applied: %1 did not take the rollback (%2) "
                                            "with its commit %3 pending; it rolls that back by "
                                            "itself at its deadline, or when the agent starts "
                                            "again, and is waited for")
                                 .arg(s.device.name, error)
                                 .arg(m_result.newCommit[std::size_t(side)]));
                if (!s.confirmed)
                    m_rollbackWhy += QStringLiteral("; half-applied meanwhile: %1 did not answer "
                                                    "with commit %2 pending")
                                         .arg(s.device.name)
                                         .arg(m_result.newCommit[std::size_t(side)]);
            }
            report(PushStep::VerifyRollback, PushEvent::State::Started,
                   QStringLiteral("waiting for both running configurations to be the ones "
                                  "before, byte for byte, and the roles as before"));
            m_phaseClock.start();
            verifyRollbackPoll();
        });
}

void PairPush::verifyRollbackPoll()
{
    struct Seen
    {
        std::array<std::optional<QString>, 2> text;
        std::array<std::optional<Roles>, 2> roles;
    };
    auto seen = std::make_shared<Seen>();
    onBoth(
        [this, seen](Side side, std::function<void(QString)> done) {
            m_side[std::size_t(side)].config->get(
                {}, [this, seen, side, done](const CallResult<ConfigGetResult>& r) {
                    if (!r.ok())
                        return done(r.errorText());
                    seen->text[std::size_t(side)] = r.value().text;
                    m_side[std::size_t(side)].config->status(
                        [seen, side, done](const CallResult<StatusSnapshot>& s) {
                            if (s.ok())
                                seen->roles[std::size_t(side)] = rolesOf(s.value());
                            done(s.errorText());
                        });
                });
        },
        [this, seen](const std::array<QString, 2>& errors) {
            QStringList pending;
            bool textsBack = true;
            for (Side side = 0; side < 2; ++side) {
                const DeviceState& s = m_side[std::size_t(side)];
                const auto& text = seen->text[std::size_t(side)];
                const auto& roles = seen->roles[std::size_t(side)];
                if (!text || !roles) {
                    textsBack = false;
                    pending.append(QStringLiteral("%1 does not answer (%2)")
                                       .arg(s.device.name, errors[std::size_t(side)]));
                    continue;
                }
                if (*text != s.runningBefore) {
                    textsBack = false;
                    pending.append(QStringLiteral("%1 runs a configuration other than before")
                                       .arg(s.device.name));
                }
                if (*roles != s.rolesBefore) {
                    QStringList now;
                    for (const auto& [id, state] : *roles)
                        now.append(QStringLiteral("service-location %1 %2").arg(id).arg(state));
                    pending.append(QStringLiteral("%1 roles not yet as before (%2)")
                                       .arg(s.device.name, now.join(QStringLiteral(", "))));
                }
            }
            const bool halfApplied = m_side[0].confirmed != m_side[1].confirmed;
            const PushOutcome rolledBack =
                halfApplied ? PushOutcome::HalfApplied : PushOutcome::RolledBack;
            if (pending.isEmpty()) {
                report(PushStep::VerifyRollback, PushEvent::State::Passed,
                       QStringLiteral("both devices run their previous configurations byte for "
                                      "byte, roles as before"));
                return unlockAndFinish(
                    rolledBack,
                    QStringLiteral("%1%2; both devices rolled back to commits %3 and %4 and "
                                   "verified")
                        .arg(halfApplied ? QStringLiteral("") : QStringLiteral("not confirmed: "),
                             m_rollbackWhy)
                        .arg(m_side[0].commitBefore)
                        .arg(m_side[1].commitBefore));
            }
            // A device that went away rolls back at its deadline or restart: wait that long,
            // and the roles may take a preempt delay to settle.
            const qint64 limit = qint64(m_options.confirmSeconds) * 1000 + m_options.rollbackSettleMs;
            if (m_phaseClock.elapsed() >= (textsBack ? m_options.rollbackSettleMs : limit)) {
                for (const QString& p : pending)
                    report(PushStep::VerifyRollback, PushEvent::State::Failed, p);
                return unlockAndFinish(
                    halfApplied ? PushOutcome::HalfApplied : PushOutcome::RollbackUnverified,
                    QStringLiteral("%1; the rollback could not be verified: %2")
                        .arg(m_rollbackWhy, pending.join(QStringLiteral("; "))));
            }
            QTimer::singleShot(std::max(m_options.pollIntervalMs, 500), this,
                               &PairPush::verifyRollbackPoll);
        });
}

void PairPush::fail(PushOutcome outcome, const QString& message)
{
    report(PushStep::Preflight, PushEvent::State::Failed, message);
    unlockAndFinish(outcome, message);
}

void PairPush::unlockAndFinish(PushOutcome outcome, const QString& message)
{
    if (m_finished)
        return;
    onBoth(
        [this](Side side, std::function<void(QString)> done) {
            DeviceState& s = m_side[std::size_t(side)];
            if (!s.locked)
                return done({});
            s.config->unlock({m_result.pairChangeId},
                             [done](const CallResult<QJsonObject>& r) { done(r.errorText()); });
        },
        [this, outcome, message](const std::array<QString, 2>&) { finish(outcome, message); });
}

void PairPush::finish(PushOutcome outcome, const QString& message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result.outcome = outcome;
    m_result.message = message;
    m_result.elapsedMs = m_clock.elapsed();
    Q_EMIT done(m_result);
}

} // namespace tandem::client
