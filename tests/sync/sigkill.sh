#!/bin/sh
# The kiosk's sender (`kiosk sync-now`, the worker's send loop) is killed with SIGKILL at KILLS random
# moments while it syncs, with new ratings arriving between runs; after all restarts every rating is at
# the store exactly once.
# The moments are spread over one whole run: a first run, not killed, measures how long sync-now takes
# on this machine at this moment (process start, build, send, receipt, mark, heartbeat), and kill i of
# KILLS falls at a random moment in the i-th equal slice of that time, so every phase of a run is met
# even by a small sample. After each kill the state says which phase it cut: before a batch was built,
# a batch built but not at the store, at the store but not marked sent (the store committed, the kiosk
# never read the receipt), or nothing left pending. The test goes on past KILLS (up to 4 x KILLS) until a
# kill has cut a run before a batch was built and one has cut it after the store committed a batch and
# before the kiosk marked it sent, where a resent batch could be counted twice. (Between building a
# batch and the store's commit is a few milliseconds: met now and then, not required.)
# Usage: sigkill.sh BIN BACKEND KILLS   (the default tier 24, the slow tier 200)
BIN=$1 BACKEND=$2 kills=$3
. "$(dirname "$0")/lib.sh"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

central_setup
central_start
kiosk_setup k1 "$STORE_URL"
backlog k1 150
start=$(now_ms)
"$kiosk" sync-now --config "$work/k1/kiosk.toml" >>"$work/k1/sync.log" 2>&1 || fail "the first sync-now failed"
run_ms=$(($(now_ms) - start))
slice=$((run_ms / kills + 1))
echo "one sync-now of 150 ratings takes $run_ms ms here: kill i falls in [$slice * (i - 1), $slice * i) ms"

before_build=0 not_at_store=0 at_store=0 finished=0
i=0
while :; do
    i=$((i + 1))
    [ "$i" -gt "$kills" ] && [ "$before_build" -ge 1 ] && [ "$at_store" -ge 1 ] && break
    [ "$i" -gt $((4 * kills)) ] && break
    backlog k1 150
    stratum=$(((i - 1) % kills))
    moment=$((stratum * slice + $(od -An -N2 -tu2 /dev/urandom) % slice))
    "$kiosk" sync-now --config "$work/k1/kiosk.toml" >>"$work/k1/sync.log" 2>&1 &
    pid=$!
    sleep "$((moment / 1000)).$(printf '%03d' $((moment % 1000)))"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    # Which phase the kill cut: the seq range of the batches still pending ("0 0": none), the ratings in
    # no batch yet, and whether the store holds the pending ones.
    state=$(kiosk_sql k1 "SELECT coalesce(min(first_seq), 0) || ' ' || coalesce(max(last_seq), 0) || ' ' ||
                                 (SELECT count(*) FROM ratings WHERE state = 'final' AND batch_id IS NULL)
                          FROM batches WHERE state = 'pending'")
    set -- $state
    if [ "$1" != 0 ]; then
        held=$(store_sql "SELECT count(*) FROM ratings WHERE kiosk_id = 'k1' AND seq BETWEEN $1 AND $2")
        if [ "$held" -gt 0 ]; then at_store=$((at_store + 1)); else not_at_store=$((not_at_store + 1)); fi
    elif [ "$3" -gt 0 ]; then
        before_build=$((before_build + 1))
    else
        finished=$((finished + 1))
    fi
done
kills=$((i - 1))
echo "$kills kills: $before_build before a batch was built, $not_at_store with a batch built but not at the" \
    "store, $at_store with a batch at the store not yet marked sent, $finished with nothing left pending"
[ "$before_build" -ge 1 ] || fail "no kill landed before a batch was built"
[ "$at_store" -ge 1 ] || fail "no kill landed after the store committed a batch and before the kiosk marked it sent"
sync_until_done k1 5
check_exactly_once k1
