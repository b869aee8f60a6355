#pragma once

// What hot backup needs from an inter-chassis backup channel: an ordered, reliable stream of
// change records and batch / digest messages to the peer device, and the same from it. The
// real one is a BackupChannel (TCP between the remote-backup-service's source and peer); tests
// join two HotBackups with an in-process pair.
//
// Records of several service-locations share one channel; each record names its own in
// ChangeRecord::serviceLocation.

#include "cgn/ChangeRecord.h"
#include "cgn/CgnEngine.h"

#include <functional>
#include <span>
#include <vector>

namespace tandem::ha {

struct SyncEvents
{
    std::function<void(bool up)> linkChanged;
    std::function<void(std::span<const cgn::ChangeRecord>)> records;
    // A batch backup of one service-location: begin (entries to come), its records come
    // through `records`, end with the master's digests at the snapshot.
    std::function<void(int serviceLocation, std::uint64_t entries)> batchBegin;
    std::function<void(int serviceLocation, const cgn::Digest&)> batchEnd;
    // The master's digests and session count at this point of the stream.
    std::function<void(int serviceLocation, const cgn::Digest&)> digest;
    // The peer asks for a batch backup of a service-location (its tables diverged).
    std::function<void(int serviceLocation)> resyncRequest;
};

class SyncTransport
{
public:
    virtual ~SyncTransport() = default;
    virtual void setEvents(SyncEvents events) = 0;
    virtual bool isUp() const = 0;
    // All sends keep their order. False when the record could not be queued (link down or
    // queue full): the records are lost for the peer and a batch backup must follow.
    virtual bool sendRecords(std::span<const cgn::ChangeRecord> records) = 0;
    virtual bool sendBatch(int serviceLocation, std::span<const cgn::ChangeRecord> snapshot,
                           const cgn::Digest& digest) = 0;
    virtual bool sendDigest(int serviceLocation, const cgn::Digest& digest) = 0;
    virtual bool sendResyncRequest(int serviceLocation) = 0;
};

} // namespace tandem::ha
