// The site's time zone (site.time_zone, an IANA name such as "Europe/Amsterdam"), from ICU's zone data:
// the UTC offset at any instant, where a local day begins, and the offset changes (daylight saving)
// within a span, so that days and hours are counted as the people at the counter lived them, a 23-hour
// day in spring and a 25-hour one in autumn included. (GCC 12's libstdc++ has no zone database.)
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

// A local date as a number: days since 1970-01-01 (the civil date, not an instant).
using LocalDay = std::int64_t;

// "2026-03-29"
std::string local_day_text(LocalDay day);
// 0 for Monday … 6 for Sunday.
int weekday_from_monday(LocalDay day);
// The ISO 8601 week of the day: "2026-W13" (the week's year is the year of its Thursday).
std::string iso_week_text(LocalDay day);

constexpr std::int64_t ms_per_hour = 3'600'000;
constexpr std::int64_t ms_per_day = 86'400'000;

// Days and hours of a UTC instant in a zone, given the offset in force then: floor division, so that
// instants before 1970 and negative offsets come out right too.
LocalDay local_day_at(std::int64_t utc_ms, std::int64_t offset_ms);
int local_hour_at(std::int64_t utc_ms, std::int64_t offset_ms);

// One offset in force from `from_ms` until the next span's start.
struct OffsetSpan {
    std::int64_t from_ms = 0;
    std::int64_t offset_ms = 0;  // local time = UTC + offset
};

class TimeZone {
  public:
    // nullopt when ICU does not know `name` as a zone of the tz database (a typo, "GMT+1", "").
    static std::optional<TimeZone> named(const std::string& name);
    TimeZone(const TimeZone& other);
    TimeZone& operator=(const TimeZone& other);
    TimeZone(TimeZone&&) noexcept;
    TimeZone& operator=(TimeZone&&) noexcept;
    ~TimeZone();

    const std::string& name() const { return name_; }
    std::int64_t offset_ms(std::int64_t utc_ms) const;
    LocalDay local_day(std::int64_t utc_ms) const { return local_day_at(utc_ms, offset_ms(utc_ms)); }
    // The UTC instant at which the local day begins (its midnight; where a zone skips midnight, the
    // first moment of the day that exists).
    std::int64_t start_of_day_ms(LocalDay day) const;
    // The offsets in force over [from_ms, to_ms), in order; the first starts at from_ms, each later one
    // at an offset change.
    std::vector<OffsetSpan> offsets(std::int64_t from_ms, std::int64_t to_ms) const;

  private:
    struct Calendar;  // ICU's UCalendar: not shared between copies, so a copy may live on another thread
    TimeZone(std::string name, std::unique_ptr<Calendar> calendar);
    std::string name_;
    std::unique_ptr<Calendar> calendar_;
};

}  // namespace kiosk
