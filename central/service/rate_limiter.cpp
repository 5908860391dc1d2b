#include "rate_limiter.hpp"

#include <cassert>

namespace central {
namespace {
constexpr std::int64_t minute_ms = 60'000;
}

RateLimiter::RateLimiter(int per_minute) : per_minute_(per_minute) {
    assert(per_minute > 0 && "a rate limit allows at least one request a minute");
}

std::optional<int> RateLimiter::admit(const std::string& kiosk_id, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    forget_idle(now_ms);
    std::deque<std::int64_t>& times = recent_[kiosk_id];
    while (!times.empty() && times.front() <= now_ms - minute_ms) times.pop_front();
    if (static_cast<int>(times.size()) >= per_minute_) {
        std::int64_t wait_ms = times.front() + minute_ms - now_ms;
        return static_cast<int>((wait_ms + 999) / 1000);
    }
    times.push_back(now_ms);
    return std::nullopt;
}

void RateLimiter::forget_idle(std::int64_t now_ms) {
    // Once a minute, drop kiosks not heard from in the last minute: memory follows the active fleet.
    if (now_ms - last_sweep_ms_ < minute_ms) return;
    last_sweep_ms_ = now_ms;
    for (auto it = recent_.begin(); it != recent_.end();) {
        if (it->second.empty() || it->second.back() <= now_ms - minute_ms)
            it = recent_.erase(it);
        else
            ++it;
    }
}

}  // namespace central
