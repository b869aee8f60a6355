#include "ChannelTransport.h"

#include <QCryptographicHash>

namespace tandem::ha {

sync::Fingerprint haFingerprint(const config::DeviceConfig& config)
{
    // Canonical text of what must be equal on both devices, hashed.
    std::string text;
    for (const config::ServiceLocationConfig& sl : config.serviceLocations) {
        text += "sl " + std::to_string(sl.id) + " vrid " + std::to_string(sl.vrrpVrid.value_or(0));
        if (const config::InterfaceConfig* iface = config.findInterface(sl.vrrpInterface))
            if (const config::VrrpGroupConfig* vrrp = iface->findVrrp(sl.vrrpVrid.value_or(0)))
                if (vrrp->virtualIp)
                    text += " vip " + vrrp->virtualIp->toString();
        text += "\n";
    }
    for (const config::NatInstanceConfig& nat : config.natInstances) {
        text += "nat " + nat.name + " " + std::to_string(nat.id.value_or(0)) + " sig "
                + nat.serviceInstanceGroup + " port-range " + std::to_string(nat.portRange.value_or(0))
                + "\n";
        for (const config::NatAddressGroup& g : nat.addressGroups)
            text += " group " + g.name + " " + (g.start ? g.start->toString() : "") + " "
                    + (g.end ? g.end->toString() : "") + " " + std::to_string(g.prefixLength.value_or(0))
                    + " " + g.ipPool + " " + g.vpnInstance + "\n";
    }
    for (const config::ServiceInstanceGroupConfig& sig : config.serviceInstanceGroups) {
        text += "sig " + sig.name;
        for (const auto& m : sig.serviceLocations)
            text += " " + std::to_string(m.id);
        text += "\n";
    }
    for (const config::RemoteBackupServiceConfig& rbs : config.remoteBackupServices)
        text += "rbs " + rbs.name + " port " + std::to_string(rbs.port) + "\n";
    const QByteArray hash = QCryptographicHash::hash(QByteArray::fromStdString(text),
                                                     QCryptographicHash::Sha256);
    sync::Fingerprint fingerprint{};
    std::copy(hash.begin(), hash.begin() + qsizetype(fingerprint.size()), fingerprint.begin());
    return fingerprint;
}

std::optional<BackupChannel::Settings> channelSettingsFor(const config::DeviceConfig& config)
{
    for (const config::RemoteBackupServiceConfig& rbs : config.remoteBackupServices) {
        if (!rbs.peer || !rbs.source || rbs.port == 0)
            continue;
        BackupChannel::Settings settings;
        settings.localAddress = QHostAddress(rbs.source->value);
        settings.peerAddress = QHostAddress(rbs.peer->value);
        settings.port = quint16(rbs.port);
        settings.deviceId = QString::fromStdString(config.sysname);
        settings.fingerprint = haFingerprint(config);
        for (const config::ServiceLocationConfig& sl : config.serviceLocations)
            if (!sl.remoteBackupKey.empty()) {
                settings.authKey = QByteArray::fromStdString(sl.remoteBackupKey);
                break;
            }
        return settings;
    }
    return std::nullopt;
}

ChannelTransport::ChannelTransport(BackupChannel::Settings settings, QObject* parent)
    : QObject(parent), m_channel(std::make_unique<BackupChannel>(std::move(settings)))
{
    BackupChannel* c = m_channel.get();
    connect(c, &BackupChannel::stateChanged, this, [this](BackupChannel::State state) {
        if (m_events.linkChanged)
            m_events.linkChanged(state == BackupChannel::State::Up);
    });
    connect(c, &BackupChannel::recordsReceived, this,
            [this](const std::vector<cgn::ChangeRecord>& records, bool batch) {
                if (m_events.records)
                    m_events.records(records, batch);
            });
    connect(c, &BackupChannel::batchStarted, this, [this](quint8 sl, quint64 id, const sync::TableCounts& expected) {
        if (m_events.batchBegin)
            m_events.batchBegin(sl, id, expected);
    });
    connect(c, &BackupChannel::batchFinished, this,
            [this](quint8 sl, quint64 id, const cgn::Digest& digest, const sync::TableCounts& counts) {
                if (m_events.batchEnd)
                    m_events.batchEnd(sl, id, digest, counts);
            });
    connect(c, &BackupChannel::digestReceived, this,
            [this](quint8 sl, const cgn::Digest& digest, const sync::TableCounts& counts) {
                if (m_events.digest)
                    m_events.digest(sl, digest, counts);
            });
    connect(c, &BackupChannel::subnetsReceived, this, [this](const sync::Subnets& message) {
        if (m_events.subnets)
            m_events.subnets(message);
    });
    connect(c, &BackupChannel::backlogReceived, this, [this](quint8 sl, quint64 entries) {
        if (m_events.backlog)
            m_events.backlog(sl, entries);
    });
    connect(c, &BackupChannel::batchAcked, this, [this](quint8 sl, quint64 id, quint64 records, bool end) {
        if (m_events.batchAcked)
            m_events.batchAcked(sl, id, records, end);
    });
    connect(c, &BackupChannel::checkResultReceived, this,
            [this](quint8 sl, quint64 id, bool equal, const sync::TableCounts& counts) {
                if (m_events.checkResult)
                    m_events.checkResult(sl, id, equal, counts);
            });
    connect(c, &BackupChannel::resyncRequested, this, [this](quint8 sl, const QString& reason) {
        if (m_events.resyncRequest)
            m_events.resyncRequest(sl, reason.toStdString());
    });
    connect(c, &BackupChannel::writable, this, [this] {
        if (m_events.writable)
            m_events.writable();
    });
}

ChannelTransport::~ChannelTransport() = default;

void ChannelTransport::setEvents(SyncEvents events)
{
    m_events = std::move(events);
}

bool ChannelTransport::isUp() const
{
    return m_channel->state() == BackupChannel::State::Up;
}

bool ChannelTransport::sendRecords(std::span<const cgn::ChangeRecord> records)
{
    return isUp() && m_channel->enqueue(records);
}

std::size_t ChannelTransport::queueRoom() const
{
    return isUp() ? m_channel->queueRoom() : 0;
}

std::size_t ChannelTransport::batchRoom()
{
    return m_channel->batchRoom();
}

bool ChannelTransport::sendBatchBegin(int serviceLocation, std::uint64_t batchId, const sync::TableCounts& expected)
{
    if (!isUp())
        return false;
    m_channel->sendBatchBegin(std::uint8_t(serviceLocation), batchId, expected);
    return true;
}

bool ChannelTransport::sendBatchRecords(int serviceLocation, std::uint64_t batchId,
                                        std::span<const cgn::ChangeRecord> records)
{
    if (!isUp())
        return false;
    m_channel->sendBatchRecords(std::uint8_t(serviceLocation), batchId, records);
    return true;
}

bool ChannelTransport::sendBatchEnd(int serviceLocation, std::uint64_t batchId, const cgn::Digest& digest,
                                    const sync::TableCounts& counts)
{
    if (!isUp())
        return false;
    m_channel->sendBatchEnd(std::uint8_t(serviceLocation), batchId, digest, counts);
    return true;
}

bool ChannelTransport::sendDigest(int serviceLocation, const cgn::Digest& digest, const sync::TableCounts& counts)
{
    if (!isUp())
        return false;
    m_channel->sendDigestCheck(std::uint8_t(serviceLocation), digest, counts);
    return true;
}

bool ChannelTransport::sendCheckResult(int serviceLocation, std::uint64_t batchId, bool equal,
                                       const sync::TableCounts& counts)
{
    if (!isUp())
        return false;
    m_channel->sendCheckResult(std::uint8_t(serviceLocation), batchId, equal, counts);
    return true;
}

bool ChannelTransport::sendBacklog(int serviceLocation, std::uint64_t entries)
{
    if (!isUp())
        return false;
    m_channel->sendBacklog(std::uint8_t(serviceLocation), entries);
    return true;
}

bool ChannelTransport::sendSubnets(const sync::Subnets& message)
{
    if (!isUp())
        return false;
    m_channel->sendSubnets(message);
    return true;
}

bool ChannelTransport::sendResyncRequest(int serviceLocation, const std::string& reason)
{
    if (!isUp())
        return false;
    m_channel->requestResync(std::uint8_t(serviceLocation), QString::fromStdString(reason));
    return true;
}

bool ChannelTransport::heardThroughoutSince(std::chrono::steady_clock::time_point since) const
{
    return m_channel->heardThroughoutSince(since);
}

void ChannelTransport::pauseReceiving(bool paused)
{
    m_channel->setReceivePaused(paused);
}

} // namespace tandem::ha
