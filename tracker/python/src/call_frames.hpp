#ifndef XDEPS_CALL_FRAMES_HPP
#define XDEPS_CALL_FRAMES_HPP

// The notebook function a global read belongs to, found from the
// interpreter's frames (call_frames.cpp): inline, since the namespace's memo
// of hits asks for it on every read. On CPython 3.11 the frames are read from
// the interpreter's own structure (internal/pycore_frame.h): include this
// header last. Other versions ask call_frames.cpp, through the public API.
// The call marker's common cases are answered here too, inline.

#include <Python.h>

#include <cstdint>

#include "layer.hpp"

namespace xdeps::python
{
    // What running_code() never answers: a memo entry that holds it is
    // matched some other way.
    inline const void* const not_a_running_code = reinterpret_cast<const void*>(alignof(PyObject));

    // The C stack bounds of the thread state that checked its stack last
    // (call_frames.cpp): `low` already keeps the reserve CPython needs to
    // raise and unwind; unknown bounds are 0 and the highest address.
    struct checked_stack
    {
        const void* thread_state = nullptr;
        std::uintptr_t low = 0;
        std::uintptr_t high = 0;
    };
    extern checked_stack last_checked_stack;
}

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
#define XDEPS_FRAME_INTERNALS 1
#undef Py_BUILD_CORE
#define Py_BUILD_CORE 1
#include <internal/pycore_frame.h>
#include <opcode.h>

extern "C" void* xdeps_thread_state_slot(void);  // thread_state.c

namespace xdeps::python
{
    // Where the interpreter keeps the running thread's state (set once,
    // when the module starts).
    extern PyThreadState* const volatile* thread_state_slot;

    inline PyThreadState* running_thread_state()
    {
        return *thread_state_slot;
    }

    // The code objects' extra slot that holds their record.
    extern Py_ssize_t code_record_index;

    // The layout of a code object's extra slots in CPython 3.11
    // (Objects/codeobject.c).
    struct code_extra
    {
        Py_ssize_t size;
        void* extras[1];
    };

    inline tracked_function* record_in(PyCodeObject* code)
    {
        auto* extra = static_cast<code_extra*>(code->co_extra);
        if (extra == nullptr || extra->size <= code_record_index)
        {
            return nullptr;
        }
        return static_cast<tracked_function*>(extra->extras[code_record_index]);
    }

    // The cell's top-level code (or exec'd code with one namespace): not
    // inside any notebook function. A class body is passed through.
    inline bool top_level(_PyInterpreterFrame* frame)
    {
        return (frame->f_code->co_flags & CO_OPTIMIZED) == 0 && frame->f_locals == frame->f_globals;
    }

    // The walk outwards from `frame` (comprehensions, lambdas, class bodies).
    tracked_function* callee_from(_PyInterpreterFrame* frame);

    // What running_callee_nearby() answers when the function is further out
    // than it looks: never a record, so never a memo's function.
    inline tracked_function* const callee_further_out = reinterpret_cast<tracked_function*>(alignof(tracked_function));

    // The notebook function a read belongs to, when it is the running
    // frame's or the one below (a comprehension or lambda in it), without a
    // call; else callee_further_out, and current_callee() walks.
    inline tracked_function* running_callee_nearby()
    {
        _PyInterpreterFrame* frame = running_thread_state()->cframe->current_frame;
        for (int level = 0; level < 2 && frame != nullptr; ++level, frame = frame->previous)
        {
            if (tracked_function* record = record_in(frame->f_code))
            {
                return record;
            }
            if (top_level(frame))
            {
                return nullptr;
            }
        }
        return frame == nullptr ? nullptr : callee_further_out;
    }

    // The running frame's code (null: no Python frame). A memo of reads
    // keyed by it needs no look at the code's record.
    inline const void* running_code()
    {
        _PyInterpreterFrame* frame = running_thread_state()->cframe->current_frame;
        return frame == nullptr ? nullptr : frame->f_code;
    }

    // The running frame's code when it carries `function`'s record (records
    // stay with their code, so that code alone says the function); else
    // not_a_running_code.
    inline const void* code_carrying(const tracked_function* function)
    {
        _PyInterpreterFrame* frame = running_thread_state()->cframe->current_frame;
        if (function == nullptr || frame == nullptr || record_in(frame->f_code) != function)
        {
            return not_a_running_code;
        }
        return frame->f_code;
    }

    // The running instruction is LOAD_GLOBAL (or one of its adaptive and
    // specialized forms).
    inline bool is_global_load(_PyInterpreterFrame* frame)
    {
        int opcode = _Py_OPCODE(*frame->prev_instr);
        return opcode == LOAD_GLOBAL || opcode == LOAD_GLOBAL_ADAPTIVE || opcode == LOAD_GLOBAL_BUILTIN
            || opcode == LOAD_GLOBAL_MODULE;
    }

    // The call marker's common cases, answered inline (`here`: an address
    // in the caller's stack frame). True when the interpreter's own load of
    // the marker in `ns`, with C stack to spare, has nothing to note: no
    // cell records, or a loop calls the function again from the code that
    // made the call just noted in this statement. False: notebook_call()
    // decides (and notes, raises, or lets the lookup go on).
    inline bool marker_answered_quickly(PyObject* ns, std::uintptr_t here)
    {
        PyThreadState* thread = running_thread_state();
        if (thread != last_checked_stack.thread_state || here < last_checked_stack.low || here > last_checked_stack.high)
        {
            return false;
        }
        _PyInterpreterFrame* frame = thread->cframe->current_frame;
        if (frame == nullptr || frame->f_globals != ns || !is_global_load(frame) || active_tracer != nullptr)
        {
            return false;
        }
        if (!recording_in(ns))
        {
            return true;
        }
        tracked_function* callee = record_in(frame->f_code);
        _PyInterpreterFrame* below = frame->previous;
        // The code below is the one the noted caller was found in: its
        // record (records stay with their code), or top-level code again.
        return callee != nullptr && below != nullptr && callee->noted_statement == statement_serial
            && callee->noted_caller_code == below->f_code && callee->changes == nullptr
            && (callee->noted_caller != nullptr || top_level(below));
    }
}
#else
namespace xdeps::python
{
    inline tracked_function* running_callee_nearby()
    {
        return current_callee();
    }

    inline const void* running_code()
    {
        return nullptr;
    }

    inline const void* code_carrying(const tracked_function*)
    {
        return not_a_running_code;
    }

    inline bool marker_answered_quickly(PyObject*, std::uintptr_t)
    {
        return false;
    }
}
#endif

#endif
