// The incremental update at the end of a run: the record and the run's
// bindings are committed, then flags and statuses are re-derived for what
// the run reached.

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

    void tracker::impl::release_record(cell_t c)
    {
        for (const detail::input_entry& in : cells[c].rec.inputs)
        {
            remove_one(versions[in.version].readers, c);
            pending_release.push_back(in.version);
        }
        cells[c].rec.clear();
    }

    void tracker::impl::install_record(cell_t c, detail::record&& rec)
    {
        for (const detail::input_entry& in : rec.inputs)
        {
            versions[in.version].readers.push_back(c);
            ref(in.version);
        }
        release_record(c);
        cells[c].rec = std::move(rec);
        cells[c].alive = true;
    }

    // Recomputes the "outdated" flags of the seeds and of everything they
    // feed, as the least fixed point (delete and re-derive), so that cycles
    // made by same-value rebinding cannot keep a flag alive by themselves.
    // Cells reading a version whose flag or cause changed are added to
    // `cells_to_check`.
    void tracker::impl::update_outdated(std::vector<id_t>& seeds, std::vector<cell_t>& cells_to_check)
    {
        // Taken, not borrowed: a nested update would find empty lists.
        outdated_scratch lists = std::move(outdated_lists);
        lists.visited.clear();
        lists.stack.clear();
        lists.check.clear();
        lists.to_seal.clear();
        std::vector<outdated_before>& visited = lists.visited;
        std::vector<id_t>& stack = lists.stack;
        std::vector<id_t>& check = lists.check;
        std::vector<id_t>& to_seal = lists.to_seal;
        std::uint32_t epoch = next_epoch();
        auto visit = [&](id_t v) {
            detail::version_entry& ve = versions[v];
            if (ve.scratch_mark == epoch)
            {
                return false;
            }
            ve.scratch_mark = epoch;
            visited.push_back({v, ve.outdated_by, ve.outdated, ve.outdated_mutated});
            return true;
        };

        // Phase 1: clear the flags reachable from the seeds.
        for (id_t v : seeds)
        {
            if (versions[v].alive && visit(v))
            {
                stack.push_back(v);
            }
        }
        while (!stack.empty())
        {
            id_t v = stack.back();
            stack.pop_back();
            check.push_back(v);
            detail::version_entry& ve = versions[v];
            if (ve.outdated)
            {
                ve.outdated = false;
                ve.outdated_by = no_cell;
                ve.outdated_symbol = no_id;
                ve.outdated_mutated = false;
                for (id_t d : ve.dependents)
                {
                    if (versions[d].outdated && visit(d))
                    {
                        stack.push_back(d);
                    }
                }
            }
        }

        // Phase 2: re-derive from the inputs, then propagate forward.
        for (id_t v : check)
        {
            detail::version_entry& ve = versions[v];
            bool was_outdated = ve.outdated;
            // Every checked version looks for a changed input, even one
            // already flagged through another input: a found change seals
            // the version before the chain behind it may be spliced.
            for (std::size_t i = 0; !ve.sealed && i < ve.inputs.size(); ++i)
            {
                ++cost.inputs_scanned;
                id_t input = ve.inputs[i];
                id_t change = foreign_change(input, ve.bound_by, input_keys(ve, i));
                if (change != no_id)
                {
                    ve.sealed = true;
                    ve.sealed_by = versions[change].created_by;
                    ve.sealed_symbol = versions[input].name;
                    ve.sealed_mutated = versions[change].mutated;
                    to_seal.push_back(v);
                }
            }
            if (ve.sealed)
            {
                ve.outdated = true;
                ve.outdated_by = ve.sealed_by;
                ve.outdated_symbol = ve.sealed_symbol;
                ve.outdated_mutated = ve.sealed_mutated;
            }
            else if (!ve.outdated)
            {
                for (id_t input : ve.inputs)
                {
                    const detail::version_entry& iv = versions[input];
                    if (iv.outdated)
                    {
                        ve.outdated = true;
                        ve.outdated_by = iv.outdated_by;
                        ve.outdated_symbol = iv.outdated_symbol;
                        ve.outdated_mutated = iv.outdated_mutated;
                        break;
                    }
                }
            }
            if (!ve.outdated || was_outdated)
            {
                continue;
            }
            stack.push_back(v);
            while (!stack.empty())
            {
                id_t x = stack.back();
                stack.pop_back();
                cell_t by = versions[x].outdated_by;
                id_t symbol = versions[x].outdated_symbol;
                bool mutated = versions[x].outdated_mutated;
                for (id_t d : versions[x].dependents)
                {
                    detail::version_entry& dv = versions[d];
                    if (!dv.outdated)
                    {
                        visit(d);
                        dv.outdated = true;
                        dv.outdated_by = by;
                        dv.outdated_symbol = symbol;
                        dv.outdated_mutated = mutated;
                        stack.push_back(d);
                    }
                }
            }
        }

        for (id_t v : to_seal)
        {
            drop_inputs(v);
        }

        cost.versions_visited += visited.size();
        for (const outdated_before& b : visited)
        {
            const detail::version_entry& ve = versions[b.version];
            if (ve.outdated != b.outdated || ve.outdated_by != b.by || ve.outdated_mutated != b.mutated)
            {
                cells_to_check.insert(cells_to_check.end(), ve.readers.begin(), ve.readers.end());
            }
        }
        outdated_lists = std::move(lists);
    }

    // A cell's status from its latest record (docs/semantics.md).
    void tracker::impl::evaluate_cell(cell_t c)
    {
        detail::cell_entry& ce = cells[c];
        ++cost.cells_evaluated;
        ce.reasons.clear();
        if (!ce.alive)
        {
            ce.status = cell_status::fresh;
            return;
        }
        cost.inputs_scanned += ce.rec.inputs.size();
        // Reasons are counted before they are listed: one allocation for a
        // cell that turns stale, not one per doubling.
        std::size_t sealed = 0;
        for (detail::input_entry& in : ce.rec.inputs)
        {
            if (!in.sealed)
            {
                id_t change = foreign_change(in.version, c, in.keys);
                if (change != no_id)
                {
                    in.sealed = true;
                    in.changed_by = versions[change].created_by;
                    in.change_deleted = versions[change].deleted;
                    in.change_mutated = versions[change].mutated;
                }
            }
            sealed += in.sealed || read_from_below(in.version, c) ? 1 : 0;
        }
        if (sealed != 0)
        {
            ce.reasons.reserve(sealed);
            for (const detail::input_entry& in : ce.rec.inputs)
            {
                cell_t binder = versions[in.version].bound_by;
                if (in.sealed)
                {
                    ce.reasons.push_back(
                        {in.name, in.changed_by, source_cell(in.version, c), in.via, in.name, in.change_deleted,
                         in.change_mutated, false});
                }
                else if (read_from_below(in.version, c))
                {
                    ce.reasons.push_back({in.name, binder, binder, in.via, in.name, false, false, true});
                }
            }
            ce.status = cell_status::stale;
            return;
        }
        std::size_t outdated = 0;
        for (const detail::input_entry& in : ce.rec.inputs)
        {
            outdated += versions[in.version].outdated ? 1 : 0;
        }
        if (outdated != 0)
        {
            ce.reasons.reserve(outdated);
            for (const detail::input_entry& in : ce.rec.inputs)
            {
                const detail::version_entry& ve = versions[in.version];
                if (ve.outdated)
                {
                    ce.reasons.push_back(
                        {in.name, ve.outdated_by, source_cell(in.version, c), in.via, ve.outdated_symbol, false,
                         ve.outdated_mutated, false});
                }
            }
        }
        ce.status = ce.reasons.empty() ? cell_status::fresh : cell_status::downstream;
    }

    // Names read while tracking knew no binding were bound where it could not
    // see (before tracking, or while it was paused): a change by no cell.
    void tracker::impl::link_roots(detail::commit_work& work)
    {
        for (id_t root : run.roots)
        {
            id_t previous = names[versions[root].name].tail;
            link_version(root);
            if (previous != no_id)
            {
                work.ended.push_back({previous, no_cell, root});
            }
        }
    }

    // Same value: the version stays, with this binding's inputs and binder.
    void tracker::impl::rebind_same_value(id_t v, cell_t c)
    {
        drop_inputs(v);
        detail::version_entry& ve = versions[v];
        ve.bound_by = c;
        ve.sealed = false;
        ve.sealed_by = no_cell;
        ve.sealed_symbol = no_id;
        ve.sealed_mutated = false;
    }

    // The run's net change per name: a new version, a same-value rebinding
    // or a tombstone, each written into the record.
    void tracker::impl::apply_bindings(cell_t c, detail::commit_work& work)
    {
        for (id_t n : run.touched_names)
        {
            detail::name_entry& ne = names[n];
            id_t previous = ne.tail;
            if (ne.run_state == detail::run_binding::bound)
            {
                std::vector<id_t> inputs = run.binding_inputs[ne.run_inputs];
                std::vector<id_t> keys = run.binding_input_keys[ne.run_inputs];
                id_t v;
                if (ne.run_new)
                {
                    new_binding_inputs(previous, c, inputs, keys);
                    v = new_version(n, c, false);
                    // A change in place of a value the name had.
                    versions[v].mutated
                        = ne.run_mutated && previous != no_id && !versions[previous].deleted;
                    if (versions[v].mutated && !ne.run_all_keys)
                    {
                        versions[v].changed_keys = key_sets.intern(run.mutated_keys[n]);
                    }
                    if (previous != no_id)
                    {
                        // A tombstone ending matters too: reads before the
                        // deletion by the deleting cell itself now change.
                        work.ended.push_back({previous, c, v});
                    }
                }
                else if (c == no_cell)
                {
                    continue;   // outside any cell, a same value changes nothing
                }
                else
                {
                    v = previous;
                    // A new binder may put the value above or below its
                    // readers, and moves the floor of their walks.
                    if (order == order_mode::notebook && versions[v].bound_by != c)
                    {
                        work.to_check.insert(work.to_check.end(), versions[v].readers.begin(),
                                             versions[v].readers.end());
                        work.seeds.insert(work.seeds.end(), versions[v].dependents.begin(),
                                          versions[v].dependents.end());
                    }
                    rebind_same_value(v, c);
                }
                set_inputs(v, inputs, keys);
                work.seeds.push_back(v);
                run.rec.writes.push_back({n, versions[v].number, false});
            }
            else if (ne.run_state == detail::run_binding::deleted)
            {
                if (previous != no_id && !versions[previous].deleted)
                {
                    id_t tombstone = new_version(n, c, true);
                    work.ended.push_back({previous, c, tombstone});
                }
                run.rec.writes.push_back({n, 0, true});
            }
        }
    }

    // Evaluates each reached cell once; the status changes of cells other
    // than `running`, by execution count.
    std::vector<status_change> tracker::impl::evaluate_reached(cell_t running, const std::vector<cell_t>& reached)
    {
        struct change
        {
            int execution_count;
            cell_t cell;
            cell_status before;
        };
        std::vector<change> changed;
        std::uint32_t epoch = next_epoch();
        for (cell_t x : reached)
        {
            detail::cell_entry& ce = cells[x];
            if (ce.scratch_mark == epoch)
            {
                continue;
            }
            ce.scratch_mark = epoch;
            cell_status previous = ce.status;
            evaluate_cell(x);
            if (x != running && ce.status != previous)
            {
                changed.push_back({ce.execution_count, x, previous});
            }
        }
        std::sort(changed.begin(), changed.end(), [](const change& a, const change& b) {
            return a.execution_count < b.execution_count;
        });
        std::vector<status_change> result;
        result.reserve(changed.size());
        for (const change& ch : changed)
        {
            result.push_back({cells[ch.cell].id, ch.before, cells[ch.cell].status});
        }
        return result;
    }

    std::vector<status_change> tracker::impl::commit()
    {
        cell_t c = run.cell;   // no_cell: a run outside any cell, which leaves no record
        cost = update_cost();
        detail::commit_work work;
        if (c != no_cell)
        {
            work.to_check.push_back(c);
        }
        settle_element_reads();
        for (const auto& [index, keys] : run.input_keys)
        {
            detail::input_entry& in = run.rec.inputs[index];
            id_t set = in.whole ? 0 : key_sets.intern(keys);
            in.keys = set <= detail::max_input_key_set ? set : 0;
        }
        link_roots(work);
        apply_bindings(c, work);
        if (c != no_cell)
        {
            cells[c].execution_count = run.execution_count;
            install_record(c, std::move(run.rec));
        }
        for (const detail::ended_binding& e : work.ended)
        {
            collect_affected_by_end(e, work);
        }
        update_outdated(work.seeds, work.to_check);
        std::vector<status_change> changes = evaluate_reached(c, work.to_check);
        flush_releases();
        if (rejudge_pending)
        {
            rejudge_pending = false;
            merge_changes(changes, rejudge_all());
        }
        return changes;
    }

    void tracker::forget_cell(const std::string& cell_id)
    {
        impl& m = *p_impl;
        cell_t c = m.find_cell(cell_id);
        if (c == no_cell)
        {
            return;
        }
        if (m.run.active && m.run.cell == c)
        {
            abandon_run();
        }
        m.release_record(c);
        detail::cell_entry& ce = m.cells[c];
        ce.alive = false;
        ce.status = cell_status::fresh;
        ce.reasons.clear();
        m.flush_releases();
    }

    void tracker::reset()
    {
        close_recording();
        // The notebook's order and rule outlive its namespace.
        auto fresh = std::make_unique<impl>();
        fresh->order = p_impl->order;
        fresh->reported_place = std::move(p_impl->reported_place);
        fresh->reported_count = p_impl->reported_count;
        p_impl = std::move(fresh);
    }
}
