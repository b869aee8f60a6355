// Two backup channels on loopback in one process (127.0.0.1 connects, 127.0.0.2 listens):
// handshake, configuration and key mismatches, records with acks, back-pressure, reconnects,
// cuts and a batch backup — what the HA layer and an operator see.

#include "ha/BackupChannel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <gtest/gtest.h>

#include <functional>
#include <memory>

using namespace tandem;
using namespace tandem::ha;
using namespace std::chrono_literals;
using cgn::ChangeRecord;
using State = BackupChannel::State;

namespace {

const QHostAddress kLow(QStringLiteral("127.0.0.1"));
const QHostAddress kHigh(QStringLiteral("127.0.0.2"));

// A port free on both loopback addresses right now (the kernel's choice, so parallel runs differ).
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(kHigh, 0))
        return 0;
    return probe.serverPort();
}

bool waitFor(const std::function<bool()>& done, int ms = 5000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::usleep(200);
    }
    return true;
}

void spin(int ms)
{
    waitFor([] { return false; }, ms);
}

sync::Fingerprint fingerprint(std::uint8_t seed)
{
    sync::Fingerprint f{};
    for (std::size_t i = 0; i < f.size(); ++i)
        f[i] = std::uint8_t(seed + i);
    return f;
}

std::vector<ChangeRecord> sessions(std::size_t n, std::uint16_t firstPort = 1024)
{
    std::vector<ChangeRecord> rs(n);
    for (std::size_t i = 0; i < n; ++i) {
        ChangeRecord& r = rs[i];
        r.type = cgn::RecordType::SessionCreate;
        r.protocol = cgn::Protocol::Udp;
        r.user = cgn::UserKey::nat44(0, 0x64400001 + std::uint32_t(i % 500));
        r.innerAddress = r.user.ipv4;
        r.insidePort = std::uint16_t(30000 + i % 1000);
        r.outsidePort = std::uint16_t(firstPort + i % 60000);
        r.outsideAddress = 0xcb007100 + std::uint32_t(i % 7);
        r.remoteAddress = 0x08080808;
        r.remotePort = 53;
        r.lifetime = 300;
    }
    return rs;
}

// One side of the pair with what it has received.
struct Side
{
    std::vector<State> states; // first: the channel reports its last state as it is destroyed
    std::unique_ptr<BackupChannel> channel;
    std::vector<ChangeRecord> realtime;
    std::vector<ChangeRecord> batch;
    QStringList alarms;
    std::vector<std::pair<quint64, quint64>> progress;
    quint64 batchTotal = 0;
    std::optional<cgn::Digest> batchDigest;
    std::optional<cgn::Digest> digestCheck;
    QString resyncReason;
    quint64 batchEndAcked = 0; // id of the last batch whose end the peer acked
    quint64 sendProgress = 0;  // batch records the peer acked

    State state() const { return channel->state(); }
};

BackupChannel::Settings settings(bool low, quint16 port)
{
    BackupChannel::Settings s;
    s.localAddress = low ? kLow : kHigh;
    s.peerAddress = low ? kHigh : kLow;
    s.port = port;
    s.deviceId = low ? QStringLiteral("CGN-A") : QStringLiteral("CGN-B");
    s.fingerprint = fingerprint(1);
    s.heartbeat = 20ms;
    s.dead = 150ms;
    s.reconnectMin = 10ms;
    s.reconnectMax = 100ms;
    return s;
}

std::unique_ptr<Side> makeSide(BackupChannel::Settings s)
{
    auto side = std::make_unique<Side>();
    side->channel = std::make_unique<BackupChannel>(std::move(s));
    Side* p = side.get();
    BackupChannel* c = side->channel.get();
    QObject::connect(c, &BackupChannel::recordsReceived, c, [p](const std::vector<ChangeRecord>& rs, bool batch) {
        auto& into = batch ? p->batch : p->realtime;
        into.insert(into.end(), rs.begin(), rs.end());
    });
    QObject::connect(c, &BackupChannel::alarm, c, [p](const QString& m) { p->alarms << m; });
    QObject::connect(c, &BackupChannel::stateChanged, c, [p](State s) { p->states.push_back(s); });
    QObject::connect(c, &BackupChannel::batchStarted, c, [p](quint8, quint64, const sync::TableCounts& expected) {
        p->batchTotal = expected.users + expected.portBlocks + expected.sessions;
        p->progress.clear();
    });
    QObject::connect(c, &BackupChannel::batchProgress, c, [p](quint8, quint64 done, quint64 total) { p->progress.emplace_back(done, total); });
    QObject::connect(c, &BackupChannel::batchFinished, c,
                     [p](quint8, quint64, const cgn::Digest& d, const sync::TableCounts&) { p->batchDigest = d; });
    QObject::connect(c, &BackupChannel::digestReceived, c,
                     [p](quint8 location, const cgn::Digest& d, const sync::TableCounts&) {
                         if (location == 1)
                             p->digestCheck = d;
                     });
    QObject::connect(c, &BackupChannel::resyncRequested, c, [p](quint8 location, const QString& r) { p->resyncReason = QString::number(location) + ": " + r; });
    QObject::connect(c, &BackupChannel::batchAcked, c, [p](quint8, quint64 id, quint64 records, bool end) {
        p->sendProgress += records;
        if (end)
            p->batchEndAcked = id;
    });
    return side;
}

// Streams `snapshot` as batch `id` of service-location 1 the way HotBackup does: as much as
// batchRoom() allows, then again on each writable(). Returns the connection that keeps it going.
QMetaObject::Connection streamBatch(BackupChannel& channel, std::uint64_t id, std::vector<ChangeRecord> snapshot,
                                    cgn::Digest digest)
{
    auto state = std::make_shared<std::pair<std::vector<ChangeRecord>, std::size_t>>(std::move(snapshot), 0);
    channel.sendBatchBegin(1, id, {0, 0, state->first.size()});
    auto pump = [&channel, id, state, digest] {
        auto& [records, next] = *state;
        if (next > records.size())
            return;
        while (next < records.size()) {
            const std::size_t room = channel.batchRoom();
            if (room == 0)
                return;
            const std::size_t n = std::min(room, records.size() - next);
            channel.sendBatchRecords(1, id, std::span(records).subspan(next, n));
            next += n;
        }
        channel.sendBatchEnd(1, id, digest, {0, 0, records.size()});
        next = records.size() + 1;
    };
    pump();
    return QObject::connect(&channel, &BackupChannel::writable, &channel, pump);
}

struct Pair
{
    std::unique_ptr<Side> a; // 127.0.0.1: connects
    std::unique_ptr<Side> b; // 127.0.0.2: listens
    bool up() const { return a->state() == State::Up && b->state() == State::Up; }
};

Pair makePair(const std::function<void(BackupChannel::Settings&, BackupChannel::Settings&)>& tweak = {})
{
    const quint16 port = freePort();
    BackupChannel::Settings sa = settings(true, port), sb = settings(false, port);
    if (tweak)
        tweak(sa, sb);
    Pair p{makeSide(sa), makeSide(sb)};
    p.b->channel->start();
    p.a->channel->start();
    return p;
}

TEST(BackupChannel, ConnectsAndExchangesHello)
{
    Pair p = makePair();
    ASSERT_TRUE(waitFor([&] { return p.up(); }));
    EXPECT_EQ(p.a->channel->peerDeviceId(), QStringLiteral("CGN-B"));
    EXPECT_EQ(p.b->channel->peerDeviceId(), QStringLiteral("CGN-A"));
    EXPECT_TRUE(p.a->alarms.isEmpty());
    // Heartbeats keep an idle channel up well past the dead interval.
    spin(400);
    EXPECT_TRUE(p.up());
    EXPECT_EQ(p.a->channel->counters().connects, 1u);
}

TEST(BackupChannel, FingerprintMismatchRaisesAnAlarmWithBothAndSyncsNothing)
{
    Pair p = makePair([](auto&, auto& b) { b.fingerprint = fingerprint(9); });
    ASSERT_TRUE(waitFor([&] { return p.a->state() == State::Mismatch && p.b->state() == State::Mismatch; }));
    ASSERT_FALSE(p.a->alarms.isEmpty());
    const QString alarm = p.a->alarms.front();
    EXPECT_TRUE(alarm.contains(QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(fingerprint(1).data()), 32).toHex())))
        << alarm.toStdString();
    EXPECT_TRUE(alarm.contains(QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(fingerprint(9).data()), 32).toHex())))
        << alarm.toStdString();
    EXPECT_TRUE(alarm.contains(QStringLiteral("CGN-B")));
    const auto rs = sessions(10);
    EXPECT_TRUE(p.a->channel->enqueue(rs));
    spin(300); // several retries
    EXPECT_TRUE(p.b->realtime.empty());
    EXPECT_EQ(p.a->state(), State::Mismatch);
    EXPECT_EQ(p.a->alarms.size(), 1) << "one alarm for a lasting mismatch, not one per retry";
}

TEST(BackupChannel, WrongAuthenticationKeyFailsOnBothSides)
{
    Pair p = makePair([](auto& a, auto& b) {
        a.authKey = "secret-one";
        b.authKey = "secret-two";
    });
    ASSERT_TRUE(waitFor([&] { return p.a->state() == State::AuthFailed && p.b->state() == State::AuthFailed; }));
    EXPECT_TRUE(p.a->alarms.join(' ').contains(QStringLiteral("wrong key")));
    EXPECT_TRUE(p.b->alarms.join(' ').contains(QStringLiteral("wrong key")));
    EXPECT_GT(p.b->channel->counters().rejected, 0u);
    EXPECT_TRUE(p.a->channel->enqueue(sessions(3)));
    spin(200);
    EXPECT_TRUE(p.b->realtime.empty());
}

TEST(BackupChannel, KeyOnOneSideOnlyFails)
{
    Pair p = makePair([](auto& a, auto&) { a.authKey = "secret"; });
    ASSERT_TRUE(waitFor([&] { return p.a->state() == State::AuthFailed && p.b->state() == State::AuthFailed; }));
    EXPECT_TRUE(p.a->alarms.join(' ').contains(QStringLiteral("no authentication key")));
}

TEST(BackupChannel, RecordsFlowInOrderWithAcksLagAndCounters)
{
    std::chrono::nanoseconds fakeNow{1'000'000'000};
    Pair p = makePair([&](auto& a, auto& b) {
        a.authKey = b.authKey = "shared key";
        a.clock = [&] { return fakeNow; };
    });
    ASSERT_TRUE(waitFor([&] { return p.up(); }));
    const auto rs = sessions(1000);
    for (std::size_t i = 0; i < rs.size(); i += 100)
        ASSERT_TRUE(p.a->channel->enqueue(std::span(rs).subspan(i, 100)));
    fakeNow += 5ms; // every ack arrives "5 ms" after the enqueue
    ASSERT_TRUE(waitFor([&] { return p.a->channel->counters().acked == rs.size(); }));
    EXPECT_EQ(p.b->realtime, rs);
    const auto ca = p.a->channel->counters();
    EXPECT_EQ(ca.sent, 1000u);
    EXPECT_EQ(ca.queueDepth, 0u);
    EXPECT_EQ(ca.missed, 0u);
    EXPECT_EQ(ca.retried, 0u);
    EXPECT_EQ(ca.lagLast, 5000us);
    EXPECT_EQ(ca.lagP99, 5000us);
    EXPECT_EQ(p.b->channel->counters().received, 1000u);
    EXPECT_EQ(p.b->channel->counters().rejected, 0u);

    // A digest check and a resync request travel in sequence after the records.
    p.a->channel->sendDigestCheck(1, {1, 2, 3}, {4, 5, 6});
    p.b->channel->requestResync(2, QStringLiteral("digest mismatch"));
    ASSERT_TRUE(waitFor([&] { return p.b->digestCheck && !p.a->resyncReason.isEmpty(); }));
    EXPECT_EQ(*p.b->digestCheck, (cgn::Digest{1, 2, 3}));
    EXPECT_EQ(p.a->resyncReason, QStringLiteral("2: digest mismatch"));
}

TEST(BackupChannel, FullQueueRefusesRecordsCountsThemAndQueuesNoneOfThem)
{
    const quint16 port = freePort();
    BackupChannel::Settings sa = settings(true, port);
    sa.maxQueueRecords = 100;
    auto a = makeSide(sa);
    a->channel->start(); // the peer is not there: records queue up
    EXPECT_TRUE(a->channel->enqueue(sessions(60)));
    EXPECT_EQ(a->channel->queueRoom(), 40u);
    EXPECT_FALSE(a->channel->enqueue(sessions(60)));
    EXPECT_FALSE(a->channel->enqueue(sessions(41)));
    EXPECT_TRUE(a->channel->enqueue(sessions(40)));
    auto c = a->channel->counters();
    EXPECT_EQ(c.missed, 101u);
    EXPECT_EQ(c.queueDepth, 100u);
    EXPECT_EQ(a->channel->queueRoom(), 0u);

    auto b = makeSide(settings(false, port));
    b->channel->start();
    ASSERT_TRUE(waitFor([&] { return a->channel->counters().acked == 100; }));
    EXPECT_EQ(b->realtime.size(), 100u) << "what was refused was not half-queued";
    EXPECT_EQ(a->channel->counters().queueDepth, 0u);
    EXPECT_EQ(a->channel->queueRoom(), 100u);
}

TEST(BackupChannel, ABatchLargerThanTheWindowSentAtChannelUpFinishesAndCountsEachRecordOnce)
{
    // What pinned a pair for good: real-time records waiting from before the connection, a
    // batch many windows long started from the channel-up signal itself.
    const quint16 port = freePort();
    BackupChannel::Settings sa = settings(true, port);
    sa.maxInFlightBytes = 64 * 1024;
    sa.maxBatchInFlightBytes = 32 * 1024;
    auto a = makeSide(sa);
    auto snapshot = sessions(200'000);
    for (ChangeRecord& r : snapshot)
        r.serviceLocation = 1;
    const auto early = sessions(500, 3000);
    QMetaObject::Connection streaming;
    QObject::connect(a->channel.get(), &BackupChannel::stateChanged, a->channel.get(), [&](State s) {
        if (s == State::Up && !streaming)
            streaming = streamBatch(*a->channel, 7, snapshot, {1, 2, 3});
    });
    a->channel->start();
    ASSERT_TRUE(a->channel->enqueue(early));
    auto b = makeSide(settings(false, port));
    b->channel->start();
    ASSERT_TRUE(waitFor([&] { return a->batchEndAcked == 7 && b->batchDigest.has_value(); }, 30000))
        << "acked " << a->sendProgress << " of " << snapshot.size();
    EXPECT_EQ(b->batch, snapshot);
    EXPECT_EQ(b->realtime, early);
    ASSERT_TRUE(waitFor([&] { return a->channel->counters().queueDepth == 0; }));
    const auto c = a->channel->counters();
    EXPECT_EQ(c.sent, snapshot.size() + early.size()) << "every record written once";
    EXPECT_EQ(c.acked, c.sent);
    EXPECT_EQ(c.bytesInFlight, 0u);
    EXPECT_EQ(a->sendProgress, snapshot.size());
}

TEST(BackupChannel, AConnectionLostDuringABatchNeverReplaysItsFramesOnTheNextOne)
{
    Pair p = makePair([](auto& a, auto&) {
        a.maxInFlightBytes = 16 * 1024;
        a.maxBatchInFlightBytes = 16 * 1024;
    });
    ASSERT_TRUE(waitFor([&] { return p.up(); }));
    p.a->channel->setDelay(20ms); // keeps frames in flight when the cut comes
    auto snapshot = sessions(50'000);
    const auto streaming = streamBatch(*p.a->channel, 1, snapshot, {});
    ASSERT_TRUE(waitFor([&] { return p.b->batch.size() > 2000; }));
    p.a->channel->setCut(true);
    QObject::disconnect(streaming);
    ASSERT_TRUE(waitFor([&] { return p.a->state() != State::Up && p.b->state() != State::Up; }, 3000));
    const std::size_t before = p.b->batch.size();
    const auto live = sessions(20, 5000);
    ASSERT_TRUE(p.a->channel->enqueue(live)); // real-time records wait for the next connection
    p.a->channel->setDelay(0ms);
    p.a->channel->setCut(false);
    ASSERT_TRUE(waitFor([&] { return p.up() && p.b->realtime.size() == live.size(); }));
    spin(200);
    EXPECT_EQ(p.b->batch.size(), before) << "no frame of the void batch came again";
    EXPECT_EQ(p.b->realtime, live);
    EXPECT_EQ(p.a->channel->counters().queueDepth, 0u);
}

TEST(BackupChannel, APeerThatTalksButNeverAcksIsCutByTheAckWatchdog)
{
    // A fake peer that answers the handshake and sends heartbeats, but acks nothing.
    const quint16 port = freePort();
    QTcpServer fake;
    ASSERT_TRUE(fake.listen(kHigh, port));
    QTcpSocket* peer = nullptr;
    QTimer heartbeats;
    QObject::connect(&fake, &QTcpServer::newConnection, &fake, [&] {
        peer = fake.nextPendingConnection();
        sync::Hello hello;
        hello.deviceId = "CGN-B";
        hello.fingerprint = fingerprint(1);
        std::vector<std::uint8_t> bytes;
        sync::encode(sync::Message{0, 0, hello}, bytes);
        peer->write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size()));
        heartbeats.start(20);
    });
    QObject::connect(&heartbeats, &QTimer::timeout, &fake, [&] {
        std::vector<std::uint8_t> bytes;
        sync::encode(sync::Message{0, 0, sync::Heartbeat{}}, bytes);
        if (peer) {
            peer->readAll();
            peer->write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size()));
        }
    });
    BackupChannel::Settings sa = settings(true, port);
    sa.ackTimeout = 300ms;
    auto a = makeSide(sa);
    a->channel->start();
    ASSERT_TRUE(waitFor([&] { return a->state() == State::Up; }));
    ASSERT_TRUE(a->channel->enqueue(sessions(10)));
    a->channel->flush();
    ASSERT_TRUE(waitFor([&] { return a->channel->counters().ackTimeouts == 1; }, 3000));
    EXPECT_NE(a->states.back(), State::Up);
    EXPECT_EQ(a->channel->counters().queueDepth, 10u) << "kept for the next connection";
}

TEST(BackupChannel, PeerRestartIsFollowedByReconnectAndQueuedRecordsArrive)
{
    Pair p = makePair();
    ASSERT_TRUE(waitFor([&] { return p.up(); }));
    const quint16 port = p.b->channel->settings().port;
    p.b.reset(); // the peer's process dies
    ASSERT_TRUE(waitFor([&] { return p.a->state() == State::Down; }));
    const auto rs = sessions(10);
    ASSERT_TRUE(p.a->channel->enqueue(rs));
    spin(100);
    p.b = makeSide(settings(false, port));
    p.b->channel->start();
    ASSERT_TRUE(waitFor([&] { return p.up() && p.b->realtime.size() == rs.size(); }));
    EXPECT_EQ(p.b->realtime, rs);
    EXPECT_EQ(p.a->channel->counters().connects, 2u);
}

TEST(BackupChannel, CutTakesTheChannelDownAndHealBringsItBack)
{
    Pair p = makePair();
    ASSERT_TRUE(waitFor([&] { return p.up(); }));
    p.a->channel->setCut(true);
    ASSERT_TRUE(waitFor([&] { return p.a->state() != State::Up && p.b->state() != State::Up; }, 2000));
    const auto rs = sessions(5);
    ASSERT_TRUE(p.a->channel->enqueue(rs));
    spin(300);
    EXPECT_NE(p.a->state(), State::Up) << "no connection while the link is cut";
    EXPECT_TRUE(p.b->realtime.empty());
    p.a->channel->setCut(false);
    ASSERT_TRUE(waitFor([&] { return p.up() && p.b->realtime.size() == rs.size(); }));
    EXPECT_EQ(p.b->realtime, rs);
}

TEST(BackupChannel, DelayedLinkStillDeliversEverything)
{
    Pair p = makePair();
    ASSERT_TRUE(waitFor([&] { return p.up(); }));
    p.a->channel->setDelay(30ms);
    const auto rs = sessions(300);
    ASSERT_TRUE(p.a->channel->enqueue(rs));
    spin(10);
    EXPECT_TRUE(p.b->realtime.empty()) << "held back by the delay";
    ASSERT_TRUE(waitFor([&] { return p.b->realtime.size() == rs.size(); }));
    EXPECT_EQ(p.b->realtime, rs);
}

TEST(BackupChannel, GarbageFromThePeerAddressIsRejectedAndCounted)
{
    const quint16 port = freePort();
    auto b = makeSide(settings(false, port));
    b->channel->start();
    QTcpSocket fake;
    ASSERT_TRUE(fake.bind(kLow, 0));
    fake.connectToHost(kHigh, port);
    ASSERT_TRUE(fake.waitForConnected(2000));
    fake.write(QByteArray(64, '\x11')); // a length prefix far above the frame limit
    ASSERT_TRUE(waitFor([&] { return b->channel->counters().rejected > 0; }));
    EXPECT_TRUE(waitFor([&] { return fake.state() == QAbstractSocket::UnconnectedState; })) << "closed by the channel";
    EXPECT_NE(b->state(), State::Up);
}

TEST(BackupChannel, BatchOf100kRecordsStreamsWithProgressWhileRealtimeFlows)
{
    Pair p = makePair([](auto& a, auto&) { a.maxInFlightBytes = 256 * 1024; });
    ASSERT_TRUE(waitFor([&] { return p.up(); }));
    auto snapshot = sessions(100'000);
    for (ChangeRecord& r : snapshot)
        r.serviceLocation = 1;
    const cgn::Digest digest{11, 22, 33};
    const auto streaming = streamBatch(*p.a->channel, 3, snapshot, digest);
    const auto live = sessions(100, 2000);
    ASSERT_TRUE(p.a->channel->enqueue(live));
    ASSERT_TRUE(waitFor([&] { return p.b->batchDigest.has_value() && p.a->batchEndAcked == 3; }, 20000));
    EXPECT_EQ(p.b->batch, snapshot);
    EXPECT_EQ(*p.b->batchDigest, digest);
    EXPECT_EQ(p.b->batchTotal, 100'000u);
    ASSERT_GT(p.b->progress.size(), 5u);
    for (std::size_t i = 1; i < p.b->progress.size(); ++i)
        EXPECT_GT(p.b->progress[i].first, p.b->progress[i - 1].first);
    EXPECT_EQ(p.b->progress.back(), (std::pair<quint64, quint64>{100'000, 100'000}));
    EXPECT_EQ(p.a->sendProgress, 100'000u);
    ASSERT_TRUE(waitFor([&] { return p.b->realtime.size() == live.size(); }));
    EXPECT_EQ(p.b->realtime, live);
}

} // namespace

namespace {

// A peer played by the test on a plain socket: it answers the handshake as CGN-B and writes
// frames straight into the kernel, so that a whole window's worth waits for the channel's
// next read at once. What the channel sends back is decoded for the test to look at.
struct RawPeer
{
    QTcpServer server;
    QTcpSocket* socket = nullptr;
    sync::StreamDecoder decoder;
    std::vector<sync::Message> received;

    bool listen(quint16 port)
    {
        if (!server.listen(kHigh, port))
            return false;
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
            socket = server.nextPendingConnection();
            sync::Hello hello;
            hello.deviceId = "CGN-B";
            hello.fingerprint = fingerprint(1);
            write(sync::Message{0, 0, hello});
        });
        return true;
    }
    void write(const sync::Message& m)
    {
        std::vector<std::uint8_t> bytes;
        sync::encode(m, bytes);
        socket->write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size()));
    }
    // `frames` real-time frames of `perFrame` records, seq 1, 2, …, in the kernel when it returns.
    std::vector<ChangeRecord> writeRecords(int frames, std::size_t perFrame)
    {
        std::vector<ChangeRecord> all = sessions(std::size_t(frames) * perFrame);
        for (int f = 0; f < frames; ++f) {
            std::vector<std::uint8_t> bytes;
            sync::encodeRecords(std::uint64_t(f + 1), 0, false,
                                std::span(all).subspan(std::size_t(f) * perFrame, perFrame), bytes);
            socket->write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size()));
        }
        while (socket->bytesToWrite() > 0 && socket->waitForBytesWritten(2000))
            ;
        return all;
    }
    void readBack()
    {
        const QByteArray bytes = socket->readAll();
        decoder.feed(std::span(reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size())));
        for (auto r = decoder.next(); r.message; r = decoder.next())
            received.push_back(std::move(*r.message));
    }
    std::uint64_t highestAck() const
    {
        std::uint64_t ack = 0;
        for (const sync::Message& m : received)
            ack = std::max(ack, m.ack);
        return ack;
    }
};

} // namespace

TEST(BackupChannel, AWindowOfFramesReadAtOnceIsHandledOverManyTurnsOfTheLoopNotInOne)
{
    const quint16 port = freePort();
    RawPeer peer;
    ASSERT_TRUE(peer.listen(port));
    std::chrono::nanoseconds clock{1s};
    BackupChannel::Settings s = settings(true, port);
    s.clock = [&clock] { return clock; };
    auto a = makeSide(s);
    int handled = 0;
    // Applying a frame takes 1 ms (of the channel's clock); the budget is 2 ms a turn.
    QObject::connect(a->channel.get(), &BackupChannel::recordsReceived, a->channel.get(),
                     [&](const std::vector<ChangeRecord>&, bool) {
                         clock += 1ms;
                         ++handled;
                     });
    a->channel->start();
    ASSERT_TRUE(waitFor([&] { return a->state() == State::Up && peer.socket; }));
    const auto sent = peer.writeRecords(40, 1000);

    // Counts the turns of the event loop while the frames are handled.
    int turns = 0;
    std::function<void()> turn = [&] {
        ++turns;
        if (handled < 40)
            QTimer::singleShot(0, a->channel.get(), turn);
    };
    QTimer::singleShot(0, a->channel.get(), turn);
    ASSERT_TRUE(waitFor([&] { return handled == 40; }));
    EXPECT_GE(turns, 15) << "about two frames a turn, the loop running in between";
    EXPECT_EQ(a->realtime, sent) << "in order, every one";
    ASSERT_TRUE(waitFor([&] {
        peer.readBack();
        return peer.highestAck() == 40;
    }));
    EXPECT_EQ(a->state(), State::Up);
}

TEST(BackupChannel, WhileReceivingIsPausedFramesWaitUnackedHeartbeatsGoOnAndResumingDeliversThemInOrder)
{
    const quint16 port = freePort();
    RawPeer peer;
    ASSERT_TRUE(peer.listen(port));
    auto a = makeSide(settings(true, port));
    a->channel->start();
    ASSERT_TRUE(waitFor([&] { return a->state() == State::Up && peer.socket; }));
    a->channel->setReceivePaused(true);
    const auto sent = peer.writeRecords(5, 100);
    peer.received.clear();
    // Longer than the dead interval (150 ms): the peer keeps hearing heartbeats.
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 400) {
        spin(20);
        peer.write(sync::Message{0, 0, sync::Heartbeat{}}); // and the channel hears the peer
        peer.readBack();
    }
    EXPECT_TRUE(a->realtime.empty());
    EXPECT_GE(peer.received.size(), 10u) << "heartbeats every 20 ms";
    EXPECT_EQ(peer.highestAck(), 0u) << "nothing acked that was not handled";
    EXPECT_EQ(a->state(), State::Up);
    EXPECT_EQ(a->channel->counters().connects, 1u);

    a->channel->setReceivePaused(false);
    ASSERT_TRUE(waitFor([&] { return a->realtime.size() == sent.size(); }));
    EXPECT_EQ(a->realtime, sent);
    ASSERT_TRUE(waitFor([&] {
        peer.readBack();
        return peer.highestAck() == 5;
    }));
}
