#pragma once

// What the hot-backup tests share: an in-process transport joining two HotBackups, the lab
// pair's configurations, devices and traffic.

#include "TestSupport.h"
#include "config/LabPair.h"
#include "ha/HaNode.h"
#include "ha/HotBackup.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QTimer>
#include <gtest/gtest.h>

#include <deque>
#include <limits>

namespace tandem::ha::fixtures {

// One end of an in-process pair. Sends arrive at the other end on the next event-loop turn,
// in order, as over a real channel; batch records are acked back the same way, then the sender
// hears `writable`. A test can shrink the queue (`capacity`), pause batches (`batchPaused`), hold
// batch ends (`holdBatches`) and lose batch records (`dropBatchRecords`). While an end's
// receiving is paused (pauseReceiving), what is sent to it waits in its inbox, in order.
class PairEnd final : public SyncTransport
{
public:
    PairEnd* other = nullptr;
    bool up = false;
    std::size_t capacity = std::numeric_limits<std::size_t>::max(); // real-time records it takes now
    bool batchPaused = false;
    bool holdBatches = false; // a batch end, and all after it, wait for release()
    bool dropBatchRecords = false;
    std::uint64_t recordsSent = 0;       // real-time records taken
    std::uint64_t batchRecordsSent = 0;
    std::uint64_t batchBegins = 0;
    std::uint64_t subnetMessages = 0;    // sync::Subnets sent
    std::uint64_t subnetRecordsSent = 0; // subnet records in them
    std::chrono::steady_clock::time_point upSince{};
    SyncEvents events;

    void setEvents(SyncEvents e) override { events = std::move(e); }
    bool isUp() const override { return up; }
    bool sendRecords(std::span<const cgn::ChangeRecord> records) override
    {
        if (!up || records.size() > capacity)
            return false;
        if (capacity != std::numeric_limits<std::size_t>::max())
            capacity -= records.size();
        recordsSent += records.size();
        std::vector<cgn::ChangeRecord> copy(records.begin(), records.end());
        post([o = other, copy] {
            if (o->events.records)
                o->events.records(copy, false);
        });
        return true;
    }
    std::size_t queueRoom() const override { return up ? capacity : 0; }
    std::size_t batchRoom() override { return up && !batchPaused && capacity > 0 ? 4096 : 0; }
    bool sendBatchBegin(int sl, std::uint64_t id, const sync::TableCounts& expected) override
    {
        if (!up)
            return false;
        ++batchBegins;
        post([o = other, sl, id, expected] {
            if (o->events.batchBegin)
                o->events.batchBegin(sl, id, expected);
        });
        return true;
    }
    bool sendBatchRecords(int sl, std::uint64_t id, std::span<const cgn::ChangeRecord> records) override
    {
        if (!up)
            return false;
        batchRecordsSent += records.size();
        if (dropBatchRecords)
            return true;
        std::vector<cgn::ChangeRecord> copy(records.begin(), records.end());
        post([this, o = other, sl, id, copy] {
            if (o->events.records)
                o->events.records(copy, true);
            o->post([this, sl, id, n = copy.size()] {
                if (events.batchAcked)
                    events.batchAcked(sl, id, n, false);
                if (events.writable)
                    events.writable();
            });
        });
        return true;
    }
    bool sendBatchEnd(int sl, std::uint64_t id, const cgn::Digest& digest, const sync::TableCounts& counts) override
    {
        if (!up)
            return false;
        auto end = [o = other, sl, id, digest, counts] {
            if (o->events.batchEnd)
                o->events.batchEnd(sl, id, digest, counts);
        };
        if (holdBatches)
            m_holding = true;
        post(end);
        return true;
    }
    bool sendDigest(int sl, const cgn::Digest& digest, const sync::TableCounts& counts) override
    {
        if (!up)
            return false;
        post([o = other, sl, digest, counts] {
            if (o->events.digest)
                o->events.digest(sl, digest, counts);
        });
        return true;
    }
    bool sendCheckResult(int sl, std::uint64_t id, bool equal, const sync::TableCounts& counts) override
    {
        if (!up)
            return false;
        post([o = other, sl, id, equal, counts] {
            if (o->events.checkResult)
                o->events.checkResult(sl, id, equal, counts);
        });
        return true;
    }
    bool sendBacklog(int sl, std::uint64_t entries) override
    {
        if (!up)
            return false;
        post([o = other, sl, entries] {
            if (o->events.backlog)
                o->events.backlog(sl, entries);
        });
        return true;
    }
    bool sendSubnets(const sync::Subnets& message) override
    {
        if (!up)
            return false;
        ++subnetMessages;
        subnetRecordsSent += message.records.size();
        post([o = other, message] {
            if (o->events.subnets)
                o->events.subnets(message);
        });
        return true;
    }
    bool sendResyncRequest(int sl, const std::string& reason) override
    {
        if (!up)
            return false;
        post([o = other, sl, reason] {
            if (o->events.resyncRequest)
                o->events.resyncRequest(sl, reason);
        });
        return true;
    }
    bool heardThroughoutSince(std::chrono::steady_clock::time_point since) const override
    {
        return up && upSince <= since;
    }
    void pauseReceiving(bool paused) override
    {
        receivePaused = paused;
        if (paused)
            return;
        ++resumes;
        QTimer::singleShot(0, context(), [this] {
            while (!receivePaused && !m_inbox.empty()) {
                auto f = std::move(m_inbox.front());
                m_inbox.pop_front();
                f();
            }
        });
    }
    bool receivePaused = false;
    int resumes = 0;
    std::size_t inboxSize() const { return m_inbox.size(); }
    void setUp(bool u)
    {
        if (u && !up)
            upSince = std::chrono::steady_clock::now();
        up = u;
        if (events.linkChanged)
            events.linkChanged(u);
    }
    // What waited behind a held batch end goes on, in order.
    void release()
    {
        m_holding = false;
        for (auto& f : m_held)
            post(std::move(f));
        m_held.clear();
    }
    // The queue drains: room again, and the sender hears it.
    void setCapacity(std::size_t records)
    {
        capacity = records;
        if (events.writable)
            events.writable();
    }

private:
    void post(std::function<void()> f)
    {
        if (m_holding)
            m_held.push_back(std::move(f));
        else
            QTimer::singleShot(0, other->context(), [o = other, f = std::move(f)] { o->receive(f); });
    }
    void receive(const std::function<void()>& f)
    {
        if (receivePaused || !m_inbox.empty())
            m_inbox.push_back(f);
        else
            f();
    }
    QObject* context() { return &m_context; }
    QObject m_context;
    bool m_holding = false;
    std::vector<std::function<void()>> m_held;
    std::deque<std::function<void()>> m_inbox;
};

// Delivers what is in flight (the in-process transport posts to the event loop).
inline void settle()
{
    for (int i = 0; i < 20; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents);
}

// Virtual time passes in 100 ms steps; each HotBackup runs its timer's work, then what is in
// flight is delivered.
inline void advance(std::chrono::nanoseconds& now, std::chrono::milliseconds by,
                    std::initializer_list<HotBackup*> backups)
{
    using namespace std::chrono_literals;
    for (auto step = 0ms; step < by; step += 100ms) {
        now += 100ms;
        for (HotBackup* backup : backups)
            backup->poll();
        settle();
    }
}

// The lab pair's configuration of one device (0: A, 1: B) from the same plan as `tandemctl lab
// up`, with adverts every 200 ms (robust on a busy machine) and a 1 s preempt delay.
inline config::DeviceConfig labConfig(config::PairMode mode, const QString& base, int device)
{
    config::LabPairOptions options;
    options.mode = mode;
    options.firstAddress = config::Ipv4Address{QHostAddress(base).toIPv4Address()};
    options.advertMs = 200;
    options.preemptDelaySeconds = 1;
    options.passwordHash =
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
    const config::GeneratedPair pair = config::labPair(options);
    EXPECT_TRUE(pair.ok()) << (pair.errors.empty() ? "" : pair.errors[0].format());
    return device == 0 ? pair.a : pair.b;
}

struct Device
{
    std::unique_ptr<HaNode> node;
    std::unique_ptr<HotBackup> backup;
};

inline Device makeDevice(const config::DeviceConfig& config, HotBackup::Clock clock = {})
{
    Device d;
    QString error;
    d.node = HaNode::create(config, &error);
    EXPECT_TRUE(d.node) << error.toStdString();
    d.backup = HotBackup::create(config, *d.node, &error, std::move(clock));
    EXPECT_TRUE(d.backup) << error.toStdString();
    if (d.backup) // in place: the tests' time is virtual, and what it built arrives next turn
        d.backup->setOffload([](std::function<void()> task) { task(); });
    return d;
}

inline cgn::InsideEndpoint subscriber(int n, std::uint16_t port)
{
    const std::uint32_t cpe = 0x64400000 + std::uint32_t(n);
    return {cgn::UserKey::nat44(0, cpe), cpe, port, cgn::Protocol::Udp};
}

// Opens `count` sessions on the master's engine of `sl`; returns their outside endpoints.
inline std::vector<cgn::OutsideEndpoint> traffic(HotBackup& master, int sl, int count, int firstUser = 0)
{
    cgn::CgnEngine* engine = master.engine(sl);
    EXPECT_TRUE(engine);
    std::vector<cgn::OutsideEndpoint> outside;
    for (int i = 0; i < count; ++i) {
        const cgn::SetupResult r =
            engine->outbound(subscriber(firstUser + i / 10, std::uint16_t(1000 + i % 10)),
                             {0x08080808, 53}, 0, master.engineNow());
        EXPECT_TRUE(r.ok()) << cgn::toString(r.drop);
        outside.push_back(r.outside);
    }
    master.recordsPending();
    return outside;
}

inline std::uint32_t sessions(const HotBackup& hb, int sl)
{
    const cgn::CgnEngine* e = hb.engine(sl);
    return e ? e->counts().sessions : 0;
}

inline int priorityRun(const HaNode& node, int vrid)
{
    for (const auto& g : node.status().vrrpGroups)
        if (g.vrid == vrid)
            return g.priorityRun;
    return -1;
}

} // namespace tandem::ha::fixtures
