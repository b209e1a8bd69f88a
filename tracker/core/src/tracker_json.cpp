#include "tracker_impl.hpp"

namespace xdeps
{
    using detail::cell_t;
    using detail::id_t;
    using detail::no_cell;
    using detail::no_id;

    namespace
    {
        // The calls list writes the cell's top-level code as "<cell>".
        const std::string& function_label(const detail::interner& functions, id_t f)
        {
            static const std::string top_level = "<cell>";
            return f == 0 ? top_level : functions.text(f);
        }

        nl::json cell_reference(const std::string& id, cell_t c)
        {
            return c == no_cell ? nl::json(nullptr) : nl::json(id);
        }
    }

    nl::json tracker::impl::cell_to_json(cell_t c, int position) const
    {
        const detail::cell_entry& ce = cells[c];
        nl::json reads = nl::json::array();
        nl::json read_versions = nl::json::array();
        for (const detail::input_entry& in : ce.rec.inputs)
        {
            const detail::version_entry& ve = versions[in.version];
            cell_t source = source_cell(in.version, c);
            reads.push_back(names_text.text(in.name));
            nl::json entry = {{"symbol", names_text.text(in.name)},
                              {"version", ve.number},
                              {"bound_by", cell_reference(cell_name(source), source)},
                              {"via", functions.text(in.via)},
                              {"outdated", ve.outdated}};
            if (ve.outdated)
            {
                entry["outdated_by"] = cell_reference(cell_name(ve.outdated_by), ve.outdated_by);
                entry["outdated_symbol"] = names_text.text(ve.outdated_symbol);
            }
            read_versions.push_back(std::move(entry));
        }

        nl::json writes = nl::json::array();
        nl::json write_versions = nl::json::array();
        for (const detail::write_entry& w : ce.rec.writes)
        {
            writes.push_back(names_text.text(w.name));
            nl::json entry = {{"symbol", names_text.text(w.name)}, {"deleted", w.deleted}};
            if (!w.deleted)
            {
                entry["version"] = w.number;
            }
            write_versions.push_back(std::move(entry));
        }

        nl::json calls = nl::json::array();
        for (const auto& call : ce.rec.calls)
        {
            calls.push_back({function_label(functions, call.first), function_label(functions, call.second)});
        }

        nl::json function_reads = nl::json::object();
        for (const auto& fr : ce.rec.function_reads)
        {
            nl::json read_names = nl::json::array();
            for (id_t n : fr.second)
            {
                read_names.push_back(names_text.text(n));
            }
            function_reads[function_label(functions, fr.first)] = std::move(read_names);
        }

        nl::json reasons = nl::json::array();
        for (const detail::reason_entry& r : ce.reasons)
        {
            reasons.push_back({{"symbol", names_text.text(r.symbol)},
                               {"changed_by", cell_reference(cell_name(r.changed_by), r.changed_by)},
                               {"bound_by", cell_reference(cell_name(r.bound_by), r.bound_by)},
                               {"via", functions.text(r.via)},
                               {"kind", to_string(ce.status)},
                               {"deleted", r.deleted},
                               {"changed_symbol", names_text.text(r.changed_symbol)},
                               {"mutated", r.mutated},
                               {"below", r.below}});
        }

        nl::json upstream = nl::json::array();
        for (cell_t b : upstream_of(c))
        {
            upstream.push_back(cells[b].id);
        }

        return {{"id", ce.id},
                {"execution_count", ce.execution_count},
                {"position", position},
                {"status", to_string(ce.status)},
                {"reads", std::move(reads)},
                {"writes", std::move(writes)},
                {"calls", std::move(calls)},
                {"reasons", std::move(reasons)},
                {"upstream", std::move(upstream)},
                {"read_versions", std::move(read_versions)},
                {"write_versions", std::move(write_versions)},
                {"function_reads", std::move(function_reads)}};
    }

    nl::json tracker::to_json() const
    {
        nl::json cell_list = nl::json::array();
        std::vector<int> ranks = p_impl->position_ranks();
        for (cell_t c : p_impl->cells_by_execution_count())
        {
            cell_list.push_back(p_impl->cell_to_json(c, ranks[c]));
        }
        nl::json rerun = nl::json::array();
        for (cell_t c : p_impl->rerun_order())
        {
            rerun.push_back(p_impl->cells[c].id);
        }
        return {{"version", 1},
                {"order", to_string(p_impl->order)},
                {"cells", std::move(cell_list)},
                {"rerun_order", std::move(rerun)}};
    }

    nl::json tracker::cell_json(const std::string& cell_id) const
    {
        cell_t c = p_impl->live_cell(cell_id);
        if (c == no_cell)
        {
            return nl::json(nullptr);
        }
        return p_impl->cell_to_json(c, position(cell_id));
    }
}
