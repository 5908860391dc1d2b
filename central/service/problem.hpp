// A refusal as the protocol writes it: application/problem+json (RFC 9457) with type, title, status,
// detail and request_id (docs/protocol.md, "Errors"). Every error the store answers is one of these.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace httplib {
struct Response;
}

namespace central {

struct Problem {
    int status = 400;
    std::string name;                                 // the problem type's last part, e.g. "bad-signature"
    std::string detail;                               // what and why, for the IT person reading a kiosk's log
    nlohmann::json extra = nlohmann::json::object();  // members beyond the standard ones (store_time)
    std::optional<int> retry_after_seconds;           // 429 and 503
    // The request's body was not read at all: it may be read past (drain_body) before answering.
    bool body_unread = false;
    // The request's body was cut off, or cannot be read past: the connection cannot carry another request.
    bool close_connection = false;
};

// A problem whose title is the one the protocol gives `name`.
Problem make_problem(int status, std::string name, std::string detail);

// "https://charter-kiosk.invalid/problems/<name>".
std::string problem_type(const std::string& name);
// "Bad signature" for "bad-signature"; every name the store uses has one.
std::string problem_title(const std::string& name);

nlohmann::json problem_json(const Problem& problem, const std::string& request_id);
// Sets status, body, Content-Type, Retry-After and Connection on `response`.
void write_problem(httplib::Response& response, const Problem& problem, const std::string& request_id);

}  // namespace central
