#!/bin/sh
# Draws the house (docs/house.svg): the project's libraries and programs and the links between them,
# as CMake itself sees them (cmake --graphviz), so the picture cannot drift from the build. Solid arrows
# are PUBLIC links, dashed ones PRIVATE (CMake's own styles); system libraries are left out.
# Usage: tools/draw_house.sh [BUILD_DIR]   (default build/; needs graphviz's dot)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/CMakeGraphVizOptions.cmake" <<'OPTIONS'
set(GRAPHVIZ_EXTERNAL_LIBS FALSE)
set(GRAPHVIZ_GENERATE_PER_TARGET FALSE)
set(GRAPHVIZ_GENERATE_DEPENDERS FALSE)
set(GRAPHVIZ_IGNORE_TARGETS "_tests$;^imgui;tests$;fleet_sim;misbehaving_store;cut_proxy;make_backlog;slow_clients;locales")
OPTIONS
cp "$work/CMakeGraphVizOptions.cmake" "$build/CMakeGraphVizOptions.cmake"
(cd "$work" && cmake --graphviz="$work/house.dot" "$build" > /dev/null)
rm -f "$build/CMakeGraphVizOptions.cmake"
dot -Tsvg -Grankdir=TB "$work/house.dot" > "$here/docs/house.svg"
echo "docs/house.svg: $(grep -c -- '->' "$work/house.dot") links"
