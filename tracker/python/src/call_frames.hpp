#ifndef XDEPS_CALL_FRAMES_HPP
#define XDEPS_CALL_FRAMES_HPP

// The notebook function a global read belongs to, found from the
// interpreter's frames (call_frames.cpp): inline, since the namespace's memo
// of hits asks for it on every read. On CPython 3.11 the frames are read from
// the interpreter's own structure (internal/pycore_frame.h): include this
// header last. Other versions ask call_frames.cpp, through the public API.

#include <Python.h>

#include "layer.hpp"

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
#define XDEPS_FRAME_INTERNALS 1
#undef Py_BUILD_CORE
#define Py_BUILD_CORE 1
#include <internal/pycore_frame.h>

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
}
#else
namespace xdeps::python
{
    inline tracked_function* running_callee_nearby()
    {
        return current_callee();
    }
}
#endif

#endif
