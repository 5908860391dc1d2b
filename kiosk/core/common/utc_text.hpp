// UTC times written as text, in the few forms the kiosk uses: file names, a shell's report, the sync
// protocol's timestamps.
#pragma once
#include <cstdint>
#include <string>

namespace kiosk {

// `strftime_format` applied to the UTC time `ms` (milliseconds since 1970), e.g. "%Y-%m-%d %H:%M UTC".
std::string utc_text(std::int64_t ms, const char* strftime_format);

// "2026-11-30T09:01:12.345Z" (RFC 3339, milliseconds), as docs/protocol.md writes times.
std::string utc_rfc3339(std::int64_t ms);

}  // namespace kiosk
