"""Drive a real kernel over the Jupyter protocol the way JupyterLab does:
each execute_request carries metadata.cellId, and outputs are collected from
iopub until the kernel is idle again. The kernel tests and the benchmarks
both drive kernels through this module."""

import os
import queue
import time
import uuid

from jupyter_client.manager import KernelManager

TIMEOUT = 60


class KernelDied(RuntimeError):
    pass


class CellResult:
    def __init__(self, reply, messages):
        self.reply = reply
        self.messages = messages

    @property
    def status(self):
        return self.reply["content"]["status"]

    @property
    def stdout(self):
        return "".join(m["content"]["text"] for m in self.messages
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")

    @property
    def stderr(self):
        return "".join(m["content"]["text"] for m in self.messages
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")

    @property
    def displays(self):
        """Bundles of display_data messages, in order."""
        return [m["content"]["data"] for m in self.messages if m["msg_type"] == "display_data"]

    @property
    def result(self):
        for m in self.messages:
            if m["msg_type"] == "execute_result":
                return m["content"]["data"].get("text/plain")
        return None

    @property
    def error(self):
        for m in self.messages:
            if m["msg_type"] == "error":
                return m["content"]
        return None

    def notices(self):
        """text/plain of the kernel's notices (displays styled as notices)."""
        return [d["text/plain"] for d in self.displays
                if "text/html" in d and "xdeps-notice" in d["text/html"]]

    def __repr__(self):
        return f"<cell {self.status} out={self.stdout!r} result={self.result!r} err={self.error and self.error['ename']}>"


class Notebook:
    """A kernel plus cells identified by id, like a notebook in JupyterLab."""

    # Called with every iopub message a run collects (the kernel tests check
    # each state they receive against the schema here).
    message_checks = []
    # Called with the notebook once its kernel is ready, and with the
    # notebook and each execution's CellResult (the kernel tests check every
    # notice against the state here: notice_checker.py).
    start_hooks = []
    result_checks = []

    def __init__(self, kernel_name="xdeps", extra_env=None, cwd=None, kernel_spec_manager=None,
                 ready_timeout=TIMEOUT):
        env = dict(os.environ)
        env.update(extra_env or {})
        self.km = KernelManager(kernel_name=kernel_name)
        if kernel_spec_manager is not None:
            self.km.kernel_spec_manager = kernel_spec_manager
        self.km.start_kernel(env=env, cwd=cwd)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=ready_timeout)
        self.ids = {}
        for hook in self.start_hooks:
            hook(self)

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def cell_id(self, name):
        return self.ids.setdefault(name, f"{name}-{uuid.uuid4().hex[:8]}")

    def run(self, code, cell=None, metadata=None, timeout=TIMEOUT, cell_id=None, **content):
        """Runs `code` as cell `cell` (a name; None sends no cellId), or with
        the given `cell_id` as it is."""
        md = dict(metadata or {})
        if cell is not None:
            md["cellId"] = self.cell_id(cell)
        elif cell_id is not None:
            md["cellId"] = cell_id
        body = dict(code=code, silent=False, store_history=True, user_expressions={},
                    allow_stdin=False, stop_on_error=True)
        body.update(content)
        msg = self.kc.session.msg("execute_request", body, metadata=md)
        self.kc.shell_channel.send(msg)
        return self.collect(msg["header"]["msg_id"], timeout)

    def next_message(self, get, deadline):
        """The next message of a channel; a kernel that died, or sends nothing
        until `deadline`, is an error rather than a wait forever."""
        while True:
            try:
                return get(timeout=max(0.05, min(1.0, deadline - time.monotonic())))
            except queue.Empty:
                if not self.km.is_alive():
                    raise KernelDied(f"the {self.km.kernel_name} kernel died") from None
                if time.monotonic() > deadline:
                    raise

    def collect(self, msg_id, timeout=TIMEOUT):
        """The reply to request `msg_id` and its iopub messages up to idle."""
        deadline = time.monotonic() + timeout
        reply = None
        while reply is None:
            m = self.next_message(self.kc.get_shell_msg, deadline)
            if m["parent_header"].get("msg_id") == msg_id:
                reply = m
        messages = []
        while True:
            m = self.next_message(self.kc.get_iopub_msg, deadline)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
            if m["msg_type"] not in ("status", "execute_input"):
                for check in self.message_checks:
                    check(m)
                messages.append(m)
        result = CellResult(reply, messages)
        for check in self.result_checks:
            check(self, result)
        return result

    def send(self, msg_type, content, timeout=TIMEOUT):
        """Sends a shell message (comm_open, comm_msg, ...) and returns the
        iopub messages it caused, once the kernel is idle after it."""
        msg = self.kc.session.msg(msg_type, content)
        self.kc.shell_channel.send(msg)
        deadline = time.monotonic() + timeout
        messages = []
        while True:
            m = self.next_message(self.kc.get_iopub_msg, deadline)
            if m["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
                continue
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                return messages
            if m["msg_type"] != "status":
                for check in self.message_checks:
                    check(m)
                messages.append(m)

    def drain_iopub(self):
        while True:
            try:
                self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                return
