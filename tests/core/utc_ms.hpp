// A UTC time for a test, written as a date and a time of day.
#pragma once
#include <chrono>
#include <cstdint>

inline std::int64_t utc_ms(int year, unsigned month, unsigned day, int hour = 0, int minute = 0,
                           int second = 0) {
    using namespace std::chrono;
    sys_days date{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
    return duration_cast<milliseconds>(date.time_since_epoch() + hours{hour} + minutes{minute} +
                                       seconds{second})
        .count();
}
