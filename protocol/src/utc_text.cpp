#include "protocol/utc_text.hpp"

#include <cstdio>
#include <ctime>

namespace protocol {
namespace {

// Seconds and milliseconds of `ms`, the milliseconds in 0–999 also before 1970.
std::time_t seconds_of(std::int64_t ms) {
    return static_cast<std::time_t>(ms / 1000 - (ms % 1000 < 0 ? 1 : 0));
}
int millis_of(std::int64_t ms) { return static_cast<int>((ms % 1000 + 1000) % 1000); }

std::string seconds_text(std::int64_t ms) {
    std::time_t seconds = seconds_of(ms);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char out[32];
    std::size_t n = std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S", &tm);
    return std::string(out, n);
}

bool digits(std::string_view text, std::size_t at, std::size_t count) {
    for (std::size_t i = at; i < at + count; ++i)
        if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
    return true;
}

int number(std::string_view text, std::size_t at, std::size_t count) {
    int n = 0;
    for (std::size_t i = at; i < at + count; ++i) n = n * 10 + (text[i] - '0');
    return n;
}

bool real_day(int year, int month, int day) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

}  // namespace

std::string utc_ms_text(std::int64_t ms) {
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03dZ", millis_of(ms));
    return seconds_text(ms) + millis;
}

std::string utc_seconds_text(std::int64_t ms) { return seconds_text(ms) + "Z"; }

bool is_utc_date(std::string_view text) {
    return text.size() == 10 && digits(text, 0, 4) && text[4] == '-' && digits(text, 5, 2) &&
           text[7] == '-' && digits(text, 8, 2) &&
           real_day(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2));
}

bool is_utc_time(std::string_view text) {
    if (text.size() < 20 || !is_utc_date(text.substr(0, 10)) || text[10] != 'T' || !digits(text, 11, 2) ||
        text[13] != ':' || !digits(text, 14, 2) || text[16] != ':' || !digits(text, 17, 2) ||
        text.back() != 'Z')
        return false;
    if (number(text, 11, 2) > 23 || number(text, 14, 2) > 59 || number(text, 17, 2) > 60) return false;
    if (text.size() == 20) return true;
    // A fraction: a dot and 1 to 9 digits before the Z.
    return text[19] == '.' && text.size() >= 22 && text.size() <= 30 && digits(text, 20, text.size() - 21);
}

std::optional<std::int64_t> utc_time_ms(std::string_view text) {
    if (!is_utc_time(text)) return std::nullopt;
    std::tm tm{};
    tm.tm_year = number(text, 0, 4) - 1900;
    tm.tm_mon = number(text, 5, 2) - 1;
    tm.tm_mday = number(text, 8, 2);
    tm.tm_hour = number(text, 11, 2);
    tm.tm_min = number(text, 14, 2);
    tm.tm_sec = number(text, 17, 2);
    std::int64_t ms = 0;
    for (std::size_t at = 20, scale = 100; at < text.size() - 1 && scale > 0; ++at, scale /= 10)
        ms += (text[at] - '0') * static_cast<std::int64_t>(scale);
    return static_cast<std::int64_t>(::timegm(&tm)) * 1000 + ms;
}

}  // namespace protocol
