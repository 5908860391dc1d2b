#include "site_scores_request.hpp"

#include <nlohmann/json.hpp>

#include "protocol/names.hpp"
#include "site_calendar.hpp"

namespace central {
namespace {

using nlohmann::json;
namespace member = protocol::site_scores_member;

Problem malformed(const std::string& why) {
    return make_problem(400, "malformed-request", "the request for a site's figures " + why);
}

// A member that may be missing or null (none), else must be a non-empty string.
std::optional<Problem> optional_text(const json& body, const char* name, std::optional<std::string>& out) {
    auto found = body.find(name);
    if (found == body.end() || found->is_null()) return std::nullopt;
    if (!found->is_string() || found->get<std::string>().empty())
        return malformed(std::string("has a member ") + name + " that is not a non-empty string or null");
    out = found->get<std::string>();
    return std::nullopt;
}

}  // namespace

std::optional<Problem> read_site_scores_request(const std::string& body, SiteScoresQuery& out) {
    const json request = json::parse(body, nullptr, false);
    if (!request.is_object()) return malformed("is not a JSON object");

    auto period = request.find(member::period);
    if (period == request.end() || !period->is_string()) return malformed("has no member period (a string)");
    std::optional<SitePeriod> known = site_period(period->get<std::string>());
    if (!known)
        return make_problem(400, "bad-period",
                            "the period " + period->dump(-1, ' ', false, json::error_handler_t::replace) +
                                " is not one of today, 7d, 30d or 12m");
    out.period = *known;

    auto zone = request.find(member::time_zone);
    if (zone == request.end() || !zone->is_string())
        return malformed("has no member time_zone (an IANA time zone, e.g. \"Europe/Amsterdam\")");
    if (!is_time_zone(zone->get<std::string>()))
        return make_problem(400, "bad-time-zone",
                            "the time zone " + zone->dump(-1, ' ', false, json::error_handler_t::replace) +
                                " is not an IANA time zone this store knows (e.g. \"Europe/Amsterdam\")");
    out.time_zone = zone->get<std::string>();

    auto bursts = request.find(member::with_bursts);
    if (bursts == request.end() || !bursts->is_boolean())
        return malformed("has no member with_bursts (true or false)");
    out.with_bursts = bursts->get<bool>();

    if (auto problem = optional_text(request, member::counter, out.counter)) return problem;
    if (auto problem = optional_text(request, member::service, out.service)) return problem;
    return std::nullopt;
}

}  // namespace central
