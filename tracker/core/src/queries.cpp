// Queries on the kept state: statuses, reasons, records, orders, costs.

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

    tracker::tracker()
        : p_impl(std::make_unique<impl>())
    {
    }

    tracker::~tracker() = default;

    cell_t tracker::impl::live_cell(const std::string& cell_id) const
    {
        cell_t c = find_cell(cell_id);
        return c != no_cell && cells[c].alive ? c : no_cell;
    }

    std::vector<cell_t> tracker::impl::cells_by_execution_count() const
    {
        std::vector<cell_t> result;
        for (cell_t c = 0; c < static_cast<cell_t>(cells.size()); ++c)
        {
            if (cells[c].alive)
            {
                result.push_back(c);
            }
        }
        std::sort(result.begin(), result.end(), [this](cell_t a, cell_t b) {
            return cells[a].execution_count < cells[b].execution_count;
        });
        return result;
    }

    std::vector<cell_t> tracker::impl::upstream_of(cell_t c) const
    {
        std::vector<cell_t> result;
        for (const detail::input_entry& in : cells[c].rec.inputs)
        {
            cell_t b = source_cell(in.version, c);
            if (b != no_cell && b != c && cells[b].alive
                && std::find(result.begin(), result.end(), b) == result.end())
            {
                result.push_back(b);
            }
        }
        std::sort(result.begin(), result.end(), [this](cell_t a, cell_t b) {
            return cells[a].execution_count < cells[b].execution_count;
        });
        return result;
    }

    bool tracker::has_cell(const std::string& cell_id) const
    {
        return p_impl->live_cell(cell_id) != no_cell;
    }

    int tracker::execution_count(const std::string& cell_id) const
    {
        cell_t c = p_impl->live_cell(cell_id);
        return c != no_cell ? p_impl->cells[c].execution_count : -1;
    }

    cell_status tracker::status(const std::string& cell_id) const
    {
        cell_t c = p_impl->live_cell(cell_id);
        return c != no_cell ? p_impl->cells[c].status : cell_status::fresh;
    }

    std::vector<reason> tracker::reasons(const std::string& cell_id) const
    {
        const impl& m = *p_impl;
        std::vector<reason> result;
        cell_t c = m.live_cell(cell_id);
        if (c == no_cell)
        {
            return result;
        }
        const detail::cell_entry& ce = m.cells[c];
        for (const detail::reason_entry& r : ce.reasons)
        {
            reason out;
            out.symbol = m.names_text.text(r.symbol);
            out.changed_by = m.cell_name(r.changed_by);
            out.bound_by = m.cell_name(r.bound_by);
            out.via = m.functions.text(r.via);
            out.kind = ce.status;
            out.deleted = r.deleted;
            out.changed_symbol = m.names_text.text(r.changed_symbol);
            out.mutated = r.mutated;
            out.below = r.below;
            result.push_back(std::move(out));
        }
        return result;
    }

    std::vector<std::string> tracker::cells() const
    {
        std::vector<std::string> result;
        for (cell_t c : p_impl->cells_by_execution_count())
        {
            result.push_back(p_impl->cells[c].id);
        }
        return result;
    }

    std::string tracker::cell_for_execution_count(int execution_count) const
    {
        const impl& m = *p_impl;
        for (const detail::cell_entry& ce : m.cells)
        {
            if (ce.alive && ce.execution_count == execution_count)
            {
                return ce.id;
            }
        }
        return {};
    }

    std::vector<read_info> tracker::cell_reads(const std::string& cell_id) const
    {
        const impl& m = *p_impl;
        std::vector<read_info> result;
        cell_t c = m.live_cell(cell_id);
        if (c == no_cell)
        {
            return result;
        }
        for (const detail::input_entry& in : m.cells[c].rec.inputs)
        {
            const detail::version_entry& ve = m.versions[in.version];
            read_info info;
            info.symbol = m.names_text.text(in.name);
            info.version = static_cast<int>(ve.number);
            info.bound_by = m.cell_name(m.source_cell(in.version, c));
            info.via = m.functions.text(in.via);
            if (in.sealed)
            {
                info.changed_by = m.cell_name(in.changed_by);
            }
            info.outdated = ve.outdated;
            if (ve.outdated)
            {
                info.outdated_by = m.cell_name(ve.outdated_by);
                info.outdated_symbol = m.names_text.text(ve.outdated_symbol);
            }
            result.push_back(std::move(info));
        }
        return result;
    }

    std::vector<write_info> tracker::cell_writes(const std::string& cell_id) const
    {
        const impl& m = *p_impl;
        std::vector<write_info> result;
        cell_t c = m.live_cell(cell_id);
        if (c == no_cell)
        {
            return result;
        }
        for (const detail::write_entry& w : m.cells[c].rec.writes)
        {
            write_info info;
            info.symbol = m.names_text.text(w.name);
            info.version = static_cast<int>(w.number);
            info.deleted = w.deleted;
            id_t tail = m.names[w.name].tail;
            if (tail != no_id)
            {
                const detail::version_entry& tv = m.versions[tail];
                info.current = w.deleted ? (tv.deleted && tv.created_by == c)
                                         : (!tv.deleted && tv.number == w.number);
            }
            result.push_back(std::move(info));
        }
        return result;
    }

    std::vector<std::pair<std::string, std::string>> tracker::cell_calls(const std::string& cell_id) const
    {
        const impl& m = *p_impl;
        std::vector<std::pair<std::string, std::string>> result;
        cell_t c = m.live_cell(cell_id);
        if (c == no_cell)
        {
            return result;
        }
        for (const auto& call : m.cells[c].rec.calls)
        {
            result.emplace_back(m.functions.text(call.first), m.functions.text(call.second));
        }
        return result;
    }

    std::vector<std::pair<std::string, std::vector<std::string>>>
    tracker::function_reads(const std::string& cell_id) const
    {
        const impl& m = *p_impl;
        std::vector<std::pair<std::string, std::vector<std::string>>> result;
        cell_t c = m.live_cell(cell_id);
        if (c == no_cell)
        {
            return result;
        }
        for (const auto& fr : m.cells[c].rec.function_reads)
        {
            std::vector<std::string> read_names;
            for (id_t n : fr.second)
            {
                read_names.push_back(m.names_text.text(n));
            }
            result.emplace_back(m.functions.text(fr.first), std::move(read_names));
        }
        return result;
    }

    std::vector<std::string> tracker::upstream(const std::string& cell_id) const
    {
        const impl& m = *p_impl;
        std::vector<std::string> result;
        cell_t c = m.live_cell(cell_id);
        if (c == no_cell)
        {
            return result;
        }
        for (cell_t b : m.upstream_of(c))
        {
            result.push_back(m.cells[b].id);
        }
        return result;
    }

    std::vector<std::string> tracker::downstream_cells(const std::string& cell_id) const
    {
        const impl& m = *p_impl;
        std::vector<std::string> result;
        cell_t c = m.live_cell(cell_id);
        if (c == no_cell)
        {
            return result;
        }
        std::vector<cell_t> readers;
        for (const detail::write_entry& w : m.cells[c].rec.writes)
        {
            id_t tail = m.names[w.name].tail;
            if (w.deleted || tail == no_id)
            {
                continue;
            }
            const detail::version_entry& tv = m.versions[tail];
            if (tv.deleted || tv.bound_by != c)
            {
                continue;
            }
            for (cell_t r : tv.readers)
            {
                if (r != c && m.cells[r].alive && std::find(readers.begin(), readers.end(), r) == readers.end())
                {
                    readers.push_back(r);
                }
            }
        }
        std::sort(readers.begin(), readers.end(), [&m](cell_t a, cell_t b) {
            return m.cells[a].execution_count < m.cells[b].execution_count;
        });
        for (cell_t r : readers)
        {
            result.push_back(m.cells[r].id);
        }
        return result;
    }

    std::vector<std::string> tracker::non_fresh_cells() const
    {
        std::vector<std::string> result;
        for (cell_t c : p_impl->cells_by_execution_count())
        {
            if (p_impl->cells[c].status != cell_status::fresh)
            {
                result.push_back(p_impl->cells[c].id);
            }
        }
        return result;
    }

    std::vector<cell_t> tracker::impl::rerun_order() const
    {
        std::vector<cell_t> nodes;
        for (cell_t c : cells_by_execution_count())
        {
            if (cells[c].status != cell_status::fresh)
            {
                nodes.push_back(c);
            }
        }
        // In notebook order, a cell depends only on cells above it that
        // count: top to bottom is an order to re-run them.
        if (order == order_mode::notebook)
        {
            std::sort(nodes.begin(), nodes.end(), [this](cell_t a, cell_t b) {
                return places[a] < places[b];
            });
            return nodes;
        }
        // Position of each node in `nodes` (ordered by execution count).
        std::unordered_map<cell_t, std::size_t> position;
        for (std::size_t i = 0; i < nodes.size(); ++i)
        {
            position.emplace(nodes[i], i);
        }
        std::vector<std::vector<std::size_t>> followers(nodes.size());
        std::vector<std::size_t> waiting(nodes.size(), 0);
        for (std::size_t i = 0; i < nodes.size(); ++i)
        {
            for (cell_t b : upstream_of(nodes[i]))
            {
                auto it = position.find(b);
                if (it != position.end())
                {
                    followers[it->second].push_back(i);
                    ++waiting[i];
                }
            }
        }
        // Kahn's algorithm taking the earliest ready cell first; when only
        // cycles remain, the earliest cell left goes next.
        std::vector<char> done(nodes.size(), 0);
        std::vector<cell_t> order;
        std::vector<std::size_t> ready;
        auto push_ready = [&ready](std::size_t i) {
            ready.insert(std::upper_bound(ready.begin(), ready.end(), i, std::greater<std::size_t>()), i);
        };
        for (std::size_t i = 0; i < nodes.size(); ++i)
        {
            if (waiting[i] == 0)
            {
                push_ready(i);
            }
        }
        std::size_t scan = 0;
        while (order.size() < nodes.size())
        {
            std::size_t next;
            if (!ready.empty())
            {
                next = ready.back();
                ready.pop_back();
            }
            else
            {
                while (done[scan])
                {
                    ++scan;
                }
                next = scan;
            }
            if (done[next])
            {
                continue;
            }
            done[next] = 1;
            order.push_back(nodes[next]);
            for (std::size_t f : followers[next])
            {
                if (!done[f] && --waiting[f] == 0)
                {
                    push_ready(f);
                }
            }
        }
        return order;
    }

    std::vector<std::string> tracker::rerun_order() const
    {
        std::vector<std::string> result;
        for (cell_t c : p_impl->rerun_order())
        {
            result.push_back(p_impl->cells[c].id);
        }
        return result;
    }

    update_cost tracker::last_update_cost() const
    {
        return p_impl->cost;
    }

    memory_usage tracker::memory() const
    {
        const impl& m = *p_impl;
        memory_usage usage;
        usage.names = m.names_text.size();
        usage.versions = m.live_versions;
        std::size_t bytes = sizeof(impl) + m.names_text.bytes() + m.functions.bytes() + m.element_keys.bytes()
                          + m.key_sets.bytes()
                          + m.names.capacity() * sizeof(detail::name_entry)
                          + m.versions.capacity() * sizeof(detail::version_entry)
                          + m.free_versions.capacity() * sizeof(id_t)
                          + m.cells.capacity() * sizeof(detail::cell_entry)
                          + m.cell_ids.bucket_count() * sizeof(void*);
        for (const detail::version_entry& ve : m.versions)
        {
            bytes += (ve.inputs.capacity() + ve.input_keys.capacity() + ve.dependents.capacity()) * sizeof(id_t)
                   + ve.readers.capacity() * sizeof(cell_t);
        }
        for (const detail::cell_entry& ce : m.cells)
        {
            if (ce.alive)
            {
                ++usage.cells;
            }
            bytes += 2 * (ce.id.capacity() + 1 + sizeof(std::string) + 2 * sizeof(void*))
                   + ce.rec.bytes() + ce.reasons.capacity() * sizeof(detail::reason_entry);
        }
        usage.bytes = bytes;
        return usage;
    }

    // ------------------------------------------------------------------

    const char* to_string(cell_status s)
    {
        switch (s)
        {
        case cell_status::stale:
            return "stale";
        case cell_status::downstream:
            return "downstream";
        default:
            return "fresh";
        }
    }
}