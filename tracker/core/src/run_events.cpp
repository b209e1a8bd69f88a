// The event_sink side: the running cell's record as events arrive, kept in
// an overlay of the name entries until the run ends.

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
        void run_state::clear()
        {
            active = false;
            cell = no_cell;
            execution_count = -1;
            statement_inputs.clear();
            binding_inputs.clear();
            binding_input_keys.clear();
            statement_first_set = 0;
            inherited_inputs.clear();
            statement_input_keys.clear();
            statement_keyed = false;
            statement_snapshot = no_id;
            snapshot_size = 0;
            touched_names.clear();
            statement_reads.clear();
            inputs_by_name.clear();
            narrowed_targets.clear();
            narrowed_names.clear();
            statement_opaque = false;
            input_keys.clear();
            mutated_keys.clear();
            roots.clear();
            rec.clear();
            function_read_seen.clear();
            function_index.clear();
            call_seen.clear();
        }
    }

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

    void tracker::impl::add_statement_input(id_t v)
    {
        detail::version_entry& ve = versions[v];
        if (ve.statement_mark != run.statement_serial)
        {
            ve.statement_mark = run.statement_serial;
            run.statement_inputs.push_back(v);
        }
    }

    // The inputs of the current statement so far, shared by every name the
    // statement binds.
    id_t tracker::impl::statement_inputs_snapshot()
    {
        if (run.statement_snapshot == no_id || run.snapshot_size != run.statement_inputs.size())
        {
            run.statement_snapshot = static_cast<id_t>(run.binding_inputs.size());
            run.binding_inputs.push_back(run.statement_inputs);
            run.binding_input_keys.emplace_back();
            run.snapshot_size = run.statement_inputs.size();
        }
        return run.statement_snapshot;
    }

    // The inputs of the binding of `name` the current statement makes: only
    // those brought by the names its binding_inputs event gave, when it gave
    // some and no notebook code ran in the statement; else no_id (all).
    id_t tracker::impl::narrowed_inputs(id_t name)
    {
        if (run.statement_opaque)
        {
            return no_id;
        }
        auto target = std::find_if(run.narrowed_targets.begin(), run.narrowed_targets.end(),
                                   [name](const auto& t) { return t.first == name; });
        if (target == run.narrowed_targets.end())
        {
            return no_id;
        }
        const std::vector<id_t>& from = target->second;
        std::vector<id_t> chosen;
        for (const auto& [by, v] : run.inputs_by_name)
        {
            if (std::find(from.begin(), from.end(), by) != from.end())
            {
                chosen.push_back(v);
            }
        }
        std::sort(chosen.begin(), chosen.end());
        chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
        std::vector<id_t> inputs;   // in the order the statement read them
        for (id_t v : run.statement_inputs)
        {
            if (std::binary_search(chosen.begin(), chosen.end(), v))
            {
                inputs.push_back(v);
            }
        }
        run.narrowed_names.push_back(name);
        run.binding_inputs.push_back(std::move(inputs));
        run.binding_input_keys.emplace_back();
        return static_cast<id_t>(run.binding_inputs.size() - 1);
    }

    // Notebook code ran in the statement: what a binding depends on can no
    // longer be told from the statement's text, so every binding it made
    // gets all its inputs.
    void tracker::impl::widen_narrowed_bindings()
    {
        run.statement_opaque = true;
        if (run.narrowed_names.empty())
        {
            return;
        }
        id_t snapshot = statement_inputs_snapshot();
        for (id_t n : run.narrowed_names)
        {
            detail::name_entry& ne = names[n];
            if (ne.run_serial == run.serial && ne.run_state == detail::run_binding::bound)
            {
                ne.run_inputs = snapshot;
            }
        }
        run.narrowed_names.clear();
    }

    void tracker::impl::clear_statement_narrowing()
    {
        run.inputs_by_name.clear();
        run.narrowed_targets.clear();
        run.narrowed_names.clear();
        run.statement_opaque = false;
    }

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

    void tracker::begin_outside_run()
    {
        if (p_impl->run.active)
        {
            abandon_run();
        }
        impl& m = *p_impl;
        m.run.clear();
        m.run.active = true;
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
        if (m.rejudge_pending)
        {
            m.rejudge_pending = false;
            m.rejudge_all();
        }
    }

    bool tracker::running() const
    {
        return p_impl->run.active;
    }

    void tracker::statement_impl(int /*index*/)
    {
        impl& m = *p_impl;
        m.settle_element_reads();
        m.run.statement_serial = m.next_epoch();
        m.run.statement_inputs.clear();
        m.run.statement_snapshot = no_id;
        m.run.snapshot_size = 0;
        m.clear_statement_narrowing();
    }

    void tracker::read_impl(std::string_view name, std::string_view function, bool after_own_write)
    {
        impl& m = *p_impl;
        detail::run_state& r = m.run;
        id_t n = m.name_id(name);
        id_t f = m.functions.intern(function);
        m.note_function_read(f, n);
        if (f != 0 || after_own_write)
        {
            m.widen_narrowed_bindings();   // a read by notebook code, or of the statement's own value
        }
        if (after_own_write)
        {
            // The statement's own value: its inputs are the statement's.
            return;
        }
        auto add_statement_input = [&m](id_t v) { m.add_statement_input(v); };
        detail::name_entry& ne = m.names[n];
        if (ne.run_serial == r.serial && ne.run_state != detail::run_binding::untouched)
        {
            // Bound earlier in this run: not an input; its inputs are.
            if (ne.run_state == detail::run_binding::bound)
            {
                m.add_inherited_inputs(ne.run_inputs);
                for (id_t v : r.binding_inputs[ne.run_inputs])
                {
                    r.inputs_by_name.emplace_back(n, v);
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
        r.inputs_by_name.emplace_back(n, v);
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
        r.statement_reads.push_back({entry.input_index, f, false});
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
        // The run's net change decides (`same_value` compares with the value
        // before the run): ending with that value keeps the version, unless
        // the run changed that very object in place.
        bool has_current = ne.tail != no_id && !m.versions[ne.tail].deleted;
        bool changed_in_place = ne.run_state == detail::run_binding::bound && ne.run_mutated;
        bool is_new = changed_in_place || !(same_value && has_current);
        if (!same_value || ne.run_state != detail::run_binding::bound)
        {
            ne.run_mutated = false;
        }
        ne.run_state = detail::run_binding::bound;
        ne.run_new = is_new;
        id_t narrowed = m.narrowed_inputs(n);
        ne.run_inputs = narrowed != no_id ? narrowed : snapshot;
    }

    // A change in place is a new version of the name whose inputs are what
    // the statement read, the old value included (a change through an alias
    // need not have read the name itself).
    void tracker::mutate_impl(std::string_view name, const std::vector<std::string>& keys)
    {
        impl& m = *p_impl;
        detail::run_state& r = m.run;
        id_t n = m.name_id(name);
        detail::name_entry& ne = m.names[n];
        bool in_run = ne.run_serial == r.serial;
        // A value the run rebound (or bound after deleting) is the run's own:
        // its net change is a rebinding.
        bool rebound = in_run && ((ne.run_state == detail::run_binding::bound && ne.run_new && !ne.run_mutated)
                                  || ne.run_state == detail::run_binding::deleted);
        bool mutated_before = in_run && ne.run_state == detail::run_binding::bound && ne.run_mutated;
        if (in_run && ne.run_state == detail::run_binding::bound)
        {
            m.add_inherited_inputs(ne.run_inputs);
        }
        else if (!(in_run && ne.run_state == detail::run_binding::deleted) && ne.tail != no_id
                 && !m.versions[ne.tail].deleted)
        {
            m.add_statement_input(ne.tail);
            r.inherited_inputs.emplace_back(ne.tail, 0);   // the old value, whole
        }
        m.widen_narrowed_bindings();
        write_impl(name, false);
        detail::name_entry& entry = m.names[n];
        entry.run_mutated = !rebound;
        if (!mutated_before)
        {
            m.run.mutated_keys.erase(n);
            entry.run_all_keys = false;
        }
        if (keys.empty())
        {
            entry.run_all_keys = true;
        }
        else if (!entry.run_all_keys)
        {
            std::vector<id_t> ids;
            for (const std::string& k : keys)
            {
                ids.push_back(m.element_keys.intern(k));
            }
            impl::add_keys(m.run.mutated_keys[n], ids);
        }
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
        ne.run_mutated = false;
        ne.run_inputs = no_id;
    }

    void tracker::binding_inputs_impl(std::string_view target, const std::vector<std::string>& names)
    {
        impl& m = *p_impl;
        std::vector<id_t> ids;
        for (const std::string& name : names)
        {
            id_t n = m.names_text.find(name);
            if (n != no_id)
            {
                ids.push_back(n);   // a name never interned was not read: it brings nothing
            }
        }
        m.run.narrowed_targets.emplace_back(m.name_id(target), std::move(ids));
    }

    void tracker::call_impl(std::string_view caller, std::string_view callee)
    {
        impl& m = *p_impl;
        detail::run_state& r = m.run;
        m.widen_narrowed_bindings();   // notebook code ran
        id_t a = m.functions.intern(caller);
        id_t b = m.functions.intern(callee);
        std::uint64_t key = (std::uint64_t(a) << 32) | b;
        if (r.call_seen.insert(key).second)
        {
            r.rec.calls.emplace_back(a, b);
        }
    }
}
