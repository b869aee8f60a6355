#include "Lab.h"

#include "BlockingCall.h"
#include "Logging.h"
#include "client/DeviceMonitor.h"
#include "client/Transport.h"
#include "protocol/ConfigMessages.h"
#include "protocol/JsonRpc.h"
#include "config/ConfigParser.h"
#include "config/LabPair.h"
#include "protocol/Password.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>
#include <QTimer>
#include <QUdpSocket>
#include <csignal>
#include <memory>

namespace tandem::ctl {

using client::labJsonPath;

namespace {

constexpr quint16 kManagementPort = 7830;
constexpr quint16 kVrrpPort = 11200;
constexpr quint16 kBackupPort = 11201; // remote-backup-service port: the backup channel
constexpr quint16 kMetricsPort = 9464;  // Prometheus /metrics
// The master's preempt delay: short, so that a lab switches back soon after a drill.
constexpr int kPreemptDelaySeconds = 3;
constexpr int kAddressTries = 64;
// Lab passwords are long random strings, so a modest iteration count costs an attacker as
// much as a strong one would on a human password, and keeps each hello fast.
constexpr int kLabPasswordIterations = 10000;

QString randomPassword()
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString password;
    for (int i = 0; i < 24; ++i)
        password.append(QLatin1Char(
            alphabet[QRandomGenerator::system()->bounded(int(sizeof(alphabet) - 1))]));
    return password;
}

QString addressPlus(const QString& base, int offset)
{
    return QHostAddress(QHostAddress(base).toIPv4Address() + quint32(offset)).toString();
}

// Both ports free on both addresses? Bound and released at once; the agents bind them again.
bool addressesFree(const QStringList& addresses)
{
    for (const QString& address : addresses) {
        QTcpServer tcp;
        if (!tcp.listen(QHostAddress(address), kManagementPort))
            return false;
        QUdpSocket udp;
        if (!udp.bind(QHostAddress(address), kVrrpPort))
            return false;
        QTcpServer backup;
        if (!backup.listen(QHostAddress(address), kBackupPort))
            return false;
        QTcpServer metrics;
        if (!metrics.listen(QHostAddress(address), kMetricsPort))
            return false;
    }
    return true;
}

QString findAgent(const QString& requested)
{
    if (!requested.isEmpty())
        return requested;
    const QString sibling = QDir(QCoreApplication::applicationDirPath())
                                .filePath(QStringLiteral("tandem-agent"));
    if (QFileInfo(sibling).isExecutable())
        return sibling;
    return QStandardPaths::findExecutable(QStringLiteral("tandem-agent"));
}

// A zombie counts as gone: lab agents are reparented to init, which may reap them late.
bool processAlive(qint64 pid)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype afterName = text.lastIndexOf(')');
    return afterName < 0 || text.mid(afterName + 2, 1) != "Z";
}

QString logTail(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = file.readAll();
    const QList<QByteArray> lines = all.trimmed().split('\n');
    return QString::fromUtf8(lines.mid(std::max<qsizetype>(0, lines.size() - 5)).join('\n'));
}

// `tandem-agent --config FILE --fingerprint`: makes the agent's TLS identity in FILE.d/tls/
// (the agent then starts with the same one) and prints its fingerprint, for lab.json's pin.
std::optional<QString> agentFingerprint(const QString& agentPath, const LabDevice& device,
                                        QString* error)
{
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(agentPath,
                  {QStringLiteral("--config"), device.configPath, QStringLiteral("--fingerprint")});
    const bool finished = process.waitForFinished(30000);
    const QString out = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    const QString err = QString::fromUtf8(process.readAllStandardError()).trimmed();
    if (finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0 &&
        out.startsWith(QLatin1String("SHA256:")))
        return out;
    if (!finished)
        process.kill();
    *error = QStringLiteral("agent %1 exited during start-up: '%2 --config %3 --fingerprint' %4%5")
                 .arg(device.name, agentPath, device.configPath,
                      !finished ? QStringLiteral("did not finish")
                      : process.exitCode() != 0
                          ? QStringLiteral("exited with status %1").arg(process.exitCode())
                          : QStringLiteral("printed no fingerprint"),
                      err.isEmpty() ? QString() : QStringLiteral(": ") + err);
    return std::nullopt;
}

bool writeFile(const QString& path, const QByteArray& bytes, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

void stopProcesses(const QList<LabDevice>& devices)
{
    for (const LabDevice& device : devices)
        if (isAgentProcess(device.pid))
            ::kill(pid_t(device.pid), SIGTERM);
    QDeadlineTimer deadline(3000);
    for (const LabDevice& device : devices) {
        while (processAlive(device.pid) && !deadline.hasExpired())
            QThread::msleep(20);
        if (isAgentProcess(device.pid))
            ::kill(pid_t(device.pid), SIGKILL);
    }
    // A killed process is not gone at once: the kernel unmaps its memory first (seconds for
    // an ASan build's shadow), and until then it still counts as running.
    QDeadlineTimer reaped(10000);
    for (const LabDevice& device : devices)
        while (isAgentProcess(device.pid) && !reaped.hasExpired())
            QThread::msleep(20);
}

// Waits, with live subscriptions, until every service-location has exactly one master and
// it is the device the lab means (LabDescription::plannedMaster): a device that starts
// first may be master for a while until its peer preempts, and a lab starts in its planned roles.
// A bare lab has no pair: there every device is master of every service-location.
bool waitForMasters(const LabDescription& lab, int timeoutMs, QString* error)
{
    std::vector<std::unique_ptr<client::DeviceMonitor>> monitors;
    QEventLoop loop;
    bool settled = false;
    auto check = [&] {
        QList<LabDeviceState> states;
        for (int i = 0; i < lab.devices.size(); ++i) {
            LabDeviceState state{lab.devices[i], true, monitors[size_t(i)]->status(), {}};
            if (!state.status)
                return;
            states.append(state);
        }
        const auto masters = mastersBySlg(states);
        QStringList everyDevice;
        for (const LabDevice& device : lab.devices)
            everyDevice.append(device.name);
        settled = !masters.isEmpty() &&
                  std::all_of(masters.begin(), masters.end(), [&](const auto& entry) {
                      if (lab.bare)
                          return entry.second == everyDevice.join(QLatin1Char('+'));
                      return entry.second == lab.devices[lab.plannedMaster(entry.first)].name;
                  });
        if (settled)
            loop.quit();
    };
    for (const LabDevice& device : lab.devices) {
        auto monitor = std::make_unique<client::DeviceMonitor>();
        QObject::connect(monitor.get(), &client::DeviceMonitor::statusChanged, &loop, check);
        monitor->start(device.endpoint());
        monitors.push_back(std::move(monitor));
    }
    QTimer watchdog;
    QObject::connect(&watchdog, &QTimer::timeout, &loop, [&] {
        for (const LabDevice& device : lab.devices) {
            if (!processAlive(device.pid)) {
                *error = QStringLiteral("agent %1 exited during start-up; its log (%2) ends:\n%3")
                             .arg(device.name, device.logPath, logTail(device.logPath));
                loop.quit();
            }
        }
    });
    watchdog.start(100);
    QTimer::singleShot(timeoutMs, &loop, [&] {
        QStringList detail;
        for (size_t i = 0; i < monitors.size(); ++i)
            detail.append(QStringLiteral("%1: %2").arg(
                lab.devices[qsizetype(i)].name,
                monitors[i]->status() ? QStringLiteral("answering")
                                      : monitors[i]->lastError()));
        *error = QStringLiteral("%1 within %2 s (%3)")
                     .arg(lab.bare ? QStringLiteral("not every device master of every service-location")
                                   : QStringLiteral("no single master per service-location"))
                     .arg(timeoutMs / 1000)
                     .arg(detail.join(QStringLiteral("; ")));
        loop.quit();
    });
    loop.exec();
    return settled;
}

} // namespace

bool isAgentProcess(qint64 pid)
{
    if (!processAlive(pid))
        return false;
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!cmdline.open(QIODevice::ReadOnly))
        return false;
    const QByteArray program = cmdline.readAll().split('\0').value(0);
    return program.endsWith("tandem-agent");
}

bool parseLabUpTuning(const QMap<QString, QString>& args, LabUpOptions* options, QString* error)
{
    auto number = [&](const char* name, double min, double max, double* out) {
        const QString key = QLatin1String(name);
        if (!args.contains(key))
            return true;
        bool ok = false;
        const double value = args.value(key).toDouble(&ok);
        if (!ok || value < min || value > max) {
            *error = QStringLiteral("--%1 needs a number from %2 to %3, not '%4'")
                         .arg(key)
                         .arg(min)
                         .arg(max)
                         .arg(args.value(key));
            return false;
        }
        *out = value;
        return true;
    };
    double advertMs = options->advertMs;
    double subscribers = options->subscribers;
    double sessionTable = options->sessionTable;
    if (!number("advert-ms", 10, 40950, &advertMs) || !number("rate", 0, 2e6, &options->rate) ||
        !number("subscribers", 1, 60000, &subscribers) ||
        !number("churn", 0, 86400, &options->churnSeconds)
        || !number("session-table", 65536, 16777216, &sessionTable))
        return false;
    options->sessionTable = int(sessionTable);
    if (advertMs != double(int(advertMs) / 10 * 10)) {
        *error = QStringLiteral("--advert-ms %1: VRRP adverts go in 10 ms steps (10, 20, … 40950)")
                     .arg(advertMs);
        return false;
    }
    if (subscribers != double(int(subscribers))) {
        *error = QStringLiteral("--subscribers needs a whole number");
        return false;
    }
    options->advertMs = int(advertMs);
    options->subscribers = int(subscribers);
    return true;
}

std::optional<LabDescription> labUp(const LabUpOptions& options, QString* error)
{
    if (QFile::exists(labJsonPath(options.dir))) {
        QString ignored;
        if (const auto existing = LabDescription::load(options.dir, &ignored)) {
            for (const LabDevice& device : existing->devices) {
                if (isAgentProcess(device.pid)) {
                    *error = QStringLiteral("a lab is already running in %1 (%2 is pid %3); "
                                            "run 'tandemctl lab down --dir %1' first")
                                 .arg(options.dir, device.name)
                                 .arg(device.pid);
                    return std::nullopt;
                }
            }
        }
    }
    const QString agentPath = findAgent(options.agentPath);
    if (agentPath.isEmpty()) {
        *error = QStringLiteral("tandem-agent not found next to tandemctl nor on PATH");
        return std::nullopt;
    }
    if (QHostAddress(options.baseAddress).protocol() != QAbstractSocket::IPv4Protocol ||
        !QHostAddress(options.baseAddress).isLoopback()) {
        *error = QStringLiteral("--base %1 is not an IPv4 loopback address (127.x.y.z)")
                     .arg(options.baseAddress);
        return std::nullopt;
    }
    if (!QDir().mkpath(options.dir)) {
        *error = QStringLiteral("cannot create directory %1").arg(options.dir);
        return std::nullopt;
    }

    // Device addresses base, base+1; virtual IPs base+2, base+3. Skip blocks in use.
    QString base;
    for (int attempt = 0; attempt < kAddressTries; ++attempt) {
        const QString candidate = addressPlus(options.baseAddress, attempt * 16);
        if (addressesFree({candidate, addressPlus(candidate, 1)})) {
            base = candidate;
            break;
        }
    }
    if (base.isEmpty()) {
        *error = QStringLiteral("no free loopback address pair for ports %1/tcp and %2/udp "
                                "from %3 on")
                     .arg(kManagementPort)
                     .arg(kVrrpPort)
                     .arg(options.baseAddress);
        return std::nullopt;
    }

    const QString password = randomPassword();
    config::LabPairOptions pairOptions;
    pairOptions.mode = options.mode == LabMode::OnePlusOne ? config::PairMode::OnePlusOne
                                                           : config::PairMode::OneToOne;
    pairOptions.loadBalancing = options.mode == LabMode::LoadBalancing;
    pairOptions.firstAddress = config::Ipv4Address{QHostAddress(base).toIPv4Address()};
    pairOptions.advertMs = options.advertMs;
    pairOptions.preemptDelaySeconds = kPreemptDelaySeconds;
    pairOptions.managementPort = kManagementPort;
    pairOptions.vrrpPort = kVrrpPort;
    pairOptions.backupPort = kBackupPort;
    pairOptions.metricsPort = kMetricsPort;
    pairOptions.passwordHash =
        protocol::hashPassword(password, kLabPasswordIterations).toStdString();
    // So that `tandemctl … --socket DIR/CGN-A.cfg.d/agent.sock` works for whoever ran `lab up`.
    pairOptions.peerUser = client::currentOsUser().toStdString();
    pairOptions.sessionTableSize = std::uint32_t(options.sessionTable);
    // The bare bases are the wizard's starting point; the plan makes them a pair.
    config::GeneratedPair pair;
    if (options.bare) {
        pair.a = config::labBaseConfig(pairOptions, config::Side::A);
        pair.b = config::labBaseConfig(pairOptions, config::Side::B);
    } else {
        pair = config::labPair(pairOptions);
    }
    if (!pair.ok()) {
        *error = QStringLiteral("the lab plan does not generate: %1")
                     .arg(QString::fromStdString(pair.errors.front().format()));
        return std::nullopt;
    }

    LabDescription lab;
    lab.mode = options.mode;
    lab.bare = options.bare;
    for (int i = 0; i < 2; ++i) {
        const config::DeviceConfig& deviceConfig = i == 0 ? pair.a : pair.b;
        LabDevice device;
        device.name = QString::fromStdString(deviceConfig.sysname);
        device.address = addressPlus(base, i);
        device.port = kManagementPort;
        device.user = QStringLiteral("admin");
        device.password = password;
        device.configPath = QDir(options.dir).absoluteFilePath(device.name + QStringLiteral(".cfg"));
        device.logPath = QDir(options.dir).absoluteFilePath(device.name + QStringLiteral(".log"));
        device.metricsPort = kMetricsPort;
        const QByteArray text = QByteArray::fromStdString(config::printConfig(deviceConfig));
        if (!writeFile(device.configPath, text, error))
            return std::nullopt;
        // The lab speaks TLS only; every client pins this (LabDevice::endpoint()).
        const auto fingerprint = agentFingerprint(agentPath, device, error);
        if (!fingerprint)
            return std::nullopt;
        device.fingerprint = *fingerprint;
        lab.devices.append(device);
    }

    for (LabDevice& device : lab.devices) {
        QFile::remove(device.logPath);
        QProcess process;
        process.setProgram(agentPath);
        process.setArguments({QStringLiteral("--config"), device.configPath});
        process.setStandardInputFile(QProcess::nullDevice());
        process.setStandardOutputFile(device.logPath, QIODevice::Append);
        process.setStandardErrorFile(device.logPath, QIODevice::Append);
        if (!process.startDetached(&device.pid)) {
            *error = QStringLiteral("cannot start %1: %2").arg(agentPath, process.errorString());
            stopProcesses(lab.devices);
            return std::nullopt;
        }
        qCInfo(lcCtl) << "started" << device.name << "pid" << device.pid;
    }
    // lab.json first, so that 'lab down' can clean up even if the wait below is interrupted.
    if (!writeFile(labJsonPath(options.dir), QJsonDocument(lab.toJson()).toJson(), error)) {
        stopProcesses(lab.devices);
        return std::nullopt;
    }
    if (!waitForMasters(lab, options.timeoutMs, error)) {
        stopProcesses(lab.devices);
        QFile::remove(labJsonPath(options.dir));
        return std::nullopt;
    }
    if (options.rate > 0 &&
        !startLabTraffic(lab,
                         {{QStringLiteral("rate"), options.rate},
                          {QStringLiteral("subscribers"), options.subscribers},
                          {QStringLiteral("churnSeconds"), options.churnSeconds}},
                         error)) {
        *error = QStringLiteral("traffic did not start: %1").arg(*error);
        stopProcesses(lab.devices);
        QFile::remove(labJsonPath(options.dir));
        return std::nullopt;
    }
    return lab;
}

bool startLabTraffic(const LabDescription& lab, QJsonObject params, QString* error)
{
    if (!params.contains(QStringLiteral("startMs")))
        params.insert(QStringLiteral("startMs"), QDateTime::currentMSecsSinceEpoch());
    for (const LabDevice& device : lab.devices) {
        if (!callAgent(device.endpoint(), QStringLiteral("lab.traffic"), params, 10000, error))
            return false;
    }
    return true;
}

bool labDown(const QString& dir, QString* error)
{
    const auto lab = LabDescription::load(dir, error);
    if (!lab)
        return false;
    stopProcesses(lab->devices);
    for (const LabDevice& device : lab->devices) {
        if (processAlive(device.pid) && isAgentProcess(device.pid)) {
            *error = QStringLiteral("%1 (pid %2) did not stop").arg(device.name).arg(device.pid);
            return false;
        }
    }
    QFile::remove(labJsonPath(dir));
    return true;
}

QList<LabDeviceState> labStatus(const LabDescription& lab, int timeoutMs)
{
    QList<LabDeviceState> states;
    for (const LabDevice& device : lab.devices) {
        LabDeviceState state;
        state.device = device;
        state.running = isAgentProcess(device.pid);
        if (!state.running) {
            state.error = QStringLiteral("agent process %1 is not running").arg(device.pid);
        } else {
            const auto result = callAgent(device.endpoint(),
                                          QLatin1String(protocol::method::kStatusGet), {},
                                          timeoutMs, &state.error);
            if (result) {
                state.status = protocol::DeviceStatus::fromJson(result->toObject(), &state.error);
            }
        }
        states.append(state);
    }
    return states;
}

QList<QPair<int, QString>> mastersBySlg(const QList<LabDeviceState>& states)
{
    QList<QPair<int, QString>> result;
    auto entryFor = [&result](int id) -> QString& {
        for (auto& entry : result)
            if (entry.first == id)
                return entry.second;
        result.append({id, QString()});
        return result.last().second;
    };
    for (const LabDeviceState& state : states) {
        if (!state.status)
            continue;
        for (const protocol::ServiceLocationStatus& slg : state.status->serviceLocations) {
            QString& master = entryFor(slg.id);
            if (slg.state != QStringLiteral("master"))
                continue;
            master = master.isEmpty() ? state.device.name
                                      : master + QLatin1Char('+') + state.device.name;
        }
    }
    std::sort(result.begin(), result.end());
    return result;
}

std::optional<config::GeneratedPair> labPairOnRunning(const LabDescription& lab,
                                                      config::PairMode mode, int advertMs,
                                                      QString* error)
{
    if (lab.devices.size() != 2) {
        *error = QStringLiteral("the lab has %1 devices, not a pair").arg(lab.devices.size());
        return std::nullopt;
    }
    config::LabPairOptions options;
    options.mode = mode;
    options.firstAddress =
        config::Ipv4Address{QHostAddress(lab.devices[0].address).toIPv4Address()};
    options.advertMs = advertMs;
    options.preemptDelaySeconds = kPreemptDelaySeconds;
    options.managementPort = lab.devices[0].port;
    options.vrrpPort = kVrrpPort;
    options.backupPort = kBackupPort;
    config::DeviceConfig running[2];
    for (int i = 0; i < 2; ++i) {
        protocol::ConfigGetRequest request;
        request.secrets = true;
        const auto reply = callAgent(lab.devices[i].endpoint(),
                                     QLatin1String(protocol::method::kConfigGet),
                                     request.toJson(), 10000, error);
        if (!reply)
            return std::nullopt;
        const auto got = protocol::ConfigGetResult::fromJson(reply->toObject(), error);
        if (!got)
            return std::nullopt;
        const config::ParseResult parsed = config::parseConfig(got->text.toStdString());
        if (!parsed.ok()) {
            *error = QStringLiteral("%1's running configuration does not parse: %2")
                         .arg(lab.devices[i].name,
                              QString::fromStdString(parsed.errors.front().format()));
            return std::nullopt;
        }
        running[i] = parsed.config;
    }
    config::GeneratedPair pair =
        config::generatePair(config::labPlan(options), running[0], running[1]);
    if (!pair.ok()) {
        *error = QStringLiteral("the lab plan does not generate: %1")
                     .arg(QString::fromStdString(pair.errors.front().format()));
        return std::nullopt;
    }
    return pair;
}

} // namespace tandem::ctl
