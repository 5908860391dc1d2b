// One line per request for the log: time, method, path, kiosk, status, problem, milliseconds. Never a
// body, a query string or a header's value other than Kiosk-Id (no tokens, no signatures).
#pragma once
#include <cstdint>
#include <string>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace central {

// e.g. "2026-11-30T09:12:04Z POST /v1/batches kiosk=kiosk-7 status=401 problem=bad-signature 3 ms"
// (`elapsed_ms` < 0: not known, written "-").
std::string request_log_line(const httplib::Request& request, const httplib::Response& response,
                             std::int64_t now_ms, std::int64_t elapsed_ms);

}  // namespace central
