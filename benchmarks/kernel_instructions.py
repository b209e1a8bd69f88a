"""Instructions each kernel executes for the benchmark's cells, counted by
callgrind: exactly repeatable (to about 0.1 %) where wall time on a shared
machine moves by several percent. A complement to kernel_bench.py, not a
replacement: it counts instructions, not cache misses or waits.

Each case starts each kernel under `valgrind --tool=callgrind` (its own
kernelspec's command line, prefixed), runs the setup cell and the timed cell
once, then runs the timed cell three more times, each counted on its own
(counters zeroed with `callgrind_control -z`, the counts of every thread of
the kernel process dumped after it), and reports the fewest: the best of a
few, as kernel_bench.py times it. One counted run is not enough: now and then
a run includes a full collection of the garbage collector, which walks every
object the setup made (for (i), each item of a 10^6-item list), in one kernel
and not in the other. For (f) and (k), the whole notebook is counted once in
a fresh kernel.

Usage: kernel_instructions.py [--kernels xpython,xdeps] [--quick] [--cases a,b,...]
Needs valgrind (Debian package `valgrind`).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid

from jupyter_client.kernelspec import KernelSpecManager

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from kernel_bench import KERNELS, cases, inplace_notebook_cells, notebook_length  # noqa: E402
from notebook import Notebook  # noqa: E402
from notebook200 import notebook_cells  # noqa: E402


class CountedKernel:
    """A kernel running under callgrind, from a private copy of its kernelspec."""

    def __init__(self, label, workdir):
        spec = KernelSpecManager().get_kernel_spec(KERNELS[label])
        self.out = os.path.join(workdir, f"{label}-{uuid.uuid4().hex[:8]}.callgrind")
        spec_dir = os.path.join(workdir, "kernels", f"counted-{label}")
        os.makedirs(spec_dir, exist_ok=True)
        with open(os.path.join(spec_dir, "kernel.json"), "w") as f:
            json.dump({"argv": ["valgrind", "--tool=callgrind", f"--callgrind-out-file={self.out}"] + spec.argv,
                       "display_name": f"counted {label}", "language": "python",
                       # A fixed hash seed: the same dict layouts, the same counts.
                       "env": dict(spec.env, PYTHONHASHSEED="0")}, f)
        self.nb = Notebook(kernel_name=f"counted-{label}", cwd=workdir, ready_timeout=600,
                           kernel_spec_manager=KernelSpecManager(kernel_dirs=[os.path.join(workdir, "kernels")]))
        self.pid = self.nb.km.provisioner.process.pid

    def run(self, code, cell_id):
        result = self.nb.run(code, cell_id=cell_id, timeout=3600)
        if result.status != "ok":
            raise RuntimeError(f"cell failed: {result.reply['content'].get('ename')}\n{code}")

    def control(self, flag):
        subprocess.run(["callgrind_control", flag, str(self.pid)], check=True, capture_output=True)

    def counted(self):
        """Instructions since the last zeroing, all threads."""
        self.control("-d")
        total = 0
        for name in os.listdir(os.path.dirname(self.out)):
            path = os.path.join(os.path.dirname(self.out), name)
            if name.startswith(os.path.basename(self.out) + "."):
                with open(path, errors="replace") as f:
                    found = re.search(r"^summary: (\d+)$", f.read(), re.M)
                total += int(found.group(1)) if found else 0
                os.remove(path)
        return total

    def close(self):
        self.nb.close()


# Runs of a timed cell counted, each on its own; the fewest is reported.
COUNTED_RUNS = 3


def count_case(label, key, setup, timed, quick, workdir):
    kernel = CountedKernel(label, workdir)
    try:
        if key in ("f", "k"):
            kernel.run("pass", "warm")
            kernel.control("-z")
            cells = notebook_cells(notebook_length(quick)) if key == "f" else inplace_notebook_cells()
            for i, code in enumerate(cells):
                kernel.run(code, f"nb-{i}")
            return kernel.counted()
        if setup:
            kernel.run(setup, f"setup-{key}")
        kernel.run(timed, f"timed-{key}")
        counts = []
        for _ in range(COUNTED_RUNS):
            kernel.control("-z")
            kernel.run(timed, f"timed-{key}")
            counts.append(kernel.counted())
        return min(counts)
    finally:
        kernel.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernels", default="xpython,xdeps")
    parser.add_argument("--cases", default="a,b,c,d,e,f")
    parser.add_argument("--quick", action="store_true", help="loops of 10^5 and a 50-cell notebook")
    args = parser.parse_args()
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        sys.exit("kernel_instructions: valgrind is not installed (apt install valgrind)")
    labels = ["xpython"] + [k for k in args.kernels.split(",") if k and k != "xpython"]
    wanted = set(args.cases.split(","))
    workdir = tempfile.mkdtemp(prefix="xdeps-count-")
    try:
        print(f"{'case':<64}" + "".join(f"{label:>16}" for label in labels)
              + "".join(f"{label + '/xpython':>18}" for label in labels[1:]))
        for key, title, setup, timed in cases(args.quick):
            if key not in wanted:
                continue
            counts = {label: count_case(label, key, setup, timed, args.quick, workdir) for label in labels}
            print(f"({key}) {title[:59]:<59}" + "".join(f"{counts[label]:>16,}" for label in labels)
                  + "".join(f"{counts[label] / counts['xpython']:>18.3f}" for label in labels[1:]), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


main()
