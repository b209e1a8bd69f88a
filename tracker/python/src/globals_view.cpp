// xdeps._GlobalsView: the namespace of a function tracked in plain Python,
// and the bracketing of its calls that moves what a `global` statement
// stores to the module's real globals.

#include <Python.h>

#include <utility>
#include <vector>

#include "layer.hpp"

namespace xdeps::python
{
    namespace
    {
        int proxy_ass_subscript(PyObject* self, PyObject* key, PyObject* value)
        {
            PyObject* real = reinterpret_cast<proxy_namespace*>(self)->real;
            if (value == nullptr)
            {
                return PyObject_DelItem(real, key);
            }
            return PyObject_SetItem(real, key, value);
        }

        PyObject* proxy_get(PyObject* self, PyObject* args)
        {
            PyObject* key = nullptr;
            PyObject* fallback = Py_None;
            if (!PyArg_ParseTuple(args, "O|O", &key, &fallback))
            {
                return nullptr;
            }
            PyObject* value = proxy_subscript(self, key);
            if (value == nullptr && PyErr_ExceptionMatches(PyExc_KeyError))
            {
                PyErr_Clear();
                Py_INCREF(fallback);
                return fallback;
            }
            return value;
        }

        int proxy_contains(PyObject* self, PyObject* key)
        {
            int found = PyDict_Contains(self, key);
            return found != 0 ? found : PyDict_Contains(reinterpret_cast<proxy_namespace*>(self)->real, key);
        }

        int proxy_traverse(PyObject* self, visitproc visit, void* arg)
        {
            Py_VISIT(reinterpret_cast<proxy_namespace*>(self)->real);
            return PyDict_Type.tp_traverse(self, visit, arg);
        }

        int proxy_clear(PyObject* self)
        {
            Py_CLEAR(reinterpret_cast<proxy_namespace*>(self)->real);
            return PyDict_Type.tp_clear(self);
        }

        void proxy_dealloc(PyObject* self)
        {
            PyObject_GC_UnTrack(self);
            Py_CLEAR(reinterpret_cast<proxy_namespace*>(self)->real);
            PyDict_Type.tp_dealloc(self);
        }

        PyMethodDef proxy_methods[] = {
            {"get", proxy_get, METH_VARARGS, nullptr},
            {nullptr, nullptr, 0, nullptr}};

        PyMappingMethods proxy_mapping = {nullptr, proxy_subscript, proxy_ass_subscript};
        PySequenceMethods proxy_sequence = {};
    }

    PyTypeObject proxy_namespace_type = [] {
        PyTypeObject t{PyVarObject_HEAD_INIT(nullptr, 0)};
        t.tp_name = "xdeps._GlobalsView";
        t.tp_basicsize = sizeof(proxy_namespace);
        t.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_DICT_SUBCLASS;
        t.tp_doc = "The globals of a function tracked outside the kernel: a view of its module's globals.";
        t.tp_as_mapping = &proxy_mapping;
        proxy_sequence.sq_contains = proxy_contains;
        t.tp_as_sequence = &proxy_sequence;
        t.tp_methods = proxy_methods;
        t.tp_traverse = proxy_traverse;
        t.tp_clear = proxy_clear;
        t.tp_dealloc = proxy_dealloc;
        return t;
    }();

    // One view per module dict, shared by every function `track` copies
    // from it: what one tracked function stores with `global` the others
    // read at once. Views live as long as the process, like modules.
    PyObject* new_globals_view(PyObject* real)
    {
        static PyObject* views = nullptr;  // id(real) -> view (which holds real)
        if (views == nullptr && (views = PyDict_New()) == nullptr)
        {
            return nullptr;
        }
        PyObject* id = PyLong_FromVoidPtr(real);
        if (id == nullptr)
        {
            return nullptr;
        }
        PyObject* view = PyDict_GetItemWithError(views, id);
        if (view != nullptr || PyErr_Occurred())
        {
            Py_XINCREF(view);
            Py_DECREF(id);
            return view;
        }
        view = PyObject_CallNoArgs(reinterpret_cast<PyObject*>(&proxy_namespace_type));
        if (view != nullptr)
        {
            Py_INCREF(real);
            reinterpret_cast<proxy_namespace*>(view)->real = real;
            if (PyDict_SetItem(views, id, view) < 0)
            {
                Py_CLEAR(view);
            }
        }
        Py_DECREF(id);
        return view;
    }

    // Before a call: the names the function stores or deletes with `global`
    // get their real binding in the view, so that `del` finds them; what
    // they were is kept in `before`.
    int prepare_globals_view(PyObject* view, PyObject* names, std::vector<std::pair<PyObject*, PyObject*>>& before)
    {
        PyObject* real = reinterpret_cast<proxy_namespace*>(view)->real;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); ++i)
        {
            PyObject* name = PyTuple_GET_ITEM(names, i);
            int present = PyDict_Contains(view, name);
            if (present != 0)
            {
                if (present < 0)
                {
                    return -1;
                }
                continue;
            }
            PyObject* value = PyDict_GetItemWithError(real, name);
            if (value == nullptr)
            {
                if (PyErr_Occurred())
                {
                    return -1;
                }
                continue;
            }
            if (PyDict_SetItem(view, name, value) < 0)
            {
                return -1;
            }
            Py_INCREF(name);
            Py_INCREF(value);
            before.emplace_back(name, value);
        }
        return 0;
    }

    // After a call: a prepared name gone from the view was deleted (deleted
    // from the real globals too, if they still hold what it was); one still
    // bound to what it was leaves the view, so nothing stale is written back.
    // When the outermost tracked call returns, what remains in the view is
    // moved to the real globals.
    int finish_globals_view(PyObject* view, std::vector<std::pair<PyObject*, PyObject*>>& before, bool outermost)
    {
        PyObject* real = reinterpret_cast<proxy_namespace*>(view)->real;
        int status = 0;
        for (auto& [name, value] : before)
        {
            if (status == 0)
            {
                PyObject* now = PyDict_GetItemWithError(view, name);
                if (now == value)
                {
                    status = PyDict_DelItem(view, name);
                }
                else if (now == nullptr && !PyErr_Occurred())
                {
                    PyObject* real_now = PyDict_GetItemWithError(real, name);
                    if (real_now == value)
                    {
                        status = PyDict_DelItem(real, name);
                    }
                    else if (real_now == nullptr && PyErr_Occurred())
                    {
                        status = -1;
                    }
                }
                else if (now == nullptr)
                {
                    status = -1;
                }
            }
            Py_DECREF(name);
            Py_DECREF(value);
        }
        before.clear();
        if (status == 0 && outermost && PyDict_GET_SIZE(view) != 0)
        {
            status = PyDict_Update(real, view);
            if (status == 0)
            {
                PyDict_Clear(view);
            }
        }
        return status;
    }
}
