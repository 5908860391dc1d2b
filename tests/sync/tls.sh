#!/bin/sh
# TLS for real: a test CA and a server certificate made here; the kiosk verifies the store's chain and
# name against its ca_file and, when set, the key pin (one of a list); a certificate from another CA,
# one that names another host (its CN the store's address), or a wrong pin fails closed (nothing sent,
# nothing counted as sent), and the error says why.
# Usage: tls.sh BIN BACKEND
BIN=$1 BACKEND=$2
. "$(dirname "$0")/lib.sh"

sh "$sync_dir/make_test_ca.sh" "$work/ca" >/dev/null
central_setup "$work/ca/server.pem" "$work/ca/server.key"
central_start
case "$STORE_URL" in https://*) ;; *) fail "the store serves $STORE_URL, not https" ;; esac
kiosk_setup k1 "$STORE_URL" "ca_file = \"$work/ca/ca.pem\""

# expect_sync OUTCOME CASE: one sync-now of 100 new ratings; OUTCOME is delivered or refused.
expect_sync() {
    backlog k1 100
    before=$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE state = 'sent'")
    status=0
    "$kiosk" sync-now --config "$work/k1/kiosk.toml" >"$work/k1/sync.out" 2>&1 || status=$?
    after=$(kiosk_sql k1 "SELECT count(*) FROM batches WHERE state = 'sent'")
    echo "$2: exit $status, $((after - before)) batches delivered; $(tail -n 1 "$work/k1/sync.out")"
    if [ "$1" = delivered ]; then
        [ "$status" -eq 0 ] && [ "$after" -gt "$before" ] || fail "$2: not delivered"
    else
        [ "$status" -eq 1 ] && [ "$after" -eq "$before" ] || fail "$2: sent anyway"
        grep -qi "certificate\|ssl\|pin\|public key" "$work/k1/sync.out" || fail "$2: the error does not say why"
    fi
}

expect_sync delivered "the test CA"
sed -i "s|^ca_file = .*|ca_file = \"$work/ca/wrong-ca.pem\"|" "$work/k1/kiosk.toml"
expect_sync refused "another CA"
sed -i "s|^ca_file = .*|ca_file = \"$work/ca/ca.pem\"\npinned_public_key = \"$(cat "$work/ca/server.pin")\"|" "$work/k1/kiosk.toml"
expect_sync delivered "the test CA and the server's pin"
sed -i "s|^pinned_public_key = .*|pinned_public_key = \"$(cat "$work/ca/wrong.pin");$(cat "$work/ca/server.pin")\"|" "$work/k1/kiosk.toml"
expect_sync delivered "a list of pins, the server's second"
sed -i "s|^pinned_public_key = .*|pinned_public_key = \"$(cat "$work/ca/wrong.pin")\"|" "$work/k1/kiosk.toml"
expect_sync refused "a wrong pin"

# The store with a certificate from another CA, the kiosk trusting only the test CA.
central_stop
sed -i -e "s|^tls_certificate = .*|tls_certificate = \"$work/ca/wrong-server.pem\"|" \
    -e "s|^tls_key = .*|tls_key = \"$work/ca/wrong-server.key\"|" "$work/central.toml"
sed -i "/^pinned_public_key/d" "$work/k1/kiosk.toml"
central_start
expect_sync refused "a store certificate from another CA"

# The test CA's certificate for another name, its CN 127.0.0.1: only a client that falls back to the
# CN (which RFC 6125 forbids when the certificate has names) would take it for the store's.
central_stop
sed -i -e "s|^tls_certificate = .*|tls_certificate = \"$work/ca/misnamed-server.pem\"|" \
    -e "s|^tls_key = .*|tls_key = \"$work/ca/misnamed-server.key\"|" "$work/central.toml"
central_start
expect_sync refused "a store certificate from the test CA for another name"
