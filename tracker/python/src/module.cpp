// The `xdeps` module: the tracked namespace, the `track` decorator and the
// `Tracer` context manager of the seed API, and the statement hooks the
// kernel's shell calls.

#include <Python.h>

#include <cstring>
#include <exception>
#include <string>

#include "layer.hpp"
#include "xdeps/python_layer.hpp"
#include "xdeps/tracker.hpp"

namespace xdeps::python
{
    PyObject* new_globals_view(PyObject* real);

    namespace
    {
        // type.__new__ makes these static or class methods only when they
        // are plain functions: they stay unwrapped.
        bool implicit_method(const char* name)
        {
            return std::strcmp(name, "__new__") == 0 || std::strcmp(name, "__init_subclass__") == 0
                || std::strcmp(name, "__class_getitem__") == 0;
        }

        // A function defined outside the kernel reads a plain dict, which
        // records nothing: give its copy a view of that dict that does.
        PyObject* tracked_copy(PyObject* func)
        {
            PyObject* globals = PyFunction_GET_GLOBALS(func);
            if (PyObject_TypeCheck(globals, &namespace_type) || Py_IS_TYPE(globals, &proxy_namespace_type))
            {
                Py_INCREF(func);
                return func;
            }
            PyObject* view = new_globals_view(globals);
            if (view == nullptr)
            {
                return nullptr;
            }
            PyObject* copy = PyFunction_New(PyFunction_GET_CODE(func), view);
            Py_DECREF(view);
            if (copy == nullptr)
            {
                return nullptr;
            }
            static const char* const carried[] = {"__defaults__", "__kwdefaults__", "__closure__", "__dict__",
                                                  "__doc__", "__name__", "__qualname__", "__module__",
                                                  "__annotations__"};
            for (const char* name : carried)
            {
                if (std::strcmp(name, "__closure__") == 0)
                {
                    PyObject* closure = PyFunction_GET_CLOSURE(func);
                    if (closure != nullptr && PyFunction_SetClosure(copy, closure) < 0)
                    {
                        Py_DECREF(copy);
                        return nullptr;
                    }
                    continue;
                }
                PyObject* value = PyObject_GetAttrString(func, name);
                if (value == nullptr)
                {
                    PyErr_Clear();
                    continue;
                }
                if (PyObject_SetAttrString(copy, name, value) < 0)
                {
                    PyErr_Clear();
                }
                Py_DECREF(value);
            }
            return copy;
        }

        PyObject* track_object(PyObject* obj);

        // A def the kernel's AST transform marked: its body starts with the
        // call marker (call_frames.cpp).
        bool body_tracked(PyObject* func)
        {
            PyObject* names = reinterpret_cast<PyCodeObject*>(PyFunction_GET_CODE(func))->co_names;
            return names != nullptr && PyTuple_Check(names) && PyTuple_GET_SIZE(names) > 0
                && PyTuple_GET_ITEM(names, 0) == call_marker;
        }

        PyObject* track_class(PyObject* cls)
        {
            PyObject* dict = PyObject_GetAttrString(cls, "__dict__");
            PyObject* items = dict ? PyMapping_Items(dict) : nullptr;
            Py_XDECREF(dict);
            if (items == nullptr)
            {
                return nullptr;
            }
            std::string prefix;
            PyObject* qualname = PyObject_GetAttrString(cls, "__qualname__");
            if (qualname != nullptr && PyUnicode_Check(qualname))
            {
                prefix = std::string(PyUnicode_AsUTF8(qualname)) + ".";
            }
            Py_XDECREF(qualname);
            PyErr_Clear();
            for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); ++i)
            {
                PyObject* name = PyTuple_GET_ITEM(PyList_GET_ITEM(items, i), 0);
                PyObject* value = PyTuple_GET_ITEM(PyList_GET_ITEM(items, i), 1);
                const char* text = PyUnicode_Check(name) ? PyUnicode_AsUTF8(name) : nullptr;
                if (text == nullptr || implicit_method(text))
                {
                    continue;
                }
                PyObject* replacement = nullptr;
                if (PyFunction_Check(value))
                {
                    replacement = track_object(value);
                }
                else if (PyType_Check(value))
                {
                    // Nested classes defined in this one (C.D), not aliases.
                    PyObject* inner = PyObject_GetAttrString(value, "__qualname__");
                    if (inner != nullptr && PyUnicode_Check(inner)
                        && std::string(PyUnicode_AsUTF8(inner)).rfind(prefix, 0) == 0)
                    {
                        PyObject* done = track_class(value);
                        Py_XDECREF(done);
                    }
                    Py_XDECREF(inner);
                    PyErr_Clear();
                }
                else if (Py_IS_TYPE(value, &PyStaticMethod_Type) || Py_IS_TYPE(value, &PyClassMethod_Type))
                {
                    PyObject* func = PyObject_GetAttrString(value, "__func__");
                    if (func != nullptr && PyFunction_Check(func))
                    {
                        PyObject* wrapped = track_object(func);
                        if (wrapped != nullptr)
                        {
                            replacement = PyObject_CallOneArg(reinterpret_cast<PyObject*>(Py_TYPE(value)), wrapped);
                            Py_DECREF(wrapped);
                        }
                    }
                    Py_XDECREF(func);
                }
                if (replacement != nullptr)
                {
                    if (PyObject_SetAttr(cls, name, replacement) < 0)
                    {
                        PyErr_Clear();
                    }
                    Py_DECREF(replacement);
                }
                PyErr_Clear();
            }
            Py_DECREF(items);
            Py_INCREF(cls);
            return cls;
        }

        PyObject* track_object(PyObject* obj)
        {
            if (Py_IS_TYPE(obj, &tracked_function_type))
            {
                Py_INCREF(obj);
                return obj;
            }
            if (PyType_Check(obj))
            {
                return track_class(obj);
            }
            if (!PyFunction_Check(obj) || body_tracked(obj))
            {
                // Builtins, partials, other callables: left as they are; so
                // is a def of a cell, whose body notes its own calls.
                Py_INCREF(obj);
                return obj;
            }
            PyObject* copy = tracked_copy(obj);
            if (copy == nullptr)
            {
                return nullptr;
            }
            PyObject* wrapped = wrap_function(copy);
            Py_DECREF(copy);
            return wrapped;
        }

        PyObject* py_track(PyObject*, PyObject* obj)
        {
            return track_object(obj);
        }

        PyObject* py_statement_begin(PyObject*, PyObject* const* args, Py_ssize_t nargs)
        {
            // The statement's code object, when given, is scanned for the
            // globals it binds directly.
            statement_begin(nargs > 0 ? args[0] : nullptr, nargs > 2 ? args[2] : nullptr);
            if (recording && nargs > 1)
            {
                note_statement_forms(args[1]);  // what it may change in place (mutation_forms.py)
            }
            Py_RETURN_NONE;
        }

        PyObject* py_statement_end(PyObject*, PyObject*)
        {
            statement_end();
            Py_RETURN_NONE;
        }

        // Sets the active Tracer (None: none); returns the previous one.
        PyObject* py_set_tracer(PyObject*, PyObject* tracer)
        {
            PyObject* previous = active_tracer ? active_tracer : Py_None;
            Py_INCREF(previous);
            Py_XDECREF(active_tracer);
            if (tracer == Py_None)
            {
                active_tracer = nullptr;
            }
            else
            {
                Py_INCREF(tracer);
                active_tracer = tracer;
            }
            return previous;
        }

        // Outside the kernel the module records into an engine of its own,
        // so its recording can be exercised and measured in plain Python.
        xdeps::tracker& own_engine()
        {
            static xdeps::tracker engine;
            return engine;
        }

        event_sink* previous_sink = nullptr;

        PyObject* py_begin_run(PyObject*, PyObject* args)
        {
            PyObject* ns = nullptr;
            const char* cell_id = "cell";
            int count = 0;
            if (!PyArg_ParseTuple(args, "O!|si", &namespace_type, &ns, &cell_id, &count))
            {
                return nullptr;
            }
            try
            {
                own_engine().begin_run(cell_id, count);
            }
            catch (const std::exception& e)
            {
                PyErr_SetString(PyExc_RuntimeError, e.what());
                return nullptr;
            }
            previous_sink = current_sink();
            set_sink(&own_engine());
            begin_run(ns);
            Py_RETURN_NONE;
        }

        PyObject* py_end_run(PyObject*, PyObject*)
        {
            end_run();
            if (own_engine().running())
            {
                own_engine().end_run();
            }
            set_sink(previous_sink);
            std::string state = own_engine().to_json().dump();
            return PyUnicode_FromStringAndSize(state.data(), static_cast<Py_ssize_t>(state.size()));
        }

        // The floor of the alternative to the call wrapper: a C profile
        // function that returns at once (benchmarks only).
        int profile_nothing(PyObject*, PyFrameObject*, int, PyObject*)
        {
            return 0;
        }

        PyObject* py_profile_floor(PyObject*, PyObject* on)
        {
            PyEval_SetProfile(PyObject_IsTrue(on) ? profile_nothing : nullptr, nullptr);
            Py_RETURN_NONE;
        }

        PyObject* py_set_enabled(PyObject*, PyObject* on)
        {
            int truth = PyObject_IsTrue(on);
            if (truth < 0)
            {
                return nullptr;
            }
            set_enabled(truth != 0);
            Py_RETURN_NONE;
        }

        PyObject* py_pause_reads(PyObject*, PyObject* on)
        {
            int truth = PyObject_IsTrue(on);
            if (truth < 0)
            {
                return nullptr;
            }
            bool previous = reads_paused;
            reads_paused = truth != 0;
            return PyBool_FromLong(previous ? 1 : 0);
        }

        PyObject* py_running(PyObject*, PyObject*)
        {
            return PyBool_FromLong(running() ? 1 : 0);
        }

        PyObject* py_run_error(PyObject*, PyObject*)
        {
            return PyUnicode_FromString(run_error());
        }

        PyObject* py_call_depth(PyObject*, PyObject*)
        {
            return PyLong_FromSize_t(tracked_frames());
        }

        // The record of a function's code (what `_with_changes` fills in).
        PyObject* py_record_of(PyObject*, PyObject* func)
        {
            tracked_function* record = record_of_function(func);
            Py_XINCREF(record);
            return reinterpret_cast<PyObject*>(record);
        }

        PyMethodDef module_methods[] = {
            {"track", py_track, METH_O,
             "track(f) -> f tracked: calls of f are recorded, and the globals it reads.\n\n"
             "Works on functions and classes (their methods, nested classes included)."},
            {"_statement_begin", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(py_statement_begin)),
             METH_FASTCALL, "_statement_begin([code, [forms, [bindings]]]): a top-level statement of the running cell starts."},
            {"_statement_end", py_statement_end, METH_NOARGS, "The top-level statement ended."},
            {"_set_tracer", py_set_tracer, METH_O, "Sets the active Tracer; returns the previous one."},
            {"_call_depth", py_call_depth, METH_NOARGS, "Notebook functions running in this thread."},
            {"_record_of", py_record_of, METH_O, "_record_of(f): the record of f's code, which calls are attributed to."},
            {"_begin_run", py_begin_run, METH_VARARGS,
             "_begin_run(ns, cell_id='cell', execution_count=0): record a run in ns (outside the kernel)."},
            {"_end_run", py_end_run, METH_NOARGS, "End the run; returns the engine's state JSON (outside the kernel)."},
            {"_set_enabled", py_set_enabled, METH_O, "`%deps off` (False) / `on` (True): record nothing, call through."},
            {"_pause_reads", py_pause_reads, METH_O,
             "True: reads of globals are not recorded (writes still are) until False; returns the previous setting."},
            {"_running", py_running, METH_NOARGS, "True while a run is open."},
            {"_run_error", py_run_error, METH_NOARGS, "Why recording stopped during the last run ('' when it did not)."},
            {"_profile_floor", py_profile_floor, METH_O, "Install (True) or remove a C profile function that does nothing."},
            {nullptr, nullptr, 0, nullptr}};

        PyModuleDef module_def = {PyModuleDef_HEAD_INIT, "xdeps",
                                  "Dependency tracking of Python function calls: the seed API (track, Tracer)\n"
                                  "and the tracked namespace of the xdeps kernel.",
                                  -1, module_methods};

        const char* tracer_source = R"python(
class Tracer:
    """Records, in order, the calls between tracked functions as
    (caller module, caller qualname, callee module, callee qualname) and the
    globals they read as (module, qualname, {name: value}), in `graph`."""

    def __init__(self):
        self.graph = []
        self._previous = None

    def __enter__(self):
        self._previous = _set_tracer(self)
        return self

    def __exit__(self, *exc):
        _set_tracer(self._previous)
        self._previous = None
        return False
)python";
    }
}

PyMODINIT_FUNC PyInit_xdeps(void)
{
    using namespace xdeps::python;
    namespace_type.tp_base = &PyDict_Type;
    namespace_type.tp_traverse = PyDict_Type.tp_traverse;
    namespace_type.tp_clear = PyDict_Type.tp_clear;
    proxy_namespace_type.tp_base = &PyDict_Type;
    if (PyType_Ready(&namespace_type) < 0 || PyType_Ready(&proxy_namespace_type) < 0
        || PyType_Ready(&tracked_function_type) < 0 || init_code_records() < 0)
    {
        return nullptr;
    }
    PyObject* module = PyModule_Create(&module_def);
    if (module == nullptr)
    {
        return nullptr;
    }
    Py_INCREF(&namespace_type);
    Py_INCREF(&tracked_function_type);
    if (PyModule_AddObject(module, "Namespace", reinterpret_cast<PyObject*>(&namespace_type)) < 0
        || PyModule_AddObject(module, "tracked_function", reinterpret_cast<PyObject*>(&tracked_function_type)) < 0)
    {
        Py_DECREF(module);
        return nullptr;
    }
    PyObject* scope = PyModule_GetDict(module);
    PyObject* builtins = PyEval_GetBuiltins();
    if (PyDict_GetItemString(scope, "__builtins__") == nullptr && builtins != nullptr)
    {
        PyDict_SetItemString(scope, "__builtins__", builtins);
    }
    PyObject* result = PyRun_String(tracer_source, Py_file_input, scope, scope);
    if (result == nullptr)
    {
        Py_DECREF(module);
        return nullptr;
    }
    Py_DECREF(result);
    if (add_mutation_api(module) < 0)
    {
        Py_DECREF(module);
        return nullptr;
    }
    return module;
}
