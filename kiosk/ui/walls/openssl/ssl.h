// A wall, not a header: the UI's include path finds this file before the system's <openssl/ssl.h>.
// The screens draw what kiosk_core hands them; the database, the network and keys belong to the core's
// rooms (kiosk/core/store, kiosk/core/sync; docs/architecture.md). tests/build/ui_walls.sh proves it.
#error \
    "kiosk/ui may not include <openssl/ssl.h>: the UI draws core state; the store and sync live in kiosk/core"
