// Power cuts on a simulated disk (FaultVfs): a rating whose save returned survives every cut, the next
// start finds an intact file, and seq runs 1..n without a gap. Each test keeps one database through
// many cuts and restarts, the way a kiosk on a flaky supply would live.
#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <set>

#include "fault_vfs.hpp"
#include "identifiers.hpp"
#include "log.hpp"
#include "rating_store.hpp"
#include "temp_dir.hpp"

using namespace kiosk;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;
const KioskIdentity identity{"kiosk-7", "Town hall", "Desk 2"};
const std::string absent = "(no row)";
// The reserve plays no part in a power cut; a small one spares each new database a 16 MiB file.
constexpr std::int64_t reserve = DiskReserve::step_bytes;

// The taps of one visit, each a version of the rating the kiosk saves: the service, the grade, an
// answer, then the final rating with a second answer.
std::vector<Rating> visit_taps(int visit, std::int64_t at) {
    Rating r;
    r.id = make_uuid_v7(at);
    r.reference = make_short_reference();
    r.language = "nl";
    r.service = "moving";
    r.planned_norms = {"bsc1", "bsc2"};
    r.started_ms = at;
    std::vector<Rating> taps{r};
    r.grade = 1 + visit % 10;
    taps.push_back(r);
    r.answers = {{"bsc1", 1 + visit % 5}};
    taps.push_back(r);
    r.answers.push_back({"bsc2", visit % 6});
    r.state = RatingState::final;
    r.end_reason = EndReason::completed;
    r.finished_ms = at + 3000;
    taps.push_back(r);
    return taps;
}

// How the next start shows a rating last saved as `r`: a rating still open was cut off, so it is closed.
std::string shown_after_restart(const Rating& r) {
    std::string answers;
    for (const auto& a : r.answers)
        answers += (answers.empty() ? "" : ",") + a.norm_id + "=" + std::to_string(a.value);
    return std::string("final:") + (r.state == RatingState::final ? "completed" : "abandoned") + ":" +
           (r.grade ? std::to_string(*r.grade) : "") + ":" + answers;
}

// How every rating shows, by id, read in one query (a check after each of hundreds of cuts must be quick).
std::map<std::string, std::string> everything_shown(RatingStore& store) {
    std::string rows = store
                           .query_text(
                               "SELECT group_concat(id || ' ' || state || ':' || coalesce(end_reason, '') || "
                               "':' || coalesce(grade, '') || ':' || coalesce((SELECT group_concat(norm_id "
                               "|| '=' || value) FROM (SELECT norm_id, value FROM answers WHERE rating_id = "
                               "r.id ORDER BY norm_id)), ''), char(10)) FROM ratings r")
                           .value_or("");
    std::map<std::string, std::string> shown;
    for (std::size_t at = 0; at < rows.size();) {
        std::size_t end = std::min(rows.find('\n', at), rows.size());
        std::size_t space = rows.find(' ', at);
        shown[rows.substr(at, space - at)] = rows.substr(space + 1, end - space - 1);
        at = end + 1;
    }
    return shown;
}

std::string text(RatingStore& store, const std::string& sql) {
    return store.query_text(sql).value_or(absent);
}

// One kiosk through its runs: the database, the clock, and what each rating may look like at the next
// start. Before a save returns, the old and the new version are both possible (the cut may come just
// before or just after the commit reached the disk); once it returned, only the new one is.
struct Kiosk {
    TempDir dir;
    std::string path = dir.file("k.db");
    std::int64_t now = t0;
    int visits = 0;
    std::map<std::string, std::set<std::string>> may_show;  // by rating id
    std::string run;                                        // for messages: which cut this run ended with

    bool save(RatingStore& store, Rating& tap) {
        now += 1000;
        auto& possible = may_show[tap.id];
        if (possible.empty()) possible.insert(absent);
        possible.insert(shown_after_restart(tap));
        if (!store.save(tap, now)) return false;
        possible = {shown_after_restart(tap)};
        return true;
    }

    // Visits, tap by tap, until `saves` saves returned; false as soon as one did not.
    bool rate(RatingStore& store, int saves) {
        while (saves > 0) {
            now += 60000;
            std::vector<Rating> taps = visit_taps(visits++, now);
            for (Rating& tap : taps) {
                if (!save(store, tap)) return false;
                if (--saves == 0) return true;  // maybe in the middle of a visit: that citizen is cut off
            }
        }
        return true;
    }
};

const char* const seq_runs_from_1_without_gap =
    "SELECT count(*) = 0 OR (count(DISTINCT seq) = count(*) AND min(seq) = 1 AND max(seq) = count(*)) FROM "
    "ratings";

// Log lines of hundreds of failed saves say nothing the checks do not.
struct QuietLog {
    LogSink previous = set_log_sink([](LogLevel, const std::string&) {});
    ~QuietLog() { set_log_sink(previous); }
};

// A start of the kiosk on the real disk, after the cut: as the kiosk does, open the store and close
// what was left open; then every rating shows as one of its possible versions, and nothing else is
// there. What it shows is from now on the only thing it may show.
void check_next_start(Kiosk& k) {
    INFO("after " << k.run);
    RatingStore store(k.path, identity, {}, k.now, reserve);
    store.close_open_ratings(k.now);
    CHECK(text(store, "PRAGMA integrity_check") == "ok");
    CHECK(text(store, "SELECT count(*) FROM ratings WHERE state = 'open'") == "0");
    CHECK(text(store, seq_runs_from_1_without_gap) == "1");
    std::map<std::string, std::string> shown = everything_shown(store);
    std::vector<std::string> wrong;
    for (auto it = k.may_show.begin(); it != k.may_show.end();) {
        auto& [id, possible] = *it;
        auto row = shown.find(id);
        std::string now_shown = row == shown.end() ? absent : row->second;
        if (!possible.count(now_shown)) {
            std::string expected;
            for (const auto& p : possible) expected += " '" + p + "'";
            wrong.push_back(id + " shows '" + now_shown + "', expected one of" + expected);
        }
        if (now_shown == absent) {
            it = k.may_show.erase(it);  // its first save never reached the disk: the visit is gone
        } else {
            possible = {now_shown};
            ++it;
        }
    }
    CHECK(wrong == std::vector<std::string>{});
    CHECK(shown.size() == k.may_show.size());  // and nothing the kiosk never saved
}

// One run on the fault disk: the kiosk starts, `arm` sets the cut, and visits go on until `saves`
// saves returned or one failed because the power went; then the power goes, if it has not already.
// Returns how many bytes the cut found unsynced.
std::int64_t run_until_the_power_goes(Kiosk& k, int saves, const std::function<void(FaultVfs&)>& arm,
                                      FaultVfs::Cut how = FaultVfs::Cut::drop, std::uint32_t seed = 0) {
    FaultVfs vfs;  // first: it outlives the store's connection
    RatingStore store(k.path, identity, {}, k.now, reserve);
    store.close_open_ratings(k.now);
    // Checkpoints every 2 or 3 saves, so cuts land inside them too, not only in WAL appends.
    store.query_text("PRAGMA wal_autocheckpoint=16");
    arm(vfs);
    k.rate(store, saves);
    if (!vfs.power_was_cut()) vfs.power_cut(how, seed);
    return vfs.bytes_unsynced_at_cut();
}

// A run that starts with a visit left open by a restart, and the power goes during the start itself
// (the store opening and closing what was left open) or the visits after it.
void run_with_a_cut_in_the_start(Kiosk& k, std::int64_t change, FaultVfs::Cut how, std::uint32_t seed) {
    FaultVfs vfs;
    {
        RatingStore store(k.path, identity, {}, k.now, reserve);
        store.close_open_ratings(k.now);
        k.rate(store, 1 + change % 3);  // the citizen walks away mid-visit, and the kiosk restarts
    }
    vfs.power_cut_after(change, how, seed);
    try {
        RatingStore store(k.path, identity, {}, k.now, reserve);
        store.close_open_ratings(k.now);
        k.rate(store, 1000);
    } catch (const std::runtime_error&) {
        // The cut came while the store opened its file: it says so, and the next start is what counts.
    }
    if (!vfs.power_was_cut()) vfs.power_cut(how, seed);
}

// A run that ends with the kiosk stopping, and the power going instead of change `change` of the stop:
// closing the store's connection checkpoints the WAL into the database file and deletes the WAL.
// Returns whether the stop had that many changes (else the power goes just after it).
bool run_with_a_cut_in_the_stop(Kiosk& k, int saves, std::int64_t change, FaultVfs::Cut how,
                                std::uint32_t seed) {
    FaultVfs vfs;
    {
        RatingStore store(k.path, identity, {}, k.now, reserve);
        store.close_open_ratings(k.now);
        k.rate(store, saves);
        vfs.power_cut_after(change, how, seed);
    }
    bool cut_in_the_stop = vfs.power_was_cut();
    if (!cut_in_the_stop) vfs.power_cut(how, seed);
    return cut_in_the_stop;
}

// 200 changes: about 10 saves of 15 to 35 writes and syncs each, with 3 or 4 checkpoints among them.
constexpr int changes_to_sweep = 200;

}  // namespace

// The harness itself: a cut must cost what was not synced, or every test below would pass for nothing.
TEST_CASE(
    "the simulated disk keeps a commit made with synchronous=FULL and loses one made with NORMAL or OFF "
    "at a power cut") {
    for (std::string synchronous : {"FULL", "NORMAL", "OFF"}) {
        INFO("synchronous=" << synchronous);
        TempDir dir;
        {
            FaultVfs vfs;
            SQLite::Database db(dir.file("t.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            db.exec("PRAGMA journal_mode=WAL; CREATE TABLE t(x)");
            db.exec("PRAGMA synchronous=" + synchronous);
            db.exec("INSERT INTO t VALUES (1)");
            CHECK((vfs.unsynced_bytes() == 0) == (synchronous == "FULL"));
            vfs.power_cut();
        }
        SQLite::Database db(dir.file("t.db"), SQLite::OPEN_READWRITE);
        CHECK(db.execAndGet("SELECT count(*) FROM t").getInt() == (synchronous == "FULL" ? 1 : 0));
    }
}

TEST_CASE("a power cut after each save loses no rating whose save returned (unsynced writes dropped)") {
    QuietLog quiet;
    Kiosk k;
    for (int saves = 1; saves <= 40; ++saves) {
        k.run = "a cut after save " + std::to_string(saves) + " of a run";
        run_until_the_power_goes(k, saves, [](FaultVfs&) {});
        check_next_start(k);
    }
    CHECK(k.may_show.size() > 150);
}

TEST_CASE(
    "a power cut at each write and sync of a save, checkpoints included, loses no rating whose save "
    "returned (unsynced writes dropped)") {
    QuietLog quiet;
    Kiosk k;
    int cuts_that_lost_writes = 0;
    for (int change = 0; change < changes_to_sweep; ++change) {
        k.run = "a cut instead of change " + std::to_string(change) + " of a run";
        if (run_until_the_power_goes(k, 1000, [&](FaultVfs& vfs) { vfs.power_cut_after(change); }) > 0)
            ++cuts_that_lost_writes;
        check_next_start(k);
    }
    CHECK(cuts_that_lost_writes > changes_to_sweep / 2);  // most cuts came between a write and its sync
}

TEST_CASE(
    "a power cut at each write and sync of a save, checkpoints included, loses no rating whose save "
    "returned (unsynced writes torn at 512-byte sectors)") {
    QuietLog quiet;
    Kiosk k;
    for (int change = 0; change < changes_to_sweep; ++change) {
        for (std::uint32_t seed : {1u, 2u, 3u}) {
            k.run =
                "a torn cut (seed " + std::to_string(seed) + ") instead of change " + std::to_string(change);
            run_until_the_power_goes(k, 1000, [&](FaultVfs& vfs) {
                vfs.power_cut_after(change, FaultVfs::Cut::tear, seed * 7919 + change);
            });
            check_next_start(k);
        }
    }
}

TEST_CASE(
    "a power cut at each write and sync while the kiosk starts and closes a visit left open loses no "
    "rating (dropped and torn)") {
    QuietLog quiet;
    Kiosk k;
    for (int change = 0; change < 40; ++change) {
        for (FaultVfs::Cut how : {FaultVfs::Cut::drop, FaultVfs::Cut::tear}) {
            k.run = std::string(how == FaultVfs::Cut::tear ? "a torn" : "a") + " cut instead of change " +
                    std::to_string(change) + " of a start";
            run_with_a_cut_in_the_start(k, change, how, 31u * change);
            check_next_start(k);
        }
    }
}

TEST_CASE(
    "a power cut at each write and sync while the kiosk stops (its last checkpoint) loses no rating "
    "(dropped and torn)") {
    QuietLog quiet;
    Kiosk k;
    int cuts_in_a_stop = 0;
    for (int saves : {2, 7, 20}) {  // a stop after a longer run has more of the WAL to checkpoint
        for (int change = 0; change < 20; ++change) {
            for (FaultVfs::Cut how : {FaultVfs::Cut::drop, FaultVfs::Cut::tear}) {
                k.run = std::string(how == FaultVfs::Cut::tear ? "a torn" : "a") + " cut instead of change " +
                        std::to_string(change) + " of a stop after " + std::to_string(saves) + " saves";
                cuts_in_a_stop += run_with_a_cut_in_the_stop(k, saves, change, how, 43u * change + saves);
                check_next_start(k);
            }
        }
    }
    CHECK(cuts_in_a_stop > 60);  // most of the 120 came inside the stop, not after it
}

namespace {

// The first start of a kiosk on an empty folder, with the power going instead of change `change`; then
// the next start must open the file, intact and the kiosk's, and take a rating.
void check_a_cut_while_the_database_is_made(int change, FaultVfs::Cut how) {
    TempDir dir;
    std::string path = dir.file("k.db");
    {
        FaultVfs vfs;
        vfs.power_cut_after(change, how, 17u * change);
        try {
            RatingStore store(path, identity, {}, t0, reserve);
            store.close_open_ratings(t0);
        } catch (const std::runtime_error&) {
        }
        if (!vfs.power_was_cut()) vfs.power_cut(how);
    }
    try {
        RatingStore store(path, identity, {}, t0, reserve);
        CHECK(text(store, "PRAGMA integrity_check") == "ok");
        CHECK(text(store, "PRAGMA application_id") == std::to_string(RatingStore::application_id));
        Rating first = visit_taps(0, t0).back();
        CHECK(store.save(first, t0));
    } catch (const std::exception& e) {
        FAIL_CHECK("the next start failed: " << e.what());
    }
}

constexpr int changes_while_made = 70;  // a new database takes some 60 writes and syncs

}  // namespace

TEST_CASE(
    "a power cut at each write and sync while a new database is made leaves a file the next start "
    "opens (unsynced writes dropped)") {
    QuietLog quiet;
    for (int change = 0; change < changes_while_made; ++change) {
        INFO("a cut instead of change " << change << " of the first start");
        check_a_cut_while_the_database_is_made(change, FaultVfs::Cut::drop);
    }
}

// A torn first write of a new file must not keep the kiosk down: the store makes a new database whole
// under another name and renames it into place.
TEST_CASE(
    "a power cut at each write and sync while a new database is made leaves a file the next start "
    "opens (unsynced writes torn at 512-byte sectors)", ) {
    QuietLog quiet;
    for (int change = 0; change < changes_while_made; ++change) {
        INFO("a torn cut instead of change " << change << " of the first start");
        check_a_cut_while_the_database_is_made(change, FaultVfs::Cut::tear);
    }
}
