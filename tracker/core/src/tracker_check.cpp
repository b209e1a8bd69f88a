#include <algorithm>
#include <sstream>

#include "tracker_impl.hpp"

namespace xdeps
{
    using detail::cell_t;
    using detail::id_t;
    using detail::no_cell;
    using detail::no_id;

    std::string tracker::self_check() const
    {
        const impl& m = *p_impl;
        std::ostringstream problems;
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

        // Outdated flags as the least fixed point, from scratch.
        std::vector<char> outdated(count, 0);
        std::vector<id_t> stack;
        for (id_t v = 0; v < count; ++v)
        {
            const detail::version_entry& ve = m.versions[v];
            if (!ve.alive)
            {
                continue;
            }
            bool source = ve.sealed;
            for (id_t input : ve.inputs)
            {
                if (m.foreign_change(input, ve.bound_by) != no_id)
                {
                    problems << "version " << v << " has a changed input but is not sealed; ";
                    source = true;
                }
            }
            if (source)
            {
                outdated[v] = 1;
                stack.push_back(v);
            }
        }
        while (!stack.empty())
        {
            id_t v = stack.back();
            stack.pop_back();
            for (id_t d : m.versions[v].dependents)
            {
                if (!outdated[d])
                {
                    outdated[d] = 1;
                    stack.push_back(d);
                }
            }
        }
        for (id_t v = 0; v < count; ++v)
        {
            if (m.versions[v].alive && m.versions[v].outdated != static_cast<bool>(outdated[v]))
            {
                problems << "version " << v << " of " << m.names_text.text(m.versions[v].name) << " is "
                         << (outdated[v] ? "" : "not ") << "outdated from scratch; ";
            }
        }

        // Cell statuses.
        for (cell_t c = 0; c < static_cast<cell_t>(m.cells.size()); ++c)
        {
            const detail::cell_entry& ce = m.cells[c];
            if (!ce.alive)
            {
                continue;
            }
            cell_status expected_status = cell_status::fresh;
            for (const detail::input_entry& in : ce.rec.inputs)
            {
                bool changed = m.foreign_change(in.version, c) != no_id;
                if (changed && !in.sealed)
                {
                    problems << "cell " << ce.id << " read of " << m.names_text.text(in.name)
                             << " changed but not sealed; ";
                }
                if (changed || in.sealed)
                {
                    expected_status = cell_status::stale;
                    break;
                }
                if (outdated[in.version])
                {
                    expected_status = cell_status::downstream;
                }
            }
            if (expected_status != ce.status)
            {
                problems << "cell " << ce.id << " is " << to_string(ce.status) << ", from scratch "
                         << to_string(expected_status) << "; ";
            }
        }
        return problems.str();
    }
}
