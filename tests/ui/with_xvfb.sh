#!/bin/sh
# Runs COMMAND on an X server of its own: Xvfb picks a free display itself (-displayfd), so window
# tests run side by side with no shared lock and no race for a display number (xvfb-run -a has one).
# The server is stopped on every way out: COMMAND's end, an error here, SIGINT, SIGTERM, SIGHUP.
# Usage: with_xvfb.sh COMMAND [ARGS...]      exits with COMMAND's status
set -eu
work=$(mktemp -d)
xvfb_pid=
command_pid=
stop() {
    for pid in $command_pid $xvfb_pid; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap stop EXIT
# Without these, a signal would end the shell without running the EXIT trap.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3> "$work/display" 2> "$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do
    [ -s "$work/display" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.05
done
if ! [ -s "$work/display" ]; then
    cat "$work/xvfb.log" >&2
    echo "FAIL: Xvfb did not start" >&2
    exit 1
fi
DISPLAY=":$(cat "$work/display")"
export DISPLAY
# In the background, so that a signal reaches the trap at once rather than when COMMAND ends.
"$@" &
command_pid=$!
status=0
wait "$command_pid" || status=$?
command_pid=
exit "$status"
