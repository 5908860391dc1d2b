#!/bin/sh
# `kiosk hash-pin` makes the line for [manager] from a PIN on standard input, and check-config takes
# that line and refuses a PIN in clear text, naming file, line and key.
# Usage: hash_pin.sh KIOSK LOCALE_DIR SOURCE_DIR
set -eu
kiosk=$1 locales=$2 source=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
run() { status=0; "$@" > "$work/out" 2> "$work/err" || status=$?; }

run sh -c "echo 2468 | '$kiosk' hash-pin"
[ "$status" -eq 0 ] || fail "hash-pin exited $status: $(cat "$work/err")"
line=$(cat "$work/out")
echo "hash-pin printed: $line"
case "$line" in 'pin_hash = "$argon2id$v=19$'*'"') ;; *) fail "not a pin_hash line: $line" ;; esac
case "$line" in *2468*) fail "the PIN is in its hash line" ;; esac

config="$work/kiosk.toml"
sed -e "s|^database = .*|database = \"$work/kiosk.db\"|" "$source/firmware-config/kiosk.toml" > "$config"
{ echo; echo "[manager]"; echo "$line"; } >> "$config"
run "$kiosk" --locale-dir "$locales" check-config "$config"
[ "$status" -eq 0 ] || fail "check-config refused the hash-pin line: $(cat "$work/err")"
echo "check-config takes it: $(tail -n 1 "$work/err")"

sed -i 's|^pin_hash = .*|pin_hash = "2468"|' "$config"
run "$kiosk" --locale-dir "$locales" check-config "$config"
lines=$(wc -l < "$config")
[ "$status" -eq 78 ] || fail "check-config exited $status on a PIN in clear text"
grep -qF "$config:$lines: manager.pin_hash: this is a PIN in clear text" "$work/err" ||
    fail "the refusal does not name file, line and key: $(cat "$work/err")"
echo "a clear-text PIN: exit 78, $(head -n 1 "$work/err")"

for bad in 123 12ab 1234567890123; do
    run sh -c "echo $bad | '$kiosk' hash-pin"
    [ "$status" -eq 64 ] && grep -q "a PIN is 4 to 12 digits" "$work/err" || fail "hash-pin took '$bad' (exit $status)"
done
run sh -c "'$kiosk' hash-pin < /dev/null"
[ "$status" -eq 64 ] || fail "hash-pin without input exited $status"
echo "hash-pin refuses 123, 12ab, 13 digits and no input with 64"
