#include "SshTransport.h"

#include "Logging.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QThread>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fcntl.h>
#include <libssh/libssh.h>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tandem::client {

namespace {

// How long close() waits for the session thread; one still connecting ends by itself later.
constexpr unsigned long kStopWaitMs = 2000;
constexpr qsizetype kStderrKept = 4096;

struct SessionFree
{
    void operator()(ssh_session session) const
    {
        ssh_disconnect(session);
        ssh_free(session);
    }
};
struct ChannelFree
{
    void operator()(ssh_channel channel) const { ssh_channel_free(channel); }
};
struct KeyFree
{
    void operator()(ssh_key key) const { ssh_key_free(key); }
};
struct EntryFree
{
    void operator()(ssh_knownhosts_entry* entry) const { ssh_knownhosts_entry_free(entry); }
};
using Session = std::unique_ptr<ssh_session_struct, SessionFree>;
using Channel = std::unique_ptr<ssh_channel_struct, ChannelFree>;
using Key = std::unique_ptr<ssh_key_struct, KeyFree>;
using KnownHostsEntry = std::unique_ptr<ssh_knownhosts_entry, EntryFree>;

QString errorOf(ssh_session session)
{
    return QString::fromUtf8(ssh_get_error(session));
}

// "SHA256:…" as `ssh-keygen -l` and OpenSSH's prompts print it.
QString fingerprintOf(ssh_key key)
{
    unsigned char* hash = nullptr;
    size_t length = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK)
        return {};
    char* text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
    ssh_clean_pubkey_hash(&hash);
    const QString fingerprint = QString::fromLatin1(text);
    ssh_string_free_char(text);
    return fingerprint;
}

// The keys `known_hosts` holds for `hostName` ("ssh-ed25519 key SHA256:…"), for messages.
QStringList knownKeys(const QString& knownHosts, const QString& hostName)
{
    QFile file(knownHosts);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray host = hostName.toUtf8();
    QStringList keys;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#') || line.startsWith('@'))
            continue;
        ssh_knownhosts_entry* rawEntry = nullptr;
        if (ssh_known_hosts_parse_line(host.constData(), line.constData(), &rawEntry) != SSH_OK)
            continue;
        const KnownHostsEntry entry(rawEntry);
        if (entry && entry->publickey)
            keys << QStringLiteral("%1 key %2")
                        .arg(QString::fromLatin1(
                                 ssh_key_type_to_char(ssh_key_type(entry->publickey))),
                             fingerprintOf(entry->publickey));
    }
    return keys;
}

QString methodsText(int methods)
{
    QStringList names;
    if (methods & SSH_AUTH_METHOD_PUBLICKEY)
        names << QStringLiteral("publickey");
    if (methods & SSH_AUTH_METHOD_PASSWORD)
        names << QStringLiteral("password");
    if (methods & SSH_AUTH_METHOD_INTERACTIVE)
        names << QStringLiteral("keyboard-interactive");
    if (methods & SSH_AUTH_METHOD_HOSTBASED)
        names << QStringLiteral("hostbased");
    if (methods & SSH_AUTH_METHOD_GSSAPI_MIC)
        names << QStringLiteral("gssapi-with-mic");
    return names.isEmpty() ? QStringLiteral("nothing") : names.join(QStringLiteral(", "));
}

// TCP keepalive while idle, and a connection whose sent bytes (our SSH keepalives among them)
// stay unacknowledged for kDeadPeerSeconds is dropped by the kernel: a vanished peer ends it.
void watchForDeadPeer(int fd)
{
    const int on = 1;
    const int idleSeconds = SshTransport::kKeepaliveSeconds;
    const int probeSeconds = 5;
    const int probes = (SshTransport::kDeadPeerSeconds - idleSeconds) / probeSeconds;
    const unsigned int userTimeoutMs = SshTransport::kDeadPeerSeconds * 1000;
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idleSeconds, sizeof idleSeconds);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &probeSeconds, sizeof probeSeconds);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
    ::setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &userTimeoutMs, sizeof userTimeoutMs);
}

} // namespace

// One SSH session in its own thread: connect, host key, authentication, the subsystem
// channel, then relaying bytes until the channel ends or stop() is called.
class SshSession final : public QThread
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshSession)

public:
    explicit SshSession(const Endpoint& endpoint);
    ~SshSession() override;

    // Thread-safe: called from the owner's thread.
    void send(const QByteArray& bytes);
    void stop();
    void answerHostKey(bool accept);

Q_SIGNALS:
    void established();
    void bytesReceived(const QByteArray& bytes);
    void ended(const QString& reason, bool retry);
    void hostKeyQuestion(const QString& fingerprint);

protected:
    void run() override;

private:
    struct Outcome
    {
        QString reason;
        bool retry = true;
    };

    Outcome serve(ssh_session session);
    std::optional<Outcome> checkHostKey(ssh_session session);
    std::optional<Outcome> authenticate(ssh_session session);
    Outcome relay(ssh_session session);
    std::optional<bool> askHostKey(const QString& fingerprint);
    void wake();
    bool stopping() const { return m_stop.load(); }

    const Endpoint m_endpoint;
    const QString m_user;
    const QString m_knownHosts;
    const QString m_hostName; // as known_hosts writes it: host, or [host]:port off port 22
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_answered;
    std::optional<bool> m_answer;
    QByteArray m_outgoing;
    int m_wake[2] = {-1, -1};
};

SshSession::SshSession(const Endpoint& endpoint)
    : m_endpoint(endpoint), m_user(endpoint.user.isEmpty() ? currentOsUser() : endpoint.user),
      m_knownHosts(endpoint.knownHostsFile.isEmpty()
                       ? QDir::home().filePath(QStringLiteral(".ssh/known_hosts"))
                       : endpoint.knownHostsFile),
      m_hostName(endpoint.port == 0 || endpoint.port == 22
                     ? endpoint.host
                     : QStringLiteral("[%1]:%2").arg(endpoint.host).arg(endpoint.port))
{
    if (::pipe2(m_wake, O_NONBLOCK | O_CLOEXEC) != 0)
        m_wake[0] = m_wake[1] = -1;
}

SshSession::~SshSession()
{
    for (int fd : m_wake)
        if (fd >= 0)
            ::close(fd);
}

void SshSession::send(const QByteArray& bytes)
{
    {
        const std::lock_guard lock(m_mutex);
        m_outgoing.append(bytes);
    }
    wake();
}

void SshSession::stop()
{
    {
        // Under the lock, so that askHostKey() cannot miss the notification.
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_answered.notify_all();
    wake();
}

void SshSession::answerHostKey(bool accept)
{
    {
        const std::lock_guard lock(m_mutex);
        m_answer = accept;
    }
    m_answered.notify_all();
}

void SshSession::wake()
{
    if (m_wake[1] >= 0) {
        const char byte = 0;
        // A full pipe already holds a wake-up: nothing is lost when this write fails.
        [[maybe_unused]] const ssize_t written = ::write(m_wake[1], &byte, 1);
    }
}

void SshSession::run()
{
    Outcome outcome;
    {
        const Session session(ssh_new());
        outcome = session ? serve(session.get())
                          : Outcome{QStringLiteral("libssh could not make a session"), true};
    }
    if (!stopping())
        Q_EMIT ended(outcome.reason, outcome.retry);
}

SshSession::Outcome SshSession::serve(ssh_session session)
{
    const QByteArray host = m_endpoint.host.toUtf8();
    const QByteArray user = m_user.toUtf8();
    const QByteArray knownHosts = QFile::encodeName(m_knownHosts);
    const unsigned int port = m_endpoint.port == 0 ? 22 : m_endpoint.port;
    const long timeout = SshTransport::kTimeoutSeconds;
    // The endpoint says all there is: ~/.ssh/config does not rewrite it behind the user's back.
    const bool processConfig = false;
    if (ssh_options_set(session, SSH_OPTIONS_HOST, host.constData()) != SSH_OK ||
        ssh_options_set(session, SSH_OPTIONS_PORT, &port) != SSH_OK ||
        ssh_options_set(session, SSH_OPTIONS_USER, user.constData()) != SSH_OK ||
        ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, knownHosts.constData()) != SSH_OK ||
        ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout) != SSH_OK ||
        ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &processConfig) != SSH_OK)
        return {QStringLiteral("bad SSH options: %1").arg(errorOf(session)), false};
    qCDebug(lcClient) << "SSH: connecting to" << m_user << "at" << m_hostName;
    if (ssh_connect(session) != SSH_OK)
        return {QStringLiteral("SSH connection failed: %1").arg(errorOf(session)), true};
    if (stopping())
        return {};
    if (auto refused = checkHostKey(session))
        return *refused;
    if (stopping())
        return {};
    if (auto refused = authenticate(session))
        return *refused;
    return relay(session);
}

std::optional<SshSession::Outcome> SshSession::checkHostKey(ssh_session session)
{
    ssh_key rawKey = nullptr;
    if (ssh_get_server_publickey(session, &rawKey) != SSH_OK)
        return Outcome{QStringLiteral("the server sent no host key: %1").arg(errorOf(session)),
                       true};
    const Key key(rawKey);
    const QString fingerprint = fingerprintOf(key.get());
    const QString type = QString::fromLatin1(ssh_key_type_to_char(ssh_key_type(key.get())));

    switch (ssh_session_is_known_server(session)) {
    case SSH_KNOWN_HOSTS_OK:
        return std::nullopt;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER: {
        const QStringList known = knownKeys(m_knownHosts, m_hostName);
        return Outcome{QStringLiteral("host key changed: %1 holds %2 for %3, the server offers %4 "
                                      "key %5 — a changed key is refused (it may be an attack; "
                                      "if the device was reinstalled, remove the old entry with "
                                      "`ssh-keygen -R '%3' -f %1`)")
                           .arg(m_knownHosts,
                                known.isEmpty() ? QStringLiteral("another key")
                                                : known.join(QStringLiteral(", ")),
                                m_hostName, type, fingerprint),
                       false};
    }
    case SSH_KNOWN_HOSTS_ERROR:
        return Outcome{QStringLiteral("cannot check the host key against %1: %2")
                           .arg(m_knownHosts, errorOf(session)),
                       false};
    case SSH_KNOWN_HOSTS_NOT_FOUND:
    case SSH_KNOWN_HOSTS_UNKNOWN:
        break;
    }
    const std::optional<bool> accepted =
        m_endpoint.sshAcceptNewHostKey ? std::optional<bool>(true) : askHostKey(fingerprint);
    if (!accepted)
        return Outcome{QStringLiteral("closed"), false};
    if (!*accepted)
        return Outcome{QStringLiteral("host key %1 (%2) of %3 is not in %4 and was not accepted; "
                                      "compare it with `ssh-keygen -lf "
                                      "/etc/ssh/ssh_host_%5_key.pub` on the device")
                           .arg(fingerprint, type, m_hostName, m_knownHosts,
                                type.section(QLatin1Char('-'), -1)),
                       false};
    if (ssh_session_update_known_hosts(session) != SSH_OK)
        return Outcome{
            QStringLiteral("cannot add the host key to %1: %2").arg(m_knownHosts, errorOf(session)),
            false};
    qCInfo(lcClient).noquote() << "SSH: added the" << type << "host key" << fingerprint << "of"
                               << m_hostName << "to" << m_knownHosts;
    return std::nullopt;
}

std::optional<bool> SshSession::askHostKey(const QString& fingerprint)
{
    {
        const std::lock_guard lock(m_mutex);
        m_answer.reset();
    }
    Q_EMIT hostKeyQuestion(fingerprint);
    std::unique_lock lock(m_mutex);
    m_answered.wait(lock, [this] { return m_answer.has_value() || stopping(); });
    return stopping() ? std::nullopt : m_answer;
}

std::optional<SshSession::Outcome> SshSession::authenticate(ssh_session session)
{
    int rc = ssh_userauth_none(session, nullptr);
    if (rc == SSH_AUTH_SUCCESS)
        return std::nullopt;
    if (rc == SSH_AUTH_ERROR)
        return Outcome{QStringLiteral("SSH authentication failed: %1").arg(errorOf(session)), true};
    const int offered = ssh_userauth_list(session, nullptr);
    QStringList tried;
    // Denied (or partial) goes on to the next method; an error ends the attempt.
    auto settled = [&](int result) -> std::optional<Outcome> {
        if (result == SSH_AUTH_ERROR)
            return Outcome{QStringLiteral("SSH authentication failed (%1): %2")
                               .arg(tried.last(), errorOf(session)),
                           true};
        return std::nullopt;
    };

    if (!m_endpoint.sshKeyFile.isEmpty()) {
        ssh_key rawKey = nullptr;
        if (ssh_pki_import_privkey_file(QFile::encodeName(m_endpoint.sshKeyFile).constData(),
                                        nullptr, nullptr, nullptr, &rawKey) != SSH_OK) {
            tried << QStringLiteral("key file %1 (cannot read it: missing, not a private key, or "
                                    "protected by a passphrase — load such keys into ssh-agent)")
                         .arg(m_endpoint.sshKeyFile);
        } else {
            const Key key(rawKey);
            tried << QStringLiteral("key file %1").arg(m_endpoint.sshKeyFile);
            rc = ssh_userauth_publickey(session, nullptr, key.get());
            if (rc == SSH_AUTH_SUCCESS)
                return std::nullopt;
            if (auto failed = settled(rc))
                return failed;
        }
    }
    if (m_endpoint.sshAgent) {
        if (qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK")) {
            tried << QStringLiteral("ssh-agent (none running: SSH_AUTH_SOCK is not set)");
        } else {
            tried << QStringLiteral("ssh-agent");
            rc = ssh_userauth_agent(session, nullptr);
            if (rc == SSH_AUTH_SUCCESS)
                return std::nullopt;
            if (auto failed = settled(rc))
                return failed;
        }
    }
    if (!m_endpoint.password.isEmpty()) {
        tried << QStringLiteral("password");
        rc = ssh_userauth_password(session, nullptr, m_endpoint.password.toUtf8().constData());
        if (rc == SSH_AUTH_SUCCESS)
            return std::nullopt;
        if (auto failed = settled(rc))
            return failed;
    }
    if (tried.isEmpty())
        return Outcome{QStringLiteral("no SSH authentication configured: give a key file, "
                                      "ssh-agent or a password (the server accepts %1)")
                           .arg(methodsText(offered)),
                       false};
    // Credentials that were refused are refused again: retrying does not help.
    return Outcome{
        QStringLiteral("SSH authentication as %1 failed; tried %2; the server accepts %3")
            .arg(m_user, tried.join(QStringLiteral(", ")), methodsText(offered)),
        false};
}

SshSession::Outcome SshSession::relay(ssh_session session)
{
    const Channel channel(ssh_channel_new(session));
    if (!channel || ssh_channel_open_session(channel.get()) != SSH_OK)
        return {QStringLiteral("cannot open an SSH channel: %1").arg(errorOf(session)), true};
    const QByteArray subsystem = m_endpoint.sshSubsystem.toUtf8();
    if (ssh_channel_request_subsystem(channel.get(), subsystem.constData()) != SSH_OK)
        return {QStringLiteral("the SSH server refused the subsystem '%1' (its sshd_config needs "
                               "`Subsystem %1 /usr/bin/tandem-agent bridge`): %2")
                    .arg(m_endpoint.sshSubsystem, errorOf(session)),
                true};
    watchForDeadPeer(ssh_get_fd(session));
    Q_EMIT established();

    QByteArray stderrText; // what the subsystem said on stderr: why it ended, usually
    QElapsedTimer sinceSent;
    sinceSent.start();
    std::array<char, 64 * 1024> buffer;
    auto lost = [&] {
        return Outcome{QStringLiteral("SSH connection lost: %1").arg(errorOf(session)), true};
    };
    // Reads what libssh holds or the socket has; false on a lost connection.
    auto drain = [&](int isStderr) {
        for (;;) {
            const int n = ssh_channel_read_nonblocking(channel.get(), buffer.data(),
                                                       uint32_t(buffer.size()), isStderr);
            if (n == SSH_ERROR)
                return false;
            if (n <= 0) // nothing more now, or SSH_EOF
                return true;
            if (!isStderr)
                Q_EMIT bytesReceived(QByteArray(buffer.data(), n));
            else if (stderrText.size() < kStderrKept)
                stderrText.append(buffer.data(), n);
        }
    };

    // Written no faster than the server's window allows, so that this thread never blocks
    // writing while the server waits for us to read.
    QByteArray pending;
    while (!stopping()) {
        {
            const std::lock_guard lock(m_mutex);
            pending.append(m_outgoing);
            m_outgoing.clear();
        }
        const uint32_t window = ssh_channel_window_size(channel.get());
        if (!pending.isEmpty() && window > 0) {
            const uint32_t chunk = std::min<uint32_t>({uint32_t(pending.size()), window, 32768});
            const int n = ssh_channel_write(channel.get(), pending.constData(), chunk);
            if (n == SSH_ERROR)
                return lost();
            pending.remove(0, n);
            sinceSent.restart();
        }
        // Writing may have read packets too: drain before sleeping on the socket. Stdout
        // last: reading either stream processes every packet the socket holds, and what the
        // last read leaves must not be stdout data, which would then wait for the next packet.
        if (!drain(1) || !drain(0))
            return lost();
        if (ssh_channel_is_eof(channel.get()) || ssh_channel_is_closed(channel.get())) {
            if (!drain(1) || !drain(0))
                return lost();
            const QString said = QString::fromUtf8(stderrText).trimmed();
            return {
                said.isEmpty()
                    ? QStringLiteral("the SSH subsystem '%1' ended").arg(m_endpoint.sshSubsystem)
                    : QStringLiteral("the SSH subsystem '%1' ended: %2")
                          .arg(m_endpoint.sshSubsystem, said),
                true};
        }
        const qint64 keepaliveMs = qint64(SshTransport::kKeepaliveSeconds) * 1000;
        if (sinceSent.elapsed() >= keepaliveMs) {
            if (ssh_send_ignore(session, "") != SSH_OK)
                return lost();
            sinceSent.restart();
        }
        const int fd = ssh_get_fd(session);
        if (fd < 0)
            return lost();
        pollfd fds[2] = {{fd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        const bool canWrite = !pending.isEmpty() && ssh_channel_window_size(channel.get()) > 0;
        const int waitMs =
            canWrite ? 0 : int(std::max<qint64>(1, keepaliveMs - sinceSent.elapsed()));
        if (::poll(fds, 2, waitMs) > 0 && (fds[1].revents & POLLIN)) {
            char sink[64];
            while (::read(m_wake[0], sink, sizeof sink) > 0) {
            }
        }
    }
    return {};
}

SshTransport::SshTransport(const Endpoint& endpoint, AgentClient::HostKeyDecision decision,
                           QObject* parent)
    : Transport(parent), m_endpoint(endpoint), m_decision(std::move(decision))
{}

SshTransport::~SshTransport()
{
    close();
}

void SshTransport::open()
{
    auto* session = new SshSession(m_endpoint);
    m_session = session;
    // The session is this transport's until close(), which deletes it once its thread ended.
    connect(session, &SshSession::established, this, [this, session] {
        if (m_session == session)
            Q_EMIT connected();
    });
    connect(session, &SshSession::bytesReceived, this, [this, session](const QByteArray& bytes) {
        if (m_session == session)
            Q_EMIT received(bytes);
    });
    connect(session, &SshSession::ended, this, [this, session](const QString& reason, bool retry) {
        if (m_session != session || m_ended)
            return;
        // The session stays ours until close(): its thread is still tearing libssh down, and
        // a process that exits now must wait for it (nothing of libssh left half freed).
        m_ended = true;
        Q_EMIT closed(reason, retry);
    });
    connect(session, &SshSession::hostKeyQuestion, this, &SshTransport::onHostKeyQuestion);
    session->start();
}

void SshTransport::onHostKeyQuestion(const QString& fingerprint)
{
    SshSession* session = m_session;
    if (!session || m_ended)
        return;
    // The decision may run a dialog with its own event loop: this transport may be gone after.
    const QPointer<SshTransport> self(this);
    const bool accepted = m_decision && m_decision(fingerprint);
    if (self && m_session == session)
        session->answerHostKey(accepted);
}

void SshTransport::write(const QByteArray& bytes)
{
    if (m_session && !m_ended)
        m_session->send(bytes);
}

void SshTransport::close()
{
    SshSession* session = std::exchange(m_session, nullptr);
    if (!session)
        return;
    session->disconnect(this);
    session->stop();
    if (session->wait(kStopWaitMs)) {
        delete session;
        return;
    }
    // Still stuck in a blocking libssh call: it deletes itself when its thread ends.
    connect(session, &QThread::finished, session, &QObject::deleteLater);
    if (session->isFinished())
        session->deleteLater();
}

} // namespace tandem::client

#include "SshTransport.moc"
