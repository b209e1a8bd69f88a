"""The `xdeps` comm (docs/comm.md): the frontend opens it, the kernel
sends the state on open, after every execution, and when asked."""

import time
import uuid

from scenario_helpers import Scenario, state


def open_comm(nb, comm_id=None):
    comm_id = comm_id or uuid.uuid4().hex
    nb.kc.shell_channel.send(nb.kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "xdeps", "data": {}}))
    return comm_id


def comm_messages(nb, comm_id, count=1, timeout=10):
    """The next `count` comm_msg payloads on `comm_id` from iopub."""
    found = []
    deadline = time.monotonic() + timeout
    while len(found) < count and time.monotonic() < deadline:
        try:
            m = nb.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        except Exception:
            break
        if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id:
            found.append(m["content"]["data"])
    return found


def pushed_in(result, comm_id):
    return [m["content"]["data"] for m in result.messages
            if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id]


def check_state(document):
    assert document["version"] == 1, document
    for cell in document["cells"]:
        for field in ("id", "execution_count", "status", "reads", "writes", "calls", "reasons", "upstream"):
            assert field in cell, f"state cell lacks {field}: {cell}"


def test_state_is_sent_when_the_frontend_opens_the_comm(nb):
    s = Scenario(nb, "open")
    s.run("a", "x = 1")
    comm_id = open_comm(nb)
    messages = comm_messages(nb, comm_id)
    assert messages, "no state sent on comm open"
    message = messages[0]
    assert message["type"] == "state", message
    check_state(message["state"])
    assert [c["id"] for c in message["state"]["cells"]] == [s.id("a")], message["state"]
    assert "cause" in message, message


def test_state_is_pushed_after_every_execution(nb):
    s = Scenario(nb, "push")
    comm_id = open_comm(nb)
    comm_messages(nb, comm_id)
    s.run("a", "x = 1")
    read = s.run("b", "y = x + 1")
    pushed = pushed_in(read, comm_id)
    assert len(pushed) == 1, f"expected one state push after the execution, got {pushed}"
    assert pushed[0]["type"] == "state"
    assert pushed[0]["cause"]["cell_id"] == s.id("b"), pushed[0]["cause"]
    assert pushed[0]["cause"]["execution_count"] == s.n("b"), pushed[0]["cause"]
    change = s.run("a", "x = 2")
    statuses = {c["id"]: c["status"] for c in pushed_in(change, comm_id)[0]["state"]["cells"]}
    assert statuses == {s.id("a"): "fresh", s.id("b"): "stale"}, statuses


def test_pushed_state_after_an_error(nb):
    s = Scenario(nb, "error")
    comm_id = open_comm(nb)
    comm_messages(nb, comm_id)
    failed = s.run("a", "z = 3\n1 / 0", expect_error="ZeroDivisionError")
    pushed = pushed_in(failed, comm_id)
    assert len(pushed) == 1, "a cell that raised still updates the frontend"
    assert [c["writes"] for c in pushed[0]["state"]["cells"]] == [["z"]], pushed[0]["state"]


def test_request_state_is_answered_with_the_current_state(nb):
    s = Scenario(nb, "request")
    s.run("a", "p = 1")
    s.run("b", "q = p * 2")
    s.run("a", "p = 3")
    comm_id = open_comm(nb)
    comm_messages(nb, comm_id)
    nb.kc.shell_channel.send(nb.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"type": "request_state"}}))
    answers = comm_messages(nb, comm_id)
    assert answers and answers[0]["type"] == "state", answers
    assert answers[0]["state"] == state(nb), "the comm's state must be the one %deps --all --json shows"


def test_every_open_comm_receives_the_state_and_closed_ones_do_not(nb):
    s = Scenario(nb, "two")
    first, second = open_comm(nb), open_comm(nb)
    assert comm_messages(nb, first) and comm_messages(nb, second), "both comms get the state on open"
    result = s.run("a", "w = 1")
    assert len(pushed_in(result, first)) == 1 and len(pushed_in(result, second)) == 1, result.messages
    nb.kc.shell_channel.send(nb.kc.session.msg("comm_close", {"comm_id": first, "data": {}}))
    time.sleep(0.5)
    result = s.run("b", "print(w)")
    assert pushed_in(result, first) == [], "a closed comm must not receive pushes"
    assert len(pushed_in(result, second)) == 1
    assert result.stdout == "1\n"


def test_unknown_comm_message_does_no_harm(nb):
    comm_id = open_comm(nb)
    comm_messages(nb, comm_id)
    for data in ({"type": "nonsense"}, {}, {"type": 5}, {"no_type": True}):
        nb.kc.shell_channel.send(nb.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data}))
    time.sleep(0.5)
    assert nb.km.is_alive(), "an unknown comm message killed the kernel"
    assert nb.run("print('ok')", cell="after").stdout == "ok\n"
