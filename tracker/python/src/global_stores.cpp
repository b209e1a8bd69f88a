// The bytecode scanner behind `global` statements: the names a code object
// binds or deletes with STORE_GLOBAL / DELETE_GLOBAL, writes that bypass the
// namespace and are watched by the recorder instead.

#include <opcode.h>

#include "layer.hpp"

namespace xdeps::python
{
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
            // Read from the code object itself: it runs for every top-level
            // statement, and looking the attributes up by name costs more
            // than the scan (the bytes are cached by CPython).
            auto* fields = reinterpret_cast<PyCodeObject*>(code);
            PyObject* bytes = PyCode_GetCode(fields);
            PyObject* names = fields->co_names;
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
            PyObject* consts = fields->co_consts;
            if (nested_levels > 0 && consts != nullptr && PyTuple_Check(consts))
            {
                for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(consts); ++i)
                {
                    collect_global_stores(PyTuple_GET_ITEM(consts, i), nested_levels - 1, found);
                }
            }
            PyErr_Clear();
        }
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
}
