#!/bin/sh
# Where a process's PSS lives, from /proc/PID/smaps: each file-backed mapping by file (shared libraries
# and the program, each with its dirty part: relocations and data written at load), the heap, the
# thread stacks, glibc's malloc arenas of other threads, and the rest of the anonymous memory.
# Prints one line per mapping name, largest PSS first: PSS, RSS (what it would be if no other process
# shared its pages) and the private dirty part; then the totals (PSS is the figure the benchmark sums).
# Usage: bench/pss_breakdown.sh PID [LIMIT]     (LIMIT: how many lines before the rest is summed; 40)
set -eu
[ $# -ge 1 ] || { echo "usage: $0 PID [LIMIT]" >&2; exit 64; }
pid=$1 limit=${2:-40}
[ -r "/proc/$pid/smaps" ] || { echo "$0: cannot read /proc/$pid/smaps" >&2; exit 1; }
# Thread stacks: each waiting thread's stack pointer (the next-to-last field of /proc/PID/task/TID/syscall)
# lies in one anonymous mapping, glibc's 8 MiB stack for that thread. The main thread's is [stack].
stacks=$(for t in /proc/"$pid"/task/*; do awk 'NF > 2 { print $(NF - 1) }' "$t/syscall" 2>/dev/null; done | tr '\n' ' ')
awk -v stacks="$stacks" -v limit="$limit" '
  function hex(s,   i, n, c) { n = 0; s = tolower(s)
    for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; n = n * 16 + c }
    return n }
  function close_mapping() {
    if (name == "") return
    pss[name] += p; rss[name] += r; dirty[name] += d
    name = "" }
  BEGIN { n = split(stacks, sp, " "); for (i = 1; i <= n; i++) sp[i] = hex(substr(sp[i], 3)) }
  /^[0-9a-f]+-[0-9a-f]+ / {
    close_mapping()
    split($1, range, "-"); lo = hex(range[1]); hi = hex(range[2]); size_kb = (hi - lo) / 1024
    file = $6
    for (i = 7; i <= NF; i++) file = file " " $i
    if (file == "") {
      name = "anonymous, other"
      for (i = 1; i <= n; i++) if (sp[i] >= lo && sp[i] < hi) name = "thread stacks (other threads)"
      # glibc arenas of threads other than the main one: 64 MiB reservations (HEAP_MAX_SIZE), readable
      # in the part used so far; a mapping of at most 64 MiB aligned on 64 MiB.
      if (name == "anonymous, other" && lo % 67108864 == 0 && size_kb <= 65536) name = "malloc arenas (other threads)"
    } else if (file ~ /^\[/) {
      name = file
    } else {
      k = split(file, parts, "/"); name = parts[k]
      if (file ~ /^\/(dev|memfd|SYSV)/ || file ~ /\(deleted\)$/) name = "shared memory " name
    }
    p = 0; r = 0; d = 0; next }
  /^Rss:/ { r = $2; next }
  /^Pss:/ { p = $2; next }
  /^Private_Dirty:/ { d = $2; next }
  END {
    close_mapping()
    for (m in pss) { total += pss[m]; rtotal += rss[m]; printf "%d\t%d\t%d\t%s\n", pss[m], rss[m], dirty[m], m }
    printf "%d\t%d\t-1\tTOTAL\n", total, rtotal
  }' "/proc/$pid/smaps" |
  sort -k1,1nr |
  awk -F'\t' -v limit="$limit" '
    BEGIN { printf "%8s %8s %8s  %s\n", "PSS kB", "RSS kB", "dirty kB", "mapping" }
    $4 == "TOTAL" { total = $1; rtotal = $2; next }
    { if (++shown <= limit) printf "%8d %8d %8d  %s\n", $1, $2, $3, $4
      else { rest += $1; rrest += $2; drest += $3; restn++ } }
    END { if (restn) printf "%8d %8d %8d  %d more mappings\n", rest, rrest, drest, restn
          printf "%8d %8d %8s  total\n", total, rtotal, "" }'
