"""Every notice checked against the state after it (docs/magic.md, Notices).

The checker follows a kernel the way the JupyterLab extension does: it opens
an `xdeps` comm when the kernel starts and reads the state the kernel pushes
after every recorded execution. Each execution's notices must then agree
with that state, and with the state before it:

- the run notice names exactly the cells that became stale (from fresh or
  downstream) or downstream (from fresh), each with its reasons' `text`;
- a warning "[n] reads `r` from [m], which is stale" names the running cell,
  inputs it read at an outdated version, the cell each came from and that
  cell's status; the inputs warned about (less those the run "did not read
  after all") are exactly the outdated inputs of its record;
- "[n] reads `x` from [m], below it" names the running cell, stale, with a
  reason of `x` read from below (notebook order);
- an execution that is not recorded (a `%deps` query) gives neither, nor
  does a change outside any cell (a silent request), whose state push has no
  cell as its cause;
- no cell is ever upstream of itself (its `upstream`, the `bound_by` of its
  reads and reasons).

conftest.py turns it on for every kernel test (xdeps kernels only).
"""

import re
import uuid

RUN_NOTICE = re.compile(r"^(\d+) cells? (?:is|are) now stale: (.*)\.$", re.S)
WARNING = re.compile(r"^(\[\d+\]|This cell) reads (.*)\.$", re.S)
UNREAD = re.compile(r"^(\[\d+\]|This cell) did not read (.*) after all\.$", re.S)
FAILURE = "Dependency tracking was off for this cell"
FROM_CELL = re.compile(r"^`([^`]+)` from \[(\d+)\], which is (stale|downstream)$")
FROM_EARLIER_RUN = re.compile(r"^`([^`]+)` from an earlier run of \[(\d+)\]$")
FROM_BELOW = re.compile(r"^`([^`]+)` from \[(\d+)\], below it$")
FROM_UNKNOWN = re.compile(r"^`([^`]+)`, computed from a value changed since$")
LISTED_CELL = re.compile(r"^\[(\d+)\] (.*)$", re.S)
MORE = re.compile(r"^\.\.\. and (\d+) more$")
MAX_LISTED = 8


class NoticeContradiction(AssertionError):
    pass


def _notices(result):
    return [d["text/plain"] for d in result.displays
            if "text/html" in d and "xdeps-notice" in d["text/html"]]


class NoticeChecker:
    """Attached to one Notebook: its comm, and the latest state it saw."""

    def __init__(self, nb):
        self.nb = nb
        self.comm_id = "notice-checker-" + uuid.uuid4().hex
        self.state = self._opened()

    @classmethod
    def attach(cls, nb):
        if nb.km.kernel_name == "xdeps":
            nb.notice_checker = cls(nb)

    @staticmethod
    def check(nb, result):
        checker = getattr(nb, "notice_checker", None)
        if checker is not None:
            checker.check_result(result)

    # --- the state, as the extension receives it --------------------------

    def _states_in(self, messages):
        return [m["content"]["data"] for m in messages
                if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == self.comm_id
                and isinstance(m["content"]["data"], dict) and m["content"]["data"].get("type") == "state"]

    def _opened(self):
        sent = self.nb.send("comm_open", {"comm_id": self.comm_id, "target_name": "xdeps", "data": {}})
        states = self._states_in(sent)
        assert states, f"the kernel sent no state when the checker's comm opened: {sent}"
        return states[-1]["state"]

    def _requested(self):
        sent = self.nb.send("comm_msg", {"comm_id": self.comm_id, "data": {"type": "request_state"}})
        states = self._states_in(sent)
        assert states, f"no answer to request_state: {sent}"
        return states[-1]["state"]

    # --- checks ------------------------------------------------------------

    def check_result(self, result):
        pushed = [m for m in self._states_in(result.messages) if m.get("cause")]
        notices = _notices(result)
        if not pushed:
            kernel_notices = [n for n in notices if not n.startswith(FAILURE)]
            if kernel_notices:
                raise NoticeContradiction(f"notices for an execution that was not recorded: {kernel_notices}")
            self.state = self._requested()
            self._check_state(self.state)
            return
        before, after, cause = self.state, pushed[-1]["state"], pushed[-1]["cause"]
        self.state = after
        self._check_state(after)
        if cause.get("cell_id") is None:
            kernel_notices = [n for n in notices if not n.startswith(FAILURE)]
            if kernel_notices:
                raise NoticeContradiction(f"notices for a change outside any cell: {kernel_notices}")
            return
        try:
            self._check_notices(notices, before, after, cause)
        except NoticeContradiction as e:
            raise NoticeContradiction(f"{e}\nnotices: {notices}\ncause: {cause}\n"
                                      f"before: {_summary(before)}\nafter:  {_summary(after)}") from None

    def _check_state(self, state):
        for cell in state["cells"]:
            own = cell["id"]
            sources = ([("upstream", u) for u in cell["upstream"]]
                       + [("read of " + r["symbol"], r.get("bound_by")) for r in cell.get("read_versions", [])]
                       + [("reason " + r["symbol"], r.get("bound_by")) for r in cell["reasons"]])
            for where, source in sources:
                if source == own:
                    raise NoticeContradiction(
                        f"[{cell['execution_count']}] is upstream of itself ({where}): {cell}")

    def _check_notices(self, notices, before, after, cause):
        by_id = {c["id"]: c for c in after["cells"]}
        by_count = {c["execution_count"]: c for c in after["cells"]}
        before_status = {c["id"]: c["status"] for c in before["cells"]}
        running = by_id.get(cause["cell_id"])
        label = f"[{cause['execution_count']}]"
        warned, unread, run_notices = set(), set(), []
        for text in notices:
            if text.startswith(FAILURE):
                continue
            if RUN_NOTICE.match(text):
                run_notices.append(text)
            elif WARNING.match(text):
                warned |= self._check_warning(text, label, running, by_count)
            elif UNREAD.match(text):
                who, names = UNREAD.match(text).groups()
                if who != label:
                    raise NoticeContradiction(f"{text!r} names {who}, not the running cell {label}")
                unread |= set(re.findall(r"`([^`]+)`", names))
            else:
                raise NoticeContradiction(f"a notice of no known form: {text!r}")
        if running is not None and running["status"] != "stale":
            outdated = {r["symbol"] for r in running.get("read_versions", []) if r["outdated"]}
            if warned - unread != outdated:
                raise NoticeContradiction(
                    f"warnings name {sorted(warned - unread)} but {label} read outdated {sorted(outdated)}")
        became = sorted((c["execution_count"], c["id"]) for c in after["cells"]
                        if c["id"] != cause["cell_id"] and c["id"] in before_status
                        and ((c["status"] == "stale" and before_status[c["id"]] != "stale")
                             or (c["status"] == "downstream" and before_status[c["id"]] == "fresh")))
        if len(run_notices) > 1:
            raise NoticeContradiction(f"more than one run notice: {run_notices}")
        if not run_notices:
            if became:
                raise NoticeContradiction(f"no notice, but {[n for n, _ in became]} became stale or downstream")
            return
        self._check_run_notice(run_notices[0], became, by_count)

    def _check_warning(self, text, label, running, by_count):
        who, body = WARNING.match(text).groups()
        if who != label:
            raise NoticeContradiction(f"{text!r} names {who}, not the running cell {label}")
        if running is None:
            raise NoticeContradiction(f"{text!r}: the running cell is not in the state")
        reads = {r["symbol"]: r for r in running.get("read_versions", [])}
        symbols = set()
        for item in body.split("; "):
            below = FROM_BELOW.match(item)
            if below:
                symbol = below.group(1)
                if running["status"] != "stale" or not any(
                        r["symbol"] == symbol and r.get("below") for r in running["reasons"]):
                    raise NoticeContradiction(f"{item!r}: {label} has no reason of `{symbol}` read from below")
                continue
            m = FROM_CELL.match(item) or FROM_EARLIER_RUN.match(item) or FROM_UNKNOWN.match(item)
            if m is None:
                raise NoticeContradiction(f"warning item of no known form: {item!r}")
            symbol = m.group(1)
            symbols.add(symbol)
            read = reads.get(symbol)
            if read is None or not read["outdated"]:
                continue  # checked with "did not read ... after all" by the caller
            if m.re is FROM_UNKNOWN:
                continue
            source = by_count.get(int(m.group(2)))
            if source is None or read.get("bound_by") != source["id"]:
                raise NoticeContradiction(f"{item!r}: {label} read `{symbol}` from {read.get('bound_by')}")
            expected = m.group(3) if m.re is FROM_CELL else "fresh"
            if source["status"] != expected:
                raise NoticeContradiction(f"{item!r}: [{source['execution_count']}] is {source['status']}")
        return symbols

    def _check_run_notice(self, text, became, by_count):
        count, body = RUN_NOTICE.match(text).groups()
        if int(count) != len(became):
            raise NoticeContradiction(f"{text!r} counts {count}, but {len(became)} cells became stale or downstream")
        items = body.split("; ")
        more = MORE.match(items[-1])
        if more:
            items = items[:-1]
            if len(items) + int(more.group(1)) != len(became):
                raise NoticeContradiction(f"{text!r}: listed and 'more' do not add up to {len(became)}")
        expected = [n for n, _ in became][:MAX_LISTED]
        listed = []
        for item in items:
            m = LISTED_CELL.match(item)
            if m is None:
                raise NoticeContradiction(f"run notice item of no known form: {item!r}")
            n, sentences = int(m.group(1)), m.group(2)
            listed.append(n)
            cell = by_count[n]
            texts = {r["text"] for r in cell["reasons"]}
            if set(sentences.split(", and ")) != texts:
                raise NoticeContradiction(f"{item!r}: the state's reasons of [{n}] are {sorted(texts)}")
        if listed != expected:
            raise NoticeContradiction(f"{text!r} lists {listed}, expected {expected}")


def _summary(state):
    return {c["execution_count"]: c["status"] for c in state["cells"]}
