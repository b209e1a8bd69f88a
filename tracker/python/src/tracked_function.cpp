// Records of notebook functions, and the seed API's call wrapper. A record
// (one per code object, call_frames.cpp) is what calls and reads are
// attributed to; `note_tracked_call` reports a call of one. The wrapper is
// what `track` returns outside the kernel, where no AST transform puts the
// call marker in the function's body: it notes the call from the caller's
// side, passes attribute access through to the function, binds as a method,
// and pickles by name.

#include <Python.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "layer.hpp"

namespace xdeps::python
{
    int prepare_globals_view(PyObject* view, PyObject* names, std::vector<std::pair<PyObject*, PyObject*>>& before);
    int finish_globals_view(PyObject* view, std::vector<std::pair<PyObject*, PyObject*>>& before, bool outermost);

    namespace
    {
        tracked_function* as_tracked(PyObject* self)
        {
            return reinterpret_cast<tracked_function*>(self);
        }

        std::string string_attr(PyObject* func, const char* name, const char* fallback)
        {
            PyObject* value = PyObject_GetAttrString(func, name);
            std::string result = fallback;
            if (value != nullptr && PyUnicode_Check(value))
            {
                const char* text = PyUnicode_AsUTF8(value);
                if (text != nullptr)
                {
                    result = text;
                }
            }
            Py_XDECREF(value);
            PyErr_Clear();
            return result;
        }

        PyObject* call_function(tracked_function* self, PyObject* const* args, size_t nargsf, PyObject* kwnames)
        {
            // Straight to the function's own entry point, as CPython's call
            // would after its generic checks.
            return self->entry != nullptr ? self->entry(self->func, args, nargsf, kwnames)
                                          : PyObject_Vectorcall(self->func, args, nargsf, kwnames);
        }

        // Wrapped calls in progress whose function has a globals view: the
        // outermost one moves its `global` stores to the module.
        std::size_t view_depth = 0;

        // A call of a function tracked outside the kernel (globals view).
        // Kept out of line: the common call stays short.
        [[gnu::noinline]] PyObject* observed_call(tracked_function* self, PyObject* const* args, size_t nargsf, PyObject* kwnames)
        {
            std::vector<std::pair<PyObject*, PyObject*>> before;
            if (self->global_stores != nullptr && prepare_globals_view(self->globals_view, self->global_stores, before) < 0)
            {
                finish_globals_view(self->globals_view, before, false);
                return nullptr;
            }
            ++view_depth;
            PyObject* result = call_function(self, args, nargsf, kwnames);
            --view_depth;
            // The call's own exception, if any, stays the one raised.
            PyObject *type, *value, *traceback;
            PyErr_Fetch(&type, &value, &traceback);
            if (finish_globals_view(self->globals_view, before, view_depth == 0) < 0 && result != nullptr)
            {
                Py_CLEAR(result);
                Py_XDECREF(type);
                Py_XDECREF(value);
                Py_XDECREF(traceback);
                return nullptr;
            }
            PyErr_Clear();
            PyErr_Restore(type, value, traceback);
            return result;
        }

        // The seed API's wrapper: the call is noted from the caller's side,
        // then made. (In the kernel a def's own body notes its calls.)
        PyObject* tf_vectorcall(PyObject* self_, PyObject* const* args, size_t nargsf, PyObject* kwnames)
        {
            tracked_function* self = as_tracked(self_);
            if (c_stack_exhausted())
            {
                return raise_c_stack_exhausted();
            }
            if ((recording || active_tracer != nullptr) && self->record != nullptr)
            {
                note_tracked_call(current_callee(), self->record, args, nargsf, kwnames);
            }
            if (self->globals_view != nullptr)
            {
                return observed_call(self, args, nargsf, kwnames);
            }
            return call_function(self, args, nargsf, kwnames);
        }

        PyObject* tf_descr_get(PyObject* self, PyObject* obj, PyObject* /*type*/)
        {
            if (obj == nullptr || obj == Py_None)
            {
                Py_INCREF(self);
                return self;
            }
            return PyMethod_New(self, obj);
        }

        bool own_attribute(const char* name)
        {
            static const char* const own[] = {"__reduce__", "__reduce_ex__", "__get__", "__call__",
                                              "__xdeps_tracked__", "__getattribute__", "__setattr__"};
            for (const char* o : own)
            {
                if (std::strcmp(name, o) == 0)
                {
                    return true;
                }
            }
            return false;
        }

        PyObject* tf_getattro(PyObject* self, PyObject* name)
        {
            const char* text = PyUnicode_AsUTF8(name);
            if (text == nullptr)
            {
                return nullptr;
            }
            if (std::strcmp(text, "__wrapped__") == 0)
            {
                // The function's own __wrapped__ when it has one (it is a
                // decorator's wrapper), else the function: unwrapping this
                // object leads where unwrapping the function would.
                PyObject* inner = PyObject_GetAttr(as_tracked(self)->func, name);
                if (inner != nullptr || !PyErr_ExceptionMatches(PyExc_AttributeError))
                {
                    return inner;
                }
                PyErr_Clear();
                Py_INCREF(as_tracked(self)->func);
                return as_tracked(self)->func;
            }
            if (own_attribute(text))
            {
                return PyObject_GenericGetAttr(self, name);
            }
            return PyObject_GetAttr(as_tracked(self)->func, name);
        }

        int tf_setattro(PyObject* self, PyObject* name, PyObject* value)
        {
            return PyObject_SetAttr(as_tracked(self)->func, name, value);
        }

        PyObject* tf_repr(PyObject* self)
        {
            return PyObject_Repr(as_tracked(self)->func);
        }

        // Pickled by reference, like a function: pickle looks the qualified
        // name up in the function's module and finds this wrapper there.
        PyObject* tf_reduce(PyObject* self, PyObject*)
        {
            return PyObject_GetAttrString(as_tracked(self)->func, "__qualname__");
        }

        PyObject* tf_tracked(PyObject*, void*)
        {
            Py_RETURN_TRUE;
        }

        int tf_traverse(PyObject* self, visitproc visit, void* arg)
        {
            Py_VISIT(as_tracked(self)->func);
            Py_VISIT(reinterpret_cast<PyObject*>(as_tracked(self)->record));
            return 0;
        }

        int tf_clear(PyObject* self)
        {
            Py_CLEAR(as_tracked(self)->func);
            Py_CLEAR(as_tracked(self)->record);
            return 0;
        }

        void tf_dealloc(PyObject* self)
        {
            tracked_function* t = as_tracked(self);
            PyObject_GC_UnTrack(self);
            if (t->weakrefs != nullptr)
            {
                PyObject_ClearWeakRefs(self);
            }
            Py_CLEAR(t->func);
            Py_CLEAR(t->record);
            Py_CLEAR(t->global_stores);
            Py_CLEAR(t->changes);
            Py_CLEAR(t->param_names);
            Py_CLEAR(t->changed_params);
            delete t->qualname;
            delete t->module;
            Py_TYPE(self)->tp_free(self);
        }

        PyMethodDef tf_methods[] = {
            {"__reduce__", tf_reduce, METH_NOARGS, nullptr},
            {nullptr, nullptr, 0, nullptr}};

        PyGetSetDef tf_getset[] = {
            {"__xdeps_tracked__", tf_tracked, nullptr, nullptr, nullptr},
            {nullptr, nullptr, nullptr, nullptr, nullptr}};
    }

    PyTypeObject tracked_function_type = [] {
        PyTypeObject t{PyVarObject_HEAD_INIT(nullptr, 0)};
        t.tp_name = "xdeps.tracked_function";
        t.tp_basicsize = sizeof(tracked_function);
        t.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_METHOD_DESCRIPTOR;
        t.tp_doc = "A notebook function whose calls are tracked.";
        t.tp_vectorcall_offset = offsetof(tracked_function, vectorcall);
        t.tp_call = PyVectorcall_Call;
        t.tp_descr_get = tf_descr_get;
        t.tp_getattro = tf_getattro;
        t.tp_setattro = tf_setattro;
        t.tp_repr = tf_repr;
        t.tp_traverse = tf_traverse;
        t.tp_clear = tf_clear;
        t.tp_dealloc = tf_dealloc;
        t.tp_weaklistoffset = offsetof(tracked_function, weakrefs);
        t.tp_methods = tf_methods;
        t.tp_getset = tf_getset;
        return t;
    }();

    namespace
    {
        tracked_function* new_tracked(PyObject* func, tracked_function* record)
        {
            auto* t = PyObject_GC_New(tracked_function, &tracked_function_type);
            if (t == nullptr)
            {
                return nullptr;
            }
            t->func = nullptr;
            t->record = record;
            Py_XINCREF(record);
            // Names the function's own code assigns with `global`.
            t->global_stores = PyFunction_Check(func) ? global_stores_of_code(PyFunction_GET_CODE(func), 0) : nullptr;
            t->weakrefs = nullptr;
            t->globals_view = nullptr;
            t->vectorcall = nullptr;
            t->entry = nullptr;
            t->noted_caller = nullptr;
            t->noted_caller_code = nullptr;
            t->noted_statement = 0;
            t->changes = nullptr;
            t->param_names = nullptr;
            t->changed_params = nullptr;
            t->changes_statement = 0;
            t->only_changed_param = -1;
            t->last_passed = nullptr;
            t->qualname = new std::string(string_attr(func, "__qualname__", "<function>"));
            t->module = new std::string(string_attr(func, "__module__", "__main__"));
            PyObject_GC_Track(reinterpret_cast<PyObject*>(t));
            return t;
        }
    }

    tracked_function* record_of_function(PyObject* func)
    {
        if (!PyFunction_Check(func))
        {
            PyErr_SetString(PyExc_TypeError, "a notebook function's record needs a function");
            return nullptr;
        }
        PyObject* code = PyFunction_GET_CODE(func);
        if (tracked_function* known = record_of_code(code))
        {
            return known;
        }
        // Held by the code object alone, which it does not reference: no
        // cycle, and it goes with the code.
        tracked_function* record = new_tracked(func, nullptr);
        if (record == nullptr)
        {
            return nullptr;
        }
        int attached = attach_record(code, record);
        Py_DECREF(record);
        return attached < 0 ? nullptr : record;
    }

    void note_tracked_call(tracked_function* caller, tracked_function* callee, PyObject* const* args, size_t nargsf,
                           PyObject* kwnames)
    {
        if (recording)
        {
            if (callee->changes != nullptr
                && !(callee->changes_statement == statement_serial && callee->only_changed_param >= 0
                     && callee->only_changed_param < static_cast<Py_ssize_t>(PyVectorcall_NARGS(nargsf))
                     && args[callee->only_changed_param] == callee->last_passed))
            {
                // Not a loop passing the same object again.
                note_changing_call(callee, args, nargsf, kwnames);
            }
            if (callee->noted_statement != statement_serial || callee->noted_caller != caller)
            {
                note_call(caller, callee);
                if (callee->global_stores != nullptr)
                {
                    note_global_stores(callee->global_stores);
                }
                callee->noted_caller = caller;
                callee->noted_caller_code = nullptr;  // the marker sets it when it knows
                callee->noted_statement = statement_serial;
            }
        }
        if (active_tracer != nullptr)
        {
            tracer_note_call(caller, callee);
        }
    }

    PyObject* wrap_function(PyObject* func)
    {
        tracked_function* record = record_of_function(func);
        if (record == nullptr)
        {
            return nullptr;
        }
        tracked_function* t = new_tracked(func, record);
        if (t == nullptr)
        {
            return nullptr;
        }
        Py_INCREF(func);
        t->func = func;
        if (Py_IS_TYPE(PyFunction_GET_GLOBALS(func), &proxy_namespace_type))
        {
            t->globals_view = PyFunction_GET_GLOBALS(func);  // kept alive by func
        }
        t->vectorcall = tf_vectorcall;
        t->entry = PyVectorcall_Function(func);
        return reinterpret_cast<PyObject*>(t);
    }
}
