#!/usr/bin/env bash
# Retakes the extension's pictures in docs/images/ (the neighbourhood tags and
# the dependency panel, light, dark and a 100-cell notebook) by running the
# browser tests that take them, then copying them from tests/artifacts/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
"$HERE/run.sh" neighbourhood_marks_move_with_the_selection panel_shows_the_graph panel_lays_out
for picture in neighbourhood.png panel.png panel-dark.png panel-100.png; do
  cp "$ROOT/tests/artifacts/$picture" "$ROOT/docs/images/$picture"
done
echo "updated docs/images/: neighbourhood.png panel.png panel-dark.png panel-100.png"
