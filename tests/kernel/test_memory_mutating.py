"""Memory stays bounded when cells change objects in place (docs/semantics.md,
Reliability): 2,000 executions of mutating cells grow the xdeps kernel no more
than they grow plain xpython."""

from notebook import Notebook
from scenario_helpers import rss_kib, shell_pid

SETUP = """
import numpy as np
import pandas as pd
class Box:
    pass
box = Box()
cfg = {"lr": 0.1}
items = list(range(10))
arr = np.zeros(100)
df = pd.DataFrame({"a": range(10), "b": 0.0})
"""

# Each changes an object in place and another cell reads it: the notices, the
# versions and the fingerprints of every execution must not pile up.
CELLS = [
    "cfg['lr'] = {i} / 1000",
    "items[{i} % 10] = {i}",
    "arr[{i} % 100] = {i}",
    "df.loc[{i} % 10, 'b'] = {i}",
    "box.value = {i}",
    "total = sum(items) + cfg['lr'] + float(arr.sum()) + float(df['b'].sum()) + box.value",
]


def growth_over_mutating_runs(kernel_name, executions=2000, measure_from=500):
    nb = Notebook(kernel_name=kernel_name)
    try:
        assert nb.run(SETUP, cell="setup").status == "ok"
        pid = shell_pid(nb)
        rss = {}
        for i in range(1, executions + 1):
            k = i % len(CELLS)
            result = nb.run(CELLS[k].format(i=i), cell=f"mutating-{k}")
            assert result.status == "ok", (kernel_name, result)
            if i in (measure_from, executions):
                rss[i] = rss_kib(pid)
        return rss[executions] - rss[measure_from]
    finally:
        nb.close()


def test_mutating_cells_grow_memory_no_more_than_plain_xpython():
    ours = growth_over_mutating_runs("xdeps")
    plain = growth_over_mutating_runs("xpython")
    print(f"RSS growth over executions 500-2,000 of mutating cells: xdeps {ours} KiB, xpython {plain} KiB")
    assert ours <= plain + 4 * 1024, (
        f"xdeps grew by {ours} KiB over 1,500 executions of mutating cells, plain xpython by {plain} KiB")
