// xdeps.Namespace: the dict cells run in. CPython looks names up in a
// namespace that is not an exact dict through its mapping slots, so these
// see every global read (hits only) and every write that is not a
// STORE_GLOBAL; the recorder reduces them to events.

#include <Python.h>

#include <cstdint>

#include "layer.hpp"
#include "call_frames.hpp"  // last: it may include CPython's internal frame header

namespace xdeps::python
{
    namespace
    {
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
        // answered without a lookup and without recording it again. The
        // function is recognised by the running code when that code carries
        // its record (a read in the function's own body), else found again.
        struct recent_hit
        {
            PyObject* key = nullptr;
            const void* function = nullptr;
            const void* code = nullptr;  // code_carrying(function)
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
            if (value != nullptr && !reads_paused)
            {
                // Read before by the same function in this statement, only
                // with the namespace changed since (a loop that also writes):
                // already recorded.
                recent_hit& hit = recent_hits[memo_slot(key, recent_hits_size)];
                tracked_function* callee = current_callee();
                const void* function = callee;
                if (hit.key != key || hit.function != function || hit.statement != statement_serial)
                {
                    function = note_read(key, callee);  // another thread's read: a key of its own
                    note_fingerprint(key, value);
                }
                if (active_tracer == nullptr)
                {
                    const void* code = function == callee ? code_carrying(callee) : not_a_running_code;
                    hit = recent_hit{key, function, code, value, version, statement_serial};
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
        [[gnu::always_inline]] inline PyObject* lookup(PyObject* self, PyObject* key)
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
            if (hit.key == key && hit.statement == statement_serial && hit.dict_version == version_of(self)
                && (hit.code == running_code() || hit.function == running_callee_nearby()))
            {
                Py_INCREF(hit.value);
                return hit.value;
            }
            return recorded_lookup(self, key);
        }

        // The call marker: a notebook function's body starts (call_frames.cpp).
        [[gnu::noinline]] PyObject* marker_call(PyObject* self, PyObject* key)
        {
            if (PyObject* answer = notebook_call(self))
            {
                return answer;
            }
            return PyErr_Occurred() ? nullptr : lookup(self, key);
        }

        // Its common cases, apart: the stack address taken gives this
        // function, not every lookup, a frame pointer, and it saves no
        // registers for marker_call().
        [[gnu::noinline]] PyObject* marker_lookup(PyObject* self, PyObject* key)
        {
            if (marker_answered_quickly(self, reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0))))
            {
                Py_RETURN_NONE;
            }
            return marker_call(self, key);
        }

        PyObject* ns_subscript(PyObject* self, PyObject* key)
        {
            if (key == call_marker)
            {
                return marker_lookup(self, key);
            }
            return lookup(self, key);
        }

        int ns_ass_subscript(PyObject* self, PyObject* key, PyObject* value)
        {
            if (recording_in(self))
            {
                note_write(self, key);
            }
            return PyDict_Type.tp_as_mapping->mp_ass_subscript(self, key, value);
        }

        PyMappingMethods ns_mapping = {nullptr, ns_subscript, ns_ass_subscript};
    }

    // The globals view's read path (the rest of the view is in
    // globals_view.cpp): it ends, as every lookup here, in answer().
    PyObject* proxy_subscript(PyObject* self, PyObject* key)
    {
        PyObject* value = PyDict_GetItemWithError(self, key);
        if (value == nullptr && !PyErr_Occurred())
        {
            value = PyDict_GetItemWithError(reinterpret_cast<proxy_namespace*>(self)->real, key);
        }
        return answer(self, key, value);
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
}
