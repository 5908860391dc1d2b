#include "scores.hpp"

#include <algorithm>
#include <stdexcept>

#include "priority_matrix.hpp"
#include "score_cells.hpp"
#include "score_period.hpp"
#include "score_tally.hpp"
#include "store_reader.hpp"
#include "time_zone.hpp"

namespace kiosk {
namespace {

std::optional<double> mean(std::int64_t sum, std::int64_t count) {
    if (count == 0) return std::nullopt;
    return static_cast<double>(sum) / static_cast<double>(count);
}

Count share(std::int64_t count, std::int64_t of) {
    return Count{count, of == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(of)};
}

// The summaries cover whole UTC days; the ratings themselves the hours before the first and after the
// last (the local midnight that starts the period, and today so far). A zone whose offsets are not
// whole hours has no UTC hour that lies in one local hour: every rating is read then.
ScoreSources sources_for(const PeriodBounds& period, const std::vector<OffsetSpan>& offsets,
                         ScoresSource source) {
    ScoreSources s;
    std::int64_t first_day = period.from_ms / ms_per_day + (period.from_ms % ms_per_day > 0 ? 1 : 0);
    std::int64_t end_day = period.to_ms / ms_per_day;
    if (source == ScoresSource::ratings_only || !whole_hours(offsets) || end_day <= first_day ||
        period.from_ms < 0) {
        s.ratings_in.emplace_back(period.from_ms, period.to_ms);
        return s;
    }
    s.first_day = first_day;
    s.end_day = end_day;
    s.ratings_in.emplace_back(period.from_ms, first_day * ms_per_day);
    s.ratings_in.emplace_back(end_day * ms_per_day, period.to_ms);
    return s;
}

void fill_norms(Scores& scores, const Tally& tally, const std::vector<std::string>& configured) {
    std::vector<std::string> ids = configured;
    // The others answered in the period, in the order of their ids (a map's); a summary's row can be
    // left with nothing in it when the prune took its ratings.
    for (const auto& [id, norm] : tally.norms) {
        std::int64_t answered = norm.not_applicable;
        for (std::int64_t count : norm.answers) answered += count;
        if (answered > 0 && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    std::vector<GradeAnswerCounts> pairs;
    for (const std::string& id : ids) {
        NormScore n;
        n.norm_id = id;
        GradeAnswerCounts counts{};
        if (auto it = tally.norms.find(id); it != tally.norms.end()) {
            const TallyNorm& t = it->second;
            n.not_applicable = t.not_applicable;
            std::int64_t sum = 0;
            for (std::size_t a = 0; a < 5; ++a) {
                n.answers += t.answers[a];
                sum += t.answers[a] * static_cast<std::int64_t>(a + 1);
                for (std::size_t g = 0; g < 10; ++g) n.pairs += t.pairs[g][a];
            }
            n.average = mean(sum, n.answers);
            counts = t.pairs;
        }
        scores.norms.push_back(std::move(n));
        pairs.push_back(counts);
    }
    place_norms(scores, pairs);
}

}  // namespace

const char* to_string(ScoresPeriod period) {
    switch (period) {
        case ScoresPeriod::today:
            return "today";
        case ScoresPeriod::days_7:
            return "7d";
        case ScoresPeriod::days_30:
            return "30d";
        case ScoresPeriod::months_12:
            return "12m";
    }
    return "";
}

std::optional<ScoresPeriod> scores_period_named(std::string_view name) {
    for (ScoresPeriod p :
         {ScoresPeriod::today, ScoresPeriod::days_7, ScoresPeriod::days_30, ScoresPeriod::months_12})
        if (name == to_string(p)) return p;
    return std::nullopt;
}

const char* to_string(Placement placement) {
    switch (placement) {
        case Placement::placed:
            return "placed";
        case Placement::too_few_answers:
            return "too-few-answers";
        case Placement::no_spread:
            return "no-spread";
    }
    return "";
}

const char* to_string(Quadrant quadrant) {
    switch (quadrant) {
        case Quadrant::none:
            return "";
        case Quadrant::fix_first:
            return "fix-first";
        case Quadrant::keep_up:
            return "keep-up";
        case Quadrant::low_priority:
            return "low-priority";
        case Quadrant::maintain:
            return "maintain";
    }
    return "";
}

ScoresSettings scores_settings(const KioskConfig& config) {
    return ScoresSettings{config.time_zone, config.grade_target, config.norms};
}

Scoreboard::Scoreboard(const std::string& database, ScoresSettings settings)
    : settings_(std::move(settings)) {
    if (!TimeZone::named(settings_.time_zone))
        throw std::runtime_error("unknown time zone '" + settings_.time_zone + "'");
    reader_ = std::make_unique<StoreReader>(database, StoreReader::Threads::one);
}

Scoreboard::~Scoreboard() = default;

Scores Scoreboard::scores(const ScoresQuery& query, std::int64_t now_ms, ScoresSource source) {
    TimeZone zone = *TimeZone::named(settings_.time_zone);
    PeriodBounds period = period_bounds(query.period, now_ms, zone);
    std::vector<OffsetSpan> offsets = zone.offsets(period.from_ms, period.to_ms);
    TrendBuckets buckets(period.first_day, period.last_day, period.unit);

    ScoreTally tally(offsets, buckets, query.with_bursts);
    read_scores(*reader_, sources_for(period, offsets, source), ScoreFilter{query.counter, query.service},
                tally);
    const Tally& t = tally.tally();

    Scores s;
    s.query = query;
    s.time_zone = zone.name();
    s.from_ms = period.from_ms;
    s.to_ms = now_ms;
    s.first_day = local_day_text(period.first_day);
    s.last_day = local_day_text(period.last_day);
    s.ratings = t.ratings;
    s.average_grade = mean(t.grade_sum, t.ratings);
    s.grade_target = settings_.grade_target;
    s.grades = t.grades;
    s.finished = t.finished;
    s.completed = share(t.completed, t.finished);
    s.stopped = share(t.stopped, t.finished);
    s.timed_out = share(t.timed_out, t.finished);
    s.abandoned = share(t.abandoned, t.finished);
    s.bursts_flagged = t.bursts_flagged;
    fill_norms(s, t, settings_.norms);
    s.trend_unit = period.unit;
    for (std::size_t i = 0; i < buckets.count(); ++i) {
        LocalDay day = buckets.first_day_of(i);
        TrendPoint p;
        p.first_day = local_day_text(day);
        if (period.unit == TrendUnit::iso_week) p.week = iso_week_text(day);
        p.starts_ms = zone.start_of_day_ms(day);
        p.ratings = t.trend_ratings[i];
        p.average = mean(t.trend_grade_sum[i], t.trend_ratings[i]);
        s.trend.push_back(std::move(p));
    }
    s.hours = t.hours;
    s.languages.assign(t.languages.begin(), t.languages.end());
    s.languages.erase(
        std::remove_if(s.languages.begin(), s.languages.end(), [](auto& l) { return l.second == 0; }),
        s.languages.end());
    std::stable_sort(s.languages.begin(), s.languages.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return s;
}

}  // namespace kiosk
