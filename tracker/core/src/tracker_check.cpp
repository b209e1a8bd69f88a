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
        m.check_store(problems);
        const std::size_t count = m.versions.size();

        // The consumer rule, from the lineage as it stands: a change whose
        // statement read a version directly never follows one of that
        // version's inputs (the version took the change as its input, or,
        // when the reading came later by a same-value rebinding, was sealed).
        for (id_t c = 0; c < count; ++c)
        {
            const detail::version_entry& cv = m.versions[c];
            if (!cv.alive || cv.deleted)
            {
                continue;
            }
            for (id_t w : cv.inputs)
            {
                const detail::version_entry& wv = m.versions[w];
                if (wv.sealed)
                {
                    continue;
                }
                for (id_t i : wv.inputs)
                {
                    if (m.versions[i].name != cv.name || m.skips(wv.bound_by, m.versions[i].bound_by, cv.created_by))
                    {
                        continue;
                    }
                    for (id_t next = m.versions[i].successor; next != no_id; next = m.versions[next].successor)
                    {
                        if (next == c)
                        {
                            problems << "version " << w << " of " << m.names_text.text(wv.name)
                                     << " keeps an input that its consumer " << c << " replaced; ";
                            break;
                        }
                    }
                }
            }
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
                bool changed = m.foreign_change(in.version, c, in.keys) != no_id;
                if (changed && !in.sealed)
                {
                    problems << "cell " << ce.id << " read of " << m.names_text.text(in.name)
                             << " changed but not sealed; ";
                }
                if (changed || in.sealed || m.read_from_below(in.version, c))
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
