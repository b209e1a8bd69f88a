"""Reads and in-place changes made by other threads (docs/tracing.md, Threads;
docs/semantics.md, Reads and writes): while a cell runs, what another thread
reads counts as the cell's, and its reasons say "read `A` by a thread";
between cells nothing is recorded. Each scenario changes an earlier cell and
re-runs it by its cellId, as a notebook user does; the threads hand over with
events (or files, when no cell may run), never with timing."""

import time

from scenario_helpers import Scenario

FRESH, STALE = "fresh", "stale"


def by_a_thread(s, symbol, changer):
    return f"read `{symbol}` by a thread, changed by [{s.n(changer)}]"


def reads_via(s, name, symbol):
    return sorted({r["via"] for r in s.cells()[name]["read_versions"] if r["symbol"] == symbol})


def test_a_serving_thread_reads_for_each_cell_it_answers(s):
    # One call of a notebook function, started in [define], answers requests
    # of later cells: each answer's read is the asking cell's.
    s.run("value", "th1_value = 'first'")
    s.run("define", """
        import queue, threading
        th1_requests, th1_answers = queue.Queue(), queue.Queue()
        def th1_serve():
            while th1_requests.get() is not None:
                th1_answers.put(th1_value)
        th1_thread = threading.Thread(target=th1_serve)
        th1_thread.start()
    """)
    s.run("ask1", "th1_requests.put(1)\nprint(th1_answers.get(timeout=60))")
    assert s.run("ask2", "th1_requests.put(2)\nth1_got = th1_answers.get(timeout=60)").status == "ok"
    for name in ("ask1", "ask2"):
        assert reads_via(s, name, "th1_value") == ["<thread>"], s.cells()[name]
    change = s.run("value", "th1_value = 'second'")
    assert change.notices() == [f"2 cells are now stale: [{s.n('ask1')}] {by_a_thread(s, 'th1_value', 'value')}; "
                                f"[{s.n('ask2')}] {by_a_thread(s, 'th1_value', 'value')}."], change.notices()
    s.expect("the thread read nothing while [define] ran", define=FRESH, ask1=STALE, ask2=STALE)
    s.run("stop", "th1_requests.put(None)\nth1_thread.join()")


def test_a_thread_running_a_lambda_at_top_level_reads_for_the_cell(s):
    s.run("value", "th2_value = 10")
    s.run("during", """
        import threading
        th2_box = []
        th2_thread = threading.Thread(target=lambda: th2_box.append(th2_value * 2))
        th2_thread.start()
        th2_thread.join()
        print(th2_box)
    """)
    assert s.run("check", "print(th2_box)").stdout == "[20]\n"
    assert reads_via(s, "during", "th2_value") == ["<thread>"], s.cells()["during"]
    s.run("value", "th2_value = 11")
    assert [r["text"] for r in s.cells()["during"]["reasons"]] == [by_a_thread(s, "th2_value", "value")]


def test_the_cells_own_read_is_not_hidden_by_a_threads_read_of_the_same_name(s):
    # One statement: a thread reads the name first, then the cell's own code
    # does. The cell read it itself, so its reason does not say "by a thread".
    s.run("value", "th3_value = 3")
    s.run("define", """
        import threading
        def th3_in_a_thread(function):
            out = []
            thread = threading.Thread(target=lambda: out.append(function()))
            thread.start()
            thread.join()
            return out[0]
    """)
    s.run("during", "th3_out = [th3_in_a_thread(lambda: th3_value), th3_value]")
    assert s.run("check", "print(th3_out)").stdout == "[3, 3]\n"
    assert reads_via(s, "during", "th3_value") == [""], s.cells()["during"]
    assert "th3_value" in s.cells()["during"]["function_reads"]["<thread>"], s.cells()["during"]
    s.run("value", "th3_value = 4")
    assert [r["text"] for r in s.cells()["during"]["reasons"]] == [f"read `th3_value`, changed by [{s.n('value')}]"]
    s.run("thread-only", "th3_alone = th3_in_a_thread(lambda: th3_value)")
    s.run("value", "th3_value = 5")
    assert [r["text"] for r in s.cells()["thread-only"]["reasons"]] == [by_a_thread(s, "th3_value", "value")]


def test_a_thread_reading_between_cells_is_recorded_nowhere_and_the_kernel_carries_on(s, tmp_path):
    go, done = tmp_path / "go", tmp_path / "done"
    s.run("value", "th4_value = 'first'")
    s.run("define", f"""
        import os, threading, time
        th4_seen = []
        def th4_poll(path):
            while not os.path.exists(path):
                time.sleep(0.01)
        def th4_reader():
            th4_poll({str(go)!r})
            for _ in range(1000):
                th4_seen.append(th4_value)
            th4_lambda_read = (lambda: th4_value)()
            open({str(done)!r}, "w").close()
        th4_thread = threading.Thread(target=th4_reader)
        th4_thread.start()
    """)
    go.touch()   # no cell runs from here until the thread has read
    deadline = time.monotonic() + 60
    while not done.exists():
        assert time.monotonic() < deadline, "the thread never read th4_value"
        time.sleep(0.01)
    assert s.run("join", "th4_thread.join()\nprint(len(th4_seen), set(th4_seen))").stdout == "1000 {'first'}\n"
    readers = [name for name, cell in s.cells().items() if "th4_value" in cell["reads"]]
    assert readers == [], f"a read between cells was recorded as the read of {readers}"
    s.run("value", "th4_value = 'second'")
    s.expect("no cell read th4_value while it ran", define=FRESH, join=FRESH)
    assert s.run("after", "print(th4_value)").stdout == "second\n"


def test_a_thread_changing_a_list_in_place_while_a_cell_runs_changes_it_for_that_cell(s):
    s.run("data", "th5_items = [1, 2]")
    s.run("define", """
        import threading
        th5_go, th5_done = threading.Event(), threading.Event()
        def th5_worker():
            th5_go.wait(60)
            th5_items.append(3)
            th5_done.set()
        th5_thread = threading.Thread(target=th5_worker)
        th5_thread.start()
    """)
    s.run("during", "th5_go.set()\nassert th5_done.wait(60)")
    during = s.cells()["during"]
    assert "th5_items" in during["writes"], during
    assert reads_via(s, "during", "th5_items") == ["<thread>"], during
    s.run("use", "print(sum(th5_items))")
    assert s.run("check", "print(th5_items)").stdout == "[1, 2, 3]\n"
    use = s.cells()["use"]
    assert [(r["symbol"], r["bound_by"]) for r in use["read_versions"]] == [("th5_items", s.id("during"))], use
    s.run("data", "th5_items = [10]")
    s.expect("the thread's change in place is [during]'s, as if [during] had made it: [use] read the list "
             "[during] changed, so it is downstream", during=STALE, use="downstream")
    assert [r["text"] for r in s.cells()["during"]["reasons"]] == [by_a_thread(s, "th5_items", "data")]
    s.run("join", "th5_thread.join()")


def test_a_timer_firing_while_a_cell_waits_reads_for_that_cell(s):
    s.run("value", "th6_value = 5")
    s.run("define", """
        import threading
        th6_out = []
        def th6_fire():
            th6_out.append(th6_value + 1)
    """)
    assert s.run("during", """
        th6_timer = threading.Timer(0.001, th6_fire)
        th6_timer.start()
        th6_timer.join()
        print(th6_out)
    """).stdout == "[6]\n"
    assert reads_via(s, "during", "th6_value") == ["<thread>"], s.cells()["during"]
    change = s.run("value", "th6_value = 7")
    assert change.notices() == [f"1 cell is now stale: [{s.n('during')}] {by_a_thread(s, 'th6_value', 'value')}."]


def test_a_thread_pool_map_in_a_cell_reads_for_the_cell_by_a_thread(s):
    s.run("factor", "th7_factor = 3")
    s.run("define", """
        def th7_scale(v):
            return v * th7_factor
    """)
    s.run("pool", """
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=4) as th7_ex:
            th7_out = list(th7_ex.map(th7_scale, range(20)))
        print(sum(th7_out))
    """)
    assert s.run("check", "print(th7_out[:4], sum(th7_out))").stdout == "[0, 3, 6, 9] 570\n"
    pool = s.cells()["pool"]
    assert reads_via(s, "pool", "th7_factor") == ["<thread>"], pool
    assert s.id("define") in pool["upstream"] and s.id("factor") in pool["upstream"], pool
    s.run("total", "th7_total = sum(th7_out)")
    change = s.run("factor", "th7_factor = 4")
    assert [r["text"] for r in s.cells()["pool"]["reasons"]] == [by_a_thread(s, "th7_factor", "factor")]
    s.expect("the pool's reads are the cell's; what uses its result is downstream",
             pool=STALE, total="downstream", define=FRESH)
    later = f"uses `th7_out` from [{s.n('pool')}], computed from `th7_factor` changed by [{s.n('factor')}]"
    assert change.notices() == [f"3 cells are now stale: [{s.n('pool')}] {by_a_thread(s, 'th7_factor', 'factor')}; "
                                f"[{s.n('check')}] {later}; [{s.n('total')}] {later}."], change.notices()
    s.run("pool", "with ThreadPoolExecutor(max_workers=4) as th7_ex:\n    th7_out = list(th7_ex.map(th7_scale, range(20)))")
    assert s.run("check", "print(sum(th7_out))").stdout == "760\n"
    s.expect("re-run, the pool's cell is fresh again", pool=FRESH)
