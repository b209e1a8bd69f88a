#!/usr/bin/env bash
# Sets up everything xdeps needs on a Debian 12 / Ubuntu machine, idempotently:
#   - Debian packages (xeus, xeus-python, build tools, Jupyter client, Chromium);
#   - JupyterLab in its own virtual environment, .venv-lab/ in this checkout;
#   - the kernel, built in build/ and installed into .venv-lab/ (bin/xdeps,
#     share/jupyter/kernels/xdeps, share/jupyter/labextensions/).
# Usage: scripts/setup.sh [--with-tests]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-lab"
BUILD="$ROOT/build"
JUPYTERLAB_VERSION="4.6.6"
WITH_TESTS=OFF
[[ "${1:-}" == "--with-tests" ]] && WITH_TESTS=ON

PACKAGES=(
  g++ cmake make pkg-config
  xeus-dev libxeus6 xeus-python-dev libxeus-python0 python3-xeus-python-shell xpython
  xtl-dev pybind11-dev pybind11-json-dev nlohmann-json3-dev libzmq3-dev cppzmq-dev libgtest-dev
  python3-dev python3-venv python3-pip python3-ipython
  jupyter-client python3-jupyter-kernel-test python3-nbclient python3-nbformat python3-pytest python3-jsonschema
  python3-numpy python3-pandas python3-matplotlib
  chromium
)
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages; run this, then setup again:"
    echo "  sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

# JupyterLab from PyPI, apart from the kernel's Python (Debian's), whose
# IPython must stay at the version xeus-python-shell supports.
if ! "$VENV/bin/python" -c "import jupyterlab, sys; sys.exit(jupyterlab.__version__ != '$JUPYTERLAB_VERSION')" 2>/dev/null; then
  echo "setup: installing JupyterLab $JUPYTERLAB_VERSION into .venv-lab/"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "jupyterlab==$JUPYTERLAB_VERSION"
fi

# Every target builds against the Python xeus-python was built against
# (Debian's), whatever python3 comes first on PATH.
KERNEL_PYTHON=/usr/bin/python3
if [[ ! -f "$BUILD/CMakeCache.txt" ]] || ! grep -q "XDEPS_BUILD_TESTS:BOOL=$WITH_TESTS" "$BUILD/CMakeCache.txt" \
   || ! grep -qx "PYTHON_EXECUTABLE:FILEPATH=$KERNEL_PYTHON" "$BUILD/CMakeCache.txt"; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$VENV" \
    -DPython3_EXECUTABLE="$KERNEL_PYTHON" \
    -DXDEPS_BUILD_TESTS="$WITH_TESTS" >/dev/null
fi
if ! cmake --build "$BUILD" -j"$(nproc)" >"$BUILD/build.log" 2>&1; then
  tail -40 "$BUILD/build.log"
  echo "setup: build failed (full log: build/build.log)"
  exit 1
fi
cmake --install "$BUILD" >/dev/null
echo "setup: kernel installed: $VENV/bin/xdeps (kernelspec 'xdeps' in $VENV/share/jupyter/kernels)"
