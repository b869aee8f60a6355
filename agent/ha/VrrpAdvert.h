#pragma once

// VRRPv3 advertisement (RFC 5798 §5.1), byte for byte, carried in UDP to the peer so that
// pairs run unprivileged and on loopback.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tandem::ha {

struct VrrpAdvert
{
    std::uint8_t vrid = 0;
    std::uint8_t priority = 0;
    std::uint16_t maxAdvertIntervalCentiseconds = 100; // 12 bits on the wire
    std::vector<std::uint32_t> addresses;               // IPv4, host byte order
    bool operator==(const VrrpAdvert&) const = default;
};

// Encodes version 3, type 1 (ADVERTISEMENT), address count, the checksum computed over the
// IPv4 pseudo-header (source, destination, protocol 112, length) as RFC 5798 §5.2.8 says.
std::vector<std::uint8_t> encodeAdvert(const VrrpAdvert& advert, std::uint32_t sourceIp,
                                       std::uint32_t destinationIp);

// Decodes and checks version, type, length, address count and checksum; on failure returns
// nullopt and says what is wrong in *error.
std::optional<VrrpAdvert> decodeAdvert(std::span<const std::uint8_t> bytes, std::uint32_t sourceIp,
                                       std::uint32_t destinationIp, std::string* error);

} // namespace tandem::ha
