#include "LoginThrottle.h"

namespace tandem::mgmt {

std::optional<qint64> LoginThrottle::blockedFor(const QString& source, qint64 nowMs) const
{
    const auto it = m_sources.constFind(source);
    if (it == m_sources.cend() || it->blockedUntil <= nowMs)
        return std::nullopt;
    return it->blockedUntil - nowMs;
}

void LoginThrottle::recordFailure(const QString& source, qint64 nowMs)
{
    if (!m_sources.contains(source) && m_sources.size() >= kMaxSources)
        forgetStale(nowMs);
    Record& record = m_sources[source];
    record.last = nowMs;
    record.failures.push_back(nowMs);
    while (!record.failures.empty() && record.failures.front() <= nowMs - kWindowMs)
        record.failures.pop_front();
    while (record.failures.size() > std::size_t(kMaxFailures))
        record.failures.pop_front();
    if (record.failures.size() >= std::size_t(kMaxFailures))
        record.blockedUntil = nowMs + kBlockMs;
}

void LoginThrottle::forgetStale(qint64 nowMs)
{
    for (auto it = m_sources.begin(); it != m_sources.end();) {
        if (it->last <= nowMs - kWindowMs && it->blockedUntil <= nowMs)
            it = m_sources.erase(it);
        else
            ++it;
    }
    // Still full (many sources failing at once): forget the one that failed longest ago.
    if (m_sources.size() >= kMaxSources) {
        auto stalest = m_sources.begin();
        for (auto it = m_sources.begin(); it != m_sources.end(); ++it)
            if (it->last < stalest->last)
                stalest = it;
        m_sources.erase(stalest);
    }
}

} // namespace tandem::mgmt
