#pragma once

// The two histories of a pair read as one: the pair revisions (commits that carry the same
// "pair-change <id>: …" label on both devices, as PairPush makes them) and each device's own
// commits, in time order. Shared by `tandemctl config pair-history | pair-rollback` and the
// desktop's pair-changes list.

#include "protocol/ConfigMessages.h"

#include <QString>
#include <array>
#include <optional>
#include <vector>

namespace tandem::client {

enum class PairRevisionState
{
    OneDeviceOnly, // a pair change that reached one history only
    Confirmed,     // confirmed on both
    Pending,       // a commit confirmed still waiting on either device
    Same,          // both ended the same way (rolled back, cancelled, plain commits)
    Mixed,         // the two devices ended differently
};

// One row of the pair's history: a pair revision (pairChangeId set, a commit on each device
// that took part) or one device's own commit (pairChangeId empty, one commit).
struct PairHistoryEntry
{
    QString pairChangeId;
    std::array<std::optional<protocol::CommitRecord>, 2> commits; // index 0: A, 1: B

    bool isPairRevision() const { return !pairChangeId.isEmpty(); }
    // The commit the row is dated and attributed by: A's when it has one.
    const protocol::CommitRecord& first() const;
    // The label without the "pair-change <id>:" prefix.
    QString label() const;
    PairRevisionState state() const;
    // "confirmed", "pending", "one device only", "cancelled", "mixed (confirmed / expired)"…
    QString stateText() const;
};

// Every commit of both histories, pair revisions merged into one entry, oldest first.
std::vector<PairHistoryEntry>
pairTimeline(const std::array<protocol::ConfigHistoryResult, 2>& histories);

// The pair revisions only, by id (ids start with their UTC time, so this is time order too).
std::vector<PairHistoryEntry>
pairRevisions(const std::array<protocol::ConfigHistoryResult, 2>& histories);

} // namespace tandem::client
