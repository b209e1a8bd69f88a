"""Magics that list or inspect the namespace (`%who`, `%whos`, `%who_ls`,
`%reset_selective`, `%xdel`) are not reads of its values; what they delete is
a write of the cell that ran them."""

from scenario_helpers import deps


def test_listing_magics_read_nothing(s):
    s.run("a", "A = 10")
    s.run("b", "B = A + 1")
    who = s.run("who", "%who")
    assert "A" in who.stdout and "B" in who.stdout, who.stdout
    whos = s.run("whos", "%whos")
    assert "int" in whos.stdout, whos.stdout
    s.run("ls", "names = %who_ls")
    s.run("info", "A?")
    cells = s.cells()
    for name in ("who", "whos", "ls", "info"):
        assert cells[name]["reads"] == [], (name, cells[name])
    assert cells["ls"]["writes"] == ["names"], cells["ls"]
    s.run("a", "A = 11")
    s.expect("only the cell that used A is stale", b="stale", who="fresh", whos="fresh", ls="fresh", info="fresh")


def test_reset_selective_deletes_without_reading(s):
    s.run("a", "A = 10")
    s.run("b", "B = A + 1")
    s.run("c", "C = 3")
    s.run("a", "A = 11")
    s.expect("b used the old A", b="stale")
    s.run("r", "%reset_selective -f B")
    entry = s.cells()["r"]
    assert entry["status"] == "fresh", entry
    assert entry["reads"] == [], entry
    assert entry["writes"] == ["B"], entry
    assert entry["write_versions"] == [{"symbol": "B", "deleted": True}], entry
    assert f"[{s.n('r')}]" not in deps(s.nb, "--stale").displays[0]["text/plain"]
    left = s.nb.run("print(sorted(n for n in ('A', 'B', 'C') if n in globals()))", cell="probe")
    assert left.stdout.strip() == "['A', 'C']", left.stdout


def test_xdel_is_a_deletion_not_a_read(s):
    s.run("a", "A = [1, 2]")
    s.run("b", "B = len(A)")
    s.run("x", "%xdel A")
    entry = s.cells()["x"]
    assert entry["reads"] == [] and entry["writes"] == ["A"], entry
    s.expect("reading nothing, the deleting cell is fresh", x="fresh")
