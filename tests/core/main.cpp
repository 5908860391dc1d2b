// The test runner of every test binary (core, ledger, central, ui, script): Catch2's, plus the skips that
// skip.hpp records, listed at the end; exit 77 when every test case that ran was skipped.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdio>

#include "skip.hpp"

namespace {

struct SkipCounter : Catch::TestEventListenerBase {
    using TestEventListenerBase::TestEventListenerBase;
    void testCaseStarting(const Catch::TestCaseInfo& info) override {
        test_skips::run().current = info.name;
        ++test_skips::run().started;
    }
};

}  // namespace

CATCH_REGISTER_LISTENER(SkipCounter)

int main(int argc, char* argv[]) {
    int failed = Catch::Session().run(argc, argv);
    const test_skips::Run& run = test_skips::run();
    if (!run.skipped.empty()) {
        std::printf("skipped %zu of %d test cases:\n", run.skipped.size(), run.started);
        for (const auto& [name, why] : run.skipped) std::printf("  %s: %s\n", name.c_str(), why.c_str());
    }
    bool all_skipped = run.started > 0 && static_cast<int>(run.skipped.size()) == run.started;
    return failed == 0 && all_skipped ? 77 : failed;
}
