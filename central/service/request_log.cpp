#include "request_log.hpp"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "protocol/utc_text.hpp"

namespace central {
namespace {

// A request's text as a log may show it: printable ASCII, cut short (a client chooses these bytes).
std::string printable(const std::string& text, std::size_t limit) {
    std::string out;
    for (char c : text.substr(0, limit)) out += (c > 0x20 && c < 0x7f) ? c : '?';
    if (text.size() > limit) out += "...";
    return out.empty() ? "-" : out;
}

}  // namespace

std::string request_log_line(const httplib::Request& request, const httplib::Response& response,
                             std::int64_t now_ms, std::int64_t elapsed_ms) {
    std::string kiosk = request.get_header_value("Kiosk-Id");
    std::string line = protocol::utc_seconds_text(now_ms) + " " + printable(request.method, 16) + " " +
                       printable(request.path, 120) + " kiosk=" + printable(kiosk, 64) +
                       " status=" + std::to_string(response.status);
    if (response.get_header_value("Content-Type") == "application/problem+json") {
        nlohmann::json problem = nlohmann::json::parse(response.body, nullptr, false);
        if (problem.is_object() && problem.contains("type") && problem["type"].is_string()) {
            std::string type = problem["type"];
            line += " problem=" + type.substr(type.rfind('/') + 1);
        }
    }
    return line + " " + (elapsed_ms < 0 ? std::string("-") : std::to_string(elapsed_ms)) + " ms";
}

}  // namespace central
