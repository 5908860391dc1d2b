// Reads the clocks once for a decision: steady time for timeouts, UTC for what is stored, and whether
// the system clock is synchronised (stored with each rating, so the central store can weigh its times).
#pragma once
#include <chrono>
#include <cstdint>

namespace kiosk {

using Instant = std::chrono::steady_clock::time_point;

// One reading of the clocks: steady time for timeouts, wall time for what is stored.
struct Now {
    Instant steady;
    std::int64_t utc_ms = 0;
    bool clock_synchronised = false;
};

class SystemClock {
  public:
    Now now() const;
    // Only the steady reading (no system call for the NTP state): for every input event.
    Instant steady_now() const { return std::chrono::steady_clock::now() + offset_; }
    // Scripted tests move the kiosk's sense of time forward instead of waiting.
    void advance(std::chrono::milliseconds by) { offset_ += by; }
    // How far the kiosk's time is ahead of the process's steady clock.
    std::chrono::milliseconds offset() const { return offset_; }

  private:
    std::chrono::milliseconds offset_{0};
};

}  // namespace kiosk
