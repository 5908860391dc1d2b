#include "site_scores.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "protocol/names.hpp"

namespace kiosk {
namespace {

using nlohmann::json;
namespace member = protocol::site_scores_member;

// The reader's own failure, caught in read_site_scores and turned into `why`.
struct Unreadable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const json& at(const json& object, const char* name) {
    auto found = object.find(name);
    if (found == object.end()) throw Unreadable(std::string("no member ") + name);
    return *found;
}

std::string text(const json& object, const char* name) {
    const json& value = at(object, name);
    if (!value.is_string()) throw Unreadable(std::string(name) + " is not a string");
    return value.get<std::string>();
}

std::optional<std::string> optional_text(const json& object, const char* name) {
    const json& value = at(object, name);
    if (value.is_null()) return std::nullopt;
    if (!value.is_string()) throw Unreadable(std::string(name) + " is neither a string nor null");
    return value.get<std::string>();
}

std::int64_t count(const json& value, const std::string& name) {
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0)
        throw Unreadable(name + " is not a count (a whole number, 0 or more)");
    return value.get<std::int64_t>();
}

std::optional<double> average(const json& value, const std::string& name) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_number()) throw Unreadable(name + " is neither a number nor null");
    return value.get<double>();
}

template <std::size_t N>
std::array<std::int64_t, N> counts(const json& object, const char* name) {
    const json& value = at(object, name);
    if (!value.is_array() || value.size() != N)
        throw Unreadable(std::string(name) + " is not an array of " + std::to_string(N) + " counts");
    std::array<std::int64_t, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = count(value[i], name);
    return out;
}

std::map<std::string, std::int64_t> counts_by_name(const json& object, const char* name) {
    const json& value = at(object, name);
    if (!value.is_object()) throw Unreadable(std::string(name) + " is not an object");
    std::map<std::string, std::int64_t> out;
    for (const auto& [key, each] : value.items()) out[key] = count(each, std::string(name) + "." + key);
    return out;
}

SiteScores read(const json& a) {
    if (!a.is_object()) throw Unreadable("the answer is not a JSON object");
    SiteScores s;
    s.store_id = text(a, member::store_id);
    s.computed_at = text(a, member::computed_at);
    s.site = text(a, member::site);
    s.period = text(a, member::period);
    s.counter = optional_text(a, member::counter);
    s.service = optional_text(a, member::service);
    const json& bursts_in = at(a, member::with_bursts);
    if (!bursts_in.is_boolean()) throw Unreadable("with_bursts is not true or false");
    s.with_bursts = bursts_in.get<bool>();
    s.time_zone = text(a, member::time_zone);
    s.first_day = text(a, member::first_day);
    s.last_day = text(a, member::last_day);
    s.kiosks = count(at(a, member::kiosks), member::kiosks);
    s.count = count(at(a, member::count), member::count);
    s.average_grade = average(at(a, member::average_grade), member::average_grade);
    s.grade_distribution = counts<10>(a, member::grade_distribution);
    const json& norms = at(a, member::norms);
    if (!norms.is_object()) throw Unreadable("norms is not an object");
    for (const auto& [norm, n] : norms.items()) {
        if (!n.is_object()) throw Unreadable("norms." + norm + " is not an object");
        s.norms[norm] = NormScore{average(at(n, member::average), "norms." + norm + ".average"),
                                  count(at(n, member::answers), "norms." + norm + ".answers"),
                                  count(at(n, member::not_applicable), "norms." + norm + ".not_applicable")};
    }
    s.end_reasons = counts_by_name(a, member::end_reasons);
    s.bursts = count(at(a, member::bursts), member::bursts);
    const json& trend = at(a, member::trend);
    if (!trend.is_array()) throw Unreadable("trend is not an array");
    for (const json& point : trend) {
        if (!point.is_object()) throw Unreadable("an entry of trend is not an object");
        s.trend.push_back(TrendPoint{text(point, member::start),
                                     count(at(point, member::count), "trend.count"),
                                     average(at(point, member::average_grade), "trend.average_grade")});
    }
    s.hours = counts<24>(a, member::hours);
    s.languages = counts_by_name(a, member::languages);
    return s;
}

}  // namespace

std::optional<SiteScores> read_site_scores(const std::string& body, std::string& why) {
    const json answer = json::parse(body, nullptr, false);
    if (answer.is_discarded()) {
        why = "the answer is not JSON";
        return std::nullopt;
    }
    try {
        return read(answer);
    } catch (const Unreadable& e) {
        why = e.what();
        return std::nullopt;
    }
}

std::string site_scores_request_body(const SiteScoresRequest& request) {
    json body = {{member::period, request.period},
                 {member::with_bursts, request.with_bursts},
                 {member::time_zone, request.time_zone}};
    if (request.counter) body[member::counter] = *request.counter;
    if (request.service) body[member::service] = *request.service;
    return body.dump();
}

}  // namespace kiosk
