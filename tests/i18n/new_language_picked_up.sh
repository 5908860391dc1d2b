#!/bin/sh
# A new .po file dropped into the locales folder becomes a language of the kiosk with no code change:
# the build compiles it, the kiosk lists it with its own name, and a configuration may enable it.
# Usage: new_language_picked_up.sh SOURCE_DIR KIOSK
set -eu
src=$1 kiosk=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/locales" "$work/locales"
# The fixture: a copy of the Dutch catalogue that calls itself Croatian (the mechanism is under test,
# not the words).
sed -e 's/^"Language: nl\\n"/"Language: hr\\n"/' -e 's/^msgstr "Nederlands"$/msgstr "Hrvatski"/' \
  "$src/locales/nl.po" > "$work/locales/hr.po"

cmake -S "$src" -B "$work/build" -G Ninja -DKIOSK_TESTS=OFF -DKIOSK_LOCALES_DIR="$work/locales" > "$work/cmake.log" 2>&1 \
  || { cat "$work/cmake.log"; exit 1; }
cmake --build "$work/build" --target locales > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

listed=$("$kiosk" languages --locale-dir "$work/build/locale")
echo "$listed"
echo "$listed" | grep -q "^hr	Hrvatski$" || { echo "FAIL: hr is not listed"; exit 1; }
before=$(ls "$src/locales"/*.po | wc -l)
after=$(echo "$listed" | wc -l)
[ "$after" -eq $((before + 1)) ] || { echo "FAIL: expected $((before + 1)) languages, found $after"; exit 1; }

sed -e 's/^enabled = \[/enabled = ["hr", /' "$src/firmware-config/kiosk.toml" > "$work/kiosk.toml"
"$kiosk" check-config "$work/kiosk.toml" --locale-dir "$work/build/locale"
echo "ok: a dropped-in hr.po is built, listed as Hrvatski and accepted by the configuration"
