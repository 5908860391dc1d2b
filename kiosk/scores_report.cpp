#include "scores_report.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "utc_text.hpp"

namespace kiosk {
namespace {

constexpr const char* iso_utc = "%Y-%m-%dT%H:%M:%SZ";

nlohmann::json number_or_null(const std::optional<double>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json text_or_null(const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json count(const Count& c) { return {{"count", c.count}, {"share", c.share}}; }

std::string fixed(const std::optional<double>& value, int decimals, const char* none = "-") {
    if (!value) return none;
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, *value);
    return text;
}

std::string percent(double share) {
    char text[16];
    std::snprintf(text, sizeof text, "%.0f%%", share * 100);
    return text;
}

std::string padded(const std::string& text, std::size_t width) {
    return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

}  // namespace

std::string scores_json(const Scores& s) {
    nlohmann::json norms = nlohmann::json::array();
    for (const NormScore& n : s.norms)
        norms.push_back({{"id", n.norm_id},
                         {"answers", n.answers},
                         {"not_applicable", n.not_applicable},
                         {"average", number_or_null(n.average)},
                         {"pairs", n.pairs},
                         {"importance", number_or_null(n.importance)},
                         {"placement", to_string(n.placement)},
                         {"quadrant", n.quadrant == Quadrant::none ? nlohmann::json(nullptr)
                                                                   : nlohmann::json(to_string(n.quadrant))}});
    nlohmann::json trend = nlohmann::json::array();
    for (const TrendPoint& p : s.trend)
        trend.push_back({{"first_day", p.first_day},
                         {"week", p.week.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.week)},
                         {"ratings", p.ratings},
                         {"average", number_or_null(p.average)}});
    nlohmann::json languages = nlohmann::json::array();
    for (const auto& [language, ratings] : s.languages)
        languages.push_back({{"language", language}, {"ratings", ratings}});
    nlohmann::json out = {
        {"period", to_string(s.query.period)},
        {"time_zone", s.time_zone},
        {"from", utc_text(s.from_ms, iso_utc)},
        {"to", utc_text(s.to_ms, iso_utc)},
        {"first_day", s.first_day},
        {"last_day", s.last_day},
        {"counter", text_or_null(s.query.counter)},
        {"service", text_or_null(s.query.service)},
        {"with_bursts", s.query.with_bursts},
        {"ratings", s.ratings},
        {"average_grade", number_or_null(s.average_grade)},
        {"grade_target", s.grade_target},
        {"grades", s.grades},
        {"finished", s.finished},
        {"end_reasons",
         {{"completed", count(s.completed)},
          {"stopped", count(s.stopped)},
          {"timed_out", count(s.timed_out)},
          {"abandoned", count(s.abandoned)}}},
        {"bursts_flagged", s.bursts_flagged},
        {"norms", norms},
        {"priority_matrix",
         {{"statistic", "spearman"},
          {"min_pairs", min_pairs_for_importance},
          {"satisfaction_line", number_or_null(s.satisfaction_line)},
          {"importance_line", number_or_null(s.importance_line)}}},
        {"trend", {{"unit", s.trend_unit == TrendUnit::day ? "day" : "iso-week"}, {"points", trend}}},
        {"hours", s.hours},
        {"languages", languages},
    };
    return out.dump(2) + "\n";
}

std::string scores_text(const Scores& s) {
    std::string out;
    out += "Scores for " + std::string(to_string(s.query.period)) + ": " + s.first_day + " to " + s.last_day +
           " (" + s.time_zone + "), " + (s.query.counter ? "counter " + *s.query.counter : "all counters") +
           ", " + (s.query.service ? "service " + *s.query.service : "all services") + ", bursts " +
           (s.query.with_bursts ? "included" : "left out") + "\n";
    out += "ratings with a grade: " + std::to_string(s.ratings) + ", average " + fixed(s.average_grade, 2) +
           " (target " + fixed(s.grade_target, 1) + ")\n";
    out += "grades:";
    for (std::size_t g = 0; g < 10; ++g)
        out += " " + std::to_string(g + 1) + ":" + std::to_string(s.grades[g]);
    out += "\n";
    out += "visits ended: " + std::to_string(s.finished) + "; completed " +
           std::to_string(s.completed.count) + " (" + percent(s.completed.share) + "), stopped " +
           std::to_string(s.stopped.count) + " (" + percent(s.stopped.share) + "), timed out " +
           std::to_string(s.timed_out.count) + " (" + percent(s.timed_out.share) + "), abandoned " +
           std::to_string(s.abandoned.count) + " (" + percent(s.abandoned.share) + ")\n";
    out += "flagged as bursts: " + std::to_string(s.bursts_flagged) +
           (s.query.with_bursts ? " (in the figures)" : " (left out of the figures)") + "\n";
    out += "\nnorm                answers   n/a  average  importance  matrix\n";
    for (const NormScore& n : s.norms) {
        std::string matrix = n.placement == Placement::placed          ? to_string(n.quadrant)
                             : n.answers == 0 && n.not_applicable == 0 ? "not asked"
                                                                       : to_string(n.placement);
        out += padded(n.norm_id, 20) + padded(std::to_string(n.answers), 10) +
               padded(std::to_string(n.not_applicable), 6) + padded(fixed(n.average, 2), 9) +
               padded(fixed(n.importance, 2), 12) + matrix + "\n";
    }
    out += "(importance: Spearman's rho of answer and grade, placed from " +
           std::to_string(min_pairs_for_importance) + " answers with a grade; lines at average " +
           fixed(s.satisfaction_line, 2) + " and importance " + fixed(s.importance_line, 2) + ")\n";
    out += std::string("\ntrend per ") + (s.trend_unit == TrendUnit::day ? "day" : "ISO week") +
           ": ratings with a grade, average\n";
    for (const TrendPoint& p : s.trend)
        out += "  " + padded(p.week.empty() ? p.first_day : p.week + " (" + p.first_day + ")", 22) +
               padded(std::to_string(p.ratings), 8) + fixed(p.average, 2) + "\n";
    out += "\nratings by hour of the day:";
    for (std::size_t h = 0; h < 24; ++h)
        if (s.hours[h] > 0) out += " " + std::to_string(h) + "h:" + std::to_string(s.hours[h]);
    out += "\nlanguages:";
    for (const auto& [language, ratings] : s.languages) out += " " + language + ":" + std::to_string(ratings);
    out += "\n";
    return out;
}

}  // namespace kiosk
