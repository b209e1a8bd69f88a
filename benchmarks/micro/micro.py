"""Microbenchmarks of the CPython layer, in one process, interleaved rounds:
each figure is a ratio to the same code on a plain dict namespace or a plain
function. Recording is on, as inside a kernel cell.

Usage: /usr/bin/python3 benchmarks/micro/micro.py <dir holding the built xdeps module> [--rounds N] [--n N]
"""

import argparse
import contextlib
import os
import statistics
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("module_dir")
parser.add_argument("--rounds", type=int, default=7)
parser.add_argument("--n", type=int, default=10**6)
args = parser.parse_args()
sys.path.insert(0, args.module_dir)
import xdeps  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases  # noqa: E402

N = args.n

WRITE_LOOP = cases.write_loop(N)
CASES = {
    "namespace read (3 globals per iteration)": "read_globals()",
    "builtin lookup (len, abs, min)": "builtins_loop()",
    "namespace write (top-level loop)": None,
}


def namespace(tracked, wrap=False, mark=True):
    return cases.namespace(xdeps, N, tracked, wrap, mark)


def timed(ns, expr, tracked, recording=True):
    with cases.recorded(xdeps, ns) if tracked and recording else contextlib.nullcontext():
        started = time.process_time()
        if expr is None:
            exec(WRITE_LOOP, ns)
        else:
            eval(expr, ns)
        return time.process_time() - started


def compare(label, run_plain, run_tracked):
    ratios = []
    for r in range(args.rounds):
        pair = [run_plain, run_tracked] if r % 2 == 0 else [run_tracked, run_plain]
        results = {f: f() for f in pair}
        ratios.append(results[run_tracked] / results[run_plain])
    print(f"{label:<48} {min(ratios):6.3f} {statistics.median(ratios):6.3f} {max(ratios):6.3f}")


def main():
    # tracked: functions marked as the kernel's AST transform marks them;
    # wrapped: the seed API's wrapper; unwrapped: plain functions.
    plain, tracked = namespace(False, mark=False), namespace(True)
    wrapped, unwrapped = namespace(True, wrap=True, mark=False), namespace(True, mark=False)
    print(f"{'case (ratio to plain, n = ' + format(N, ',') + ')':<48} {'min':>6} {'median':>6} {'max':>6}")
    for label, expr in CASES.items():
        compare(label, lambda e=expr: timed(plain, e, False), lambda e=expr: timed(tracked, e, True))
    # Outside a run (between cells, `%deps off`) the namespace records nothing.
    compare("namespace read, recording off",
            lambda: timed(plain, "read_globals()", False), lambda: timed(unwrapped, "read_globals()", True, False))
    # The call marker alone, and the seed API's wrapper: against plain
    # functions, all on the tracked namespace with recording on.
    compare("tracked call of a small function (marker)",
            lambda: timed(unwrapped, "calls()", True), lambda: timed(tracked, "calls()", True))
    compare("tracked call of a small function (wrapper)",
            lambda: timed(unwrapped, "calls()", True), lambda: timed(wrapped, "calls()", True))
    # Everything together: tracked functions on the tracked namespace against
    # plain functions on a plain dict.
    compare("tracked call, tracked namespace vs plain dict",
            lambda: timed(plain, "calls()", False), lambda: timed(tracked, "calls()", True))

    # The alternative to the wrapper: a C profile function that does nothing,
    # on plain functions (its floor; a real one would also filter).
    def with_profile():
        xdeps._profile_floor(True)
        try:
            return timed(plain, "calls()", False)
        finally:
            xdeps._profile_floor(False)
    compare("C profile hook, returning at once (floor)", lambda: timed(plain, "calls()", False), with_profile)


main()
