// The seed API's Tracer: reads and calls made inside tracked functions,
// appended to the active Tracer's graph.

#include "layer.hpp"

namespace xdeps::python
{
    namespace
    {
        // Adds an entry to the active Tracer's graph.
        void append_to_graph(PyObject* entry)
        {
            PyObject* graph = entry != nullptr ? PyObject_GetAttrString(active_tracer, "graph") : nullptr;
            if (graph == nullptr || PyList_Append(graph, entry) < 0)
            {
                PyErr_Clear();
            }
            Py_XDECREF(graph);
            Py_XDECREF(entry);
        }
    }

    void tracer_note_read(PyObject* key, PyObject* value)
    {
        tracked_function* top = current_callee();
        if (top == nullptr || active_tracer == nullptr)
        {
            return;
        }
        append_to_graph(Py_BuildValue("(s#s#{OO})", top->module->data(), (Py_ssize_t)top->module->size(),
                                      top->qualname->data(), (Py_ssize_t)top->qualname->size(), key, value));
    }

    void tracer_note_call(tracked_function* caller, tracked_function* callee)
    {
        if (caller == nullptr || active_tracer == nullptr)
        {
            return;
        }
        append_to_graph(Py_BuildValue("(s#s#s#s#)",
                                      caller->module->data(), (Py_ssize_t)caller->module->size(),
                                      caller->qualname->data(), (Py_ssize_t)caller->qualname->size(),
                                      callee->module->data(), (Py_ssize_t)callee->module->size(),
                                      callee->qualname->data(), (Py_ssize_t)callee->qualname->size()));
    }
}
