// When a rebinding keeps a name's version (docs/semantics.md): the same
// object; equal immutable scalars of the same type; tuples, lists, dicts,
// sets and frozensets of such values; numpy arrays with the same dtype,
// shape and bytes; pandas DataFrames and Series with the same labels, dtypes
// and values; functions with identical code, defaults and closure values.
// Comparisons are bounded (items and depth) and never call user code: only
// the types named here are looked into, by their exact type. Anything else
// re-created counts as different.

#include <Python.h>

#include <cstring>
#include <string>

#include "interned.hpp"
#include "layer.hpp"

namespace xdeps::python
{
    namespace
    {
        constexpr int max_depth = 8;
        // Items, elements and array values one comparison may look at, all
        // levels together; past it, values are different. Keeps a rebinding's
        // check to a millisecond or two (docs/tracing.md).
        constexpr Py_ssize_t max_compared = 100000;
        constexpr Py_ssize_t max_array_bytes = 8 << 20;

        // What the comparison in progress may still look at (GIL held).
        Py_ssize_t budget = 0;

        bool spend(Py_ssize_t n)
        {
            if (n > budget)
            {
                budget = 0;
                return false;
            }
            budget -= n;
            return true;
        }

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
            if (n != PyTuple_GET_SIZE(b) || !spend(n))
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

        bool same_list(PyObject* a, PyObject* b, int depth)
        {
            Py_ssize_t n = PyList_GET_SIZE(a);
            if (n != PyList_GET_SIZE(b) || !spend(n))
            {
                return false;
            }
            // No user code runs here, so neither list can change meanwhile.
            for (Py_ssize_t i = 0; i < n; ++i)
            {
                if (!same(PyList_GET_ITEM(a, i), PyList_GET_ITEM(b, i), depth + 1))
                {
                    return false;
                }
            }
            return true;
        }

        // Dicts in the same order with keys and values the same: order is
        // visible (`list(d)`), and walking both avoids hashing user keys.
        bool same_dict(PyObject* a, PyObject* b, int depth)
        {
            Py_ssize_t n = PyDict_GET_SIZE(a);
            if (n != PyDict_GET_SIZE(b) || !spend(n))
            {
                return false;
            }
            Py_ssize_t pos_a = 0;
            Py_ssize_t pos_b = 0;
            PyObject* key_a;
            PyObject* key_b;
            PyObject* value_a;
            PyObject* value_b;
            while (PyDict_Next(a, &pos_a, &key_a, &value_a))
            {
                if (!PyDict_Next(b, &pos_b, &key_b, &value_b) || !same(key_a, key_b, depth + 1)
                    || !same(value_a, value_b, depth + 1))
                {
                    return false;
                }
            }
            return true;
        }

        // Sets and frozensets of scalars other than floats, whose hashing
        // and equality are the values' own.
        bool same_set(PyObject* a, PyObject* b)
        {
            Py_ssize_t n = PySet_GET_SIZE(a);
            if (n != PySet_GET_SIZE(b) || !spend(n))
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


        // The library classes whose values are compared by their data
        // (interned.hpp): every rebinding of a value asks for them.
        PyObject* ndarray_class = nullptr;
        PyObject* frame_class = nullptr;
        PyObject* series_class = nullptr;

        PyObject* attribute(PyObject* o, const char* name)
        {
            PyObject* value = PyObject_GetAttrString(o, name);
            if (value == nullptr)
            {
                PyErr_Clear();
            }
            return value;
        }

        // A numpy array's contents, bit for bit (as floats are: NaN is the
        // same as NaN, 0.0 and -0.0 differ), when the dtype holds no Python
        // objects and both lay their bytes out alike.
        bool same_array_bytes(PyObject* a, PyObject* b)
        {
            Py_buffer x;
            Py_buffer y;
            if (PyObject_GetBuffer(a, &x, PyBUF_RECORDS_RO) != 0)
            {
                PyErr_Clear();
                return false;
            }
            if (PyObject_GetBuffer(b, &y, PyBUF_RECORDS_RO) != 0)
            {
                PyErr_Clear();
                PyBuffer_Release(&x);
                return false;
            }
            bool alike = x.len == y.len && x.len <= max_array_bytes
                && ((PyBuffer_IsContiguous(&x, 'C') && PyBuffer_IsContiguous(&y, 'C'))
                    || (PyBuffer_IsContiguous(&x, 'F') && PyBuffer_IsContiguous(&y, 'F')));
            bool result = alike && std::memcmp(x.buf, y.buf, static_cast<std::size_t>(x.len)) == 0;
            PyBuffer_Release(&x);
            PyBuffer_Release(&y);
            return result;
        }

        bool same_array(PyObject* a, PyObject* b)
        {
            PyObject* dtype_a = attribute(a, "dtype");
            PyObject* dtype_b = attribute(b, "dtype");
            PyObject* kind = dtype_a != nullptr ? attribute(dtype_a, "kind") : nullptr;
            PyObject* shape_a = attribute(a, "shape");
            PyObject* shape_b = attribute(b, "shape");
            PyObject* size = attribute(a, "size");
            bool result = false;
            if (dtype_b != nullptr && kind != nullptr && shape_a != nullptr && shape_b != nullptr && size != nullptr
                && PyUnicode_Check(kind) && PyLong_Check(size) && equal(dtype_a, dtype_b) && equal(shape_a, shape_b)
                && spend(PyLong_AsSsize_t(size)))
            {
                std::string k = PyUnicode_AsUTF8(kind);
                if (k == "m" || k == "M")
                {
                    // datetimes export no buffer: their int64 view does.
                    PyObject* view_a = PyObject_CallMethod(a, "view", "s", "i8");
                    PyObject* view_b = view_a != nullptr ? PyObject_CallMethod(b, "view", "s", "i8") : nullptr;
                    result = view_b != nullptr && same_array_bytes(view_a, view_b);
                    Py_XDECREF(view_a);
                    Py_XDECREF(view_b);
                }
                else if (k.size() == 1 && std::strchr("biufcSU", k[0]) != nullptr)
                {
                    result = same_array_bytes(a, b);
                }
            }
            Py_XDECREF(dtype_a);
            Py_XDECREF(dtype_b);
            Py_XDECREF(kind);
            Py_XDECREF(shape_a);
            Py_XDECREF(shape_b);
            Py_XDECREF(size);
            PyErr_Clear();
            return result;
        }

        // Takes a DataFrame or Series apart into pairs of labels and values
        // (numpy arrays, lists of Python objects) to compare by the rule;
        // None when they cannot be the same or hold what is not compared
        // (extension dtypes, MultiIndex, attrs). Only pandas' own code runs.
        const char* const pandas_parts_source = R"python(
import sys

def _values(x, y):
    np = sys.modules["numpy"]
    dx, dy = x.dtype, y.dtype
    if not isinstance(dx, np.dtype) or not isinstance(dy, np.dtype) or dx != dy:
        return None
    if dx.kind == "O":
        return [(x.tolist(), y.tolist())]
    return [(x.to_numpy(), y.to_numpy())]

def _index(x, y):
    pd = sys.modules["pandas"]
    t = type(x)
    if t is not type(y) or not t.__module__.startswith("pandas.core.indexes.") or t in (
            pd.MultiIndex, pd.CategoricalIndex, pd.IntervalIndex, pd.PeriodIndex):
        return None
    found = [(tuple(x.names), tuple(y.names))]
    if t is pd.RangeIndex:
        return found + [((x.start, x.stop, x.step), (y.start, y.stop, y.step))]
    if hasattr(x, "freq"):
        found.append((x.freqstr, y.freqstr))
    values = _values(x, y)
    return None if values is None else found + values

def parts(a, b, limit):
    pd = sys.modules.get("pandas")
    if pd is None or type(a) not in (pd.DataFrame, pd.Series) or a.shape != b.shape or a.size > limit:
        return None
    if a.attrs or b.attrs or a.flags.allows_duplicate_labels != b.flags.allows_duplicate_labels:
        return None
    found = _index(a.index, b.index)
    if found is None:
        return None
    if type(a) is pd.Series:
        values = _values(a, b)
        return None if values is None else found + [(a.name, b.name)] + values
    columns = _index(a.columns, b.columns)
    if columns is None:
        return None
    found += columns
    for (_, x), (_, y) in zip(a.items(), b.items()):
        values = _values(x, y)
        if values is None:
            return None
        found += values
    return found
)python";

        PyObject* pandas_parts_function()
        {
            static PyObject* function = nullptr;
            if (function == nullptr)
            {
                PyObject* scope = PyDict_New();
                if (scope == nullptr || PyDict_SetItemString(scope, "__builtins__", PyEval_GetBuiltins()) != 0)
                {
                    Py_XDECREF(scope);
                    return nullptr;
                }
                PyObject* ran = PyRun_String(pandas_parts_source, Py_file_input, scope, scope);
                Py_XDECREF(ran);
                if (ran != nullptr)
                {
                    function = PyDict_GetItemString(scope, "parts");
                    Py_XINCREF(function);
                }
                Py_DECREF(scope);
            }
            return function;
        }

        bool same_pandas(PyObject* a, PyObject* b, int depth)
        {
            PyObject* parts_of = pandas_parts_function();
            PyObject* parts = parts_of != nullptr ? PyObject_CallFunction(parts_of, "OOn", a, b, budget) : nullptr;
            bool result = parts != nullptr && PyList_Check(parts);
            for (Py_ssize_t i = 0; result && i < PyList_GET_SIZE(parts); ++i)
            {
                PyObject* pair = PyList_GET_ITEM(parts, i);
                result = PyTuple_Check(pair) && PyTuple_GET_SIZE(pair) == 2
                    && same(PyTuple_GET_ITEM(pair, 0), PyTuple_GET_ITEM(pair, 1), depth + 1);
            }
            Py_XDECREF(parts);
            PyErr_Clear();
            return result;
        }

        // Rebuilt numpy and pandas data, by exact type.
        bool same_data(PyObject* a, PyObject* b, int depth)
        {
            PyObject* t = reinterpret_cast<PyObject*>(Py_TYPE(a));
            if (t == library_class(ndarray_class, "numpy", "ndarray"))
            {
                return same_array(a, b);
            }
            if (t == library_class(frame_class, "pandas", "DataFrame")
                || t == library_class(series_class, "pandas", "Series"))
            {
                return same_pandas(a, b, depth);
            }
            return false;
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
            if (t == &PyList_Type)
            {
                return same_list(a, b, depth);
            }
            if (t == &PyDict_Type)
            {
                return same_dict(a, b, depth);
            }
            if (t == &PyFrozenSet_Type || t == &PySet_Type)
            {
                return same_set(a, b);
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
            return same_data(a, b, depth);
        }
    }

    bool same_value(PyObject* a, PyObject* b)
    {
        budget = max_compared;
        bool result = same(a, b, 0);
        if (PyErr_Occurred())
        {
            PyErr_Clear();
        }
        return result;
    }
}
