// The script player's pacing (script_runner.hpp) against a kiosk made of numbers: how it lets the tap
// guard pass before a step — moving the kiosk's clock, waiting, or not at all — without a window.
#include "script_runner.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "../core/temp_dir.hpp"

using namespace kiosk::ui;
using std::chrono::milliseconds;

namespace {

// A kiosk at the moment a citizen chose an answer: it stays in view for 400 ms, then the next
// screen appears; a tap counts 300 ms after that (the guard). Times are the kiosk's, in ms.
class FakeKiosk final : public ScriptHost {
  public:
    long now = 0;
    long answer_until = 400;  // when the next screen appears; -1 once it has
    long guard = 300;
    long view_since = 0;
    std::vector<long> advances;  // every move of the kiosk's clock
    int taps = 0;

    // What the kiosk's tick does when its clock has passed the answer's end.
    void tick() {
        if (answer_until >= 0 && now >= answer_until) {
            view_since = now;
            answer_until = -1;
        }
    }

    std::string screen_name() const override { return answer_until >= 0 ? "welcome" : "service"; }
    std::string overlay_name() const override { return "none"; }
    std::string language() const override { return "nl"; }
    std::optional<Box> target(const std::string&) const override { return Box{{10, 10}, {20, 20}}; }
    ImVec2 window_size() const override { return {1920, 1080}; }
    void push_tap(ImVec2) override { ++taps; }
    void advance_clock(milliseconds by) override {
        advances.push_back(by.count());
        now += by.count();
    }
    milliseconds until_taps_count() const override {
        long from = view_since + guard;
        if (answer_until >= 0) from = std::max(from, answer_until + guard);
        return milliseconds(from - now);
    }
    std::optional<milliseconds> until_screen_moves() const override {
        if (answer_until < 0) return std::nullopt;
        return milliseconds(answer_until - now);
    }
    std::string save_screenshot(const std::string&) override { return {}; }
    std::string set_text_scale(float) override { return {}; }
    bool push_event(const std::string&) override { return true; }
    long frames_presented() const override { return 0; }
    std::optional<std::string> query(const std::string&) override { return std::nullopt; }
};

std::string script_file(const TempDir& dir, const std::string& text) {
    std::string path = dir.file("script");
    std::ofstream(path) << text;
    return path;
}

}  // namespace

TEST_CASE("kiosk-clock pace: the clock moves to the next screen, then past its guard, and nobody waits") {
    TempDir dir;
    ScriptRunner runner(script_file(dir, "wait-for service\ntap service-moving\n"), "");
    FakeKiosk kiosk;
    for (int call = 0; call < 10 && kiosk.taps == 0; ++call) {
        auto wait = runner.step(kiosk);
        REQUIRE(wait);
        CHECK(*wait == milliseconds(0));  // never a wait in real time
        kiosk.tick();
    }
    CHECK(kiosk.taps == 1);
    // First to the answer's end (the next screen appears then, as it would in real time), then to 50 ms
    // past the guard on that screen: the tap comes 350 ms after the screen, not before.
    CHECK(kiosk.advances == std::vector<long>{400, 350});
    CHECK(kiosk.now - kiosk.view_since == 350);
    CHECK(runner.passed());
}

TEST_CASE("real-time pace: the player waits as long as the guard asks and never moves the clock") {
    TempDir dir;
    ScriptRunner runner(script_file(dir, "pace real-time\ntap grade-8\n"), "");
    FakeKiosk kiosk;
    auto wait = runner.step(kiosk);
    REQUIRE(wait);
    CHECK(*wait == milliseconds(750));  // the answer's 400 ms, the guard's 300, the 50 ms margin
    CHECK(kiosk.taps == 0);
    kiosk.now += 400;  // time passes by itself
    kiosk.tick();
    kiosk.now += 350;
    runner.step(kiosk);
    CHECK(kiosk.taps == 1);
    CHECK(kiosk.advances.empty());
}

TEST_CASE("no pace: a step runs at once, inside the guard, and the kiosk alone decides") {
    TempDir dir;
    ScriptRunner runner(script_file(dir, "pace none\ntap grade-8\n"), "");
    FakeKiosk kiosk;
    runner.step(kiosk);
    CHECK(kiosk.taps == 1);
    CHECK(kiosk.now == 0);
    CHECK(kiosk.advances.empty());
}

TEST_CASE("a pace other than kiosk-clock, real-time or none is a malformed script") {
    TempDir dir;
    CHECK_THROWS_WITH(ScriptRunner(script_file(dir, "wait-for welcome\npace fast\n"), ""),
                      Catch::Contains("script:2: pace is kiosk-clock, real-time or none"));
}
