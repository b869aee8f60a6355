#include "ReferenceEngine.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace tandem::cgn::bench {

namespace {

void hashCombine(std::size_t& seed, std::uint64_t value)
{
    seed ^= std::hash<std::uint64_t>{}(value) + 0x9e3779b97f4a7c15ull + (seed << 6) + (seed >> 2);
}

std::size_t hashUser(const UserKey& key)
{
    std::size_t seed = 0;
    hashCombine(seed, std::uint64_t(key.kind) << 48 | std::uint64_t(key.vpn) << 32 | key.ipv4);
    std::uint64_t halves[2];
    std::memcpy(halves, key.ipv6.data(), sizeof halves);
    hashCombine(seed, halves[0]);
    hashCombine(seed, halves[1]);
    return seed;
}

// The TCP tracking CgnEngine documents: a mapping opens transitory (SynSent), is established
// once a packet other than FIN / RST comes back from the outside, goes transitory again on a
// FIN and into the RST hold on a RST; a bare SYN reopens a closing or reset mapping. `state` is
// None for a new session.
TcpState nextTcpState(TcpState state, std::uint8_t flags, bool fromInside)
{
    if (flags & tcp::kRst)
        return TcpState::Reset;
    const bool fin = flags & tcp::kFin;
    const bool syn = flags & tcp::kSyn;
    switch (state) {
    case TcpState::None:
        return TcpState::SynSent;
    case TcpState::SynSent:
        if (fin)
            return TcpState::Closing;
        return fromInside ? TcpState::SynSent : TcpState::Established;
    case TcpState::Established:
        return fin ? TcpState::Closing : TcpState::Established;
    case TcpState::Closing:
    case TcpState::Reset:
        return syn && !(flags & tcp::kAck) ? TcpState::SynSent : state;
    }
    return state;
}

DropReason limitReason(Protocol protocol)
{
    switch (protocol) {
    case Protocol::Tcp:
        return DropReason::UserLimitTcp;
    case Protocol::Udp:
        return DropReason::UserLimitUdp;
    case Protocol::Icmp:
        return DropReason::UserLimitIcmp;
    }
    return DropReason::UserLimitTotal;
}

} // namespace

std::size_t UserKeyHash::operator()(const UserKey& key) const noexcept
{
    return hashUser(key);
}

std::size_t InsideEndpointHash::operator()(const InsideEndpoint& inside) const noexcept
{
    std::size_t seed = hashUser(inside.user);
    hashCombine(seed, std::uint64_t(inside.innerAddress) << 32 | std::uint64_t(inside.port) << 8 |
                          std::uint64_t(inside.protocol));
    return seed;
}

std::size_t OutsideEndpointHash::operator()(const OutsideEndpoint& outside) const noexcept
{
    std::size_t seed = 0;
    hashCombine(seed, std::uint64_t(outside.address) << 32 | std::uint64_t(outside.port) << 8 |
                          std::uint64_t(outside.protocol));
    return seed;
}

std::unique_ptr<ReferenceEngine> ReferenceEngine::create(const EngineConfig& config,
                                                         std::string* error)
{
    auto fail = [&](const char* message) {
        if (error)
            *error = message;
        return std::unique_ptr<ReferenceEngine>();
    };
    if (config.maxSessions == 0)
        return fail("maxSessions: must be at least 1");
    if (config.maxUsers == 0)
        return fail("maxUsers: must be at least 1");
    if (config.portBlockSize == 0)
        return fail("portBlockSize: must be at least 1");
    if (config.firstPort > config.lastPort)
        return fail("firstPort: above lastPort");
    if ((std::uint32_t(config.lastPort) - config.firstPort + 1) / config.portBlockSize == 0)
        return fail("portBlockSize: larger than the port range");
    if (config.blocksPerUser == 0)
        return fail("blocksPerUser: must be at least 1");
    const Timeouts& t = config.timeouts;
    if (t.udp == 0 || t.tcpEstablished == 0 || t.tcpTransitory == 0 || t.tcpReset == 0 ||
        t.icmp == 0)
        return fail("timeouts: must be at least 1 s");
    const UserLimits& l = config.limits;
    if (l.total == 0 || l.tcp == 0 || l.udp == 0 || l.icmp == 0)
        return fail("limits: must be at least 1");
    if (config.groups.empty())
        return fail("groups: no address group");
    std::vector<AddressRange> ranges;
    for (const AddressGroup& group : config.groups) {
        if (group.sections.empty())
            return fail("groups: an address group has no section");
        for (const AddressRange& range : group.sections) {
            if (range.first > range.last)
                return fail("groups: a section ends before it starts");
            ranges.push_back(range);
        }
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const AddressRange& a, const AddressRange& b) { return a.first < b.first; });
    for (std::size_t i = 1; i < ranges.size(); ++i) {
        if (ranges[i].first <= ranges[i - 1].last)
            return fail("groups: address sections overlap");
    }
    return std::unique_ptr<ReferenceEngine>(new ReferenceEngine(config));
}

ReferenceEngine::ReferenceEngine(const EngineConfig& config)
    : m_config(config), m_blocksPerAddress((std::uint32_t(config.lastPort) - config.firstPort + 1) /
                                           config.portBlockSize)
{
    if (config.randomSeed != 0) {
        m_random.seed(config.randomSeed);
    } else {
        std::random_device device;
        m_random.seed(std::uint64_t(device()) << 32 | device());
    }

    const std::uint32_t portsPerAddress = m_blocksPerAddress * config.portBlockSize;
    for (const AddressGroup& group : config.groups) {
        std::vector<std::uint32_t>& available = m_availableByVpn[group.vpn];
        for (const AddressRange& range : group.sections) {
            for (std::uint64_t a = range.first; a <= range.last; ++a) {
                PublicAddress address;
                address.address = std::uint32_t(a);
                address.vpn = group.vpn;
                address.availablePosition = std::uint32_t(available.size());
                address.blockAllocated.assign(m_blocksPerAddress, false);
                address.blockOwner.resize(m_blocksPerAddress);
                address.freeBlocks = m_blocksPerAddress;
                for (auto& ports : address.portTaken)
                    ports.assign(portsPerAddress, false);
                available.push_back(std::uint32_t(m_addresses.size()));
                m_addresses.push_back(std::move(address));
            }
        }
    }

    m_users.reserve(config.maxUsers);
    m_sessions.reserve(config.maxSessions);
    m_byOutside.reserve(config.maxSessions);
    m_byId.reserve(config.maxSessions);
    m_records.reserve(kRecordBatch);

    const Timeouts& t = config.timeouts;
    const Seconds longest =
        std::max({t.udp, t.tcpEstablished, t.tcpTransitory, t.tcpReset, t.icmp});
    m_wheel.resize(std::bit_ceil(std::size_t(longest) + 1));
}

SetupResult ReferenceEngine::drop(DropReason reason)
{
    ++m_drops[std::size_t(reason)];
    SetupResult result;
    result.drop = reason;
    return result;
}

void ReferenceEngine::setAvailable(std::uint32_t addressIndex, bool available)
{
    PublicAddress& address = m_addresses[addressIndex];
    std::vector<std::uint32_t>& list = m_availableByVpn[address.vpn];
    if (available) {
        address.availablePosition = std::uint32_t(list.size());
        list.push_back(addressIndex);
        return;
    }
    const std::uint32_t moved = list.back();
    list[address.availablePosition] = moved;
    m_addresses[moved].availablePosition = address.availablePosition;
    list.pop_back();
}

SetupResult ReferenceEngine::outbound(const InsideEndpoint& inside, RemoteEndpoint remote,
                                      std::uint8_t tcpFlags, Seconds now)
{
    auto existing = m_sessions.find(inside);
    if (existing != m_sessions.end()) {
        touch(inside, existing->second, remote, tcpFlags, true, now);
        return {existing->second.id, DropReason::None, false, existing->second.outside};
    }
    if (m_sessions.size() >= m_config.maxSessions)
        return drop(DropReason::SessionTableFull);

    User* user = nullptr;
    auto found = m_users.find(inside.user);
    if (found != m_users.end()) {
        user = &found->second;
    } else {
        const DropReason reason = createUser(inside.user, now, &user);
        if (reason != DropReason::None)
            return drop(reason);
    }

    const auto protocolIndex = std::size_t(inside.protocol);
    const UserLimits& limits = m_config.limits;
    const std::array<std::uint32_t, kProtocolCount> protocolLimits{limits.tcp, limits.udp,
                                                                   limits.icmp};
    if (user->totalSessions >= limits.total)
        return drop(DropReason::UserLimitTotal);
    if (user->sessions[protocolIndex] >= protocolLimits[protocolIndex])
        return drop(limitReason(inside.protocol));

    std::uint16_t port = 0;
    if (!allocatePort(*user, inside.protocol, &port)) {
        if (user->blocks.size() >= m_config.blocksPerUser)
            return drop(DropReason::PortExhausted);
        if (!allocateBlock(inside.user, *user))
            return drop(DropReason::PortBlockExhausted);
        allocatePort(*user, inside.protocol, &port); // a fresh block has every port free
    }

    Session session;
    session.id = m_nextId++;
    session.outside = {m_addresses[user->addressIndex].address, port, inside.protocol};
    session.remote = remote;
    session.tcpState = inside.protocol == Protocol::Tcp
                           ? nextTcpState(TcpState::None, tcpFlags, true)
                           : TcpState::None;
    session.created = now;
    session.expires = now + timeoutFor(inside.protocol, session.tcpState);
    ++user->sessions[protocolIndex];
    ++user->totalSessions;

    auto [it, inserted] = m_sessions.emplace(inside, session);
    (void)inserted;
    m_byOutside.emplace(session.outside, inside);
    m_byId.emplace(session.id, inside);
    arm(inside, session.expires);
    emitSession(RecordType::SessionCreate, inside, it->second, now);
    return {session.id, DropReason::None, true, session.outside};
}

SetupResult ReferenceEngine::inbound(const OutsideEndpoint& outside, RemoteEndpoint remote,
                                     std::uint8_t tcpFlags, Seconds now)
{
    auto mapping = m_byOutside.find(outside);
    if (mapping == m_byOutside.end())
        return drop(DropReason::NoMapping);
    const InsideEndpoint inside = mapping->second;
    Session& session = m_sessions.at(inside);
    touch(inside, session, remote, tcpFlags, false, now);
    return {session.id, DropReason::None, false, outside};
}

SessionId ReferenceEngine::findInside(const InsideEndpoint& inside) const
{
    auto it = m_sessions.find(inside);
    return it == m_sessions.end() ? kNoSession : it->second.id;
}

SessionId ReferenceEngine::findOutside(const OutsideEndpoint& outside) const
{
    auto it = m_byOutside.find(outside);
    return it == m_byOutside.end() ? kNoSession : m_sessions.at(it->second).id;
}

bool ReferenceEngine::remove(SessionId id, Seconds now)
{
    auto byId = m_byId.find(id);
    if (byId == m_byId.end())
        return false;
    erase(m_sessions.find(byId->second), now);
    return true;
}

void ReferenceEngine::advance(Seconds now)
{
    if (now > m_wheelTime) {
        // Nothing is armed beyond the latest expiry, and one turn of the wheel visits every
        // slot, so a long jump costs at most one turn.
        const std::uint64_t size = m_wheel.size();
        const std::uint64_t last = std::min<std::uint64_t>(now, m_latestExpiry);
        std::uint64_t first = std::uint64_t(m_wheelTime) + 1;
        if (last >= first + size)
            first = last - size + 1;
        for (std::uint64_t t = first; t <= last; ++t) {
            const std::size_t slot = t % size;
            m_due.swap(m_wheel[slot]);
            for (const InsideEndpoint& inside : m_due) {
                auto it = m_sessions.find(inside);
                if (it == m_sessions.end())
                    continue; // stale: removed or aged
                // Aged at this slot's second, its expiry (or, after a jump of more than a
                // turn, the first second that reaches it): the port hold runs from then.
                if (it->second.expires <= t)
                    erase(it, Seconds(t));
                else if (it->second.expires % size == slot)
                    m_wheel[slot].push_back(inside); // due in a later turn
            }
            m_due.clear();
        }
        m_wheelTime = now;
    }
    while (!m_held.empty() && m_held.front().until <= now) {
        const HeldPort held = m_held.front();
        m_held.pop_front();
        releasePort(held);
    }
}

DropReason ReferenceEngine::createUser(const UserKey& key, Seconds now, User** user)
{
    if (m_users.size() >= m_config.maxUsers)
        return DropReason::UserTableFull;
    auto available = m_availableByVpn.find(key.vpn);
    if (available == m_availableByVpn.end())
        return DropReason::NoAddressGroup;
    const std::vector<std::uint32_t>& addresses = available->second;
    if (addresses.empty())
        return DropReason::AddressExhausted;

    // Paired pooling: the user's one address is a random one that still has a free block.
    const std::uint32_t chosen =
        addresses[std::uniform_int_distribution<std::size_t>(0, addresses.size() - 1)(m_random)];

    User& created = m_users[key];
    created.addressIndex = chosen;
    created.created = now;
    created.blocks.reserve(m_config.blocksPerUser);

    ChangeRecord record;
    record.type = RecordType::UserCreate;
    record.user = key;
    record.outsideAddress = m_addresses[chosen].address;
    emit(record);

    allocateBlock(key, created);
    *user = &created;
    return DropReason::None;
}

bool ReferenceEngine::allocateBlock(const UserKey& key, User& user)
{
    PublicAddress& address = m_addresses[user.addressIndex];
    if (address.freeBlocks == 0)
        return false;
    const std::uint32_t start =
        std::uniform_int_distribution<std::uint32_t>(0, m_blocksPerAddress - 1)(m_random);
    for (std::uint32_t i = 0; i < m_blocksPerAddress; ++i) {
        const std::uint32_t block = (start + i) % m_blocksPerAddress;
        if (address.blockAllocated[block])
            continue;
        address.blockAllocated[block] = true;
        address.blockOwner[block] = key;
        if (--address.freeBlocks == 0)
            setAvailable(user.addressIndex, false);
        user.blocks.push_back(std::uint16_t(block));
        emitBlock(RecordType::BlockAlloc, key, address.address, std::uint16_t(block));
        return true;
    }
    return false;
}

bool ReferenceEngine::allocatePort(User& user, Protocol protocol, std::uint16_t* port)
{
    const std::uint32_t size = m_config.portBlockSize;
    const std::vector<bool>& taken =
        m_addresses[user.addressIndex].portTaken[std::size_t(protocol)];
    for (std::uint16_t block : user.blocks) {
        const std::uint32_t start =
            std::uniform_int_distribution<std::uint32_t>(0, size - 1)(m_random);
        for (std::uint32_t i = 0; i < size; ++i) {
            const std::uint32_t offset = block * size + (start + i) % size;
            if (taken[offset])
                continue;
            *port = std::uint16_t(m_config.firstPort + offset);
            takePort(user, *port, protocol);
            return true;
        }
    }
    return false;
}

void ReferenceEngine::takePort(User& user, std::uint16_t port, Protocol protocol)
{
    m_addresses[user.addressIndex].portTaken[std::size_t(protocol)][port - m_config.firstPort] =
        true;
    ++user.portsTaken;
}

void ReferenceEngine::releasePort(const HeldPort& held)
{
    PublicAddress& address = m_addresses[held.addressIndex];
    const std::uint32_t offset = held.port - m_config.firstPort;
    address.portTaken[std::size_t(held.protocol)][offset] = false;
    const UserKey key = address.blockOwner[offset / m_config.portBlockSize];
    auto user = m_users.find(key);
    if (--user->second.portsTaken != 0)
        return;

    // The user's last port came free: the user is gone and its blocks go back to the address.
    for (std::uint16_t block : user->second.blocks) {
        address.blockAllocated[block] = false;
        if (address.freeBlocks++ == 0)
            setAvailable(held.addressIndex, true);
        emitBlock(RecordType::BlockFree, key, address.address, block);
    }
    ChangeRecord record;
    record.type = RecordType::UserDelete;
    record.user = key;
    emit(record);
    m_users.erase(user);
}

Seconds ReferenceEngine::timeoutFor(Protocol protocol, TcpState state) const
{
    const Timeouts& t = m_config.timeouts;
    switch (protocol) {
    case Protocol::Udp:
        return t.udp;
    case Protocol::Icmp:
        return t.icmp;
    case Protocol::Tcp:
        break;
    }
    switch (state) {
    case TcpState::Established:
        return t.tcpEstablished;
    case TcpState::Reset:
        return t.tcpReset;
    case TcpState::None:
    case TcpState::SynSent:
    case TcpState::Closing:
        break;
    }
    return t.tcpTransitory;
}

void ReferenceEngine::arm(const InsideEndpoint& inside, Seconds expires)
{
    m_wheel[expires % m_wheel.size()].push_back(inside);
    m_latestExpiry = std::max(m_latestExpiry, expires);
}

void ReferenceEngine::touch(const InsideEndpoint& inside, Session& session, RemoteEndpoint remote,
                            std::uint8_t tcpFlags, bool fromInside, Seconds now)
{
    const TcpState before = session.tcpState;
    if (inside.protocol == Protocol::Tcp)
        session.tcpState = nextTcpState(before, tcpFlags, fromInside);
    session.remote = remote;
    if (before == TcpState::Reset && session.tcpState == TcpState::Reset)
        return; // the RST hold runs from the first RST
    const Seconds expires = now + timeoutFor(inside.protocol, session.tcpState);
    // A state change goes to the standby at once, a refresh only when the expiry moves into
    // another sync period (as CgnEngine does), so both emit the same number of records.
    const Seconds period = m_config.syncRefreshGranularity;
    const bool newPeriod = period == 0 || expires / period != session.expires / period;
    if (expires != session.expires) {
        session.expires = expires;
        arm(inside, expires);
    }
    if (session.tcpState != before || newPeriod)
        emitSession(RecordType::SessionRefresh, inside, session, now);
}

void ReferenceEngine::erase(
    std::unordered_map<InsideEndpoint, Session, InsideEndpointHash>::iterator it, Seconds freedAt)
{
    const InsideEndpoint inside = it->first;
    const Session& session = it->second;
    User& user = m_users.at(inside.user);
    --user.sessions[std::size_t(inside.protocol)];
    --user.totalSessions;

    ChangeRecord record;
    record.type = RecordType::SessionDelete;
    record.protocol = inside.protocol;
    record.user = inside.user;
    record.innerAddress = inside.innerAddress;
    record.insidePort = inside.port;
    record.outsideAddress = session.outside.address;
    record.outsidePort = session.outside.port;
    emit(record);

    const HeldPort held{freedAt + m_config.portHold, user.addressIndex, session.outside.port,
                        inside.protocol};
    m_byOutside.erase(session.outside);
    m_byId.erase(session.id);
    m_sessions.erase(it);
    if (m_config.portHold == 0)
        releasePort(held);
    else
        m_held.push_back(held);
}

void ReferenceEngine::emitSession(RecordType type, const InsideEndpoint& inside,
                                  const Session& session, Seconds now)
{
    ChangeRecord record;
    record.type = type;
    record.protocol = inside.protocol;
    record.tcpState = session.tcpState;
    record.lifetime = session.expires - now;
    record.user = inside.user;
    record.innerAddress = inside.innerAddress;
    record.insidePort = inside.port;
    record.outsidePort = session.outside.port;
    record.outsideAddress = session.outside.address;
    record.remoteAddress = session.remote.address;
    record.remotePort = session.remote.port;
    record.age = now - session.created;
    emit(record);
}

void ReferenceEngine::emit(const ChangeRecord& record)
{
    if (m_records.size() == m_records.capacity()) {
        m_recordsHandedOver += m_records.size();
        m_records.clear();
    }
    m_records.push_back(record);
}

void ReferenceEngine::emitBlock(RecordType type, const UserKey& key, std::uint32_t address,
                                std::uint16_t block)
{
    ChangeRecord record;
    record.type = type;
    record.user = key;
    record.outsideAddress = address;
    record.block = block;
    emit(record);
}

} // namespace tandem::cgn::bench
