#ifndef XDEPS_PYTHON_INTERNED_HPP
#define XDEPS_PYTHON_INTERNED_HPP

// Attribute and key names the layer looks up on every statement, made once
// and interned: a name built from a C string at each lookup costs its
// decoding and hashing, and a name that is not interned misses CPython's
// cache of type attributes (every lookup then walks the class's MRO). The
// library classes it compares values with are found once too.

#include <Python.h>

namespace xdeps::python
{
    // `cache` holds the name (strong, for the life of the process); null
    // only when it could not be made (no memory).
    inline PyObject* interned_name(PyObject*& cache, const char* text)
    {
        if (cache == nullptr)
        {
            cache = PyUnicode_InternFromString(text);
        }
        return cache;
    }

    // A class of a module the user's code imported (never imported here),
    // kept in `cache` once found: a library class lives as long as its
    // module. Null while the module is not loaded.
    inline PyObject* library_class(PyObject*& cache, const char* module, const char* name)
    {
        if (cache == nullptr)
        {
            PyObject* m = PyDict_GetItemString(PyImport_GetModuleDict(), module);
            if (m != nullptr)
            {
                PyObject* cls = PyObject_GetAttrString(m, name);
                if (cls != nullptr && PyType_Check(cls))
                {
                    cache = cls;
                }
                else
                {
                    Py_XDECREF(cls);
                }
                PyErr_Clear();
            }
        }
        return cache;
    }
}

#endif
