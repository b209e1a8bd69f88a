#ifndef XDEPS_PYTHON_FINGERPRINT_HPP
#define XDEPS_PYTHON_FINGERPRINT_HPP

// O(1) fingerprints of objects (docs/mutation.md): taken at a statement's
// first read of a global, compared at its end.

#include <Python.h>

#include <cstdint>

namespace xdeps::python
{
    // Kinds of fingerprint; 1 and 2 are exact for one element's store
    // (mutation_judge.EXACT_FOR).
    enum fingerprint_kind : int
    {
        unwatched = 0,
        dict_tag = 1,
        instance_tag = 2,
        sampled_list = 3,
        sized = 4,
        ndarray = 5,
        ndframe = 6,
    };

    struct fingerprint
    {
        PyObject* key;    // strong
        PyObject* value;  // strong: its address must not be reused before the end
        int kind;
        std::uint64_t a, b;
        PyObject* parts;  // strong tuple of identities (pandas), or null
    };

    inline std::uint64_t mix(std::uint64_t h, std::uint64_t v)
    {
        return (h ^ v) * 0x9E3779B97F4A7C15ull + (h >> 29);
    }

    // The kind of fingerprint an object gets (unwatched: none).
    int fingerprint_kind_of(PyObject* v);

    // Fills f.a, f.b, f.parts for v of kind f.kind. At a statement's start a
    // pandas frame's manager and blocks are left out unless pandas knows it
    // consolidated.
    void take_fingerprint(PyObject* v, fingerprint& f, bool at_start = true);

    // True when f.value no longer matches the fingerprint f.
    bool fingerprint_changed(const fingerprint& f);

    // The object's instance __dict__ (made if it keeps its attributes
    // inline), borrowed, or null.
    PyObject* object_instance_dict(PyObject* v);
}

#endif
