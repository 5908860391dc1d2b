#!/bin/bash
# Checks the sync test tools against each other, with curl, sqlite3 and openssl: what each promises the
# integration tests. Usage: tools_check.sh CASE TOOLS_DIR KIOSK
#   CASE: store-modes | fleet-sim | cut-proxy | make-backlog | test-ca | slow-clients
set -eu
case_name=$1 tools=$2 kiosk=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }
expect() {  # expect WHAT EXPECTED GOT
  if [ "$2" = "$3" ]; then echo "ok: $1 = $3"; else fail "$1: expected '$2', got '$3'"; fi
}

# start NAME COMMAND...: runs a tool that prints "listening on 127.0.0.1:<port>"; sets $port.
start() {
  local name=$1; shift
  : > "$work/$name.out"  # there before the background job opens it: the first read must not fail
  "$@" > "$work/$name.out" 2> "$work/$name.err" &
  pids+=($!)
  for _ in $(seq 1 200); do
    port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$work/$name.out")
    [ -n "$port" ] && return 0
    sleep 0.05
  done
  cat "$work/$name.err"; echo "FAIL: $name never said it was listening"; exit 1
}
post() {  # post URL BODY -> writes headers and body to $work/answer.{head,body}, prints the status
  curl -sS -o "$work/answer.body" -D "$work/answer.head" -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' -H 'Kiosk-Request-Id: 0190f3c2-8a1b-7c3d-9e4f-0123456789ab' \
    --data-binary "$2" "$1"
}
header() { sed -n "s/^$1: *\(.*\)\r$/\1/Ip" "$work/answer.head"; }
batch='{"protocol":1,"batch_id":"0190f3c2-8a1b-7c3d-9e4f-0123456789ab","kiosk_id":"k-1","ratings":[{"id":"a"},{"id":"b"}]}'

case $case_name in
store-modes)
  for mode in 500 503 429 malformed login-page bad-receipt ok; do
    start "store-$mode" "$tools/misbehaving_store" --mode "$mode" --retry-after 7 --log "$work/$mode.log"
    status=$(post "http://127.0.0.1:$port/v1/batches" "$batch")
    type=$(header Content-Type)
    case $mode in
      500) expect "500: status" 500 "$status" ;;
      503|429) expect "$mode: status" "$mode" "$status"; expect "$mode: Retry-After" 7 "$(header Retry-After)" ;;
      malformed)
        expect "malformed: status" 200 "$status"; expect "malformed: type" application/json "$type"
        jq . "$work/answer.body" >/dev/null 2>&1 && fail "malformed: the body is valid JSON" || echo "ok: malformed body is not JSON" ;;
      login-page)
        expect "login-page: status" 200 "$status"; expect "login-page: type" "text/html; charset=utf-8" "$type"
        grep -q '<form' "$work/answer.body" && echo "ok: a login form" || fail "login-page: no form" ;;
      bad-receipt|ok)
        expect "$mode: status" 200 "$status"
        expect "$mode: names the batch" 0190f3c2-8a1b-7c3d-9e4f-0123456789ab "$(jq -r .receipt.batch_id "$work/answer.body")"
        expect "$mode: counts the ratings" 2 "$(jq -r '.receipt.accepted + .receipt.already_present' "$work/answer.body")" ;;
    esac
    expect "$mode: one log line naming the request id and mode" \
      "POST /v1/batches	0190f3c2-8a1b-7c3d-9e4f-0123456789ab	$mode" "$(cut -f3- "$work/$mode.log")"
  done
  # The forged receipt's signature differs from the true one for the same batch.
  start store-true "$tools/misbehaving_store" --mode ok
  post "http://127.0.0.1:$port/v1/batches" "$batch" >/dev/null; true_signature=$(jq -r .signature "$work/answer.body")
  start store-forged "$tools/misbehaving_store" --mode bad-receipt
  post "http://127.0.0.1:$port/v1/batches" "$batch" >/dev/null
  [ "$(jq -r .signature "$work/answer.body")" != "$true_signature" ] && echo "ok: bad-receipt is signed by another key" ||
    fail "bad-receipt carries the store's own signature"
  # A script is played one line per request; its last line repeats; heartbeats may be kept out of it.
  printf '# a sequence\n503\n500\n\nok\n' > "$work/script"
  start store-script "$tools/misbehaving_store" --mode script --script "$work/script" --heartbeats ok --log "$work/script.log"
  got=""
  for _ in 1 2; do got="$got $(post "http://127.0.0.1:$port/v1/batches" "$batch")"; done
  got="$got $(post "http://127.0.0.1:$port/v1/heartbeats" '{}')"
  for _ in 1 2; do got="$got $(post "http://127.0.0.1:$port/v1/batches" "$batch")"; done
  expect "script: statuses" " 503 500 204 200 200" "$got"
  expect "script: modes logged" "503 500 ok ok ok" "$(cut -f5 "$work/script.log" | tr '\n' ' ' | sed 's/ $//')"
  # hang: the request is logged and never answered.
  start store-hang "$tools/misbehaving_store" --mode hang --log "$work/hang.log"
  code=0; curl -sS -m 1 -X POST -d '{}' "http://127.0.0.1:$port/v1/batches" 2>/dev/null || code=$?
  expect "hang: curl gave up waiting (28)" 28 "$code"
  expect "hang: logged" hang "$(cut -f5 "$work/hang.log")"
  # Bad options are refused with a sentence.
  "$tools/misbehaving_store" --mode script 2> "$work/err" && fail "script without --script accepted"
  grep -q 'needs --script' "$work/err" && echo "ok: $(cat "$work/err")" || fail "no clear error: $(cat "$work/err")"
  ;;

fleet-sim)
  "$tools/fleet_sim" --kiosks 3 --seed 5 codes > "$work/codes"
  "$tools/fleet_sim" --kiosks 3 --seed 5 codes | cmp -s - "$work/codes" && echo "ok: same seed, same codes" || fail "codes differ between runs"
  "$tools/fleet_sim" --kiosks 3 --seed 6 codes | cmp -s - "$work/codes" && fail "another seed gave the same codes" || echo "ok: another seed, other codes"
  grep -Eq '^CK1\.sim-0003\.[A-Za-z0-9_-]{43}$' "$work/codes" && echo "ok: code form" || fail "code form: $(cat "$work/codes")"
  key=$("$tools/misbehaving_store" --show-store-key)
  # A store that checks every request's signature against the codes, and answers true receipts.
  start store-ok "$tools/misbehaving_store" --mode ok --enrolled "$work/codes" --log "$work/ok.log"
  url=http://127.0.0.1:$port
  "$tools/fleet_sim" --kiosks 3 --seed 5 send --store "$url" --store-key "$key" --batches 3 --ratings 20 --json "$work/ok.json" ||
    fail "fleet_sim failed against a good store"
  expect "good store: ok" true "$(jq .ok "$work/ok.json")"
  expect "good store: accepted" 180 "$(jq .accepted "$work/ok.json")"
  expect "good store: statuses" '{"200":9}' "$(jq -c .statuses "$work/ok.json")"
  expect "good store: requests logged" 9 "$(wc -l < "$work/ok.log")"
  # The same batches from 6 senders at once: every copy answered, counted once.
  "$tools/fleet_sim" --kiosks 2 --seed 5 send --store "$url" --store-key "$key" --batches 2 --ratings 10 \
    --same-batches --repeat 6 --json "$work/same.json" || fail "same batches failed"
  expect "same batches: requests" '{"200":24}' "$(jq -c .statuses "$work/same.json")"
  expect "same batches: ratings counted once" "40 40" "$(jq -r '"\(.ratings_sent) \(.accepted)"' "$work/same.json")"
  # For a duration: every kiosk keeps sending until the time is up; the figures are kept per minute.
  "$tools/fleet_sim" --kiosks 3 --seed 5 send --store "$url" --store-key "$key" --ratings 4 --duration 1 \
    --interval 0.2 --json "$work/duration.json" > /dev/null || fail "the duration run failed"
  expect "duration: mode and minutes" "duration 1 true" "$(jq -r '"\(.mode) \(.minutes | length) \(.ok)"' "$work/duration.json")"
  [ "$(jq .batches_sent "$work/duration.json")" -gt 3 ] && echo "ok: kiosks sent more than one batch each" ||
    fail "duration: only $(jq .batches_sent "$work/duration.json") batches"
  # A kiosk the store does not know is refused, and reported.
  code=0; "$tools/fleet_sim" --kiosks 4 --seed 5 send --store "$url" --store-key "$key" --ratings 5 --json "$work/unknown.json" 2>/dev/null || code=$?
  expect "unenrolled kiosk: exit" 1 "$code"
  expect "unenrolled kiosk: a 401" 1 "$(jq '.statuses["401"]' "$work/unknown.json")"
  # The wrong store key: every receipt fails to verify.
  other=$("$tools/misbehaving_store" --store-seed other --show-store-key)
  code=0; "$tools/fleet_sim" --kiosks 3 --seed 5 send --store "$url" --store-key "$other" --ratings 5 --json "$work/wrongkey.json" 2>/dev/null || code=$?
  expect "wrong store key: exit" 1 "$code"
  expect "wrong store key: failures" 3 "$(jq .failure_count "$work/wrongkey.json")"
  # 500s are retried, reported, and fail the run.
  start store-500 "$tools/misbehaving_store" --mode 500 --log "$work/500.log"
  code=0; "$tools/fleet_sim" --kiosks 2 send --store "http://127.0.0.1:$port" --store-key "$key" --ratings 5 \
    --max-attempts 3 --retry-base-ms 1 --json "$work/500.json" 2>/dev/null || code=$?
  expect "500: exit" 1 "$code"
  expect "500: every try counted" '{"500":6}' "$(jq -c .statuses "$work/500.json")"
  expect "500: requests the store saw" 6 "$(wc -l < "$work/500.log")"
  # 503 then a good answer: retried after Retry-After, delivered, no failure.
  printf '503\nok\n' > "$work/script"
  start store-503 "$tools/misbehaving_store" --mode script --script "$work/script" --retry-after 1 --log "$work/503.log"
  "$tools/fleet_sim" --kiosks 1 send --store "http://127.0.0.1:$port" --store-key "$key" --ratings 5 --json "$work/503.json" ||
    fail "503 then ok did not deliver"
  expect "503 then ok: statuses" '{"200":1,"503":1}' "$(jq -c .statuses "$work/503.json")"
  gap=$(cut -f2 "$work/503.log" | paste -sd' ' | awk '{print ($2 - $1 >= 1000) ? "yes" : "no"}')
  expect "503 then ok: waited Retry-After (1 s) before retrying" yes "$gap"
  # A captive portal's page is no receipt.
  start store-portal "$tools/misbehaving_store" --mode login-page
  code=0; "$tools/fleet_sim" --kiosks 1 send --store "http://127.0.0.1:$port" --store-key "$key" --ratings 5 2> "$work/portal.err" >/dev/null || code=$?
  expect "login page: exit" 1 "$code"
  grep -q '200 without a receipt: status 200 (text/html' "$work/portal.err" && echo "ok: the failure names the page" ||
    fail "login page: $(cat "$work/portal.err")"
  ;;

cut-proxy)
  key=$("$tools/misbehaving_store" --show-store-key)
  start store "$tools/misbehaving_store" --mode ok --log "$work/store.log"
  store_port=$port
  start proxy "$tools/cut_proxy" --upstream "127.0.0.1:$store_port" --cut 2 --log "$work/cuts.log"
  url=http://127.0.0.1:$port
  # Cut: the store answered, the client got not a byte.
  code=0; curl -sS -o "$work/cut.body" -X POST -H 'Content-Type: application/json' \
    -H 'Kiosk-Request-Id: 0190f3c2-8a1b-7c3d-9e4f-0123456789ab' --data-binary "$batch" "$url/v1/batches" 2>/dev/null || code=$?
  expect "cut: curl saw an empty reply (52)" 52 "$code"
  expect "cut: no byte reached the client" 0 "$(cat "$work/cut.body" 2>/dev/null | wc -c)"
  expect "cut: the store answered it" 1 "$(wc -l < "$work/store.log")"
  expect "cut: logged" "cut	POST /v1/batches	0190f3c2-8a1b-7c3d-9e4f-0123456789ab	HTTP/1.1 200 OK" \
    "$(head -n 1 "$work/cuts.log" | cut -f3-6 | sed 's/\t[0-9]*$//')"
  # Heartbeats pass (cuts are for /v1/batches by default); keep-alive: requests on one connection.
  out=$(curl -sS -o /dev/null -w '%{http_code} %{num_connects}\n' -X POST -H 'Content-Type: application/json' -d '{}' \
    "$url/v1/heartbeats" "$url/v1/heartbeats" "$url/v1/heartbeats" | paste -sd' ')
  expect "heartbeats pass on one connection" "204 1 204 0 204 0" "$out"
  # fleet_sim through it: the second cut is retried and the receipt counts the batch's first time.
  "$tools/fleet_sim" --kiosks 1 send --store "$url" --store-key "$key" --ratings 7 --retry-base-ms 1 --json "$work/fs.json" ||
    fail "fleet_sim did not deliver through the proxy"
  expect "retried after the cut" '{"200":1,"transport-error":1}' "$(jq -c .statuses "$work/fs.json")"
  expect "first-time counts" "7 0" "$(jq -r '"\(.accepted) \(.already_present)"' "$work/fs.json")"
  expect "two cuts logged" 2 "$(wc -l < "$work/cuts.log")"
  # After --cut N, everything passes.
  expect "after the cuts: answered" 200 "$(post "$url/v1/batches" "$batch")"
  out=$(curl -sS -o /dev/null -w '%{http_code} %{num_connects}\n' -X POST -H 'Content-Type: application/json' \
    -o /dev/null --data-binary "$batch" "$url/v1/batches" "$url/v1/batches" | paste -sd' ')
  expect "batches with bodies pass on one connection (after two cuts)" "200 1 200 0" "$out"
  # --cut-probability 1 cuts everything.
  start proxy-all "$tools/cut_proxy" --upstream "127.0.0.1:$store_port" --cut-probability 1 --cut-path / --log "$work/all.log"
  code=0; curl -sS -o /dev/null -X POST -d '{}' "http://127.0.0.1:$port/v1/heartbeats" 2>/dev/null || code=$?
  expect "probability 1: cut" 52 "$code"
  # --hostile: the answers in turn, each logged; "pass" reaches the store; --honest-when ends it.
  start hostile "$tools/cut_proxy" --upstream "127.0.0.1:$store_port" --hostile 404,407,forged-401,pass,strip,drop \
    --honest-when "$work/honest" --log "$work/hostile.log"
  hurl="http://127.0.0.1:$port/v1/batches"
  expect "hostile 404: a page" 404 "$(post "$hurl" "$batch")"
  expect "hostile 404: names its server" "hostile-middlebox/1.0" "$(header Server)"
  expect "hostile 407" 407 "$(post "$hurl" "$batch")"
  expect "hostile forged 401: a store time two hours ahead, unsigned by any key" "401 stale-timestamp ed25519=AAAA" \
    "$(post "$hurl" "$batch") $(jq -r '"\(.type | sub(".*/"; "")) \(.signature[0:12])"' "$work/answer.body")"
  expect "hostile pass" 200 "$(post "$hurl" "$batch")"
  stored=$(wc -l < "$work/store.log")
  post "$hurl" "$batch" > /dev/null
  expect "hostile strip: passed on to the store (without Kiosk-Signature)" "$((stored + 1))" "$(wc -l < "$work/store.log")"
  code=0; curl -sS -o /dev/null -X POST --data-binary "$batch" "$hurl" 2>/dev/null || code=$?
  expect "hostile drop: curl saw an empty reply (52)" 52 "$code"
  expect "hostile answers logged" "404 407 forged-401 strip drop" "$(cut -f3 "$work/hostile.log" | paste -sd' ')"
  touch "$work/honest"
  expect "honest once the file exists (the list would say 404)" 200 "$(post "$hurl" "$batch")"
  "$tools/cut_proxy" --upstream 127.0.0.1:1 --hostile 404,nonsense 2> "$work/err" && fail "an unknown hostile answer accepted"
  grep -q "unknown answer 'nonsense'" "$work/err" && echo "ok: $(cat "$work/err")" || fail "no clear error: $(cat "$work/err")"
  "$tools/cut_proxy" --upstream nowhere 2> "$work/err" && fail "--upstream without a port accepted"
  grep -q 'must be host:port' "$work/err" && echo "ok: $(cat "$work/err")" || fail "no clear error: $(cat "$work/err")"
  ;;

make-backlog)
  db=$work/kiosk.db
  "$tools/make_backlog" --database "$db" --kiosk-id k-7 --count 1000 --seed 3 > "$work/out" 2>&1 || fail "make_backlog: $(cat "$work/out")"
  expect "report" "wrote 1000 final ratings to $db, seq 1..1000" "$(cat "$work/out")"
  "$tools/make_backlog" --database "$db" --kiosk-id k-7 --count 50 --seed 4 > "$work/out" 2>&1 ||
    fail "a second backlog into the same database: $(cat "$work/out")"
  expect "seq continues" "wrote 50 final ratings to $db, seq 1001..1050" "$(cat "$work/out")"
  q() { sqlite3 "$db" "$1"; }
  expect "ratings, distinct ids, refs, seq" "1050|1050|1050|1|1050" \
    "$(q "select count(*), count(distinct id), count(distinct reference), min(seq), max(seq) from ratings")"
  expect "all final, unbatched, this kiosk" "1050" \
    "$(q "select count(*) from ratings where state='final' and batch_id is null and kiosk_id='k-7' and program_version<>'' and config_digest like 'sha-256=%'")"
  expect "completed ones have a grade and three answers" 0 \
    "$(q "select count(*) from ratings r where end_reason='completed' and (grade is null or (select count(*) from answers where rating_id=r.id) <> 3)")"
  [ "$(q "select count(distinct site) || ' ' || count(distinct language) || ' ' || count(distinct grade) from ratings")" != "1 1 1" ] &&
    echo "ok: values vary" || fail "values do not vary"
  expect "integrity" ok "$(q "pragma integrity_check")"
  expect "foreign keys" "" "$(q "pragma foreign_key_check")"
  # The same seed gives the same values (not the same ids).
  "$tools/make_backlog" --database "$work/again.db" --kiosk-id k-7 --count 1000 --seed 3 > /dev/null
  a=$(q "select group_concat(site||counter||coalesce(service,'')||language||coalesce(grade,''), ',') from (select * from ratings where seq<=1000 order by seq)")
  b=$(sqlite3 "$work/again.db" "select group_concat(site||counter||coalesce(service,'')||language||coalesce(grade,''), ',') from (select * from ratings order by seq)")
  [ "$a" = "$b" ] && echo "ok: same seed, same values" || fail "same seed gave other values"
  # The kiosk reads it as its own.
  sed -e "s|^database = .*|database = \"$db\"|" -e '0,/^id = .*/s//id = "k-7"/' "$here/../../firmware-config/kiosk.toml" > "$work/kiosk.toml"
  "$kiosk" status --config "$work/kiosk.toml" > "$work/status" || fail "kiosk status failed: $(cat "$work/status")"
  grep -q '^ratings: 1050 final, 0 open' "$work/status" && grep -q '^not yet at the central store: 1050' "$work/status" &&
    echo "ok: kiosk status counts 1050 unsent" || fail "kiosk status: $(cat "$work/status")"
  # Not a kiosk database: refused, left as it is.
  echo "not a database" > "$work/other"
  "$tools/make_backlog" --database "$work/other" --kiosk-id k-7 --count 1 2> "$work/err" && fail "a foreign file was filled"
  expect "foreign file untouched" "not a database" "$(cat "$work/other")"
  grep -q "make_backlog: $work/other" "$work/err" && echo "ok: $(head -c 200 "$work/err")" || fail "no clear error: $(cat "$work/err")"
  ;;

test-ca)
  sh "$here/make_test_ca.sh" "$work/ca" > /dev/null
  ca=$work/ca
  for key in ca.key server.key wrong-ca.key wrong-server.key misnamed-server.key; do expect "$key mode" 600 "$(stat -c %a "$ca/$key")"; done
  openssl verify -CAfile "$ca/ca.pem" "$ca/server.pem" >/dev/null && echo "ok: server.pem chains to ca.pem" || fail "server.pem does not verify"
  openssl verify -CAfile "$ca/ca.pem" "$ca/wrong-server.pem" >/dev/null 2>&1 && fail "wrong-server.pem verifies with ca.pem" || echo "ok: wrong-server.pem does not chain to ca.pem"
  openssl verify -CAfile "$ca/wrong-ca.pem" "$ca/wrong-server.pem" >/dev/null && echo "ok: wrong-server.pem chains to wrong-ca.pem" || fail "wrong-server.pem"
  openssl verify -CAfile "$ca/ca.pem" -verify_ip 127.0.0.1 "$ca/server.pem" >/dev/null && echo "ok: server.pem names 127.0.0.1" || fail "server.pem does not name 127.0.0.1"
  openssl verify -CAfile "$ca/ca.pem" "$ca/misnamed-server.pem" >/dev/null && echo "ok: misnamed-server.pem chains to ca.pem" || fail "misnamed-server.pem does not verify"
  openssl verify -CAfile "$ca/ca.pem" -verify_ip 127.0.0.1 "$ca/misnamed-server.pem" >/dev/null 2>&1 && fail "misnamed-server.pem names 127.0.0.1" || echo "ok: misnamed-server.pem does not name 127.0.0.1"
  expect "misnamed-server.pem's CN" "CN = 127.0.0.1" "$(openssl x509 -noout -subject -in "$ca/misnamed-server.pem" | sed 's/^subject=//')"
  start tls "$tools/misbehaving_store" --mode ok --tls-cert "$ca/server.pem" --tls-key "$ca/server.key"
  tls() { curl -sS -o /dev/null -w '%{http_code}' -X POST -d '{}' "$@" 2>/dev/null || echo " exit $?"; }
  expect "127.0.0.1, CA and pin" 204 "$(tls --cacert "$ca/ca.pem" --pinnedpubkey "$(cat "$ca/server.pin")" "https://127.0.0.1:$port/v1/heartbeats")"
  expect "localhost, CA" 204 "$(tls --cacert "$ca/ca.pem" "https://localhost:$port/v1/heartbeats")"
  expect "wrong pin" "000 exit 90" "$(tls --cacert "$ca/ca.pem" --pinnedpubkey "$(cat "$ca/wrong.pin")" "https://127.0.0.1:$port/v1/heartbeats")"
  expect "wrong CA" "000 exit 60" "$(tls --cacert "$ca/wrong-ca.pem" "https://127.0.0.1:$port/v1/heartbeats")"
  start tls-wrong "$tools/misbehaving_store" --mode ok --tls-cert "$ca/wrong-server.pem" --tls-key "$ca/wrong-server.key"
  expect "wrong server, right CA" "000 exit 60" "$(tls --cacert "$ca/ca.pem" "https://127.0.0.1:$port/v1/heartbeats")"
  expect "wrong server matches wrong.pin" 204 "$(tls --cacert "$ca/wrong-ca.pem" --pinnedpubkey "$(cat "$ca/wrong.pin")" "https://127.0.0.1:$port/v1/heartbeats")"
  ;;

slow-clients)
  # Against a store that waits for whole requests (httplib reads each piece within its 5 s): every slow
  # connection stays open the whole run, heads and bodies alike, and none is refused.
  start store "$tools/misbehaving_store" --mode ok
  "$tools/slow_clients" --port "$port" --connections 4 --interval-ms 200 --duration-s 3 --json "$work/slow.json" >/dev/null
  expect "slow-clients: opened" 4 "$(jq -r .opened "$work/slow.json")"
  expect "slow-clients: refused or closed" 0 "$(jq -r '.refused_at_once + .closed_by_store' "$work/slow.json")"
  expect "slow-clients: heads held the whole run" true "$(jq -r '.longest_head_s >= 2.5' "$work/slow.json")"
  expect "slow-clients: bodies held the whole run" true "$(jq -r '.longest_body_s >= 2.5' "$work/slow.json")"
  # Where nothing listens: connections fail, none is counted opened.
  kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
  "$tools/slow_clients" --port "$port" --connections 2 --interval-ms 200 --duration-s 1 --json "$work/none.json" >/dev/null
  expect "slow-clients: nothing listening, opened" 0 "$(jq -r .opened "$work/none.json")"
  expect "slow-clients: nothing listening, failures counted" true "$(jq -r '.connect_failures >= 2' "$work/none.json")"
  ;;

*) echo "usage: $0 store-modes|fleet-sim|cut-proxy|make-backlog|test-ca|slow-clients TOOLS_DIR KIOSK" >&2; exit 2 ;;
esac
exit $failed
