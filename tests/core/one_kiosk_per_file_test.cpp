// One kiosk per database file, however it is named: a second kiosk that reaches a running kiosk's file
// through a symlink or a hard link is refused before it changes anything (it would close the first
// kiosk's open visit as abandoned, and the first kiosk's next answers would be dropped). A database
// deleted or replaced under a running kiosk takes no more ratings: they would go into a file nobody reads.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "rating_store.hpp"
#include "sample_rating.hpp"
#include "temp_dir.hpp"

using namespace kiosk;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;
const KioskIdentity identity{"kiosk-7", "Town hall", "Desk 2"};

// In a child process (a second kiosk): opens a store at `path` and closes what it finds open, as a
// kiosk's start does. Exit 3: refused with a message naming the lock; 0: it opened the file.
int second_kiosk_at(const std::string& path) {
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        try {
            RatingStore second(path, identity, {}, t0);
            second.close_open_ratings(t0);
            std::_Exit(0);
        } catch (const std::runtime_error& e) {
            std::_Exit(
                std::string(e.what()).find("another process holds a lock on") != std::string::npos ? 3 : 4);
        }
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

std::string text(RatingStore& store, const std::string& sql) {
    return store.query_text(sql).value_or("(no row)");
}

}  // namespace

TEST_CASE("a second kiosk on a symlink or a hard link to a running kiosk's database is refused") {
    TempDir dir;
    RatingStore first(dir.file("k.db"), identity, {}, t0);
    Rating visit = sample_rating(t0);
    REQUIRE(first.save(visit, t0));
    std::filesystem::create_symlink(dir.file("k.db"), dir.file("alias.db"));
    std::filesystem::create_hard_link(dir.file("k.db"), dir.file("hard.db"));

    CHECK(second_kiosk_at(dir.file("alias.db")) == 3);
    CHECK(second_kiosk_at(dir.file("hard.db")) == 3);
    // The first kiosk's citizen answers on, and is told "saved" only for what is saved.
    CHECK(text(first, "SELECT state FROM ratings") == "open");
    visit.answers = {{"bsc1", 4}};
    visit.state = RatingState::final;
    visit.end_reason = EndReason::completed;
    visit.finished_ms = t0 + 20000;
    REQUIRE(first.save(visit, t0 + 20000));
    CHECK(text(first, "SELECT state || ':' || seq || ':' || (SELECT count(*) FROM answers) FROM ratings") ==
          "final:1:1");
    CHECK_FALSE(std::filesystem::exists(dir.file("hard.db.reserve")));  // refused before making anything
}

TEST_CASE("a kiosk whose database was deleted or replaced under it takes no more ratings, and says so") {
    TempDir dir;
    std::string state = dir.file("state");
    std::string path = state + "/k.db";
    RatingStore store(path, identity, {}, t0, 0);
    REQUIRE(store.save(sample_rating(t0, true), t0));

    SECTION("the state folder deleted") { std::filesystem::remove_all(state); }
    SECTION("the file replaced by another") {
        std::filesystem::rename(path, state + "/moved.db");
        std::filesystem::copy_file(state + "/moved.db", path);
    }
    CHECK_FALSE(store.save(sample_rating(t0 + 60000, true), t0 + 60000));
    CHECK_FALSE(store.upkeep(t0 + 65000));  // nor later: nothing is written into a file nobody reads
    bool alerted = false;
    for (const auto& alert : store.alerts())
        alerted |= alert.kind == "database-gone" && alert.message.find(path) != std::string::npos;
    CHECK(alerted);
}
