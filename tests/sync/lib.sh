# Shared by the sync integration tests: a real kiosk-central on loopback (SQLite or a throwaway
# PostgreSQL cluster), kiosks configured and enrolled with it, and counts at both ends.
# Sourced with BIN (the build folder) and BACKEND (sqlite | postgresql) set. Everything made lives in
# $work and every process started here is stopped on exit, whatever the test's outcome.
set -eu

src=${KIOSK_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
sync_dir=$src/tests/sync
kiosk=$BIN/kiosk
central=$BIN/central/kiosk-central
tools=$BIN/tests/sync
work=$(mktemp -d /tmp/kiosk-sync-test.XXXXXX)
chmod 755 "$work"
pids=""
pg_dir=""

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

cleanup() {
    status=$?
    for pid in $pids; do kill "$pid" 2>/dev/null || true; done
    for pid in $pids; do wait "$pid" 2>/dev/null || true; done
    if [ "$status" -ne 0 ] && [ -f "$work/central.log" ]; then
        echo "---- the store's log (last 30 lines) ----" >&2
        tail -n 30 "$work/central.log" >&2
    fi
    [ -n "$pg_dir" ] && sh "$src/tests/central/pg_cluster.sh" stop "$pg_dir" >/dev/null 2>&1
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT INT TERM

# Waits up to $2 seconds for file $1 to contain "listening on"; prints the URL it names.
wait_listening() {
    for _ in $(seq 1 $(($2 * 10))); do
        url=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$1" | head -n 1)
        if [ -n "$url" ]; then
            case "$url" in http*) echo "$url" ;; *) echo "http://$url" ;; esac
            return 0
        fi
        sleep 0.1
    done
    cat "$1" >&2
    fail "nothing listening after $2 s (log above)"
}

# The store's database: a SQLite file, or a throwaway PostgreSQL cluster (as the postgres user when root).
store_database() {
    case "$BACKEND" in
    sqlite) echo "sqlite:$work/central.db" ;;
    postgresql)
        pg_dir=$work/pg
        status=0
        url=$(sh "$src/tests/central/pg_cluster.sh" start "$pg_dir") || status=$?
        [ "$status" -eq 77 ] && { pg_dir=""; echo "SKIP: PostgreSQL cannot run here" >&2; exit 77; }
        [ "$status" -eq 0 ] || fail "the throwaway PostgreSQL cluster did not start"
        echo "$url"
        ;;
    *) fail "unknown backend '$BACKEND'" ;;
    esac
}

# central_setup [TLS_CERT TLS_KEY]: config, key and schema of a store; sets STORE_KEY and ADMIN_TOKEN.
central_setup() {
    database=$(store_database)
    STORE_DATABASE=$database
    {
        echo "store_id = \"test-store\""
        echo "database = \"$database\""
        echo "key_file = \"$work/central.key\""
        echo "threads = 8"
        [ $# -ge 2 ] && echo "tls_certificate = \"$1\"" && echo "tls_key = \"$2\""
        # Tests restart senders hundreds of times a minute; the limit itself is tested in central_tests.
        echo "[limits]"
        echo "requests_per_minute = 100000"
        echo "[listen]"
        echo "host = \"127.0.0.1\""
        echo "port = ${STORE_PORT:-0}"
    } >"$work/central.toml"
    STORE_KEY=$("$central" init --config "$work/central.toml" | tail -n 1)
    "$central" migrate --config "$work/central.toml" >/dev/null
    ADMIN_TOKEN=$("$central" admin-token --config "$work/central.toml" | tail -n 1)
}

# central_start: serves in the background; sets STORE_URL, STORE_PORT, CENTRAL_PID.
central_start() {
    if [ -n "${STORE_PORT:-}" ]; then
        sed -i "s/^port = .*/port = $STORE_PORT/" "$work/central.toml"
    fi
    : >"$work/central.out"
    "$central" serve --config "$work/central.toml" >"$work/central.out" 2>>"$work/central.log" &
    CENTRAL_PID=$!
    pids="$pids $CENTRAL_PID"
    STORE_URL=$(wait_listening "$work/central.out" 30)
    STORE_PORT=${STORE_URL##*:}
    STORE_PORT=${STORE_PORT%%/*}
}

central_stop() {
    kill "$CENTRAL_PID" 2>/dev/null || true
    wait "$CENTRAL_PID" 2>/dev/null || true
}

# kiosk_setup ID URL [extra [sync] lines...]: a kiosk's config and database folder, enrolled at the
# store unless ENROL=no.
kiosk_setup() {
    id=$1 url=$2
    shift 2
    mkdir -p "$work/$id"
    sed -e "s|^database = .*|database = \"$work/$id/kiosk.db\"|" \
        -e "0,/^id = .*/s||id = \"$id\"|" \
        "$src/firmware-config/kiosk.toml" >"$work/$id/kiosk.toml"
    {
        echo ""
        echo "[sync]"
        echo "url = \"$url\""
        echo "store_public_key = \"$STORE_KEY\""
        for line in "$@"; do echo "$line"; done
    } >>"$work/$id/kiosk.toml"
    [ "${ENROL:-yes}" = yes ] && kiosk_enrol "$id"
    return 0
}

kiosk_enrol() {
    code=$("$kiosk" enrolment-code --config "$work/$1/kiosk.toml" | tail -n 1)
    "$central" enrol --config "$work/central.toml" "$code" >/dev/null
}

# kiosk_run ID: the real kiosk program (its window on a private Xvfb, its sync worker) in the
# background; sets KIOSK_PID. Xvfb is started here, not by xvfb-run, so that cleanup stops it too.
kiosk_run() {
    Xvfb -displayfd 1 -screen 0 1280x1024x24 -nolisten tcp >"$work/$1/display" 2>"$work/$1/xvfb.log" &
    pids="$pids $!"
    for _ in $(seq 1 100); do
        [ -s "$work/$1/display" ] && break
        sleep 0.1
    done
    [ -s "$work/$1/display" ] || fail "Xvfb did not start: $(cat "$work/$1/xvfb.log")"
    # shellcheck disable=SC2086 # kiosk_flags: none, or --test-sync-pace
    DISPLAY=:$(cat "$work/$1/display") "$kiosk" --config "$work/$1/kiosk.toml" --windowed ${kiosk_flags:-} \
        >"$work/$1/kiosk.log" 2>&1 &
    KIOSK_PID=$!
    pids="$KIOSK_PID $pids"
}

kiosk_db() { echo "$work/$1/kiosk.db"; }

# backlog ID COUNT: COUNT more final ratings waiting to be sent on kiosk ID.
backlogs=0
backlog() {
    backlogs=$((backlogs + 1)) # each backlog varies its ratings differently
    "$tools/make_backlog" --database "$(kiosk_db "$1")" --kiosk-id "$1" --count "$2" --seed "$backlogs" >/dev/null
}

# sync_until_done ID TRIES: `kiosk sync-now` until it says nothing is left (exit 0), at most TRIES times.
sync_until_done() {
    for _ in $(seq 1 "$2"); do
        if "$kiosk" sync-now --config "$work/$1/kiosk.toml" >>"$work/$1/sync.log" 2>&1; then return 0; fi
        sleep 0.2
    done
    tail -n 20 "$work/$1/sync.log" >&2
    fail "kiosk $1 still had ratings to send after $2 runs of sync-now"
}

store_sql() {
    case "$BACKEND" in
    sqlite) sqlite3 "${STORE_DATABASE#sqlite:}" "$1" ;;
    postgresql) psql -X -q -A -t "$STORE_DATABASE" -c "$1" ;;
    esac
}
kiosk_sql() { sqlite3 "$(kiosk_db "$1")" "$2"; }

# check_exactly_once ID: every final rating of kiosk ID is at the store once, and the kiosk knows it.
check_exactly_once() {
    id=$1
    final=$(kiosk_sql "$id" "SELECT count(*) FROM ratings WHERE state = 'final'")
    max_seq=$(kiosk_sql "$id" "SELECT coalesce(max(seq), 0) FROM ratings WHERE state = 'final'")
    unsent=$(kiosk_sql "$id" "SELECT count(*) FROM ratings r LEFT JOIN batches b ON b.id = r.batch_id
                              WHERE r.state = 'final' AND (b.state IS NULL OR b.state <> 'sent')")
    # What the store's receipts said it accepted the first time, summed over the kiosk's batches: a
    # rating counted twice anywhere would push this over the number of ratings.
    accepted=$(kiosk_sql "$id" "SELECT coalesce(sum(json_extract(receipt, '\$.receipt.accepted')), 0)
                                FROM batches WHERE state = 'sent'")
    at_store=$(store_sql "SELECT count(*) FROM ratings WHERE kiosk_id = '$id'")
    distinct=$(store_sql "SELECT count(DISTINCT id) FROM ratings WHERE kiosk_id = '$id'")
    seqs=$(store_sql "SELECT count(DISTINCT seq) || ' ' || min(seq) || ' ' || max(seq) FROM ratings WHERE kiosk_id = '$id'")
    echo "kiosk $id: $final final ratings (seq up to $max_seq), $unsent not delivered, receipts accepted $accepted;" \
        "store: $at_store rows, $distinct distinct ids, seq count/min/max $seqs"
    [ "$unsent" -eq 0 ] || fail "$unsent ratings of $id are not in a delivered batch"
    [ "$at_store" -eq "$final" ] || fail "the store holds $at_store ratings of $id, the kiosk made $final"
    [ "$distinct" -eq "$final" ] || fail "the store holds $distinct distinct ids of $id, not $final"
    [ "$seqs" = "$final 1 $max_seq" ] || fail "the store's seq numbers of $id are '$seqs', not '$final 1 $max_seq'"
    [ "$accepted" -eq "$final" ] || fail "the receipts of $id accepted $accepted ratings in all, not $final"
}
