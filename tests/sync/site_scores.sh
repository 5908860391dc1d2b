#!/bin/sh
# The whole centre, not one kiosk (issue 22): two kiosks of "Town hall" and one of "North office" send
# their ratings to a running kiosk-central; `kiosk site-scores`, the kiosk's own client, then gets its
# site's figures in a request signed with its key and takes them only signed by the store. Each figure
# checked here is worked out again from the kiosks' own databases (the ratings they made, nothing the
# store said). Then one kiosk is revoked (refused, exit 1) and the store stopped (cannot be reached,
# exit 1), and each says so; a kiosk without [sync] exits 78 and makes no key.
# Usage: site_scores.sh BIN BACKEND
BIN=$1 BACKEND=$2
. "$(dirname "$0")/lib.sh"

central_setup
central_start
zone=Europe/Amsterdam
for id in town1 town2 north; do kiosk_setup "$id" "$STORE_URL"; done
"$tools/make_backlog" --database "$(kiosk_db town1)" --kiosk-id town1 --count 40 --seed 1 --site "Town hall" >/dev/null
"$tools/make_backlog" --database "$(kiosk_db town2)" --kiosk-id town2 --count 25 --seed 2 --site "Town hall" >/dev/null
"$tools/make_backlog" --database "$(kiosk_db north)" --kiosk-id north --count 30 --seed 3 --site "North office" >/dev/null
for id in town1 town2 north; do sync_until_done "$id" 5; done

# site_scores ID [ARGS...]: the figures as kiosk ID's client gets them (in the zone $tz, else $zone), in
# $work/ID.json; sets status.
site_scores() {
    id=$1
    shift
    status=0
    "$kiosk" site-scores --config "$work/$id/kiosk.toml" --time-zone "${tz:-$zone}" --json "$@" \
        >"$work/$id.json" 2>"$work/$id.err" || status=$?
}

# What the kiosks' own databases say of their ratings, for the kiosks given: one line of
# "count graded grade_sum" and, per norm, "norm answers not_applicable".
kiosk_totals() {
    for id in "$@"; do kiosk_sql "$id" "SELECT count(*), count(grade), coalesce(sum(grade), 0) FROM ratings
                                        WHERE state = 'final'" | tr '|' ' '; done |
        awk '{ c += $1; g += $2; s += $3 } END { print c, g, s }'
}
kiosk_norms() {
    for id in "$@"; do kiosk_sql "$id" "SELECT norm_id, sum(value > 0), sum(value = 0) FROM answers GROUP BY norm_id" |
        tr '|' ' '; done | awk '{ a[$1] += $2; n[$1] += $3 } END { for (k in a) print k, a[k], n[k] }' | sort
}

site_scores town1 --period 7d --with-bursts
[ "$status" -eq 0 ] || fail "site-scores of town1 exited $status: $(cat "$work/town1.err")"
read -r count graded sum <<EOT
$(kiosk_totals town1 town2)
EOT
got=$(jq -r '"\(.site)|\(.kiosks)|\(.count)|\(.grade_distribution | add)|\(.hours | add)|\([.trend[].count] | add)|\(.trend | length)"' "$work/town1.json")
echo "town1's site: $got (the kiosks made $count ratings, $graded graded, grades summing to $sum)"
[ "$got" = "Town hall|2|$count|$graded|$count|$count|7" ] ||
    fail "town1's figures are '$got', not 'Town hall|2|$count|$graded|$count|$count|7'"
average=$(jq -r '.average_grade' "$work/town1.json")
awk -v a="$average" -v s="$sum" -v g="$graded" 'BEGIN { d = a - s / g; exit !(d < 1e-9 && d > -1e-9) }' ||
    fail "town1's average grade is $average, not $sum / $graded"
jq -r '.norms | to_entries[] | "\(.key) \(.value.answers) \(.value.not_applicable)"' "$work/town1.json" | sort \
    >"$work/norms.store"
kiosk_norms town1 town2 >"$work/norms.kiosks"
diff "$work/norms.kiosks" "$work/norms.store" || fail "the norms' answers and 'does not apply' differ (kiosks < > store)"
echo "norms: $(paste -sd';' "$work/norms.store")"
ended=$(jq -r '.end_reasons | "\(.completed) \(.["timed-out"]) \(.abandoned) \(.stopped)"' "$work/town1.json")
expected=$(for id in town1 town2; do kiosk_sql "$id" "SELECT end_reason FROM ratings WHERE state = 'final'"; done |
    awk '{ n[$1]++ } END { print n["completed"] + 0, n["timed-out"] + 0, n["abandoned"] + 0, n["stopped"] + 0 }')
[ "$ended" = "$expected" ] || fail "end reasons (completed timed-out abandoned stopped) are '$ended', not '$expected'"

# The other site's kiosk sees its own site only, whatever the request says.
site_scores north --period 30d --with-bursts
[ "$status" -eq 0 ] || fail "site-scores of north exited $status: $(cat "$work/north.err")"
read -r count graded sum <<EOT
$(kiosk_totals north)
EOT
got=$(jq -r '"\(.site)|\(.kiosks)|\(.count)|\(.trend | length)"' "$work/north.json")
echo "north's site: $got"
[ "$got" = "North office|1|$count|30" ] || fail "north's figures are '$got', not 'North office|1|$count|30'"

# The same figures without --json, for a person.
"$kiosk" site-scores --config "$work/town2/kiosk.toml" --time-zone "$zone" --period 12m >"$work/town2.txt" ||
    fail "site-scores of town2 failed"
grep -q "^site Town hall (2 kiosks), 12m" "$work/town2.txt" || fail "town2's text: $(cat "$work/town2.txt")"

# A time zone the store does not know: the store's signed refusal, exit 1.
tz=Europe/Atlantis site_scores town1 --period today
echo "an unknown time zone: exit $status: $(cat "$work/town1.err")"
[ "$status" -eq 1 ] && grep -q "refuses: 400 bad-time-zone" "$work/town1.err" || fail "an unknown time zone was not refused"

# Revoked: refused by the store, exit 1, and nothing on stdout.
"$central" revoke --config "$work/central.toml" town2 >/dev/null
site_scores town2 --period today
echo "revoked: exit $status: $(cat "$work/town2.err")"
[ "$status" -eq 1 ] && grep -q "refuses: 403 revoked-kiosk" "$work/town2.err" || fail "a revoked kiosk was not refused"
[ ! -s "$work/town2.json" ] || fail "a revoked kiosk printed figures"

# The store down: the client says it cannot be reached, exit 1.
central_stop
site_scores town1 --period today
echo "store down: exit $status: $(cat "$work/town1.err")"
[ "$status" -eq 1 ] && grep -q "cannot be reached" "$work/town1.err" || fail "with the store down site-scores did not say so"
[ ! -s "$work/town1.json" ] || fail "with the store down site-scores printed figures"
# Without a [sync] table there is no store to ask: exit 78, and no key is made for it.
mkdir -p "$work/nosync"
sed -e "s|^database = .*|database = \"$work/nosync/kiosk.db\"|" "$src/firmware-config/kiosk.toml" >"$work/nosync/kiosk.toml"
status=0
"$kiosk" site-scores --config "$work/nosync/kiosk.toml" --time-zone "$zone" 2>"$work/nosync.err" || status=$?
echo "no [sync]: exit $status: $(cat "$work/nosync.err")"
[ "$status" -eq 78 ] || fail "without [sync] site-scores exited $status, not 78"
[ ! -e "$work/nosync/kiosk.key" ] || fail "without [sync] site-scores made a key"
echo "OK"
