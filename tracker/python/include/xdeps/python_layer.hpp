#ifndef XDEPS_PYTHON_LAYER_HPP
#define XDEPS_PYTHON_LAYER_HPP

#include <Python.h>

#include "xdeps/event_sink.hpp"

// Initializes the `xdeps` module: the kernel registers it with
// PyImport_AppendInittab before Python starts; the same sources also build an
// extension module for plain Python.
PyMODINIT_FUNC PyInit_xdeps(void);

namespace xdeps::python
{
    // All functions require the GIL.

    // Where runs report (nullptr: nowhere).
    void set_sink(event_sink* sink);

    // A new reference to an empty xdeps.Namespace.
    PyObject* new_namespace();

    // A cell starts running in `ns`; nothing is recorded until a statement starts.
    void begin_run(PyObject* ns);

    // A top-level statement starts: recording on, per-statement state reset.
    void statement_begin();

    // The statement ended: its writes and deletes are reported; recording off.
    void statement_end();

    // Closes an open statement if any; the run is over.
    void end_run();

    bool running();

    // Off: nothing is recorded, tracked functions just call through (for
    // plain Python, as `xdeps._set_enabled`; the kernel keeps its own switch
    // and simply begins no run while tracking is off).
    void set_enabled(bool on);

    // Why recording stopped during the last run ("" when it did not).
    const char* run_error();
}

#endif
