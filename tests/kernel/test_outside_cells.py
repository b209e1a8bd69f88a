"""Requests that are not cells (silent, or not stored in history) still
change the namespace: their rebindings, deletions and changes in place are
changes "outside any cell", and the cells that read the old values are
stale."""

from scenario_helpers import deps, state
from test_comm_state import open_comm, pushed_in


def outside(s, code, **content):
    content.setdefault("silent", True)
    content.setdefault("store_history", False)
    result = s.nb.run(code, **content)
    assert result.status == "ok", result
    return result


def reason_of(s, name, symbol):
    found = [r for r in s.cells()[name]["reasons"] if r["symbol"] == symbol]
    assert len(found) == 1, s.cells()[name]
    return found[0]


def test_silent_rebinding_makes_readers_stale(s):
    s.run("a", "A = 1")
    s.run("b", "B = A + 1")
    quiet = outside(s, "A = 2")
    assert quiet.displays == [], "a silent request shows no notice"
    s.expect("b read the A a silent request rebound", a="fresh", b="stale")
    reason = reason_of(s, "b", "A")
    assert reason["changed_by"] is None, reason
    assert "outside any cell" in reason["text"], reason
    assert "outside any cell" in deps(s.nb, "--stale").displays[0]["text/plain"]
    # Not a cell: nothing new in the state.
    assert sorted(s.cells()) == ["a", "b"], s.cells()
    s.run("b", "B = A + 1")
    s.expect("re-run, b read the new A", b="fresh")


def test_history_less_change_in_place_and_deletion(s):
    s.run("a", "L = [1, 2]\nD = 4")
    s.run("b", "n = len(L)")
    s.run("c", "e = D * 2")
    outside(s, "L.append(3)", silent=False)
    reason = reason_of(s, "b", "L")
    assert reason["mutated"] and reason["changed_by"] is None, reason
    assert "changed in place outside any cell" in reason["text"], reason
    outside(s, "del D", silent=False)
    reason = reason_of(s, "c", "D")
    assert reason["deleted"] and reason["changed_by"] is None, reason
    s.expect("both read what was changed outside", b="stale", c="stale")


def test_outside_same_value_and_reads_change_nothing(s):
    s.run("a", "A = 2\nT = (1, 'x')")
    s.run("b", "B = A + T[0]")
    outside(s, "A = 2\nT = (1, 'x')\nprint(A, B)")
    result = s.nb.run("", silent=True, store_history=False, user_expressions={"v": "A + B"})
    assert result.reply["content"]["user_expressions"]["v"]["status"] == "ok", result.reply
    s.expect("the same values, and reads, are no change", a="fresh", b="fresh")


def test_outside_change_is_pushed_to_the_frontend(s):
    s.run("a", "A = 1")
    s.run("b", "B = A + 1")
    comm_id, _ = open_comm(s.nb)
    pushed = pushed_in(outside(s, "A = 5"), comm_id)
    assert len(pushed) == 1, pushed
    assert pushed[0]["cause"] == {"cell_id": None, "execution_count": None}, pushed[0]
    statuses = {c["id"]: c["status"] for c in pushed[0]["state"]["cells"]}
    assert statuses[s.id("b")] == "stale", statuses
    assert pushed_in(outside(s, "A = 5"), comm_id) == [], "no change, no push"


def test_deps_queries_are_not_changes(s):
    s.run("a", "A = 1")
    s.run("b", "B = A + 1")
    state(s.nb)
    s.nb.run("%deps --all", silent=True, store_history=False)
    s.expect("queries change nothing", a="fresh", b="fresh")
