// Refusals the kiosk can trust (docs/protocol.md, "Signed refusals"): only the store's own signed
// refusal of the bytes sent sets a batch aside or moves the kiosk's clock; anything else between kiosk
// and store is a transient failure. A store that refuses everything stops the setting aside, and
// set-aside batches come back by themselves.
#include <catch2/catch.hpp>
#include <thread>

#include "sync_setup.hpp"

using namespace kiosk;
using fake_store::Answer;

TEST_CASE("a refusal without the store's signature, or with another key's, is transient") {
    auto answer = GENERATE(Answer::unsigned_conflict, Answer::forged_conflict);
    SyncSetup k;
    k.rate(2);
    auto batch = k.outbox.next(k.now);
    REQUIRE(batch);
    k.central.script({answer});
    SendResult r = k.sender.send(*batch);
    INFO(r.message);
    CHECK(r.outcome == SendOutcome::retry_later);
    CHECK(k.sql("SELECT state || ' ' || attempts FROM batches") == "pending 1");
    CHECK(k.sql("SELECT kind FROM alerts ORDER BY id DESC LIMIT 1") == "untrusted-refusal");
    CHECK_THAT(k.sql("SELECT message FROM alerts ORDER BY id DESC LIMIT 1"),
               Catch::Contains("409 batch-conflict") && Catch::Contains(batch->id));
    CHECK(k.sender.send(*batch).outcome == SendOutcome::delivered);  // the same bytes, later
    CHECK(k.central.ratings_held() == 2);
}

TEST_CASE("a refusal signed by the store about another body digest is transient") {
    SyncSetup k;
    k.rate(2);
    auto batch = k.outbox.next(k.now);
    REQUIRE(batch);
    k.central.script({Answer::conflict_on_other_body});
    SendResult r = k.sender.send(*batch);
    INFO(r.message);
    CHECK(r.outcome == SendOutcome::retry_later);
    CHECK(k.sql("SELECT state FROM batches") == "pending");
    CHECK_THAT(k.sql("SELECT message FROM alerts ORDER BY id DESC LIMIT 1"),
               Catch::Contains("changed on the way"));
}

TEST_CASE("a refusal properly signed by the store sets the batch aside") {
    SyncSetup k;
    k.rate(2);
    auto batch = k.outbox.next(k.now);
    REQUIRE(batch);
    k.central.script({Answer::conflict});
    SendResult r = k.sender.send(*batch);
    INFO(r.message);
    CHECK(r.outcome == SendOutcome::set_aside);
    CHECK(k.sql("SELECT state FROM batches") == "set-aside");
    CHECK(k.sql("SELECT kind FROM alerts ORDER BY id DESC LIMIT 1") == "batch-set-aside");
    CHECK(k.outbox.set_aside_ratings() == 2);
}

TEST_CASE("after three set-asides in a row the kiosk stops setting aside and waits") {
    SyncSetup k;
    k.rate(1);
    k.central.script({Answer::conflict, Answer::conflict, Answer::conflict, Answer::conflict});
    // A new rating after each set-aside, so that every try is a new batch.
    SendLoopSummary s = k.sender.send_pending([&](const Batch&, const SendResult& r) {
        if (r.outcome == SendOutcome::set_aside) k.rate(1);
    });
    CHECK(s.set_aside == SyncSender::max_set_aside_in_a_row);
    CHECK(s.failed == 1);
    CHECK(k.count("SELECT count(*) FROM batches WHERE state = 'set-aside'") == 3);
    CHECK(k.count("SELECT count(*) FROM batches WHERE state = 'pending'") == 1);
    CHECK(k.sql("SELECT kind FROM alerts ORDER BY id DESC LIMIT 1") == "store-refuses-all");
    // The store works again: the waiting batch goes, and the count starts again.
    SendLoopSummary next = k.sender.send_pending();
    CHECK(next.delivered == 1);
    CHECK(next.failed == 0);
    k.rate(1);
    k.central.script({Answer::conflict});
    CHECK(k.sender.send_pending().set_aside == 1);
}

TEST_CASE("set-aside batches come back by themselves on the slow schedule") {
    SyncSetup k;
    k.sender.set_set_aside_retry_every(std::chrono::milliseconds(200));
    k.rate(3);
    k.central.script({Answer::conflict});
    SendLoopSummary first = k.sender.send_pending();
    CHECK(first.set_aside == 1);
    SendLoopSummary early = k.sender.send_pending();  // not yet its turn
    CHECK(early.brought_back == 0);
    CHECK(k.outbox.set_aside_ratings() == 3);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    SendLoopSummary later = k.sender.send_pending();
    CHECK(later.brought_back == 1);
    CHECK(later.delivered == 1);
    CHECK(k.outbox.set_aside_ratings() == 0);
    CHECK(k.central.ratings_held() == 3);
}

TEST_CASE("a batch brought back and refused again goes back aside without counting as in a row") {
    SyncSetup k;
    k.sender.set_set_aside_retry_every(std::chrono::milliseconds(100));
    k.rate(1);
    k.central.script({Answer::conflict, Answer::conflict, Answer::conflict, Answer::conflict});
    SendLoopSummary s = k.sender.send_pending([&](const Batch&, const SendResult& r) {
        if (r.outcome == SendOutcome::set_aside) k.rate(1);
    });
    REQUIRE(s.set_aside == 3);
    REQUIRE(s.failed == 1);  // the fourth waits: three in a row
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    k.central.script({Answer::conflict, Answer::conflict, Answer::conflict});
    SendLoopSummary again = k.sender.send_pending();
    CHECK(again.brought_back == 3);
    CHECK(again.set_aside == 3);  // refused again: back aside, and the queue behind them still moves
    CHECK(again.delivered == 1);
    CHECK(again.failed == 0);
    CHECK(k.count("SELECT count(*) FROM batches WHERE state = 'set-aside'") == 3);
}

TEST_CASE("set-aside batches come back at the first sync of a new program version") {
    SyncSetup k;
    k.rate(2);
    k.central.script({Answer::conflict});
    CHECK(k.sender.send_pending().set_aside == 1);
    // The kiosk restarts on a new version: a new sender, whose first round offers them again.
    SyncSender updated(k.sync, {"kiosk-7", "0.4.0", "sha-256=abc", k.database}, k.key, k.outbox);
    SendLoopSummary s = updated.send_pending();
    CHECK(s.brought_back == 1);
    CHECK(s.delivered == 1);
    CHECK(k.central.ratings_held() == 2);
}

TEST_CASE("a set-aside batch offered again while the store cannot be reached goes back aside") {
    SyncSetup k;
    k.rate(2);
    k.central.script({Answer::conflict});
    CHECK(k.sender.send_pending().set_aside == 1);
    k.rate(1);
    k.sync.url = "http://127.0.0.1:1";  // nothing listens on port 1
    SyncSender cut_off(k.sync, {"kiosk-7", "0.3.0", "sha-256=abc", k.database}, k.key, k.outbox);
    SendLoopSummary s = cut_off.send_pending();
    CHECK(s.brought_back == 1);
    CHECK(s.failed == 1);
    CHECK(k.outbox.set_aside_ratings() == 2);  // not left pending at the head of the queue
    CHECK(k.outbox.pending_ratings() == 1);
}

TEST_CASE("a forged 401 stale-timestamp does not change the clock offset") {
    SyncSetup k;
    k.rate(1);
    auto batch = k.outbox.next(k.now);
    REQUIRE(batch);
    k.central.script({Answer::forged_stale_timestamp});
    SendResult r = k.sender.send(*batch);
    INFO(r.message);
    CHECK(r.outcome == SendOutcome::retry_later);
    CHECK(k.sender.clock_offset_s() == 0);
    CHECK(k.central.batch_requests() == 1);  // not retried at once with a forged time either
    CHECK(k.count("SELECT count(*) FROM alerts WHERE kind = 'clock-skew'") == 0);
    CHECK(k.sql("SELECT kind FROM alerts ORDER BY id DESC LIMIT 1") == "untrusted-refusal");
    CHECK(k.sender.send(*batch).outcome == SendOutcome::delivered);
}

TEST_CASE("no clock-skew alert for a clock that is not off, and the alert states the real figure") {
    SyncSetup k;
    k.central.clock_ahead_s = 7200;  // the kiosk's clock is two hours behind the store's
    REQUIRE(k.sender.heartbeat(1).outcome == SendOutcome::delivered);
    CHECK(k.count("SELECT count(*) FROM alerts WHERE kind = 'clock-skew'") == 1);
    CHECK_THAT(k.sql("SELECT message FROM alerts WHERE kind = 'clock-skew'"),
               Catch::Matches("this kiosk's clock is 7(199|200|201) s behind .*"));
    // The store's clock is put right: the learnt offset is now wrong, the store says so, and the
    // kiosk's own clock is 0 s off: the offset goes, with no alert saying "0 s off".
    k.central.clock_ahead_s = 0;
    REQUIRE(k.sender.heartbeat(2).outcome == SendOutcome::delivered);
    CHECK(std::llabs(k.sender.clock_offset_s()) <= 2);
    CHECK(k.count("SELECT count(*) FROM alerts WHERE kind = 'clock-skew'") == 1);
}
