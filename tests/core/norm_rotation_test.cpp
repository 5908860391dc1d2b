// Rotation: every norm asked about equally often over many visits, each visit short.
#include <catch2/catch.hpp>

#include <set>

#include "norm_rotation.hpp"

using kiosk::NormRotation;

TEST_CASE("over 10 000 visits every norm is asked within 5 % of the mean") {
    std::vector<std::string> norms = {"bsc1", "bsc2", "bsc3", "bsc4", "bsc5", "bsc6", "bsc7", "waiting-time"};
    for (int per_visit : {2, 3, 4}) {
        NormRotation rotation(norms, per_visit, 7);
        std::map<std::string, int> asked;
        for (int visit = 0; visit < 10000; ++visit) {
            auto plan = rotation.plan_visit();
            REQUIRE(plan.size() == static_cast<std::size_t>(per_visit));
            REQUIRE(std::set<std::string>(plan.begin(), plan.end()).size() == plan.size());  // no norm twice
            for (const auto& n : plan) ++asked[n];
        }
        double mean = 10000.0 * per_visit / norms.size();
        for (const auto& n : norms) {
            INFO(n << " asked " << asked[n] << " times, mean " << mean << ", " << per_visit << " per visit");
            CHECK(std::abs(asked[n] - mean) <= 0.05 * mean);
        }
    }
}

TEST_CASE("visits cut short still leave every norm asked about equally often") {
    // Counting happens when a visit is planned, so early leavers do not starve the later norms.
    NormRotation rotation({"a", "b", "c", "d", "e"}, 2, 1);
    std::map<std::string, int> first_asked;
    for (int visit = 0; visit < 10000; ++visit) ++first_asked[rotation.plan_visit().front()];
    for (auto& [norm, count] : first_asked) CHECK(count > 1000);
}

TEST_CASE("restored counts carry on where the last run stopped, and a new norm starts level") {
    NormRotation rotation({"a", "b", "c"}, 2, 3);
    rotation.restore({{"a", 100}, {"b", 90}});
    CHECK(rotation.asked("c") == 90);
    auto plan = rotation.plan_visit();
    CHECK(std::find(plan.begin(), plan.end(), "a") == plan.end());
}

TEST_CASE("the questions of a visit come in the configured order") {
    NormRotation rotation({"bsc1", "bsc2", "bsc3", "bsc4"}, 4, 9);
    CHECK(rotation.plan_visit() == std::vector<std::string>{"bsc1", "bsc2", "bsc3", "bsc4"});
}
