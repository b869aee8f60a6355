// The backup channel's wire format: exact round trips, bytes per session create over the
// traffic generator's default mix, and every kind of bad input rejected whole, named and counted.

#include "ha/SyncCodec.h"
#include "lab/TrafficMix.h"

#include <gtest/gtest.h>

#include <random>

using namespace tandem;
using namespace tandem::ha::sync;
using cgn::ChangeRecord;
using cgn::Protocol;
using cgn::RecordType;
using cgn::TcpState;

namespace {

constexpr std::uint32_t kPool = 0xcb007100; // 203.0.113.0
constexpr cgn::Seconds kT0 = 5000;

cgn::Ipv6Address v6(std::uint8_t last, std::uint8_t third = 0)
{
    return {0x20, 0x01, 0x0d, 0xb8, 0, third, 0, 0, 0, 0, 0, 0, 0, 0, 0, last};
}

ChangeRecord record(RecordType type, cgn::UserKey user)
{
    ChangeRecord r;
    r.type = type;
    r.user = user;
    r.outsideAddress = kPool + 3;
    return r;
}

// One record of every type, users of every kind, and the extremes of every field.
std::vector<ChangeRecord> everyRecordType()
{
    std::vector<ChangeRecord> rs;
    const auto nat44 = cgn::UserKey::nat44(7, 0x64400001);
    ChangeRecord uc = record(RecordType::UserCreate, nat44);
    uc.age = 12;
    rs.push_back(uc);
    ChangeRecord ba = record(RecordType::BlockAlloc, nat44);
    ba.block = 1007;
    rs.push_back(ba);
    ChangeRecord sc = record(RecordType::SessionCreate, nat44);
    sc.protocol = Protocol::Tcp;
    sc.tcpState = TcpState::Established;
    sc.lifetime = 7440;
    sc.innerAddress = nat44.ipv4;
    sc.insidePort = 65535;
    sc.outsidePort = 1024;
    sc.remoteAddress = 0xffffffff;
    sc.remotePort = 443;
    sc.age = 0xffffffff;
    rs.push_back(sc);
    ChangeRecord sr = sc;
    sr.type = RecordType::SessionRefresh;
    sr.tcpState = TcpState::Closing;
    sr.lifetime = 240;
    sr.age = 0;
    sr.outsidePort = 65535; // largest backwards delta
    rs.push_back(sr);
    ChangeRecord sd = sr;
    sd.type = RecordType::SessionDelete;
    sd.tcpState = TcpState::Reset;
    sd.remoteAddress = 0;
    sd.remotePort = 0;
    sd.lifetime = 0;
    rs.push_back(sd);
    ChangeRecord ds = record(RecordType::SessionCreate, cgn::UserKey::dsLite(v6(9)));
    ds.protocol = Protocol::Udp;
    ds.innerAddress = 0xc0a80102;
    ds.insidePort = 0;
    ds.outsidePort = 4000;
    ds.outsideAddress = 0; // a wrapping delta from kPool + 3
    ds.remoteAddress = 0x08080808;
    ds.remotePort = 53;
    ds.lifetime = 300;
    rs.push_back(ds);
    ChangeRecord ds2 = ds; // same kind: shares the prefix of the previous B4
    ds2.user = cgn::UserKey::dsLite(v6(10));
    ds2.protocol = Protocol::Icmp;
    ds2.insidePort = 77;
    ds2.lifetime = 60;
    ds2.serviceLocation = 3;
    rs.push_back(ds2);
    ChangeRecord n64 = record(RecordType::SessionCreate, cgn::UserKey::nat64(v6(1, 0x64)));
    n64.protocol = Protocol::Udp;
    n64.outsidePort = 5000;
    n64.lifetime = 300; // as the DS-Lite UDP session before: costs nothing
    rs.push_back(n64);
    ChangeRecord bf = record(RecordType::BlockFree, nat44);
    bf.block = 65535;
    rs.push_back(bf);
    rs.push_back(record(RecordType::UserDelete, nat44));
    ChangeRecord vpnMax = record(RecordType::UserCreate, cgn::UserKey::nat44(65535, 0));
    rs.push_back(vpnMax);
    return rs;
}

std::vector<Message> everyMessageType()
{
    Hello hello;
    hello.authRequired = true;
    hello.deviceId = "CGN-1 slot 3";
    for (std::size_t i = 0; i < hello.fingerprint.size(); ++i)
        hello.fingerprint[i] = std::uint8_t(i * 7);
    for (std::size_t i = 0; i < hello.nonce.size(); ++i)
        hello.nonce[i] = std::uint8_t(255 - i);
    AuthResponse auth;
    auth.mac.fill(0xab);
    return {
        Message{0, 0, hello},
        Message{0, 0, auth},
        Message{0, 1, Heartbeat{}},
        Message{1, 1, Records{false, everyRecordType()}},
        Message{0, 3, Ack{}},
        Message{2, 3, BatchBegin{2, 9, {1000, 1000, 63000}}},
        Message{3, 4, Records{true, {}}},
        Message{4, 4, BatchEnd{2, 9, {1, 2, 0xffffffffffffffffull}, {1000, 1000, 63000}}},
        Message{5, 4, DigestCheck{1, {3, 4, 5}, {1, 1, 63}}},
        Message{6, 1ull << 40, Resync{255, "digest mismatch: sessions 63 here, 62 on CGN-2"}},
        Message{7, 5, CheckResult{2, 9, true, {1000, 1000, 63000}}},
        Message{8, 5, CheckResult{1, 0, false, {0, 0, 0}}},
        Message{9, 5, Backlog{1, 123456}},
        Message{10, 5, Subnets{Subnets::Kind::Full, "pool1", {1, 2},
                               {{tandem::cgn::SubnetRecord::Op::Assign, {0x0b0b0b00, 25, 1}},
                                {tandem::cgn::SubnetRecord::Op::Assign, {0x0b0b0b80, 25, 2}}},
                               0x0123456789abcdefull, false}},
        Message{11, 5, Subnets{Subnets::Kind::Changes, "pool1", {1},
                               {{tandem::cgn::SubnetRecord::Op::Release, {0x0b0b0c20, 27, 1}}}, 7, false}},
        Message{12, 6, Subnets{Subnets::Kind::Result, "pool1", {1, 2}, {}, 9, true}},
    };
}

std::vector<std::uint8_t> bytesOf(const Message& m)
{
    std::vector<std::uint8_t> out;
    encode(m, out);
    return out;
}

// Re-seals a hand-edited frame so that it passes the CRC and reaches the check under test.
void reseal(std::vector<std::uint8_t>& frame)
{
    const std::uint32_t crc = crc32c(std::span(frame).first(frame.size() - 4));
    for (int i = 0; i < 4; ++i)
        frame[frame.size() - 4 + std::size_t(i)] = std::uint8_t(crc >> (8 * i));
}

std::unique_ptr<cgn::CgnEngine> makeEngine()
{
    cgn::EngineConfig c;
    c.maxSessions = 1u << 18;
    c.maxUsers = 1u << 15;
    c.portBlockSize = 64;
    c.blocksPerUser = 8;
    c.randomSeed = 5;
    c.groups.push_back({"public", 0, {{kPool, kPool + 31}}});
    std::string error;
    auto engine = cgn::CgnEngine::create(c, &error);
    EXPECT_TRUE(engine) << error;
    return engine;
}

class Collect final : public cgn::ChangeSink
{
public:
    void consume(std::span<const ChangeRecord> rs) override { records.insert(records.end(), rs.begin(), rs.end()); }
    std::vector<ChangeRecord> records;
};

// The change records of `seconds` of the default mix on a master engine.
std::vector<ChangeRecord> defaultMixRecords(lab::TrafficMixConfig mix, int steps, cgn::CgnEngine& master)
{
    Collect sink;
    master.setSink(&sink);
    lab::TrafficMix traffic(mix);
    std::vector<cgn::SetupResult> results;
    for (int i = 0; i < steps; ++i) {
        const lab::TrafficStep step = traffic.step(std::chrono::milliseconds(1));
        const auto now = cgn::Seconds(kT0 + traffic.now().count() / 1'000'000);
        results.resize(step.packets.size());
        master.outbound(step.packets, results, now);
        for (const cgn::InsideEndpoint& in : step.teardowns)
            master.remove(master.findInside(in), now);
        master.flush();
    }
    master.setSink(nullptr);
    return sink.records;
}

TEST(SyncCodec, EveryRecordTypeRoundTripsExactly)
{
    const std::vector<ChangeRecord> records = everyRecordType();
    std::vector<std::uint8_t> bytes;
    encodeRecords(1, 0, false, records, bytes);
    const FrameResult r = decodeFrame(bytes);
    ASSERT_TRUE(r.message) << r.rejection->format();
    EXPECT_EQ(r.consumed, bytes.size());
    const auto& decoded = std::get<Records>(r.message->body);
    ASSERT_EQ(decoded.records.size(), records.size());
    for (std::size_t i = 0; i < records.size(); ++i)
        EXPECT_EQ(decoded.records[i], records[i]) << "record " << i << " " << cgn::toString(records[i].type);
}

TEST(SyncCodec, EveryMessageTypeRoundTripsExactly)
{
    for (const Message& m : everyMessageType()) {
        const std::vector<std::uint8_t> bytes = bytesOf(m);
        const FrameResult r = decodeFrame(bytes);
        ASSERT_TRUE(r.message) << toString(m.type()) << ": " << r.rejection->format();
        EXPECT_EQ(*r.message, m) << toString(m.type());
    }
}

TEST(SyncCodec, MasterChangesReplayedThroughFramesGiveTheSameTables)
{
    auto master = makeEngine();
    auto standby = makeEngine();
    standby->setStandby();
    lab::TrafficMixConfig mix;
    mix.subscribers = 2000;
    mix.dsLitePercent = 10;
    mix.nat64Percent = 5;
    mix.sessionsPerSecond = 200'000;
    mix.meanSessionSeconds = 0.05; // lots of deletes within the run
    const std::vector<ChangeRecord> records = defaultMixRecords(mix, 200, *master);
    ASSERT_GT(records.size(), 30'000u);

    std::vector<std::uint8_t> stream;
    std::uint64_t seq = 0;
    for (std::size_t at = 0; at < records.size(); at += 700)
        encodeRecords(++seq, 0, false, std::span(records).subspan(at, std::min<std::size_t>(700, records.size() - at)),
                      stream);
    StreamDecoder decoder;
    // Fed in odd-sized pieces, as TCP delivers them.
    for (std::size_t at = 0; at < stream.size(); at += 1237)
        decoder.feed(std::span(stream).subspan(at, std::min<std::size_t>(1237, stream.size() - at)));
    std::size_t applied = 0;
    for (auto r = decoder.next(); !r.empty(); r = decoder.next()) {
        ASSERT_TRUE(r.message) << r.rejection->format();
        for (const ChangeRecord& rec : std::get<Records>(r.message->body).records) {
            const auto error = standby->apply(rec, kT0);
            ASSERT_FALSE(error) << *error;
            ++applied;
        }
    }
    EXPECT_EQ(applied, records.size());
    EXPECT_EQ(decoder.lastSeq(), seq);
    EXPECT_EQ(standby->digest(), master->digest());
}

// The figure the issue sets: ≤ 24 bytes per replicated session create over the default mix,
// frames of one millisecond's records at the default 100 k creates/s, overhead included.
TEST(SyncCodec, SessionCreateCostsAtMost24BytesOnTheDefaultMix)
{
    auto master = makeEngine();
    const std::vector<ChangeRecord> records = defaultMixRecords(lab::TrafficMixConfig{}, 300, *master);
    std::size_t creates = 0;
    std::size_t createBytes = 0;
    std::size_t frameBytes = 0;
    std::size_t totalRecords = 0;
    // Bytes of one record = growth of a frame when it is appended; the frame's fixed part is
    // spread over all its records.
    std::vector<std::uint8_t> bytes;
    std::size_t at = 0;
    while (at < records.size()) {
        const std::size_t n = std::min<std::size_t>(100, records.size() - at);
        const auto frame = std::span(records).subspan(at, n);
        std::size_t prev = 0;
        bytes.clear();
        encodeRecords(1, 0, false, frame.first(0), bytes);
        const std::size_t empty = bytes.size();
        for (std::size_t i = 0; i < n; ++i) {
            bytes.clear();
            encodeRecords(1, 0, false, frame.first(i + 1), bytes);
            const std::size_t grew = bytes.size() - (i == 0 ? empty : prev);
            if (frame[i].type == RecordType::SessionCreate) {
                ++creates;
                createBytes += grew;
            }
            prev = bytes.size();
        }
        frameBytes += empty;
        totalRecords += n;
        at += n;
    }
    ASSERT_GT(creates, 20'000u);
    const double perCreate = double(createBytes) / double(creates) + double(frameBytes) / double(totalRecords);
    EXPECT_LE(perCreate, 24.0);
    std::printf("bytes per session create: %.2f (%zu creates among %zu records)\n", perCreate, creates, totalRecords);
}

TEST(SyncCodec, TruncatedFrameIsRejectedAndNothingDecoded)
{
    const std::vector<std::uint8_t> bytes = bytesOf(everyMessageType()[3]);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        const FrameResult r = decodeFrame(std::span(bytes).first(n));
        ASSERT_FALSE(r.message) << n;
        ASSERT_TRUE(r.rejection);
        EXPECT_EQ(r.rejection->reason, RejectReason::Truncated) << n << ": " << r.rejection->format();
    }
    // In a stream a partial frame is waiting for the rest, not an error.
    StreamDecoder decoder;
    decoder.feed(std::span(bytes).first(bytes.size() - 1));
    EXPECT_TRUE(decoder.next().empty());
    EXPECT_EQ(decoder.pendingBytes(), bytes.size() - 1);
    decoder.feed(std::span(bytes).last(1));
    EXPECT_TRUE(decoder.next().message);
}

TEST(SyncCodec, FieldsCutShortInsideAFrameAreTruncated)
{
    // A frame whose length and CRC are right but whose payload ends early: the sender's bug.
    std::vector<std::uint8_t> bytes = bytesOf(Message{0, 0, AuthResponse{}});
    bytes.erase(bytes.end() - 4 - 5, bytes.end() - 4);
    const std::uint32_t length = std::uint32_t(bytes.size() - 4);
    for (int i = 0; i < 4; ++i)
        bytes[std::size_t(i)] = std::uint8_t(length >> (8 * i));
    reseal(bytes);
    const FrameResult r = decodeFrame(bytes);
    ASSERT_TRUE(r.rejection);
    EXPECT_EQ(r.rejection->reason, RejectReason::Truncated);
    EXPECT_NE(r.rejection->message.find("MAC"), std::string::npos) << r.rejection->message;
}

TEST(SyncCodec, CorruptFrameIsRejectedAndTheNextSequencedFrameIsAGap)
{
    std::vector<std::uint8_t> stream;
    std::vector<std::size_t> starts;
    for (std::uint64_t seq = 1; seq <= 3; ++seq) {
        starts.push_back(stream.size());
        encodeRecords(seq, 0, false, everyRecordType(), stream);
    }
    stream[starts[1] + 20] ^= 0x10;
    StreamDecoder decoder;
    decoder.feed(stream);
    EXPECT_TRUE(decoder.next().message);
    const auto bad = decoder.next();
    ASSERT_TRUE(bad.rejection);
    EXPECT_EQ(bad.rejection->reason, RejectReason::BadCrc);
    EXPECT_EQ(bad.rejection->offset, starts[1]);
    const auto gap = decoder.next();
    ASSERT_TRUE(gap.rejection);
    EXPECT_EQ(gap.rejection->reason, RejectReason::SequenceGap);
    EXPECT_EQ(decoder.lastSeq(), 1u);
    EXPECT_EQ(decoder.rejected(RejectReason::BadCrc), 1u);
    EXPECT_EQ(decoder.rejected(RejectReason::SequenceGap), 1u);
    EXPECT_EQ(decoder.framesAccepted(), 1u);
}

TEST(SyncCodec, OversizedLengthLosesTheStreamUntilReset)
{
    std::vector<std::uint8_t> stream = {0xff, 0xff, 0xff, 0x7f, 1, 3, 0, 0};
    StreamDecoder decoder(1 << 20);
    decoder.feed(stream);
    const auto r = decoder.next();
    ASSERT_TRUE(r.rejection);
    EXPECT_EQ(r.rejection->reason, RejectReason::Oversized);
    EXPECT_NE(r.rejection->message.find("exceeds the limit"), std::string::npos);
    // Framing is gone: a valid frame after it cannot be trusted to start where it seems to.
    decoder.feed(bytesOf(Message{0, 0, Heartbeat{}}));
    EXPECT_EQ(decoder.next().rejection->reason, RejectReason::Oversized);
    decoder.reset();
    decoder.feed(bytesOf(Message{0, 0, Heartbeat{}}));
    EXPECT_TRUE(decoder.next().message);
    // A length too small to hold a header is as bad.
    const std::vector<std::uint8_t> tiny = {2, 0, 0, 0, 1, 3};
    EXPECT_EQ(decodeFrame(tiny).rejection->reason, RejectReason::Oversized);
}

TEST(SyncCodec, UnknownTypeAndOtherVersionAreRejected)
{
    std::vector<std::uint8_t> unknown = bytesOf(Message{0, 0, Heartbeat{}});
    unknown[5] = 42;
    reseal(unknown);
    const FrameResult u = decodeFrame(unknown);
    ASSERT_TRUE(u.rejection);
    EXPECT_EQ(u.rejection->reason, RejectReason::UnknownType);
    EXPECT_NE(u.rejection->message.find("42"), std::string::npos);

    std::vector<std::uint8_t> v2 = bytesOf(Message{0, 0, Heartbeat{}});
    v2[4] = kProtocolVersion + 1;
    reseal(v2);
    EXPECT_EQ(decodeFrame(v2).rejection->reason, RejectReason::BadVersion);

    // A Hello of another version still decodes, so the channel can say which version the peer speaks.
    Hello hello;
    hello.protocolVersion = kProtocolVersion + 1;
    hello.deviceId = "future";
    const FrameResult h = decodeFrame(bytesOf(Message{0, 0, hello}));
    ASSERT_TRUE(h.message);
    EXPECT_EQ(std::get<Hello>(h.message->body).protocolVersion, kProtocolVersion + 1);
}

TEST(SyncCodec, MalformedRecordRejectsTheWholeFrame)
{
    std::vector<ChangeRecord> records = everyRecordType();
    std::vector<std::uint8_t> bytes;
    encodeRecords(1, 0, false, records, bytes);
    // The first record's head sits after length(4) version type seq ack flags count.
    const std::size_t head = 4 + 2 + 1 + 1 + 1 + 1;
    bytes[head] = std::uint8_t((bytes[head] & ~7) | 0); // record type 0
    reseal(bytes);
    const FrameResult r = decodeFrame(bytes);
    EXPECT_FALSE(r.message);
    ASSERT_TRUE(r.rejection);
    EXPECT_EQ(r.rejection->reason, RejectReason::Malformed);
    EXPECT_NE(r.rejection->message.find("record 0: unknown record type 0"), std::string::npos) << r.rejection->message;

    // A record count the frame cannot hold is refused before anything is allocated.
    std::vector<std::uint8_t> liar;
    encodeRecords(1, 0, false, {}, liar);
    liar[9] = 0x7f; // 127 records in 0 bytes
    reseal(liar);
    EXPECT_EQ(decodeFrame(liar).rejection->reason, RejectReason::Malformed);

    // Trailing bytes after the last field.
    std::vector<std::uint8_t> trailing = bytesOf(Message{0, 0, Heartbeat{}});
    trailing.insert(trailing.end() - 4, 0x00);
    trailing[0] = std::uint8_t(trailing[0] + 1);
    reseal(trailing);
    EXPECT_EQ(decodeFrame(trailing).rejection->reason, RejectReason::Malformed);

    // An unsequenced frame with a sequence number.
    std::vector<std::uint8_t> seqHeartbeat = bytesOf(Message{5, 0, Heartbeat{}});
    EXPECT_EQ(decodeFrame(seqHeartbeat).rejection->reason, RejectReason::Malformed);
}

TEST(SyncCodec, MalformedSubnetsAreRejectedNamingTheField)
{
    const Subnets good{Subnets::Kind::Changes, "p", {1},
                       {{tandem::cgn::SubnetRecord::Op::Assign, {0x0b0b0b00, 25, 1}}}, 7, false};
    // After length(4) version type seq ack: kind at 8, pool "p" at 9–10, one location at
    // 11–12, one record from 13: count, op 14, network 15–18, length 19, location 20.
    auto broken = [&](std::size_t at, std::uint8_t value) {
        std::vector<std::uint8_t> bytes = bytesOf(Message{1, 0, good});
        bytes[at] = value;
        reseal(bytes);
        return decodeFrame(bytes);
    };
    ASSERT_TRUE(decodeFrame(bytesOf(Message{1, 0, good})).message);
    const FrameResult kind = broken(8, 9);
    ASSERT_TRUE(kind.rejection);
    EXPECT_NE(kind.rejection->message.find("Subnets kind 9"), std::string::npos) << kind.rejection->message;
    const FrameResult length = broken(19, 40);
    ASSERT_TRUE(length.rejection);
    EXPECT_NE(length.rejection->message.find("prefix length 40"), std::string::npos) << length.rejection->message;
    const FrameResult location = broken(20, 0);
    ASSERT_TRUE(location.rejection);
    EXPECT_NE(location.rejection->message.find("subnet record 0: service-location 0"), std::string::npos)
        << location.rejection->message;
    const FrameResult count = broken(13, 0x7f); // 127 records in 16 bytes
    ASSERT_TRUE(count.rejection);
    EXPECT_EQ(count.rejection->reason, RejectReason::Malformed);
}

TEST(SyncCodec, ReplayedAndReorderedFramesAreRejectedAndCounted)
{
    const auto f1 = bytesOf(Message{1, 0, Records{false, everyRecordType()}});
    const auto f2 = bytesOf(Message{2, 0, DigestCheck{}});
    const auto f3 = bytesOf(Message{3, 0, Resync{1, "x"}});
    StreamDecoder decoder;
    decoder.feed(f1);
    decoder.feed(f3); // f2 overtaken
    decoder.feed(f2);
    decoder.feed(f1); // replay
    decoder.feed(f3);
    EXPECT_TRUE(decoder.next().message);
    EXPECT_EQ(decoder.next().rejection->reason, RejectReason::SequenceGap);
    EXPECT_TRUE(decoder.next().message);
    const auto replay = decoder.next();
    ASSERT_TRUE(replay.rejection);
    EXPECT_EQ(replay.rejection->reason, RejectReason::Replayed);
    EXPECT_NE(replay.rejection->message.find("already received"), std::string::npos);
    EXPECT_TRUE(decoder.next().message);
    EXPECT_EQ(decoder.lastSeq(), 3u);
    EXPECT_EQ(decoder.framesRejected(), 2u);

    // Acks only go forward.
    decoder.feed(bytesOf(Message{0, 10, Ack{}}));
    decoder.feed(bytesOf(Message{0, 9, Ack{}}));
    EXPECT_EQ(decoder.next().message->ack, 10u);
    EXPECT_EQ(decoder.next().rejection->reason, RejectReason::Replayed);
    EXPECT_EQ(decoder.lastAck(), 10u);
}

// Random damage of a valid stream: the decoder never crashes, and every frame it accepts is
// one that was sent, in order — never a half-decoded or altered one.
TEST(SyncCodec, RandomCorruptionIsNeverAccepted)
{
    std::vector<Message> sent;
    std::vector<std::uint8_t> clean;
    std::uint64_t seq = 0;
    for (int round = 0; round < 4; ++round)
        for (Message m : everyMessageType()) {
            m.seq = isSequenced(m.type()) ? ++seq : 0;
            m.ack = 0;
            sent.push_back(m);
            encode(m, clean);
        }
    std::mt19937_64 rng(20240501);
    std::uint64_t rejectedTotal = 0;
    for (int iteration = 0; iteration < 3000; ++iteration) {
        std::vector<std::uint8_t> stream = clean;
        const int damage = 1 + int(rng() % 4);
        for (int d = 0; d < damage; ++d) {
            const std::size_t at = rng() % stream.size();
            switch (rng() % 4) {
            case 0: stream[at] ^= std::uint8_t(1 + rng() % 255); break;
            case 1: stream.erase(stream.begin() + std::ptrdiff_t(at)); break;
            case 2: stream.insert(stream.begin() + std::ptrdiff_t(at), std::uint8_t(rng())); break;
            case 3: stream.resize(at); break;
            }
            if (stream.empty())
                stream.push_back(0);
        }
        StreamDecoder decoder(1 << 16);
        std::size_t next = 0; // index into `sent` of the earliest frame that may still come
        std::uint64_t lastSeq = 0;
        std::size_t at = 0;
        while (at < stream.size()) {
            const std::size_t n = std::min<std::size_t>(1 + rng() % 300, stream.size() - at);
            decoder.feed(std::span(stream).subspan(at, n));
            at += n;
            for (int guard = 0; guard < 1000; ++guard) {
                auto r = decoder.next();
                if (r.empty() || (r.rejection && r.rejection->reason == RejectReason::Oversized))
                    break;
                if (!r.message)
                    continue;
                auto it = std::find(sent.begin() + std::ptrdiff_t(next), sent.end(), *r.message);
                ASSERT_NE(it, sent.end()) << "iteration " << iteration << ": accepted a frame never sent";
                next = std::size_t(it - sent.begin()) + 1;
                if (isSequenced(r.message->type())) {
                    ASSERT_EQ(r.message->seq, lastSeq + 1);
                    lastSeq = r.message->seq;
                }
            }
        }
        rejectedTotal += decoder.framesRejected();
    }
    EXPECT_GT(rejectedTotal, 3000u);
}

} // namespace
