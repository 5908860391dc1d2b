#!/bin/sh
# Issue 20: a hostile middlebox between a running kiosk and the store (cut_proxy --hostile) answers, in
# turn, a captive portal's 404, a firewall's 403, a proxy's 400 and 407 (HTML pages), a forged 409, a
# forged 401 with a store time two hours ahead, changes a body and strips Kiosk-Signature on the way
# (the store then refuses them itself), drops, cuts and answers garbage, letting a request through now
# and then. The kiosk sets nothing aside (no refusal is the store's own about the bytes it sent), adopts
# no clock offset, and names what answered in an alert; once the middlebox turns honest, every rating
# is at the store exactly once with no one touching anything.
# Usage: hostile_proxy.sh BIN BACKEND
BIN=$1 BACKEND=$2
. "$(dirname "$0")/lib.sh"

central_setup
central_start
# Every batch request meets them in turn, one let through after each round; heartbeats pass.
hostile=404,403,400,407,forged-409,forged-401,body,strip,drop,cut,garbage,pass
: >"$work/proxy.out"
"$tools/cut_proxy" --upstream "127.0.0.1:$STORE_PORT" --hostile "$hostile" --hostile-path /v1/batches \
    --honest-when "$work/honest" --log "$work/proxy.log" >"$work/proxy.out" 2>"$work/proxy.err" &
pids="$pids $!"
PROXY_URL=$(wait_listening "$work/proxy.out" 10)
kiosk_setup k1 "$PROXY_URL"
backlog k1 2500 # three batches: 1000, 1000, 500

kiosk_flags=--test-sync-pace # the worker backs off from 0.1 s, capped at 0.5 s
kiosk_run k1

# Hostile until every answer of the list has been given to batches twice (a batch let through between).
answers="404 403 400 407 forged-409 forged-401 body strip drop cut garbage"
for _ in $(seq 1 600); do
    short=""
    for a in $answers; do
        [ "$(grep -c "	$a	POST /v1/batches" "$work/proxy.log" 2>/dev/null || true)" -ge 2 ] || short="$short $a"
    done
    [ -z "$short" ] && break
    sleep 0.1
done
[ -z "$short" ] || { tail -n 20 "$work/k1/kiosk.log"; fail "the kiosk never met the middlebox's$short in 60 s"; }
batch_answers=$(grep -c "POST /v1/batches" "$work/proxy.log")
sent_while_hostile=$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE state = 'sent'")
echo "hostile: $batch_answers forged or broken answers to batches;" \
    "$sent_while_hostile batches delivered in between through the requests let pass"

set_aside=$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE state = 'set-aside'")
set_aside_alerts=$(kiosk_sql k1 "SELECT count(*) FROM alerts WHERE kind IN ('batch-set-aside', 'store-refuses-all')")
skew_alerts=$(kiosk_sql k1 "SELECT count(*) FROM alerts WHERE kind = 'clock-skew'")
untrusted=$(kiosk_sql k1 "SELECT count(*) FROM alerts WHERE kind = 'untrusted-refusal'")
named=$(kiosk_sql k1 "SELECT count(*) FROM alerts WHERE kind = 'untrusted-refusal' AND message LIKE '%Server: hostile-middlebox/1.0%'")
changed=$(kiosk_sql k1 "SELECT count(*) FROM alerts WHERE kind = 'untrusted-refusal' AND message LIKE '%digest-mismatch%changed on the way%'")
echo "kiosk: $set_aside batches set aside, $set_aside_alerts set-aside alerts, $skew_alerts clock-skew alerts," \
    "$untrusted untrusted-refusal alerts ($named naming the middlebox's Server header, $changed a body changed on the way)"
[ "$set_aside" -eq 0 ] || fail "$set_aside batches were set aside though the store refused none of the bytes sent"
[ "$set_aside_alerts" -eq 0 ] || fail "the kiosk set batches aside (or stopped doing so) for a middlebox's answers"
[ "$skew_alerts" -eq 0 ] || fail "the kiosk took a forged 401's store time for the store's clock"
[ "$untrusted" -ge 1 ] || fail "no untrusted-refusal alert names what answered"
[ "$named" -ge 4 ] || fail "not every HTML page's untrusted-refusal alert names the middlebox's Server header"
[ "$changed" -ge 1 ] || fail "no untrusted-refusal alert says the store received a body changed on the way"

# The middlebox turns honest; nobody touches the kiosk.
touch "$work/honest"
for _ in $(seq 1 600); do
    left=$(kiosk_sql k1 "SELECT count(*) FROM ratings r LEFT JOIN batches b ON b.id = r.batch_id
                         WHERE b.state IS NULL OR b.state <> 'sent'")
    [ "$left" -eq 0 ] && break
    sleep 0.1
done
[ "$left" -eq 0 ] || { tail -n 20 "$work/k1/kiosk.log"; fail "$left ratings still unsent 60 s after the middlebox turned honest"; }
echo "honest: the backlog drained by itself"
check_exactly_once k1
[ "$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE state = 'set-aside'")" -eq 0 ] || fail "a batch was set aside"
