#!/bin/sh
# The one throwaway PostgreSQL cluster a ctest run shares (the ctest fixture `postgresql`): every
# PostgreSQL test of the run takes a fresh database in it instead of starting a cluster of its own.
#   pg_shared_cluster.sh start FILE   starts a cluster (pg_cluster.sh) in a new folder under the temporary
#                                     directory and writes to FILE its URL (first line) and folder (second).
#                                     When PostgreSQL cannot run here, FILE says `unavailable` and the exit
#                                     is 77: the tests then skip (77) each on their own.
#   pg_shared_cluster.sh stop FILE    stops the cluster FILE names and removes FILE.
# The tests find FILE through KIOSK_TEST_PG_CLUSTER_FILE, which ctest sets; a test run by hand without
# it starts a cluster of its own (pg_fixture.hpp, tests/sync/lib.sh).
set -eu

[ $# -eq 2 ] || { echo "usage: $0 start FILE | stop FILE" >&2; exit 2; }
command=$1
file=$2
here=$(cd "$(dirname "$0")" && pwd)

# Stops the cluster a FILE names, if any: also what a start does first after a run that was killed.
stop_named() {
    [ -f "$file" ] || return 0
    dir=$(sed -n 2p "$file")
    [ -n "$dir" ] && [ -d "$dir" ] && sh "$here/pg_cluster.sh" stop "$dir" >/dev/null || true
    rm -f "$file"
}

case "$command" in
start)
    stop_named
    # Under the temporary directory, not the build folder: as root the server runs as `postgres`, who
    # may not be allowed into the folder that holds the build.
    dir=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-pg-shared.XXXXXX")
    status=0
    url=$(sh "$here/pg_cluster.sh" start "$dir") || status=$?
    if [ "$status" -eq 77 ]; then
        rmdir "$dir" 2>/dev/null || rm -rf "$dir"
        echo unavailable >"$file"
        exit 77
    fi
    [ "$status" -eq 0 ] || { sh "$here/pg_cluster.sh" stop "$dir" >/dev/null 2>&1 || rm -rf "$dir"; exit 1; }
    printf '%s\n%s\n' "$url" "$dir" >"$file.new"
    mv "$file.new" "$file"
    echo "the run's PostgreSQL cluster: $url in $dir"
    ;;
stop)
    stop_named
    ;;
*)
    echo "usage: $0 start FILE | stop FILE" >&2
    exit 2
    ;;
esac
