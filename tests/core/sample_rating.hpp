// A rating as a tap leaves it (grade given, one norm planned), or finished 20 s later, for tests that
// need ratings in a store and do not look at their answers.
#pragma once
#include "identifiers.hpp"
#include "rating.hpp"

inline kiosk::Rating sample_rating(std::int64_t at, bool final = false) {
    kiosk::Rating r;
    r.id = kiosk::make_uuid_v7(at);
    r.reference = kiosk::make_short_reference();
    r.language = "nl";
    r.planned_norms = {"bsc1"};
    r.started_ms = at;
    r.grade = 7;
    if (final) {
        r.state = kiosk::RatingState::final;
        r.end_reason = kiosk::EndReason::completed;
        r.finished_ms = at + 20000;
    }
    return r;
}
