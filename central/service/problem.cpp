#include "problem.hpp"

#include <httplib.h>

#include <cassert>
#include <map>

#include "protocol/names.hpp"

namespace central {

Problem make_problem(int status, std::string name, std::string detail) {
    Problem p;
    p.status = status;
    p.name = std::move(name);
    p.detail = std::move(detail);
    return p;
}

std::string problem_type(const std::string& name) { return std::string(protocol::problem_type_base) + name; }

std::string problem_title(const std::string& name) {
    // The protocol's names first, then the few the store adds for what the protocol leaves open.
    static const std::map<std::string, std::string> titles = {
        {"bad-request-headers", "Missing or malformed request headers"},
        {"unknown-kiosk", "Unknown kiosk"},
        {"revoked-kiosk", "Revoked kiosk"},
        {"bad-signature", "Bad signature"},
        {"stale-timestamp", "Stale timestamp"},
        {"body-too-large", "Body too large"},
        {"digest-mismatch", "Body digest mismatch"},
        {"malformed-batch", "Malformed batch"},
        {"unsupported-protocol", "Unsupported protocol"},
        {"batch-conflict", "Batch conflict"},
        {"rate-limited", "Too many requests"},
        {"unauthorised", "Unauthorised"},
        {"already-enrolled", "Already enrolled"},
        {"malformed-heartbeat", "Malformed heartbeat"},
        {"malformed-request", "Malformed request"},
        {"bad-period", "Bad period"},
        {"bad-time-zone", "Bad time zone"},
        {"site-unknown", "Site not known"},
        {"bad-enrolment-code", "Bad enrolment code"},
        {"not-found", "Not found"},
        {"method-not-allowed", "Method not allowed"},
        {"database-unavailable", "Database unavailable"},
        {"internal-error", "Internal error"},
    };
    auto found = titles.find(name);
    assert(found != titles.end() && "every problem name the store answers with has a title");
    return found->second;
}

nlohmann::json problem_json(const Problem& problem, const std::string& request_id) {
    nlohmann::json body = problem.extra;
    body["type"] = problem_type(problem.name);
    body["title"] = problem_title(problem.name);
    body["status"] = problem.status;
    body["detail"] = problem.detail;
    body["request_id"] = request_id;
    return body;
}

void write_problem(httplib::Response& response, const Problem& problem, const std::string& request_id) {
    response.status = problem.status;
    // Invalid UTF-8 copied from a request into a detail must not make dump() throw.
    response.set_content(
        problem_json(problem, request_id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
        "application/problem+json");
    if (problem.retry_after_seconds)
        response.set_header("Retry-After", std::to_string(*problem.retry_after_seconds));
    if (problem.close_connection) response.set_header("Connection", "close");
    if (problem.status == 401 && problem.name == "unauthorised")
        response.set_header("WWW-Authenticate", "Bearer");
}

}  // namespace central
