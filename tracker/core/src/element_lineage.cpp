// Element lineage (docs/semantics.md): the elements a run used of what it
// read, for the cell's record (read_elements) and for the inputs of the
// versions it binds, settled at each statement's end.

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "tracker_impl.hpp"

namespace xdeps
{
    using detail::id_t;
    using detail::no_id;

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
                impl::add_keys(r.statement_input_keys[index], ids);
                r.statement_keyed = true;
            }
        }
    }

    // The inputs of a binding made earlier in the run, taken by the current
    // statement with the elements that binding used of them.
    void tracker::impl::add_inherited_inputs(id_t set)
    {
        const std::vector<id_t>& inputs = run.binding_inputs[set];
        const std::vector<id_t>& keys = run.binding_input_keys[set];
        for (std::size_t i = 0; i < inputs.size(); ++i)
        {
            add_statement_input(inputs[i]);
            id_t used = keys.empty() ? 0 : keys[i];
            run.inherited_inputs.emplace_back(inputs[i], used);
            run.statement_keyed = run.statement_keyed || used != 0;
        }
    }

    // Element lineage between values: once the statement's element reads
    // have all arrived (at its end), each input of the bindings it made gets
    // the elements the statement used of it (0: the whole object).
    void tracker::impl::settle_binding_keys()
    {
        std::size_t first = run.statement_first_set;
        if (run.statement_keyed && first < run.binding_inputs.size())
        {
            std::unordered_map<id_t, id_t> used;   // version -> key set
            auto use = [&](id_t v, id_t keys) {
                auto [it, added] = used.emplace(v, keys);
                if (!added)
                {
                    it->second = unite_keys(it->second, keys);
                }
            };
            for (const detail::element_read& er : run.statement_reads)
            {
                auto found = er.keyed ? run.statement_input_keys.find(er.input_index) : run.statement_input_keys.end();
                use(run.rec.inputs[er.input_index].version,
                    found == run.statement_input_keys.end() ? 0 : key_sets.intern(found->second));
            }
            for (const auto& [v, keys] : run.inherited_inputs)
            {
                use(v, keys);
            }
            for (std::size_t set = first; set < run.binding_inputs.size(); ++set)
            {
                const std::vector<id_t>& inputs = run.binding_inputs[set];
                std::vector<id_t> keys(inputs.size(), 0);
                bool any = false;
                for (std::size_t i = 0; i < inputs.size(); ++i)
                {
                    auto it = used.find(inputs[i]);
                    keys[i] = it == used.end() ? 0 : it->second;
                    any = any || keys[i] != 0;
                }
                if (any)
                {
                    run.binding_input_keys[set] = std::move(keys);
                }
            }
        }
        run.inherited_inputs.clear();
        run.statement_input_keys.clear();
        run.statement_keyed = false;
        run.statement_first_set = run.binding_inputs.size();
    }

    // The reads of the statement that just ended with no element paths used
    // the whole object.
    void tracker::impl::settle_element_reads()
    {
        settle_binding_keys();
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
}
