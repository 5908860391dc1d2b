// The way into the manager's view: the PIN only as a hash, a lockout that grows and survives a restart,
// never over a citizen's visit, nothing saved while open, and closed by itself when left.
#include "manager_access.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "config.hpp"
#include "kiosk.hpp"
#include "kiosk_probe.hpp"
#include "pin_hash.hpp"
#include "small_kiosk.hpp"
#include "temp_dir.hpp"

using namespace kiosk;
using namespace std::chrono;

namespace {

// One hash for the whole file: Argon2id takes 64 MiB and a fraction of a second each time.
const std::string& hash_of_2468() {
    static const std::string hash = hash_pin("2468");
    return hash;
}

KioskConfig manager_kiosk(const std::string& database) {
    KioskConfig c = small_kiosk_config(database);
    c.manager = ManagerConfig{hash_of_2468(), seconds(120)};
    return c;
}

bool tap(Kiosk& kiosk, Intent intent) {
    intent.pressed_at = kiosk.steady_now();
    return kiosk.apply(intent);
}

}  // namespace

TEST_CASE("the PIN is kept as an Argon2id hash that matches it and nothing else", "[manager]") {
    const std::string& hash = hash_of_2468();
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(hash.find("2468") == std::string::npos);
    CHECK(is_pin_hash(hash));
    CHECK(pin_matches(hash, "2468"));
    CHECK_FALSE(pin_matches(hash, "2469"));
    CHECK_FALSE(pin_matches(hash, ""));
    CHECK(hash_pin("2468") != hash);  // a fresh salt each time
    CHECK_FALSE(is_pin_hash("2468"));
    CHECK_FALSE(is_pin_hash("$argon2id$v=19$m=65536,t=2,p=1$not-a-hash"));
    CHECK_FALSE(pin_matches("2468", "2468"));  // a PIN in place of its hash opens nothing
    CHECK(pin_problem("2468").empty());
    CHECK(pin_problem("123456789012").empty());
    CHECK_FALSE(pin_problem("123").empty());
    CHECK_FALSE(pin_problem("1234567890123").empty());
    CHECK_FALSE(pin_problem("12a4").empty());
}

TEST_CASE("wrong PINs lock the pad for 30 s from the third, doubling each time up to an hour", "[manager]") {
    CHECK(ManagerAccess::lock_after(0) == seconds(0));
    CHECK(ManagerAccess::lock_after(2) == seconds(0));
    CHECK(ManagerAccess::lock_after(3) == seconds(30));
    CHECK(ManagerAccess::lock_after(4) == seconds(60));
    CHECK(ManagerAccess::lock_after(7) == seconds(480));
    CHECK(ManagerAccess::lock_after(9) == seconds(1920));
    CHECK(ManagerAccess::lock_after(10) == seconds(3600));
    CHECK(ManagerAccess::lock_after(1000) == seconds(3600));
}

TEST_CASE("a locked pad checks no PIN, not even the right one, and the right one resets the count",
          "[manager]") {
    ManagerAccess access(hash_of_2468());
    const std::int64_t t0 = 1'700'000'000'000;
    CHECK(access.try_pin("1111", t0).verdict == ManagerAccess::Verdict::wrong);
    CHECK(access.try_pin("1112", t0 + 1000).locked_for == seconds(0));
    ManagerAccess::Attempt third = access.try_pin("1113", t0 + 2000);
    CHECK(third.verdict == ManagerAccess::Verdict::wrong);
    CHECK(third.wrong_in_a_row == 3);
    CHECK(third.locked_for == seconds(30));

    ManagerAccess::Attempt during = access.try_pin("2468", t0 + 2000 + 29'500);
    CHECK(during.verdict == ManagerAccess::Verdict::locked);
    CHECK(during.locked_for == seconds(1));  // 0.5 s left, rounded up
    CHECK(access.wrong_in_a_row() == 3);     // a PIN typed while locked counts for nothing

    // A clock set back an hour: the lock runs from now, never longer than it was.
    CHECK(access.locked_for(t0 - 3'600'000) == seconds(30));

    CHECK(access.try_pin("2468", t0 + 2000 + 30'000).verdict == ManagerAccess::Verdict::opened);
    CHECK(access.wrong_in_a_row() == 0);
    CHECK(access.locked_for(t0 + 2000 + 30'000) == seconds(0));
}

TEST_CASE("the manager's view opens only on Welcome with no visit under way, and only with a [manager]",
          "[manager]") {
    TempDir dir;
    SECTION("no [manager] table: the gesture does nothing") {
        KioskConfig c = small_kiosk_config(dir.file("k.db"));
        Kiosk kiosk(c, 1);
        CHECK_FALSE(kiosk.open_manager_entry());
        CHECK(kiosk.manager_state() == Kiosk::ManagerState::closed);
    }
    SECTION("a citizen's half-done visit: not opened, and the visit goes on as it was") {
        KioskConfig c = manager_kiosk(dir.file("k.db"));
        Kiosk kiosk(c, 1);
        REQUIRE(tap(kiosk, {Intent::give_grade, 8}));
        REQUIRE(kiosk.flow().screen() == Screen::norm);
        CHECK_FALSE(kiosk.open_manager_entry());
        CHECK(kiosk.manager_state() == Kiosk::ManagerState::closed);
        CHECK(tap(kiosk, {Intent::answer_norm, 4}));  // the citizen's taps still count
        CHECK(kiosk.probe().query("SELECT count(*) FROM answers") == "1");
    }
    SECTION("on Welcome: the PIN pad, then the view with the right PIN") {
        KioskConfig c = manager_kiosk(dir.file("k.db"));
        Kiosk kiosk(c, 1);
        REQUIRE(kiosk.open_manager_entry());
        CHECK(kiosk.manager_state() == Kiosk::ManagerState::asking_pin);
        CHECK(kiosk.enter_manager_pin("2468").verdict == ManagerAccess::Verdict::opened);
        CHECK(kiosk.manager_state() == Kiosk::ManagerState::open);
        CHECK(kiosk.probe().query("SELECT count(*) FROM alerts WHERE kind = 'manager-opened'") == "1");
        kiosk.close_manager();
        CHECK(kiosk.manager_state() == Kiosk::ManagerState::closed);
        CHECK(kiosk.flow().screen() == Screen::welcome);
    }
}

TEST_CASE("while the view or its PIN pad is open a tap on the faces underneath saves nothing", "[manager]") {
    TempDir dir;
    KioskConfig c = manager_kiosk(dir.file("k.db"));
    Kiosk kiosk(c, 1);
    REQUIRE(kiosk.open_manager_entry());
    CHECK_FALSE(tap(kiosk, {Intent::give_grade, 3}));
    REQUIRE(kiosk.enter_manager_pin("2468").verdict == ManagerAccess::Verdict::opened);
    CHECK_FALSE(tap(kiosk, {Intent::give_grade, 3}));
    CHECK(kiosk.flow().screen() == Screen::welcome);
    CHECK(kiosk.probe().query("SELECT count(*) FROM ratings") == "0");
    kiosk.close_manager();
    CHECK(tap(kiosk, {Intent::give_grade, 3}));  // the next citizen's first tap is a grade again
    CHECK(kiosk.probe().query("SELECT count(*) FROM ratings") == "1");
}

TEST_CASE("each wrong PIN is logged and alerted without the PIN, and the lockout survives a restart",
          "[manager]") {
    TempDir dir;
    KioskConfig c = manager_kiosk(dir.file("k.db"));
    {
        Kiosk kiosk(c, 1);
        REQUIRE(kiosk.open_manager_entry());
        CHECK(kiosk.enter_manager_pin("1357").verdict == ManagerAccess::Verdict::wrong);
        CHECK(kiosk.enter_manager_pin("1358").verdict == ManagerAccess::Verdict::wrong);
        ManagerAccess::Attempt third = kiosk.enter_manager_pin("1359");
        CHECK(third.locked_for == seconds(30));
        CHECK(kiosk.probe().query("SELECT count(*) FROM alerts WHERE kind = 'manager-pin-wrong'") == "3");
        CHECK(kiosk.probe().query("SELECT count(*) FROM alerts WHERE message LIKE '%135%'") == "0");
        CHECK(kiosk.probe().query("SELECT message FROM alerts ORDER BY id DESC LIMIT 1") ==
              "a wrong manager PIN (3 in a row); the PIN pad is locked for 30 s");
    }
    Kiosk again(c, 1);  // the plug pulled and put back
    CHECK(again.manager_locked_for() > seconds(25));
    REQUIRE(again.open_manager_entry());
    CHECK(again.enter_manager_pin("2468").verdict == ManagerAccess::Verdict::locked);
    again.probe().advance_clock(seconds(31));
    CHECK(again.enter_manager_pin("2468").verdict == ManagerAccess::Verdict::opened);
}

TEST_CASE("the view closes by itself after idle_close_seconds untouched, and a touch keeps it open",
          "[manager]") {
    TempDir dir;
    KioskConfig c = manager_kiosk(dir.file("k.db"));
    Kiosk kiosk(c, 1);
    REQUIRE(kiosk.open_manager_entry());
    REQUIRE(kiosk.enter_manager_pin("2468").verdict == ManagerAccess::Verdict::opened);
    kiosk.probe().advance_clock(seconds(100));
    kiosk.activity();
    kiosk.tick();
    kiosk.probe().advance_clock(seconds(100));
    kiosk.tick();
    CHECK(kiosk.manager_state() == Kiosk::ManagerState::open);  // 200 s open, 100 s untouched
    kiosk.probe().advance_clock(seconds(21));
    CHECK(kiosk.tick());
    CHECK(kiosk.manager_state() == Kiosk::ManagerState::closed);
    CHECK(kiosk.flow().screen() == Screen::welcome);
}

TEST_CASE("the configuration refuses a PIN in clear text and takes its hash", "[manager]") {
    auto load = [](const std::string& manager) {
        return load_config_text("[kiosk]\nid = \"k1\"\n" + manager, "test.toml", ConfigContext{});
    };
    // The description of the problem with `key` ("" when there is none): the rest of this short file
    // has problems of its own.
    auto problem = [](const ConfigResult& r, const std::string& key) {
        for (const auto& p : r.problems)
            if (p.key == key) return describe(p);
        return std::string();
    };
    ConfigResult clear = load("[manager]\npin_hash = \"2468\"\n");
    CHECK_THAT(problem(clear, "manager.pin_hash"),
               Catch::StartsWith("test.toml:4: manager.pin_hash: this is a PIN in clear text"));
    ConfigResult pin_key = load("[manager]\npin = \"2468\"\npin_hash = \"" + hash_of_2468() + "\"\n");
    CHECK_THAT(problem(pin_key, "manager.pin"),
               Catch::StartsWith("test.toml:4: manager.pin: a PIN in clear text"));
    CHECK(problem(pin_key, "manager.pin_hash").empty());
    ConfigResult garbage = load("[manager]\npin_hash = \"letmein\"\n");
    CHECK_THAT(problem(garbage, "manager.pin_hash"), Catch::Contains("must be an Argon2id hash"));
    ConfigResult idle = load("[manager]\npin_hash = \"" + hash_of_2468() + "\"\nidle_close_seconds = 5\n");
    CHECK_FALSE(problem(idle, "manager.idle_close_seconds").empty());
    CHECK(problem(idle, "manager.pin_hash").empty());
}
