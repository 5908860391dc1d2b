// The sync worker: sends in the background and retries a failing store; stops promptly whatever it is
// doing (a transfer to a store that does not answer, a wait of an hour), so the kiosk can stop.
#include "sync_worker.hpp"

#include <catch2/catch.hpp>
#include <future>

#include "kiosk.hpp"
#include "kiosk_probe.hpp"
#include "small_kiosk.hpp"
#include "sync_setup.hpp"

using namespace kiosk;
using fake_store::Answer;

namespace {

SyncPacing fast() {
    SyncPacing p;
    p.backoff_base = std::chrono::milliseconds(50);
    p.backoff_cap = std::chrono::milliseconds(500);
    p.heartbeat_every = std::chrono::milliseconds(300);
    p.look_every = std::chrono::milliseconds(50);
    return p;
}

KioskConfig config_for(const SyncSetup& k) {
    KioskConfig c;
    c.kiosk_id = "kiosk-7";
    c.database = k.database;
    c.config_digest = "sha-256=abc";
    c.sync = k.sync;
    return c;
}

template <class Condition>
bool eventually(Condition condition) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return condition();
}

// Destroys the worker on another thread; true when that returned within a generous deadline (a
// worker that waits for the transfer, or sleeps through its backoff, does not).
bool stops_while_blocked(std::unique_ptr<SyncWorker>& worker) {
    auto stopped = std::async(std::launch::async, [&] { worker.reset(); });
    return stopped.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
}

}  // namespace

TEST_CASE("the worker delivers in the background through server errors and sends heartbeats") {
    SyncSetup k;
    k.rate(20);
    k.central.script({Answer::server_error, Answer::unavailable, Answer::server_error});
    KioskConfig config = config_for(k);
    SyncPacing pacing = fast();
    pacing.backoff_cap = std::chrono::milliseconds(200);
    {
        SyncWorker worker(config, k.key, pacing);
        // 503's Retry-After of 7 s is honoured: the store sees the batch again only after it.
        CHECK(eventually([&] { return k.outbox.pending_ratings() == 0; }));
        CHECK(k.central.ratings_held() == 20);
        k.rate(5);  // a visit ends while the worker runs: picked up at its next look
        CHECK(eventually([&] { return k.outbox.pending_ratings() == 0; }));
        CHECK(k.central.ratings_held() == 25);
        CHECK(eventually([&] { return k.central.heartbeats() >= 2; }));
    }
    CHECK(k.sql("SELECT attempts FROM batches ORDER BY first_seq LIMIT 1") == "3");
    CHECK(k.outbox.pending_ratings() == 0);
    CHECK(k.count("SELECT count(*) FROM batches WHERE state != 'sent'") == 0);
}

TEST_CASE("the worker stops promptly while the store does not answer") {
    SyncSetup k;
    k.rate(2);
    k.central.script({Answer::hang});
    KioskConfig config = config_for(k);
    auto worker = std::make_unique<SyncWorker>(config, k.key, fast());
    REQUIRE(eventually([&] { return k.central.hanging() == 1; }));
    bool stopped = stops_while_blocked(worker);
    CHECK(stopped);
    CHECK(k.central.hanging() == 1);  // the store still had not answered when the worker was gone
    k.central.release();
    if (!stopped) worker.reset();
    CHECK(k.sql("SELECT state FROM batches") == "pending");  // abandoned, not lost
}

namespace {

// A worker whose first send got 503 with Retry-After of an hour, now in that wait.
std::unique_ptr<SyncWorker> worker_waiting_an_hour(SyncSetup& k, const KioskConfig& config) {
    k.rate(2);
    k.central.retry_after = "3600";
    k.central.script({Answer::unavailable});
    auto worker = std::make_unique<SyncWorker>(config, k.key, fast());
    REQUIRE(eventually([&] { return k.count("SELECT coalesce(max(attempts), 0) FROM batches") == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // into its wait
    return worker;
}

}  // namespace

TEST_CASE("the worker stops promptly while it waits an hour to retry") {
    SyncSetup k;
    KioskConfig config = config_for(k);
    auto worker = worker_waiting_an_hour(k, config);
    CHECK(stops_while_blocked(worker));
    CHECK(k.central.batch_requests() == 1);
}

TEST_CASE("a poke sends a finished rating at once instead of at the next look") {
    SyncSetup k;
    k.rate(2);
    KioskConfig config = config_for(k);
    SyncPacing pacing = fast();
    pacing.look_every = std::chrono::hours(1);  // without a poke, the next look is an hour away
    pacing.heartbeat_every = std::chrono::hours(1);
    SyncWorker worker(config, k.key, pacing);
    REQUIRE(eventually([&] { return k.outbox.pending_ratings() == 0; }));  // the first look, at start
    std::this_thread::sleep_for(std::chrono::milliseconds(100));           // into its hour's wait
    k.rate(3);                                                             // a visit ends
    worker.poke();
    CHECK(eventually([&] { return k.outbox.pending_ratings() == 0; }));
    CHECK(k.central.ratings_held() == 5);
}

TEST_CASE("a poke does not cut short the wait after a failure") {
    SyncSetup k;
    KioskConfig config = config_for(k);
    auto worker = worker_waiting_an_hour(k, config);
    REQUIRE(k.central.batch_requests() == 1);
    for (int i = 0; i < 5; ++i) {
        k.rate(1);
        worker->poke();  // a busy counter finishing visits while the store is down
    }
    // The look interval is 50 ms: a worker woken by the pokes would have asked again by now.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(k.central.batch_requests() == 1);
    worker.reset();
}

TEST_CASE("a visit that ends is sent at once and not at the worker's next look") {
    TempDir dir;
    KioskConfig c = small_kiosk_config(dir.file("k.db"));
    KioskKey key = KioskKey::load_or_create(key_path_for(c.database));
    fake_store::Store central{fake_store::public_key_of(key)};
    SyncConfig sync;
    sync.url = central.url();
    sync.store_public_key = central.public_key;
    c.sync = sync;
    kiosk::Kiosk kiosk(c, 1);  // the production pacing: the worker looks every 30 s
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // its first look is done
    auto tap = [&](Intent intent) {
        intent.pressed_at = kiosk.steady_now();
        return kiosk.apply(intent);
    };
    REQUIRE(tap({Intent::give_grade, 8}));
    REQUIRE(tap({Intent::stop}));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);  // well before 30 s
    while (central.ratings_held() == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(central.ratings_held() == 1);
}

TEST_CASE("a visit closed by the idle timeout is sent at once and not at the worker's next look") {
    TempDir dir;
    KioskConfig c = small_kiosk_config(dir.file("k.db"));
    KioskKey key = KioskKey::load_or_create(key_path_for(c.database));
    fake_store::Store central{fake_store::public_key_of(key)};
    SyncConfig sync;
    sync.url = central.url();
    sync.store_public_key = central.public_key;
    c.sync = sync;
    kiosk::Kiosk kiosk(c, 1);  // the production pacing: the worker looks every 30 s
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // its first look is done
    Intent grade{Intent::give_grade, 8};
    grade.pressed_at = kiosk.steady_now();
    REQUIRE(kiosk.apply(grade));
    // The citizen walks away: "Are you still there?", then its countdown runs out with no answer.
    kiosk.probe().advance_clock(c.idle_after + std::chrono::seconds(1));
    REQUIRE(kiosk.tick());
    kiosk.probe().advance_clock(c.countdown + std::chrono::seconds(1));
    REQUIRE(kiosk.tick());
    REQUIRE(kiosk.probe().query("SELECT end_reason FROM ratings WHERE state = 'final'") == "timed-out");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);  // well before 30 s
    while (central.ratings_held() == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(central.ratings_held() == 1);
}
