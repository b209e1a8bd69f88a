// Element lineage, the CPython layer's side (docs/mutation.md): which
// globals a statement's code, or a notebook function it called, used only
// through constant elements. mutation_forms.py finds the candidates from
// the syntax ("uses" forms); here, at the statement's end, each is
// confirmed by the type of the object read: a dict's key, a list's index,
// a frame's column, a plain instance attribute. In C because it runs at the
// end of every statement that reads a global through an element; it runs
// no user code (no properties, no __getitem__ of user classes).

#include <Python.h>

#include <string>
#include <vector>

#include "element_reads.hpp"

namespace xdeps::python
{
    namespace
    {
        PyObject* uses_tag = nullptr;  // "uses", interned
        PyObject* item_step = nullptr; // "[", interned

        PyObject* interned(PyObject*& cache, const char* text)
        {
            if (cache == nullptr)
            {
                cache = PyUnicode_InternFromString(text);
            }
            return cache;
        }

        bool same_text(PyObject* a, PyObject* b)
        {
            return a == b || (a != nullptr && b != nullptr && PyUnicode_Check(a) && PyUnicode_Check(b)
                              && PyUnicode_Compare(a, b) == 0);
        }

        // ("uses", root, steps, paths): see mutation_forms.py.
        bool is_uses(PyObject* form)
        {
            return PyTuple_Check(form) && PyTuple_GET_SIZE(form) == 4
                   && same_text(PyTuple_GET_ITEM(form, 0), interned(uses_tag, "uses"));
        }

        // Whether a read of `obj` through the step (kind, key) reads one
        // element of it, for an object of fingerprint kind `kind`.
        bool reads_one_element(PyObject* obj, int kind, PyObject* step)
        {
            if (!PyTuple_Check(step) || PyTuple_GET_SIZE(step) != 2)
            {
                return false;
            }
            PyObject* key = PyTuple_GET_ITEM(step, 1);
            if (same_text(PyTuple_GET_ITEM(step, 0), interned(item_step, "[")))
            {
                return PyDict_Check(obj) || (PyList_Check(obj) && PyLong_CheckExact(key))
                       || (kind == ndframe && PyUnicode_CheckExact(key));
            }
            if (!PyUnicode_CheckExact(key))
            {
                return false;
            }
            // A plain attribute: in the instance's __dict__, and no data
            // descriptor (a property) of that name on its class.
            PyObject* dict = object_instance_dict(obj);
            if (dict == nullptr || PyDict_Contains(dict, key) != 1)
            {
                PyErr_Clear();
                return false;
            }
            PyObject* descriptor = _PyType_Lookup(Py_TYPE(obj), key);
            return descriptor == nullptr || Py_TYPE(descriptor)->tp_descr_set == nullptr;
        }

        const fingerprint* read_object(PyObject* root, const std::vector<fingerprint>& prints,
                                       const std::vector<signed char>& bound)
        {
            for (std::size_t i = 0; i < prints.size(); ++i)
            {
                if (bound[i] >= 0 && same_text(prints[i].key, root))
                {
                    return &prints[i];
                }
            }
            return nullptr;
        }
    }

    bool has_change_forms(PyObject* forms)
    {
        if (forms == nullptr || !(PyTuple_Check(forms) || PyList_Check(forms)))
        {
            return false;
        }
        PyObject* const* items = PySequence_Fast_ITEMS(forms);
        for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(forms); ++i)
        {
            if (!is_uses(items[i]))
            {
                return true;
            }
        }
        return false;
    }

    void find_element_reads(PyObject* forms,
                            const std::string& function,
                            const std::vector<fingerprint>& prints,
                            const std::vector<signed char>& bound,
                            std::vector<element_read>& found)
    {
        if (forms == nullptr || !(PyTuple_Check(forms) || PyList_Check(forms)))
        {
            return;
        }
        PyObject* const* items = PySequence_Fast_ITEMS(forms);
        for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(forms); ++i)
        {
            PyObject* form = items[i];
            if (!is_uses(form))
            {
                continue;
            }
            PyObject* root = PyTuple_GET_ITEM(form, 1);
            PyObject* steps = PyTuple_GET_ITEM(form, 2);
            PyObject* paths = PyTuple_GET_ITEM(form, 3);
            const fingerprint* read = PyUnicode_Check(root) ? read_object(root, prints, bound) : nullptr;
            if (read == nullptr || !PyTuple_Check(steps) || !PyTuple_Check(paths)
                || PyTuple_GET_SIZE(steps) != PyTuple_GET_SIZE(paths) || PyTuple_GET_SIZE(steps) == 0)
            {
                continue;  // not read by this statement (a branch not taken)
            }
            bool all = true;
            for (Py_ssize_t j = 0; all && j < PyTuple_GET_SIZE(steps); ++j)
            {
                all = reads_one_element(read->value, read->kind, PyTuple_GET_ITEM(steps, j));
            }
            const char* name = all ? PyUnicode_AsUTF8(root) : nullptr;
            if (name == nullptr)
            {
                PyErr_Clear();
                continue;
            }
            element_read entry{name, function, {}};
            for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(paths); ++j)
            {
                const char* path = PyUnicode_Check(PyTuple_GET_ITEM(paths, j))
                                       ? PyUnicode_AsUTF8(PyTuple_GET_ITEM(paths, j)) : nullptr;
                if (path != nullptr)
                {
                    entry.paths.emplace_back(path);
                }
            }
            PyErr_Clear();
            found.push_back(std::move(entry));
        }
    }
}
