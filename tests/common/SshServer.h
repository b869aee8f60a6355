#pragma once

// A real OpenSSH server for tests: /usr/sbin/sshd on 127.0.0.1 and a free high port, with its
// own ed25519 host key, a generated client key as the only way in, and a `tandem` subsystem
// (or any other) that runs a given command. Logs in the user the tests run as; as root it
// needs /run/sshd, which it creates.

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace tandem::test {

class SshServer
{
public:
    struct Options
    {
        QString subsystemName = QStringLiteral("tandem");
        QString subsystemCommand;
        // 0: a free port. A second server on the port of one that stopped presents another
        // host key there (the changed-key case).
        quint16 port = 0;
    };

    SshServer();
    ~SshServer();
    SshServer(const SshServer&) = delete;
    SshServer& operator=(const SshServer&) = delete;

    // Generates the keys and the config, starts sshd and waits until its port accepts.
    bool start(const Options& options, QString* error);
    void stop();

    quint16 port() const { return m_port; }
    QString host() const { return QStringLiteral("127.0.0.1"); }
    static QString user();              // the OS user the tests run as: the one sshd logs in
    QString clientKeyPath() const;      // private key sshd accepts
    QString otherClientKeyPath() const; // a private key sshd does not know
    QString hostKeyFingerprint() const { return m_hostKeyFingerprint; } // "SHA256:…"
    // The known_hosts line for this server ("[127.0.0.1]:PORT ssh-ed25519 AAAA…").
    QString knownHostsLine() const;
    QString log() const; // what sshd said so far (-e: stderr)
    QString dir() const { return m_dir.path(); }

private:
    bool generateKey(const QString& path, QString* error);
    // Writes the config for m_port, starts sshd and waits until it accepts.
    bool launch(const Options& options, const QString& hostKey, const QString& authorizedKeys,
                QString* error);

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_sshd;
    quint16 m_port = 0;
    QString m_hostKeyFingerprint;
    QString m_hostPublicKey; // "ssh-ed25519 AAAA…"
    mutable QString m_log;
};

} // namespace tandem::test
