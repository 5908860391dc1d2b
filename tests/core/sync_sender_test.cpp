// The kiosk's side of sync against a fake store: a batch is delivered only on a valid signed receipt;
// every other answer is retried or set aside as docs/protocol.md says, and no rating is lost.
#include <catch2/catch.hpp>

#include "sync_setup.hpp"

using namespace kiosk;
using fake_store::Answer;

TEST_CASE("a batch counts as delivered only with a valid receipt and the store can check its signature") {
    SyncSetup k;
    k.rate(3);
    auto batch = k.outbox.next(k.now);
    REQUIRE(batch);
    SendResult r = k.sender.send(*batch);
    INFO(r.message);
    CHECK(r.outcome == SendOutcome::delivered);
    CHECK(k.central.bad_signatures() == 0);
    CHECK(k.central.ratings_held() == 3);
    CHECK(k.sql("SELECT state FROM batches") == "sent");
    CHECK(k.sql("SELECT json_extract(receipt, '$.receipt.batch_id') FROM batches") == batch->id);
    CHECK_FALSE(k.outbox.next(k.now));
}

TEST_CASE("a 200 without a valid receipt is not delivery and raises a no-receipt alert") {
    auto [answer, words] = GENERATE(table<Answer, std::string>({
        {Answer::bad_signature, "does not verify"},
        {Answer::wrong_batch_id, "names batch"},
        {Answer::wrong_counts, "ratings"},
        {Answer::wrong_kiosk, "names kiosk"},
        {Answer::html_page, "text/html, first bytes: <html><body>Please log in"},
    }));
    SyncSetup k;
    k.rate(2);
    auto batch = k.outbox.next(k.now);
    REQUIRE(batch);
    k.central.script({answer});
    SendResult r = k.sender.send(*batch);
    INFO(r.message);
    CHECK(r.outcome == SendOutcome::retry_later);
    CHECK(k.sql("SELECT state || ' ' || attempts FROM batches") == "pending 1");
    CHECK(k.sql("SELECT kind FROM alerts ORDER BY id DESC LIMIT 1") == "no-receipt");
    CHECK_THAT(k.sql("SELECT message FROM alerts ORDER BY id DESC LIMIT 1"),
               Catch::Contains("200") && Catch::Contains(batch->id) && Catch::Contains(words));
    // The next try with a good receipt delivers the same bytes.
    auto again = k.outbox.next(k.now);
    REQUIRE(again);
    CHECK(again->body == batch->body);
    CHECK(k.sender.send(*again).outcome == SendOutcome::delivered);
}

TEST_CASE("a redirect is not followed and not delivery") {
    SyncSetup k;
    k.rate(1);
    auto batch = k.outbox.next(k.now);
    REQUIRE(batch);
    k.central.script({Answer::redirect});
    SendResult r = k.sender.send(*batch);
    CHECK(r.outcome == SendOutcome::retry_later);
    CHECK_THAT(r.message, Catch::StartsWith("302"));
    CHECK(k.sql("SELECT state FROM batches") == "pending");
}

TEST_CASE("500 and 503 with Retry-After are retried and nothing is lost") {
    SyncSetup k;
    k.rate(5);
    k.central.script({Answer::server_error, Answer::unavailable});
    SendLoopSummary first = k.sender.send_pending();
    CHECK(first.failed == 1);
    CHECK(first.delivered == 0);
    CHECK_THAT(first.last_error, Catch::StartsWith("500"));
    SendLoopSummary second = k.sender.send_pending();
    CHECK(second.failed == 1);
    CHECK_THAT(second.last_error, Catch::StartsWith("503 unavailable"));
    REQUIRE(second.retry_after);
    CHECK(second.retry_after->count() == 7);
    SendLoopSummary third = k.sender.send_pending();
    CHECK(third.delivered == 1);
    CHECK(third.failed == 0);
    CHECK(k.central.ratings_held() == 5);
    CHECK(k.count("SELECT count(*) FROM batches") == 1);
    CHECK(k.sql("SELECT state || ' ' || attempts FROM batches") == "sent 2");
    CHECK(k.outbox.pending_ratings() == 0);
}

// docs/protocol.md: 408 and 429 are always retried, before any signature is looked at; a front that
// limits the rate answers for the store and signs nothing.
TEST_CASE("an unsigned 429 is retried after its Retry-After, with no alert and nothing set aside") {
    SyncSetup k;
    k.rate(3);
    k.central.retry_after = "11";
    k.central.script({Answer::proxy_rate_limited});
    SendLoopSummary first = k.sender.send_pending();
    CHECK(first.failed == 1);
    CHECK(first.set_aside == 0);
    CHECK_THAT(first.last_error, Catch::StartsWith("429 rate-limited"));
    REQUIRE(first.retry_after);
    CHECK(first.retry_after->count() == 11);
    CHECK(k.count("SELECT count(*) FROM alerts") == 0);
    CHECK(k.sql("SELECT state || ' ' || attempts FROM batches") == "pending 1");
    CHECK(k.sender.send_pending().delivered == 1);
    CHECK(k.central.ratings_held() == 3);
}

TEST_CASE("a 400 sets the batch aside with an alert and the next batch still goes") {
    SyncSetup k;
    k.rate(3);
    auto first = k.outbox.next(k.now);
    REQUIRE(first);
    k.rate(2);
    k.central.script({Answer::bad_request});
    SendLoopSummary s = k.sender.send_pending();
    CHECK(s.set_aside == 1);
    CHECK(s.delivered == 1);
    CHECK(s.failed == 0);
    CHECK(k.central.ratings_held() == 2);
    CHECK(k.sql("SELECT state || ' ' || last_error FROM batches WHERE id = '" + first->id + "'") ==
          "set-aside 400 malformed-batch: the fake store says malformed-batch");
    CHECK(k.sql("SELECT kind FROM alerts ORDER BY id DESC LIMIT 1") == "batch-set-aside");
    CHECK_THAT(k.sql("SELECT message FROM alerts ORDER BY id DESC LIMIT 1"), Catch::Contains(first->id));
    CHECK(k.outbox.pending_ratings() == 0);  // set aside is not pending: kept, out of the way

    // IT fixed the cause: sent again with the same bytes.
    CHECK(k.outbox.retry_set_aside() == 1);
    CHECK(k.sender.send_pending().delivered == 1);
    CHECK(k.central.ratings_held() == 5);
}

TEST_CASE("a stale-timestamp teaches the kiosk the store's clock and the batch is retried at once") {
    SyncSetup k;
    k.central.clock_ahead_s = 7200;  // the kiosk started without NTP, two hours behind
    k.rate(2);
    auto batch = k.outbox.next(k.now);
    REQUIRE(batch);
    SendResult r = k.sender.send(*batch);
    INFO(r.message);
    CHECK(r.outcome == SendOutcome::delivered);
    CHECK(k.central.batch_requests() == 2);
    CHECK(std::llabs(k.sender.clock_offset_s() - 7200) <= 2);
    CHECK(k.sql("SELECT kind FROM alerts ORDER BY id DESC LIMIT 1") == "clock-skew");
    CHECK(k.sender.heartbeat(1).outcome == SendOutcome::delivered);  // signed with the learnt offset
}

TEST_CASE("a store that cannot be reached is retried later and the batch stays pending") {
    SyncSetup k;
    k.sync.url = "http://127.0.0.1:1";  // nothing listens on port 1
    SyncSender sender(k.sync, {"kiosk-7", "0.3.0", "sha-256=abc", k.database}, k.key, k.outbox);
    k.rate(1);
    SendLoopSummary s = sender.send_pending();
    CHECK(s.failed == 1);
    CHECK_THAT(s.last_error, Catch::Contains("127.0.0.1:1"));
    CHECK(k.sql("SELECT state || ' ' || attempts FROM batches") == "pending 1");
}

TEST_CASE("a heartbeat tells the store what waits and the alerts it has not seen, once") {
    SyncSetup k;
    k.rate(4);
    k.store.raise_alert("disk-full", "the disk is full", k.now);
    REQUIRE(k.sender.heartbeat(42).outcome == SendOutcome::delivered);
    auto beat = k.central.last_heartbeat();
    CHECK(beat["kiosk_id"] == "kiosk-7");
    CHECK(beat["pending_ratings"] == 4);
    CHECK(beat["last_seq"] == 4);
    CHECK(beat["uptime_seconds"] == 42);
    CHECK(beat["oldest_pending_seconds"].get<std::int64_t>() > 0);
    CHECK(beat["free_disk_bytes"].get<std::int64_t>() > 0);
    REQUIRE(beat["alerts"].size() == 1);
    CHECK(beat["alerts"][0]["kind"] == "disk-full");
    REQUIRE(k.sender.heartbeat(43).outcome == SendOutcome::delivered);
    CHECK(k.central.last_heartbeat()["alerts"].empty());
}
