// A site's calendar (central/ledger/site_calendar.hpp): its days and hours in its time zone by ICU, the
// SQLite backend's only source of them. Checked against the zone rules as published: Amsterdam changes
// at 01:00 UTC on the last Sundays of March and October; Kathmandu is UTC+05:45 all year.
#include <catch2/catch.hpp>

#include "protocol/utc_text.hpp"
#include "site_calendar.hpp"

using central::Day;

namespace {

Day date(int y, unsigned m, unsigned d) {
    return Day{std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}};
}
std::int64_t ms(const std::string& utc) { return protocol::utc_time_ms(utc).value(); }

// "HH start-end" of each hour, the times in UTC as HH:MM.
std::vector<std::string> shown(const std::vector<central::LocalHour>& hours) {
    std::vector<std::string> out;
    for (const auto& h : hours) {
        auto hhmm = [](std::int64_t t) { return protocol::utc_ms_text(t).substr(11, 5); };
        out.push_back(std::to_string(h.hour) + " " + hhmm(h.start_ms) + "-" + hhmm(h.end_ms));
    }
    return out;
}

}  // namespace

TEST_CASE("a site's day that falls back has 25 hours, hour 2 twice, end to end", "[ledger][site-calendar]") {
    const auto hours = central::local_hours("Europe/Amsterdam", date(2026, 10, 25), date(2026, 10, 25));
    REQUIRE(hours.size() == 25);
    CHECK(hours.front().start_ms == ms("2026-10-24T22:00:00Z"));  // 00:00 CEST
    CHECK(hours.back().end_ms == ms("2026-10-25T23:00:00Z"));     // 24:00 CET
    CHECK(shown(hours)[2] == "2 00:00-01:00");
    CHECK(shown(hours)[3] == "2 01:00-02:00");
    CHECK(shown(hours)[4] == "3 02:00-03:00");
    for (std::size_t i = 1; i < hours.size(); ++i) CHECK(hours[i].start_ms == hours[i - 1].end_ms);
    for (const auto& h : hours) CHECK(h.day == date(2026, 10, 25));
}

TEST_CASE("a site's day that springs forward has 23 hours and no hour 2", "[ledger][site-calendar]") {
    const auto hours = central::local_hours("Europe/Amsterdam", date(2026, 3, 29), date(2026, 3, 29));
    REQUIRE(hours.size() == 23);
    CHECK(hours.front().start_ms == ms("2026-03-28T23:00:00Z"));  // 00:00 CET
    CHECK(hours.back().end_ms == ms("2026-03-29T22:00:00Z"));     // 24:00 CEST
    CHECK(shown(hours)[1] == "1 00:00-01:00");
    CHECK(shown(hours)[2] == "3 01:00-02:00");
    for (std::size_t i = 1; i < hours.size(); ++i) CHECK(hours[i].start_ms == hours[i - 1].end_ms);
}

TEST_CASE("a zone three quarters of an hour off UTC starts its hours at a quarter to",
          "[ledger][site-calendar]") {
    const auto hours = central::local_hours("Asia/Kathmandu", date(2026, 10, 25), date(2026, 10, 26));
    REQUIRE(hours.size() == 48);
    CHECK(shown(hours).front() == "0 18:15-19:15");
    CHECK(hours[24].day == date(2026, 10, 26));
    CHECK(hours[24].start_ms == ms("2026-10-25T18:15:00Z"));
}

TEST_CASE("the site's today turns at its own midnight, not UTC's", "[ledger][site-calendar]") {
    CHECK(central::local_day("Europe/Amsterdam", ms("2026-10-20T21:59:59.999Z")) == date(2026, 10, 20));
    CHECK(central::local_day("Europe/Amsterdam", ms("2026-10-20T22:00:00.000Z")) == date(2026, 10, 21));
    CHECK(central::local_day("America/New_York", ms("2026-10-21T03:59:59.999Z")) == date(2026, 10, 20));
    CHECK(central::local_day("UTC", ms("2026-10-20T23:59:59.999Z")) == date(2026, 10, 20));
    CHECK(central::day_text(date(2026, 3, 9)) == "2026-03-09");
}

TEST_CASE("only an IANA time zone is a time zone", "[ledger][site-calendar]") {
    for (const char* zone : {"Europe/Amsterdam", "UTC", "America/Argentina/Buenos_Aires", "Asia/Kathmandu",
                             "Etc/GMT+3", "US/Eastern"})
        CHECK(central::is_time_zone(zone));
    for (const char* zone : {"", "Europe/Atlantis", "GMT+3", "+01:00", "europe amsterdam",
                             "Europe/Amsterdam\n", "../../etc/passwd", "Etc/Unknown"})
        CHECK_FALSE(central::is_time_zone(zone));
    CHECK_THROWS_AS(central::local_day("Europe/Atlantis", 0), std::invalid_argument);
}
