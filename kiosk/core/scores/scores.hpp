// The manager's scores: what a centre's ratings say over a period, from this kiosk's own database, on a
// read-only connection of their own (never the tap's), safe beside a running kiosk (docs/manager.md).
// Plain structs only, no SQLite type: the UI may include this header and draw what it holds. The
// words a person reads are the UI's (locales/) and the command line's; here are numbers and ids.
//
// Sections: the question (ScoresQuery) · the answer (Scores, NormScore, TrendPoint) · Scoreboard,
// which computes it.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config.hpp"

namespace kiosk {

class StoreReader;

// ---- the question ------------------------------------------------------------------------------------

// Every period ends now and begins at a local midnight of the site's time zone:
//   today      since midnight;
//   days_7     today and the 6 days before;
//   days_30    today and the 29 days before;
//   months_12  this ISO week so far and the 52 weeks before it (364 to 371 days), so that the weekly
//              trend has no cut week at its start.
enum class ScoresPeriod { today, days_7, days_30, months_12 };

const char* to_string(ScoresPeriod period);  // "today", "7d", "30d", "12m"
std::optional<ScoresPeriod> scores_period_named(std::string_view name);

struct ScoresQuery {
    ScoresPeriod period = ScoresPeriod::days_30;
    std::optional<std::string> counter;  // nullopt: every counter
    std::optional<std::string> service;  // a life event id; nullopt: every service
    bool with_bursts = false;            // count the ratings flagged as a burst in every figure
};

// What the configuration says about the scores.
struct ScoresSettings {
    std::string time_zone = "Europe/Amsterdam";
    double grade_target = 7.0;
    std::vector<std::string> norms;  // listed (with 0 answers) even when not asked in the period
};

ScoresSettings scores_settings(const KioskConfig& config);

// ---- the answer --------------------------------------------------------------------------------------

// The priority matrix (docs/manager.md, "The priority matrix"): importance is Spearman's rank
// correlation between a norm's answers (1-5; "does not apply" left out) and the grade of the same
// ratings. A norm with fewer than this many such pairs is not placed: its correlation would be noise
// (its standard error is still about 0.19 at 30).
constexpr std::int64_t min_pairs_for_importance = 30;
// The face scale's middle: an average below it is more unhappy than happy.
constexpr double face_scale_middle = 3.0;

enum class Placement {
    placed,
    too_few_answers,  // fewer than min_pairs_for_importance answers with a grade beside them
    no_spread,        // every answer, or every grade beside them, the same: no correlation to speak of
};

// Where a placed norm falls: weak when its average is below the median of the placed norms' averages or
// below the face scale's middle; important when its importance is above the median of the placed norms'.
enum class Quadrant {
    none,          // not placed
    fix_first,     // important and weak
    keep_up,       // important and strong
    low_priority,  // less important and weak
    maintain,      // less important and strong
};

const char* to_string(Placement placement);  // "placed", "too-few-answers", "no-spread"
const char* to_string(Quadrant quadrant);    // "", "fix-first", "keep-up", "low-priority", "maintain"

struct NormScore {
    std::string norm_id;
    std::int64_t answers = 0;          // on the face scale, 1-5
    std::int64_t not_applicable = 0;   // "does not apply"
    std::optional<double> average;     // of the answers 1-5; none without answers
    std::int64_t pairs = 0;            // answers 1-5 of ratings with a grade: what importance is computed on
    std::optional<double> importance;  // Spearman's rho of answer and grade; set when placed
    Placement placement = Placement::too_few_answers;
    Quadrant quadrant = Quadrant::none;
};

enum class TrendUnit { day, iso_week };

struct TrendPoint {
    std::string first_day;       // "2026-03-29", local: the day, or the Monday of the week
    std::string week;            // "2026-W13" for a week; "" for a day
    std::int64_t starts_ms = 0;  // UTC instant of its first local midnight (may be before the period's start)
    std::int64_t ratings = 0;    // with a grade
    std::optional<double> average;
};

struct Count {
    std::int64_t count = 0;
    double share = 0;  // of the final ratings (Scores::finished); 0 when there are none
};

struct Scores {
    // What was asked, as resolved at `to_ms`.
    ScoresQuery query;
    std::string time_zone;
    std::int64_t from_ms = 0;         // the first local midnight of the period (UTC ms)
    std::int64_t to_ms = 0;           // now
    std::string first_day, last_day;  // local dates, "2026-03-29"

    // Grades: final ratings with a grade.
    std::int64_t ratings = 0;
    std::optional<double> average_grade;
    double grade_target = 7.0;
    std::array<std::int64_t, 10> grades{};  // [grade - 1]

    // How visits ended, of all final ratings (with a grade or not).
    std::int64_t finished = 0;
    Count completed, stopped, timed_out, abandoned;

    // Final ratings flagged as a burst in the period, counted whether or not they are in the figures.
    std::int64_t bursts_flagged = 0;

    // The configured norms first, in their order, then any other norm answered in the period.
    std::vector<NormScore> norms;
    // The lines of the priority matrix, over the placed norms; none when no norm is placed.
    std::optional<double> satisfaction_line;  // the median of their averages
    std::optional<double> importance_line;    // the median of their importances

    TrendUnit trend_unit = TrendUnit::day;
    std::vector<TrendPoint> trend;  // every day (or week) of the period, empty ones included

    std::array<std::int64_t, 24> hours{};                         // final ratings by local hour of the day
    std::vector<std::pair<std::string, std::int64_t>> languages;  // final ratings by language, most first
};

// ---- computing it ------------------------------------------------------------------------------------

// Where the figures come from. `summaries` is what the kiosk uses: the summaries the database keeps
// for whole UTC days, the ratings themselves for the rest. `ratings_only` reads every rating of the
// period (slower; the tests compare the two).
enum class ScoresSource { summaries, ratings_only };

class Scoreboard {
  public:
    // Opens `database` read-only; throws std::runtime_error naming it when that is impossible, or when
    // settings.time_zone is not a zone (the configuration check refuses one already).
    Scoreboard(const std::string& database, ScoresSettings settings);
    ~Scoreboard();
    Scoreboard(const Scoreboard&) = delete;
    Scoreboard& operator=(const Scoreboard&) = delete;

    // Throws std::runtime_error when the database cannot be read (see store/score_cells.hpp).
    Scores scores(const ScoresQuery& query, std::int64_t now_ms,
                  ScoresSource source = ScoresSource::summaries);

  private:
    ScoresSettings settings_;
    std::unique_ptr<StoreReader> reader_;
};

}  // namespace kiosk
