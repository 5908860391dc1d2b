#!/usr/bin/env bash
# The kiosk beside a browser kiosk (Debian's Chromium in --kiosk mode on an equivalent static welcome
# page), both under Xvfb at 1920x1080, in one run. Prints for each: idle CPU on Welcome, PSS summed over
# all its processes, start to first frame (first paint for the browser); for the kiosk also the font
# atlas, and tap-to-durable-write latency (median, p99). Installs Chromium and python3 if missing.
# Usage: bench/run_benchmark.sh [IDLE_SECONDS]      (default 60, at least 20; see docs/performance.md)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
idle_seconds=${1:-60}
settle_seconds=5

bash "$here/packaging/setup.sh" build
for p in chromium python3; do
  command -v "$p" >/dev/null || { echo "bench: installing $p"; sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_=sudo
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -q --no-install-recommends "$p" >/dev/null; }
done

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.5; rm -rf "$work"; }
trap cleanup EXIT

now_ms() { date +%s%3N; }
descendants() {  # PID and every process below it
  ps -e -o pid=,ppid= | awk -v root="$1" '{ parent[$1] = $2 } END {
    keep[root] = 1; changed = 1
    while (changed) { changed = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 } }
    for (p in keep) print p }'
}
cpu_ns() {  # CPU time in nanoseconds, summed over every thread of every process of the tree
  local total=0 t
  for p in $(descendants "$1"); do
    t=$(cat /proc/"$p"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d", s }') || continue
    total=$((total + ${t:-0}))
  done
  echo $total
}
pss_kb() {
  local total=0 k
  for p in $(descendants "$1"); do
    k=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null) || continue
    total=$((total + ${k:-0}))
  done
  echo $total
}
process_count() { descendants "$1" | wc -l; }
wait_for_file() { for _ in $(seq 1 600); do [ -s "$1" ] && return 0; sleep 0.05; done; echo "bench: timed out waiting for $1" >&2; return 1; }
idle_cpu_percent() {  # PID: CPU % of one core over idle_seconds
  local a b
  a=$(cpu_ns "$1"); sleep "$idle_seconds"; b=$(cpu_ns "$1")
  awk -v d=$((b - a)) -v s="$idle_seconds" 'BEGIN { printf "%.3f", 100 * d / 1e9 / s }'
}
start_xvfb() {  # prints the display number
  Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$work/display.$1" >/dev/null 2>&1 &
  pids+=($!)
  wait_for_file "$work/display.$1"
  cat "$work/display.$1"
}

# ---- the kiosk, software renderer, all 23 languages (the default configuration) -----------------------
sed -e "s|^database = .*|database = \"$work/kiosk.db\"|" -e 's|^renderer = .*|renderer = "software"|' \
  "$here/firmware-config/kiosk.toml" > "$work/kiosk.toml"
display=$(start_xvfb kiosk)
launch=$(now_ms)
KIOSK_FIRST_FRAME_FILE="$work/kiosk.first" DISPLAY=":$display" "$here/build/kiosk" --config "$work/kiosk.toml" \
  > "$work/kiosk.log" 2>&1 &
kiosk=$!
pids+=($kiosk)
wait_for_file "$work/kiosk.first"
kiosk_first=$(( $(cat "$work/kiosk.first") - launch ))
sleep "$settle_seconds"
kiosk_cpu=$(idle_cpu_percent $kiosk)
kiosk_pss=$(pss_kb $kiosk)
kiosk_procs=$(process_count $kiosk)
kill $kiosk; wait $kiosk 2>/dev/null || true
atlas=$(grep -o 'font atlas [0-9x]*, [0-9]* glyphs at [0-9]* sizes' "$work/kiosk.log" | sed 's/font atlas //')

# Tap to durable write: 40 visits of 5 taps, each rating saved at every tap (synchronous=FULL).
{
  echo "wait-for welcome"
  for _ in $(seq 1 40); do
    printf 'tap language-nl\nwait-for service\ntap service-moving\nwait-for grade\ntap grade-8\nwait-for norm\n'
    printf 'tap face-4\nwait-for norm\ntap face-5\nwait-for norm\ntap face-3\nwait-for thanks\ntap done\nwait-for welcome\n'
  done
} > "$work/taps.script"
rm -f "$work/kiosk.db"*
KIOSK_TAP_LATENCY_FILE="$work/latency" DISPLAY=":$display" "$here/build/kiosk" --config "$work/kiosk.toml" \
  --script "$work/taps.script" > "$work/taps.log" 2>&1
saves=$(wc -l < "$work/latency")
read -r lat_median lat_p99 < <(sort -n "$work/latency" | awk '{ v[NR] = $1 } END {
  m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.99 + 0.999)]; printf "%.2f %.2f\n", m / 1000, p / 1000 }')
ratings=$(sqlite3 "$work/kiosk.db" "SELECT count(*) FROM ratings WHERE state = 'final'")

# ---- the browser kiosk ---------------------------------------------------------------------------------
port=$((20000 + RANDOM % 20000))
python3 "$here/bench/page_server.py" "$port" "$here/bench/welcome.html" "$work/browser.first" &
pids+=($!)
sleep 0.5
display=$(start_xvfb browser)
launch=$(now_ms)
DISPLAY=":$display" chromium --kiosk --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$work/chromium" \
  --window-size=1920,1080 --window-position=0,0 "http://127.0.0.1:$port/" > "$work/chromium.log" 2>&1 &
browser=$!
pids+=($browser)
wait_for_file "$work/browser.first"
browser_first=$(awk -v t="$(cat "$work/browser.first")" -v l="$launch" 'BEGIN { printf "%d", t - l }')
sleep "$settle_seconds"
browser_cpu=$(idle_cpu_percent $browser)
browser_pss=$(pss_kb $browser)
browser_procs=$(process_count $browser)
kill $browser; wait $browser 2>/dev/null || true

# ---- report --------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
verdict() { awk -v r="$1" -v limit="$2" 'BEGIN { print (r != "n/a" && r <= limit) ? "met" : "NOT met" }'; }
pss_ratio=$(ratio "$kiosk_pss" "$browser_pss")
cpu_ratio=$(ratio "$kiosk_cpu" "$browser_cpu")
first_ratio=$(ratio "$kiosk_first" "$browser_first")
cat <<REPORT

Benchmark $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, Xvfb 1920x1080, idle window ${idle_seconds} s after ${settle_seconds} s
                               kiosk (software)     chromium --kiosk     kiosk/browser   target
processes                      $(printf '%-20s %-20s' "$kiosk_procs" "$browser_procs")
PSS, all processes             $(printf '%-20s %-20s %-15s' "$((kiosk_pss / 1024)) MB" "$((browser_pss / 1024)) MB" "$pss_ratio") <= 0.100 $(verdict "$pss_ratio" 0.1)
idle CPU on Welcome            $(printf '%-20s %-20s %-15s' "$kiosk_cpu %" "$browser_cpu %" "$cpu_ratio") <= 0.250 $(verdict "$cpu_ratio" 0.25)
start to first frame / paint   $(printf '%-20s %-20s %-15s' "$kiosk_first ms" "$browser_first ms" "$first_ratio") <= 0.333 $(verdict "$first_ratio" 0.3334)
tap to durable write           median $lat_median ms, p99 $lat_p99 ms over $saves saves ($ratings ratings final)
font atlas, 23 languages       $atlas
REPORT
