// Randomized operation sequences against CgnEngine (and the benchmark's ReferenceEngine),
// checked after every operation against the simple model in CgnModel.h: results and drop
// reasons, EIM reuse, outside endpoints unique and on the user's one address, lookups both
// ways, exact ageing on the virtual clock, the 120 s port hold, counts; and, periodically, that
// an export → encode → import copy and a standby fed the master's change records have the
// master's digest. A failure is shrunk to a short operation sequence that still fails.
//
// TANDEM_CGN_TRACE=1 prints every operation (for a crash); TANDEM_CGN_MODEL_OPS=N overrides the
// number of operations per seed (see opsPerSeed()).

#include "CgnModel.h"
#include "ReferenceEngine.h"
#include "cgn/CgnEngine.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <gtest/gtest.h>
#include <memory>
#include <random>
#include <sstream>
#include <type_traits>
#include <utility>

namespace tandem::cgn {
namespace {

using model::describe;
using model::Model;

constexpr std::uint32_t ip(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d)
{
    return a << 24 | b << 16 | c << 8 | d;
}

Ipv6Address ipv6(std::uint16_t group1, std::uint16_t group2, std::uint16_t group3,
                 std::uint16_t last)
{
    Ipv6Address address{};
    const std::uint16_t groups[8] = {group1, group2, group3, 0, 0, 0, 0, last};
    for (int i = 0; i < 8; ++i) {
        address[2 * i] = std::uint8_t(groups[i] >> 8);
        address[2 * i + 1] = std::uint8_t(groups[i]);
    }
    return address;
}

constexpr VpnId kVpnMain = 0;
constexpr VpnId kVpnOther = 7;
constexpr VpnId kVpnNoGroup = 9;

// Small pools so that every kind of exhaustion happens often. Variant 0: two addresses in two
// sections for VPN 0; 1: a port range that does not divide into blocks and small tables;
// 2: one block per user.
EngineConfig configFor(int variant, std::uint64_t seed)
{
    EngineConfig config;
    config.randomSeed = seed * 7919 + 1;
    config.maxSessions = 4096; // small tables: every check copies or rebuilds them
    config.maxUsers = 256;
    switch (variant) {
    case 0:
        config.firstPort = 1024;
        config.lastPort = 1024 + 4 * 8 - 1; // 4 blocks of 8
        config.portBlockSize = 8;
        config.blocksPerUser = 2;
        config.limits = {20, 12, 12, 3};
        config.groups = {{"main",
                          kVpnMain,
                          {{ip(198, 51, 100, 1), ip(198, 51, 100, 1)},
                           {ip(198, 51, 100, 9), ip(198, 51, 100, 9)}}},
                         {"other", kVpnOther, {{ip(203, 0, 113, 5), ip(203, 0, 113, 5)}}}};
        break;
    case 1:
        config.maxSessions = 40;
        config.maxUsers = 9;
        config.firstPort = 2000;
        config.lastPort = 2070; // 71 ports: 4 blocks of 16, 7 ports never used
        config.portBlockSize = 16;
        config.blocksPerUser = 2;
        config.limits = {12, 6, 4, 2};
        config.groups = {{"main", kVpnMain, {{ip(198, 51, 100, 20), ip(198, 51, 100, 21)}}},
                         {"other", kVpnOther, {{ip(203, 0, 113, 9), ip(203, 0, 113, 9)}}}};
        break;
    default:
        config.firstPort = 5000;
        config.lastPort = 5000 + 3 * 12 - 1; // 3 blocks of 12
        config.portBlockSize = 12;
        config.blocksPerUser = 1;
        config.limits = {20, 14, 14, 3};
        config.groups = {{"main",
                          kVpnMain,
                          {{ip(198, 51, 100, 30), ip(198, 51, 100, 31)},
                           {ip(198, 51, 100, 40), ip(198, 51, 100, 40)}}},
                         {"other", kVpnOther, {{ip(203, 0, 113, 1), ip(203, 0, 113, 1)}}}};
        break;
    }
    return config;
}

// NAT44 users in two VPNs with the same CPE addresses (separate users), one in a VPN no group
// serves, DS-Lite B4s with two hosts each, NAT64 sources.
std::vector<UserKey> userPool()
{
    std::vector<UserKey> users;
    for (std::uint32_t i = 1; i <= 6; ++i)
        users.push_back(UserKey::nat44(kVpnMain, ip(10, 0, 0, i)));
    for (std::uint32_t i = 1; i <= 3; ++i)
        users.push_back(UserKey::nat44(kVpnOther, ip(10, 0, 0, i)));
    users.push_back(UserKey::nat44(kVpnNoGroup, ip(10, 0, 0, 1)));
    for (std::uint16_t i = 1; i <= 3; ++i)
        users.push_back(UserKey::dsLite(ipv6(0x2001, 0xdb8, 0, i)));
    for (std::uint16_t i = 1; i <= 3; ++i)
        users.push_back(UserKey::nat64(ipv6(0x2001, 0xdb8, 0x64, i)));
    return users;
}

enum class OpKind
{
    Outbound,
    Inbound,
    Remove,
    RemoveId,
    Advance,
    Probe,
    Export,
    StandbyCheck
};

struct Op
{
    OpKind kind = OpKind::Advance;
    Seconds now = 0; // Advance: the new time
    InsideEndpoint inside;
    OutsideEndpoint outside;
    RemoteEndpoint remote;
    std::uint8_t flags = 0;
    SessionId id = kNoSession;
    // Inbound: aimed at the mapping of `inside` (whatever port it got) rather than at
    // `outside`, so that a shrunk sequence still hits it.
    bool toMappingOfInside = false;
};

std::string describe(const Op& op)
{
    switch (op.kind) {
    case OpKind::Outbound:
        return "outbound " + describe(op.inside) + " to " + describe(op.remote) + " flags " +
               model::describeFlags(op.flags);
    case OpKind::Inbound:
        return "inbound " +
               (op.toMappingOfInside ? "to the mapping of " + describe(op.inside)
                                     : describe(op.outside)) +
               " from " + describe(op.remote) + " flags " + model::describeFlags(op.flags);
    case OpKind::Remove:
        return "remove the session of " + describe(op.inside);
    case OpKind::RemoveId:
        return "remove id " + std::to_string(op.id);
    case OpKind::Advance:
        return "advance to " + std::to_string(op.now);
    case OpKind::Probe:
        return "find " + describe(op.inside) + " / " + describe(op.outside);
    case OpKind::Export:
        return "export → import, compare";
    case OpKind::StandbyCheck:
        return "compare the standby";
    }
    return "?";
}

class CaptureSink final : public ChangeSink
{
public:
    void consume(std::span<const ChangeRecord> records) override
    {
        m_records.insert(m_records.end(), records.begin(), records.end());
    }
    std::vector<ChangeRecord> take() { return std::exchange(m_records, {}); }

private:
    std::vector<ChangeRecord> m_records;
};

template <typename T> std::string mismatch(const std::string& what, const T& got, const T& expected)
{
    std::ostringstream out;
    out << what << ": engine " << got << ", model " << expected;
    return out.str();
}

std::string describe(const std::set<DropReason>& reasons)
{
    std::string text;
    for (DropReason reason : reasons)
        text += (text.empty() ? "" : " | ") + std::string(toString(reason));
    return text;
}

std::string compareCounts(const Counts& got, const Counts& want)
{
#define TANDEM_COMPARE(field)                                                                      \
    if (got.field != want.field)                                                                   \
        return mismatch("counts()." #field, got.field, want.field);
    TANDEM_COMPARE(users)
    TANDEM_COMPARE(sessions)
    TANDEM_COMPARE(portBlocksUsed)
    TANDEM_COMPARE(portBlocksTotal)
    TANDEM_COMPARE(addresses)
    TANDEM_COMPARE(heldPorts)
    TANDEM_COMPARE(maxSessions)
    TANDEM_COMPARE(maxUsers)
    TANDEM_COMPARE(created)
    TANDEM_COMPARE(aged)
    TANDEM_COMPARE(removed)
    TANDEM_COMPARE(recordsApplied)
    TANDEM_COMPARE(recordsIgnored)
#undef TANDEM_COMPARE
    for (int p = 0; p < kProtocolCount; ++p) {
        if (got.sessionsByProtocol[p] != want.sessionsByProtocol[p])
            return mismatch("counts().sessionsByProtocol[" + std::string(toString(Protocol(p))) +
                                "]",
                            got.sessionsByProtocol[p], want.sessionsByProtocol[p]);
    }
    for (std::size_t r = 0; r < got.drops.size(); ++r) {
        if (got.drops[r] != want.drops[r])
            return mismatch("counts().drops[" + std::string(toString(DropReason(r))) + "]",
                            got.drops[r], want.drops[r]);
    }
    return {};
}

// `what` names the view in a message ("session" or "imported session"); built only on failure.
std::string compareSession(const char* what, const SessionView& view, const Model::Session& want,
                           bool compareId)
{
    const auto who = [&] { return std::string(what) + "(" + std::to_string(want.id) + ")"; };
    if (compareId && view.id != want.id)
        return mismatch(who() + " id", view.id, want.id);
    if (!(view.inside == want.inside))
        return who() + ": inside " + describe(view.inside) + ", model " + describe(want.inside);
    if (!(view.outside == want.outside))
        return who() + ": outside " + describe(view.outside) + ", model " + describe(want.outside);
    if (!(view.remote == want.remote))
        return who() + ": remote " + describe(view.remote) + ", model " + describe(want.remote);
    if (view.tcpState != want.tcpState)
        return who() + ": TCP state " + std::string(toString(view.tcpState)) + ", model " +
               std::string(toString(want.tcpState));
    if (view.created != want.created)
        return mismatch(who() + " created", view.created, want.created);
    if (view.expires != want.expires)
        return mismatch(who() + " expires", view.expires, want.expires);
    return {};
}

// One engine (and, for CgnEngine, a standby fed its records) driven in step with the model.
template <typename Engine> class Harness
{
public:
    static constexpr bool kFull = std::is_same_v<Engine, CgnEngine>;

    Harness(const EngineConfig& config, Seconds start)
        : m_config(config), m_model(config), m_now(start)
    {
        m_engine = Engine::create(config, &m_error);
        if constexpr (kFull) {
            if (m_engine) {
                m_engine->setSink(&m_sink);
                m_standby = CgnEngine::create(config, &m_error);
                if (m_standby)
                    m_standby->setStandby();
            }
        }
    }

    std::string createError() const
    {
        if (!m_engine || (kFull && !m_standby))
            return "create: " + m_error;
        return {};
    }

    const Model& model() const { return m_model; }
    Seconds now() const { return m_now; }

    // Applies one operation to the engine(s) and the model; the first discrepancy, or empty.
    std::string run(const Op& op)
    {
        std::string failure = apply(op);
        if (failure.empty())
            failure = checkTables();
        if constexpr (kFull) {
            if (failure.empty())
                failure = syncStandby();
            if (failure.empty() && op.kind == OpKind::Advance)
                m_standby->advance(m_now); // a standby ages nothing by itself
        }
        return failure;
    }

private:
    std::string apply(const Op& op)
    {
        switch (op.kind) {
        case OpKind::Outbound:
            return outbound(op);
        case OpKind::Inbound:
            return inbound(op);
        case OpKind::Remove: {
            const Model::Session* session = m_model.findInside(op.inside);
            if (!session)
                return {}; // nothing to remove (a shrunk sequence)
            const SessionId id = session->id;
            if (!m_engine->remove(id, m_now))
                return "remove(" + std::to_string(id) + ") of a live session returned false";
            m_model.remove(id, m_now);
            return {};
        }
        case OpKind::RemoveId: {
            const bool live = m_model.findId(op.id) != nullptr;
            if (m_engine->remove(op.id, m_now) != live)
                return mismatch("remove(" + std::to_string(op.id) + ")", !live, live);
            m_model.remove(op.id, m_now);
            return {};
        }
        case OpKind::Advance:
            m_now = op.now;
            m_engine->advance(m_now);
            m_model.advance(m_now);
            return {};
        case OpKind::Probe: {
            const Model::Session* in = m_model.findInside(op.inside);
            const Model::Session* out = m_model.findOutside(op.outside);
            if (m_engine->findInside(op.inside) != (in ? in->id : kNoSession))
                return mismatch("findInside(" + describe(op.inside) + ")",
                                m_engine->findInside(op.inside), in ? in->id : kNoSession);
            if (m_engine->findOutside(op.outside) != (out ? out->id : kNoSession))
                return mismatch("findOutside(" + describe(op.outside) + ")",
                                m_engine->findOutside(op.outside), out ? out->id : kNoSession);
            return {};
        }
        case OpKind::Export:
            if constexpr (kFull)
                return checkExport();
            return {};
        case OpKind::StandbyCheck:
            if constexpr (kFull) {
                if (!(m_standby->digest() == m_engine->digest()))
                    return "standby digest differs from the master's after applying its records";
            }
            return {};
        }
        return "unknown op";
    }

    std::string outbound(const Op& op)
    {
        const Model::Session* existing = m_model.findInside(op.inside);
        const SetupResult r = m_engine->outbound(op.inside, op.remote, op.flags, m_now);
        if (existing) {
            if (!r.ok() || r.created || r.session != existing->id ||
                !(r.outside == existing->outside))
                return "expected reuse of session " + std::to_string(existing->id) + " on " +
                       describe(existing->outside) + " (EIM), got " + describe(r);
            m_model.touch(op.inside, op.remote, op.flags, true, m_now);
            return {};
        }
        const std::set<DropReason> refusals = m_model.refusals(op.inside);
        if (refusals.empty()) {
            if (!r.ok() || !r.created)
                return "expected a new mapping, got " + describe(r);
            return m_model.acceptCreated(op.inside, r, op.remote, op.flags, m_now);
        }
        if (r.ok() || !refusals.count(r.drop) || r.created || r.session != kNoSession)
            return "expected a drop for " + describe(refusals) + ", got " + describe(r);
        m_model.countDrop(r.drop);
        return {};
    }

    std::string inbound(const Op& op)
    {
        OutsideEndpoint outside = op.outside;
        if (op.toMappingOfInside) {
            const Model::Session* target = m_model.findInside(op.inside);
            if (!target)
                return {}; // the mapping is gone (a shrunk sequence)
            outside = target->outside;
        }
        const Model::Session* existing = m_model.findOutside(outside);
        const SetupResult r = m_engine->inbound(outside, op.remote, op.flags, m_now);
        if (existing) {
            if (!r.ok() || r.created || r.session != existing->id || !(r.outside == outside))
                return "expected session " + std::to_string(existing->id) + " (EIF), got " +
                       describe(r);
            m_model.touch(existing->inside, op.remote, op.flags, false, m_now);
            return {};
        }
        if (r.drop != DropReason::NoMapping || r.created || r.session != kNoSession)
            return "expected a NoMapping drop, got " + describe(r);
        m_model.countDrop(DropReason::NoMapping);
        return {};
    }

    std::string syncStandby()
    {
        m_engine->flush();
        for (const ChangeRecord& record : m_sink.take()) {
            if (auto error = m_standby->apply(record, m_now))
                return "standby refused a master record (" + describe(record) + "): " + *error;
        }
        const Counts standby = m_standby->counts();
        const Counts want = m_model.expectedCounts();
        if (standby.users != want.users)
            return mismatch("standby counts().users", standby.users, want.users);
        if (standby.sessions != want.sessions)
            return mismatch("standby counts().sessions", standby.sessions, want.sessions);
        if (standby.portBlocksUsed != want.portBlocksUsed)
            return mismatch("standby counts().portBlocksUsed", standby.portBlocksUsed,
                            want.portBlocksUsed);
        if (standby.recordsIgnored != 0)
            return mismatch<std::uint64_t>("standby counts().recordsIgnored",
                                           standby.recordsIgnored, 0);
        // A held port lies in a block someone holds: a standby that keeps holds of freed blocks
        // grows its hold queue with every session its master tears down.
        const std::uint64_t portsInBlocks =
            std::uint64_t(standby.portBlocksUsed) * m_config.portBlockSize * kProtocolCount;
        if (standby.heldPorts > portsInBlocks)
            return "standby counts().heldPorts " + std::to_string(standby.heldPorts) +
                   " exceeds the " + std::to_string(portsInBlocks) + " ports of its " +
                   std::to_string(standby.portBlocksUsed) + " blocks";
        return {};
    }

    std::string checkTables()
    {
        std::vector<InsideEndpoint> insideKeys;
        std::vector<OutsideEndpoint> outsideKeys;
        std::vector<SessionId> ids;
        for (const auto& [key, s] : m_model.sessions()) {
            const SessionId in = m_engine->findInside(s.inside);
            if (in != s.id)
                return mismatch("findInside(" + describe(s.inside) + ")", in, s.id);
            const SessionId out = m_engine->findOutside(s.outside);
            if (out != s.id)
                return mismatch("findOutside(" + describe(s.outside) + ")", out, s.id);
            insideKeys.push_back(s.inside);
            outsideKeys.push_back(s.outside);
            ids.push_back(s.id);
        }
        if constexpr (kFull)
            return checkFull(insideKeys, outsideKeys, ids);
        else
            return checkReference();
    }

    std::string checkReference()
    {
        const Counts want = m_model.expectedCounts();
        if (m_engine->sessionCount() != want.sessions)
            return mismatch<std::size_t>("sessionCount()", m_engine->sessionCount(), want.sessions);
        if (m_engine->userCount() != want.users)
            return mismatch<std::size_t>("userCount()", m_engine->userCount(), want.users);
        if (m_engine->heldPortCount() != want.heldPorts)
            return mismatch<std::size_t>("heldPortCount()", m_engine->heldPortCount(),
                                         want.heldPorts);
        for (std::size_t r = 1; r < want.drops.size(); ++r) {
            if (m_engine->dropCount(DropReason(r)) != want.drops[r])
                return mismatch("dropCount(" + std::string(toString(DropReason(r))) + ")",
                                m_engine->dropCount(DropReason(r)), want.drops[r]);
        }
        return {};
    }

    std::string checkFull(const std::vector<InsideEndpoint>& insideKeys,
                          const std::vector<OutsideEndpoint>& outsideKeys,
                          const std::vector<SessionId>& ids)
    {
        std::string failure = compareCounts(m_engine->counts(), m_model.expectedCounts());
        if (!failure.empty())
            return failure;

        std::vector<SessionId> found(ids.size());
        m_engine->findInside(insideKeys, found);
        if (found != ids)
            return "vector findInside differs from the model";
        m_engine->findOutside(outsideKeys, found);
        if (found != ids)
            return "vector findOutside differs from the model";

        for (const auto& [key, s] : m_model.sessions()) {
            const std::optional<SessionView> view = m_engine->session(s.id);
            if (!view)
                return "session(" + std::to_string(s.id) + ") missing";
            failure = compareSession("session", *view, s, true);
            if (!failure.empty())
                return failure;
        }

        const EngineConfig& c = m_config;
        for (const auto& [key, u] : m_model.users()) {
            const std::optional<UserView> view = m_engine->user(u.key);
            const auto who = [&] { return "user(" + describe(u.key) + ")"; };
            if (!view)
                return who() + " missing";
            if (view->publicAddress != u.address)
                return who() + ": public address " + ipv4ToString(view->publicAddress) +
                       ", model " + ipv4ToString(u.address);
            if (view->totalSessions != u.total)
                return mismatch(who() + " totalSessions", view->totalSessions, u.total);
            for (int p = 0; p < kProtocolCount; ++p) {
                if (view->sessions[p] != u.sessions[p])
                    return mismatch(who() + " sessions[" + std::string(toString(Protocol(p))) + "]",
                                    view->sessions[p], u.sessions[p]);
            }
            if (!(view->limits == c.limits))
                return who() + ": limits differ from the config";
            if (view->created != u.created)
                return mismatch(who() + " created", view->created, u.created);
            std::set<std::uint16_t> blocks;
            for (const PortBlockView& b : view->blocks) {
                if (b.address != u.address)
                    return who() + ": a block on " + ipv4ToString(b.address) + ", not its address";
                blocks.insert(b.block);
                const auto first = std::uint16_t(c.firstPort + b.block * c.portBlockSize);
                if (b.firstPort != first || b.lastPort != first + c.portBlockSize - 1)
                    return who() + ": block " + std::to_string(b.block) + " spans " +
                           std::to_string(b.firstPort) + "-" + std::to_string(b.lastPort);
                for (int p = 0; p < kProtocolCount; ++p) {
                    const std::uint16_t want = m_model.portsTaken(u.address, b.block, Protocol(p));
                    if (b.used[p] != want)
                        return mismatch(who() + " block " + std::to_string(b.block) + " used[" +
                                            std::string(toString(Protocol(p))) + "]",
                                        b.used[p], want);
                }
            }
            if (blocks != u.blocks || view->blocks.size() != u.blocks.size())
                return who() + ": holds " + std::to_string(view->blocks.size()) +
                       " blocks, not the model's " + std::to_string(u.blocks.size());
        }
        return {};
    }

    std::string checkExport()
    {
        const std::vector<ChangeRecord> records = m_engine->exportTables(m_now);
        std::size_t users = 0, blocks = 0, sessions = 0;
        for (const ChangeRecord& r : records) {
            users += r.type == RecordType::UserCreate;
            blocks += r.type == RecordType::BlockAlloc;
            sessions += r.type == RecordType::SessionCreate;
        }
        if (users != m_model.users().size() || blocks != m_model.blockCount() ||
            sessions != m_model.sessions().size() || users + blocks + sessions != records.size())
            return "exportTables: " + std::to_string(users) + " users, " + std::to_string(blocks) +
                   " blocks, " + std::to_string(sessions) + " sessions in " +
                   std::to_string(records.size()) + " records";

        const std::vector<std::uint8_t> bytes = encodeRecords(records);
        const DecodedRecords decoded = decodeRecords(bytes);
        if (decoded.error)
            return "decodeRecords(encodeRecords(export)): " + decoded.error->format();
        if (decoded.records != records)
            return "decodeRecords(encodeRecords(export)) differs from the export";

        std::string error;
        std::unique_ptr<CgnEngine> copy = CgnEngine::create(m_config, &error);
        if (!copy)
            return "create for import: " + error;
        const ImportResult imported = copy->importTables(bytes, m_now);
        if (!imported.ok())
            return "importTables(export): " + imported.error->format();
        if (imported.users != users || imported.portBlocks != blocks ||
            imported.sessions != sessions)
            return "importTables counted other numbers than the export holds";
        if (!(copy->digest() == m_engine->digest()))
            return "digest after export → import differs from the original's";
        const Counts got = copy->counts();
        if (got.users != users || got.sessions != sessions || got.portBlocksUsed != blocks)
            return "counts after import differ from the export";
        for (const auto& [key, s] : m_model.sessions()) {
            const std::optional<SessionView> view = copy->session(copy->findInside(s.inside));
            if (!view)
                return "imported copy lacks " + describe(s.inside);
            const std::string failure = compareSession("imported session", *view, s, false);
            if (!failure.empty())
                return failure;
        }

        // A truncated stream is refused whole, leaving the tables as they were.
        if (bytes.size() > 8) {
            const Digest before = copy->digest();
            const std::span<const std::uint8_t> truncated(bytes.data(), bytes.size() - 5);
            if (copy->importTables(truncated, m_now).ok())
                return "importTables accepted a truncated stream";
            if (!(copy->digest() == before))
                return "a refused import changed the tables";
        }
        return {};
    }

    EngineConfig m_config;
    Model m_model;
    Seconds m_now;
    std::string m_error;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<CgnEngine> m_standby;
    CaptureSink m_sink;
};

// Picks the next operation from what the model holds now.
class OpGenerator
{
public:
    explicit OpGenerator(std::uint64_t seed) : m_random(seed), m_users(userPool()) {}

    Op next(const Model& model, Seconds now, std::size_t index)
    {
        Op op;
        op.now = now;
        if (index % 1000 == 999) {
            op.kind = OpKind::Export;
            return op;
        }
        if (index % 100 == 99) {
            op.kind = OpKind::StandbyCheck;
            return op;
        }
        op.remote = {ip(192, 0, 2, 1 + pick(4)), std::uint16_t(80 + pick(3))};
        const std::uint32_t roll = pick(100);
        if (roll < 52) {
            op.kind = OpKind::Outbound;
            const auto& sessions = model.sessions();
            if (!sessions.empty() && pick(100) < 30)
                op.inside = std::next(sessions.begin(), pick(sessions.size()))->second.inside;
            else
                op.inside = randomInside();
            op.flags = pickOf({tcp::kSyn, tcp::kSyn, tcp::kSyn, tcp::kAck, tcp::kAck,
                               tcp::kFin | tcp::kAck, tcp::kRst, tcp::kSyn | tcp::kAck, 0});
        } else if (roll < 72) {
            op.kind = OpKind::Inbound;
            const auto& sessions = model.sessions();
            const auto& held = model.held();
            if (roll < 65 && !sessions.empty()) {
                const auto& target = std::next(sessions.begin(), pick(sessions.size()))->second;
                op.inside = target.inside;
                op.outside = target.outside;
                op.toMappingOfInside = true;
            } else if (roll < 68 && !held.empty()) {
                const auto [address, port, protocol] =
                    std::next(held.begin(), pick(held.size()))->first;
                op.outside = {address, port, Protocol(protocol)};
            } else {
                op.outside = randomOutside(model);
            }
            op.flags = pickOf({tcp::kSyn | tcp::kAck, tcp::kSyn | tcp::kAck, tcp::kAck, tcp::kAck,
                               tcp::kFin | tcp::kAck, tcp::kRst, tcp::kSyn});
        } else if (roll < 78) {
            op.kind = OpKind::Remove;
            const auto& sessions = model.sessions();
            op.inside = sessions.empty()
                            ? randomInside()
                            : std::next(sessions.begin(), pick(sessions.size()))->second.inside;
        } else if (roll < 80) {
            op.kind = OpKind::RemoveId;
            op.id = pick(10) == 0 ? kNoSession : pick(64);
        } else if (roll < 90) {
            // Mostly small steps so that tables fill up, now and then past every timer.
            op.kind = OpKind::Advance;
            const std::uint32_t r = pick(1000);
            Seconds step = 0;
            if (r < 550)
                step = pick(5);
            else if (r < 900)
                step = 5 + pick(26);
            else if (r < 985)
                step = 31 + pick(270);
            else
                step = 301 + pick(7700);
            op.now = now + step;
        } else {
            op.kind = OpKind::Probe;
            op.inside = randomInside();
            op.outside = randomOutside(model);
        }
        return op;
    }

private:
    std::uint32_t pick(std::size_t n)
    {
        return std::uniform_int_distribution<std::uint32_t>(0, std::uint32_t(n - 1))(m_random);
    }
    std::uint8_t pickOf(std::initializer_list<int> values)
    {
        return std::uint8_t(*std::next(values.begin(), pick(values.size())));
    }

    // Most packets come from one busy user at a time, so that its limits and ports run out.
    InsideEndpoint randomInside()
    {
        if (++m_hotAge > 300) {
            m_hot = pick(m_users.size());
            m_hotAge = 0;
        }
        InsideEndpoint inside;
        inside.user = m_users[pick(100) < 60 ? m_hot : pick(m_users.size())];
        switch (inside.user.kind) {
        case UserKind::Nat44:
            inside.innerAddress = inside.user.ipv4;
            break;
        case UserKind::DsLite:
            inside.innerAddress = ip(192, 168, 0, 2 + pick(2));
            break;
        case UserKind::Nat64:
            inside.innerAddress = 0;
            break;
        }
        inside.port = std::uint16_t(40000 + pick(24));
        const std::uint32_t p = pick(10);
        inside.protocol = p < 4 ? Protocol::Tcp : p < 8 ? Protocol::Udp : Protocol::Icmp;
        return inside;
    }

    OutsideEndpoint randomOutside(const Model& model)
    {
        const auto& addresses = model.addresses();
        OutsideEndpoint outside;
        outside.address = pick(8) == 0 ? ip(198, 51, 100, 250) : addresses[pick(addresses.size())];
        const EngineConfig& c = model.config();
        outside.port = std::uint16_t(c.firstPort - 2 + pick(c.lastPort - c.firstPort + 5));
        outside.protocol = Protocol(pick(kProtocolCount));
        return outside;
    }

    std::mt19937_64 m_random;
    std::vector<UserKey> m_users;
    std::size_t m_hot = 0;
    std::size_t m_hotAge = 0;
};

// 20 seeds × 20,000 operations take a few seconds optimised; unoptimised or sanitized builds
// run five times fewer per seed to stay within ~20 s.
std::size_t opsPerSeed()
{
    if (const char* text = std::getenv("TANDEM_CGN_MODEL_OPS"))
        return std::size_t(std::strtoul(text, nullptr, 10));
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
    return 4000;
#else
    return 20000;
#endif
}

Seconds startFor(int seed)
{
    return Seconds(1000 + seed * 37);
}

// Replays `ops` on a fresh harness; the first failure, or empty.
template <typename Engine>
std::string replay(const EngineConfig& config, Seconds start, const std::vector<Op>& ops)
{
    Harness<Engine> harness(config, start);
    for (const Op& op : ops) {
        if (std::string failure = harness.run(op); !failure.empty())
            return failure;
    }
    return {};
}

// Drops chunks of the sequence while it still fails (ddmin, complements only), within a time
// budget; returns the shortest failing sequence found and its failure.
template <typename Engine>
std::pair<std::vector<Op>, std::string> shrink(const EngineConfig& config, Seconds start,
                                               std::vector<Op> ops, std::string failure)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::size_t chunks = 2;
    while (ops.size() >= 2 && std::chrono::steady_clock::now() < deadline) {
        const std::size_t chunk = (ops.size() + chunks - 1) / chunks;
        bool reduced = false;
        for (std::size_t begin = 0; begin < ops.size() && !reduced; begin += chunk) {
            std::vector<Op> candidate(ops.begin(), ops.begin() + long(begin));
            candidate.insert(candidate.end(),
                             ops.begin() + long(std::min(begin + chunk, ops.size())), ops.end());
            std::string why = replay<Engine>(config, start, candidate);
            if (!why.empty()) {
                ops = std::move(candidate);
                failure = std::move(why);
                chunks = std::max<std::size_t>(chunks - 1, 2);
                reduced = true;
            }
        }
        if (!reduced) {
            if (chunk == 1)
                break;
            chunks = std::min(chunks * 2, ops.size());
        }
    }
    return {ops, failure};
}

template <typename Engine> void runSeed(int seed)
{
    const EngineConfig config = configFor(seed % 3, std::uint64_t(seed));
    const Seconds start = startFor(seed);
    const bool trace = std::getenv("TANDEM_CGN_TRACE") != nullptr;
    Harness<Engine> harness(config, start);
    ASSERT_EQ(harness.createError(), "");

    OpGenerator generator{std::uint64_t(seed)};
    std::vector<Op> ops;
    const std::size_t count = opsPerSeed();
    ops.reserve(count + 2);
    for (std::size_t i = 0; i < count + 2; ++i) {
        Op op = generator.next(harness.model(), harness.now(), i);
        if (i >= count) // end with both full comparisons
            op.kind = i == count ? OpKind::Export : OpKind::StandbyCheck;
        ops.push_back(op);
        if (trace)
            std::fprintf(stderr, "seed %d op %zu: %s\n", seed, i, describe(op).c_str());
        std::string failure = harness.run(op);
        if (failure.empty())
            continue;
        auto [minimal, why] = shrink<Engine>(config, start, ops, failure);
        std::ostringstream report;
        report << "seed " << seed << " (config variant " << seed % 3 << "), op " << i << " ("
               << describe(op) << "): " << failure << "\nshortest failing sequence found ("
               << minimal.size() << " ops, starting at t=" << start << "): " << why << "\n";
        for (const Op& step : minimal)
            report << "  " << describe(step) << "\n";
        FAIL() << report.str();
    }
    const Counts totals = harness.model().expectedCounts();
    testing::Test::RecordProperty("sessions_created", std::to_string(totals.created));
}

class CgnEngineModelTest : public testing::TestWithParam<int>
{};

TEST_P(CgnEngineModelTest, RandomOperationsMatchTheModel)
{
    runSeed<CgnEngine>(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Seeds, CgnEngineModelTest, testing::Range(1, 21));

class ReferenceEngineModelTest : public testing::TestWithParam<int>
{};

// The benchmark's baseline must do the same work right, or the speed ratio means nothing.
TEST_P(ReferenceEngineModelTest, RandomOperationsMatchTheModel)
{
    runSeed<bench::ReferenceEngine>(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Seeds, ReferenceEngineModelTest, testing::Range(1, 7));

// Every kind of refusal the model can predict shows up in the randomized runs, so the checks
// above are not vacuous for them.
TEST(CgnModelCoverage, RandomRunsExerciseEveryRefusal)
{
    std::array<std::uint64_t, std::size_t(DropReason::Count)> drops{};
    std::uint64_t aged = 0, removed = 0, reused = 0;
    for (int seed = 1; seed <= 6; ++seed) {
        const EngineConfig config = configFor(seed % 3, std::uint64_t(seed));
        Harness<bench::ReferenceEngine> harness(config, startFor(seed));
        OpGenerator generator{std::uint64_t(seed)};
        for (std::size_t i = 0; i < 5000; ++i) {
            const Op op = generator.next(harness.model(), harness.now(), i);
            reused += op.kind == OpKind::Outbound && harness.model().findInside(op.inside);
            ASSERT_EQ(harness.run(op), "") << "seed " << seed << " op " << i;
        }
        const Counts counts = harness.model().expectedCounts();
        for (std::size_t r = 0; r < drops.size(); ++r)
            drops[r] += counts.drops[r];
        aged += counts.aged;
        removed += counts.removed;
    }
    for (DropReason reason :
         {DropReason::NoAddressGroup, DropReason::AddressExhausted, DropReason::PortBlockExhausted,
          DropReason::PortExhausted, DropReason::UserLimitTotal, DropReason::UserLimitTcp,
          DropReason::UserLimitUdp, DropReason::UserLimitIcmp, DropReason::SessionTableFull,
          DropReason::UserTableFull, DropReason::NoMapping})
        EXPECT_GT(drops[std::size_t(reason)], 0u) << toString(reason);
    EXPECT_GT(aged, 0u);
    EXPECT_GT(removed, 0u);
    EXPECT_GT(reused, 0u);
}

} // namespace
} // namespace tandem::cgn
