// At most N requests a minute per kiosk (docs/protocol.md, "Limits"), over a sliding minute.
// Kept in memory, per instance: behind a load balancer with k instances a kiosk may get up to k·N a
// minute. That bounds a misbehaving kiosk's load well enough without shared state, which the service
// otherwise does not need (everything durable is in the ledger).
#pragma once
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace central {

class RateLimiter {
  public:
    explicit RateLimiter(int per_minute);
    // Counts a request of `kiosk_id` at `now_ms`. Nothing when it may go on; else the whole seconds
    // (at least 1) until it may (Retry-After). A refused request is not counted.
    std::optional<int> admit(const std::string& kiosk_id, std::int64_t now_ms);

  private:
    void forget_idle(std::int64_t now_ms);

    const int per_minute_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<std::int64_t>> recent_;  // request times in the last minute
    std::int64_t last_sweep_ms_ = 0;
};

}  // namespace central
