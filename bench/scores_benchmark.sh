#!/bin/sh
# The manager's dashboard over one year of a busy centre (300 000 ratings, 5 answers each): builds
# bench/scores_benchmark.cpp in the build folder and runs it. Target: every figure of 12 months, all
# counters, all services, under 50 ms. Figures and command in docs/performance.md.
# Usage: bench/scores_benchmark.sh [BUILD_DIR] [-- options of scores_benchmark, e.g. --ratings 100000]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=$here/build
if [ $# -gt 0 ] && [ "$1" != -- ]; then build=$1; shift; fi
[ "${1:-}" = -- ] && shift
[ -f "$build/build.ninja" ] || cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build" --target scores_benchmark > /dev/null
echo "scores benchmark $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
exec "$build/scores_benchmark" "$@"
