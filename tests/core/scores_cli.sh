#!/bin/sh
# `kiosk scores`: on a database the kiosk made, holding ratings written by hand with sqlite3 (another
# program: the schema's own triggers keep the scores), the JSON's numbers are the hand-worked ones, for
# each period, with and without bursts, for one service; the text says the same; --help and a missing
# database behave.
# Usage: scores_cli.sh KIOSK MAKE_BACKLOG LOCALE_DIR
set -eu
kiosk=$1 make_backlog=$2 locales=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }
config="$work/kiosk.toml"
sed -e "s|^database = .*|database = \"$work/kiosk.db\"|" "$here/../../firmware-config/kiosk.toml" > "$config"
now=1781092800000  # 2026-06-10T12:00:00Z, 14:00 in Amsterdam

# The kiosk's own code makes the database (and its schema); its one rating goes again.
"$make_backlog" --database "$work/kiosk.db" --kiosk-id k1 --count 1 > /dev/null
sqlite3 "$work/kiosk.db" <<'SQL'
PRAGMA foreign_keys = ON;
DELETE FROM answers;
DELETE FROM ratings;
-- C1 06-04 09:15 local, C2 06-04 10:40, C3 06-10 09:00 (today), C4 06-09 12:00 flagged as a burst,
-- C0 06-03 23:00 (the day before the 7 days).
INSERT INTO ratings(seq, id, reference, kiosk_id, site, counter, service, language, planned_norms, started_ms,
                    updated_ms, finished_ms, clock_synced, grade, flags, state, end_reason) VALUES
  (1, 'c1', 'REF1', 'k1', 'Demo', 'Counter 1', 'passport', 'nl', '', 0, 1780557300000, 1780557300000, 1, 8, 0, 'final', 'completed'),
  (2, 'c2', 'REF2', 'k1', 'Demo', 'Counter 1', 'passport', 'en', '', 0, 1780562400000, 1780562400000, 1, 6, 0, 'final', 'completed'),
  (3, 'c3', 'REF3', 'k1', 'Demo', 'Counter 1', 'moving', 'nl', '', 0, 1781074800000, 1781074800000, 1, 7, 0, 'final', 'abandoned'),
  (4, 'c4', 'REF4', 'k1', 'Demo', 'Counter 1', 'passport', 'nl', '', 0, 1780999200000, 1780999200000, 1, 10, 1, 'final', 'completed'),
  (5, 'c0', 'REF0', 'k1', 'Demo', 'Counter 1', 'passport', 'nl', '', 0, 1780520400000, 1780520400000, 1, 2, 0, 'final', 'completed');
INSERT INTO answers(rating_id, norm_id, value) VALUES
  ('c1', 'bsc1', 4), ('c1', 'bsc2', 5), ('c2', 'bsc1', 2), ('c2', 'bsc2', 0), ('c3', 'bsc1', 3), ('c4', 'bsc1', 5),
  ('c0', 'bsc1', 1);
SQL

scores() { "$kiosk" --locale-dir "$locales" --config "$config" scores --test-now-ms "$now" "$@"; }
expect() {  # expect WHAT WANT JQ-FILTER -- scores arguments...
  what=$1 want=$2 filter=$3; shift 4
  got=$(scores --json "$@" | jq -c "$filter") || { fail "$what: kiosk scores --json $* failed"; return; }
  if [ "$got" = "$want" ]; then echo "ok: $what: $got"; else fail "$what: $got (want $want)"; fi
}

# 7 days (06-04 to 06-10), bursts left out: C1 C2 C3; grades 8 6 7.
expect "7 days: ratings, average, target" '[3,7,7]' '[.ratings, .average_grade, .grade_target]' -- --period 7d
expect "7 days: the grades" '[0,0,0,0,0,1,1,1,0,0]' '.grades' -- --period 7d
expect "7 days: how visits ended" '[3,2,0.6666666666666666,1,1]' \
  '[.finished, .end_reasons.completed.count, .end_reasons.completed.share, .end_reasons.abandoned.count, .bursts_flagged]' -- --period 7d
expect "7 days: bsc1 (4 2 3)" '[3,0,3,3,"too-few-answers"]' \
  '.norms[] | select(.id == "bsc1") | [.answers, .not_applicable, .average, .pairs, .placement]' -- --period 7d
expect "7 days: bsc2 (5, n/a)" '[1,1,5]' '.norms[] | select(.id == "bsc2") | [.answers, .not_applicable, .average]' -- --period 7d
expect "7 days: a norm never asked is there with nothing" '[0,null,"too-few-answers"]' \
  '.norms[] | select(.id == "bsc3") | [.answers, .average, .placement]' -- --period 7d
expect "7 days: every configured norm, in order" '["bsc1","bsc2","bsc3","bsc4","bsc5","bsc6","bsc7","waiting-time"]' \
  '[.norms[].id]' -- --period 7d
expect "7 days: the trend" '["day",7,"2026-06-04",2,7,0,null]' \
  '[.trend.unit, (.trend.points | length), .trend.points[0].first_day, .trend.points[0].ratings, .trend.points[0].average, .trend.points[5].ratings, .trend.points[5].average]' -- --period 7d
expect "7 days: busiest hours (local)" '[2,1,3]' '[.hours[9], .hours[10], (.hours | add)]' -- --period 7d
expect "7 days: languages" '[{"language":"nl","ratings":2},{"language":"en","ratings":1}]' '.languages' -- --period 7d
expect "7 days: the period" '["2026-06-04","2026-06-10","2026-06-03T22:00:00Z","2026-06-10T12:00:00Z","Europe/Amsterdam"]' \
  '[.first_day, .last_day, .from, .to, .time_zone]' -- --period 7d
# Bursts in: C4 (grade 10) counts too.
expect "7 days with bursts: ratings, average" '[4,7.75,1,true]' '[.ratings, .average_grade, .bursts_flagged, .with_bursts]' -- --period 7d --with-bursts
expect "7 days with bursts: bsc1 (4 2 3 5)" '[4,3.5]' '.norms[] | select(.id == "bsc1") | [.answers, .average]' -- --period 7d --with-bursts
# One service, one counter, the other periods.
expect "7 days, moving: C3" '[1,7,"moving"]' '[.ratings, .average_grade, .service]' -- --period 7d --service moving
expect "7 days, another counter: none" '[0,null]' '[.ratings, .average_grade]' -- --period 7d --counter "Counter 2"
expect "today: C3" '[1,7,1]' '[.ratings, .average_grade, (.trend.points | length)]' -- --period today
expect "30 days: C0 too" '[4,5.75]' '[.ratings, .average_grade]' -- --period 30d
expect "12 months: weeks" '["iso-week",53,"2026-W24",1]' '[.trend.unit, (.trend.points | length), .trend.points[52].week, .trend.points[52].ratings]' -- --period 12m

# The text for people says the same.
scores --period 7d > "$work/text"
grep -q "ratings with a grade: 3, average 7.00 (target 7.0)" "$work/text" || { fail "text: the grade line"; cat "$work/text"; }
grep -q "^bsc3 .*not asked" "$work/text" || { fail "text: bsc3 not asked"; cat "$work/text"; }

# --help, a wrong period, a database that is not there.
"$kiosk" --locale-dir "$locales" scores --help > "$work/help" || fail "scores --help exits non-zero"
grep -q -- "--with-bursts" "$work/help" || fail "scores --help does not name --with-bursts"
if grep -q -- "--test-now-ms" "$work/help"; then fail "scores --help shows the test switch"; fi
status=0; scores --period 2w > /dev/null 2> "$work/err" || status=$?
[ "$status" = 64 ] || fail "--period 2w: exit $status (want 64)"
sed -e "s|^database = .*|database = \"$work/none.db\"|" "$config" > "$work/none.toml"
status=0; "$kiosk" --locale-dir "$locales" --config "$work/none.toml" scores > /dev/null 2> "$work/err" || status=$?
[ "$status" = 1 ] && grep -q "none.db" "$work/err" || { fail "a missing database: exit $status"; cat "$work/err"; }
[ ! -e "$work/none.db" ] || fail "scores made a database"
exit $failed
