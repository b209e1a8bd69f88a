"""The `%deps` magic (docs/magic.md): every form, its rich display, the
state JSON, usage errors, and that querying never changes the state."""

import json

import pytest

from notebook import Notebook
from scenario_helpers import SEED_DEFINITIONS, Scenario, deps, state
from state_schema import validated_state

GRAPH_MIMES = ("text/plain", "text/html", "text/vnd.mermaid")


@pytest.fixture(scope="module")
def session():
    """One notebook, with the seed example run and then A changed."""
    nb = Notebook()
    s = Scenario(nb)
    for name, code in SEED_DEFINITIONS + [("odd", "odd = g(23)"),
                       ("even", "even = g(42)"),
                       ("both", "total = odd + even")]:
        s.run(name, code)
    s.run("ab", "A = 24\nB = 42")
    yield s
    nb.close()


def graph_bundle(result):
    bundles = [d for d in result.displays if "text/plain" in d and "xdeps-notice" not in d.get("text/html", "")]
    assert len(bundles) == 1, f"expected one %deps display, got {result.displays} (error: {result.error})"
    return bundles[0]


def output_text(result):
    texts = [d.get("text/plain", "") for d in result.displays]
    if result.result:
        texts.append(result.result)
    return "".join(texts) + result.stdout + result.stderr


def json_of(bundle):
    data = bundle["application/json"]
    return validated_state(json.loads(data) if isinstance(data, str) else data)


def test_previous_cell_graph(session):
    session.run("prev", "prev_even = even + 1")
    result = deps(session.nb)
    bundle = graph_bundle(result)
    for mime in GRAPH_MIMES:
        assert mime in bundle, f"%deps must give {mime}: {list(bundle)}"
    assert f"[{session.n('prev')}]" in bundle["text/plain"], bundle["text/plain"]
    assert "even" in bundle["text/plain"], "the graph names what the cell read"
    assert "application/json" not in bundle, "application/json only with --json"


@pytest.mark.parametrize("form", ["{n}", "[{n}]", "{id}"])
def test_graph_of_a_cell_by_count_bracket_or_id(session, form):
    arg = form.format(n=session.n("odd"), id=session.id("odd"))
    bundle = graph_bundle(deps(session.nb, arg))
    for mime in GRAPH_MIMES:
        assert mime in bundle, f"%deps {arg} must give {mime}"
    text = bundle["text/plain"]
    assert f"[{session.n('odd')}]" in text, text
    for name in ("g", "f", "A"):
        assert name in text, f"the graph of the g(23) cell shows {name}: {text}"


def test_forms_naming_the_same_cell_agree(session):
    texts = {arg: graph_bundle(deps(session.nb, arg))["text/plain"]
             for arg in (str(session.n("odd")), f"[{session.n('odd')}]", session.id("odd"))}
    assert len(set(texts.values())) == 1, texts


def test_cell_graph_shows_functions_and_what_they_read(session):
    document = json_of(graph_bundle(deps(session.nb, f"{session.n('odd')} --json")))
    cell = next(c for c in document["cells"] if c["id"] == session.id("odd"))
    callees = {callee for _, callee in cell["calls"]}
    assert {"g", "f", "C.D.m"} <= callees, f"g(23) calls g, then C.D.__init__ (which calls f) and C.D.m: {cell['calls']}"
    assert "C.m" not in callees, f"g(23) never calls C.m: {cell['calls']}"
    assert "B" not in cell["reads"], cell["reads"]
    html = graph_bundle(deps(session.nb, str(session.n("odd"))))["text/html"]
    assert "C.D.m" in html or "C.D.__init__" in html, "the drawn graph shows the functions called"


def test_all(session):
    bundle = graph_bundle(deps(session.nb, "--all"))
    for mime in GRAPH_MIMES:
        assert mime in bundle, f"%deps --all must give {mime}"
    text = bundle["text/plain"]
    for name in ("ab", "f", "C", "g", "odd", "even", "both"):
        assert f"[{session.n(name)}]" in text, f"--all shows cell {name} [{session.n(name)}]: {text}"


def test_all_json_is_the_whole_state(session):
    document = state(session.nb)
    by_id = {c["id"]: c for c in document["cells"]}
    statuses = {name: by_id[session.id(name)]["status"] for name in ("ab", "f", "C", "g", "odd", "even", "both")}
    assert statuses == {"ab": "fresh", "f": "fresh", "C": "fresh", "g": "fresh",
                        "odd": "stale", "even": "fresh", "both": "downstream"}, statuses
    odd = by_id[session.id("odd")]
    assert [(r["symbol"], r["changed_by"]) for r in odd["reasons"]] == [("A", session.id("ab"))], odd["reasons"]
    assert session.id("g") in odd["upstream"] and session.id("ab") in odd["upstream"], odd["upstream"]
    assert odd["execution_count"] == session.n("odd")


def test_stale(session):
    bundle = graph_bundle(deps(session.nb, "--stale"))
    text = bundle["text/plain"]
    assert f"[{session.n('odd')}]" in text and f"[{session.n('both')}]" in text, text
    assert "A" in text and "odd" in text, f"--stale gives the reasons: {text}"
    assert f"[{session.n('even')}]" not in text, f"a fresh cell is not listed by --stale: {text}"


def test_stale_json_lists_only_stale_and_downstream_cells(session):
    document = json_of(graph_bundle(deps(session.nb, "--stale --json")))
    ids = {c["id"] for c in document["cells"]}
    assert ids == {session.id("odd"), session.id("both")}, document
    assert {c["status"] for c in document["cells"]} == {"stale", "downstream"}


def test_json_of_the_previous_cell(session):
    session.run("prev_json", "pj = even * 2")
    document = json_of(graph_bundle(deps(session.nb, "--json")))
    assert [c["id"] for c in document["cells"]] == [session.id("prev_json")], document
    cell = document["cells"][0]
    assert "even" in cell["reads"] and "pj" in cell["writes"], cell


def test_usage(session):
    result = session.nb.run("%deps?", cell="usage")
    assert result.error is None, result
    payload_text = "".join(p.get("data", {}).get("text/plain", "") for p in result.reply["content"].get("payload", []))
    text = output_text(result) + payload_text
    for form in ("--all", "--stale", "--json", "off"):
        assert form in text, f"%deps? must document {form}: {text!r}"


@pytest.mark.parametrize("args", ["--bogus", "--all --stale --frobnicate", "[abc", "5 6 7", "off now", "-",
                                  "9999", "no-such-cell-id", "[]", "--json=yes"])
def test_bad_arguments_give_a_one_line_message(session, args):
    result = deps(session.nb, args)
    assert result.error is None, f"%deps {args} raised {result.error and result.error['ename']}"
    text = output_text(result).strip()
    assert text and "\n" not in text, f"%deps {args} must give one line, got {text!r}"
    assert "Traceback" not in text and "File " not in text, text
    after = session.nb.run("print('still alive')", cell="alive")
    assert after.stdout == "still alive\n", "the kernel must keep working after a bad %deps"


def test_deps_executions_change_no_state(session):
    before = state(session.nb)
    for args in ("", "--all", "--stale", "--json", f"{session.n('odd')}", "--bogus", "--all --json"):
        deps(session.nb, args, cell=f"query{args}")
    session.nb.run("%deps?", cell="help")
    after = state(session.nb)
    assert after == before, "a %deps execution changed the state"


def test_off_and_on(session):
    off = deps(session.nb, "off")
    assert "off" in output_text(off).lower(), output_text(off)
    session.nb.run("paused_x = total * 3", cell="while-off")
    ids = {c["id"] for c in state(session.nb)["cells"]}
    assert session.nb.cell_id("while-off") not in ids, "a cell run while tracking is off must not be recorded"
    on = deps(session.nb, "on")
    assert "on" in output_text(on).lower(), output_text(on)
    session.run("on1", "resumed = 1")
    session.run("on2", "print(resumed)")
    session.run("on1", "resumed = 2")
    assert session.statuses()["on2"] == "stale", "tracking must work again after %deps on"


def test_off_in_the_middle_of_a_cell(session):
    session.run("mid-off", "mid_before = 1\n%deps off\nmid_after = 2")
    cells = {c["id"]: c for c in state(session.nb)["cells"]}
    assert cells[session.id("mid-off")]["writes"] == ["mid_before"], "what ran after `%deps off` is not recorded"
    session.run("mid-paused", "mid_paused = mid_after")
    assert session.id("mid-paused") not in {c["id"] for c in state(session.nb)["cells"]}
    deps(session.nb, "on")
    session.run("mid-on", "mid_on = mid_before")
    assert session.id("mid-on") in {c["id"] for c in state(session.nb)["cells"]}, "tracking resumes after `%deps on`"
