// Backoff: full jitter between 0 and min(cap, base·2ⁿ), base 2 s, cap 15 min; a longer Retry-After wins.
#include <catch2/catch.hpp>

#include "backoff.hpp"

using namespace kiosk;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("the backoff ceiling doubles from 4 s and stops at 15 minutes") {
    Backoff b;
    CHECK(b.ceiling(1) == seconds(4));
    CHECK(b.ceiling(2) == seconds(8));
    CHECK(b.ceiling(8) == seconds(512));
    CHECK(b.ceiling(9) == seconds(900));
    CHECK(b.ceiling(30) == seconds(900));
    CHECK(b.ceiling(1000) == seconds(900));
}

TEST_CASE("a drawn wait lies between 0 and the ceiling and follows the random source") {
    double draw = 0;
    Backoff b(Backoff::default_base, Backoff::default_cap, [&] { return draw; });
    draw = 0.0;
    CHECK(b.delay(3) == milliseconds(0));
    draw = 0.5;
    CHECK(b.delay(3) == seconds(8));
    draw = 0.999999;
    CHECK(b.delay(3) <= seconds(16));
    CHECK(b.delay(3) > seconds(15));
    CHECK(b.delay(50) <= seconds(900));
    Backoff real;
    for (int n = 1; n < 20; ++n) {
        auto d = real.delay(n);
        CHECK(d >= milliseconds(0));
        CHECK(d <= real.ceiling(n));
    }
}

TEST_CASE("Retry-After overrides the drawn wait only when longer and at most an hour") {
    Backoff b(Backoff::default_base, Backoff::default_cap, [] { return 0.5; });
    CHECK(b.delay(1, seconds(30)) == seconds(30));  // drawn 2 s
    CHECK(b.delay(6, seconds(30)) == seconds(64));  // drawn 64 s is longer
    CHECK(b.delay(1, seconds(100000)) == seconds(3600));
}
