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

    // The notebook function running in this thread: the nearest frame, from
    // the current one outwards, whose code carries a record (null: the
    // cell's top-level code, or no notebook function). Found from the
    // interpreter's frames (call_frames.cpp), so calls stay plain
    // Python-to-Python calls and each thread has its own chain.
    tracked_function* current_callee();

    // Qualified name of current_callee() ("" for the cell's top-level code).
    std::string_view current_function();

    // True while a statement of a cell is being recorded.
    extern bool recording;

    // Reads are not recorded while it is set (an introspection magic, such
    // as `%who`, looks at every name without using any); writes still are.
    extern bool reads_paused;

    // A number that changes with every statement.
    extern std::uint64_t statement_serial;

    // Namespace of the running cell (borrowed while a run lasts).
    extern PyObject* run_namespace;

    inline bool recording_in(PyObject* self)
    {
        return recording && self == run_namespace;
    }

    // Reads and calls, each reported once per statement. note_read is given
    // current_callee(), which the namespace has found already, and answers
    // the key the read is noted by, for the namespace's memo of hits: that
    // callee, or one key for every thread other than the cell's (their
    // reads are reported apart, as `<thread>`).
    const void* note_read(PyObject* key, tracked_function* callee);
    void note_write(PyObject* ns, PyObject* key);
    void note_call(tracked_function* caller, tracked_function* callee);
    void note_global_stores(PyObject* names);

    // The active Tracer (seed API), or null.
    extern PyObject* active_tracer;
    void tracer_note_read(PyObject* key, PyObject* value);
    void tracer_note_call(tracked_function* caller, tracked_function* callee);

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

    // A notebook function's record, kept on its code object (one per code,
    // call_frames.cpp): what calls and reads are attributed to. The same
    // type is the seed API's wrapper (`track` outside the kernel), which
    // then also holds the function it calls and the record of its code.
    struct tracked_function
    {
        PyObject_HEAD
        PyObject* func;            // wrapper: the function called (null in a record)
        tracked_function* record;  // wrapper: the record of func's code (strong; null in a record)
        PyObject* global_stores;   // tuple of names its code assigns with `global`, or null
        PyObject* weakrefs;
        PyObject* globals_view;    // borrowed from func: its globals, outside the kernel
        vectorcallfunc vectorcall;
        vectorcallfunc entry;      // the function's own vectorcall, or null
        // Where this function's last reported call came from: a loop calling
        // it again in the same statement reports nothing more. The marker
        // also remembers the code of the frame below that call (null: not
        // known), so that it recognises the same caller with one comparison.
        const void* noted_caller;
        const void* noted_caller_code;
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

    // The seed API's wrapper of `func` (`track` outside the kernel).
    PyObject* wrap_function(PyObject* func);

    // Notebook calls (tracked_function.cpp, call_frames.cpp). The record of
    // a function's code, made on first use (null with an exception set on
    // failure); the record a code object carries, or null.
    tracked_function* record_of_function(PyObject* func);
    tracked_function* record_of_code(PyObject* code);
    int attach_record(PyObject* code, tracked_function* record);
    int init_code_records();
    // A call of `callee` from `caller`, with the callee's arguments when it
    // may change what it is passed: the edge, once per statement, the
    // in-place change candidates, the `global` stores to watch, the Tracer.
    void note_tracked_call(tracked_function* caller, tracked_function* callee, PyObject* const* args, size_t nargsf,
                           PyObject* kwnames);
    // The marker the kernel's AST transform puts first in every def's body,
    // `__xdeps_call__` (a bare name: loading it is the whole cost). The
    // namespace hands the interpreter's load of it to notebook_call(), which
    // notes the call of the running function; null: not such a load.
    extern PyObject* call_marker;
    PyObject* notebook_call(PyObject* ns);
    // True when the C stack is nearly used up: a call then raises
    // RecursionError instead of overflowing it (call_frames.cpp).
    bool c_stack_exhausted();
    PyObject* raise_c_stack_exhausted();
    // Notebook functions running in this thread (tests).
    std::size_t tracked_frames();

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
