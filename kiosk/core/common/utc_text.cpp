#include "utc_text.hpp"

#include <ctime>

namespace kiosk {

std::string utc_text(std::int64_t ms, const char* strftime_format) {
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char out[64];
    std::size_t n = std::strftime(out, sizeof out, strftime_format, &tm);
    return std::string(out, n);
}

}  // namespace kiosk
