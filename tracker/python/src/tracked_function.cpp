// The call wrapper put on every function a cell defines: it keeps a stack of
// notebook calls (reads are attributed to the function on top) and reports
// call edges. It passes attribute access through to the function, binds as a
// method, and pickles by name, so code that inspects functions sees the
// function.

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

        // The call with `self` on top of the stack of notebook calls.
        inline PyObject* call_on_stack(tracked_function* self, PyObject* const* args, size_t nargsf, PyObject* kwnames)
        {
            tracked_function* caller = current_callee;
            ++call_depth;
            current_callee = self;
            PyObject* result = call_function(self, args, nargsf, kwnames);
            current_callee = caller;
            --call_depth;
            return result;
        }

        // A call with a Tracer active or outside the kernel (globals view).
        // Kept out of line: the common call stays short.
        [[gnu::noinline]] PyObject* observed_call(tracked_function* self, PyObject* const* args, size_t nargsf, PyObject* kwnames)
        {
            if (active_tracer != nullptr)
            {
                tracer_note_call(self);
            }
            std::vector<std::pair<PyObject*, PyObject*>> before;
            if (self->globals_view != nullptr && self->global_stores != nullptr
                && prepare_globals_view(self->globals_view, self->global_stores, before) < 0)
            {
                finish_globals_view(self->globals_view, before, false);
                return nullptr;
            }
            PyObject* result = call_on_stack(self, args, nargsf, kwnames);
            if (self->globals_view != nullptr)
            {
                // The call's own exception, if any, stays the one raised.
                PyObject *type, *value, *traceback;
                PyErr_Fetch(&type, &value, &traceback);
                if (finish_globals_view(self->globals_view, before, call_depth == 0) < 0 && result != nullptr)
                {
                    Py_CLEAR(result);
                    Py_XDECREF(type);
                    Py_XDECREF(value);
                    Py_XDECREF(traceback);
                    return nullptr;
                }
                PyErr_Clear();
                PyErr_Restore(type, value, traceback);
            }
            return result;
        }

        PyObject* tf_vectorcall(PyObject* self_, PyObject* const* args, size_t nargsf, PyObject* kwnames)
        {
            tracked_function* self = as_tracked(self_);
            if (recording)
            {
                if (self->changes != nullptr
                && !(self->changes_statement == statement_serial && self->only_changed_param >= 0
                     && self->only_changed_param < static_cast<Py_ssize_t>(PyVectorcall_NARGS(nargsf))
                     && args[self->only_changed_param] == self->last_passed))
            {
                // Not a loop passing the same object again.
                note_changing_call(self, args, nargsf, kwnames);
            }
            if (self->noted_statement != statement_serial || self->noted_caller != current_callee)
                {
                    note_call(self);
                    if (self->global_stores != nullptr)
                    {
                        note_global_stores(self->global_stores);
                    }
                    self->noted_caller = current_callee;
                    self->noted_statement = statement_serial;
                }
            }
            else if (active_tracer == nullptr && self->globals_view == nullptr)
            {
                return call_function(self, args, nargsf, kwnames);
            }
            if (active_tracer != nullptr || self->globals_view != nullptr)
            {
                return observed_call(self, args, nargsf, kwnames);
            }
            return call_on_stack(self, args, nargsf, kwnames);
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
            return 0;
        }

        int tf_clear(PyObject* self)
        {
            Py_CLEAR(as_tracked(self)->func);
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

    PyObject* wrap_function(PyObject* func)
    {
        auto* t = PyObject_GC_New(tracked_function, &tracked_function_type);
        if (t == nullptr)
        {
            return nullptr;
        }
        Py_INCREF(func);
        t->func = func;
        // Names the function's own code assigns with `global`.
        t->global_stores = PyFunction_Check(func) ? global_stores_of_code(PyFunction_GET_CODE(func), 0) : nullptr;
        t->weakrefs = nullptr;
        t->globals_view = nullptr;
        if (PyFunction_Check(func) && Py_IS_TYPE(PyFunction_GET_GLOBALS(func), &proxy_namespace_type))
        {
            t->globals_view = PyFunction_GET_GLOBALS(func);  // kept alive by func
        }
        t->vectorcall = tf_vectorcall;
        t->entry = PyVectorcall_Function(func);
        t->noted_caller = nullptr;
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
        return reinterpret_cast<PyObject*>(t);
    }
}
