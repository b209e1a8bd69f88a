/* Where CPython 3.11 keeps the running thread's state: read inline by the
   CPython layer on every recorded global read (call_frames.hpp), without the
   call PyThreadState_Get costs. C, since CPython's internal runtime header
   does not compile as C++. Other versions: NULL (the public call is used). */

#include <patchlevel.h>

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
#define Py_BUILD_CORE 1
#include <Python.h>
#include <internal/pycore_pystate.h>

void* xdeps_thread_state_slot(void)
{
    return &_PyRuntime.gilstate.tstate_current;
}
#else
#include <Python.h>

void* xdeps_thread_state_slot(void)
{
    return NULL;
}
#endif
