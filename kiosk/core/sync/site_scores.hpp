// A site's figures as the central store answers them (docs/protocol.md, "A site's figures"): plain
// values for the manager view and `kiosk site-scores`, read from the store's JSON. Aggregates only;
// no rating is in them. An average is missing where nothing was averaged.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

// What the kiosk asks for. The site is never in it: the store answers for the kiosk's own site.
struct SiteScoresRequest {
    std::string period = "today";  // "today", "7d", "30d" or "12m"
    std::optional<std::string> counter;
    std::optional<std::string> service;
    bool with_bursts = false;  // count ratings flagged as one of a burst in every figure
    std::string time_zone;     // IANA, e.g. "Europe/Amsterdam": the site's days and hours
};

struct NormScore {
    std::optional<double> average;  // of the answers 1..5
    std::int64_t answers = 0;       // answers 1..5
    std::int64_t not_applicable = 0;
};

struct TrendPoint {
    std::string start;  // "YYYY-MM-DD": the day, or the ISO week's Monday (12m)
    std::int64_t count = 0;
    std::optional<double> average_grade;
};

struct SiteScores {
    std::string store_id;
    std::string computed_at;  // UTC, "2026-11-30T09:12:04Z"
    std::string site;
    std::string period;
    std::optional<std::string> counter;
    std::optional<std::string> service;
    bool with_bursts = false;
    std::string time_zone;
    std::string first_day;  // the period's days, in the site's zone
    std::string last_day;
    std::int64_t kiosks = 0;  // how many of the site's kiosks the ratings came from
    std::int64_t count = 0;
    std::optional<double> average_grade;
    std::array<std::int64_t, 10> grade_distribution{};  // [0] is grade 1
    std::map<std::string, NormScore> norms;
    std::map<std::string, std::int64_t> end_reasons;  // completed, stopped, timed-out, abandoned
    std::int64_t bursts = 0;                          // ratings flagged as one of a burst
    std::vector<TrendPoint> trend;
    std::array<std::int64_t, 24> hours{};  // by the site's local hour
    std::map<std::string, std::int64_t> languages;
};

// The body of the store's answer read into SiteScores; nothing, with `why`, when it is not one (a
// member missing or of the wrong kind).
std::optional<SiteScores> read_site_scores(const std::string& body, std::string& why);

// The request's body as the kiosk sends it (JSON).
std::string site_scores_request_body(const SiteScoresRequest& request);

}  // namespace kiosk
