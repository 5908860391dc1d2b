// A tap's save never fails or waits long because another connection writes the same database: the sync
// worker (build, mark, deliver, prune) or `kiosk sync-now` beside the kiosk. Before, a tap's deferred
// transaction read, then tried to write, and met SQLITE_BUSY_SNAPSHOT whenever the other writer had
// committed in between: "out of order" for the citizen.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "kiosk.hpp"
#include "outbox.hpp"
#include "prune.hpp"
#include "rating_store.hpp"
#include "sample_rating.hpp"
#include "small_kiosk.hpp"
#include "temp_dir.hpp"

using namespace kiosk;
using namespace std::chrono;

TEST_CASE(
    "4 000 tap saves while the sync worker builds, marks, delivers and prunes without pause: none fails") {
    TempDir dir;
    std::string path = dir.file("k.db");
    constexpr std::int64_t t0 = 1'700'000'000'000;
    RatingStore store(path, {"kiosk-7", "Town hall", "Desk 2"}, {1000, 1}, t0, 0);

    std::atomic<bool> taps_done{false};
    long worker_rounds = 0, worker_timeouts = 0, delivered = 0, pruned = 0;
    std::thread worker([&] {
        Outbox outbox(path);
        while (!taps_done) {
            // Every round writes: a batch built and marked, a failed try, its delivery, and a prune.
            // Taps back to back leave the worker little room, so it may time out on the lock; the real
            // worker then tries again later, as this loop does.
            try {
                if (auto batch = outbox.next(t0, 50)) {
                    outbox.failed_attempt(batch->id, "the store is down");
                    outbox.delivered(batch->id, "receipt");
                    delivered += batch->ratings;
                }
                pruned += outbox.prune_delivered(t0 + 10LL * 24 * 3600 * 1000, 1).ratings;
                ++worker_rounds;
            } catch (const SQLite::Exception&) {
                ++worker_timeouts;
            }
        }
    });

    constexpr int saves = 4000;  // 2 000 visits, thousands of worker rounds beside them
    std::vector<double> save_ms;
    save_ms.reserve(saves);
    int failed = 0;
    for (int i = 0; i < saves / 2; ++i) {
        // A breath between visits, far less than a citizen's: back to back, the taps would hold the
        // lock nearly all the time and the worker would hardly get a turn to write beside them.
        std::this_thread::sleep_for(milliseconds(1));
        std::int64_t at = t0 + i * 1000;
        Rating visit = sample_rating(at);  // the grade: the first tap
        for (bool final : {false, true}) {
            if (final) {
                visit.state = RatingState::final;
                visit.end_reason = EndReason::completed;
                visit.finished_ms = at + 500;
            }
            auto started = steady_clock::now();
            if (!store.save(visit, at)) ++failed;
            save_ms.push_back(duration<double, std::milli>(steady_clock::now() - started).count());
        }
    }
    taps_done = true;
    worker.join();

    std::sort(save_ms.begin(), save_ms.end());
    std::printf(
        "tap saves beside the sync worker: %d saves, %d failed, median %.2f ms, p99 %.2f ms, max %.2f ms; "
        "worker: %ld rounds (%ld timed out on the lock), %ld ratings delivered, %ld pruned\n",
        saves, failed, save_ms[saves / 2], save_ms[saves * 99 / 100], save_ms.back(), worker_rounds,
        worker_timeouts, delivered, pruned);
    CHECK(failed == 0);
    CHECK(worker_rounds > 100);  // the worker really wrote beside the taps all along
    CHECK(store.query_text("SELECT max(seq) FROM ratings") == std::to_string(saves / 2));
    CHECK(store.alerts().empty());
}

TEST_CASE("a tap waits for another writer's transaction instead of failing") {
    TempDir dir;
    std::string path = dir.file("k.db");
    constexpr std::int64_t t0 = 1'700'000'000'000;
    RatingStore store(path, {"kiosk-7", "Town hall", "Desk 2"}, {}, t0, 0);
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    auto tx = std::make_unique<SQLite::Transaction>(other, SQLite::TransactionBehavior::IMMEDIATE);
    std::thread release([&] {
        std::this_thread::sleep_for(milliseconds(300));
        tx->commit();
    });
    auto started = steady_clock::now();
    CHECK(store.save(sample_rating(t0, true), t0));
    auto waited = duration_cast<milliseconds>(steady_clock::now() - started);
    release.join();
    CHECK(waited >= milliseconds(250));  // it did meet the lock, and waited it out
}

TEST_CASE(
    "out of order ends by itself once saves succeed again, and the visit it cut off is final with the next "
    "seq") {
    TempDir dir;
    KioskConfig c = small_kiosk_config(dir.file("k.db"));
    c.reserve_bytes = 0;
    Kiosk kiosk(c, 1);
    auto tap = [&](Intent intent) {
        intent.pressed_at = kiosk.steady_now();
        return kiosk.apply(intent);
    };
    REQUIRE(tap({Intent::give_grade, 9}));
    REQUIRE(tap({Intent::stop}));  // seq 1
    REQUIRE(tap({Intent::finish}));
    REQUIRE(tap({Intent::give_grade, 4}));
    REQUIRE(kiosk.flow().screen() == Screen::norm);

    // Another writer holds the database longer than a tap waits (2 s), and lets go while the store
    // retries at once: the answer gets written after all, but the citizen was shown "out of order".
    SQLite::Database other(c.database, SQLite::OPEN_READWRITE);
    auto held = std::make_unique<SQLite::Transaction>(other, SQLite::TransactionBehavior::IMMEDIATE);
    std::thread release([&] {
        std::this_thread::sleep_for(milliseconds(2500));
        held->commit();
    });
    tap({Intent::answer_norm, 3});
    release.join();
    REQUIRE(kiosk.flow().screen() == Screen::out_of_order);

    auto deadline = steady_clock::now() + seconds(15);
    while (kiosk.flow().screen() == Screen::out_of_order && steady_clock::now() < deadline) {
        kiosk.tick();
        std::this_thread::sleep_for(milliseconds(50));
    }
    CHECK(kiosk.flow().screen() == Screen::welcome);
    SQLite::Database check(c.database, SQLite::OPEN_READONLY);
    CHECK(
        check
            .execAndGet("SELECT group_concat(seq || ':' || state || ':' || end_reason || ':' || grade, ' ') "
                        "FROM (SELECT * FROM ratings ORDER BY seq)")
            .getString() == "1:final:stopped:9 2:final:abandoned:4");
    CHECK(
        check
            .execAndGet("SELECT count(*) FROM answers a JOIN ratings r ON r.id = a.rating_id WHERE r.seq = 2")
            .getInt() == 1);                // the answer the citizen gave before "out of order" is kept
    REQUIRE(tap({Intent::give_grade, 7}));  // the next citizen is served
}
