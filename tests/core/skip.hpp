// Catch2 2.13 (Debian 12's) has no SKIP. A test case that cannot run here says why with SKIP_TEST and
// ends; main.cpp lists every skip when the run ends and exits 77 (ctest's SKIP_RETURN_CODE) when every
// test case it ran was skipped, so ctest, which runs one test case per process, reports it skipped,
// while a run of the whole binary goes on to the next test and finishes.
#pragma once
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

namespace test_skips {

struct Run {
    std::string current;                                       // the test case running now
    int started = 0;                                           // test cases run
    std::vector<std::pair<std::string, std::string>> skipped;  // test case, why
};

inline Run& run() {
    static Run r;
    return r;
}

inline void skipped(const std::string& why) { run().skipped.emplace_back(run().current, why); }

}  // namespace test_skips

// Only at the top level of a TEST_CASE (it returns from it), before any check.
#define SKIP_TEST(why)              \
    do {                            \
        WARN("skipped: " << (why)); \
        ::test_skips::skipped(why); \
        return;                     \
    } while (false)

// For what only root may do here: make a device node, give a file to another user.
#define SKIP_UNLESS_ROOT(why)                                \
    do {                                                     \
        if (::geteuid() != 0) SKIP_TEST("needs root: " why); \
    } while (false)
