#include "AuditLog.h"

#include "Logging.h"

#include <QDateTime>
#include <QJsonDocument>

namespace tandem::mgmt {

QJsonObject AuditEntry::toJson() const
{
    QJsonObject json{
        {QStringLiteral("time"), timeMs},
        {QStringLiteral("user"), user},
        {QStringLiteral("source"), source},
        {QStringLiteral("action"), action},
        {QStringLiteral("outcome"), ok ? QStringLiteral("ok") : QStringLiteral("error")}};
    if (!target.isEmpty())
        json.insert(QStringLiteral("target"), target);
    if (!message.isEmpty())
        json.insert(QStringLiteral("message"), message);
    return json;
}

AuditLog::AuditLog(QString path, qint64 rotateBytes)
    : m_path(std::move(path)), m_rotateBytes(rotateBytes)
{
    loadTail(m_path + QStringLiteral(".1"));
    loadTail(m_path);
    openFile();
}

void AuditLog::loadTail(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    // Only the tail matters: the memory keeps the newest kMemory entries.
    constexpr qint64 kTailBytes = 1024 * 1024;
    if (file.size() > kTailBytes) {
        file.seek(file.size() - kTailBytes);
        file.readLine(); // a partial line
    }
    while (!file.atEnd()) {
        const QJsonObject entry = QJsonDocument::fromJson(file.readLine()).object();
        if (entry.isEmpty())
            continue;
        m_recent.push_back(entry);
        if (m_recent.size() > std::size_t(kMemory))
            m_recent.pop_front();
    }
}

void AuditLog::openFile()
{
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append))
        qCWarning(lcMgmt).noquote()
            << "cannot open the audit log" << m_path << ":" << m_file.errorString();
}

void AuditLog::record(AuditEntry entry)
{
    const QMutexLocker lock(&m_mutex);
    if (entry.timeMs == 0)
        entry.timeMs = QDateTime::currentMSecsSinceEpoch();
    const QJsonObject json = entry.toJson();
    m_recent.push_back(json);
    if (m_recent.size() > std::size_t(kMemory))
        m_recent.pop_front();
    if (!m_file.isOpen())
        return;
    if (m_file.size() >= m_rotateBytes) {
        m_file.close();
        QFile::remove(m_path + QStringLiteral(".1"));
        QFile::rename(m_path, m_path + QStringLiteral(".1"));
        openFile();
        if (!m_file.isOpen())
            return;
    }
    // One write and a flush: no fsync, so a line costs microseconds on the agent's thread.
    m_file.write(QJsonDocument(json).toJson(QJsonDocument::Compact) + '\n');
    m_file.flush();
}

QJsonArray AuditLog::list(int limit, std::optional<qint64> sinceMs) const
{
    const QMutexLocker lock(&m_mutex);
    QJsonArray out;
    auto it = m_recent.end();
    int taken = 0;
    while (it != m_recent.begin() && taken < limit) {
        --it;
        if (sinceMs && it->value(QStringLiteral("time")).toInteger() < *sinceMs)
            break;
        ++taken;
    }
    for (; taken > 0; ++it, --taken)
        out.append(*it);
    return out;
}

} // namespace tandem::mgmt
