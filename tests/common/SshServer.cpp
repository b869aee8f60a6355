#include "SshServer.h"

#include "TestSupport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tandem::test {

namespace {

const QString kSshd = QStringLiteral("/usr/sbin/sshd");
const QString kKeygen = QStringLiteral("ssh-keygen");
constexpr int kStartTimeoutMs = 20000;

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

SshServer::SshServer() = default;

SshServer::~SshServer()
{
    stop();
}

QString SshServer::user()
{
    const passwd* entry = getpwuid(geteuid());
    return entry ? QString::fromLocal8Bit(entry->pw_name) : QString();
}

QString SshServer::clientKeyPath() const
{
    return m_dir.filePath(QStringLiteral("client_ed25519"));
}

QString SshServer::otherClientKeyPath() const
{
    return m_dir.filePath(QStringLiteral("stranger_ed25519"));
}

QString SshServer::knownHostsLine() const
{
    return QStringLiteral("[%1]:%2 %3").arg(host()).arg(m_port).arg(m_hostPublicKey);
}

QString SshServer::log() const
{
    QFile file(m_dir.filePath(QStringLiteral("sshd.log")));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

bool SshServer::generateKey(const QString& path, QString* error)
{
    if (QFile::exists(path))
        return true;
    const ProcessResult r =
        runProcess(kKeygen,
                   {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                    QStringLiteral("-N"), QString(), QStringLiteral("-C"),
                    QStringLiteral("tandem-test"), QStringLiteral("-f"), path},
                   30000);
    if (r.exitCode != 0) {
        *error = QStringLiteral("ssh-keygen for %1 failed: %2").arg(path, r.err);
        return false;
    }
    return true;
}

bool SshServer::start(const Options& options, QString* error)
{
    stop();
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary directory");
        return false;
    }
    // sshd started by root checks its privilege-separation directory.
    if (geteuid() == 0 && !QFileInfo::exists(QStringLiteral("/run/sshd"))) {
        if (::mkdir("/run/sshd", 0755) != 0) {
            *error = QStringLiteral("cannot create /run/sshd");
            return false;
        }
    }
    const QString hostKey = m_dir.filePath(QStringLiteral("host_ed25519"));
    if (!generateKey(hostKey, error) || !generateKey(clientKeyPath(), error) ||
        !generateKey(otherClientKeyPath(), error))
        return false;

    QFile hostPublic(hostKey + QStringLiteral(".pub"));
    if (!hostPublic.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(hostPublic.fileName());
        return false;
    }
    m_hostPublicKey = QString::fromUtf8(hostPublic.readAll()).section(QLatin1Char(' '), 0, 1);
    const ProcessResult fingerprint =
        runProcess(kKeygen, {QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"),
                             QStringLiteral("-f"), hostKey + QStringLiteral(".pub")});
    m_hostKeyFingerprint = fingerprint.out.section(QLatin1Char(' '), 1, 1);
    if (!m_hostKeyFingerprint.startsWith(QStringLiteral("SHA256:"))) {
        *error = QStringLiteral("ssh-keygen -l printed no fingerprint: %1").arg(fingerprint.err);
        return false;
    }

    QFile clientPublic(clientKeyPath() + QStringLiteral(".pub"));
    QFile authorized(m_dir.filePath(QStringLiteral("authorized_keys")));
    if (!clientPublic.open(QIODevice::ReadOnly) || !authorized.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1").arg(authorized.fileName());
        return false;
    }
    authorized.write(clientPublic.readAll());
    authorized.close();

    // A free port can be taken by someone else before sshd binds it: then another one.
    for (int attempt = 0;; ++attempt) {
        m_port = options.port != 0 ? options.port : freeLoopbackPort();
        if (launch(options, hostKey, authorized.fileName(), error))
            return true;
        if (options.port != 0 || attempt == 2)
            return false;
    }
}

bool SshServer::launch(const Options& options, const QString& hostKey,
                       const QString& authorizedKeys, QString* error)
{
    const QString configPath = m_dir.filePath(QStringLiteral("sshd_config"));
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1").arg(configPath);
        return false;
    }
    QString text =
        QStringLiteral("ListenAddress %1:%2\n"
                       "HostKey %3\n"
                       "PidFile %4\n"
                       "AuthorizedKeysFile %5\n"
                       "PubkeyAuthentication yes\n"
                       "PasswordAuthentication no\n"
                       "KbdInteractiveAuthentication no\n"
                       "UsePAM no\n"
                       "StrictModes no\n"
                       "PermitRootLogin prohibit-password\n"
                       "AllowUsers %6\n"
                       "LogLevel VERBOSE\n")
            .arg(host())
            .arg(m_port)
            .arg(hostKey, m_dir.filePath(QStringLiteral("sshd.pid")), authorizedKeys, user());
    if (!options.subsystemCommand.isEmpty())
        text += QStringLiteral("Subsystem %1 %2\n")
                    .arg(options.subsystemName, options.subsystemCommand);
    config.write(text.toUtf8());
    config.close();

    const QString logPath = m_dir.filePath(QStringLiteral("sshd.log"));
    QFile::remove(logPath);
    m_sshd = std::make_unique<QProcess>();
    m_sshd->setStandardErrorFile(logPath);
    m_sshd->setStandardOutputFile(QProcess::nullDevice());
    m_sshd->start(kSshd,
                  {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), configPath});
    if (!m_sshd->waitForStarted(10000)) {
        *error = QStringLiteral("%1 did not start: %2").arg(kSshd, m_sshd->errorString());
        m_sshd.reset();
        return false;
    }
    const QString listening =
        QStringLiteral("Server listening on %1 port %2").arg(host()).arg(m_port);
    QDeadlineTimer deadline(kStartTimeoutMs);
    while (!log().contains(listening)) {
        if (m_sshd->state() == QProcess::NotRunning || deadline.hasExpired()) {
            *error = QStringLiteral("sshd did not listen on %1:%2: %3")
                         .arg(host())
                         .arg(m_port)
                         .arg(log());
            stop();
            return false;
        }
        m_sshd->waitForFinished(50);
    }
    QTcpSocket probe;
    probe.connectToHost(host(), m_port);
    if (!probe.waitForConnected(5000)) {
        *error = QStringLiteral("sshd's port %1 does not accept: %2")
                     .arg(m_port)
                     .arg(probe.errorString());
        stop();
        return false;
    }
    return true;
}

void SshServer::stop()
{
    if (!m_sshd)
        return;
    m_sshd->terminate();
    if (!m_sshd->waitForFinished(10000))
        m_sshd->kill();
    m_sshd->waitForFinished(5000);
    m_sshd.reset();
}

} // namespace tandem::test
