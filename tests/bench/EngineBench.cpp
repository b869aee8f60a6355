// tandem-bench-engine: the CGN table engine on one core, after RFC 9693 (connection setup rate,
// teardown rate, table capacity) with the FD.io CSIT NAT44 scale steps: 64,512 / 1,032,192 /
// 4,128,768 sessions at 1024 users per public address (63 ports, i.e. 63 sessions, per user).
//
//   Setup/N      full setup: user lookup or create, port allocation, both directions indexed,
//                timer armed, change record emitted — on an empty table, up to N sessions
//   Lookup/N     inside → outside and outside → inside lookups on a full table, in vectors of
//                256 packets (as a data plane receives them); items = lookups
//   LookupScalar/N  the same one key at a time
//   Teardown/N   removal of every session (port held, record emitted), random order
//   Aging/N      the timer wheel ageing a full table out
//   Reference/…  the same workload on a plain std::unordered_map engine (tests/bench/ReferenceEngine)
//   Compare/N    both engines in the same run; counters setup_ratio, lookup_ratio, teardown_ratio
//   LoadBalancing/N  setup on an engine of a load-balanced location (NAT load balancing: the
//                engine has a global pool four times the addresses, its subnets — as many
//                addresses as the plain engine's — are the allocatable ones) against the plain
//                engine, alternately in the same run; counter lb_setup_ratio = its rate / plain
//
// Counters: bytes_per_session = every byte the engine holds / sessions, at a full table.

#include "ReferenceEngine.h"
#include "cgn/CgnEngine.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <random>

using namespace tandem::cgn;

namespace {

constexpr std::uint32_t kSessionsPerUser = 63;
constexpr std::uint32_t kUsersPerAddress = 1024;
constexpr Seconds kStart = 1000;

// Touches every record so that emitting them cannot be optimised away.
class CountingSink final : public ChangeSink
{
public:
    void consume(std::span<const ChangeRecord> records) override
    {
        for (const ChangeRecord& r : records)
            m_checksum += r.outsidePort;
        m_count += records.size();
    }
    std::uint64_t count() const { return m_count; }

private:
    std::uint64_t m_count = 0;
    std::uint64_t m_checksum = 0;
};

EngineConfig configFor(std::uint32_t sessions)
{
    const std::uint32_t users = sessions / kSessionsPerUser;
    const std::uint32_t addresses = (users + kUsersPerAddress - 1) / kUsersPerAddress;
    EngineConfig config;
    config.maxSessions = sessions;
    config.maxUsers = users;
    config.firstPort = 1024;
    config.lastPort = 65535;
    config.portBlockSize = 63; // 64,512 ports / 63 = 1024 blocks: one per user
    config.blocksPerUser = 1;
    config.randomSeed = 42;
    const std::uint32_t first = 0xcb007100; // 203.0.113.0
    config.groups.push_back({"bench", 0, {{first, first + addresses - 1}}});
    return config;
}

struct Workload
{
    std::vector<InsideEndpoint> inside; // random order over all users
};

const Workload& workloadFor(std::uint32_t sessions)
{
    static std::map<std::uint32_t, Workload> cache;
    Workload& w = cache[sessions];
    if (!w.inside.empty())
        return w;
    const std::uint32_t users = sessions / kSessionsPerUser;
    w.inside.reserve(std::size_t(users) * kSessionsPerUser);
    for (std::uint32_t u = 0; u < users; ++u) {
        const std::uint32_t cpe = 0x64400000 + u; // 100.64.0.0/10, RFC 6598 shared space
        for (std::uint32_t j = 0; j < kSessionsPerUser; ++j)
            w.inside.push_back({UserKey::nat44(0, cpe), cpe, std::uint16_t(20000 + j * 17), Protocol::Udp});
    }
    std::shuffle(w.inside.begin(), w.inside.end(), std::mt19937_64(7));
    return w;
}

const RemoteEndpoint kRemote{0x08080808, 53};

std::unique_ptr<CgnEngine> makeEngine(std::uint32_t sessions)
{
    std::string error;
    auto engine = CgnEngine::create(configFor(sessions), &error);
    if (!engine)
        std::abort();
    return engine;
}

void fill(CgnEngine& engine, const Workload& w, std::vector<SessionId>* ids = nullptr,
          std::vector<OutsideEndpoint>* outside = nullptr)
{
    for (const InsideEndpoint& in : w.inside) {
        const SetupResult r = engine.outbound(in, kRemote, 0, kStart);
        if (!r.created)
            std::abort(); // the workload is sized to fit exactly
        if (ids)
            ids->push_back(r.session);
        if (outside)
            outside->push_back(r.outside);
    }
}

std::vector<OutboundPacket> packetsFor(const Workload& w)
{
    std::vector<OutboundPacket> packets;
    packets.reserve(w.inside.size());
    for (const InsideEndpoint& in : w.inside)
        packets.push_back({in, kRemote, 0});
    return packets;
}

constexpr std::size_t kVector = 256; // packets per vector, as a data plane receives them

void BM_Setup(benchmark::State& state, std::uint32_t sessions, bool vectored)
{
    const Workload& w = workloadFor(sessions);
    const std::vector<OutboundPacket> packets = packetsFor(w);
    std::vector<SetupResult> results(kVector);
    CountingSink sink;
    std::size_t bytes = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto engine = makeEngine(sessions);
        engine->setSink(&sink);
        state.ResumeTiming();
        if (vectored) {
            for (std::size_t base = 0; base < packets.size(); base += kVector) {
                const std::size_t n = std::min(kVector, packets.size() - base);
                engine->outbound(std::span(packets).subspan(base, n), results, kStart);
            }
        } else {
            for (const InsideEndpoint& in : w.inside)
                benchmark::DoNotOptimize(engine->outbound(in, kRemote, 0, kStart));
        }
        engine->flush();
        state.PauseTiming();
        if (engine->counts().sessions != w.inside.size())
            state.SkipWithError("not every session was created");
        bytes = engine->memoryBytes();
        engine.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations() * w.inside.size()));
    state.counters["bytes_per_session"] = double(bytes) / double(w.inside.size());
    state.counters["records_per_setup"] =
        double(sink.count()) / double(state.iterations() * w.inside.size());
}

void BM_Lookup(benchmark::State& state, std::uint32_t sessions, bool vectored)
{
    const Workload& w = workloadFor(sessions);
    auto engine = makeEngine(sessions);
    std::vector<OutsideEndpoint> outside;
    fill(*engine, w, nullptr, &outside);
    std::shuffle(outside.begin(), outside.end(), std::mt19937_64(9));
    std::vector<SessionId> found(kVector);
    std::uint64_t misses = 0;
    for (auto _ : state) {
        for (std::size_t base = 0; base < w.inside.size(); base += kVector) {
            const std::size_t n = std::min(kVector, w.inside.size() - base);
            if (vectored) {
                engine->findInside(std::span(w.inside).subspan(base, n), std::span(found).first(n));
                misses += std::count(found.begin(), found.begin() + long(n), kNoSession);
                engine->findOutside(std::span(outside).subspan(base, n), std::span(found).first(n));
                misses += std::count(found.begin(), found.begin() + long(n), kNoSession);
            } else {
                for (std::size_t i = base; i < base + n; ++i) {
                    misses += engine->findInside(w.inside[i]) == kNoSession;
                    misses += engine->findOutside(outside[i]) == kNoSession;
                }
            }
        }
    }
    if (misses)
        state.SkipWithError("a lookup missed");
    state.SetItemsProcessed(std::int64_t(state.iterations() * w.inside.size() * 2));
}

void BM_Teardown(benchmark::State& state, std::uint32_t sessions, bool vectored)
{
    const Workload& w = workloadFor(sessions);
    CountingSink sink;
    for (auto _ : state) {
        state.PauseTiming();
        auto engine = makeEngine(sessions);
        std::vector<SessionId> ids;
        ids.reserve(w.inside.size());
        fill(*engine, w, &ids);
        std::shuffle(ids.begin(), ids.end(), std::mt19937_64(11));
        engine->setSink(&sink);
        state.ResumeTiming();
        if (vectored) {
            for (std::size_t base = 0; base < ids.size(); base += kVector)
                engine->remove(std::span(ids).subspan(base, std::min(kVector, ids.size() - base)),
                               kStart + 1);
        } else {
            for (SessionId id : ids)
                engine->remove(id, kStart + 1);
        }
        engine->flush();
        state.PauseTiming();
        if (engine->counts().sessions != 0)
            state.SkipWithError("sessions left after teardown");
        engine.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations() * w.inside.size()));
}

void BM_Aging(benchmark::State& state, std::uint32_t sessions)
{
    const Workload& w = workloadFor(sessions);
    CountingSink sink;
    for (auto _ : state) {
        state.PauseTiming();
        auto engine = makeEngine(sessions);
        fill(*engine, w);
        engine->setSink(&sink);
        state.ResumeTiming();
        engine->advance(kStart + engine->config().timeouts.udp);
        engine->flush();
        state.PauseTiming();
        if (engine->counts().sessions != 0)
            state.SkipWithError("sessions left after ageing");
        engine.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations() * w.inside.size()));
}

// ---------------------------------------------------------------- the reference engine

std::unique_ptr<bench::ReferenceEngine> makeReference(std::uint32_t sessions)
{
    std::string error;
    auto engine = bench::ReferenceEngine::create(configFor(sessions), &error);
    if (!engine)
        std::abort();
    return engine;
}

struct Rates
{
    double setup = 0, lookup = 0, teardown = 0; // per second
};

template<typename Engine>
Rates measure(Engine& engine, const Workload& w)
{
    using Clock = std::chrono::steady_clock;
    auto rate = [](std::size_t n, Clock::duration d) {
        return double(n) / std::chrono::duration<double>(d).count();
    };
    Rates rates;
    std::vector<SessionId> ids;
    std::vector<OutsideEndpoint> outside;
    ids.reserve(w.inside.size());
    outside.reserve(w.inside.size());
    auto t0 = Clock::now();
    for (const InsideEndpoint& in : w.inside) {
        const SetupResult r = engine.outbound(in, kRemote, 0, kStart);
        ids.push_back(r.session);
        outside.push_back(r.outside);
    }
    rates.setup = rate(w.inside.size(), Clock::now() - t0);
    std::uint64_t misses = 0;
    t0 = Clock::now();
    for (std::size_t i = 0; i < w.inside.size(); ++i) {
        misses += engine.findInside(w.inside[i]) == kNoSession;
        misses += engine.findOutside(outside[w.inside.size() - 1 - i]) == kNoSession;
    }
    rates.lookup = rate(2 * w.inside.size(), Clock::now() - t0);
    benchmark::DoNotOptimize(misses);
    t0 = Clock::now();
    for (SessionId id : ids)
        engine.remove(id, kStart + 1);
    rates.teardown = rate(ids.size(), Clock::now() - t0);
    return rates;
}

void BM_ReferenceSetup(benchmark::State& state, std::uint32_t sessions)
{
    const Workload& w = workloadFor(sessions);
    for (auto _ : state) {
        state.PauseTiming();
        auto engine = makeReference(sessions);
        state.ResumeTiming();
        for (const InsideEndpoint& in : w.inside)
            benchmark::DoNotOptimize(engine->outbound(in, kRemote, 0, kStart));
        state.PauseTiming();
        if (engine->sessionCount() != w.inside.size())
            state.SkipWithError("not every session was created");
        engine.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations() * w.inside.size()));
}

// One key at a time, both directions: the reference has no vector API.
void BM_ReferenceLookup(benchmark::State& state, std::uint32_t sessions)
{
    const Workload& w = workloadFor(sessions);
    auto engine = makeReference(sessions);
    std::vector<OutsideEndpoint> outside;
    for (const InsideEndpoint& in : w.inside)
        outside.push_back(engine->outbound(in, kRemote, 0, kStart).outside);
    std::shuffle(outside.begin(), outside.end(), std::mt19937_64(9));
    std::uint64_t misses = 0;
    for (auto _ : state) {
        for (std::size_t i = 0; i < w.inside.size(); ++i) {
            misses += engine->findInside(w.inside[i]) == kNoSession;
            misses += engine->findOutside(outside[i]) == kNoSession;
        }
    }
    if (misses)
        state.SkipWithError("a lookup missed");
    state.SetItemsProcessed(std::int64_t(state.iterations() * w.inside.size() * 2));
}

void BM_ReferenceTeardown(benchmark::State& state, std::uint32_t sessions)
{
    const Workload& w = workloadFor(sessions);
    for (auto _ : state) {
        state.PauseTiming();
        auto engine = makeReference(sessions);
        std::vector<SessionId> ids;
        for (const InsideEndpoint& in : w.inside)
            ids.push_back(engine->outbound(in, kRemote, 0, kStart).session);
        std::shuffle(ids.begin(), ids.end(), std::mt19937_64(11));
        state.ResumeTiming();
        for (SessionId id : ids)
            engine->remove(id, kStart + 1);
        state.PauseTiming();
        engine.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations() * w.inside.size()));
}

// Both engines, same keys, same run, scalar calls on both sides: the ratio is like for like.
void BM_Compare(benchmark::State& state, std::uint32_t sessions)
{
    const Workload& w = workloadFor(sessions);
    std::vector<double> setup, lookup, teardown;
    for (auto _ : state) {
        state.PauseTiming();
        auto ours = makeEngine(sessions);
        CountingSink sink;
        ours->setSink(&sink);
        auto reference = makeReference(sessions);
        state.ResumeTiming();
        const Rates a = measure(*ours, w);
        const Rates b = measure(*reference, w);
        setup.push_back(a.setup / b.setup);
        lookup.push_back(a.lookup / b.lookup);
        teardown.push_back(a.teardown / b.teardown);
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    state.counters["setup_ratio"] = median(setup);
    state.counters["lookup_ratio"] = median(lookup);
    state.counters["teardown_ratio"] = median(teardown);
}

constexpr std::int64_t kSteps[] = {64512, 1032192, 4128768};

// Setup of every session of the workload on a fresh engine; seconds.
double timedSetup(CgnEngine& engine, const std::vector<OutboundPacket>& packets)
{
    std::vector<SetupResult> results(kVector);
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t base = 0; base < packets.size(); base += kVector) {
        const std::size_t n = std::min(kVector, packets.size() - base);
        engine.outbound(std::span(packets).subspan(base, n), results, kStart);
    }
    engine.flush();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void BM_LoadBalancing(benchmark::State& state, std::uint32_t sessions)
{
    const Workload& w = workloadFor(sessions);
    const std::vector<OutboundPacket> packets = packetsFor(w);
    CountingSink sink;
    double plainSeconds = 0, lbSeconds = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto plain = makeEngine(sessions);
        plain->setSink(&sink);
        EngineConfig config = configFor(sessions);
        const AddressRange own = config.groups[0].sections[0];
        const std::uint32_t addresses = own.last - own.first + 1;
        config.groups[0].sections[0].last = own.first + 4 * addresses - 1; // the whole pool
        std::string error;
        auto lb = CgnEngine::create(config, &error);
        if (!lb)
            std::abort();
        lb->setAllocatable(config.groups[0].sections[0], false);
        lb->setAllocatable(own, true); // this location's subnets
        lb->setSink(&sink);
        state.ResumeTiming();
        plainSeconds += timedSetup(*plain, packets);
        lbSeconds += timedSetup(*lb, packets);
        state.PauseTiming();
        if (lb->counts().sessions != w.inside.size() || plain->counts().sessions != w.inside.size())
            state.SkipWithError("not every session was created");
        if (lb->usage(own).blocksUsed != lb->counts().portBlocksUsed)
            state.SkipWithError("a block outside the location's subnets");
        plain.reset();
        lb.reset();
        state.ResumeTiming();
    }
    const double n = double(state.iterations() * w.inside.size());
    state.counters["plain_setups_per_s"] = n / plainSeconds;
    state.counters["lb_setups_per_s"] = n / lbSeconds;
    state.counters["lb_setup_ratio"] = plainSeconds / lbSeconds;
}

void registerAll()
{
    for (std::int64_t step : kSteps) {
        const auto n = std::uint32_t(step);
        const std::string suffix = "/" + std::to_string(n);
        auto add = [&](const std::string& name, auto fn, auto... args) {
            benchmark::RegisterBenchmark((name + suffix).c_str(), fn, n, args...)
                ->Unit(benchmark::kMillisecond);
        };
        add("Setup", BM_Setup, true);
        add("SetupScalar", BM_Setup, false);
        add("Lookup", BM_Lookup, true);
        add("LookupScalar", BM_Lookup, false);
        add("Teardown", BM_Teardown, true);
        add("TeardownScalar", BM_Teardown, false);
        add("Aging", BM_Aging);
        add("Reference/Setup", BM_ReferenceSetup);
        add("Reference/Lookup", BM_ReferenceLookup);
        add("Reference/Teardown", BM_ReferenceTeardown);
        benchmark::RegisterBenchmark(("Compare" + suffix).c_str(), BM_Compare, n)
            ->Iterations(3)
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("LoadBalancing" + suffix).c_str(), BM_LoadBalancing, n)
            ->Iterations(3)
            ->Unit(benchmark::kMillisecond);
    }
}

} // namespace

int main(int argc, char** argv)
{
    registerAll();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
