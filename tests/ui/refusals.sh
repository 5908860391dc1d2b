#!/bin/sh
# What the kiosk refuses before it opens a window, each with exit 78 (systemd does not restart on it)
# and a message naming the file: a damaged catalogue, a file that is not its database, a tiny window.
# Usage: refusals.sh KIOSK LOCALE_DIR
set -eu
kiosk=$1 locales=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
expect() {  # expect STATUS WORDS -- command...
  want=$1 words=$2; shift 3
  status=0; "$@" > "$work/out" 2> "$work/err" || status=$?
  if [ "$status" -ne "$want" ] || ! grep -qF "$words" "$work/err"; then
    echo "FAIL: $*: exit $status (want $want), stderr:"; cat "$work/err"; failed=1
  else
    echo "ok: $* -> $status: $(grep -F "$words" "$work/err" | head -1)"
  fi
}
config="$work/kiosk.toml"
sed -e "s|^database = .*|database = \"$work/kiosk.db\"|" "$here/../../firmware-config/kiosk.toml" > "$config"

# A damaged catalogue: named with its file, the rest still listed, 78 everywhere.
cp -r "$locales" "$work/locale"
head -c 40 "$locales/de/LC_MESSAGES/kiosk.mo" > "$work/locale/de/LC_MESSAGES/kiosk.mo"
expect 78 "de/LC_MESSAGES/kiosk.mo" -- "$kiosk" --locale-dir "$work/locale" languages
grep -q "^nl	Nederlands" "$work/out" || { echo "FAIL: 'kiosk languages' no longer lists the good catalogues"; failed=1; }
expect 78 "the catalogue for 'de' is damaged: $work/locale/de/LC_MESSAGES/kiosk.mo" -- "$kiosk" --locale-dir "$work/locale" check-config "$config"
expect 78 "the catalogue for 'de' is damaged" -- "$kiosk" --locale-dir "$work/locale" --config "$config"

# The configuration file itself named as the database: refused, left byte for byte as it was.
sed -e "s|^database = .*|database = \"$work/self.toml\"|" "$config" > "$work/self.toml"
chmod 0644 "$work/self.toml"
before=$(sha256sum "$work/self.toml")
expect 78 "not a charter kiosk database" -- "$kiosk" check-config "$work/self.toml"
expect 78 "not a charter kiosk database" -- env SDL_VIDEODRIVER=offscreen "$kiosk" --config "$work/self.toml"
[ "$(sha256sum "$work/self.toml")" = "$before" ] || { echo "FAIL: the file was changed"; failed=1; }
[ "$(stat -c %a "$work/self.toml")" = 644 ] || { echo "FAIL: the file's mode was changed"; failed=1; }
[ "$(ls "$work" | grep -c self.toml)" = 1 ] || { echo "FAIL: files appeared beside it: $(ls "$work")"; failed=1; }

# A window too small for a visit, and a follow-up link too long for a QR code.
sed -e 's|^width = 0|width = 1|' -e 's|^height = 0|height = 1|' "$config" > "$work/tiny.toml"
expect 78 "display.width: 1x1 is smaller than a visit" -- "$kiosk" check-config "$work/tiny.toml"
long=$(head -c 5000 /dev/zero | tr '\0' a)
sed -e "s|^followup_url = .*|followup_url = \"https://example.org/$long?ref={ref}\"|" "$config" > "$work/long.toml"
expect 78 "a QR code on the screen can hold" -- "$kiosk" check-config "$work/long.toml"
exit $failed
