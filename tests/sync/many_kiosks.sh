#!/bin/sh
# 50 kiosks send their batches, each batch sent 4 times at the same moment from different threads:
# no 500, no duplicate, every receipt verifies and the store holds each rating once.
# Usage: many_kiosks.sh BIN BACKEND
BIN=$1 BACKEND=$2
. "$(dirname "$0")/lib.sh"

central_setup
central_start
"$tools/fleet_sim" --kiosks 50 --seed 7 enrol --store "$STORE_URL" --admin-token "$ADMIN_TOKEN" >/dev/null
"$tools/fleet_sim" --kiosks 50 --seed 7 send --store "$STORE_URL" --store-key "$STORE_KEY" \
    --batches 4 --ratings 50 --same-batches --repeat 4 --max-attempts 2 --retry-cap-ms 500 --json "$work/summary.json" | tee "$work/sim.out"
rows=$(store_sql "SELECT count(*) FROM ratings")
distinct=$(store_sql "SELECT count(*) FROM (SELECT DISTINCT kiosk_id, id FROM ratings) d")
echo "store: $rows ratings, $distinct distinct (expected 50 x 4 x 50 = 10000)"
[ "$rows" -eq 10000 ] || fail "the store holds $rows ratings, not 10000"
[ "$distinct" -eq 10000 ] || fail "the store holds $distinct distinct ratings, not 10000"
