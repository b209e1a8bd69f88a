#!/usr/bin/env bash
# Sets up everything, then runs every test: C++ suites (ctest), kernel tests
# over the Jupyter protocol (pytest), browser tests (JupyterLab in headless
# Chromium) and a quick run of the benchmarks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh" --with-tests
export XDEPS_PREFIX="$ROOT/.venv-lab"
export XDEPS_BUILD_DIR="$ROOT/build"
export JUPYTER_PATH="$XDEPS_PREFIX/share/jupyter"
unset VIRTUAL_ENV PYTHONHOME PYTHONPATH

echo "== C++ tests"
ctest --test-dir "$ROOT/build" --output-on-failure
echo "== kernel tests"
/usr/bin/python3 -m pytest -q "$ROOT/tests/kernel"
echo "== browser tests"
"$ROOT/tests/browser/run.sh"
echo "== benchmark smoke run"
"$ROOT/benchmarks/run.sh" --quick
/usr/bin/python3 "$ROOT/benchmarks/micro/micro.py" "$ROOT/build/tracker/python" --rounds 1 --n 10000
echo "all tests passed"
