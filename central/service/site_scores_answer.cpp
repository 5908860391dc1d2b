#include "site_scores_answer.hpp"

#include "batch_reader.hpp"
#include "protocol/digest.hpp"
#include "protocol/names.hpp"
#include "protocol/signature.hpp"
#include "protocol/utc_text.hpp"

namespace central {
namespace {

using nlohmann::json;
namespace member = protocol::site_scores_member;

// null when nothing was averaged: a site with no grade has no average, not an average of 0.
json average(std::int64_t sum, std::int64_t count) {
    if (count == 0) return nullptr;
    return static_cast<double>(sum) / static_cast<double>(count);
}

json optional_text(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }

}  // namespace

json site_scores_json(const SiteFigures& f, const SiteScoresQuery& q, const std::string& store_id,
                      std::int64_t computed_at_ms) {
    json norms = json::object();
    for (const auto& [norm, tally] : f.norms) {
        norms[norm] = {{member::average, average(tally.answer_sum, tally.answers)},
                       {member::answers, tally.answers},
                       {member::not_applicable, tally.not_applicable}};
    }
    json trend = json::array();
    for (const TrendTally& bucket : f.trend) {
        trend.push_back({{member::start, bucket.start},
                         {member::count, bucket.count},
                         {member::average_grade, average(bucket.grade_sum, bucket.graded)}});
    }
    return {{member::protocol, protocol_version},
            {member::store_id, store_id},
            {member::computed_at, protocol::utc_seconds_text(computed_at_ms)},
            {member::site, f.site},
            {member::period, site_period_text(q.period)},
            {member::counter, optional_text(q.counter)},
            {member::service, optional_text(q.service)},
            {member::with_bursts, q.with_bursts},
            {member::time_zone, q.time_zone},
            {member::first_day, f.first_day},
            {member::last_day, f.last_day},
            {member::kiosks, f.kiosks},
            {member::count, f.count},
            {member::average_grade, average(f.grade_sum, f.graded)},
            {member::grade_distribution, f.grades},
            {member::norms, norms},
            {member::end_reasons, f.end_reasons},
            {member::bursts, f.bursts},
            {member::trend, trend},
            {member::hours, f.hours},
            {member::languages, f.languages}};
}

std::string site_scores_signature(const protocol::Request& request, const std::string& body,
                                  const StoreKey& key) {
    const std::string text = protocol::site_scores_signing_text({request, protocol::sha256_field(body)});
    return protocol::signature_field(key.sign(text));
}

}  // namespace central
