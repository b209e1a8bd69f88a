"""The tracker never kills the kernel nor changes results, and keeps a
consistent state (docs/semantics.md, Reliability): interrupts, %reset, huge cells,
odd namespace use, threads, pickling, deep recursion, long sessions."""

import contextlib
import io
import time

import pytest

from notebook import Notebook
from scenario_helpers import Scenario, dedent, deps, rss_kib, shell_pid, state


def interrupt_after(nb, cell_id, code, delay=1.0):
    msg = nb.kc.session.msg("execute_request", dict(code=code, silent=False, store_history=True,
                                                   user_expressions={}, allow_stdin=False, stop_on_error=True),
                            metadata={"cellId": cell_id})
    nb.kc.shell_channel.send(msg)
    time.sleep(delay)
    nb.km.interrupt_kernel()
    return nb.collect(msg["header"]["msg_id"], timeout=20)


def test_keyboard_interrupt_inside_a_notebook_function_leaves_a_consistent_state(nb):
    s = Scenario(nb)
    s.run("a", "base = 1")
    s.run("b", """
        def spin():
            total = 0
            while True:
                total += base
        def other():
            return base * 2
    """)
    result = interrupt_after(nb, s.id("c"), "started = True\nspin()")
    s.adopt("c", result)
    assert result.error and result.error["ename"] == "KeyboardInterrupt", result
    s.run("d", "r = other()")
    calls = state(nb)["cells"]
    d = next(c for c in calls if c["id"] == s.id("d"))
    assert all("spin" not in pair for pair in d["calls"]), f"the interrupted call leaked into d's call graph: {d['calls']}"
    assert any(pair[1] == "other" for pair in d["calls"]), d["calls"]
    s.run("e", "print(started, r)")
    s.run("a", "base = 5")
    s.expect("the interrupted cell kept its partial record (it read base inside spin)",
             c="stale", d="stale", e="downstream")
    assert deps(nb, "--all").error is None


def test_keyboard_interrupt_raised_by_user_code(nb):
    s = Scenario(nb)
    s.run("a", "def stop():\n    raise KeyboardInterrupt\nvalue = 3", )
    s.run("b", "half = value / 2\nstop()", expect_error="KeyboardInterrupt")
    s.run("c", "print(half)")
    s.run("a", "def stop():\n    raise KeyboardInterrupt\nvalue = 4")
    s.expect("b read value before stopping; c uses half from b", b="stale", c="downstream")


def test_reset_clears_the_graph(nb):
    s = Scenario(nb)
    s.run("a", "x = 1")
    s.run("b", "y = x + 1")
    s.run("reset", "%reset -f")
    assert state(nb)["cells"] == [], f"%reset must forget every cell: {state(nb)['cells']}"
    s.run("c", "print(y)", expect_error="NameError")
    s.run("d", "x = 10")
    s.run("e", "z = x * 2")
    s.run("d", "x = 11")
    s.expect("tracking starts over after %reset", d="fresh", e="stale")


def test_reset_in_a_request_that_is_not_a_cell_clears_the_graph_at_once(nb):
    s = Scenario(nb, "silent-reset")
    s.run("a", "x = 1")
    assert nb.run("%reset -f", silent=True).status == "ok"
    assert state(nb)["cells"] == [], f"a silent %reset must forget every cell: {state(nb)['cells']}"
    s.run("b", "y = 2")
    s.run("c", "print(y)")
    kept = [c["id"] for c in state(nb)["cells"]]
    assert kept == [s.id("b"), s.id("c")], f"the cells run after the reset are kept: {kept}"


def test_huge_cell(nb):
    lines = ["h_0 = h_seed"] + [f"h_{i} = h_{i - 1} + 1" for i in range(1, 20000)]
    s = Scenario(nb)
    s.run("seed", "h_seed = 0")
    s.run("huge", "\n".join(lines))
    assert s.run("show", "print(h_19999)").stdout == "19999\n"
    s.run("other", "print(h_seed)")
    s.run("seed", "h_seed = 1")
    s.expect("lineage runs through 20,000 statements", huge="stale", show="downstream", other="stale")


def test_non_string_keys_in_the_namespace(nb):
    s = Scenario(nb)
    s.run("a", "globals()[42] = 'answer'\nglobals()[('t', 1)] = 'tuple'")
    result = s.run("b", "print(globals()[42], globals()[('t', 1)])")
    assert result.stdout == "answer tuple\n", result
    s.run("c", "del globals()[42]\nk = 1")
    s.run("d", "print(k)")
    s.run("c", "k = 2")
    assert s.statuses()["d"] == "stale", "tracking works after non-string keys"


def test_deep_recursion(nb):
    s = Scenario(nb)
    s.run("a", "step = 1\ndef depth(n):\n    return 0 if n == 0 else step + depth(n - 1)")
    assert s.run("b", "print(depth(500))").stdout == "500\n"
    s.run("c", "depth(10 ** 6)", expect_error="RecursionError")
    assert s.run("d", "print(depth(400))").stdout == "400\n", "the kernel recovers from RecursionError"
    s.run("a", "step = 2\ndef depth(n):\n    return 0 if n == 0 else step + depth(n - 1)")
    s.expect("after a RecursionError the tracker still attributes reads", b="stale", d="stale")


def is_subsequence(values, sequence):
    rest = iter(sequence)
    return all(any(v == item for item in rest) for v in values)


def test_a_thread_reads_every_value_as_cells_rebind_it(nb):
    s = Scenario(nb)
    s.run("a", """
        import threading
        shared = 1
        seen = []
        def worker():
            for _ in range(400):
                seen.append(shared)
                threading.Event().wait(0.002)
        thread = threading.Thread(target=worker)
        thread.start()
    """)
    for i in range(20):
        s.run(f"w{i}", f"shared = {i}")
    joined = s.run("join", "thread.join()\nprint(len(seen))\nprint(seen)")
    count, seen = joined.stdout.splitlines()
    assert count == "400"
    values = [int(v) for v in seen.strip("[]").split(", ")]
    changes = [v for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
    assert is_subsequence(changes, [1] + list(range(20))), (
        f"the thread must read the values the cells bound, in the order they bound them: {changes}")
    assert nb.km.is_alive()


@pytest.mark.usefixtures("order_any")   # a later cell changes what an earlier one read
def test_a_thread_read_while_a_cell_runs_is_the_cell_read(nb):
    s = Scenario(nb)
    s.run("define", """
        import threading
        during_value = "first"
        go, done = threading.Event(), threading.Event()
        observed = []
        def reader():
            go.wait(60)
            observed.append(during_value)
            done.set()
        reader_thread = threading.Thread(target=reader)
        reader_thread.start()
    """)
    s.run("during", "go.set()\nassert done.wait(60)")
    assert "during_value" in s.cells()["during"]["reads"], (
        f"docs/tracing.md: reads from other threads while a cell runs count as the cell's: {s.cells()['during']}")
    s.run("rebind", "during_value = 'second'")
    s.expect("the cell during which the thread read during_value is stale when it changes", during="stale")
    assert s.reasons("during") == [("during_value", "rebind")]
    assert s.run("seen", "reader_thread.join()\nprint(observed)").stdout == "['first']\n"


def test_a_thread_read_between_cells_is_no_cell_read(nb, tmp_path):
    s = Scenario(nb)
    go, done = tmp_path / "go", tmp_path / "done"
    s.run("define", f"""
        import os, threading, time
        idle_value = "first"
        idle_seen = []
        def idle_reader():
            while not os.path.exists({str(go)!r}):
                time.sleep(0.01)
            idle_seen.append(idle_value)
            open({str(done)!r}, "w").close()
        idle_thread = threading.Thread(target=idle_reader)
        idle_thread.start()
    """)
    # No cell runs from here until the thread has read.
    go.touch()
    deadline = time.monotonic() + 60
    while not done.exists():
        assert time.monotonic() < deadline, "the thread never read idle_value"
        time.sleep(0.01)
    assert s.run("join", "idle_thread.join()\nprint(idle_seen)").stdout == "['first']\n"
    s.run("rebind", "idle_value = 'second'")
    readers = [name for name, cell in s.cells().items() if "idle_value" in cell["reads"]]
    assert readers == [], f"a read between runs was recorded as the read of {readers}"
    s.expect("no cell read idle_value while it ran", define="fresh", join="fresh", rebind="fresh")


def test_pickle_inspect_and_copy_of_notebook_functions(nb):
    s = Scenario(nb)
    s.run("a", """
        import inspect, pickle, copy
        offset = 3
        def shift(v, by=1):
            return v + by + offset
        class Box:
            def __init__(self, v):
                self.v = v
            def get(self):
                return shift(self.v)
    """)
    result = s.run("b", """
        print(pickle.loads(pickle.dumps(shift))(1))
        print(pickle.loads(pickle.dumps(Box(2))).get())
        print(inspect.signature(shift), shift.__name__, shift.__qualname__)
        print(inspect.getsource(shift).splitlines()[0])
        print(copy.deepcopy(Box(5)).get())
    """)
    assert result.stdout == "5\n6\n(v, by=1) shift shift\ndef shift(v, by=1):\n9\n", result.stdout


def test_bad_request_metadata_does_no_harm(nb):
    s = Scenario(nb)
    s.run("a", "m = 1")
    for metadata in ({"deletedCells": [123, None, "unknown-cell", {"x": 1}]}, {"deletedCells": "a-string"},
                     {"cellId": 5}, {"cellId": None}, {"cellId": ""}):
        result = nb.run("print(m)", metadata=metadata)
        assert result.stdout == "1\n", f"metadata {metadata} broke the cell: {result}"
    assert nb.km.is_alive()
    s.run("b", "print(m)")
    s.run("a", "m = 2")
    assert s.statuses() == {"a": "fresh", "b": "stale"}, s.statuses()


def test_tracked_and_untracked_results_are_the_same(nb):
    s = Scenario(nb)
    code = """
        data = {k: k * k for k in range(50)}
        def total(keys):
            return sum(data[k] for k in keys if k % 3)
        fns = [lambda v, i=i: v * i for i in range(5)]
        result = (total(range(50)), [f(2) for f in fns], sorted(data)[-3:])
        print(result)
    """
    tracked = s.run("tracked", code).stdout
    deps(nb, "off")
    untracked = nb.run(dedent(code), cell="untracked").stdout
    deps(nb, "on")
    plain = io.StringIO()
    with contextlib.redirect_stdout(plain):
        exec(dedent(code), {})
    assert tracked == untracked == plain.getvalue(), (tracked, untracked, plain.getvalue())


@pytest.fixture
def memory_notebook():
    notebook = Notebook()
    yield notebook
    notebook.close()


def test_memory_stays_bounded_over_5000_executions(memory_notebook):
    nb = memory_notebook
    pid = shell_pid(nb)
    cells = 10
    nb.run("\n".join(f"mem_{k} = 0" for k in range(cells)), cell="mem-init")
    rss = {}
    started = time.monotonic()
    for i in range(1, 5001):
        k = i % cells
        code = f"mem_{k} = mem_{(k - 1) % cells} + {i}\ndef mem_f{k}(v):\n    return v + mem_{k}\nmem_r{k} = mem_f{k}({i})"
        result = nb.run(code, cell=f"mem-{k}", store_history=True)
        assert result.status == "ok", result
        if i in (1000, 5000):
            rss[i] = rss_kib(pid)
    elapsed = time.monotonic() - started
    growth = rss[5000] - rss[1000]
    print(f"kernel RSS after 1,000 executions: {rss[1000]} KiB; after 5,000: {rss[5000]} KiB; "
          f"growth {growth} KiB ({growth * 1024 / 4000:.0f} bytes per execution); {elapsed:.1f} s")
    assert growth < 24 * 1024, f"kernel memory grew by {growth} KiB over 4,000 executions of 10 cells"
    assert len(state(nb)["cells"]) == cells + 1, "the notebook has 11 cells however often they run"
