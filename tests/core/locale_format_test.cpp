// Numbers and dates in each language's own way of writing them.
#include "locale_format.hpp"

#include <catch2/catch.hpp>

#include "catalogues.hpp"
#include "test_paths.hpp"

using namespace kiosk;

namespace {
constexpr std::int64_t november_22_2026 = 1'795'359'600'000;  // 2026-11-22 15:00 UTC
}

TEST_CASE("an average grade is written with each language's decimal separator") {
    Catalogues c(test_locale_dir());
    CHECK(format_number(c, "en", 7.44, 1) == "7.4");
    CHECK(format_number(c, "nl", 7.44, 1) == "7,4");
    CHECK(format_number(c, "de", 1234.5, 1) == "1.234,5");
    CHECK(format_number(c, "en", 1234.5, 1) == "1,234.5");
    CHECK(format_number(c, "fr", 1234.5, 1) == "1\u202f234,5");
    CHECK(format_number(c, "pl", 1234.5, 1) == "1\u00a0234,5");
    CHECK(format_number(c, "bg", 12345.5, 1) == "12\u00a0345,5");
}

TEST_CASE("a date is written in each language's own form") {
    Catalogues c(test_locale_dir());
    CHECK(format_date(c, "de", november_22_2026) == "22.11.2026");
    CHECK(format_date(c, "en", november_22_2026) == "Nov 22, 2026");
    CHECK(format_date(c, "nl", november_22_2026) == "22 nov 2026");
    CHECK(format_date(c, "el", november_22_2026) == "22 Νοε 2026");
    // The day follows the time zone: late evening in UTC is already the next day in Amsterdam.
    CHECK(format_date(c, "de", november_22_2026 + 8 * 3600 * 1000, "Europe/Amsterdam") == "23.11.2026");
}
