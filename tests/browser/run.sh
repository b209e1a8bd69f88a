#!/usr/bin/env bash
# Browser tests: a real JupyterLab on localhost with the xdeps kernel and the
# extension installed under XDEPS_PREFIX (default: .venv-lab of this checkout),
# driven in headless Chromium. Screenshots go to tests/artifacts/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PREFIX="${XDEPS_PREFIX:-$ROOT/.venv-lab}"
ARTIFACTS="$ROOT/tests/artifacts"
mkdir -p "$ARTIFACTS"

if [[ ! -d "$HERE/node_modules/playwright-core" ]]; then
  (cd "$HERE" && npm ci --no-audit --no-fund >/dev/null)
fi

WORK="$(mktemp -d)"
PORT="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
TOKEN="$(/usr/bin/python3 -c 'import secrets; print(secrets.token_hex(16))')"
ROOT_ARGS=()
[[ $(id -u) -eq 0 ]] && ROOT_ARGS+=(--allow-root)

env -u VIRTUAL_ENV -u PYTHONHOME -u PYTHONPATH JUPYTER_PATH="$PREFIX/share/jupyter" \
  "$PREFIX/bin/jupyter" lab --no-browser "${ROOT_ARGS[@]}" --ip=127.0.0.1 --port="$PORT" \
  --ServerApp.token="$TOKEN" --ServerApp.root_dir="$WORK" \
  --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
  >"$ARTIFACTS/jupyterlab.log" 2>&1 &
SERVER=$!
cleanup() {
  kill -TERM "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/api/status?token=$TOKEN" >/dev/null 2>&1 && break
  sleep 0.5
done

LAB_URL="http://127.0.0.1:$PORT" LAB_TOKEN="$TOKEN" LAB_ROOT="$WORK" ARTIFACTS="$ARTIFACTS" \
  node "$HERE/run-tests.mjs" "$@"
