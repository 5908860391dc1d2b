// UTC times written as text for people and file names: a shell's report, a set-aside database's name.
// The sync protocol's times are the protocol library's (protocol/utc_text.hpp).
#pragma once
#include <cstdint>
#include <string>

namespace kiosk {

// `strftime_format` applied to the UTC time `ms` (milliseconds since 1970), e.g. "%Y-%m-%d %H:%M UTC".
std::string utc_text(std::int64_t ms, const char* strftime_format);

}  // namespace kiosk
