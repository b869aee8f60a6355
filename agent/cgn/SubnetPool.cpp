#include "cgn/SubnetPool.h"

#include <algorithm>

namespace tandem::cgn {

namespace {

std::uint32_t maskOf(int prefixLength)
{
    return prefixLength <= 0 ? 0u : prefixLength >= 32 ? ~0u : ~0u << (32 - prefixLength);
}

std::string dotted(std::uint32_t a)
{
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) + "." +
           std::to_string((a >> 8) & 0xff) + "." + std::to_string(a & 0xff);
}

std::uint64_t mix(std::uint64_t x)
{
    // splitmix64's finaliser: every bit of the key moves every bit of the result.
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

} // namespace

std::string formatSubnet(const Subnet& subnet)
{
    return dotted(subnet.network) + "/" + std::to_string(subnet.prefixLength);
}

SubnetPool::SubnetPool(Config config) : m_config(std::move(config))
{
    auto bad = [&](int length) {
        for (const PoolSection& s : m_config.sections)
            if (length < s.prefixLength)
                return true;
        return length > 32;
    };
    if (m_config.sections.empty())
        m_configError = "pool " + m_config.name + " has no section";
    else if (bad(m_config.initialLength))
        m_configError = "pool " + m_config.name + ": subnet length initial " +
                        std::to_string(m_config.initialLength) +
                        " is shorter than a section or longer than 32";
    else if (m_config.extendLength && bad(*m_config.extendLength))
        m_configError = "pool " + m_config.name + ": subnet length extend " +
                        std::to_string(*m_config.extendLength) +
                        " is shorter than a section or longer than 32";
    for (PoolSection& s : m_config.sections)
        s.start &= maskOf(s.prefixLength);
}

const PoolSection* SubnetPool::sectionOf(const Subnet& subnet) const
{
    for (const PoolSection& s : m_config.sections) {
        const std::uint32_t mask = maskOf(s.prefixLength);
        if (subnet.prefixLength >= s.prefixLength && (subnet.network & mask) == s.start)
            return &s;
    }
    return nullptr;
}

bool SubnetPool::overlaps(const Subnet& subnet, int exceptLocation, bool anyLocation) const
{
    for (const Subnet& s : m_subnets) {
        if (!anyLocation && s.location == exceptLocation)
            continue;
        if (s.network <= subnet.last() && subnet.network <= s.last())
            return true;
    }
    return false;
}

void SubnetPool::insert(const Subnet& subnet)
{
    m_subnets.insert(std::lower_bound(m_subnets.begin(), m_subnets.end(), subnet,
                                      [](const Subnet& x, const Subnet& y) {
                                          return x.network < y.network;
                                      }),
                     subnet);
}

SubnetResult SubnetPool::take(int location, int prefixLength)
{
    if (!m_configError.empty())
        return {std::nullopt, m_configError};
    if (m_config.slave)
        return {std::nullopt, "pool " + m_config.name +
                                  " is a slave: it takes the master's assignment and never "
                                  "assigns on its own"};
    const std::uint32_t size = prefixLength >= 32 ? 1u : 1u << (32 - prefixLength);
    for (const PoolSection& s : m_config.sections) {
        const std::uint64_t end = std::uint64_t(s.start) + (std::uint64_t(1) << (32 - s.prefixLength));
        for (std::uint64_t network = s.start; network + size <= end; network += size) {
            const Subnet candidate{std::uint32_t(network), prefixLength, location};
            if (overlaps(candidate, location, true))
                continue;
            insert(candidate);
            return {SubnetRecord{SubnetRecord::Op::Assign, candidate}, {}};
        }
    }
    return {std::nullopt, "pool " + m_config.name + " has no free /" +
                              std::to_string(prefixLength) + " left for service-location " +
                              std::to_string(location)};
}

SubnetResult SubnetPool::assignInitial(int location)
{
    if (!subnetsOf(location).empty())
        return {std::nullopt, "service-location " + std::to_string(location) +
                                  " already holds a subnet of pool " + m_config.name};
    return take(location, m_config.initialLength);
}

SubnetResult SubnetPool::extend(int location)
{
    return take(location, m_config.extendLength.value_or(m_config.initialLength));
}

SubnetResult SubnetPool::release(int location, std::uint32_t network)
{
    if (m_config.slave)
        return {std::nullopt, "pool " + m_config.name + " is a slave: it releases only what the "
                                                         "master releases"};
    const auto it = std::find_if(m_subnets.begin(), m_subnets.end(), [&](const Subnet& s) {
        return s.network == network && s.location == location;
    });
    if (it == m_subnets.end())
        return {std::nullopt, "service-location " + std::to_string(location) + " holds no subnet " +
                                  dotted(network) + " of pool " + m_config.name};
    const Subnet gone = *it;
    m_subnets.erase(it);
    return {SubnetRecord{SubnetRecord::Op::Release, gone}, {}};
}

bool SubnetPool::apply(const SubnetRecord& record, std::string* error)
{
    const Subnet& subnet = record.subnet;
    if (record.op == SubnetRecord::Op::Release) {
        const auto it = std::find(m_subnets.begin(), m_subnets.end(), subnet);
        if (it == m_subnets.end()) {
            *error = "release of " + formatSubnet(subnet) + " for service-location " +
                     std::to_string(subnet.location) + ": pool " + m_config.name +
                     " has no such subnet";
            return false;
        }
        m_subnets.erase(it);
        return true;
    }
    if (std::find(m_subnets.begin(), m_subnets.end(), subnet) != m_subnets.end())
        return true; // already there: a batch repeating a real-time record
    if ((subnet.network & maskOf(subnet.prefixLength)) != subnet.network || subnet.prefixLength > 32 ||
        !sectionOf(subnet)) {
        *error = "assign of " + formatSubnet(subnet) + ": not an aligned subnet of a section of pool " +
                 m_config.name;
        return false;
    }
    if (overlaps(subnet, subnet.location, true)) {
        *error = "assign of " + formatSubnet(subnet) + " to service-location " +
                 std::to_string(subnet.location) + ": it overlaps a subnet already held";
        return false;
    }
    insert(subnet);
    return true;
}

std::vector<SubnetRecord> SubnetPool::exportAll() const
{
    std::vector<SubnetRecord> records;
    records.reserve(m_subnets.size());
    for (const Subnet& s : m_subnets)
        records.push_back({SubnetRecord::Op::Assign, s});
    return records;
}

bool SubnetPool::importAll(std::span<const SubnetRecord> records, std::string* error)
{
    SubnetPool next(m_config);
    for (const SubnetRecord& r : records)
        if (r.op != SubnetRecord::Op::Assign || !next.apply(r, error)) {
            if (r.op != SubnetRecord::Op::Assign)
                *error = "a batch of pool " + m_config.name + " holds a release";
            return false;
        }
    m_subnets = std::move(next.m_subnets);
    return true;
}

std::vector<Subnet> SubnetPool::subnetsOf(int location) const
{
    std::vector<Subnet> own;
    for (const Subnet& s : m_subnets)
        if (s.location == location)
            own.push_back(s);
    return own;
}

std::vector<AddressRange> SubnetPool::hostsOf(int location) const
{
    std::vector<AddressRange> ranges;
    for (const Subnet& s : subnetsOf(location)) {
        AddressRange r{s.network, s.last()};
        if (const PoolSection* section = sectionOf(s); section && section->prefixLength < 31) {
            const std::uint32_t sectionLast = section->start | ~maskOf(section->prefixLength);
            if (r.first == section->start)
                ++r.first;
            if (r.last == sectionLast)
                --r.last;
        }
        if (r.first <= r.last)
            ranges.push_back(r);
    }
    return ranges;
}

std::uint64_t SubnetPool::freeAddresses() const
{
    std::uint64_t total = 0;
    for (const PoolSection& s : m_config.sections)
        total += std::uint64_t(1) << (32 - s.prefixLength);
    for (const Subnet& s : m_subnets)
        total -= s.size();
    return total;
}

namespace {

// Order-independent of how the records came (the vector is kept sorted), and of nothing
// else: network, length and location of every subnet.
template <typename Keep>
std::uint64_t digestOf(const std::vector<Subnet>& subnets, Keep&& keep)
{
    std::uint64_t d = 0xcbf29ce484222325ull;
    for (const Subnet& s : subnets)
        if (keep(s))
            d = mix(d ^ (std::uint64_t(s.network) << 16 | std::uint64_t(s.prefixLength) << 8) ^
                    (std::uint64_t(std::uint32_t(s.location)) << 40));
    return d;
}

} // namespace

std::uint64_t SubnetPool::digest() const
{
    return digestOf(m_subnets, [](const Subnet&) { return true; });
}

std::uint64_t SubnetPool::digest(std::span<const int> locations) const
{
    return digestOf(m_subnets, [&](const Subnet& s) {
        return std::find(locations.begin(), locations.end(), s.location) != locations.end();
    });
}

bool SubnetPool::replace(std::span<const int> locations, std::span<const SubnetRecord> assigns,
                         std::string* error)
{
    SubnetPool next(m_config);
    for (const Subnet& s : m_subnets)
        if (std::find(locations.begin(), locations.end(), s.location) == locations.end())
            next.insert(s);
    for (const SubnetRecord& r : assigns) {
        if (r.op != SubnetRecord::Op::Assign) {
            *error = "a full assignment of pool " + m_config.name + " holds a release";
            return false;
        }
        if (std::find(locations.begin(), locations.end(), r.subnet.location) == locations.end()) {
            *error = "a full assignment of pool " + m_config.name + " for service-locations it "
                     "does not name holds " + formatSubnet(r.subnet) + " of service-location " +
                     std::to_string(r.subnet.location);
            return false;
        }
        if (!next.apply(r, error))
            return false;
    }
    m_subnets = std::move(next.m_subnets);
    return true;
}

int SubnetPool::locationFor(std::uint64_t userKey, std::span<const int> locations)
{
    if (locations.empty())
        return 0;
    return locations[std::size_t(mix(userKey) % locations.size())];
}

} // namespace tandem::cgn
