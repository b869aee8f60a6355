#include "ConfigStore.h"

#include "Logging.h"
#include "config/ConfigParser.h"
#include "config/Secrets.h"
#include "config/Validate.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tandem::mgmt {

namespace {

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

bool syncDirectory(const QString& dir, QString* error)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        *error = QStringLiteral("cannot sync directory %1: %2").arg(dir, systemError(errno));
        if (fd >= 0)
            ::close(fd);
        return false;
    }
    ::close(fd);
    return true;
}

// Temp file beside the target, fsync, rename over it, fsync the directory: a reader (or the
// agent after kill -9 or power loss) sees the old bytes or the new ones, never a mix. The file
// keeps the target's permissions; a new one is private, since configs hold password hashes.
bool writeDurably(const QString& path, const std::string& data, QString* error)
{
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temp = target + ".tmp";
    mode_t mode = 0600;
    struct stat existing = {};
    if (::stat(target.constData(), &existing) == 0)
        mode = existing.st_mode & 07777;
    const int fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        *error =
            QStringLiteral("cannot create %1: %2").arg(QFile::decodeName(temp), systemError(errno));
        return false;
    }
    auto fail = [&](const QString& what) {
        *error = QStringLiteral("cannot %1 %2: %3")
                     .arg(what, QFile::decodeName(temp), systemError(errno));
        ::close(fd);
        ::unlink(temp.constData());
        return false;
    };
    if (::fchmod(fd, mode) != 0)
        return fail(QStringLiteral("set the permissions of"));
    std::size_t written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(QStringLiteral("write"));
        written += std::size_t(n);
    }
    if (::fsync(fd) != 0)
        return fail(QStringLiteral("sync"));
    ::close(fd);
    if (::rename(temp.constData(), target.constData()) != 0) {
        *error = QStringLiteral("cannot rename %1 to %2: %3")
                     .arg(QFile::decodeName(temp), path, systemError(errno));
        ::unlink(temp.constData());
        return false;
    }
    // The rename is done and visible: a failing directory sync cannot be undone here, and the
    // bytes are whole either way, so it only costs durability against power loss.
    QString syncError;
    if (!syncDirectory(QFileInfo(path).absolutePath(), &syncError))
        qCWarning(lcMgmt).noquote() << syncError;
    return true;
}

bool readFile(const QString& path, std::string* text, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read '%1': %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = file.readAll();
    *text = std::string(bytes.constData(), std::size_t(bytes.size()));
    return true;
}

// A history entry whose metadata is missing or unreadable still counts: its .cfg holds the
// bytes that matter.
CommitRecord readMeta(const QString& path, int id)
{
    CommitRecord record;
    record.id = id;
    record.user = QStringLiteral("(unknown)");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return record;
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    if (json.value(QStringLiteral("id")).toInt() != id)
        return record;
    record.user = json.value(QStringLiteral("user")).toString();
    record.timeMsecsSinceEpoch = json.value(QStringLiteral("time")).toInteger();
    record.label = json.value(QStringLiteral("label")).toString();
    record.confirmSeconds = json.value(QStringLiteral("confirmSeconds")).toInt();
    record.confirmation =
        protocol::confirmationFromString(json.value(QStringLiteral("confirmation")).toString())
            .value_or(Confirmation::None);
    record.previousId = json.value(QStringLiteral("previousId")).toInt();
    return record;
}

ConfigIssue toIssue(const config::ConfigError& error)
{
    return {error.where.line, error.where.column, config::Severity::Error,
            QString::fromStdString(error.message), {}};
}

} // namespace

ConfigClocks ConfigClocks::system()
{
    return {[] { return QDateTime::currentMSecsSinceEpoch(); },
            [] { return std::chrono::steady_clock::now(); }};
}



ConfigStore::ConfigStore(QString configPath, ConfigClocks clocks)
    : m_configPath(std::move(configPath)), m_clocks(std::move(clocks))
{}

ConfigStore::~ConfigStore()
{
    if (m_lockFd >= 0)
        ::close(m_lockFd); // releases the lock
}

std::unique_ptr<ConfigStore> ConfigStore::open(const QString& configPath, QString* error,
                                               ConfigClocks clocks)
{
    std::unique_ptr<ConfigStore> store(
        new ConfigStore(QFileInfo(configPath).absoluteFilePath(), std::move(clocks)));
    if (!store->recover(error))
        return nullptr;
    return store;
}

QString ConfigStore::historyDir() const
{
    return m_configPath + QStringLiteral(".d/history");
}

QString ConfigStore::cfgPath(int id) const
{
    return QStringLiteral("%1/%2.cfg").arg(historyDir()).arg(id);
}

QString ConfigStore::metaPath(int id) const
{
    return QStringLiteral("%1/%2.json").arg(historyDir()).arg(id);
}

bool ConfigStore::writeMeta(const CommitRecord& record, QString* error) const
{
    return writeDurably(metaPath(record.id),
                        QJsonDocument(record.toJson()).toJson(QJsonDocument::Indented).toStdString(),
                        error);
}

bool ConfigStore::readText(int id, std::string* text, QString* error) const
{
    return readFile(cfgPath(id), text, error);
}

bool ConfigStore::recover(QString* error)
{
    std::string fileText;
    if (!readFile(m_configPath, &fileText, error))
        return false;
    // A config that does not parse stops the agent before anything on disk changes.
    config::ParseResult parsed = config::parseConfig(fileText);
    if (!parsed.ok()) {
        QStringList lines;
        for (const config::ConfigError& e : parsed.errors)
            lines.append(QString::fromStdString(e.format(m_configPath.toStdString())));
        *error = lines.join(QLatin1Char('\n'));
        return false;
    }

    QDir dir(historyDir());
    if (!dir.mkpath(QStringLiteral("."))) {
        *error = QStringLiteral("cannot create the commit history directory %1").arg(historyDir());
        return false;
    }
    // Two agents committing to one file would undo each other's commits.
    const QString lockPath = m_configPath + QStringLiteral(".d/lock");
    m_lockFd = ::open(QFile::encodeName(lockPath).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_lockFd < 0 || ::flock(m_lockFd, LOCK_EX | LOCK_NB) != 0) {
        *error = errno == EWOULDBLOCK
                     ? QStringLiteral("another tandem-agent runs with %1 (it holds %2)")
                           .arg(m_configPath, lockPath)
                     : QStringLiteral("cannot lock %1: %2").arg(lockPath, systemError(errno));
        return false;
    }
    // The new directories themselves must survive a power loss before entries go in them.
    QString syncError;
    if (!syncDirectory(m_configPath + QStringLiteral(".d"), &syncError) ||
        !syncDirectory(QFileInfo(m_configPath).absolutePath(), &syncError))
        qCWarning(lcMgmt).noquote() << syncError;
    // Leftovers of writes that a kill interrupted before their rename.
    QFile::remove(m_configPath + QStringLiteral(".tmp"));
    for (const QString& name : dir.entryList({QStringLiteral("*.tmp")}, QDir::Files))
        dir.remove(name);

    std::vector<int> ids;
    for (const QString& name : dir.entryList({QStringLiteral("*.cfg")}, QDir::Files)) {
        bool numeric = false;
        const int id = QFileInfo(name).completeBaseName().toInt(&numeric);
        if (numeric && id > 0)
            ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        bool numeric = false;
        const int id = QFileInfo(name).completeBaseName().toInt(&numeric);
        if (numeric && !std::binary_search(ids.begin(), ids.end(), id))
            dir.remove(name); // metadata written, but the kill came before its .cfg
    }
    for (int id : ids)
        m_history.push_back(readMeta(metaPath(id), id));

    auto textMatches = [&](int id) {
        std::string text;
        QString ignored;
        return readText(id, &text, &ignored) && text == fileText;
    };
    m_running = std::move(parsed.config);
    m_runningText = fileText;

    if (m_history.empty()) {
        CommitRecord initial{1,
                             QStringLiteral("(file)"),
                             m_clocks.wallMsecsSinceEpoch(),
                             QStringLiteral("configuration at first start"),
                             0,
                             Confirmation::None,
                             0};
        if (!persist(initial, fileText, false, error))
            return false;
        m_history.push_back(initial);
    } else if (!textMatches(m_history.back().id)) {
        const CommitRecord last = m_history.back();
        if (m_history.size() >= 2 && textMatches(m_history[m_history.size() - 2].id)) {
            // Killed before the rename that commits: the old config runs, the entry goes.
            qCInfo(lcMgmt) << "dropping commit" << last.id
                           << "from the history: the agent stopped before it was committed";
            QFile::remove(cfgPath(last.id));
            QFile::remove(metaPath(last.id));
            m_history.pop_back();
        } else {
            CommitRecord edited{last.id + 1,
                                QStringLiteral("(file)"),
                                m_clocks.wallMsecsSinceEpoch(),
                                QStringLiteral("edited outside the agent"),
                                0,
                                Confirmation::None,
                                last.id};
            if (!persist(edited, fileText, false, error))
                return false;
            m_history.push_back(edited);
            qCInfo(lcMgmt) << "recorded the configuration file, edited while the agent was "
                              "stopped, as commit"
                           << edited.id;
        }
    }
    m_runningId = m_history.back().id;

    // Only the running commit can wait for confirmation; an older one that says so lost its
    // rollback record to a kill.
    for (std::size_t i = 0; i + 1 < m_history.size(); ++i) {
        if (m_history[i].confirmation == Confirmation::Pending)
            m_history[i].confirmation = Confirmation::Expired;
    }
    if (m_history.back().confirmation == Confirmation::Pending) {
        // The agent stopped while a commit waited for confirmation, maybe because of it.
        const CommitRecord pendingRecord = m_history.back();
        std::string previousText;
        if (!readText(pendingRecord.previousId, &previousText, error))
            return false;
        const config::ParseResult previous = config::parseConfig(previousText);
        if (!previous.ok()) {
            *error = QStringLiteral("cannot roll back unconfirmed commit %1: commit %2 no longer "
                                    "parses: %3")
                         .arg(pendingRecord.id)
                         .arg(pendingRecord.previousId)
                         .arg(QString::fromStdString(previous.errors.front().format()));
            return false;
        }
        CommitRecord rollbackRecord{
            pendingRecord.id + 1,
            QStringLiteral("(agent)"),
            m_clocks.wallMsecsSinceEpoch(),
            QStringLiteral("rolled back at start-up: commit %1 was not confirmed")
                .arg(pendingRecord.id),
            0,
            Confirmation::None,
            pendingRecord.id};
        if (!persist(rollbackRecord, previousText, true, error))
            return false;
        m_history.back().confirmation = Confirmation::Expired;
        QString metaError;
        if (!writeMeta(m_history.back(), &metaError))
            qCWarning(lcMgmt).noquote() << metaError;
        m_history.push_back(rollbackRecord);
        m_rolledBackAtStart =
            RestartRollback{pendingRecord.id, pendingRecord.previousId, rollbackRecord.id};
        m_running = previous.config;
        m_runningText = previousText;
        m_runningId = rollbackRecord.id;
        qCWarning(lcMgmt) << "commit" << pendingRecord.id
                          << "was waiting for confirmation when the agent stopped; rolled back "
                             "to commit"
                          << pendingRecord.previousId;
    }
    m_candidateText = m_runningText;
    prune();
    return true;
}

bool ConfigStore::persist(const CommitRecord& record, const std::string& text, bool writeConfig,
                          QString* error)
{
    auto undo = [&] {
        QFile::remove(cfgPath(record.id));
        QFile::remove(metaPath(record.id));
    };
    if (!writeMeta(record, error))
        return false;
    if (!writeDurably(cfgPath(record.id), text, error)) {
        undo();
        return false;
    }
    if (writeConfig && !writeDurably(m_configPath, text, error)) {
        undo();
        return false;
    }
    return true;
}

void ConfigStore::prune()
{
    while (m_history.size() > std::size_t(kHistoryLimit)) {
        QFile::remove(cfgPath(m_history.front().id));
        QFile::remove(metaPath(m_history.front().id));
        m_history.erase(m_history.begin());
    }
}

bool ConfigStore::setCandidate(const std::string& given, StoreError* error)
{
    const std::string text = config::keepRunningSecrets(given, m_running);
    if (!candidateParses(text, error))
        return false;
    m_candidateText = text;
    return true;
}

bool ConfigStore::candidateParses(const std::string& text, StoreError* error)
{
    if (text.size() > kMaxTextBytes) {
        *error = {StoreError::Kind::Invalid, tooLarge(text.size()), {}};
        return false;
    }
    const config::ParseResult parsed = config::parseConfig(text);
    if (!parsed.ok()) {
        error->kind = StoreError::Kind::Invalid;
        error->issues.clear();
        for (const config::ConfigError& e : parsed.errors)
            error->issues.push_back(toIssue(e));
        error->message =
            QStringLiteral("the candidate does not parse:\n%1").arg(formatIssues(error->issues));
        return false;
    }
    return true;
}

QString ConfigStore::tooLarge(std::size_t bytes)
{
    return QStringLiteral("the configuration is %1 bytes; a configuration may have at most %2 "
                          "bytes (%3 MiB), which fits the agent protocol's frame")
        .arg(bytes)
        .arg(kMaxTextBytes)
        .arg(kMaxTextBytes >> 20);
}

std::optional<config::DeviceConfig> ConfigStore::validate(const std::string& text,
                                                          std::vector<ConfigIssue>* issues)
{
    issues->clear();
    if (text.size() > kMaxTextBytes) {
        issues->push_back({0, 0, config::Severity::Error, tooLarge(text.size()), {}});
        return std::nullopt;
    }
    config::ParseResult parsed = config::parseConfig(text);
    for (const config::ConfigError& e : parsed.errors)
        issues->push_back(toIssue(e));
    if (!parsed.ok())
        return std::nullopt;
    for (const config::Finding& finding : config::validateConfig(parsed.config))
        issues->push_back(ConfigIssue::fromFinding(finding));
    // Commits arrive over the agent protocol: a config without an admin would leave nobody
    // able to change it again, short of editing the file on the device.
    const auto& users = parsed.config.agent.users;
    if (std::none_of(users.begin(), users.end(), [](const config::ManagementUser& user) {
            return user.role == config::UserRole::Admin;
        })) {
        issues->push_back({0, 0, config::Severity::Error,
                           QStringLiteral("no 'management user … role admin' in the "
                                          "configuration: nobody could change it afterwards"),
                           QStringLiteral("add 'management user <name> role admin "
                                          "password-hash …' under 'tandem-agent'")});
    }
    if (std::any_of(issues->begin(), issues->end(),
                    [](const ConfigIssue& issue) { return issue.isError(); }))
        return std::nullopt;
    return std::move(parsed.config);
}

std::optional<CommitRecord> ConfigStore::commitParsed(const std::string& text,
                                                      const config::DeviceConfig& parsed,
                                                      CommitRecord record, StoreError* error)
{
    record.id = m_history.back().id + 1;
    record.timeMsecsSinceEpoch = m_clocks.wallMsecsSinceEpoch();
    record.previousId = m_runningId;
    QString message;
    if (m_applier && !m_applier->apply(parsed, &message)) {
        *error = {StoreError::Kind::Apply,
                  QStringLiteral("the agent could not apply the configuration: %1").arg(message),
                  {}};
        return std::nullopt;
    }
    if (!persist(record, text, true, &message)) {
        if (m_applier) {
            QString undoError;
            if (!m_applier->apply(m_running, &undoError))
                qCCritical(lcMgmt).noquote()
                    << "the agent runs a configuration that is not on disk: restoring commit"
                    << m_runningId << "failed:" << undoError;
        }
        *error = {StoreError::Kind::Storage,
                  QStringLiteral("the configuration could not be saved: %1").arg(message),
                  {}};
        return std::nullopt;
    }
    m_history.push_back(record);
    m_running = parsed;
    m_runningText = text;
    m_runningId = record.id;
    m_candidateText = text;
    prune();
    qCInfo(lcMgmt).noquote() << QStringLiteral("commit %1 by %2%3")
                                    .arg(record.id)
                                    .arg(record.user, record.label.isEmpty()
                                                          ? QString()
                                                          : QStringLiteral(": ") + record.label);
    return record;
}

std::optional<CommitRecord> ConfigStore::commit(const std::string& given,
                                                const CommitOptions& options, StoreError* error)
{
    const std::string text = config::keepRunningSecrets(given, m_running);
    std::vector<ConfigIssue> issues;
    const std::optional<config::DeviceConfig> parsed = validate(text, &issues);
    if (!parsed) {
        *error = {StoreError::Kind::Invalid,
                  QStringLiteral("the configuration is not valid:\n%1").arg(formatIssues(issues)),
                  issues};
        return std::nullopt;
    }
    return commitValidated(text, *parsed, options, error);
}

std::optional<CommitRecord> ConfigStore::commitValidated(const std::string& text,
                                                         const config::DeviceConfig& parsed,
                                                         const CommitOptions& options,
                                                         StoreError* error)
{
    if (const auto waiting = pending()) {
        *error = {StoreError::Kind::Conflict,
                  QStringLiteral("commit %1 is waiting for confirmation; confirm it (or let it "
                                 "roll back) before the next commit")
                      .arg(waiting->id),
                  {}};
        return std::nullopt;
    }
    if (options.confirmSeconds < 0) {
        *error = {StoreError::Kind::Invalid,
                  QStringLiteral("confirm time %1 s is negative").arg(options.confirmSeconds),
                  {}};
        return std::nullopt;
    }
    CommitRecord record;
    record.user = options.user;
    record.label = options.label;
    record.confirmSeconds = options.confirmSeconds;
    record.confirmation = options.confirmSeconds > 0 ? Confirmation::Pending : Confirmation::None;
    auto committed = commitParsed(text, parsed, record, error);
    if (committed && options.confirmSeconds > 0)
        m_confirmDeadline = m_clocks.now() + std::chrono::seconds(options.confirmSeconds);
    return committed;
}

std::optional<CommitRecord> ConfigStore::confirm(const QString& user, StoreError* error)
{
    if (!pending()) {
        *error = {StoreError::Kind::Conflict,
                  QStringLiteral("no commit is waiting for confirmation"),
                  {}};
        return std::nullopt;
    }
    CommitRecord record = m_history.back();
    record.confirmation = Confirmation::Confirmed;
    QString message;
    if (!writeMeta(record, &message)) {
        *error = {StoreError::Kind::Storage,
                  QStringLiteral("the confirmation could not be saved: %1").arg(message),
                  {}};
        return std::nullopt;
    }
    m_history.back() = record;
    m_confirmDeadline.reset();
    qCInfo(lcMgmt).noquote()
        << QStringLiteral("commit %1 confirmed by %2").arg(record.id).arg(user);
    return record;
}

std::optional<CommitRecord> ConfigStore::rollback(int id, const QString& user, StoreError* error)
{
    if (const auto waiting = pending()) {
        *error = {StoreError::Kind::Conflict,
                  QStringLiteral("commit %1 is waiting for confirmation; confirm it (or let it "
                                 "roll back) before rolling back to commit %2")
                      .arg(waiting->id)
                      .arg(id),
                  {}};
        return std::nullopt;
    }
    const std::optional<std::string> text = textOf(id, error);
    if (!text)
        return std::nullopt;
    std::vector<ConfigIssue> issues;
    const std::optional<config::DeviceConfig> parsed = validate(*text, &issues);
    if (!parsed) {
        *error = {
            StoreError::Kind::Invalid,
            QStringLiteral("commit %1 is no longer valid:\n%2").arg(id).arg(formatIssues(issues)),
            issues};
        return std::nullopt;
    }
    CommitRecord record;
    record.user = user;
    record.label = QStringLiteral("rollback to commit %1").arg(id);
    return commitParsed(*text, *parsed, record, error);
}

std::vector<CommitRecord> ConfigStore::history() const
{
    return m_history;
}

std::optional<std::string> ConfigStore::textOf(int id, StoreError* error) const
{
    const bool known = std::any_of(m_history.begin(), m_history.end(),
                                   [id](const CommitRecord& r) { return r.id == id; });
    if (!known) {
        *error = {StoreError::Kind::NotFound,
                  QStringLiteral("no commit %1 in the history (it holds commits %2–%3)")
                      .arg(id)
                      .arg(m_history.front().id)
                      .arg(m_history.back().id),
                  {}};
        return std::nullopt;
    }
    std::string text;
    QString message;
    if (!readText(id, &text, &message)) {
        *error = {StoreError::Kind::Storage, message, {}};
        return std::nullopt;
    }
    return text;
}

std::optional<CommitRecord> ConfigStore::pending() const
{
    if (!m_history.empty() && m_history.back().confirmation == Confirmation::Pending)
        return m_history.back();
    return std::nullopt;
}

std::optional<std::chrono::steady_clock::time_point> ConfigStore::confirmDeadline() const
{
    return pending() ? m_confirmDeadline : std::nullopt;
}

std::optional<CommitRecord> ConfigStore::expireConfirm(StoreError* error)
{
    *error = {};
    const std::optional<CommitRecord> waiting = pending();
    if (!waiting || !m_confirmDeadline || m_clocks.now() < *m_confirmDeadline)
        return std::nullopt;
    CommitRecord record;
    record.user = QStringLiteral("(agent)");
    record.label = QStringLiteral("automatic rollback: commit %1 was not confirmed within %2 s")
                       .arg(waiting->id)
                       .arg(waiting->confirmSeconds);
    std::optional<CommitRecord> committed =
        rollBackPending(*waiting, record, Confirmation::Expired, error);
    if (committed)
        qCWarning(lcMgmt).noquote() << QStringLiteral("commit %1 was not confirmed within %2 s: "
                                                      "rolled back to commit %3")
                                           .arg(waiting->id)
                                           .arg(waiting->confirmSeconds)
                                           .arg(waiting->previousId);
    return committed;
}

std::optional<CommitRecord> ConfigStore::cancelConfirm(const QString& user, StoreError* error)
{
    const std::optional<CommitRecord> waiting = pending();
    if (!waiting) {
        *error = {StoreError::Kind::Conflict,
                  QStringLiteral("no commit is waiting for confirmation"),
                  {}};
        return std::nullopt;
    }
    CommitRecord record;
    record.user = user;
    record.label = QStringLiteral("rollback: commit %1 cancelled before its confirmation")
                       .arg(waiting->id);
    std::optional<CommitRecord> committed =
        rollBackPending(*waiting, record, Confirmation::Cancelled, error);
    if (committed)
        qCInfo(lcMgmt).noquote() << QStringLiteral("commit %1 cancelled by %2: rolled back to "
                                                   "commit %3")
                                        .arg(waiting->id)
                                        .arg(user)
                                        .arg(waiting->previousId);
    return committed;
}

std::optional<CommitRecord> ConfigStore::rollBackPending(const CommitRecord& waiting,
                                                         CommitRecord record, Confirmation mark,
                                                         StoreError* error)
{
    std::string previousText;
    QString message;
    if (!readText(waiting.previousId, &previousText, &message)) {
        *error = {StoreError::Kind::Storage,
                  QStringLiteral("cannot roll back unconfirmed commit %1: %2")
                      .arg(waiting.id)
                      .arg(message),
                  {}};
        return std::nullopt;
    }
    const config::ParseResult previous = config::parseConfig(previousText);
    if (!previous.ok()) {
        *error = {StoreError::Kind::Invalid,
                  QStringLiteral("cannot roll back unconfirmed commit %1: commit %2 no longer "
                                 "parses: %3")
                      .arg(waiting.id)
                      .arg(waiting.previousId)
                      .arg(QString::fromStdString(previous.errors.front().format())),
                  {}};
        return std::nullopt;
    }
    std::optional<CommitRecord> committed =
        commitParsed(previousText, previous.config, record, error);
    if (!committed)
        return std::nullopt;
    m_confirmDeadline.reset();
    // The rollback is committed; the old entry's mark is for people reading the history.
    for (CommitRecord& rolledBack : m_history) {
        if (rolledBack.id != waiting.id)
            continue;
        rolledBack.confirmation = mark;
        if (!writeMeta(rolledBack, &message))
            qCWarning(lcMgmt).noquote() << message;
    }
    return committed;
}

} // namespace tandem::mgmt
