// The run and statement state of the CPython layer: reads, writes and calls
// seen while a cell's statement runs, reduced to one event each and sent to
// the event sink.

#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <unordered_map>
#include <vector>

#include "layer.hpp"
#include "pair_set.hpp"
#include "xdeps/python_layer.hpp"
#include "call_frames.hpp"  // last: it may include CPython's internal frame header

namespace xdeps::python
{
    bool recording = false;
    bool reads_paused = false;
    std::uint64_t statement_serial = 1;
    PyObject* run_namespace = nullptr;
    PyObject* active_tracer = nullptr;

    namespace
    {
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
        // The thread that runs the cells, and the function name that stands
        // for any other thread's reads.
        PyThreadState* run_thread = nullptr;
        constexpr std::string_view thread_reader = "<thread>";
        // What the memos of reads key any other thread's reads by: never a
        // record nor null, so they never stand for the cell's own reads.
        const char other_threads = 0;

        bool in_other_thread()
        {
#ifdef XDEPS_FRAME_INTERNALS
            return running_thread_state() != run_thread;
#else
            return PyThreadState_Get() != run_thread;
#endif
        }
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
        void watch_names(PyObject* names)
        {
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); ++i)
            {
                add_write(run_namespace, PyTuple_GET_ITEM(names, i), true);
            }
        }
    }

    std::string_view current_function()
    {
        tracked_function* callee = current_callee();
        return callee == nullptr ? std::string_view() : std::string_view(*callee->qualname);
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

    const void* note_read(PyObject* key, tracked_function* callee)
    {
        // Another thread's read while the cell runs is the cell's, marked as
        // a thread's so that its reasons say so (docs/tracing.md), and kept
        // apart from the cell's own: a read by a thread first must not hide
        // the cell's own read of the name.
        bool by_thread = in_other_thread();
        if (by_thread)
        {
            callee = nullptr;
        }
        const void* function = by_thread ? static_cast<const void*>(&other_threads) : callee;
        // Hot loops read the same few names: a direct-mapped memo of recent
        // (name, function) pairs answers before the set is probed.
        recent_read& memo = recent_reads[memo_slot(key, recent_size)];
        if (memo.key == key && memo.function == function && memo.generation == statement_generation)
        {
            return function;
        }
        memo = recent_read{key, function, statement_generation};
        if (!seen_reads.insert(key, function))
        {
            return function;
        }
        // Keep it alive, whatever it is (interned names can die too, and
        // `globals()[1000 + i]` makes int keys): within the statement its
        // address identifies it here and in the namespace's memo of hits.
        Py_INCREF(key);
        kept_keys.push_back(key);
        std::string_view name = utf8(key);
        if (name.empty() || is_ipython_name(name))
        {
            return function;
        }
        auto found = write_index.find(key);
        bool after_own_write = found != write_index.end() && !writes[found->second].watched;
        std::string_view reader = by_thread            ? thread_reader
            : callee == nullptr                                   ? std::string_view()
                                                                  : std::string_view(*callee->qualname);
        sink->read(name, reader, after_own_write);
        return function;
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

    void note_call(tracked_function* caller, tracked_function* callee)
    {
        if (!seen_calls.insert(caller, callee))
        {
            return;
        }
        sink->call(caller == nullptr ? std::string_view() : std::string_view(*caller->qualname), *callee->qualname);
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
        reads_paused = false;
        failed = false;
        error.clear();
        statement_depth = 0;
        statement_index = 0;
        run_namespace = ns;
        run_thread = PyThreadState_Get();
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
