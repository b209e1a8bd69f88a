// xdeps.Namespace: the dict cells run in. CPython looks names up in a
// namespace that is not an exact dict through its mapping slots, so these
// see every global read (hits only) and every write that is not a
// STORE_GLOBAL; the recorder reduces them to events.

#include <Python.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "layer.hpp"

namespace xdeps::python
{
    namespace
    {
        PyObject* dict_method(const char* name)
        {
            return PyObject_GetAttrString(reinterpret_cast<PyObject*>(&PyDict_Type), name);
        }

        bool recording_in(PyObject* self)
        {
            return recording && self == run_namespace;
        }

        // A dict's version tag (PEP 509): a field up to CPython 3.11,
        // deprecated from 3.12 on (PEP 699). Elsewhere each call answers a
        // number never seen before, so the memos below never match.
        std::uint64_t version_of(PyObject* dict)
        {
#if PY_VERSION_HEX < 0x030C0000
            return reinterpret_cast<PyDictObject*>(dict)->ma_version_tag;
#else
            (void)dict;
            static std::uint64_t never_repeated = 0;
            return ++never_repeated;
#endif
        }

        // Builtins answered for global loads. A dict's version tag is unique
        // to one dict and one state of it: with the namespace's tag unchanged
        // it still lacks the key, with the builtins' unchanged the (borrowed)
        // value is still theirs.
        struct builtin_answer
        {
            PyObject* key = nullptr;    // strong
            PyObject* value = nullptr;  // borrowed
            std::uint64_t namespace_version = 0;
            std::uint64_t builtins_version = 0;
        };
        constexpr std::size_t builtin_answers_size = 128;
        builtin_answer builtin_answers[builtin_answers_size];

        builtin_answer& builtin_answer_for(PyObject* key)
        {
            return builtin_answers[memo_slot(key, builtin_answers_size)];
        }

        // A remembered builtin for this lookup, or null (nothing set).
        PyObject* remembered_builtin(PyObject* self, PyObject* key, std::uint64_t version)
        {
            builtin_answer& known = builtin_answer_for(key);
            if (known.key != key || known.namespace_version != version)
            {
                return nullptr;
            }
            PyObject* builtins = builtins_for_global_load(self);
            if (builtins == nullptr || !PyDict_CheckExact(builtins) || version_of(builtins) != known.builtins_version)
            {
                return nullptr;
            }
            Py_INCREF(known.value);
            return known.value;
        }

        // A missing name: the interpreter's global load (LOAD_GLOBAL in
        // functions, LOAD_NAME at top level) goes on to the builtins, after
        // raising and clearing a KeyError, which is costly in a hot loop and
        // far more inside an `except` block. For those two instructions the
        // builtin is answered here; any other lookup (ns['len']) still raises.
        PyObject* missing(PyObject* self, PyObject* key)
        {
            PyObject* builtins = builtins_for_global_load(self);
            if (builtins != nullptr && PyDict_CheckExact(builtins))
            {
                PyObject* value = PyDict_GetItemWithError(builtins, key);
                if (value != nullptr)
                {
                    if (PyUnicode_CheckExact(key))
                    {
                        builtin_answer& known = builtin_answer_for(key);
                        Py_INCREF(key);
                        PyObject* old_key = known.key;
                        known = builtin_answer{key, value, version_of(self), version_of(builtins)};
                        Py_XDECREF(old_key);
                    }
                    Py_INCREF(value);
                    return value;
                }
                if (PyErr_Occurred())
                {
                    return nullptr;
                }
            }
            PyObject* args = PyTuple_Pack(1, key);
            if (args != nullptr)
            {
                PyErr_SetObject(PyExc_KeyError, args);
                Py_DECREF(args);
            }
            return nullptr;
        }

        // How every lookup in a tracked namespace ends: a hit (shown to an
        // active Tracer), an error, or a miss left to missing().
        PyObject* answer(PyObject* self, PyObject* key, PyObject* value)
        {
            if (value != nullptr)
            {
                if (active_tracer != nullptr)
                {
                    tracer_note_read(key, value);
                }
                Py_INCREF(value);
                return value;
            }
            if (PyErr_Occurred())
            {
                return nullptr;
            }
            return missing(self, key);
        }

        // Recent hits of the running statement: a name read again by the same
        // function, with the namespace unchanged since (its version tag), is
        // answered without a lookup and without recording it again.
        struct recent_hit
        {
            PyObject* key = nullptr;
            const void* function = nullptr;
            PyObject* value = nullptr;  // borrowed: the dict holds it while its version is unchanged
            std::uint64_t dict_version = 0;
            std::uint64_t statement = 0;
        };
        constexpr std::size_t recent_hits_size = 256;
        recent_hit recent_hits[recent_hits_size];

        // Hits while nothing is recorded. The dict's version tag is unique
        // to one dict and one state of it: an unchanged tag means the same
        // namespace still binds the key to the (borrowed) value.
        struct quiet_hit
        {
            PyObject* key = nullptr;    // strong
            PyObject* value = nullptr;  // borrowed
            std::uint64_t dict_version = 0;
        };
        constexpr std::size_t quiet_hits_size = 256;
        quiet_hit quiet_hits[quiet_hits_size];

        // A read while recording that the memo did not answer.
        [[gnu::noinline]] PyObject* recorded_lookup(PyObject* self, PyObject* key)
        {
            std::uint64_t version = version_of(self);
            if (PyObject* builtin = remembered_builtin(self, key, version))
            {
                return builtin;
            }
            PyObject* value = PyDict_GetItemWithError(self, key);
            if (value != nullptr)
            {
                // Read before by the same function in this statement, only
                // with the namespace changed since (a loop that also writes):
                // already recorded.
                recent_hit& hit = recent_hits[memo_slot(key, recent_hits_size)];
                if (hit.key != key || hit.function != current_callee || hit.statement != statement_serial)
                {
                    note_read(key);
                    note_fingerprint(key, value);
                }
                if (active_tracer == nullptr)
                {
                    hit = recent_hit{key, current_callee, value, version, statement_serial};
                }
            }
            return answer(self, key, value);
        }

        [[gnu::noinline]] PyObject* unrecorded_lookup(PyObject* self, PyObject* key)
        {
            if (active_tracer == nullptr && PyUnicode_CheckExact(key))
            {
                // Not recording (between runs, `%deps off`, a thread outside
                // a run): a memo of hits whose keys it holds, so the address
                // cannot be reused by another name.
                std::uint64_t version = version_of(self);
                quiet_hit& hit = quiet_hits[memo_slot(key, quiet_hits_size)];
                if (PyObject* builtin = remembered_builtin(self, key, version))
                {
                    return builtin;
                }
                PyObject* value = PyDict_GetItemWithError(self, key);
                if (value != nullptr)
                {
                    Py_INCREF(key);
                    PyObject* old_key = hit.key;
                    hit = quiet_hit{key, value, version};
                    Py_XDECREF(old_key);
                }
                return answer(self, key, value);
            }
            return answer(self, key, PyDict_GetItemWithError(self, key));
        }

        // Every read of a global in a cell comes here: the common cases, a
        // name the running function read before in this statement or one
        // read while nothing records, are answered from memos with no
        // further call.
        PyObject* ns_subscript(PyObject* self, PyObject* key)
        {
            if (!recording_in(self))
            {
                // Only str keys are remembered: a match is one.
                const quiet_hit& hit = quiet_hits[memo_slot(key, quiet_hits_size)];
                if (hit.key == key && hit.dict_version == version_of(self) && active_tracer == nullptr)
                {
                    Py_INCREF(hit.value);
                    return hit.value;
                }
                return unrecorded_lookup(self, key);
            }
            const recent_hit& hit = recent_hits[memo_slot(key, recent_hits_size)];
            if (hit.key == key && hit.function == current_callee && hit.statement == statement_serial
                && hit.dict_version == version_of(self))
            {
                Py_INCREF(hit.value);
                return hit.value;
            }
            return recorded_lookup(self, key);
        }

        int ns_ass_subscript(PyObject* self, PyObject* key, PyObject* value)
        {
            if (recording_in(self))
            {
                note_write(self, key);
            }
            return PyDict_Type.tp_as_mapping->mp_ass_subscript(self, key, value);
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

        PyMethodDef ns_methods[] = {
            {"update", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(ns_update)), METH_VARARGS | METH_KEYWORDS, nullptr},
            {"setdefault", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(ns_setdefault)), METH_VARARGS | METH_KEYWORDS, nullptr},
            {"pop", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(ns_pop)), METH_VARARGS | METH_KEYWORDS, nullptr},
            {"popitem", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(ns_popitem)), METH_VARARGS | METH_KEYWORDS, nullptr},
            {"clear", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(ns_clear)), METH_VARARGS | METH_KEYWORDS, nullptr},
            {nullptr, nullptr, 0, nullptr}};

        PyMappingMethods ns_mapping = {nullptr, ns_subscript, ns_ass_subscript};

        // The namespace of a function tracked in plain Python (`track` outside
        // the kernel): reads go through to the module's real globals; what a
        // `global` statement stores lands here and is moved to the real
        // globals when the call returns.
        struct proxy_namespace
        {
            PyDictObject dict;
            PyObject* real;
        };

        PyObject* proxy_subscript(PyObject* self, PyObject* key)
        {
            PyObject* value = PyDict_GetItemWithError(self, key);
            if (value == nullptr && !PyErr_Occurred())
            {
                value = PyDict_GetItemWithError(reinterpret_cast<proxy_namespace*>(self)->real, key);
            }
            return answer(self, key, value);
        }

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

    PyTypeObject namespace_type = [] {
        PyTypeObject t{PyVarObject_HEAD_INIT(nullptr, 0)};
        t.tp_name = "xdeps.Namespace";
        t.tp_basicsize = sizeof(PyDictObject);
        t.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_DICT_SUBCLASS;
        t.tp_doc = "A dict that records the names a notebook cell reads and writes.";
        t.tp_as_mapping = &ns_mapping;
        t.tp_methods = ns_methods;
        return t;
    }();

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

    PyObject* new_namespace()
    {
        if (namespace_type.tp_dict == nullptr)
        {
            // The type is made ready when the module is first imported.
            PyObject* module = PyImport_ImportModule("xdeps");
            if (module == nullptr)
            {
                return nullptr;
            }
            Py_DECREF(module);
        }
        return PyObject_CallNoArgs(reinterpret_cast<PyObject*>(&namespace_type));
    }

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
