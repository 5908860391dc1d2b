// A screen that reaches for the sync worker: the UI's include path has no kiosk/core/sync.
#include "sync_worker.hpp"
