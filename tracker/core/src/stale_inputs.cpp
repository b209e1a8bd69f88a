// What a cell reads that is outdated: the warning before its output.

#include <algorithm>
#include <unordered_set>

#include "tracker_impl.hpp"

namespace xdeps
{
    using detail::cell_t;
    using detail::id_t;
    using detail::no_cell;
    using detail::no_id;

    namespace
    {
        // Enough to cross a few self-updates (`data = data + [4]` takes the
        // inputs of the data before it); the walk stays cheap.
        constexpr std::size_t max_source_walk = 64;
    }

    cell_t tracker::impl::source_cell(id_t v, cell_t reader) const
    {
        cell_t b = versions[v].bound_by;
        if (b != reader || reader == no_cell)
        {
            return b;
        }
        std::vector<id_t> pending(versions[v].inputs.begin(), versions[v].inputs.end());
        for (std::size_t i = 0; i < pending.size() && i < max_source_walk; ++i)
        {
            const detail::version_entry& in = versions[pending[i]];
            if (in.bound_by != reader)
            {
                return in.bound_by;
            }
            pending.insert(pending.end(), in.inputs.begin(), in.inputs.end());
        }
        return no_cell;
    }

    stale_input tracker::impl::outdated_input(const std::string& symbol, id_t v, cell_t reader) const
    {
        const detail::version_entry& ve = versions[v];
        cell_t source = source_cell(v, reader);
        stale_input si;
        si.symbol = symbol;
        si.bound_by = cell_name(source);
        si.bound_by_status = source != no_cell && cells[source].alive ? cells[source].status : cell_status::fresh;
        si.outdated = ve.outdated;
        si.outdated_by = cell_name(ve.outdated_by);
        return si;
    }

    std::vector<stale_input> tracker::stale_inputs(const std::string& cell_id) const
    {
        const impl& m = *p_impl;
        std::vector<stale_input> result;
        cell_t c = m.live_cell(cell_id);
        if (c == no_cell)
        {
            return result;
        }
        for (const detail::input_entry& in : m.cells[c].rec.inputs)
        {
            if (m.versions[in.version].outdated)
            {
                result.push_back(m.outdated_input(m.names_text.text(in.name), in.version, c));
            }
        }
        return result;
    }

    bool tracker::has_outdated_bindings() const
    {
        const impl& m = *p_impl;
        return std::any_of(m.names.begin(), m.names.end(), [&m](const detail::name_entry& ne) {
            return ne.tail != no_id && !m.versions[ne.tail].deleted && m.versions[ne.tail].outdated;
        });
    }

    std::vector<stale_input> tracker::outdated_inputs(const std::string& cell_id,
                                                      const std::vector<std::string>& names,
                                                      const std::vector<std::string>& called) const
    {
        const impl& m = *p_impl;
        cell_t c = m.live_cell(cell_id);
        std::vector<std::string> read(names);
        // The globals the called notebook functions read in the latest
        // records, through the functions they called in turn.
        std::vector<id_t> functions;
        for (const std::string& f : called)
        {
            id_t id = m.functions.find(f);
            if (id != no_id && std::find(functions.begin(), functions.end(), id) == functions.end())
            {
                functions.push_back(id);
            }
        }
        for (std::size_t i = 0; i < functions.size(); ++i)
        {
            for (const detail::cell_entry& ce : m.cells)
            {
                if (!ce.alive)
                {
                    continue;
                }
                for (const auto& [function, function_names] : ce.rec.function_reads)
                {
                    if (function == functions[i])
                    {
                        for (id_t n : function_names)
                        {
                            read.push_back(m.names_text.text(n));
                        }
                    }
                }
                for (const auto& [caller, callee] : ce.rec.calls)
                {
                    if (caller == functions[i] && std::find(functions.begin(), functions.end(), callee) == functions.end())
                    {
                        functions.push_back(callee);
                    }
                }
            }
        }
        std::vector<stale_input> result;
        std::unordered_set<std::string> seen;
        for (const std::string& name : read)
        {
            id_t n = m.names_text.find(name);
            if (n == no_id || n >= m.names.size() || !seen.insert(name).second)
            {
                continue;
            }
            id_t tail = m.names[n].tail;
            if (tail != no_id && !m.versions[tail].deleted && m.versions[tail].outdated)
            {
                result.push_back(m.outdated_input(name, tail, c));
            }
        }
        return result;
    }
}
