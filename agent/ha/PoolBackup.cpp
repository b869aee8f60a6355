#include "PoolBackup.h"

#include "Logging.h"

#include <QJsonObject>
#include <algorithm>

namespace tandem::ha {

namespace {

QString hex(std::uint64_t v)
{
    return QStringLiteral("%1").arg(v, 16, 16, QLatin1Char('0'));
}

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

cgn::AddressRange rangeOf(const cgn::Subnet& s)
{
    return {s.network, s.last()};
}

cgn::AddressRange sectionRange(const config::NatIpPoolSection& section)
{
    const std::uint32_t mask = section.prefixLength <= 0 ? 0u : ~0u << (32 - section.prefixLength);
    const std::uint32_t first = section.start.value & mask;
    return {first, first | ~mask};
}

} // namespace

std::vector<int> poolMembers(const config::DeviceConfig& config, const config::NatIpPoolConfig& pool)
{
    std::vector<int> members;
    for (const config::NatInstanceConfig& nat : config.natInstances) {
        const bool binds = std::any_of(nat.addressGroups.begin(), nat.addressGroups.end(),
                                       [&](const config::NatAddressGroup& g) { return g.ipPool == pool.name; });
        if (!binds)
            continue;
        for (const config::ServiceInstanceGroupConfig& sig : config.serviceInstanceGroups)
            if (sig.name == nat.serviceInstanceGroup)
                for (const auto& m : sig.serviceLocations)
                    members.push_back(m.id);
    }
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    return members;
}

std::optional<cgn::SubnetPool> poolSubnets(const config::DeviceConfig& config,
                                           const config::NatIpPoolConfig& pool, std::string* error)
{
    cgn::SubnetPool::Config carve{pool.name, {}, pool.subnetInitialLength.value_or(32),
                                  pool.subnetExtendLength, false};
    for (const config::NatIpPoolSection& section : pool.sections)
        carve.sections.push_back({section.start.value, section.prefixLength});
    cgn::SubnetPool subnets(carve);
    for (int member : poolMembers(config, pool)) {
        const cgn::SubnetResult r = subnets.assignInitial(member);
        if (!r.ok()) {
            *error = r.error;
            return std::nullopt;
        }
    }
    if (!pool.slave)
        return subnets;
    // A slave pool starts from the same initial assignment (what its master computes too) and
    // from then on only applies the master's records.
    carve.slave = true;
    cgn::SubnetPool slave(carve);
    const std::vector<cgn::SubnetRecord> initial = subnets.exportAll();
    if (!slave.importAll(initial, error))
        return std::nullopt;
    return slave;
}

PoolBackup::PoolBackup(Hooks hooks) : m_hooks(std::move(hooks)) {}

void PoolBackup::configure(const config::DeviceConfig& config)
{
    std::vector<Pool> pools;
    for (const config::NatIpPoolConfig& c : config.natIpPools) {
        if (!c.subnetInitialLength)
            continue;
        const std::vector<int> members = poolMembers(config, c);
        const auto same = std::find_if(m_pools.begin(), m_pools.end(), [&](const Pool& p) {
            auto a = p.config, b = c;
            a.where = b.where = {};
            a.loadBalanceWhere = b.loadBalanceWhere = {};
            a.subnetWhere = b.subnetWhere = {};
            return a == b && p.members == members;
        });
        if (same != m_pools.end()) {
            pools.push_back(std::move(*same));
            pools.back().config = c;
            continue;
        }
        Pool pool;
        pool.config = c;
        pool.members = members;
        pool.subnets = poolSubnets(config, c, &pool.error);
        if (!pool.subnets)
            qCWarning(lcHa).noquote() << QStringLiteral("nat ip-pool %1: no subnets: %2")
                                             .arg(text(c.name), text(pool.error));
        pools.push_back(std::move(pool));
    }
    m_pools = std::move(pools);
}

PoolBackup::Pool* PoolBackup::find(const std::string& name)
{
    for (Pool& p : m_pools)
        if (p.config.name == name)
            return &p;
    return nullptr;
}

const cgn::SubnetPool* PoolBackup::pool(const std::string& name) const
{
    for (const Pool& p : m_pools)
        if (p.config.name == name && p.subnets)
            return &*p.subnets;
    return nullptr;
}

std::vector<int> PoolBackup::owned(const Pool& pool) const
{
    std::vector<int> mine;
    for (int l : pool.members)
        if (m_hooks.isMaster(l))
            mine.push_back(l);
    return mine;
}

std::uint32_t PoolBackup::drainingOf(const Pool& pool, int location) const
{
    for (const auto& [l, network] : pool.draining)
        if (l == location)
            return network;
    return 0;
}

void PoolBackup::setDraining(Pool& pool, int location, std::uint32_t network)
{
    std::erase_if(pool.draining, [&](const auto& d) { return d.first == location; });
    if (network != 0)
        pool.draining.emplace_back(location, network);
}

void PoolBackup::applyAllocatable(int serviceLocation)
{
    cgn::CgnEngine* engine = m_hooks.engine(serviceLocation);
    if (!engine)
        return;
    for (const Pool& p : m_pools) {
        if (!p.subnets || std::find(p.members.begin(), p.members.end(), serviceLocation) == p.members.end())
            continue;
        for (const config::NatIpPoolSection& section : p.config.sections)
            engine->setAllocatable(sectionRange(section), false);
        const std::uint32_t draining = drainingOf(p, serviceLocation);
        for (const cgn::Subnet& s : p.subnets->subnetsOf(serviceLocation))
            if (s.network != draining)
                engine->setAllocatable(rangeOf(s), true);
    }
}

void PoolBackup::send(Pool& pool, sync::Subnets::Kind kind, std::vector<cgn::SubnetRecord> records)
{
    SyncTransport* transport = m_hooks.transport();
    if (!transport || !transport->isUp() || !pool.subnets)
        return;
    sync::Subnets message;
    message.kind = kind;
    message.pool = pool.config.name;
    const std::vector<int> mine = owned(pool);
    if (mine.empty() && kind != sync::Subnets::Kind::Changes)
        return;
    for (int l : mine)
        message.locations.push_back(std::uint8_t(l));
    if (kind == sync::Subnets::Kind::Full)
        for (const cgn::Subnet& s : pool.subnets->subnets())
            if (std::find(mine.begin(), mine.end(), s.location) != mine.end())
                records.push_back({cgn::SubnetRecord::Op::Assign, s});
    message.records = std::move(records);
    message.digest = pool.subnets->digest(mine);
    if (transport->sendSubnets(message)) {
        ++m_counters.messagesSent;
        m_counters.recordsSent += message.records.size();
        if (kind == sync::Subnets::Kind::Full)
            pool.lastFullMs = m_hooks.nowMs();
    }
}

void PoolBackup::sendFull()
{
    for (Pool& p : m_pools)
        send(p, sync::Subnets::Kind::Full, {});
}

void PoolBackup::compared(Pool& pool, bool equal)
{
    if (!equal)
        ++m_counters.mismatches;
    pool.peerEqual = equal;
    pool.comparedAt = m_hooks.nowMs();
    pool.comparedMs = m_hooks.wallMs();
}

void PoolBackup::manage(Pool& pool, int location, cgn::CgnEngine& engine)
{
    const std::vector<cgn::Subnet> held = pool.subnets->subnetsOf(location);
    const std::uint32_t draining = drainingOf(pool, location);
    std::uint64_t total = 0;
    std::uint64_t free = 0; // on the subnets new users may get
    const cgn::Subnet* emptiest = nullptr;
    std::uint64_t emptiestUsed = 0;
    std::uint64_t emptiestTotal = 0;
    std::uint64_t emptiestFree = 0;
    for (const cgn::Subnet& s : held) {
        const cgn::RangeUsage u = engine.usage(rangeOf(s));
        if (s.network == draining) {
            if (u.blocksUsed == 0) {
                // Nobody left on it: back to the pool.
                const cgn::SubnetResult r = pool.subnets->release(location, s.network);
                setDraining(pool, location, 0);
                if (r.ok()) {
                    ++m_counters.releases;
                    qCInfo(lcHa).noquote() << QStringLiteral("nat ip-pool %1: service-location %2 gave back %3 (unused)")
                                                  .arg(text(pool.config.name))
                                                  .arg(location)
                                                  .arg(text(cgn::formatSubnet(s)));
                    send(pool, sync::Subnets::Kind::Changes, {*r.record});
                }
                return;
            }
            continue;
        }
        total += u.blocksTotal;
        free += u.blocksFree;
        if (held.size() > 1 && (!emptiest || u.blocksUsed < emptiestUsed)) {
            emptiest = &s;
            emptiestUsed = u.blocksUsed;
            emptiestTotal = u.blocksTotal;
            emptiestFree = u.blocksFree;
        }
    }
    const std::uint64_t perUser = std::max<std::uint64_t>(1, engine.config().blocksPerUser);
    auto lowWater = [&](std::uint64_t blocks) { return std::max<std::uint64_t>(perUser, blocks / 20); };
    const QString alarmKey = QStringLiteral("pool-%1-%2").arg(text(pool.config.name)).arg(location);
    if (draining != 0) {
        if (free < lowWater(total)) {
            // The others ran low again: use it rather than take another one.
            setDraining(pool, location, 0);
            applyAllocatable(location);
        }
        return;
    }
    if (free < lowWater(total)) {
        if (pool.config.slave) {
            m_hooks.raiseAlarm(alarmKey, QStringLiteral("nat ip-pool %1 (slave): service-location %2 has %3 free port blocks left in its subnets; a slave pool does not extend")
                                             .arg(text(pool.config.name))
                                             .arg(location)
                                             .arg(free));
            return;
        }
        const cgn::SubnetResult r = pool.subnets->extend(location);
        if (!r.ok()) {
            m_hooks.raiseAlarm(alarmKey, QStringLiteral("nat ip-pool %1: service-location %2 runs low (%3 free port blocks) and cannot be extended: %4")
                                             .arg(text(pool.config.name))
                                             .arg(location)
                                             .arg(free)
                                             .arg(text(r.error)));
            return;
        }
        m_hooks.clearAlarm(alarmKey);
        ++m_counters.extends;
        engine.setAllocatable(rangeOf(r.record->subnet), true);
        qCInfo(lcHa).noquote() << QStringLiteral("nat ip-pool %1: service-location %2 extended by %3 (%4 of %5 port blocks were free)")
                                      .arg(text(pool.config.name))
                                      .arg(location)
                                      .arg(text(cgn::formatSubnet(r.record->subnet)))
                                      .arg(free)
                                      .arg(total);
        send(pool, sync::Subnets::Kind::Changes, {*r.record});
        return;
    }
    m_hooks.clearAlarm(alarmKey);
    if (pool.config.slave || !emptiest)
        return;
    // Enough room without the emptiest extra subnet: no new user there, given back once empty.
    const std::uint64_t freeWithout = free - emptiestFree;
    if (freeWithout >= 2 * lowWater(total - emptiestTotal)) {
        setDraining(pool, location, emptiest->network);
        engine.setAllocatable(rangeOf(*emptiest), false);
    }
}

void PoolBackup::poll()
{
    const qint64 ms = m_hooks.nowMs();
    for (Pool& p : m_pools) {
        if (!p.subnets)
            continue;
        for (int l : p.members) {
            cgn::CgnEngine* engine = m_hooks.engine(l);
            if (engine && m_hooks.isMaster(l))
                manage(p, l, *engine);
            else if (drainingOf(p, l) != 0)
                setDraining(p, l, 0); // no longer ours to drain
        }
    }
    if (ms - m_lastCheckMs >= kCheckEveryMs) {
        m_lastCheckMs = ms;
        for (Pool& p : m_pools)
            send(p, sync::Subnets::Kind::Check, {});
    }
}

void PoolBackup::onMessage(const sync::Subnets& message)
{
    Pool* pool = find(message.pool);
    SyncTransport* transport = m_hooks.transport();
    const std::vector<int> named(message.locations.begin(), message.locations.end());
    if (!pool || !pool->subnets) {
        ++m_counters.refused;
        qCWarning(lcHa).noquote() << QStringLiteral("subnets of nat ip-pool %1 from the peer: %2")
                                         .arg(text(message.pool),
                                              pool ? QStringLiteral("the pool has no subnets here (%1)").arg(text(pool->error))
                                                   : QStringLiteral("no such load-balanced pool here"));
        if (message.kind != sync::Subnets::Kind::Result && transport && transport->isUp())
            transport->sendSubnets({sync::Subnets::Kind::Result, message.pool, message.locations, {}, 0, false});
        return;
    }
    if (message.kind == sync::Subnets::Kind::Result) {
        compared(*pool, message.equal && message.digest == pool->subnets->digest(named));
        if (!*pool->peerEqual && m_hooks.nowMs() - pool->lastFullMs >= 1000)
            send(*pool, sync::Subnets::Kind::Full, {});
        return;
    }
    // The sender speaks for the locations it is master of; a non-slave pool keeps its own word
    // on those it is master of itself.
    std::vector<int> accepted;
    for (int l : named)
        if (pool->config.slave || !m_hooks.isMaster(l))
            accepted.push_back(l);
    std::vector<cgn::SubnetRecord> records;
    for (const cgn::SubnetRecord& r : message.records)
        if (std::find(accepted.begin(), accepted.end(), r.subnet.location) != accepted.end())
            records.push_back(r);
    m_counters.recordsReceived += message.records.size();
    std::string error;
    bool ok = true;
    if (message.kind == sync::Subnets::Kind::Full) {
        ok = pool->subnets->replace(accepted, records, &error);
    } else if (message.kind == sync::Subnets::Kind::Changes) {
        for (const cgn::SubnetRecord& r : records)
            if (!pool->subnets->apply(r, &error)) {
                ok = false;
                break;
            }
    }
    if (!ok) {
        ++m_counters.refused;
        pool->error = error;
        qCWarning(lcHa).noquote() << QStringLiteral("subnets of nat ip-pool %1 from the peer refused: %2")
                                         .arg(text(message.pool), text(error));
    }
    if (message.kind != sync::Subnets::Kind::Check)
        for (int l : accepted)
            applyAllocatable(l);
    const std::uint64_t mine = pool->subnets->digest(named);
    const bool equal = mine == message.digest;
    compared(*pool, equal);
    if (transport && transport->isUp())
        transport->sendSubnets({sync::Subnets::Kind::Result, message.pool, message.locations, {}, mine, equal});
}

bool PoolBackup::inStep(int serviceLocation) const
{
    const qint64 now = m_hooks.nowMs();
    for (const Pool& p : m_pools) {
        if (std::find(p.members.begin(), p.members.end(), serviceLocation) == p.members.end())
            continue;
        if (!p.subnets || !p.peerEqual || !*p.peerEqual || now - p.comparedAt > kCurrentMs)
            return false;
    }
    return true;
}

std::uint64_t PoolBackup::digest(int serviceLocation) const
{
    std::uint64_t d = 0;
    const int one[] = {serviceLocation};
    for (const Pool& p : m_pools)
        if (p.subnets && std::find(p.members.begin(), p.members.end(), serviceLocation) != p.members.end())
            d ^= p.subnets->digest(one);
    return d;
}

QJsonArray PoolBackup::statusJson() const
{
    QJsonArray pools;
    const qint64 now = m_hooks.nowMs();
    for (const Pool& p : m_pools) {
        QJsonArray members;
        for (int l : p.members)
            members.append(l);
        QJsonObject o{{QStringLiteral("name"), text(p.config.name)},
                      {QStringLiteral("slave"), p.config.slave},
                      {QStringLiteral("serviceLocations"), members}};
        if (!p.error.empty())
            o.insert(QStringLiteral("error"), text(p.error));
        if (p.subnets) {
            QJsonArray subnets;
            for (const cgn::Subnet& s : p.subnets->subnets()) {
                QJsonObject row{{QStringLiteral("subnet"), text(cgn::formatSubnet(s))},
                                {QStringLiteral("serviceLocation"), s.location},
                                {QStringLiteral("draining"), drainingOf(p, s.location) == s.network}};
                if (const cgn::CgnEngine* engine = m_hooks.engine(s.location)) {
                    const cgn::RangeUsage u = engine->usage(rangeOf(s));
                    row.insert(QStringLiteral("addresses"), qint64(u.addresses));
                    row.insert(QStringLiteral("blocksUsed"), qint64(u.blocksUsed));
                    row.insert(QStringLiteral("blocksTotal"), qint64(u.blocksTotal));
                }
                subnets.append(row);
            }
            o.insert(QStringLiteral("subnets"), subnets);
            o.insert(QStringLiteral("freeAddresses"), qint64(p.subnets->freeAddresses()));
            o.insert(QStringLiteral("digest"), hex(p.subnets->digest()));
        }
        // Equal only as the last comparison found it, and only while it is recent.
        if (p.peerEqual && now - p.comparedAt <= kCurrentMs) {
            o.insert(QStringLiteral("digestEqual"), *p.peerEqual);
            o.insert(QStringLiteral("digestCheckedMs"), p.comparedMs);
        }
        pools.append(o);
    }
    return pools;
}

} // namespace tandem::ha
