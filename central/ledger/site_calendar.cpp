#include "site_calendar.hpp"

#include <unicode/ucal.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace central {
namespace {

constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t day_ms = 24 * hour_ms;
// No zone is further than this from UTC (the extremes are -12 h and +14 h).
constexpr std::int64_t widest_offset_ms = 15 * hour_ms;
constexpr std::size_t longest_zone_id = 64;

struct CalendarClose {
    void operator()(UCalendar* calendar) const { ucal_close(calendar); }
};
using Calendar = std::unique_ptr<UCalendar, CalendarClose>;

std::u16string utf16(std::string_view ascii) { return {ascii.begin(), ascii.end()}; }

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

Calendar open_calendar(const std::string& zone) {
    if (!is_time_zone(zone)) throw std::invalid_argument("'" + zone + "' is not a time zone ICU knows");
    std::u16string id = utf16(zone);
    UErrorCode status = U_ZERO_ERROR;
    Calendar calendar(ucal_open(reinterpret_cast<const UChar*>(id.data()), static_cast<int32_t>(id.size()),
                                "en_US_POSIX", UCAL_GREGORIAN, &status));
    if (U_FAILURE(status) || !calendar)
        throw std::invalid_argument("cannot open the time zone '" + zone + "': " + u_errorName(status));
    return calendar;
}

// The zone's offset from UTC at `ms` (standard and daylight saving together).
std::int64_t offset_at(UCalendar* calendar, std::int64_t ms) {
    UErrorCode status = U_ZERO_ERROR;
    ucal_setMillis(calendar, static_cast<UDate>(ms), &status);
    const std::int64_t offset = ucal_get(calendar, UCAL_ZONE_OFFSET, &status);
    const std::int64_t saving = ucal_get(calendar, UCAL_DST_OFFSET, &status);
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("ICU cannot tell a zone's offset: ") + u_errorName(status));
    return offset + saving;
}

// The first time after `ms` at which the zone's offset changes, or `otherwise` when none comes before.
std::int64_t next_change(UCalendar* calendar, std::int64_t ms, std::int64_t otherwise) {
    UErrorCode status = U_ZERO_ERROR;
    ucal_setMillis(calendar, static_cast<UDate>(ms), &status);
    UDate when = 0;
    const bool found = ucal_getTimeZoneTransitionDate(calendar, UCAL_TZ_TRANSITION_NEXT, &when, &status);
    if (U_FAILURE(status) || !found) return otherwise;
    return std::min(otherwise, static_cast<std::int64_t>(when));
}

std::int64_t day_start_utc_ms(Day day) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(day.time_since_epoch()).count();
}

}  // namespace

bool is_time_zone(std::string_view id) {
    if (id.empty() || id.size() > longest_zone_id) return false;
    const bool plain = std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
               c == '_' || c == '+' || c == '-';
    });
    if (!plain) return false;
    std::u16string text = utf16(id);
    UChar canonical[128];
    UBool system = false;
    UErrorCode status = U_ZERO_ERROR;
    ucal_getCanonicalTimeZoneID(reinterpret_cast<const UChar*>(text.data()),
                                static_cast<int32_t>(text.size()), canonical,
                                static_cast<int32_t>(std::size(canonical)), &system, &status);
    return U_SUCCESS(status) && system;
}

std::string day_text(Day day) {
    const std::chrono::year_month_day date{day};
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return out;
}

Day local_day(const std::string& zone, std::int64_t ms) {
    Calendar calendar = open_calendar(zone);
    return Day{std::chrono::days{floor_div(ms + offset_at(calendar.get(), ms), day_ms)}};
}

std::vector<LocalHour> local_hours(const std::string& zone, Day first, Day last) {
    Calendar calendar = open_calendar(zone);
    std::vector<LocalHour> hours;
    // From well before `first` begins anywhere to well after `last` ends anywhere; only the hours whose
    // local day is in [first, last] are kept.
    const std::int64_t window_end = day_start_utc_ms(last + std::chrono::days{1}) + widest_offset_ms;
    for (std::int64_t from = day_start_utc_ms(first) - widest_offset_ms; from < window_end;) {
        // [from, until): one offset.
        const std::int64_t offset = offset_at(calendar.get(), from);
        const std::int64_t until = next_change(calendar.get(), from, window_end);
        for (std::int64_t local_hour = floor_div(from + offset, hour_ms) * hour_ms;
             local_hour - offset < until; local_hour += hour_ms) {
            const Day day{std::chrono::days{floor_div(local_hour, day_ms)}};
            if (day < first || day > last) continue;
            const std::int64_t start = std::max(from, local_hour - offset);
            const std::int64_t end = std::min(until, local_hour + hour_ms - offset);
            const int hour =
                static_cast<int>((local_hour - floor_div(local_hour, day_ms) * day_ms) / hour_ms);
            if (start < end) hours.push_back(LocalHour{start, end, day, hour});
        }
        from = until;
    }
    return hours;
}

}  // namespace central
