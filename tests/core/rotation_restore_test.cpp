// The rotation's counts survive a restart exactly: what the store restores is what the running kiosk
// had counted, whatever way the visits ended (walked away on the service screen, timed out mid-way,
// completed, cut off by the restart itself).
#include <catch2/catch.hpp>

#include "fake_clock.hpp"
#include "rating_store.hpp"
#include "survey_flow.hpp"
#include "temp_dir.hpp"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> norms = {"bsc1", "bsc2", "bsc3", "bsc4", "bsc5", "waiting-time"};

struct StoreSink : RatingSink {
    RatingStore& store;
    FakeClock& clock;
    StoreSink(RatingStore& s, FakeClock& c) : store(s), clock(c) {}
    bool save(Rating& rating) override { return store.save(rating, clock.now.utc_ms); }
};

KioskConfig settings() {
    KioskConfig s;
    s.tap_guard = std::chrono::milliseconds(0);
    s.answer_shown_for = std::chrono::milliseconds(0);
    s.languages = {"nl", "en"};
    s.default_language = "nl";
    s.services = {"passport", "moving"};
    return s;
}

// One of five ways a visit goes, in turn.
void visit(SurveyFlow& flow, FakeClock& clock, int shape) {
    auto wait = [&](std::chrono::seconds d) {  // a second at a time, as the kiosk's loop would tick
        for (auto s = 0s; s < d; s += 1s) {
            clock.advance(1s);
            flow.tick(clock.now);
        }
    };
    REQUIRE(flow.screen() == Screen::welcome);
    if (shape == 0) {  // walks past Welcome without a tap: nothing saved, nothing counted
        wait(60s);
        return;
    }
    flow.give_grade(7, clock.now);
    if (shape == 1) {  // walks away after the first answer
        wait(60s);
        return;
    }
    flow.choose_service("moving", clock.now);
    for (int i = 0; i < flow.norm_count() && flow.screen() == Screen::norm; ++i) {
        if (shape == 2 && i == 1) {  // timed out mid-way
            wait(60s);
            return;
        }
        flow.answer_norm(4, clock.now);
    }
    if (shape == 3) flow.finish(clock.now);
    wait(60s);
}

std::map<std::string, std::int64_t> counts_of(const NormRotation& rotation) {
    std::map<std::string, std::int64_t> counts;
    for (const auto& n : norms)
        if (rotation.asked(n) > 0) counts[n] = rotation.asked(n);
    return counts;
}

}  // namespace

TEST_CASE("the rotation counts restored from the store after a restart equal those counted before it") {
    TempDir dir;
    FakeClock clock;
    std::map<std::string, std::int64_t> before;
    {
        RatingStore store(dir.file("k.db"), {"k", "site", "desk"}, {}, clock.now.utc_ms, 0);
        StoreSink sink(store, clock);
        NormRotation rotation(norms, 3, 11);
        const KioskConfig config = settings();
        SurveyFlow flow(config, rotation, sink, clock.now);
        for (int i = 0; i < 400; ++i) visit(flow, clock, i % 5);
        flow.give_grade(6, clock.now);  // the restart cuts this visit off after its first answer
        before = counts_of(rotation);
    }
    REQUIRE(before.size() == norms.size());
    RatingStore reopened(dir.file("k.db"), {"k", "site", "desk"}, {}, clock.now.utc_ms, 0);
    reopened.close_open_ratings(clock.now.utc_ms);
    auto restored = reopened.norm_rotation_counts();
    CHECK(restored == before);

    // And the restored rotation carries on level: at most one apart over the next 3 000 visits.
    NormRotation rotation(norms, 3, 12);
    rotation.restore(restored);
    for (int i = 0; i < 3000; ++i) rotation.count_asked(rotation.plan_visit());
    std::int64_t least = rotation.asked(norms[0]), most = least;
    for (const auto& n : norms) {
        least = std::min(least, rotation.asked(n));
        most = std::max(most, rotation.asked(n));
    }
    CHECK(most - least <= 1);
}
