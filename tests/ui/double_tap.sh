#!/bin/sh
# A double tap through the real input path (X11 clicks from xdotool into the real kiosk window on an X
# server of its own): the second tap, DELAY ms after the first, must not answer the question that comes
# next. In real time throughout: the clicks' timing is what is under test.
# Usage: double_tap.sh KIOSK DELAY_MS
set -eu
kiosk=$1 delay=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v xdotool > /dev/null || { echo "xdotool is missing (packaging/setup.sh installs it)"; exit 1; }

sed -e "s|^database = .*|database = \"$work/kiosk.db\"|" -e 's|^renderer = .*|renderer = "software"|' \
    -e 's|^services = .*|services = ["passport"]|' "$here/../../firmware-config/kiosk.toml" > "$work/kiosk.toml"

cat > "$work/run.sh" <<SCRIPT
set -eu
# Where the targets stand: a scripted run on its own database prints them.
cat > "$work/where.script" <<'STEPS'
wait-for welcome
print-target grade-8
tap grade-8
wait-for norm
print-target face-4
quit
STEPS
sed "s|$work/kiosk.db|$work/where.db|" "$work/kiosk.toml" > "$work/where.toml"
"$kiosk" --config "$work/where.toml" --script "$work/where.script" > "$work/where.log" 2>&1
at() { grep "^target \$1 " "$work/where.log" | cut -d' ' -f3-; }

"$kiosk" --config "$work/kiosk.toml" --first-frame-file "$work/up" > "$work/kiosk.log" 2>&1 &
pid=\$!
for i in \$(seq 100); do [ -s "$work/up" ] && break; sleep 0.1; done
[ -s "$work/up" ] || { echo "FAIL: no first frame within 10 s (--first-frame-file)"; kill \$pid; exit 1; }
sleep 0.5
xdotool mousemove \$(at grade-8) click --repeat 2 --delay $delay 1
sleep 1.5
xdotool mousemove \$(at face-4) click --repeat 2 --delay $delay 1
sleep 1.5
kill -TERM \$pid
wait \$pid
SCRIPT
sh "$here/with_xvfb.sh" sh "$work/run.sh"
cat "$work/kiosk.log"

got=$(sqlite3 "$work/kiosk.db" "SELECT count(*) || ' ' || grade FROM ratings")
answers=$(sqlite3 "$work/kiosk.db" "SELECT group_concat(norm_id || '=' || value) FROM answers")
first_norm=$(sqlite3 "$work/kiosk.db" "SELECT substr(planned_norms, 1, instr(planned_norms || ',', ',') - 1) FROM ratings")
echo "double tap $delay ms apart: rating '$got', answers '$answers' (first norm $first_norm)"
[ "$got" = "1 8" ] || { echo "FAIL: expected one rating with grade 8"; exit 1; }
[ "$answers" = "$first_norm=4" ] || { echo "FAIL: expected only the first norm answered (with 4), got '$answers'"; exit 1; }
echo "ok"
