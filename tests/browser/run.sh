#!/usr/bin/env bash
# Browser tests: a real JupyterLab on localhost, driven in headless Chromium.
#   XDEPS_PREFIX  where the kernel and the extension are installed
#                 (<prefix>/share/jupyter/{kernels,labextensions}); default:
#                 .venv-lab of this checkout
#   XDEPS_LAB     the environment whose bin/jupyter serves JupyterLab;
#                 default: .venv-lab of this checkout
#   XDEPS_KERNEL  kernelspec name of the kernel under test (default xdeps)
#   CHROMIUM      browser executable (default /usr/bin/chromium)
# Arguments select test files by name (e.g. `run.sh kernel`). Screenshots and
# the server log go to tests/artifacts/. Exits non-zero if any test fails.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PREFIX="$(cd "${XDEPS_PREFIX:-$ROOT/.venv-lab}" && pwd)"
LAB="${XDEPS_LAB:-$ROOT/.venv-lab}"
ARTIFACTS="$ROOT/tests/artifacts"
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/failed-*.png  # from an earlier run

if [[ ! -x "$LAB/bin/jupyter" ]]; then
  echo "browser tests: no JupyterLab at $LAB/bin/jupyter (set XDEPS_LAB)" >&2
  exit 2
fi
if [[ ! -d "$HERE/node_modules/playwright-core" ]]; then
  (cd "$HERE" && npm ci --no-audit --no-fund >/dev/null)
fi

# The server's root, settings and workspaces are temporary: the tests see
# JupyterLab's defaults, and the user's own settings are left alone.
WORK="$(mktemp -d)"
mkdir -p "$WORK/root" "$WORK/settings/@jupyterlab/apputils-extension" "$WORK/workspaces" "$WORK/runtime"
# No question about fetching news: it would cover part of every screenshot.
echo '{"fetchNews": "false"}' >"$WORK/settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings"
PORT="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
TOKEN="$(/usr/bin/python3 -c 'import secrets; print(secrets.token_hex(16))')"
ROOT_ARGS=()
[[ $(id -u) -eq 0 ]] && ROOT_ARGS+=(--allow-root)

# Started in the background, the server and its kernels inherit SIGINT
# ignored, as under any script that runs `jupyter lab &`: the kernel must
# take interrupts all the same (test-1-kernel.mjs).
env -u VIRTUAL_ENV -u PYTHONHOME -u PYTHONPATH \
  JUPYTER_PATH="$PREFIX/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}" \
  JUPYTERLAB_SETTINGS_DIR="$WORK/settings" JUPYTERLAB_WORKSPACES_DIR="$WORK/workspaces" \
  JUPYTER_RUNTIME_DIR="$WORK/runtime" \
  "$LAB/bin/jupyter" lab --no-browser "${ROOT_ARGS[@]}" --ip=127.0.0.1 --port="$PORT" \
  --ServerApp.token="$TOKEN" --ServerApp.root_dir="$WORK/root" \
  --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
  >"$ARTIFACTS/jupyterlab.log" 2>&1 &
SERVER=$!
cleanup() {
  kill -TERM "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

up=0
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$PORT/api/status?token=$TOKEN" >/dev/null 2>&1; then
    up=1
    break
  fi
  kill -0 "$SERVER" 2>/dev/null || break
  sleep 0.5
done
if [[ $up -ne 1 ]]; then
  echo "browser tests: JupyterLab did not start; its log:" >&2
  tail -20 "$ARTIFACTS/jupyterlab.log" >&2
  exit 1
fi

LAB_URL="http://127.0.0.1:$PORT" LAB_TOKEN="$TOKEN" LAB_ROOT="$WORK/root" ARTIFACTS="$ARTIFACTS" \
  XDEPS_KERNEL="${XDEPS_KERNEL:-xdeps}" node "$HERE/run-tests.mjs" "$@"
