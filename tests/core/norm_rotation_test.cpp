// Rotation: every norm asked about equally often over many visits, each visit short.
#include "norm_rotation.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

using kiosk::NormRotation;

TEST_CASE("over 10 000 visits every norm is asked, and the most- and least-asked differ by at most one") {
    const std::vector<std::string> all = {"bsc1", "bsc2", "bsc3", "bsc4",        "bsc5",
                                          "bsc6", "bsc7", "bsc8", "waiting-time"};
    for (std::size_t norm_count : {3u, 5u, 8u, 9u}) {
        std::vector<std::string> norms(all.begin(), all.begin() + static_cast<long>(norm_count));
        for (int per_visit : {1, 2, 3, 4}) {
            NormRotation rotation(norms, per_visit, 7);
            std::map<std::string, int> asked;
            for (int visit = 0; visit < 10000; ++visit) {
                auto plan = rotation.plan_visit();
                REQUIRE(plan.size() == std::min<std::size_t>(per_visit, norm_count));
                REQUIRE(std::set<std::string>(plan.begin(), plan.end()).size() ==
                        plan.size());  // no norm twice
                rotation.count_asked(plan);
                for (const auto& n : plan) ++asked[n];
            }
            auto [least, most] = std::minmax_element(asked.begin(), asked.end(),
                                                     [](auto& a, auto& b) { return a.second < b.second; });
            INFO(norm_count << " norms, " << per_visit << " per visit: " << least->first << " asked "
                            << least->second << " times, " << most->first << " " << most->second);
            CHECK(asked.size() == norm_count);  // every configured norm is asked
            CHECK(most->second - least->second <= 1);
        }
    }
}

TEST_CASE("a plan counts only once its visit is counted: walk-aways do not skew the rotation") {
    NormRotation rotation({"a", "b", "c", "d", "e"}, 2, 1);
    auto first = rotation.plan_visit();
    CHECK(rotation.asked(first[0]) == 0);  // planned, nobody answered yet
    rotation.count_asked(first);
    CHECK(rotation.asked(first[0]) == 1);
    std::map<std::string, int> first_asked;
    for (int visit = 0; visit < 10000; ++visit) {
        auto plan = rotation.plan_visit();
        rotation.count_asked(plan);
        ++first_asked[plan.front()];
    }
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
