"""Scenarios of a notebook session on the xdeps kernel: cells with names,
statuses read back from the kernel's own state (`%deps --all --json`, checked
against the state schema). A scenario starts from an empty namespace and an
empty tracker state: a kernel of its own, or a shared one after `clean`.
"""

import json
import textwrap

from notebook import Notebook
from state_schema import validated_state

STATE_MIME = "application/json"


def dedent(code):
    return textwrap.dedent(code).strip("\n")


def deps(nb, args="", cell="deps-query"):
    """Runs `%deps <args>` in a cell of its own and returns its CellResult."""
    return nb.run(f"%deps {args}".rstrip(), cell=cell)


def state(nb, args="--all"):
    """The state JSON the kernel reports for `%deps <args> --json`."""
    result = deps(nb, f"{args} --json")
    for bundle in result.displays:
        if STATE_MIME in bundle:
            data = bundle[STATE_MIME]
            return validated_state(json.loads(data) if isinstance(data, str) else data)
    raise AssertionError(f"`%deps {args} --json` gave no {STATE_MIME} display: {result.messages}")


def shell_pid(nb):
    provisioner = getattr(nb.km, "provisioner", None)
    process = getattr(provisioner, "process", None) or getattr(nb.km, "kernel", None)
    return process.pid


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError(f"no VmRSS for process {pid}")


def user_names(nb):
    """The names in the user namespace that IPython's own setup did not put there."""
    # A user expression of a silent request: no cell of its own in the state.
    expression = ("sorted(n for n in get_ipython().user_ns"
                  " if n not in get_ipython().user_ns_hidden and not n.startswith('_'))")
    result = nb.run("", silent=True, store_history=False, user_expressions={"names": expression})
    value = result.reply["content"]["user_expressions"]["names"]
    assert value["status"] == "ok", value
    return value["data"]["text/plain"]


def clean(nb):
    """Empties a shared kernel's namespace and tracker state (`%reset -f`
    resets both) and checks that nothing of an earlier scenario is left."""
    reset = nb.run("%reset -f")
    assert reset.status == "ok", reset
    # The rule outlives %reset: a scenario that switched it leaves the default.
    deps(nb, "order notebook")
    nb.ids.clear()
    left = state(nb)["cells"]
    assert left == [], f"%reset -f left cells in the tracker state: {left}"
    assert user_names(nb) == "[]", f"%reset -f left names in the namespace: {user_names(nb)}"
    # The query cells above were not recorded; the reset itself was forgotten.
    assert state(nb)["cells"] == []


class Scenario:
    """The cells of one scenario, named locally: `s.run("a", "x = 1")`."""

    def __init__(self, nb, prefix=""):
        self.nb = nb
        self.prefix = prefix      # names the cells, optionally: "<prefix>/<name>"
        self.order = []           # local names, in order of first run
        self.counts = {}          # local name -> latest execution count
        self.anonymous = set()    # cells sent without metadata.cellId

    def _cell(self, name):
        return f"{self.prefix}/{name}" if self.prefix else name

    def run(self, name, code, expect_error=None, with_id=True, metadata=None):
        """Runs `code` as cell `name`. The cell must succeed, or raise
        `expect_error` (an exception name) when given."""
        code = dedent(code)
        if with_id:
            result = self.nb.run(code, cell=self._cell(name), metadata=metadata)
        else:
            self.anonymous.add(name)
            result = self.nb.run(code, metadata=metadata)
        self.adopt(name, result)
        if expect_error is None:
            assert result.status == "ok", (
                f"cell {name!r} failed:\n{code}\n" + "\n".join((result.error or {}).get("traceback", [])))
        else:
            assert result.error and result.error["ename"] == expect_error, (
                f"cell {name!r} should raise {expect_error}, got {result}")
        return result

    def adopt(self, name, result):
        """Records a run made outside `run` (an interrupted request, say)."""
        if name not in self.counts:
            self.order.append(name)
        self.counts[name] = result.reply["content"].get("execution_count")

    def id(self, name):
        return self.nb.cell_id(self._cell(name))

    def n(self, name):
        """The execution count the cell is shown with, [n]."""
        return self.counts[name]

    def name_of(self, cell_id, execution_count=None):
        for name in self.order:
            if name in self.anonymous:
                if execution_count is not None and execution_count == self.counts[name]:
                    return name
            elif cell_id == self.id(name):
                return name
        return None

    def cells(self):
        """{local name: the cell's entry in the state JSON} for this scenario's cells."""
        found = {}
        for entry in state(self.nb)["cells"]:
            name = self.name_of(entry["id"], entry.get("execution_count"))
            if name is not None:
                found[name] = entry
        return found

    def statuses(self):
        return {name: entry["status"] for name, entry in self.cells().items()}

    def reasons(self, name):
        """[(symbol, local name of the cell that changed it)] of a cell."""
        cells = self.cells()
        by_id = {}
        for entry in state(self.nb)["cells"]:
            by_id[entry["id"]] = self.name_of(entry["id"], entry.get("execution_count")) or entry["id"]
        return sorted((r["symbol"], by_id.get(r.get("changed_by"), r.get("changed_by")))
                      for r in cells[name]["reasons"])

    def expect(self, why, **expected):
        """Asserts the status of each named cell; `why` explains the rule."""
        cells = self.cells()
        actual = {name: cells[name]["status"] if name in cells else "<unknown to the kernel>"
                  for name in expected}
        if actual != expected:
            detail = "\n".join(f"  {name} [{self.counts.get(name)}]: {entry['status']} reads={entry.get('reads')} "
                               f"writes={entry.get('writes')} reasons={entry.get('reasons')}"
                               for name, entry in cells.items())
            raise AssertionError(f"{why}\nexpected {expected}\nactual   {actual}\nstate of the scenario:\n{detail}")


def fresh_notebook():
    return Notebook()


# The seed example's globals, function and classes, as cells (each scenario
# adds the cells that call g).
SEED_DEFINITIONS = [
    ("ab", "A = 23\nB = 42"),
    ("f", "def f(x):\n    return x + A"),
    ("C", """
        class C:
            def __init__(self, x):
                self.x = x + B

            def m(self, y):
                return self.x + y

            class D:
                def __init__(self, x):
                    self.x = f(x)

                def m(self, y):
                    return y + A
    """),
    ("g", """
        def g(x):
            if x % 2 == 1:
                return C.D(x).m(x)
            return C(x).m(x)
    """),
]
