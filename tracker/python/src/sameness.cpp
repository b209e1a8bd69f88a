// When a rebinding keeps a name's version (docs/semantics.md): the same
// object; equal immutable scalars of the same type; bounded tuples and
// frozensets of such values; functions with identical code, defaults and
// closure values. Anything else re-created counts as different.

#include <Python.h>

#include <cstring>

#include "layer.hpp"

namespace xdeps::python
{
    namespace
    {
        constexpr Py_ssize_t max_items = 256;
        constexpr int max_depth = 8;

        bool same(PyObject* a, PyObject* b, int depth);

        bool is_scalar_type(PyTypeObject* t)
        {
            return t == &PyLong_Type || t == &PyFloat_Type || t == &PyUnicode_Type || t == &PyBytes_Type
                || t == &PyBool_Type || t == &PyComplex_Type || t == Py_TYPE(Py_None);
        }

        bool equal(PyObject* a, PyObject* b)
        {
            int result = PyObject_RichCompareBool(a, b, Py_EQ);
            if (result < 0)
            {
                PyErr_Clear();
                return false;
            }
            return result == 1;
        }

        bool same_scalar(PyObject* a, PyObject* b)
        {
            if (PyFloat_CheckExact(a))
            {
                // NaN is not equal to itself but is the same value; 0.0 and -0.0 differ.
                double x = PyFloat_AS_DOUBLE(a);
                double y = PyFloat_AS_DOUBLE(b);
                return std::memcmp(&x, &y, sizeof(double)) == 0;
            }
            return equal(a, b);
        }

        bool same_tuple(PyObject* a, PyObject* b, int depth)
        {
            Py_ssize_t n = PyTuple_GET_SIZE(a);
            if (n != PyTuple_GET_SIZE(b) || n > max_items)
            {
                return false;
            }
            for (Py_ssize_t i = 0; i < n; ++i)
            {
                if (!same(PyTuple_GET_ITEM(a, i), PyTuple_GET_ITEM(b, i), depth + 1))
                {
                    return false;
                }
            }
            return true;
        }

        bool same_frozenset(PyObject* a, PyObject* b)
        {
            Py_ssize_t n = PySet_GET_SIZE(a);
            if (n != PySet_GET_SIZE(b) || n > max_items)
            {
                return false;
            }
            // Only sets of scalars, whose equality is the value's.
            PyObject* iterator = PyObject_GetIter(a);
            if (iterator == nullptr)
            {
                PyErr_Clear();
                return false;
            }
            bool scalars = true;
            while (PyObject* item = PyIter_Next(iterator))
            {
                scalars = scalars && is_scalar_type(Py_TYPE(item)) && !PyFloat_CheckExact(item);
                Py_DECREF(item);
            }
            Py_DECREF(iterator);
            PyErr_Clear();
            return scalars && equal(a, b);
        }

        bool same_optional(PyObject* a, PyObject* b, int depth)
        {
            if (a == nullptr || b == nullptr)
            {
                return a == b;
            }
            return same(a, b, depth + 1);
        }

        bool same_closure(PyObject* a, PyObject* b, int depth)
        {
            if (a == nullptr || b == nullptr)
            {
                return a == b;
            }
            Py_ssize_t n = PyTuple_GET_SIZE(a);
            if (n != PyTuple_GET_SIZE(b))
            {
                return false;
            }
            for (Py_ssize_t i = 0; i < n; ++i)
            {
                PyObject* x = PyCell_GET(PyTuple_GET_ITEM(a, i));
                PyObject* y = PyCell_GET(PyTuple_GET_ITEM(b, i));
                if (!same_optional(x, y, depth))
                {
                    return false;
                }
            }
            return true;
        }

        bool same_function(PyObject* a, PyObject* b, int depth)
        {
            if (PyFunction_GET_GLOBALS(a) != PyFunction_GET_GLOBALS(b))
            {
                return false;
            }
            // Code objects compare bytecode, constants, names, flags and lines.
            if (!equal(PyFunction_GET_CODE(a), PyFunction_GET_CODE(b)))
            {
                return false;
            }
            return same_optional(PyFunction_GET_DEFAULTS(a), PyFunction_GET_DEFAULTS(b), depth)
                && same_optional(PyFunction_GET_KW_DEFAULTS(a), PyFunction_GET_KW_DEFAULTS(b), depth)
                && same_closure(PyFunction_GET_CLOSURE(a), PyFunction_GET_CLOSURE(b), depth);
        }

        bool same_dict_of_scalars(PyObject* a, PyObject* b, int depth)
        {
            // kw-defaults are dicts: same keys, same values.
            if (PyDict_GET_SIZE(a) != PyDict_GET_SIZE(b) || PyDict_GET_SIZE(a) > max_items)
            {
                return false;
            }
            Py_ssize_t pos = 0;
            PyObject* key;
            PyObject* value;
            while (PyDict_Next(a, &pos, &key, &value))
            {
                PyObject* other = PyDict_GetItemWithError(b, key);
                if (other == nullptr)
                {
                    PyErr_Clear();
                    return false;
                }
                if (!same(value, other, depth + 1))
                {
                    return false;
                }
            }
            return true;
        }

        bool same(PyObject* a, PyObject* b, int depth)
        {
            if (a == b)
            {
                return true;
            }
            if (depth > max_depth || Py_TYPE(a) != Py_TYPE(b))
            {
                return false;
            }
            PyTypeObject* t = Py_TYPE(a);
            if (is_scalar_type(t))
            {
                return same_scalar(a, b);
            }
            if (t == &PyTuple_Type)
            {
                return same_tuple(a, b, depth);
            }
            if (t == &PyFrozenSet_Type)
            {
                return same_frozenset(a, b);
            }
            if (t == &tracked_function_type)
            {
                return same(reinterpret_cast<tracked_function*>(a)->func,
                            reinterpret_cast<tracked_function*>(b)->func, depth + 1);
            }
            if (t == &PyFunction_Type)
            {
                return same_function(a, b, depth);
            }
            if (t == &PyDict_Type && depth > 0)
            {
                return same_dict_of_scalars(a, b, depth);
            }
            return false;
        }
    }

    bool same_value(PyObject* a, PyObject* b)
    {
        bool result = same(a, b, 0);
        if (PyErr_Occurred())
        {
            PyErr_Clear();
        }
        return result;
    }
}
