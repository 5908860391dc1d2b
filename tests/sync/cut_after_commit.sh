#!/bin/sh
# The connection is cut after the store committed a batch and before the kiosk read the answer (a
# proxy lets the store answer, then closes the kiosk's connection without a byte of it): the kiosk
# sends the batch again, the store knows it, nothing is duplicated.
# Usage: cut_after_commit.sh BIN BACKEND
BIN=$1 BACKEND=$2
. "$(dirname "$0")/lib.sh"

central_setup
central_start
"$tools/cut_proxy" --upstream "127.0.0.1:$STORE_PORT" --cut-probability 0.5 --seed 11 --cut-path /v1/batches \
    --log "$work/cuts.log" >"$work/proxy.out" 2>&1 &
pids="$pids $!"
proxy_url=$(wait_listening "$work/proxy.out" 10)
kiosk_setup k1 "$proxy_url"
backlog k1 4000
sync_until_done k1 30
cuts=$(grep -c . "$work/cuts.log" || true)
echo "the proxy cut $cuts answers"
[ "$cuts" -ge 3 ] || fail "the proxy cut $cuts answers, fewer than 3: the test did not test what it says"
# Each cut batch failed once (attempts counts failed tries) and was sent again; the store answered the retries with the counts of the first time.
resent=$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE attempts >= 1 AND state = 'sent'")
echo "$resent batches were delivered on a later attempt"
[ "$resent" -ge 2 ] || fail "$resent batches needed a second attempt, fewer than 2"
check_exactly_once k1
