#!/bin/sh
# The store is down while a running kiosk (its sync worker, in the real program under Xvfb) holds a
# backlog; nothing counts as sent; the store comes back and the backlog drains, exactly once.
# Usage: outage.sh BIN BACKEND
BIN=$1 BACKEND=$2
. "$(dirname "$0")/lib.sh"

central_setup
central_start # only to learn a free port for the store's URL, then down it goes
central_stop
kiosk_setup k1 "$STORE_URL"
backlog k1 3000

kiosk_flags=--test-sync-pace # the worker backs off from 0.1 s, capped at 0.5 s
kiosk_run k1

# The worker tries and fails while the store is down.
for _ in $(seq 1 300); do
    tries=$(kiosk_sql k1 "SELECT coalesce(sum(attempts), 0) FROM batches" 2>/dev/null || echo 0)
    [ "$tries" -ge 3 ] && break
    sleep 0.1
done
[ "$tries" -ge 3 ] || { cat "$work/k1/kiosk.log"; fail "the kiosk made $tries attempts in 30 s while the store was down"; }
sent=$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE state = 'sent'")
[ "$sent" -eq 0 ] || fail "$sent batches count as sent while the store was down"
echo "store down: $tries failed attempts, nothing counted as sent"

central_start
for _ in $(seq 1 1200); do
    left=$(kiosk_sql k1 "SELECT count(*) FROM ratings r LEFT JOIN batches b ON b.id = r.batch_id
                         WHERE b.state IS NULL OR b.state <> 'sent'")
    [ "$left" -eq 0 ] && break
    sleep 0.1
done
[ "$left" -eq 0 ] || { tail -n 20 "$work/k1/kiosk.log"; fail "$left ratings still unsent 120 s after the store came back"; }
echo "store back: the backlog drained"
check_exactly_once k1
# The worker also reported in: the store has the kiosk's heartbeat.
for _ in $(seq 1 100); do
    beats=$(store_sql "SELECT count(*) FROM heartbeats WHERE kiosk_id = 'k1'")
    [ "$beats" -ge 1 ] && break
    sleep 0.1
done
[ "$beats" -ge 1 ] || fail "no heartbeat from k1 reached the store"
