#!/bin/sh
# The house: the project's libraries and programs and the links between them, as CMake itself sees them
# (cmake --graphviz, on a throwaway configure), so the picture cannot drift from the build. Solid
# arrows are PUBLIC links, dotted ones PRIVATE; system libraries and test programs are left out.
# Fails when the links make a circle (tsort finds a loop).
# Usage: tools/draw_house.sh            writes docs/house.svg and docs/house.png (needs graphviz's dot)
#        tools/draw_house.sh --check    only checks that there is no circle (what ctest runs)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/build"
cat > "$work/build/CMakeGraphVizOptions.cmake" <<'OPTIONS'
set(GRAPHVIZ_EXTERNAL_LIBS FALSE)
set(GRAPHVIZ_GENERATE_PER_TARGET FALSE)
set(GRAPHVIZ_GENERATE_DEPENDERS FALSE)
set(GRAPHVIZ_IGNORE_TARGETS "_tests$;^imgui;fleet_sim;misbehaving_store;cut_proxy;make_backlog;slow_clients;locales;pot")
OPTIONS
cmake -S "$here" -B "$work/build" -G Ninja -DKIOSK_TESTS=OFF --graphviz="$work/house.dot" > "$work/cmake.log" 2>&1 ||
  { cat "$work/cmake.log"; exit 1; }
# CMake's legend lists every kind of target there is; the house has two kinds, named in the doc.
awk '/subgraph clusterLegend/ { skip = 1 } !skip { print } skip && /^}/ { skip = 0 }' "$work/house.dot" > "$work/house-only.dot"
sed -n 's|.*// \(.*\) -> \(.*\)$|\1 \2|p' "$work/house-only.dot" > "$work/links"
[ -s "$work/links" ] || { echo "FAIL: no links read from cmake --graphviz"; exit 1; }
if ! tsort "$work/links" > /dev/null 2> "$work/tsort.log"; then
  echo "FAIL: the links make a circle:"; cat "$work/tsort.log"; exit 1
fi
echo "ok: $(wc -l < "$work/links") links between the project's targets, no circle"
[ "${1:-}" = --check ] && exit 0
dot -Tsvg "$work/house-only.dot" > "$here/docs/house.svg"
dot -Tpng "$work/house-only.dot" > "$here/docs/house.png"
echo "wrote docs/house.svg and docs/house.png"
