#pragma once

// A fixed-size, zero-filled array for the big tables (sessions, index buckets), backed by
// transparent huge pages where the kernel offers them: random lookups over hundreds of MiB then
// miss the TLB far less often. Pages are touched up front, so the data path never faults.

#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tandem::cgn {

template<typename T>
class HugeArray
{
    static_assert(std::is_trivially_copyable_v<T>, "zero bytes must be a valid T");

public:
    HugeArray() = default;
    explicit HugeArray(std::size_t size) { allocate(size); }
    ~HugeArray() { release(); }
    HugeArray(const HugeArray&) = delete;
    HugeArray& operator=(const HugeArray&) = delete;
    HugeArray(HugeArray&& other) noexcept { *this = std::move(other); }
    HugeArray& operator=(HugeArray&& other) noexcept
    {
        std::swap(m_data, other.m_data);
        std::swap(m_size, other.m_size);
        std::swap(m_mapped, other.m_mapped);
        return *this;
    }

    void allocate(std::size_t size)
    {
        release();
        if (size == 0)
            return;
        const std::size_t bytes = size * sizeof(T);
#if defined(__linux__)
        constexpr std::size_t kHuge = std::size_t(2) << 20;
        if (bytes >= kHuge) {
            const std::size_t mapped = (bytes + kHuge - 1) / kHuge * kHuge;
            void* p = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED)
                throw std::bad_alloc();
            ::madvise(p, mapped, MADV_HUGEPAGE); // a hint: without THP it is ordinary memory
            std::memset(p, 0, mapped);           // fault every page in now, not on the data path
            m_data = static_cast<T*>(p);
            m_mapped = mapped;
            m_size = size;
            return;
        }
#endif
        m_data = static_cast<T*>(::operator new(bytes, std::align_val_t(alignof(T) < 64 ? 64 : alignof(T))));
        std::memset(static_cast<void*>(m_data), 0, bytes);
        m_size = size;
    }

    T& operator[](std::size_t i) { return m_data[i]; }
    const T& operator[](std::size_t i) const { return m_data[i]; }
    T* data() { return m_data; }
    const T* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    std::size_t bytes() const { return m_mapped ? m_mapped : m_size * sizeof(T); }

private:
    void release()
    {
        if (!m_data)
            return;
#if defined(__linux__)
        if (m_mapped) {
            ::munmap(m_data, m_mapped);
            m_data = nullptr;
            m_size = m_mapped = 0;
            return;
        }
#endif
        ::operator delete(m_data, std::align_val_t(alignof(T) < 64 ? 64 : alignof(T)));
        m_data = nullptr;
        m_size = 0;
    }

    T* m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_mapped = 0;
};

} // namespace tandem::cgn
