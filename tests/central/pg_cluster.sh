#!/bin/sh
# A throwaway PostgreSQL cluster for tests, never the system's own.
#   pg_cluster.sh start DIR   makes DIR (must not exist or be empty), runs initdb (trust auth), starts the
#                             server on a unix socket in DIR and on 127.0.0.1 at a free port, creates the
#                             database kiosk_test, and prints its URL:
#                             postgresql://postgres@127.0.0.1:PORT/kiosk_test
#   pg_cluster.sh stop DIR    stops that server and removes DIR (only a DIR this script made).
# PG_CLUSTER_DURABLE=1 keeps fsync and synchronous commits on (benchmarks); tests leave them off.
# Exit 77 when PostgreSQL's server binaries are missing (tests skip), 1 on any other failure.
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` system user.
set -eu

usage() { echo "usage: $0 start DIR | stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$2
marker=kiosk-test-cluster

# Where initdb and pg_ctl are: $PG_BINDIR, else the newest /usr/lib/postgresql/*/bin, else $PATH.
find_bindir() {
    if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then echo "$PG_BINDIR"; return; fi
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then echo "$candidate"; return; fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"; return
    fi
    echo "pg_cluster.sh: PostgreSQL's server binaries (initdb, pg_ctl) are not installed; skipping" >&2
    exit 77
}

# Runs a server program as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Never hand a cluster the libpq settings of whoever runs the tests.
unset PGHOST PGPORT PGDATA PGUSER PGDATABASE PGPASSWORD PGSERVICE PGHOSTADDR || true

case "$command" in
start)
    bindir=$(find_bindir)
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "pg_cluster.sh: running as root, and there is no 'postgres' user to run the server as; skipping" >&2
        exit 77
    fi
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
        echo "pg_cluster.sh: $dir exists and is not empty; give a new folder" >&2
        exit 1
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    : >"$dir/$marker"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    chmod 700 "$dir"
    if ! as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync \
        >"$dir/initdb.log" 2>&1; then
        echo "pg_cluster.sh: initdb failed in $dir/data:" >&2
        cat "$dir/initdb.log" >&2
        exit 1
    fi
    durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${PG_CLUSTER_DURABLE:-0}" = 1 ] && durability=""
    # A free port: try a few random ones; pg_ctl -w fails when the port is taken.
    attempt=0
    while :; do
        attempt=$((attempt + 1))
        port=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 + 30000 ))
        if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=200" \
            start >/dev/null 2>&1; then
            break
        fi
        if [ $attempt -ge 8 ]; then
            echo "pg_cluster.sh: the server would not start in $dir/data; its log:" >&2
            cat "$dir/server.log" >&2
            exit 1
        fi
    done
    echo "$port" >"$dir/port"
    if ! "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres kiosk_test >"$dir/createdb.log" 2>&1; then
        echo "pg_cluster.sh: createdb failed:" >&2
        cat "$dir/createdb.log" >&2
        exit 1
    fi
    echo "postgresql://postgres@127.0.0.1:$port/kiosk_test"
    ;;
stop)
    if [ ! -e "$dir/$marker" ]; then
        echo "pg_cluster.sh: $dir is not a cluster this script made; leaving it alone" >&2
        exit 1
    fi
    bindir=$(find_bindir)
    if [ -d "$dir/data" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    usage
    ;;
esac
