"""A notebook function behaves as under plain xpython (issue 15, items 1-3):
deep recursion goes as deep and never kills the kernel, help() and pydoc
keep docstrings, and a def of a cell is a plain function to type checks,
inspection, profiling and pickling. The cells run on both kernels and their
outputs are compared; tracking must still see the calls."""

import textwrap

import pytest

from notebook import Notebook
from scenario_helpers import deps


@pytest.fixture(scope="module")
def kernels():
    both = {"xdeps": Notebook(), "xpython": Notebook(kernel_name="xpython")}
    yield both
    for nb in both.values():
        nb.close()


def run_on(nb, name, code, cell):
    """Runs a cell on a kernel, which must survive it."""
    result = nb.run(textwrap.dedent(code), cell=cell, timeout=120)
    assert nb.km.is_alive(), f"the {name} kernel died running:\n{code}"
    return result


def same_on_both(kernels, code, cell):
    """Runs `code` on both kernels; returns xdeps' result after checking
    that its stdout and status are xpython's."""
    ours = run_on(kernels["xdeps"], "xdeps", code, cell)
    plain = run_on(kernels["xpython"], "xpython", code, cell)
    assert (ours.status, ours.stdout) == (plain.status, plain.stdout), (
        f"cell:\n{code}\n--- xpython: {plain.status}\n{plain.stdout}\n--- xdeps: {ours.status}\n{ours.stdout}"
        f"\n{ours.error}")
    return ours


RECURSIVE = """
import sys
sys.setrecursionlimit(100000)
keep = 41
def d(n):
    return 0 if n == 0 else 1 + d(n - 1)
"""


def test_deep_recursion_goes_as_deep_as_xpython(kernels):
    same_on_both(kernels, RECURSIVE, "rec-defs")
    for depth in (20000, 45000, 90000):
        result = same_on_both(kernels, f"print(d({depth}))", f"rec-{depth}")
        assert result.stdout == f"{depth}\n"
    # Past the recursion limit: RecursionError on both, and both alive.
    result = same_on_both(kernels, "try:\n    d(150000)\nexcept RecursionError:\n    print('RecursionError')",
                          "rec-limit")
    assert result.stdout == "RecursionError\n"


# Each level recurses through C code (map, sum), so it uses C stack: far
# below the recursion limit the C stack runs out. Plain xpython dies there;
# xdeps must raise RecursionError, stay alive and keep its namespace.
THROUGH_C = """
import sys
sys.setrecursionlimit(1000000)
def through_c(n):
    return 0 if n == 0 else 1 + sum(map(through_c, [n - 1]))
"""


@pytest.mark.parametrize("tracking", ["on", "off"])
def test_recursion_past_the_c_stack_is_a_clean_recursion_error(tracking):
    nb = Notebook()
    try:
        assert nb.run("%deps " + tracking, cell="switch").status == "ok"
        assert nb.run(RECURSIVE + THROUGH_C, cell="defs").status == "ok"
        result = nb.run("through_c(500000)", cell="deep", timeout=120)
        assert nb.km.is_alive(), "the kernel died of a C stack overflow"
        assert result.status == "error" and result.error["ename"] == "RecursionError", result
        after = nb.run("print(keep + 1, d(1000), through_c(100))", cell="after")
        assert after.stdout == "42 1000 100\n", after
    finally:
        nb.close()


DOCUMENTED = '''
def helper(x):
    """Scale x."""
    return x * 2
class Shape:
    """A shape."""
    def area(self):
        """Area of the shape."""
        return 0
    @property
    def size(self):
        """Its size."""
        return 1
    @staticmethod
    def make():
        """Make one."""
        return Shape()
    @classmethod
    def kind(cls):
        """Its kind."""
        return cls.__name__
'''


def test_help_and_pydoc_keep_docstrings(kernels):
    same_on_both(kernels, DOCUMENTED, "doc-defs")
    result = same_on_both(kernels, "import pydoc\nprint(repr(pydoc.getdoc(helper)))\n"
                                   "print(repr(pydoc.getdoc(Shape.area)))", "doc-getdoc")
    assert result.stdout == "'Scale x.'\n'Area of the shape.'\n"
    result = same_on_both(kernels, "help(helper)", "doc-help-f")
    assert "Scale x." in result.stdout
    result = same_on_both(kernels, "help(Shape)", "doc-help-class")
    for doc in ("Area of the shape.", "Its size.", "Make one.", "Its kind."):
        assert doc in result.stdout, result.stdout


FUNCTION_FACTS = """
import types, inspect, pickle, functools, cProfile, pstats, io
def area(w, h=2):
    '''Area.'''
    return w * h
def total(xs):
    return sum(area(x) for x in xs)
class Box:
    def m(self):
        return 1
    @staticmethod
    def s():
        return 2
    @classmethod
    def c(cls):
        return 3
    @property
    def p(self):
        return 4
@functools.wraps(area)
def wrapper(*a):
    return area(*a)
def profile(call):
    prof = cProfile.Profile()
    prof.runcall(call)
    rows = pstats.Stats(prof).stats
    return sorted((f[2], calls[1]) for f, calls in rows.items())
facts = {
    "type": (type(area) is types.FunctionType, type(area).__name__, type(Box.m).__name__,
             type(Box().m).__name__, type(Box.__dict__['s']).__name__, type(Box.__dict__['c']).__name__),
    "inspect": (inspect.isfunction(area), str(inspect.signature(area)), inspect.getdoc(area),
                inspect.getsource(area).splitlines()[0], area.__code__.co_varnames, area.__defaults__),
    "pickle": (pickle.loads(pickle.dumps(area)) is area, pickle.loads(pickle.dumps(Box.m)) is Box.m),
    "wraps": (wrapper.__name__, wrapper.__doc__, wrapper.__wrapped__ is area, inspect.unwrap(wrapper) is area),
    "methods": (Box().m(), Box.s(), Box().s(), Box.c(), Box().p, Box.m.__qualname__),
    "profile": profile(lambda: total([1, 2, 3])),
}
for key, value in facts.items():
    print(key, value)
"""


def test_a_notebook_function_is_a_plain_function(kernels):
    result = same_on_both(kernels, FUNCTION_FACTS, "facts")
    assert "type (True, 'function', 'function', 'method', 'staticmethod', 'classmethod')" in result.stdout
    # The profile lists the same functions, called as often, as xpython's:
    # no wrapper and no tracker entry.
    assert "('area', 3)" in result.stdout and "tracked" not in result.stdout


def test_inspection_says_function(kernels):
    for name, nb in kernels.items():
        run_on(nb, name, "def shown(x):\n    '''Shown.'''\n    return x", "inspect-def")
        msg_id = nb.kc.inspect("shown", cursor_pos=5, detail_level=0)
        reply = nb.kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = nb.kc.get_shell_msg(timeout=30)
        text = reply["content"]["data"]["text/plain"]
        assert "function" in [line.split()[-1] for line in text.splitlines() if "Type:" in line], (name, text)
        assert "Shown." in text, (name, text)


def test_tracking_still_sees_calls_and_attributes_reads(kernels):
    nb = kernels["xdeps"]
    run_on(nb, "xdeps", "SCALE = 10", "track-scale")
    run_on(nb, "xdeps", "def scaled(x):\n    return x * SCALE\ndef twice(x):\n    return scaled(x) * 2", "track-defs")
    run_on(nb, "xdeps", "r = twice(1)", "track-use")
    # The first cell, edited and re-run.
    run_on(nb, "xdeps", "SCALE = 20", "track-scale")
    stale = deps(nb, "--stale", cell="track-query")
    text = stale.stdout + "".join(d.get("text/plain", "") for d in stale.displays)
    assert "SCALE" in text and "scaled" in text, text
