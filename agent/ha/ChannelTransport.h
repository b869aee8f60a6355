#pragma once

// Hot backup over a real BackupChannel: the SyncTransport a running agent uses. Also builds the
// channel from the configuration: the remote-backup-service (peer, source, port), the
// service-locations' authentication key, and a fingerprint of the HA configuration both devices
// must share (service-locations, their VRRP groups and virtual IPs, NAT instances and pools,
// the RBS port) — mirrored fields (peer / source, priorities) are left out.

#include "BackupChannel.h"
#include "SyncTransport.h"
#include "config/DeviceConfig.h"

#include <QObject>
#include <memory>
#include <optional>

namespace tandem::ha {

// The channel settings for this device, or nullopt when the configuration has no
// remote-backup-service with a peer (no hot backup to run).
std::optional<BackupChannel::Settings> channelSettingsFor(const config::DeviceConfig& config);
sync::Fingerprint haFingerprint(const config::DeviceConfig& config);

class ChannelTransport final : public QObject, public SyncTransport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChannelTransport)

public:
    explicit ChannelTransport(BackupChannel::Settings settings, QObject* parent = nullptr);
    ~ChannelTransport() override;

    BackupChannel& channel() { return *m_channel; }

    void setEvents(SyncEvents events) override;
    bool isUp() const override;
    bool sendRecords(std::span<const cgn::ChangeRecord> records) override;
    std::size_t queueRoom() const override;
    std::size_t batchRoom() override;
    bool sendBatchBegin(int serviceLocation, std::uint64_t batchId, const sync::TableCounts& expected) override;
    bool sendBatchRecords(int serviceLocation, std::uint64_t batchId,
                          std::span<const cgn::ChangeRecord> records) override;
    bool sendBatchEnd(int serviceLocation, std::uint64_t batchId, const cgn::Digest& digest,
                      const sync::TableCounts& counts) override;
    bool sendDigest(int serviceLocation, const cgn::Digest& digest, const sync::TableCounts& counts) override;
    bool sendCheckResult(int serviceLocation, std::uint64_t batchId, bool equal,
                         const sync::TableCounts& counts) override;
    bool sendBacklog(int serviceLocation, std::uint64_t entries) override;
    bool sendSubnets(const sync::Subnets& message) override;
    bool sendResyncRequest(int serviceLocation, const std::string& reason) override;
    bool heardThroughoutSince(std::chrono::steady_clock::time_point since) const override;
    void pauseReceiving(bool paused) override;

private:
    std::unique_ptr<BackupChannel> m_channel;
    SyncEvents m_events;
};

} // namespace tandem::ha
