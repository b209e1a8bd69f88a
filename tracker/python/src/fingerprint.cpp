// O(1) fingerprints of objects (docs/mutation.md): a dict's version tag, an
// instance __dict__'s, a list's length and sampled items, a numpy array's
// header, a pandas frame's manager, blocks and axes.

#include <Python.h>

#include <cstdint>

#include "fingerprint.hpp"
#include "interned.hpp"
#include "layer.hpp"

namespace xdeps::python
{
    namespace
    {
        // numpy's PyArrayObject, whose layout has been stable since numpy 1.7.
        struct array_fields
        {
            PyObject_HEAD
            char* data;
            int nd;
            Py_ssize_t* dimensions;
            Py_ssize_t* strides;
            PyObject* base;
            PyObject* descr;
            int flags;
        };

        PyObject* ndarray_type = nullptr;
        PyObject* ndframe_type = nullptr;
        PyObject* deque_type = nullptr;

        // Interned names (interned.hpp): looked up on every statement that reads a frame.
        PyObject* mgr_name = nullptr;
        PyObject* blocks_name = nullptr;
        PyObject* axes_name = nullptr;
        PyObject* known_consolidated_name = nullptr;
        PyObject* is_consolidated_name = nullptr;

        PyObject* attribute(PyObject* obj, PyObject*& cache, const char* name)
        {
            PyObject* key = interned_name(cache, name);
            return key != nullptr ? PyObject_GetAttr(obj, key) : nullptr;
        }

        std::uint64_t version_tag(PyObject* dict)
        {
#if PY_VERSION_HEX < 0x030C0000
            _Py_COMP_DIAG_PUSH
            _Py_COMP_DIAG_IGNORE_DEPR_DECLS
            return reinterpret_cast<PyDictObject*>(dict)->ma_version_tag;
            _Py_COMP_DIAG_POP
#else
            // No per-dict version to read: the size, which misses a store.
            return static_cast<std::uint64_t>(PyDict_GET_SIZE(dict));
#endif
        }

        bool is_instance_of(PyObject* obj, PyObject* cls)
        {
            return cls != nullptr && PyObject_TypeCheck(obj, reinterpret_cast<PyTypeObject*>(cls));
        }

        int kind_of(PyObject* v)
        {
            if (PyDict_Check(v))
            {
                return dict_tag;
            }
            if (PyList_Check(v))
            {
                return sampled_list;
            }
            if (PyAnySet_Check(v) || PyByteArray_Check(v))
            {
                return PyFrozenSet_Check(v) ? unwatched : sized;
            }
            if (PyLong_Check(v) || PyFloat_Check(v) || PyUnicode_Check(v) || PyBytes_Check(v) || PyTuple_Check(v)
                || PyComplex_Check(v) || v == Py_None || PyModule_Check(v) || PyType_Check(v) || PyFunction_Check(v)
                || PyCFunction_Check(v) || PyMethod_Check(v) || Py_IS_TYPE(v, &tracked_function_type))
            {
                return unwatched;
            }
            if (is_instance_of(v, library_class(ndarray_type, "numpy", "ndarray")))
            {
                return ndarray;
            }
            if (is_instance_of(v, library_class(ndframe_type, "pandas.core.generic", "NDFrame")))
            {
                return ndframe;
            }
            if (Py_IS_TYPE(v, reinterpret_cast<PyTypeObject*>(library_class(deque_type, "collections", "deque"))))
            {
                return sized;
            }
            return Py_TYPE(v)->tp_dictoffset != 0 ? instance_tag : unwatched;
        }

        // The object's instance dict (made if it keeps its attributes inline).
        PyObject* instance_dict(PyObject* v)
        {
            PyObject** slot = _PyObject_GetDictPtr(v);
            PyErr_Clear();
            return slot != nullptr && *slot != nullptr && PyDict_Check(*slot) ? *slot : nullptr;
        }

        // True when pandas knows the manager is consolidated: only then can
        // no read replace it (reads such as `df.values` consolidate a frame
        // in place, with a new manager and blocks but the same axes).
        bool known_consolidated(PyObject* mgr)
        {
            PyObject* known = attribute(mgr, known_consolidated_name, "_known_consolidated");
            PyObject* is = known != nullptr ? attribute(mgr, is_consolidated_name, "_is_consolidated") : nullptr;
            bool result = known == Py_True && is == Py_True;
            Py_XDECREF(known);
            Py_XDECREF(is);
            PyErr_Clear();
            return result;
        }

        // The identities that change when a pandas object changes shape or
        // columns: its manager and the manager's blocks (None when a read may
        // consolidate them), and its axes.
        PyObject* frame_parts(PyObject* v, bool at_start)
        {
            PyObject* dict = instance_dict(v);
            PyObject* key = interned_name(mgr_name, "_mgr");
            PyObject* mgr = dict != nullptr && key != nullptr ? PyDict_GetItemWithError(dict, key) : nullptr;
            if (mgr == nullptr)
            {
                PyErr_Clear();
                return nullptr;
            }
            PyObject* blocks = attribute(mgr, blocks_name, "blocks");
            PyObject* axes = attribute(mgr, axes_name, "axes");
            PyObject* parts = nullptr;
            if (blocks != nullptr && axes != nullptr && PyList_Check(axes))
            {
                parts = PyTuple_New(2 + PyList_GET_SIZE(axes));
                if (parts != nullptr)
                {
                    bool stable = !at_start || known_consolidated(mgr);
                    PyObject* owner = stable ? mgr : Py_None;
                    PyObject* held = stable ? blocks : Py_None;
                    Py_INCREF(owner);
                    PyTuple_SET_ITEM(parts, 0, owner);
                    Py_INCREF(held);
                    PyTuple_SET_ITEM(parts, 1, held);
                    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(axes); ++i)
                    {
                        PyObject* axis = PyList_GET_ITEM(axes, i);
                        Py_INCREF(axis);
                        PyTuple_SET_ITEM(parts, 2 + i, axis);
                    }
                }
            }
            Py_XDECREF(blocks);
            Py_XDECREF(axes);
            PyErr_Clear();
            return parts;
        }

        void take(PyObject* v, fingerprint& f, bool at_start = true)
        {
            f.a = f.b = 0;
            f.parts = nullptr;
            switch (f.kind)
            {
            case dict_tag:
                f.a = version_tag(v);
                break;
            case instance_tag:
                if (PyObject* dict = instance_dict(v))
                {
                    f.a = reinterpret_cast<std::uintptr_t>(dict);
                    f.b = version_tag(dict);
                }
                break;
            case sampled_list:
            {
                Py_ssize_t n = PyList_GET_SIZE(v);
                f.a = static_cast<std::uint64_t>(n);
                f.b = reinterpret_cast<std::uintptr_t>(reinterpret_cast<PyListObject*>(v)->ob_item);
                if (n > 0)
                {
                    f.b = mix(f.b, reinterpret_cast<std::uintptr_t>(PyList_GET_ITEM(v, 0)));
                    f.b = mix(f.b, reinterpret_cast<std::uintptr_t>(PyList_GET_ITEM(v, n / 2)));
                    f.b = mix(f.b, reinterpret_cast<std::uintptr_t>(PyList_GET_ITEM(v, n - 1)));
                }
                break;
            }
            case sized:
                f.a = static_cast<std::uint64_t>(PyByteArray_Check(v) ? PyByteArray_GET_SIZE(v)
                                                 : PyAnySet_Check(v)  ? PySet_GET_SIZE(v)
                                                                      : Py_SIZE(v));
                f.b = PyByteArray_Check(v) ? reinterpret_cast<std::uintptr_t>(PyByteArray_AS_STRING(v)) : 0;
                break;
            case ndarray:
            {
                auto* array = reinterpret_cast<array_fields*>(v);
                f.a = reinterpret_cast<std::uintptr_t>(array->data);
                f.b = mix(static_cast<std::uint64_t>(array->nd), reinterpret_cast<std::uintptr_t>(array->descr));
                for (int i = 0; i < array->nd && i < 64; ++i)
                {
                    f.b = mix(mix(f.b, static_cast<std::uint64_t>(array->dimensions[i])),
                              static_cast<std::uint64_t>(array->strides[i]));
                }
                break;
            }
            case ndframe:
                f.parts = frame_parts(v, at_start);
                break;
            default:
                break;
            }
        }

        bool same_parts(PyObject* now, PyObject* start)
        {
            if (now == nullptr || start == nullptr)
            {
                return now == start;
            }
            if (PyTuple_GET_SIZE(now) != PyTuple_GET_SIZE(start))
            {
                return false;
            }
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(now); ++i)
            {
                // Manager and blocks not fingerprinted (None) at the start: not compared.
                bool unknown = i < 2 && PyTuple_GET_ITEM(start, i) == Py_None;
                if (!unknown && PyTuple_GET_ITEM(now, i) != PyTuple_GET_ITEM(start, i))
                {
                    return false;
                }
            }
            return true;
        }

        // True when the object no longer matches its fingerprint.
        bool changed(const fingerprint& f)
        {
            fingerprint now{nullptr, nullptr, f.kind, 0, 0, nullptr};
            take(f.value, now, false);
            bool result = now.a != f.a || now.b != f.b || !same_parts(now.parts, f.parts);
            Py_XDECREF(now.parts);
            return result;
        }

    }

    int fingerprint_kind_of(PyObject* v)
    {
        return kind_of(v);
    }

    void take_fingerprint(PyObject* v, fingerprint& f, bool at_start)
    {
        take(v, f, at_start);
    }

    bool fingerprint_changed(const fingerprint& f)
    {
        return changed(f);
    }

    PyObject* object_instance_dict(PyObject* v)
    {
        return instance_dict(v);
    }
}
