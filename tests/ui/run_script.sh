#!/bin/sh
# Runs one scripted visit in a real kiosk window on an X server of its own (with_xvfb.sh), then checks
# the database from outside the process (what is on disk after the kiosk has exited).
# Usage: run_script.sh KIOSK SCRIPT RENDERER SCREENSHOT_DIR CHECK_SQL [LANGUAGE]
# With LANGUAGE, @LANG@ in the script and the checks stands for it (one script serves every language).
set -eu
kiosk=$1 script=$2 renderer=$3 shots=$4 checks=$5 language=${6:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sed -e "s|^database = .*|database = \"$work/kiosk.db\"|" \
    -e "s|^renderer = .*|renderer = \"$renderer\"|" \
    "$here/../../firmware-config/kiosk.toml" > "$work/kiosk.toml"

sed "s/@LANG@/$language/g" "$script" > "$work/script"
sed "s/@LANG@/$language/g" "$checks" > "$work/checks"
script=$work/script checks=$work/checks
mkdir -p "$shots"
status=0
sh "$here/with_xvfb.sh" \
  "$kiosk" --config "$work/kiosk.toml" --script "$script" --screenshots "$shots" > "$work/log" 2>&1 || status=$?
cat "$work/log"
[ "$status" -eq 0 ] || { echo "FAIL: the kiosk exited with $status"; exit 1; }
# The kiosk names the renderer it drew with; a replay on the other one proves nothing about this one.
used=$(sed -n 's/.*; renderer \([a-z]*\)$/\1/p' "$work/log" | tail -n 1)
[ "$used" = "$renderer" ] || { echo "FAIL: the replay ran on the '${used:-unknown}' renderer, not '$renderer'"; exit 1; }

# Each line of the check file: EXPECTED<TAB>SQL
failed=0
while IFS='	' read -r expected sql; do
  case "$expected" in ''|'#'*) continue ;; esac
  got=$(sqlite3 "$work/kiosk.db" "$sql")
  if [ "$got" = "$expected" ]; then echo "ok: $sql = $got"; else echo "FAIL: $sql gave '$got', expected '$expected'"; failed=1; fi
done < "$checks"
exit $failed
