// tandem-bench-sync: the backup channel's wire format and replication path on this machine.
//
//   WireBytes        bytes on the wire per replicated session create over the traffic
//                    generator's default mix (lab/TrafficMix.h: 10 000 NAT44 subscribers,
//                    100 k creates/s, 60/35/5 TCP/UDP/ICMP), frames of one millisecond of records
//                    (100 creates plus the users, blocks and deletes around them). Counters:
//                    wire_bytes_per_session    a create's own bytes + frame overhead spread over
//                                              every record of its frame (the figure)
//                    wire_bytes_all_per_session every byte sent (users, blocks, deletes too) /
//                                              session creates
//   Realtime         10 s of the default mix's change records from a master engine → encode
//                    (1 ms frames) → loopback TCP (sender thread) → decode → apply on an empty
//                    standby engine; items = records, digest_equal = standby digest == master's
//   Batch/1000000    batch backup of a master holding 1 M sessions (with their users and port
//                    blocks): exportTables → encode (4096-record frames) → loopback TCP → decode
//                    → apply into an empty standby, end to end; digest_equal as above
//   SubnetExtend     NAT load balancing: what one extend of a location costs on the wire — a
//                    pool of the lab's shape (203.0.113.0/24, initial 27 extend 29, two
//                    locations) extends location 1, the record goes out in a Subnets Changes
//                    frame as PoolBackup sends it (sequence numbers of a long-lived channel).
//                    Counters: records_per_extend, frame_bytes_per_extend
//
// Run: build/bin/tandem-bench-sync [--benchmark_filter=Batch] [--benchmark_repetitions=3]

#include "cgn/CgnEngine.h"
#include "ha/SyncCodec.h"
#include "lab/TrafficMix.h"

#include <benchmark/benchmark.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <thread>

using namespace tandem;
using cgn::ChangeRecord;
using cgn::RecordType;

namespace {

constexpr cgn::Seconds kStart = 1000;
constexpr std::uint32_t kPool = 0xcb007100; // 203.0.113.0

[[noreturn]] void die(const char* what)
{
    std::perror(what);
    std::abort();
}

cgn::EngineConfig engineConfig(std::uint32_t maxSessions, std::uint32_t maxUsers)
{
    cgn::EngineConfig c;
    c.maxSessions = maxSessions;
    c.maxUsers = maxUsers;
    c.portBlockSize = 64;
    c.blocksPerUser = 8;
    c.randomSeed = 42;
    c.groups.push_back({"bench", 0, {{kPool, kPool + 255}}});
    return c;
}

std::unique_ptr<cgn::CgnEngine> makeEngine(std::uint32_t maxSessions, std::uint32_t maxUsers)
{
    std::string error;
    auto engine = cgn::CgnEngine::create(engineConfig(maxSessions, maxUsers), &error);
    if (!engine) {
        std::fprintf(stderr, "engine: %s\n", error.c_str());
        std::abort();
    }
    return engine;
}

class Collect final : public cgn::ChangeSink
{
public:
    void consume(std::span<const ChangeRecord> rs) override { records.insert(records.end(), rs.begin(), rs.end()); }
    std::vector<ChangeRecord> records;
};

// A master driven by the default mix for `steps` milliseconds; its records in 1 ms frames.
struct MixRun
{
    std::unique_ptr<cgn::CgnEngine> master;
    std::vector<std::vector<ChangeRecord>> frames;
    std::size_t records = 0;
};

const MixRun& defaultMix(int steps)
{
    static std::map<int, MixRun> cache;
    MixRun& run = cache[steps];
    if (run.master)
        return run;
    run.master = makeEngine(1u << 21, 1u << 16);
    Collect sink;
    run.master->setSink(&sink);
    lab::TrafficMix traffic{lab::TrafficMixConfig{}};
    std::vector<cgn::SetupResult> results;
    for (int i = 0; i < steps; ++i) {
        const lab::TrafficStep step = traffic.step(std::chrono::milliseconds(1));
        const auto now = cgn::Seconds(kStart + traffic.now().count() / 1'000'000);
        results.resize(step.packets.size());
        run.master->outbound(step.packets, results, now);
        for (const cgn::InsideEndpoint& in : step.teardowns)
            run.master->remove(run.master->findInside(in), now);
        run.master->flush();
        run.records += sink.records.size();
        run.frames.push_back(std::move(sink.records));
        sink.records.clear();
    }
    run.master->setSink(nullptr);
    return run;
}

void BM_WireBytes(benchmark::State& state)
{
    const MixRun& run = defaultMix(1000);
    std::size_t creates = 0, createBytes = 0, overhead = 0, records = 0, total = 0;
    std::vector<std::uint8_t> bytes;
    for (auto _ : state) {
        creates = createBytes = overhead = records = total = 0;
        for (const auto& frame : run.frames) {
            bytes.clear();
            ha::sync::encodeRecords(1, 0, false, std::span(frame).first(0), bytes);
            const std::size_t empty = bytes.size();
            std::size_t prev = empty;
            // A record's bytes = how much the frame grows when it is appended.
            for (std::size_t i = 0; i < frame.size(); ++i) {
                bytes.clear();
                ha::sync::encodeRecords(1, 0, false, std::span(frame).first(i + 1), bytes);
                if (frame[i].type == RecordType::SessionCreate) {
                    ++creates;
                    createBytes += bytes.size() - prev;
                }
                prev = bytes.size();
            }
            overhead += empty;
            records += frame.size();
            total += prev;
        }
    }
    state.counters["wire_bytes_per_session"] =
        double(createBytes) / double(creates) + double(overhead) / double(records);
    state.counters["wire_bytes_all_per_session"] = double(total) / double(creates);
    state.counters["session_creates"] = double(creates);
    state.counters["records"] = double(records);
}

// --- loopback TCP ---------------------------------------------------------------------------

struct Link
{
    int sender = -1;
    int receiver = -1;
    ~Link()
    {
        if (sender >= 0)
            ::close(sender);
        if (receiver >= 0)
            ::close(receiver);
    }
};

std::unique_ptr<Link> connectLoopback()
{
    auto link = std::make_unique<Link>();
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0)
        die("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener, 1) != 0)
        die("bind/listen");
    socklen_t len = sizeof addr;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
    link->sender = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(link->sender, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        die("connect");
    link->receiver = ::accept(listener, nullptr, nullptr);
    if (link->receiver < 0)
        die("accept");
    ::close(listener);
    const int one = 1;
    ::setsockopt(link->sender, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return link;
}

void sendAll(int fd, const std::vector<std::uint8_t>& bytes)
{
    std::size_t at = 0;
    while (at < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
        if (n <= 0)
            die("send");
        at += std::size_t(n);
    }
}

// Reads frames until `records` records have been applied to `standby`; returns rejected frames.
std::uint64_t receiveAndApply(int fd, cgn::CgnEngine& standby, std::size_t records, cgn::Seconds now)
{
    ha::sync::StreamDecoder decoder;
    std::vector<std::uint8_t> buffer(1 << 20);
    std::size_t applied = 0;
    std::uint64_t errors = 0;
    while (applied < records) {
        const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (n <= 0)
            die("recv");
        decoder.feed(std::span(buffer).first(std::size_t(n)));
        for (auto r = decoder.next(); !r.empty(); r = decoder.next()) {
            if (!r.message)
                return decoder.framesRejected();
            if (auto* rs = std::get_if<ha::sync::Records>(&r.message->body)) {
                for (const ChangeRecord& rec : rs->records)
                    if (standby.apply(rec, now))
                        ++errors;
                applied += rs->records.size();
            }
        }
    }
    return decoder.framesRejected() + errors;
}

void BM_Realtime(benchmark::State& state)
{
    const MixRun& run = defaultMix(10'000);
    bool digestEqual = true;
    std::uint64_t problems = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto standby = makeEngine(1u << 21, 1u << 16);
        standby->setStandby();
        auto link = connectLoopback();
        state.ResumeTiming();
        std::thread sender([&] {
            std::vector<std::uint8_t> bytes;
            std::uint64_t seq = 0;
            for (const auto& frame : run.frames) {
                bytes.clear();
                ha::sync::encodeRecords(++seq, 0, false, frame, bytes);
                sendAll(link->sender, bytes);
            }
        });
        problems += receiveAndApply(link->receiver, *standby, run.records, kStart + 10);
        sender.join();
        state.PauseTiming();
        digestEqual = digestEqual && standby->digest() == run.master->digest();
        standby.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(run.records));
    state.counters["records"] = double(run.records);
    state.counters["digest_equal"] = digestEqual ? 1 : 0;
    state.counters["rejected_or_refused"] = double(problems);
}

struct BatchMaster
{
    std::unique_ptr<cgn::CgnEngine> master;
    cgn::Counts counts;
};

const BatchMaster& batchMaster(std::uint32_t sessions)
{
    static std::map<std::uint32_t, BatchMaster> cache;
    BatchMaster& b = cache[sessions];
    if (b.master)
        return b;
    b.master = makeEngine(sessions, 1u << 16);
    lab::TrafficMixConfig mix;
    mix.subscribers = 16'384; // ≈ 61 sessions each
    mix.meanSessionSeconds = 0;
    lab::TrafficMix traffic(mix);
    std::vector<cgn::SetupResult> results(4096);
    while (b.master->counts().sessions < sessions) {
        const std::size_t want = std::min<std::size_t>(4096, sessions - b.master->counts().sessions);
        const auto packets = traffic.opens(want);
        b.master->outbound(packets, std::span(results).first(want), kStart);
    }
    b.counts = b.master->counts();
    return b;
}

void BM_Batch(benchmark::State& state)
{
    const auto sessions = std::uint32_t(state.range(0));
    const BatchMaster& b = batchMaster(sessions);
    bool digestEqual = true;
    std::uint64_t problems = 0;
    std::size_t records = 0;
    std::size_t wire = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto standby = makeEngine(sessions, 1u << 16);
        standby->setStandby();
        auto link = connectLoopback();
        state.ResumeTiming();
        const std::vector<ChangeRecord> snapshot = b.master->exportTables(kStart);
        records = snapshot.size();
        std::thread sender([&] {
            std::vector<std::uint8_t> bytes;
            std::uint64_t seq = 0;
            wire = 0;
            for (std::size_t at = 0; at < snapshot.size(); at += 4096) {
                bytes.clear();
                ha::sync::encodeRecords(++seq, 0, true,
                                        std::span(snapshot).subspan(at, std::min<std::size_t>(4096, snapshot.size() - at)),
                                        bytes);
                wire += bytes.size();
                sendAll(link->sender, bytes);
            }
        });
        problems += receiveAndApply(link->receiver, *standby, snapshot.size(), kStart);
        sender.join();
        state.PauseTiming();
        digestEqual = digestEqual && standby->digest() == b.master->digest();
        standby.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(records));
    state.counters["sessions"] = double(b.counts.sessions);
    state.counters["users"] = double(b.counts.users);
    state.counters["port_blocks"] = double(b.counts.portBlocksUsed);
    state.counters["wire_bytes_per_record"] = double(wire) / double(records);
    state.counters["digest_equal"] = digestEqual ? 1 : 0;
    state.counters["rejected_or_refused"] = double(problems);
}

} // namespace

void BM_SubnetExtend(benchmark::State& state)
{
    using tandem::cgn::SubnetPool;
    std::uint64_t records = 0, bytes = 0, extends = 0;
    for (auto _ : state) {
        SubnetPool pool({"pool1", {{0xcb007100, 24}}, 27, 29, false});
        pool.assignInitial(1);
        pool.assignInitial(2);
        for (;;) {
            const tandem::cgn::SubnetResult r = pool.extend(1);
            if (!r.ok())
                break;
            const int both[] = {1, 2};
            tandem::ha::sync::Message m{1'000'000 + extends, 2'000'000,
                                        tandem::ha::sync::Subnets{tandem::ha::sync::Subnets::Kind::Changes,
                                                                  "pool1", {1, 2}, {*r.record},
                                                                  pool.digest(both), false}};
            std::vector<std::uint8_t> out;
            tandem::ha::sync::encode(m, out);
            bytes += out.size();
            ++records;
            ++extends;
        }
    }
    state.counters["records_per_extend"] = double(records) / double(extends);
    state.counters["frame_bytes_per_extend"] = double(bytes) / double(extends);
}

BENCHMARK(BM_SubnetExtend)->Name("SubnetExtend")->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WireBytes)->Name("WireBytes")->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Realtime)->Name("Realtime")->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Batch)->Name("Batch")->Arg(1'000'000)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
