#include "score_period.hpp"

namespace kiosk {
namespace {

LocalDay monday_of(LocalDay day) { return day - weekday_from_monday(day); }

}  // namespace

PeriodBounds period_bounds(ScoresPeriod period, std::int64_t now_ms, const TimeZone& zone) {
    PeriodBounds b;
    b.last_day = zone.local_day(now_ms);
    switch (period) {
        case ScoresPeriod::today:
            b.first_day = b.last_day;
            break;
        case ScoresPeriod::days_7:
            b.first_day = b.last_day - 6;
            break;
        case ScoresPeriod::days_30:
            b.first_day = b.last_day - 29;
            break;
        case ScoresPeriod::months_12:
            b.first_day = monday_of(b.last_day) - 52 * 7;
            b.unit = TrendUnit::iso_week;
            break;
    }
    b.from_ms = zone.start_of_day_ms(b.first_day);
    b.to_ms = now_ms + 1;
    return b;
}

TrendBuckets::TrendBuckets(LocalDay first_day, LocalDay last_day, TrendUnit unit)
    : first_key_(unit == TrendUnit::day ? first_day : monday_of(first_day)), unit_(unit) {
    LocalDay last_key = unit == TrendUnit::day ? last_day : monday_of(last_day);
    count_ = static_cast<std::size_t>((last_key - first_key_) / (unit == TrendUnit::day ? 1 : 7) + 1);
}

std::optional<std::size_t> TrendBuckets::index(LocalDay day) const {
    LocalDay key = unit_ == TrendUnit::day ? day : monday_of(day);
    if (key < first_key_) return std::nullopt;
    auto i = static_cast<std::size_t>((key - first_key_) / (unit_ == TrendUnit::day ? 1 : 7));
    if (i >= count_) return std::nullopt;
    return i;
}

LocalDay TrendBuckets::first_day_of(std::size_t index) const {
    return first_key_ + static_cast<LocalDay>(index) * (unit_ == TrendUnit::day ? 1 : 7);
}

}  // namespace kiosk
