// Sums what the store read, summaries and single ratings alike, into the sums of one period's figures:
// each UTC time is put in its local day and hour with the offset in force then; ratings flagged as a
// burst are counted apart, and in the figures only when the query asks for them.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "priority_matrix.hpp"
#include "score_cells.hpp"
#include "score_period.hpp"
#include "time_zone.hpp"

namespace kiosk {

struct TallyNorm {
    std::int64_t not_applicable = 0;
    std::array<std::int64_t, 5> answers{};  // [answer - 1], with a grade or not
    GradeAnswerCounts pairs{};              // answers of ratings with a grade
};

struct Tally {
    std::int64_t finished = 0;  // final ratings
    std::int64_t ratings = 0;   // of them, with a grade
    std::int64_t grade_sum = 0;
    std::array<std::int64_t, 10> grades{};
    std::int64_t completed = 0, stopped = 0, timed_out = 0, abandoned = 0;
    std::int64_t bursts_flagged = 0;
    std::vector<std::int64_t> trend_ratings, trend_grade_sum;  // by trend bucket
    std::array<std::int64_t, 24> hours{};
    std::map<std::string, std::int64_t> languages;
    std::map<std::string, TallyNorm> norms;
};

// True when every offset in force is whole hours and changes only at a whole UTC hour: then every UTC
// hour of the summaries lies in one local hour of one local day.
bool whole_hours(const std::vector<OffsetSpan>& offsets);

class ScoreTally : public ScoreSink {
  public:
    // `offsets` cover the period, in order (TimeZone::offsets).
    ScoreTally(std::vector<OffsetSpan> offsets, const TrendBuckets& buckets, bool with_bursts);
    // The summaries' hours need whole_hours(offsets).
    void add(const HourCell& cell) override;
    void add(const DayCell& cell) override;
    void add(const LanguageCell& cell) override;
    void add(const NormCell& cell) override;
    void add(const FinalRating& rating) override;
    const Tally& tally() const { return tally_; }

  private:
    std::int64_t offset_at(std::int64_t utc_ms) const;
    // A final rating, or `ratings` of them with `graded` grades summing to `grade_sum`, at this time.
    void add_when(std::int64_t utc_ms, std::int64_t ratings, std::int64_t graded, std::int64_t grade_sum);

    std::vector<OffsetSpan> offsets_;
    TrendBuckets buckets_;
    bool with_bursts_;
    Tally tally_;
};

}  // namespace kiosk
