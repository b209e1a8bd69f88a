// Is the lookup in progress the interpreter's own global load? A miss in a
// tracked namespace must raise KeyError for `ns['len']` but, for the
// interpreter's LOAD_GLOBAL / LOAD_NAME, is better answered with the builtin
// at once: the KeyError it would raise and clear costs far more, inside an
// `except` block most of all. On CPython 3.11 the running instruction is
// read from the interpreter's frame (an internal structure, hence this file
// of its own); other versions ask the public frame API, more slowly.

#include <Python.h>
#include <opcode.h>

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
#define XDEPS_FRAME_INTERNALS 1
#undef Py_BUILD_CORE
#define Py_BUILD_CORE 1
#include <internal/pycore_frame.h>
#else
#include <cstdint>
#endif

#include "layer.hpp"

namespace xdeps::python
{
#ifdef XDEPS_FRAME_INTERNALS
    PyObject* builtins_for_global_load(PyObject* ns)
    {
        _PyInterpreterFrame* frame = PyThreadState_GET()->cframe->current_frame;
        if (frame == nullptr || frame->f_globals != ns)
        {
            return nullptr;
        }
        // The code unit may hold an adaptive or specialized form.
        switch (_Py_OPCODE(*frame->prev_instr))
        {
        case LOAD_GLOBAL:
        case LOAD_GLOBAL_ADAPTIVE:
        case LOAD_GLOBAL_BUILTIN:
        case LOAD_GLOBAL_MODULE:
            return frame->f_builtins;
        case LOAD_NAME:
            // Top-level code: locals and globals are the namespace, so the
            // builtins come next. (With other locals, this was their lookup.)
            return frame->f_locals == ns ? frame->f_builtins : nullptr;
        default:
            return nullptr;
        }
    }
#else
    namespace
    {
        // Whether the instruction at `lasti` of `code` is a global load,
        // remembered per instruction: bytecode does not change.
        struct instruction_kind
        {
            PyCodeObject* code = nullptr;
            int lasti = -1;
            bool global_load = false;
        };
        constexpr std::size_t instruction_cache_size = 256;
        instruction_kind instruction_cache[instruction_cache_size];

        bool is_global_load(PyCodeObject* code, int lasti)
        {
            std::size_t slot = ((reinterpret_cast<std::uintptr_t>(code) >> 4) ^ static_cast<std::uintptr_t>(lasti))
                             & (instruction_cache_size - 1);
            instruction_kind& known = instruction_cache[slot];
            if (known.code == code && known.lasti == lasti)
            {
                return known.global_load;
            }
            int opcode = -1;
            PyObject* bytes = PyCode_GetCode(code);
            if (bytes != nullptr)
            {
                if (lasti >= 0 && lasti < PyBytes_GET_SIZE(bytes))
                {
                    opcode = static_cast<unsigned char>(PyBytes_AS_STRING(bytes)[lasti]);
                }
                Py_DECREF(bytes);
            }
            else
            {
                PyErr_Clear();
            }
            // The entry holds the code object, so no other code can take its
            // address while it is remembered.
            Py_INCREF(code);
            Py_XDECREF(known.code);
            known = instruction_kind{code, lasti, opcode == LOAD_GLOBAL || opcode == LOAD_NAME};
            return known.global_load;
        }
    }

    PyObject* builtins_for_global_load(PyObject* ns)
    {
        PyFrameObject* frame = PyEval_GetFrame();
        if (frame == nullptr || PyEval_GetGlobals() != ns)
        {
            return nullptr;
        }
        PyCodeObject* code = PyFrame_GetCode(frame);
        bool global_load = is_global_load(code, PyFrame_GetLasti(frame));
        Py_DECREF(code);
        return global_load ? PyEval_GetBuiltins() : nullptr;
    }
#endif
}
