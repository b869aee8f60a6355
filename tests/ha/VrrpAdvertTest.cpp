#include "ha/VrrpAdvert.h"

#include <gtest/gtest.h>

using namespace tandem::ha;

namespace {

constexpr std::uint32_t ip(int a, int b, int c, int d)
{
    return static_cast<std::uint32_t>(a) << 24 | static_cast<std::uint32_t>(b) << 16 |
           static_cast<std::uint32_t>(c) << 8 | static_cast<std::uint32_t>(d);
}

const std::uint32_t kSource = ip(10, 1, 1, 1);
const std::uint32_t kVrrpGroup = ip(224, 0, 0, 18);

// CGN1 of the reference example: VRID 1, priority 200, 1 s, virtual IP 10.1.1.3. The checksum
// was worked out by hand: pseudo-header words 0a01 0101 e000 0012 0070 000c plus message words
// 3101 c801 0064 0a01 0103 sum to 0x1effa, folded 0xeffb, complemented 0x1004.
const std::vector<std::uint8_t> kCgn1Bytes = {0x31, 0x01, 0xc8, 0x01, 0x00, 0x64,
                                              0x10, 0x04, 0x0a, 0x01, 0x01, 0x03};

VrrpAdvert cgn1Advert()
{
    return VrrpAdvert{.vrid = 1,
                      .priority = 200,
                      .maxAdvertIntervalCentiseconds = 100,
                      .addresses = {ip(10, 1, 1, 3)}};
}

std::string decodeError(const std::vector<std::uint8_t>& bytes)
{
    std::string error;
    EXPECT_FALSE(decodeAdvert(bytes, kSource, kVrrpGroup, &error));
    return error;
}

} // namespace

TEST(VrrpAdvertTest, EncodesTheRfcLayoutByteForByte)
{
    EXPECT_EQ(encodeAdvert(cgn1Advert(), kSource, kVrrpGroup), kCgn1Bytes);
}

TEST(VrrpAdvertTest, DecodesKnownBytes)
{
    std::string error;
    const auto advert = decodeAdvert(kCgn1Bytes, kSource, kVrrpGroup, &error);
    ASSERT_TRUE(advert) << error;
    EXPECT_EQ(*advert, cgn1Advert());
}

TEST(VrrpAdvertTest, RoundTripsSeveralAddressesAndTheLargestInterval)
{
    const VrrpAdvert advert{.vrid = 255,
                            .priority = 0,
                            .maxAdvertIntervalCentiseconds = 4095,
                            .addresses = {ip(192, 0, 2, 1), ip(198, 51, 100, 254), 0xffffffff}};
    const auto bytes = encodeAdvert(advert, ip(172, 16, 0, 9), kVrrpGroup);
    ASSERT_EQ(bytes.size(), 8u + 3 * 4);
    std::string error;
    const auto decoded = decodeAdvert(bytes, ip(172, 16, 0, 9), kVrrpGroup, &error);
    ASSERT_TRUE(decoded) << error;
    EXPECT_EQ(*decoded, advert);
}

TEST(VrrpAdvertTest, RoundTripsNoAddresses)
{
    const VrrpAdvert advert{.vrid = 7, .priority = 100, .addresses = {}};
    const auto bytes = encodeAdvert(advert, kSource, kVrrpGroup);
    ASSERT_EQ(bytes.size(), 8u);
    const auto decoded = decodeAdvert(bytes, kSource, kVrrpGroup, nullptr);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, advert);
}

TEST(VrrpAdvertTest, IgnoresReservedBitsOnReceipt)
{
    // The CGN1 frame with all reserved bits set and its checksum corrected (0x1004 − 0xf000
    // in one's complement).
    const std::vector<std::uint8_t> bytes = {0x31, 0x01, 0xc8, 0x01, 0xf0, 0x64,
                                             0x20, 0x03, 0x0a, 0x01, 0x01, 0x03};
    std::string error;
    const auto advert = decodeAdvert(bytes, kSource, kVrrpGroup, &error);
    ASSERT_TRUE(advert) << error;
    EXPECT_EQ(advert->maxAdvertIntervalCentiseconds, 100);
}

TEST(VrrpAdvertTest, RejectsShortFrame)
{
    EXPECT_EQ(decodeError({0x31, 0x01, 0xc8, 0x00, 0x00}), "length 5, minimum 8");
}

TEST(VrrpAdvertTest, RejectsVersion2)
{
    auto bytes = kCgn1Bytes;
    bytes[0] = 0x21;
    EXPECT_EQ(decodeError(bytes), "version 2, expected 3");
}

TEST(VrrpAdvertTest, RejectsUnknownType)
{
    auto bytes = kCgn1Bytes;
    bytes[0] = 0x32;
    EXPECT_EQ(decodeError(bytes), "type 2, expected 1 (ADVERTISEMENT)");
}

TEST(VrrpAdvertTest, RejectsVridZero)
{
    auto bytes = kCgn1Bytes;
    bytes[1] = 0;
    EXPECT_EQ(decodeError(bytes), "vrid 0, expected 1-255");
}

TEST(VrrpAdvertTest, RejectsLengthThatDoesNotMatchTheCount)
{
    auto bytes = kCgn1Bytes;
    bytes[3] = 2;
    EXPECT_EQ(decodeError(bytes), "length 12 does not match 2 addresses");
    bytes = kCgn1Bytes;
    bytes.push_back(0);
    EXPECT_EQ(decodeError(bytes), "length 13 does not match 1 addresses");
}

TEST(VrrpAdvertTest, RejectsBadChecksum)
{
    auto bytes = kCgn1Bytes;
    bytes[6] = 0x12;
    bytes[7] = 0x34;
    EXPECT_EQ(decodeError(bytes), "bad checksum 0x1234, expected 0x1004");
}

TEST(VrrpAdvertTest, ChecksumCoversThePseudoHeader)
{
    std::string error;
    EXPECT_FALSE(decodeAdvert(kCgn1Bytes, ip(10, 1, 1, 2), kVrrpGroup, &error));
    EXPECT_EQ(error, "bad checksum 0x1004, expected 0x1003");
    EXPECT_FALSE(decodeAdvert(kCgn1Bytes, kSource, ip(10, 1, 1, 2), &error));
}

TEST(VrrpAdvertTest, ChecksumCoversThePayload)
{
    auto bytes = kCgn1Bytes;
    bytes[11] = 0x04; // virtual IP 10.1.1.4
    EXPECT_EQ(decodeError(bytes), "bad checksum 0x1004, expected 0x1003");
}
