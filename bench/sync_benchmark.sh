#!/bin/sh
# Sync throughput, on both of the store's backends, in one run:
#   - kiosk -> store: one kiosk's backlog of KIOSK_RATINGS ratings sent by `kiosk sync-now` (ratings/s);
#   - the store's ingest: 50 simulated kiosks (fleet_sim) sending 1 000-rating batches at once (their
#     bodies and digests built before fleet_sim's clock starts: each request is only signed and sent);
#   - the backend's raw insert rate: the same rows inserted straight into the database
#     (ledger_tests "[.bench]": one prepared INSERT per row in one transaction per 1 000 on SQLite,
#     one multi-row INSERT per 1 000 on PostgreSQL), beside the ledger's own rate for the same batches.
# PostgreSQL runs as a throwaway cluster with fsync on (PG_CLUSTER_DURABLE=1), as in production.
# Usage: bench/sync_benchmark.sh [BUILD_DIR]   (default: build). Prints a table; leaves nothing running.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "${1:-$here/build}" && pwd)
export KIOSK_SRC=$here PG_CLUSTER_DURABLE=1
KIOSK_RATINGS=${KIOSK_RATINGS:-50000}
FLEET_KIOSKS=${FLEET_KIOSKS:-50}
FLEET_BATCHES=${FLEET_BATCHES:-4}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

for BACKEND in sqlite postgresql; do
    (
        BACKEND=$BACKEND
        . "$here/tests/sync/lib.sh"
        central_setup
        central_start
        kiosk_setup k1 "$STORE_URL"
        backlog k1 "$KIOSK_RATINGS"
        start=$(date +%s.%N)
        sync_until_done k1 3
        end=$(date +%s.%N)
        check_exactly_once k1 >/dev/null
        echo "$KIOSK_RATINGS $start $end" | awk '{ printf "%.0f\n", $1 / ($3 - $2) }' >"$results/kiosk-$BACKEND"

        "$tools/fleet_sim" --kiosks "$FLEET_KIOSKS" --seed 5 enrol --store "$STORE_URL" \
            --admin-token "$ADMIN_TOKEN" >/dev/null
        "$tools/fleet_sim" --kiosks "$FLEET_KIOSKS" --seed 5 send --store "$STORE_URL" --store-key "$STORE_KEY" \
            --batches "$FLEET_BATCHES" --ratings 1000 --json "$work/fleet.json" >"$work/fleet.out"
        sed -n 's/.*"ratings_per_second": \([0-9.]*\).*/\1/p' "$work/fleet.json" | tail -n 1 |
            awk '{ printf "%.0f\n", $1 }' >"$results/fleet-$BACKEND"
        sed -n 's/^requests .* by status //p' "$work/fleet.out" >"$results/statuses-$BACKEND"
        # Requests a second when every batch holds one rating (a kiosk that sends each rating at once).
        "$tools/fleet_sim" --kiosks "$FLEET_KIOSKS" --seed 5 send --store "$STORE_URL" --store-key "$STORE_KEY" \
            --first-seq 1000000 --batches 20 --ratings 1 --json "$work/small.json" >"$work/small.out"
        sed -n 's/.*"ratings_per_second": \([0-9.]*\).*/\1/p' "$work/small.json" | tail -n 1 |
            awk '{ printf "%.0f\n", $1 }' >"$results/small-$BACKEND"
        # What a rating costs on the store's disk, indexes included.
        case "$BACKEND" in
        sqlite) bytes=$(sqlite3 "${STORE_DATABASE#sqlite:}" "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()") ;;
        postgresql) bytes=$(store_sql "SELECT pg_total_relation_size('ratings')") ;;
        esac
        held=$(store_sql "SELECT count(*) FROM ratings")
        echo "$bytes $held" | awk '{ printf "%.0f\n", $1 / $2 }' >"$results/bytes-$BACKEND"
    ) 2>"$results/log-$BACKEND" || { cat "$results/log-$BACKEND" >&2; exit 1; }
done

"$BIN/tests/central/ledger_tests" "[.bench]" >"$results/raw" 2>&1 || { cat "$results/raw" >&2; exit 1; }
raw() { sed -n "s/^$1: *ledger *\([0-9]*\) ratings\/s, raw insert *\([0-9]*\) ratings\/s.*/\\$2/p" "$results/raw"; }

echo "sync throughput ($(nproc) cores; $KIOSK_RATINGS-rating kiosk backlog; $FLEET_KIOSKS kiosks x $FLEET_BATCHES batches of 1000)"
printf '%-11s %14s %16s %14s %14s %8s\n' backend "kiosk->store" "store ingest" "ledger only" "raw insert" "ingest/raw"
for backend in sqlite postgresql; do
    kiosk_rate=$(cat "$results/kiosk-$backend")
    fleet_rate=$(cat "$results/fleet-$backend")
    ledger_rate=$(raw "$backend" 1)
    raw_rate=$(raw "$backend" 2)
    printf '%-11s %10s r/s %12s r/s %10s r/s %10s r/s %8s\n' "$backend" "$kiosk_rate" "$fleet_rate" \
        "$ledger_rate" "$raw_rate" "$(echo "$fleet_rate $raw_rate" | awk '{ printf "%.2f", $1 / $2 }')"
    echo "            answers to the $FLEET_KIOSKS kiosks: $(cat "$results/statuses-$backend");" \
        "1-rating batches: $(cat "$results/small-$backend") requests/s; $(cat "$results/bytes-$backend") bytes a rating on disk"
done
