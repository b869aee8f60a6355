#include "client/PairHistory.h"

#include "client/PairPush.h"

#include <algorithm>
#include <map>

namespace tandem::client {

using protocol::CommitRecord;
using protocol::Confirmation;

const CommitRecord& PairHistoryEntry::first() const
{
    return commits[0] ? *commits[0] : *commits[1];
}

QString PairHistoryEntry::label() const
{
    const QString whole = first().label;
    if (!isPairRevision())
        return whole;
    const qsizetype colon = whole.indexOf(QLatin1Char(':'));
    return colon < 0 ? QString() : whole.mid(colon + 1).trimmed();
}

PairRevisionState PairHistoryEntry::state() const
{
    const auto& a = commits[0];
    const auto& b = commits[1];
    if (!a || !b)
        return PairRevisionState::OneDeviceOnly;
    if (a->confirmation == Confirmation::Confirmed && b->confirmation == Confirmation::Confirmed)
        return PairRevisionState::Confirmed;
    if (a->confirmation == Confirmation::Pending || b->confirmation == Confirmation::Pending)
        return PairRevisionState::Pending;
    return a->confirmation == b->confirmation ? PairRevisionState::Same : PairRevisionState::Mixed;
}

QString PairHistoryEntry::stateText() const
{
    if (!isPairRevision())
        return QLatin1String(protocol::toString(first().confirmation));
    switch (state()) {
    case PairRevisionState::OneDeviceOnly:
        return QStringLiteral("one device only");
    case PairRevisionState::Confirmed:
        return QStringLiteral("confirmed");
    case PairRevisionState::Pending:
        return QStringLiteral("pending");
    case PairRevisionState::Same:
        return QLatin1String(protocol::toString(commits[0]->confirmation));
    case PairRevisionState::Mixed:
        break;
    }
    return QStringLiteral("mixed (%1 / %2)")
        .arg(QLatin1String(protocol::toString(commits[0]->confirmation)),
             QLatin1String(protocol::toString(commits[1]->confirmation)));
}

std::vector<PairHistoryEntry>
pairTimeline(const std::array<protocol::ConfigHistoryResult, 2>& histories)
{
    std::vector<PairHistoryEntry> list;
    std::map<QString, std::size_t> index;
    for (std::size_t side = 0; side < 2; ++side)
        for (const CommitRecord& c : histories[side].commits) {
            const QString id = PairPush::pairChangeIdOf(c.label);
            if (id.isEmpty()) {
                PairHistoryEntry own;
                own.commits[side] = c;
                list.push_back(std::move(own));
                continue;
            }
            auto [it, inserted] = index.try_emplace(id, list.size());
            if (inserted)
                list.push_back({id, {}});
            list[it->second].commits[side] = c;
        }
    std::stable_sort(list.begin(), list.end(),
                     [](const PairHistoryEntry& x, const PairHistoryEntry& y) {
                         return x.first().timeMsecsSinceEpoch < y.first().timeMsecsSinceEpoch;
                     });
    return list;
}

std::vector<PairHistoryEntry>
pairRevisions(const std::array<protocol::ConfigHistoryResult, 2>& histories)
{
    std::vector<PairHistoryEntry> list = pairTimeline(histories);
    std::erase_if(list, [](const PairHistoryEntry& e) { return !e.isPairRevision(); });
    std::sort(list.begin(), list.end(), [](const PairHistoryEntry& x, const PairHistoryEntry& y) {
        return x.pairChangeId < y.pairChangeId;
    });
    return list;
}

} // namespace tandem::client
