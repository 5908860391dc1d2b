// A site's calendar: which day it is at a site and where each of its local hours begins and ends in
// UTC, in the site's IANA time zone, across daylight-saving changes. ICU's zone data does it (the
// ucal_* C API): GCC 12's std::chrono has no time-zone database. PostgreSQL has its own (AT TIME
// ZONE); the ledger's tests check that both backends count the same days and hours.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace central {

// A calendar day, in no zone.
using Day = std::chrono::sys_days;

// True for a time-zone id ICU knows as a system zone: an IANA name ("Europe/Amsterdam", "UTC") or one
// of its links, never a custom offset ("GMT+3") or a name ICU would silently read as GMT.
bool is_time_zone(std::string_view id);

// "YYYY-MM-DD".
std::string day_text(Day day);

// The day it is in `zone` at `ms` milliseconds since 1970. Throws std::invalid_argument for a zone
// that is_time_zone refuses.
Day local_day(const std::string& zone, std::int64_t ms);

// A stretch of UTC time with one local day and hour: [start_ms, end_ms).
struct LocalHour {
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
    Day day;
    int hour = 0;  // 0..23
};

// Every local hour of the days `first` to `last` (both included) in `zone`, in order, without gap or
// overlap, cut where the zone's offset changes: the first starts when `first` begins there, the last
// ends when `last` ends. A day that springs forward has 23 of them, one that falls back 25 (hour 2, or
// whichever repeats, twice). Throws std::invalid_argument for a zone that is_time_zone refuses.
std::vector<LocalHour> local_hours(const std::string& zone, Day first, Day last);

}  // namespace central
