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
            statement_snapshot = no_id;
            snapshot_size = 0;
            touched_names.clear();
            statement_reads.clear();
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
            run.snapshot_size = run.statement_inputs.size();
        }
        return run.statement_snapshot;
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

    void tracker::statement_impl(int /*index*/)
    {
        impl& m = *p_impl;
        m.settle_element_reads();
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
        auto add_statement_input = [&m](id_t v) { m.add_statement_input(v); };
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
        ne.run_inputs = snapshot;
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
            for (id_t v : r.binding_inputs[ne.run_inputs])
            {
                m.add_statement_input(v);
            }
        }
        else if (!(in_run && ne.run_state == detail::run_binding::deleted) && ne.tail != no_id
                 && !m.versions[ne.tail].deleted)
        {
            m.add_statement_input(ne.tail);
        }
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

    void tracker::read_elements_impl(std::string_view name,
                                     std::string_view function,
                                     const std::vector<std::string>& keys)
    {
        impl& m = *p_impl;
        detail::run_state& r = m.run;
        id_t n = m.names_text.find(name);
        id_t f = m.functions.find(function);
        if (n == no_id || f == no_id || keys.empty() || m.names[n].input_serial != r.serial)
        {
            return;   // not an input of the run (or no elements: the whole)
        }
        std::uint32_t index = m.names[n].input_index;
        for (detail::element_read& er : r.statement_reads)
        {
            if (er.input_index == index && er.function == f)
            {
                er.keyed = true;
                std::vector<id_t> ids;
                for (const std::string& k : keys)
                {
                    ids.push_back(m.element_keys.intern(k));
                }
                impl::add_keys(r.input_keys[index], ids);
            }
        }
    }

    // The reads of the statement that just ended with no element paths used
    // the whole object.
    void tracker::impl::settle_element_reads()
    {
        for (const detail::element_read& er : run.statement_reads)
        {
            if (!er.keyed)
            {
                run.rec.inputs[er.input_index].whole = true;
            }
        }
        run.statement_reads.clear();
    }

    void tracker::impl::add_keys(std::vector<id_t>& into, const std::vector<id_t>& keys)
    {
        into.insert(into.end(), keys.begin(), keys.end());
        std::sort(into.begin(), into.end());
        into.erase(std::unique(into.begin(), into.end()), into.end());
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
}
