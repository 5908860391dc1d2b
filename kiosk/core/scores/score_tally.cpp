#include "score_tally.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>

namespace kiosk {

bool whole_hours(const std::vector<OffsetSpan>& offsets) {
    for (std::size_t i = 0; i < offsets.size(); ++i) {
        if (offsets[i].offset_ms % ms_per_hour != 0) return false;
        if (i > 0 && offsets[i].from_ms % ms_per_hour != 0) return false;
    }
    return true;
}

ScoreTally::ScoreTally(std::vector<OffsetSpan> offsets, const TrendBuckets& buckets, bool with_bursts)
    : offsets_(std::move(offsets)), buckets_(buckets), with_bursts_(with_bursts) {
    assert(!offsets_.empty() && "a period has an offset in force at its start");
    tally_.trend_ratings.assign(buckets_.count(), 0);
    tally_.trend_grade_sum.assign(buckets_.count(), 0);
}

std::int64_t ScoreTally::offset_at(std::int64_t utc_ms) const {
    // The last span that starts at or before the time; the first one also serves anything earlier.
    auto after = std::upper_bound(offsets_.begin(), offsets_.end(), utc_ms,
                                  [](std::int64_t t, const OffsetSpan& span) { return t < span.from_ms; });
    return after == offsets_.begin() ? offsets_.front().offset_ms : std::prev(after)->offset_ms;
}

void ScoreTally::add_when(std::int64_t utc_ms, std::int64_t ratings, std::int64_t graded,
                          std::int64_t grade_sum) {
    std::int64_t offset = offset_at(utc_ms);
    tally_.finished += ratings;
    tally_.ratings += graded;
    tally_.grade_sum += grade_sum;
    tally_.hours[static_cast<std::size_t>(local_hour_at(utc_ms, offset))] += ratings;
    if (auto i = buckets_.index(local_day_at(utc_ms, offset))) {
        tally_.trend_ratings[*i] += graded;
        tally_.trend_grade_sum[*i] += grade_sum;
    }
}

void ScoreTally::add(const HourCell& cell) {
    assert(whole_hours(offsets_) && "a summary's UTC hour lies in one local hour");
    if (cell.burst) tally_.bursts_flagged += cell.ratings;
    if (cell.burst && !with_bursts_) return;
    add_when(cell.hour * ms_per_hour, cell.ratings, cell.graded, cell.grade_sum);
}

void ScoreTally::add(const DayCell& cell) {
    if (cell.burst && !with_bursts_) return;
    for (std::size_t g = 0; g < 10; ++g) tally_.grades[g] += cell.grades[g];
    tally_.completed += cell.completed;
    tally_.stopped += cell.stopped;
    tally_.timed_out += cell.timed_out;
    tally_.abandoned += cell.abandoned;
}

void ScoreTally::add(const LanguageCell& cell) {
    if (cell.burst && !with_bursts_) return;
    tally_.languages[cell.language] += cell.ratings;
}

void ScoreTally::add(const NormCell& cell) {
    if (cell.burst && !with_bursts_) return;
    TallyNorm& norm = tally_.norms[cell.norm_id];
    norm.not_applicable += cell.counts.not_applicable;
    for (std::size_t a = 0; a < 5; ++a) {
        norm.answers[a] += cell.counts.ungraded[a];
        for (std::size_t g = 0; g < 10; ++g) {
            norm.answers[a] += cell.counts.by_grade[g][a];
            norm.pairs[g][a] += cell.counts.by_grade[g][a];
        }
    }
}

void ScoreTally::add(const FinalRating& rating) {
    if (rating.burst) ++tally_.bursts_flagged;
    if (rating.burst && !with_bursts_) return;
    bool graded = rating.grade.has_value();
    add_when(rating.finished_ms, 1, graded ? 1 : 0, rating.grade.value_or(0));
    if (graded) {
        assert(*rating.grade >= 1 && *rating.grade <= 10 && "the schema keeps grades 1-10");
        ++tally_.grades[static_cast<std::size_t>(*rating.grade - 1)];
    }
    if (rating.end_reason == "completed") ++tally_.completed;
    if (rating.end_reason == "stopped") ++tally_.stopped;
    if (rating.end_reason == "timed-out") ++tally_.timed_out;
    if (rating.end_reason == "abandoned") ++tally_.abandoned;
    ++tally_.languages[rating.language];
    for (const NormAnswer& answer : rating.answers) {
        TallyNorm& norm = tally_.norms[answer.norm_id];
        if (answer.value == answer_not_applicable) {
            ++norm.not_applicable;
            continue;
        }
        assert(answer.value >= 1 && answer.value <= 5 && "the schema keeps answers 0-5");
        auto a = static_cast<std::size_t>(answer.value - 1);
        ++norm.answers[a];
        if (graded) ++norm.pairs[static_cast<std::size_t>(*rating.grade - 1)][a];
    }
}

}  // namespace kiosk
