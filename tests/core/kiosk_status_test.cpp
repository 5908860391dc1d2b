// `kiosk status`: what it reads from a database the kiosk may be holding, without changing it.
#include "kiosk_status.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "sample_rating.hpp"
#include "temp_dir.hpp"

using namespace kiosk;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;  // 2023-11-14 22:13 UTC

}  // namespace

TEST_CASE(
    "status counts the ratings held and not yet sent, and lists the latest alerts, while the kiosk runs") {
    TempDir dir;
    RatingStore store(dir.file("k.db"), {"k", "site", "desk"}, {}, t0, 0);  // held open: the kiosk runs
    for (int i = 0; i < 3; ++i)
        REQUIRE(store.save(sample_rating(t0 + i * 60000, true), t0 + i * 60000 + 20000));
    REQUIRE(store.save(sample_rating(t0 + 600000, false), t0 + 600000));
    store.raise_alert("disk-full", "the disk holding k.db is full", t0 + 700000);

    KioskStatus s = read_status(dir.file("k.db"));
    CHECK(s.exists);
    CHECK(s.health == "ok");
    CHECK(s.schema == RatingStore::schema_version);
    CHECK(s.final_ratings == 3);
    CHECK(s.open_ratings == 1);
    CHECK(s.unsent == 3);
    CHECK(s.oldest_unsent_ms == t0 + 20000);
    REQUIRE(s.alerts.size() == 1);
    CHECK(s.alerts[0].kind == "disk-full");
    std::string text = describe(s);
    CHECK_THAT(text, Catch::Contains("3 final, 1 open"));
    CHECK_THAT(text,
               Catch::Contains("not yet at the central store: 3, the oldest finished 2023-11-14 22:13 UTC"));
    CHECK_THAT(text, Catch::Contains("disk-full: the disk holding k.db is full"));
    CHECK(
        store.save(sample_rating(t0 + 900000, true), t0 + 920000));  // the status left the kiosk's file alone
}

TEST_CASE("status of a database not made yet says so, and makes nothing") {
    TempDir dir;
    KioskStatus s = read_status(dir.file("none/k.db"));
    CHECK_FALSE(s.exists);
    CHECK_THAT(describe(s), Catch::Contains("not there yet"));
    CHECK_FALSE(std::filesystem::exists(dir.file("none")));
}

TEST_CASE("status of a file that is not a database says what is wrong") {
    TempDir dir;
    { std::ofstream(dir.file("k.db")) << "this is not a database, it is a shopping list\n"; }
    KioskStatus s = read_status(dir.file("k.db"));
    CHECK(s.health != "ok");
    CHECK_THAT(describe(s), Catch::Contains("PROBLEM"));
}

TEST_CASE("status tells where ratings are synced to what waits and what went wrong last") {
    TempDir dir;
    RatingStore store(dir.file("k.db"), {"k", "site", "desk"}, {}, t0, 0);
    for (int i = 0; i < 3; ++i)
        REQUIRE(store.save(sample_rating(t0 + i * 60000, true), t0 + i * 60000 + 20000));
    store.query_text(
        "INSERT INTO batches(id, first_seq, last_seq, created_ms, body, body_digest, state, receipt) VALUES "
        "('b1', 1, 1, 0, '{}', '', 'sent', '{\"receipt\": {\"received\": \"2026-11-30T09:12:04Z\"}}'), "
        "('b2', 2, 2, 0, '{}', '', 'set-aside', NULL), ('b3', 3, 3, 0, '{}', '', 'pending', NULL)");
    store.query_text("UPDATE batches SET last_error = '400 malformed-batch: grade' WHERE id = 'b2'");
    store.query_text("UPDATE batches SET last_error = '503 unavailable: down' WHERE id = 'b3'");
    KioskStatus s = read_status(dir.file("k.db"));
    CHECK(s.pending_batches == 1);
    CHECK(s.set_aside_batches == 1);
    CHECK(s.last_receipt == "2026-11-30T09:12:04Z");
    CHECK(s.last_error == "503 unavailable: down");
    CHECK_THAT(describe(s), Catch::Contains("sync: not configured"));
    s.sync_url = "https://store.example.org";
    std::string text = describe(s);
    CHECK_THAT(
        text, Catch::Contains(
                  "sync to https://store.example.org: batches waiting to be sent 1, set aside 1 (1 ratings"));
    CHECK_THAT(text, Catch::Contains("last receipt: 2026-11-30T09:12:04Z"));
    CHECK_THAT(text, Catch::Contains("last error: 503 unavailable: down"));
}
