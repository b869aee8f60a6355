#include "CgnEngine.h"

#include "FlatIndex.h"
#include "HugeArray.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <random>

namespace tandem::cgn {

namespace {

constexpr std::uint32_t kNone = 0xffffffffu;
constexpr std::uint32_t kWheelSlots = 8192; // one per second: > 2 h 4 min, the longest default
constexpr std::uint32_t kWheelMask = kWheelSlots - 1;
constexpr std::uint32_t kHeadMark = 0x80000000u; // prev of a list head: kHeadMark | slot
constexpr std::size_t kRecordBatch = 512;
constexpr std::uint32_t kMaxSessions = 0x7fffffffu;

// 64-bit finaliser (Stafford mix 13): cheap, and every input bit reaches every output bit.
inline std::uint64_t mix(std::uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

inline std::uint64_t hashUserKey(const UserKey& key, std::uint64_t seed)
{
    const std::uint64_t head =
        (std::uint64_t(key.kind) << 48) | (std::uint64_t(key.vpn) << 32) | key.ipv4;
    if (key.kind == UserKind::Nat44)
        return mix(head ^ seed); // the IPv6 half is zero: one round is enough
    std::uint64_t a, b;
    std::memcpy(&a, key.ipv6.data(), 8);
    std::memcpy(&b, key.ipv6.data() + 8, 8);
    return mix(mix(head ^ seed ^ a) ^ b);
}

// Keyed by the user's key hash, not its table index, so that an inside lookup needs no user
// lookup first.
inline std::uint64_t hashInside(std::uint64_t userHash, std::uint32_t inner, std::uint16_t port,
                                Protocol protocol)
{
    return mix(userHash ^ (std::uint64_t(inner) << 32 | std::uint64_t(port) << 2 | std::uint64_t(protocol)));
}

inline std::uint64_t hashOutside(std::uint32_t address, std::uint16_t port, Protocol protocol,
                                 std::uint64_t seed)
{
    return mix((std::uint64_t(address) << 18 | std::uint64_t(port) << 2 | std::uint64_t(protocol))
               ^ seed);
}

// Digest terms use fixed keys (not the engine's random seed): both devices must agree.
inline std::uint64_t digestUser(const UserKey& key, std::uint32_t publicAddress)
{
    return mix(hashUserKey(key, 0x5553455253ull) ^ publicAddress);
}
inline std::uint64_t digestBlock(const UserKey& key, std::uint32_t address, std::uint16_t block)
{
    return mix(hashUserKey(key, 0x424c4f434bull) ^ (std::uint64_t(address) << 16 | block));
}
// `userTerm` is sessionDigestKey(user key), kept in the user entry.
inline std::uint64_t sessionDigestKey(const UserKey& key)
{
    return hashUserKey(key, 0x53455353ull);
}
inline std::uint64_t digestSession(std::uint64_t userTerm, std::uint32_t inner, std::uint16_t insidePort,
                                   std::uint32_t outside, std::uint16_t outsidePort, Protocol protocol)
{
    return mix(userTerm ^ mix(std::uint64_t(inner) << 32 | outside)
               ^ (std::uint64_t(insidePort) << 24 | std::uint64_t(outsidePort) << 8
                  | std::uint64_t(protocol)));
}

// xoshiro256** — fast, and good enough to make port choices hard to guess from outside
// (RFC 6056 §3.3.3 style randomisation within the block).
class Random
{
public:
    explicit Random(std::uint64_t seed)
    {
        for (auto& s : m_s) {
            seed += 0x9e3779b97f4a7c15ull;
            s = mix(seed);
        }
    }
    std::uint64_t next()
    {
        const std::uint64_t result = std::rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = std::rotl(m_s[3], 45);
        return result;
    }
    std::uint32_t below(std::uint32_t n) { return std::uint32_t(((next() >> 32) * n) >> 32); }

private:
    std::uint64_t m_s[4];
};

// Finds a clear bit among `bits` valid bits, starting at a random one and wrapping, sets it and
// returns its number; kNone when all are set.
std::uint32_t takeFreeBit(std::uint64_t* words, std::uint32_t bits, std::uint32_t start)
{
    const std::uint32_t wordCount = (bits + 63) / 64;
    auto validMask = [&](std::uint32_t w) {
        const std::uint32_t inWord = std::min<std::uint32_t>(64, bits - w * 64);
        return inWord == 64 ? ~0ull : (1ull << inWord) - 1;
    };
    const std::uint32_t startWord = start / 64;
    std::uint64_t free = ~words[startWord] & validMask(startWord) & (~0ull << (start % 64));
    std::uint32_t w = startWord;
    for (std::uint32_t step = 0; step <= wordCount; ++step) {
        if (free) {
            const std::uint32_t bit = std::uint32_t(std::countr_zero(free));
            words[w] |= 1ull << bit;
            return w * 64 + bit;
        }
        w = w + 1 == wordCount ? 0 : w + 1;
        free = ~words[w] & validMask(w);
    }
    return kNone;
}

Seconds timeoutFor(const Timeouts& t, Protocol protocol, TcpState state)
{
    switch (protocol) {
    case Protocol::Udp: return t.udp;
    case Protocol::Icmp: return t.icmp;
    case Protocol::Tcp:
        switch (state) {
        case TcpState::Established: return t.tcpEstablished;
        case TcpState::Reset: return t.tcpReset;
        default: return t.tcpTransitory;
        }
    }
    return t.udp;
}

// Enough of RFC 5382 / RFC 6146 §3.5.2 for the timers: a mapping is transitory until traffic
// has gone both ways, established then, transitory again after a FIN; a RST starts the RST hold.
TcpState nextTcpState(TcpState state, std::uint8_t flags, bool outbound)
{
    if (flags & tcp::kRst)
        return TcpState::Reset;
    switch (state) {
    case TcpState::None: return TcpState::SynSent;
    case TcpState::SynSent:
        if (flags & tcp::kFin)
            return TcpState::Closing;
        return outbound ? TcpState::SynSent : TcpState::Established;
    case TcpState::Established: return (flags & tcp::kFin) ? TcpState::Closing : TcpState::Established;
    case TcpState::Closing:
    case TcpState::Reset:
        // A new SYN reuses the mapping for a new connection (RFC 5382 REQ-1: EIM).
        return (flags & tcp::kSyn) && !(flags & tcp::kAck) ? TcpState::SynSent : state;
    }
    return state;
}

} // namespace

struct CgnEngine::Impl
{
    // 40 bytes: the entries are most of the memory, so every field earns its place.
    struct Session
    {
        std::uint32_t user; // kNone: free
        std::uint32_t innerAddress;
        std::uint32_t outsideAddress;
        std::uint32_t remoteAddress;
        std::uint16_t insidePort;
        std::uint16_t outsidePort;
        std::uint16_t remotePort;
        Protocol protocol;
        TcpState tcpState;
        Seconds expires;
        Seconds created;
        std::uint32_t prev; // timer wheel list; kHeadMark | slot for the head
        std::uint32_t next; // timer wheel list, or the free list
    };
    static_assert(sizeof(Session) == 40);

    struct User
    {
        UserKey key;
        std::uint64_t hash = 0;    // hashUserKey(key, seed)
        std::uint64_t digestKey = 0; // sessionDigestKey(key): the same on both devices
        std::uint32_t address = 0; // index into m_addresses
        std::uint32_t firstBlock = kNone;
        std::array<std::uint32_t, kProtocolCount> sessions{};
        std::uint32_t total = 0;
        std::uint32_t held = 0; // ports in the hold queue: the user (and address) outlive them
        Seconds created = 0;
        std::uint16_t blockCount = 0;
        bool live = false;
        std::uint32_t nextFree = kNone;
    };

    struct Block
    {
        std::uint32_t address = 0;
        std::uint16_t number = 0;
        std::array<std::uint16_t, kProtocolCount> used{}; // bits set: in use or held
        std::uint32_t owner = kNone;                       // user; kNone: free
        std::uint32_t next = kNone;                        // user's next block / free list
        std::uint32_t generation = 0;                      // invalidates queued holds on free
        std::uint32_t held = 0;                            // its ports in the hold queue
    };

    struct Address
    {
        std::uint32_t value = 0;
        std::uint32_t group = 0;
        std::uint32_t blocksUsed = 0;
        std::uint32_t availablePosition = kNone; // in its group's m_available list
        bool allocatable = true; // new users may be given it (load balancing: setAllocatable)
    };

    // 12 bytes: the queue holds every port freed in the last two minutes.
    struct Hold
    {
        Seconds releaseAt;
        std::uint32_t block;
        std::uint16_t offset;
        std::uint16_t generationAndProtocol; // block generation (14 bits, wraps) | protocol
        std::uint16_t generation() const { return generationAndProtocol >> 2; }
        Protocol protocol() const { return Protocol(generationAndProtocol & 3); }
        static std::uint16_t pack(std::uint32_t generation, Protocol p)
        {
            return std::uint16_t((generation & 0x3fff) << 2 | std::uint16_t(p));
        }
    };
    static_assert(sizeof(Hold) == 12);

    struct Range
    {
        std::uint32_t first;
        std::uint32_t last;
        std::uint32_t firstIndex; // address index of `first`
    };

    // Undo log of an import, so that a bad record leaves nothing behind.
    struct Journal
    {
        std::vector<std::uint32_t> users;
        std::vector<std::uint32_t> blocks;
        std::vector<SessionId> sessions;
        std::vector<std::pair<SessionId, Session>> updated;
    };

    EngineConfig config;
    EngineRole role = EngineRole::Master;
    Random random;
    std::uint64_t seed;
    std::uint32_t blocksPerAddress = 0;
    std::uint32_t wordsPerBlock = 0;
    std::uint32_t wordsPerAddress = 0;

    HugeArray<Session> sessions;
    SessionId freeSession = kNone;
    std::uint32_t sessionHighWater = 0; // entries above were never used
    std::uint32_t sessionCount = 0;
    FlatIndex inside;
    FlatIndex outside;

    std::vector<User> users;
    std::uint32_t freeUser = kNone;
    std::uint32_t userHighWater = 0;
    std::uint32_t userCount = 0;
    FlatIndex userIndex;

    std::vector<Block> blocks;
    std::uint32_t freeBlock = kNone;
    std::uint32_t blockHighWater = 0;
    std::uint32_t blocksUsed = 0;
    std::vector<std::uint64_t> portBits; // block * 3 * wordsPerBlock + protocol * wordsPerBlock
    std::vector<std::uint64_t> heldBits; // same layout: the port is in the hold queue

    std::vector<Address> addresses;
    std::vector<std::uint64_t> addressBits; // allocated block numbers per address
    std::vector<Range> ranges;              // sorted, for address → index
    std::vector<std::vector<std::uint32_t>> available; // per group: addresses with a free block

    std::vector<std::uint32_t> wheel; // list heads
    Seconds wheelTime = 0;            // every slot up to here has been processed
    bool clockStarted = false;

    std::unique_ptr<Hold[]> holds; // ring buffer (power-of-two size), ordered by releaseAt
    std::size_t holdCapacity = 0;
    std::size_t holdHead = 0;
    std::size_t holdCount = 0;    // queue entries, some stale (their block was freed)
    std::uint32_t liveHolds = 0;  // entries whose block still stands: the held ports

    ChangeSink* sink = nullptr;
    std::vector<ChangeRecord> records;

    Digest digest;
    Counts counters;

    Impl(const EngineConfig& c, std::uint64_t s) : config(c), random(s), seed(mix(s ^ 0x7461ull)) {}

    // ------------------------------------------------------------------ helpers
    void startClock(Seconds now)
    {
        if (!clockStarted) {
            wheelTime = now;
            clockStarted = true;
        }
    }
    std::uint64_t* bitsOf(std::uint32_t block, Protocol p)
    {
        return &portBits[(std::size_t(block) * kProtocolCount + std::size_t(p)) * wordsPerBlock];
    }
    std::uint64_t* heldBitsOf(std::uint32_t block, Protocol p)
    {
        return &heldBits[(std::size_t(block) * kProtocolCount + std::size_t(p)) * wordsPerBlock];
    }
    // Marks a port held (true) or not; keeps the counts of held ports. A port is counted once
    // however many queue entries name it.
    void markHeld(std::uint32_t b, Protocol p, std::uint32_t offset, bool held)
    {
        std::uint64_t& word = heldBitsOf(b, p)[offset / 64];
        const std::uint64_t bit = 1ull << (offset % 64);
        if (bool(word & bit) == held)
            return;
        word ^= bit;
        const int delta = held ? 1 : -1;
        blocks[b].held += delta;
        users[blocks[b].owner].held += delta;
        liveHolds += delta;
    }
    std::uint32_t addressIndexOf(std::uint32_t address) const
    {
        auto it = std::upper_bound(ranges.begin(), ranges.end(), address,
                                   [](std::uint32_t a, const Range& r) { return a < r.first; });
        if (it == ranges.begin())
            return kNone;
        --it;
        return address <= it->last ? it->firstIndex + (address - it->first) : kNone;
    }
    std::uint32_t groupFor(const UserKey& key) const
    {
        const VpnId vpn = key.kind == UserKind::Nat44 ? key.vpn : 0;
        for (std::uint32_t g = 0; g < config.groups.size(); ++g)
            if (config.groups[g].vpn == vpn)
                return g;
        return kNone;
    }
    std::uint64_t insideHash(const Session& s) const
    {
        return hashInside(users[s.user].hash, s.innerAddress, s.insidePort, s.protocol);
    }
    std::uint64_t insideKeyHash(const InsideEndpoint& in) const
    {
        return insideKeyHash(in, hashUserKey(in.user, seed));
    }
    std::uint64_t insideKeyHash(const InsideEndpoint& in, std::uint64_t userHash) const
    {
        return hashInside(userHash, in.innerAddress, in.port, in.protocol);
    }
    std::uint64_t outsideHash(const Session& s) const
    {
        return hashOutside(s.outsideAddress, s.outsidePort, s.protocol, seed);
    }
    std::uint32_t findUser(const UserKey& key) const { return findUser(key, hashUserKey(key, seed)); }
    std::uint32_t findUser(const UserKey& key, std::uint64_t userHash) const
    {
        return userIndex.find(userHash, [&](std::uint32_t u) { return users[u].key == key; });
    }
    std::uint32_t findInside(const InsideEndpoint& in, std::uint64_t hash) const
    {
        return inside.find(hash, [&](std::uint32_t id) {
            const Session& s = sessions[id];
            return s.insidePort == in.port && s.innerAddress == in.innerAddress
                   && s.protocol == in.protocol && users[s.user].key == in.user;
        });
    }
    std::uint32_t findOutside(const OutsideEndpoint& out) const
    {
        return outside.find(hashOutside(out.address, out.port, out.protocol, seed),
                            [&](std::uint32_t id) {
                                const Session& s = sessions[id];
                                return s.outsideAddress == out.address && s.outsidePort == out.port
                                       && s.protocol == out.protocol;
                            });
    }
    std::uint32_t blockOf(const User& user, std::uint16_t port) const
    {
        const std::uint16_t number = std::uint16_t((port - config.firstPort) / config.portBlockSize);
        for (std::uint32_t b = user.firstBlock; b != kNone; b = blocks[b].next)
            if (blocks[b].number == number)
                return b;
        return kNone;
    }
    std::uint16_t firstPortOf(const Block& b) const
    {
        return std::uint16_t(config.firstPort + b.number * config.portBlockSize);
    }

    // ------------------------------------------------------------------ records
    bool recording() const { return sink != nullptr && role == EngineRole::Master; }
    void emit(const ChangeRecord& r)
    {
        records.push_back(r);
        if (records.size() >= kRecordBatch)
            flush();
    }
    // A delete names the session's two endpoints; built in place in the batch buffer.
    void emitSessionDelete(const Session& s)
    {
        ChangeRecord& r = records.emplace_back();
        r.type = RecordType::SessionDelete;
        r.protocol = s.protocol;
        r.tcpState = s.tcpState;
        r.user = users[s.user].key;
        r.innerAddress = s.innerAddress;
        r.insidePort = s.insidePort;
        r.outsidePort = s.outsidePort;
        r.outsideAddress = s.outsideAddress;
        if (records.size() >= kRecordBatch)
            flush();
    }
    void flush()
    {
        if (sink && !records.empty())
            sink->consume(records);
        records.clear();
    }
    ChangeRecord sessionRecord(RecordType type, const Session& s, Seconds now) const
    {
        ChangeRecord r;
        r.type = type;
        r.protocol = s.protocol;
        r.tcpState = s.tcpState;
        r.lifetime = s.expires > now ? s.expires - now : 0;
        r.user = users[s.user].key;
        r.innerAddress = s.innerAddress;
        r.insidePort = s.insidePort;
        r.outsidePort = s.outsidePort;
        r.outsideAddress = s.outsideAddress;
        if (type != RecordType::SessionDelete) {
            r.remoteAddress = s.remoteAddress;
            r.remotePort = s.remotePort;
        } else {
            r.lifetime = 0;
        }
        if (type == RecordType::SessionCreate)
            r.age = now > s.created ? now - s.created : 0;
        return r;
    }
    ChangeRecord userRecord(RecordType type, const User& u, Seconds now) const
    {
        ChangeRecord r;
        r.type = type;
        r.user = u.key;
        if (type == RecordType::UserCreate) {
            r.outsideAddress = addresses[u.address].value;
            r.age = now > u.created ? now - u.created : 0;
        }
        return r;
    }
    ChangeRecord blockRecord(RecordType type, const User& u, const Block& b) const
    {
        ChangeRecord r;
        r.type = type;
        r.user = u.key;
        r.outsideAddress = addresses[b.address].value;
        r.block = b.number;
        return r;
    }

    // ------------------------------------------------------------------ timer wheel
    void link(SessionId id)
    {
        Session& s = sessions[id];
        Seconds at = std::max<Seconds>(s.expires, wheelTime + 1);
        at = std::min<Seconds>(at, wheelTime + kWheelSlots - 1);
        const std::uint32_t slot = at & kWheelMask;
        s.prev = kHeadMark | slot;
        s.next = wheel[slot];
        if (s.next != kNone)
            sessions[s.next].prev = id;
        wheel[slot] = id;
    }
    void unlink(SessionId id)
    {
        Session& s = sessions[id];
        if (s.prev & kHeadMark)
            wheel[s.prev & ~kHeadMark] = s.next;
        else
            sessions[s.prev].next = s.next;
        if (s.next != kNone)
            sessions[s.next].prev = s.prev;
    }
    // Sets the expiry; the wheel is lazy about later expiries (the entry moves when its old
    // slot comes round) but an earlier one must move now.
    void setExpiry(SessionId id, Seconds expires)
    {
        Session& s = sessions[id];
        const bool earlier = expires < s.expires;
        s.expires = expires;
        if (earlier) {
            unlink(id);
            link(id);
        }
    }

    // ------------------------------------------------------------------ users and blocks
    std::uint32_t allocateBlock(std::uint32_t userId)
    {
        User& user = users[userId];
        Address& address = addresses[user.address];
        if (address.blocksUsed >= blocksPerAddress)
            return kNone;
        std::uint64_t* bits = &addressBits[std::size_t(user.address) * wordsPerAddress];
        const std::uint32_t number = takeFreeBit(bits, blocksPerAddress, random.below(blocksPerAddress));
        return number == kNone ? kNone : claimBlock(userId, number);
    }
    // Makes block `number` of the user's address the user's (its address bit already set).
    std::uint32_t claimBlock(std::uint32_t userId, std::uint32_t number)
    {
        User& user = users[userId];
        Address& address = addresses[user.address];
        std::uint32_t b = freeBlock;
        if (b != kNone)
            freeBlock = blocks[b].next;
        else
            b = blockHighWater++;
        Block& block = blocks[b];
        block.address = user.address;
        block.number = std::uint16_t(number);
        block.used = {};
        block.owner = userId;
        block.next = user.firstBlock;
        user.firstBlock = b;
        ++user.blockCount;
        ++blocksUsed;
        if (++address.blocksUsed == blocksPerAddress && address.availablePosition != kNone)
            removeAvailable(user.address);
        digest.portBlocks += digestBlock(user.key, address.value, block.number);
        return b;
    }
    void releaseBlock(std::uint32_t b, bool record)
    {
        Block& block = blocks[b];
        User& user = users[block.owner];
        Address& address = addresses[block.address];
        if (record && recording())
            emit(blockRecord(RecordType::BlockFree, user, block));
        digest.portBlocks -= digestBlock(user.key, address.value, block.number);
        addressBits[std::size_t(block.address) * wordsPerAddress + block.number / 64] &=
            ~(1ull << (block.number % 64));
        --address.blocksUsed;
        if (address.allocatable && address.availablePosition == kNone)
            addAvailable(block.address);
        std::memset(bitsOf(b, Protocol::Tcp), 0, sizeof(std::uint64_t) * kProtocolCount * wordsPerBlock);
        std::memset(heldBitsOf(b, Protocol::Tcp), 0, sizeof(std::uint64_t) * kProtocolCount * wordsPerBlock);
        // unlink from the user's list
        std::uint32_t* link = &user.firstBlock;
        while (*link != b)
            link = &blocks[*link].next;
        *link = block.next;
        --user.blockCount;
        --blocksUsed;
        liveHolds -= block.held;
        user.held -= block.held;
        block.held = 0;
        block.owner = kNone;
        ++block.generation;
        block.next = freeBlock;
        freeBlock = b;
    }
    void removeAvailable(std::uint32_t a)
    {
        auto& list = available[addresses[a].group];
        const std::uint32_t pos = addresses[a].availablePosition;
        list[pos] = list.back();
        addresses[list[pos]].availablePosition = pos;
        list.pop_back();
        addresses[a].availablePosition = kNone;
    }
    void addAvailable(std::uint32_t a)
    {
        auto& list = available[addresses[a].group];
        addresses[a].availablePosition = std::uint32_t(list.size());
        list.push_back(a);
    }
    // Calls f(index) for every address of the engine within [first, last].
    template <typename F>
    void forAddresses(const AddressRange& range, F&& f) const
    {
        for (const Range& r : ranges) {
            const std::uint32_t first = std::max(r.first, range.first);
            const std::uint32_t last = std::min(r.last, range.last);
            for (std::uint64_t a = first; first <= last && a <= last; ++a)
                f(r.firstIndex + std::uint32_t(a - r.first));
        }
    }
    std::uint32_t insertUser(const UserKey& key, std::uint32_t addressIndex, Seconds created)
    {
        std::uint32_t u = freeUser;
        if (u != kNone)
            freeUser = users[u].nextFree;
        else
            u = userHighWater++;
        User& user = users[u];
        user = User{};
        user.key = key;
        user.address = addressIndex;
        user.created = created;
        user.live = true;
        user.hash = hashUserKey(key, seed);
        user.digestKey = sessionDigestKey(key);
        userIndex.insert(user.hash, u);
        ++userCount;
        digest.users += digestUser(key, addresses[addressIndex].value);
        return u;
    }
    std::uint32_t createUser(const UserKey& key, Seconds now, DropReason* drop)
    {
        if (userCount >= config.maxUsers) {
            *drop = DropReason::UserTableFull;
            return kNone;
        }
        const std::uint32_t group = groupFor(key);
        if (group == kNone) {
            *drop = DropReason::NoAddressGroup;
            return kNone;
        }
        auto& list = available[group];
        if (list.empty()) {
            *drop = DropReason::AddressExhausted;
            return kNone;
        }
        const std::uint32_t u = insertUser(key, list[random.below(std::uint32_t(list.size()))], now);
        const std::uint32_t b = allocateBlock(u);
        if (recording()) {
            emit(userRecord(RecordType::UserCreate, users[u], now));
            emit(blockRecord(RecordType::BlockAlloc, users[u], blocks[b]));
        }
        return u;
    }
    void deleteUser(std::uint32_t u, Seconds now, bool record)
    {
        User& user = users[u];
        while (user.firstBlock != kNone)
            releaseBlock(user.firstBlock, record);
        if (record && recording())
            emit(userRecord(RecordType::UserDelete, user, now));
        userIndex.erase(user.hash, u);
        digest.users -= digestUser(user.key, addresses[user.address].value);
        user.live = false;
        user.nextFree = freeUser;
        freeUser = u;
        --userCount;
    }
    void maybeDeleteUser(std::uint32_t u, Seconds now)
    {
        const User& user = users[u];
        if (user.total == 0 && user.held == 0 && role == EngineRole::Master)
            deleteUser(u, now, true);
    }

    // ------------------------------------------------------------------ ports
    // Takes a port for `protocol` from the user's blocks, allocating a further block on the same
    // address (paired pooling) when they are full. 0 with *drop set when there is none.
    std::uint16_t allocatePort(std::uint32_t u, Protocol protocol, DropReason* drop)
    {
        const std::uint16_t size = config.portBlockSize;
        for (std::uint32_t b = users[u].firstBlock; b != kNone; b = blocks[b].next) {
            Block& block = blocks[b];
            if (block.used[std::size_t(protocol)] < size)
                return takePort(b, protocol);
        }
        if (users[u].blockCount >= config.blocksPerUser) {
            *drop = DropReason::PortExhausted;
            return 0;
        }
        const std::uint32_t b = allocateBlock(u);
        if (b == kNone) {
            *drop = DropReason::PortBlockExhausted;
            return 0;
        }
        if (recording())
            emit(blockRecord(RecordType::BlockAlloc, users[u], blocks[b]));
        return takePort(b, protocol);
    }
    std::uint16_t takePort(std::uint32_t b, Protocol protocol)
    {
        Block& block = blocks[b];
        const std::uint32_t bit =
            takeFreeBit(bitsOf(b, protocol), config.portBlockSize, random.below(config.portBlockSize));
        ++block.used[std::size_t(protocol)];
        return std::uint16_t(firstPortOf(block) + bit);
    }
    void clearPort(std::uint32_t b, Protocol protocol, std::uint32_t offset)
    {
        std::uint64_t& word = bitsOf(b, protocol)[offset / 64];
        if (word & (1ull << (offset % 64))) {
            word &= ~(1ull << (offset % 64));
            --blocks[b].used[std::size_t(protocol)];
        }
    }
    void pushHold(const Hold& hold)
    {
        if (holdCount == holdCapacity) {
            // Grow without zeroing: only the live part is copied, in order.
            const std::size_t capacity = std::max<std::size_t>(1024, holdCapacity * 2);
            std::unique_ptr<Hold[]> grown(new Hold[capacity]);
            const std::size_t first = std::min(holdCount, holdCapacity - holdHead);
            if (holdCount) {
                std::memcpy(grown.get(), holds.get() + holdHead, first * sizeof(Hold));
                std::memcpy(grown.get() + first, holds.get(), (holdCount - first) * sizeof(Hold));
            }
            holds = std::move(grown);
            holdCapacity = capacity;
            holdHead = 0;
        }
        holds[(holdHead + holdCount) & (holdCapacity - 1)] = hold;
        ++holdCount;
    }
    // At most `budget` queue entries (each counts one off it); the rest on a later call.
    void releaseHolds(Seconds now, std::size_t& budget)
    {
        while (holdCount > 0 && holds[holdHead].releaseAt <= now && budget > 0) {
            --budget;
            const Hold hold = holds[holdHead];
            holdHead = (holdHead + 1) & (holdCapacity - 1);
            --holdCount;
            Block& block = blocks[hold.block];
            if (std::uint16_t(block.generation & 0x3fff) != hold.generation() || block.owner == kNone)
                continue; // the block was freed (standby following its master): nothing held
            if (!(heldBitsOf(hold.block, hold.protocol())[hold.offset / 64] & (1ull << (hold.offset % 64))))
                continue; // the master gave the port to a new session meanwhile (standby)
            const std::uint32_t u = block.owner;
            markHeld(hold.block, hold.protocol(), hold.offset, false);
            const OutsideEndpoint endpoint{addresses[block.address].value,
                                           std::uint16_t(firstPortOf(block) + hold.offset),
                                           hold.protocol()};
            // A record from the master may have given the held port to a new session already.
            if (findOutside(endpoint) == kNone)
                clearPort(hold.block, hold.protocol(), hold.offset);
            maybeDeleteUser(u, now);
        }
    }

    // ------------------------------------------------------------------ sessions
    SessionId allocateSession()
    {
        SessionId id = freeSession;
        if (id != kNone)
            freeSession = sessions[id].next;
        else
            id = sessionHighWater++;
        return id;
    }
    SessionId insertSession(std::uint32_t u, const InsideEndpoint& in, std::uint64_t insideHash,
                            std::uint32_t outsideAddress, std::uint16_t outsidePort,
                            RemoteEndpoint remote, TcpState state, Seconds expires, Seconds created,
                            bool indexOutside = true)
    {
        const SessionId id = allocateSession();
        Session& s = sessions[id];
        s.user = u;
        s.innerAddress = in.innerAddress;
        s.outsideAddress = outsideAddress;
        s.remoteAddress = remote.address;
        s.insidePort = in.port;
        s.outsidePort = outsidePort;
        s.remotePort = remote.port;
        s.protocol = in.protocol;
        s.tcpState = state;
        s.expires = expires;
        s.created = created;
        inside.insert(insideHash, id);
        if (indexOutside)
            outside.insert(hashOutside(outsideAddress, outsidePort, in.protocol, seed), id);
        link(id);
        User& user = users[u];
        ++user.sessions[std::size_t(in.protocol)];
        ++user.total;
        ++sessionCount;
        ++counters.sessionsByProtocol[std::size_t(in.protocol)];
        digest.sessions += digestSession(user.digestKey, in.innerAddress, in.port, outsideAddress,
                                         outsidePort, in.protocol);
        return id;
    }
    enum class PortFate { Hold, Free };
    void deleteSession(SessionId id, Seconds now, PortFate fate, bool record)
    {
        deleteSession(id, now, fate, record, insideHash(sessions[id]), outsideHash(sessions[id]));
    }
    // With the index hashes the caller already computed (the vectored teardown).
    void deleteSession(SessionId id, Seconds now, PortFate fate, bool record,
                       std::uint64_t insideKey, std::uint64_t outsideKey)
    {
        Session& s = sessions[id];
        const std::uint32_t u = s.user;
        User& user = users[u];
        if (record && recording())
            emitSessionDelete(s);
        unlink(id);
        inside.erase(insideKey, id);
        outside.erase(outsideKey, id);
        const std::uint32_t b = blockOf(user, s.outsidePort);
        const std::uint32_t offset = std::uint32_t(s.outsidePort - firstPortOf(blocks[b]));
        if (fate == PortFate::Hold && config.portHold > 0) {
            pushHold({now + config.portHold, b, std::uint16_t(offset), Hold::pack(blocks[b].generation, s.protocol)});
            markHeld(b, s.protocol, offset, true);
        } else {
            clearPort(b, s.protocol, offset);
        }
        --user.sessions[std::size_t(s.protocol)];
        --user.total;
        --sessionCount;
        --counters.sessionsByProtocol[std::size_t(s.protocol)];
        digest.sessions -= digestSession(user.digestKey, s.innerAddress, s.insidePort, s.outsideAddress,
                                         s.outsidePort, s.protocol);
        s.user = kNone;
        s.next = freeSession;
        freeSession = id;
        if (fate == PortFate::Hold)
            maybeDeleteUser(u, now);
    }
    // A packet on an existing mapping: TCP state, timer, remote; a refresh record when the
    // state changed or the expiry moved into a new refresh period (so a standby's copy is never
    // more than one period behind without a record per packet).
    void touch(SessionId id, RemoteEndpoint remote, std::uint8_t flags, bool outbound, Seconds now)
    {
        Session& s = sessions[id];
        const TcpState old = s.tcpState;
        const TcpState state = s.protocol == Protocol::Tcp ? nextTcpState(old, flags, outbound) : old;
        s.remoteAddress = remote.address;
        s.remotePort = remote.port;
        if (state == TcpState::Reset && old == TcpState::Reset)
            return; // the RST hold runs from the first RST (RFC 7857 §2.2)
        const Seconds expires = now + timeoutFor(config.timeouts, s.protocol, state);
        const Seconds period = config.syncRefreshGranularity;
        const bool newPeriod = period == 0 || expires / period != s.expires / period;
        s.tcpState = state;
        setExpiry(id, expires);
        if ((state != old || newPeriod) && recording())
            emit(sessionRecord(RecordType::SessionRefresh, s, now));
    }

    SetupResult outbound(const InsideEndpoint& in, RemoteEndpoint remote, std::uint8_t flags, Seconds now)
    {
        startClock(now);
        const std::uint64_t userHash = hashUserKey(in.user, seed);
        return outbound(in, remote, flags, now, userHash, insideKeyHash(in, userHash), true);
    }

    // `hash` is insideKeyHash(in). With indexOutside false a created session is not yet in
    // the outside index: the caller inserts it (the vectored path, after prefetching the bucket).
    SetupResult outbound(const InsideEndpoint& in, RemoteEndpoint remote, std::uint8_t flags,
                         Seconds now, std::uint64_t userHash, std::uint64_t hash, bool indexOutside)
    {
        SetupResult result;
        const SessionId existing = findInside(in, hash);
        if (existing != kNone) {
            touch(existing, remote, flags, true, now);
            result.session = existing;
            result.outside = {sessions[existing].outsideAddress, sessions[existing].outsidePort,
                              in.protocol};
            return result;
        }
        std::uint32_t u = findUser(in.user, userHash);
        auto drop = [&](DropReason reason) {
            ++counters.drops[std::size_t(reason)];
            result.drop = reason;
            return result;
        };
        if (role != EngineRole::Master)
            return drop(DropReason::NotMaster);
        if (sessionCount >= config.maxSessions)
            return drop(DropReason::SessionTableFull);
        if (u == kNone) {
            DropReason reason = DropReason::None;
            u = createUser(in.user, now, &reason);
            if (u == kNone)
                return drop(reason);
        }
        const User& user = users[u];
        if (user.total >= config.limits.total)
            return drop(DropReason::UserLimitTotal);
        const std::uint32_t perProtocol = user.sessions[std::size_t(in.protocol)];
        switch (in.protocol) {
        case Protocol::Tcp:
            if (perProtocol >= config.limits.tcp)
                return drop(DropReason::UserLimitTcp);
            break;
        case Protocol::Udp:
            if (perProtocol >= config.limits.udp)
                return drop(DropReason::UserLimitUdp);
            break;
        case Protocol::Icmp:
            if (perProtocol >= config.limits.icmp)
                return drop(DropReason::UserLimitIcmp);
            break;
        }
        DropReason reason = DropReason::None;
        const std::uint16_t port = allocatePort(u, in.protocol, &reason);
        if (port == 0)
            return drop(reason);
        const TcpState state =
            in.protocol == Protocol::Tcp ? nextTcpState(TcpState::None, flags, true) : TcpState::None;
        const Seconds expires = now + timeoutFor(config.timeouts, in.protocol, state);
        const std::uint32_t address = addresses[users[u].address].value;
        const SessionId id =
            insertSession(u, in, hash, address, port, remote, state, expires, now, indexOutside);
        ++counters.created;
        if (recording())
            emit(sessionRecord(RecordType::SessionCreate, sessions[id], now));
        result.session = id;
        result.created = true;
        result.outside = {address, port, in.protocol};
        return result;
    }

    SetupResult inbound(const OutsideEndpoint& out, RemoteEndpoint remote, std::uint8_t flags, Seconds now)
    {
        startClock(now);
        SetupResult result;
        const SessionId id = findOutside(out);
        if (id == kNone) {
            ++counters.drops[std::size_t(DropReason::NoMapping)];
            result.drop = DropReason::NoMapping;
            return result;
        }
        touch(id, remote, flags, false, now);
        result.session = id;
        result.outside = out;
        return result;
    }

    // Processes wheel slots up to `now`. Expired sessions go, unless `grace` is set (activation):
    // then they get `grace` more seconds, because a standby's expiries lag its master's.
    // At most `budget` entries (each counts one off it): a slot is taken from its head, entry by
    // entry, so a later call goes on where this one stopped. `wheelTime` is the last second
    // whose slot is done; entries linked meanwhile into the slot under way (expiring by its
    // second) are taken with it.
    void runWheel(Seconds now, Seconds grace, std::size_t& budget)
    {
        if (now <= wheelTime)
            return;
        if (now - wheelTime > kWheelSlots)
            wheelTime = now - kWheelSlots;
        while (wheelTime < now) {
            const Seconds second = wheelTime + 1;
            const std::uint32_t slot = second & kWheelMask;
            while (wheel[slot] != kNone) {
                if (budget == 0)
                    return;
                --budget;
                const SessionId id = wheel[slot];
                Session& s = sessions[id];
                // Expired at this slot's second (or earlier, after a jump): gone, and its port
                // hold runs from then. Expiring later than this second (refreshed since it was
                // linked): moved to its own slot (never this one), which this loop or a later
                // call reaches.
                if (s.expires <= second && grace == 0) {
                    ++counters.aged;
                    deleteSession(id, second, PortFate::Hold, true);
                } else {
                    if (s.expires <= second)
                        s.expires = now + grace;
                    unlink(id);
                    link(id);
                }
            }
            wheelTime = second;
        }
    }

    // ------------------------------------------------------------------ enumeration
    // Calls f(id) for every session of user u: its ports are the set bits of its blocks.
    template<typename F>
    void forEachSessionOf(std::uint32_t u, F&& f) const
    {
        for (std::uint32_t b = users[u].firstBlock; b != kNone; b = blocks[b].next) {
            const Block& block = blocks[b];
            for (int p = 0; p < kProtocolCount; ++p) {
                const std::uint64_t* bits =
                    &portBits[(std::size_t(b) * kProtocolCount + std::size_t(p)) * wordsPerBlock];
                for (std::uint32_t w = 0; w < wordsPerBlock; ++w) {
                    for (std::uint64_t word = bits[w]; word; word &= word - 1) {
                        const std::uint16_t port = std::uint16_t(firstPortOf(block) + w * 64
                                                                 + std::countr_zero(word));
                        const SessionId id =
                            findOutside({addresses[block.address].value, port, Protocol(p)});
                        if (id != kNone && sessions[id].user == u)
                            f(id);
                    }
                }
            }
        }
    }
    void deleteSessionsOf(std::uint32_t u, Seconds now, std::uint32_t onlyBlock = kNone)
    {
        std::vector<SessionId> ids;
        forEachSessionOf(u, [&](SessionId id) {
            if (onlyBlock == kNone || blockOf(users[u], sessions[id].outsidePort) == onlyBlock)
                ids.push_back(id);
        });
        for (SessionId id : ids)
            deleteSession(id, now, PortFate::Free, false);
    }

    // ------------------------------------------------------------------ apply
    std::optional<std::string> checkAddress(const ChangeRecord& r, std::uint32_t* addressIndex) const
    {
        const std::uint32_t a = addressIndexOf(r.outsideAddress);
        if (a == kNone)
            return "public address " + ipv4ToString(r.outsideAddress)
                   + " is in no address group of this engine";
        const std::uint32_t group = groupFor(r.user);
        if (group != addresses[a].group)
            return "public address " + ipv4ToString(r.outsideAddress) + " does not serve user "
                   + r.user.toString();
        *addressIndex = a;
        return std::nullopt;
    }
    std::optional<std::string> checkUser(const ChangeRecord& r, std::uint32_t u, std::uint32_t a) const
    {
        if (u == kNone) {
            if (userCount >= config.maxUsers)
                return "user table full (" + std::to_string(config.maxUsers) + " users)";
        } else if (users[u].address != a) {
            return "user " + r.user.toString() + " has public address "
                   + ipv4ToString(addresses[users[u].address].value) + " here, the record says "
                   + ipv4ToString(r.outsideAddress);
        }
        return std::nullopt;
    }
    // Can block `number` of address a become user u's (u may be kNone: a user to create)?
    std::optional<std::string> checkBlockClaim(const ChangeRecord& r, std::uint32_t u, std::uint32_t a,
                                               std::uint32_t number) const
    {
        if (number >= blocksPerAddress)
            return "block " + std::to_string(number) + " is beyond the "
                   + std::to_string(blocksPerAddress) + " blocks of an address";
        if (u != kNone && users[u].blockCount >= config.blocksPerUser)
            return "user " + r.user.toString() + " already holds "
                   + std::to_string(config.blocksPerUser) + " port blocks";
        if (addressBits[std::size_t(a) * wordsPerAddress + number / 64] & (1ull << (number % 64)))
            return "block " + std::to_string(number) + " of " + ipv4ToString(addresses[a].value)
                   + " belongs to another user";
        if (freeBlock == kNone && blockHighWater >= blocks.size())
            return "port block table full";
        return std::nullopt;
    }
    std::uint32_t claim(std::uint32_t u, std::uint32_t a, std::uint32_t number, Journal* journal)
    {
        addressBits[std::size_t(a) * wordsPerAddress + number / 64] |= 1ull << (number % 64);
        const std::uint32_t b = claimBlock(u, number);
        if (journal)
            journal->blocks.push_back(b);
        return b;
    }
    std::uint32_t ensureUser(const ChangeRecord& r, std::uint32_t u, std::uint32_t a, Seconds now,
                             Journal* journal)
    {
        if (u != kNone)
            return u;
        u = insertUser(r.user, a, now - std::min(now, r.age));
        if (journal)
            journal->users.push_back(u);
        return u;
    }
    void update(SessionId id, const ChangeRecord& r, Seconds now, Journal* journal)
    {
        if (journal)
            journal->updated.emplace_back(id, sessions[id]);
        Session& s = sessions[id];
        s.tcpState = r.tcpState;
        s.remoteAddress = r.remoteAddress;
        s.remotePort = r.remotePort;
        const Seconds expires = now + r.lifetime;
        if (expires != s.expires) {
            unlink(id);
            s.expires = expires;
            link(id);
        }
    }

    std::optional<std::string> apply(const ChangeRecord& r, Seconds now, Journal* journal)
    {
        startClock(now);
        if (std::uint8_t(r.protocol) >= kProtocolCount)
            return std::string("unknown protocol");
        if (std::uint8_t(r.user.kind) > std::uint8_t(UserKind::Nat64))
            return std::string("unknown user kind");
        const std::uint32_t u = findUser(r.user);
        switch (r.type) {
        case RecordType::UserCreate: {
            std::uint32_t a = kNone;
            if (auto e = checkAddress(r, &a))
                return e;
            if (auto e = checkUser(r, u, a))
                return e;
            ensureUser(r, u, a, now, journal);
            break;
        }
        case RecordType::UserDelete:
            if (u == kNone) {
                ++counters.recordsIgnored;
                return std::nullopt;
            }
            deleteSessionsOf(u, now);
            deleteUser(u, now, false);
            break;
        case RecordType::BlockAlloc: {
            std::uint32_t a = kNone;
            if (auto e = checkAddress(r, &a))
                return e;
            if (auto e = checkUser(r, u, a))
                return e;
            if (u != kNone) {
                for (std::uint32_t b = users[u].firstBlock; b != kNone; b = blocks[b].next)
                    if (blocks[b].number == r.block)
                        return std::nullopt; // already the user's
            }
            if (auto e = checkBlockClaim(r, u, a, r.block))
                return e;
            claim(ensureUser(r, u, a, now, journal), a, r.block, journal);
            break;
        }
        case RecordType::BlockFree: {
            std::uint32_t b = kNone;
            if (u != kNone)
                for (b = users[u].firstBlock; b != kNone && blocks[b].number != r.block;)
                    b = blocks[b].next;
            if (b == kNone || addresses[blocks[b].address].value != r.outsideAddress) {
                ++counters.recordsIgnored;
                return std::nullopt;
            }
            deleteSessionsOf(u, now, b);
            releaseBlock(b, false);
            break;
        }
        case RecordType::SessionCreate: {
            if ((r.protocol == Protocol::Tcp) != (r.tcpState != TcpState::None))
                return "TCP state " + std::string(toString(r.tcpState)) + " on a "
                       + std::string(toString(r.protocol)) + " session";
            std::uint32_t a = kNone;
            if (auto e = checkAddress(r, &a))
                return e;
            if (auto e = checkUser(r, u, a))
                return e;
            const std::uint32_t portSpan = blocksPerAddress * config.portBlockSize;
            if (r.outsidePort < config.firstPort || std::uint32_t(r.outsidePort - config.firstPort) >= portSpan)
                return "outside port " + std::to_string(r.outsidePort) + " is outside the port range "
                       + std::to_string(config.firstPort) + "–"
                       + std::to_string(config.firstPort + portSpan - 1);
            const InsideEndpoint in = r.inside();
            if (u != kNone) {
                const SessionId existing = findInside(in, insideKeyHash(in));
                if (existing != kNone) {
                    const Session& s = sessions[existing];
                    if (s.outsidePort != r.outsidePort)
                        return "inside " + r.user.toString() + " port " + std::to_string(r.insidePort)
                               + " is mapped to port " + std::to_string(s.outsidePort)
                               + " here, the record says " + std::to_string(r.outsidePort);
                    update(existing, r, now, journal);
                    break;
                }
            }
            const SessionId other = findOutside(r.outside());
            if (other != kNone)
                return "outside " + ipv4ToString(r.outsideAddress) + ":" + std::to_string(r.outsidePort)
                       + " " + std::string(toString(r.protocol)) + " belongs to "
                       + users[sessions[other].user].key.toString() + " here";
            const std::uint32_t number = (r.outsidePort - config.firstPort) / config.portBlockSize;
            std::uint32_t b = kNone;
            if (u != kNone)
                for (b = users[u].firstBlock; b != kNone && blocks[b].number != number;)
                    b = blocks[b].next;
            if (b == kNone)
                if (auto e = checkBlockClaim(r, u, a, number))
                    return e;
            if (sessionCount >= config.maxSessions)
                return "session table full (" + std::to_string(config.maxSessions) + " sessions)";
            const std::uint32_t user = ensureUser(r, u, a, now, journal);
            if (b == kNone)
                b = claim(user, a, number, journal);
            const std::uint32_t offset = r.outsidePort - firstPortOf(blocks[b]);
            std::uint64_t& word = bitsOf(b, r.protocol)[offset / 64];
            if (!(word & (1ull << (offset % 64)))) {
                word |= 1ull << (offset % 64);
                ++blocks[b].used[std::size_t(r.protocol)];
            } else {
                markHeld(b, r.protocol, offset, false); // held here; the master has reused it
            }
            const SessionId id =
                insertSession(user, in, insideKeyHash(in),
                              r.outsideAddress, r.outsidePort, {r.remoteAddress, r.remotePort},
                              r.tcpState, now + r.lifetime, now - std::min(now, r.age));
            if (journal)
                journal->sessions.push_back(id);
            break;
        }
        case RecordType::SessionRefresh:
        case RecordType::SessionDelete: {
            SessionId id = kNone;
            if (u != kNone) {
                const InsideEndpoint in = r.inside();
                id = findInside(in, insideKeyHash(in));
            }
            if (id == kNone) {
                ++counters.recordsIgnored;
                return std::nullopt;
            }
            if (sessions[id].outsidePort != r.outsidePort || sessions[id].outsideAddress != r.outsideAddress)
                return "inside " + r.user.toString() + " port " + std::to_string(r.insidePort)
                       + " is mapped to " + ipv4ToString(sessions[id].outsideAddress) + ":"
                       + std::to_string(sessions[id].outsidePort) + " here, the record says "
                       + ipv4ToString(r.outsideAddress) + ":" + std::to_string(r.outsidePort);
            if (r.type == RecordType::SessionDelete) {
                deleteSession(id, now, PortFate::Hold, false);
            } else {
                if ((r.protocol == Protocol::Tcp) != (r.tcpState != TcpState::None))
                    return "TCP state " + std::string(toString(r.tcpState)) + " on a "
                           + std::string(toString(r.protocol)) + " session";
                update(id, r, now, journal);
            }
            break;
        }
        default: return "unknown record type " + std::to_string(int(r.type));
        }
        ++counters.recordsApplied;
        return std::nullopt;
    }

    void undo(const Journal& journal, Seconds now)
    {
        for (auto it = journal.sessions.rbegin(); it != journal.sessions.rend(); ++it)
            deleteSession(*it, now, PortFate::Free, false);
        for (auto it = journal.updated.rbegin(); it != journal.updated.rend(); ++it) {
            unlink(it->first);
            Session& s = sessions[it->first];
            const std::uint32_t prev = s.prev, next = s.next;
            s = it->second;
            s.prev = prev;
            s.next = next;
            link(it->first);
        }
        for (auto it = journal.blocks.rbegin(); it != journal.blocks.rend(); ++it)
            releaseBlock(*it, false);
        for (auto it = journal.users.rbegin(); it != journal.users.rend(); ++it)
            deleteUser(*it, now, false);
    }

    // ------------------------------------------------------------------ views
    UserView viewOf(std::uint32_t u) const
    {
        const User& user = users[u];
        UserView v;
        v.key = user.key;
        v.publicAddress = addresses[user.address].value;
        for (std::uint32_t b = user.firstBlock; b != kNone; b = blocks[b].next) {
            const Block& block = blocks[b];
            PortBlockView pb;
            pb.address = addresses[block.address].value;
            pb.block = block.number;
            pb.firstPort = firstPortOf(block);
            pb.lastPort = std::uint16_t(pb.firstPort + config.portBlockSize - 1);
            pb.used = block.used;
            v.blocks.push_back(pb);
        }
        std::sort(v.blocks.begin(), v.blocks.end(),
                  [](const PortBlockView& a, const PortBlockView& b) { return a.block < b.block; });
        v.sessions = user.sessions;
        v.totalSessions = user.total;
        v.limits = config.limits;
        v.created = user.created;
        return v;
    }
    bool matches(const Session& s, const SessionFilter& f) const
    {
        const UserKey& key = users[s.user].key;
        return (!f.user || key == *f.user)
               && (!f.vpn || (key.kind == UserKind::Nat44 && key.vpn == *f.vpn))
               && (!f.insideAddress || s.innerAddress == *f.insideAddress)
               && (!f.insidePort || s.insidePort == *f.insidePort)
               && (!f.outsideAddress || s.outsideAddress == *f.outsideAddress)
               && (!f.outsidePort || s.outsidePort == *f.outsidePort)
               && (!f.protocol || s.protocol == *f.protocol)
               && (!f.remoteAddress || s.remoteAddress == *f.remoteAddress);
    }
};

// ====================================================================== public API

std::unique_ptr<CgnEngine> CgnEngine::create(const EngineConfig& config, std::string* error)
{
    auto fail = [&](std::string message) {
        if (error)
            *error = std::move(message);
        return nullptr;
    };
    if (config.maxSessions == 0 || config.maxSessions > kMaxSessions)
        return fail("maxSessions must be 1 … " + std::to_string(kMaxSessions));
    if (config.maxUsers == 0)
        return fail("maxUsers must be at least 1");
    if (config.firstPort == 0 || config.firstPort > config.lastPort)
        return fail("port range " + std::to_string(config.firstPort) + "–"
                    + std::to_string(config.lastPort) + " is empty");
    const std::uint32_t portCount = std::uint32_t(config.lastPort) - config.firstPort + 1;
    if (config.portBlockSize == 0 || config.portBlockSize > portCount)
        return fail("port block size " + std::to_string(config.portBlockSize) + " does not fit in "
                    + std::to_string(portCount) + " ports");
    if (config.blocksPerUser == 0)
        return fail("blocksPerUser must be at least 1");
    if (config.limits.total == 0)
        return fail("the total session limit per user must be at least 1");
    if (config.groups.empty())
        return fail("no address group");

    std::uint64_t seed = config.randomSeed;
    if (seed == 0)
        seed = (std::uint64_t(std::random_device{}()) << 32) ^ std::random_device{}();
    auto impl = std::make_unique<Impl>(config, seed);
    Impl& m = *impl;
    m.blocksPerAddress = portCount / config.portBlockSize;
    m.wordsPerBlock = (config.portBlockSize + 63u) / 64u;
    m.wordsPerAddress = (m.blocksPerAddress + 63u) / 64u;

    // Addresses, group by group; no address may be in two groups or twice in one.
    std::vector<Impl::Range> ranges;
    for (std::uint32_t g = 0; g < config.groups.size(); ++g) {
        const AddressGroup& group = config.groups[g];
        if (group.sections.empty())
            return fail("address group " + group.name + " has no section");
        for (std::uint32_t h = 0; h < g; ++h)
            if (config.groups[h].vpn == group.vpn)
                return fail("address groups " + config.groups[h].name + " and " + group.name
                            + " both serve VPN " + std::to_string(group.vpn));
        for (const AddressRange& section : group.sections) {
            if (section.first > section.last)
                return fail("address group " + group.name + ": section " + ipv4ToString(section.first)
                            + " – " + ipv4ToString(section.last) + " is backwards");
            ranges.push_back({section.first, section.last, g});
        }
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const Impl::Range& a, const Impl::Range& b) { return a.first < b.first; });
    for (std::size_t i = 1; i < ranges.size(); ++i)
        if (ranges[i].first <= ranges[i - 1].last)
            return fail("address " + ipv4ToString(ranges[i].first) + " is in two sections ("
                        + config.groups[ranges[i - 1].firstIndex].name + ", "
                        + config.groups[ranges[i].firstIndex].name + ")");
    std::uint64_t addressCount = 0;
    for (const auto& r : ranges)
        addressCount += std::uint64_t(r.last) - r.first + 1;
    if (addressCount > (1u << 24))
        return fail("address groups hold " + std::to_string(addressCount)
                    + " addresses; one engine serves at most 16777216");
    m.available.resize(config.groups.size());
    for (auto& r : ranges) {
        const std::uint32_t group = r.firstIndex; // held the group until here
        r.firstIndex = std::uint32_t(m.addresses.size());
        for (std::uint64_t a = r.first; a <= r.last; ++a) {
            const std::uint32_t index = std::uint32_t(m.addresses.size());
            m.addresses.push_back({std::uint32_t(a), group, 0, kNone});
            m.addAvailable(index);
        }
    }
    m.ranges = std::move(ranges);
    m.addressBits.assign(m.addresses.size() * m.wordsPerAddress, 0);

    const std::uint64_t maxBlocks = std::min<std::uint64_t>(
        std::uint64_t(config.maxUsers) * config.blocksPerUser, m.addresses.size() * m.blocksPerAddress);
    m.sessions.allocate(config.maxSessions);
    m.inside.reset(config.maxSessions);
    m.outside.reset(config.maxSessions);
    m.users.resize(config.maxUsers);
    m.userIndex.reset(config.maxUsers);
    m.blocks.resize(std::size_t(maxBlocks));
    m.portBits.assign(std::size_t(maxBlocks) * kProtocolCount * m.wordsPerBlock, 0);
    m.heldBits.assign(m.portBits.size(), 0);
    m.wheel.assign(kWheelSlots, kNone);
    m.records.reserve(kRecordBatch);
    m.counters.maxSessions = config.maxSessions;
    m.counters.maxUsers = config.maxUsers;
    return std::unique_ptr<CgnEngine>(new CgnEngine(std::move(impl)));
}

CgnEngine::CgnEngine(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

std::size_t CgnEngine::setAllocatable(const AddressRange& range, bool allocatable)
{
    Impl& m = *m_impl;
    std::size_t count = 0;
    m.forAddresses(range, [&](std::uint32_t a) {
        ++count;
        Impl::Address& address = m.addresses[a];
        if (address.allocatable == allocatable)
            return;
        address.allocatable = allocatable;
        if (!allocatable && address.availablePosition != kNone)
            m.removeAvailable(a);
        else if (allocatable && address.blocksUsed < m.blocksPerAddress)
            m.addAvailable(a);
    });
    return count;
}

RangeUsage CgnEngine::usage(const AddressRange& range) const
{
    const Impl& m = *m_impl;
    RangeUsage u;
    m.forAddresses(range, [&](std::uint32_t a) {
        const Impl::Address& address = m.addresses[a];
        ++u.addresses;
        u.blocksUsed += address.blocksUsed;
        u.blocksTotal += m.blocksPerAddress;
        if (address.allocatable && address.blocksUsed < m.blocksPerAddress)
            u.blocksFree += m.blocksPerAddress - address.blocksUsed;
    });
    return u;
}
CgnEngine::~CgnEngine() = default;

const EngineConfig& CgnEngine::config() const { return m_impl->config; }

SetupResult CgnEngine::outbound(const InsideEndpoint& inside, RemoteEndpoint remote,
                                std::uint8_t tcpFlags, Seconds now)
{
    return m_impl->outbound(inside, remote, tcpFlags, now);
}

void CgnEngine::outbound(std::span<const OutboundPacket> packets, std::span<SetupResult> results,
                         Seconds now)
{
    Impl& m = *m_impl;
    m.startClock(now);
    constexpr std::size_t kStride = 32;
    std::uint64_t insideHash[kStride];
    std::uint64_t userHash[kStride];
    for (std::size_t base = 0; base < packets.size(); base += kStride) {
        const std::size_t n = std::min(kStride, packets.size() - base);
        const OutboundPacket* p = packets.data() + base;
        SetupResult* r = results.data() + base;
        for (std::size_t i = 0; i < n; ++i) {
            userHash[i] = hashUserKey(p[i].inside.user, m.seed);
            insideHash[i] = m.insideKeyHash(p[i].inside, userHash[i]);
            m.inside.prefetch(insideHash[i]);
            m.userIndex.prefetch(userHash[i]);
        }
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t candidate = m.inside.firstCandidate(insideHash[i]);
            if (candidate != kNone)
                __builtin_prefetch(&m.sessions[candidate]);
            const std::uint32_t user = m.userIndex.firstCandidate(userHash[i]);
            if (user != kNone)
                __builtin_prefetch(&m.users[user]);
        }
        for (std::size_t i = 0; i < n; ++i) {
            r[i] = m.outbound(p[i].inside, p[i].remote, p[i].tcpFlags, now, userHash[i], insideHash[i], false);
            if (r[i].created)
                m.outside.prefetch(hashOutside(r[i].outside.address, r[i].outside.port,
                                               r[i].outside.protocol, m.seed));
        }
        for (std::size_t i = 0; i < n; ++i)
            if (r[i].created)
                m.outside.insert(hashOutside(r[i].outside.address, r[i].outside.port,
                                             r[i].outside.protocol, m.seed),
                                 r[i].session);
    }
}

SetupResult CgnEngine::inbound(const OutsideEndpoint& outside, RemoteEndpoint remote,
                               std::uint8_t tcpFlags, Seconds now)
{
    return m_impl->inbound(outside, remote, tcpFlags, now);
}

SessionId CgnEngine::findInside(const InsideEndpoint& in) const
{
    return m_impl->findInside(in, m_impl->insideKeyHash(in));
}

SessionId CgnEngine::findOutside(const OutsideEndpoint& out) const
{
    return m_impl->findOutside(out);
}

void CgnEngine::findInside(std::span<const InsideEndpoint> keys, std::span<SessionId> out) const
{
    const Impl& m = *m_impl;
    constexpr std::size_t kStride = 32;
    std::uint64_t hash[kStride];
    for (std::size_t base = 0; base < keys.size(); base += kStride) {
        const std::size_t n = std::min(kStride, keys.size() - base);
        const InsideEndpoint* k = keys.data() + base;
        // Fetch the buckets of the whole vector, then the entries they point to, then compare.
        for (std::size_t i = 0; i < n; ++i) {
            hash[i] = m.insideKeyHash(k[i]);
            m.inside.prefetch(hash[i]);
        }
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t candidate = m.inside.firstCandidate(hash[i]);
            if (candidate != kNone)
                __builtin_prefetch(&m.sessions[candidate]);
        }
        for (std::size_t i = 0; i < n; ++i)
            out[base + i] = m.findInside(k[i], hash[i]);
    }
}

void CgnEngine::findOutside(std::span<const OutsideEndpoint> keys, std::span<SessionId> out) const
{
    const Impl& m = *m_impl;
    constexpr std::size_t kStride = 32;
    std::uint64_t hash[kStride];
    for (std::size_t base = 0; base < keys.size(); base += kStride) {
        const std::size_t n = std::min(kStride, keys.size() - base);
        const OutsideEndpoint* k = keys.data() + base;
        for (std::size_t i = 0; i < n; ++i) {
            hash[i] = hashOutside(k[i].address, k[i].port, k[i].protocol, m.seed);
            m.outside.prefetch(hash[i]);
        }
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t candidate = m.outside.firstCandidate(hash[i]);
            if (candidate != kNone)
                __builtin_prefetch(&m.sessions[candidate]);
        }
        for (std::size_t i = 0; i < n; ++i) {
            out[base + i] = m.outside.find(hash[i], [&](std::uint32_t id) {
                const auto& s = m.sessions[id];
                return s.outsideAddress == k[i].address && s.outsidePort == k[i].port
                       && s.protocol == k[i].protocol;
            });
        }
    }
}

std::optional<SessionView> CgnEngine::session(SessionId id) const
{
    const Impl& m = *m_impl;
    if (id >= m.sessionHighWater || m.sessions[id].user == kNone)
        return std::nullopt;
    const auto& s = m.sessions[id];
    SessionView v;
    v.id = id;
    v.inside = {m.users[s.user].key, s.innerAddress, s.insidePort, s.protocol};
    v.outside = {s.outsideAddress, s.outsidePort, s.protocol};
    v.remote = {s.remoteAddress, s.remotePort};
    v.tcpState = s.tcpState;
    v.created = s.created;
    v.expires = s.expires;
    return v;
}

bool CgnEngine::remove(SessionId id, Seconds now)
{
    Impl& m = *m_impl;
    if (id >= m.sessionHighWater || m.sessions[id].user == kNone)
        return false;
    m.startClock(now);
    ++m.counters.removed;
    m.deleteSession(id, now, Impl::PortFate::Hold, true);
    return true;
}

std::size_t CgnEngine::remove(std::span<const SessionId> ids, Seconds now)
{
    Impl& m = *m_impl;
    m.startClock(now);
    constexpr std::size_t kStride = 32;
    std::uint64_t insideKey[kStride];
    std::uint64_t outsideKey[kStride];
    std::size_t removed = 0;
    auto live = [&](SessionId id) { return id < m.sessionHighWater && m.sessions[id].user != kNone; };
    for (std::size_t base = 0; base < ids.size(); base += kStride) {
        const std::size_t n = std::min(kStride, ids.size() - base);
        const SessionId* id = ids.data() + base;
        // Stage by stage, each fetch issued for the whole vector before it is needed: the
        // sessions, then their users and index buckets and timer neighbours, then the blocks.
        for (std::size_t i = 0; i < n; ++i)
            if (id[i] < m.sessionHighWater)
                __builtin_prefetch(&m.sessions[id[i]]);
        for (std::size_t i = 0; i < n; ++i) {
            if (!live(id[i]))
                continue;
            const auto& s = m.sessions[id[i]];
            __builtin_prefetch(&m.users[s.user]);
            outsideKey[i] = m.outsideHash(s);
            m.outside.prefetch(outsideKey[i]);
            if (!(s.prev & kHeadMark))
                __builtin_prefetch(&m.sessions[s.prev]);
            if (s.next != kNone)
                __builtin_prefetch(&m.sessions[s.next]);
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (!live(id[i]))
                continue;
            const auto& s = m.sessions[id[i]];
            insideKey[i] = m.insideHash(s); // needs the user's hash: its entry has arrived
            m.inside.prefetch(insideKey[i]);
            const std::uint32_t b = m.users[s.user].firstBlock;
            if (b != kNone) {
                __builtin_prefetch(&m.blocks[b]);
                __builtin_prefetch(m.bitsOf(b, s.protocol));
                __builtin_prefetch(m.heldBitsOf(b, s.protocol));
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            // A duplicate id in the vector is gone by its second turn (nothing is created here,
            // so its entry cannot have been reused).
            if (!live(id[i]))
                continue;
            ++m.counters.removed;
            m.deleteSession(id[i], now, Impl::PortFate::Hold, true, insideKey[i], outsideKey[i]);
            ++removed;
        }
    }
    return removed;
}

bool CgnEngine::advance(Seconds now, std::size_t maxEntries)
{
    Impl& m = *m_impl;
    m.startClock(now);
    std::size_t budget = maxEntries;
    // A standby ages no session (its master tells it), but the ports it holds on its master's
    // word are released on its own clock, or its hold queue would only ever grow.
    if (m.role == EngineRole::Master)
        m.runWheel(now, 0, budget);
    m.releaseHolds(now, budget);
    return (m.role != EngineRole::Master || m.wheelTime >= now)
           && (m.holdCount == 0 || m.holds[m.holdHead].releaseAt > now);
}

EngineRole CgnEngine::role() const { return m_impl->role; }

void CgnEngine::setStandby()
{
    m_impl->flush();
    m_impl->role = EngineRole::Standby;
}

void CgnEngine::activate(Seconds now)
{
    Impl& m = *m_impl;
    m.startClock(now);
    if (m.role == EngineRole::Master)
        return;
    m.role = EngineRole::Master;
    const Seconds grace = std::max<Seconds>(1, m.config.syncRefreshGranularity);
    // Whole, not bounded: the tables are live before the first advert as master.
    std::size_t budget = std::numeric_limits<std::size_t>::max();
    m.runWheel(now, grace, budget);
    m.releaseHolds(now, budget);
    // Users the master was keeping only for held ports whose holds are over.
    for (std::uint32_t u = 0; u < m.userHighWater; ++u)
        if (m.users[u].live)
            m.maybeDeleteUser(u, now);
}

void CgnEngine::setSink(ChangeSink* sink)
{
    m_impl->flush();
    m_impl->sink = sink;
}

void CgnEngine::flush() { m_impl->flush(); }

Digest CgnEngine::digest() const { return m_impl->digest; }

void CgnEngine::clear(Seconds now)
{
    Impl& m = *m_impl;
    m.flush();
    for (std::uint32_t u = 0; u < m.userHighWater; ++u) {
        if (!m.users[u].live)
            continue;
        m.deleteSessionsOf(u, now);
        m.deleteUser(u, now, false);
    }
}

Counts CgnEngine::counts() const
{
    const Impl& m = *m_impl;
    Counts c = m.counters;
    c.users = m.userCount;
    c.sessions = m.sessionCount;
    c.portBlocksUsed = m.blocksUsed;
    c.portBlocksTotal = std::uint64_t(m.addresses.size()) * m.blocksPerAddress;
    c.addresses = std::uint32_t(m.addresses.size());
    c.heldPorts = m.liveHolds;
    return c;
}

std::size_t CgnEngine::memoryBytes() const
{
    const Impl& m = *m_impl;
    std::size_t bytes = sizeof(Impl);
    bytes += m.sessions.bytes();
    bytes += m.inside.memoryBytes() + m.outside.memoryBytes() + m.userIndex.memoryBytes();
    bytes += m.users.capacity() * sizeof(Impl::User);
    bytes += m.blocks.capacity() * sizeof(Impl::Block);
    bytes += m.portBits.capacity() * sizeof(std::uint64_t);
    bytes += m.heldBits.capacity() * sizeof(std::uint64_t);
    bytes += m.addresses.capacity() * sizeof(Impl::Address);
    bytes += m.addressBits.capacity() * sizeof(std::uint64_t);
    bytes += m.ranges.capacity() * sizeof(Impl::Range);
    for (const auto& list : m.available)
        bytes += list.capacity() * sizeof(std::uint32_t);
    bytes += m.wheel.capacity() * sizeof(std::uint32_t);
    bytes += m.holdCapacity * sizeof(Impl::Hold);
    bytes += m.records.capacity() * sizeof(ChangeRecord);
    return bytes;
}

std::optional<std::string> CgnEngine::apply(const ChangeRecord& record, Seconds now)
{
    return m_impl->apply(record, now, nullptr);
}

Digest digestTerm(const ChangeRecord& r)
{
    Digest d;
    switch (r.type) {
    case RecordType::UserCreate: d.users = digestUser(r.user, r.outsideAddress); break;
    case RecordType::BlockAlloc: d.portBlocks = digestBlock(r.user, r.outsideAddress, r.block); break;
    case RecordType::SessionCreate:
        d.sessions = digestSession(sessionDigestKey(r.user), r.innerAddress, r.insidePort,
                                   r.outsideAddress, r.outsidePort, r.protocol);
        break;
    default: break;
    }
    return d;
}

std::uint64_t CgnEngine::exportChunk(std::uint64_t cursor, std::size_t maxRecords, Seconds now,
                                     std::vector<ChangeRecord>& out) const
{
    // cursor: bit 32 clear — the next user slot; set — the next session slot.
    const Impl& m = *m_impl;
    constexpr std::uint64_t kSessions = std::uint64_t(1) << 32;
    const std::size_t start = out.size();
    std::uint64_t position = cursor;
    if (!(position & kSessions)) {
        std::uint32_t u = std::uint32_t(position);
        for (; u < m.userHighWater && out.size() - start < maxRecords; ++u) {
            if (!m.users[u].live)
                continue;
            out.push_back(m.userRecord(RecordType::UserCreate, m.users[u], now));
            for (std::uint32_t b = m.users[u].firstBlock; b != kNone; b = m.blocks[b].next)
                out.push_back(m.blockRecord(RecordType::BlockAlloc, m.users[u], m.blocks[b]));
        }
        if (u < m.userHighWater)
            return u;
        position = kSessions;
    }
    SessionId id = SessionId(position & 0xffffffffu);
    for (; id < m.sessionHighWater && out.size() - start < maxRecords; ++id)
        if (m.sessions[id].user != kNone)
            out.push_back(m.sessionRecord(RecordType::SessionCreate, m.sessions[id], now));
    return id < m.sessionHighWater ? kSessions | id : kExportDone;
}

void CgnEngine::currentState(const ChangeRecord& r, Seconds now, std::vector<ChangeRecord>& out) const
{
    const Impl& m = *m_impl;
    const std::uint32_t u = m.findUser(r.user);
    switch (r.type) {
    case RecordType::UserCreate:
    case RecordType::UserDelete:
        if (u != kNone) {
            out.push_back(m.userRecord(RecordType::UserCreate, m.users[u], now));
        } else {
            ChangeRecord gone = r;
            gone.type = RecordType::UserDelete;
            out.push_back(gone);
        }
        return;
    case RecordType::BlockAlloc:
    case RecordType::BlockFree: {
        if (u != kNone)
            for (std::uint32_t b = m.users[u].firstBlock; b != kNone; b = m.blocks[b].next)
                if (m.blocks[b].number == r.block && m.addresses[m.blocks[b].address].value == r.outsideAddress) {
                    out.push_back(m.blockRecord(RecordType::BlockAlloc, m.users[u], m.blocks[b]));
                    return;
                }
        ChangeRecord gone = r;
        gone.type = RecordType::BlockFree;
        out.push_back(gone);
        return;
    }
    case RecordType::SessionCreate:
    case RecordType::SessionRefresh:
    case RecordType::SessionDelete: {
        const InsideEndpoint in = r.inside();
        const SessionId id = u == kNone ? kNone : m.findInside(in, m.insideKeyHash(in));
        const bool sameMapping = id != kNone && m.sessions[id].outsideAddress == r.outsideAddress
                                 && m.sessions[id].outsidePort == r.outsidePort;
        if (!sameMapping) {
            ChangeRecord gone;
            gone.type = RecordType::SessionDelete;
            gone.protocol = r.protocol;
            gone.user = r.user;
            gone.innerAddress = r.innerAddress;
            gone.insidePort = r.insidePort;
            gone.outsideAddress = r.outsideAddress;
            gone.outsidePort = r.outsidePort;
            out.push_back(gone);
        }
        if (id != kNone)
            out.push_back(m.sessionRecord(RecordType::SessionCreate, m.sessions[id], now));
        return;
    }
    }
}

std::vector<ChangeRecord> CgnEngine::exportTables(Seconds now) const
{
    const Impl& m = *m_impl;
    std::vector<ChangeRecord> out;
    out.reserve(m.userCount + m.blocksUsed + m.sessionCount);
    for (std::uint32_t u = 0; u < m.userHighWater; ++u) {
        if (!m.users[u].live)
            continue;
        out.push_back(m.userRecord(RecordType::UserCreate, m.users[u], now));
        for (std::uint32_t b = m.users[u].firstBlock; b != kNone; b = m.blocks[b].next)
            out.push_back(m.blockRecord(RecordType::BlockAlloc, m.users[u], m.blocks[b]));
    }
    for (SessionId id = 0; id < m.sessionHighWater; ++id)
        if (m.sessions[id].user != kNone)
            out.push_back(m.sessionRecord(RecordType::SessionCreate, m.sessions[id], now));
    return out;
}

ImportResult CgnEngine::importTables(std::span<const std::uint8_t> bytes, Seconds now)
{
    Impl& m = *m_impl;
    ImportResult result;
    DecodedRecords decoded = decodeRecords(bytes);
    if (decoded.error) {
        result.error = decoded.error;
        return result;
    }
    m.startClock(now);
    Impl::Journal journal;
    for (std::size_t i = 0; i < decoded.records.size(); ++i) {
        const ChangeRecord& r = decoded.records[i];
        std::optional<std::string> error;
        if (r.type != RecordType::UserCreate && r.type != RecordType::BlockAlloc
            && r.type != RecordType::SessionCreate)
            error = std::string(toString(r.type))
                    + " record in a bulk import (an export holds creates only)";
        else
            error = m.apply(r, now, &journal);
        if (error) {
            m.undo(journal, now);
            result.error = DecodeError{decoded.offsets[i], "record " + std::to_string(i + 1) + " ("
                                                               + std::string(toString(r.type))
                                                               + "): " + *error};
            return result;
        }
    }
    result.users = std::uint32_t(journal.users.size());
    result.portBlocks = std::uint32_t(journal.blocks.size());
    result.sessions = std::uint32_t(journal.sessions.size());
    return result;
}

std::optional<UserView> CgnEngine::user(const UserKey& key) const
{
    const std::uint32_t u = m_impl->findUser(key);
    if (u == kNone)
        return std::nullopt;
    return m_impl->viewOf(u);
}

SessionPage CgnEngine::listSessions(const SessionFilter& filter, std::uint64_t cursor,
                                    std::size_t limit, std::uint64_t scanBudget) const
{
    const Impl& m = *m_impl;
    SessionPage page;
    if (limit == 0)
        return page;
    std::vector<SessionId> candidates;
    bool enumerated = false;
    // Cheap paths: one outside endpoint, or one user's ports; everything else is a scan.
    if (filter.outsideAddress && filter.outsidePort && filter.protocol) {
        enumerated = true;
        const SessionId id = m.findOutside({*filter.outsideAddress, *filter.outsidePort, *filter.protocol});
        if (id != kNone)
            candidates.push_back(id);
    } else if (filter.user) {
        enumerated = true;
        const std::uint32_t u = m.findUser(*filter.user);
        if (u != kNone)
            m.forEachSessionOf(u, [&](SessionId id) { candidates.push_back(id); });
    }
    if (enumerated) {
        std::sort(candidates.begin(), candidates.end());
        for (SessionId id : candidates) {
            if (id < cursor || !m.matches(m.sessions[id], filter))
                continue;
            ++page.examined;
            if (page.sessions.size() == limit) {
                page.nextCursor = id;
                break;
            }
            page.sessions.push_back(*session(id));
        }
        return page;
    }
    for (std::uint64_t id = cursor; id < m.sessionHighWater; ++id) {
        if (page.examined == scanBudget || page.sessions.size() == limit) {
            page.nextCursor = id;
            break;
        }
        ++page.examined;
        const auto& s = m.sessions[id];
        if (s.user != kNone && m.matches(s, filter))
            page.sessions.push_back(*session(SessionId(id)));
    }
    return page;
}

SortedSessionPage CgnEngine::listSessionsSorted(const SessionFilter& filter, SessionOrder order,
                                                bool descending,
                                                const std::optional<SessionPosition>& after,
                                                std::size_t limit) const
{
    const Impl& m = *m_impl;
    SortedSessionPage page;
    if (limit == 0)
        return page;
    const auto keyOf = [order](const Impl::Session& s) -> std::uint64_t {
        switch (order) {
        case SessionOrder::Id:
            return 0;
        case SessionOrder::Inside:
            return std::uint64_t(s.innerAddress) << 16 | s.insidePort;
        case SessionOrder::Outside:
            return std::uint64_t(s.outsideAddress) << 16 | s.outsidePort;
        case SessionOrder::Remote:
            return std::uint64_t(s.remoteAddress) << 16 | s.remotePort;
        case SessionOrder::Created:
            return s.created;
        case SessionOrder::Expires:
            return s.expires;
        }
        return 0;
    };
    // Ranks compare as unsigned pairs; a descending order is the ascending one of the
    // complements, so one heap serves both.
    using Rank = std::pair<std::uint64_t, std::uint32_t>;
    const auto rankOf = [descending](std::uint64_t key, std::uint32_t id) -> Rank {
        return descending ? Rank{~key, ~id} : Rank{key, id};
    };
    const std::optional<Rank> floor =
        after ? std::optional<Rank>(rankOf(after->key, after->id)) : std::nullopt;
    std::vector<Rank> best; // max-heap of the `limit` lowest ranks seen
    best.reserve(limit + 1);
    std::uint64_t qualifying = 0;
    const auto consider = [&](std::uint32_t id) {
        const Impl::Session& s = m.sessions[id];
        if (s.user == kNone || !m.matches(s, filter))
            return;
        ++page.examined;
        const Rank rank = rankOf(keyOf(s), id);
        if (floor && !(*floor < rank))
            return;
        ++qualifying;
        if (best.size() < limit) {
            best.push_back(rank);
            std::push_heap(best.begin(), best.end());
        } else if (rank < best.front()) {
            std::pop_heap(best.begin(), best.end());
            best.back() = rank;
            std::push_heap(best.begin(), best.end());
        }
    };
    if (filter.user) {
        const std::uint32_t u = m.findUser(*filter.user);
        if (u != kNone)
            m.forEachSessionOf(u, [&](SessionId id) { consider(id); });
    } else {
        for (std::uint64_t id = 0; id < m.sessionHighWater; ++id)
            consider(std::uint32_t(id));
    }
    std::sort_heap(best.begin(), best.end());
    page.sessions.reserve(best.size());
    for (const Rank& rank : best) {
        const SessionId id = descending ? ~rank.second : rank.second;
        page.sessions.push_back(*session(id));
    }
    if (qualifying > best.size() && !best.empty()) {
        const Rank& last = best.back();
        page.next = descending ? SessionPosition{~last.first, ~last.second}
                               : SessionPosition{last.first, last.second};
    }
    return page;
}

UserPage CgnEngine::listUsers(std::uint64_t cursor, std::size_t limit) const
{
    const Impl& m = *m_impl;
    UserPage page;
    for (std::uint64_t u = cursor; u < m.userHighWater; ++u) {
        if (page.users.size() == limit) {
            page.nextCursor = u;
            break;
        }
        if (m.users[u].live)
            page.users.push_back(m.viewOf(std::uint32_t(u)));
    }
    return page;
}

std::vector<AddressUsage> CgnEngine::addressUsage() const
{
    const Impl& m = *m_impl;
    std::vector<AddressUsage> out;
    out.reserve(m.addresses.size());
    for (const auto& a : m.addresses)
        out.push_back({a.value, m.config.groups[a.group].name, std::uint16_t(a.blocksUsed),
                       std::uint16_t(m.blocksPerAddress)});
    return out;
}

} // namespace tandem::cgn
