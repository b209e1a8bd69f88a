"""What the sameness check costs next to building the value it compares:
for each case, the CPU time to build the value, and to compare two equal
builds with the layer's rule (`xdeps._same`), minimum over rounds, builds and
comparisons interleaved.

Usage: /usr/bin/python3 benchmarks/micro/sameness.py <dir holding the built xdeps module> [--rounds N]
"""

import argparse
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("module_dir")
parser.add_argument("--rounds", type=int, default=15)
args = parser.parse_args()
sys.path.insert(0, args.module_dir)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import xdeps  # noqa: E402

CASES = {
    "list of 100,000 ints (at the bound)": lambda: list(range(100_000)),
    "dict of 50,000 str -> float (at the bound)": lambda: {f"k{i}": i * 0.5 for i in range(50_000)},
    "numpy array of 100,000 floats (at the bound)": lambda: np.arange(100_000) * 0.5,
    "DataFrame 40,000 rows x 2 numeric columns (under the bound)":
        lambda: pd.DataFrame({"a": np.arange(40_000), "b": np.arange(40_000) * 0.5}),
    "DataFrame 25,000 rows, int and str columns (under the bound)":
        lambda: pd.DataFrame({"a": np.arange(25_000), "s": [f"s{i}" for i in range(25_000)]}),
    "DataFrame 10^6 rows x 2 numeric columns (past the bound)":
        lambda: pd.DataFrame({"a": np.arange(10**6), "b": np.arange(10**6) * 0.5}),
}


def cpu(f):
    started = time.process_time()
    value = f()
    return time.process_time() - started, value


print(f"{'case':<60}{'build ms':>10}{'compare ms':>12}{'compare/build':>15}  same")
for title, build in CASES.items():
    builds, compares, same = [], [], None
    for _ in range(args.rounds):
        t, a = cpu(build)
        builds.append(t)
        t, b = cpu(build)
        builds.append(t)
        t, same = cpu(lambda: xdeps._same(a, b))
        compares.append(t)
    b, c = min(builds) * 1000, min(compares) * 1000
    print(f"{title:<60}{b:>10.2f}{c:>12.3f}{c / b:>15.3f}  {same}")
