// A site's figures for the kiosks' manager view (docs/protocol.md, "A site's figures"): what a period
// of a site's ratings add up to, aggregates only. The ledger counts and sums (integers, so both backends
// give the same bytes); the service divides them into averages. What both backends share is here: the
// period's days in the site's time zone and its trend's buckets (the plan), and the tally their rows
// are added into.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "site_calendar.hpp"

namespace central {

// today: the site's today; 7d and 30d: today and the 6 or 29 days before; 12m: the current ISO week
// (Monday to Sunday) and the 52 before it. Days and weeks are the site's, in its time zone.
enum class SitePeriod { today, days_7, days_30, months_12 };

// "today", "7d", "30d", "12m"; nothing for anything else.
std::optional<SitePeriod> site_period(std::string_view text);
std::string_view site_period_text(SitePeriod period);

struct SiteScoresQuery {
    std::string site;
    SitePeriod period = SitePeriod::today;
    std::optional<std::string> counter;  // none: every counter
    std::optional<std::string> service;  // none: every service (and ratings without one)
    bool with_bursts = true;             // false: ratings flagged as one of a burst count only in `bursts`
    std::string time_zone;               // IANA, checked by is_time_zone
    std::int64_t now_ms = 0;             // the store's clock: what "today" is
};

// The days a query covers and its trend's buckets, in its time zone.
struct SitePlan {
    Day first;
    Day last;                  // the site's today
    bool weekly = false;       // the trend per ISO week (12m), else per day
    std::vector<Day> buckets;  // each day, or each week's Monday, from `first` to `last`
};
// Throws std::invalid_argument for a zone is_time_zone refuses.
SitePlan plan_site_scores(const SiteScoresQuery& query);

struct NormTally {
    std::int64_t answers = 0;     // answers 1..5
    std::int64_t answer_sum = 0;  // their sum
    std::int64_t not_applicable = 0;
};

struct TrendTally {
    std::string start;  // "YYYY-MM-DD": the day, or the week's Monday
    std::int64_t count = 0;
    std::int64_t graded = 0;
    std::int64_t grade_sum = 0;
};

// The ratings of the site finished in the period, filtered by counter and service; bursts left out of
// every figure but `bursts` unless the query includes them. `count` includes ratings without a grade
// (left before it); `graded` and `grade_sum` make the average grade.
struct SiteFigures {
    std::string site;
    std::string first_day;
    std::string last_day;
    std::int64_t kiosks = 0;  // distinct kiosks among the ratings counted
    std::int64_t count = 0;
    std::int64_t graded = 0;
    std::int64_t grade_sum = 0;
    std::array<std::int64_t, 10> grades{};            // [0] is grade 1
    std::map<std::string, NormTally> norms;           // by norm id, every norm answered at least once
    std::map<std::string, std::int64_t> end_reasons;  // every end reason of the protocol, 0 when none
    std::int64_t bursts = 0;        // ratings flagged as one of a burst, whether counted in the rest or not
    std::vector<TrendTally> trend;  // one per bucket of the plan, empty ones too
    std::array<std::int64_t, 24> hours{};  // by the site's local hour of finishing
    std::map<std::string, std::int64_t> languages;
};

// Adds a backend's rows into SiteFigures. A row that names a bucket, hour, grade or end reason the plan
// or the protocol does not have means the data or the query is broken: std::runtime_error, never a
// figure quietly left out.
class SiteTally {
  public:
    SiteTally(const SiteScoresQuery& query, const SitePlan& plan);

    // One row of the figures statement: `kind` is all, kiosks, bursts, grade, end, language, bucket or
    // hour; `key` the grade, end reason, language, bucket ("YYYY-MM-DD") or hour, "" for the first three.
    void add(std::string_view kind, const std::string& key, std::int64_t count, std::int64_t graded,
             std::int64_t grade_sum);
    void add_norm(const std::string& norm, const NormTally& tally);
    SiteFigures done() && { return std::move(figures_); }

  private:
    SiteFigures figures_;
    std::map<std::string, std::size_t> bucket_index_;
};

}  // namespace central
