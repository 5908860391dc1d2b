// Numbers and dates written the way each language writes them (ICU through Boost.Locale), for what
// managers read: averages ("7,4" in Dutch, "7.4" in English), counts, and dates.
#pragma once
#include <cstdint>
#include <string>

#include "catalogues.hpp"

namespace kiosk {

// A number with a fixed count of decimals and the language's separators ("1.234,5" in German).
std::string format_number(const Catalogues& catalogues, const std::string& language, double value,
                          int decimals);

// A calendar date in the language's medium form ("22.11.2026" in German), in the given time zone
// (an Olson name such as "Europe/Amsterdam"; empty: UTC).
std::string format_date(const Catalogues& catalogues, const std::string& language, std::int64_t utc_ms,
                        const std::string& time_zone = {});

}  // namespace kiosk
