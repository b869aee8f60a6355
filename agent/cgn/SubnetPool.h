#pragma once

// A global NAT address pool shared by the service-locations (boards / CPUs) that bind it
// (`nat ip-pool … section … / nat-instance subnet length initial <len> [extend <len>]`,
// reference/huawei-cgn-ha.md §3.6 and the §6 example), carved into subnets:
//   - a location that serves the pool gets one subnet of the initial length;
//   - when its addresses run out it is extended by one subnet of the extend length (the initial
//     length again without `extend`);
//   - a subnet it no longer uses goes back to the pool (the caller says when: no user holds an
//     address in it);
//   - each location allocates only from its own subnets (hostsOf());
//   - users are balanced over the locations by a hash of the user key (locationFor(): stable,
//     so a user keeps its location — and its public address — as long as the set is the same);
//   - a `slave` pool (the backup device's) never assigns: it applies the master's records.
// Subnets are aligned blocks of a section, taken lowest address first; the addresses a location
// may hand out are the subnet's, less the section's own network and broadcast address.
//
// What changes is a SubnetRecord (assign / release), replicated to the peer in real time and
// in the batch like the engine's change records; digest() covers the whole assignment so that
// two devices can compare it. Plain C++, no Qt, no clock: the callers decide when.

#include "cgn/CgnTypes.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tandem::cgn {

struct PoolSection
{
    std::uint32_t start = 0; // any address of the section; the section is start/prefixLength
    int prefixLength = 24;
};

struct Subnet
{
    std::uint32_t network = 0;
    int prefixLength = 32;
    int location = 0; // the service-location that holds it
    bool operator==(const Subnet&) const = default;
    std::uint32_t size() const { return prefixLength >= 32 ? 1u : (1u << (32 - prefixLength)); }
    std::uint32_t last() const { return network + size() - 1; }
};

struct SubnetRecord
{
    enum class Op : std::uint8_t
    {
        Assign,
        Release,
    };
    Op op = Op::Assign;
    Subnet subnet;
    bool operator==(const SubnetRecord&) const = default;
};

// A change, or why it could not be made.
struct SubnetResult
{
    std::optional<SubnetRecord> record;
    std::string error; // set when record is not
    bool ok() const { return record.has_value(); }
};

class SubnetPool
{
public:
    struct Config
    {
        std::string name; // the pool's, for messages
        std::vector<PoolSection> sections;
        int initialLength = 24;
        std::optional<int> extendLength;
        bool slave = false;
    };

    // Refuses (error set, pool empty) subnet lengths shorter than a section or beyond /32.
    explicit SubnetPool(Config config);
    const std::string& configError() const { return m_configError; }
    const Config& config() const { return m_config; }

    // Master side. The first subnet of `location` (initial length); an error when it has one
    // already, the pool is a slave, or no aligned block of that size is free.
    SubnetResult assignInitial(int location);
    // One more subnet (extend length) for a location whose addresses ran out.
    SubnetResult extend(int location);
    // Gives `network` back; an error when `location` does not hold it.
    SubnetResult release(int location, std::uint32_t network);

    // Either side: applies a record made by the master (or by this pool: a no-op check).
    // Refuses, changing nothing, an assign that overlaps another location's subnet or lies
    // outside the sections, and a release of a subnet nobody holds.
    bool apply(const SubnetRecord& record, std::string* error);

    // The whole assignment as Assign records (the batch), and its replacement by one.
    std::vector<SubnetRecord> exportAll() const;
    bool importAll(std::span<const SubnetRecord> records, std::string* error);
    // The peer's word on `locations` (those it is master of): their subnets become `assigns`,
    // the others' stay. All or nothing: an overlap or a subnet outside the sections changes
    // nothing and says why.
    bool replace(std::span<const int> locations, std::span<const SubnetRecord> assigns,
                 std::string* error);
    void clear() { m_subnets.clear(); }

    const std::vector<Subnet>& subnets() const { return m_subnets; } // by network
    std::vector<Subnet> subnetsOf(int location) const;
    // The addresses `location` may hand out: its subnets less each section's network and
    // broadcast address.
    std::vector<AddressRange> hostsOf(int location) const;
    // Addresses not held by any location.
    std::uint64_t freeAddresses() const;
    std::uint64_t digest() const;
    // The same over the subnets of `locations` only: what two devices compare for the
    // locations one of them is master of.
    std::uint64_t digest(std::span<const int> locations) const;

    // Which of `locations` serves the user: a stable hash of its key (empty span: 0).
    static int locationFor(std::uint64_t userKey, std::span<const int> locations);

private:
    SubnetResult take(int location, int prefixLength);
    const PoolSection* sectionOf(const Subnet& subnet) const;
    bool overlaps(const Subnet& subnet, int exceptLocation, bool anyLocation) const;
    void insert(const Subnet& subnet);

    Config m_config;
    std::string m_configError;
    std::vector<Subnet> m_subnets; // sorted by network
};

std::string formatSubnet(const Subnet& subnet); // "11.11.11.0/25"

} // namespace tandem::cgn
