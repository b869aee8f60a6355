#pragma once

// One service board's CGN tables: users, address pools / port blocks and sessions, with
// endpoint-independent mapping and filtering (RFC 4787 / 5382 / 6146), paired pooling and port
// block allocation (RFC 6888 / 7422), protocol timers on a timer wheel, and a change record for
// every change so that the HA layer can keep a standby copy in step.
//
// A session is one mapping (inside endpoint ↔ outside endpoint) as in VPP's NAT44-EI: under EIM
// every remote host reuses it, so the remote endpoint is kept for display only. NAT64's BIB
// entry and its session share that record.
//
// Single-threaded, no I/O; time comes in as an argument. Memory is reserved up front from the
// configured limits, so setup never allocates.

#include "ChangeRecord.h"
#include "CgnTypes.h"

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tandem::cgn {

using SessionId = std::uint32_t; // valid while the session lives; reused after deletion
inline constexpr SessionId kNoSession = 0xffffffffu;

struct SetupResult
{
    SessionId session = kNoSession;
    DropReason drop = DropReason::None;
    bool created = false; // false: an existing mapping was reused (EIM) or the packet dropped
    OutsideEndpoint outside;
    bool ok() const { return drop == DropReason::None; }
};

// One packet from the inside, for the vectored data path.
struct OutboundPacket
{
    InsideEndpoint inside;
    RemoteEndpoint remote;
    std::uint8_t tcpFlags = 0;
};

struct SessionView
{
    SessionId id = kNoSession;
    InsideEndpoint inside;
    OutsideEndpoint outside;
    RemoteEndpoint remote;
    TcpState tcpState = TcpState::None;
    Seconds created = 0;
    Seconds expires = 0;
    bool operator==(const SessionView&) const = default;
};

struct PortBlockView
{
    std::uint32_t address = 0;
    std::uint16_t block = 0;
    std::uint16_t firstPort = 0;
    std::uint16_t lastPort = 0;
    std::array<std::uint16_t, kProtocolCount> used{}; // ports in use or held, per protocol
};

struct UserView
{
    UserKey key;
    std::uint32_t publicAddress = 0;
    std::vector<PortBlockView> blocks;
    std::array<std::uint32_t, kProtocolCount> sessions{}; // per protocol
    std::uint32_t totalSessions = 0;
    UserLimits limits;
    Seconds created = 0;
};

struct AddressUsage
{
    std::uint32_t address = 0;
    std::string group;
    std::uint16_t blocksUsed = 0;
    std::uint16_t blocksTotal = 0;
};

struct Digest
{
    std::uint64_t users = 0;
    std::uint64_t portBlocks = 0;
    std::uint64_t sessions = 0;
    bool operator==(const Digest&) const = default;
};

struct Counts
{
    std::uint32_t users = 0;
    std::uint32_t sessions = 0;
    std::array<std::uint32_t, kProtocolCount> sessionsByProtocol{};
    std::uint32_t portBlocksUsed = 0;
    std::uint64_t portBlocksTotal = 0;
    std::uint32_t addresses = 0;
    std::uint32_t heldPorts = 0;
    std::uint32_t maxSessions = 0;
    std::uint32_t maxUsers = 0;
    std::array<std::uint64_t, std::size_t(DropReason::Count)> drops{};
    std::uint64_t created = 0;
    std::uint64_t aged = 0;
    std::uint64_t removed = 0;
    std::uint64_t recordsApplied = 0;
    std::uint64_t recordsIgnored = 0; // applied records that named nothing here (deletes of unknowns)
};

struct SessionFilter
{
    std::optional<UserKey> user;
    std::optional<VpnId> vpn;
    std::optional<std::uint32_t> insideAddress;
    std::optional<std::uint16_t> insidePort;
    std::optional<std::uint32_t> outsideAddress;
    std::optional<std::uint16_t> outsidePort;
    std::optional<Protocol> protocol;
    std::optional<std::uint32_t> remoteAddress;
};

// Listings run in ascending id order; `cursor` is where the previous page stopped (0 = start),
// so pages neither repeat nor skip an entry that lives on. A page stops after `limit` results or
// after examining `scanBudget` entries, whichever comes first; nextCursor == 0 means the end.
struct SessionPage
{
    std::vector<SessionView> sessions;
    std::uint64_t nextCursor = 0;
    std::uint64_t examined = 0;
};

// Sorted listings (keyset paging): the order's key, then the session id, break ties; a page
// holds the `limit` sessions that come after `after` in that order.
enum class SessionOrder { Id, Inside, Outside, Remote, Created, Expires };

struct SessionPosition
{
    std::uint64_t key = 0; // (address << 16 | port) for the endpoints, seconds for the times
    SessionId id = 0;
    bool operator==(const SessionPosition&) const = default;
};

struct SortedSessionPage
{
    std::vector<SessionView> sessions;
    std::optional<SessionPosition> next; // the last row's position; empty: the end
    std::uint64_t examined = 0;
};

struct UserPage
{
    std::vector<UserView> users;
    std::uint64_t nextCursor = 0;
};

struct ImportResult
{
    std::optional<DecodeError> error; // set: nothing was changed
    std::uint32_t users = 0;
    std::uint32_t portBlocks = 0;
    std::uint32_t sessions = 0;
    bool ok() const { return !error; }
};

enum class EngineRole : std::uint8_t { Master, Standby };

// The port blocks of a range of the engine's addresses (CgnEngine::usage).
struct RangeUsage
{
    std::uint32_t addresses = 0;  // of the range the engine has
    std::uint64_t blocksUsed = 0; // held by users
    std::uint64_t blocksTotal = 0;
    std::uint64_t blocksFree = 0; // on allocatable addresses: what new users can still get
};

// The term a create record's entry adds to its table's digest (zero for other records): a
// master subtracts the terms of the entries it has not sent to the standby yet.
Digest digestTerm(const ChangeRecord& record);

class CgnEngine final
{
public:
    // nullptr with *error naming the bad field when the config cannot work (no ports per
    // block, overlapping address groups, limits of zero …).
    static std::unique_ptr<CgnEngine> create(const EngineConfig& config, std::string* error);
    ~CgnEngine();
    CgnEngine(const CgnEngine&) = delete;
    CgnEngine& operator=(const CgnEngine&) = delete;

    const EngineConfig& config() const;

    // --- Data path -------------------------------------------------------------------------
    // A packet from the inside: reuses the endpoint's mapping (EIM) or creates one (user, port
    // block and port allocated as needed), refreshes its timer and TCP state.
    SetupResult outbound(const InsideEndpoint& inside, RemoteEndpoint remote,
                         std::uint8_t tcpFlags, Seconds now);
    // The same for a vector of packets, in order, with each stage's memory fetches issued for
    // the whole vector before the stage runs (as VPP's graph nodes do): what a data plane calls.
    void outbound(std::span<const OutboundPacket> packets, std::span<SetupResult> results, Seconds now);
    // A packet from the outside: allowed towards any mapping, whatever the remote (EIF).
    SetupResult inbound(const OutsideEndpoint& outside, RemoteEndpoint remote,
                        std::uint8_t tcpFlags, Seconds now);

    SessionId findInside(const InsideEndpoint& inside) const;
    SessionId findOutside(const OutsideEndpoint& outside) const;
    // The same for a vector of packets, with the memory fetches overlapped (VPP style).
    void findInside(std::span<const InsideEndpoint> keys, std::span<SessionId> out) const;
    void findOutside(std::span<const OutsideEndpoint> keys, std::span<SessionId> out) const;

    std::optional<SessionView> session(SessionId id) const;
    // Tears a session down now (administrative clear, or the caller's own teardown); its
    // port is held before reuse like an aged one. False for an id that is not live.
    bool remove(SessionId id, Seconds now);
    // The same for many; returns how many were live.
    std::size_t remove(std::span<const SessionId> ids, Seconds now);
    // Ages sessions and releases held ports up to `now`. A standby ages no session and deletes
    // no user (its master's records do), but releases the ports it holds. After a jump of more
    // than the wheel (8192 s) a long-expired session is aged at the jump's first second, so its
    // port hold may end later than its expiry + hold, never earlier.
    // At most `maxEntries` timer and hold entries are taken (about 0.2 µs each; a second in
    // which a million sessions expire would otherwise be one long pause); false when some are
    // left for the next call, true when everything up to `now` is done. Until then sessions
    // past their expiry are still found and may be refreshed, as between two calls.
    bool advance(Seconds now, std::size_t maxEntries = std::numeric_limits<std::size_t>::max());

    // --- HA ---------------------------------------------------------------------------------
    EngineRole role() const;
    void setStandby();
    // Standby → master: from now on this engine ages and allocates. Sessions keep their
    // remaining lifetimes; any that ran out while standby get the refresh granularity as grace.
    void activate(Seconds now);

    void setSink(ChangeSink* sink); // nullptr: records are dropped
    void flush();                   // hands buffered records to the sink

    // Applies records from the master (real-time backup). Idempotent: a create for an entry
    // that exists updates it; a delete or refresh for an unknown entry is counted and ignored.
    // A record that contradicts the tables (an outside port held by another user …) is refused
    // with a message and changes nothing.
    std::optional<std::string> apply(const ChangeRecord& record, Seconds now);

    // Bulk: every user, port block and session as create records (snapshots).
    std::vector<ChangeRecord> exportTables(Seconds now) const;
    // Batch backup by cursor, so that the tables are streamed without a copy of them: appends
    // the entries from `cursor` on as create records (users, each with its port blocks, then
    // sessions, in slot order), stopping after about `maxRecords` (a user's blocks are never
    // split), and returns the cursor to go on from, kExportDone at the end. Start with 0. An
    // entry that lives through the whole walk is exported exactly once; one created or deleted
    // meanwhile may or may not be, which is why a standby applies the real-time records of the
    // same moments as well (creates are idempotent, deletes of unknowns are ignored).
    static constexpr std::uint64_t kExportDone = ~std::uint64_t(0);
    std::uint64_t exportChunk(std::uint64_t cursor, std::size_t maxRecords, Seconds now,
                              std::vector<ChangeRecord>& out) const;
    // What a standby needs to be right again about the entry a change record names (one whose
    // record it missed): the entry's current state as a create record, or its delete when it
    // is gone here; a session now mapped elsewhere gives the old mapping's delete and then the
    // new one's create. Appended to `out`.
    void currentState(const ChangeRecord& changed, Seconds now, std::vector<ChangeRecord>& out) const;
    // Imports an encoded stream (encodeRecords) all or nothing: on any bad record nothing
    // changes and the error names the record's byte offset.
    ImportResult importTables(std::span<const std::uint8_t> bytes, Seconds now);

    // Empties the tables entry by entry, O(live entries), without giving back the memory: how a
    // standby with a few entries starts a batch backup (building a fresh engine costs the
    // whole table's memory up front). Records nothing.
    void clear(Seconds now);

    // Order-independent per table: equal tables give equal digests on both devices.
    Digest digest() const;

    // --- Management queries -----------------------------------------------------------------
    Counts counts() const;
    std::optional<UserView> user(const UserKey& key) const;
    SessionPage listSessions(const SessionFilter& filter, std::uint64_t cursor, std::size_t limit,
                             std::uint64_t scanBudget = 1u << 20) const;
    // One full pass over the sessions (or one user's, with a user filter) keeping the best
    // `limit` in a heap: O(n log limit) per page, no index kept for orders nobody asks for.
    SortedSessionPage listSessionsSorted(const SessionFilter& filter, SessionOrder order,
                                         bool descending,
                                         const std::optional<SessionPosition>& after,
                                         std::size_t limit) const;
    UserPage listUsers(std::uint64_t cursor, std::size_t limit) const;
    std::vector<AddressUsage> addressUsage() const;

    // --- Load balancing (a global pool's subnets, SubnetPool) -------------------------------
    // Whether new users may be given an address of `range` (at first every address of the
    // engine's groups may). A user already on an address keeps it and may take more blocks of
    // it; a standby applies records for any of its addresses. Returns how many addresses of the
    // range the engine has. O(addresses in the range).
    std::size_t setAllocatable(const AddressRange& range, bool allocatable);
    RangeUsage usage(const AddressRange& range) const;
    // Bytes of every table, index and buffer the engine holds.
    std::size_t memoryBytes() const;

private:
    struct Impl;
    explicit CgnEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace tandem::cgn
