// A screen that reaches for the store: the UI's include path has no kiosk/core/store.
#include "rating_store.hpp"
