#!/usr/bin/env bash
# Rebuilds the prebuilt extension in share/jupyter/labextensions/ from source.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# The state's types, from its schema.
python3 schema_to_ts.py
npm ci --no-audit --no-fund
npm run build
