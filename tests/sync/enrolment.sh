#!/bin/sh
# A kiosk set up before IT enrolled it waits: the store refuses the kiosk (401 unknown-kiosk), the
# kiosk keeps its batch pending (not set aside) and raises `kiosk-refused`; once enrolled, it delivers.
# Revoked, it is refused again (403 revoked-kiosk) and its new ratings wait, none set aside.
# Usage: enrolment.sh BIN BACKEND
BIN=$1 BACKEND=$2
. "$(dirname "$0")/lib.sh"

central_setup
central_start
ENROL=no kiosk_setup k1 "$STORE_URL"

# try EXPECTED_EXIT WHAT
try() {
    status=0
    "$kiosk" sync-now --config "$work/k1/kiosk.toml" >"$work/k1/sync.out" 2>&1 || status=$?
    echo "$2: exit $status; $(grep '^delivered' "$work/k1/sync.out")"
    [ "$status" -eq "$1" ] || fail "$2: sync-now exited $status, not $1"
}

backlog k1 300
try 1 "not enrolled"
grep -q "unknown-kiosk" "$work/k1/sync.out" || fail "the kiosk's error does not name unknown-kiosk"
[ "$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE state = 'set-aside'")" -eq 0 ] ||
    fail "a batch was set aside because the kiosk was not enrolled yet"
[ "$(kiosk_sql k1 "SELECT count(*) FROM alerts WHERE kind = 'kiosk-refused'")" -ge 1 ] ||
    fail "no kiosk-refused alert"

kiosk_enrol k1
try 0 "enrolled"

"$central" revoke --config "$work/central.toml" k1 >/dev/null
backlog k1 200
try 1 "revoked"
grep -q "revoked-kiosk" "$work/k1/sync.out" || fail "the kiosk's error does not name revoked-kiosk"
[ "$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE state = 'set-aside'")" -eq 0 ] ||
    fail "a batch was set aside because the kiosk was revoked"
pending=$(kiosk_sql k1 "SELECT count(*) FROM ratings r JOIN batches b ON b.id = r.batch_id WHERE b.state = 'pending'")
echo "revoked: $pending ratings wait in a pending batch"
[ "$pending" -eq 200 ] || fail "$pending ratings wait, not 200"
at_store=$(store_sql "SELECT count(*) FROM ratings WHERE kiosk_id = 'k1'")
[ "$at_store" -eq 300 ] || fail "the store holds $at_store ratings of k1, not the 300 sent before the revocation"
