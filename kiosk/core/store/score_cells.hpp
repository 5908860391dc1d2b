// What the manager's scores read from the kiosk's database (docs/manager.md): the summaries that the
// schema's triggers keep (migration 5 in rating_store.cpp) for whole UTC days, and the final ratings
// themselves for the rest of a period. The scores room (kiosk/core/scores) turns them into figures;
// every SQL statement stays here. Times are UTC: the scores room knows the site's time zone.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rating.hpp"

namespace kiosk {

class StoreReader;

// Which ratings count: nullopt is every counter, every service.
struct ScoreFilter {
    std::optional<std::string> counter;
    std::optional<std::string> service;  // a life event id; ratings without a service match none
};

// The answers to one norm, summed.
struct NormCounts {
    std::int64_t not_applicable = 0;
    std::array<std::int64_t, 5> ungraded{};                  // [answer - 1], of ratings without a grade
    std::array<std::array<std::int64_t, 5>, 10> by_grade{};  // [grade - 1][answer - 1]
};

// Every cell says whether its ratings were flagged as a burst: the scores count those apart. A cell is
// the summary of one counter and service: several may share an hour or a day.
struct HourCell {
    std::int64_t hour = 0;  // UTC hours since 1970: the ratings finished in [hour, hour + 1)
    bool burst = false;
    std::int64_t ratings = 0;  // final ratings
    std::int64_t graded = 0;   // of them, with a grade
    std::int64_t grade_sum = 0;
};

struct DayCell {
    bool burst = false;
    std::array<std::int64_t, 10> grades{};  // [grade - 1]
    std::int64_t completed = 0, stopped = 0, timed_out = 0, abandoned = 0;
};

struct LanguageCell {
    bool burst = false;
    std::string language;
    std::int64_t ratings = 0;
};

struct NormCell {
    bool burst = false;
    std::string norm_id;
    NormCounts counts;
};

// A final rating as the scores read it.
struct FinalRating {
    std::int64_t finished_ms = 0;
    bool burst = false;
    std::optional<int> grade;
    std::string language;
    std::string end_reason;  // as stored: "completed", "stopped", "timed-out", "abandoned"
    std::vector<NormAnswer> answers;
};

// What to read, in one snapshot: the summaries of the whole UTC days [first_day, end_day) (days since
// 1970; none when end_day <= first_day), and the final ratings that finished in each of `ratings_in`
// ([from_ms, to_ms) each).
struct ScoreSources {
    std::int64_t first_day = 0;
    std::int64_t end_day = 0;
    std::vector<std::pair<std::int64_t, std::int64_t>> ratings_in;
};

// Takes what read_scores reads, row by row (no row is kept: a year's summaries are tens of thousands).
class ScoreSink {
  public:
    virtual ~ScoreSink() = default;
    virtual void add(const HourCell& cell) = 0;
    virtual void add(const DayCell& cell) = 0;
    virtual void add(const LanguageCell& cell) = 0;
    virtual void add(const NormCell& cell) = 0;
    virtual void add(const FinalRating& rating) = 0;
};

// Reads in one read transaction, so that a tap committed meanwhile is in all of it or in none.
// Throws std::runtime_error naming the database when it has no summaries (schema older than 5: the
// kiosk migrates it at its next start) or cannot be read.
void read_scores(StoreReader& reader, const ScoreSources& sources, const ScoreFilter& filter,
                 ScoreSink& sink);

}  // namespace kiosk
