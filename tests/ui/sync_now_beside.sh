#!/bin/sh
# Visits tapped through the real input path (scripted SDL touch events in a real window) while
# `kiosk sync-now` runs in a loop beside the kiosk and the kiosk's own sync worker retries against a
# central store that is down: every visit is thanked and saved, and the kiosk is never out of order.
# Both of the others write the kiosk's database (batches, failed tries) all the while.
# Usage: sync_now_beside.sh KIOSK VISITS
set -eu
kiosk=$1 visits=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
xvfb_pid=
loop_pid=
cleanup() {
    [ -n "$loop_pid" ] && kill "$loop_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# A store that is down: the discard port on loopback, where nothing listens.
port=9
key=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')  # base64url, as the config wants
sed -e "s|^database = .*|database = \"$work/kiosk.db\"|" -e 's|^renderer = .*|renderer = "software"|' \
    -e 's|^services = .*|services = ["passport"]|' -e 's|^norms_per_visit = .*|norms_per_visit = 2|' "$here/../../firmware-config/kiosk.toml" > "$work/kiosk.toml"
printf '\n[sync]\nurl = "http://127.0.0.1:%s"\nstore_public_key = "%s"\n' "$port" "$key" >> "$work/kiosk.toml"

# VISITS whole visits, one after the other, each thanked: a visit that meets "out of order" never
# reaches Thanks, and the script stops there.
{
    i=0
    while [ "$i" -lt "$visits" ]; do
        i=$((i + 1))
        grade=$((i % 10 + 1))
        echo "wait-for welcome"
        echo "tap grade-$grade"
        echo "wait-for norm"
        echo "tap face-4"
        echo "wait-for norm"
        echo "tap face-2"
        echo "wait-for thanks"
        echo "expect-sql SELECT count(*) FROM ratings WHERE state = 'final' = $i"
        echo "tap done"
    done
} > "$work/visits.script"

# A screen of its own (no shared Xvfb lock): -displayfd prints the display number it took.
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3> "$work/display" 2> "$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { cat "$work/xvfb.log"; echo "FAIL: Xvfb did not start"; exit 1; }
export DISPLAY=":$(cat "$work/display")"

# Start the kiosk first: sync-now needs the database it makes.
"$kiosk" --test-sync-pace --config "$work/kiosk.toml" --script "$work/visits.script" \
    --screenshots "$work" > "$work/kiosk.log" 2>&1 &
kiosk_pid=$!
for _ in $(seq 100); do [ -s "$work/kiosk.db" ] && break; sleep 0.1; done
[ -s "$work/kiosk.db" ] || { cat "$work/kiosk.log"; echo "FAIL: the kiosk made no database"; exit 1; }
(
    while :; do "$kiosk" sync-now --config "$work/kiosk.toml" >> "$work/sync-now.log" 2>&1 || true; done
) &
loop_pid=$!
status=0
wait "$kiosk_pid" || status=$?
kill "$loop_pid" 2>/dev/null || true
wait "$loop_pid" 2>/dev/null || true
loop_pid=

runs=$(grep -c "^delivered " "$work/sync-now.log" || true)
tries=$(sqlite3 "$work/kiosk.db" "SELECT coalesce(sum(attempts), 0) FROM batches")
tail -n 20 "$work/kiosk.log"
echo "sync-now ran $runs times beside the kiosk; batches were tried $tries times against the down store"
[ "$status" -eq 0 ] || { echo "FAIL: the scripted visits did not all end in Thanks (kiosk exit $status)"; exit 1; }
if grep -q "Unable to write" "$work/kiosk.log"; then
    echo "FAIL: a tap's save failed (the citizen saw 'out of order'):"; grep "Unable to write" "$work/kiosk.log"; exit 1
fi
got=$(sqlite3 "$work/kiosk.db" "SELECT count(*) FROM ratings WHERE state = 'final' AND end_reason = 'completed'")
[ "$got" = "$visits" ] || { echo "FAIL: $got of $visits visits saved as completed"; exit 1; }
[ "$runs" -ge 10 ] || { echo "FAIL: sync-now ran only $runs times: the test proves nothing"; exit 1; }
echo "ok: $visits visits thanked and saved, never out of order"
