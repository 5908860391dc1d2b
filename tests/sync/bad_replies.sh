#!/bin/sh
# The store answers 500, 503 with Retry-After, 429, a malformed body, a 200 HTML login page, a receipt
# with a bad signature, and hangs: each time nothing counts as delivered without a valid receipt, a
# 200 without one raises `no-receipt`, the running kiosk waits as long as Retry-After says, and once a
# real store answers everything arrives exactly once.
# Usage: bad_replies.sh BIN BACKEND
BIN=$1 BACKEND=$2
. "$(dirname "$0")/lib.sh"

central_setup
central_start
kiosk_setup k1 "$STORE_URL"
backlog k1 1500
real_url=$STORE_URL

# misbehave MODE [options]: a misbehaving store; sets BAD_URL and BAD_PID.
misbehave() {
    mode=$1
    shift
    "$tools/misbehaving_store" --mode "$mode" --log "$work/bad-$mode-$round.log" "$@" >"$work/bad.out" 2>&1 &
    BAD_PID=$!
    pids="$pids $BAD_PID"
    BAD_URL=$(wait_listening "$work/bad.out" 10)
    sed -i "s|^url = .*|url = \"$BAD_URL\"|" "$work/k1/kiosk.toml"
}

round=sync-now
for mode in 500 503 429 malformed login-page bad-receipt hang; do
    misbehave "$mode" --retry-after 1 --hang-seconds 0
    status=0
    "$kiosk" sync-now --config "$work/k1/kiosk.toml" >"$work/k1/sync-$mode.log" 2>&1 || status=$?
    kill "$BAD_PID"
    wait "$BAD_PID" 2>/dev/null || true
    requests=$(grep -c /v1/batches "$work/bad-$mode-$round.log" || true)
    sent=$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE state = 'sent'")
    echo "$mode: sync-now exit $status after $requests batch requests; $sent batches counted as sent;" \
        "it said: $(grep '^delivered' "$work/k1/sync-$mode.log")"
    [ "$status" -eq 1 ] || fail "sync-now exited $status against a store answering '$mode'"
    [ "$requests" -ge 1 ] || fail "the kiosk never reached the '$mode' store"
    [ "$sent" -eq 0 ] || fail "a batch counts as sent after '$mode'"
    case "$mode" in malformed | login-page | bad-receipt)
        alerts=$(kiosk_sql k1 "SELECT count(*) FROM alerts WHERE kind = 'no-receipt'")
        [ "$alerts" -ge 1 ] || fail "no no-receipt alert after a 200 answer without a valid receipt ($mode)"
        ;;
    esac
done
set_aside=$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE state = 'set-aside'")
[ "$set_aside" -eq 0 ] || fail "$set_aside batches were set aside for answers that call for a retry"

# The running kiosk honours Retry-After: 503 with Retry-After 2, backoff base 0.1 s (kiosk --test-sync-pace).
round=worker
misbehave 503 --retry-after 2
kiosk_flags=--test-sync-pace # the worker backs off from 0.1 s, capped at 2 s
kiosk_run k1
sleep 9
kill "$KIOSK_PID"
wait "$KIOSK_PID" 2>/dev/null || true
# The log's second field is the time in unix ms (misbehaving_store --help).
gaps=$(grep /v1/batches "$work/bad-503-worker.log" | awk '{ if (last) printf "%d ", $2 - last; last = $2 }')
echo "503 with Retry-After 2: the running kiosk's batch requests came ${gaps}ms apart"
[ -n "$gaps" ] || fail "the running kiosk sent fewer than two batch requests to the 503 store in 9 s"
for gap in $gaps; do
    [ "$gap" -ge 1900 ] || fail "a retry came ${gap} ms after a 503 with Retry-After: 2"
done
kill "$BAD_PID"

# A real store again: everything arrives once.
sed -i "s|^url = .*|url = \"$real_url\"|" "$work/k1/kiosk.toml"
sync_until_done k1 3
check_exactly_once k1
