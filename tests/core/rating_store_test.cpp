// The local cache: every write path, a crash in the middle of a visit, a damaged file, a full disk.
#include "rating_store.hpp"

#include <SQLiteCpp/Database.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <set>

#include "fault_vfs.hpp"
#include "identifiers.hpp"
#include "log.hpp"
#include "temp_dir.hpp"

using namespace kiosk;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;
const KioskIdentity identity{"kiosk-7", "Town hall", "Desk 2"};

Rating open_rating(std::int64_t started) {
    Rating r;
    r.id = make_uuid_v7(started);
    r.reference = make_short_reference();
    r.language = "nl";
    r.planned_norms = {"bsc1", "bsc2"};
    r.started_ms = started;
    r.grade = 7;
    return r;
}

Rating finished(Rating r, std::int64_t at) {
    r.answers = {{"bsc1", 4}, {"bsc2", answer_not_applicable}};
    r.state = RatingState::final;
    r.end_reason = EndReason::completed;
    r.finished_ms = at;
    return r;
}

std::string text(RatingStore& store, const std::string& sql) {
    return store.query_text(sql).value_or("(no row)");
}

// Captures log lines for the duration of a test.
struct LogCapture {
    std::vector<std::string> lines;
    LogSink previous;
    LogCapture() : previous(set_log_sink([this](LogLevel, const std::string& m) { lines.push_back(m); })) {}
    ~LogCapture() { set_log_sink(previous); }
    bool said(const std::string& words) const {
        for (const auto& l : lines)
            if (l.find(words) != std::string::npos) return true;
        return false;
    }
};

}  // namespace

TEST_CASE("a rating is written at the first tap, updated on each answer and finalised") {
    TempDir dir;
    RatingStore store(dir.file("k.db"), identity, {}, t0);
    Rating r = open_rating(t0);
    r.grade.reset();
    r.service = "moving";
    REQUIRE(store.save(r, t0));
    CHECK(text(store, "SELECT state || ':' || service || ':' || kiosk_id FROM ratings") ==
          "open:moving:kiosk-7");
    CHECK(text(store, "SELECT grade IS NULL FROM ratings") == "1");

    r.grade = 8;
    r.answers = {{"bsc1", 5}};
    REQUIRE(store.save(r, t0 + 1000));
    CHECK(text(store, "SELECT grade FROM ratings") == "8");
    CHECK(text(store, "SELECT count(*) FROM answers") == "1");

    Rating f = finished(r, t0 + 5000);
    REQUIRE(store.save(f, t0 + 5000));
    CHECK(text(store, "SELECT state || ':' || end_reason || ':' || finished_ms FROM ratings") ==
          "final:completed:" + std::to_string(t0 + 5000));
    CHECK(text(store, "SELECT group_concat(norm_id || '=' || value) FROM answers") == "bsc1=4,bsc2=0");
    CHECK(text(store, "SELECT count(*) FROM ratings") == "1");
    CHECK(text(store, "SELECT group_concat(norm_id || '=' || asked) FROM norm_rotation") == "bsc1=1,bsc2=1");

    // A final rating is never changed again, whatever arrives later, and the save says so.
    r.grade = 1;
    CHECK_FALSE(store.save(r, t0 + 6000));
    CHECK(text(store, "SELECT grade || state FROM ratings") == "8final");
}

TEST_CASE("1 000 ratings, saved tap by tap and some cut off by a restart, get seq 1 to 1 000 without a gap") {
    TempDir dir;
    std::string path = dir.file("k.db");
    int left_open = 0;
    {
        RatingStore store(path, identity, {}, t0);
        for (int i = 0; i < 1000; ++i) {
            std::int64_t at = t0 + i * 60000;
            Rating r = open_rating(at);
            r.grade.reset();
            REQUIRE(store.save(r, at));  // the service
            r.grade = 1 + i % 10;
            REQUIRE(store.save(r, at + 1000));  // the grade
            if (i % 10 == 9) {
                ++left_open;  // walked away, and the kiosk restarts before the idle countdown ends
                continue;
            }
            r.answers = {{"bsc1", 4}};
            REQUIRE(store.save(r, at + 2000));
            REQUIRE(store.save(finished(r, at + 3000), at + 3000));
        }
        CHECK(text(store, "SELECT count(seq) FROM ratings") ==
              std::to_string(1000 - left_open));  // open: no seq yet
    }
    RatingStore store(path, identity, {}, t0 + 1000 * 60000);
    CHECK(store.close_open_ratings(t0 + 1000 * 60000) == left_open);
    CHECK(text(store,
               "SELECT count(*) || ' ' || min(seq) || ' ' || max(seq) || ' ' || count(DISTINCT seq) FROM "
               "ratings") == "1000 1 1000 1000");
}

TEST_CASE("a rating cut off by a restart ends at its last answer and does not count toward a burst") {
    TempDir dir;
    std::string path = dir.file("k.db");
    Rating cut = open_rating(t0);
    {
        RatingStore store(path, identity, {1, 20000}, t0);
        REQUIRE(store.save(cut, t0 + 4000));  // the last tap before the power went
    }
    std::int64_t restart = t0 + 8 * 3600 * 1000;  // the next morning
    RatingStore store(path, identity, {1, 20000}, restart);
    REQUIRE(store.close_open_ratings(restart) == 1);
    CHECK(text(store, "SELECT finished_ms FROM ratings WHERE id = '" + cut.id + "'") ==
          std::to_string(t0 + 4000));
    // A citizen finishing a few seconds after that last answer is not part of a burst with it.
    Rating next = finished(open_rating(t0 + 5000), t0 + 9000);
    REQUIRE(store.save(next, t0 + 9000));
    CHECK(text(store, "SELECT flags & 1 FROM ratings WHERE id = '" + next.id + "'") == "0");
}

TEST_CASE("references are unique in the database") {
    TempDir dir;
    RatingStore store(dir.file("k.db"), identity, {}, t0);
    Rating a = finished(open_rating(t0), t0 + 1);
    Rating b = finished(open_rating(t0 + 2), t0 + 3);
    b.reference = a.reference;  // what a 1 in 31^8 draw would give
    REQUIRE(store.save(a, t0));
    REQUIRE(store.save(b, t0));
    CHECK(text(store, "SELECT count(DISTINCT reference) FROM ratings") == "2");
    CHECK(b.reference != a.reference);  // the caller's copy carries the reference actually stored
}

TEST_CASE("the database is WAL with synchronous=FULL and readable by the kiosk user only") {
    TempDir dir;
    RatingStore store(dir.file("k.db"), identity, {}, t0);
    CHECK(text(store, "PRAGMA journal_mode") == "wal");
    CHECK(text(store, "PRAGMA synchronous") == "2");
    CHECK(text(store, "PRAGMA user_version") == std::to_string(RatingStore::schema_version));
    struct stat st {};
    REQUIRE(::stat(dir.file("k.db").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("more than 3 ratings finished within 20 s are flagged as a burst, none dropped") {
    TempDir dir;
    RatingStore store(dir.file("k.db"), identity, {3, 20000}, t0);
    for (int i = 0; i < 5; ++i) store.save(finished(open_rating(t0 + i * 1000), t0 + i * 1000 + 500), t0);
    store.save(finished(open_rating(t0 + 90000), t0 + 90000), t0);  // well after the burst
    CHECK(text(store, "SELECT count(*) FROM ratings") == "6");
    CHECK(text(store, "SELECT group_concat(flags & 1) FROM (SELECT flags FROM ratings ORDER BY seq)") ==
          "0,0,0,1,1,0");
}

TEST_CASE("a rating finished later does not make an earlier one look like a burst") {
    TempDir dir;
    RatingStore store(dir.file("k.db"), identity, {1, 20000}, t0);
    store.save(finished(open_rating(t0 + 10000), t0 + 10000), t0);  // written first, finished later
    store.save(finished(open_rating(t0), t0 + 1000), t0);
    CHECK(text(store, "SELECT group_concat(flags & 1) FROM (SELECT flags FROM ratings ORDER BY seq)") ==
          "0,0");
}

TEST_CASE("a second process cannot open a database a kiosk holds, and says why") {
    TempDir dir;
    RatingStore first(dir.file("k.db"), identity, {}, t0);
    REQUIRE(first.save(open_rating(t0), t0));
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        try {
            RatingStore second(dir.file("k.db"), identity, {}, t0);
            second.close_open_ratings(t0);
            std::_Exit(0);  // opened: the open rating of the first would have been closed
        } catch (const std::runtime_error& e) {
            std::_Exit(std::string(e.what()).find("another process") != std::string::npos ? 3 : 4);
        }
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 3);
    CHECK(text(first, "SELECT state FROM ratings") == "open");
}

TEST_CASE("ratings left open by an interrupted run are closed as abandoned at the next start") {
    TempDir dir;
    {
        RatingStore store(dir.file("k.db"), identity, {}, t0);
        store.save(open_rating(t0), t0);
        store.save(finished(open_rating(t0 + 1), t0 + 2), t0);
    }
    RatingStore store(dir.file("k.db"), identity, {}, t0 + 10000);
    CHECK(store.close_open_ratings(t0 + 10000) == 1);
    // The cut-off one becomes final now, so it takes the next seq after the completed one.
    CHECK(text(store, "SELECT group_concat(end_reason) FROM (SELECT end_reason FROM ratings ORDER BY seq)") ==
          "completed,abandoned");
    CHECK(text(store, "SELECT count(*) FROM ratings WHERE state = 'open'") == "0");
}

TEST_CASE(
    "after SIGKILL in the middle of visits, every finished rating is there and the open one is abandoned") {
    TempDir dir;
    std::string path = dir.file("k.db");
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child rates visit after visit and tells the parent each time a final save returned.
        ::close(pipe_fds[0]);
        RatingStore store(path, identity, {1000, 1}, t0);
        for (int i = 0;; ++i) {
            Rating r = open_rating(t0 + i);
            r.grade.reset();
            store.save(r, t0);
            r.grade = 1 + i % 10;
            store.save(r, t0);
            store.save(finished(r, t0 + i), t0);
            std::string line = r.id + "\n";
            if (::write(pipe_fds[1], line.data(), line.size()) < 0) std::_Exit(1);
        }
    }
    ::close(pipe_fds[1]);
    std::set<std::string> reported;
    std::string buffer;
    char chunk[4096];
    while (reported.size() < 40) {
        ssize_t n = ::read(pipe_fds[0], chunk, sizeof chunk);
        REQUIRE(n > 0);
        buffer.append(chunk, static_cast<std::size_t>(n));
        for (auto nl = buffer.find('\n'); nl != std::string::npos; nl = buffer.find('\n')) {
            reported.insert(buffer.substr(0, nl));
            buffer.erase(0, nl + 1);
        }
    }
    ::kill(child, SIGKILL);  // mid-visit: the child is somewhere inside its next rating
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(pipe_fds[0]);
    REQUIRE(WIFSIGNALED(status));

    RatingStore store(path, identity, {}, t0 + 100000);
    store.close_open_ratings(t0 + 100000);
    for (const auto& id : reported) {
        INFO("rating " << id);
        CHECK(text(store, "SELECT state || ':' || end_reason FROM ratings WHERE id = '" + id + "'") ==
              "final:completed");
    }
    CHECK(std::stoi(text(store, "SELECT count(*) FROM ratings WHERE end_reason = 'completed'")) >= 40);
    CHECK(std::stoi(text(store, "SELECT count(*) FROM ratings WHERE end_reason = 'abandoned'")) <= 1);
    CHECK(text(store, "SELECT count(*) FROM ratings WHERE state = 'open'") == "0");
    CHECK(text(store, "PRAGMA integrity_check") == "ok");
}

TEST_CASE(
    "the kiosk's own database with a damaged page is kept aside, a fresh one started, and an alert raised") {
    TempDir dir;
    std::string path = dir.file("k.db");
    {
        RatingStore store(path, identity, {}, t0);
        for (int i = 0; i < 200; ++i) store.save(finished(open_rating(t0 + i), t0 + i), t0);
        store.query_text("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096 * 3);
        std::string scribble(4096, '\xff');
        f.write(scribble.data(), static_cast<std::streamsize>(scribble.size()));
    }
    std::ifstream damaged_file(path, std::ios::binary);
    std::string damaged((std::istreambuf_iterator<char>(damaged_file)), std::istreambuf_iterator<char>());
    LogCapture log;
    RatingStore store(path, identity, {}, t0);
    REQUIRE_FALSE(store.set_aside_path().empty());
    CHECK(store.set_aside_path().rfind(path + ".corrupt-", 0) == 0);
    std::ifstream kept(store.set_aside_path(), std::ios::binary);
    std::string kept_bytes((std::istreambuf_iterator<char>(kept)), std::istreambuf_iterator<char>());
    CHECK(kept_bytes == damaged);  // never deleted, never changed
    CHECK(text(store, "SELECT count(*) FROM ratings") == "0");
    REQUIRE(store.save(finished(open_rating(t0), t0 + 1), t0));
    CHECK(text(store, "SELECT kind FROM alerts") == "database-corrupt");
    CHECK(log.said("is damaged"));
}

TEST_CASE("a database from a newer version is refused with a message naming it") {
    TempDir dir;
    std::string path = dir.file("k.db");
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA application_id = " + std::to_string(RatingStore::application_id) +
                "; PRAGMA user_version = 99");
    }
    try {
        RatingStore store(path, identity, {}, t0);
        FAIL("opened a database of schema 99");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find(path) != std::string::npos);
        CHECK(std::string(e.what()).find("newer") != std::string::npos);
    }
}

namespace {

// One citizen's visit as the kiosk saves it: the grade, an answer, then the final rating.
bool rate_one_visit(RatingStore& store, std::int64_t at) {
    Rating r = open_rating(at);
    if (!store.save(r, at)) return false;
    r.answers = {{"bsc1", 4}};
    if (!store.save(r, at + 1000)) return false;
    return store.save(finished(r, at + 2000), at + 2000);
}

}  // namespace

// The full disk is the test folder made a small disk by FaultVfs (no root, no mount): SQLite's writes,
// the reserve's posix_fallocate() and the store's statvfs() all meet the same limit, and a step of the
// reserve given back is room the database can use.
TEST_CASE(
    "on a full disk, a week of a busy counter is still saved from the reserve, across stops and restarts") {
    TempDir dir;
    FaultVfs disk;  // before the stores: it outlives their connections
    disk.limit_disk(dir.path.string(), 48 << 20);
    LogCapture log;
    std::string path = dir.file("k.db");
    constexpr int busy_week = 7 * 500;  // a busy counter: 500 ratings a day
    int saved = 0;
    {
        RatingStore store(path, identity, {1000, 1}, t0);
        REQUIRE(store.reserve().size() == default_reserve_bytes);
        disk.fill_disk();
        for (; saved < busy_week / 2; ++saved) REQUIRE(rate_one_visit(store, t0 + saved * 10000));
    }
    // What the stop's checkpoint freed (the WAL is gone) is taken too: the restart needs room even for
    // the WAL's -shm index, and must find it in the reserve.
    disk.fill_disk();
    {
        // Restarted on a disk that is still full: it comes up, and every rating is there.
        RatingStore store(path, identity, {1000, 1}, t0);
        CHECK(store.reserve().size() < default_reserve_bytes);  // no room to grow it back
        CHECK(store.close_open_ratings(t0) == 0);
        CHECK(text(store, "SELECT count(*) FROM ratings WHERE state = 'final'") == std::to_string(saved));
        for (; saved < busy_week; ++saved) REQUIRE(rate_one_visit(store, t0 + saved * 10000));
        CHECK(disk.free_disk_bytes() < DiskReserve::step_bytes);  // still full: the reserve carried the week
        CHECK(store.reserve().size() < default_reserve_bytes - 2 * DiskReserve::step_bytes);
    }
    CHECK(log.said("is full; writing from the reserve"));
    RatingStore store(path, identity, {1000, 1}, t0);
    CHECK(text(store, "SELECT count(*) || ' ' || max(seq) FROM ratings WHERE state = 'final'") ==
          std::to_string(busy_week) + " " + std::to_string(busy_week));
    CHECK(text(store, "PRAGMA integrity_check") == "ok");
}

TEST_CASE(
    "when the reserve is used up the store says so, loses nothing written, and recovers when space returns") {
    TempDir dir;
    FaultVfs disk;
    disk.limit_disk(dir.path.string(), 8 << 20);
    LogCapture log;
    std::string path = dir.file("k.db");
    int saved = 0;
    {
        RatingStore store(path, identity, {1000, 1}, t0, 2 << 20);  // a 2 MiB reserve
        CHECK(store.reserve().size() == 2 << 20);
        disk.fill_disk();
        while (saved < 5000 && rate_one_visit(store, t0 + saved * 10000))
            ++saved;        // bounded: no hang if never refused
        CHECK(saved > 10);  // the reserve carried these
        CHECK_FALSE(store.has_room());
        CHECK(store.reserve().size() == 0);
        CHECK(store.unsaved_count() == 1);  // the one the citizen was not told is saved
        CHECK_FALSE(store.upkeep(t0));      // still no room
        std::set<std::string> kinds;
        for (const auto& a : store.alerts()) kinds.insert(a.kind);
        CHECK(kinds == std::set<std::string>{"disk-full", "reserve-low", "out-of-room"});
        CHECK(store.alerts().size() == 3);  // each trouble once, however many taps met it
    }
    // Each trouble said once in the log, however many ratings met it.
    for (const char* words :
         {"is full; writing from the reserve", "reserve beside", "the reserve is used up"}) {
        INFO(words);
        CHECK(std::count_if(log.lines.begin(), log.lines.end(),
                            [&](auto& l) { return l.find(words) != std::string::npos; }) == 1);
    }
    // Space returns; at the next start every rating written is there, and so are the alerts.
    disk.grow_disk(64 << 20);
    RatingStore store(path, identity, {1000, 1}, t0, 2 << 20);
    CHECK(text(store, "SELECT count(*) FROM ratings WHERE state = 'final'") == std::to_string(saved));
    CHECK(text(store, "SELECT group_concat(kind) FROM (SELECT kind FROM alerts ORDER BY id)") ==
          "disk-full,reserve-low,out-of-room");
    CHECK(store.reserve().size() == 2 << 20);  // grown back now that there is room
    CHECK(store.has_room());
    CHECK(rate_one_visit(store, t0 + 999999999));
}

TEST_CASE("a visit cut off after the wall clock stepped back does not end before it began") {
    TempDir dir;
    RatingStore store(dir.file("k.db"), identity, {}, t0);
    Rating visit = open_rating(t0);
    REQUIRE(store.save(visit, t0));
    visit.answers = {{"bsc1", 4}};
    REQUIRE(store.save(visit, t0 - 3600 * 1000));  // the next answer, an hour "earlier" by the wall clock
    REQUIRE(store.close_open_ratings(t0 + 60000) == 1);
    CHECK(text(store, "SELECT finished_ms - started_ms >= 0 FROM ratings") == "1");
}

TEST_CASE("a save that would change a rating already final is an error, never a silent success") {
    TempDir dir;
    RatingStore store(dir.file("k.db"), identity, {}, t0);
    Rating visit = open_rating(t0);
    REQUIRE(store.save(visit, t0));
    REQUIRE(store.close_open_ratings(t0 + 1000) == 1);  // closed behind the visit's back
    visit.answers = {{"bsc1", 5}};
    CHECK_FALSE(store.save(visit, t0 + 2000));  // the citizen's next answer: not "saved"
    Rating completed = finished(visit, t0 + 3000);
    CHECK_FALSE(store.save(completed, t0 + 3000));
    CHECK(store.unsaved_count() == 0);  // no retry can write it: nothing waits for upkeep
    CHECK(text(store, "SELECT end_reason || ':' || (SELECT count(*) FROM answers) FROM ratings") ==
          "abandoned:0");
    bool alerted = false;
    for (const auto& alert : store.alerts()) alerted |= alert.kind == "rating-already-final";
    CHECK(alerted);

    Rating other = finished(open_rating(t0 + 5000), t0 + 6000);
    REQUIRE(store.save(other, t0 + 6000));
    CHECK(store.save(other, t0 + 6000));  // the same final rating again (a retry) changes nothing
}

TEST_CASE("a final rating changes only its batch, on any connection (the schema's trigger)") {
    TempDir dir;
    const std::string path = dir.file("k.db");
    RatingStore store(path, identity, {}, t0);
    Rating done = finished(open_rating(t0), t0 + 1000);
    REQUIRE(store.save(done, t0 + 1000));
    Rating open = open_rating(t0 + 2000);
    REQUIRE(store.save(open, t0 + 2000));

    // Another program on the same file: sqlite3 by hand, a later tool, a bug elsewhere.
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    for (const char* change : {"grade = 1", "state = 'open', seq = NULL", "finished_ms = finished_ms + 1",
                               "end_reason = 'stopped'", "flags = 1", "language = 'de'", "reference = 'X'"}) {
        INFO(change);
        CHECK_THROWS_WITH(
            other.exec(std::string("UPDATE ratings SET ") + change + " WHERE id = '" + done.id + "'"),
            Catch::Contains("rating-already-final"));
    }
    other.exec(
        "INSERT INTO batches(id, first_seq, last_seq, created_ms, body, state) "
        "VALUES ('b1', 1, 1, 0, x'00', 'pending')");
    CHECK(other.exec("UPDATE ratings SET batch_id = 'b1' WHERE id = '" + done.id + "'") ==
          1);                                                                             // its batch may
    CHECK(other.exec("UPDATE ratings SET grade = 2 WHERE id = '" + open.id + "'") == 1);  // an open one may
    CHECK(text(store, "SELECT grade || ':' || end_reason FROM ratings WHERE id = '" + done.id + "'") ==
          std::to_string(*done.grade) + ":completed");
}
