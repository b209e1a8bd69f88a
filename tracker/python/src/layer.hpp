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

    // The notebook function running on top of the call stack (null: the
    // cell's top-level code), and a number that changes with every statement.
    extern tracked_function* current_callee;
    extern std::uint64_t statement_serial;

    // Namespace of the running cell (borrowed while a run lasts).
    extern PyObject* run_namespace;

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

    // Value sameness (DESIGN.md section 2).
    bool same_value(PyObject* a, PyObject* b);

    // Types.
    extern PyTypeObject namespace_type;
    extern PyTypeObject proxy_namespace_type;
    extern PyTypeObject tracked_function_type;

    struct tracked_function
    {
        PyObject_HEAD
        PyObject* func;            // the function called
        PyObject* global_stores;   // tuple of names its code assigns with `global`, or null
        PyObject* weakrefs;
        PyObject* globals_view;    // borrowed from func: its globals, outside the kernel
        vectorcallfunc vectorcall;
        std::string* qualname;
        std::string* module;
    };

    PyObject* wrap_function(PyObject* func);
    void statement_begin(PyObject* code);

    // A new tuple of the names `code` binds or deletes with STORE_GLOBAL /
    // DELETE_GLOBAL (those writes bypass the namespace), code objects nested
    // in it included down to `nested_levels` levels; null when there are none.
    PyObject* global_stores_of_code(PyObject* code, int nested_levels);
    event_sink* current_sink();
    bool is_ipython_name(std::string_view name);
}

#endif
