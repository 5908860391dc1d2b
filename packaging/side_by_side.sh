#!/usr/bin/env bash
# A kiosk and a central store side by side on this machine (called by `packaging/setup.sh side-by-side`
# after the build): a kiosk-central on http://127.0.0.1:PORT with a SQLite file, the kiosk enrolled with
# it, and the kiosk in a window sending each finished rating to it. Everything lives in one folder
# (default ~/.local/state/charter-kiosk-side-by-side); a second start reuses it. Closing the kiosk
# (Escape) stops the store. Then: `build/central/kiosk-central fleet --config DIR/central.toml` and
# `... export --config DIR/central.toml` show what arrived.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$here/build
dir=${SIDE_BY_SIDE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/charter-kiosk-side-by-side}
port=${SIDE_BY_SIDE_PORT:-8480}
central=$build/central/kiosk-central
mkdir -p "$dir"
chmod 700 "$dir"

if [ ! -f "$dir/central.toml" ]; then
    cat >"$dir/central.toml" <<EOF
# A store for trying the kiosk out on one machine: plain HTTP on loopback, a SQLite file beside this one.
store_id = "side-by-side"
database = "sqlite:$dir/central.db"
key_file = "central.key"
[listen]
host = "127.0.0.1"
port = $port
EOF
fi
store_key=$("$central" init --config "$dir/central.toml" | tail -n 1)
"$central" migrate --config "$dir/central.toml" >/dev/null

if [ ! -f "$dir/kiosk.toml" ]; then
    sed -e "s|^database = .*|database = \"$dir/kiosk.db\"|" "$here/firmware-config/kiosk.toml" >"$dir/kiosk.toml"
    cat >>"$dir/kiosk.toml" <<EOF

[sync]
url = "http://127.0.0.1:$port"
store_public_key = "$store_key"
EOF
fi
code=$("$build/kiosk" enrolment-code --config "$dir/kiosk.toml" | tail -n 1)
"$central" enrol --config "$dir/central.toml" "$code" 2>/dev/null || true # enrolled at an earlier start

"$central" serve --config "$dir/central.toml" 2>"$dir/central.log" &
store=$!
trap 'kill $store 2>/dev/null; wait $store 2>/dev/null || true' EXIT
echo "side-by-side: the store listens on http://127.0.0.1:$port (log: $dir/central.log)"
echo "side-by-side: after a rating: $central fleet --config $dir/central.toml"

run=("$build/kiosk" --config "$dir/kiosk.toml" --windowed)
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "side-by-side: no graphical session (DISPLAY is not set); the kiosk runs on a virtual screen." >&2
    run=(xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" "${run[@]}")
fi
"${run[@]}"
