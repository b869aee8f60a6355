#pragma once

// A hash index from 64-bit hashes to entry numbers, built for tables of millions of sessions.
//
// Buckets are one cache line: 15 slots of 32 bits and an overflow count. A slot holds the entry
// number + 1 in its low bits and a tag of the hash in the bits left over, so a lookup touches
// one bucket and, nearly always, only the one entry that really matches. An entry lives in its
// home bucket unless that is full; then it goes to the next bucket with room and every full
// bucket passed counts it in `overflow` (as folly's F14 does), so a lookup goes on to the next
// bucket only when something did overflow from here, and deletion just clears the slot —
// no tombstones, no backward shifts, no reading other entries. Sized for a 60 % load at the
// configured maximum, a bucket overflows rarely.
//
// The caller keeps the keys (in its entries) and tells the index how to compare.

#include <bit>
#include <cstddef>
#include <cstdint>
#include "HugeArray.h"

#include <memory>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tandem::cgn {

class FlatIndex
{
public:
    static constexpr std::uint32_t kNotFound = 0xffffffffu;

    FlatIndex() = default;

    // Room for `maxEntries` entries numbered 0 … maxEntries-1.
    void reset(std::uint32_t maxEntries)
    {
        m_indexBits = 1;
        while ((std::uint64_t(1) << m_indexBits) <= maxEntries)
            ++m_indexBits;
        m_indexMask = (std::uint32_t(1) << m_indexBits) - 1;
        const std::uint64_t slots = std::uint64_t(maxEntries) * 10 / 6 + kSlots;
        m_bucketCount = std::uint32_t((slots + kSlots - 1) / kSlots);
        m_buckets.allocate(m_bucketCount);
    }

    std::size_t memoryBytes() const { return m_buckets.bytes(); }

    void prefetch(std::uint64_t hash) const { __builtin_prefetch(&m_buckets[home(hash)]); }

    // `matches(entry)` says whether entry number `entry` has the key looked for.
    template<typename Matches>
    std::uint32_t find(std::uint64_t hash, Matches&& matches) const
    {
        const std::uint32_t tag = tagOf(hash);
        std::uint32_t b = home(hash);
        for (std::uint32_t probes = 0; probes < m_bucketCount; ++probes) {
            const Bucket& bucket = m_buckets[b];
            for (std::uint32_t hits = candidates(bucket, tag); hits; hits &= hits - 1) {
                const std::uint32_t entry = (bucket.slots[std::countr_zero(hits)] & m_indexMask) - 1;
                if (matches(entry))
                    return entry;
            }
            if (bucket.overflow == 0)
                return kNotFound;
            b = next(b);
        }
        return kNotFound;
    }

    // The first entry in the home bucket whose tag matches, or kNotFound: what a vectored
    // lookup prefetches before it compares keys.
    std::uint32_t firstCandidate(std::uint64_t hash) const
    {
        const Bucket& bucket = m_buckets[home(hash)];
        const std::uint32_t hits = candidates(bucket, tagOf(hash));
        return hits ? (bucket.slots[std::countr_zero(hits)] & m_indexMask) - 1 : kNotFound;
    }

    // The key must not be present. False only when the index is completely full.
    bool insert(std::uint64_t hash, std::uint32_t entry)
    {
        const std::uint32_t value = tagOf(hash) | (entry + 1);
        std::uint32_t b = home(hash);
        for (std::uint32_t probes = 0; probes < m_bucketCount; ++probes) {
            Bucket& bucket = m_buckets[b];
            if (const std::uint32_t empty = emptySlots(bucket)) {
                bucket.slots[std::countr_zero(empty)] = value;
                // Count the entry in every full bucket it passed.
                for (std::uint32_t p = home(hash); p != b; p = next(p))
                    ++m_buckets[p].overflow;
                return true;
            }
            b = next(b);
        }
        return false;
    }

    // Removes entry number `entry` stored under `hash`. False when it is not there.
    bool erase(std::uint64_t hash, std::uint32_t entry)
    {
        const std::uint32_t value = tagOf(hash) | (entry + 1);
        std::uint32_t b = home(hash);
        for (std::uint32_t probes = 0; probes < m_bucketCount; ++probes) {
            Bucket& bucket = m_buckets[b];
            // The full value (tag and entry) is unique: the tag candidates include it.
            for (std::uint32_t hits = candidates(bucket, value & ~m_indexMask); hits; hits &= hits - 1) {
                const int i = std::countr_zero(hits);
                if (bucket.slots[i] == value) {
                    bucket.slots[i] = 0;
                    for (std::uint32_t p = home(hash); p != b; p = next(p))
                        --m_buckets[p].overflow;
                    return true;
                }
            }
            if (bucket.overflow == 0)
                return false;
            b = next(b);
        }
        return false;
    }

    void clear()
    {
        for (std::uint32_t b = 0; b < m_bucketCount; ++b)
            m_buckets[b] = Bucket{};
    }

private:
    static constexpr int kSlots = 15;
    struct alignas(64) Bucket
    {
        std::uint32_t slots[kSlots];
        std::uint32_t overflow;
    };
    static_assert(sizeof(Bucket) == 64);

    // Bit i set: slot i is occupied and carries `tag`.
    std::uint32_t candidates(const Bucket& bucket, std::uint32_t tag) const
    {
#if defined(__SSE2__)
        const __m128i mask = _mm_set1_epi32(int(~m_indexMask));
        const __m128i want = _mm_set1_epi32(int(tag));
        const __m128i zero = _mm_setzero_si128();
        std::uint32_t hits = 0, empty = 0;
        for (int q = 0; q < 4; ++q) {
            const __m128i v = _mm_load_si128(reinterpret_cast<const __m128i*>(&bucket.slots[0]) + q);
            hits |= std::uint32_t(_mm_movemask_ps(_mm_castsi128_ps(
                        _mm_cmpeq_epi32(_mm_and_si128(v, mask), want)))) << (4 * q);
            empty |= std::uint32_t(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v, zero))))
                     << (4 * q);
        }
        return hits & ~empty & 0x7fffu; // lane 15 is the overflow count
#else
        std::uint32_t hits = 0;
        for (int i = 0; i < kSlots; ++i)
            if (bucket.slots[i] != 0 && (bucket.slots[i] & ~m_indexMask) == tag)
                hits |= 1u << i;
        return hits;
#endif
    }

    // Bit i set: slot i is free.
    static std::uint32_t emptySlots(const Bucket& bucket)
    {
#if defined(__SSE2__)
        const __m128i zero = _mm_setzero_si128();
        std::uint32_t empty = 0;
        for (int q = 0; q < 4; ++q) {
            const __m128i v = _mm_load_si128(reinterpret_cast<const __m128i*>(&bucket.slots[0]) + q);
            empty |= std::uint32_t(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v, zero)))) << (4 * q);
        }
        return empty & 0x7fffu;
#else
        std::uint32_t empty = 0;
        for (int i = 0; i < kSlots; ++i)
            if (bucket.slots[i] == 0)
                empty |= 1u << i;
        return empty;
#endif
    }

    // The bucket comes from the high half of the hash, the tag from the low half, so the two
    // are independent.
    std::uint32_t home(std::uint64_t hash) const
    {
        return std::uint32_t(((hash >> 32) * m_bucketCount) >> 32);
    }
    std::uint32_t tagOf(std::uint64_t hash) const
    {
        return m_indexBits >= 32 ? 0 : (std::uint32_t(hash) << m_indexBits);
    }
    std::uint32_t next(std::uint32_t b) const { return b + 1 == m_bucketCount ? 0 : b + 1; }

    HugeArray<Bucket> m_buckets;
    std::uint32_t m_bucketCount = 0;
    std::uint32_t m_indexBits = 0;
    std::uint32_t m_indexMask = 0;
};

} // namespace tandem::cgn
