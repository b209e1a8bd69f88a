"""Notebook order (docs/semantics.md, Notebook order): a change by a cell
below never makes a cell above stale or downstream. Cells are placed in the
order they first ran, or by the `positions` message of the `xdeps` comm;
`%deps order any` restores the order-free rule. Each scenario is a notebook
used as people use one: cells run top to bottom, an upper cell edited and
re-run by its cell id, scratch cells at the bottom."""

import pytest

from scenario_helpers import Scenario, deps, state
from test_comm_state import comm_data, open_comm, pushed_in


def all_notices(results):
    return [(name, n) for name, r in results for n in r.notices()]


def reason_texts(s, name):
    return [r["text"] for r in s.cells()[name]["reasons"]]


def send_positions(nb, comm_id, cell_ids):
    """Sends the notebook's cell ids, top to bottom; returns the states pushed."""
    sent = nb.send("comm_msg", {"comm_id": comm_id, "data": {"type": "positions", "cell_ids": cell_ids}})
    return comm_data(sent, comm_id)


def test_linear_run_reusing_names_raises_nothing(s):
    cells = [
        ("imports", "import pandas as pd\nimport numpy as np"),
        ("data", "df = pd.DataFrame({'a': [1, 2, 3], 'b': [4.0, 5.0, 6.0]})\nx = 10"),
        ("helper", "def scale(v):\n    return v * x"),
        ("use", "total = scale(df['a']).sum()\nprint(total)"),
        ("example2", "df = pd.DataFrame({'a': [7, 8]})\nx = 2"),
        ("helper2", "def scale(v):\n    return v + x"),
        ("use2", "total = scale(df['a']).sum()\nprint(total)"),
        ("grow", "df['c'] = df['a'] * 2\nitems = [1]\nitems.append(2)"),
        ("show", "print(df.shape, items, np.pi > 3)"),
    ]
    results = [(name, s.run(name, code)) for name, code in cells]
    assert all_notices(results) == [], f"a top-to-bottom run raised notices: {all_notices(results)}"
    s.expect("a linear run that reuses names is reproducible top to bottom: nothing is stale",
             **{name: "fresh" for name, _ in cells})
    assert state(s.nb)["order"] == "notebook"


def test_editing_an_upper_cell_flags_lower_cells_that_used_it(s):
    s.run("a", "A = 1\ndata = [1, 2]")
    s.run("f", "def f():\n    return A")
    s.run("r", "r = f()")
    s.run("u", "u = r + 1")
    s.run("m", "m = sum(data)")
    s.run("scratch", "A = 100\nr = -1")
    s.expect("a scratch cell at the bottom leaves the cells above fresh",
             a="fresh", f="fresh", r="fresh", u="fresh", m="fresh", scratch="fresh")
    notices = s.run("a", "A = 2\ndata = [1, 2, 3]").notices()
    s.expect("editing [a] flags the cells below that used A (through f) and r computed from it; "
             "data changed, so m is stale too",
             a="fresh", f="fresh", r="stale", u="downstream", m="stale", scratch="fresh")
    assert reason_texts(s, "r") == [f"read `A` (via `f`), changed by [{s.n('a')}]"], s.cells()["r"]["reasons"]
    assert reason_texts(s, "u") == [f"uses `r` from [{s.n('r')}], computed from `A` changed by [{s.n('a')}]"]
    assert len(notices) == 1 and notices[0].startswith("3 cells are now stale"), notices
    s.run("r", "r = f()")
    s.run("u", "u = r + 1")
    s.run("m", "m = sum(data)")
    s.run("f", "def f():\n    return A * 2")
    s.expect("redefining f above flags its caller below", r="stale", u="downstream", m="fresh")
    s.run("r", "r = f()")
    s.run("u", "u = r + 1")
    s.run("a", "A = 2\ndata.append(3)")
    s.expect("a change in place by an upper cell flags the readers of the object below",
             r="fresh", u="fresh", m="stale")
    assert s.cells()["m"]["reasons"][0]["mutated"] is True, s.cells()["m"]["reasons"]


def test_scratch_cell_at_the_bottom_rebinding_or_mutating_leaves_cells_above_fresh(s):
    s.run("load", "import pandas as pd\ndf = pd.DataFrame({'v': [1, 2, 3]})\nlst = [1, 2]")
    s.run("sum", "total = int(df['v'].sum()) + len(lst)")
    s.run("report", "print(total)")
    results = [("rebind", s.run("rebind", "df = df[df['v'] > 1]")),
               ("mutate", s.run("mutate", "df['w'] = 0\nlst.append(3)")),
               ("delete", s.run("delete", "del total"))]
    assert all_notices(results) == [], all_notices(results)
    s.expect("changes by cells below the readers never make them stale",
             load="fresh", sum="fresh", report="fresh", rebind="fresh", mutate="fresh", delete="fresh")


def test_reading_from_a_cell_below_is_told_in_state_deps_and_notice(nb):
    s = Scenario(nb)
    comm_id, _ = open_comm(nb)
    send_positions(nb, comm_id, [s.id("top"), s.id("bottom")])
    s.run("bottom", "x = 41")
    result = s.run("top", "y = x + 1")
    reasons = s.cells()["top"]["reasons"]
    assert s.statuses() == {"bottom": "fresh", "top": "stale"}, reasons
    sentence = f"reads `x` from [{s.n('bottom')}], below it"
    assert [(r["below"], r["bound_by"], r["text"]) for r in reasons] == [(True, s.id("bottom"), sentence)], reasons
    assert result.notices() == [f"[{s.n('top')}] reads `x` from [{s.n('bottom')}], below it."], result.notices()
    text = deps(nb, str(s.n("top"))).displays[0]["text/plain"]
    assert f"why: {sentence}" in text, text
    stale = deps(nb, "--stale").displays[0]["text/plain"]
    assert f"[{s.n('top')}] stale: {sentence}" in stale, stale


def test_positions_message_rejudges_and_pushes_the_state(nb):
    s = Scenario(nb)
    comm_id, _ = open_comm(nb)
    s.run("a", "x = 1")
    s.run("b", "y = x * 2")
    s.run("c", "z = y + 1")
    s.run("scratch", "x = 5")
    s.expect("the scratch cell is below b", a="fresh", b="fresh", c="fresh", scratch="fresh")
    pushed = send_positions(nb, comm_id, [s.id("a"), "markdown-1", s.id("scratch"), s.id("b"), s.id("c")])
    assert len(pushed) == 1 and pushed[0]["cause"] is None, pushed
    cells = {s.name_of(c["id"]): c for c in pushed[0]["state"]["cells"]}
    assert {n: c["position"] for n, c in cells.items()} == {"a": 0, "scratch": 1, "b": 2, "c": 3}, cells
    assert {n: c["status"] for n, c in cells.items()} == {
        "a": "fresh", "scratch": "fresh", "b": "stale", "c": "downstream"}, cells
    assert pushed[0]["state"]["rerun_order"] == [s.id("b"), s.id("c")]
    back = send_positions(nb, comm_id, [s.id("a"), s.id("b"), s.id("c"), s.id("scratch")])
    assert {s.name_of(c["id"]): c["status"] for c in back[0]["state"]["cells"]} == {
        "a": "fresh", "b": "fresh", "c": "fresh", "scratch": "fresh"}, back
    s.run("new", "w = z")
    assert s.cells()["new"]["position"] == 4, "a cell never reported goes after the reported ones"
    assert send_positions(nb, comm_id, "not a list") == [], "a malformed message changes nothing"
    assert s.statuses()["b"] == "fresh"


def test_deps_order_any_restores_the_order_free_rule(nb):
    s = Scenario(nb)
    comm_id, _ = open_comm(nb)
    s.run("a", "x = 1")
    s.run("b", "y = x + 1")
    s.run("c", "print(y)")
    s.run("scratch", "x = 2")
    s.expect("notebook order: the change below counts for nobody above", b="fresh", c="fresh")
    switched = deps(nb, "order any")
    assert switched.displays[0]["text/plain"].startswith("Any order"), switched.displays
    assert pushed_in(switched, comm_id)[0]["state"]["order"] == "any"
    s.expect("any order: every change by another cell counts", b="stale", c="downstream")
    assert reason_texts(s, "b") == [f"read `x`, changed by [{s.n('scratch')}]"]
    assert deps(nb, "order").displays[0]["text/plain"].startswith("Any order")
    deps(nb, "order notebook")
    s.expect("back to notebook order", b="fresh", c="fresh")
    assert state(nb)["order"] == "notebook"
    assert "usage" in deps(nb, "order sideways").displays[0]["text/plain"]
    help_text = deps(nb, "?").displays[0]["text/plain"]
    assert "%deps order notebook" in help_text and "%deps order any" in help_text, help_text


def test_rerun_order_follows_the_notebook(s):
    s.run("a", "x = 1")
    s.run("b", "y = x + 1")
    s.run("c", "w = x * 3")
    s.run("b", "y = x + 2")   # re-run: b now has the later execution count
    s.run("a", "x = 2")
    assert state(s.nb)["rerun_order"] == [s.id("b"), s.id("c")], "by position, not by execution count"


@pytest.mark.parametrize("order", ["any", "notebook"])
def test_a_later_cell_changing_an_earlier_read_under_each_rule(s, order):
    # The one scenario where a cell run later changes what an earlier cell
    # read: stale under the order-free rule only.
    deps(s.nb, f"order {order}")
    s.run("a", "v = [1]")
    s.run("b", "n = len(v)")
    s.run("c", "v.append(2)")
    s.expect(f"{order} order", b="stale" if order == "any" else "fresh")
