#include "backoff.hpp"

#include <algorithm>
#include <cassert>
#include <memory>
#include <random>

namespace kiosk {

Backoff::Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, Uniform uniform)
    : base_(base), cap_(cap), uniform_(std::move(uniform)) {
    assert(base.count() > 0 && cap >= base && "a backoff grows from a positive base up to its cap");
    if (!uniform_) {
        auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
        uniform_ = [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
    }
}

std::chrono::milliseconds Backoff::ceiling(int failures) const {
    assert(failures >= 1 && "a wait follows a failure");
    // base·2^n reaches any cap long before n = 40; beyond it the shift would overflow.
    if (failures >= 40) return cap_;
    auto grown = base_.count() << failures;
    return grown / (std::int64_t{1} << failures) != base_.count()
               ? cap_
               : std::min(cap_, std::chrono::milliseconds(grown));
}

std::chrono::milliseconds Backoff::delay(int failures,
                                         std::optional<std::chrono::seconds> retry_after) const {
    double draw = std::clamp(uniform_(), 0.0, 1.0);
    auto drawn = std::chrono::milliseconds(
        static_cast<std::int64_t>(draw * static_cast<double>(ceiling(failures).count())));
    if (retry_after) {
        auto asked = std::chrono::milliseconds(std::min(*retry_after, longest_retry_after));
        drawn = std::max(drawn, asked);
    }
    return drawn;
}

}  // namespace kiosk
