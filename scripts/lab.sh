#!/usr/bin/env bash
# Sets up everything, then opens JupyterLab on notebooks/ with the xdeps kernel.
# Extra arguments go to `jupyter lab` (e.g. --port 8899 --no-browser).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
args=(--notebook-dir "$ROOT/notebooks"
      --LabApp.news_url=None
      --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate)
[[ $(id -u) -eq 0 ]] && args+=(--allow-root)
# An inherited VIRTUAL_ENV would make the kernel's IPython look into it.
exec env -u VIRTUAL_ENV -u PYTHONHOME -u PYTHONPATH "$ROOT/.venv-lab/bin/jupyter" lab "${args[@]}" "$@"
