#!/usr/bin/env bash
# The kiosk beside a browser kiosk (Debian's Chromium in --kiosk mode on an equivalent static welcome
# page), both under Xvfb at 1920x1080, in one run. Prints for each: idle CPU on Welcome, PSS summed over
# all its processes, start to first frame (first paint for the browser); for the kiosk also the font
# atlas, and tap-to-durable-write latency (median, p99) at full speed and with the kiosk held to a fifth
# of one core (a stand-in for a slow board). The kiosk runs as it does in service, with a [sync] table:
# it sends its ratings to a real kiosk-central started here on loopback over HTTPS (a test CA, the
# store's key pinned). Installs Chromium and python3 if missing. Ends every process it started, on
# success, on error and on Ctrl-C/SIGTERM, and exits non-zero if one survived.
# Usage: bench/run_benchmark.sh [IDLE_SECONDS]      (default 60, at least 20; see docs/performance.md)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
idle_seconds=${1:-60}
if ! [[ $idle_seconds =~ ^[0-9]+$ ]] || [ "$idle_seconds" -lt 20 ]; then
  echo "usage: $0 [IDLE_SECONDS]   (a whole number, at least 20)" >&2; exit 64
fi
settle_seconds=5
tap_deadline_seconds=600      # a scripted run that takes longer has hung; it is ended and reported
# A fifth of one core. The period is 10 ms, not the kernel's default 100 ms: with 100 ms a throttled
# kiosk could sit out 80 ms at once, which measures the throttling, not a slow CPU; with 10 ms it
# waits at most 8 ms, closer to a board that is uniformly five times slower.
cpu_share_percent=20
cpu_period_us=10000
cpu_quota_us=$((cpu_period_us * cpu_share_percent / 100))

bash "$here/packaging/setup.sh" build
install_missing() {
  local p sudo_=""
  [ "$(id -u)" -eq 0 ] || sudo_=sudo
  for p in "$@"; do
    command -v "$p" >/dev/null && continue
    echo "bench: installing $p"
    # A fresh image has no package lists yet: update once and try again.
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -q --no-install-recommends "$p" >/dev/null ||
      { $sudo_ apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -q --no-install-recommends "$p" >/dev/null; }
  done
}
install_missing chromium python3

# ---- processes: every one is started in a session of its own and ended with everything it started --
work=$(mktemp -d)
run_tag=$$.$(date +%s%N)      # in the environment of everything started, to find what left the tree
started=()                    # PIDs the benchmark started (session leaders), in order
seen=()                       # "PID:start time" of every process ended, to prove at the end none lives
declare -A stopped=()         # PIDs stop has ended
last_pid=""                   # PID of the last launch (launch runs in this shell, not in $(...))
sleeper=""                    # the sleep of an interruptible pause
cgroup_dir=""                 # the CPU-limit cgroup while it exists
cgroup_enabled_in=""          # a cgroup v2 parent whose subtree_control we switched cpu on in

say() { echo "bench: $(date +%T) $*" >&2; }
now_ms() { date +%s%3N; }
start_time() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $20 }'; }
alive() {  # PID [START TIME]: running (not a zombie), and the same process if a start time is given
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $1 }') || return 1
  [ -n "$state" ] && [ "$state" != Z ] && { [ -z "${2:-}" ] || [ "$(start_time "$1")" = "$2" ]; }
}
descendants() {  # PID and every process below it
  ps -e -o pid=,ppid= | awk -v root="$1" '{ parent[$1] = $2 } END {
    keep[root] = 1; changed = 1
    while (changed) { changed = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 } }
    for (p in keep) print p }'
}
tagged() {  # TAG: live processes whose environment carries it (Chromium's crash handler double-forks
            # into a session of its own, so neither the tree nor the session finds it)
  grep -lzF "KIOSK_BENCH_PROCESS=$1" /proc/[0-9]*/environ 2>/dev/null | sed 's|^/proc/||; s|/environ$||' || true
}
launch() {  # LOG COMMAND...: starts COMMAND in the background in a new session; its PID is last_pid
  local log=$1; shift
  # setsid does not fork here (a background job of a script is never a process-group leader), so $!
  # is COMMAND itself. The tag is fixed before the PID is known, so it numbers the launch.
  KIOSK_BENCH_PROCESS="$run_tag/${#started[@]}/" setsid "$@" > "$log" 2>&1 &
  last_pid=$!
  started+=("$last_pid")
  seen+=("$last_pid:$(start_time "$last_pid")")
}
members() {  # PID: what to end with a launched process: its session, its tree, whatever carries its tag
  local i tag=""
  for i in "${!started[@]}"; do [ "${started[$i]}" != "$1" ] || tag="$run_tag/$i/"; done
  { pgrep -s "$1" || true; descendants "$1"; [ -z "$tag" ] || tagged "$tag"; } | sort -un
}
live_members() {  # PID: "PID:start time" of each live member, so a reused PID is never taken for it
  local p
  for p in $(members "$1"); do alive "$p" && echo "$p:$(start_time "$p")"; done
  return 0
}
still_alive() {  # "PID:start time"...: those still running
  local entry
  for entry in "$@"; do alive "${entry%%:*}" "${entry#*:}" && echo "$entry"; done
  return 0
}
wait_gone() {  # MILLISECONDS "PID:start time"...: until none runs, or the time is up
  local deadline=$(( $(now_ms) + $1 )); shift
  while [ -n "$(still_alive "$@")" ] && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.1; done
}
signal() {  # SIGNAL "PID:start time"...
  local sig=$1 entry; shift
  for entry in "$@"; do kill "-$sig" "${entry%%:*}" 2>/dev/null || true; done
}
stop() {  # PID: ends PID and its members, gently first, and reaps PID; once per PID
  local pid=$1 name victims=() left=()
  [ -z "${stopped[$pid]:-}" ] || return 0
  stopped[$pid]=1
  name=$(ps -o comm= -p "$pid" 2>/dev/null) || name="exited"
  # Listed before any signal: a browser's children vanish within milliseconds of the browser's TERM.
  mapfile -t victims < <(live_members "$pid")
  seen+=("${victims[@]}")
  # The leader first, so it ends and reaps its own children (orphans would linger as zombies of PID 1).
  if alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; else signal TERM "${victims[@]}"; fi
  wait_gone 3000 "${victims[@]}"
  mapfile -t left < <({ still_alive "${victims[@]}"; live_members "$pid"; } | sort -u)  # and any new
  seen+=("${left[@]}")
  signal TERM "${left[@]}"
  wait_gone 2000 "${left[@]}"
  signal KILL "${left[@]}"
  wait "$pid" 2>/dev/null || true
  wait_reaped 2000 "${victims[@]}"
  [ ${#victims[@]} -eq 0 ] || say "ended $pid ($name): ${#victims[@]} processes$([ ${#left[@]} -eq 0 ] || echo ", ${#left[@]} of them signalled one by one")"
}
wait_reaped() {  # MILLISECONDS "PID:start time"...: until their zombies are gone too (tidy ps output)
  local deadline=$(( $(now_ms) + $1 )) entry; shift
  for entry in "$@"; do
    while [ "$(start_time "${entry%%:*}")" = "${entry#*:}" ] && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.1; done
  done
}
pause() {  # SECONDS: a sleep that Ctrl-C/SIGTERM interrupts at once (bash runs traps only between commands)
  sleep "$1" & sleeper=$!
  wait "$sleeper"
  sleeper=""
}
wait_for_file() {  # FILE PID: until FILE has content; fails if PID exits first or after 30 s
  for _ in $(seq 1 600); do
    [ -s "$1" ] && return 0
    alive "$2" || { echo "bench: process $2 exited before writing $1" >&2; return 1; }
    sleep 0.05
  done
  echo "bench: timed out waiting for $1" >&2; return 1
}
wait_for_exit() {  # PID SECONDS: PID's exit status; 124 (after ending it) if it runs longer
  local status=0 deadline=$(( $(date +%s) + $2 ))
  while alive "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || { stop "$1"; return 124; }
    sleep 0.1
  done
  wait "$1" || status=$?
  return "$status"
}
nothing_left() {  # prints and checks that no process the benchmark started or ended is alive
  local entry survivors=() count
  for entry in "${seen[@]}"; do alive "${entry%%:*}" "${entry#*:}" && survivors+=("${entry%%:*}"); done
  mapfile -t -O "${#survivors[@]}" survivors < <(tagged "$run_tag/")
  count=$(printf '%s\n' "${seen[@]}" | sort -u | wc -l)
  if [ ${#survivors[@]} -eq 0 ]; then
    echo "bench: none of the $count processes (${#started[@]} started, the rest their children) is alive"
    return 0
  fi
  echo "bench: STILL RUNNING after the benchmark:" >&2
  ps -o pid=,args= -p "$(printf '%s\n' "${survivors[@]}" | sort -un | paste -sd,)" >&2 || true
  return 1
}
on_exit() {
  local status=$? i
  trap '' INT TERM   # a second Ctrl-C must not cut the clean-up short
  set +e
  [ -z "$sleeper" ] || { kill "$sleeper" 2>/dev/null; wait "$sleeper" 2>/dev/null; }
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do stop "${started[$i]}"; done
  remove_cpu_limit
  nothing_left || status=1
  if [ "$status" -ne 0 ] && [ "$status" -ne 130 ] && [ "$status" -ne 143 ]; then
    echo "bench: failed (status $status); logs: $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- the CPU limit: cgroup v2 cpu.max, else cgroup v1 cpu controller, else systemd-run ---------------
limit_wrapper=()   # the command in front of the kiosk that puts it under the limit from its start
limit_how=""       # which mechanism and period, for the report
limit_why=""       # why each one was not possible
write_control() {  # FILE VALUE: writes a cgroup control file; on failure adds the reason to limit_why
  local error
  error=$( { printf '%s\n' "$2" > "$1"; } 2>&1 ) && return 0
  limit_why+="cannot write '$2' to $1 (${error##*: }); "
  return 1
}
make_cgroup() {  # DIR: creates the benchmark's cgroup; cleaned up by remove_cpu_limit
  local error
  error=$(mkdir "$1" 2>&1) || { limit_why+="cannot create $1 (${error##*: }); "; return 1; }
  cgroup_dir=$1
}
in_cgroup_wrapper() {  # sets limit_wrapper to a shell that joins cgroup_dir, then execs the kiosk
  # shellcheck disable=SC2016  # $$ and $@ belong to the inner shell
  limit_wrapper=(sh -c 'echo $$ > "$1" || exit 125; shift; exec "$@"' in-cgroup "$cgroup_dir/cgroup.procs")
}
limit_cgroup_v2() {
  local mount rel parent
  mount=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
  [ -n "$mount" ] || { limit_why+="cgroup v2: not mounted; "; return 1; }
  rel=$(sed -n 's/^0:://p' /proc/self/cgroup)
  parent=${mount%/}${rel%/}
  grep -qw cpu "$parent/cgroup.controllers" 2>/dev/null ||
    { limit_why+="cgroup v2: no cpu controller in $parent (bound to v1, or not delegated); "; return 1; }
  if ! grep -qw cpu "$parent/cgroup.subtree_control"; then
    write_control "$parent/cgroup.subtree_control" +cpu || return 1
    cgroup_enabled_in=$parent
  fi
  make_cgroup "$parent/kiosk-bench.$$" || return 1
  write_control "$cgroup_dir/cpu.max" "$cpu_quota_us $cpu_period_us" || return 1
  in_cgroup_wrapper
  limit_how="cgroup v2 $cgroup_dir/cpu.max = $cpu_quota_us $cpu_period_us"
}
limit_cgroup_v1() {
  local mount rel
  mount=$(awk '$3 == "cgroup" && $4 ~ /(^|,)cpu(,|$)/ { print $2; exit }' /proc/mounts)
  [ -n "$mount" ] || { limit_why+="cgroup v1: no cpu controller mounted; "; return 1; }
  rel=$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ { print $3; exit }' /proc/self/cgroup)
  make_cgroup "${mount%/}${rel%/}/kiosk-bench.$$" || return 1
  # The period first: a quota above the old period's worth would be refused otherwise.
  write_control "$cgroup_dir/cpu.cfs_period_us" "$cpu_period_us" || return 1
  write_control "$cgroup_dir/cpu.cfs_quota_us" "$cpu_quota_us" || return 1
  in_cgroup_wrapper
  limit_how="cgroup v1 $cgroup_dir, cpu.cfs_quota_us $cpu_quota_us per cpu.cfs_period_us $cpu_period_us"
}
limit_systemd() {
  local user=() error
  [ -d /run/systemd/system ] || { limit_why+="systemd-run: systemd is not running; "; return 1; }
  [ "$(id -u)" -eq 0 ] || user=(--user)
  limit_wrapper=(systemd-run "${user[@]}" --scope --quiet -p "CPUQuota=$cpu_share_percent%"
    -p "CPUQuotaPeriodSec=$((cpu_period_us / 1000))ms" --)
  error=$("${limit_wrapper[@]}" true 2>&1) ||
    { limit_why+="systemd-run: ${error:-failed}; "; limit_wrapper=(); return 1; }
  limit_how="systemd-run ${user[*]} --scope -p CPUQuota=$cpu_share_percent% -p CPUQuotaPeriodSec=$((cpu_period_us / 1000))ms"
}
set_up_cpu_limit() {
  limit_cgroup_v2 && return 0
  remove_cpu_limit
  limit_cgroup_v1 && return 0
  remove_cpu_limit
  limit_systemd
}
throttling() {  # "throttled in N of M periods", read from the cgroup before it goes
  [ -n "$cgroup_dir" ] || return 0
  awk '{ v[$1] = $2 } END { if ("nr_periods" in v) printf ", throttled in %d of %d periods", v["nr_throttled"], v["nr_periods"] }' \
    "$cgroup_dir/cpu.stat" 2>/dev/null || true
}
remove_cpu_limit() {  # the cgroup is empty once the kiosk is reaped; rmdir may still race its exit
  if [ -n "$cgroup_dir" ]; then
    for _ in $(seq 1 50); do rmdir "$cgroup_dir" 2>/dev/null && break; sleep 0.1; done
    if [ -d "$cgroup_dir" ]; then echo "bench: could not remove $cgroup_dir" >&2; else cgroup_dir=""; fi
  fi
  if [ -n "$cgroup_enabled_in" ]; then
    { echo -cpu > "$cgroup_enabled_in/cgroup.subtree_control"; } 2>/dev/null || true
    cgroup_enabled_in=""
  fi
  limit_wrapper=()
}

# ---- measurements ---------------------------------------------------------------------------------
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
measure_idle_cpu() {  # PID: sets idle_cpu, CPU % of one core over idle_seconds
  local a b
  a=$(cpu_ns "$1"); pause "$idle_seconds"; b=$(cpu_ns "$1")
  idle_cpu=$(awk -v d=$((b - a)) -v s="$idle_seconds" 'BEGIN { printf "%.3f", 100 * d / 1e9 / s }')
}
start_xvfb() {  # NAME: starts an X server; sets display and xvfb_pid
  launch "$work/xvfb.$1.log" Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$work/display.$1"
  xvfb_pid=$last_pid
  wait_for_file "$work/display.$1" "$xvfb_pid"
  display=$(cat "$work/display.$1")
}
verdict() { awk -v r="$1" -v limit="$2" 'BEGIN { print (r != "n/a" && r <= limit) ? "met" : "NOT met" }'; }
tap_run() {  # NAME [WRAPPER...]: the tap script on a fresh kiosk; sets tap_summary and tap_p99
  local name=$1 status=0 saves final median p99; shift
  new_kiosk "$name"
  launch "$work/$name.log" "$@" env DISPLAY=":$display" \
    "$here/build/kiosk" --config "$work/$name/kiosk.toml" --script "$work/taps.script" --tap-latency-file "$work/$name.latency"
  wait_for_exit "$last_pid" "$tap_deadline_seconds" || status=$?
  tap_p99=n/a
  if [ "$status" -ne 0 ] || [ ! -s "$work/$name.latency" ]; then
    local why
    if [ "$status" -eq 124 ]; then why="ran over ${tap_deadline_seconds} s"; else why=$(tail -n 1 "$work/$name.log"); fi
    tap_summary="failed: the kiosk exited with status $status ($why)"
    tap_failed=1
    return 0
  fi
  saves=$(wc -l < "$work/$name.latency")
  read -r median p99 < <(sort -n "$work/$name.latency" | awk '{ v[NR] = $1 } END {
    m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.99 + 0.999)]; printf "%.2f %.2f\n", m / 1000, p / 1000 }')
  final=$(sqlite3 "$work/$name/kiosk.db" "SELECT count(*) FROM ratings WHERE state = 'final'")
  tap_summary="median $median ms, p99 $p99 ms, $saves saves, $final final"
  tap_p99=$p99
}
tap_failed=0

# ---- the central store the kiosk sends to -----------------------------------------------------------
# A real kiosk-central, not a stub that answers 200: the kiosk does here what it does in service (a TLS
# handshake with the chain, the host name and the pin checked, a signed batch, a receipt verified, the
# batch marked delivered), so its memory and its taps carry the sync worker's real work. HTTPS rather
# than the http the kiosk allows on loopback: a kiosk in service reaches its store over TLS, and plain
# http would leave the TLS code unused. The store runs outside the kiosk's process tree and CPU limit,
# as a store on another machine would.
central="$here/build/central/kiosk-central"
sh "$here/tests/sync/make_test_ca.sh" "$work/ca" >/dev/null
cat > "$work/central.toml" <<EOF
store_id = "bench"
database = "sqlite:$work/central.db"
key_file = "$work/central.key"
tls_certificate = "$work/ca/server.pem"
tls_key = "$work/ca/server.key"
[listen]
host = "127.0.0.1"
port = 0
EOF
store_key=$("$central" init --config "$work/central.toml" | tail -n 1)
"$central" migrate --config "$work/central.toml" >/dev/null
launch "$work/central.log" "$central" serve --config "$work/central.toml"
store=$last_pid
store_url=""
for _ in $(seq 1 300); do
  store_url=$(sed -n 's/.*listening on \(https:[^ ]*\).*/\1/p' "$work/central.log" | head -n 1)
  [ -z "$store_url" ] && alive "$store" || break
  sleep 0.1
done
[ -n "$store_url" ] || { echo "bench: kiosk-central did not start (log: $work/central.log)" >&2; exit 1; }
say "the store: kiosk-central on $store_url"
new_kiosk() {  # NAME: a kiosk of its own in $work/NAME (the default configuration on the software
               # renderer, [sync] to the store), enrolled with the store. One per run: each starts on an
               # empty database, and a store refuses a kiosk that numbers its ratings from 1 again.
  local dir="$work/$1" code
  mkdir -p "$dir"
  sed -e "s|^database = .*|database = \"$dir/kiosk.db\"|" -e 's|^renderer = .*|renderer = "software"|' \
    -e "0,/^id = .*/s||id = \"bench-$1\"|" "$here/firmware-config/kiosk.toml" > "$dir/kiosk.toml"
  cat >> "$dir/kiosk.toml" <<EOF

[sync]
url = "$store_url"
store_public_key = "$store_key"
ca_file = "$work/ca/ca.pem"
pinned_public_key = "$(cat "$work/ca/server.pin")"
EOF
  code=$("$here/build/kiosk" enrolment-code --config "$dir/kiosk.toml" | tail -n 1)
  "$central" enrol --config "$work/central.toml" "$code" >/dev/null
}
at_store() {  # NAME: how many of kiosk NAME's ratings the store holds
  sqlite3 "$work/central.db" "SELECT count(*) FROM ratings WHERE kiosk_id = 'bench-$1'"
}

# ---- the kiosk, software renderer, all 23 languages (the default configuration) -----------------------
# It starts with 40 finished ratings not yet sent (as many as the tap script makes), so the worker sends
# them while the kiosk settles: the figures are those of a kiosk that has synced, not one still waiting.
new_kiosk idle
idle_backlog=40
"$here/build/tests/sync/make_backlog" --database "$work/idle/kiosk.db" --kiosk-id bench-idle \
  --count "$idle_backlog" >/dev/null
say "the kiosk: first frame, then ${settle_seconds} s settling and ${idle_seconds} s idle"
start_xvfb kiosk
launch_at=$(now_ms)
launch "$work/kiosk.log" env DISPLAY=":$display" \
  "$here/build/kiosk" --config "$work/idle/kiosk.toml" --first-frame-file "$work/kiosk.first"
kiosk=$last_pid
wait_for_file "$work/kiosk.first" "$kiosk"
kiosk_first=$(( $(cat "$work/kiosk.first") - launch_at ))
pause "$settle_seconds"
measure_idle_cpu "$kiosk"; kiosk_cpu=$idle_cpu
kiosk_pss=$(pss_kb "$kiosk")
kiosk_procs=$(process_count "$kiosk")
sh "$here/bench/pss_breakdown.sh" "$kiosk" 25 > "$work/kiosk.pss" 2>&1 || true
stop "$kiosk"
idle_sent=$(at_store idle)
atlas=$(grep -o 'font atlas [0-9x]*, [0-9]* glyphs at [0-9]* sizes' "$work/kiosk.log" | sed 's/font atlas //') ||
  atlas="not in the kiosk's log"

# Tap to durable write: 40 visits of 5 taps (grade, service, three faces), each saved at every tap
# (synchronous=FULL). Paced in real time, as a person taps: a kiosk held to a fifth of a core then
# has the idle time between taps it would have in the hall (the tests move the kiosk's clock instead).
{
  echo "pace real-time"
  echo "wait-for welcome"
  for _ in $(seq 1 40); do
    printf 'tap grade-8\nwait-for service\ntap service-moving\nwait-for norm\n'
    printf 'tap face-4\nwait-for norm\ntap face-5\nwait-for norm\ntap face-3\nwait-for thanks\ntap done\nwait-for welcome\n'
  done
} > "$work/taps.script"
say "the kiosk: tap script at full speed"
tap_run taps-full
taps_full=$tap_summary taps_full_p99=$tap_p99 taps_full_sent=$(at_store taps-full)
# The same on a fifth of a core: only the kiosk is held, the X server keeps its full speed.
if set_up_cpu_limit; then
  say "the kiosk: tap script on ${cpu_share_percent}% of one core ($limit_how)"
  tap_run taps-limited "${limit_wrapper[@]}"
  taps_limited=$tap_summary taps_limited_p99=$tap_p99 taps_limited_sent=$(at_store taps-limited)
  limit_note="$limit_how (a throttled kiosk waits at most $(( (cpu_period_us - cpu_quota_us) / 1000 )) ms)$(throttling)"
  remove_cpu_limit
else
  taps_limited="not measured: no way to limit the CPU here" taps_limited_p99=n/a taps_limited_sent=n/a
  limit_note="none possible: ${limit_why%; }"
fi
stop "$xvfb_pid"
stop "$store"

# ---- the browser kiosk ---------------------------------------------------------------------------------
say "chromium --kiosk: first paint, then ${settle_seconds} s settling and ${idle_seconds} s idle"
port=$((20000 + RANDOM % 20000))
launch "$work/page_server.log" python3 "$here/bench/page_server.py" "$port" "$here/bench/welcome.html" "$work/browser.first"
page_server=$last_pid
pause 0.5
start_xvfb browser
launch_at=$(now_ms)
launch "$work/chromium.log" env DISPLAY=":$display" chromium --kiosk --no-sandbox --disable-gpu --disable-quic \
  --no-first-run --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/chromium" --window-size=1920,1080 --window-position=0,0 "http://127.0.0.1:$port/"
browser=$last_pid
wait_for_file "$work/browser.first" "$browser"
browser_first=$(awk -v t="$(cat "$work/browser.first")" -v l="$launch_at" 'BEGIN { printf "%d", t - l }')
pause "$settle_seconds"
measure_idle_cpu "$browser"; browser_cpu=$idle_cpu
browser_pss=$(pss_kb "$browser")
browser_procs=$(process_count "$browser")
stop "$browser"
stop "$xvfb_pid"
stop "$page_server"

# ---- report --------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
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
tap to durable, full speed     $(printf '%-57s' "$taps_full") p99 <= 10 ms $(verdict "$taps_full_p99" 10)
tap to durable, 1/5 of a core  $(printf '%-57s' "$taps_limited") p99 <= 25 ms $(verdict "$taps_limited_p99" 25)
  CPU limit                    $limit_note
sync to kiosk-central          $store_url, test CA and pin; the store holds $idle_sent of the idle kiosk's $idle_backlog ratings, $taps_full_sent and $taps_limited_sent of the tap runs' (full speed, 1/5 core)
font atlas, 23 languages       $atlas
load average, 1/5/15 min       $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work on the machine moves every figure)
REPORT
echo "the kiosk's PSS by mapping at the end of its idle window (bench/pss_breakdown.sh):"
cat "$work/kiosk.pss"
[ "$tap_failed" -eq 0 ]
