#include "HotBackupStatus.h"

#include <QJsonArray>
#include <algorithm>

namespace tandem::client {

namespace {

qint64 number(const QJsonObject& o, const char* key)
{
    return qint64(o.value(QLatin1String(key)).toDouble());
}

QString text(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

qint64 SwitchoverRecord::totalMs() const
{
    return std::max<qint64>(0, firstAdvertMs - decisionMs) + std::max<qint64>(0, detectionMs);
}

SwitchoverCause switchoverCauseFromString(const QString& text)
{
    for (SwitchoverCause c : {SwitchoverCause::MasterSilent, SwitchoverCause::MasterResigned,
                              SwitchoverCause::Preempted})
        if (text == toString(c))
            return c;
    return SwitchoverCause::Unknown;
}

QString toString(SwitchoverCause cause)
{
    switch (cause) {
    case SwitchoverCause::Unknown:
        return {};
    case SwitchoverCause::MasterSilent:
        return QStringLiteral("master silent");
    case SwitchoverCause::MasterResigned:
        return QStringLiteral("master resigned");
    case SwitchoverCause::Preempted:
        return QStringLiteral("preempted");
    }
    return {};
}

QJsonObject SwitchoverRecord::toJson() const
{
    QJsonObject o{{QStringLiteral("device"), device},
                  {QStringLiteral("serviceLocation"), serviceLocation},
                  {QStringLiteral("cause"), toString(cause)},
                  {QStringLiteral("reason"), reason},
                  {QStringLiteral("decisionMs"), decisionMs},
                  {QStringLiteral("tablesActiveMs"), tablesActiveMs},
                  {QStringLiteral("firstAdvertMs"), firstAdvertMs},
                  {QStringLiteral("sessionsBefore"), sessionsBefore},
                  {QStringLiteral("sessionsAfter"), sessionsAfter}};
    if (!fromDevice.isEmpty())
        o.insert(QStringLiteral("fromDevice"), fromDevice);
    if (detectionMs >= 0)
        o.insert(QStringLiteral("detectionMs"), detectionMs);
    if (sessionsOnOldMaster >= 0)
        o.insert(QStringLiteral("sessionsOnOldMaster"), sessionsOnOldMaster);
    if (notBackedUpOnOldMaster >= 0)
        o.insert(QStringLiteral("notBackedUpOnOldMaster"), notBackedUpOnOldMaster);
    if (backlogOnOldMaster >= 0)
        o.insert(QStringLiteral("backlogOnOldMaster"), backlogOnOldMaster);
    if (!oldMasterReason.isEmpty())
        o.insert(QStringLiteral("oldMasterReason"), oldMasterReason);
    o.insert(QStringLiteral("totalMs"), totalMs());
    return o;
}

SwitchoverRecord SwitchoverRecord::fromJson(const QString& device, const QJsonObject& json)
{
    SwitchoverRecord r;
    r.device = device;
    r.serviceLocation = int(number(json, "serviceLocation"));
    r.cause = switchoverCauseFromString(text(json, "cause"));
    r.reason = text(json, "reason");
    if (json.contains(QStringLiteral("detectionMs")))
        r.detectionMs = number(json, "detectionMs");
    r.decisionMs = number(json, "decisionMs");
    r.tablesActiveMs = number(json, "tablesActiveMs");
    r.firstAdvertMs = number(json, "firstAdvertMs");
    r.sessionsBefore = number(json, "sessionsBefore");
    r.sessionsAfter = number(json, "sessionsAfter");
    return r;
}

const SlgHotBackup* HotBackupStatus::find(int serviceLocation) const
{
    for (const SlgHotBackup& s : serviceLocations)
        if (s.id == serviceLocation)
            return &s;
    return nullptr;
}

qint64 HotBackupStatus::servedSessions() const
{
    qint64 total = 0;
    for (const SlgHotBackup& s : serviceLocations)
        if (s.role == QLatin1String("master"))
            total += s.sessions;
    return total;
}

std::optional<HotBackupStatus> HotBackupStatus::fromStatusJson(const QString& device,
                                                               const QJsonObject& status)
{
    const QJsonValue value = status.value(QStringLiteral("hotBackup"));
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject hb = value.toObject();
    HotBackupStatus result;
    for (const QJsonValue& v : hb.value(QStringLiteral("serviceLocations")).toArray()) {
        const QJsonObject o = v.toObject();
        SlgHotBackup s;
        s.id = int(number(o, "id"));
        s.role = text(o, "role");
        s.board = text(o, "board");
        s.batchBackupState = text(o, "batchBackupState");
        s.receivingBatch = o.value(QStringLiteral("receivingBatch")).toBool();
        const QJsonObject batch = o.value(QStringLiteral("batch")).toObject();
        if (!batch.isEmpty()) {
            s.batchReceived = number(batch, "done");
            s.batchExpected = number(batch, "total");
            s.sendingBatch = !s.receivingBatch;
            s.batchStalled = batch.value(QStringLiteral("stalled")).toBool();
        } else {
            const QJsonObject progress = o.value(QStringLiteral("batchProgress")).toObject();
            s.batchReceived = number(progress, "received");
            s.batchExpected = number(progress, "expected");
        }
        s.backlog = number(o, "backlog");
        s.demotion = o.value(QStringLiteral("demotion")).toObject().value(QStringLiteral("why")).toString();
        if (o.contains(QStringLiteral("digestEqual")))
            s.digestEqual = o.value(QStringLiteral("digestEqual")).toBool();
        s.digestCheckedMs = number(o, "digestCheckedMs");
        s.inStep = o.value(QStringLiteral("inStep")).toBool();
        s.notBackedUp = number(o, "notBackedUp");
        s.backlogSessions = number(o, "backlogSessions");
        s.hasTables = o.contains(QStringLiteral("sessions"));
        s.users = number(o, "users");
        s.sessions = number(o, "sessions");
        s.portBlocks = number(o, "portBlocks");
        s.maxSessions = number(o, "maxSessions");
        result.serviceLocations.append(s);
    }
    // "channel" is an object when the agent has a channel (a bare link state otherwise).
    const QJsonValue channel = hb.value(QStringLiteral("channel"));
    if (channel.isObject()) {
        const QJsonObject c = channel.toObject();
        BackupChannelStatus& ch = result.channel;
        ch.configured = true;
        ch.state = text(c, "state");
        ch.peer = text(c, "peer");
        ch.peerDevice = text(c, "peerDevice");
        ch.sent = number(c, "sent");
        ch.received = number(c, "received");
        ch.acked = number(c, "acked");
        ch.inFlight = number(c, "inFlight");
        ch.voided = number(c, "voided");
        ch.retried = number(c, "retried");
        ch.missed = number(c, "missed");
        ch.rejected = number(c, "rejected");
        ch.queueDepth = number(c, "queueDepth");
        ch.bytesSent = number(c, "bytesSent");
        ch.bytesReceived = number(c, "bytesReceived");
        ch.connects = number(c, "connects");
        ch.lagLastUs = number(c, "lagLastUs");
        ch.lagP99Us = number(c, "lagP99Us");
    } else if (channel.isString()) {
        result.channel.state = channel.toString();
    }
    const QJsonObject sync = hb.value(QStringLiteral("sync")).toObject();
    SyncCounters& sc = result.sync;
    sc.queued = number(sync, "queued");
    sc.received = number(sync, "received");
    sc.missed = number(sync, "missed");
    sc.refused = number(sync, "refused");
    sc.delayed = number(sync, "delayed");
    sc.batchesSent = number(sync, "batchesSent");
    sc.batchesReceived = number(sync, "batchesReceived");
    sc.digestChecks = number(sync, "digestChecks");
    sc.digestMismatches = number(sync, "digestMismatches");
    for (const QJsonValue& v : hb.value(QStringLiteral("switchovers")).toArray())
        result.switchovers.append(SwitchoverRecord::fromJson(device, v.toObject()));
    return result;
}

} // namespace tandem::client
