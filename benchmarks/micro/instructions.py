"""Instructions per loop iteration, counted by callgrind: exactly repeatable
where wall time on a shared machine is not. Each case runs in its own process
under `valgrind --tool=callgrind`, once with n iterations and once with none;
the difference divided by n is the cost of one iteration.

Usage: /usr/bin/python3 benchmarks/micro/instructions.py <dir holding the built xdeps module> [--n N]
Needs valgrind (Debian package `valgrind`).
"""

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = {
    "read_globals": "namespace read (3 globals per iteration)",
    "builtins_loop": "builtin lookup (len, abs, min)",
    "calls": "calls of a small function (one per iteration)",
    "write_loop": "namespace write (top-level loop, two names)",
}
# plain: a dict and plain functions; namespace: the tracked namespace with
# plain functions; wrapper: the namespace and functions wrapped by the seed
# API's `track`; tracked: the namespace and functions marked by the kernel's
# AST transform, as in a cell.
MODES = ("plain", "namespace", "wrapper", "tracked")


def child(module_dir, case, mode, n):
    sys.path.insert(0, module_dir)
    sys.path.insert(0, HERE)
    import cases
    import xdeps

    ns = cases.namespace(xdeps, n, tracked=mode != "plain", wrap=mode == "wrapper", mark=mode == "tracked")
    with cases.recorded(xdeps, ns) if mode != "plain" else contextlib.nullcontext():
        if case == "write_loop":
            exec(cases.write_loop(n), ns)
        else:
            eval(f"{case}()", ns)


def instructions(module_dir, case, mode, n):
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               sys.executable, os.path.abspath(__file__), "--child", case, mode, str(n), module_dir]
    # A fixed hash seed: the same dict layouts, the same counts.
    done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED="0"))
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"instructions: {case} {mode} failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        case, mode, n, module_dir = sys.argv[2:6]
        child(module_dir, case, mode, int(n))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("module_dir")
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("instructions: valgrind is not installed (apt install valgrind)")
    module_dir = os.path.abspath(args.module_dir)
    print(f"{'case (instructions per iteration, n = ' + format(args.n, ',') + ')':<52}"
          + "".join(f"{m:>10}" for m in MODES) + f"{'ratio':>8}")
    for case, label in CASES.items():
        per_iteration = {}
        for mode in MODES:
            counts = [instructions(module_dir, case, mode, n) for n in (0, args.n)]
            per_iteration[mode] = (counts[1] - counts[0]) / args.n
        ratio = per_iteration["tracked"] / per_iteration["plain"]
        print(f"{label:<52}" + "".join(f"{per_iteration[m]:>10.0f}" for m in MODES) + f"{ratio:>8.2f}")


main()
