#!/bin/sh
# The store answers 500, 503 with Retry-After, 429, a malformed body, a 200 HTML login page, a receipt
# with a bad signature, and hangs: each time nothing counts as delivered without a valid receipt, a
# 200 without one raises `no-receipt`, the running kiosk waits as long as Retry-After says, and once a
# real store answers everything arrives exactly once.
# Usage: bad_replies.sh BIN BACKEND
# The hang is met by the kiosk alone (its stall timeout, TransportLimits in kiosk/core/sync/sync_transport.hpp: 30 s
# in service, 3 s under --test-sync-pace), against a stand-in store that answers in the real store's place.
BIN=$1 BACKEND=$2
. "$(dirname "$0")/lib.sh"

central_setup
central_start
kiosk_setup k1 "$STORE_URL"
backlog k1 1500
real_url=$STORE_URL

# misbehave ID MODE [options]: a misbehaving store for kiosk ID; sets BAD_URL and BAD_PID.
misbehave() {
    id=$1 mode=$2
    shift 2
    "$tools/misbehaving_store" --mode "$mode" --log "$work/bad-$mode-$round.log" "$@" >"$work/bad-$mode-$round.out" 2>&1 &
    BAD_PID=$!
    pids="$pids $BAD_PID"
    BAD_URL=$(wait_listening "$work/bad-$mode-$round.out" 10)
    sed -i "s|^url = .*|url = \"$BAD_URL\"|" "$work/$id/kiosk.toml"
}

# The hang first, in the background on a kiosk of its own (k2): the other rounds run while it waits.
# Heartbeats are answered, so that the wait is the batch's alone.
kiosk_setup k2 "$STORE_URL"
backlog k2 1500
round=sync-now
misbehave k2 hang --heartbeats ok
hang_pid=$BAD_PID
(
    status=0
    "$kiosk" sync-now --test-sync-pace --config "$work/k2/kiosk.toml" >"$work/k2/sync-hang.log" 2>&1 ||
        status=$?
    echo "$status" >"$work/k2/sync-hang.status"
) &
hang_job=$!
pids="$pids $hang_job"

# check_round ID MODE STATUS: what sync-now against the store answering MODE must leave behind.
check_round() {
    id=$1 mode=$2 status=$3
    requests=$(grep -c /v1/batches "$work/bad-$mode-$round.log" || true)
    sent=$(kiosk_sql "$id" "SELECT count(*) FROM batches WHERE state = 'sent'")
    echo "$mode: sync-now exit $status after $requests batch requests; $sent batches counted as sent;" \
        "it said: $(grep '^delivered' "$work/$id/sync-$mode.log")"
    [ "$status" -eq 1 ] || fail "sync-now exited $status against a store answering '$mode'"
    [ "$requests" -ge 1 ] || fail "the kiosk never reached the '$mode' store"
    [ "$sent" -eq 0 ] || fail "a batch counts as sent after '$mode'"
    case "$mode" in malformed | login-page | bad-receipt)
        alerts=$(kiosk_sql "$id" "SELECT count(*) FROM alerts WHERE kind = 'no-receipt'")
        [ "$alerts" -ge 1 ] || fail "no no-receipt alert after a 200 answer without a valid receipt ($mode)"
        ;;
    esac
    set_aside=$(kiosk_sql "$id" "SELECT count(*) FROM batches WHERE state = 'set-aside'")
    [ "$set_aside" -eq 0 ] || fail "$set_aside batches were set aside for '$mode', an answer that calls for a retry"
}

round=sync-now
for mode in 500 503 429 malformed login-page bad-receipt; do
    misbehave k1 "$mode" --retry-after 1
    status=0
    "$kiosk" sync-now --config "$work/k1/kiosk.toml" >"$work/k1/sync-$mode.log" 2>&1 || status=$?
    kill "$BAD_PID"
    wait "$BAD_PID" 2>/dev/null || true
    check_round k1 "$mode" "$status"
done

# The running kiosk honours Retry-After: 503 with Retry-After 2, backoff base 0.1 s (kiosk --test-sync-pace):
# two retries in a row each wait 2 s where the backoff alone would wait 0.1 s and 0.2 s.
round=worker
misbehave k1 503 --retry-after 2
kiosk_flags=--test-sync-pace # the worker backs off from 0.1 s, capped at 0.5 s
kiosk_run k1
for _ in $(seq 1 200); do
    [ "$(grep -c /v1/batches "$work/bad-503-worker.log" || true)" -ge 3 ] && break
    sleep 0.1
done
kill "$KIOSK_PID"
wait "$KIOSK_PID" 2>/dev/null || true
# The log's second field is the time in unix ms (misbehaving_store --help).
gaps=$(grep /v1/batches "$work/bad-503-worker.log" | awk '{ if (last) printf "%d ", $2 - last; last = $2 }')
echo "503 with Retry-After 2: the running kiosk's batch requests came ${gaps}ms apart"
[ "$(echo "$gaps" | wc -w)" -ge 2 ] || fail "the running kiosk sent fewer than three batch requests to the 503 store in 20 s"
for gap in $gaps; do
    [ "$gap" -ge 1900 ] || fail "a retry came ${gap} ms after a 503 with Retry-After: 2"
done
kill "$BAD_PID"

wait "$hang_job" || true
round=sync-now
kill "$hang_pid"
check_round k2 hang "$(cat "$work/k2/sync-hang.status")" # it gave up by itself: the store still hung

# A real store again: everything arrives once.
for id in k1 k2; do
    [ -d "$work/$id" ] || continue
    sed -i "s|^url = .*|url = \"$real_url\"|" "$work/$id/kiosk.toml"
    sync_until_done "$id" 3
    check_exactly_once "$id"
done
