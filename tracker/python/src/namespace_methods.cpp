// xdeps.Namespace's dict methods that bind or delete names (update,
// setdefault, pop, popitem, clear): each reports the keys it touches
// before calling dict's own.

#include <Python.h>

#include "layer.hpp"

namespace xdeps::python
{
    namespace
    {
        PyObject* dict_method(const char* name)
        {
            return PyObject_GetAttrString(reinterpret_cast<PyObject*>(&PyDict_Type), name);
        }

        // Dict methods that bind or delete names report the keys they touch.
        void note_keys_of(PyObject* self, PyObject* keys)
        {
            PyObject* iterator = PyObject_GetIter(keys);
            if (iterator == nullptr)
            {
                PyErr_Clear();
                return;
            }
            while (PyObject* key = PyIter_Next(iterator))
            {
                note_write(self, key);
                Py_DECREF(key);
            }
            Py_DECREF(iterator);
            PyErr_Clear();
        }

        PyObject* call_dict_method(const char* name, PyObject* self, PyObject* args, PyObject* kwargs)
        {
            PyObject* method = dict_method(name);
            if (method == nullptr)
            {
                return nullptr;
            }
            Py_ssize_t n = args ? PyTuple_GET_SIZE(args) : 0;
            PyObject* full = PyTuple_New(n + 1);
            Py_INCREF(self);
            PyTuple_SET_ITEM(full, 0, self);
            for (Py_ssize_t i = 0; i < n; ++i)
            {
                PyObject* item = PyTuple_GET_ITEM(args, i);
                Py_INCREF(item);
                PyTuple_SET_ITEM(full, i + 1, item);
            }
            PyObject* result = PyObject_Call(method, full, kwargs);
            Py_DECREF(full);
            Py_DECREF(method);
            return result;
        }

        PyObject* ns_update(PyObject* self, PyObject* args, PyObject* kwargs)
        {
            if (!recording_in(self))
            {
                return call_dict_method("update", self, args, kwargs);
            }
            PyObject* materialized = nullptr;
            if (args != nullptr && PyTuple_GET_SIZE(args) == 1)
            {
                PyObject* other = PyTuple_GET_ITEM(args, 0);
                if (PyDict_Check(other) || PyObject_HasAttrString(other, "keys"))
                {
                    PyObject* keys = PyObject_CallMethod(other, "keys", nullptr);
                    if (keys != nullptr)
                    {
                        note_keys_of(self, keys);
                        Py_DECREF(keys);
                    }
                    PyErr_Clear();
                }
                else
                {
                    // Pairs: read them once, so an iterator is not consumed twice.
                    PyObject* pairs = PySequence_List(other);
                    if (pairs == nullptr)
                    {
                        return nullptr;
                    }
                    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(pairs); ++i)
                    {
                        PyObject* pair = PyList_GET_ITEM(pairs, i);
                        if (PySequence_Check(pair) && PySequence_Size(pair) == 2)
                        {
                            PyObject* key = PySequence_GetItem(pair, 0);
                            if (key != nullptr)
                            {
                                note_write(self, key);
                                Py_DECREF(key);
                            }
                        }
                        PyErr_Clear();
                    }
                    materialized = PyTuple_Pack(1, pairs);
                    Py_DECREF(pairs);
                }
            }
            if (kwargs != nullptr)
            {
                note_keys_of(self, kwargs);
            }
            PyObject* result = call_dict_method("update", self, materialized ? materialized : args, kwargs);
            Py_XDECREF(materialized);
            return result;
        }

        PyObject* ns_setdefault(PyObject* self, PyObject* args, PyObject* kwargs)
        {
            if (recording_in(self) && args != nullptr && PyTuple_GET_SIZE(args) >= 1)
            {
                PyObject* key = PyTuple_GET_ITEM(args, 0);
                int present = PyDict_Contains(self, key);
                if (present == 0)
                {
                    note_write(self, key);
                }
                PyErr_Clear();
            }
            return call_dict_method("setdefault", self, args, kwargs);
        }

        PyObject* ns_pop(PyObject* self, PyObject* args, PyObject* kwargs)
        {
            if (recording_in(self) && args != nullptr && PyTuple_GET_SIZE(args) >= 1)
            {
                note_write(self, PyTuple_GET_ITEM(args, 0));
            }
            return call_dict_method("pop", self, args, kwargs);
        }

        PyObject* ns_popitem(PyObject* self, PyObject* args, PyObject* kwargs)
        {
            PyObject* item = call_dict_method("popitem", self, args, kwargs);
            if (item != nullptr && recording_in(self))
            {
                // Already gone: record it as bound before, unbound now.
                PyObject* key = PyTuple_GET_ITEM(item, 0);
                PyObject* value = PyTuple_GET_ITEM(item, 1);
                PyDict_Type.tp_as_mapping->mp_ass_subscript(self, key, value);
                note_write(self, key);
                PyDict_Type.tp_as_mapping->mp_ass_subscript(self, key, nullptr);
            }
            return item;
        }

        PyObject* ns_clear(PyObject* self, PyObject* args, PyObject* kwargs)
        {
            if (recording_in(self))
            {
                PyObject* keys = PyDict_Keys(self);
                if (keys != nullptr)
                {
                    note_keys_of(self, keys);
                    Py_DECREF(keys);
                }
            }
            return call_dict_method("clear", self, args, kwargs);
        }
    }

    PyMethodDef ns_methods[] = {
        {"update", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(ns_update)), METH_VARARGS | METH_KEYWORDS, nullptr},
        {"setdefault", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(ns_setdefault)), METH_VARARGS | METH_KEYWORDS, nullptr},
        {"pop", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(ns_pop)), METH_VARARGS | METH_KEYWORDS, nullptr},
        {"popitem", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(ns_popitem)), METH_VARARGS | METH_KEYWORDS, nullptr},
        {"clear", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(ns_clear)), METH_VARARGS | METH_KEYWORDS, nullptr},
        {nullptr, nullptr, 0, nullptr}};
}
