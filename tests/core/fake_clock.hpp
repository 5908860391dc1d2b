// A clock the test moves by hand, for the survey flow.
#pragma once
#include "survey_flow.hpp"

struct FakeClock {
    kiosk::Now now{kiosk::Instant{} + std::chrono::hours(1), 1'700'000'000'000, true};
    void advance(std::chrono::milliseconds by) {
        now.steady += by;
        now.utc_ms += by.count();
    }
};
