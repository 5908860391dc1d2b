// A store threads can share: another connection (the sync worker building a batch, a manager's
// dashboard query) holds a long read transaction while citizens tap, and no tap waits for it.
#include <SQLiteCpp/Database.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "rating_store.hpp"
#include "sample_rating.hpp"
#include "store_reader.hpp"
#include "temp_dir.hpp"

using namespace kiosk;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;

}  // namespace

TEST_CASE("a reader holding a long transaction on a second connection makes none of 100 taps wait") {
    TempDir dir;
    RatingStore store(dir.file("k.db"), {"k", "site", "desk"}, {}, t0, 0);
    REQUIRE(store.save(sample_rating(t0), t0));

    StoreReader reader(dir.file("k.db"));
    reader.database().exec("BEGIN");
    REQUIRE(reader.query_text("SELECT count(*) FROM ratings") == "1");  // the snapshot is taken here

    // Taps on this thread while the reader's thread keeps reading inside its transaction.
    std::atomic<bool> tapping{true};
    std::atomic<int> reads{0};
    std::thread long_read([&] {
        while (tapping) {
            if (reader.query_text("SELECT count(*) FROM ratings") != "1") return;  // must see its snapshot
            ++reads;
        }
    });
    Clock::duration slowest{};
    int saved = 0;
    for (int i = 1; i <= 100; ++i) {
        auto begun = Clock::now();
        Rating r = sample_rating(t0 + i * 1000);
        saved += store.save(r, t0 + i * 1000) ? 1 : 0;
        slowest = std::max(slowest, Clock::now() - begun);
    }
    tapping = false;
    long_read.join();
    auto slowest_ms = std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count();
    INFO("slowest save " << slowest_ms << " ms; the reader read " << reads << " times meanwhile");
    CHECK(saved == 100);
    // A save that waited for the reader would wait the store's 2 s busy timeout, then fail.
    CHECK(slowest_ms < 1000);
    CHECK(reads > 0);
    CHECK(reader.query_text("SELECT count(*) FROM ratings") == "1");  // still the snapshot it began with
    reader.database().exec("COMMIT");
    CHECK(reader.query_text("SELECT count(*) FROM ratings") == "101");
}

TEST_CASE("a reader opened while the kiosk runs sees every rating saved so far") {
    TempDir dir;
    RatingStore store(dir.file("k.db"), {"k", "site", "desk"}, {}, t0, 0);
    for (int i = 0; i < 5; ++i) REQUIRE(store.save(sample_rating(t0 + i), t0 + i));
    StoreReader reader(dir.file("k.db"));
    CHECK(reader.query_text("SELECT count(*) FROM ratings") == "5");
    CHECK_THROWS_WITH(reader.database().exec("DELETE FROM ratings"), Catch::Contains("readonly"));
}
