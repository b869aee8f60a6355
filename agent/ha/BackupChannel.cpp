#include "BackupChannel.h"

#include "Logging.h"

#include <QDateTime>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cstring>

namespace tandem::ha {

using namespace std::chrono;
using cgn::ChangeRecord;

namespace {

constexpr std::size_t kLagWindow = 1024;
constexpr char kAuthContext[] = "tandem-backup-v1";

QString hex(std::span<const std::uint8_t> bytes)
{
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size())).toHex());
}

} // namespace

// A sequenced frame waiting for its ack. Real-time records keep their records, to be sent
// again on a new connection; a batch frame keeps only what its ack reports.
struct BackupChannel::Outgoing
{
    enum class Kind : std::uint8_t { RealTime, Batch, BatchEnd, Control };
    Kind kind = Kind::Control;
    std::uint64_t seq = 0; // 0: not written on this connection
    sync::Body body;       // empty for batch frames (written at once, never again)
    std::uint8_t serviceLocation = 0;
    std::uint64_t batchId = 0;
    std::size_t recordCount = 0;
    nanoseconds enqueuedAt{0}; // oldest record's enqueue time (real-time records)
    std::size_t bytes = 0;
};

BackupChannel::BackupChannel(Settings settings, QObject* parent)
    : QObject(parent), m_settings(std::move(settings))
{
    if (!m_settings.clock)
        m_settings.clock = [] { return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()); };
    m_heartbeatTimer = new QTimer(this);
    m_heartbeatTimer->setTimerType(Qt::PreciseTimer);
    connect(m_heartbeatTimer, &QTimer::timeout, this, &BackupChannel::onHeartbeatTick);
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setTimerType(Qt::PreciseTimer);
    connect(m_flushTimer, &QTimer::timeout, this, &BackupChannel::flush);
    m_reconnectTimer = new QTimer(this);
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &BackupChannel::retry);
    m_delayTimer = new QTimer(this);
    m_delayTimer->setSingleShot(true);
    m_delayTimer->setTimerType(Qt::PreciseTimer);
    connect(m_delayTimer, &QTimer::timeout, this, &BackupChannel::releaseDelayed);
    m_receiveTimer = new QTimer(this);
    m_receiveTimer->setSingleShot(true);
    connect(m_receiveTimer, &QTimer::timeout, this, &BackupChannel::handleReceived);
    m_lags.reserve(kLagWindow);
}

BackupChannel::~BackupChannel()
{
    stop();
}

nanoseconds BackupChannel::now() const
{
    return m_settings.clock();
}

bool BackupChannel::isConnector() const
{
    // IPv4 compares as its IPv4-mapped IPv6 form, so the order is the numeric one for both.
    const Q_IPV6ADDR local = m_settings.localAddress.toIPv6Address();
    const Q_IPV6ADDR peer = m_settings.peerAddress.toIPv6Address();
    return std::memcmp(local.c, peer.c, sizeof local.c) < 0;
}

bool BackupChannel::heardThroughoutSince(steady_clock::time_point since) const
{
    return m_state == State::Up && m_heardSince <= since && m_lastHeard.isValid()
           && m_lastHeard.elapsed() <= 3 * m_settings.heartbeat.count();
}

void BackupChannel::retry()
{
    if (isConnector())
        connectToPeer();
    else
        listen();
}

void BackupChannel::start()
{
    if (m_running)
        return;
    m_running = true;
    m_backoff = m_settings.reconnectMin;
    setState(State::Down);
    m_heartbeatTimer->start(int(m_settings.heartbeat.count()));
    retry();
}

void BackupChannel::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_heartbeatTimer->stop();
    m_reconnectTimer->stop();
    m_flushTimer->stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (m_server) {
        m_server->close();
        m_server->deleteLater();
        m_server = nullptr;
    }
    setState(State::Down);
}

void BackupChannel::listen()
{
    if (!m_server) {
        m_server = new QTcpServer(this);
        connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server->nextPendingConnection()) {
                const bool fromPeer = s->peerAddress().isEqual(m_settings.peerAddress, QHostAddress::TolerantConversion);
                if (!fromPeer || m_cut || !m_running) {
                    if (!fromPeer) {
                        ++m_counters.rejected;
                        qCWarning(lcHa) << "backup channel: refused a connection from" << s->peerAddress().toString()
                                        << "(peer is" << m_settings.peerAddress.toString() << ")";
                    }
                    s->abort();
                    s->deleteLater();
                    continue;
                }
                adopt(s); // a newer connection from the peer replaces an older one (the peer restarted)
                onConnected();
            }
        });
    }
    if (!m_server->isListening() && !m_server->listen(m_settings.localAddress, m_settings.port)) {
        raiseAlarm(QStringLiteral("backup channel cannot listen on %1:%2: %3")
                  .arg(m_settings.localAddress.toString())
                  .arg(m_settings.port)
                  .arg(m_server->errorString()));
        scheduleReconnect();
    }
}

void BackupChannel::connectToPeer()
{
    if (!m_running || m_socket)
        return;
    if (m_cut) {
        scheduleReconnect();
        return;
    }
    auto* s = new QTcpSocket(this);
    if (!s->bind(m_settings.localAddress, 0)) {
        raiseAlarm(QStringLiteral("backup channel cannot bind source %1: %2")
                  .arg(m_settings.localAddress.toString(), s->errorString()));
        s->deleteLater();
        scheduleReconnect();
        return;
    }
    adopt(s);
    m_lastHeard.start(); // a connect attempt gets the dead interval too
    connect(s, &QTcpSocket::connected, this, &BackupChannel::onConnected);
    s->connectToHost(m_settings.peerAddress, m_settings.port);
}

void BackupChannel::scheduleReconnect()
{
    if (!m_running)
        return;
    m_reconnectTimer->start(int(m_backoff.count()));
    m_backoff = std::min(m_backoff * 2, m_settings.reconnectMax);
}

void BackupChannel::adopt(QTcpSocket* socket)
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_socket = socket;
    socket->setParent(this);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QTcpSocket::readyRead, this, &BackupChannel::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        if (socket == m_socket)
            closeConnection(State::Down, QStringLiteral("peer closed the connection"));
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError) {
        if (socket == m_socket)
            closeConnection(State::Down, socket->errorString());
    });
}

void BackupChannel::onConnected()
{
    m_decoder.reset();
    m_nextSeq = 1;
    m_ackSent = 0;
    m_peerHelloOk = false;
    m_peerAuthOk = false;
    m_delayed.clear();
    m_lastHeard.start();
    m_connectedAt.start();
    if (m_state == State::Down)
        setState(State::Connecting);
    std::array<quint32, sync::kNonceSize / 4> nonce;
    QRandomGenerator::system()->fillRange(nonce.data(), qsizetype(nonce.size()));
    std::memcpy(m_nonce.data(), nonce.data(), m_nonce.size());
    sync::Hello hello;
    hello.authRequired = !m_settings.authKey.isEmpty();
    hello.deviceId = m_settings.deviceId.toStdString();
    hello.fingerprint = m_settings.fingerprint;
    hello.nonce = m_nonce;
    sendControl(hello);
}

void BackupChannel::closeConnection(State next, const QString& why)
{
    if (m_socket) {
        qCInfo(lcHa) << "backup channel to" << m_settings.peerAddress.toString() << "closed:" << why;
        QTcpSocket* s = m_socket;
        m_socket = nullptr;
        s->disconnect(this);
        s->abort();
        s->deleteLater();
    }
    m_delayed.clear();
    m_delayTimer->stop();
    // Real-time records and resync requests of the old connection are sent again on the next
    // one, under new numbers; batch frames and digest checks are void (a new batch follows).
    m_inFlightBytes = 0;
    m_batchInFlightBytes = 0;
    m_counters.voided += m_inFlightRecords;
    m_inFlightRecords = 0;
    std::deque<Outgoing> kept;
    for (Outgoing& out : m_unacked) {
        const bool keep = out.kind == Outgoing::Kind::RealTime
                          || (out.kind == Outgoing::Kind::Control && std::holds_alternative<sync::Resync>(out.body));
        if (keep) {
            out.seq = 0;
            kept.push_back(std::move(out));
        } else {
            m_unackedRecords -= out.recordCount;
        }
    }
    m_unacked = std::move(kept);
    if (m_state == State::Up) {
        m_transitions.lastDownMs = QDateTime::currentMSecsSinceEpoch();
        m_transitions.lastDownReason = why;
    }
    if (!m_running)
        return;
    // Mismatch / AuthFailed stay until a handshake succeeds: a retry that fails to connect at
    // all does not make the configuration problem go away.
    if (next != State::Down || (m_state != State::Mismatch && m_state != State::AuthFailed))
        setState(next);
    if (isConnector())
        scheduleReconnect();
}

void BackupChannel::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    if (state == State::Up)
        m_transitions.lastUpMs = QDateTime::currentMSecsSinceEpoch();
    Q_EMIT stateChanged(state);
}

void BackupChannel::raiseAlarm(const QString& message)
{
    // A fault that persists across retries is one alarm, not one per retry.
    if (message == m_lastAlarm)
        return;
    m_lastAlarm = message;
    qCWarning(lcHa) << message;
    Q_EMIT alarm(message);
}

void BackupChannel::onHeartbeatTick()
{
    if (!m_socket)
        return;
    if (m_lastHeard.isValid() && m_lastHeard.elapsed() > m_settings.dead.count()) {
        closeConnection(State::Down, QStringLiteral("peer silent for %1 ms").arg(m_lastHeard.elapsed()));
        return;
    }
    // Heartbeats flow before the handshake is done, so a lost Hello would leave the connection
    // waiting for ever: a handshake gets the dead interval twice, at least a second.
    const qint64 handshakeLimit = std::max<qint64>(1000, 2 * m_settings.dead.count());
    if (m_state != State::Up && m_connectedAt.isValid() && m_connectedAt.elapsed() > handshakeLimit
        && m_socket->state() == QAbstractSocket::ConnectedState) {
        closeConnection(State::Down, QStringLiteral("handshake not finished within %1 ms").arg(handshakeLimit));
        return;
    }
    const bool inFlight = !m_unacked.empty() && m_unacked.front().seq != 0;
    if (m_state == State::Up && inFlight && m_lastAckProgress.isValid()
        && m_lastAckProgress.elapsed() > m_settings.ackTimeout.count()) {
        ++m_counters.ackTimeouts;
        closeConnection(State::Down, QStringLiteral("no ack for %1 ms with %2 bytes in flight")
                                         .arg(m_lastAckProgress.elapsed())
                                         .arg(m_inFlightBytes));
        return;
    }
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        sendControl(sync::Heartbeat{});
}

void BackupChannel::onReadyRead()
{
    QTcpSocket* socket = m_socket;
    if (!socket)
        return;
    const QByteArray bytes = socket->readAll();
    if (m_cut)
        return;
    m_counters.bytesReceived += quint64(bytes.size());
    if (m_lastHeard.isValid() && m_lastHeard.elapsed() > 3 * m_settings.heartbeat.count())
        m_heardSince = steady_clock::now();
    m_lastHeard.start();
    m_decoder.feed(std::span(reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size())));
    handleReceived();
}

void BackupChannel::handleReceived()
{
    QTcpSocket* socket = m_socket;
    if (!socket || m_receivePaused)
        return;
    // A long read (a batch, or the whole window after a pause) is acked as it is applied, not
    // only at its end: the sender's real-time records behind it see their acks, and its window
    // opens, sooner. At least one frame per turn, then as many as fit in the budget.
    const nanoseconds until = now() + m_settings.receiveBudget;
    std::size_t sinceAck = 0;
    bool more = false;
    while (socket == m_socket && !m_receivePaused) {
        auto r = m_decoder.next();
        if (r.empty())
            break;
        if (r.rejection) {
            ++m_counters.rejected;
            closeConnection(State::Down, QString::fromStdString(r.rejection->format()));
            return;
        }
        ++m_counters.framesReceived;
        handle(std::move(*r.message));
        if (++sinceAck >= 16 && m_socket == socket && m_state == State::Up && m_decoder.lastSeq() > m_ackSent) {
            sendControl(sync::Ack{});
            sinceAck = 0;
        }
        if (now() >= until) {
            more = m_decoder.pendingBytes() > 0;
            break;
        }
    }
    if (m_socket == socket && m_state == State::Up && m_decoder.lastSeq() > m_ackSent)
        sendControl(sync::Ack{});
    if (more && m_socket == socket && !m_receivePaused)
        m_receiveTimer->start(0);
}

void BackupChannel::setReceivePaused(bool paused)
{
    if (paused == m_receivePaused)
        return;
    m_receivePaused = paused;
    if (!paused && m_socket && m_decoder.pendingBytes() > 0)
        m_receiveTimer->start(0);
}

void BackupChannel::handle(sync::Message m)
{
    const sync::MessageType type = m.type();
    const bool handshake = type == sync::MessageType::Hello || type == sync::MessageType::AuthResponse
                           || type == sync::MessageType::Heartbeat;
    if (m_state != State::Up && !handshake) {
        ++m_counters.rejected;
        closeConnection(State::Down, QStringLiteral("%1 frame before the handshake finished")
                                     .arg(QString::fromLatin1(sync::toString(type).data())));
        return;
    }
    if (m_state == State::Up)
        handleAck(m.ack);
    if (!m_socket)
        return;
    switch (type) {
    case sync::MessageType::Hello: handleHello(std::get<sync::Hello>(m.body)); break;
    case sync::MessageType::AuthResponse: handleAuth(std::get<sync::AuthResponse>(m.body)); break;
    case sync::MessageType::Heartbeat:
    case sync::MessageType::Ack: break;
    case sync::MessageType::Records: {
        auto& rs = std::get<sync::Records>(m.body);
        m_counters.received += rs.records.size();
        Q_EMIT recordsReceived(rs.records, rs.batch);
        if (rs.batch) {
            m_rxBatchDone += rs.records.size();
            Q_EMIT batchProgress(m_rxBatchLocation, m_rxBatchDone, m_rxBatchTotal);
        }
        break;
    }
    case sync::MessageType::BatchBegin: {
        const auto& b = std::get<sync::BatchBegin>(m.body);
        m_rxBatchLocation = b.serviceLocation;
        m_rxBatchTotal = b.expected.users + b.expected.portBlocks + b.expected.sessions;
        m_rxBatchDone = 0;
        Q_EMIT batchStarted(b.serviceLocation, b.batchId, b.expected);
        break;
    }
    case sync::MessageType::BatchEnd: {
        const auto& b = std::get<sync::BatchEnd>(m.body);
        Q_EMIT batchFinished(b.serviceLocation, b.batchId, b.digest, b.counts);
        break;
    }
    case sync::MessageType::DigestCheck: {
        const auto& d = std::get<sync::DigestCheck>(m.body);
        Q_EMIT digestReceived(d.serviceLocation, d.digest, d.counts);
        break;
    }
    case sync::MessageType::Resync:
        Q_EMIT resyncRequested(std::get<sync::Resync>(m.body).serviceLocation,
                               QString::fromStdString(std::get<sync::Resync>(m.body).reason));
        break;
    case sync::MessageType::CheckResult: {
        const auto& c = std::get<sync::CheckResult>(m.body);
        Q_EMIT checkResultReceived(c.serviceLocation, c.batchId, c.equal, c.counts);
        break;
    }
    case sync::MessageType::Backlog: {
        const auto& b = std::get<sync::Backlog>(m.body);
        Q_EMIT backlogReceived(b.serviceLocation, b.entries);
        break;
    }
    case sync::MessageType::Subnets: Q_EMIT subnetsReceived(std::get<sync::Subnets>(m.body)); break;
    }
}

void BackupChannel::handleHello(const sync::Hello& hello)
{
    if (m_peerHelloOk) {
        ++m_counters.rejected;
        closeConnection(State::Down, QStringLiteral("second Hello on one connection"));
        return;
    }
    m_peerDeviceId = QString::fromStdString(hello.deviceId);
    const QString peer = QStringLiteral("%1 (%2)").arg(m_peerDeviceId, m_settings.peerAddress.toString());
    if (hello.protocolVersion != sync::kProtocolVersion) {
        raiseAlarm(QStringLiteral("backup channel: %1 speaks protocol version %2, this device %3; no sync")
                  .arg(peer)
                  .arg(hello.protocolVersion)
                  .arg(sync::kProtocolVersion));
        closeConnection(State::Mismatch, QStringLiteral("protocol version"));
        return;
    }
    if (hello.fingerprint != m_settings.fingerprint) {
        raiseAlarm(QStringLiteral("backup channel: HA configuration differs from %1: fingerprint here %2, peer %3; no sync")
                  .arg(peer, hex(m_settings.fingerprint), hex(hello.fingerprint)));
        closeConnection(State::Mismatch, QStringLiteral("fingerprint mismatch"));
        return;
    }
    const bool keyHere = !m_settings.authKey.isEmpty();
    if (hello.authRequired != keyHere) {
        raiseAlarm(keyHere ? QStringLiteral("backup channel: %1 has no authentication key, this device has one").arg(peer)
                      : QStringLiteral("backup channel: %1 demands authentication, this device has no key").arg(peer));
        closeConnection(State::AuthFailed, QStringLiteral("authentication configured on one side only"));
        return;
    }
    m_peerNonce = hello.nonce;
    m_peerHelloOk = true;
    if (keyHere)
        sendControl(sync::AuthResponse{macFor(m_peerNonce, m_nonce, m_settings.deviceId)});
    else
        m_peerAuthOk = true;
    becomeUpIfReady();
}

void BackupChannel::handleAuth(const sync::AuthResponse& auth)
{
    if (!m_peerHelloOk || m_peerAuthOk || m_settings.authKey.isEmpty()) {
        ++m_counters.rejected;
        closeConnection(State::Down, QStringLiteral("unexpected AuthResponse"));
        return;
    }
    const sync::Mac expected = macFor(m_nonce, m_peerNonce, m_peerDeviceId);
    std::uint8_t diff = 0; // constant time: how far a forged MAC got must not show in the timing
    for (std::size_t i = 0; i < expected.size(); ++i)
        diff |= std::uint8_t(expected[i] ^ auth.mac[i]);
    if (diff != 0) {
        ++m_counters.rejected;
        raiseAlarm(QStringLiteral("backup channel: %1 (%2) failed authentication (wrong key)")
                  .arg(m_peerDeviceId, m_settings.peerAddress.toString()));
        closeConnection(State::AuthFailed, QStringLiteral("authentication failed"));
        return;
    }
    m_peerAuthOk = true;
    becomeUpIfReady();
}

sync::Mac BackupChannel::macFor(const sync::Nonce& challenge, const sync::Nonce& other, const QString& deviceId) const
{
    QByteArray message(kAuthContext);
    message.append(reinterpret_cast<const char*>(challenge.data()), qsizetype(challenge.size()));
    message.append(reinterpret_cast<const char*>(other.data()), qsizetype(other.size()));
    message.append(deviceId.toUtf8());
    const QByteArray mac = QMessageAuthenticationCode::hash(message, m_settings.authKey, QCryptographicHash::Sha256);
    sync::Mac out{};
    std::copy_n(reinterpret_cast<const std::uint8_t*>(mac.constData()), std::min<std::size_t>(out.size(), std::size_t(mac.size())),
                out.begin());
    return out;
}

void BackupChannel::becomeUpIfReady()
{
    if (!m_peerHelloOk || !m_peerAuthOk)
        return;
    m_backoff = m_settings.reconnectMin;
    m_lastAlarm.clear();
    ++m_counters.connects;
    // What the last connection left unacked goes first, in order, under new numbers — before
    // anyone told of the new state sends anything of its own (each frame is written once).
    m_lastAckProgress.start();
    m_heardSince = steady_clock::now();
    m_upAt = now();
    for (Outgoing& out : m_unacked) {
        if (out.kind == Outgoing::Kind::RealTime)
            m_counters.retried += out.recordCount;
        writeOutgoing(out);
    }
    setState(State::Up);
    pump();
}

void BackupChannel::handleAck(std::uint64_t ack)
{
    if (ack >= m_nextSeq) {
        ++m_counters.rejected;
        closeConnection(State::Down, QStringLiteral("peer acked frame %1, only %2 sent").arg(ack).arg(m_nextSeq - 1));
        return;
    }
    bool progressed = false;
    while (!m_unacked.empty() && m_unacked.front().seq != 0 && m_unacked.front().seq <= ack) {
        Outgoing& out = m_unacked.front();
        m_inFlightBytes -= std::min(m_inFlightBytes, out.bytes);
        m_unackedRecords -= out.recordCount;
        m_counters.acked += out.recordCount;
        m_inFlightRecords -= std::min<quint64>(m_inFlightRecords, out.recordCount);
        switch (out.kind) {
        case Outgoing::Kind::Batch:
        case Outgoing::Kind::BatchEnd:
            m_batchInFlightBytes -= std::min(m_batchInFlightBytes, out.bytes);
            Q_EMIT batchAcked(out.serviceLocation, out.batchId, out.recordCount,
                              out.kind == Outgoing::Kind::BatchEnd);
            break;
        case Outgoing::Kind::RealTime: {
            const auto lag = duration_cast<microseconds>(now() - std::max(out.enqueuedAt, m_upAt));
            m_counters.lagLast = lag;
            if (m_lags.size() < kLagWindow)
                m_lags.push_back(lag);
            else
                m_lags[m_lagNext] = lag;
            m_lagNext = (m_lagNext + 1) % kLagWindow;
            break;
        }
        case Outgoing::Kind::Control: break;
        }
        m_unacked.pop_front();
        progressed = true;
    }
    if (progressed) {
        m_lastAckProgress.start();
        pump();
        if (m_state == State::Up)
            Q_EMIT writable();
    }
}

std::size_t BackupChannel::queueRoom() const
{
    const std::size_t used = m_pending.size() + m_unackedRecords;
    return used >= m_settings.maxQueueRecords ? 0 : m_settings.maxQueueRecords - used;
}

bool BackupChannel::enqueue(std::span<const ChangeRecord> records)
{
    if (records.empty())
        return true;
    if (records.size() > queueRoom()) {
        m_counters.missed += records.size();
        return false;
    }
    const nanoseconds t = now();
    m_pending.insert(m_pending.end(), records.begin(), records.end());
    m_pendingSince.insert(m_pendingSince.end(), records.size(), t);
    if (m_pending.size() >= m_settings.maxRecordsPerFrame)
        pump();
    else if (!m_flushTimer->isActive())
        m_flushTimer->start(int(std::max<milliseconds::rep>(0, m_settings.flushDelay.count())));
    return true;
}

void BackupChannel::flush()
{
    m_flushTimer->stop();
    pump();
}

std::size_t BackupChannel::batchRoom()
{
    if (m_state != State::Up)
        return 0;
    flush();
    if (!m_pending.empty() || m_inFlightBytes >= m_settings.maxInFlightBytes
        || m_batchInFlightBytes >= m_settings.maxBatchInFlightBytes)
        return 0;
    // A batch record (all creates, coded against its neighbour) takes about 16 bytes; a frame
    // may overshoot the window by one frame, never more.
    const std::size_t bytes = std::min(m_settings.maxInFlightBytes - m_inFlightBytes,
                                       m_settings.maxBatchInFlightBytes - m_batchInFlightBytes);
    return std::min({std::max<std::size_t>(bytes / 16, 1), m_settings.maxRecordsPerFrame, queueRoom()});
}

void BackupChannel::sendBatchBegin(std::uint8_t serviceLocation, std::uint64_t batchId, sync::TableCounts expected)
{
    Outgoing out;
    out.kind = Outgoing::Kind::Batch;
    out.serviceLocation = serviceLocation;
    out.batchId = batchId;
    out.body = sync::BatchBegin{serviceLocation, batchId, expected};
    sendSequenced(std::move(out));
}

void BackupChannel::sendBatchRecords(std::uint8_t serviceLocation, std::uint64_t batchId,
                                     std::span<const ChangeRecord> records)
{
    if (m_state != State::Up || records.empty())
        return; // void: the batch restarts when the channel is up again
    for (std::size_t offset = 0; offset < records.size(); offset += m_settings.maxRecordsPerFrame) {
        const auto part = records.subspan(offset, std::min(m_settings.maxRecordsPerFrame, records.size() - offset));
        Outgoing out;
        out.kind = Outgoing::Kind::Batch;
        out.serviceLocation = serviceLocation;
        out.batchId = batchId;
        out.recordCount = part.size();
        out.seq = m_nextSeq++;
        std::vector<std::uint8_t> bytes;
        const std::uint64_t ack = m_decoder.lastSeq();
        sync::encodeRecords(out.seq, ack, true, part, bytes);
        m_ackSent = ack;
        out.bytes = bytes.size();
        if (m_unacked.empty() || m_unacked.back().seq == 0)
            m_lastAckProgress.start();
        m_inFlightBytes += out.bytes;
        m_batchInFlightBytes += out.bytes;
        m_unackedRecords += out.recordCount;
        m_counters.sent += out.recordCount;
        m_inFlightRecords += out.recordCount;
        m_unacked.push_back(std::move(out));
        writeFrame(std::move(bytes));
    }
}

void BackupChannel::sendBatchEnd(std::uint8_t serviceLocation, std::uint64_t batchId, cgn::Digest digest,
                                 sync::TableCounts counts)
{
    Outgoing out;
    out.kind = Outgoing::Kind::BatchEnd;
    out.serviceLocation = serviceLocation;
    out.batchId = batchId;
    out.body = sync::BatchEnd{serviceLocation, batchId, digest, counts};
    sendSequenced(std::move(out));
}

void BackupChannel::sendDigestCheck(std::uint8_t serviceLocation, cgn::Digest digest, sync::TableCounts counts)
{
    flush(); // the digest follows every record enqueued before it
    Outgoing out;
    out.body = sync::DigestCheck{serviceLocation, digest, counts};
    sendSequenced(std::move(out));
}

void BackupChannel::sendCheckResult(std::uint8_t serviceLocation, std::uint64_t batchId, bool equal,
                                    sync::TableCounts counts)
{
    Outgoing out;
    out.body = sync::CheckResult{serviceLocation, batchId, equal, counts};
    sendSequenced(std::move(out));
}

void BackupChannel::sendBacklog(std::uint8_t serviceLocation, std::uint64_t entries)
{
    flush(); // after the records that were sent before it
    Outgoing out;
    out.body = sync::Backlog{serviceLocation, entries};
    sendSequenced(std::move(out));
}

void BackupChannel::sendSubnets(const sync::Subnets& message)
{
    flush();
    Outgoing out;
    out.body = message;
    sendSequenced(std::move(out));
}

void BackupChannel::requestResync(std::uint8_t serviceLocation, const QString& reason)
{
    Outgoing out;
    out.body = sync::Resync{serviceLocation, reason.toStdString()};
    sendSequenced(std::move(out));
}

void BackupChannel::sendSequenced(Outgoing out)
{
    // Without a connection only real-time records and resync requests wait for the next one;
    // batch frames, digest checks and results belong to the connection they were meant for.
    const bool keeps = out.kind == Outgoing::Kind::RealTime
                       || (out.kind == Outgoing::Kind::Control && std::holds_alternative<sync::Resync>(out.body));
    if (m_state != State::Up && !keeps)
        return;
    m_unacked.push_back(std::move(out));
    if (m_state == State::Up)
        writeOutgoing(m_unacked.back());
}

// Frames real-time records while the in-flight window has room.
void BackupChannel::pump()
{
    if (m_state != State::Up)
        return;
    while (!m_pending.empty() && m_inFlightBytes < m_settings.maxInFlightBytes) {
        const std::size_t n = std::min(m_pending.size(), m_settings.maxRecordsPerFrame);
        Outgoing out;
        out.kind = Outgoing::Kind::RealTime;
        out.recordCount = n;
        out.enqueuedAt = m_pendingSince.front();
        out.body = sync::Records{false, std::vector<ChangeRecord>(m_pending.begin(), m_pending.begin() + std::ptrdiff_t(n))};
        m_pending.erase(m_pending.begin(), m_pending.begin() + std::ptrdiff_t(n));
        m_pendingSince.erase(m_pendingSince.begin(), m_pendingSince.begin() + std::ptrdiff_t(n));
        m_unackedRecords += n;
        sendSequenced(std::move(out));
    }
}

void BackupChannel::writeOutgoing(Outgoing& out)
{
    if (out.seq != 0)
        return; // written on this connection already: counted once, acked once
    out.seq = m_nextSeq++;
    std::vector<std::uint8_t> bytes;
    const std::uint64_t ack = m_decoder.lastSeq();
    if (const auto* rs = std::get_if<sync::Records>(&out.body))
        sync::encodeRecords(out.seq, ack, false, rs->records, bytes);
    else
        sync::encode(sync::Message{out.seq, ack, out.body}, bytes);
    m_ackSent = ack;
    out.bytes = bytes.size();
    if (m_unacked.front().seq == out.seq)
        m_lastAckProgress.start(); // the first frame in flight: the ack clock starts now
    m_inFlightBytes += bytes.size();
    if (out.kind == Outgoing::Kind::BatchEnd || out.kind == Outgoing::Kind::Batch)
        m_batchInFlightBytes += bytes.size();
    m_counters.sent += out.recordCount;
    m_inFlightRecords += out.recordCount;
    writeFrame(std::move(bytes));
}

void BackupChannel::sendControl(sync::Body body)
{
    std::vector<std::uint8_t> bytes;
    const std::uint64_t ack = m_decoder.lastSeq();
    sync::encode(sync::Message{0, ack, std::move(body)}, bytes);
    m_ackSent = ack;
    writeFrame(std::move(bytes));
}

void BackupChannel::writeFrame(std::vector<std::uint8_t> bytes)
{
    if (!m_socket || m_cut)
        return;
    if (m_dropRate > 0 && int(m_dropRandom() % 100) < m_dropRate)
        return;
    if (m_delay.count() > 0 || !m_delayed.empty()) {
        m_delayed.emplace_back(steady_clock::now() + m_delay, std::move(bytes));
        if (!m_delayTimer->isActive())
            releaseDelayed();
        return;
    }
    ++m_counters.framesSent;
    m_counters.bytesSent += bytes.size();
    m_socket->write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size()));
}

void BackupChannel::releaseDelayed()
{
    const auto t = steady_clock::now();
    while (!m_delayed.empty() && m_delayed.front().first <= t) {
        std::vector<std::uint8_t> bytes = std::move(m_delayed.front().second);
        m_delayed.pop_front();
        if (m_socket && !m_cut) {
            ++m_counters.framesSent;
            m_counters.bytesSent += bytes.size();
            m_socket->write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size()));
        }
    }
    if (!m_delayed.empty())
        m_delayTimer->start(int(duration_cast<milliseconds>(m_delayed.front().first - t).count()) + 1);
}

void BackupChannel::setCut(bool cut)
{
    if (cut == m_cut)
        return;
    m_cut = cut;
    if (!cut && m_running && isConnector() && !m_socket) {
        m_reconnectTimer->stop();
        m_backoff = m_settings.reconnectMin;
        connectToPeer();
    }
}

void BackupChannel::setDelay(milliseconds delay)
{
    m_delay = std::max(milliseconds(0), delay);
}

void BackupChannel::setDropRate(int percent)
{
    m_dropRate = std::clamp(percent, 0, 100);
}

BackupChannel::Counters BackupChannel::counters() const
{
    Counters c = m_counters;
    c.queueDepth = m_pending.size() + m_unackedRecords;
    c.inFlight = m_inFlightRecords;
    c.bytesInFlight = m_inFlightBytes;
    if (!m_lags.empty()) {
        std::vector<microseconds> lags = m_lags;
        const std::size_t k = std::min(lags.size() - 1, lags.size() * 99 / 100);
        std::nth_element(lags.begin(), lags.begin() + std::ptrdiff_t(k), lags.end());
        c.lagP99 = lags[k];
    }
    return c;
}

} // namespace tandem::ha
