#pragma once

// What hot backup needs from an inter-chassis backup channel: an ordered, reliable stream of
// change records and batch / digest messages to the peer device, and the same from it. The
// real one is a BackupChannel (TCP between the remote-backup-service's source and peer); tests
// join two HotBackups with an in-process pair.
//
// Records of several service-locations share one channel; each record names its own in
// ChangeRecord::serviceLocation.
//
// Flow control is the transport's: sendRecords() refuses what its queue cannot take (the caller
// remembers the entries and sends their current state later), and a batch is pulled — the
// sender asks batchRoom(), sends that many records, and goes on when `writable` says acks made
// room. A batch never overtakes an older real-time record: batchRoom() is 0 while any wait.

#include "SyncCodec.h"
#include "cgn/ChangeRecord.h"
#include "cgn/CgnEngine.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace tandem::ha {

struct SyncEvents
{
    std::function<void(bool up)> linkChanged;
    // From the peer, in stream order; `batch` for the records of a batch backup.
    std::function<void(std::span<const cgn::ChangeRecord>, bool batch)> records;
    // Receiving a batch backup of one service-location: begin (entries to come), its records
    // come through `records`, end with the master's digests and counts at the end.
    std::function<void(int serviceLocation, std::uint64_t batchId, const sync::TableCounts& expected)> batchBegin;
    std::function<void(int serviceLocation, std::uint64_t batchId, const cgn::Digest&, const sync::TableCounts&)> batchEnd;
    // The master's digests at this point of the stream.
    std::function<void(int serviceLocation, const cgn::Digest&, const sync::TableCounts&)> digest;
    // The master's real-time backup is `entries` behind (0: caught up).
    std::function<void(int serviceLocation, std::uint64_t entries)> backlog;
    // Sending: the peer acked `records` more of batch `batchId` (and its end, when endAcked).
    std::function<void(int serviceLocation, std::uint64_t batchId, std::uint64_t records, bool endAcked)> batchAcked;
    // Sending: the peer's verdict on a batch end (batchId) or a digest check (batchId 0).
    std::function<void(int serviceLocation, std::uint64_t batchId, bool equal, const sync::TableCounts&)> checkResult;
    // The peer asks for a batch backup of a service-location (its tables diverged, or stalled).
    std::function<void(int serviceLocation, const std::string& reason)> resyncRequest;
    // Acks made room: a batch waiting for batchRoom() can go on.
    std::function<void()> writable;
    // A load-balanced pool's subnet assignment (sync::Subnets), in stream order.
    std::function<void(const sync::Subnets&)> subnets;
};

class SyncTransport
{
public:
    virtual ~SyncTransport() = default;
    virtual void setEvents(SyncEvents events) = 0;
    virtual bool isUp() const = 0;
    // All sends keep their order. False when the records could not be queued (link down or
    // queue full): they are lost for the peer and nothing of them was queued.
    virtual bool sendRecords(std::span<const cgn::ChangeRecord> records) = 0;
    // Records sendRecords would take now.
    virtual std::size_t queueRoom() const = 0;
    // Batch records that may be sent now (0 while real-time records wait or the window is full).
    virtual std::size_t batchRoom() = 0;
    virtual bool sendBatchBegin(int serviceLocation, std::uint64_t batchId, const sync::TableCounts& expected) = 0;
    virtual bool sendBatchRecords(int serviceLocation, std::uint64_t batchId, std::span<const cgn::ChangeRecord> records) = 0;
    virtual bool sendBatchEnd(int serviceLocation, std::uint64_t batchId, const cgn::Digest& digest,
                              const sync::TableCounts& counts) = 0;
    virtual bool sendDigest(int serviceLocation, const cgn::Digest& digest, const sync::TableCounts& counts) = 0;
    virtual bool sendCheckResult(int serviceLocation, std::uint64_t batchId, bool equal,
                                 const sync::TableCounts& counts) = 0;
    virtual bool sendBacklog(int serviceLocation, std::uint64_t entries) = 0;
    virtual bool sendResyncRequest(int serviceLocation, const std::string& reason) = 0;
    // After every record sent before it.
    virtual bool sendSubnets(const sync::Subnets& message) = 0;
    // The peer was heard without a gap since `since`: up, never silent, never cut off.
    virtual bool heardThroughoutSince(std::chrono::steady_clock::time_point since) const = 0;
    // While paused nothing more is delivered; what arrives waits, in order, unacknowledged,
    // and is delivered once resumed (liveness is unaffected).
    virtual void pauseReceiving(bool paused) = 0;
};

} // namespace tandem::ha
