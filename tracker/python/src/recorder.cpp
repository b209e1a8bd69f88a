// The run and statement state of the CPython layer: reads, writes and calls
// seen while a cell's statement runs, reduced to one event each and sent to
// the event sink.

#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <unordered_map>
#include <vector>

#include <opcode.h>

#include "layer.hpp"
#include "xdeps/python_layer.hpp"

namespace xdeps::python
{
    bool recording = false;
    tracked_function* current_callee = nullptr;
    std::uint64_t statement_serial = 1;
    PyObject* run_namespace = nullptr;
    PyObject* active_tracer = nullptr;

    namespace
    {
        // A set of pointer pairs, emptied in O(1) by bumping a generation.
        class pair_set
        {
        public:

            // True when (a, b) was not in the set.
            bool insert(const void* a, const void* b)
            {
                if (m_slots.empty() || 2 * (m_count + 1) > m_slots.size())
                {
                    grow();
                }
                std::size_t mask = m_slots.size() - 1;
                std::size_t i = hash(a, b) & mask;
                while (m_slots[i].generation == m_generation)
                {
                    if (m_slots[i].a == a && m_slots[i].b == b)
                    {
                        return false;
                    }
                    i = (i + 1) & mask;
                }
                m_slots[i] = slot{a, b, m_generation};
                ++m_count;
                return true;
            }

            void clear()
            {
                m_count = 0;
                if (++m_generation == 0)
                {
                    for (slot& s : m_slots)
                    {
                        s.generation = 0;
                    }
                    m_generation = 1;
                }
                if (m_slots.size() > 4096)
                {
                    m_slots.assign(64, slot{});
                }
            }

        private:

            struct slot
            {
                const void* a = nullptr;
                const void* b = nullptr;
                std::uint32_t generation = 0;
            };

            static std::size_t hash(const void* a, const void* b)
            {
                auto x = reinterpret_cast<std::uintptr_t>(a) * 0x9E3779B97F4A7C15ull;
                auto y = reinterpret_cast<std::uintptr_t>(b) * 0xC2B2AE3D27D4EB4Full;
                return static_cast<std::size_t>((x ^ (y >> 7)) >> 4);
            }

            void grow()
            {
                std::vector<slot> old;
                old.swap(m_slots);
                m_slots.assign(old.empty() ? 64 : old.size() * 2, slot{});
                m_count = 0;
                for (const slot& s : old)
                {
                    if (s.generation == m_generation)
                    {
                        insert(s.a, s.b);
                    }
                }
            }

            std::vector<slot> m_slots;
            std::size_t m_count = 0;
            std::uint32_t m_generation = 1;
        };

        struct pending_write
        {
            PyObject* key;     // strong
            PyObject* before;  // strong, or null when unbound before
            bool watched;      // only a candidate: a `global` store may rebind it
        };

        struct recent_read
        {
            const void* key = nullptr;
            const void* function = nullptr;
            std::uint64_t generation = 0;
        };
        constexpr std::size_t recent_size = 256;
        recent_read recent_reads[recent_size];
        constexpr std::size_t recent_writes_size = 64;
        recent_read recent_writes[recent_writes_size];
        std::uint64_t statement_generation = 1;

        event_sink* sink = nullptr;
        bool enabled = true;
        bool in_run = false;
        bool failed = false;
        int statement_depth = 0;
        int statement_index = 0;
        std::string error;

        pair_set seen_reads;
        pair_set seen_calls;
        pair_set seen_global_stores;
        std::vector<PyObject*> kept_keys;  // keys in seen_reads, held for the statement
        std::vector<pending_write> writes;
        std::unordered_map<PyObject*, std::size_t> write_index;
        // The value each name written in the run had before the run (strong
        // references, null when unbound): sameness is judged on the run's net
        // change. Held to the run's end.
        std::unordered_map<PyObject*, PyObject*> run_before;

        std::string_view utf8(PyObject* key)
        {
            if (!PyUnicode_Check(key))
            {
                return {};
            }
            Py_ssize_t size = 0;
            const char* data = PyUnicode_AsUTF8AndSize(key, &size);
            if (data == nullptr)
            {
                PyErr_Clear();
                return {};
            }
            return std::string_view(data, static_cast<std::size_t>(size));
        }

        void clear_statement()
        {
            ++statement_generation;
            ++statement_serial;
            seen_reads.clear();
            seen_calls.clear();
            seen_global_stores.clear();
            // Released after the state is reset: a finalizer run by a
            // release may read or write the namespace again.
            std::vector<PyObject*> keys;
            keys.swap(kept_keys);
            std::vector<pending_write> released;
            released.swap(writes);
            write_index.clear();
            clear_mutations();
            clear_binding_names();
            for (PyObject* key : keys)
            {
                Py_DECREF(key);
            }
            for (pending_write& w : released)
            {
                Py_DECREF(w.key);
                Py_XDECREF(w.before);
            }
        }

        bool active()
        {
            return in_run && enabled && !failed && sink != nullptr && sink->recording();
        }

        void add_write(PyObject* ns, PyObject* key, bool watched)
        {
            auto found = write_index.find(key);
            if (found != write_index.end())
            {
                if (!watched)
                {
                    writes[found->second].watched = false;
                }
                return;
            }
            PyObject* before = PyDict_GetItemWithError(ns, key);
            if (before == nullptr && PyErr_Occurred())
            {
                PyErr_Clear();
            }
            Py_INCREF(key);
            Py_XINCREF(before);
            write_index.emplace(key, writes.size());
            writes.push_back(pending_write{key, before, watched});
            if (run_before.emplace(key, before).second)
            {
                Py_INCREF(key);
                Py_XINCREF(before);
            }
        }

        PyObject* value_before_run(const pending_write& w)
        {
            auto found = run_before.find(w.key);
            return found == run_before.end() ? w.before : found->second;
        }

        void clear_run_before()
        {
            // Released after the map is emptied: a finalizer may write again.
            std::unordered_map<PyObject*, PyObject*> released;
            released.swap(run_before);
            for (auto& [key, before] : released)
            {
                Py_DECREF(key);
                Py_XDECREF(before);
            }
        }

        void flush_writes()
        {
            PyObject* ns = run_namespace;
            for (const pending_write& w : writes)
            {
                std::string_view name = utf8(w.key);
                if (name.empty() || is_ipython_name(name))
                {
                    continue;
                }
                PyObject* now = PyDict_GetItemWithError(ns, w.key);
                if (now == nullptr && PyErr_Occurred())
                {
                    PyErr_Clear();
                }
                if (now == nullptr || now != w.before)
                {
                    forget_mutation(name);  // deleted or rebound: the write says it
                }
                if (now == nullptr)
                {
                    if (w.before != nullptr)
                    {
                        sink->remove(name);
                    }
                    continue;
                }
                if ((w.watched || mutation_pending(name)) && now == w.before)
                {
                    continue;  // bound again to the same object: a mutation, if anything
                }
                PyObject* before_run = value_before_run(w);
                bool same = before_run != nullptr && same_value(before_run, now);
                sink->write(name, same);
            }
        }
    }

    namespace
    {
        // Appends to `found` (once each) the names `code` binds or deletes
        // with STORE_GLOBAL / DELETE_GLOBAL, and those of the code objects
        // nested in it down to `nested_levels` levels.
        void collect_global_stores(PyObject* code, int nested_levels, PyObject* found)
        {
            if (!PyCode_Check(code))
            {
                return;
            }
            PyObject* bytes = PyCode_GetCode(reinterpret_cast<PyCodeObject*>(code));
            PyObject* names = PyObject_GetAttrString(code, "co_names");
            if (bytes != nullptr && names != nullptr && PyTuple_Check(names))
            {
                const unsigned char* ops = reinterpret_cast<const unsigned char*>(PyBytes_AS_STRING(bytes));
                Py_ssize_t size = PyBytes_GET_SIZE(bytes);
                int extended = 0;
                for (Py_ssize_t i = 0; i + 1 < size; i += 2)
                {
                    int op = ops[i];
                    int arg = ops[i + 1] | extended;
                    extended = op == EXTENDED_ARG ? arg << 8 : 0;
                    if ((op == STORE_GLOBAL || op == DELETE_GLOBAL) && arg < PyTuple_GET_SIZE(names))
                    {
                        PyObject* name = PyTuple_GET_ITEM(names, arg);
                        if (PySequence_Contains(found, name) == 0)
                        {
                            PyList_Append(found, name);
                        }
                    }
                }
            }
            Py_XDECREF(bytes);
            Py_XDECREF(names);
            if (nested_levels > 0)
            {
                PyObject* consts = PyObject_GetAttrString(code, "co_consts");
                if (consts != nullptr && PyTuple_Check(consts))
                {
                    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(consts); ++i)
                    {
                        collect_global_stores(PyTuple_GET_ITEM(consts, i), nested_levels - 1, found);
                    }
                }
                Py_XDECREF(consts);
            }
            PyErr_Clear();
        }

        void watch_names(PyObject* names)
        {
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); ++i)
            {
                add_write(run_namespace, PyTuple_GET_ITEM(names, i), true);
            }
        }

        // Adds an entry to the active Tracer's graph.
        void append_to_graph(PyObject* entry)
        {
            PyObject* graph = entry != nullptr ? PyObject_GetAttrString(active_tracer, "graph") : nullptr;
            if (graph == nullptr || PyList_Append(graph, entry) < 0)
            {
                PyErr_Clear();
            }
            Py_XDECREF(graph);
            Py_XDECREF(entry);
        }
    }

    std::size_t call_depth = 0;

    std::string_view current_function()
    {
        return current_callee == nullptr ? std::string_view() : std::string_view(*current_callee->qualname);
    }

    void fail(const char* what)
    {
        if (!failed)
        {
            failed = true;
            error = what;
        }
        recording = false;
    }

    namespace
    {
        // Runs `report` (the layer's own bookkeeping; the sink guards its
        // events itself); an exception stops recording for the run instead
        // of reaching the user's code. False when it failed.
        template <class Report>
        bool guarded(Report&& report)
        {
            try
            {
                report();
                return true;
            }
            catch (const std::exception& e)
            {
                fail(e.what());
            }
            catch (...)
            {
                fail("unknown exception in the tracker");
            }
            return false;
        }
    }

    void note_read(PyObject* key)
    {
        const void* function = current_callee;
        // Hot loops read the same few names: a direct-mapped memo of recent
        // (name, function) pairs answers before the set is probed.
        recent_read& memo = recent_reads[memo_slot(key, recent_size)];
        if (memo.key == key && memo.function == function && memo.generation == statement_generation)
        {
            return;
        }
        memo = recent_read{key, function, statement_generation};
        if (!seen_reads.insert(key, function))
        {
            return;
        }
        // Keep it alive, whatever it is (interned names can die too, and
        // `globals()[1000 + i]` makes int keys): within the statement its
        // address identifies it here and in the namespace's memo of hits.
        Py_INCREF(key);
        kept_keys.push_back(key);
        std::string_view name = utf8(key);
        if (name.empty() || is_ipython_name(name))
        {
            return;
        }
        auto found = write_index.find(key);
        bool after_own_write = found != write_index.end() && !writes[found->second].watched;
        sink->read(name, current_function(), after_own_write);
    }

    void note_write(PyObject* ns, PyObject* key)
    {
        // A loop rebinding the same few names: already noted this statement.
        recent_read& memo = recent_writes[memo_slot(key, recent_writes_size)];
        if (memo.key == key && memo.generation == statement_generation)
        {
            return;
        }
        guarded([&] {
            add_write(ns, key, false);
            memo = recent_read{key, nullptr, statement_generation};
        });
    }

    void note_global_stores(PyObject* names)
    {
        if (!seen_global_stores.insert(names, nullptr))
        {
            return;
        }
        guarded([&] { watch_names(names); });
    }

    void note_call(tracked_function* callee)
    {
        if (!seen_calls.insert(current_callee, callee))
        {
            return;
        }
        sink->call(current_function(), *callee->qualname);
    }

    void tracer_note_read(PyObject* key, PyObject* value)
    {
        tracked_function* top = current_callee;
        if (top == nullptr || active_tracer == nullptr)
        {
            return;
        }
        append_to_graph(Py_BuildValue("(s#s#{OO})", top->module->data(), (Py_ssize_t)top->module->size(),
                                      top->qualname->data(), (Py_ssize_t)top->qualname->size(), key, value));
    }

    void tracer_note_call(tracked_function* callee)
    {
        tracked_function* caller = current_callee;
        if (caller == nullptr || active_tracer == nullptr)
        {
            return;
        }
        append_to_graph(Py_BuildValue("(s#s#s#s#)",
                                      caller->module->data(), (Py_ssize_t)caller->module->size(),
                                      caller->qualname->data(), (Py_ssize_t)caller->qualname->size(),
                                      callee->module->data(), (Py_ssize_t)callee->module->size(),
                                      callee->qualname->data(), (Py_ssize_t)callee->qualname->size()));
    }

    bool is_ipython_name(std::string_view name)
    {
        static const char* const exact[] = {"_", "__", "___", "_i", "_ii", "_iii", "_oh", "_ih", "_dh",
                                            "In", "Out", "get_ipython", "exit", "quit", "_exit_code"};
        for (const char* e : exact)
        {
            if (name == e)
            {
                return true;
            }
        }
        if (name.size() > 4 && name.substr(0, 2) == "__" && name.substr(name.size() - 2) == "__")
        {
            return true;
        }
        if (name.substr(0, 7) == "__xdeps")
        {
            return true;
        }
        // _5 (output history) and _i5 (input history)
        std::size_t digits_from = name.substr(0, 2) == "_i" ? 2 : 1;
        if (name.size() > digits_from && name[0] == '_')
        {
            for (std::size_t i = digits_from; i < name.size(); ++i)
            {
                if (name[i] < '0' || name[i] > '9')
                {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    void set_sink(event_sink* s)
    {
        sink = s;
    }

    event_sink* current_sink()
    {
        return sink;
    }

    void begin_run(PyObject* ns)
    {
        if (in_run)
        {
            end_run();
        }
        in_run = true;
        failed = false;
        error.clear();
        statement_depth = 0;
        statement_index = 0;
        run_namespace = ns;
    }

    PyObject* global_stores_of_code(PyObject* code, int nested_levels)
    {
        PyObject* found = PyList_New(0);
        if (found == nullptr)
        {
            PyErr_Clear();
            return nullptr;
        }
        collect_global_stores(code, nested_levels, found);
        PyObject* result = PyList_GET_SIZE(found) > 0 ? PyList_AsTuple(found) : nullptr;
        Py_DECREF(found);
        PyErr_Clear();
        return result;
    }

    void statement_begin(PyObject* code, PyObject* bindings)
    {
        statement_begin();
        if (recording && statement_depth == 1)
        {
            guarded([&] { note_binding_names(bindings); });
        }
        if (recording && code != nullptr && statement_depth == 1)
        {
            // Globals the statement's own code (and code nested in it, such as
            // a comprehension with a walrus) stores directly.
            PyObject* names = global_stores_of_code(code, 8);
            if (names != nullptr)
            {
                guarded([&] { watch_names(names); });
            }
            Py_XDECREF(names);
        }
    }

    void statement_begin()
    {
        if (!active())
        {
            return;
        }
        if (statement_depth++ > 0)
        {
            // A statement running cells of its own (get_ipython().run_cell):
            // part of the outer statement.
            return;
        }
        clear_statement();
        sink->statement(statement_index++);
        recording = sink->recording();
    }

    void statement_end()
    {
        if (statement_depth == 0)
        {
            return;
        }
        if (--statement_depth > 0)
        {
            return;
        }
        recording = false;
        if (active())
        {
            guarded([&] { judge_mutations(run_namespace); });
            flush_binding_inputs(sink);
            flush_writes();
            guarded([&] { flush_mutations(sink); });
        }
        clear_statement();
    }

    void end_run()
    {
        if (statement_depth > 0)
        {
            statement_depth = 1;
            statement_end();
        }
        recording = false;
        in_run = false;
        run_namespace = nullptr;
        clear_run_before();
    }

    bool running()
    {
        return in_run;
    }

    void set_enabled(bool on)
    {
        enabled = on;
        if (!on)
        {
            recording = false;
        }
    }

    const char* run_error()
    {
        // The sink remembers its own failure (it guards its events itself).
        if (error.empty() && sink != nullptr)
        {
            return sink->failure().c_str();
        }
        return error.c_str();
    }
}
