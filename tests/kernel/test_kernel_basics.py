"""The kernel as a complete Python kernel: startup, interrupts, input(),
comms, the debugger, pip, and bad command lines."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from notebook import Notebook


def kernel_argv0():
    spec = KernelSpecManager().get_kernel_spec("xdeps")
    return spec.argv[0]


def test_kernelspec_is_installed():
    spec = KernelSpecManager().get_kernel_spec("xdeps")
    assert spec.display_name == "Python 3 (xdeps)", spec.display_name
    assert spec.language == "python"
    assert os.path.exists(os.path.join(spec.resource_dir, "logo-64x64.png")), "kernelspec has no logo"


def test_kernel_info_names_xdeps(nb):
    msg_id = nb.kc.kernel_info()
    reply = nb.kc.get_shell_msg(timeout=10)
    assert reply["content"]["implementation"] == "xdeps", reply["content"]
    assert reply["content"]["language_info"]["name"] == "python"


def test_interrupt_busy_cell_raises_keyboard_interrupt(nb):
    msg = nb.kc.session.msg("execute_request", dict(code="import time\ntime.sleep(30)", silent=False,
                                                   store_history=True, user_expressions={}, allow_stdin=False,
                                                   stop_on_error=True))
    nb.kc.shell_channel.send(msg)
    time.sleep(1.0)
    started = time.monotonic()
    nb.km.interrupt_kernel()
    result = nb.collect(msg["header"]["msg_id"], timeout=10)
    elapsed = time.monotonic() - started
    assert result.error and result.error["ename"] == "KeyboardInterrupt", f"expected KeyboardInterrupt, got {result}"
    assert elapsed < 1.0, f"interrupt took {elapsed:.2f}s"
    assert nb.run("print(6 * 7)", cell="after").stdout == "42\n", "kernel no longer works after an interrupt"


def test_interrupt_reaches_a_kernel_started_with_sigint_ignored():
    # A server started in the background by a script (`jupyter lab &`)
    # passes SIGINT on ignored to the kernels it starts.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        nb = Notebook()
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        nb.run("x = 5", cell="a")
        msg = nb.kc.session.msg("execute_request", dict(code="while True:\n    pass", silent=False,
                                                       store_history=True, user_expressions={},
                                                       allow_stdin=False, stop_on_error=True))
        nb.kc.shell_channel.send(msg)
        time.sleep(1.0)
        nb.km.interrupt_kernel()
        result = nb.collect(msg["header"]["msg_id"], timeout=10)
        assert result.error and result.error["ename"] == "KeyboardInterrupt", f"expected KeyboardInterrupt, got {result}"
        assert nb.run("print(x + 1)", cell="b").stdout == "6\n", "state lost after the interrupt"
    finally:
        nb.close()


def test_interrupt_idle_kernel_does_no_harm(nb):
    nb.run("x = 5", cell="a")
    nb.km.interrupt_kernel()
    time.sleep(0.5)
    assert nb.km.is_alive(), "an idle interrupt killed the kernel"
    assert nb.run("print(x)", cell="b").stdout == "5\n", "state lost after an idle interrupt"


def test_input_round_trip(nb):
    msg = nb.kc.session.msg("execute_request", dict(code="name = input('who? ')\nprint('hi', name)", silent=False,
                                                   store_history=True, user_expressions={}, allow_stdin=True,
                                                   stop_on_error=True))
    nb.kc.shell_channel.send(msg)
    request = nb.kc.get_stdin_msg(timeout=10)
    assert request["content"]["prompt"] == "who? ", request["content"]
    nb.kc.input("Ada")
    result = nb.collect(msg["header"]["msg_id"])
    assert result.stdout.endswith("hi Ada\n"), result.stdout


def test_comm_round_trip_from_frontend(nb):
    nb.run(textwrap.dedent("""
        def _echo(comm, open_msg):
            @comm.on_msg
            def _reply(msg):
                comm.send({"echo": msg["content"]["data"]["value"] * 2})
        get_ipython().kernel.comm_manager.register_target("echo", _echo)
    """), cell="register")
    comm_id = "c0ffee"
    nb.kc.shell_channel.send(nb.kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "echo", "data": {}}))
    nb.kc.shell_channel.send(nb.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"value": 21}}))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        m = nb.kc.get_iopub_msg(timeout=10)
        if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id:
            assert m["content"]["data"] == {"echo": 42}, m["content"]
            return
    pytest.fail("no comm reply from the kernel")


def test_comm_opened_from_python_does_not_crash(nb):
    result = nb.run("from ipykernel.comm import Comm\nc = Comm(target_name='from_kernel', data={'a': 1})\nc.send({'b': 2})\nprint('sent')", cell="comm")
    assert result.stdout == "sent\n", result
    assert nb.km.is_alive(), "opening a comm from Python killed the kernel"
    assert nb.run("print(1 + 1)", cell="next").stdout == "2\n"


def test_debugger_requests_do_not_crash(nb):
    for command, arguments in (("initialize", {"clientID": "test", "adapterID": "python", "pathFormat": "path",
                                               "linesStartAt1": True, "columnsStartAt1": True}),
                               ("debugInfo", {}), ("inspectVariables", {})):
        msg = nb.kc.session.msg("debug_request", {"type": "request", "seq": 1, "command": command, "arguments": arguments})
        nb.kc.control_channel.send(msg)
        reply = nb.kc.get_control_msg(timeout=20)
        assert reply["msg_type"] == "debug_reply", reply
    assert nb.run("print('alive')", cell="after").stdout == "alive\n", "kernel broken after debugger requests"


def test_foreign_python_environment_does_not_abort_kernel():
    env = {"PYTHONHOME": "/nonexistent/python/home", "PYTHONPATH": "/nonexistent/site-packages",
           "VIRTUAL_ENV": "/nonexistent/venv"}
    nb = Notebook(extra_env=env)
    try:
        result = nb.run("import sys, os\nprint(sys.prefix, 'VIRTUAL_ENV' in os.environ)", cell="a")
        assert result.stdout.strip().endswith("False"), result
        assert "/nonexistent" not in result.stdout, result.stdout
    finally:
        nb.close()


def test_pip_install_then_import(tmp_path):
    package = tmp_path / "xdeps_pip_probe"
    (package / "xdeps_pip_probe").mkdir(parents=True)
    (package / "xdeps_pip_probe" / "__init__.py").write_text("ANSWER = 42\n")
    (package / "pyproject.toml").write_text(textwrap.dedent("""
        [build-system]
        requires = ["setuptools"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "xdeps-pip-probe"
        version = "1.0"
    """))
    data_home = tmp_path / "data"
    nb = Notebook(extra_env={"XDG_DATA_HOME": str(data_home)})
    try:
        install = nb.run(f"%pip install --no-build-isolation --no-index {package}", cell="pip", timeout=120)
        assert "Installed for this kernel" in install.stdout, install.stdout + install.stderr
        result = nb.run("import xdeps_pip_probe\nprint(xdeps_pip_probe.ANSWER)", cell="use")
        assert result.stdout == "42\n", result
    finally:
        nb.close()


@pytest.mark.parametrize("argv, message", [
    (["--bogus"], "unknown option"),
    ([], "no connection file"),
    (["-f", "/nonexistent/connection.json"], "cannot read connection file"),
])
def test_bad_command_line_gives_one_line_usage(argv, message):
    completed = subprocess.run([kernel_argv0()] + argv, capture_output=True, text=True, timeout=20)
    assert completed.returncode != 0, "bad command line exited 0"
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "usage:" in lines[0], completed.stderr


def test_kernel_runs_from_any_install_location(tmp_path, monkeypatch):
    binary = tmp_path / "elsewhere" / "bin" / "xdeps"
    binary.parent.mkdir(parents=True)
    shutil.copy2(kernel_argv0(), binary)
    spec_dir = tmp_path / "share" / "jupyter" / "kernels" / "xdeps-moved"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [str(binary), "-f", "{connection_file}"],
        "display_name": "xdeps (moved)", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", f"{tmp_path / 'share' / 'jupyter'}:{os.environ.get('JUPYTER_PATH', '')}")
    nb = Notebook(kernel_name="xdeps-moved")
    try:
        result = nb.run("import sys, xeus_python_shell\nprint(sys.prefix)", cell="where")
        assert result.stdout.strip() == sys.base_prefix, result
    finally:
        nb.close()
