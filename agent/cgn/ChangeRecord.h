#pragma once

// What the engine tells the HA layer: one compact record per change to the user, port-block
// or session table, the same records a standby applies and a bulk export consists of.

#include "CgnTypes.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tandem::cgn {

enum class RecordType : std::uint8_t {
    UserCreate = 1,     // user, outsideAddress = the user's public address, age
    UserDelete = 2,     // user
    BlockAlloc = 3,     // user, outsideAddress, block
    BlockFree = 4,      // user, outsideAddress, block
    SessionCreate = 5,  // everything
    SessionRefresh = 6, // inside + outside endpoint, tcpState, remote, lifetime
    SessionDelete = 7,  // inside + outside endpoint
};
std::string_view toString(RecordType type);

struct ChangeRecord
{
    RecordType type = RecordType::SessionCreate;
    Protocol protocol = Protocol::Udp;
    TcpState tcpState = TcpState::None;
    // The service-location (1-255) whose engine the record belongs to, set by the HA layer so
    // that several share one backup channel; 0 inside an engine.
    std::uint8_t serviceLocation = 0;
    Seconds lifetime = 0; // sessions: seconds left before aging, as the sender saw it
    UserKey user;
    std::uint32_t innerAddress = 0;
    std::uint16_t insidePort = 0;
    std::uint16_t outsidePort = 0;
    std::uint32_t outsideAddress = 0;
    std::uint32_t remoteAddress = 0;
    std::uint16_t remotePort = 0;
    std::uint16_t block = 0; // port block number within outsideAddress (Block* records)
    Seconds age = 0;         // seconds since the entry was created, as the sender saw it

    bool operator==(const ChangeRecord&) const = default;
    InsideEndpoint inside() const { return {user, innerAddress, insidePort, protocol}; }
    OutsideEndpoint outside() const { return {outsideAddress, outsidePort, protocol}; }
};

// Where records go. The engine buffers records and hands them over in batches (when its buffer
// fills and on CgnEngine::flush()), so a sink costs one call per batch, not per change.
class ChangeSink
{
public:
    virtual ~ChangeSink() = default;
    virtual void consume(std::span<const ChangeRecord> records) = 0;
};

// A byte stream of records (bulk export / import): "TCGN", version, record count, the records,
// then a CRC-32C of everything before it. See RecordCodec.cpp for the per-record layout.
std::vector<std::uint8_t> encodeRecords(std::span<const ChangeRecord> records);

struct DecodeError
{
    std::size_t offset = 0; // byte offset of the bad record (or of the header / trailer)
    std::string message;
    std::string format() const; // "offset N: message"
};

struct DecodedRecords
{
    std::vector<ChangeRecord> records;
    std::vector<std::size_t> offsets; // byte offset of each record, for messages
    std::optional<DecodeError> error; // set: the stream is rejected whole
};
DecodedRecords decodeRecords(std::span<const std::uint8_t> bytes);

} // namespace tandem::cgn
