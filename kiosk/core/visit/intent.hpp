// What a tap on a screen asks the core to do. Screens return one; the frame loop stamps it with the
// moment the finger went down and hands it to the flow, which decides whether the citizen saw it.
#pragma once
#include <chrono>
#include <string>
#include <utility>

namespace kiosk {

struct Intent {
    enum Kind {
        none,
        choose_service,  // text: life event id
        give_grade,      // value: 1..10; on Welcome it starts the visit
        answer_norm,     // value: 1..5, or 0 for "does not apply"
        back,
        stop,
        open_languages,
        close_languages,
        choose_language,  // text: language code
        still_here,
        start_over,
        finish,
    };
    Intent() = default;
    Intent(Kind k, int v = 0, std::string t = {}) : kind(k), value(v), text(std::move(t)) {}

    Kind kind = none;
    int value = 0;
    std::string text;
    std::chrono::steady_clock::time_point pressed_at{};   // when the finger went down for this tap
    std::chrono::steady_clock::time_point released_at{};  // when it lifted: the tap was complete

    explicit operator bool() const { return kind != none; }
};

}  // namespace kiosk
