#pragma once

// The benchmark's baseline: CgnEngine's data path written the straightforward way a competent
// engineer would, on std::unordered_map, with no effort spent on speed. It does the same real
// work (user lookup or create with paired pooling, random port block and port, per-user limits,
// both directions indexed, a timer armed, a 120 s port hold, a change record per change) and
// reserve()s its tables from the config, so the speed ratio measures the data structures and
// not a missing feature.

#include "cgn/CgnEngine.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace tandem::cgn::bench {

struct UserKeyHash
{
    std::size_t operator()(const UserKey& key) const noexcept;
};

struct InsideEndpointHash
{
    std::size_t operator()(const InsideEndpoint& inside) const noexcept;
};

struct OutsideEndpointHash
{
    std::size_t operator()(const OutsideEndpoint& outside) const noexcept;
};

class ReferenceEngine final
{
public:
    // nullptr with *error naming the bad field, like CgnEngine::create.
    static std::unique_ptr<ReferenceEngine> create(const EngineConfig& config, std::string* error);

    SetupResult outbound(const InsideEndpoint& inside, RemoteEndpoint remote, std::uint8_t tcpFlags,
                         Seconds now);
    SetupResult inbound(const OutsideEndpoint& outside, RemoteEndpoint remote,
                        std::uint8_t tcpFlags, Seconds now);

    SessionId findInside(const InsideEndpoint& inside) const;
    SessionId findOutside(const OutsideEndpoint& outside) const;

    // Tears a session down now; its port is held like an aged one. False for an unknown id.
    bool remove(SessionId id, Seconds now);
    // Ages sessions and releases held ports up to `now`.
    void advance(Seconds now);

    std::size_t sessionCount() const { return m_sessions.size(); }
    std::size_t userCount() const { return m_users.size(); }
    std::size_t heldPortCount() const { return m_held.size(); }
    std::uint64_t dropCount(DropReason reason) const { return m_drops[std::size_t(reason)]; }

    // Records emitted since the last clearRecords(). Like CgnEngine, the engine fills a
    // reserve()d buffer of kRecordBatch records and hands it over when full (here: counts and
    // clears it); records() is what the buffer holds now.
    static constexpr std::size_t kRecordBatch = 512;
    std::size_t recordCount() const { return m_recordsHandedOver + m_records.size(); }
    std::span<const ChangeRecord> records() const { return m_records; }
    void clearRecords()
    {
        m_records.clear();
        m_recordsHandedOver = 0;
    }

private:
    struct Session
    {
        SessionId id = kNoSession;
        OutsideEndpoint outside;
        RemoteEndpoint remote;
        TcpState tcpState = TcpState::None;
        Seconds created = 0;
        Seconds expires = 0;
    };

    struct User
    {
        std::uint32_t addressIndex = 0; // into m_addresses: the user's one public address
        std::vector<std::uint16_t> blocks;
        std::array<std::uint32_t, kProtocolCount> sessions{};
        std::uint32_t totalSessions = 0;
        std::uint32_t portsTaken = 0; // in use or held: the user lives while any is
        Seconds created = 0;
    };

    struct PublicAddress
    {
        std::uint32_t address = 0;
        VpnId vpn = 0;
        std::uint32_t availablePosition = 0; // in m_availableByVpn while it has a free block
        std::vector<bool> blockAllocated;
        std::vector<UserKey> blockOwner;
        std::uint32_t freeBlocks = 0;
        std::array<std::vector<bool>, kProtocolCount> portTaken; // in use or held, by offset
    };

    struct HeldPort
    {
        Seconds until = 0;
        std::uint32_t addressIndex = 0;
        std::uint16_t port = 0;
        Protocol protocol = Protocol::Udp;
    };

    explicit ReferenceEngine(const EngineConfig& config);

    SetupResult drop(DropReason reason);
    void setAvailable(std::uint32_t addressIndex, bool available);
    DropReason createUser(const UserKey& key, Seconds now, User** user);
    bool allocateBlock(const UserKey& key, User& user);
    bool allocatePort(User& user, Protocol protocol, std::uint16_t* port);
    void takePort(User& user, std::uint16_t port, Protocol protocol);
    void releasePort(const HeldPort& held);
    Seconds timeoutFor(Protocol protocol, TcpState state) const;
    void arm(const InsideEndpoint& inside, Seconds expires);
    void touch(const InsideEndpoint& inside, Session& session, RemoteEndpoint remote,
               std::uint8_t tcpFlags, bool fromInside, Seconds now);
    void erase(std::unordered_map<InsideEndpoint, Session, InsideEndpointHash>::iterator it,
               Seconds freedAt);
    void emitSession(RecordType type, const InsideEndpoint& inside, const Session& session,
                     Seconds now);
    void emit(const ChangeRecord& record);
    void emitBlock(RecordType type, const UserKey& key, std::uint32_t address, std::uint16_t block);

    EngineConfig m_config;
    std::uint32_t m_blocksPerAddress = 0;
    std::mt19937_64 m_random;

    std::vector<PublicAddress> m_addresses;
    // Per VPN with an address group: its addresses that still have a free block.
    std::unordered_map<VpnId, std::vector<std::uint32_t>> m_availableByVpn;
    std::unordered_map<UserKey, User, UserKeyHash> m_users;
    std::unordered_map<InsideEndpoint, Session, InsideEndpointHash> m_sessions;
    std::unordered_map<OutsideEndpoint, InsideEndpoint, OutsideEndpointHash> m_byOutside;
    std::unordered_map<SessionId, InsideEndpoint> m_byId;
    SessionId m_nextId = 0;

    // Slot (expiry % size) → sessions that may expire then; stale entries are skipped on fire.
    std::vector<std::vector<InsideEndpoint>> m_wheel;
    std::vector<InsideEndpoint> m_due; // the slot being fired
    Seconds m_wheelTime = 0;           // every slot up to here has fired
    Seconds m_latestExpiry = 0;        // nothing is armed beyond this
    std::deque<HeldPort> m_held;       // in order of release

    std::vector<ChangeRecord> m_records;
    std::size_t m_recordsHandedOver = 0;
    std::array<std::uint64_t, std::size_t(DropReason::Count)> m_drops{};
};

} // namespace tandem::cgn::bench
