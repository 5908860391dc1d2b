// Where the core tests read files of the tree: the build's own paths, unless the environment names
// copies (tests/core/run_unprivileged.sh runs core_tests as a user who may not read the checkout).
#pragma once
#include <cstdlib>
#include <string>

inline std::string test_locale_dir() {
    const char* copy = std::getenv("KIOSK_TEST_LOCALE_DIR");
    return copy ? copy : KIOSK_LOCALE_DIR;
}

inline std::string test_source_dir() {
    const char* copy = std::getenv("KIOSK_TEST_SOURCE_DIR");
    return copy ? copy : KIOSK_SOURCE_DIR;
}
