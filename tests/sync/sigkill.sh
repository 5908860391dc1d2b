#!/bin/sh
# The kiosk's sender (`kiosk sync-now`, the worker's send loop) is killed with SIGKILL at KILLS random
# moments while it syncs, with new ratings arriving between runs; after all restarts every rating is at
# the store exactly once.
# Usage: sigkill.sh BIN BACKEND KILLS
BIN=$1 BACKEND=$2 kills=$3
. "$(dirname "$0")/lib.sh"

central_setup
central_start
kiosk_setup k1 "$STORE_URL"
killed_mid_batch=0
for i in $(seq 1 "$kills"); do
    backlog k1 150
    "$kiosk" sync-now --config "$work/k1/kiosk.toml" >>"$work/k1/sync.log" 2>&1 &
    pid=$!
    # 0-149 ms: from before the first batch is built to the middle of its answer.
    sleep "0.$(printf '%03d' $(( $(od -An -N2 -tu2 /dev/urandom) % 150 )))"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pending=$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE state = 'pending'")
    [ "$pending" -gt 0 ] && killed_mid_batch=$((killed_mid_batch + 1))
done
echo "$kills kills; $killed_mid_batch left a built batch not yet acknowledged"
[ "$killed_mid_batch" -ge 1 ] || fail "no kill landed between building a batch and its receipt"
sync_until_done k1 5
check_exactly_once k1
