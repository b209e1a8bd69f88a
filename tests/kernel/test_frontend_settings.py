"""What a frontend sets over the `xdeps` comm (docs/comm.md, docs/magic.md):
the notebook's reactive mode, kept by the kernel and shown at the top of the
state, and whether the kernel's notices appear in outputs."""

from scenario_helpers import Scenario, deps, state
from test_comm_state import comm_data, open_comm, pushed_in


def message_text(result):
    return [d["text/plain"] for d in result.displays]


def test_reactive_mode_is_off_until_deps_reactive_on_and_every_comm_follows(nb):
    s = Scenario(nb)
    s.run("a", "x = 1")
    comm_id, opened = open_comm(nb)
    assert opened[0]["state"]["reactive"] is False, "reactive mode is off by default"
    assert state(nb)["reactive"] is False
    assert message_text(deps(nb, "reactive")) == ["Reactive mode is off."]

    on = deps(nb, "reactive on")
    assert message_text(on) == ["Reactive mode is on: in JupyterLab, the cells a run makes stale re-run after it."]
    pushed = pushed_in(on, comm_id)
    assert len(pushed) == 1 and pushed[0]["cause"] is None, pushed
    assert pushed[0]["state"]["reactive"] is True, pushed[0]["state"]
    assert state(nb)["reactive"] is True, "%deps --all --json shows the mode"
    assert message_text(deps(nb, "reactive")) == [on.displays[0]["text/plain"]]
    # The mode survives runs: every later push carries it.
    assert pushed_in(s.run("b", "y = x + 1"), comm_id)[0]["state"]["reactive"] is True

    off = deps(nb, "reactive off")
    assert message_text(off) == ["Reactive mode is off."]
    assert pushed_in(off, comm_id)[0]["state"]["reactive"] is False
    assert state(nb)["reactive"] is False


def test_set_reactive_from_the_frontend_is_kept_and_pushed_to_every_comm(nb):
    s = Scenario(nb)
    s.run("a", "x = 1")
    (first, _), (second, _) = open_comm(nb), open_comm(nb)
    sent = nb.send("comm_msg", {"comm_id": first, "data": {"type": "set_reactive", "on": True}})
    for comm_id in (first, second):
        answers = comm_data(sent, comm_id)
        assert len(answers) == 1 and answers[0]["state"]["reactive"] is True, (comm_id, answers)
    assert state(nb)["reactive"] is True
    assert message_text(deps(nb, "reactive"))[0].startswith("Reactive mode is on")
    # Malformed requests change nothing and answer nothing.
    for data in ({"type": "set_reactive"}, {"type": "set_reactive", "on": "no"}, {"type": "settings"},
                 {"type": "settings", "notices": 0}):
        assert comm_data(nb.send("comm_msg", {"comm_id": first, "data": data}), first) == [], data
    assert state(nb)["reactive"] is True
    sent = nb.send("comm_msg", {"comm_id": second, "data": {"type": "set_reactive", "on": False}})
    assert comm_data(sent, first)[0]["state"]["reactive"] is False


def test_deps_reactive_takes_only_on_or_off(nb):
    usage = "usage: %deps [N | [N] | <cell id>] [--all] [--stale] [--json] | off | on | order [notebook | any] | reactive [on | off] | ?"
    for args in ("reactive maybe", "reactive on off", "reactive --json", "--all reactive"):
        assert message_text(deps(nb, args)) == [usage], args
    assert state(nb)["reactive"] is False


def test_a_frontend_can_ask_for_no_notices_and_deps_still_answers(nb):
    # The notice checker expects every notice the kernel owes; this test asks for none.
    nb.notice_checker = None
    s = Scenario(nb)
    s.run("a", "A = 1")
    s.run("b", "B = A + 1")
    comm_id, _ = open_comm(nb)
    nb.send("comm_msg", {"comm_id": comm_id, "data": {"type": "settings", "notices": False}})
    change = s.run("a", "A = 2")
    assert change.notices() == [], f"notices were asked off: {change.notices()}"
    statuses = {c["id"]: c["status"] for c in pushed_in(change, comm_id)[0]["state"]["cells"]}
    assert statuses[s.id("b")] == "stale", f"the state still says so: {statuses}"
    # The warning before a stale-input cell's output is a notice too.
    s.run("c", "C = B * 2")
    warned = s.run("c", "C = B * 3")
    assert warned.notices() == [], warned.notices()
    assert "[" + str(s.n("b")) + "] is stale" in deps(nb, str(s.n("b"))).displays[0]["text/plain"]

    # Each step below first makes b fresh again, so that changing A has a cell to name.
    nb.send("comm_msg", {"comm_id": comm_id, "data": {"type": "settings", "notices": True}})
    s.run("b", "B = A + 1")
    assert len(s.run("a", "A = 3").notices()) == 1, "notices are back when asked for"

    nb.send("comm_msg", {"comm_id": comm_id, "data": {"type": "settings", "notices": False}})
    s.run("b", "B = A + 1")
    assert s.run("a", "A = 4").notices() == []
    # A reloaded page opens a new comm; its setting is the one that counts.
    reloaded, _ = open_comm(nb)
    nb.send("comm_msg", {"comm_id": reloaded, "data": {"type": "settings", "notices": True}})
    s.run("b", "B = A + 1")
    assert len(s.run("a", "A = 4.5").notices()) == 1, "the latest frontend asked for notices"
    nb.send("comm_msg", {"comm_id": comm_id, "data": {"type": "settings", "notices": False}})
    s.run("b", "B = A + 1")
    assert s.run("a", "A = 4.75").notices() == []
    # The frontend went away: its wish goes with it.
    nb.send("comm_close", {"comm_id": comm_id, "data": {}})
    s.run("b", "B = A + 1")
    assert len(s.run("a", "A = 5").notices()) == 1, "a closed comm's setting must not silence the kernel"
