#include "site_scores.hpp"

#include <stdexcept>

#include "protocol/names.hpp"

namespace central {
namespace {

using std::chrono::days;

// The Monday of `day`'s ISO week.
Day monday_of(Day day) {
    const unsigned weekday = std::chrono::weekday{day}.iso_encoding();  // 1 Monday .. 7 Sunday
    return day - days{weekday - 1};
}

std::int64_t number(const std::string& key, std::string_view kind) {
    try {
        std::size_t used = 0;
        const long long value = std::stoll(key, &used);
        if (used == key.size()) return value;
    } catch (const std::exception&) {
        // Named below.
    }
    throw std::runtime_error("the site's figures: a " + std::string(kind) + " row for '" + key +
                             "', which is not a number");
}

}  // namespace

std::optional<SitePeriod> site_period(std::string_view text) {
    if (text == "today") return SitePeriod::today;
    if (text == "7d") return SitePeriod::days_7;
    if (text == "30d") return SitePeriod::days_30;
    if (text == "12m") return SitePeriod::months_12;
    return std::nullopt;
}

std::string_view site_period_text(SitePeriod period) {
    switch (period) {
        case SitePeriod::today:
            return "today";
        case SitePeriod::days_7:
            return "7d";
        case SitePeriod::days_30:
            return "30d";
        case SitePeriod::months_12:
            return "12m";
    }
    return "today";
}

SitePlan plan_site_scores(const SiteScoresQuery& query) {
    SitePlan plan;
    plan.last = local_day(query.time_zone, query.now_ms);
    switch (query.period) {
        case SitePeriod::today:
            plan.first = plan.last;
            break;
        case SitePeriod::days_7:
            plan.first = plan.last - days{6};
            break;
        case SitePeriod::days_30:
            plan.first = plan.last - days{29};
            break;
        case SitePeriod::months_12:
            plan.first = monday_of(plan.last) - days{7 * 52};
            plan.weekly = true;
            break;
    }
    for (Day day = plan.first; day <= plan.last; day += days{plan.weekly ? 7 : 1})
        plan.buckets.push_back(day);
    return plan;
}

SiteTally::SiteTally(const SiteScoresQuery& query, const SitePlan& plan) {
    figures_.site = query.site;
    figures_.first_day = day_text(plan.first);
    figures_.last_day = day_text(plan.last);
    for (std::string_view reason : protocol::end_reasons) figures_.end_reasons[std::string(reason)] = 0;
    for (Day bucket : plan.buckets) {
        bucket_index_[day_text(bucket)] = figures_.trend.size();
        figures_.trend.push_back(TrendTally{day_text(bucket), 0, 0, 0});
    }
}

void SiteTally::add(std::string_view kind, const std::string& key, std::int64_t count, std::int64_t graded,
                    std::int64_t grade_sum) {
    if (kind == "all") {
        figures_.count = count;
        figures_.graded = graded;
        figures_.grade_sum = grade_sum;
    } else if (kind == "kiosks") {
        figures_.kiosks = count;
    } else if (kind == "bursts") {
        figures_.bursts = count;
    } else if (kind == "grade") {
        const std::int64_t grade = number(key, kind);
        if (grade < 1 || grade > 10) throw std::runtime_error("the site's figures: a grade of " + key);
        figures_.grades[static_cast<std::size_t>(grade - 1)] = count;
    } else if (kind == "end") {
        auto found = figures_.end_reasons.find(key);
        if (found == figures_.end_reasons.end())
            throw std::runtime_error("the site's figures: an end reason '" + key +
                                     "' the protocol does not have");
        found->second = count;
    } else if (kind == "language") {
        figures_.languages[key] = count;
    } else if (kind == "bucket") {
        auto found = bucket_index_.find(key);
        if (found == bucket_index_.end())
            throw std::runtime_error("the site's figures: ratings in '" + key + "', outside the period's " +
                                     figures_.first_day + " to " + figures_.last_day);
        figures_.trend[found->second] = TrendTally{key, count, graded, grade_sum};
    } else if (kind == "hour") {
        const std::int64_t hour = number(key, kind);
        if (hour < 0 || hour > 23) throw std::runtime_error("the site's figures: an hour of " + key);
        figures_.hours[static_cast<std::size_t>(hour)] = count;
    } else {
        throw std::runtime_error("the site's figures: a row of kind '" + std::string(kind) + "'");
    }
}

void SiteTally::add_norm(const std::string& norm, const NormTally& tally) { figures_.norms[norm] = tally; }

}  // namespace central
