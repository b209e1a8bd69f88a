"""The warning before a cell's output is judged from the cell's code as
IPython will run it (docs/semantics.md, "The warning before a cell's
output"); the kernel transforms it once for both. IPython's transform of a
one-line cell depends on the namespace (a bare magic name is the magic
unless a variable shadows it), so each run must be transformed with the
namespace it runs in, whether or not a value is outdated at the time."""

import os

FRESH, STALE = "fresh", "stale"


def outdated_value(s):
    """ta_src changed after ta_mid was computed from it: ta_mid is outdated."""
    s.run("src", "ta_src = 1")
    s.run("mid", "ta_mid = ta_src + 1")
    s.run("src", "ta_src = 2")
    s.expect("ta_mid comes from the old ta_src", src=FRESH, mid=STALE)


def test_a_bare_magic_name_follows_the_namespace_of_each_run(s):
    outdated_value(s)
    magic = s.run("name", "pwd")
    assert magic.result is not None and os.path.isabs(magic.result.strip("'")), magic.messages
    assert magic.notices() == [], "pwd the magic reads nothing outdated"
    s.run("bind", "pwd = ta_mid * 10")
    shadowed = s.run("name", "pwd")
    assert shadowed.result == "20", shadowed.messages
    assert shadowed.notices(), "pwd the variable holds a value computed from an outdated one"
    s.run("bind", "del pwd")
    again = s.run("name", "pwd")
    assert again.result is not None and os.path.isabs(again.result.strip("'")), again.messages


def test_a_cell_that_reads_an_outdated_value_is_warned_before_its_output(s):
    outdated_value(s)
    read = s.run("reader", "print('out')\nta_mid")
    first = next(m for m in read.messages if m["msg_type"] in ("stream", "display_data", "execute_result"))
    assert first["msg_type"] == "display_data", read.messages
    assert read.result == "2"


def test_with_nothing_outdated_a_cell_runs_as_it_is_written(s):
    s.run("src", "ta_src = 1")
    s.run("mid", "ta_mid = ta_src + 1")
    ran = s.run("reader", "ta_mid")
    assert ran.notices() == [] and ran.result == "2"
    s.run("bind", "pwd = 5")
    assert s.run("name", "pwd").result == "5"
