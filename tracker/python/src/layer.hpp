#ifndef XDEPS_PYTHON_LAYER_INTERNAL_HPP
#define XDEPS_PYTHON_LAYER_INTERNAL_HPP

// Shared state of the CPython layer. Everything here is touched with the GIL
// held, which serializes it.

#include <Python.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xdeps/event_sink.hpp"

namespace xdeps::python
{
    struct tracked_function;

    // Slot of an object in a direct-mapped memo of `size` (a power of two)
    // entries. Objects of one size class sit a fixed stride apart, so the
    // address is mixed (Fibonacci hashing) rather than cut: names allocated
    // together must not share slots and evict each other in a loop.
    inline std::size_t memo_slot(const void* object, std::size_t size)
    {
        std::uint64_t mixed = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(object)) * 0x9E3779B97F4A7C15ull;
        return static_cast<std::size_t>(mixed >> (64 - __builtin_ctzll(size)));
    }

    // How many tracked calls are in progress. The chain of callers lives on
    // the C stack: each call saves `current_callee` and restores it on
    // return or exception. One chain for the process, serialized by the GIL:
    // calls made concurrently from several threads can be attributed to each
    // other's functions, and each restores what it found.
    extern std::size_t call_depth;

    // Qualified name of the function on top of this thread's stack ("" for
    // the cell's top-level code).
    std::string_view current_function();

    // True while a statement of a cell is being recorded.
    extern bool recording;

    // Reads are not recorded while it is set (an introspection magic, such
    // as `%who`, looks at every name without using any); writes still are.
    extern bool reads_paused;

    // The notebook function running on top of the call stack (null: the
    // cell's top-level code), and a number that changes with every statement.
    extern tracked_function* current_callee;
    extern std::uint64_t statement_serial;

    // Namespace of the running cell (borrowed while a run lasts).
    extern PyObject* run_namespace;

    inline bool recording_in(PyObject* self)
    {
        return recording && self == run_namespace;
    }

    // Reads and calls, each reported once per statement.
    void note_read(PyObject* key);
    void note_write(PyObject* ns, PyObject* key);
    void note_call(tracked_function* callee);
    void note_global_stores(PyObject* names);

    // The active Tracer (seed API), or null.
    extern PyObject* active_tracer;
    void tracer_note_read(PyObject* key, PyObject* value);
    void tracer_note_call(tracked_function* callee);

    // Stops recording for the run after an internal failure.
    void fail(const char* what);

    // The builtins dict the interpreter's own global load of `ns` consults,
    // when the lookup in progress is one (LOAD_GLOBAL, or LOAD_NAME in
    // top-level code, with `ns` as the frame's globals); null otherwise.
    PyObject* builtins_for_global_load(PyObject* ns);

    // Value sameness (docs/semantics.md).
    bool same_value(PyObject* a, PyObject* b);

    // Types.
    extern PyTypeObject namespace_type;
    extern PyTypeObject proxy_namespace_type;
    extern PyTypeObject tracked_function_type;

    // xdeps.Namespace's dict methods that bind or delete names (namespace_methods.cpp).
    extern PyMethodDef ns_methods[];

    // The namespace of a function tracked in plain Python (`track` outside
    // the kernel): reads go through to the module's real globals; what a
    // `global` statement stores lands here and is moved to the real
    // globals when the call returns (globals_view.cpp).
    struct proxy_namespace
    {
        PyDictObject dict;
        PyObject* real;
    };

    // Its read path, with the namespace's lookups (namespace.cpp).
    PyObject* proxy_subscript(PyObject* self, PyObject* key);

    struct tracked_function
    {
        PyObject_HEAD
        PyObject* func;            // the function called
        PyObject* global_stores;   // tuple of names its code assigns with `global`, or null
        PyObject* weakrefs;
        PyObject* globals_view;    // borrowed from func: its globals, outside the kernel
        vectorcallfunc vectorcall;
        vectorcallfunc entry;      // the function's own vectorcall, or null
        // Where this function's last reported call came from: a loop calling
        // it again in the same statement reports nothing more.
        const void* noted_caller;
        std::uint64_t noted_statement;
        std::string* qualname;
        std::string* module;
        // What it may change in place (mutation_forms.py), or null: its
        // forms, its parameters' names, the positions of those it may change.
        PyObject* changes;
        PyObject* param_names;
        PyObject* changed_params;
        std::uint64_t changes_statement;
        // When it may change one parameter only: its position, and the object
        // last passed there in statement `changes_statement` (identity only;
        // held by the layer to the statement's end). -1: none or several.
        Py_ssize_t only_changed_param;
        PyObject* last_passed;
    };

    PyObject* wrap_function(PyObject* func);

    // In-place changes (mutation.cpp): the first read of a global in a
    // statement, a call of a function that may change what it is passed,
    // the statement's own forms; at its end, the judgement, then the events.
    void note_fingerprint(PyObject* key, PyObject* value);
    void note_changing_call(tracked_function* self, PyObject* const* args, size_t nargsf, PyObject* kwnames);
    void note_statement_forms(PyObject* forms);
    void judge_mutations(PyObject* ns);
    bool mutation_pending(std::string_view name);
    void forget_mutation(std::string_view name);
    void flush_mutations(event_sink* sink);
    void clear_mutations();
    int add_mutation_api(PyObject* module);
    extern PyMethodDef mutation_methods[];  // mutation_python_api.cpp
    void statement_begin(PyObject* code, PyObject* bindings);

    // What each binding of the statement depends on (binding_inputs.cpp).
    void note_binding_names(PyObject* bindings);
    void flush_binding_inputs(event_sink* sink);
    void clear_binding_names();

    // A new tuple of the names `code` binds or deletes with STORE_GLOBAL /
    // DELETE_GLOBAL (those writes bypass the namespace), code objects nested
    // in it included down to `nested_levels` levels; null when there are none.
    PyObject* global_stores_of_code(PyObject* code, int nested_levels);
    event_sink* current_sink();
    bool is_ipython_name(std::string_view name);
}

#endif
