#include "clock.hpp"

#include <sys/timex.h>

namespace kiosk {

Now SystemClock::now() const {
    Now n;
    n.steady = std::chrono::steady_clock::now() + offset_;
    auto wall = std::chrono::system_clock::now() + offset_;
    n.utc_ms = std::chrono::duration_cast<std::chrono::milliseconds>(wall.time_since_epoch()).count();
    timex tx{};
    n.clock_synchronised = adjtimex(&tx) != TIME_ERROR;  // TIME_ERROR: not synchronised by NTP
    return n;
}

}  // namespace kiosk
