// The outbox: every final rating goes into exactly one batch, in seq order without a gap; a batch is
// built once and a retry gets the same bytes; a set-aside batch is kept and out of the way.
#include "outbox.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "identifiers.hpp"
#include "protocol/digest.hpp"
#include "rating_store.hpp"
#include "temp_dir.hpp"

using namespace kiosk;
using nlohmann::json;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;
const KioskIdentity identity{"kiosk-7", "Town hall", "Desk 2", "0.3.0", "sha-256=abc"};

Rating visit(std::int64_t at, bool final = true) {
    Rating r;
    r.id = make_uuid_v7(at);
    r.reference = make_short_reference();
    r.language = "nl";
    r.service = "moving";
    r.planned_norms = {"bsc1", "bsc4"};
    r.started_ms = at;
    r.grade = 8;
    r.answers = {{"bsc1", 4}, {"bsc4", answer_not_applicable}};
    if (final) {
        r.state = RatingState::final;
        r.end_reason = EndReason::completed;
        r.finished_ms = at + 20000;
    }
    return r;
}

struct Kiosk {
    TempDir dir;
    RatingStore store{dir.file("k.db"), identity, {1000, 1}, t0, 0};
    Outbox outbox{dir.file("k.db")};
    std::int64_t now = t0;
    void rate(int count, bool final = true) {
        for (int i = 0; i < count; ++i) {
            now += 30000;
            REQUIRE(store.save(visit(now, final), now));
        }
    }
};

}  // namespace

TEST_CASE("2 500 final ratings go into batches of 1 000, 1 000 and 500, each rating in exactly one") {
    Kiosk k;
    k.rate(2500);
    std::set<std::string> ids;
    std::int64_t expected_first = 1;
    for (int size : {1000, 1000, 500}) {
        auto batch = k.outbox.next(k.now);
        REQUIRE(batch);
        CHECK(batch->ratings == size);
        CHECK(batch->first_seq == expected_first);
        CHECK(batch->last_seq == expected_first + size - 1);
        CHECK(batch->body_digest == protocol::sha256_field(batch->body));
        json body = json::parse(batch->body);
        CHECK(body["protocol"] == 1);
        CHECK(body["batch_id"] == batch->id);
        CHECK(body["kiosk_id"] == "kiosk-7");
        REQUIRE(body["ratings"].size() == static_cast<std::size_t>(size));
        for (std::size_t i = 0; i < body["ratings"].size(); ++i) {
            const json& r = body["ratings"][i];
            CHECK(r["seq"] == expected_first + static_cast<std::int64_t>(i));
            ids.insert(r["id"].get<std::string>());
        }
        k.outbox.delivered(batch->id, "{\"receipt\":{}}");
        expected_first += size;
    }
    CHECK(ids.size() == 2500);
    CHECK_FALSE(k.outbox.next(k.now));
}

TEST_CASE("a rating in a batch carries what the central store needs to read it later") {
    Kiosk k;
    k.rate(1);
    auto batch = k.outbox.next(k.now);
    REQUIRE(batch);
    json r = json::parse(batch->body)["ratings"][0];
    CHECK(r["site"] == "Town hall");
    CHECK(r["counter"] == "Desk 2");
    CHECK(r["service"] == "moving");
    CHECK(r["language"] == "nl");
    CHECK(r["norms_asked"] == json::array({"bsc1", "bsc4"}));
    CHECK(r["answers"] == json({{"bsc1", 4}, {"bsc4", 0}}));
    CHECK(r["grade"] == 8);
    CHECK(r["end_reason"] == "completed");
    CHECK(r["program_version"] == "0.3.0");
    CHECK(r["config_digest"] == "sha-256=abc");
    CHECK(r["started"].get<std::string>().size() == 24);  // 2023-11-14T22:13:50.000Z
}

TEST_CASE("a batch not yet acknowledged is offered again with the same bytes, and new ratings wait") {
    Kiosk k;
    k.rate(3);
    auto first = k.outbox.next(k.now);
    REQUIRE(first);
    k.outbox.failed_attempt(first->id, "connection refused");
    k.rate(2);  // finished while the first batch waits: they go into the next one
    auto again = k.outbox.next(k.now + 60000);
    REQUIRE(again);
    CHECK(again->id == first->id);
    CHECK(again->body == first->body);
    CHECK(again->ratings == 3);
    CHECK(again->attempts == 1);
    k.outbox.delivered(first->id, "{}");
    auto second = k.outbox.next(k.now);
    REQUIRE(second);
    CHECK(second->first_seq == 4);
    CHECK(second->last_seq == 5);
}

TEST_CASE("open ratings are never batched, and a set-aside batch is kept while the next one goes on") {
    Kiosk k;
    k.rate(2);
    k.rate(1, false);  // a visit in progress
    auto first = k.outbox.next(k.now);
    REQUIRE(first);
    CHECK(first->ratings == 2);
    k.outbox.set_aside(first->id, "400 malformed-batch: grade out of range");
    CHECK_FALSE(k.outbox.next(k.now));  // the open one waits for its visit to end
    k.rate(1);
    auto second = k.outbox.next(k.now);
    REQUIRE(second);
    CHECK(second->first_seq == 3);
    CHECK(k.store.query_text("SELECT state || ':' || last_error FROM batches WHERE id = '" + first->id +
                             "'") == "set-aside:400 malformed-batch: grade out of range");
}

TEST_CASE("the outbox builds batches on its own connection while taps are saved, and no tap fails") {
    Kiosk k;
    k.rate(1500);
    int saved = 0;
    for (int i = 0; i < 3; ++i) {
        REQUIRE(k.outbox.next(k.now));
        for (int j = 0; j < 20; ++j) {
            k.now += 1000;
            saved += k.store.save(visit(k.now), k.now) ? 1 : 0;
        }
    }
    CHECK(saved == 60);
}

TEST_CASE("ratings another sender batched while this one built its body are not batched twice") {
    Kiosk k;
    k.rate(4);
    Outbox other{k.store.path()};  // `kiosk sync-now` beside the kiosk's worker
    std::optional<Batch> theirs;
    int calls = 0;
    k.outbox.set_before_marking_for_tests([&] {
        if (calls++ == 0) theirs = other.next(k.now);  // between our read and our write lock
    });
    auto ours = k.outbox.next(k.now);
    REQUIRE(theirs);
    REQUIRE(ours);
    CHECK(ours->id == theirs->id);  // ours was thrown away: their pending batch is offered instead
    CHECK(ours->body == theirs->body);
    CHECK(k.store.query_text("SELECT count(*) FROM batches") == "1");
    CHECK(k.store.query_text("SELECT count(DISTINCT batch_id) FROM ratings") == "1");
}

TEST_CASE("a body over 1 MiB is built with fewer ratings and the rest follow in the next batch") {
    TempDir dir;
    // A site name of 2 000 characters makes each rating about 2.5 KiB: 1 000 would be 2.5 MiB.
    RatingStore store{dir.file("k.db"),
                      {"kiosk-7", std::string(2000, 's'), "Desk 2", "0.3.0", "sha-256=abc"},
                      {1000, 1},
                      t0,
                      0};
    Outbox outbox{dir.file("k.db")};
    std::int64_t now = t0;
    for (int i = 0; i < 1000; ++i) {
        now += 30000;
        REQUIRE(store.save(visit(now), now));
    }
    int batched = 0, batches = 0;
    while (auto batch = outbox.next(now)) {
        CHECK(batch->body.size() <= Outbox::max_body_bytes);
        CHECK(batch->ratings < 1000);
        CHECK(json::parse(batch->body)["ratings"].size() == static_cast<std::size_t>(batch->ratings));
        batched += batch->ratings;
        ++batches;
        outbox.delivered(batch->id, "{}");
    }
    CHECK(batched == 1000);
    CHECK(batches >= 3);
}
