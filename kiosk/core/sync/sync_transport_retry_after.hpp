// The Retry-After header a busy store (503) or a rate limit (429) sends: seconds, or an HTTP date
// (RFC 9110: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must also read).
#pragma once
#include <chrono>
#include <ctime>
#include <optional>
#include <string>

namespace kiosk {

// How long to wait from `now`; none when `value` is neither form. A date in the past waits 0 s.
std::optional<std::chrono::seconds> parse_retry_after(const std::string& value, std::time_t now);

}  // namespace kiosk
