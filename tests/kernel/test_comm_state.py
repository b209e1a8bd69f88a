"""The `xdeps` comm (docs/comm.md): the frontend opens it, the kernel
sends the state on open, after every execution, and when asked."""

import uuid

from scenario_helpers import Scenario, state
from state_schema import validated_message


def comm_data(messages, comm_id):
    """The payloads, in order, of the comm_msg messages on `comm_id`, each
    checked against the schema of a state message."""
    return [validated_message(m["content"]["data"]) for m in messages
            if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id]


def open_comm(nb):
    """Opens an `xdeps` comm; returns its id and what the kernel sent on it
    while handling the open."""
    comm_id = uuid.uuid4().hex
    sent = nb.send("comm_open", {"comm_id": comm_id, "target_name": "xdeps", "data": {}})
    return comm_id, comm_data(sent, comm_id)


def pushed_in(result, comm_id):
    return comm_data(result.messages, comm_id)


def test_state_is_sent_when_the_frontend_opens_the_comm(nb):
    s = Scenario(nb)
    s.run("a", "x = 1")
    comm_id, messages = open_comm(nb)
    assert len(messages) == 1, f"expected one state on comm open, got {messages}"
    message = messages[0]
    assert message["cause"] is None, message
    assert [c["id"] for c in message["state"]["cells"]] == [s.id("a")], message["state"]


def test_state_is_pushed_after_every_execution(nb):
    s = Scenario(nb)
    comm_id, _ = open_comm(nb)
    s.run("a", "x = 1")
    read = s.run("b", "y = x + 1")
    pushed = pushed_in(read, comm_id)
    assert len(pushed) == 1, f"expected one state push after the execution, got {pushed}"
    assert pushed[0]["cause"] == {"cell_id": s.id("b"), "execution_count": s.n("b")}, pushed[0]["cause"]
    change = s.run("a", "x = 2")
    statuses = {c["id"]: c["status"] for c in pushed_in(change, comm_id)[0]["state"]["cells"]}
    assert statuses == {s.id("a"): "fresh", s.id("b"): "stale"}, statuses


def test_pushed_state_after_an_error(nb):
    s = Scenario(nb)
    comm_id, _ = open_comm(nb)
    failed = s.run("a", "z = 3\n1 / 0", expect_error="ZeroDivisionError")
    pushed = pushed_in(failed, comm_id)
    assert len(pushed) == 1, "a cell that raised still updates the frontend"
    assert [c["writes"] for c in pushed[0]["state"]["cells"]] == [["z"]], pushed[0]["state"]


def test_request_state_is_answered_with_the_current_state(nb):
    s = Scenario(nb)
    s.run("a", "p = 1")
    s.run("b", "q = p * 2")
    s.run("a", "p = 3")
    comm_id, _ = open_comm(nb)
    sent = nb.send("comm_msg", {"comm_id": comm_id, "data": {"type": "request_state"}})
    answers = comm_data(sent, comm_id)
    assert len(answers) == 1 and answers[0]["cause"] is None, answers
    assert answers[0]["state"] == state(nb), "the comm's state must be the one %deps --all --json shows"


def test_every_open_comm_receives_the_state_and_closed_ones_do_not(nb):
    s = Scenario(nb)
    (first, on_first), (second, on_second) = open_comm(nb), open_comm(nb)
    assert len(on_first) == 1 and len(on_second) == 1, "both comms get the state on open"
    result = s.run("a", "w = 1")
    assert len(pushed_in(result, first)) == 1 and len(pushed_in(result, second)) == 1, result.messages
    # Returns once the kernel is idle after handling the close.
    nb.send("comm_close", {"comm_id": first, "data": {}})
    result = s.run("b", "print(w)")
    assert pushed_in(result, first) == [], "a closed comm must not receive pushes"
    assert len(pushed_in(result, second)) == 1
    assert result.stdout == "1\n"


def test_unknown_comm_message_does_no_harm(nb):
    comm_id, _ = open_comm(nb)
    for data in ({"type": "nonsense"}, {}, {"type": 5}, {"no_type": True}):
        sent = nb.send("comm_msg", {"comm_id": comm_id, "data": data})
        assert comm_data(sent, comm_id) == [], f"{data} is not a request: nothing to answer"
    assert nb.km.is_alive(), "an unknown comm message killed the kernel"
    assert nb.run("print('ok')", cell="after").stdout == "ok\n"
