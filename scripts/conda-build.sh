#!/usr/bin/env bash
# Builds and installs the kernel into the active conda environment
# (`conda env create -f environment.yml && conda activate xdeps` first).
# JupyterLab stays in an environment of its own: see README.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${CONDA_PREFIX:?activate the xdeps conda environment first}"
cmake -S "$ROOT" -B "$ROOT/build-conda" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX="$CONDA_PREFIX" -DCMAKE_PREFIX_PATH="$CONDA_PREFIX" \
  -DPython3_EXECUTABLE="$CONDA_PREFIX/bin/python"
cmake --build "$ROOT/build-conda" -j"$(nproc)"
cmake --install "$ROOT/build-conda"
echo "installed: $CONDA_PREFIX/bin/xdeps, kernelspec in $CONDA_PREFIX/share/jupyter/kernels/xdeps"
