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

        void run_state::clear()
        {
            active = false;
            cell = no_cell;
            execution_count = -1;
            statement_inputs.clear();
            binding_inputs.clear();
            statement_snapshot = no_id;
            snapshot_size = 0;
            touched_names.clear();
            roots.clear();
            rec.clear();
            function_read_seen.clear();
            function_index.clear();
            call_seen.clear();
        }
    }

    // ------------------------------------------------------------------
    // impl: names, versions, reference counts
    // ------------------------------------------------------------------

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

    void tracker::impl::add_input(id_t v, id_t input)
    {
        versions[v].inputs.push_back(input);
        versions[input].dependents.push_back(v);
        ref(input);
    }

    void tracker::impl::set_inputs(id_t v, const std::vector<id_t>& inputs)
    {
        std::uint32_t epoch = next_epoch();
        versions[v].scratch_mark = epoch;   // never its own input
        for (id_t input : inputs)
        {
            if (versions[input].scratch_mark != epoch)
            {
                versions[input].scratch_mark = epoch;
                add_input(v, input);
            }
        }
    }

    void tracker::impl::drop_inputs(id_t v)
    {
        std::vector<id_t> inputs;
        inputs.swap(versions[v].inputs);
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
        id_t next = versions[v].successor;
        while (next != no_id)
        {
            const detail::version_entry& ne = versions[next];
            if (ne.created_by != owner)
            {
                return next;
            }
            next = ne.successor;
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
        cell_ids.emplace(cell_id, c);
        return c;
    }

    const std::string& tracker::impl::cell_name(cell_t c) const
    {
        static const std::string unknown;
        return c == no_cell ? unknown : cells[c].id;
    }

    // ------------------------------------------------------------------
    // impl: events
    // ------------------------------------------------------------------

    void tracker::impl::note_function_read(id_t function, id_t name)
    {
        std::uint64_t key = (std::uint64_t(function) << 32) | name;
        if (!run.function_read_seen.insert(key).second)
        {
            return;
        }
        auto it = run.function_index.find(function);
        if (it == run.function_index.end())
        {
            it = run.function_index.emplace(function, run.rec.function_reads.size()).first;
            run.rec.function_reads.emplace_back(function, std::vector<id_t>());
        }
        run.rec.function_reads[it->second].second.push_back(name);
    }

    // The inputs of the current statement so far, shared by every name the
    // statement binds.
    id_t tracker::impl::statement_inputs_snapshot()
    {
        if (run.statement_snapshot == no_id || run.snapshot_size != run.statement_inputs.size())
        {
            run.statement_snapshot = static_cast<id_t>(run.binding_inputs.size());
            run.binding_inputs.push_back(run.statement_inputs);
            run.snapshot_size = run.statement_inputs.size();
        }
        return run.statement_snapshot;
    }

    // ------------------------------------------------------------------
    // impl: commit and incremental status update
    // ------------------------------------------------------------------

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

    // `ended` was the tail of its name and has just been superseded by a
    // binding or deletion made by `changer`. A read of version I by an owner
    // O (a cell, or the binder of a dependent version) is newly invalidated
    // when every binding between I and `ended` was made by O itself: so the
    // readers and dependents of `ended`, and those of its predecessors whose
    // owner made the intermediate bindings.
    void tracker::impl::collect_affected_by_end(id_t ended,
                                                cell_t changer,
                                                std::vector<id_t>& seeds,
                                                std::vector<cell_t>& cells_to_check)
    {
        cell_t maker = versions[ended].created_by;
        id_t q = ended;
        bool first = true;
        while (q != no_id)
        {
            const detail::version_entry& qv = versions[q];
            ++cost.versions_visited;
            for (id_t d : qv.dependents)
            {
                if (first || versions[d].bound_by == maker)
                {
                    seeds.push_back(d);
                }
            }
            for (cell_t r : qv.readers)
            {
                if (first || r == maker)
                {
                    cells_to_check.push_back(r);
                }
            }
            if (maker == no_cell || maker == changer || qv.created_by != maker)
            {
                break;
            }
            q = qv.predecessor;
            first = false;
        }
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
            visited.push_back({v, ve.outdated, ve.outdated_by});
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
                id_t change = foreign_change(input, ve.bound_by);
                if (change != no_id)
                {
                    ve.sealed = true;
                    ve.sealed_by = versions[change].created_by;
                    ve.sealed_symbol = versions[input].name;
                    to_seal.push_back(v);
                }
            }
            if (ve.sealed)
            {
                ve.outdated = true;
                ve.outdated_by = ve.sealed_by;
                ve.outdated_symbol = ve.sealed_symbol;
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
                for (id_t d : versions[x].dependents)
                {
                    detail::version_entry& dv = versions[d];
                    if (!dv.outdated)
                    {
                        visit(d);
                        dv.outdated = true;
                        dv.outdated_by = by;
                        dv.outdated_symbol = symbol;
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
            if (ve.outdated != b.outdated || ve.outdated_by != b.by)
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
                id_t change = foreign_change(in.version, c);
                if (change != no_id)
                {
                    in.sealed = true;
                    in.changed_by = versions[change].created_by;
                    in.change_deleted = versions[change].deleted;
                }
            }
            sealed += in.sealed ? 1 : 0;
        }
        if (sealed != 0)
        {
            ce.reasons.reserve(sealed);
            for (const detail::input_entry& in : ce.rec.inputs)
            {
                if (in.sealed)
                {
                    ce.reasons.push_back(
                        {in.name, in.changed_by, versions[in.version].bound_by, in.via, in.change_deleted, in.name});
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
                    ce.reasons.push_back({in.name, ve.outdated_by, ve.bound_by, in.via, false, ve.outdated_symbol});
                }
            }
        }
        ce.status = ce.reasons.empty() ? cell_status::fresh : cell_status::downstream;
    }

    std::vector<status_change> tracker::impl::commit()
    {
        cell_t c = run.cell;
        cost = update_cost();
        std::vector<id_t> seeds;
        std::vector<id_t> ended;
        std::vector<cell_t> to_check{c};

        // Names read while tracking knew no binding were bound where it could
        // not see (before tracking, or while it was paused): a change by no cell.
        for (id_t root : run.roots)
        {
            id_t previous = names[versions[root].name].tail;
            link_version(root);
            if (previous != no_id)
            {
                ended.push_back(previous);
            }
        }
        std::vector<std::pair<id_t, cell_t>> ended_by_no_cell;
        for (id_t previous : ended)
        {
            ended_by_no_cell.emplace_back(previous, no_cell);
        }
        ended.clear();

        for (id_t n : run.touched_names)
        {
            detail::name_entry& ne = names[n];
            if (ne.run_state == detail::run_binding::bound)
            {
                id_t v;
                id_t previous = ne.tail;
                std::vector<id_t> inputs = run.binding_inputs[ne.run_inputs];
                if (ne.run_new)
                {
                    v = new_version(n, c, false);
                    if (previous != no_id)
                    {
                        // A tombstone ending matters too: reads before the
                        // deletion by the deleting cell itself now change.
                        ended.push_back(previous);
                    }
                    if (previous != no_id && !versions[previous].deleted)
                    {
                        // x = x + 1 by the cell that bound x: take the inputs
                        // of the previous x instead of x itself, so lineage
                        // does not grow with every run (see the docs).
                        const detail::version_entry& pv = versions[previous];
                        if (pv.created_by == c && pv.bound_by == c && !pv.sealed)
                        {
                            auto it = std::find(inputs.begin(), inputs.end(), previous);
                            if (it != inputs.end())
                            {
                                inputs.erase(it);
                                inputs.insert(inputs.end(), pv.inputs.begin(), pv.inputs.end());
                            }
                        }
                    }
                }
                else
                {
                    // Same value: the version stays, with this binding's inputs.
                    v = previous;
                    drop_inputs(v);
                    versions[v].bound_by = c;
                    versions[v].sealed = false;
                    versions[v].sealed_by = no_cell;
                    versions[v].sealed_symbol = no_id;
                }
                set_inputs(v, inputs);
                seeds.push_back(v);
                run.rec.writes.push_back({n, versions[v].number, false});
            }
            else if (ne.run_state == detail::run_binding::deleted)
            {
                id_t previous = ne.tail;
                if (previous != no_id && !versions[previous].deleted)
                {
                    new_version(n, c, true);
                    ended.push_back(previous);
                }
                run.rec.writes.push_back({n, 0, true});
            }
        }

        cells[c].execution_count = run.execution_count;
        install_record(c, std::move(run.rec));

        for (const auto& e : ended_by_no_cell)
        {
            collect_affected_by_end(e.first, e.second, seeds, to_check);
        }
        for (id_t previous : ended)
        {
            collect_affected_by_end(previous, c, seeds, to_check);
        }
        update_outdated(seeds, to_check);

        struct change
        {
            int execution_count;
            cell_t cell;
            cell_status before;
        };
        std::vector<change> changed;
        std::uint32_t epoch = next_epoch();
        for (cell_t x : to_check)
        {
            detail::cell_entry& ce = cells[x];
            if (ce.scratch_mark == epoch)
            {
                continue;
            }
            ce.scratch_mark = epoch;
            cell_status previous = ce.status;
            evaluate_cell(x);
            if (x != c && ce.status != previous)
            {
                changed.push_back({ce.execution_count, x, previous});
            }
        }
        flush_releases();

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
            cell_t b = versions[in.version].bound_by;
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

    // ------------------------------------------------------------------
    // tracker
    // ------------------------------------------------------------------

    tracker::tracker()
        : p_impl(std::make_unique<impl>())
    {
    }

    tracker::~tracker() = default;

    void tracker::begin_run(const std::string& cell_id, int execution_count)
    {
        if (p_impl->run.active)
        {
            abandon_run();
        }
        impl& m = *p_impl;
        m.run.clear();
        m.run.active = true;
        m.run.cell = m.cell_index(cell_id);
        m.run.execution_count = execution_count;
        m.run.serial = ++m.run_serial;
        m.run.statement_serial = m.next_epoch();
        open_recording();
    }

    std::vector<status_change> tracker::end_run()
    {
        impl& m = *p_impl;
        close_recording();
        if (!m.run.active)
        {
            return {};
        }
        std::vector<status_change> changes = m.commit();
        m.run.clear();
        return changes;
    }

    void tracker::abandon_run()
    {
        impl& m = *p_impl;
        close_recording();
        std::vector<id_t> roots;
        roots.swap(m.run.roots);
        m.run.clear();
        for (id_t root : roots)
        {
            m.unref(root);
        }
        m.flush_releases();
    }

    bool tracker::running() const
    {
        return p_impl->run.active;
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
        p_impl = std::make_unique<impl>();
    }

    bool tracker::has_cell(const std::string& cell_id) const
    {
        cell_t c = p_impl->find_cell(cell_id);
        return c != no_cell && p_impl->cells[c].alive;
    }

    int tracker::execution_count(const std::string& cell_id) const
    {
        cell_t c = p_impl->find_cell(cell_id);
        return c != no_cell && p_impl->cells[c].alive ? p_impl->cells[c].execution_count : -1;
    }

    cell_status tracker::status(const std::string& cell_id) const
    {
        cell_t c = p_impl->find_cell(cell_id);
        return c != no_cell ? p_impl->cells[c].status : cell_status::fresh;
    }

    std::vector<reason> tracker::reasons(const std::string& cell_id) const
    {
        const impl& m = *p_impl;
        std::vector<reason> result;
        cell_t c = m.find_cell(cell_id);
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
        cell_t c = m.find_cell(cell_id);
        if (c == no_cell || !m.cells[c].alive)
        {
            return result;
        }
        for (const detail::input_entry& in : m.cells[c].rec.inputs)
        {
            const detail::version_entry& ve = m.versions[in.version];
            read_info info;
            info.symbol = m.names_text.text(in.name);
            info.version = static_cast<int>(ve.number);
            info.bound_by = m.cell_name(ve.bound_by);
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
        cell_t c = m.find_cell(cell_id);
        if (c == no_cell || !m.cells[c].alive)
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
        cell_t c = m.find_cell(cell_id);
        if (c == no_cell || !m.cells[c].alive)
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
        cell_t c = m.find_cell(cell_id);
        if (c == no_cell || !m.cells[c].alive)
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
        cell_t c = m.find_cell(cell_id);
        if (c == no_cell || !m.cells[c].alive)
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
        cell_t c = m.find_cell(cell_id);
        if (c == no_cell || !m.cells[c].alive)
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

    std::vector<stale_input> tracker::stale_inputs(const std::string& cell_id) const
    {
        const impl& m = *p_impl;
        std::vector<stale_input> result;
        cell_t c = m.find_cell(cell_id);
        if (c == no_cell || !m.cells[c].alive)
        {
            return result;
        }
        for (const detail::input_entry& in : m.cells[c].rec.inputs)
        {
            id_t tail = m.names[in.name].tail;
            if (tail == no_id || m.versions[tail].deleted)
            {
                continue;
            }
            const detail::version_entry& tv = m.versions[tail];
            cell_t b = tv.bound_by;
            bool binder_not_fresh = b != no_cell && b != c && m.cells[b].alive
                                    && m.cells[b].status != cell_status::fresh;
            if (binder_not_fresh || tv.outdated)
            {
                stale_input si;
                si.symbol = m.names_text.text(in.name);
                si.bound_by = m.cell_name(b);
                si.bound_by_status = b != no_cell ? m.cells[b].status : cell_status::fresh;
                si.outdated = tv.outdated;
                if (tv.outdated)
                {
                    si.outdated_by = m.cell_name(tv.outdated_by);
                }
                result.push_back(std::move(si));
            }
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
        std::size_t bytes = sizeof(impl) + m.names_text.bytes() + m.functions.bytes()
                          + m.names.capacity() * sizeof(detail::name_entry)
                          + m.versions.capacity() * sizeof(detail::version_entry)
                          + m.free_versions.capacity() * sizeof(id_t)
                          + m.cells.capacity() * sizeof(detail::cell_entry)
                          + m.cell_ids.bucket_count() * sizeof(void*);
        for (const detail::version_entry& ve : m.versions)
        {
            bytes += (ve.inputs.capacity() + ve.dependents.capacity()) * sizeof(id_t)
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
    // event_sink
    // ------------------------------------------------------------------

    void tracker::statement_impl(int /*index*/)
    {
        impl& m = *p_impl;
        m.run.statement_serial = m.next_epoch();
        m.run.statement_inputs.clear();
        m.run.statement_snapshot = no_id;
        m.run.snapshot_size = 0;
    }

    void tracker::read_impl(std::string_view name, std::string_view function, bool after_own_write)
    {
        impl& m = *p_impl;
        detail::run_state& r = m.run;
        id_t n = m.name_id(name);
        id_t f = m.functions.intern(function);
        m.note_function_read(f, n);
        if (after_own_write)
        {
            // The statement's own value: its inputs are the statement's.
            return;
        }
        auto add_statement_input = [&m, &r](id_t v) {
            detail::version_entry& ve = m.versions[v];
            if (ve.statement_mark != r.statement_serial)
            {
                ve.statement_mark = r.statement_serial;
                r.statement_inputs.push_back(v);
            }
        };
        detail::name_entry& ne = m.names[n];
        if (ne.run_serial == r.serial && ne.run_state != detail::run_binding::untouched)
        {
            // Bound earlier in this run: not an input; its inputs are.
            if (ne.run_state == detail::run_binding::bound)
            {
                for (id_t v : r.binding_inputs[ne.run_inputs])
                {
                    add_statement_input(v);
                }
            }
            return;
        }
        id_t v = ne.tail;
        if (v == no_id || m.versions[v].deleted)
        {
            // A binding made where tracking did not see it (before the
            // first tracked run, by the kernel itself): a version of no cell.
            if (ne.root_serial == r.serial)
            {
                v = ne.root_version;
            }
            else
            {
                v = m.new_version(n, no_cell, false, false);
                detail::name_entry& root_entry = m.names[n];
                root_entry.root_serial = r.serial;
                root_entry.root_version = v;
                r.roots.push_back(v);
            }
        }
        add_statement_input(v);
        detail::name_entry& entry = m.names[n];
        if (entry.input_serial != r.serial)
        {
            entry.input_serial = r.serial;
            entry.input_index = static_cast<std::uint32_t>(r.rec.inputs.size());
            r.rec.inputs.push_back({n, v, f});
        }
        else if (f == 0)
        {
            r.rec.inputs[entry.input_index].via = 0;
        }
    }

    void tracker::write_impl(std::string_view name, bool same_value)
    {
        impl& m = *p_impl;
        detail::run_state& r = m.run;
        id_t n = m.name_id(name);
        id_t snapshot = m.statement_inputs_snapshot();
        detail::name_entry& ne = m.names[n];
        if (ne.run_serial != r.serial)
        {
            ne.run_serial = r.serial;
            ne.run_state = detail::run_binding::untouched;
            r.touched_names.push_back(n);
        }
        bool is_new;
        switch (ne.run_state)
        {
        case detail::run_binding::bound:
            is_new = same_value ? ne.run_new : true;
            break;
        case detail::run_binding::deleted:
            is_new = true;
            break;
        default:
        {
            bool has_current = ne.tail != no_id && !m.versions[ne.tail].deleted;
            is_new = !(same_value && has_current);
            break;
        }
        }
        ne.run_state = detail::run_binding::bound;
        ne.run_new = is_new;
        ne.run_inputs = snapshot;
    }

    void tracker::mutate_impl(std::string_view name, const std::vector<std::string>& /*keys*/)
    {
        // A change in place is a new value of the name.
        write_impl(name, false);
    }

    void tracker::remove_impl(std::string_view name)
    {
        impl& m = *p_impl;
        detail::run_state& r = m.run;
        id_t n = m.name_id(name);
        detail::name_entry& ne = m.names[n];
        if (ne.run_serial != r.serial)
        {
            ne.run_serial = r.serial;
            r.touched_names.push_back(n);
        }
        ne.run_state = detail::run_binding::deleted;
        ne.run_new = false;
        ne.run_inputs = no_id;
    }

    void tracker::call_impl(std::string_view caller, std::string_view callee)
    {
        impl& m = *p_impl;
        detail::run_state& r = m.run;
        id_t a = m.functions.intern(caller);
        id_t b = m.functions.intern(callee);
        std::uint64_t key = (std::uint64_t(a) << 32) | b;
        if (r.call_seen.insert(key).second)
        {
            r.rec.calls.emplace_back(a, b);
        }
    }

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
