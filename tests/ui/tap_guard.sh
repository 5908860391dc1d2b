#!/bin/sh
# The tap guard holds in real time: a tap on a screen that has been in view for less than
# survey.tap_guard_ms is refused, and the same tap once the guard has passed counts. The other replays
# move the kiosk's clock past the guard instead of waiting for it; this one shows that the kiosk, not
# the player, enforces it (tap-guard.script turns the player's pacing off).
# Usage: tap_guard.sh KIOSK
set -eu
kiosk=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 500 ms, the most the configuration allows: the refused tap comes a frame or two after its screen,
# far inside the guard even on a loaded machine.
sed -e "s|^database = .*|database = \"$work/kiosk.db\"|" -e 's|^renderer = .*|renderer = "software"|' \
    -e 's|^tap_guard_ms = .*|tap_guard_ms = 500|' "$here/../../firmware-config/kiosk.toml" > "$work/kiosk.toml"
grep -q '^tap_guard_ms = 500$' "$work/kiosk.toml" || { echo "FAIL: no tap_guard_ms line in kiosk.toml to set"; exit 1; }

status=0
sh "$here/with_xvfb.sh" "$kiosk" --config "$work/kiosk.toml" --script "$here/tap-guard.script" \
    --tap-latency-file "$work/saves" > "$work/log" 2>&1 || status=$?
cat "$work/log"
[ "$status" -eq 0 ] || { echo "FAIL: the kiosk exited with $status"; exit 1; }
# One tap-to-durable time per save: the grade and the service, nothing for the refused tap.
saves=$(wc -l < "$work/saves")
[ "$saves" -eq 2 ] || { echo "FAIL: $saves saves timed (--tap-latency-file), expected 2"; exit 1; }
echo "ok: a tap inside the guard was refused, the same tap after it counted; 2 saves timed"
