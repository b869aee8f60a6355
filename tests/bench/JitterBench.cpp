// VRRP advert jitter of a real lab pair (two tandem-agent processes, TLS, loopback) while the
// agents do their heaviest work — what a false failover would come from:
//
//   build/bin/tandem-bench-jitter [--benchmark_filter=Batch] [--benchmark_repetitions=3]
//
// The adverts are captured outside the agents, from the loopback interface (a packet socket
// with a filter for the lab's VRRP port: it needs CAP_NET_RAW, i.e. root), and timed by the
// kernel as they pass. Per case, over every VRRP group's master at the case's start:
//
//   max_gap_ms        the largest gap between two consecutive adverts of the master (the time
//                     from its last advert to the case's end counts too, so a master that
//                     stops advertising shows) — goal: ≤ advert_ms + 10; max_gap_ms_A / _B:
//                     the same for the groups each device was master of
//   p99_gap_ms        the 99th percentile of those gaps
//   advert_ms         the configured advert interval
//   vrrp_transitions  service-locations that became master on either device during the case
//                     (tandem_switchovers_total; 0: no false failover)
//   channel_drops     times the backup channel went down and came up again during the case
//   loop_stall_max_ms_A / _B  the agents' own figure: the longest their event loop was held
//                     since start (tandem_event_loop_stall_seconds_max; -1: no such metric)
//   stalls_over_10ms_A / _B   how often it was held for more than 10 ms during the case
//                     (tandem_event_loop_stalls_total{over="0.01"}; -1: no such metric)
//
// The cases:
//   Validate   the master validates a 10 MB configuration (config.validate over the agent
//              protocol) while the pair runs; the case lasts until the master's CPU is idle
//              again (the client itself gives up after 15 s: valid = -1 then)
//   Batch      1+1: CGN-A holds 2 M sessions of service-location 1 (lab.fill) and sends them
//              again as a batch backup (ha.batchBackup); CGN-B applies it while it is master of
//              service-location 2 — both devices' adverts count
//   Traffic    1:1 at 100k session creates per second for 10 s

#include "BenchSupport.h"
#include "client/AgentClient.h"
#include "ctl/BlockingCall.h"
#include "ctl/Lab.h"
#include "protocol/JsonRpc.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using namespace tandem;
using labbench::location1;
using labbench::pause;

constexpr quint16 kVrrpPort = 11200; // the lab's vrrp-transport port (ctl/Lab.cpp)
constexpr int kAdvertMs = 100;

qint64 wallUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// VRRP adverts as they cross the loopback interface, kernel-timestamped, on a thread of their
// own so that nothing the benchmark waits for delays a timestamp.
class AdvertCapture
{
public:
    struct Advert
    {
        qint64 us = 0; // wall clock, as the kernel saw the packet
        std::uint32_t source = 0;
        std::uint8_t vrid = 0;
        std::uint8_t priority = 0;
    };

    ~AdvertCapture()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
        if (m_fd >= 0)
            ::close(m_fd);
    }

    bool start(QString* error)
    {
        m_fd = ::socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
        if (m_fd < 0) {
            *error = QStringLiteral("cannot open a packet socket (%1): the advert capture needs "
                                    "CAP_NET_RAW (run as root)")
                         .arg(QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        // udp and dst port kVrrpPort, on the IP packet (SOCK_DGRAM: no link header).
        sock_filter code[] = {
            BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 9),                    // protocol
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 6),
            BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 6),                    // fragment offset
            BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, 4, 0),
            BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),                   // x = IP header length
            BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),                    // UDP destination port
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kVrrpPort, 0, 1),
            BPF_STMT(BPF_RET | BPF_K, 0xffff),
            BPF_STMT(BPF_RET | BPF_K, 0),
        };
        sock_fprog program{static_cast<unsigned short>(std::size(code)), code};
        const int on = 1;
        sockaddr_ll address{};
        address.sll_family = AF_PACKET;
        address.sll_protocol = htons(ETH_P_IP);
        address.sll_ifindex = int(::if_nametoindex("lo"));
        if (::setsockopt(m_fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) != 0
            || ::setsockopt(m_fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0
            || ::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            *error = QStringLiteral("cannot set up the advert capture on lo: %1")
                         .arg(QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        m_thread = std::thread([this] { run(); });
        return true;
    }

    std::vector<Advert> since(qint64 us) const
    {
        std::lock_guard lock(m_mutex);
        std::vector<Advert> out;
        for (const Advert& a : m_adverts)
            if (a.us >= us)
                out.push_back(a);
        return out;
    }

private:
    void run()
    {
        std::uint8_t packet[2048];
        alignas(cmsghdr) char control[256];
        while (!m_stop) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0)
                continue;
            sockaddr_ll from{};
            iovec io{packet, sizeof packet};
            msghdr message{};
            message.msg_name = &from;
            message.msg_namelen = sizeof from;
            message.msg_iov = &io;
            message.msg_iovlen = 1;
            message.msg_control = control;
            message.msg_controllen = sizeof control;
            const ssize_t n = ::recvmsg(m_fd, &message, 0);
            // Loopback shows every packet twice, leaving and arriving: the arrival counts.
            if (n < 28 || from.sll_pkttype == PACKET_OUTGOING)
                continue;
            qint64 us = wallUs();
            for (cmsghdr* c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c))
                if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                    timespec ts;
                    std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
                    us = qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
                }
            const std::size_t ipHeader = std::size_t(packet[0] & 0x0f) * 4;
            if (std::size_t(n) < ipHeader + 8 + 3)
                continue;
            const std::uint8_t* vrrp = packet + ipHeader + 8;
            std::uint32_t source;
            std::memcpy(&source, packet + 12, 4);
            std::lock_guard lock(m_mutex);
            m_adverts.push_back({us, ntohl(source), vrrp[1], vrrp[2]});
        }
    }

    int m_fd = -1;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::vector<Advert> m_adverts;
};

AdvertCapture* capture(QString* error)
{
    static std::unique_ptr<AdvertCapture> instance;
    static QString failure;
    if (!instance && failure.isEmpty()) {
        auto c = std::make_unique<AdvertCapture>();
        if (c->start(&failure))
            instance = std::move(c);
    }
    *error = failure;
    return instance.get();
}

struct Gaps
{
    double maxMs = 0;
    double p99Ms = 0;
    std::size_t adverts = 0;
    std::map<std::uint32_t, double> maxMsBySource; // per device
};

// Per VRRP group of the lab: its master at `fromUs` (the last to advertise before), and the gaps
// between that master's consecutive adverts up to `toUs`, the silence at the end included.
Gaps gapsOf(const std::vector<AdvertCapture::Advert>& adverts, const std::vector<std::uint32_t>& lab,
            qint64 fromUs, qint64 toUs)
{
    std::map<std::uint8_t, std::uint32_t> masterOf;
    for (const auto& a : adverts)
        if (a.us < fromUs && a.priority > 0 && std::find(lab.begin(), lab.end(), a.source) != lab.end())
            masterOf[a.vrid] = a.source;
    std::vector<double> gaps;
    Gaps out;
    for (const auto& [vrid, source] : masterOf) {
        const std::size_t first = gaps.size();
        std::optional<qint64> last;
        for (const auto& a : adverts) {
            if (a.vrid != vrid || a.source != source || a.us > toUs)
                continue;
            if (a.us >= fromUs) {
                ++out.adverts;
                if (last)
                    gaps.push_back(double(a.us - *last) / 1000.0);
            }
            last = a.us;
        }
        if (last)
            gaps.push_back(double(toUs - *last) / 1000.0);
        for (std::size_t i = first; i < gaps.size(); ++i)
            out.maxMsBySource[source] = std::max(out.maxMsBySource[source], gaps[i]);
    }
    if (gaps.empty())
        return out;
    std::sort(gaps.begin(), gaps.end());
    out.maxMs = gaps.back();
    out.p99Ms = gaps[std::min(gaps.size() - 1, gaps.size() * 99 / 100)];
    return out;
}

// One value of the agent's Prometheus text: the first sample of `name` (a family, or one
// sample with its labels), or the sum of all its samples; nullopt when the agent has none.
std::optional<double> metric(const client::LabDevice& device, const QByteArray& name, bool sum = false)
{
    QTcpSocket socket;
    socket.connectToHost(device.address, device.metricsPort);
    if (!socket.waitForConnected(2000))
        return std::nullopt;
    socket.write("GET /metrics HTTP/1.0\r\nHost: lab\r\n\r\n");
    QByteArray text;
    QDeadlineTimer deadline(5000);
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired())
        if (socket.waitForReadyRead(int(deadline.remainingTime())))
            text += socket.readAll();
    text += socket.readAll();
    std::optional<double> value;
    for (const QByteArray& line : text.split('\n')) {
        if (!line.startsWith(name) || (line.size() > name.size() && line[name.size()] != ' '
                                       && line[name.size()] != '{' && !name.endsWith('}')))
            continue;
        const double v = line.mid(line.lastIndexOf(' ') + 1).toDouble();
        if (!sum)
            return v;
        value = value.value_or(0) + v;
    }
    return value;
}

struct Lab : labbench::BenchLab
{
    bool up(client::LabMode mode, int sessionTable, const QString& base)
    {
        ctl::LabUpOptions options;
        options.mode = mode;
        options.baseAddress = base;
        options.advertMs = kAdvertMs;
        options.rate = 0;
        options.sessionTable = sessionTable;
        return start(options);
    }
    std::vector<std::uint32_t> addresses() const
    {
        std::vector<std::uint32_t> out;
        for (const client::LabDevice& d : lab->devices)
            out.push_back(QHostAddress(d.address).toIPv4Address());
        return out;
    }
    bool fill(int sessions)
    {
        return labbench::fillAndWait(*links[0], 1, sessions, 180000, &error);
    }
    // Every master's batch is finished and every standby complete, on both devices.
    bool healthy(int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        QString last;
        while (!deadline.hasExpired()) {
            bool ok = true;
            for (int i = 0; i < 2 && ok; ++i) {
                const auto s = call(i, QStringLiteral("ha.status"));
                if (!s) {
                    ok = false;
                    break;
                }
                for (const QJsonValue& v : s->value(QStringLiteral("serviceLocations")).toArray()) {
                    const QJsonObject l = v.toObject();
                    const bool master = l.value(QStringLiteral("role")).toString() == QLatin1String("master");
                    if (master ? l.value(QStringLiteral("batchBackupState")).toString() != QLatin1String("finished")
                               : !l.value(QStringLiteral("complete")).toBool()) {
                        ok = false;
                        last = QString::fromUtf8(QJsonDocument(l).toJson(QJsonDocument::Compact));
                    }
                }
            }
            if (ok)
                return true;
            pause(100);
        }
        error = QStringLiteral("the pair did not become healthy within %1 s: %2").arg(timeoutMs / 1000).arg(last);
        return false;
    }
    // The standby holds every session of service-location 1 that the master does (the fill's
    // creates held by delay-time are out too).
    bool inStep(int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            const auto a = call(0, QStringLiteral("ha.status"));
            const auto b = call(1, QStringLiteral("ha.status"));
            if (a && b && location1(*a).value(QStringLiteral("sessions")) == location1(*b).value(QStringLiteral("sessions")))
                return healthy(timeoutMs);
            pause(200);
        }
        error = QStringLiteral("the standby did not get every session within %1 s").arg(timeoutMs / 1000);
        return false;
    }
    // What a case's figures are measured against: switchovers and channel ups so far.
    struct Mark
    {
        qint64 us = 0;
        double switchovers = 0;
        qint64 connects = 0;
        std::optional<double> stalls[2];
    };
    std::optional<Mark> mark()
    {
        Mark m;
        for (int i = 0; i < 2; ++i) {
            m.switchovers += metric(lab->devices[i], "tandem_switchovers_total", true).value_or(0);
            m.stalls[i] = metric(lab->devices[i], "tandem_event_loop_stalls_total{over=\"0.01\"}");
        }
        const auto s = call(0, QStringLiteral("ha.status"));
        if (!s)
            return std::nullopt;
        m.connects = s->value(QStringLiteral("channel")).toObject().value(QStringLiteral("connects")).toInteger();
        m.us = wallUs();
        return m;
    }
    // The case's figures, from `start` to now.
    bool report(benchmark::State& state, const Mark& start)
    {
        const qint64 endUs = wallUs();
        pause(300); // the last adverts reach the capture
        QString failure;
        AdvertCapture* c = capture(&failure);
        const Gaps gaps = gapsOf(c->since(start.us - 2000000), addresses(), start.us, endUs);
        const auto end = mark();
        if (!end)
            return false;
        state.SetIterationTime(double(endUs - start.us) / 1e6);
        state.counters["max_gap_ms"] = gaps.maxMs;
        const std::vector<std::uint32_t> devices = addresses();
        for (int i = 0; i < 2; ++i)
            if (const auto it = gaps.maxMsBySource.find(devices[std::size_t(i)]); it != gaps.maxMsBySource.end())
                state.counters[i == 0 ? "max_gap_ms_A" : "max_gap_ms_B"] = it->second;
        state.counters["p99_gap_ms"] = gaps.p99Ms;
        state.counters["advert_ms"] = kAdvertMs;
        state.counters["adverts"] = double(gaps.adverts);
        state.counters["vrrp_transitions"] = end->switchovers - start.switchovers;
        state.counters["channel_drops"] = double(end->connects - start.connects);
        for (int i = 0; i < 2; ++i) {
            const auto stall = metric(lab->devices[i], "tandem_event_loop_stall_seconds_max");
            state.counters[i == 0 ? "loop_stall_max_ms_A" : "loop_stall_max_ms_B"] = stall ? *stall * 1000.0 : -1;
            state.counters[i == 0 ? "stalls_over_10ms_A" : "stalls_over_10ms_B"] =
                start.stalls[i] && end->stalls[i] ? *end->stalls[i] - *start.stalls[i] : -1;
        }
        return true;
    }
};

// CPU time (user + system) of a process so far, from /proc.
double cpuSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / double(::sysconf(_SC_CLK_TCK));
}

// Until the process has used less than 10 % of a CPU over the last 200 ms (its work is done,
// wherever in it that ran), at most `timeoutMs`.
void waitIdle(qint64 pid, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    double last = cpuSeconds(pid);
    while (!deadline.hasExpired()) {
        pause(200);
        const double now = cpuSeconds(pid);
        if (now - last < 0.02)
            return;
        last = now;
    }
}

QString baseFor(int n)
{
    return QStringLiteral("127.83.%1.11").arg(n % 200);
}

bool ready(benchmark::State& state)
{
    QString error;
    if (!capture(&error)) {
        state.SkipWithError(error.toStdString().c_str());
        return false;
    }
    return true;
}

// A valid configuration of about `bytes`: the running one with loopback interfaces added.
QString bigConfig(const QString& running, qsizetype bytes)
{
    QString filler;
    for (int i = 0; filler.size() < bytes; ++i)
        filler += QStringLiteral("interface LoopBack%1\n ip address 10.%2.%3.%4 255.255.255.255\n#\n")
                      .arg(i + 1)
                      .arg((i >> 16) & 0xff)
                      .arg((i >> 8) & 0xff)
                      .arg(i & 0xff);
    QString text = running;
    const qsizetype at = text.indexOf(QStringLiteral("\ntandem-agent\n"));
    text.insert(at < 0 ? 0 : at + 1, filler);
    return text;
}

void BM_Validate(benchmark::State& state)
{
    static int labs = 0;
    for (auto _ : state) {
        if (!ready(state))
            return;
        Lab lab;
        if (!lab.up(client::LabMode::OneToOne, 1 << 20, baseFor(labs++)) || !lab.healthy(60000)) {
            state.SkipWithError(lab.error.toStdString().c_str());
            return;
        }
        const auto running = lab.call(0, QLatin1String(protocol::method::kConfigGet));
        if (!running) {
            state.SkipWithError(lab.error.toStdString().c_str());
            return;
        }
        const QString text = bigConfig(running->value(QStringLiteral("text")).toString(), 10 << 20);
        pause(1000);
        const auto start = lab.mark();
        if (!start) {
            state.SkipWithError(lab.error.toStdString().c_str());
            return;
        }
        QElapsedTimer took;
        took.start();
        const auto result = lab.call(0, QLatin1String(protocol::method::kConfigValidate),
                                     {{QStringLiteral("text"), text}}, 180000);
        state.counters["validate_ms"] = double(took.elapsed());
        if (!result)
            std::fprintf(stderr, "config.validate failed: %s\n", qPrintable(lab.error));
        // The client gives up after 15 s; the case lasts until the agent is done with it.
        waitIdle(lab.lab->devices[0].pid, 180000);
        state.counters["config_mb"] = double(text.toUtf8().size()) / double(1 << 20);
        state.counters["valid"] = result ? double(result->value(QStringLiteral("valid")).toBool()) : -1;
        if (!lab.report(state, *start))
            state.SkipWithError(lab.error.toStdString().c_str());
    }
}

void BM_Batch(benchmark::State& state)
{
    const int sessions = int(state.range(0));
    static int labs = 50;
    for (auto _ : state) {
        if (!ready(state))
            return;
        Lab lab;
        if (!lab.up(client::LabMode::OnePlusOne, sessions + sessions / 2, baseFor(labs++))
            || !lab.fill(sessions) || !lab.inStep(180000)) {
            state.SkipWithError(lab.error.toStdString().c_str());
            return;
        }
        pause(1000);
        const auto start = lab.mark();
        const auto before = lab.call(1, QStringLiteral("ha.status"));
        if (!start || !before
            || !lab.call(0, QStringLiteral("ha.batchBackup"), {{QStringLiteral("serviceLocation"), 1}})) {
            state.SkipWithError(lab.error.toStdString().c_str());
            return;
        }
        // Until the standby has applied the batch and compared its digests.
        const qint64 lastBefore =
            location1(*before).value(QStringLiteral("lastBatch")).toObject().value(QStringLiteral("batchId")).toInteger();
        QDeadlineTimer deadline(120000);
        std::optional<QJsonObject> done;
        while (!deadline.hasExpired() && !done) {
            pause(20);
            const auto b = lab.call(1, QStringLiteral("ha.status"));
            if (!b)
                continue;
            const QJsonObject last = location1(*b).value(QStringLiteral("lastBatch")).toObject();
            if (last.value(QStringLiteral("batchId")).toInteger() != lastBefore)
                done = last;
        }
        if (!done) {
            state.SkipWithError("the standby did not finish the batch within 120 s");
            return;
        }
        state.counters["batch_records"] = double(done->value(QStringLiteral("records")).toInteger());
        state.counters["standby_apply_ms"] = double(done->value(QStringLiteral("durationMs")).toInteger());
        state.counters["digests_equal"] = double(done->value(QStringLiteral("digestEqual")).toBool());
        if (!lab.report(state, *start))
            state.SkipWithError(lab.error.toStdString().c_str());
    }
}

void BM_Traffic(benchmark::State& state)
{
    const double rate = double(state.range(0));
    static int labs = 100;
    for (auto _ : state) {
        if (!ready(state))
            return;
        Lab lab;
        if (!lab.up(client::LabMode::OneToOne, 1 << 21, baseFor(labs++))
            || !ctl::startLabTraffic(*lab.lab,
                                     {{QStringLiteral("rate"), rate},
                                      {QStringLiteral("subscribers"), 20000},
                                      {QStringLiteral("churnSeconds"), 2}},
                                     &lab.error)
            || !lab.healthy(60000)) {
            state.SkipWithError(lab.error.toStdString().c_str());
            return;
        }
        pause(4000); // warm-up: the table reaches rate × 2 s
        const auto start = lab.mark();
        const auto before = lab.call(0, QStringLiteral("lab.status"));
        if (!start || !before) {
            state.SkipWithError(lab.error.toStdString().c_str());
            return;
        }
        pause(10000);
        const auto after = lab.call(0, QStringLiteral("lab.status"));
        if (after) {
            auto created = [](const QJsonObject& s) {
                return double(s.value(QStringLiteral("traffic")).toObject().value(QStringLiteral("total"))
                                  .toObject().value(QStringLiteral("created")).toInteger());
            };
            state.counters["creates_per_s"] = (created(*after) - created(*before)) / 10.0;
        }
        if (!lab.report(state, *start))
            state.SkipWithError(lab.error.toStdString().c_str());
    }
}

} // namespace

BENCHMARK(BM_Validate)->Name("Validate/10MB")->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Batch)->Name("Batch")->Arg(2000000)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Traffic)->Name("Traffic")->Arg(100000)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1);

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
