// The site's time zone: offsets, where local days begin, and the daylight-saving changes of
// Europe/Amsterdam in 2026 (last Sunday of March at 01:00 UTC, last Sunday of October at 01:00 UTC).
#include "time_zone.hpp"

#include <catch2/catch.hpp>

#include "utc_ms.hpp"

using namespace kiosk;

namespace {

constexpr std::int64_t hour = 3'600'000;

LocalDay day_of(int y, unsigned m, unsigned d) { return utc_ms(y, m, d) / 86'400'000; }

}  // namespace

TEST_CASE("a zone is known by its IANA name, and a typo or an offset is not a zone") {
    CHECK(TimeZone::named("Europe/Amsterdam"));
    CHECK(TimeZone::named("UTC"));
    CHECK(TimeZone::named("Asia/Kolkata"));
    CHECK_FALSE(TimeZone::named("Europe/Amsterdan"));
    CHECK_FALSE(TimeZone::named("GMT+1"));
    CHECK_FALSE(TimeZone::named(""));
    CHECK_FALSE(TimeZone::named("Europe/Amsterdam\xC3\xA9"));
}

TEST_CASE("Amsterdam's offset is one hour in winter and two in summer, changing at 01:00 UTC") {
    TimeZone zone = *TimeZone::named("Europe/Amsterdam");
    CHECK(zone.offset_ms(utc_ms(2026, 1, 15, 12)) == 1 * hour);
    CHECK(zone.offset_ms(utc_ms(2026, 3, 29, 0, 59, 59)) == 1 * hour);
    CHECK(zone.offset_ms(utc_ms(2026, 3, 29, 1)) == 2 * hour);
    CHECK(zone.offset_ms(utc_ms(2026, 10, 25, 0, 59, 59)) == 2 * hour);
    CHECK(zone.offset_ms(utc_ms(2026, 10, 25, 1)) == 1 * hour);
}

TEST_CASE("the last Sunday of March has 23 hours and the last Sunday of October 25, in Amsterdam") {
    TimeZone zone = *TimeZone::named("Europe/Amsterdam");
    std::int64_t march_29 = zone.start_of_day_ms(day_of(2026, 3, 29));
    CHECK(march_29 == utc_ms(2026, 3, 28, 23));
    CHECK(zone.start_of_day_ms(day_of(2026, 3, 30)) - march_29 == 23 * hour);
    std::int64_t october_25 = zone.start_of_day_ms(day_of(2026, 10, 25));
    CHECK(october_25 == utc_ms(2026, 10, 24, 22));
    CHECK(zone.start_of_day_ms(day_of(2026, 10, 26)) - october_25 == 25 * hour);
}

TEST_CASE("the local day and hour of an instant follow the offset in force then") {
    TimeZone zone = *TimeZone::named("Europe/Amsterdam");
    // 02:30 happens twice on 25 October: first in summer time, then in winter time.
    for (std::int64_t t : {utc_ms(2026, 10, 25, 0, 30), utc_ms(2026, 10, 25, 1, 30)}) {
        CHECK(zone.local_day(t) == day_of(2026, 10, 25));
        CHECK(local_hour_at(t, zone.offset_ms(t)) == 2);
    }
    // 02:00-03:00 never happens on 29 March: 01:59 winter time is followed by 03:00 summer time.
    std::int64_t before = utc_ms(2026, 3, 29, 0, 59), after = utc_ms(2026, 3, 29, 1);
    CHECK(local_hour_at(before, zone.offset_ms(before)) == 1);
    CHECK(local_hour_at(after, zone.offset_ms(after)) == 3);
    CHECK(zone.local_day(utc_ms(2026, 3, 28, 22, 59)) == day_of(2026, 3, 28));
    CHECK(zone.local_day(utc_ms(2026, 3, 28, 23, 0)) == day_of(2026, 3, 29));
}

TEST_CASE("the offsets over a span list each change where it happens") {
    TimeZone zone = *TimeZone::named("Europe/Amsterdam");
    auto year = zone.offsets(utc_ms(2026, 1, 1), utc_ms(2027, 1, 1));
    REQUIRE(year.size() == 3);
    CHECK(year[0].from_ms == utc_ms(2026, 1, 1));
    CHECK(year[0].offset_ms == hour);
    CHECK(year[1].from_ms == utc_ms(2026, 3, 29, 1));
    CHECK(year[1].offset_ms == 2 * hour);
    CHECK(year[2].from_ms == utc_ms(2026, 10, 25, 1));
    CHECK(year[2].offset_ms == hour);
    CHECK(zone.offsets(utc_ms(2026, 6, 1), utc_ms(2026, 6, 8)).size() == 1);
    auto utc = TimeZone::named("UTC")->offsets(utc_ms(2026, 1, 1), utc_ms(2027, 1, 1));
    REQUIRE(utc.size() == 1);
    CHECK(utc[0].offset_ms == 0);
    auto india = TimeZone::named("Asia/Kolkata")->offsets(utc_ms(2026, 1, 1), utc_ms(2026, 2, 1));
    REQUIRE(india.size() == 1);
    CHECK(india[0].offset_ms == 5 * hour + hour / 2);
}

TEST_CASE("dates and ISO weeks are written as ISO 8601 has them") {
    CHECK(local_day_text(day_of(2026, 3, 29)) == "2026-03-29");
    CHECK(weekday_from_monday(day_of(2026, 3, 30)) == 0);  // a Monday
    CHECK(weekday_from_monday(day_of(2026, 3, 29)) == 6);  // a Sunday
    CHECK(iso_week_text(day_of(2026, 3, 29)) == "2026-W13");
    CHECK(iso_week_text(day_of(2026, 12, 31)) == "2026-W53");  // 2026 has 53 ISO weeks
    CHECK(iso_week_text(day_of(2027, 1, 3)) == "2026-W53");
    CHECK(iso_week_text(day_of(2027, 1, 4)) == "2027-W01");
    CHECK(iso_week_text(day_of(2024, 12, 30)) == "2025-W01");
}
