#!/bin/sh
# Fails when a catalogue lacks a translation, has a fuzzy entry, keeps English text, or has placeholders
# ({1}, {2} …) that differ from the template's; and when locales/kiosk.pot is older than the sources.
# Usage: check_catalogues.sh LOCALES_DIR [SOURCE_DIR]   (with SOURCE_DIR, the template is checked too)
set -u
locales=$1 src=${2:-}
cd "$locales" || exit 2
failed=0
say() { echo "FAIL: $*"; failed=1; }

# The template must be what the sources say today.
if [ -n "$src" ]; then
  fresh=$(mktemp)
  (cd "$src" && sh cmake/extract_pot.sh "$fresh")
  cmp -s "$fresh" kiosk.pot || say "locales/kiosk.pot is out of date: run 'cmake --build build --target pot' and update the catalogues"
  rm -f "$fresh"
fi

for po in *.po; do
  lang=${po%.po}
  msgfmt --check-format -o /dev/null "$po" 2>&1 | grep -v 'warning' && say "$po does not compile"
  missing=$(msgcmp "$po" kiosk.pot 2>&1 | grep -v 'this message is not used')
  [ -z "$missing" ] || say "$po lacks entries of the template:
$missing"
  untranslated=$(msgattrib --untranslated --no-obsolete "$po" 2>/dev/null | grep -c '^msgid ' )
  [ "$untranslated" -le 1 ] || say "$po has $((untranslated - 1)) untranslated entries"  # 1: the header
  # Any fuzzy flag, the header's included (msgfmt would drop a fuzzy header's plural rules).
  fuzzy=$(grep -c '^#,.*fuzzy' "$po")
  [ "$fuzzy" -eq 0 ] || say "$po has $fuzzy fuzzy entries"
  # Placeholders: the same set in every translation (and in each plural form) as in the msgid.
  # msgattrib --no-wrap puts every string on one line, so awk can compare them.
  bad=$(msgattrib --no-wrap --no-obsolete "$po" | awk '
    function marks(s,   out, m) { out = ""; while (match(s, /\{[0-9]+\}/)) { m = substr(s, RSTART, RLENGTH); if (index(out, m) == 0) out = out m; s = substr(s, RSTART + RLENGTH) } return out }
    function sorted(s,   n, a, i, j, t, out) { n = split(s, a, "}"); for (i = 1; i < n; i++) for (j = i + 1; j < n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } out = ""; for (i = 1; i < n; i++) out = out a[i] "}"; return out }
    /^msgctxt/ { ctx = $0 }
    /^msgid / { id = substr($0, 7); want = sorted(marks(id)) }
    /^msgstr/ { s = $0; sub(/^msgstr(\[[0-9]+\])? /, "", s); if (id != "\"\"" && sorted(marks(s)) != want) print "  " ctx " " id ": translation has \"" sorted(marks(s)) "\", template \"" want "\"" }')
  [ -z "$bad" ] || say "$po: placeholders differ from the template:
$bad"
  # English left behind: a translation equal to the source, unless a translator said it is right.
  if [ "$lang" != en ]; then
    same=$(msgattrib --no-wrap --no-obsolete "$po" | awk '
      /^# same as English/ { ok = 1 }
      /^msgctxt/ { ctx = $0 }
      /^msgid / { id = substr($0, 7) }
      /^msgstr / { s = substr($0, 8); if (s == id && id != "\"\"" && !ok && ctx !~ /text-direction/) print "  " ctx " " id; ok = 0 }
      /^$/ { ok = 0 }')
    [ -z "$same" ] || say "$po still has English text:
$same"
  fi
done
count=$(ls *.po | wc -l)
[ $failed -eq 0 ] && echo "all $count catalogues complete, no fuzzy entries, placeholders match the template"
exit $failed
