// In-place changes (docs/mutation.md), the CPython layer's side: an O(1)
// fingerprint of each global a statement reads, taken at its first read and
// compared at the statement's end; the objects passed to parameters that
// notebook functions may change; and, at the end, the judgement of the
// statement's forms (mutation_judge.py) into `mutate` events.

#include <Python.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "element_reads.hpp"
#include "fingerprint.hpp"
#include "layer.hpp"
#include "mutation_sources.hpp"

namespace xdeps::python
{
    namespace
    {
        struct passed_object
        {
            tracked_function* function;  // strong
            int position;
            PyObject* object;  // strong
        };

        std::vector<fingerprint> fingerprints;
        std::unordered_set<PyObject*> fingerprinted;  // their keys, once there are `scanned` of them
        constexpr std::size_t scanned = 16;
        std::vector<passed_object> passed;
        std::unordered_set<std::uint64_t> passed_seen;
        std::uint64_t last_passed = 0;
        std::vector<tracked_function*> called;  // strong, functions with forms
        PyObject* statement_forms = nullptr;    // list of forms, or null
        std::unordered_map<std::string, std::vector<std::string>> mutations;
        bool statement_changes = false;         // statement_forms has forms other than "uses"
        std::vector<element_read> element_reads;
        PyObject* judge_function = nullptr;
    }

    namespace
    {
        // Whether the statement has no fingerprint of `key` yet. It reads a
        // few globals: they are scanned; past `scanned`, a set answers.
        bool first_read(PyObject* key)
        {
            if (fingerprints.size() < scanned)
            {
                for (const fingerprint& f : fingerprints)
                {
                    if (f.key == key)
                    {
                        return false;
                    }
                }
                return true;
            }
            if (fingerprinted.empty())
            {
                for (const fingerprint& f : fingerprints)
                {
                    fingerprinted.insert(f.key);
                }
            }
            return fingerprinted.insert(key).second;
        }
    }

    void note_fingerprint(PyObject* key, PyObject* value)
    {
        if (!PyUnicode_Check(key) || !first_read(key))
        {
            return;
        }
        // Unwatched objects are noted too (kind 0): a form counts only for
        // a global the statement read.
        fingerprint f{key, value, fingerprint_kind_of(value), 0, 0, nullptr};
        take_fingerprint(value, f);
        Py_INCREF(key);
        Py_INCREF(value);
        fingerprints.push_back(f);
    }

    void note_changing_call(tracked_function* self, PyObject* const* args, size_t nargsf, PyObject* kwnames)
    {
        if (self->changes_statement != statement_serial)
        {
            self->changes_statement = statement_serial;
            self->last_passed = nullptr;
            Py_INCREF(self);
            called.push_back(self);
        }
        if (self->changed_params == nullptr)
        {
            return;
        }
        Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
        Py_ssize_t nkw = kwnames != nullptr ? PyTuple_GET_SIZE(kwnames) : 0;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(self->changed_params); ++i)
        {
            Py_ssize_t position = PyLong_AsSsize_t(PyTuple_GET_ITEM(self->changed_params, i));
            PyObject* object = position >= 0 && position < nargs ? args[position] : nullptr;
            if (object == nullptr && nkw > 0 && position >= 0 && position < PyTuple_GET_SIZE(self->param_names))
            {
                PyObject* name = PyTuple_GET_ITEM(self->param_names, position);
                for (Py_ssize_t j = 0; j < nkw && object == nullptr; ++j)
                {
                    if (PyUnicode_Compare(PyTuple_GET_ITEM(kwnames, j), name) == 0)
                    {
                        object = args[nargs + j];
                    }
                }
                PyErr_Clear();
            }
            if (object == nullptr || PyLong_Check(object) || PyFloat_Check(object) || PyUnicode_Check(object)
                || PyBytes_Check(object) || object == Py_None)
            {
                continue;
            }
            std::uint64_t id = mix(mix(reinterpret_cast<std::uintptr_t>(self), static_cast<std::uint64_t>(position)),
                                   reinterpret_cast<std::uintptr_t>(object));
            if (id == last_passed || !passed_seen.insert(id).second)
            {
                continue;  // a loop passing the same object again
            }
            last_passed = id;
            Py_INCREF(self);
            Py_INCREF(object);
            passed.push_back(passed_object{self, static_cast<int>(position), object});
            if (position == self->only_changed_param)
            {
                self->last_passed = object;
            }
        }
    }

    void note_statement_forms(PyObject* forms)
    {
        if (forms == nullptr || !PyTuple_Check(forms) || PyTuple_GET_SIZE(forms) == 0)
        {
            return;
        }
        if (statement_forms == nullptr && (statement_forms = PyList_New(0)) == nullptr)
        {
            PyErr_Clear();
            return;
        }
        Py_ssize_t end = PyList_GET_SIZE(statement_forms);
        if (PyList_SetSlice(statement_forms, end, end, forms) < 0)
        {
            PyErr_Clear();
        }
        statement_changes = statement_changes || has_change_forms(forms);
    }

    void judge_mutations(PyObject* ns)
    {
        // Still bound to the object fingerprinted (else rebound or deleted:
        // a write, not a mutation), and whether it changed.
        std::vector<signed char> state(fingerprints.size(), -1);
        bool any_changed = false;
        for (std::size_t i = 0; i < fingerprints.size(); ++i)
        {
            const fingerprint& f = fingerprints[i];
            if (PyDict_GetItemWithError(ns, f.key) == f.value)
            {
                state[i] = f.kind != unwatched && fingerprint_changed(f) ? 1 : 0;
                any_changed = any_changed || state[i] == 1;
            }
        }
        PyErr_Clear();
        // Element lineage, for the statement's code and each notebook
        // function it called.
        find_element_reads(statement_forms, std::string(), fingerprints, state, element_reads);
        bool called_changes = false;
        for (tracked_function* t : called)
        {
            find_element_reads(t->changes, *t->qualname, fingerprints, state, element_reads);
            called_changes = called_changes || has_change_forms(t->changes);
        }
        // The judgement (Python) only when there is something to judge:
        // "uses" forms alone change nothing.
        if (judge_function == nullptr || (!any_changed && !statement_changes && !called_changes && passed.empty()))
        {
            return;
        }
        PyObject* seen = PyList_New(0);
        for (std::size_t i = 0; i < fingerprints.size() && seen != nullptr; ++i)
        {
            if (state[i] < 0)
            {
                continue;
            }
            const fingerprint& f = fingerprints[i];
            PyObject* entry = Py_BuildValue("(OOiO)", f.key, f.value, f.kind, state[i] ? Py_True : Py_False);
            if (entry != nullptr)
            {
                PyList_Append(seen, entry);
            }
            Py_XDECREF(entry);
        }
        if (seen == nullptr)
        {
            PyErr_Clear();
            return;
        }
        PyObject* called_forms = PyList_New(0);
        for (tracked_function* t : called)
        {
            if (called_forms != nullptr && t->changes != nullptr)
            {
                PyList_Append(called_forms, t->changes);
            }
        }
        PyObject* passed_list = PyList_New(0);
        for (const passed_object& p : passed)
        {
            PyObject* entry = Py_BuildValue("(OiO)", p.function->changes, p.position, p.object);
            if (passed_list != nullptr && entry != nullptr)
            {
                PyList_Append(passed_list, entry);
            }
            Py_XDECREF(entry);
        }
        PyObject* result = nullptr;
        if (called_forms != nullptr && passed_list != nullptr)
        {
            result = PyObject_CallFunctionObjArgs(judge_function, ns, statement_forms ? statement_forms : Py_None,
                                                  seen, called_forms, passed_list, nullptr);
        }
        Py_XDECREF(seen);
        Py_XDECREF(called_forms);
        Py_XDECREF(passed_list);
        if (result != nullptr && PyList_Check(result))
        {
            for (Py_ssize_t i = 0; i < PyList_GET_SIZE(result); ++i)
            {
                PyObject* name = nullptr;
                PyObject* keys = nullptr;
                if (!PyArg_ParseTuple(PyList_GET_ITEM(result, i), "UO", &name, &keys) || !PyTuple_Check(keys))
                {
                    continue;
                }
                const char* text = PyUnicode_AsUTF8(name);
                if (text == nullptr)
                {
                    continue;
                }
                std::vector<std::string>& paths = mutations[text];
                for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(keys); ++j)
                {
                    const char* path = PyUnicode_Check(PyTuple_GET_ITEM(keys, j))
                                           ? PyUnicode_AsUTF8(PyTuple_GET_ITEM(keys, j)) : nullptr;
                    if (path != nullptr)
                    {
                        paths.emplace_back(path);
                    }
                }
            }
        }
        Py_XDECREF(result);
        PyErr_Clear();
    }

    bool mutation_pending(std::string_view name)
    {
        return !mutations.empty() && mutations.count(std::string(name)) > 0;
    }

    void forget_mutation(std::string_view name)
    {
        if (!mutations.empty())
        {
            mutations.erase(std::string(name));
        }
    }

    void flush_mutations(event_sink* sink)
    {
        for (const auto& [name, keys] : mutations)
        {
            if (!is_ipython_name(name))
            {
                sink->mutate(name, keys);
            }
        }
        for (const element_read& e : element_reads)
        {
            if (!is_ipython_name(e.name) && !e.paths.empty())
            {
                sink->read_elements(e.name, e.function, e.paths);
            }
        }
    }

    void clear_mutations()
    {
        // Released after the state is reset: a finalizer may run code.
        std::vector<fingerprint> prints;
        prints.swap(fingerprints);
        std::vector<passed_object> objects;
        objects.swap(passed);
        std::vector<tracked_function*> functions;
        functions.swap(called);
        PyObject* forms = statement_forms;
        statement_forms = nullptr;
        statement_changes = false;
        fingerprinted.clear();
        passed_seen.clear();
        last_passed = 0;
        mutations.clear();
        element_reads.clear();
        for (fingerprint& f : prints)
        {
            Py_DECREF(f.key);
            Py_DECREF(f.value);
            Py_XDECREF(f.parts);
        }
        for (passed_object& p : objects)
        {
            Py_DECREF(reinterpret_cast<PyObject*>(p.function));
            Py_DECREF(p.object);
        }
        for (tracked_function* t : functions)
        {
            Py_DECREF(reinterpret_cast<PyObject*>(t));
        }
        Py_XDECREF(forms);
        // Their storage serves the next statement, unless it grew large or a
        // finalizer above started filling new ones.
        constexpr std::size_t kept_capacity = 256;
        prints.clear();
        if (fingerprints.empty() && prints.capacity() <= kept_capacity)
        {
            fingerprints.swap(prints);
        }
        objects.clear();
        if (passed.empty() && objects.capacity() <= kept_capacity)
        {
            passed.swap(objects);
        }
        functions.clear();
        if (called.empty() && functions.capacity() <= kept_capacity)
        {
            called.swap(functions);
        }
    }

    namespace
    {
        // Runs embedded Python source as the submodule `name` of `module`.
        PyObject* add_source_module(PyObject* module, const char* name, const char* source)
        {
            std::string qualified = std::string("xdeps.") + name;
            PyObject* sub = PyModule_New(qualified.c_str());
            if (sub == nullptr)
            {
                return nullptr;
            }
            PyObject* scope = PyModule_GetDict(sub);
            PyDict_SetItemString(scope, "__builtins__", PyEval_GetBuiltins());
            PyObject* code = Py_CompileString(source, (qualified + ".py").c_str(), Py_file_input);
            PyObject* result = code != nullptr ? PyEval_EvalCode(code, scope, scope) : nullptr;
            Py_XDECREF(code);
            if (result == nullptr || PyModule_AddObject(module, name, sub) < 0)
            {
                Py_XDECREF(result);
                Py_DECREF(sub);
                return nullptr;
            }
            Py_DECREF(result);
            return sub;  // borrowed from module
        }
    }

    int add_mutation_api(PyObject* module)
    {
        if (PyModule_AddFunctions(module, mutation_methods) < 0
            || add_source_module(module, "_mutation_forms", mutation_forms_source) == nullptr)
        {
            return -1;
        }
        PyObject* judge = add_source_module(module, "_mutation_judge", mutation_judge_source);
        if (judge == nullptr)
        {
            return -1;
        }
        Py_XSETREF(judge_function, PyObject_GetAttrString(judge, "judge"));
        return judge_function != nullptr ? 0 : -1;
    }
}
