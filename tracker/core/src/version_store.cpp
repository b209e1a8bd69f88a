// The version store: interned names, versions and their chains, reference
// counts, lineage inputs and the foreign-change walk.

#include <algorithm>
#include <functional>
#include <utility>

#include "tracker_impl.hpp"

namespace xdeps
{
    using detail::cell_t;
    using detail::id_t;
    using detail::no_cell;
    using detail::no_id;

    namespace detail
    {
        id_t interner::intern(std::string_view text)
        {
            auto it = m_ids.find(text);
            if (it != m_ids.end())
            {
                return it->second;
            }
            id_t id = static_cast<id_t>(m_texts.size());
            m_texts.emplace_back(text);
            m_ids.emplace(std::string_view(m_texts.back()), id);
            return id;
        }

        id_t interner::find(std::string_view text) const
        {
            auto it = m_ids.find(text);
            return it == m_ids.end() ? no_id : it->second;
        }

        std::size_t interner::bytes() const
        {
            std::size_t total = m_ids.bucket_count() * sizeof(void*)
                              + m_ids.size() * (sizeof(std::string_view) + sizeof(id_t) + 2 * sizeof(void*));
            for (const std::string& s : m_texts)
            {
                total += sizeof(std::string) + (s.capacity() > 15 ? s.capacity() + 1 : 0);
            }
            return total;
        }

        key_set_table::key_set_table()
        {
            m_sets.emplace_back();
            m_ids.emplace(std::vector<id_t>(), 0);
        }

        std::size_t key_set_table::set_hash::operator()(const std::vector<id_t>& keys) const
        {
            std::size_t h = keys.size();
            for (id_t k : keys)
            {
                h = h * 1000003u ^ std::hash<id_t>()(k);
            }
            return h;
        }

        id_t key_set_table::intern(const std::vector<id_t>& sorted_keys)
        {
            auto it = m_ids.find(sorted_keys);
            if (it != m_ids.end())
            {
                return it->second;
            }
            id_t id = static_cast<id_t>(m_sets.size());
            m_sets.push_back(sorted_keys);
            m_ids.emplace(sorted_keys, id);
            return id;
        }

        std::size_t key_set_table::bytes() const
        {
            std::size_t total = m_ids.bucket_count() * sizeof(void*);
            for (const std::vector<id_t>& keys : m_sets)
            {
                // The set and its copy as the map's key, with the map node.
                total += 2 * (sizeof(keys) + keys.capacity() * sizeof(id_t)) + sizeof(id_t) + 2 * sizeof(void*);
            }
            return total;
        }

        void interner::clear()
        {
            m_ids.clear();
            m_texts.clear();
        }

        void record::clear()
        {
            inputs.clear();
            writes.clear();
            calls.clear();
            function_reads.clear();
        }

        std::size_t record::bytes() const
        {
            std::size_t total = inputs.capacity() * sizeof(input_entry)
                              + writes.capacity() * sizeof(write_entry)
                              + calls.capacity() * sizeof(std::pair<id_t, id_t>)
                              + function_reads.capacity() * sizeof(std::pair<id_t, std::vector<id_t>>);
            for (const auto& fr : function_reads)
            {
                total += fr.second.capacity() * sizeof(id_t);
            }
            return total;
        }
    }


    tracker::impl::impl()
    {
        // Function id 0 is the cell's top-level code.
        functions.intern("");
    }

    id_t tracker::impl::name_id(std::string_view name)
    {
        id_t n = names_text.intern(name);
        if (n >= names.size())
        {
            names.resize(n + 1);
        }
        return n;
    }

    // Marks compare with the epoch; when the counter wraps, old marks could
    // match again, so they are cleared.
    std::uint32_t tracker::impl::next_epoch()
    {
        if (++mark_epoch == 0)
        {
            for (detail::version_entry& ve : versions)
            {
                ve.statement_mark = 0;
                ve.scratch_mark = 0;
            }
            for (detail::cell_entry& ce : cells)
            {
                ce.scratch_mark = 0;
            }
            mark_epoch = 1;
        }
        return mark_epoch;
    }

    void tracker::impl::ref(id_t v)
    {
        ++versions[v].refs;
    }

    // Drops one reference; frees versions nobody refers to any more (and
    // releases their inputs) without recursion, splicing them out of their
    // chain.
    void tracker::impl::unref(id_t v)
    {
        std::vector<id_t> work{v};
        while (!work.empty())
        {
            id_t x = work.back();
            work.pop_back();
            detail::version_entry& ve = versions[x];
            if (--ve.refs != 0)
            {
                continue;
            }
            for (id_t input : ve.inputs)
            {
                remove_one(versions[input].dependents, x);
                work.push_back(input);
            }
            if (ve.predecessor != no_id)
            {
                versions[ve.predecessor].successor = ve.successor;
            }
            if (ve.successor != no_id)
            {
                versions[ve.successor].predecessor = ve.predecessor;
            }
            free_version(x);
        }
    }

    void tracker::impl::free_version(id_t v)
    {
        detail::version_entry& ve = versions[v];
        ve = detail::version_entry();
        free_versions.push_back(v);
        --live_versions;
    }

    // A new binding (or tombstone) of `name`, appended to its chain unless
    // `link` is false; the previous tail loses its "current" reference
    // (released after the update, so that the update can still walk it).
    id_t tracker::impl::new_version(id_t name, cell_t created_by, bool deleted, bool link)
    {
        id_t v;
        if (!free_versions.empty())
        {
            v = free_versions.back();
            free_versions.pop_back();
        }
        else
        {
            v = static_cast<id_t>(versions.size());
            versions.emplace_back();
        }
        ++live_versions;
        detail::version_entry& ve = versions[v];
        ve.alive = true;
        ve.name = name;
        ve.deleted = deleted;
        ve.number = deleted ? 0 : names[name].next_number++;
        ve.created_by = created_by;
        ve.bound_by = created_by;
        ve.refs = 1;   // current binding of the name (or about to be)
        if (link)
        {
            link_version(v);
        }
        return v;
    }

    void tracker::impl::link_version(id_t v)
    {
        detail::version_entry& ve = versions[v];
        detail::name_entry& ne = names[ve.name];
        id_t previous = ne.tail;
        if (previous != no_id)
        {
            versions[previous].successor = v;
            ve.predecessor = previous;
            pending_release.push_back(previous);
        }
        ne.tail = v;
    }

    void tracker::impl::add_input(id_t v, id_t input, id_t keys)
    {
        detail::version_entry& ve = versions[v];
        if (keys != 0 || !ve.input_keys.empty())
        {
            // Keys are kept only once one input is used through elements.
            ve.input_keys.resize(ve.inputs.size(), 0);
            ve.input_keys.push_back(keys);
        }
        ve.inputs.push_back(input);
        versions[input].dependents.push_back(v);
        ref(input);
    }

    id_t tracker::impl::unite_keys(id_t a, id_t b)
    {
        if (a == 0 || b == 0)
        {
            return 0;
        }
        if (a == b)
        {
            return a;
        }
        std::vector<id_t> keys = key_sets.keys(a);
        add_keys(keys, key_sets.keys(b));
        return key_sets.intern(keys);
    }

    void tracker::impl::set_inputs(id_t v, const std::vector<id_t>& inputs, const std::vector<id_t>& keys)
    {
        std::uint32_t epoch = next_epoch();
        versions[v].scratch_mark = epoch;   // never its own input
        for (std::size_t i = 0; i < inputs.size(); ++i)
        {
            id_t input = inputs[i];
            id_t used = keys.empty() ? 0 : keys[i];
            if (versions[input].scratch_mark != epoch)
            {
                versions[input].scratch_mark = epoch;
                add_input(v, input, used);
            }
            else if (input != v && !versions[v].input_keys.empty())
            {
                // Given twice (x = x + 1 taking the previous inputs): the union.
                detail::version_entry& ve = versions[v];
                std::size_t at = static_cast<std::size_t>(
                    std::find(ve.inputs.begin(), ve.inputs.end(), input) - ve.inputs.begin());
                ve.input_keys[at] = unite_keys(ve.input_keys[at], used);
            }
        }
    }

    // The inputs of a new binding of `n` by `c`: x = x + 1 by the cell that
    // bound x takes the inputs of the previous x instead of x itself, so
    // lineage does not grow with every run (see the docs).
    // `keys`: the elements used of each input (parallel, or empty: all whole).
    void tracker::impl::new_binding_inputs(id_t previous,
                                           cell_t c,
                                           std::vector<id_t>& inputs,
                                           std::vector<id_t>& keys) const
    {
        if (previous == no_id || versions[previous].deleted)
        {
            return;
        }
        const detail::version_entry& pv = versions[previous];
        if (pv.created_by == c && pv.bound_by == c && !pv.sealed)
        {
            auto it = std::find(inputs.begin(), inputs.end(), previous);
            if (it != inputs.end())
            {
                auto at = it - inputs.begin();
                bool keyed = !keys.empty() || !pv.input_keys.empty();
                if (keyed)
                {
                    keys.resize(inputs.size(), 0);
                    keys.erase(keys.begin() + at);
                }
                inputs.erase(it);
                inputs.insert(inputs.end(), pv.inputs.begin(), pv.inputs.end());
                for (std::size_t i = 0; keyed && i < pv.inputs.size(); ++i)
                {
                    keys.push_back(input_keys(pv, i));
                }
            }
        }
    }

    void tracker::impl::drop_inputs(id_t v)
    {
        std::vector<id_t> inputs;
        inputs.swap(versions[v].inputs);
        versions[v].input_keys.clear();
        for (id_t input : inputs)
        {
            remove_one(versions[input].dependents, v);
            pending_release.push_back(input);
        }
    }

    void tracker::impl::remove_one(std::vector<id_t>& list, id_t value)
    {
        auto it = std::find(list.begin(), list.end(), value);
        if (it != list.end())
        {
            *it = list.back();
            list.pop_back();
        }
    }

    void tracker::impl::remove_one(std::vector<cell_t>& list, cell_t value)
    {
        auto it = std::find(list.begin(), list.end(), value);
        if (it != list.end())
        {
            *it = list.back();
            list.pop_back();
        }
    }

    id_t tracker::impl::foreign_change(id_t v, cell_t owner) const
    {
        const cell_t floor = versions[v].bound_by;
        id_t next = versions[v].successor;
        while (next != no_id)
        {
            const detail::version_entry& ne = versions[next];
            if (!skips(owner, floor, ne.created_by))
            {
                return next;
            }
            next = ne.successor;
        }
        return no_id;
    }

    // Whether `change` can have changed what a read of `keys` used: any
    // rebinding does, a mutation when its elements are unknown or shared.
    bool tracker::impl::touches(const detail::version_entry& change, id_t key_set) const
    {
        if (key_set == 0 || change.changed_keys == 0)
        {
            return true;
        }
        if (key_set == change.changed_keys)
        {
            return true;   // the same non-empty set
        }
        const std::vector<id_t>& keys = key_sets.keys(key_set);
        const std::vector<id_t>& changed = key_sets.keys(change.changed_keys);
        auto a = keys.begin();
        auto b = changed.begin();
        while (a != keys.end() && b != changed.end())
        {
            if (*a == *b)
            {
                return true;
            }
            if (*a < *b)
            {
                ++a;
            }
            else
            {
                ++b;
            }
        }
        return false;
    }

    id_t tracker::impl::foreign_change(id_t v, cell_t owner, id_t keys) const
    {
        if (keys == 0)
        {
            return foreign_change(v, owner);
        }
        const cell_t floor = versions[v].bound_by;
        for (id_t next = versions[v].successor; next != no_id; next = versions[next].successor)
        {
            const detail::version_entry& ne = versions[next];
            if (!skips(owner, floor, ne.created_by) && touches(ne, keys))
            {
                return next;
            }
        }
        return no_id;
    }

    void tracker::impl::flush_releases()
    {
        std::vector<id_t> pending;
        pending.swap(pending_release);
        for (id_t v : pending)
        {
            unref(v);
        }
    }

    cell_t tracker::impl::find_cell(const std::string& cell_id) const
    {
        auto it = cell_ids.find(cell_id);
        return it == cell_ids.end() ? no_cell : it->second;
    }

    cell_t tracker::impl::cell_index(const std::string& cell_id)
    {
        auto it = cell_ids.find(cell_id);
        if (it != cell_ids.end())
        {
            return it->second;
        }
        cell_t c = static_cast<cell_t>(cells.size());
        cells.emplace_back();
        cells.back().id = cell_id;
        cells.back().unreported_rank = static_cast<std::uint32_t>(c);
        cell_ids.emplace(cell_id, c);
        place_cell(c);
        return c;
    }

    const std::string& tracker::impl::cell_name(cell_t c) const
    {
        static const std::string unknown;
        return c == no_cell ? unknown : cells[c].id;
    }
}
