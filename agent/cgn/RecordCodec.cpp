// Bulk record stream:
//
//   stream  = "TCGN" version:u8 count:u32le record{count}
//   record  = type:u8 length:u8 body[length] crc:u32le      crc = CRC-32C over type, length, body
//   body    = user [fields of the type]
//   user    = kind:u8 ( vpn:u16le cpe:u32le | ipv6[16] )
//
// Every record carries its own checksum so that a corrupt byte is blamed on the record it is
// in, and the count in the header turns a truncated stream into an error, not a shorter table.

#include "ChangeRecord.h"

#include <array>
#include <cstring>

namespace tandem::cgn {

namespace {

constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kHeaderSize = 9;

std::array<std::uint32_t, 256> makeCrcTable()
{
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1; // Castagnoli, reflected
        table[i] = c;
    }
    return table;
}

std::uint32_t crc32c(const std::uint8_t* data, std::size_t size)
{
    static const auto table = makeCrcTable();
    std::uint32_t crc = 0xffffffffu;
    for (std::size_t i = 0; i < size; ++i)
        crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    return crc ^ 0xffffffffu;
}

class Writer
{
public:
    explicit Writer(std::vector<std::uint8_t>& out) : m_out(out) {}
    void u8(std::uint8_t v) { m_out.push_back(v); }
    void u16(std::uint16_t v)
    {
        u8(std::uint8_t(v));
        u8(std::uint8_t(v >> 8));
    }
    void u32(std::uint32_t v)
    {
        u16(std::uint16_t(v));
        u16(std::uint16_t(v >> 16));
    }
    void bytes(const std::uint8_t* p, std::size_t n) { m_out.insert(m_out.end(), p, p + n); }

private:
    std::vector<std::uint8_t>& m_out;
};

class Reader
{
public:
    Reader(const std::uint8_t* p, std::size_t n) : m_p(p), m_n(n) {}
    bool u8(std::uint8_t& v) { return take(&v, 1); }
    bool u16(std::uint16_t& v)
    {
        std::uint8_t b[2];
        if (!take(b, 2))
            return false;
        v = std::uint16_t(b[0] | b[1] << 8);
        return true;
    }
    bool u32(std::uint32_t& v)
    {
        std::uint8_t b[4];
        if (!take(b, 4))
            return false;
        v = std::uint32_t(b[0]) | std::uint32_t(b[1]) << 8 | std::uint32_t(b[2]) << 16
            | std::uint32_t(b[3]) << 24;
        return true;
    }
    bool take(std::uint8_t* out, std::size_t n)
    {
        if (m_n - m_at < n)
            return false;
        std::memcpy(out, m_p + m_at, n);
        m_at += n;
        return true;
    }
    bool atEnd() const { return m_at == m_n; }

private:
    const std::uint8_t* m_p;
    std::size_t m_n;
    std::size_t m_at = 0;
};

void writeBody(Writer& w, const ChangeRecord& r)
{
    w.u8(std::uint8_t(r.user.kind));
    if (r.user.kind == UserKind::Nat44) {
        w.u16(r.user.vpn);
        w.u32(r.user.ipv4);
    } else {
        w.bytes(r.user.ipv6.data(), r.user.ipv6.size());
    }
    switch (r.type) {
    case RecordType::UserCreate:
        w.u32(r.outsideAddress);
        w.u32(r.age);
        break;
    case RecordType::UserDelete: break;
    case RecordType::BlockAlloc:
    case RecordType::BlockFree:
        w.u32(r.outsideAddress);
        w.u16(r.block);
        break;
    case RecordType::SessionCreate:
    case RecordType::SessionRefresh:
    case RecordType::SessionDelete:
        w.u8(std::uint8_t(r.protocol));
        w.u8(std::uint8_t(r.tcpState));
        w.u32(r.innerAddress);
        w.u16(r.insidePort);
        w.u32(r.outsideAddress);
        w.u16(r.outsidePort);
        if (r.type != RecordType::SessionDelete) {
            w.u32(r.remoteAddress);
            w.u16(r.remotePort);
            w.u32(r.lifetime);
        }
        if (r.type == RecordType::SessionCreate)
            w.u32(r.age);
        break;
    }
}

// Empty when the body is well formed and consumed exactly.
std::string readBody(Reader& rd, ChangeRecord& r)
{
    std::uint8_t kind = 0;
    if (!rd.u8(kind))
        return "record too short for its user";
    if (kind > std::uint8_t(UserKind::Nat64))
        return "unknown user kind " + std::to_string(kind);
    r.user.kind = UserKind(kind);
    if (r.user.kind == UserKind::Nat44) {
        if (!rd.u16(r.user.vpn) || !rd.u32(r.user.ipv4))
            return "record too short for its user";
    } else if (!rd.take(r.user.ipv6.data(), r.user.ipv6.size())) {
        return "record too short for its user";
    }
    bool ok = true;
    switch (r.type) {
    case RecordType::UserCreate: ok = rd.u32(r.outsideAddress) && rd.u32(r.age); break;
    case RecordType::UserDelete: break;
    case RecordType::BlockAlloc:
    case RecordType::BlockFree: ok = rd.u32(r.outsideAddress) && rd.u16(r.block); break;
    case RecordType::SessionCreate:
    case RecordType::SessionRefresh:
    case RecordType::SessionDelete: {
        std::uint8_t protocol = 0, state = 0;
        ok = rd.u8(protocol) && rd.u8(state) && rd.u32(r.innerAddress) && rd.u16(r.insidePort)
             && rd.u32(r.outsideAddress) && rd.u16(r.outsidePort);
        if (ok && r.type != RecordType::SessionDelete)
            ok = rd.u32(r.remoteAddress) && rd.u16(r.remotePort) && rd.u32(r.lifetime);
        if (ok && r.type == RecordType::SessionCreate)
            ok = rd.u32(r.age);
        if (!ok)
            break;
        if (protocol >= kProtocolCount)
            return "unknown protocol " + std::to_string(protocol);
        if (state > std::uint8_t(TcpState::Reset))
            return "unknown TCP state " + std::to_string(state);
        r.protocol = Protocol(protocol);
        r.tcpState = TcpState(state);
        if ((r.protocol == Protocol::Tcp) != (r.tcpState != TcpState::None))
            return "TCP state " + std::string(toString(r.tcpState)) + " on a "
                   + std::string(toString(r.protocol)) + " session";
        break;
    }
    }
    if (!ok)
        return "record too short for a " + std::string(toString(r.type)) + " record";
    if (!rd.atEnd())
        return "record longer than a " + std::string(toString(r.type)) + " record";
    return {};
}

} // namespace

std::string_view toString(RecordType type)
{
    switch (type) {
    case RecordType::UserCreate: return "user-create";
    case RecordType::UserDelete: return "user-delete";
    case RecordType::BlockAlloc: return "block-alloc";
    case RecordType::BlockFree: return "block-free";
    case RecordType::SessionCreate: return "session-create";
    case RecordType::SessionRefresh: return "session-refresh";
    case RecordType::SessionDelete: return "session-delete";
    }
    return "?";
}

std::string DecodeError::format() const
{
    return "offset " + std::to_string(offset) + ": " + message;
}

std::vector<std::uint8_t> encodeRecords(std::span<const ChangeRecord> records)
{
    std::vector<std::uint8_t> out;
    out.reserve(kHeaderSize + records.size() * 40);
    Writer w(out);
    w.bytes(reinterpret_cast<const std::uint8_t*>("TCGN"), 4);
    w.u8(kVersion);
    w.u32(std::uint32_t(records.size()));
    for (const ChangeRecord& r : records) {
        const std::size_t start = out.size();
        w.u8(std::uint8_t(r.type));
        w.u8(0); // length, patched below
        writeBody(w, r);
        out[start + 1] = std::uint8_t(out.size() - start - 2);
        w.u32(crc32c(out.data() + start, out.size() - start));
    }
    return out;
}

DecodedRecords decodeRecords(std::span<const std::uint8_t> bytes)
{
    DecodedRecords result;
    auto fail = [&](std::size_t offset, std::string message) {
        result.records.clear();
        result.offsets.clear();
        result.error = DecodeError{offset, std::move(message)};
        return result;
    };
    if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), "TCGN", 4) != 0)
        return fail(0, "not a Tandem record stream (no \"TCGN\" header)");
    if (bytes[4] != kVersion)
        return fail(4, "record stream version " + std::to_string(bytes[4]) + ", this agent reads "
                           + std::to_string(kVersion));
    const std::uint32_t count = std::uint32_t(bytes[5]) | std::uint32_t(bytes[6]) << 8
                                | std::uint32_t(bytes[7]) << 16 | std::uint32_t(bytes[8]) << 24;
    // A count the stream cannot hold is corrupt; don't reserve for it.
    if (count > bytes.size() / 8)
        return fail(5, "header announces " + std::to_string(count) + " records, the stream holds "
                           + std::to_string(bytes.size()) + " bytes");
    result.records.reserve(count);
    result.offsets.reserve(count);
    std::size_t at = kHeaderSize;
    for (std::uint32_t i = 0; i < count; ++i) {
        if (bytes.size() - at < 2)
            return fail(at, "stream truncated: record " + std::to_string(i + 1) + " of "
                                + std::to_string(count) + " is missing");
        const std::uint8_t type = bytes[at];
        const std::size_t length = bytes[at + 1];
        if (bytes.size() - at < 2 + length + 4)
            return fail(at, "stream truncated inside record " + std::to_string(i + 1) + " of "
                                + std::to_string(count));
        std::uint32_t crc = 0;
        std::memcpy(&crc, bytes.data() + at + 2 + length, 4); // little-endian host (x86, arm)
        if (crc != crc32c(bytes.data() + at, 2 + length))
            return fail(at, "checksum mismatch in record " + std::to_string(i + 1));
        if (type < std::uint8_t(RecordType::UserCreate) || type > std::uint8_t(RecordType::SessionDelete))
            return fail(at, "unknown record type " + std::to_string(type));
        ChangeRecord r;
        r.type = RecordType(type);
        Reader body(bytes.data() + at + 2, length);
        if (std::string error = readBody(body, r); !error.empty())
            return fail(at, error);
        result.records.push_back(r);
        result.offsets.push_back(at);
        at += 2 + length + 4;
    }
    if (at != bytes.size())
        return fail(at, std::to_string(bytes.size() - at) + " bytes after the last record");
    return result;
}

} // namespace tandem::cgn
