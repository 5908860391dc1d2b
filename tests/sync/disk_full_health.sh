#!/bin/sh
# Health reports a store that cannot write: a real kiosk-central on a SQLite ledger on a small tmpfs.
# Healthy and storing; the tmpfs filled: /v1/health is 503 with a problem saying the database cannot
# write; room made again: healthy and storing again. Needs to mount a tmpfs (root); where it cannot,
# the test is reported skipped (77).
# Usage: disk_full_health.sh BIN
BIN=$1 BACKEND=sqlite
. "$(dirname "$0")/lib.sh"

disk=$work/disk
mkdir -p "$disk"
if ! mount -t tmpfs -o size=24m tmpfs "$disk" 2>/dev/null; then
    echo "SKIP: cannot mount a tmpfs here (not root, or no mount rights)" >&2
    exit 77
fi
# Stop the store and unmount before lib.sh's cleanup removes $work.
trap 'st=$?; [ -n "${CENTRAL_PID:-}" ] && central_stop; umount "$disk" 2>/dev/null; (exit $st); cleanup' EXIT INT TERM

central_setup
sed -i "s|^database = .*|database = \"sqlite:$disk/central.db\"|" "$work/central.toml"
STORE_DATABASE=sqlite:$disk/central.db
"$central" migrate --config "$work/central.toml" >/dev/null
ADMIN_TOKEN=$("$central" admin-token --config "$work/central.toml" | tail -n 1)
central_start
"$tools/fleet_sim" --kiosks 1 --seed 5 enrol --store "$STORE_URL" --admin-token "$ADMIN_TOKEN" >/dev/null

# health: "CODE BODY" of GET /v1/health.
health() {
    curl -s -m 5 -o "$work/health.json" -w '%{http_code}' "$STORE_URL/v1/health" || echo "000"
    printf ' %s\n' "$(cat "$work/health.json" 2>/dev/null)"
}
# send_batch FIRST_SEQ: one batch of 10 ratings, tried once; the fleet_sim's exit status.
send_batch() {
    "$tools/fleet_sim" --kiosks 1 --seed 5 send --store "$STORE_URL" --store-key "$STORE_KEY" --batches 1 \
        --ratings 10 --first-seq "$1" --max-attempts 1 >>"$work/send.out" 2>&1
}

answer=$(health)
echo "room to write: $answer"
case "$answer" in 200*'"database":"ok"'*) ;; *) fail "health is not 200 ok on an empty disk: $answer" ;; esac
send_batch 1 || fail "a batch was not stored with room on the disk: $(tail -n 5 "$work/send.out")"

dd if=/dev/zero of="$disk/fill" bs=1M >/dev/null 2>&1 || true
dd if=/dev/zero of="$disk/fill-rest" bs=4k >/dev/null 2>&1 || true
echo "disk filled: $(df -k "$disk" | tail -n 1)"
answer=$(health)
echo "disk full: $answer"
case "$answer" in 503*) ;; *) fail "health answered '$answer' on a full disk, not 503" ;; esac
case "$answer" in *'"database":"cannot-write"'*) ;; *) fail "the problem does not say the database cannot write: $answer" ;; esac
case "$answer" in *'application/problem'*|*'database-unavailable'*) ;; *) fail "not a problem: $answer" ;; esac
status=0
send_batch 11 || status=$?
echo "a batch on the full disk: fleet_sim exit $status ($(grep -o 'status[^,]*503[^,]*' "$work/send.out" | head -n 1))"

rm -f "$disk/fill" "$disk/fill-rest"
answer=$(health)
echo "room again: $answer"
case "$answer" in 200*'"database":"ok"'*) ;; *) fail "health is not 200 ok once there is room again: $answer" ;; esac
send_batch 21 || fail "a batch was not stored once there was room again: $(tail -n 5 "$work/send.out")"
echo "store: $(store_sql "SELECT count(*) FROM ratings") ratings"
