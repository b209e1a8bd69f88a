// Notebook order (docs/semantics.md): a change by a cell below never makes a
// cell above stale or downstream, and a cell that read a value bound below
// it is told so. Cell places, the update's walk back from an ended binding
// under the rule, and the re-judging of every status when the places or the
// rule change.

#include <algorithm>
#include <utility>

#include "tracker_impl.hpp"

namespace xdeps
{
    using detail::cell_t;
    using detail::id_t;
    using detail::no_cell;
    using detail::no_id;

    // A cell's sort key: its place among the reported ids, or after all of
    // them in first-run order (or the place of the cell it replaced).
    void tracker::impl::place_cell(cell_t c)
    {
        auto it = reported_place.find(cells[c].id);
        if (places.size() <= static_cast<std::size_t>(c))
        {
            places.resize(c + 1, 0);
        }
        places[c] = it != reported_place.end() ? it->second
                                                       : reported_count + cells[c].unreported_rank;
    }

    // `e.ended` was the tail of its name and has just been superseded by
    // `e.successor`, made by `e.changer`. A read of version I by an owner O
    // (a cell, or the binder of a dependent version) is newly invalidated
    // when O skipped every binding between I and `ended` (its own, and in
    // notebook order those of cells below it or shadowed by I's binder) and
    // does not skip the successor: the readers and dependents of `ended`,
    // and those of the predecessors whose later bindings O skipped. Before
    // that, the successor takes over the inputs of the dependents it
    // consumed (consumer rule).
    void tracker::impl::collect_affected_by_end(const detail::ended_binding& e, detail::commit_work& work)
    {
        std::vector<id_t> candidates;
        const cell_t changer = e.changer;
        const bool by_order = order == order_mode::notebook;
        // The makers of the bindings after the visited version, up to
        // `ended`: in any order, whether they are all one cell (`single`);
        // in notebook order, their places (sorted, `span`), or one by no cell.
        bool empty = true;
        bool several = false;
        bool by_no_cell = false;
        cell_t single = no_cell;
        std::vector<std::uint32_t> span;
        auto add_maker = [&](cell_t m) {
            several = several || (!empty && m != single);
            single = empty ? m : single;
            empty = false;
            if (m == no_cell)
            {
                by_no_cell = true;
            }
            else if (by_order)
            {
                std::uint32_t p = places[m];
                span.insert(std::lower_bound(span.begin(), span.end(), p), p);
            }
        };
        // Whether `owner`, reading a version bound by `floor`, skipped every
        // binding after it up to `ended`, and does not skip the successor.
        auto reached = [&](cell_t owner, cell_t floor) {
            if (owner == no_cell || skips(owner, floor, changer))
            {
                return false;
            }
            if (!by_order)
            {
                return !several && single == owner;
            }
            if (by_no_cell)
            {
                return false;
            }
            // It counts the makers placed from its floor (when that is above
            // it) to just above itself: none may be among them.
            std::uint32_t top = floor != owner && below(owner, floor) ? places[floor] : 0;
            auto first_counted = std::lower_bound(span.begin(), span.end(), top);
            return first_counted == span.end() || *first_counted >= places[owner];
        };
        // Whether some read further back can still be reached.
        auto anyone_reached = [&]() {
            if (!by_order)
            {
                return !several && single != no_cell && single != changer;
            }
            return !by_no_cell
                && (changer == no_cell
                    || !std::binary_search(span.begin(), span.end(), places[changer]));
        };

        id_t q = e.ended;
        bool first = true;
        // A read of only some elements (a cell's, or a version's input)
        // skips the mutations of others: past one, any reader or dependent
        // may have walked to here.
        bool past_keyed = false;
        while (q != no_id)
        {
            const detail::version_entry& qv = versions[q];
            ++cost.versions_visited;
            for (id_t d : qv.dependents)
            {
                cell_t binder = versions[d].bound_by;
                if (first || past_keyed || reached(binder, qv.bound_by))
                {
                    work.seeds.push_back(d);
                    if (d != e.successor && !skips(binder, qv.bound_by, changer))
                    {
                        candidates.push_back(d);
                    }
                }
            }
            for (cell_t r : qv.readers)
            {
                if (first || past_keyed || reached(r, qv.bound_by))
                {
                    work.to_check.push_back(r);
                }
            }
            past_keyed = past_keyed || qv.changed_keys != 0;
            add_maker(qv.created_by);
            if (!past_keyed && !anyone_reached())
            {
                break;
            }
            q = qv.predecessor;
            first = false;
        }
        note_consumers(e.successor, candidates);
    }

    // An unsealed version whose input now meets a change that counts (the
    // order changed): the consumer rule, as the update would have applied
    // it, until an input meets a change that did not consume the version
    // (update_outdated then seals it).
    void tracker::impl::settle_version_inputs(id_t v)
    {
        // Each move puts an input further along its chain; the bound only
        // guards against a lineage this reasoning missed.
        std::size_t moves = 0;
        for (std::size_t i = 0; i < versions[v].inputs.size();)
        {
            id_t change = foreign_change(versions[v].inputs[i], versions[v].bound_by);
            if (change == no_id)
            {
                ++i;
                continue;
            }
            // The version itself (its binder is not its maker), as in the
            // update, where the successor is never its own candidate.
            if (change == v || ++moves > 64)
            {
                return;
            }
            note_consumers(change, {v});
            const std::vector<id_t>& inputs = versions[v].inputs;
            if (std::find(inputs.begin(), inputs.end(), change) == inputs.end())
            {
                return;
            }
            i = 0;
        }
    }

    // Every status judged again under the current places and rule. Answers
    // found before (sealed reads and versions) stay, except those whose
    // change is now skipped; a version found outdated that way has dropped
    // its inputs and is judged without them. Cost: every version's inputs
    // and every cell's.
    std::vector<status_change> tracker::impl::rejudge_all()
    {
        cost = update_cost();
        std::vector<id_t> seeds;
        for (id_t v = 0; v < versions.size(); ++v)
        {
            detail::version_entry& ve = versions[v];
            if (!ve.alive)
            {
                continue;
            }
            if (ve.sealed && ve.sealed_by != no_cell && skips(ve.bound_by, ve.sealed_by))
            {
                ve.sealed = false;
                ve.sealed_by = no_cell;
                ve.sealed_symbol = no_id;
                ve.sealed_mutated = false;
            }
            if (!ve.sealed)
            {
                settle_version_inputs(v);
            }
            seeds.push_back(v);
        }
        std::vector<cell_t> to_check;
        update_outdated(seeds, to_check);
        for (cell_t c = 0; c < static_cast<cell_t>(cells.size()); ++c)
        {
            if (!cells[c].alive)
            {
                continue;
            }
            for (detail::input_entry& in : cells[c].rec.inputs)
            {
                if (in.sealed && in.changed_by != no_cell
                    && skips(c, versions[in.version].bound_by, in.changed_by))
                {
                    in.sealed = false;
                    in.changed_by = no_cell;
                    in.change_deleted = false;
                    in.change_mutated = false;
                }
            }
            to_check.push_back(c);
        }
        std::vector<status_change> changes = evaluate_reached(no_cell, to_check);
        flush_releases();
        return changes;
    }

    // While a cell runs, its events refer to versions a re-judging could
    // release: the new order is applied when the run ends.
    std::vector<status_change> tracker::impl::rejudge_when_idle()
    {
        if (run.active)
        {
            rejudge_pending = true;
            return {};
        }
        return rejudge_all();
    }

    void tracker::impl::merge_changes(std::vector<status_change>& into, std::vector<status_change>&& more)
    {
        for (status_change& change : more)
        {
            auto it = std::find_if(into.begin(), into.end(), [&](const status_change& known) {
                return known.cell_id == change.cell_id;
            });
            if (it == into.end())
            {
                into.push_back(std::move(change));
            }
            else
            {
                it->after = change.after;
            }
        }
    }

    std::vector<int> tracker::impl::position_ranks() const
    {
        std::vector<cell_t> live;
        for (cell_t c = 0; c < static_cast<cell_t>(cells.size()); ++c)
        {
            if (cells[c].alive)
            {
                live.push_back(c);
            }
        }
        std::sort(live.begin(), live.end(), [this](cell_t a, cell_t b) {
            return places[a] < places[b];
        });
        std::vector<int> ranks(cells.size(), -1);
        for (std::size_t i = 0; i < live.size(); ++i)
        {
            ranks[live[i]] = static_cast<int>(i);
        }
        return ranks;
    }

    std::vector<status_change> tracker::set_positions(const std::vector<std::string>& cell_ids)
    {
        impl& m = *p_impl;
        std::vector<std::pair<std::uint32_t, cell_t>> before;
        before.reserve(m.cells.size());
        for (cell_t c = 0; c < static_cast<cell_t>(m.cells.size()); ++c)
        {
            before.emplace_back(m.places[c], c);
        }
        m.reported_place.clear();
        m.reported_count = 0;
        for (const std::string& id : cell_ids)
        {
            if (m.reported_place.emplace(id, m.reported_count).second)
            {
                ++m.reported_count;
            }
        }
        for (cell_t c = 0; c < static_cast<cell_t>(m.cells.size()); ++c)
        {
            m.place_cell(c);
        }
        if (m.order == order_mode::any)
        {
            return {};
        }
        // Only the relative order of the cells matters: a markdown cell
        // added, or an unknown id moved, changes nothing to judge.
        std::sort(before.begin(), before.end());
        for (std::size_t i = 1; i < before.size(); ++i)
        {
            if (m.places[before[i - 1].second] > m.places[before[i].second])
            {
                return m.rejudge_when_idle();
            }
        }
        return {};
    }

    void tracker::replace_cell(const std::string& cell_id, const std::string& replaced,
                               std::vector<status_change>& changes)
    {
        impl& m = *p_impl;
        cell_t c = m.live_cell(cell_id);
        cell_t old = m.live_cell(replaced);
        if (c == no_cell || old == no_cell || c == old)
        {
            return;
        }
        // Only the cells it moves past (forgotten ones included: their
        // values count where they were) make anything to judge again.
        std::uint32_t from = m.places[c];
        bool moves_up = m.places[old] < from;
        bool crosses = false;
        if (moves_up)
        {
            m.cells[c].unreported_rank = m.cells[old].unreported_rank;
            m.place_cell(c);
            for (cell_t other = 0; other < static_cast<cell_t>(m.cells.size()); ++other)
            {
                crosses = crosses
                    || (other != c && other != old && m.places[other] > m.places[c] && m.places[other] < from);
            }
        }
        forget_cell(replaced);
        changes.erase(std::remove_if(changes.begin(), changes.end(),
                                     [&](const status_change& change) { return change.cell_id == replaced; }),
                      changes.end());
        if (crosses && m.order == order_mode::notebook)
        {
            std::vector<status_change> more = m.rejudge_when_idle();
            more.erase(std::remove_if(more.begin(), more.end(),
                                      [&](const status_change& change) { return change.cell_id == cell_id; }),
                       more.end());
            impl::merge_changes(changes, std::move(more));
            changes.erase(std::remove_if(changes.begin(), changes.end(),
                                         [](const status_change& change) { return change.before == change.after; }),
                          changes.end());
        }
    }

    std::vector<status_change> tracker::set_order(order_mode mode)
    {
        impl& m = *p_impl;
        if (m.order == mode)
        {
            return {};
        }
        m.order = mode;
        return m.rejudge_when_idle();
    }

    order_mode tracker::order() const
    {
        return p_impl->order;
    }

    int tracker::position(const std::string& cell_id) const
    {
        const impl& m = *p_impl;
        cell_t c = m.live_cell(cell_id);
        if (c == no_cell)
        {
            return -1;
        }
        int rank = 0;
        for (const detail::cell_entry& ce : m.cells)
        {
            rank += ce.alive && m.places[&ce - m.cells.data()] < m.places[c] ? 1 : 0;
        }
        return rank;
    }

    const char* to_string(order_mode mode)
    {
        return mode == order_mode::any ? "any" : "notebook";
    }
}
