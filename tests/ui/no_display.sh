#!/bin/sh
# No display (DISPLAY unset, or an X server that is not up yet at boot): the kiosk must not run unseen
# on SDL's offscreen driver. It exits non-zero within seconds and says why, so systemd restarts it.
set -eu
kiosk=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -e "s|^database = .*|database = \"$work/kiosk.db\"|" "$(dirname "$0")/../../firmware-config/kiosk.toml" > "$work/kiosk.toml"
failed=0
for display in unset :97; do
  status=0
  if [ "$display" = unset ]; then
    env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER timeout 10 "$kiosk" --config "$work/kiosk.toml" > "$work/log" 2>&1 || status=$?
  else
    env -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER DISPLAY=$display timeout 10 "$kiosk" --config "$work/kiosk.toml" > "$work/log" 2>&1 || status=$?
  fi
  cat "$work/log"
  if [ "$status" -eq 0 ] || [ "$status" -eq 124 ]; then
    echo "FAIL: DISPLAY=$display: exit status $status (124: still running after 10 s)"; failed=1
  elif ! grep -q "Unable to open a display" "$work/log"; then
    echo "FAIL: DISPLAY=$display: the log does not say 'Unable to open a display'"; failed=1
  else
    echo "ok: DISPLAY=$display: exit status $status"
  fi
done
exit $failed
