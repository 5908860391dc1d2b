// Where a period of the scores begins and ends in the site's time zone, and how its trend is cut.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>

#include "scores.hpp"
#include "time_zone.hpp"

namespace kiosk {

struct PeriodBounds {
    LocalDay first_day = 0;    // the period's first local day
    LocalDay last_day = 0;     // today
    std::int64_t from_ms = 0;  // the first day's local midnight, UTC
    std::int64_t to_ms = 0;    // just after now: [from_ms, to_ms) holds what finished by now
    TrendUnit unit = TrendUnit::day;
};

PeriodBounds period_bounds(ScoresPeriod period, std::int64_t now_ms, const TimeZone& zone);

// The trend's buckets over [first_day, last_day]: which one a local day falls in, and how many.
class TrendBuckets {
  public:
    TrendBuckets(LocalDay first_day, LocalDay last_day, TrendUnit unit);
    std::size_t count() const { return count_; }
    // nullopt for a day outside the period.
    std::optional<std::size_t> index(LocalDay day) const;
    LocalDay first_day_of(std::size_t index) const;

  private:
    LocalDay first_key_;
    TrendUnit unit_;
    std::size_t count_;
};

}  // namespace kiosk
