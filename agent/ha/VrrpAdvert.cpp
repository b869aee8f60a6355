#include "VrrpAdvert.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace tandem::ha {

namespace {

constexpr std::uint8_t kVersion = 3;
constexpr std::uint8_t kTypeAdvertisement = 1;
constexpr std::uint8_t kProtocolVrrp = 112;
constexpr std::size_t kHeaderLength = 8;
constexpr std::size_t kChecksumOffset = 6;
constexpr std::uint16_t kIntervalMask = 0x0fff; // the top 4 bits are reserved

void putUint16(std::vector<std::uint8_t>& out, std::uint16_t value)
{
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

void putUint32(std::vector<std::uint8_t>& out, std::uint32_t value)
{
    putUint16(out, static_cast<std::uint16_t>(value >> 16));
    putUint16(out, static_cast<std::uint16_t>(value));
}

std::uint16_t readUint16(std::span<const std::uint8_t> bytes, std::size_t offset)
{
    return static_cast<std::uint16_t>(bytes[offset] << 8 | bytes[offset + 1]);
}

std::uint32_t readUint32(std::span<const std::uint8_t> bytes, std::size_t offset)
{
    return static_cast<std::uint32_t>(readUint16(bytes, offset)) << 16 |
           readUint16(bytes, offset + 2);
}

// RFC 1071 sum over the IPv4 pseudo-header and the message, with the checksum field taken as
// zero, so the same function serves encoding and the expected value when decoding.
std::uint16_t computeChecksum(std::span<const std::uint8_t> message, std::uint32_t sourceIp,
                              std::uint32_t destinationIp)
{
    std::uint32_t sum = (sourceIp >> 16) + (sourceIp & 0xffff) + (destinationIp >> 16) +
                        (destinationIp & 0xffff) + kProtocolVrrp +
                        static_cast<std::uint32_t>(message.size());
    for (std::size_t i = 0; i < message.size(); i += 2) {
        if (i == kChecksumOffset)
            continue;
        const std::uint32_t high = message[i];
        const std::uint32_t low = i + 1 < message.size() ? message[i + 1] : 0;
        sum += high << 8 | low;
    }
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

std::string hex16(std::uint16_t value)
{
    char text[8];
    std::snprintf(text, sizeof text, "0x%04x", value);
    return text;
}

std::optional<VrrpAdvert> fail(std::string* error, std::string message)
{
    if (error)
        *error = std::move(message);
    return std::nullopt;
}

} // namespace

std::vector<std::uint8_t> encodeAdvert(const VrrpAdvert& advert, std::uint32_t sourceIp,
                                       std::uint32_t destinationIp)
{
    // The count is one byte; encoding more addresses than it can announce would make a frame
    // every receiver rejects.
    const std::size_t count = std::min<std::size_t>(advert.addresses.size(), 255);
    std::vector<std::uint8_t> out;
    out.reserve(kHeaderLength + 4 * count);
    out.push_back(kVersion << 4 | kTypeAdvertisement);
    out.push_back(advert.vrid);
    out.push_back(advert.priority);
    out.push_back(static_cast<std::uint8_t>(count));
    putUint16(out, advert.maxAdvertIntervalCentiseconds & kIntervalMask);
    putUint16(out, 0);
    for (std::size_t i = 0; i < count; ++i)
        putUint32(out, advert.addresses[i]);
    const std::uint16_t checksum = computeChecksum(out, sourceIp, destinationIp);
    out[kChecksumOffset] = static_cast<std::uint8_t>(checksum >> 8);
    out[kChecksumOffset + 1] = static_cast<std::uint8_t>(checksum);
    return out;
}

std::optional<VrrpAdvert> decodeAdvert(std::span<const std::uint8_t> bytes, std::uint32_t sourceIp,
                                       std::uint32_t destinationIp, std::string* error)
{
    if (bytes.size() < kHeaderLength)
        return fail(error, "length " + std::to_string(bytes.size()) + ", minimum " +
                               std::to_string(kHeaderLength));
    const int version = bytes[0] >> 4;
    if (version != kVersion)
        return fail(error, "version " + std::to_string(version) + ", expected " +
                               std::to_string(kVersion));
    const int type = bytes[0] & 0x0f;
    if (type != kTypeAdvertisement)
        return fail(error, "type " + std::to_string(type) + ", expected " +
                               std::to_string(kTypeAdvertisement) + " (ADVERTISEMENT)");
    if (bytes[1] == 0)
        return fail(error, "vrid 0, expected 1-255");
    const std::size_t count = bytes[3];
    if (bytes.size() != kHeaderLength + 4 * count)
        return fail(error, "length " + std::to_string(bytes.size()) + " does not match " +
                               std::to_string(count) + " addresses");
    const std::uint16_t received = readUint16(bytes, kChecksumOffset);
    const std::uint16_t expected = computeChecksum(bytes, sourceIp, destinationIp);
    if (received != expected)
        return fail(error, "bad checksum " + hex16(received) + ", expected " + hex16(expected));

    VrrpAdvert advert;
    advert.vrid = bytes[1];
    advert.priority = bytes[2];
    // RFC 5798 §5.2.4: reserved bits are ignored on receipt.
    advert.maxAdvertIntervalCentiseconds = readUint16(bytes, 4) & kIntervalMask;
    advert.addresses.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        advert.addresses.push_back(readUint32(bytes, kHeaderLength + 4 * i));
    return advert;
}

} // namespace tandem::ha
