#pragma once

// Failed logins per source (a peer IP address, or a local uid): after kMaxFailures within
// kWindow, hellos from that source are refused for kBlock without checking the password, so
// that guessing cannot burn the agent's CPU on PBKDF2. Memory stays bounded: at most
// kMaxSources sources are remembered, the stalest forgotten first.

#include <QHash>
#include <QString>
#include <deque>
#include <optional>

namespace tandem::mgmt {

class LoginThrottle final
{
public:
    static constexpr int kMaxFailures = 5;
    static constexpr qint64 kWindowMs = 60'000;
    static constexpr qint64 kBlockMs = 30'000;
    static constexpr qsizetype kMaxSources = 4096;

    // Milliseconds until `source` may try again, or nullopt when it may now. `nowMs` is a
    // monotonic clock.
    std::optional<qint64> blockedFor(const QString& source, qint64 nowMs) const;
    void recordFailure(const QString& source, qint64 nowMs);
    qsizetype sourceCount() const { return m_sources.size(); }

private:
    struct Record
    {
        std::deque<qint64> failures; // within the window, oldest first
        qint64 blockedUntil = 0;
        qint64 last = 0;
    };
    void forgetStale(qint64 nowMs);

    QHash<QString, Record> m_sources;
};

} // namespace tandem::mgmt
