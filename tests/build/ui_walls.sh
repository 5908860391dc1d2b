#!/bin/sh
# The build refuses a screen that includes the store, sync, SQLite or an HTTP library. Each probe is compiled
# with exactly the include path and definitions a file of kiosk/ui gets (FLAGS, written by CMake from
# the kiosk_ui target), and must fail for the reason its name gives; a screen's allowed includes must
# compile, or the refusals would prove nothing.
# Usage: ui_walls.sh CXX FLAGS_FILE PROBE_DIR
set -u
cxx=$1 flags=$2 probes=$3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
failed=0
compile() { "$cxx" -std=c++20 -fsyntax-only @"$flags" "$probes/$1" > "$out" 2>&1; }

if compile screen_allowed.cpp; then echo "ok: a screen's own includes compile"
else echo "FAIL: screen_allowed.cpp does not compile with the UI's flags:"; cat "$out"; failed=1; fi

refused() {  # PROBE TEXT: the compile fails and its message contains TEXT
  if compile "$1"; then echo "FAIL: $1 compiled: the UI can include what it must not"; failed=1
  elif grep -q "$2" "$out"; then echo "ok: $1 refused: $(grep -m1 "$2" "$out" | sed 's/.*error: //')"
  else echo "FAIL: $1 failed, but not with '$2':"; cat "$out"; failed=1; fi
}
refused screen_includes_store.cpp 'rating_store.hpp: No such file'
refused screen_includes_sync.cpp 'sync_worker.hpp: No such file'
refused screen_includes_curl.cpp 'kiosk/ui may not include <curl/curl.h>'
refused screen_includes_httplib.cpp 'kiosk/ui may not include <httplib.h>'
refused screen_includes_openssl.cpp 'kiosk/ui may not include <openssl/ssl.h>'
refused screen_includes_sqlite.cpp 'kiosk/ui may not include <SQLiteCpp/Database.h>'
exit $failed
