#!/bin/sh
# Slow tier: 500 simulated kiosks (fleet_sim) send to one kiosk-central on PostgreSQL (fsync on) for
# SOAK_SECONDS (default 600), each a batch of SOAK_RATINGS ratings every SOAK_INTERVAL seconds, and
# the script reports what the store held: ratings per second per minute, answers by status, latency,
# and the counts at the store against what was sent. Exits non-zero on any 500, lost or duplicated
# rating. Not in the default test tier (it takes the whole duration).
# Usage: bench/fleet_soak.sh [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "${1:-$here/build}" && pwd)
export KIOSK_SRC=$here PG_CLUSTER_DURABLE=1
BACKEND=${SOAK_BACKEND:-postgresql}
kiosks=${SOAK_KIOSKS:-500}
seconds=${SOAK_SECONDS:-600}
interval=${SOAK_INTERVAL:-10}
ratings=${SOAK_RATINGS:-20}
. "$here/tests/sync/lib.sh"

central_setup
sed -i 's/^threads = .*/threads = 64/' "$work/central.toml"
central_start
"$tools/fleet_sim" --kiosks "$kiosks" --seed 9 enrol --store "$STORE_URL" --admin-token "$ADMIN_TOKEN" >/dev/null
echo "$kiosks kiosks, a batch of $ratings ratings each every $interval s, for $seconds s, on $BACKEND"
status=0
"$tools/fleet_sim" --kiosks "$kiosks" --seed 9 send --store "$STORE_URL" --store-key "$STORE_KEY" \
    --threads 64 --ratings "$ratings" --duration "$seconds" --interval "$interval" \
    --json "$work/soak.json" || status=$?
sent=$(sed -n 's/^  "accepted": \([0-9]*\),/\1/p' "$work/soak.json")
held=$(store_sql "SELECT count(*) FROM ratings")
distinct=$(store_sql "SELECT count(*) FROM (SELECT DISTINCT kiosk_id, id FROM ratings) d")
echo "store: $held ratings held, $distinct distinct; receipts accepted $sent; fleet_sim exit $status"
[ "$status" -eq 0 ] || fail "fleet_sim reported trouble (exit $status)"
[ "$held" -eq "$sent" ] && [ "$distinct" -eq "$held" ] || fail "the store's counts differ from the receipts"
