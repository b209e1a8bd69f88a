"""Executions without a cellId (classic Notebook, a console, nbclient 0.7)
are cells known by their code: one that rebinds every name an earlier
id-less one bound is that cell edited, and replaces it."""


def test_edited_cell_without_id_replaces_its_earlier_versions(s):
    # A has a cellId so that, under either order rule, it stays above the
    # cells that read it; the cells without one are what is tested.
    s.run("a", "A = 1")
    s.run("b1", "b = A + 1", with_id=False)
    s.run("b2", "b = A + 2", with_id=False)
    s.run("b3", "b = A + 3", with_id=False)
    known = s.cells()
    assert "b3" in known and "b1" not in known and "b2" not in known, known
    change = s.run("a", "A = 5")
    notices = "\n".join(change.notices())
    assert f"[{s.n('b3')}]" in notices and f"[{s.n('b1')}]" not in notices and f"[{s.n('b2')}]" not in notices, notices
    assert "cells are now stale" not in notices, notices
    s.expect("one cell stale, as the user sees one", b3="stale")


def test_partial_rebinding_keeps_the_earlier_cell(s):
    s.run("a", "A = 1")
    s.run("xy", "x = A\ny = 2", with_id=False)
    s.run("x", "x = A + 1", with_id=False)
    known = s.cells()
    assert "xy" in known and "x" in known, "x = ... does not rebind y: another cell"
    # The same code again is the same cell, now [n]; a re-run is not an
    # edit, so it replaces nothing even though it binds x again.
    s.run("same", "x = A\ny = 2", with_id=False)
    known = s.cells()
    assert "same" in known and "x" in known and "xy" not in known, known


def test_cells_with_ids_are_never_replaced(s):
    s.run("a", "A = 1")
    s.run("b1", "b = A + 1")
    s.run("b2", "b = A + 2", with_id=False)
    assert {"b1", "b2"} <= set(s.cells())


def test_edited_cell_without_id_keeps_its_place_above_its_readers(s):
    # Each cell is sent without a cellId, as a classic Notebook sends it:
    # `a = 2` is the first cell edited, so `b` below it reads a changed value.
    s.run("a1", "a = 1", with_id=False)
    s.run("b", "b = a + 1", with_id=False)
    change = s.run("a2", "a = 2", with_id=False)
    assert "a1" not in s.cells(), "the edited cell replaces the first one"
    assert s.cells()["a2"]["position"] < s.cells()["b"]["position"], "it keeps the first cell's place"
    s.expect("the changing cell is above b, as if edited in place", a2="fresh", b="stale")
    assert s.reasons("b") == [("a", "a2")]
    notices = "\n".join(change.notices())
    assert f"1 cell is now stale: [{s.n('b')}]" in notices, notices
    # A new cell still goes to the bottom: b's reader is below the change.
    s.run("c", "c = b * 10", with_id=False)
    assert s.cells()["c"]["position"] > s.cells()["b"]["position"]
    s.expect("c read b from a stale cell", b="stale", c="downstream")
