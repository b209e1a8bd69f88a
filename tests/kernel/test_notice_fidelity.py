"""Notices that say exactly what the state says (docs/magic.md, Notices;
docs/semantics.md, The warning before a cell's output): each scenario edits an
earlier cell and re-runs it by its cellId, as a notebook user does. Every
notice here is also checked against the state after it by notice_checker.py
(conftest turns it on for every kernel test)."""

import pytest

from notice_checker import NoticeChecker, NoticeContradiction
from scenario_helpers import Scenario, deps, state

FRESH, STALE, DOWNSTREAM = "fresh", "stale", "downstream"


def first_output_is_a_notice(result):
    first = next(m for m in result.messages if m["msg_type"] in ("stream", "display_data", "execute_result"))
    return first["msg_type"] == "display_data" and "xdeps-notice" in first["content"]["data"].get("text/html", "")


def deps_text(nb, args):
    return deps(nb, args).displays[0]["text/plain"]


# --- 4: a cell that starts with %deps is a cell --------------------------------

def test_a_cell_whose_first_line_is_deps_is_tracked_in_full(s):
    s.run("x", "fd4_x = 1")
    s.run("y", "fd4_y = fd4_x + 1")
    s.run("x", "%deps\nfd4_x = 2")
    s.expect("the %deps line does not make the rest of the cell untracked", x=FRESH, y=STALE)
    s.run("z", "fd4_z = fd4_x * 10")
    reads = s.cells()["z"]["read_versions"]
    assert [(r["symbol"], r["bound_by"]) for r in reads] == [("fd4_x", s.id("x"))], reads


def test_only_a_cell_that_is_only_a_deps_line_is_not_a_cell(s):
    s.run("a", "fd4o_a = 1")
    query = s.nb.run("\n%deps --stale   \n\n", cell="only-deps")
    assert query.displays and "No stale cells." in query.displays[0]["text/plain"], query.displays
    assert s.nb.cell_id("only-deps") not in {c["id"] for c in state(s.nb)["cells"]}


# --- 5 and 13: the warning is judged from the code about to run, before its output

@pytest.fixture
def chain(s):
    """r -> s -> (edited) with r changed: s is stale, its readers downstream."""
    s.run("r", "fd5_r = 1")
    s.run("s", "fd5_s = fd5_r + 1")
    s.run("t", "fd5_t = fd5_s + 1")
    s.run("r", "fd5_r = 2")
    return s


def test_an_edited_cell_that_no_longer_reads_a_stale_value_is_not_warned(chain):
    s = chain
    edited = s.run("t", "fd5_t = 100\nprint(fd5_t)")
    assert edited.notices() == [], edited.notices()
    s.expect("t reads nothing now", t=FRESH)


def test_an_edited_cell_that_now_reads_a_stale_value_is_warned_before_its_output(chain):
    s = chain
    s.run("u", "fd5_u = 0")
    edited = s.run("u", "fd5_u = fd5_s\nprint('u is', fd5_u)")
    assert edited.notices() == [f"[{s.n('u')}] reads `fd5_s` from [{s.n('s')}], which is stale."], edited.notices()
    assert first_output_is_a_notice(edited), [m["msg_type"] for m in edited.messages]
    assert edited.stdout == "u is 2\n"
    new = s.run("v", "print('v is', fd5_s)")
    assert new.notices() == [f"[{s.n('v')}] reads `fd5_s` from [{s.n('s')}], which is stale."], new.notices()
    assert first_output_is_a_notice(new), "a new cell's warning comes before its output too"


def test_the_downstream_warning_comes_before_the_output_too(chain):
    s = chain
    result = s.run("w", "print('w is', fd5_t)")
    assert result.notices() == [f"[{s.n('w')}] reads `fd5_t` from [{s.n('t')}], which is downstream."], (
        result.notices())
    assert first_output_is_a_notice(result)


def test_reads_of_a_notebook_function_it_calls_are_warned_before_the_output(chain):
    s = chain
    s.run("g", "def fd5_g():\n    return fd5_s * 10")
    s.run("call", "print(fd5_g())")
    s.run("r", "fd5_r = 3")
    result = s.run("call", "print('called', fd5_g())")
    assert first_output_is_a_notice(result), result.messages
    assert result.notices() == [f"[{s.n('call')}] reads `fd5_s` from [{s.n('s')}], which is stale."], (
        result.notices())


def test_a_read_the_code_did_not_show_is_warned_after_the_output(chain):
    s = chain
    result = s.run("cond", "print('maybe', fd5_s if True else None)")
    assert result.notices() == [f"[{s.n('cond')}] reads `fd5_s` from [{s.n('s')}], which is stale."]
    assert not first_output_is_a_notice(result), "a conditional read is known only once it happened"


def test_a_warned_read_the_run_did_not_reach_is_taken_back(chain):
    s = chain
    result = s.run("raises", "1 / 0\nprint(fd5_s)", expect_error="ZeroDivisionError")
    n = s.n("raises")
    assert result.notices() == [f"[{n}] reads `fd5_s` from [{s.n('s')}], which is stale.",
                                f"[{n}] did not read `fd5_s` after all."], result.notices()
    s.expect("it never read fd5_s", raises=FRESH)


# --- 6: a notice never contradicts the state -----------------------------------

def test_a_value_from_a_stale_cell_that_is_not_outdated_gives_no_warning(s):
    s.run("S", "fd6_SCALE = 10")
    s.run("f", "def fd6_f():\n    return fd6_SCALE\nfd6_obj = 5\nfd6_f()")
    s.run("S", "fd6_SCALE = 20")
    result = s.run("o", "fd6_obj + 1")
    assert result.notices() == [], "fd6_obj = 5 does not depend on fd6_SCALE"
    s.expect("the notice, %deps and the state agree", f=STALE, o=FRESH)
    assert f"[{s.n('o')}]" not in deps_text(s.nb, "--stale")


def test_the_checker_finds_a_notice_that_contradicts_the_state(nb):
    s = Scenario(nb)
    s.run("a", "fc_x = 1")
    s.run("b", "fc_y = fc_x")
    result = s.run("c", "print(fc_y)")
    checker = nb.notice_checker
    fake = {"text/plain": f"[{s.n('c')}] reads `fc_y` from [{s.n('b')}], which is stale.",
            "text/html": "<div class=\"xdeps-notice\">…</div>"}
    result.messages.insert(0, {"msg_type": "display_data", "content": {"data": fake, "metadata": {}}})
    checker.state = state(nb)
    with pytest.raises(NoticeContradiction):
        NoticeChecker.check(nb, result)


# --- 7: self-reference ---------------------------------------------------------

def test_a_cell_is_never_upstream_of_itself(s):
    s.run("raw", "fd7_raw = [1, 2, 3]")
    s.run("data", "fd7_data = list(fd7_raw)")
    s.run("plus", "fd7_data = fd7_data + [4]")
    s.run("raw", "fd7_raw = [1, 2, 3, 5]")
    rerun = s.run("plus", "fd7_data = fd7_data + [4]")
    plus, data, raw = s.n("plus"), s.n("data"), s.n("raw")
    assert rerun.notices() == [f"[{plus}] reads `fd7_data` from [{data}], which is stale."], rerun.notices()
    assert first_output_is_a_notice(rerun)
    cell = s.cells()["plus"]
    assert cell["status"] == DOWNSTREAM and cell["upstream"] == [s.id("data")], cell
    assert [r["text"] for r in cell["reasons"]] == [
        f"uses `fd7_data` from [{data}], computed from `fd7_raw` changed by [{raw}]"], cell["reasons"]
    text = deps_text(s.nb, str(plus))
    assert f"reads: fd7_data from [{data}]" in text and f"from [{plus}]" not in text, text


# --- 10: every cell that becomes stale is named; renumbered cells ---------------

def test_a_downstream_cell_that_becomes_stale_is_named(s):
    s.run("a", "import pandas as pd\nfd10_x = 1")
    s.run("b", "fd10_s = pd.Series([fd10_x, 2, 3])")
    s.run("T", "fd10_T = 10")
    s.run("band", "def fd10_band(v):\n    return 'high' if v * fd10_T > 15 else 'low'")
    s.run("c", "fd10_bands = fd10_s.map(fd10_band)")
    s.run("a", "import pandas as pd\nfd10_x = 2")
    s.expect("c used fd10_s, computed from the old fd10_x", b=STALE, c=DOWNSTREAM)
    change = s.run("T", "fd10_T = 1")
    assert change.notices() == [
        f"1 cell is now stale: [{s.n('c')}] read `fd10_T` (via `fd10_band`), changed by [{s.n('T')}]."
    ], change.notices()


def test_deps_of_a_cell_that_ran_again_says_its_new_count(s):
    s.run("a", "fd10r_x = 1")
    old = s.n("a")
    s.run("other", "fd10r_y = 2")
    s.run("a", "fd10r_x = 3")
    for ref in (str(old), f"[{old}]"):
        assert deps_text(s.nb, ref) == f"[{old}] has run again since: it is now [{s.n('a')}].", ref
    assert deps_text(s.nb, "999") == "no cell [999] in this kernel's history"


# --- 13: small ones ----------------------------------------------------------

def test_a_comment_after_deps_arguments(s):
    s.run("a", "fd13_x = 1")
    assert deps_text(s.nb, f"{s.n('a')} # the first cell").startswith(f"[{s.n('a')}] is fresh"), (
        deps_text(s.nb, f"{s.n('a')} # the first cell"))
    assert "No stale cells." in deps_text(s.nb, "--stale  # what needs a re-run?")


def page_text(result):
    pages = [p for p in result.reply["content"].get("payload", []) if p.get("source") == "page"]
    return "".join(p["data"].get("text/plain", "") for p in pages)


def test_deps_help_with_one_or_two_question_marks(s):
    one = page_text(s.nb.run("%deps?", cell="help"))
    assert "Show the dependency graph of notebook cells." in one and "%deps --stale" in one, one
    two = page_text(s.nb.run("%deps??", cell="help"))
    assert "%deps --stale" in two and "No source code available" not in two, two


def complete(nb, code, cursor=None):
    cursor = len(code) if cursor is None else cursor
    msg_id = nb.kc.complete(code, cursor)
    while True:
        reply = nb.kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def test_completion_of_deps_options(s):
    options = complete(s.nb, "%deps --")
    assert options["matches"] == ["--all", "--stale", "--json"], options
    assert (options["cursor_start"], options["cursor_end"]) == (6, 8), options
    assert complete(s.nb, "%deps --stale o")["matches"] == ["off", "on", "order"]
    assert complete(s.nb, "x = 1\n%deps ")["matches"] == ["--all", "--stale", "--json", "off", "on", "order", "reactive"]
    assert "print" in complete(s.nb, "pri")["matches"], "other completions are xeus-python's"


def test_stale_json_carries_the_rerun_order(s):
    s.run("a", "fd13r_x = 1")
    s.run("b", "fd13r_y = fd13r_x + 1")
    s.run("c", "fd13r_z = fd13r_y + 1")
    s.run("a", "fd13r_x = 2")
    stale = state(s.nb, "--stale")
    assert stale["rerun_order"] == [s.id("b"), s.id("c")], stale
    assert stale["rerun_order"] == [i for i in state(s.nb)["rerun_order"] if i in (s.id("b"), s.id("c"))]


def test_a_read_made_by_a_thread_says_so(s):
    # The value's cell is above the cell during which the thread reads it: a
    # change by a cell below would make no cell above stale (notebook order).
    s.run("value", 'fdt_value = "first"')
    s.run("define", """
        import threading
        fdt_go, fdt_done = threading.Event(), threading.Event()
        def fdt_reader():
            fdt_go.wait(60)
            fdt_seen = fdt_value
            fdt_done.set()
        fdt_thread = threading.Thread(target=fdt_reader)
        fdt_thread.start()
    """)
    s.run("during", "fdt_go.set()\nassert fdt_done.wait(60)")
    change = s.run("value", "fdt_value = 'second'")
    sentence = f"read `fdt_value` by a thread, changed by [{s.n('value')}]"
    assert change.notices() == [f"1 cell is now stale: [{s.n('during')}] {sentence}."], change.notices()
    assert [r["text"] for r in s.cells()["during"]["reasons"]] == [sentence]
    s.run("join", "fdt_thread.join()")
