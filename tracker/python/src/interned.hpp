#ifndef XDEPS_PYTHON_INTERNED_HPP
#define XDEPS_PYTHON_INTERNED_HPP

// Attribute and key names the layer looks up on every statement, made once
// and interned: a name built from a C string at each lookup costs its
// decoding and hashing, and a name that is not interned misses CPython's
// cache of type attributes (every lookup then walks the class's MRO).

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
}

#endif
