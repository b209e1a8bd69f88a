// The module's functions for in-place changes: `_with_changes`, which the
// shell calls on every notebook def, and the layer's fingerprint and
// sameness rules as tests see them.

#include <Python.h>

#include "fingerprint.hpp"
#include "layer.hpp"

namespace xdeps::python
{
    namespace
    {
        PyObject* fingerprint_tuple(const fingerprint& f)
        {
            return Py_BuildValue("(iKKO)", f.kind, static_cast<unsigned long long>(f.a),
                                 static_cast<unsigned long long>(f.b), f.parts != nullptr ? f.parts : Py_None);
        }

        // _fingerprint(obj): the layer's fingerprint of obj, (kind, a, b,
        // parts); equal before and after a statement that did not change it.
        PyObject* py_fingerprint(PyObject*, PyObject* obj)
        {
            fingerprint f{nullptr, obj, fingerprint_kind_of(obj), 0, 0, nullptr};
            take_fingerprint(obj, f);
            PyObject* result = fingerprint_tuple(f);
            Py_XDECREF(f.parts);
            return result;
        }

        // _changed(obj, fingerprint): whether obj no longer matches a
        // fingerprint taken of it earlier, as at a statement's end.
        PyObject* py_changed(PyObject*, PyObject* args)
        {
            PyObject* obj;
            fingerprint f{nullptr, nullptr, 0, 0, 0, nullptr};
            unsigned long long a = 0, b = 0;
            PyObject* parts = nullptr;
            if (!PyArg_ParseTuple(args, "O(iKKO)", &obj, &f.kind, &a, &b, &parts))
            {
                return nullptr;
            }
            f.value = obj;
            f.a = a;
            f.b = b;
            f.parts = PyTuple_Check(parts) ? parts : nullptr;
            return PyBool_FromLong(fingerprint_changed(f) ? 1 : 0);
        }

        // _with_changes(tracked, forms, parameter names): the forms by which
        // a notebook function may change globals or its parameters.
        PyObject* py_with_changes(PyObject*, PyObject* args)
        {
            PyObject *tracked, *forms, *names;
            if (!PyArg_ParseTuple(args, "OO!O!", &tracked, &PyTuple_Type, &forms, &PyTuple_Type, &names))
            {
                return nullptr;
            }
            if (!Py_IS_TYPE(tracked, &tracked_function_type))
            {
                Py_INCREF(tracked);
                return tracked;
            }
            auto* t = reinterpret_cast<tracked_function*>(tracked);
            PyObject* positions = PyList_New(0);
            if (positions == nullptr)
            {
                return nullptr;
            }
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(forms); ++i)
            {
                PyObject* form = PyTuple_GET_ITEM(forms, i);
                Py_ssize_t at = PyTuple_Check(form) && PyTuple_GET_SIZE(form) > 2
                                    && PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(form, 0), "arg") == 0 ? 2 : 1;
                PyObject* root = PyTuple_Check(form) && PyTuple_GET_SIZE(form) > at ? PyTuple_GET_ITEM(form, at) : nullptr;
                if (root != nullptr && PyLong_Check(root) && PySequence_Contains(positions, root) == 0)
                {
                    PyList_Append(positions, root);
                }
            }
            Py_INCREF(forms);
            Py_XSETREF(t->changes, forms);
            Py_INCREF(names);
            Py_XSETREF(t->param_names, names);
            Py_XSETREF(t->changed_params, PyList_GET_SIZE(positions) > 0 ? PyList_AsTuple(positions) : nullptr);
            t->only_changed_param = PyList_GET_SIZE(positions) == 1 ? PyLong_AsSsize_t(PyList_GET_ITEM(positions, 0)) : -1;
            t->last_passed = nullptr;
            Py_DECREF(positions);
            Py_INCREF(tracked);
            return tracked;
        }

        PyObject* py_same(PyObject*, PyObject* args)
        {
            PyObject *a, *b;
            if (!PyArg_ParseTuple(args, "OO", &a, &b))
            {
                return nullptr;
            }
            return PyBool_FromLong(same_value(a, b) ? 1 : 0);
        }
    }

    PyMethodDef mutation_methods[] = {
        {"_fingerprint", py_fingerprint, METH_O, "The layer's O(1) fingerprint of an object (tests)."},
        {"_changed", py_changed, METH_VARARGS, "_changed(obj, fingerprint): obj no longer matches it (tests)."},
        {"_with_changes", py_with_changes, METH_VARARGS,
         "_with_changes(tracked, forms, parameter names) -> tracked: what the function may change in place."},
        {"_same", py_same, METH_VARARGS, "_same(a, b): the sameness rule of docs/semantics.md."},
        {nullptr, nullptr, 0, nullptr}};
}
