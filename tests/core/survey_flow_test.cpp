// The visit as a state machine, driven by a fake clock: every transition, idle reset, back, services.
#include "survey_flow.hpp"

#include <catch2/catch.hpp>

#include "fake_clock.hpp"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

struct RecordingSink : RatingSink {
    std::vector<Rating> saved;
    bool fail = false;  // a full disk with the reserve used up
    bool save(Rating& rating) override {
        if (fail) return false;
        saved.push_back(rating);
        return true;
    }
};

// The visit's settings are the configuration's; taps unguarded and answers not held unless a test says.
KioskConfig settings(std::vector<std::string> services = {"passport", "moving"}) {
    KioskConfig s;
    s.languages = {"nl", "en", "de"};
    s.default_language = "nl";
    s.services = std::move(services);
    s.idle_after = 30s;
    s.countdown = 10s;
    s.thanks_for = 12s;
    s.greeting_every = 3s;
    s.tap_guard = 0ms;
    s.answer_shown_for = 0ms;
    return s;
}

struct Visit {
    FakeClock clock;
    RecordingSink sink;
    NormRotation rotation{{"bsc1", "bsc2", "bsc3", "bsc4"}, 3, 42};
    KioskConfig config;
    SurveyFlow flow;
    explicit Visit(KioskConfig s = settings())
        : config(std::move(s)), flow(config, rotation, sink, clock.now) {}
    void wait(std::chrono::milliseconds d) {
        clock.advance(d);
        flow.tick(clock.now);
    }
};

}  // namespace

TEST_CASE("a whole visit goes welcome with its grade, service, norms, thanks and back to welcome") {
    Visit v;
    REQUIRE(v.flow.screen() == Screen::welcome);
    CHECK(v.flow.step() == 0);
    v.flow.give_grade(8, v.clock.now);
    REQUIRE(v.flow.screen() == Screen::service);
    REQUIRE(v.sink.saved.size() == 1);  // the first tap on Welcome is a saved answer
    CHECK(v.sink.saved.back().grade == 8);
    CHECK(v.sink.saved.back().state == RatingState::open);
    CHECK(v.sink.saved.back().language == "nl");
    REQUIRE(v.flow.norm_count() == 3);
    CHECK(v.flow.steps() == 5);  // grade, service, three norms
    CHECK(v.flow.step() == 2);

    v.flow.choose_service("moving", v.clock.now);
    REQUIRE(v.flow.screen() == Screen::norm);
    CHECK(v.sink.saved.back().service == "moving");
    CHECK(v.flow.step() == 3);

    v.flow.answer_norm(4, v.clock.now);
    v.flow.answer_norm(answer_not_applicable, v.clock.now);
    CHECK(v.flow.screen() == Screen::norm);
    CHECK(v.flow.step() == 5);
    v.flow.answer_norm(5, v.clock.now);
    REQUIRE(v.flow.screen() == Screen::thanks);

    const Rating& final = v.sink.saved.back();
    CHECK(final.state == RatingState::final);
    CHECK(final.end_reason == EndReason::completed);
    CHECK(final.answers.size() == 3);
    CHECK(final.answers[1].value == answer_not_applicable);
    CHECK(final.finished_ms == v.clock.now.utc_ms);
    CHECK(final.id.size() == 36);
    CHECK(final.id[14] == '7');       // UUID version 7
    CHECK(v.sink.saved.size() == 5);  // grade, service, 2 answers, final answer with the final state

    CHECK(v.flow.thanks_seconds_left(v.clock.now) == 12);
    v.wait(11s);
    CHECK(v.flow.screen() == Screen::thanks);
    CHECK(v.flow.thanks_seconds_left(v.clock.now) == 1);
    v.wait(1s);
    CHECK(v.flow.screen() == Screen::welcome);
    CHECK(v.flow.rating() == nullptr);
}

TEST_CASE("the service screen always offers something else, and it is stored as such") {
    Visit v;
    CHECK(v.flow.services() == std::vector<std::string>{"passport", "moving", "other"});
    v.flow.give_grade(6, v.clock.now);
    v.flow.choose_service("other", v.clock.now);
    CHECK(v.sink.saved.back().service == "other");
    CHECK(v.flow.screen() == Screen::norm);

    Visit listed(settings({"passport", "other", "moving"}));  // listed already: not twice
    CHECK(listed.flow.services() == std::vector<std::string>{"passport", "other", "moving"});
    Visit one(settings({"passport"}));  // one service: no question, nothing added
    CHECK(one.flow.services() == std::vector<std::string>{"passport"});
}

TEST_CASE("a service the screen does not offer is ignored") {
    Visit v;
    v.flow.give_grade(6, v.clock.now);
    v.flow.choose_service("death", v.clock.now);
    CHECK(v.flow.screen() == Screen::service);
    CHECK(v.sink.saved.back().service.empty());
}

TEST_CASE("one service: the grade leads to the norms and the rating carries that service") {
    Visit v(settings({"passport"}));
    v.flow.give_grade(6, v.clock.now);
    REQUIRE(v.flow.screen() == Screen::norm);
    CHECK(v.sink.saved.back().service == "passport");
    CHECK(v.flow.steps() == 4);
    CHECK(v.flow.step() == 2);
}

TEST_CASE("Done on thanks returns to welcome at once") {
    Visit v(settings({}));
    v.flow.give_grade(7, v.clock.now);
    for (int i = 0; i < 3; ++i) v.flow.answer_norm(3, v.clock.now);
    REQUIRE(v.flow.screen() == Screen::thanks);
    v.flow.finish(v.clock.now);
    CHECK(v.flow.screen() == Screen::welcome);
}

TEST_CASE("any touch on thanks starts its seconds again") {
    Visit v(settings({}));
    v.flow.give_grade(7, v.clock.now);
    for (int i = 0; i < 3; ++i) v.flow.answer_norm(3, v.clock.now);
    v.wait(10s);
    CHECK(v.flow.thanks_seconds_left(v.clock.now) == 2);
    v.flow.activity(v.clock.now);  // looking for the phone's camera
    CHECK(v.flow.thanks_seconds_left(v.clock.now) == 12);
    v.wait(11s);
    CHECK(v.flow.screen() == Screen::thanks);
    // The loop wakes each second, so the seconds on Done stay right.
    CHECK(v.flow.next_deadline(v.clock.now) == v.clock.now.steady + 1s);
    v.wait(1s);
    CHECK(v.flow.screen() == Screen::welcome);
}

TEST_CASE("back steps through the norms to the service and the grade, keeping the answers") {
    Visit v;
    v.flow.give_grade(9, v.clock.now);
    CHECK(v.flow.can_go_back());  // on the service screen: back to the grade
    v.flow.choose_service("passport", v.clock.now);
    v.flow.answer_norm(2, v.clock.now);
    REQUIRE(v.flow.norm_index() == 1);
    v.flow.back(v.clock.now);
    CHECK(v.flow.norm_index() == 0);
    CHECK(v.flow.current_answer() == 2);
    v.flow.back(v.clock.now);
    CHECK(v.flow.screen() == Screen::service);
    v.flow.back(v.clock.now);
    CHECK(v.flow.screen() == Screen::grade);
    CHECK(v.flow.rating()->grade == 9);
    CHECK(v.flow.step() == 1);
    CHECK_FALSE(v.flow.can_go_back());  // behind the grade is the next citizen's Welcome
    v.flow.back(v.clock.now);
    CHECK(v.flow.screen() == Screen::grade);
    v.flow.give_grade(4, v.clock.now);  // a changed grade replaces the first
    CHECK(v.sink.saved.back().grade == 4);
    CHECK(v.flow.screen() == Screen::norm);  // the service is already given
}

TEST_CASE("stop keeps what was answered, thanks, and the next citizen gets a fresh rating") {
    Visit v;
    v.flow.give_grade(3, v.clock.now);
    v.flow.choose_service("moving", v.clock.now);
    v.flow.answer_norm(2, v.clock.now);
    REQUIRE(v.flow.can_stop());
    v.flow.stop(v.clock.now);
    REQUIRE(v.flow.screen() == Screen::thanks);
    const Rating stopped = v.sink.saved.back();
    CHECK(stopped.state == RatingState::final);
    CHECK(stopped.end_reason == EndReason::stopped);
    CHECK(stopped.grade == 3);
    CHECK(stopped.answers.size() == 1);
    CHECK_FALSE(v.flow.can_stop());
    v.flow.finish(v.clock.now);

    v.flow.give_grade(9, v.clock.now);
    CHECK(v.sink.saved.back().id != stopped.id);
    CHECK(v.sink.saved.back().grade == 9);
    CHECK(v.sink.saved.back().answers.empty());
    CHECK(v.sink.saved.back().service.empty());
}

TEST_CASE("stop on the service screen keeps the grade alone") {
    Visit v;
    v.flow.give_grade(5, v.clock.now);
    v.flow.stop(v.clock.now);
    CHECK(v.flow.screen() == Screen::thanks);
    CHECK(v.sink.saved.back().end_reason == EndReason::stopped);
    CHECK(v.sink.saved.back().grade == 5);
}

TEST_CASE("idle: still-there after the idle time, then the rating is closed as it stands") {
    Visit v;
    v.flow.give_grade(3, v.clock.now);
    v.flow.choose_service("passport", v.clock.now);
    REQUIRE(v.flow.next_deadline(v.clock.now) == v.clock.now.steady + 30s);
    v.wait(29s);
    CHECK_FALSE(v.flow.asking_still_there());
    v.wait(1s);
    REQUIRE(v.flow.asking_still_there());
    CHECK(v.flow.countdown_seconds_left(v.clock.now) == 10);
    // The loop wakes each second so the countdown on screen is right.
    CHECK(v.flow.next_deadline(v.clock.now) == v.clock.now.steady + 1s);
    v.clock.advance(300ms);
    CHECK_FALSE(v.flow.tick(v.clock.now).changed);  // nothing on screen changed: no frame to draw
    v.clock.advance(700ms);
    CHECK(v.flow.tick(v.clock.now).changed);  // 10 became 9
    v.wait(8s);
    CHECK(v.flow.countdown_seconds_left(v.clock.now) == 1);
    CHECK(v.flow.screen() == Screen::norm);
    v.wait(1s);
    CHECK(v.flow.screen() == Screen::welcome);
    CHECK(v.flow.language() == "nl");
    const Rating& closed = v.sink.saved.back();
    CHECK(closed.state == RatingState::final);
    CHECK(closed.end_reason == EndReason::timed_out);
    CHECK(closed.grade == 3);
}

TEST_CASE("a citizen who taps only a grade and walks away leaves that grade, kept") {
    Visit v;
    v.flow.give_grade(2, v.clock.now);
    v.wait(30s);
    v.wait(10s);
    CHECK(v.flow.screen() == Screen::welcome);
    REQUIRE(v.sink.saved.size() == 2);
    CHECK(v.sink.saved.back().grade == 2);
    CHECK(v.sink.saved.back().state == RatingState::final);
    CHECK(v.sink.saved.back().end_reason == EndReason::timed_out);
}

TEST_CASE("idle: a tap during the countdown keeps the visit going") {
    Visit v;
    v.flow.give_grade(7, v.clock.now);
    v.wait(30s);
    REQUIRE(v.flow.asking_still_there());
    v.wait(5s);
    v.flow.still_here(v.clock.now);
    CHECK_FALSE(v.flow.asking_still_there());
    v.wait(20s);
    CHECK(v.flow.screen() == Screen::service);
}

TEST_CASE("start a new rating on the still-there card: the old one is kept, the next starts fresh") {
    Visit v;
    v.flow.give_grade(7, v.clock.now);
    v.flow.choose_service("moving", v.clock.now);
    v.flow.start_over(v.clock.now);  // not asked: ignored
    CHECK(v.flow.screen() == Screen::norm);
    v.wait(30s);
    REQUIRE(v.flow.asking_still_there());
    v.flow.start_over(v.clock.now);
    CHECK(v.flow.screen() == Screen::welcome);
    CHECK_FALSE(v.flow.asking_still_there());
    CHECK(v.flow.rating() == nullptr);
    const Rating left = v.sink.saved.back();
    CHECK(left.state == RatingState::final);
    CHECK(left.end_reason == EndReason::stopped);
    v.flow.give_grade(10, v.clock.now);
    CHECK(v.sink.saved.back().id != left.id);
    CHECK(v.sink.saved.back().service.empty());
}

TEST_CASE("welcome is in the default language and its button offers every other language in turn") {
    Visit v;
    CHECK(v.flow.language() == "nl");
    CHECK(v.flow.greeting_language(v.clock.now) == "en");
    CHECK(v.flow.next_deadline(v.clock.now) == v.clock.now.steady + 3s);
    v.wait(3s);
    CHECK(v.flow.greeting_language(v.clock.now) == "de");
    v.wait(3s);
    CHECK(v.flow.greeting_language(v.clock.now) == "en");
    CHECK(v.flow.language() == "nl");
}

TEST_CASE("a grade on welcome starts in the default language whatever the button offers") {
    for (auto at : {0s, 2s, 3s, 7s, 31s, 68s, 100s}) {
        INFO("tapped " << at.count() << " s after welcome appeared");
        Visit v;
        v.wait(at);
        v.flow.give_grade(7, v.clock.now);
        CHECK(v.flow.language() == "nl");
        CHECK(v.sink.saved.back().language == "nl");
    }
}

TEST_CASE("choosing a language on welcome turns welcome to it and the visit starts in it") {
    Visit v(settings({}));
    v.flow.choose_language("de", v.clock.now);
    CHECK(v.flow.screen() == Screen::welcome);
    CHECK(v.flow.language() == "de");
    CHECK(v.flow.greeting_language(v.clock.now) == "nl");  // the others, the default among them
    CHECK(v.sink.saved.empty());
    v.flow.give_grade(10, v.clock.now);
    CHECK(v.sink.saved.back().language == "de");
    for (int i = 0; i < 3; ++i) v.flow.answer_norm(5, v.clock.now);
    v.flow.finish(v.clock.now);
    CHECK(v.flow.language() == "nl");
}

TEST_CASE("a language chosen on welcome and left goes back to the default after the idle time") {
    Visit v;
    v.flow.choose_language("en", v.clock.now);
    v.wait(29s);
    CHECK(v.flow.language() == "en");
    v.wait(1s);
    CHECK(v.flow.language() == "nl");
    CHECK(v.flow.screen() == Screen::welcome);
}

TEST_CASE("the language picker: choosing a language mid-visit changes the saved rating's language") {
    Visit v;
    v.flow.give_grade(5, v.clock.now);
    v.flow.open_language_picker(v.clock.now);
    CHECK(v.flow.language_picker_open());
    v.flow.choose_language("de", v.clock.now);
    CHECK_FALSE(v.flow.language_picker_open());
    CHECK(v.flow.language() == "de");
    CHECK(v.sink.saved.back().language == "de");
    v.flow.choose_language("xx", v.clock.now);  // not enabled: ignored
    CHECK(v.flow.language() == "de");
}

TEST_CASE("on thanks the language can still change, but the finished rating keeps its own") {
    Visit v(settings({}));
    v.flow.give_grade(8, v.clock.now);
    for (int i = 0; i < 3; ++i) v.flow.answer_norm(4, v.clock.now);
    REQUIRE(v.flow.screen() == Screen::thanks);
    auto saves = v.sink.saved.size();
    v.flow.open_language_picker(v.clock.now);
    v.flow.choose_language("de", v.clock.now);
    CHECK(v.flow.language() == "de");
    CHECK(v.sink.saved.size() == saves);
    CHECK(v.flow.rating()->language == "nl");
    v.wait(12s);
    CHECK(v.flow.screen() == Screen::welcome);
    CHECK(v.flow.language() == "nl");
}

TEST_CASE("the language picker left open on welcome closes after the idle time") {
    Visit v;
    v.flow.open_language_picker(v.clock.now);
    v.wait(31s);
    CHECK_FALSE(v.flow.language_picker_open());
}

TEST_CASE("nothing is due on welcome with one language: the kiosk can sleep until touched") {
    KioskConfig s = settings();
    s.languages = {"nl"};
    Visit v(s);
    CHECK_FALSE(v.flow.next_deadline(v.clock.now).has_value());
}

TEST_CASE("intents that do not belong to the screen are ignored") {
    Visit v;
    v.flow.answer_norm(3, v.clock.now);
    v.flow.choose_service("passport", v.clock.now);
    v.flow.stop(v.clock.now);
    v.flow.back(v.clock.now);
    CHECK(v.flow.screen() == Screen::welcome);
    CHECK(v.sink.saved.empty());
    v.flow.give_grade(11, v.clock.now);
    v.flow.give_grade(0, v.clock.now);
    CHECK(v.flow.screen() == Screen::welcome);
    CHECK(v.sink.saved.empty());
    v.flow.give_grade(5, v.clock.now);
    v.flow.give_grade(6, v.clock.now);  // no grade keys on the service screen
    CHECK(v.sink.saved.back().grade == 5);
}

namespace {

// A visit as the kiosk runs it: taps are guarded and the chosen answer is shown before moving on.
KioskConfig guarded() {
    KioskConfig s = settings({"passport"});
    s.tap_guard = 300ms;
    s.answer_shown_for = 400ms;
    return s;
}

Intent tap(Intent::Kind kind, const Visit& v, std::chrono::milliseconds pressed_ago, int value = 0) {
    Intent i{kind, value};
    i.pressed_at = v.clock.now.steady - pressed_ago;
    return i;
}

}  // namespace

TEST_CASE("a double tap at 50 to 300 ms answers only what the citizen saw") {
    for (auto gap : {50ms, 100ms, 200ms, 300ms}) {
        INFO("second tap " << gap.count() << " ms after the first");
        Visit v(guarded());
        v.wait(1s);
        REQUIRE(v.flow.apply(tap(Intent::give_grade, v, 0ms, 8), v.clock.now).changed);
        // The second tap lands where the first was, `gap` later: on the grade still being shown as
        // chosen, or on the norm that comes after it.
        v.wait(gap);
        v.flow.apply(tap(Intent::give_grade, v, 0ms, 8), v.clock.now);
        v.flow.apply(tap(Intent::answer_norm, v, 0ms, 5), v.clock.now);
        v.wait(1s);  // the norm appears
        v.wait(1s);  // and is read
        REQUIRE(v.flow.screen() == Screen::norm);
        CHECK(v.flow.norm_index() == 0);
        CHECK_FALSE(v.flow.current_answer().has_value());
        CHECK(v.sink.saved.back().answers.empty());
        CHECK(v.sink.saved.back().grade == 8);

        // A double tap on a face: the first answer is shown as chosen, the next question stays empty.
        REQUIRE(v.flow.apply(tap(Intent::answer_norm, v, 0ms, 4), v.clock.now).changed);
        CHECK(v.flow.current_answer() == 4);  // shown as chosen while it is in view
        v.wait(gap);
        v.flow.apply(tap(Intent::answer_norm, v, 0ms, 4), v.clock.now);
        v.wait(1s);
        CHECK(v.flow.norm_index() == 1);
        CHECK_FALSE(v.flow.current_answer().has_value());
        CHECK(v.sink.saved.back().answers.size() == 1);
    }
}

TEST_CASE("a tap pressed before the screen appeared does not count, even when released on it") {
    Visit v(guarded());
    v.wait(1s);
    REQUIRE(v.flow.apply(tap(Intent::give_grade, v, 0ms, 8), v.clock.now).changed);
    v.wait(500ms);  // the chosen grade was shown; the faces appear
    v.wait(2s);
    REQUIRE(v.flow.screen() == Screen::norm);
    // Pressed 2.1 s ago, on the grade keys; lifted now, on the faces.
    CHECK_FALSE(v.flow.apply(tap(Intent::answer_norm, v, 2100ms, 3), v.clock.now).changed);
    CHECK(v.sink.saved.back().answers.empty());
    // Pressed 1 s after the faces appeared: counts.
    CHECK(v.flow.apply(tap(Intent::answer_norm, v, 1000ms, 3), v.clock.now).changed);
    CHECK(v.sink.saved.back().answers.size() == 1);
}

TEST_CASE("the chosen answer stays in view, then the next screen comes by itself") {
    Visit v(guarded());
    v.flow.give_grade(9, v.clock.now);
    CHECK(v.flow.screen() == Screen::welcome);
    CHECK(v.flow.rating()->grade == 9);
    CHECK(v.flow.next_deadline(v.clock.now) == v.clock.now.steady + 400ms);
    v.wait(399ms);
    CHECK(v.flow.screen() == Screen::welcome);
    v.wait(1ms);
    CHECK(v.flow.screen() == Screen::norm);
    CHECK(v.flow.taps_count_from() == v.clock.now.steady + 300ms);
}

TEST_CASE("a save that fails ends the visit on out-of-order, never on thanks") {
    Visit v(settings({"passport"}));
    v.flow.give_grade(7, v.clock.now);
    v.flow.answer_norm(4, v.clock.now);
    v.flow.answer_norm(4, v.clock.now);
    v.sink.fail = true;  // the disk is full and the reserve is used up
    v.flow.answer_norm(4, v.clock.now);
    CHECK(v.flow.screen() == Screen::out_of_order);
    CHECK_FALSE(v.flow.accepts_tap(v.clock.now.steady + 1h));
    v.flow.give_grade(5, v.clock.now);
    CHECK(v.flow.screen() == Screen::out_of_order);  // takes no new visit
    CHECK(v.flow.next_deadline(v.clock.now) == std::nullopt);
    v.wait(1h);
    CHECK(v.flow.screen() == Screen::out_of_order);
    v.sink.fail = false;
    v.flow.back_in_service(v.clock.now);
    CHECK(v.flow.screen() == Screen::welcome);
    CHECK(v.flow.rating() == nullptr);  // the next citizen starts afresh
}

TEST_CASE("a key press counts as activity for the idle timer") {
    Visit v(settings({"passport"}));
    v.flow.give_grade(5, v.clock.now);
    v.wait(25s);
    v.flow.activity(v.clock.now);
    v.wait(25s);
    CHECK_FALSE(v.flow.asking_still_there());
    v.wait(6s);
    CHECK(v.flow.asking_still_there());
}

TEST_CASE("with no norms to ask the grade alone completes the visit") {
    KioskConfig s = settings({});
    Visit v(s);
    NormRotation none{{}, 0, 1};
    SurveyFlow flow(s, none, v.sink, v.clock.now);
    flow.give_grade(7, v.clock.now);
    CHECK(flow.screen() == Screen::thanks);
    CHECK(v.sink.saved.back().state == RatingState::final);
    CHECK(v.sink.saved.back().end_reason == EndReason::completed);
}

TEST_CASE("a wall clock stepped back mid-visit leaves the visit's length as the steady clock measured it") {
    Visit v;
    v.flow.give_grade(8, v.clock.now);
    std::int64_t started = v.sink.saved.back().started_ms;
    v.clock.advance(5s);
    v.clock.now.utc_ms -= 3600 * 1000;  // NTP, or a hand, sets the wall clock an hour back
    v.flow.choose_service("moving", v.clock.now);
    v.clock.advance(7s);
    for (int i = 0; i < 3; ++i) v.flow.answer_norm(4, v.clock.now);
    REQUIRE(v.flow.screen() == Screen::thanks);
    const Rating& final = v.sink.saved.back();
    REQUIRE(final.state == RatingState::final);
    CHECK(final.finished_ms - started == 12000);
}
