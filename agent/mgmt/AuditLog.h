#pragma once

// The audit log: who did what from where, one JSON object per line in <config>.d/audit.log.
// Logins (and their refusals), config commits / confirms / rollbacks, switchovers, batch
// backups and lab faults / traffic (drills). Never holds a secret.

#include <QFile>
#include <QMutex>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <deque>
#include <optional>

namespace tandem::mgmt {

struct AuditEntry
{
    qint64 timeMs = 0;  // wall clock, ms since the epoch
    QString user;       // as the caller named itself for a failed login
    QString source;     // "tls 127.0.0.1:40312", "tcp …", "local uid 1000", "agent"
    QString action;     // "login", "config.commit", "ha.switchover", …
    QJsonObject target; // what the action was about, without secrets
    bool ok = true;
    QString message; // why it failed; empty when ok

    QJsonObject toJson() const;
};

class AuditLog final
{
public:
    // Appends to `path`; the newest kMemory entries are kept in memory for audit.list, read
    // back from the file(s) at start. A file that cannot be opened only costs a warning: the
    // agent's HA duties go on.
    explicit AuditLog(QString path, qint64 rotateBytes = kRotateBytes);

    void record(AuditEntry entry);
    // Newest last: at most `limit` entries at or after `sinceMs`.
    QJsonArray list(int limit, std::optional<qint64> sinceMs) const;
    const QString& path() const { return m_path; }

    static constexpr qint64 kRotateBytes = 10 * 1024 * 1024;
    static constexpr int kMemory = 1000;

private:
    void loadTail(const QString& path);
    void openFile();

    QString m_path;
    qint64 m_rotateBytes;
    QFile m_file;
    std::deque<QJsonObject> m_recent;
    // The management thread records logins and calls, the HA thread expiries: one lock.
    mutable QMutex m_mutex;
};

} // namespace tandem::mgmt
