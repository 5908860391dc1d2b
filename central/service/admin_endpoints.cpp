#include "admin_endpoints.hpp"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "admin_token.hpp"
#include "fleet_view.hpp"
#include "protocol/ids.hpp"
#include "protocol/utc_text.hpp"
#include "ratings_csv.hpp"
#include "request_body.hpp"
#include "service_context.hpp"

namespace central {
namespace {

using nlohmann::json;

std::optional<Problem> check_admin(ServiceContext& context, const httplib::Request& request) {
    std::optional<std::string> token;
    if (request.get_header_value_count("Authorization") == 1)
        token = bearer_token(request.get_header_value("Authorization"));
    if (!token)
        return make_problem(
            401, "unauthorised",
            "send 'Authorization: Bearer <admin token>'; make a token with 'kiosk-central admin-token'");
    if (!context.ledger.admin_token_known(admin_token_hash(*token)))
        return make_problem(401, "unauthorised", "the admin token is not one this store made (mistyped?)");
    return std::nullopt;
}

// Reads an admin request's body: after the token is checked, within the body limit.
std::optional<Problem> admin_body(ServiceContext& context, const httplib::Request& request,
                                  const httplib::ContentReader& reader, std::string& body) {
    if (auto problem = check_body_headers(request)) return problem;
    if (auto problem = check_admin(context, request)) {
        problem->body_unread = true;
        return problem;
    }
    return read_body(request, reader, context.options.limits, body);
}

// Healthy only when the database answers and can take a write (Ledger::check_writable): a load balancer
// takes an instance out that would refuse every batch.
std::optional<Problem> health(ServiceContext& context, httplib::Response& response) {
    try {
        context.ledger.ping();
    } catch (const LedgerUnavailable& e) {
        Problem problem = make_problem(503, "database-unavailable",
                                       std::string("the database cannot be reached: ") + e.what());
        problem.retry_after_seconds = context.options.limits.retry_after_seconds;
        problem.extra["database"] = "unreachable";
        return problem;
    }
    try {
        context.ledger.check_writable();
    } catch (const LedgerUnavailable& e) {
        Problem problem = make_problem(503, "database-unavailable",
                                       std::string("the database cannot take a write: ") + e.what());
        problem.retry_after_seconds = context.options.limits.retry_after_seconds;
        problem.extra["database"] = "cannot-write";
        return problem;
    }
    response.set_content(json{{"status", "ok"}, {"database", "ok"}, {"version", KIOSK_VERSION}}.dump(),
                         "application/json");
    return std::nullopt;
}

std::optional<Problem> fleet(ServiceContext& context, const httplib::Request& request,
                             httplib::Response& response) {
    if (auto problem = check_admin(context, request)) return problem;
    response.set_content(fleet_json(context.ledger.fleet(), context.clock()).dump(2), "application/json");
    return std::nullopt;
}

std::optional<Problem> export_csv(ServiceContext& context, const httplib::Request& request,
                                  httplib::Response& response) {
    if (auto problem = check_admin(context, request)) return problem;
    ExportFilter filter;
    for (auto [name, field] : {std::pair{"site", &filter.site}, std::pair{"counter", &filter.counter},
                               std::pair{"service", &filter.service}, std::pair{"from", &filter.from},
                               std::pair{"to", &filter.to}}) {
        std::string value = request.get_param_value(name);
        if (!value.empty()) *field = value;  // an empty parameter filters nothing
    }
    for (auto [name, field] : {std::pair{"from", &filter.from}, std::pair{"to", &filter.to}}) {
        if (*field && !protocol::is_utc_date(**field))
            return make_problem(
                400, "malformed-request",
                std::string("the parameter ") + name + " must be a date like 2026-11-30 (UTC)");
    }
    for (const auto& [name, value] : request.params) {
        if (name != "site" && name != "counter" && name != "service" && name != "from" && name != "to")
            return make_problem(400, "malformed-request",
                                "unknown parameter '" + name.substr(0, 40) +
                                    "'; the filters are site, counter, service, from, to");
    }
    std::int64_t cutoff = context.clock();
    // The first pass here, so an unreachable database is still a 503; the rows stream after the headers.
    auto norms = std::make_shared<std::set<std::string>>(export_norms(context.ledger, filter, cutoff));
    response.set_header("Content-Disposition", "attachment; filename=\"ratings.csv\"");
    response.set_chunked_content_provider(
        "text/csv; charset=utf-8", [&context, filter, cutoff, norms](std::size_t, httplib::DataSink& sink) {
            struct ClientGone {};
            try {
                auto write = [&](const std::string& line) {
                    if (!sink.write(line.data(), line.size())) throw ClientGone{};
                };
                write(csv_header(*norms));
                write_ratings_csv_rows(context.ledger, filter, cutoff, *norms, write);
                sink.done();
                return true;
            } catch (const ClientGone&) {
                return false;
            } catch (const std::exception& e) {
                // The status line is sent: cutting the response short is the only way to say it failed.
                log_to_stderr(std::string("GET /v1/export.csv: cut short: ") + e.what());
                return false;
            }
        });
    return std::nullopt;
}

std::optional<Problem> enrol(ServiceContext& context, const httplib::Request& request,
                             const httplib::ContentReader& reader, httplib::Response& response) {
    std::string body;
    if (auto problem = admin_body(context, request, reader, body)) return problem;
    json parsed = json::parse(body, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("code") || !parsed["code"].is_string())
        return make_problem(400, "malformed-request", "the body must be {\"code\": \"CK1.…\"}");
    std::string why;
    std::optional<protocol::EnrolmentCode> code =
        protocol::read_enrolment_code(parsed["code"].get<std::string>(), why);
    if (!code) return make_problem(400, "bad-enrolment-code", "the enrolment code cannot be used: " + why);
    std::int64_t now = context.clock();
    if (!context.ledger.enrol(code->kiosk_id, code->public_key, now))
        return make_problem(
            409, "already-enrolled",
            "the kiosk " + code->kiosk_id +
                " is already enrolled; enrolment never replaces a key (a kiosk with a new key "
                "needs a new id)");
    response.status = 201;
    response.set_content(json{{"kiosk_id", code->kiosk_id},
                              {"public_key", code->public_key},
                              {"enrolled", protocol::utc_seconds_text(now)}}
                             .dump(),
                         "application/json");
    return std::nullopt;
}

std::optional<Problem> revoke(ServiceContext& context, const httplib::Request& request,
                              const httplib::ContentReader& reader, httplib::Response& response) {
    std::string body;  // read (so the connection stays usable) and not used
    if (auto problem = admin_body(context, request, reader, body)) return problem;
    std::string kiosk_id = request.matches[1];
    if (!context.ledger.revoke(kiosk_id, context.clock()))
        return make_problem(404, "unknown-kiosk", "the kiosk " + kiosk_id + " is not enrolled at this store");
    response.status = 204;
    return std::nullopt;
}

}  // namespace

void add_admin_endpoints(httplib::Server& server, ServiceContext& context) {
    using httplib::ContentReader;
    using httplib::Request;
    using httplib::Response;
    server.Get("/v1/health", [&context](const Request& request, Response& response) {
        answer_guarded(context, request, response, [&] { return health(context, response); });
    });
    server.Get("/v1/fleet", [&context](const Request& request, Response& response) {
        answer_guarded(context, request, response, [&] { return fleet(context, request, response); });
    });
    server.Get("/v1/export.csv", [&context](const Request& request, Response& response) {
        answer_guarded(context, request, response, [&] { return export_csv(context, request, response); });
    });
    server.Post("/v1/kiosks", [&context](const Request& request, Response& response,
                                         const ContentReader& reader) {
        answer_guarded(
            context, request, response, [&] { return enrol(context, request, reader, response); }, &reader);
    });
    server.Post("/v1/kiosks/([A-Za-z0-9._-]{1,64})/revoke",
                [&context](const Request& request, Response& response, const ContentReader& reader) {
                    answer_guarded(
                        context, request, response,
                        [&] { return revoke(context, request, reader, response); }, &reader);
                });
}

}  // namespace central
