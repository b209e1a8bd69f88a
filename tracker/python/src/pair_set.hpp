#ifndef XDEPS_PYTHON_PAIR_SET_HPP
#define XDEPS_PYTHON_PAIR_SET_HPP

// The recorder's once-per-statement sets of reads, calls and `global` stores.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace xdeps::python
{
    // A set of pointer pairs, emptied in O(1) by bumping a generation.
    class pair_set
    {
    public:

        // True when (a, b) was not in the set.
        bool insert(const void* a, const void* b)
        {
            if (m_slots.empty() || 2 * (m_count + 1) > m_slots.size())
            {
                grow();
            }
            std::size_t mask = m_slots.size() - 1;
            std::size_t i = hash(a, b) & mask;
            while (m_slots[i].generation == m_generation)
            {
                if (m_slots[i].a == a && m_slots[i].b == b)
                {
                    return false;
                }
                i = (i + 1) & mask;
            }
            m_slots[i] = slot{a, b, m_generation};
            ++m_count;
            return true;
        }

        void clear()
        {
            m_count = 0;
            if (++m_generation == 0)
            {
                for (slot& s : m_slots)
                {
                    s.generation = 0;
                }
                m_generation = 1;
            }
            if (m_slots.size() > 4096)
            {
                m_slots.assign(64, slot{});
            }
        }

    private:

        struct slot
        {
            const void* a = nullptr;
            const void* b = nullptr;
            std::uint32_t generation = 0;
        };

        static std::size_t hash(const void* a, const void* b)
        {
            auto x = reinterpret_cast<std::uintptr_t>(a) * 0x9E3779B97F4A7C15ull;
            auto y = reinterpret_cast<std::uintptr_t>(b) * 0xC2B2AE3D27D4EB4Full;
            return static_cast<std::size_t>((x ^ (y >> 7)) >> 4);
        }

        void grow()
        {
            std::vector<slot> old;
            old.swap(m_slots);
            m_slots.assign(old.empty() ? 64 : old.size() * 2, slot{});
            m_count = 0;
            for (const slot& s : old)
            {
                if (s.generation == m_generation)
                {
                    insert(s.a, s.b);
                }
            }
        }

        std::vector<slot> m_slots;
        std::size_t m_count = 0;
        std::uint32_t m_generation = 1;
    };
}

#endif
