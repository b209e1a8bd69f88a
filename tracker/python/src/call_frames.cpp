// Which notebook function is running, found from the interpreter's frames.
// A notebook function stays a plain function, so CPython keeps its inlined
// Python-to-Python calls (no C stack per call, no extra frame); the record
// its calls and reads are attributed to rides on its code object (PEP 523's
// extra slot). The kernel's AST transform starts every def's body with the
// bare name `__xdeps_call__`: the namespace hands the interpreter's load of
// it here, and that load is the call. On CPython 3.11 the frames are read
// from the interpreter's own structure (internal/pycore_frame.h); other
// versions use the public frame API.

#include <Python.h>

#include <pthread.h>

#include <cstdint>
#include <vector>

#include "layer.hpp"
#include "call_frames.hpp"

namespace xdeps::python
{
    PyObject* call_marker = nullptr;

    bool stack_exhausted(const void* thread_state);

    Py_ssize_t code_record_index = -1;
#ifdef XDEPS_FRAME_INTERNALS
    PyThreadState* const volatile* thread_state_slot = nullptr;
#endif

    namespace
    {

        void release_record(void* record)
        {
            Py_XDECREF(static_cast<PyObject*>(record));
        }

#ifdef XDEPS_FRAME_INTERNALS
        // The parameters of the running function, in the order of its
        // signature (positional, then keyword-only), as note_changing_call
        // expects them; cells of parameters captured by closures are read.
        void parameters_of(_PyInterpreterFrame* frame, std::vector<PyObject*>& out)
        {
            PyCodeObject* code = frame->f_code;
            int count = code->co_argcount + code->co_kwonlyargcount;
            for (int i = 0; i < count && i < code->co_nlocalsplus; ++i)
            {
                PyObject* value = frame->localsplus[i];
                // CO_FAST_CELL (internal/pycore_code.h): a local captured by a closure.
                constexpr unsigned char captured = 0x40;
                auto kind = static_cast<unsigned char>(PyBytes_AS_STRING(code->co_localspluskinds)[i]);
                if (value != nullptr && (kind & captured) && PyCell_Check(value))
                {
                    value = PyCell_GET(value);
                }
                out.push_back(value != nullptr ? value : Py_None);
            }
        }
#endif
    }

    int init_code_records()
    {
#ifdef XDEPS_FRAME_INTERNALS
        thread_state_slot = static_cast<PyThreadState* const volatile*>(xdeps_thread_state_slot());
        if (thread_state_slot == nullptr || *thread_state_slot != PyThreadState_Get())
        {
            PyErr_SetString(PyExc_RuntimeError, "xdeps: the interpreter's thread state is not where CPython 3.11 keeps it");
            return -1;
        }
#endif
        if (code_record_index < 0)
        {
            code_record_index = _PyEval_RequestCodeExtraIndex(release_record);
        }
        if (call_marker == nullptr)
        {
            call_marker = PyUnicode_InternFromString("__xdeps_call__");
        }
        return code_record_index >= 0 && call_marker != nullptr ? 0 : -1;
    }

    int attach_record(PyObject* code, tracked_function* record)
    {
        Py_INCREF(record);
        if (_PyCode_SetExtra(code, code_record_index, record) < 0)
        {
            Py_DECREF(record);
            return -1;
        }
        return 0;
    }

#ifdef XDEPS_FRAME_INTERNALS
    tracked_function* record_of_code(PyObject* code)
    {
        return record_in(reinterpret_cast<PyCodeObject*>(code));
    }

    tracked_function* callee_from(_PyInterpreterFrame* frame)
    {
        for (; frame != nullptr; frame = frame->previous)
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
        return nullptr;
    }

    tracked_function* current_callee()
    {
        PyThreadState* thread = running_thread_state();
        return thread == nullptr ? nullptr : callee_from(thread->cframe->current_frame);
    }

    PyObject* notebook_call(PyObject* ns)
    {
        PyThreadState* thread = running_thread_state();
        if (stack_exhausted(thread))
        {
            return raise_c_stack_exhausted();
        }
        // Only the interpreter's own global load of the marker, in a
        // function of this namespace, is a call; `ns['__xdeps_call__']`
        // goes on as any lookup.
        _PyInterpreterFrame* frame = thread->cframe->current_frame;
        if (frame == nullptr || frame->f_globals != ns || !is_global_load(frame))
        {
            return nullptr;
        }
        if (recording_in(ns) || active_tracer != nullptr)
        {
            tracked_function* callee = record_in(frame->f_code);
            if (callee == nullptr && frame->f_func != nullptr)
            {
                callee = record_of_function(reinterpret_cast<PyObject*>(frame->f_func));
                if (callee == nullptr)
                {
                    PyErr_Clear();  // not recorded; the call goes on
                }
            }
            if (callee != nullptr)
            {
                _PyInterpreterFrame* below = frame->previous;
                tracked_function* caller = below == nullptr ? nullptr : record_in(below->f_code);
                if (caller == nullptr && below != nullptr && !top_level(below))
                {
                    caller = callee_from(below->previous);
                }
                if (callee->noted_statement == statement_serial && callee->noted_caller == caller
                    && callee->changes == nullptr && active_tracer == nullptr)
                {
                    Py_RETURN_NONE;  // a loop calling it again: reported already
                }
                if (callee->changes != nullptr && recording)
                {
                    std::vector<PyObject*> parameters;
                    parameters_of(frame, parameters);
                    note_tracked_call(caller, callee, parameters.data(), parameters.size(), nullptr);
                }
                else
                {
                    note_tracked_call(caller, callee, nullptr, 0, nullptr);
                }
                // When the caller is the code below's own (its record, or
                // top-level code), the next call from that code in this
                // statement is recognised by marker_answered_quickly().
                if (callee->noted_statement == statement_serial && callee->noted_caller == caller && below != nullptr
                    && (caller != nullptr ? record_in(below->f_code) == caller : top_level(below)))
                {
                    callee->noted_caller_code = below->f_code;
                }
            }
        }
        Py_RETURN_NONE;
    }

    std::size_t tracked_frames()
    {
        std::size_t count = 0;
        for (_PyInterpreterFrame* frame = running_thread_state()->cframe->current_frame; frame != nullptr;
             frame = frame->previous)
        {
            count += record_in(frame->f_code) != nullptr ? 1 : 0;
        }
        return count;
    }
#else
    // The public frame API: the same walk, with a reference per frame.
    tracked_function* record_of_code(PyObject* code)
    {
        void* extra = nullptr;
        if (_PyCode_GetExtra(code, code_record_index, &extra) < 0)
        {
            PyErr_Clear();
            return nullptr;
        }
        return static_cast<tracked_function*>(extra);
    }

    namespace
    {
        tracked_function* callee_from(PyFrameObject* frame, bool skip_first, std::size_t* count)
        {
            Py_XINCREF(frame);
            tracked_function* found = nullptr;
            bool first = true;
            while (frame != nullptr)
            {
                PyCodeObject* code = PyFrame_GetCode(frame);
                tracked_function* record = (first && skip_first) ? nullptr : record_of_code(reinterpret_cast<PyObject*>(code));
                bool top = (code->co_flags & CO_OPTIMIZED) == 0;
                Py_DECREF(code);
                first = false;
                if (record != nullptr && count == nullptr)
                {
                    found = record;
                    break;
                }
                if (record != nullptr)
                {
                    ++*count;
                }
                if (top && count == nullptr)
                {
                    break;
                }
                PyFrameObject* back = PyFrame_GetBack(frame);
                Py_DECREF(frame);
                frame = back;
            }
            Py_XDECREF(frame);
            return found;
        }
    }

    tracked_function* current_callee()
    {
        return callee_from(PyEval_GetFrame(), false, nullptr);
    }

    PyObject* notebook_call(PyObject* ns)
    {
        if (c_stack_exhausted())
        {
            return raise_c_stack_exhausted();
        }
        if (builtins_for_global_load(ns) == nullptr)
        {
            return nullptr;
        }
        if (recording_in(ns) || active_tracer != nullptr)
        {
            PyFrameObject* frame = PyEval_GetFrame();
            PyCodeObject* code = PyFrame_GetCode(frame);
            tracked_function* callee = record_of_code(reinterpret_cast<PyObject*>(code));
            Py_DECREF(code);
            if (callee != nullptr)
            {
                // Parameters are not read on other versions: what is passed
                // to a function is not a candidate for in-place changes.
                note_tracked_call(callee_from(frame, true, nullptr), callee, nullptr, 0, nullptr);
            }
        }
        Py_RETURN_NONE;
    }

    std::size_t tracked_frames()
    {
        std::size_t count = 0;
        callee_from(PyEval_GetFrame(), false, &count);
        return count;
    }
#endif

    namespace
    {
        // The C stacks of the threads that called notebook functions, by
        // thread (direct-mapped): each one's lowest usable address.
        struct stack_bounds
        {
            pthread_t thread{};
            std::uintptr_t low = 0;
            std::uintptr_t high = 0;
        };
        constexpr std::size_t bounds_size = 16;
        stack_bounds bounds[bounds_size];

        // What is left for CPython to raise, unwind and report the error.
        constexpr std::uintptr_t reserve = 256 * 1024;

        void find_bounds(stack_bounds& known, pthread_t thread, std::uintptr_t here)
        {
            // Unknown bounds: never exhausted; looked up again only if the
            // stack pointer leaves this (unbounded) range, that is never.
            known = stack_bounds{thread, 0, UINTPTR_MAX};
            pthread_attr_t attr;
            if (pthread_getattr_np(thread, &attr) != 0)
            {
                return;
            }
            void* base = nullptr;
            std::size_t size = 0;
            if (pthread_attr_getstack(&attr, &base, &size) == 0 && size > 2 * reserve)
            {
                auto low = reinterpret_cast<std::uintptr_t>(base);
                if (here > low && here <= low + size)
                {
                    known.low = low + reserve;
                    known.high = low + size;
                }
            }
            pthread_attr_destroy(&attr);
        }
    }

    // The bounds of the thread state that checked last: one comparison of
    // pointers answers a thread calling again.
    checked_stack last_checked_stack;

    namespace
    {

        [[gnu::noinline]] bool stack_exhausted_slow(const void* thread_state, std::uintptr_t here)
        {
            pthread_t thread = pthread_self();
            stack_bounds& known = bounds[memo_slot(reinterpret_cast<const void*>(thread), bounds_size)];
            // A thread not seen (or a new one where an old one was: its stack
            // is elsewhere): its own bounds.
            if (!pthread_equal(known.thread, thread) || here > known.high
                || (known.low != 0 && here + reserve < known.low))
            {
                find_bounds(known, thread, here);
            }
            last_checked_stack = {thread_state, known.low, known.high};
            return here < known.low;
        }
    }

    bool stack_exhausted(const void* thread_state)
    {
        auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
        const checked_stack& last = last_checked_stack;
        if (thread_state == last.thread_state && here <= last.high && here + reserve >= last.low)
        {
            return here < last.low;
        }
        return stack_exhausted_slow(thread_state, here);
    }

    bool c_stack_exhausted()
    {
        return stack_exhausted(PyThreadState_Get());
    }

    PyObject* raise_c_stack_exhausted()
    {
        PyErr_SetString(PyExc_RecursionError,
                        "maximum recursion depth exceeded: the C stack is nearly full (the recursion goes through C code)");
        return nullptr;
    }
}
