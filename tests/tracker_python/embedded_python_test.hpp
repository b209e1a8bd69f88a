// GoogleTest fixtures for tests that run the CPython layer in an embedded
// interpreter, started once per test suite with a harness (Python code that
// defines how the tests run cells) run in __main__.

#ifndef XDEPS_EMBEDDED_PYTHON_TEST_HPP
#define XDEPS_EMBEDDED_PYTHON_TEST_HPP

#include "gtest/gtest.h"
#include "pybind11/embed.h"

#include "xdeps/python_layer.hpp"

namespace xdeps_test
{
    namespace py = pybind11;

    // The interpreter with the `xdeps` module and the harness. It is never
    // finalized: the interpreter lives for the whole test process.
    template <const char* Harness>
    class embedded_interpreter_test : public ::testing::Test
    {
    protected:

        static void SetUpTestSuite()
        {
            PyImport_AppendInittab("xdeps", &PyInit_xdeps);
            interpreter = new py::scoped_interpreter();
            py::exec(Harness, py::module_::import("__main__").attr("__dict__"));
        }

        // A namespace such as the kernel gives cells, with the builtins
        // (and a `__name__`, when given).
        static py::object cell_namespace(const char* name = nullptr)
        {
            py::object ns = py::reinterpret_steal<py::object>(xdeps::python::new_namespace());
            if (name != nullptr)
            {
                ns["__name__"] = name;
            }
            ns["__builtins__"] = py::module_::import("builtins");
            return ns;
        }

        void TearDown() override
        {
            xdeps::python::set_sink(nullptr);
        }

        static py::scoped_interpreter* interpreter;
    };

    template <const char* Harness>
    py::scoped_interpreter* embedded_interpreter_test<Harness>::interpreter = nullptr;

    // Each test with a namespace `ns` of its own (a `__main__`) and `sink`
    // receiving the CPython layer's events.
    template <const char* Harness, class Sink>
    class embedded_python_test : public embedded_interpreter_test<Harness>
    {
    protected:

        void SetUp() override
        {
            ns = this->cell_namespace("__main__");
            xdeps::python::set_sink(&sink);
        }

        Sink sink;
        py::object ns;
    };
}

#endif
