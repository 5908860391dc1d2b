// How long to wait before the next try after consecutive failures (docs/protocol.md): "full jitter",
// a random time between 0 and min(cap, base·2ⁿ), so a fleet that lost its store at the same moment
// does not come back at the same moment. A store's Retry-After wins when it asks for longer.
#pragma once
#include <chrono>
#include <functional>
#include <optional>

namespace kiosk {

class Backoff {
  public:
    using Uniform = std::function<double()>;  // a draw in [0, 1)
    static constexpr std::chrono::milliseconds default_base{2000};
    static constexpr std::chrono::milliseconds default_cap{15 * 60 * 1000};
    // A Retry-After is honoured up to this long: a wrong header must not silence a kiosk for days.
    static constexpr std::chrono::seconds longest_retry_after{3600};

    // `uniform` defaults to a generator seeded from the kernel.
    Backoff(std::chrono::milliseconds base = default_base, std::chrono::milliseconds cap = default_cap,
            Uniform uniform = {});

    // The wait after the `failures`-th consecutive failure (1 for the first).
    std::chrono::milliseconds delay(int failures, std::optional<std::chrono::seconds> retry_after = {}) const;
    // The upper bound of the draw for `failures`: min(cap, base·2^failures).
    std::chrono::milliseconds ceiling(int failures) const;

  private:
    std::chrono::milliseconds base_;
    std::chrono::milliseconds cap_;
    Uniform uniform_;
};

}  // namespace kiosk
