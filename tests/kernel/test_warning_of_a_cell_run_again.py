"""The warning before a cell's output (docs/semantics.md) when the same code
runs again: the kernel keeps IPython's transformation of a cell of several
lines by its code and the input transformers in place, so a re-run is not
tokenized again. These check that what is kept is what IPython would run:
the same warning each time, and a new one when an input transformer changes
what the same code reads."""

CELL = "wr_u = wr_q + 1\nprint('u is', wr_u)"


def first_output_is_a_notice(result):
    first = next(m for m in result.messages if m["msg_type"] in ("stream", "display_data", "execute_result"))
    return first["msg_type"] == "display_data" and "xdeps-notice" in first["content"]["data"].get("text/html", "")


def stale_chain(s):
    """wr_s is stale: r changed after s read it."""
    s.run("r", "wr_r = 1")
    s.run("s", "wr_s = wr_r + 1")
    s.run("q", "wr_q = 10")
    s.run("r", "wr_r = 2")


def test_the_same_code_run_again_is_warned_before_its_output_each_time(s):
    stale_chain(s)
    code = "wr_v = wr_s * 2\nprint('v is', wr_v)"
    for attempt in range(3):
        result = s.run("v", code)
        assert result.notices() == [f"[{s.n('v')}] reads `wr_s` from [{s.n('s')}], which is stale."], (
            attempt, result.notices())
        assert first_output_is_a_notice(result), (attempt, [m["msg_type"] for m in result.messages])
        assert result.stdout == "v is 4\n"


def test_an_input_transformer_added_between_runs_changes_what_the_same_code_is_warned_of(s):
    stale_chain(s)
    before = s.run("u", CELL)
    assert before.notices() == [] and before.stdout == "u is 11\n", (before.notices(), before.stdout)
    # A cleanup transformer that makes the same code read the stale value.
    s.nb.run("get_ipython().input_transformers_cleanup.append("
             "lambda lines: [line.replace('wr_q', 'wr_s') for line in lines])", cell="add-transformer")
    try:
        after = s.run("u", CELL)
        assert after.stdout == "u is 3\n", after.stdout
        assert after.notices() == [f"[{s.n('u')}] reads `wr_s` from [{s.n('s')}], which is stale."], (
            after.notices())
        assert first_output_is_a_notice(after), "judged from the code as the new transformer makes it"
    finally:
        s.nb.run("get_ipython().input_transformers_cleanup.pop()", cell="remove-transformer")
    again = s.run("u", CELL)
    assert again.stdout == "u is 11\n" and again.notices() == [], (again.stdout, again.notices())
