#!/bin/sh
# Proves the catalogue check fails where it must: for each kind of fault, the template and a copy of
# one catalogue with that fault, and nothing else (the check looks at each catalogue on its own, so
# the other 22 would only repeat what the clean-catalogue test already checks).
# Usage: check_catalogues_catches.sh SOURCE_DIR
set -u
src=$1 here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
expect_failure() {  # NAME GREP-PATTERN: run the check on $work/locales and expect the pattern in its output
  out=$(sh "$here/check_catalogues.sh" "$work/locales" 2>&1) && { echo "FAIL: $1 passed the check"; failed=1; return; }
  printf '%s\n' "$out" | grep -q "$2" && echo "ok: $1 is caught" || { echo "FAIL: $1: no '$2' in: $out"; failed=1; }
}
fresh() {  # LANG: the template and LANG's catalogue alone
  rm -rf "$work/locales"
  mkdir "$work/locales"
  cp "$src/locales/kiosk.pot" "$src/locales/$1.po" "$work/locales/"
}

fresh de
sed -i '/^msgid "Back"$/{n;s/^msgstr ".*"/msgstr ""/}' "$work/locales/de.po"
expect_failure "an untranslated entry" "de.po has 1 untranslated"

fresh fr
sed -i '0,/^msgctxt "button"/s//#, fuzzy\nmsgctxt "button"/' "$work/locales/fr.po"
expect_failure "a fuzzy entry" "fr.po has 1 fuzzy"

fresh pl
sed -i '/^msgstr/s/{1}/{2}/' "$work/locales/pl.po"
expect_failure "a changed placeholder" "pl.po: placeholders differ"

fresh it
awk 'BEGIN{skip=0} /^msgctxt "title"$/ && !done {getline id; if (id ~ /Choose your language/) {skip=1; done=1; getline; next} else {print; print id; next}} {print}' \
  "$src/locales/it.po" > "$work/locales/it.po"
expect_failure "a missing entry" "it.po lacks entries"

fresh hu
sed -i '/^msgid "Close"$/{n;s/^msgstr ".*"/msgstr "Close"/}' "$work/locales/hu.po"
expect_failure "English left in a catalogue" "hu.po still has English"
exit $failed
