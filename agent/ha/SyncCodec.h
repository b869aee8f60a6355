#pragma once

// The backup channel's wire format (agent ↔ agent, one TCP stream per remote-backup-service).
// Plain C++, no Qt, no I/O: BackupChannel feeds it bytes, the benchmarks and tests drive it alone.
//
//   frame   = length:u32le body crc:u32le      length = size of body + 4 (the crc)
//   body    = version:u8 type:u8 seq:varint ack:varint payload
//   crc     = CRC-32C over length and body
//
// `seq` numbers the sequenced frames (Records, BatchBegin, BatchEnd, DigestCheck, Resync,
// CheckResult, Backlog, Subnets) of one
// direction of one connection, from 1; the others (Hello, AuthResponse, Heartbeat, Ack) carry 0.
// `ack` is cumulative: the highest sequenced frame received in order from the peer. A new
// connection starts both directions at 1 again (the sender re-sends what was not acked; the
// engine applies records idempotently).
//
// Records are coded against the previous record of the same frame (never across frames, so every
// frame decodes alone): fields equal to the previous record's (or zero, or implied by the user)
// cost one flag bit, addresses and outside ports are zigzag-varint deltas, the inside port is two
// raw bytes. See SyncCodec.cpp for the per-record layout. A user's unused key fields (a NAT44
// user's IPv6 address, another user's IPv4 address) are not carried: UserKey keeps them zero.

#include "cgn/CgnEngine.h"
#include "cgn/ChangeRecord.h"
#include "cgn/SubnetPool.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tandem::ha::sync {

inline constexpr std::uint8_t kProtocolVersion = 3; // 2: CheckResult, Backlog; 3: Subnets
inline constexpr std::size_t kFingerprintSize = 32; // SHA-256 of the HA-relevant config
inline constexpr std::size_t kNonceSize = 32;
inline constexpr std::size_t kMacSize = 32; // HMAC-SHA256
inline constexpr std::size_t kMaxDeviceIdSize = 255;
inline constexpr std::size_t kDefaultMaxFrameSize = 4u << 20;
// Bytes a frame adds around its payload at most: length, version, type, two 10-byte varints, crc.
inline constexpr std::size_t kMaxFrameOverhead = 4 + 2 + 10 + 10 + 4;

enum class MessageType : std::uint8_t {
    Hello = 1,
    AuthResponse = 2,
    Heartbeat = 3,
    Records = 4,
    Ack = 5,
    BatchBegin = 6,
    BatchEnd = 7,
    DigestCheck = 8,
    Resync = 9,
    CheckResult = 10,
    Backlog = 11,
    Subnets = 12,
};
std::string_view toString(MessageType type);
// True for the frames that carry a sequence number and are acked.
bool isSequenced(MessageType type);

using Fingerprint = std::array<std::uint8_t, kFingerprintSize>;
using Nonce = std::array<std::uint8_t, kNonceSize>;
using Mac = std::array<std::uint8_t, kMacSize>;

struct Hello
{
    std::uint8_t protocolVersion = kProtocolVersion;
    bool authRequired = false; // this side has an authentication key and will demand a response
    std::string deviceId;
    Fingerprint fingerprint{};
    Nonce nonce{}; // challenge: the peer answers with HMAC(key, this nonce …)
    bool operator==(const Hello&) const = default;
};

struct AuthResponse
{
    Mac mac{};
    bool operator==(const AuthResponse&) const = default;
};

struct Heartbeat
{
    bool operator==(const Heartbeat&) const = default;
};

struct Ack
{
    bool operator==(const Ack&) const = default;
};

struct Records
{
    bool batch = false; // part of a batch backup (between BatchBegin and BatchEnd)
    std::vector<cgn::ChangeRecord> records;
    bool operator==(const Records&) const = default;
};

// Table sizes that go with a digest, so that a mismatch can say which table differs and by how much.
struct TableCounts
{
    std::uint64_t users = 0;
    std::uint64_t portBlocks = 0;
    std::uint64_t sessions = 0;
    bool operator==(const TableCounts&) const = default;
};

// Batch, digest and resync messages name the service-location (1–255) they are about: the
// service-locations of a device pair share one channel.
struct BatchBegin
{
    std::uint8_t serviceLocation = 0;
    std::uint64_t batchId = 0;
    TableCounts expected; // records of each kind the batch will carry
    bool operator==(const BatchBegin&) const = default;
};

struct BatchEnd
{
    std::uint8_t serviceLocation = 0;
    std::uint64_t batchId = 0;
    cgn::Digest digest; // of the sender's tables at the snapshot
    TableCounts counts;
    bool operator==(const BatchEnd&) const = default;
};

// The sender's digest after every record sequenced before this frame: the receiver compares
// once it has applied them.
struct DigestCheck
{
    std::uint8_t serviceLocation = 0;
    cgn::Digest digest;
    TableCounts counts;
    bool operator==(const DigestCheck&) const = default;
};

struct Resync
{
    std::uint8_t serviceLocation = 0;
    std::string reason;
    bool operator==(const Resync&) const = default;
};

// The receiver's answer to a BatchEnd (batchId of that batch) or a DigestCheck (batchId 0):
// whether its tables, with every record before that frame applied, have the sender's digests.
// Only this makes the sender's batch "finished": the peer applied it and compared.
struct CheckResult
{
    std::uint8_t serviceLocation = 0;
    std::uint64_t batchId = 0;
    bool equal = false;
    TableCounts counts; // the receiver's tables
    bool operator==(const CheckResult&) const = default;
};

// The sender's real-time backup is behind: `entries` changed entries could not be sent yet (the
// queue was full) and are resent as the channel drains. While it is not 0 the receiver's copy is
// incomplete, and it demotes itself as during a batch. 0: caught up.
struct Backlog
{
    std::uint8_t serviceLocation = 0;
    std::uint64_t entries = 0;
    bool operator==(const Backlog&) const = default;
};

// A load-balanced global pool's subnet assignment (cgn::SubnetPool), about the service-locations
// the sender is master of — the only ones whose subnets it changes, so a comparison never
// crosses a change in flight:
//   Full     the subnets of `locations` are `records` (assigns), replacing the receiver's
//   Changes  `records` to apply in order (assign / release)
//   Check    nothing to apply: compare
// each with `digest`, the sender's SubnetPool::digest over `locations` after its records. The
// receiver answers each with a Result: its own digest over the same locations, and whether it
// equals the sender's (a refused record makes it unequal; the sender then sends a Full).
struct Subnets
{
    enum class Kind : std::uint8_t { Full, Changes, Check, Result };
    Kind kind = Kind::Check;
    std::string pool;
    std::vector<std::uint8_t> locations;
    std::vector<cgn::SubnetRecord> records;
    std::uint64_t digest = 0;
    bool equal = false; // Result only
    bool operator==(const Subnets&) const = default;
};
inline constexpr std::size_t kMaxPoolNameSize = 255;

using Body = std::variant<Hello, AuthResponse, Heartbeat, Records, Ack, BatchBegin, BatchEnd,
                          DigestCheck, Resync, CheckResult, Backlog, Subnets>;

struct Message
{
    std::uint64_t seq = 0; // 0 for frames that are not sequenced
    std::uint64_t ack = 0;
    Body body;
    MessageType type() const;
    bool operator==(const Message&) const = default;
};

// --- Encoding ---------------------------------------------------------------------------------

// Appends one frame to `out`.
void encode(const Message& message, std::vector<std::uint8_t>& out);
// The same for a Records frame straight from a span (no copy into a Message): the real-time path.
void encodeRecords(std::uint64_t seq, std::uint64_t ack, bool batch,
                   std::span<const cgn::ChangeRecord> records, std::vector<std::uint8_t>& out);

// --- Decoding ---------------------------------------------------------------------------------

enum class RejectReason : std::uint8_t {
    Truncated,     // the frame ends before its fields do (or a buffer ends inside a frame)
    Oversized,     // length prefix above the limit (or below the minimum): the stream is lost
    BadCrc,        // CRC-32C mismatch: corrupt
    BadVersion,    // a protocol version this side does not speak
    UnknownType,   // a frame type this side does not know
    Malformed,     // fields out of range or bytes left over after them
    SequenceGap,   // a sequenced frame after a missing one (out of order or lost)
    Replayed,      // a sequenced frame already received (old sequence number), or an ack gone back
    Count
};
std::string_view toString(RejectReason reason);

struct Rejection
{
    RejectReason reason = RejectReason::Malformed;
    std::uint64_t offset = 0; // byte offset of the frame in the stream
    std::string message;      // names the frame and the field
    std::string format() const; // "frame at byte N: message"
};

// One complete frame from the start of `bytes`, without sequence checks. On success `consumed`
// is the frame's size; a buffer that ends inside the frame is Truncated.
struct FrameResult
{
    std::optional<Message> message;
    std::optional<Rejection> rejection;
    std::size_t consumed = 0;
};
FrameResult decodeFrame(std::span<const std::uint8_t> bytes, std::size_t maxFrameSize = kDefaultMaxFrameSize);

// The receiving half of one connection: reassembles frames from a byte stream and checks
// sequence and ack order. A rejected frame changes no state (the next expected sequence number
// stays where it was); after Oversized the stream cannot be re-framed and every later call
// reports it again until reset().
class StreamDecoder
{
public:
    explicit StreamDecoder(std::size_t maxFrameSize = kDefaultMaxFrameSize);

    void feed(std::span<const std::uint8_t> bytes);
    // The next complete frame, a rejection, or nothing (need more bytes).
    struct Result
    {
        std::optional<Message> message;
        std::optional<Rejection> rejection;
        bool empty() const { return !message && !rejection; }
    };
    Result next();

    // A new connection: sequence from 1, buffered bytes dropped, counters kept.
    void reset();

    std::uint64_t lastSeq() const { return m_lastSeq; } // highest in-order sequenced frame
    std::uint64_t lastAck() const { return m_lastAck; }
    std::size_t pendingBytes() const { return m_buffer.size() - m_readPos; }
    std::uint64_t framesAccepted() const { return m_accepted; }
    std::uint64_t framesRejected() const;
    std::uint64_t rejected(RejectReason reason) const { return m_rejected[std::size_t(reason)]; }

private:
    Result reject(Rejection rejection);

    std::size_t m_maxFrameSize;
    std::vector<std::uint8_t> m_buffer;
    std::size_t m_readPos = 0;
    std::uint64_t m_streamOffset = 0; // stream offset of m_buffer[m_readPos]
    std::uint64_t m_lastSeq = 0;
    std::uint64_t m_lastAck = 0;
    bool m_lost = false; // Oversized seen: framing lost
    std::optional<Rejection> m_lostRejection;
    std::uint64_t m_accepted = 0;
    std::array<std::uint64_t, std::size_t(RejectReason::Count)> m_rejected{};
};

// CRC-32C (Castagnoli) as the frames carry it.
std::uint32_t crc32c(std::span<const std::uint8_t> bytes);

// Counts of the records of each kind in `records`, as BatchBegin announces them.
TableCounts countTables(std::span<const cgn::ChangeRecord> records);

} // namespace tandem::ha::sync
