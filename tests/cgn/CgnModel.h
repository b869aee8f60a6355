#pragma once

// A deliberately simple model of one CGN engine's tables (std::map and linear scans, nothing
// clever), written from the CgnEngine contract, for randomized tests to check engines against.
//
// The engine chooses addresses, blocks and ports at random, so the model does not predict them:
// it checks that a choice is allowed (the user's address, a block the user holds or a free one
// when it must, a port neither in use nor held) and then records it. Everything else — which
// packet is refused and why, reuse, TCP state, expiry times, port holds, block and user release,
// counters — it predicts exactly.

#include "cgn/CgnEngine.h"

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace tandem::cgn::model {

using UserTuple = std::tuple<int, VpnId, std::uint32_t, Ipv6Address>;
using InsideTuple = std::tuple<UserTuple, std::uint32_t, std::uint16_t, int>;
using OutsideTuple = std::tuple<std::uint32_t, std::uint16_t, int>;
using BlockTuple = std::pair<std::uint32_t, std::uint16_t>; // (public address, block number)

inline UserTuple tupleOf(const UserKey& key)
{
    return {int(key.kind), key.vpn, key.ipv4, key.ipv6};
}
inline InsideTuple tupleOf(const InsideEndpoint& inside)
{
    return {tupleOf(inside.user), inside.innerAddress, inside.port, int(inside.protocol)};
}
inline OutsideTuple tupleOf(const OutsideEndpoint& outside)
{
    return {outside.address, outside.port, int(outside.protocol)};
}

std::string describe(const UserKey& key);
std::string describe(const InsideEndpoint& inside);
std::string describe(const OutsideEndpoint& outside);
std::string describe(const RemoteEndpoint& remote);
std::string describe(const SetupResult& result);
std::string describe(const ChangeRecord& record);
std::string describeFlags(std::uint8_t flags);

// The TCP tracking of CgnEngine's contract (CgnTypes.h): a mapping opens transitory (SynSent,
// whatever packet opened it), is established once a packet other than FIN / RST comes back
// from the outside, goes transitory again on a FIN (Closing) and into the RST hold on a RST; a
// bare SYN reopens a closing or reset mapping (EIM reuse). `state` None: a new session.
TcpState nextTcpState(TcpState state, std::uint8_t flags, bool fromInside);

class Model
{
public:
    struct Session
    {
        SessionId id = kNoSession;
        InsideEndpoint inside;
        OutsideEndpoint outside;
        RemoteEndpoint remote;
        TcpState tcpState = TcpState::None;
        Seconds created = 0;
        Seconds expires = 0;
    };

    struct User
    {
        UserKey key;
        std::uint32_t address = 0;
        std::set<std::uint16_t> blocks;
        std::array<std::uint32_t, kProtocolCount> sessions{};
        std::uint32_t total = 0;
        Seconds created = 0;
    };

    explicit Model(const EngineConfig& config);

    const EngineConfig& config() const { return m_config; }
    std::uint32_t blocksPerAddress() const { return m_blocksPerAddress; }
    const std::vector<std::uint32_t>& addresses() const { return m_allAddresses; }

    const Session* findInside(const InsideEndpoint& inside) const;
    const Session* findOutside(const OutsideEndpoint& outside) const;
    const Session* findId(SessionId id) const;
    const User* findUser(const UserKey& key) const;
    const std::map<InsideTuple, Session>& sessions() const { return m_sessions; }
    const std::map<UserTuple, User>& users() const { return m_users; }
    const std::map<OutsideTuple, Seconds>& held() const { return m_held; }
    std::size_t blockCount() const { return m_blockOwner.size(); }

    // Why a new mapping for `inside` must be refused now: every reason that applies (the
    // contract fixes no order between them). Empty: it must be created.
    std::set<DropReason> refusals(const InsideEndpoint& inside) const;

    // Checks a mapping the engine created (refusals() was empty) and records it. Returns what
    // was wrong with the engine's choice, empty when it was allowed.
    std::string acceptCreated(const InsideEndpoint& inside, const SetupResult& result,
                              RemoteEndpoint remote, std::uint8_t tcpFlags, Seconds now);
    void countDrop(DropReason reason) { ++m_drops[std::size_t(reason)]; }

    // A packet on an existing mapping, either way: TCP state, timer (not during the RST hold,
    // which runs from the first RST) and the remote endpoint.
    void touch(const InsideEndpoint& inside, RemoteEndpoint remote, std::uint8_t tcpFlags,
               bool fromInside, Seconds now);
    // Tears down the session with `id`; false if none.
    bool remove(SessionId id, Seconds now);
    // Ages sessions whose timer ran out by `now` (each port held from its session's expiry),
    // releases ports held until `now`, and deletes users left with neither sessions nor held
    // ports.
    void advance(Seconds now);

    Seconds timeout(Protocol protocol, TcpState state) const;
    bool portTaken(std::uint32_t address, std::uint16_t port, Protocol protocol) const;
    std::uint16_t blockOf(std::uint16_t port) const
    {
        return std::uint16_t((port - m_config.firstPort) / m_config.portBlockSize);
    }
    // Ports of one block in use or held for one protocol (PortBlockView::used).
    std::uint16_t portsTaken(std::uint32_t address, std::uint16_t block, Protocol protocol) const;

    // What CgnEngine::counts() must say.
    Counts expectedCounts() const;

private:
    std::vector<std::uint32_t> groupAddresses(VpnId vpn) const;
    bool hasFreeBlock(std::uint32_t address) const;
    bool hasFreePort(const User& user, Protocol protocol) const;
    void freePort(const Session& session, Seconds freedAt);
    void eraseSession(std::map<InsideTuple, Session>::iterator it);

    EngineConfig m_config;
    std::uint32_t m_blocksPerAddress = 0;
    std::vector<std::uint32_t> m_allAddresses;
    std::map<InsideTuple, Session> m_sessions;
    std::map<OutsideTuple, InsideTuple> m_byOutside;
    std::map<SessionId, InsideTuple> m_byId;
    std::map<UserTuple, User> m_users;
    std::map<BlockTuple, UserTuple> m_blockOwner;
    std::map<OutsideTuple, Seconds> m_held; // port → held until
    std::array<std::uint64_t, std::size_t(DropReason::Count)> m_drops{};
    std::uint64_t m_created = 0;
    std::uint64_t m_aged = 0;
    std::uint64_t m_removed = 0;
};

} // namespace tandem::cgn::model
