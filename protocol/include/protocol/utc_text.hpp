// UTC times as the protocol writes them: RFC 3339 with milliseconds, as the kiosk writes a rating's
// and a batch's times ("2026-11-30T09:01:12.345Z"), and in whole seconds, as the store writes a
// receipt's "received" ("2026-11-30T09:12:04Z"); and reading either back.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace protocol {

// "2026-11-30T09:01:12.345Z" for `ms` milliseconds since 1970.
std::string utc_ms_text(std::int64_t ms);
// "2026-11-30T09:12:04Z": the whole seconds of `ms` (the milliseconds are dropped, not rounded).
std::string utc_seconds_text(std::int64_t ms);

// True for "YYYY-MM-DD" naming a real calendar day (the export's from and to).
bool is_utc_date(std::string_view text);
// True for an RFC 3339 UTC time as the kiosk writes it: "YYYY-MM-DDTHH:MM:SS[.f…]Z", 1 to 9 digits of
// fraction.
bool is_utc_time(std::string_view text);
// Such a time as milliseconds since 1970 (a finer fraction is cut to the millisecond); nothing when
// `text` is not one.
std::optional<std::int64_t> utc_time_ms(std::string_view text);

}  // namespace protocol
