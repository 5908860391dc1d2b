#include "time_zone.hpp"

#include <unicode/ucal.h>

#include <cassert>
#include <chrono>
#include <cstdio>

namespace kiosk {
namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

std::chrono::year_month_day civil(LocalDay day) {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{day}}};
}

LocalDay day_of(std::chrono::year_month_day date) {
    return std::chrono::sys_days{date}.time_since_epoch().count();
}

// Zone names are ASCII (the tz database's own rule); anything else is no zone.
std::optional<std::u16string> ascii_utf16(const std::string& text) {
    std::u16string out;
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80 || c == '\0') return std::nullopt;
        out += static_cast<char16_t>(c);
    }
    return out;
}

}  // namespace

std::string local_day_text(LocalDay day) {
    auto date = civil(day);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

int weekday_from_monday(LocalDay day) {
    return static_cast<int>(
               std::chrono::weekday{std::chrono::sys_days{std::chrono::days{day}}}.iso_encoding()) -
           1;
}

std::string iso_week_text(LocalDay day) {
    LocalDay thursday = day - weekday_from_monday(day) + 3;
    auto year = civil(thursday).year();
    LocalDay first_of_year = day_of(year / std::chrono::January / 1);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-W%02d", static_cast<int>(year),
                  static_cast<int>((thursday - first_of_year) / 7 + 1));
    return text;
}

LocalDay local_day_at(std::int64_t utc_ms, std::int64_t offset_ms) {
    return floor_div(utc_ms + offset_ms, ms_per_day);
}

int local_hour_at(std::int64_t utc_ms, std::int64_t offset_ms) {
    std::int64_t local = utc_ms + offset_ms;
    return static_cast<int>((local - floor_div(local, ms_per_day) * ms_per_day) / ms_per_hour);
}

struct TimeZone::Calendar {
    UCalendar* cal = nullptr;
    explicit Calendar(UCalendar* c) : cal(c) {}
    ~Calendar() {
        if (cal) ucal_close(cal);
    }
    Calendar(const Calendar&) = delete;
    Calendar& operator=(const Calendar&) = delete;
};

std::optional<TimeZone> TimeZone::named(const std::string& name) {
    auto id = ascii_utf16(name);
    if (!id || id->empty()) return std::nullopt;
    // ucal_open falls back to "Etc/Unknown" (UTC) for a name it does not know; the canonical-id
    // lookup says whether the tz database has it.
    UChar canonical[128];
    UBool is_system = false;
    UErrorCode status = U_ZERO_ERROR;
    ucal_getCanonicalTimeZoneID(id->data(), static_cast<int32_t>(id->size()), canonical, 128, &is_system,
                                &status);
    if (U_FAILURE(status) || !is_system) return std::nullopt;
    status = U_ZERO_ERROR;
    UCalendar* cal =
        ucal_open(id->data(), static_cast<int32_t>(id->size()), "en_US_POSIX", UCAL_GREGORIAN, &status);
    if (U_FAILURE(status)) {
        if (cal) ucal_close(cal);
        return std::nullopt;
    }
    // A midnight that a spring change skips is taken as the first moment after the gap; one that an
    // autumn change repeats, the first time.
    ucal_setAttribute(cal, UCAL_SKIPPED_WALL_TIME, UCAL_WALLTIME_NEXT_VALID);
    ucal_setAttribute(cal, UCAL_REPEATED_WALL_TIME, UCAL_WALLTIME_FIRST);
    return TimeZone(name, std::make_unique<Calendar>(cal));
}

TimeZone::TimeZone(std::string name, std::unique_ptr<Calendar> calendar)
    : name_(std::move(name)), calendar_(std::move(calendar)) {}

TimeZone::TimeZone(const TimeZone& other) : name_(other.name_) {
    UErrorCode status = U_ZERO_ERROR;
    calendar_ = std::make_unique<Calendar>(ucal_clone(other.calendar_->cal, &status));
    assert(U_SUCCESS(status) && "ICU clones a calendar it opened");
}

TimeZone& TimeZone::operator=(const TimeZone& other) {
    if (this != &other) *this = TimeZone(other);
    return *this;
}

TimeZone::TimeZone(TimeZone&&) noexcept = default;
TimeZone& TimeZone::operator=(TimeZone&&) noexcept = default;
TimeZone::~TimeZone() = default;

std::int64_t TimeZone::offset_ms(std::int64_t utc_ms) const {
    UErrorCode status = U_ZERO_ERROR;
    UCalendar* cal = calendar_->cal;
    ucal_setMillis(cal, static_cast<UDate>(utc_ms), &status);
    std::int64_t offset = ucal_get(cal, UCAL_ZONE_OFFSET, &status);
    offset += ucal_get(cal, UCAL_DST_OFFSET, &status);
    assert(U_SUCCESS(status) && "ICU gives the offset of any instant within its calendar's range");
    return offset;
}

std::int64_t TimeZone::start_of_day_ms(LocalDay day) const {
    auto date = civil(day);
    UErrorCode status = U_ZERO_ERROR;
    UCalendar* cal = calendar_->cal;
    ucal_clear(cal);
    ucal_setDateTime(cal, static_cast<int>(date.year()),
                     static_cast<int>(static_cast<unsigned>(date.month())) - 1,
                     static_cast<int>(static_cast<unsigned>(date.day())), 0, 0, 0, &status);
    auto ms = static_cast<std::int64_t>(ucal_getMillis(cal, &status));
    assert(U_SUCCESS(status) && "ICU finds the start of any day within its calendar's range");
    return ms;
}

std::vector<OffsetSpan> TimeZone::offsets(std::int64_t from_ms, std::int64_t to_ms) const {
    std::vector<OffsetSpan> spans{{from_ms, offset_ms(from_ms)}};
    UCalendar* cal = calendar_->cal;
    std::int64_t at = from_ms;
    for (;;) {
        UErrorCode status = U_ZERO_ERROR;
        ucal_setMillis(cal, static_cast<UDate>(at), &status);
        UDate next = 0;
        if (!ucal_getTimeZoneTransitionDate(cal, UCAL_TZ_TRANSITION_NEXT, &next, &status) ||
            U_FAILURE(status))
            break;
        at = static_cast<std::int64_t>(next);
        if (at >= to_ms) break;
        std::int64_t offset = offset_ms(at);
        // A transition that changes only the zone's name or standard/daylight split keeps the offset.
        if (offset != spans.back().offset_ms) spans.push_back({at, offset});
    }
    return spans;
}

}  // namespace kiosk
