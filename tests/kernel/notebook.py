"""Drive a real kernel over the Jupyter protocol the way JupyterLab does:
each execute_request carries metadata.cellId, and outputs are collected from
iopub until the kernel is idle again."""

import os
import queue
import uuid

from jupyter_client.manager import KernelManager

TIMEOUT = 60


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

    def __init__(self, kernel_name="xdeps", extra_env=None):
        env = dict(os.environ)
        env.update(extra_env or {})
        self.km = KernelManager(kernel_name=kernel_name)
        self.km.start_kernel(env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)
        self.ids = {}

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def cell_id(self, name):
        return self.ids.setdefault(name, f"{name}-{uuid.uuid4().hex[:8]}")

    def run(self, code, cell=None, metadata=None, timeout=TIMEOUT, **content):
        """Runs `code` as cell `cell` (a name; None sends no cellId)."""
        md = dict(metadata or {})
        if cell is not None:
            md["cellId"] = self.cell_id(cell)
        body = dict(code=code, silent=False, store_history=True, user_expressions={},
                    allow_stdin=False, stop_on_error=True)
        body.update(content)
        msg = self.kc.session.msg("execute_request", body, metadata=md)
        self.kc.shell_channel.send(msg)
        return self.collect(msg["header"]["msg_id"], timeout)

    def collect(self, msg_id, timeout=TIMEOUT):
        reply = None
        while reply is None:
            m = self.kc.get_shell_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") == msg_id:
                reply = m
        messages = []
        while True:
            m = self.kc.get_iopub_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
            if m["msg_type"] not in ("status", "execute_input"):
                messages.append(m)
        return CellResult(reply, messages)

    def drain_iopub(self):
        while True:
            try:
                self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                return
