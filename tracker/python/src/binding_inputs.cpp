// What each binding of a multi-target statement depends on (`a, b = x + 2,
// y + 3`: `a` on x only), as the shell worked it out from the statement's
// text once per compiled statement: held for the statement, sent as
// `binding_inputs` events at its end, before its writes.

#include <string>
#include <utility>
#include <vector>

#include "layer.hpp"

namespace xdeps::python
{
    namespace
    {
        std::vector<std::pair<std::string, std::vector<std::string>>> statement_bindings;

        bool text_of(PyObject* item, std::string& into)
        {
            Py_ssize_t size = 0;
            const char* text = PyUnicode_Check(item) ? PyUnicode_AsUTF8AndSize(item, &size) : nullptr;
            if (text == nullptr)
            {
                PyErr_Clear();
                return false;
            }
            into.assign(text, static_cast<std::size_t>(size));
            return true;
        }
    }

    // `bindings`: a tuple of (target, (name, ...)) pairs, or anything else
    // for none. A malformed one is dropped whole: every binding then keeps
    // all the statement's inputs.
    void note_binding_names(PyObject* bindings)
    {
        statement_bindings.clear();
        if (bindings == nullptr || !PyTuple_Check(bindings))
        {
            return;
        }
        std::vector<std::pair<std::string, std::vector<std::string>>> found;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(bindings); ++i)
        {
            PyObject* pair = PyTuple_GET_ITEM(bindings, i);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyTuple_Check(PyTuple_GET_ITEM(pair, 1)))
            {
                return;
            }
            PyObject* names = PyTuple_GET_ITEM(pair, 1);
            std::pair<std::string, std::vector<std::string>> binding;
            if (!text_of(PyTuple_GET_ITEM(pair, 0), binding.first))
            {
                return;
            }
            for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(names); ++j)
            {
                if (!text_of(PyTuple_GET_ITEM(names, j), binding.second.emplace_back()))
                {
                    return;
                }
            }
            found.push_back(std::move(binding));
        }
        statement_bindings = std::move(found);
    }

    void flush_binding_inputs(event_sink* sink)
    {
        for (const auto& [target, names] : statement_bindings)
        {
            sink->binding_inputs(target, names);
        }
    }

    void clear_binding_names()
    {
        statement_bindings.clear();
    }
}
