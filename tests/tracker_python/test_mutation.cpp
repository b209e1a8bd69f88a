// In-place changes seen by the CPython layer (docs/mutation.md): the
// fingerprints, the forms of statements and defs, and the `mutate` events
// that reach the sink, through an embedded interpreter.

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "pybind11/embed.h"

#include "xdeps/python_layer.hpp"

#include "embedded_python_test.hpp"

namespace py = pybind11;

namespace
{
    // Runs cells as the kernel does: defs decorated with their forms, each
    // top-level statement between the hooks with its own forms.
    const char harness[] = R"python(
import ast, builtins, xdeps

def _track_changes(forms, names):
    def decorate(f):
        xdeps._with_changes(xdeps._record_of(f), forms, names)
        return f
    return decorate

builtins.__xdeps_call__ = None
builtins.__xdeps_track_changes__ = _track_changes

def decorate(tree):
    changes = xdeps._mutation_forms.definition_forms(tree)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node in changes:
                d = ast.Call(ast.Name("__xdeps_track_changes__", ast.Load()),
                             [ast.Constant(p) for p in changes[node]], [])
                node.decorator_list.append(d)
            at = 1 if (isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)) else 0
            node.body.insert(at, ast.Expr(ast.Name("__xdeps_call__", ast.Load())))
    return ast.fix_missing_locations(tree)

def run_cell(source, ns):
    tree = decorate(ast.parse(source))
    for node in tree.body:
        code = compile(ast.Module([node], []), "<cell>", "exec")
        xdeps._statement_begin(code, xdeps._mutation_forms.statement_forms(node))
        try:
            exec(code, ns)
        finally:
            xdeps._statement_end()

def forms(source):
    return xdeps._mutation_forms.statement_forms(ast.parse(source).body[0])
)python";

    struct mutation_sink final : xdeps::event_sink
    {
        std::vector<std::string> events;
        bool with_elements = false;  // element reads are listed only when asked for

        mutation_sink()
        {
            open_recording();
        }

        void statement_impl(int) override {}
        void read_impl(std::string_view, std::string_view, bool) override {}
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
        void call_impl(std::string_view, std::string_view) override {}
        void read_elements_impl(std::string_view name, std::string_view function,
                                const std::vector<std::string>& keys) override
        {
            if (!with_elements)
            {
                return;
            }
            std::string text = "elements " + std::string(name) + (function.empty() ? "" : " in " + std::string(function));
            for (const std::string& k : keys)
            {
                text += " " + k;
            }
            events.push_back(text);
        }
    };

    std::string joined(const std::vector<std::string>& events)
    {
        std::string out;
        for (const auto& e : events)
        {
            out += "\n  " + e;
        }
        return out.empty() ? "\n  (none)" : out;
    }

    class MutationTest : public xdeps_test::embedded_python_test<harness, mutation_sink>
    {
    protected:

        // The write, mutate and remove events of `code` run as one cell.
        std::vector<std::string> run(const std::string& code)
        {
            sink.events.clear();
            xdeps::python::begin_run(ns.ptr());
            try
            {
                py::module_::import("__main__").attr("run_cell")(code, ns);
            }
            catch (...)
            {
                xdeps::python::end_run();
                throw;
            }
            xdeps::python::end_run();
            return sink.events;
        }

        void quietly(const std::string& code)
        {
            py::exec(code, ns);
        }

        // True when `statement` leaves the fingerprint of `expr` as it was.
        bool fingerprint_kept(const std::string& setup, const std::string& expr, const std::string& statement)
        {
            quietly(setup);
            py::object xdeps = py::module_::import("xdeps");
            py::object before = xdeps.attr("_fingerprint")(py::eval(expr, ns));
            quietly(statement);
            return !xdeps.attr("_changed")(py::eval(expr, ns), before).cast<bool>();
        }
    };

    using events = std::vector<std::string>;

    // The O(1) fingerprints: changed by what changes the object, not by reads.
    TEST_F(MutationTest, FingerprintsSeeChangesNotReads)
    {
        EXPECT_TRUE(fingerprint_kept("d = {'a': 1}", "d", "d.get('a'); 'a' in d; list(d.items())"));
        EXPECT_TRUE(fingerprint_kept("d = {'a': 1}", "d", "d['a'] = 1")) << "storing the identical object";
        EXPECT_FALSE(fingerprint_kept("d = {'a': 1}", "d", "d['b'] = 2"));
        EXPECT_FALSE(fingerprint_kept("class P: pass\np = P(); p.x = 1", "p", "p.x = 2"));
        EXPECT_TRUE(fingerprint_kept("class P: pass\np = P(); p.x = 1", "p", "y = p.x + 1"));
        EXPECT_FALSE(fingerprint_kept("l = [1, 2, 3]", "l", "l.append(4)"));
        EXPECT_FALSE(fingerprint_kept("l = [1, 2, 3]", "l", "l[0] = 10"));
        EXPECT_TRUE(fingerprint_kept("l = [1, 2, 3]", "l", "sorted(l); l.count(1); l.copy()"));
        EXPECT_FALSE(fingerprint_kept("s = {1}", "s", "s.add(2)"));
        EXPECT_FALSE(fingerprint_kept("import collections\nq = collections.deque([1])", "q", "q.appendleft(0)"));
        EXPECT_FALSE(fingerprint_kept("import numpy as np\na = np.zeros(4)", "a", "a.resize(8, refcheck=False)"));
        EXPECT_TRUE(fingerprint_kept("import numpy as np\na = np.zeros(4)", "a", "np.sort(a); a.sum(); a + 1"));
        EXPECT_FALSE(fingerprint_kept("import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})", "df", "df['b'] = 1"));
        EXPECT_FALSE(fingerprint_kept("import pandas as pd\ndf = pd.DataFrame({'a': [1, 2.5]})", "df",
                                      "df.dropna(inplace=True)"));
        EXPECT_TRUE(fingerprint_kept("import pandas as pd\ndf = pd.DataFrame({'a': [1, 2], 'b': [1.5, 2]})", "df",
                                     "df.head(); df.describe(); df.groupby('a').sum(); df.dropna(); df['a'].sum()"));
        EXPECT_TRUE(fingerprint_kept("df['c'] = 1.5", "df", "df.values"))
            << "a read that consolidates the frame's blocks in place";
        EXPECT_FALSE(fingerprint_kept("df['d'] = 2.5", "df", "df.values; df.dropna(inplace=True)"));
    }

    // The forms found in a statement's syntax.
    TEST_F(MutationTest, StatementForms)
    {
        auto forms = [](const char* source) {
            return py::repr(py::module_::import("__main__").attr("forms")(source)).cast<std::string>();
        };
        EXPECT_EQ(forms("d['a'] = 1"), "(('store', 'd', (('[', 'a'),)), ('uses', 'd', (('[', 'a'),), (\"['a']\",)))");
        EXPECT_EQ(forms("p.x += 1"), "(('store', 'p', (('.', 'x'),)), ('uses', 'p', (('.', 'x'),), ('.x',)))");
        EXPECT_EQ(forms("lst.append(1)"), "(('call', 'lst', (), 'append', 1),)");
        EXPECT_EQ(forms("df.dropna(inplace=True)"),
                  "(('call', 'df', (), 'dropna', None), ('inplace', 'df', ()))");
        EXPECT_EQ(forms("np.add(a, 1, out=a)"), "(('call', 'np', (), 'add', None), ('out', 'a', ()))");
        EXPECT_EQ(forms("[acc.append(i) for i in range(3)]"), "(('call', 'acc', (), 'append', None),)");
        EXPECT_EQ(forms("[i.append(1) for i in lists]"), "None") << "a comprehension's own variable";
        EXPECT_EQ(forms("total = x + y"), "None");
        // Element lineage: globals used only through constant keys and attributes.
        EXPECT_EQ(forms("t = d['a'] + d.get('b') + p.x"),
                  "(('call', 'd', (), 'get', 'b'), ('uses', 'd', (('[', 'a'), ('[', 'b')), (\"['a']\", \"['b']\")), "
                  "('uses', 'p', (('.', 'x'),), ('.x',)))");
        EXPECT_EQ(forms("s = df['a'].sum()"),
                  "(('call', 'df', (('[', 'a'),), 'sum', None), ('uses', 'df', (('[', 'a'),), (\"['a']\",)))");
        EXPECT_EQ(forms("v = lst[0]"), "(('uses', 'lst', (('[', 0),), ('[0]',)),)");
        EXPECT_EQ(forms("n = len(d) + d['a']"), "None") << "a use of the whole object";
    }

    // Element lineage: a read only through constant keys and plain
    // attributes names those elements, confirmed by the object's type when
    // the statement ends; anything else is a read of all of it.
    TEST_F(MutationTest, ElementReadsAreConfirmedByType)
    {
        sink.with_elements = true;
        run("import pandas as pd\nimport numpy as np\nd = {'a': 1, 'b': 2}\nlst = [1, 2]\nt2 = (1, 2)\n"
            "df = pd.DataFrame({'a': [1]})\narr = np.arange(3)\n"
            "class P:\n    @property\n    def area(self):\n        return 1\n    k = 5\np = P()\np.x = 1");
        EXPECT_EQ(run("t = d['a'] + d.get('b')"), (events{"write t", "elements d ['a'] ['b']"}));
        EXPECT_EQ(run("t = lst[0] + p.x + df['a'].sum()"),
                  (events{"write t", "elements df ['a']", "elements lst [0]", "elements p .x"}));
        EXPECT_EQ(run("t = p.area"), (events{"write t"})) << "a property runs code over the object: all of it";
        EXPECT_EQ(run("t = p.k"), (events{"write t"})) << "a class attribute, not the instance's";
        EXPECT_EQ(run("t = len(d) + d['a']"), (events{"write t"}));
        EXPECT_EQ(run("t = arr[0] + t2[0]"), (events{"write t"})) << "arrays and tuples: read whole";
        EXPECT_EQ(run("t = df.shape"), (events{"write t"})) << "an attribute pandas computes";
        EXPECT_EQ(run("if False:\n    t = d['a']"), events{}) << "not read: nothing";
    }

    // The element reads reach the sink, by the function that made them.
    TEST_F(MutationTest, ElementReadEvents)
    {
        sink.with_elements = true;
        run("cfg = {'lr': 0.1, 'n': 2}\nclass P: pass\np = P()\np.x = 1\ndef rate():\n    return cfg['lr']");
        EXPECT_EQ(run("t = cfg['n'] + p.x"), (events{"write t", "elements cfg ['n']", "elements p .x"}));
        EXPECT_EQ(run("r = rate()"), (events{"write r", "elements cfg in rate ['lr']"}));
        EXPECT_EQ(run("k = len(cfg)"), (events{"write k"})) << "a use of the whole object";
        EXPECT_EQ(run("cfg['n'] = 3"), (events{"mutate cfg ['n']", "elements cfg ['n']"}))
            << "a store uses only the element it stores";
    }

    TEST_F(MutationTest, ElementStoresAndDeletes)
    {
        quietly("d = {'a': 1, 'b': 2}\nlst = [1, 2, 3]\nclass P: pass\np = P()\np.x = 1");
        EXPECT_EQ(run("d['b'] = 3"), (events{"mutate d ['b']"}));
        EXPECT_EQ(run("d['a'] = 1"), events{}) << "the same element stored again";
        EXPECT_EQ(run("del d['b']"), (events{"mutate d ['b']"}));
        EXPECT_EQ(run("lst[1] = 10"), (events{"mutate lst [1]"}));
        EXPECT_EQ(run("del lst[0]"), (events{"mutate lst"})) << "later elements move: all of it";
        EXPECT_EQ(run("p.y = 3"), (events{"mutate p .y"}));
        EXPECT_EQ(run("for i in range(5):\n    d[i] = i"), (events{"write i", "mutate d"}));
    }

    TEST_F(MutationTest, MethodsByTypeAtRunTime)
    {
        quietly("import collections\nlst = [3, 1]\nd = {'a': 1}\nq = collections.deque()\nc = collections.Counter()");
        EXPECT_EQ(run("lst.sort()"), (events{"mutate lst"}));
        EXPECT_EQ(run("v = d.pop('a')"), (events{"write v", "mutate d ['a']"}));
        EXPECT_EQ(run("d.setdefault('z', [])"), (events{"mutate d ['z']"}));
        EXPECT_EQ(run("q.append(1)"), (events{"mutate q"}));
        EXPECT_EQ(run("c.update('abc')"), (events{"mutate c"}));
        EXPECT_EQ(run("n = lst.count(1)\nm = sorted(lst)\ne = d.get('a')\nk = lst.copy()"),
                  (events{"write n", "write m", "write e", "write k"}));
    }

    TEST_F(MutationTest, AugmentedAssignmentOnMutablesAndImmutables)
    {
        quietly("lst = [1]\nn = 1");
        EXPECT_EQ(run("lst += [2]"), (events{"mutate lst"}));
        EXPECT_EQ(run("n += 1"), (events{"write n"}));
        EXPECT_EQ(run("lst = lst + [3]"), (events{"write lst"}));
    }

    TEST_F(MutationTest, AliasesAreWrittenToo)
    {
        quietly("x = [1]\ny = x\nz = [1]");
        auto e = run("y.append(2)");
        std::sort(e.begin(), e.end());
        EXPECT_EQ(e, (events{"mutate x", "mutate y"})) << joined(e);
    }

    TEST_F(MutationTest, NotebookFunctionsOnGlobalsAndOnWhatTheyArePassed)
    {
        run("log = []\ndef note(v):\n    log.append(v)\ndef add(l, v):\n    l.append(v)\n"
            "class M:\n    def fit(self, X):\n        self.coef = X\n    def read(self):\n        return self.coef");
        quietly("data = [1]\nm = M()\nm.coef = 0");
        EXPECT_EQ(run("note(1)"), (events{"mutate log"}));
        EXPECT_EQ(run("for i in range(3):\n    add(data, i)"), (events{"write i", "mutate data"}));
        EXPECT_EQ(run("add(l=data, v=4)"), (events{"mutate data"})) << "passed by keyword";
        EXPECT_EQ(run("m.fit(5)"), (events{"mutate m .coef"}));
        EXPECT_EQ(run("r = m.read()"), (events{"write r"}));
        EXPECT_EQ(run("add([], 1)"), events{}) << "a new list is no global";
    }

    // A form counts only for a global the statement read.
    TEST_F(MutationTest, FormsNotRunAreNotChanges)
    {
        run("log = []\ndef maybe(flag):\n    if flag:\n        log.append(1)");
        EXPECT_EQ(run("maybe(False)"), events{}) << "a branch not taken";
        EXPECT_EQ(run("maybe(True)"), (events{"mutate log"}));
        EXPECT_EQ(run("later = lambda: log.append(1)"), (events{"write later"})) << "a lambda not called";
        EXPECT_EQ(run("later()"), (events{"mutate log"})) << "the lambda, called";
    }

    TEST_F(MutationTest, ArgumentMutatorsAreConfirmedByIdentity)
    {
        quietly("import random, heapq\nimport numpy as np\nlst = [3, 1, 2]\nh = []\na = np.zeros(3)\n"
                "def shuffle(v):\n    return v");
        EXPECT_EQ(run("random.shuffle(lst)"), (events{"mutate lst"}));
        EXPECT_EQ(run("heapq.heappush(h, 1)"), (events{"mutate h"}));
        EXPECT_EQ(run("np.copyto(a, 1.0)"), (events{"mutate a"}));
        EXPECT_EQ(run("np.add(a, 1, out=a)"), (events{"mutate a"}));
        EXPECT_EQ(run("r = shuffle(lst)"), (events{"write r"})) << "a function of the same name";
    }

    // A library object's method: a change only when its state was seen to change.
    TEST_F(MutationTest, UnknownTypesByObservation)
    {
        quietly("import types\nlib = types.ModuleType('lib')\n"
                "exec('class Model:\\n    def fit(self, v):\\n        self.w = v\\n"
                "    def predict(self):\\n        return 1\\n', lib.__dict__)\nmodel = lib.Model()");
        EXPECT_EQ(run("model.fit(3)"), (events{"mutate model"}));
        EXPECT_EQ(run("y = model.predict()"), (events{"write y"}));
    }

    TEST_F(MutationTest, PandasAndNumpy)
    {
        quietly("import numpy as np\nimport pandas as pd\narr = np.arange(6.0)\n"
                "df = pd.DataFrame({'a': [1.0, None, 3.0], 'b': [1, 2, 3]})");
        EXPECT_EQ(run("df['c'] = df['a'] * 2"), (events{"mutate df ['c']"}));
        EXPECT_EQ(run("df.loc[0, 'a'] = 5"), (events{"mutate df"}));
        EXPECT_EQ(run("df.fillna(0, inplace=True)"), (events{"mutate df"}));
        EXPECT_EQ(run("v = df.pop('c')"), (events{"write v", "mutate df"}));
        EXPECT_EQ(run("arr[arr > 2] = 0"), (events{"mutate arr"}));
        EXPECT_EQ(run("arr *= 2"), (events{"mutate arr"}));
        EXPECT_EQ(run("arr.fill(1)"), (events{"mutate arr"}));
        EXPECT_EQ(run("s = np.sort(arr)\nh = df.head()\nt = df.groupby('b').sum()\nu = df.dropna()"),
                  (events{"write s", "write h", "write t", "write u"}));
    }
}
