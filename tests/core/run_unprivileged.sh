#!/bin/sh
# The whole of core_tests as a user who is not root, as a developer runs it: it must finish, fail
# nothing, and name each test it skips and why (those that only root can run). CI runs the suite as
# root, where this is the only non-root run; when the suite itself runs as another user, or the machine
# has no such user, it is skipped (77).
#   run_unprivileged.sh CORE_TESTS SOURCE_DIR LOCALE_DIR [USER]   (USER: nobody)
set -u
binary=$1 source=$2 locale=$3 user=${4:-nobody}

if [ "$(id -u)" -ne 0 ]; then
    echo "the suite runs as $(id -un), not root: its own core tests are the unprivileged run; skipped"
    exit 77
fi
if ! id -u "$user" > /dev/null 2>&1; then
    echo "no user '$user' on this machine to run the core tests as; skipped"
    exit 77
fi

# A copy the user can read, with what the tests read from the tree (it may be in root's home, 0700),
# and a temporary folder of its own.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
cp "$binary" "$work/core_tests"
cp -R "$locale" "$work/locale"
mkdir -p "$work/source/firmware-config" "$work/tmp"
cp "$source/firmware-config/kiosk.toml" "$work/source/firmware-config/"
chmod -R a+rX "$work"
chown "$user" "$work/tmp"
chmod 700 "$work/tmp"

# A hang is a failure too: the whole binary takes a minute or two.
timeout 600 runuser -u "$user" -- env HOME="$work/tmp" TMPDIR="$work/tmp" \
    KIOSK_TEST_LOCALE_DIR="$work/locale" KIOSK_TEST_SOURCE_DIR="$work/source" \
    "$work/core_tests" > "$work/output" 2>&1
status=$?
skips=$(sed -n '/^skipped [0-9]* of [0-9]* test cases:$/,$p' "$work/output")

if [ "$status" -eq 124 ]; then
    tail -40 "$work/output"
    echo "FAILED: core_tests as $user did not finish within 600 s"
    exit 1
fi
if [ "$status" -ne 0 ]; then
    cat "$work/output"
    echo "FAILED: core_tests as $user exited $status (0 expected: tests that need root are skipped, not failed)"
    exit 1
fi
if [ -z "$skips" ]; then
    tail -20 "$work/output"
    echo "FAILED: core_tests as $user skipped nothing: the tests that need root no longer say so"
    exit 1
fi
if printf '%s\n' "$skips" | sed 1d | grep -v 'needs root: '; then
    echo "FAILED: a skip as $user (above) gives no reason of root"
    exit 1
fi
grep -E '^(All tests passed|test cases:)' "$work/output"
printf '%s\n' "$skips"
echo "core_tests as $user: finished, nothing failed, the skips above named"
