#pragma once

// One inter-chassis backup channel (`remote-backup-service … peer <ip> source <ip> port <p>`):
// a TCP connection between the two devices carrying SyncCodec frames.
//
// Who connects: the device whose source address is the lower one connects from source to
// peer:port; the higher one listens on source:port and accepts only the peer's address. So
// there is exactly one connection per pair and no cross-connect race; a restarted listener is
// found again by the connector's backoff, a restarted connector simply connects again.
//
// Handshake: both send Hello (version, device id, HA config fingerprint, a fresh 32-byte nonce,
// whether they demand authentication). Another version or fingerprint → Mismatch + alarm naming
// both, connection closed, retried with backoff (no records flow). With an authentication key
// each side answers the other's nonce with HMAC-SHA256(key, "tandem-backup-v1" ‖ peer nonce ‖ own
// nonce ‖ own device id) — both nonces and the direction in it, so a response can be neither
// replayed nor reflected; a wrong key (or a key on one side only) → AuthFailed + alarm, closed,
// retried with backoff. Up once the peer's Hello (and response) checked out.
//
// States: Down — no connection (stopped, peer unreachable, waiting to retry); Connecting — TCP
// up, handshake running; Up — records flow; Mismatch / AuthFailed — the last handshake failed
// for that reason (kept while retrying, until a handshake succeeds).
//
// Reliability: each direction numbers its sequenced frames; every frame carries the cumulative
// ack; a frame stays queued until acked. On a new connection numbering restarts at 1, and the
// unacked real-time records and resync requests are sent again once (counted as retried) — the
// standby applies records idempotently. Frames of a batch backup are not: a batch is void on a
// new connection (the master starts a new one when the channel is up), so no frame of a replaced
// batch is ever replayed. Any frame the decoder rejects (corrupt, gap, replay …) is counted and
// closes the connection, which brings the same recovery. Liveness: a Heartbeat every
// `heartbeat` (default 100 ms); a connection silent for `dead` (default 500 ms) is closed, and so
// is one that has frames in flight and no ack progress for `ackTimeout` (a peer that talks but
// does not take what it is sent).
//
// Flow control: at most `maxQueueRecords` records wait (real-time unsent and unacked, batch
// unacked). enqueue() refuses records beyond that and counts them as missed; the caller keeps
// track of what it could not send (HotBackup remembers the entries and sends their current
// state later). At most `maxInFlightBytes` of encoded frames are unacked, and of those at most
// `maxBatchInFlightBytes` batch frames, so that real-time records never queue behind a large
// batch. A batch is pulled, not pushed: the sender asks batchRoom() (0 while real-time records
// wait, so that a batch chunk never overtakes an older change) and sends that much; writable()
// says when acks made room again.
//
// Signals are emitted synchronously, frame by frame, in stream order: a receiver that applies
// recordsReceived() in its slot has applied every record sequenced before a later
// digestReceived() / batchFinished().
//
// Receiving never holds the event loop: frames are handled for at most `receiveBudget` (2 ms:
// one or two frames of 4096 records applied), then the rest on the next turn of the loop, so
// that VRRP adverts and timers and this channel's own heartbeats run in between. A frame is
// acked once it was handled. The receiver can hold frames back (setReceivePaused), e.g. while
// the tables a batch begins with are being rebuilt; they wait, in order, unacked, and the
// heartbeats go on.

#include "SyncCodec.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QString>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <span>
#include <vector>

class QTcpServer;
class QTcpSocket;
class QTimer;

namespace tandem::ha {

class BackupChannel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupChannel)

public:
    enum class State : std::uint8_t { Down, Connecting, Up, Mismatch, AuthFailed };
    Q_ENUM(State)

    // Monotonic time for lag measurement; tests inject their own.
    using Clock = std::function<std::chrono::nanoseconds()>;

    struct Settings
    {
        QHostAddress localAddress; // `source`
        QHostAddress peerAddress;  // `peer`
        quint16 port = 0;
        QByteArray authKey; // empty: no authentication
        QString deviceId;
        sync::Fingerprint fingerprint{};
        std::chrono::milliseconds heartbeat{100};
        std::chrono::milliseconds dead{500};
        std::chrono::milliseconds flushDelay{1}; // a real-time record waits at most this to fill a frame
        std::size_t maxQueueRecords = 1u << 20;
        std::size_t maxInFlightBytes = 8u << 20;
        std::size_t maxBatchInFlightBytes = 256u << 10;
        std::size_t maxRecordsPerFrame = 4096;
        std::chrono::microseconds receiveBudget{2000}; // frames handled per turn of the event loop
        std::chrono::milliseconds ackTimeout{3000};
        std::chrono::milliseconds reconnectMin{50};
        std::chrono::milliseconds reconnectMax{5000};
        Clock clock; // unset: std::chrono::steady_clock
    };

    // One meaning per word, the same in `ha status`, the GUI and the metrics (docs/hot-backup.md):
    // records are the change records of real-time and batch backup alike, and every record
    // sent is acked, in flight or voided: sent = acked + inFlight + voided.
    struct Counters
    {
        quint64 sent = 0;     // records written to the connection (a retry counts again)
        quint64 received = 0; // records accepted from the peer
        quint64 acked = 0;    // records the peer acknowledged
        quint64 inFlight = 0; // records written and not acked yet
        // Records written on a connection that closed before the peer acked them: batch frames
        // are void (a new batch follows), real-time ones go again (counted in retried).
        quint64 voided = 0;
        quint64 retried = 0;  // records sent again on a new connection
        quint64 missed = 0;   // records refused by a full queue
        quint64 rejected = 0; // frames refused: decoder rejections and handshake violations
        quint64 queueDepth = 0; // records waiting: unsent, or sent and not yet acked
        quint64 framesSent = 0;
        quint64 framesReceived = 0;
        quint64 bytesSent = 0;
        quint64 bytesReceived = 0;
        quint64 bytesInFlight = 0; // sent, not yet acked
        quint64 connects = 0; // times the channel came up
        quint64 ackTimeouts = 0; // connections closed for want of acks
        // enqueue (or the channel's coming up, for what waited for it: that is downtime, not
        // lag) → peer's ack, of the last acked frame
        std::chrono::microseconds lagLast{0};
        std::chrono::microseconds lagP99{0};  // over the last 1024 acked frames
    };

    explicit BackupChannel(Settings settings, QObject* parent = nullptr);
    ~BackupChannel() override;

    void start();
    void stop();
    State state() const { return m_state; }
    Counters counters() const;
    const Settings& settings() const { return m_settings; }
    QString peerDeviceId() const { return m_peerDeviceId; }
    // This end connects to the peer (lower source address); the other end listens.
    bool isConnector() const;
    // The channel was up and the peer never silent for more than three heartbeats since `since`
    // (steady clock): a peer heard all along cannot have been cut off.
    bool heardThroughoutSince(std::chrono::steady_clock::time_point since) const;

    // When the channel last came up and went down, and why: `display remote-backup-service`.
    struct Transitions
    {
        qint64 lastUpMs = 0;   // wall clock; 0 = never
        qint64 lastDownMs = 0; // wall clock; 0 = never
        QString lastDownReason;
    };
    const Transitions& transitions() const { return m_transitions; }

    // Real-time backup: false (counted as missed, nothing queued) when the queue cannot take
    // all of `records`.
    bool enqueue(std::span<const cgn::ChangeRecord> records);
    // Records enqueue() would take now.
    std::size_t queueRoom() const;
    // Sends queued real-time records now instead of after flushDelay.
    void flush();
    // Batch backup of one service-location, streamed by the sender in pieces while real-time
    // records keep flowing: begin, records (each with ChangeRecord::serviceLocation set), end
    // with the digests at the end. batchRoom() says how many records may go now.
    std::size_t batchRoom();
    void sendBatchBegin(std::uint8_t serviceLocation, std::uint64_t batchId, sync::TableCounts expected);
    void sendBatchRecords(std::uint8_t serviceLocation, std::uint64_t batchId,
                          std::span<const cgn::ChangeRecord> records);
    void sendBatchEnd(std::uint8_t serviceLocation, std::uint64_t batchId, cgn::Digest digest,
                      sync::TableCounts counts);
    void sendDigestCheck(std::uint8_t serviceLocation, cgn::Digest digest, sync::TableCounts counts);
    void sendCheckResult(std::uint8_t serviceLocation, std::uint64_t batchId, bool equal,
                         sync::TableCounts counts);
    void sendBacklog(std::uint8_t serviceLocation, std::uint64_t entries);
    void requestResync(std::uint8_t serviceLocation, const QString& reason);
    void sendSubnets(const sync::Subnets& message); // after the records sent before it

    // Lab faults. Cut: nothing passes either way and no connection is made, as if the link were
    // cut. Delay: every outgoing frame waits this long. Drop: that percentage of outgoing frames
    // vanish; a lost sequenced frame makes the peer see a gap and reconnect.
    void setCut(bool cut);
    void setDelay(std::chrono::milliseconds delay);
    void setDropRate(int percent);

    // While paused no received frame is handled (nor acked); resuming goes on with the next one
    // on the next turn of the event loop. Kept across reconnects.
    void setReceivePaused(bool paused);
    bool receivePaused() const { return m_receivePaused; }

Q_SIGNALS:
    void stateChanged(tandem::ha::BackupChannel::State state);
    void recordsReceived(const std::vector<tandem::cgn::ChangeRecord>& records, bool batch);
    // Receiver side of a batch backup (its records come through recordsReceived with batch = true).
    void batchStarted(quint8 serviceLocation, quint64 batchId, const tandem::ha::sync::TableCounts& expected);
    void batchProgress(quint8 serviceLocation, quint64 done, quint64 total);
    void batchFinished(quint8 serviceLocation, quint64 batchId, const tandem::cgn::Digest& digest,
                       const tandem::ha::sync::TableCounts& counts);
    // Sender side: records of a batch the peer acked so far; endAcked once it acked the end.
    void batchAcked(quint8 serviceLocation, quint64 batchId, quint64 records, bool endAcked);
    void checkResultReceived(quint8 serviceLocation, quint64 batchId, bool equal,
                             const tandem::ha::sync::TableCounts& counts);
    void backlogReceived(quint8 serviceLocation, quint64 entries);
    void digestReceived(quint8 serviceLocation, const tandem::cgn::Digest& digest,
                        const tandem::ha::sync::TableCounts& counts);
    void resyncRequested(quint8 serviceLocation, const QString& reason);
    void subnetsReceived(const tandem::ha::sync::Subnets& message);
    void alarm(const QString& message);
    // Acks made room: a batch waiting for batchRoom() can go on.
    void writable();

private:
    struct Outgoing;

    void retry(); // connect (connector) or listen (listener) again
    void listen();
    void connectToPeer();
    void scheduleReconnect();
    void adopt(QTcpSocket* socket);
    void onConnected();
    void onReadyRead();
    void handleReceived();
    void onHeartbeatTick();
    void closeConnection(State next, const QString& why);
    void setState(State state);
    void raiseAlarm(const QString& message);
    void handle(sync::Message message);
    void handleHello(const sync::Hello& hello);
    void handleAuth(const sync::AuthResponse& auth);
    void becomeUpIfReady();
    void handleAck(std::uint64_t ack);
    void pump();
    void sendSequenced(Outgoing out);
    void writeOutgoing(Outgoing& out);
    void writeFrame(std::vector<std::uint8_t> bytes);
    void sendControl(sync::Body body);
    void releaseDelayed();
    sync::Mac macFor(const sync::Nonce& challenge, const sync::Nonce& other, const QString& deviceId) const;
    std::chrono::nanoseconds now() const;

    Settings m_settings;
    State m_state = State::Down;
    bool m_running = false;
    QTcpServer* m_server = nullptr;
    QTcpSocket* m_socket = nullptr;
    QTimer* m_heartbeatTimer = nullptr;
    QTimer* m_flushTimer = nullptr;
    QTimer* m_reconnectTimer = nullptr;
    QTimer* m_delayTimer = nullptr;
    QTimer* m_receiveTimer = nullptr; // the rest of what was read, on the next turn
    bool m_receivePaused = false;
    std::chrono::milliseconds m_backoff{0};
    QElapsedTimer m_lastHeard;
    QElapsedTimer m_connectedAt; // the TCP connection of the handshake under way
    std::chrono::steady_clock::time_point m_heardSince{}; // end of the last silence or outage

    sync::StreamDecoder m_decoder;
    sync::Nonce m_nonce{};
    sync::Nonce m_peerNonce{};
    QString m_peerDeviceId;
    bool m_peerHelloOk = false;
    bool m_peerAuthOk = false;
    std::uint64_t m_nextSeq = 1;
    std::uint64_t m_ackSent = 0;

    std::deque<cgn::ChangeRecord> m_pending;
    std::deque<std::chrono::nanoseconds> m_pendingSince; // enqueue time per pending record
    std::deque<Outgoing> m_unacked;
    std::size_t m_inFlightBytes = 0;
    std::size_t m_batchInFlightBytes = 0;
    std::size_t m_unackedRecords = 0; // real-time and batch
    quint64 m_inFlightRecords = 0;    // written on this connection, not acked yet
    QElapsedTimer m_lastAckProgress;  // frames acked, or the first one in flight written
    std::chrono::nanoseconds m_upAt{0}; // when the channel last came up (clock())

    quint8 m_rxBatchLocation = 0;
    quint64 m_rxBatchTotal = 0;
    quint64 m_rxBatchDone = 0;

    bool m_cut = false;
    std::chrono::milliseconds m_delay{0};
    int m_dropRate = 0;
    std::mt19937 m_dropRandom{12345};
    std::deque<std::pair<std::chrono::steady_clock::time_point, std::vector<std::uint8_t>>> m_delayed;

    QString m_lastAlarm;
    Transitions m_transitions;
    Counters m_counters;
    std::vector<std::chrono::microseconds> m_lags; // ring of recent lag samples
    std::size_t m_lagNext = 0;
};

} // namespace tandem::ha
