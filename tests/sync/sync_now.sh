#!/bin/sh
# `kiosk sync-now` tells the truth (issue 20): exit 0 only when every rating is delivered, 3 when none
# waits but the store refused some (set aside), 1 when some still wait to be sent; and it sends a
# heartbeat (marked sent_by sync-now, without the kiosk's uptime), so a kiosk served only by sync-now
# shows in the fleet view.
# Usage: sync_now.sh BIN BACKEND
BIN=$1 BACKEND=$2
. "$(dirname "$0")/lib.sh"

central_setup
central_start
kiosk_setup k1 "$STORE_URL"
real_url=$STORE_URL

# run EXPECTED_EXIT WHAT
run() {
    status=0
    "$kiosk" sync-now --config "$work/k1/kiosk.toml" >"$work/k1/sync.out" 2>&1 || status=$?
    echo "$2: exit $status; $(grep -E '^(delivered|nothing|[0-9]+ ratings)' "$work/k1/sync.out" | paste -sd';')"
    [ "$status" -eq "$1" ] || { cat "$work/k1/sync.out"; fail "$2: sync-now exited $status, not $1"; }
}

backlog k1 30
run 0 "all delivered"
grep -q '^nothing left to send' "$work/k1/sync.out" || fail "sync-now did not say nothing is left"
grep -q '^heartbeat sent' "$work/k1/sync.out" || fail "sync-now sent no heartbeat"
"$central" fleet --config "$work/central.toml" --json >"$work/fleet.json"
beat=$(jq -c '.kiosks[] | select(.kiosk_id == "k1") | .last_heartbeat | {sent_by, pending_ratings, uptime: has("uptime_seconds")}' "$work/fleet.json")
echo "fleet view of k1: last heartbeat $beat"
[ "$beat" = '{"sent_by":"sync-now","pending_ratings":0,"uptime":false}' ] ||
    fail "the fleet view does not show sync-now's heartbeat for k1: $(cat "$work/fleet.json")"
"$central" fleet --config "$work/central.toml" | grep -q '^k1 ' || fail "the fleet table has no row for k1"

# A rating the store refuses itself (an end reason the protocol does not know): set aside, exit 3.
backlog k1 10
# The schema refuses to change a final rating (its trigger), so the damaged row replaces the good one.
kiosk_sql k1 "CREATE TEMP TABLE damaged AS SELECT * FROM ratings WHERE seq = 35;
              UPDATE damaged SET end_reason = 'exploded';
              DELETE FROM ratings WHERE seq = 35; INSERT INTO ratings SELECT * FROM damaged"
run 3 "one batch refused by the store"
grep -q '^10 ratings are set aside' "$work/k1/sync.out" || fail "sync-now did not say 10 ratings are set aside"
[ "$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE state = 'set-aside'")" -eq 1 ] || fail "no batch set aside"
pending=$(jq '.kiosks[] | select(.kiosk_id == "k1") | .last_heartbeat.pending_ratings' \
    "$("$central" fleet --config "$work/central.toml" --json >"$work/fleet.json" && echo "$work/fleet.json")")
[ "$pending" -eq 10 ] || fail "the fleet view shows $pending ratings pending on k1, not the 10 set aside"

# Ratings that cannot reach the store (a captive portal answers): exit 1, though some are set aside too.
: >"$work/proxy.out"
"$tools/cut_proxy" --upstream "127.0.0.1:$STORE_PORT" --hostile 404 >"$work/proxy.out" 2>/dev/null &
pids="$pids $!"
proxy_url=$(wait_listening "$work/proxy.out" 10)
sed -i "s|^url = .*|url = \"$proxy_url\"|" "$work/k1/kiosk.toml"
backlog k1 5
run 1 "behind a captive portal"
grep -q '^5 ratings are still waiting' "$work/k1/sync.out" || fail "sync-now did not say 5 ratings wait"

# The portal is gone: the new ratings go, the refused batch is offered again and stays aside: exit 3.
sed -i "s|^url = .*|url = \"$real_url\"|" "$work/k1/kiosk.toml"
run 3 "the portal gone"
at_store=$(store_sql "SELECT count(*) FROM ratings WHERE kiosk_id = 'k1'")
[ "$at_store" -eq 35 ] || fail "the store holds $at_store ratings of k1, not 35"
