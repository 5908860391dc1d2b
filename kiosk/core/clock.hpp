// Reads the clocks once for a decision: steady time for timeouts, UTC for what is stored, and whether
// the system clock is synchronised (stored with each rating, so the central store can weigh its times).
#pragma once
#include <chrono>

#include "survey_flow.hpp"

namespace kiosk {

class SystemClock {
public:
    Now now() const;
    // Scripted tests move the kiosk's sense of time forward instead of waiting.
    void advance(std::chrono::milliseconds by) { offset_ += by; }

private:
    std::chrono::milliseconds offset_{0};
};

}  // namespace kiosk
