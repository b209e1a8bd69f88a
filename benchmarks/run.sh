#!/usr/bin/env bash
# Tracking overhead against plain xeus-python, ipykernel and ipyflow, side by
# side in one run (see docs/benchmarks.md). Sets up the peers in
# benchmarks/.env (ipykernel and ipyflow from PyPI, apart from the kernel's
# Python), then runs the kernel benchmarks and the in-process ones.
# Usage: benchmarks/run.sh [--quick] [--rounds N] [--kernels a,b] [--json out] [--plot out.svg]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ENV="$HERE/.env"
PREFIX="${XDEPS_PREFIX:-$ROOT/.venv-lab}"
BUILD="${XDEPS_BUILD_DIR:-$ROOT/build}"

if ! "$ENV/bin/python" -c "import ipykernel, ipyflow, numpy" 2>/dev/null; then
  echo "benchmarks: installing ipykernel and ipyflow into benchmarks/.env" >&2
  # System site packages: the same numpy, pandas and IPython as the other kernels.
  # Without PyPI the peers are reported missing and the run goes on.
  /usr/bin/python3 -m venv --system-site-packages "$ENV" &&
    "$ENV/bin/pip" install -q --disable-pip-version-check ipykernel ipyflow ||
    echo "benchmarks: could not install the peers; ipykernel and ipyflow will be missing" >&2
fi
# Kernelspecs of the peers, private to the benchmarks (the environment's own
# share/jupyter). ipykernel installs its own; ipyflow's installer names its spec
# `ipyflow`, so the same argv it writes (`<env python> -m ipyflow.kernel`) is
# written here under the benchmark's name. ipyflow asks git for its own version
# when its package sits inside a repository (it would run git in this one at
# every start and report this repository's commit): the ceiling stops that.
KERNELS_DIR="$ENV/share/jupyter/kernels"
if "$ENV/bin/python" -c "import ipykernel" 2>/dev/null; then
  "$ENV/bin/python" -m ipykernel install --prefix "$ENV" --name bench-ipykernel \
    --display-name "bench ipykernel" >/dev/null
else
  rm -rf "$KERNELS_DIR/bench-ipykernel"
fi
if "$ENV/bin/python" -c "import ipyflow.kernel" 2>/dev/null; then
  mkdir -p "$KERNELS_DIR/bench-ipyflow"
  cat > "$KERNELS_DIR/bench-ipyflow/kernel.json" <<JSON
{"argv": ["$ENV/bin/python", "-m", "ipyflow.kernel", "-f", "{connection_file}"],
 "display_name": "bench ipyflow", "language": "python",
 "env": {"GIT_CEILING_DIRECTORIES": "$HERE"}}
JSON
else
  rm -rf "$KERNELS_DIR/bench-ipyflow"
fi

if [[ -x "$ENV/bin/python" ]]; then
  "$ENV/bin/python" - <<'PY' >&2 || true
from importlib.metadata import version, PackageNotFoundError
def v(name):
    try:
        return version(name)
    except PackageNotFoundError:
        return "missing"
print("peers:", ", ".join(f"{n} {v(n)}" for n in ("ipykernel", "ipyflow", "ipython")))
PY
fi
export JUPYTER_PATH="$PREFIX/share/jupyter:$ENV/share/jupyter"
unset VIRTUAL_ENV PYTHONHOME PYTHONPATH
/usr/bin/python3 "$HERE/kernel_bench.py" "$@"

CORE="$BUILD/benchmarks/core/xdeps_core_benchmark"
if [[ -x "$CORE" ]]; then
  echo
  echo "(g), (h): in-process, the tracker core"
  # cells, names per cell, reads per statement, re-runs
  if [[ " $* " == *" --quick "* ]]; then "$CORE" 1000 10 3 200; else "$CORE"; fi
else
  echo
  echo "(g), (h): missing: no xdeps_core_benchmark in $BUILD/benchmarks/core (build the project there, or set XDEPS_BUILD_DIR)"
fi
