#!/usr/bin/env bash
# Rebuilds the prebuilt extension in share/jupyter/labextensions/ from source.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
npm ci --no-audit --no-fund
npm run build
