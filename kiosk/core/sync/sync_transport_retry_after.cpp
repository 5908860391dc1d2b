#include "sync_transport_retry_after.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

namespace kiosk {
namespace {

// Month names are English in HTTP whatever the process's locale, so they are not left to strptime.
int month_of(const char* name) {
    static constexpr std::array<const char*, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < months.size(); ++i)
        if (std::strcmp(name, months[i]) == 0) return static_cast<int>(i);
    return -1;
}

std::optional<std::time_t> http_date(const std::string& text) {
    char month[4] = {};
    int day = 0, year = 0, hour = 0, minute = 0, second = 0, used = 0;
    const char* s = text.c_str();
    auto whole = [&](int fields) { return fields == 6 && used == static_cast<int>(text.size()); };
    // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT", asctime
    // "Sun Nov  6 08:49:37 1994".
    bool fixdate = whole(std::sscanf(s, "%*3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", &day, month,
                                     &year, &hour, &minute, &second, &used));
    bool rfc850 =
        !fixdate && (used = 0, whole(std::sscanf(s, "%*[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d GMT%n", &day,
                                                 month, &year, &hour, &minute, &second, &used)));
    if (rfc850) year += year < 70 ? 2000 : 1900;
    if (!fixdate && !rfc850 &&
        (used = 0, !whole(std::sscanf(s, "%*3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", month, &day, &hour,
                                      &minute, &second, &year, &used))))
        return std::nullopt;
    int m = month_of(month);
    if (m < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || year < 1970)
        return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = m;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    std::time_t at = timegm(&tm);
    if (at == static_cast<std::time_t>(-1)) return std::nullopt;
    return at;
}

}  // namespace

std::optional<std::chrono::seconds> parse_retry_after(const std::string& value, std::time_t now) {
    if (!value.empty() && value.size() < 10 && value.find_first_not_of("0123456789") == std::string::npos)
        return std::chrono::seconds(std::stoll(value));
    if (std::optional<std::time_t> at = http_date(value))
        return std::chrono::seconds(std::max<std::time_t>(0, *at - now));
    return std::nullopt;
}

}  // namespace kiosk
