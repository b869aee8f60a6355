// Backup channel frames. Layout of each payload (all integers little-endian; varint = LEB128,
// zz = zigzag so that small negative deltas stay small):
//
//   Hello        flags:u8 (bit 0 auth required) idLen:varint id fingerprint[32] nonce[32]
//                (frozen across versions: a peer of another version still says which one)
//   AuthResponse mac[32]
//   Heartbeat, Ack  —
//   Records      flags:u8 (bit 0 batch) count:varint record{count}
//   BatchBegin   serviceLocation:u8 batchId:varint users:varint blocks:varint sessions:varint
//   BatchEnd     serviceLocation:u8 batchId:varint digest(users, blocks, sessions: u64) counts(3 × varint)
//   DigestCheck  serviceLocation:u8 digest(3 × u64) counts(3 × varint)
//   Resync       serviceLocation:u8 len:varint reason
//   CheckResult  serviceLocation:u8 batchId:varint equal:u8 counts(3 × varint)
//   Backlog      serviceLocation:u8 entries:varint
//   Subnets      kind:u8 poolLen:varint pool locationCount:varint location:u8{count}
//                recordCount:varint (op:u8 network:u32 prefixLength:u8 location:u8){count}
//                digest:u64 equal:u8
//
//   record  = head:u8 flags:u8 [ext:u8] [user] [inner] insidePort:u16 outsidePort:zz-varint
//             [outsideAddress] [remote] [lifetime:varint] [age:varint] [block:varint]
//             [serviceLocation:u8]
//   head    = type (bits 0–2) | protocol (bits 3–4) | tcpState (bits 5–7)
//   flags   = userMode (bits 0–1: 0 same user as the previous record, 1 same kind and VPN,
//             2 full) | 0x04 inner implied (NAT44: the CPE address, else 0) | 0x08 outside
//             address as the previous | 0x10 remote as the previous | 0x20 lifetime as the
//             previous record of the same protocol | 0x40 age as the previous | 0x80 ext follows
//   ext     = 0x01 block follows | 0x02 service-location differs from the previous record's
//             (follows) | 0x04 remote is zero
//   user    = full: kind:u8 vpn:varint, then as "same kind and VPN":
//             NAT44 cpe as zz-varint delta from the previous user's; IPv6: shared prefix
//             length:u8 (with the previous user's address) and the remaining bytes
//   inner, outsideAddress = zz-varint delta from the previous record's
//   remote  = address:u32 port:varint
//
// The previous record of the first record in a frame is all zero (a NAT44 user of VPN 0).

#include "SyncCodec.h"

#include <algorithm>
#include <cstring>

namespace tandem::ha::sync {

namespace {

using cgn::ChangeRecord;
using cgn::Protocol;
using cgn::RecordType;
using cgn::TcpState;
using cgn::UserKind;

constexpr std::size_t kMinFrameSize = 4 + 2 + 1 + 1 + 4; // length, version, type, seq, ack, crc
constexpr std::size_t kMaxReasonSize = 1024;

// CRC-32C (Castagnoli), slicing by 8: the checksum runs over every byte replicated.
struct CrcTables
{
    std::uint32_t t[8][256];
    CrcTables()
    {
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
            t[0][i] = c;
        }
        for (std::uint32_t i = 0; i < 256; ++i)
            for (int s = 1; s < 8; ++s)
                t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
    }
};

std::uint32_t crc32c(const std::uint8_t* p, std::size_t n)
{
    static const CrcTables tables;
    const auto& t = tables.t;
    std::uint32_t crc = 0xffffffffu;
    while (n >= 8) {
        std::uint32_t lo, hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + 4, 4);
        lo ^= crc;
        crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24]
              ^ t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
        p += 8;
        n -= 8;
    }
    while (n--)
        crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return crc ^ 0xffffffffu;
}

std::uint32_t zigzag32(std::uint32_t delta)
{
    const auto s = std::int32_t(delta);
    return (std::uint32_t(s) << 1) ^ std::uint32_t(s >> 31);
}
std::uint32_t unzigzag32(std::uint32_t v)
{
    return (v >> 1) ^ (0u - (v & 1));
}
std::uint32_t zigzag16(std::uint16_t delta)
{
    return zigzag32(std::uint32_t(std::int32_t(std::int16_t(delta))));
}
std::uint16_t unzigzag16(std::uint32_t v)
{
    return std::uint16_t(unzigzag32(v));
}

// Appends to a vector through a raw pointer: the records path writes millions of bytes a second.
class Writer
{
public:
    explicit Writer(std::vector<std::uint8_t>& out) : m_out(out) {}
    // Makes room for `n` more bytes; writes below must stay within it.
    void reserve(std::size_t n)
    {
        const std::size_t used = m_out.size();
        m_out.resize(used + n);
        m_p = m_out.data() + used;
    }
    void finish() { m_out.resize(std::size_t(m_p - m_out.data())); }
    void u8(std::uint8_t v) { *m_p++ = v; }
    void u16(std::uint16_t v)
    {
        m_p[0] = std::uint8_t(v);
        m_p[1] = std::uint8_t(v >> 8);
        m_p += 2;
    }
    void u32(std::uint32_t v)
    {
        for (int i = 0; i < 4; ++i)
            *m_p++ = std::uint8_t(v >> (8 * i));
    }
    void u64(std::uint64_t v)
    {
        for (int i = 0; i < 8; ++i)
            *m_p++ = std::uint8_t(v >> (8 * i));
    }
    void varint(std::uint64_t v)
    {
        while (v >= 0x80) {
            *m_p++ = std::uint8_t(v | 0x80);
            v >>= 7;
        }
        *m_p++ = std::uint8_t(v);
    }
    void bytes(const std::uint8_t* p, std::size_t n)
    {
        std::memcpy(m_p, p, n);
        m_p += n;
    }
    std::uint8_t* at() const { return m_p; }
    std::uint8_t* base() const { return m_out.data(); }

private:
    std::vector<std::uint8_t>& m_out;
    std::uint8_t* m_p = nullptr;
};

class Reader
{
public:
    Reader(const std::uint8_t* p, std::size_t n) : m_p(p), m_end(p + n) {}
    bool u8(std::uint8_t& v)
    {
        if (m_p == m_end)
            return false;
        v = *m_p++;
        return true;
    }
    bool u16(std::uint16_t& v)
    {
        if (m_end - m_p < 2)
            return false;
        v = std::uint16_t(m_p[0] | m_p[1] << 8);
        m_p += 2;
        return true;
    }
    bool u32(std::uint32_t& v)
    {
        if (m_end - m_p < 4)
            return false;
        v = std::uint32_t(m_p[0]) | std::uint32_t(m_p[1]) << 8 | std::uint32_t(m_p[2]) << 16
            | std::uint32_t(m_p[3]) << 24;
        m_p += 4;
        return true;
    }
    bool u64(std::uint64_t& v)
    {
        std::uint32_t lo, hi;
        if (!u32(lo) || !u32(hi))
            return false;
        v = std::uint64_t(hi) << 32 | lo;
        return true;
    }
    // False when the bytes run out; `overflow` when the value needs more than 64 bits.
    bool varint(std::uint64_t& v, bool& overflow)
    {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p == m_end)
                return false;
            const std::uint8_t b = *m_p++;
            if (shift == 63 && b > 1) {
                overflow = true;
                return true;
            }
            v |= std::uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80))
                return true;
        }
        overflow = true;
        return true;
    }
    bool bytes(std::uint8_t* out, std::size_t n)
    {
        if (std::size_t(m_end - m_p) < n)
            return false;
        std::memcpy(out, m_p, n);
        m_p += n;
        return true;
    }
    std::size_t left() const { return std::size_t(m_end - m_p); }

private:
    const std::uint8_t* m_p;
    const std::uint8_t* m_end;
};

// What went wrong inside a payload: Truncated or Malformed with the field named.
struct FieldError
{
    RejectReason reason;
    std::string message;
};

// Reads fields in order and remembers the first problem, so decoders read like the layout.
class FieldReader
{
public:
    explicit FieldReader(Reader& r) : m_r(r) {}
    bool ok() const { return !m_error; }
    const std::optional<FieldError>& error() const { return m_error; }
    void fail(RejectReason reason, std::string message)
    {
        if (!m_error)
            m_error = FieldError{reason, std::move(message)};
    }
    std::uint8_t u8(const char* field)
    {
        std::uint8_t v = 0;
        if (ok() && !m_r.u8(v))
            truncated(field);
        return v;
    }
    std::uint16_t u16(const char* field)
    {
        std::uint16_t v = 0;
        if (ok() && !m_r.u16(v))
            truncated(field);
        return v;
    }
    std::uint32_t u32(const char* field)
    {
        std::uint32_t v = 0;
        if (ok() && !m_r.u32(v))
            truncated(field);
        return v;
    }
    std::uint64_t u64(const char* field)
    {
        std::uint64_t v = 0;
        if (ok() && !m_r.u64(v))
            truncated(field);
        return v;
    }
    std::uint64_t varint(const char* field, std::uint64_t max = ~std::uint64_t(0))
    {
        std::uint64_t v = 0;
        bool overflow = false;
        if (!ok())
            return 0;
        if (!m_r.varint(v, overflow)) {
            truncated(field);
            return 0;
        }
        if (overflow || v > max) {
            fail(RejectReason::Malformed, std::string(field) + " out of range");
            return 0;
        }
        return v;
    }
    void bytes(std::uint8_t* out, std::size_t n, const char* field)
    {
        if (ok() && !m_r.bytes(out, n))
            truncated(field);
    }
    std::size_t left() const { return m_r.left(); }

private:
    void truncated(const char* field) { fail(RejectReason::Truncated, std::string(field) + " cut short"); }
    Reader& m_r;
    std::optional<FieldError> m_error;
};

// --- records ---------------------------------------------------------------------------------

constexpr std::uint8_t kUserSame = 0, kUserSameKindVpn = 1, kUserFull = 2;
constexpr std::uint8_t kFlagInnerImplied = 0x04;
constexpr std::uint8_t kFlagOutAddrSame = 0x08;
constexpr std::uint8_t kFlagRemoteSame = 0x10;
constexpr std::uint8_t kFlagLifetimeSame = 0x20;
constexpr std::uint8_t kFlagAgeSame = 0x40;
constexpr std::uint8_t kFlagExt = 0x80;
constexpr std::uint8_t kExtBlock = 0x01;
constexpr std::uint8_t kExtServiceLocation = 0x02;
constexpr std::uint8_t kExtRemoteZero = 0x04;
// head, flags, ext, kind, vpn(3), ipv6 prefix + 16, inner(5), ports(2 + 3), address(5),
// remote(4 + 3), lifetime(5), age(5), block(3), service-location(1)
constexpr std::size_t kMaxRecordSize = 3 + 1 + 3 + 17 + 5 + 5 + 5 + 7 + 5 + 5 + 3 + 1;

std::uint32_t impliedInner(const cgn::UserKey& user)
{
    return user.kind == UserKind::Nat44 ? user.ipv4 : 0;
}

std::size_t sharedPrefix(const cgn::Ipv6Address& a, const cgn::Ipv6Address& b)
{
    std::size_t n = 0;
    while (n < a.size() && a[n] == b[n])
        ++n;
    return n;
}

// The previous record plus the last lifetime seen per protocol: everything a record is coded against.
struct Context
{
    ChangeRecord prev;
    std::array<cgn::Seconds, 4> lifetime{};
};

void writeRecord(Writer& w, Context& c, const ChangeRecord& r)
{
    const ChangeRecord& p = c.prev;
    w.u8(std::uint8_t(std::uint8_t(r.type) & 7) | std::uint8_t((std::uint8_t(r.protocol) & 3) << 3)
         | std::uint8_t(std::uint8_t(r.tcpState) << 5));
    std::uint8_t* flags = w.at();
    w.u8(0);
    std::uint8_t f = 0;
    std::uint8_t ext = 0;
    if (r.block != 0)
        ext |= kExtBlock;
    if (r.serviceLocation != p.serviceLocation)
        ext |= kExtServiceLocation;
    const bool remoteSame = r.remoteAddress == p.remoteAddress && r.remotePort == p.remotePort;
    if (!remoteSame && r.remoteAddress == 0 && r.remotePort == 0)
        ext |= kExtRemoteZero;
    if (ext) {
        f |= kFlagExt;
        w.u8(ext);
    }

    if (r.user == p.user) {
        f |= kUserSame;
    } else {
        if (r.user.kind == p.user.kind && r.user.vpn == p.user.vpn) {
            f |= kUserSameKindVpn;
        } else {
            f |= kUserFull;
            w.u8(std::uint8_t(r.user.kind));
            w.varint(r.user.vpn);
        }
        if (r.user.kind == UserKind::Nat44) {
            w.varint(zigzag32(r.user.ipv4 - p.user.ipv4));
        } else {
            // Coded against the previous user's IPv6 address only when it had one.
            const cgn::Ipv6Address zero{};
            const cgn::Ipv6Address& base = p.user.kind == UserKind::Nat44 ? zero : p.user.ipv6;
            const std::size_t shared = sharedPrefix(r.user.ipv6, base);
            w.u8(std::uint8_t(shared));
            w.bytes(r.user.ipv6.data() + shared, r.user.ipv6.size() - shared);
        }
    }
    if (r.innerAddress == impliedInner(r.user))
        f |= kFlagInnerImplied;
    else
        w.varint(zigzag32(r.innerAddress - p.innerAddress));
    w.u16(r.insidePort);
    w.varint(zigzag16(std::uint16_t(r.outsidePort - p.outsidePort)));
    if (r.outsideAddress == p.outsideAddress)
        f |= kFlagOutAddrSame;
    else
        w.varint(zigzag32(r.outsideAddress - p.outsideAddress));
    if (remoteSame) {
        f |= kFlagRemoteSame;
    } else if (!(ext & kExtRemoteZero)) {
        w.u32(r.remoteAddress);
        w.varint(r.remotePort);
    }
    if (r.lifetime == c.lifetime[std::uint8_t(r.protocol) & 3])
        f |= kFlagLifetimeSame;
    else
        w.varint(r.lifetime);
    if (r.age == p.age)
        f |= kFlagAgeSame;
    else
        w.varint(r.age);
    if (ext & kExtBlock)
        w.varint(r.block);
    if (ext & kExtServiceLocation)
        w.u8(r.serviceLocation);
    *flags = f;
    c.prev = r;
    c.lifetime[std::uint8_t(r.protocol) & 3] = r.lifetime;
}

bool readRecord(FieldReader& in, Context& c, ChangeRecord& r, std::size_t index)
{
    const ChangeRecord& p = c.prev;
    const std::uint8_t head = in.u8("record head");
    const std::uint8_t f = in.u8("record flags");
    const std::uint8_t ext = (f & kFlagExt) ? in.u8("record extension flags") : 0;
    if (!in.ok())
        return false;
    const std::uint8_t type = head & 7, protocol = (head >> 3) & 3, tcpState = head >> 5;
    auto bad = [&](const std::string& what) {
        in.fail(RejectReason::Malformed, "record " + std::to_string(index) + ": " + what);
        return false;
    };
    if (type < std::uint8_t(RecordType::UserCreate) || type > std::uint8_t(RecordType::SessionDelete))
        return bad("unknown record type " + std::to_string(type));
    if (protocol >= cgn::kProtocolCount)
        return bad("unknown protocol " + std::to_string(protocol));
    if (tcpState > std::uint8_t(TcpState::Reset))
        return bad("unknown TCP state " + std::to_string(tcpState));
    if (ext & ~(kExtBlock | kExtServiceLocation | kExtRemoteZero))
        return bad("unknown extension flags");
    r.type = RecordType(type);
    r.protocol = Protocol(protocol);
    r.tcpState = TcpState(tcpState);

    const std::uint8_t userMode = f & 3;
    if (userMode == kUserSame) {
        r.user = p.user;
    } else if (userMode == 3) {
        return bad("unknown user coding");
    } else {
        r.user = cgn::UserKey{};
        if (userMode == kUserFull) {
            const std::uint8_t kind = in.u8("user kind");
            if (in.ok() && kind > std::uint8_t(UserKind::Nat64))
                return bad("unknown user kind " + std::to_string(kind));
            r.user.kind = UserKind(kind);
            r.user.vpn = cgn::VpnId(in.varint("user VPN", 0xffff));
        } else {
            r.user.kind = p.user.kind;
            r.user.vpn = p.user.vpn;
        }
        if (r.user.kind == UserKind::Nat44) {
            r.user.ipv4 = p.user.ipv4 + unzigzag32(std::uint32_t(in.varint("user address", 0xffffffffu)));
        } else {
            const cgn::Ipv6Address zero{};
            const cgn::Ipv6Address& base = p.user.kind == UserKind::Nat44 ? zero : p.user.ipv6;
            const std::uint8_t shared = in.u8("user address prefix");
            if (in.ok() && shared > 16)
                return bad("user address prefix " + std::to_string(shared) + " > 16");
            std::copy(base.begin(), base.begin() + shared, r.user.ipv6.begin());
            in.bytes(r.user.ipv6.data() + shared, 16u - shared, "user address");
        }
    }
    r.innerAddress = (f & kFlagInnerImplied)
                         ? impliedInner(r.user)
                         : p.innerAddress + unzigzag32(std::uint32_t(in.varint("inner address", 0xffffffffu)));
    r.insidePort = in.u16("inside port");
    r.outsidePort = std::uint16_t(p.outsidePort + unzigzag16(std::uint32_t(in.varint("outside port", 0x1ffff))));
    r.outsideAddress = (f & kFlagOutAddrSame)
                           ? p.outsideAddress
                           : p.outsideAddress + unzigzag32(std::uint32_t(in.varint("outside address", 0xffffffffu)));
    if (f & kFlagRemoteSame) {
        r.remoteAddress = p.remoteAddress;
        r.remotePort = p.remotePort;
    } else if (ext & kExtRemoteZero) {
        r.remoteAddress = 0;
        r.remotePort = 0;
    } else {
        r.remoteAddress = in.u32("remote address");
        r.remotePort = std::uint16_t(in.varint("remote port", 0xffff));
    }
    r.lifetime = (f & kFlagLifetimeSame) ? c.lifetime[protocol] : cgn::Seconds(in.varint("lifetime", 0xffffffffu));
    r.age = (f & kFlagAgeSame) ? p.age : cgn::Seconds(in.varint("age", 0xffffffffu));
    r.block = (ext & kExtBlock) ? std::uint16_t(in.varint("block", 0xffff)) : 0;
    r.serviceLocation = (ext & kExtServiceLocation) ? in.u8("service-location") : p.serviceLocation;
    if (!in.ok())
        return false;
    c.prev = r;
    c.lifetime[protocol] = r.lifetime;
    return true;
}

// --- frames ----------------------------------------------------------------------------------

// Writes the frame header; returns the offset of the length field for finishFrame.
std::size_t beginFrame(Writer& w, MessageType type, std::uint64_t seq, std::uint64_t ack,
                       std::uint8_t version = kProtocolVersion)
{
    const std::size_t start = std::size_t(w.at() - w.base());
    w.u32(0); // length, patched by finishFrame
    w.u8(version);
    w.u8(std::uint8_t(type));
    w.varint(seq);
    w.varint(ack);
    return start;
}

void finishFrame(Writer& w, std::size_t start)
{
    std::uint8_t* base = w.base() + start;
    const auto length = std::uint32_t(w.at() - base); // the body after the prefix, plus the crc
    for (int i = 0; i < 4; ++i)
        base[i] = std::uint8_t(length >> (8 * i));
    w.u32(crc32c(base, std::size_t(w.at() - base)));
}

void writeDigest(Writer& w, const cgn::Digest& d)
{
    w.u64(d.users);
    w.u64(d.portBlocks);
    w.u64(d.sessions);
}
void writeCounts(Writer& w, const TableCounts& c)
{
    w.varint(c.users);
    w.varint(c.portBlocks);
    w.varint(c.sessions);
}
cgn::Digest readDigest(FieldReader& in)
{
    cgn::Digest d;
    d.users = in.u64("users digest");
    d.portBlocks = in.u64("port blocks digest");
    d.sessions = in.u64("sessions digest");
    return d;
}
TableCounts readCounts(FieldReader& in)
{
    TableCounts c;
    c.users = in.varint("user count");
    c.portBlocks = in.varint("port block count");
    c.sessions = in.varint("session count");
    return c;
}

std::string hexTypeName(std::uint8_t type)
{
    return "type " + std::to_string(type);
}

} // namespace

std::string_view toString(MessageType type)
{
    switch (type) {
    case MessageType::Hello: return "Hello";
    case MessageType::AuthResponse: return "AuthResponse";
    case MessageType::Heartbeat: return "Heartbeat";
    case MessageType::Records: return "Records";
    case MessageType::Ack: return "Ack";
    case MessageType::BatchBegin: return "BatchBegin";
    case MessageType::BatchEnd: return "BatchEnd";
    case MessageType::DigestCheck: return "DigestCheck";
    case MessageType::Resync: return "Resync";
    case MessageType::CheckResult: return "CheckResult";
    case MessageType::Backlog: return "Backlog";
    case MessageType::Subnets: return "Subnets";
    }
    return "unknown";
}

bool isSequenced(MessageType type)
{
    switch (type) {
    case MessageType::Records:
    case MessageType::BatchBegin:
    case MessageType::BatchEnd:
    case MessageType::DigestCheck:
    case MessageType::Resync:
    case MessageType::CheckResult:
    case MessageType::Backlog:
    case MessageType::Subnets: return true;
    default: return false;
    }
}

std::string_view toString(RejectReason reason)
{
    switch (reason) {
    case RejectReason::Truncated: return "truncated";
    case RejectReason::Oversized: return "oversized";
    case RejectReason::BadCrc: return "bad CRC";
    case RejectReason::BadVersion: return "bad version";
    case RejectReason::UnknownType: return "unknown type";
    case RejectReason::Malformed: return "malformed";
    case RejectReason::SequenceGap: return "sequence gap";
    case RejectReason::Replayed: return "replayed";
    case RejectReason::Count: break;
    }
    return "unknown";
}

std::string Rejection::format() const
{
    return "frame at byte " + std::to_string(offset) + ": " + message;
}

MessageType Message::type() const
{
    return MessageType(body.index() + 1);
}

void encodeRecords(std::uint64_t seq, std::uint64_t ack, bool batch,
                   std::span<const ChangeRecord> records, std::vector<std::uint8_t>& out)
{
    Writer w(out);
    w.reserve(kMaxFrameOverhead + 1 + 10 + records.size() * kMaxRecordSize);
    const std::size_t start = beginFrame(w, MessageType::Records, seq, ack);
    w.u8(batch ? 1 : 0);
    w.varint(records.size());
    Context c;
    for (const ChangeRecord& r : records)
        writeRecord(w, c, r);
    finishFrame(w, start);
    w.finish();
}

void encode(const Message& m, std::vector<std::uint8_t>& out)
{
    if (const auto* records = std::get_if<Records>(&m.body)) {
        encodeRecords(m.seq, m.ack, records->batch, records->records, out);
        return;
    }
    Writer w(out);
    std::size_t payload = 64;
    if (const auto* h = std::get_if<Hello>(&m.body))
        payload += h->deviceId.size() + kFingerprintSize + kNonceSize;
    if (const auto* resync = std::get_if<Resync>(&m.body))
        payload += resync->reason.size();
    if (const auto* subnets = std::get_if<Subnets>(&m.body))
        payload += subnets->pool.size() + subnets->locations.size() + subnets->records.size() * 7;
    w.reserve(kMaxFrameOverhead + payload);
    const auto* hello = std::get_if<Hello>(&m.body);
    const std::size_t start = beginFrame(w, m.type(), m.seq, m.ack, hello ? hello->protocolVersion : kProtocolVersion);
    std::visit(
        [&](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, Hello>) {
                const std::size_t idSize = std::min(body.deviceId.size(), kMaxDeviceIdSize);
                w.u8(body.authRequired ? 1 : 0);
                w.varint(idSize);
                w.bytes(reinterpret_cast<const std::uint8_t*>(body.deviceId.data()), idSize);
                w.bytes(body.fingerprint.data(), body.fingerprint.size());
                w.bytes(body.nonce.data(), body.nonce.size());
            } else if constexpr (std::is_same_v<T, AuthResponse>) {
                w.bytes(body.mac.data(), body.mac.size());
            } else if constexpr (std::is_same_v<T, BatchBegin>) {
                w.u8(body.serviceLocation);
                w.varint(body.batchId);
                writeCounts(w, body.expected);
            } else if constexpr (std::is_same_v<T, BatchEnd>) {
                w.u8(body.serviceLocation);
                w.varint(body.batchId);
                writeDigest(w, body.digest);
                writeCounts(w, body.counts);
            } else if constexpr (std::is_same_v<T, DigestCheck>) {
                w.u8(body.serviceLocation);
                writeDigest(w, body.digest);
                writeCounts(w, body.counts);
            } else if constexpr (std::is_same_v<T, Resync>) {
                w.u8(body.serviceLocation);
                const std::size_t size = std::min(body.reason.size(), kMaxReasonSize);
                w.varint(size);
                w.bytes(reinterpret_cast<const std::uint8_t*>(body.reason.data()), size);
            } else if constexpr (std::is_same_v<T, CheckResult>) {
                w.u8(body.serviceLocation);
                w.varint(body.batchId);
                w.u8(body.equal ? 1 : 0);
                writeCounts(w, body.counts);
            } else if constexpr (std::is_same_v<T, Backlog>) {
                w.u8(body.serviceLocation);
                w.varint(body.entries);
            } else if constexpr (std::is_same_v<T, Subnets>) {
                w.u8(std::uint8_t(body.kind));
                const std::size_t size = std::min(body.pool.size(), kMaxPoolNameSize);
                w.varint(size);
                w.bytes(reinterpret_cast<const std::uint8_t*>(body.pool.data()), size);
                w.varint(body.locations.size());
                for (std::uint8_t location : body.locations)
                    w.u8(location);
                w.varint(body.records.size());
                for (const cgn::SubnetRecord& r : body.records) {
                    w.u8(std::uint8_t(r.op));
                    w.u32(r.subnet.network);
                    w.u8(std::uint8_t(r.subnet.prefixLength));
                    w.u8(std::uint8_t(r.subnet.location));
                }
                w.u64(body.digest);
                w.u8(body.equal ? 1 : 0);
            }
        },
        m.body);
    finishFrame(w, start);
    w.finish();
}

FrameResult decodeFrame(std::span<const std::uint8_t> bytes, std::size_t maxFrameSize)
{
    FrameResult result;
    auto reject = [&](RejectReason reason, std::string message) {
        result.rejection = Rejection{reason, 0, std::move(message)};
        return result;
    };
    if (bytes.size() < 4)
        return reject(RejectReason::Truncated, "length prefix cut short");
    const std::uint32_t length = std::uint32_t(bytes[0]) | std::uint32_t(bytes[1]) << 8
                                 | std::uint32_t(bytes[2]) << 16 | std::uint32_t(bytes[3]) << 24;
    if (std::size_t(length) + 4 > maxFrameSize)
        return reject(RejectReason::Oversized, "length " + std::to_string(length) + " exceeds the limit of "
                                                   + std::to_string(maxFrameSize) + " bytes");
    if (std::size_t(length) + 4 < kMinFrameSize)
        return reject(RejectReason::Oversized, "length " + std::to_string(length) + " is below the minimum of "
                                                   + std::to_string(kMinFrameSize - 4) + " bytes");
    const std::size_t frameSize = std::size_t(length) + 4;
    if (bytes.size() < frameSize)
        return reject(RejectReason::Truncated, "frame of " + std::to_string(frameSize) + " bytes cut short at "
                                                   + std::to_string(bytes.size()));
    result.consumed = frameSize;
    const std::uint8_t* frame = bytes.data();
    const std::uint32_t crc = std::uint32_t(frame[frameSize - 4]) | std::uint32_t(frame[frameSize - 3]) << 8
                              | std::uint32_t(frame[frameSize - 2]) << 16 | std::uint32_t(frame[frameSize - 1]) << 24;
    if (crc32c(frame, frameSize - 4) != crc)
        return reject(RejectReason::BadCrc, "CRC-32C mismatch");

    Reader reader(frame + 4, frameSize - 8);
    FieldReader in(reader);
    const std::uint8_t version = in.u8("version");
    const std::uint8_t type = in.u8("type");
    Message m;
    m.seq = in.varint("sequence number");
    m.ack = in.varint("ack");
    if (!in.ok())
        return reject(in.error()->reason, in.error()->message);
    if (type < std::uint8_t(MessageType::Hello) || type > std::uint8_t(MessageType::Subnets))
        return reject(RejectReason::UnknownType, "unknown frame " + hexTypeName(type));
    const auto mtype = MessageType(type);
    if (version != kProtocolVersion && mtype != MessageType::Hello)
        return reject(RejectReason::BadVersion, std::string(toString(mtype)) + " frame of protocol version "
                                                    + std::to_string(version) + ", this side speaks "
                                                    + std::to_string(kProtocolVersion));
    const std::string name(toString(mtype));
    if (isSequenced(mtype) && m.seq == 0)
        return reject(RejectReason::Malformed, name + " frame without a sequence number");
    if (!isSequenced(mtype) && m.seq != 0)
        return reject(RejectReason::Malformed, name + " frame with sequence number " + std::to_string(m.seq));

    switch (mtype) {
    case MessageType::Hello: {
        Hello h;
        h.protocolVersion = version;
        const std::uint8_t flags = in.u8("Hello flags");
        if (in.ok() && (flags & ~1u))
            in.fail(RejectReason::Malformed, "unknown Hello flags");
        h.authRequired = flags & 1;
        const std::size_t idSize = in.varint("device id length", kMaxDeviceIdSize);
        if (in.ok() && idSize > in.left())
            in.fail(RejectReason::Truncated, "device id cut short");
        if (in.ok()) {
            h.deviceId.resize(idSize);
            in.bytes(reinterpret_cast<std::uint8_t*>(h.deviceId.data()), idSize, "device id");
        }
        in.bytes(h.fingerprint.data(), h.fingerprint.size(), "fingerprint");
        in.bytes(h.nonce.data(), h.nonce.size(), "nonce");
        m.body = std::move(h);
        break;
    }
    case MessageType::AuthResponse: {
        AuthResponse a;
        in.bytes(a.mac.data(), a.mac.size(), "MAC");
        m.body = a;
        break;
    }
    case MessageType::Heartbeat: m.body = Heartbeat{}; break;
    case MessageType::Ack: m.body = Ack{}; break;
    case MessageType::Records: {
        Records rs;
        const std::uint8_t flags = in.u8("Records flags");
        if (in.ok() && (flags & ~1u))
            in.fail(RejectReason::Malformed, "unknown Records flags");
        rs.batch = flags & 1;
        // Every record takes at least two bytes: a count above that is a lie, not a reason to allocate.
        const std::uint64_t count = in.varint("record count");
        if (in.ok() && count > in.left() / 2)
            in.fail(RejectReason::Malformed, "record count " + std::to_string(count) + " does not fit in "
                                                 + std::to_string(in.left()) + " bytes");
        if (in.ok()) {
            rs.records.resize(std::size_t(count));
            Context c;
            for (std::size_t i = 0; i < count; ++i)
                if (!readRecord(in, c, rs.records[i], i))
                    break;
        }
        m.body = std::move(rs);
        break;
    }
    case MessageType::BatchBegin: {
        BatchBegin b;
        b.serviceLocation = in.u8("service-location");
        b.batchId = in.varint("batch id");
        b.expected = readCounts(in);
        m.body = b;
        break;
    }
    case MessageType::BatchEnd: {
        BatchEnd b;
        b.serviceLocation = in.u8("service-location");
        b.batchId = in.varint("batch id");
        b.digest = readDigest(in);
        b.counts = readCounts(in);
        m.body = b;
        break;
    }
    case MessageType::DigestCheck: {
        DigestCheck d;
        d.serviceLocation = in.u8("service-location");
        d.digest = readDigest(in);
        d.counts = readCounts(in);
        m.body = d;
        break;
    }
    case MessageType::Resync: {
        Resync r;
        r.serviceLocation = in.u8("service-location");
        const std::size_t size = in.varint("reason length", kMaxReasonSize);
        if (in.ok() && size > in.left())
            in.fail(RejectReason::Truncated, "reason cut short");
        if (in.ok()) {
            r.reason.resize(size);
            in.bytes(reinterpret_cast<std::uint8_t*>(r.reason.data()), size, "reason");
        }
        m.body = std::move(r);
        break;
    }
    case MessageType::CheckResult: {
        CheckResult c;
        c.serviceLocation = in.u8("service-location");
        c.batchId = in.varint("batch id");
        const std::uint8_t equal = in.u8("equal");
        if (in.ok() && equal > 1)
            in.fail(RejectReason::Malformed, "equal is " + std::to_string(equal) + ", not 0 or 1");
        c.equal = equal == 1;
        c.counts = readCounts(in);
        m.body = c;
        break;
    }
    case MessageType::Backlog: {
        Backlog b;
        b.serviceLocation = in.u8("service-location");
        b.entries = in.varint("entries");
        m.body = b;
        break;
    }
    case MessageType::Subnets: {
        Subnets sn;
        const std::uint8_t kind = in.u8("Subnets kind");
        if (in.ok() && kind > std::uint8_t(Subnets::Kind::Result))
            in.fail(RejectReason::Malformed, "Subnets kind " + std::to_string(kind) + " is unknown");
        sn.kind = Subnets::Kind(kind);
        const std::size_t size = in.varint("pool name length", kMaxPoolNameSize);
        if (in.ok() && size > in.left())
            in.fail(RejectReason::Truncated, "pool name cut short");
        if (in.ok()) {
            sn.pool.resize(size);
            in.bytes(reinterpret_cast<std::uint8_t*>(sn.pool.data()), size, "pool name");
        }
        const std::uint64_t locations = in.varint("location count");
        if (in.ok() && locations > in.left())
            in.fail(RejectReason::Malformed, "location count " + std::to_string(locations) +
                                                 " does not fit in " + std::to_string(in.left()) + " bytes");
        for (std::uint64_t i = 0; in.ok() && i < locations; ++i) {
            const std::uint8_t location = in.u8("service-location");
            if (in.ok() && location == 0)
                in.fail(RejectReason::Malformed, "service-location 0");
            sn.locations.push_back(location);
        }
        const std::uint64_t records = in.varint("subnet record count");
        if (in.ok() && records > in.left() / 7)
            in.fail(RejectReason::Malformed, "subnet record count " + std::to_string(records) +
                                                 " does not fit in " + std::to_string(in.left()) + " bytes");
        for (std::uint64_t i = 0; in.ok() && i < records; ++i) {
            cgn::SubnetRecord r;
            const std::uint8_t op = in.u8("subnet op");
            r.subnet.network = in.u32("subnet network");
            const std::uint8_t length = in.u8("subnet prefix length");
            const std::uint8_t location = in.u8("subnet service-location");
            if (!in.ok())
                break;
            const std::string which = "subnet record " + std::to_string(i) + ": ";
            if (op > std::uint8_t(cgn::SubnetRecord::Op::Release))
                in.fail(RejectReason::Malformed, which + "op " + std::to_string(op) + " is unknown");
            else if (length > 32)
                in.fail(RejectReason::Malformed, which + "prefix length " + std::to_string(length) + " above 32");
            else if (location == 0)
                in.fail(RejectReason::Malformed, which + "service-location 0");
            r.op = cgn::SubnetRecord::Op(op);
            r.subnet.prefixLength = length;
            r.subnet.location = location;
            sn.records.push_back(r);
        }
        sn.digest = in.u64("subnet digest");
        const std::uint8_t equal = in.u8("equal");
        if (in.ok() && equal > 1)
            in.fail(RejectReason::Malformed, "equal is " + std::to_string(equal) + ", not 0 or 1");
        sn.equal = equal == 1;
        m.body = std::move(sn);
        break;
    }
    }
    if (in.ok() && in.left() != 0)
        in.fail(RejectReason::Malformed, std::to_string(in.left()) + " bytes left over after the fields");
    if (!in.ok())
        return reject(in.error()->reason, name + " frame: " + in.error()->message);
    result.message = std::move(m);
    return result;
}

StreamDecoder::StreamDecoder(std::size_t maxFrameSize) : m_maxFrameSize(maxFrameSize) {}

void StreamDecoder::feed(std::span<const std::uint8_t> bytes)
{
    if (m_lost)
        return;
    // Drop consumed bytes before growing, so the buffer stays about one frame plus one read.
    if (m_readPos > 0 && m_readPos >= m_buffer.size() / 2) {
        m_buffer.erase(m_buffer.begin(), m_buffer.begin() + std::ptrdiff_t(m_readPos));
        m_readPos = 0;
    }
    m_buffer.insert(m_buffer.end(), bytes.begin(), bytes.end());
}

StreamDecoder::Result StreamDecoder::reject(Rejection rejection)
{
    ++m_rejected[std::size_t(rejection.reason)];
    return Result{std::nullopt, std::move(rejection)};
}

StreamDecoder::Result StreamDecoder::next()
{
    if (m_lost) {
        ++m_rejected[std::size_t(RejectReason::Oversized)];
        return Result{std::nullopt, m_lostRejection};
    }
    const std::span<const std::uint8_t> rest(m_buffer.data() + m_readPos, m_buffer.size() - m_readPos);
    if (rest.size() < 4)
        return {};
    FrameResult frame = decodeFrame(rest, m_maxFrameSize);
    const std::uint64_t offset = m_streamOffset;
    if (frame.rejection && frame.rejection->reason == RejectReason::Truncated && frame.consumed == 0)
        return {}; // the rest of the frame has not arrived yet
    if (frame.rejection && frame.rejection->reason == RejectReason::Oversized) {
        m_lost = true;
        frame.rejection->offset = offset;
        m_lostRejection = frame.rejection;
        m_buffer.clear();
        m_readPos = 0;
        return reject(*frame.rejection);
    }
    m_readPos += frame.consumed;
    m_streamOffset += frame.consumed;
    if (frame.rejection) {
        frame.rejection->offset = offset;
        return reject(std::move(*frame.rejection));
    }
    Message& m = *frame.message;
    const std::string name(toString(m.type()));
    if (isSequenced(m.type())) {
        if (m.seq <= m_lastSeq)
            return reject({RejectReason::Replayed, offset,
                           name + " frame " + std::to_string(m.seq) + " already received (last "
                               + std::to_string(m_lastSeq) + ")"});
        if (m.seq != m_lastSeq + 1)
            return reject({RejectReason::SequenceGap, offset,
                           name + " frame " + std::to_string(m.seq) + " after "
                               + std::to_string(m_lastSeq) + ": frames missing"});
    }
    if (m.ack < m_lastAck)
        return reject({RejectReason::Replayed, offset,
                       name + " frame acks " + std::to_string(m.ack) + " after acking "
                           + std::to_string(m_lastAck)});
    if (isSequenced(m.type()))
        m_lastSeq = m.seq;
    m_lastAck = m.ack;
    ++m_accepted;
    return Result{std::move(m), std::nullopt};
}

void StreamDecoder::reset()
{
    m_buffer.clear();
    m_readPos = 0;
    m_streamOffset = 0;
    m_lastSeq = 0;
    m_lastAck = 0;
    m_lost = false;
    m_lostRejection.reset();
}

std::uint64_t StreamDecoder::framesRejected() const
{
    std::uint64_t n = 0;
    for (std::uint64_t v : m_rejected)
        n += v;
    return n;
}

std::uint32_t crc32c(std::span<const std::uint8_t> bytes)
{
    return crc32c(bytes.data(), bytes.size());
}

TableCounts countTables(std::span<const ChangeRecord> records)
{
    TableCounts c;
    for (const ChangeRecord& r : records) {
        if (r.type == RecordType::UserCreate)
            ++c.users;
        else if (r.type == RecordType::BlockAlloc)
            ++c.portBlocks;
        else if (r.type == RecordType::SessionCreate)
            ++c.sessions;
    }
    return c;
}

} // namespace tandem::ha::sync
