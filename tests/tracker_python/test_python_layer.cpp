// The CPython layer through an embedded interpreter: what a cell's code does,
// and the events that reach the sink.

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "pybind11/embed.h"

#include "xdeps/python_layer.hpp"
#include "xdeps/tracker.hpp"

#include "embedded_python_test.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace
{
    // Runs cells like the kernel does: every def's body starts with the call
    // marker (the kernel's AST transform), one exec per top-level statement
    // between the hooks.
    const char harness[] = R"python(
import ast, xdeps

def is_docstring(s):
    return isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)

class Track(ast.NodeTransformer):
    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        at = 1 if is_docstring(node.body[0]) else 0
        anchor = node.body[min(at, len(node.body) - 1)]
        node.body.insert(at, ast.copy_location(ast.Expr(ast.Name(id="__xdeps_call__", ctx=ast.Load())), anchor))
        return node
    visit_AsyncFunctionDef = visit_FunctionDef

import builtins
builtins.__xdeps_call__ = None

def run_cell(source, ns, filename="<cell>"):
    tree = ast.fix_missing_locations(Track().visit(ast.parse(source)))
    for node in tree.body:
        code = compile(ast.Module([node], []), filename, "exec")
        xdeps._statement_begin()
        try:
            exec(code, ns)
        finally:
            xdeps._statement_end()
)python";

    struct recording_sink final : xdeps::event_sink
    {
        std::vector<std::string> events;

        recording_sink()
        {
            open_recording();
        }

        void statement_impl(int) override {}
        void read_impl(std::string_view name, std::string_view function, bool after_own_write) override
        {
            events.push_back("read " + std::string(name) + (function.empty() ? "" : " in " + std::string(function))
                             + (after_own_write ? " (own)" : ""));
        }
        void write_impl(std::string_view name, bool same_value) override
        {
            events.push_back("write " + std::string(name) + (same_value ? " (same)" : ""));
        }
        void mutate_impl(std::string_view name, const std::vector<std::string>& keys) override
        {
            std::string text = "mutate " + std::string(name);
            for (const std::string& k : keys)
            {
                text += " " + k;
            }
            events.push_back(text);
        }
        void remove_impl(std::string_view name) override
        {
            events.push_back("remove " + std::string(name));
        }
        void call_impl(std::string_view caller, std::string_view callee) override
        {
            events.push_back("call " + (caller.empty() ? std::string("<cell>") : std::string(caller)) + " -> "
                             + std::string(callee));
        }

        bool has(const std::string& event) const
        {
            return std::find(events.begin(), events.end(), event) != events.end();
        }
    };

    std::string joined(const std::vector<std::string>& events)
    {
        std::string out;
        for (const auto& e : events)
        {
            out += "\n  " + e;
        }
        return out;
    }

    class PythonLayerTest : public xdeps_test::embedded_python_test<harness, recording_sink>
    {
    protected:

        // Runs `code` as one cell, recorded; returns the events.
        std::vector<std::string> run(const std::string& code, const char* filename = "<cell>")
        {
            sink.events.clear();
            xdeps::python::begin_run(ns.ptr());
            try
            {
                py::module_::import("__main__").attr("run_cell")(code, ns, filename);
            }
            catch (...)
            {
                xdeps::python::end_run();
                throw;
            }
            xdeps::python::end_run();
            return sink.events;
        }

        // Runs `code` unrecorded (setup of a scenario).
        void quietly(const std::string& code)
        {
            py::exec(code, ns);
        }

        py::object eval(const std::string& expr)
        {
            return py::eval(expr, ns);
        }
    };

#define EXPECT_EVENT(events, event) EXPECT_TRUE(std::find(events.begin(), events.end(), event) != events.end()) \
    << "expected `" << event << "` among:" << joined(events)
#define EXPECT_NO_EVENT(events, event) EXPECT_TRUE(std::find(events.begin(), events.end(), event) == events.end()) \
    << "did not expect `" << event << "` among:" << joined(events)

    // Top-level code reads what it looks up, once per statement, and writes what it binds.
    TEST_F(PythonLayerTest, TopLevelReadsAndWrites)
    {
        quietly("a = 1\nb = 2");
        auto events = run("c = a + b + a");
        EXPECT_EQ(events, (std::vector<std::string>{"read a", "read b", "write c"})) << joined(events);
    }

    // A function defined in a cell reads through the namespace; reads name it.
    TEST_F(PythonLayerTest, ReadsInFunctionsAreAttributed)
    {
        run("A = 23\ndef f(x):\n    return x + A");
        auto events = run("r = f(1)");
        EXPECT_EVENT(events, "read f");
        EXPECT_EVENT(events, "call <cell> -> f");
        EXPECT_EVENT(events, "read A in f");
    }

    // Methods, nested classes and calls several levels deep, as in the seed example.
    TEST_F(PythonLayerTest, MethodsAndNestedClasses)
    {
        run("A = 23\nB = 42\ndef f(x):\n    return x + A\n"
            "class C:\n    def __init__(self, x):\n        self.x = x + B\n    def m(self, y):\n        return self.x + y\n"
            "    class D:\n        def __init__(self, x):\n            self.x = f(x)\n        def m(self, y):\n            return y + A\n"
            "def g(x):\n    if x % 2 == 1:\n        return C.D(x).m(x)\n    return C(x).m(x)");
        auto odd = run("r = g(23)");
        EXPECT_EVENT(odd, "call g -> C.D.__init__");
        EXPECT_EVENT(odd, "call C.D.__init__ -> f");
        EXPECT_EVENT(odd, "read A in f");
        EXPECT_EVENT(odd, "read A in C.D.m");
        EXPECT_NO_EVENT(odd, "read B in C.__init__");
        auto even = run("r = g(42)");
        EXPECT_EVENT(even, "read B in C.__init__");
        EXPECT_NO_EVENT(even, "read A in f");
    }

    // A loop calling one function from several callers, in turns, notes
    // every edge, and the next statement notes them again: the marker's memo
    // of the last caller never hides another one.
    TEST_F(PythonLayerTest, RepeatedCallsFromEveryCaller)
    {
        run("def f(x):\n    return x + 1\ndef g(x):\n    return f(x)\nh = lambda x: f(x)\n"
            "class K:\n    def m(self, x):\n        return f(x)");
        auto events = run("t = 0\nfor i in range(6):\n    t = f(t) if i % 3 == 0 else g(t) if i % 3 == 1 else K().m(h(t))");
        EXPECT_EVENT(events, "call <cell> -> f");
        EXPECT_EVENT(events, "call <cell> -> g");
        EXPECT_EVENT(events, "call g -> f");
        EXPECT_EVENT(events, "call K.m -> f");
        EXPECT_EQ(std::count(events.begin(), events.end(), "call g -> f"), 1) << joined(events);
        auto again = run("u = g(1)\nv = g(2)");
        EXPECT_EQ(std::count(again.begin(), again.end(), "call g -> f"), 2) << joined(again);
        // Called from top-level code run with other locals (a class body, exec):
        // the function is noted as called from the function running below.
        auto nested = run("def e():\n    exec('f(1)', globals(), {})\n    return f(2)\nr = e()");
        EXPECT_EVENT(nested, "call e -> f");
    }

    // A name read in turns by several functions, in their bodies, their
    // comprehensions and lambdas, is read by each of them in each statement.
    TEST_F(PythonLayerTest, RepeatedReadsByEveryReader)
    {
        run("A = 1\ndef f():\n    return A\ndef g():\n    return [A for _ in range(2)]\ndef k(fn):\n    return fn()");
        auto events = run("t = 0\nfor i in range(4):\n    t += f() + sum(g()) + k(lambda: A) + A");
        EXPECT_EVENT(events, "read A in f");
        EXPECT_EVENT(events, "read A in g");
        EXPECT_EVENT(events, "read A in k");
        EXPECT_EVENT(events, "read A");
        EXPECT_EQ(std::count(events.begin(), events.end(), "read A in f"), 1) << joined(events);
        auto again = run("u = f()\nv = f()");
        EXPECT_EQ(std::count(again.begin(), again.end(), "read A in f"), 2) << joined(again);
    }

    // Comprehensions and lambdas read through the namespace too.
    TEST_F(PythonLayerTest, ComprehensionsAndLambdas)
    {
        quietly("k = 3\nxs = [1, 2]");
        auto events = run("ys = [x * k for x in xs]\nh = lambda v: v + k\nz = h(1)");
        EXPECT_EVENT(events, "read k");
        EXPECT_EVENT(events, "read xs");
        EXPECT_EVENT(events, "read h");
    }

    // A generator created in one cell reads when a later cell consumes it;
    // its reads are its own, and its call is noted when its body starts.
    TEST_F(PythonLayerTest, GeneratorsReadWhenConsumed)
    {
        run("N = 2\ndef gen():\n    for i in range(N):\n        yield i * OFFSET\nOFFSET = 10\nit = gen()");
        auto events = run("total = sum(it)");
        EXPECT_EVENT(events, "read it");
        EXPECT_EVENT(events, "call <cell> -> gen");
        EXPECT_EVENT(events, "read N in gen");
        EXPECT_EVENT(events, "read OFFSET in gen");
        EXPECT_EQ(eval("total").cast<int>(), 10);
    }

    // Closures read their free variables from cells, globals through the namespace.
    TEST_F(PythonLayerTest, Closures)
    {
        run("G = 5\ndef outer(a):\n    def inner(b):\n        return a + b + G\n    return inner\nadd = outer(1)");
        auto events = run("r = add(2)");
        EXPECT_EVENT(events, "call <cell> -> outer.<locals>.inner");
        EXPECT_EVENT(events, "read G in outer.<locals>.inner");
    }

    // Reads made directly in a class body go to the globals with a plain dict lookup: not seen.
    TEST_F(PythonLayerTest, ClassBodyReadsAreNotSeen)
    {
        quietly("V = 1");
        auto events = run("class K:\n    w = V + 1");
        EXPECT_NO_EVENT(events, "read V");
        EXPECT_EVENT(events, "write K");
    }

    // `global` assignments in a notebook function bypass the namespace's hooks but are found.
    TEST_F(PythonLayerTest, GlobalWritesInFunctions)
    {
        run("COUNT = 0\ndef bump():\n    global COUNT\n    COUNT += 1");
        auto events = run("bump()");
        EXPECT_EVENT(events, "write COUNT");
        EXPECT_EQ(eval("COUNT").cast<int>(), 1) << "the real global must change";
        auto none = run("x = 1");
        EXPECT_NO_EVENT(none, "write COUNT");
    }

    // `del` reports a removal.
    TEST_F(PythonLayerTest, Delete)
    {
        quietly("gone = 1");
        auto events = run("del gone");
        EXPECT_EVENT(events, "remove gone");
    }

    // globals()[...] reads and writes go through the namespace.
    TEST_F(PythonLayerTest, GlobalsSubscript)
    {
        quietly("src = 4");
        auto events = run("globals()['dst'] = globals()['src'] * 2");
        EXPECT_EVENT(events, "read src");
        EXPECT_EVENT(events, "write dst");
    }

    // Keys made on the fly and dropped at once (ints, strings) find their own values, read after read.
    TEST_F(PythonLayerTest, TransientKeysFindTheirOwnValues)
    {
        quietly("for i in range(26):\n    globals()[1000 + i] = i\n    globals()[chr(97 + i) * 3] = i");
        run("def f():\n    g = globals()\n    return [g[1000 + i] for i in range(26)], [g[chr(97 + i) * 3] for i in range(26)]");
        run("by_int, by_str = f()");
        EXPECT_EQ(eval("by_int == list(range(26)) and by_str == list(range(26))").cast<bool>(), true)
            << "values read through transient keys: " << py::str(eval("by_int, by_str")).cast<std::string>();
    }

    // eval and exec at top level read and write through the namespace.
    TEST_F(PythonLayerTest, EvalAndExec)
    {
        quietly("t = 2");
        auto events = run("u = eval('t * 3')\nexec('w = t + 1')");
        EXPECT_EVENT(events, "read t");
        EXPECT_EVENT(events, "write u");
        EXPECT_EVENT(events, "write w");
    }

    // A star import binds every public name of the module.
    TEST_F(PythonLayerTest, StarImport)
    {
        auto events = run("from math import *");
        EXPECT_EVENT(events, "write pi");
        EXPECT_EVENT(events, "write sqrt");
    }

    // Re-binding the same value keeps the version: the event says so.
    TEST_F(PythonLayerTest, SameValues)
    {
        run("n = 3\ns = 'x'\nt = (1, 'a', None)\nfs = frozenset({1, 2})\nimport math\ndef f(a=1):\n    return a");
        auto events = run("n = 3\ns = 'x'\nt = (1, 'a', None)\nfs = frozenset({1, 2})\nimport math\ndef f(a=1):\n    return a");
        for (const char* name : {"n", "s", "t", "fs", "math", "f"})
        {
            EXPECT_EVENT(events, std::string("write ") + name + " (same)");
        }
        auto changed = run("n = 4\nt = (1, 'b', None)\ndef f(a=2):\n    return a\nL = [1]");
        EXPECT_EVENT(changed, "write n");
        EXPECT_EVENT(changed, "write t");
        EXPECT_EVENT(changed, "write f");
        // Rebuilt equal data is the same; an object made anew is not.
        auto again = run("L = [1]\nO = object()");
        EXPECT_EVENT(again, "write L (same)");
        auto other = run("O = object()");
        EXPECT_EVENT(other, "write O");
        EXPECT_NO_EVENT(other, "write O (same)");
    }

    // A read after the statement's own write is marked as the run's own value.
    TEST_F(PythonLayerTest, ReadAfterOwnWrite)
    {
        auto events = run("for i in range(3):\n    acc = i\n    last = acc");
        EXPECT_EVENT(events, "read acc (own)");
    }

    // `%deps off`: nothing is recorded and tracked functions still compute; `on` records again.
    TEST_F(PythonLayerTest, DisabledRecordsNothing)
    {
        run("A = 2\ndef f(x):\n    return x * A");
        xdeps::python::set_enabled(false);
        auto off = run("r = f(21)");
        xdeps::python::set_enabled(true);
        EXPECT_TRUE(off.empty()) << "events while disabled:" << joined(off);
        EXPECT_EQ(eval("r").cast<int>(), 42) << "a tracked function computes while tracking is off";
        auto on = run("s = f(1)");
        EXPECT_EVENT(on, "read A in f");
    }

    // A sink that fails stops recording for the run, says why, and the cell's result stands.
    TEST_F(PythonLayerTest, InternalFailureStopsRecording)
    {
        struct failing_sink final : xdeps::event_sink
        {
            int reads = 0;
            failing_sink()
            {
                open_recording();
            }
            void statement_impl(int) override {}
            void read_impl(std::string_view, std::string_view, bool) override
            {
                ++reads;
                throw std::runtime_error("sink is full");
            }
            void write_impl(std::string_view, bool) override {}
            void mutate_impl(std::string_view, const std::vector<std::string>&) override {}
            void remove_impl(std::string_view) override {}
            void call_impl(std::string_view, std::string_view) override {}
        } failing;
        quietly("a = 1\nb = 2");
        xdeps::python::set_sink(&failing);
        run("c = a + b\nd = c + a");
        EXPECT_EQ(failing.reads, 1) << "recording stopped at the first failure";
        EXPECT_EQ(std::string(xdeps::python::run_error()), "sink is full") << "the reason is readable";
        EXPECT_EQ(eval("d").cast<int>(), 4) << "the cell computed as without tracking";
        xdeps::python::set_sink(&sink);
        run("e = a");
        EXPECT_EQ(std::string(xdeps::python::run_error()), "") << "the next run records again";
    }

    // IPython's own names are never recorded.
    TEST_F(PythonLayerTest, ShellNamesIgnored)
    {
        auto events = run("_ = 1\n_5 = 2\n_i3 = 'x'\nOut = {}\nkeep = 1");
        EXPECT_EQ(events, (std::vector<std::string>{"write keep"})) << joined(events);
    }

    // Builtins resolve in functions and at top level; subscripting the namespace still raises.
    TEST_F(PythonLayerTest, BuiltinsResolve)
    {
        run("def size(xs):\n    return len(xs) + abs(-1)\nr = size([1, 2]) + min(3, 4)");
        EXPECT_EQ(eval("r").cast<int>(), 6);
        EXPECT_THROW(py::exec("globals()['len']", ns), py::error_already_set) << "ns['len'] must raise KeyError";
        auto inside_except = run("try:\n    raise ValueError\nexcept ValueError:\n    q = size([1])");
        EXPECT_EQ(eval("q").cast<int>(), 2);
    }

    // A remembered builtin gives way when a global shadows it, when the global goes, and when builtins change.
    TEST_F(PythonLayerTest, RememberedBuiltinsFollowChanges)
    {
        run("import builtins\ndef size():\n    return len([1, 2])\ndef answer():\n    return xdeps_extra\n"
            "builtins.xdeps_extra = 1\nfirst = [size() for _ in range(3)]");
        run("len = lambda xs: 42\nshadowed = size()");
        run("del len\nrestored = size()");
        run("a1 = answer()\nbuiltins.xdeps_extra = 2\na2 = answer()\ndel builtins.xdeps_extra");
        EXPECT_TRUE(eval("first == [2, 2, 2]").cast<bool>());
        EXPECT_EQ(eval("shadowed").cast<int>(), 42) << "a global named like a builtin wins";
        EXPECT_EQ(eval("restored").cast<int>(), 2) << "deleting it brings the builtin back";
        EXPECT_EQ(eval("a1").cast<int>(), 1);
        EXPECT_EQ(eval("a2").cast<int>(), 2) << "a changed builtin is seen at once";
        EXPECT_THROW(run("answer()"), py::error_already_set) << "a removed builtin is a NameError";
        EXPECT_THROW(py::exec("globals()['len']", ns), py::error_already_set) << "still a KeyError after len was answered";
    }

    // The namespace as the locals of code with other globals: the lookup falls through to those globals.
    TEST_F(PythonLayerTest, NamespaceAsLocalsOfOtherGlobals)
    {
        run("other = {'len': 5, '__builtins__': __builtins__}\nexec('got = len', other, globals())");
        EXPECT_EQ(eval("got").cast<int>(), 5) << "the globals' len, not the builtin";
    }

    // An exception through tracked frames leaves the call stack balanced.
    TEST_F(PythonLayerTest, ExceptionKeepsStackBalanced)
    {
        run("def bad():\n    raise KeyError('k')\ndef caller():\n    return bad()");
        EXPECT_THROW(run("caller()"), py::error_already_set);
        EXPECT_EQ(py::module_::import("xdeps").attr("_call_depth")().cast<int>(), 0);
        auto events = run("def ok():\n    return 1\nv = ok()");
        EXPECT_EVENT(events, "call <cell> -> ok");
    }

    // Deep recursion ends in RecursionError, not a crash, and the stack unwinds.
    TEST_F(PythonLayerTest, RecursionToTheLimit)
    {
        run("def down(n):\n    return down(n + 1)");
        try
        {
            run("down(0)");
            FAIL() << "expected RecursionError";
        }
        catch (py::error_already_set& e)
        {
            EXPECT_TRUE(e.matches(PyExc_RecursionError)) << e.what();
        }
        EXPECT_EQ(py::module_::import("xdeps").attr("_call_depth")().cast<int>(), 0);
    }

    // Tracked functions called from another thread work; the thread's calls do not disturb the cell's stack.
    TEST_F(PythonLayerTest, CallsFromAnotherThread)
    {
        run("import threading\nZ = 7\ndef work(out):\n    out.append(Z)\n"
            "res = []\nth = threading.Thread(target=work, args=(res,))\nth.start()\nth.join()");
        EXPECT_TRUE(eval("res == [7]").cast<bool>()) << "the thread must have run the tracked function";
        EXPECT_EQ(py::module_::import("xdeps").attr("_call_depth")().cast<int>(), 0);
    }

    // inspect, pickle and functools.wraps see a tracked function as the function.
    TEST_F(PythonLayerTest, TrackedFunctionsLookLikeFunctions)
    {
        py::module_ tempfile = py::module_::import("tempfile");
        py::object file = tempfile.attr("NamedTemporaryFile")("w", "suffix"_a = ".py", "delete"_a = false);
        std::string source = "def area(w, h=2):\n    '''Area.'''\n    return w * h\n";
        file.attr("write")(source);
        file.attr("close")();
        std::string path = file.attr("name").cast<std::string>();
        py::module_::import("sys").attr("modules")["__main__"].attr("__dict__");
        run(source, path.c_str());
        py::exec("import inspect, pickle, functools, types, sys\n"
                 "sig = str(inspect.signature(area))\nsrc = inspect.getsource(area)\n"
                 "sys.modules['__main__'].area = area\n"
                 "same = pickle.loads(pickle.dumps(area)) is area\n"
                 "@functools.wraps(area)\ndef deco(*a):\n    return area(*a)\n"
                 "wrapped = (deco.__name__, deco.__doc__, deco.__wrapped__ is area)\n"
                 "isfunc = inspect.isfunction(area)\n", ns);
        EXPECT_EQ(eval("sig").cast<std::string>(), "(w, h=2)");
        EXPECT_EQ(eval("src").cast<std::string>(), source);
        EXPECT_TRUE(eval("same").cast<bool>()) << "pickle must round-trip by reference";
        EXPECT_TRUE(eval("wrapped == ('area', 'Area.', True)").cast<bool>());
        EXPECT_TRUE(eval("isfunc").cast<bool>());
        EXPECT_EQ(eval("area(3)").cast<int>(), 6);
    }

    // The seed write-up's example gives the write-up's graph, in plain Python terms.
    TEST_F(PythonLayerTest, SeedTracerGraph)
    {
        quietly(R"python(
from xdeps import track, Tracer
A = 23
B = 42
@track
def f(x):
    return x + A
class C:
    @track
    def __init__(self, x):
        self.x = x + B
    @track
    def m(self, y):
        return self.x + y
    class D:
        @track
        def __init__(self, x):
            self.x = x + f(x)
        @track
        def m(self, y):
            return y + A
@track
def g(x):
    if x % 2 == 0:
        return C(x).m(x)
    else:
        return C.D(x).m(x)
with Tracer() as t23:
    g(23)
with Tracer() as t42:
    g(42)
)python");
        EXPECT_TRUE(eval("t23.graph == [('__main__','g',{'C': C}), ('__main__','g','__main__','C.D.__init__'), "
                         "('__main__','C.D.__init__',{'f': f}), ('__main__','C.D.__init__','__main__','f'), "
                         "('__main__','f',{'A': 23}), ('__main__','g','__main__','C.D.m'), ('__main__','C.D.m',{'A': 23})]")
                        .cast<bool>())
            << py::str(eval("t23.graph")).cast<std::string>();
        EXPECT_TRUE(eval("t42.graph == [('__main__','g',{'C': C}), ('__main__','g','__main__','C.__init__'), "
                         "('__main__','C.__init__',{'B': 42}), ('__main__','g','__main__','C.m')]")
                        .cast<bool>())
            << py::str(eval("t42.graph")).cast<std::string>();
    }

    // Outside the kernel, `track` on a module-level function still updates real globals and resolves builtins.
    TEST_F(PythonLayerTest, TrackInPlainPython)
    {
        py::dict plain;
        plain["__builtins__"] = py::module_::import("builtins");
        plain["__name__"] = "__main__";
        py::exec("from xdeps import track, Tracer\nCOUNT = 0\n@track\ndef bump():\n    global COUNT\n    COUNT += 1\n"
                 "    return len([COUNT])\nwith Tracer() as t:\n    bump()\nbump()\n", plain);
        EXPECT_EQ(py::eval("COUNT", plain).cast<int>(), 2) << "global writes must reach the module's globals";
        EXPECT_TRUE(py::eval("t.graph == [('__main__', 'bump', {'COUNT': 0}), ('__main__', 'bump', {'COUNT': 1})]", plain)
                        .cast<bool>())
            << py::str(py::eval("t.graph", plain)).cast<std::string>();
    }

    // With the real engine behind it: changing A makes the g(23) cell stale, not the g(42) cell.
    TEST_F(PythonLayerTest, RealEngineSeedPrecision)
    {
        xdeps::tracker engine;
        engine.set_order(xdeps::order_mode::any);   // later cells change what earlier ones read
        xdeps::python::set_sink(&engine);
        auto cell = [&](const std::string& id, int n, const std::string& code) {
            engine.begin_run(id, n);
            xdeps::python::begin_run(ns.ptr());
            py::module_::import("__main__").attr("run_cell")(code, ns);
            xdeps::python::end_run();
            return engine.end_run();
        };
        cell("defs", 1, "A = 23\nB = 42\ndef f(x):\n    return x + A\n"
                        "class C:\n    def __init__(self, x):\n        self.x = x + B\n    def m(self, y):\n        return self.x + y\n"
                        "    class D:\n        def __init__(self, x):\n            self.x = f(x)\n        def m(self, y):\n            return y + A\n"
                        "def g(x):\n    if x % 2 == 1:\n        return C.D(x).m(x)\n    return C(x).m(x)");
        cell("odd", 2, "r23 = g(23)");
        cell("even", 3, "r42 = g(42)");
        cell("a", 4, "A = 24");
        EXPECT_EQ(engine.status("odd"), xdeps::cell_status::stale) << "g(23) read A";
        EXPECT_EQ(engine.status("even"), xdeps::cell_status::fresh) << "g(42) never read A";
        cell("b", 5, "B = 43");
        EXPECT_EQ(engine.status("even"), xdeps::cell_status::stale) << "g(42) read B";
    }
}

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
