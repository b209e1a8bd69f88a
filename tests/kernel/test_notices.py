"""The notices a user reads (docs/semantics.md, docs/magic.md): one after a run that
made other cells stale, at the end of its output; a warning before the output
of a cell whose inputs are stale; none when nothing changed or on a
notebook's first run."""

from scenario_helpers import SEED_DEFINITIONS, Scenario, deps, state
from test_comm_state import open_comm, pushed_in


def is_notice(message):
    if message["msg_type"] != "display_data":
        return False
    data = message["content"]["data"]
    return "xdeps-notice" in data.get("text/html", "")


def test_first_run_of_a_notebook_has_no_notices(nb):
    s = Scenario(nb)
    cells = [("ab", "A = 23\nB = 42"),
             ("f", "def f(x):\n    return x + A"),
             ("r", "r = f(1)\nr"),
             ("show", "print(r, B)")]
    for name, code in cells:
        result = s.run(name, code)
        assert result.notices() == [], f"cell {name} gave a notice on the notebook's first run: {result.notices()}"


def test_edit_ends_the_output_with_one_notice_in_the_documented_shape(s):
    s.run("a", "nt_A = 23")
    s.run("f", "def nt_f(x):\n    return x + nt_A")
    s.run("r", "nt_r = nt_f(1)")
    s.run("show", "print(nt_r)")
    change = s.run("a", "nt_A = 24\nprint('changed')")
    notices = change.notices()
    assert len(notices) == 1, f"expected one notice, got {notices}"
    expected = (f"2 cells are now stale: [{s.n('r')}] read `nt_A` (via `nt_f`), changed by [{s.n('a')}]; "
                f"[{s.n('show')}] uses `nt_r` from [{s.n('r')}], computed from `nt_A` changed by [{s.n('a')}].")
    assert notices[0] == expected, f"notice text\n  actual:   {notices[0]!r}\n  expected: {expected!r}"
    outputs = [m for m in change.messages if m["msg_type"] in ("stream", "display_data", "execute_result", "error")]
    assert is_notice(outputs[-1]), (
        f"the notice must end the cell's output, after its stdout: {[m['msg_type'] for m in change.messages]}")
    assert change.stdout == "changed\n", change.stdout


def test_one_stale_cell_read_directly(s):
    s.run("a", "n1_x = 1")
    s.run("b", "n1_y = n1_x + 1")
    notices = s.run("a", "n1_x = 2").notices()
    assert notices == [f"1 cell is now stale: [{s.n('b')}] read `n1_x`, changed by [{s.n('a')}]."], notices


def test_notice_html_names_cells_and_symbols(s):
    s.run("a", "nh_x = 1")
    s.run("b", "nh_y = nh_x * 2")
    change = s.run("a", "nh_x = 3")
    bundles = [d for d in change.displays if "xdeps-notice" in d.get("text/html", "")]
    assert len(bundles) == 1, change.displays
    html = bundles[0]["text/html"]
    assert f"[{s.n('b')}]" in html and "nh_x" in html, f"the styled notice must name the cell and symbol: {html}"
    assert "text/plain" in bundles[0], "a text/plain fallback is required"


def test_no_notice_when_nothing_changed(s):
    s.run("a", "nn_x = 5")
    s.run("b", "print(nn_x)")
    for code in ("nn_x = 5", "nn_x = 2 + 3"):
        result = s.run("a", code)
        assert result.notices() == [], f"{code!r} changed nothing but gave {result.notices()}"
    assert s.run("b", "print(nn_x)").notices() == []


def test_no_notice_for_a_cell_that_affects_nobody(s):
    s.run("a", "na_x = 1")
    result = s.run("a", "na_x = 2")
    assert result.notices() == [], f"no other cell read na_x: {result.notices()}"


def test_warning_before_the_output_of_a_cell_reading_stale_inputs(s):
    s.run("a", "nw_A = 1")
    s.run("b", "nw_r = nw_A * 10")
    s.run("c", "print('r is', nw_r)")
    s.run("a", "nw_A = 2")
    rerun = s.run("c", "print('r is', nw_r)")
    notices = rerun.notices()
    assert len(notices) == 1, f"expected one warning, got {notices}"
    assert "`nw_r`" in notices[0] and f"[{s.n('b')}]" in notices[0] and "stale" in notices[0], notices[0]
    first_output = next(m for m in rerun.messages if m["msg_type"] in ("stream", "display_data"))
    assert is_notice(first_output), "the warning must come before the cell's own output"
    assert rerun.stdout == "r is 10\n", "the cell still runs"


def test_new_cell_reading_stale_inputs_is_warned(s):
    s.run("a", "nv_A = 1")
    s.run("b", "nv_r = nv_A + 1")
    s.run("a", "nv_A = 2")
    result = s.run("new", "print(nv_r)")
    assert any("`nv_r`" in text and f"[{s.n('b')}]" in text for text in result.notices()), result.notices()


def test_no_warning_when_the_stale_cell_itself_reruns(s):
    s.run("a", "ns_A = 1")
    s.run("b", "ns_r = ns_A + 1")
    s.run("a", "ns_A = 2")
    result = s.run("b", "ns_r = ns_A + 1")
    assert result.notices() == [], f"b reads the current ns_A; nothing to warn about: {result.notices()}"


def test_seed_notice_names_the_function_and_the_downstream_cell(nb):
    s = Scenario(nb)
    for name, code in SEED_DEFINITIONS + [("odd", "odd = g(23)"),
                       ("even", "even = g(42)"),
                       ("both", "print(odd + even)")]:
        s.run(name, code)
    notices = s.run("ab", "A = 24\nB = 42").notices()
    expected = (f"2 cells are now stale: [{s.n('odd')}] read `A` (via `f`), changed by [{s.n('ab')}]; "
                f"[{s.n('both')}] uses `odd` from [{s.n('odd')}], computed from `A` changed by [{s.n('ab')}].")
    assert notices == [expected], f"\n  actual:   {notices}\n  expected: {[expected]}"


def test_deps_queries_give_no_notice(s):
    s.run("a", "nq_x = 1")
    s.run("b", "print(nq_x)")
    s.run("a", "nq_x = 2")
    for args in ("", "--all", "--stale"):
        result = deps(s.nb, args)
        assert result.notices() == [], f"%deps {args} gave a notice: {result.notices()}"


def test_error_cell_still_announces_what_it_changed(s):
    s.run("a", "ne_x = 1")
    s.run("b", "print(ne_x)")
    result = s.run("a", "ne_x = 2\nraise RuntimeError('after the change')", expect_error="RuntimeError")
    assert result.notices() == [f"1 cell is now stale: [{s.n('b')}] read `ne_x`, changed by [{s.n('a')}]."], (
        result.notices())


def test_notice_deps_and_state_say_the_same_words(s):
    """One wording of reasons (docs/magic.md): the notice, `%deps --stale` and
    the `text` of each reason in the state, from `%deps --json` and from the
    comm the JupyterLab extension reads, give the same sentences."""
    comm_id, _ = open_comm(s.nb)
    s.run("a", "nsw_A = 1\nnsw_B = 2")
    s.run("f", "def nsw_f():\n    return nsw_A")
    s.run("r", "nsw_r = nsw_f() + nsw_B")
    s.run("show", "print(nsw_r)")
    change = s.run("a", "nsw_A = 3\ndel nsw_B")
    notices = change.notices()
    assert len(notices) == 1, notices
    a, r, show = s.n("a"), s.n("r"), s.n("show")
    sentences = {
        r: [f"read `nsw_A` (via `nsw_f`), changed by [{a}]", f"read `nsw_B`, deleted by [{a}]"],
        show: [f"uses `nsw_r` from [{r}], computed from `nsw_A` changed by [{a}]"],
    }
    pushed = pushed_in(change, comm_id)
    assert pushed, "no state pushed after the run"
    stale_text = deps(s.nb, "--stale").displays[0]["text/plain"]
    for document, source in ((state(s.nb, "--stale"), "%deps --stale --json"), (pushed[-1]["state"], "the comm")):
        mine = {s.id(name) for name in ("a", "f", "r", "show")}
        texts = {c["execution_count"]: [reason.get("text") for reason in c["reasons"]]
                 for c in document["cells"] if c["id"] in mine and c["status"] != "fresh"}
        assert {n: sorted(t) for n, t in texts.items()} == {n: sorted(t) for n, t in sentences.items()}, (
            f"reason texts from {source}: {texts}")
    for sentence in sentences[r] + sentences[show]:
        assert sentence in notices[0], f"{sentence!r} not in the notice {notices[0]!r}"
        assert sentence in stale_text, f"{sentence!r} not in %deps --stale:\n{stale_text}"
