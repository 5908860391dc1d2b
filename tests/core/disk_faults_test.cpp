// A disk that fails during a save, simulated by FaultVfs: full, an I/O error on write, fsync or read, a
// page read back damaged. The save never claims success, what was saved stays, an alert is raised, the
// rating waits in memory and upkeep() writes it once the fault stops; a full disk is met from the reserve.
#include <catch2/catch.hpp>
#include <functional>
#include <set>

#include "fault_vfs.hpp"
#include "identifiers.hpp"
#include "log.hpp"
#include "rating_store.hpp"
#include "temp_dir.hpp"

using namespace kiosk;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;
constexpr std::int64_t step = DiskReserve::step_bytes;
const KioskIdentity identity{"kiosk-7", "Town hall", "Desk 2"};

Rating finished_visit(std::int64_t at, int grade) {
    Rating r;
    r.id = make_uuid_v7(at);
    r.reference = make_short_reference();
    r.language = "nl";
    r.planned_norms = {"bsc1", "bsc2"};
    r.started_ms = at;
    r.grade = grade;
    r.answers = {{"bsc1", 1 + grade % 5}, {"bsc2", answer_not_applicable}};
    r.state = RatingState::final;
    r.end_reason = EndReason::completed;
    r.finished_ms = at + 3000;
    return r;
}

std::string text(RatingStore& store, const std::string& sql) {
    return store.query_text(sql).value_or("(no row)");
}

// What the store holds of a rating, to compare before and after a fault.
std::string stored(RatingStore& store, const Rating& r) {
    return text(store,
                "SELECT state || ':' || grade || ':' || (SELECT group_concat(norm_id || '=' || value) FROM "
                "(SELECT norm_id, value FROM answers WHERE rating_id = '" +
                    r.id + "' ORDER BY norm_id)) FROM ratings WHERE id = '" + r.id + "'");
}

std::set<std::string> alert_kinds(RatingStore& store) {
    std::set<std::string> kinds;
    for (const auto& a : store.alerts()) kinds.insert(a.kind);
    return kinds;
}

struct QuietLog {
    LogSink previous = set_log_sink([](LogLevel, const std::string&) {});
    ~QuietLog() { set_log_sink(previous); }
};

// A store with ten ratings saved, on the fault disk; the citizen of the eleventh meets the fault.
struct Counter {
    QuietLog quiet;
    TempDir dir;
    std::string path = dir.file("k.db");
    FaultVfs vfs;  // before the store: it outlives the store's connection
    std::unique_ptr<RatingStore> store;
    std::vector<Rating> saved;
    std::int64_t now = t0;

    explicit Counter(std::int64_t reserve_bytes = 3 * step) {
        start(reserve_bytes);
        for (int i = 0; i < 10; ++i) {
            saved.push_back(finished_visit(now += 60000, 1 + i % 10));
            REQUIRE(store->save(saved.back(), now));
        }
    }
    void start(std::int64_t reserve_bytes = 3 * step) {
        store.reset();
        store = std::make_unique<RatingStore>(path, identity, BurstRuleMs{1000, 1}, now, reserve_bytes);
        store->close_open_ratings(now);
    }
    // Every rating saved before is there as it was saved.
    void check_nothing_lost() {
        for (const Rating& r : saved) {
            INFO("rating " << r.id);
            CHECK(stored(*store, r) == "final:" + std::to_string(*r.grade) +
                                           ":bsc1=" + std::to_string(1 + *r.grade % 5) + ",bsc2=0");
        }
        CHECK(text(*store, "SELECT count(*) FROM ratings") == std::to_string(saved.size()));
        CHECK(text(*store, "PRAGMA integrity_check") == "ok");
    }
};

// The whole promise for a fault that lasts until cleared: `begin` starts it just before the save.
void check_a_save_that_meets(const std::function<void(Counter&)>& begin, const std::string& alert) {
    Counter c;
    Rating r = finished_visit(c.now += 60000, 9);
    begin(c);
    CHECK_FALSE(c.store->save(r, c.now));  // the citizen is not told "saved"
    CHECK(c.store->unsaved_count() == 1);
    CHECK(alert_kinds(*c.store).count(alert) == 1);
    CHECK_FALSE(c.store->upkeep(c.now + 5000));  // the fault lasts: still in memory
    CHECK(c.store->unsaved_count() == 1);

    c.vfs.clear_faults();
    CHECK(c.store->upkeep(c.now + 10000));
    CHECK(c.store->unsaved_count() == 0);
    c.saved.push_back(r);
    c.check_nothing_lost();
    c.start();  // and it is on the disk, not only in the connection's cache
    c.check_nothing_lost();
    CHECK(text(*c.store, "SELECT max(seq) FROM ratings") == "11");
}

}  // namespace

TEST_CASE(
    "a save that meets an I/O error on write returns false, loses nothing, alerts, and upkeep writes it "
    "once the disk works") {
    check_a_save_that_meets(
        [](Counter& c) {
            c.vfs.fail_next(FaultVfs::Call::write, FaultVfs::until_cleared, SQLITE_IOERR_WRITE);
        },
        "write-failed");
}

TEST_CASE(
    "a save whose fsync fails returns false, loses nothing, alerts, and upkeep writes it once the disk "
    "works") {
    check_a_save_that_meets(
        [](Counter& c) {
            c.vfs.fail_next(FaultVfs::Call::sync, FaultVfs::until_cleared, SQLITE_IOERR_FSYNC);
        },
        "write-failed");
}

TEST_CASE(
    "a save that cannot read a page (I/O error) returns false, loses nothing, alerts, and upkeep writes "
    "it once the disk works") {
    check_a_save_that_meets(
        [](Counter& c) {
            c.store->query_text("PRAGMA shrink_memory");  // the pages a save needs are no longer cached
            c.vfs.fail_next(FaultVfs::Call::read, FaultVfs::until_cleared, SQLITE_IOERR_READ);
        },
        "write-failed");
}

// SQLite keeps a damaged page it read in the connection's page cache: the store must open a new
// connection after SQLITE_CORRUPT, or every later write fails though the file is sound.
TEST_CASE(
    "a save that reads a damaged page (SQLITE_CORRUPT) returns false, loses nothing, alerts, and upkeep "
    "writes it once the disk reads right", ) {
    check_a_save_that_meets(
        [](Counter& c) {
            c.store->query_text("PRAGMA shrink_memory");  // the pages a save needs are no longer cached
            c.vfs.damage_next_page_reads(FaultVfs::until_cleared);
        },
        "database-corrupt");
}

TEST_CASE(
    "a save that meets SQLITE_FULL with the reserve used up returns false, loses nothing, alerts, and "
    "upkeep writes it once space returns") {
    check_a_save_that_meets(
        [](Counter& c) { c.vfs.fail_next(FaultVfs::Call::write, FaultVfs::until_cleared, SQLITE_FULL); },
        "out-of-room");
}

TEST_CASE("a save that meets SQLITE_FULL once gives back one step of the reserve and is written") {
    Counter c;
    REQUIRE(c.store->reserve().size() == 3 * step);
    c.vfs.fail_next(FaultVfs::Call::write, 1, SQLITE_FULL);
    Rating r = finished_visit(c.now += 60000, 9);
    CHECK(c.store->save(r, c.now));
    CHECK(c.store->reserve().size() == 2 * step);
    CHECK(c.store->has_room());
    CHECK(alert_kinds(*c.store) == std::set<std::string>{"disk-full"});
    c.saved.push_back(r);
    c.check_nothing_lost();
}

TEST_CASE(
    "on a full disk saves are written from the reserve a step at a time, and once it is used up the "
    "store has no room until upkeep finds space again") {
    Counter c(2 * step);
    c.vfs.limit_disk(c.dir.path.string(), 1 << 30);
    c.vfs.fill_disk();
    REQUIRE(c.vfs.free_disk_bytes() == 0);
    REQUIRE(free_bytes_at(c.path) == 0);  // the store sees the same disk through statvfs()

    // The WAL grows into what each step of the reserve gives back, until it is used up and a save that
    // needs room is refused: the kiosk shows "out of order". (Bounded, so a store that never refuses fails
    // here instead of hanging.)
    std::int64_t at = c.now;
    Rating refused;
    int written = 0;
    for (; written < 5000; ++written) {
        Rating r = finished_visit(at += 60000, 5);
        if (!c.store->save(r, at)) {
            refused = r;
            break;
        }
        c.saved.push_back(r);
    }
    CHECK(written > 20);
    CHECK(c.store->reserve().size() == 0);
    CHECK(alert_kinds(*c.store) == std::set<std::string>{"disk-full", "reserve-low", "out-of-room"});
    CHECK(c.store->alerts().size() == 3);  // each trouble once, however many saves met it
    CHECK_FALSE(c.store->has_room());
    CHECK(c.store->unsaved_count() == 1);
    CHECK_FALSE(c.store->upkeep(at));
    CHECK_FALSE(c.store->has_room());
    CHECK(c.store->reserve().size() == 0);  // no room to grow it back either

    c.vfs.grow_disk(64 * step);  // space returns
    CHECK(c.store->upkeep(at + 5000));
    CHECK(c.store->has_room());
    CHECK(c.store->unsaved_count() == 0);
    CHECK(c.store->reserve().size() == 2 * step);
    c.saved.push_back(refused);
    c.check_nothing_lost();
}
