#include "identifiers.hpp"

#include <catch2/catch.hpp>
#include <set>

TEST_CASE("UUIDv7 carries the time in its first 48 bits and sorts by it") {
    std::string a = kiosk::make_uuid_v7(1'700'000'000'000);
    std::string b = kiosk::make_uuid_v7(1'700'000'000'001);
    CHECK(a.size() == 36);
    CHECK(a.substr(0, 13) == "018bcfe5-6800");
    CHECK(a[14] == '7');
    CHECK(std::string("89ab").find(a[19]) != std::string::npos);
    CHECK(a < b);
}

TEST_CASE("short references are unambiguous and do not repeat in 10 000 draws") {
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        std::string ref = kiosk::make_short_reference();
        REQUIRE(ref.size() == 9);
        REQUIRE(ref[4] == '-');
        REQUIRE(ref.find_first_of("01OILl") == std::string::npos);
        seen.insert(ref);
    }
    CHECK(seen.size() == 10000);
}
