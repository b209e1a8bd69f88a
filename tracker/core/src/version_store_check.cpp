// The version store's own invariants, recomputed from scratch: reference
// counts, the reverse indexes (dependents, readers) and the chain links.

#include <algorithm>
#include <ostream>

#include "tracker_impl.hpp"

namespace xdeps
{
    using detail::cell_t;
    using detail::id_t;
    using detail::no_cell;
    using detail::no_id;

    void tracker::impl::check_store(std::ostream& problems) const
    {
        const impl& m = *this;
        const std::size_t count = m.versions.size();

        // Reference counts and the reverse indexes.
        std::vector<std::uint32_t> expected(count, 0);
        for (const detail::name_entry& ne : m.names)
        {
            if (ne.tail != no_id)
            {
                ++expected[ne.tail];
            }
        }
        std::size_t live = 0;
        for (id_t v = 0; v < count; ++v)
        {
            const detail::version_entry& ve = m.versions[v];
            if (!ve.alive)
            {
                continue;
            }
            ++live;
            if (!ve.input_keys.empty() && ve.input_keys.size() != ve.inputs.size())
            {
                problems << "version " << v << " has " << ve.input_keys.size() << " input key sets for "
                         << ve.inputs.size() << " inputs; ";
            }
            for (id_t input : ve.inputs)
            {
                ++expected[input];
                const auto& deps = m.versions[input].dependents;
                if (!m.versions[input].alive)
                {
                    problems << "version " << v << " has a freed input " << input << "; ";
                }
                else if (std::count(deps.begin(), deps.end(), v) != std::count(ve.inputs.begin(), ve.inputs.end(), input))
                {
                    problems << "dependents of " << input << " disagree with inputs of " << v << "; ";
                }
            }
            for (id_t d : ve.dependents)
            {
                const auto& inputs = m.versions[d].inputs;
                if (std::find(inputs.begin(), inputs.end(), v) == inputs.end())
                {
                    problems << "version " << d << " listed as dependent of " << v << " without the input; ";
                }
            }
            if (ve.successor != no_id)
            {
                if (m.versions[ve.successor].predecessor != v)
                {
                    problems << "chain link " << v << " -> " << ve.successor << " is one-sided; ";
                }
            }
            if (ve.predecessor != no_id && m.versions[ve.predecessor].successor != v)
            {
                problems << "predecessor of " << v << " does not link to it; ";
            }
        }
        std::vector<std::uint32_t> reader_count(count, 0);
        for (cell_t c = 0; c < static_cast<cell_t>(m.cells.size()); ++c)
        {
            const detail::cell_entry& ce = m.cells[c];
            if (!ce.alive)
            {
                if (ce.status != cell_status::fresh || !ce.rec.inputs.empty())
                {
                    problems << "forgotten cell " << ce.id << " keeps a status or reads; ";
                }
                continue;
            }
            for (const detail::input_entry& in : ce.rec.inputs)
            {
                ++expected[in.version];
                ++reader_count[in.version];
                const auto& readers = m.versions[in.version].readers;
                if (std::find(readers.begin(), readers.end(), c) == readers.end())
                {
                    problems << "cell " << ce.id << " missing from readers of " << in.version << "; ";
                }
            }
        }
        for (id_t v = 0; v < count; ++v)
        {
            const detail::version_entry& ve = m.versions[v];
            if (!ve.alive)
            {
                continue;
            }
            if (ve.refs != expected[v])
            {
                problems << "version " << v << " has " << ve.refs << " references, expected " << expected[v] << "; ";
            }
            if (ve.refs == 0)
            {
                problems << "version " << v << " is unreferenced but alive; ";
            }
            if (ve.readers.size() != reader_count[v])
            {
                problems << "version " << v << " lists " << ve.readers.size() << " readers, expected " << reader_count[v]
                         << "; ";
            }
        }
        if (live != m.live_versions)
        {
            problems << "live version count " << m.live_versions << ", counted " << live << "; ";
        }
    }
}
