#include "CgnModel.h"

#include <algorithm>
#include <sstream>

namespace tandem::cgn::model {

std::string describe(const UserKey& key)
{
    switch (key.kind) {
    case UserKind::Nat44:
        return "nat44(vpn " + std::to_string(key.vpn) + " " + ipv4ToString(key.ipv4) + ")";
    case UserKind::DsLite:
        return "dslite(" + ipv6ToString(key.ipv6) + ")";
    case UserKind::Nat64:
        return "nat64(" + ipv6ToString(key.ipv6) + ")";
    }
    return "?";
}

std::string describe(const InsideEndpoint& inside)
{
    return describe(inside.user) + " " + ipv4ToString(inside.innerAddress) + ":" +
           std::to_string(inside.port) + "/" + std::string(toString(inside.protocol));
}

std::string describe(const OutsideEndpoint& outside)
{
    return ipv4ToString(outside.address) + ":" + std::to_string(outside.port) + "/" +
           std::string(toString(outside.protocol));
}

std::string describe(const RemoteEndpoint& remote)
{
    return ipv4ToString(remote.address) + ":" + std::to_string(remote.port);
}

std::string describe(const SetupResult& result)
{
    std::ostringstream out;
    out << "{session " << result.session << ", drop " << toString(result.drop) << ", created "
        << result.created << ", outside " << describe(result.outside) << "}";
    return out.str();
}

std::string describe(const ChangeRecord& r)
{
    std::ostringstream out;
    out << toString(r.type) << " " << describe(r.inside()) << " -> " << describe(r.outside())
        << " state " << toString(r.tcpState) << " lifetime " << r.lifetime << " block " << r.block
        << " age " << r.age;
    return out.str();
}

std::string describeFlags(std::uint8_t flags)
{
    std::string text;
    if (flags & tcp::kSyn)
        text += "S";
    if (flags & tcp::kAck)
        text += "A";
    if (flags & tcp::kFin)
        text += "F";
    if (flags & tcp::kRst)
        text += "R";
    return text.empty() ? "-" : text;
}

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

Model::Model(const EngineConfig& config)
    : m_config(config), m_blocksPerAddress((std::uint32_t(config.lastPort) - config.firstPort + 1) /
                                           config.portBlockSize)
{
    for (const AddressGroup& group : config.groups) {
        for (const AddressRange& range : group.sections) {
            for (std::uint64_t a = range.first; a <= range.last; ++a)
                m_allAddresses.push_back(std::uint32_t(a));
        }
    }
}

const Model::Session* Model::findInside(const InsideEndpoint& inside) const
{
    auto it = m_sessions.find(tupleOf(inside));
    return it == m_sessions.end() ? nullptr : &it->second;
}

const Model::Session* Model::findOutside(const OutsideEndpoint& outside) const
{
    auto it = m_byOutside.find(tupleOf(outside));
    return it == m_byOutside.end() ? nullptr : &m_sessions.at(it->second);
}

const Model::Session* Model::findId(SessionId id) const
{
    auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_sessions.at(it->second);
}

const Model::User* Model::findUser(const UserKey& key) const
{
    auto it = m_users.find(tupleOf(key));
    return it == m_users.end() ? nullptr : &it->second;
}

std::vector<std::uint32_t> Model::groupAddresses(VpnId vpn) const
{
    std::vector<std::uint32_t> addresses;
    for (const AddressGroup& group : m_config.groups) {
        if (group.vpn != vpn)
            continue;
        for (const AddressRange& range : group.sections) {
            for (std::uint64_t a = range.first; a <= range.last; ++a)
                addresses.push_back(std::uint32_t(a));
        }
    }
    return addresses;
}

bool Model::hasFreeBlock(std::uint32_t address) const
{
    std::uint32_t used = 0;
    for (const auto& [block, owner] : m_blockOwner)
        used += block.first == address;
    return used < m_blocksPerAddress;
}

bool Model::portTaken(std::uint32_t address, std::uint16_t port, Protocol protocol) const
{
    const OutsideTuple key{address, port, int(protocol)};
    return m_byOutside.count(key) || m_held.count(key);
}

bool Model::hasFreePort(const User& user, Protocol protocol) const
{
    for (std::uint16_t block : user.blocks) {
        if (portsTaken(user.address, block, protocol) < m_config.portBlockSize)
            return true;
    }
    return false;
}

std::uint16_t Model::portsTaken(std::uint32_t address, std::uint16_t block, Protocol protocol) const
{
    // Both maps are ordered by (address, port, protocol): walk the block's range of each.
    const auto first = std::uint16_t(m_config.firstPort + block * m_config.portBlockSize);
    const auto last = std::uint16_t(first + m_config.portBlockSize - 1);
    std::uint16_t taken = 0;
    auto count = [&](const auto& map) {
        for (auto it = map.lower_bound({address, first, 0});
             it != map.end() && it->first <= OutsideTuple{address, last, kProtocolCount}; ++it)
            taken += std::get<2>(it->first) == int(protocol);
    };
    count(m_byOutside);
    count(m_held);
    return taken;
}

std::set<DropReason> Model::refusals(const InsideEndpoint& inside) const
{
    std::set<DropReason> reasons;
    if (m_sessions.size() >= m_config.maxSessions)
        reasons.insert(DropReason::SessionTableFull);
    const User* user = findUser(inside.user);
    if (!user) {
        if (m_users.size() >= m_config.maxUsers)
            reasons.insert(DropReason::UserTableFull);
        const std::vector<std::uint32_t> addresses = groupAddresses(inside.user.vpn);
        if (addresses.empty())
            reasons.insert(DropReason::NoAddressGroup);
        else if (std::none_of(addresses.begin(), addresses.end(),
                              [&](std::uint32_t a) { return hasFreeBlock(a); }))
            reasons.insert(DropReason::AddressExhausted);
        return reasons;
    }
    const UserLimits& limits = m_config.limits;
    if (user->total >= limits.total)
        reasons.insert(DropReason::UserLimitTotal);
    const std::uint32_t count = user->sessions[std::size_t(inside.protocol)];
    switch (inside.protocol) {
    case Protocol::Tcp:
        if (count >= limits.tcp)
            reasons.insert(DropReason::UserLimitTcp);
        break;
    case Protocol::Udp:
        if (count >= limits.udp)
            reasons.insert(DropReason::UserLimitUdp);
        break;
    case Protocol::Icmp:
        if (count >= limits.icmp)
            reasons.insert(DropReason::UserLimitIcmp);
        break;
    }
    if (!hasFreePort(*user, inside.protocol)) {
        if (user->blocks.size() >= m_config.blocksPerUser)
            reasons.insert(DropReason::PortExhausted);
        else if (!hasFreeBlock(user->address))
            reasons.insert(DropReason::PortBlockExhausted);
    }
    return reasons;
}

std::string Model::acceptCreated(const InsideEndpoint& inside, const SetupResult& result,
                                 RemoteEndpoint remote, std::uint8_t tcpFlags, Seconds now)
{
    const OutsideEndpoint& out = result.outside;
    if (result.session == kNoSession)
        return "created a session without an id";
    if (m_byId.count(result.session))
        return "new session got the id of live session " + std::to_string(result.session);
    if (out.protocol != inside.protocol)
        return "outside protocol differs from the inside one";
    if (out.port < m_config.firstPort ||
        out.port >= std::uint32_t(m_config.firstPort) + m_blocksPerAddress * m_config.portBlockSize)
        return "outside port " + std::to_string(out.port) + " outside the port blocks";
    if (m_byOutside.count(tupleOf(out)))
        return "outside endpoint " + describe(out) + " already belongs to " +
               describe(findOutside(out)->inside);
    if (m_held.count(tupleOf(out)))
        return "outside endpoint " + describe(out) + " is still held (until " +
               std::to_string(m_held.at(tupleOf(out))) + ")";

    const User* user = findUser(inside.user);
    if (user && out.address != user->address)
        return "user's session on " + ipv4ToString(out.address) + ", the user's address is " +
               ipv4ToString(user->address);
    if (!user) {
        const std::vector<std::uint32_t> addresses = groupAddresses(inside.user.vpn);
        if (std::find(addresses.begin(), addresses.end(), out.address) == addresses.end())
            return "new user got " + ipv4ToString(out.address) + ", not in its VPN's groups";
        if (!hasFreeBlock(out.address))
            return "new user got " + ipv4ToString(out.address) + ", which has no free block";
    }
    const std::uint16_t block = blockOf(out.port);
    const bool ownBlock = user && user->blocks.count(block);
    if (!ownBlock) {
        if (m_blockOwner.count({out.address, block}))
            return "port " + std::to_string(out.port) + " is in block " + std::to_string(block) +
                   " of another user";
        if (user && user->blocks.size() >= m_config.blocksPerUser)
            return "user got a block beyond blocksPerUser";
        if (user && hasFreePort(*user, inside.protocol))
            return "user got a new block while its blocks had a free port";
    }

    User& owner = m_users[tupleOf(inside.user)];
    if (!user) {
        owner.key = inside.user;
        owner.address = out.address;
        owner.created = now;
    }
    if (!ownBlock) {
        owner.blocks.insert(block);
        m_blockOwner[{out.address, block}] = tupleOf(inside.user);
    }
    ++owner.sessions[std::size_t(inside.protocol)];
    ++owner.total;

    Session session;
    session.id = result.session;
    session.inside = inside;
    session.outside = out;
    session.remote = remote;
    session.tcpState = inside.protocol == Protocol::Tcp
                           ? nextTcpState(TcpState::None, tcpFlags, true)
                           : TcpState::None;
    session.created = now;
    session.expires = now + timeout(inside.protocol, session.tcpState);
    m_sessions[tupleOf(inside)] = session;
    m_byOutside[tupleOf(out)] = tupleOf(inside);
    m_byId[session.id] = tupleOf(inside);
    ++m_created;
    return {};
}

void Model::touch(const InsideEndpoint& inside, RemoteEndpoint remote, std::uint8_t tcpFlags,
                  bool fromInside, Seconds now)
{
    Session& session = m_sessions.at(tupleOf(inside));
    session.remote = remote;
    const TcpState before = session.tcpState;
    if (inside.protocol == Protocol::Tcp)
        session.tcpState = nextTcpState(session.tcpState, tcpFlags, fromInside);
    if (before == TcpState::Reset && session.tcpState == TcpState::Reset)
        return; // the RST hold runs from the first RST
    session.expires = now + timeout(inside.protocol, session.tcpState);
}

Seconds Model::timeout(Protocol protocol, TcpState state) const
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
    default:
        return t.tcpTransitory;
    }
}

void Model::freePort(const Session& session, Seconds freedAt)
{
    m_held[tupleOf(session.outside)] = freedAt + m_config.portHold;
    User& user = m_users.at(tupleOf(session.inside.user));
    --user.sessions[std::size_t(session.inside.protocol)];
    --user.total;
}

void Model::eraseSession(std::map<InsideTuple, Session>::iterator it)
{
    m_byOutside.erase(tupleOf(it->second.outside));
    m_byId.erase(it->second.id);
    m_sessions.erase(it);
}

bool Model::remove(SessionId id, Seconds now)
{
    auto byId = m_byId.find(id);
    if (byId == m_byId.end())
        return false;
    auto it = m_sessions.find(byId->second);
    freePort(it->second, now);
    eraseSession(it);
    ++m_removed;
    return true;
}

void Model::advance(Seconds now)
{
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (it->second.expires > now) {
            ++it;
            continue;
        }
        // Aged at its expiry second, so the port hold runs from then, however far advance() jumps.
        freePort(it->second, it->second.expires);
        auto next = std::next(it);
        eraseSession(it);
        it = next;
        ++m_aged;
    }
    std::set<UserTuple> touched;
    for (auto it = m_held.begin(); it != m_held.end();) {
        if (it->second > now) {
            ++it;
            continue;
        }
        const auto [address, port, protocol] = it->first;
        touched.insert(m_blockOwner.at({address, blockOf(port)}));
        it = m_held.erase(it);
    }
    // A user keeps its blocks while it has a session or a held port; then it is gone, and its
    // blocks go back to the address with it.
    for (const UserTuple& key : touched) {
        const User& user = m_users.at(key);
        if (user.total != 0)
            continue;
        bool holding = false;
        for (std::uint16_t block : user.blocks) {
            for (int p = 0; p < kProtocolCount && !holding; ++p)
                holding = portsTaken(user.address, block, Protocol(p)) != 0;
        }
        if (holding)
            continue;
        for (std::uint16_t block : user.blocks)
            m_blockOwner.erase({user.address, block});
        m_users.erase(key);
    }
}

Counts Model::expectedCounts() const
{
    Counts c;
    c.users = std::uint32_t(m_users.size());
    c.sessions = std::uint32_t(m_sessions.size());
    for (const auto& [key, session] : m_sessions)
        ++c.sessionsByProtocol[std::size_t(session.inside.protocol)];
    c.portBlocksUsed = std::uint32_t(m_blockOwner.size());
    c.portBlocksTotal = std::uint64_t(m_allAddresses.size()) * m_blocksPerAddress;
    c.addresses = std::uint32_t(m_allAddresses.size());
    c.heldPorts = std::uint32_t(m_held.size());
    c.maxSessions = m_config.maxSessions;
    c.maxUsers = m_config.maxUsers;
    c.drops = m_drops;
    c.created = m_created;
    c.aged = m_aged;
    c.removed = m_removed;
    return c;
}

} // namespace tandem::cgn::model
