#!/bin/sh
# A backlog of COUNT ratings arrives at the store exactly once: 10 000 in the default tier (ten full
# batches in one sync-now), 100 000 in the slow tier (the same at scale).
# Usage: backlog.sh BIN BACKEND COUNT
BIN=$1 BACKEND=$2 count=$3
. "$(dirname "$0")/lib.sh"

central_setup
central_start
kiosk_setup k1 "$STORE_URL"
backlog k1 "$count"
sync_until_done k1 3
check_exactly_once k1
batches=$(kiosk_sql k1 "SELECT count(*) FROM batches")
echo "$count ratings in $batches batches"
