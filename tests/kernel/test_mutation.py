"""In-place changes make readers stale (docs/semantics.md, Mutation;
docs/mutation.md), over the real protocol with Debian's pandas and numpy.

Each case runs a cell that binds a global, a cell that reads it, and a
cell that changes it in place (or only reads it), then checks the statuses
and reasons from `%deps --all --json`. Global names are made unique per
case (`{x}` in the code), since the cases share one kernel.
"""

import re

import pytest

# Scenarios in which a cell run later changes what an earlier cell read: the
# order-free rule (docs/semantics.md, Notebook order); the notebook-order
# variants are in test_notebook_order.py.
pytestmark = pytest.mark.usefixtures("order_any")

FRESH, STALE = "fresh", "stale"


def _name(request):
    return "mu_" + re.sub(r"\W", "_", request.node.name)[-40:]


def _expect_mutated_reasons(s, cell, symbol, changed_by):
    reasons = s.cells()[cell]["reasons"]
    assert s.reasons(cell) == [(symbol, changed_by)], (
        f"{cell} should be stale because {changed_by} changed {symbol} in place: {reasons}")
    for reason in reasons:
        assert reason["mutated"] is True, f"the reason should say `mutated`: {reason}"


def check_detected(s, name, setup, change, reader="{x}_seen = repr({x})"):
    x = name
    s.run("bind", setup.format(x=x))
    s.run("read", reader.format(x=x))
    s.run("change", change.format(x=x))
    s.expect(f"`{change}` changes {x} in place: its reader is stale; the binder and the changer are fresh",
             bind=FRESH, read=STALE, change=FRESH)
    _expect_mutated_reasons(s, "read", x, "change")
    s.run("read", reader.format(x=x))
    s.expect("the reader re-ran after the change: fresh", bind=FRESH, read=FRESH, change=FRESH)


def check_not_flagged(s, name, setup, use, reader="{x}_seen = repr({x})"):
    x = name
    s.run("bind", setup.format(x=x))
    s.run("read", reader.format(x=x))
    s.run("use", use.format(x=x))
    s.expect(f"`{use}` only reads {x}: nothing is stale", bind=FRESH, read=FRESH, use=FRESH)


BUILTIN_CHANGES = [
    ("{x} = [3, 1, 2]", change) for change in (
        "{x}.append(4)", "{x}.extend([5])", "{x}.insert(0, 9)", "{x}.remove(1)", "{x}_last = {x}.pop()",
        "{x}.clear()", "{x}.sort()", "{x}.reverse()", "{x}[0] = 10", "{x}[1] = 10", "{x}[0:2] = [7]",
        "del {x}[0]", "{x} += [2]", "{x} *= 2")
] + [
    ("{x} = {{'a': 1, 'b': 2}}", change) for change in (
        "{x}['c'] = 3", "{x}['a'] = 5", "del {x}['a']", "{x}_v = {x}.pop('a')", "{x}_kv = {x}.popitem()",
        "{x}.setdefault('z', 0)", "{x}.update(a=2)", "{x}.clear()", "{x} |= {{'q': 1}}")
] + [
    ("{x} = {{1, 2}}", change) for change in (
        "{x}.add(3)", "{x}.discard(1)", "{x}.remove(2)", "{x}_p = {x}.pop()", "{x}.clear()", "{x}.update([7])",
        "{x} |= {{8}}", "{x}.intersection_update([1])", "{x}.difference_update([1])")
] + [
    ("{x} = bytearray(b'ab')", "{x}.append(99)"),
    ("{x} = bytearray(b'ab')", "{x}[0] = 65"),
    ("import collections\n{x} = collections.deque([1, 2])", "{x}.appendleft(0)"),
    ("import collections\n{x} = collections.deque([1, 2])", "{x}_p = {x}.popleft()"),
    ("import collections\n{x} = collections.deque([1, 2])", "{x}.rotate(1)"),
    ("import collections\n{x} = collections.Counter('ab')", "{x}.update('aa')"),
    ("import collections\n{x} = collections.Counter('ab')", "{x}.subtract('a')"),
    ("import collections\n{x} = collections.OrderedDict(a=1, b=2)", "{x}.move_to_end('a')"),
    ("import collections\n{x} = collections.defaultdict(list)", "{x}['k'].append(1)"),
    ("{x} = {{'k': []}}", "{x}['k'].append(1)"),
]

ATTRIBUTE_CHANGES = [
    ("class {x}_P: pass\n{x} = {x}_P()\n{x}.a = 1", "{x}.b = 2"),
    ("class {x}_P: pass\n{x} = {x}_P()\n{x}.a = 1", "{x}.a = 2"),
    ("class {x}_P: pass\n{x} = {x}_P()\n{x}.a = 1", "del {x}.a"),
    ("class {x}_P: pass\n{x} = {x}_P()\n{x}.a = 1", "setattr({x}, 'a', 5)"),
    ("class {x}_P: pass\n{x} = {x}_P()\n{x}.a = 1", "delattr({x}, 'a')"),
    ("class {x}_P: pass\n{x} = {x}_P()\n{x}.items = []", "{x}.items.append(1)"),
    ("class {x}_M:\n    def fit(self, v):\n        self.coef = v * 2\n{x} = {x}_M()", "{x}.fit(3)"),
    ("class {x}_A:\n    def __init__(self):\n        self.items = []\n    def push(self, v):\n"
     "        self.items.append(v)\n{x} = {x}_A()", "{x}.push(1)"),
]

LIBRARY_CHANGES = [
    ("import random\n{x} = list(range(20))", "random.shuffle({x})"),
    ("import heapq\n{x} = [5, 1]", "heapq.heappush({x}, 0)"),
    ("import heapq\n{x} = [5, 1, 3]", "heapq.heapify({x})"),
    ("import heapq\n{x} = [1, 5]", "{x}_min = heapq.heappop({x})"),
    ("import bisect\n{x} = [1, 5]", "bisect.insort({x}, 3)"),
    ("import numpy as np\n{x} = np.zeros(3)", "np.copyto({x}, np.ones(3))"),
    ("import numpy as np\n{x} = np.arange(10)", "np.random.shuffle({x})"),
    ("import numpy as np\n{x} = np.zeros(3)", "np.add({x}, 1, out={x})"),
]

NUMPY_CHANGES = [
    ("import numpy as np\n{x} = np.arange(6.0)", change) for change in (
        "{x}[0] = 5", "{x}[1:3] = 0", "{x}[{x} > 2] = 0", "{x} += 1", "{x} *= 2", "{x}.sort()", "{x}.fill(0)")
]

PANDAS_SETUP = "import pandas as pd\n{x} = pd.DataFrame({{'a': [1.0, None, 3.0], 'b': [1, 2, 3]}})"
PANDAS_CHANGES = [
    (PANDAS_SETUP, change) for change in (
        "{x}['c'] = {x}['b'] * 2", "{x}['a'] = 0.0", "{x}.loc[0, 'a'] = 9", "{x}.iloc[0, 1] = 9",
        "{x}.at[0, 'b'] = 7", "{x}.iat[0, 1] = 7", "{x}.dropna(inplace=True)", "{x}.fillna(0, inplace=True)",
        "{x}.rename(columns={{'b': 'B'}}, inplace=True)", "{x}.insert(0, 'z', 1)", "{x}_b = {x}.pop('b')",
        "del {x}['b']", "{x} += 1")
] + [
    ("import pandas as pd\n{x} = pd.Series([1.0, None])", "{x}.fillna(0, inplace=True)"),
    ("import pandas as pd\n{x} = pd.Series([1.0, 2.0])", "{x}[0] = 5"),
]

IN_CODE_CHANGES = [
    # a notebook function on a global it reads, and on an object passed to it
    ("{x} = []", "def {x}_note(v):\n    {x}.append(v)\n{x}_note(1)"),
    ("{x} = {{}}", "def {x}_put(k, v):\n    {x}[k] = v\n{x}_put('a', 1)"),
    ("{x} = []", "def {x}_add(l, v):\n    l.append(v)\n{x}_add({x}, 1)"),
    ("{x} = []", "def {x}_add(l, v):\n    l.append(v)\nfor i in range(3):\n    {x}_add(l={x}, v=i)"),
    ("import numpy as np\n{x} = np.zeros(3)", "def {x}_zero(a):\n    a[:] = 1\n{x}_zero({x})"),
    ("import pandas as pd\n{x} = pd.DataFrame({{'a': [1, 2]}})", "def {x}_col(df):\n    df['n'] = 1\n{x}_col({x})"),
    ("{x} = []", "def {x}_outer(l):\n    {x}_inner(l)\ndef {x}_inner(l):\n    l.append(1)\n{x}_outer({x})"),
    # a comprehension and a lambda
    ("{x} = []", "[{x}.append(i) for i in range(3)]"),
    ("{x} = []", "(lambda v: {x}.append(v))(1)"),
    ("{x} = []", "list(map(lambda v: {x}.append(v), [1, 2]))"),
]


@pytest.mark.parametrize("setup, change", BUILTIN_CHANGES, ids=[c for _, c in BUILTIN_CHANGES])
def test_builtin_containers(s, request, setup, change):
    check_detected(s, _name(request), setup, change)


@pytest.mark.parametrize("setup, change", ATTRIBUTE_CHANGES, ids=[c for _, c in ATTRIBUTE_CHANGES])
def test_attributes(s, request, setup, change):
    check_detected(s, _name(request), setup, change, reader="{x}_seen = vars({x}).copy()")


@pytest.mark.parametrize("setup, change", LIBRARY_CHANGES, ids=[c for _, c in LIBRARY_CHANGES])
def test_library_functions_that_change_an_argument(s, request, setup, change):
    check_detected(s, _name(request), setup, change)


@pytest.mark.parametrize("setup, change", NUMPY_CHANGES, ids=[c for _, c in NUMPY_CHANGES])
def test_numpy_arrays(s, request, setup, change):
    check_detected(s, _name(request), setup, change, reader="{x}_total = float({x}.sum())")


@pytest.mark.parametrize("setup, change", PANDAS_CHANGES, ids=[c for _, c in PANDAS_CHANGES])
def test_pandas_objects(s, request, setup, change):
    check_detected(s, _name(request), setup, change, reader="{x}_shape = {x}.shape")


@pytest.mark.parametrize("setup, change", IN_CODE_CHANGES, ids=[c.splitlines()[-1] for _, c in IN_CODE_CHANGES])
def test_inside_functions_comprehensions_and_lambdas(s, request, setup, change):
    check_detected(s, _name(request), setup, change)


def test_through_an_alias(s, request):
    x = _name(request)
    s.run("bind", f"{x} = [1]\n{x}_alias = {x}")
    s.run("read", f"{x}_n = len({x})")
    s.run("change", f"{x}_alias.append(2)")
    s.expect("a change through an alias changes the object the other name is bound to",
             bind=FRESH, read=STALE, change=FRESH)
    _expect_mutated_reasons(s, "read", x, "change")


def test_unknown_library_type_by_observation(s, request):
    x = _name(request)
    library = (f"import types\n{x}_lib = types.ModuleType('{x}_lib')\n"
               f"exec('class Model:\\n    def fit(self, v):\\n        self.w = v\\n"
               f"    def predict(self):\\n        return 1\\n', {x}_lib.__dict__)\n{x} = {x}_lib.Model()")
    s.run("bind", library)
    s.run("read", f"{x}_seen = vars({x}).copy()")
    s.run("ask", f"{x}_p = {x}.predict()")
    s.expect("a method of an unknown class that changed nothing is not a change", read=FRESH, ask=FRESH)
    s.run("change", f"{x}.fit(3)")
    s.expect("a method of an unknown class whose object was seen to change is", read=STALE, change=FRESH)


READ_ONLY = [
    ("{x} = [3, 1, 2]", use) for use in (
        "{x}_s = sorted({x})", "{x}_c = {x}.copy()", "{x}_n = {x}.count(1)", "{x}_in = 3 in {x}", "print({x})",
        "{x}_r = repr({x})", "import json\n{x}_j = json.dumps({x})",
        "import logging\nlogging.getLogger('{x}').info('%s', {x})", "{x}_t = {x} + [4]")
] + [
    ("{x} = {{'a': 1}}", use) for use in ("{x}_g = {x}.get('a')", "{x}_in = 'a' in {x}", "{x}['a'] = 1",
                                          "{x}_k = list({x}.items())")
] + [
    (PANDAS_SETUP, use) for use in ("{x}_h = {x}.head()", "{x}_d = {x}.describe()",
                                    "{x}_g = {x}.groupby('b').sum()", "{x}_n = {x}.dropna()",
                                    "{x}_m = {x}['a'].mean()", "{x}_p = {x} * 2")
] + [
    # a read that consolidates the frame's blocks in place (pandas replaces its manager)
    (PANDAS_SETUP + "\n{x}['c'] = 2.5", "{x}_v = {x}.values"),
] + [
    ("import numpy as np\n{x} = np.arange(5.0)", use) for use in ("{x}_s = np.sort({x})", "{x}_p = {x} + 1",
                                                                   "{x}_m = {x}.mean()")
]


@pytest.mark.parametrize("setup, use", READ_ONLY, ids=[u for _, u in READ_ONLY])
def test_reads_are_not_changes(s, request, setup, use):
    check_not_flagged(s, _name(request), setup, use)


def test_a_reader_rerun_after_a_change_is_fresh_until_the_next_one(s, request):
    x = _name(request)
    s.run("bind", f"{x} = []")
    s.run("read", f"{x}_n = len({x})")
    for round in range(3):
        s.run("change", f"{x}.append({round})")
        s.expect(f"change {round + 1} makes the reader stale", bind=FRESH, read=STALE, change=FRESH)
        s.run("read", f"{x}_n = len({x})")
        s.expect(f"the reader re-ran after change {round + 1}", bind=FRESH, read=FRESH, change=FRESH)


def test_a_cell_that_reads_only_after_the_change_is_fresh(s, request):
    x = _name(request)
    s.run("bind", f"{x} = []")
    s.run("change", f"{x}.append(1)")
    s.run("read", f"{x}_n = len({x})")
    s.expect("the reader saw the changed object", bind=FRESH, change=FRESH, read=FRESH)


def test_a_cells_own_change_never_makes_it_stale(s, request):
    x = _name(request)
    s.run("own", f"{x} = []\n{x}.append(1)\n{x}_n = len({x})")
    s.run("own", f"{x} = []\n{x}.append(1)\n{x}_n = len({x})")
    s.run("again", f"{x}.append(2)\n{x}_m = len({x})")
    s.run("again", f"{x}.append(2)\n{x}_m = len({x})")
    statuses = s.statuses()
    assert statuses["again"] == FRESH, f"a cell's own in-place changes never make it stale: {statuses}"


def test_a_rebinding_is_not_reported_as_mutated(s, request):
    x = _name(request)
    s.run("bind", f"{x} = [1]")
    s.run("read", f"{x}_n = len({x})")
    s.run("rebind", f"{x} = [2]")
    s.expect("a rebinding makes the reader stale", read=STALE)
    reasons = s.cells()["read"]["reasons"]
    assert [r["mutated"] for r in reasons] == [False], f"a rebinding is no in-place change: {reasons}"


# --- element lineage ----------------------------------------------------------

ELEMENTS = [
    # (setup, reader, a change of other elements, a change of the element read)
    ("{x} = {{'a': 1, 'b': 2}}", "{x}_r = {x}['a'] * 10", "{x}['b'] = 3", "{x}['a'] = 5"),
    ("{x} = {{'a': 1, 'b': 2}}", "{x}_r = {x}.get('a')", "{x}.pop('b')", "{x}.setdefault('z', 1) or {x}.clear()"),
    ("class {x}_P: pass\n{x} = {x}_P()\n{x}.x = 1", "{x}_r = {x}.x + 1", "{x}.y = 3", "{x}.x = 2"),
    ("{x} = [1, 2, 3]", "{x}_r = {x}[0] + 1", "{x}[1] = 10", "{x}.insert(0, 9)"),
    ("import pandas as pd\n{x} = pd.DataFrame({{'a': [1.0, 2.0], 'b': [3, 4]}})", "{x}_r = {x}['a'].sum()",
     "{x}['c'] = {x}['b'] * 2", "{x}.loc[0, 'a'] = 9"),
    ("{x} = {{'lr': 0.1, 'n': 2}}\ndef {x}_rate():\n    return {x}['lr']", "{x}_r = {x}_rate()",
     "{x}['n'] = 3", "{x}['lr'] = 0.2"),
]


@pytest.mark.parametrize("setup, reader, other, same", ELEMENTS, ids=[r for _, r, _, _ in ELEMENTS])
def test_element_lineage(s, request, setup, reader, other, same):
    x = _name(request)
    s.run("bind", setup.format(x=x))
    s.run("read", reader.format(x=x))
    s.run("whole", f"{x}_w = repr({x})")
    s.run("other", other.format(x=x))
    s.expect(f"`{other}` changed other elements than `{reader}` read; `whole` read all of {x}",
             read=FRESH, whole=STALE, other=FRESH)
    s.run("same", same.format(x=x))
    s.expect(f"`{same}` changed what `{reader}` read", read=STALE, same=FRESH)
    _expect_mutated_reasons(s, "read", x, "same")
