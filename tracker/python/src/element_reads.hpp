#ifndef XDEPS_PYTHON_ELEMENT_READS_HPP
#define XDEPS_PYTHON_ELEMENT_READS_HPP

// Element lineage at a statement's end (element_reads.cpp).

#include <Python.h>

#include <string>
#include <vector>

#include "fingerprint.hpp"

namespace xdeps::python
{
    // A global one scope of the statement used only through these element
    // paths (`['a']`, `[0]`, `.x`).
    struct element_read
    {
        std::string name;
        std::string function;  // "" for the statement's own code
        std::vector<std::string> paths;
    };

    // Whether `forms` (a tuple or list of mutation_forms forms) has any form
    // other than "uses": something the judgement must look at.
    bool has_change_forms(PyObject* forms);

    // Appends to `found` the element reads of one scope's "uses" forms,
    // confirmed against the objects the statement read: `prints`, each
    // still bound to its name where `bound[i] >= 0`.
    void find_element_reads(PyObject* forms,
                            const std::string& function,
                            const std::vector<fingerprint>& prints,
                            const std::vector<signed char>& bound,
                            std::vector<element_read>& found);
}

#endif
