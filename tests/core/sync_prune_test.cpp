// Pruning: ratings the store acknowledged long ago are deleted with their answers; nothing unsent is
// ever deleted, and the newest rating stays (the next seq is counted from it).
#include <catch2/catch.hpp>

#include "prune.hpp"
#include "sync_setup.hpp"

using namespace kiosk;

TEST_CASE("prune deletes only ratings delivered more than keep_days ago") {
    SyncSetup k;
    const std::int64_t day = 24LL * 3600 * 1000;
    std::int64_t start = k.now - 500 * day;
    auto rate_at = [&](std::int64_t at, int n) {
        for (int i = 0; i < n; ++i)
            REQUIRE(k.store.save(finished_visit(at + i * 60000), at + i * 60000 + 20000));
    };
    rate_at(start, 3);  // seq 1-3: old, delivered
    auto delivered_old = k.outbox.next(start);
    REQUIRE(delivered_old);
    k.outbox.delivered(delivered_old->id, "{}");
    rate_at(start + day, 2);  // seq 4-5: old, set aside by the store
    auto aside = k.outbox.next(start);
    REQUIRE(aside);
    k.outbox.set_aside(aside->id, "400");
    rate_at(start + 2 * day, 2);  // seq 6-7: old, in a batch still pending
    auto waiting = k.outbox.next(start);
    REQUIRE(waiting);
    k.outbox.set_aside(waiting->id, "out of the way while the next batch is built");
    rate_at(k.now - 10 * day, 2);  // seq 8-9: recent, delivered
    auto recent = k.outbox.next(k.now);
    REQUIRE(recent);
    REQUIRE(recent->first_seq == 8);
    k.outbox.delivered(recent->id, "{}");
    rate_at(start + 3 * day, 1);  // seq 10: finished long ago, in no batch yet
    rate_at(k.now, 1);            // seq 11
    REQUIRE(k.outbox.retry_set_aside() == 2);
    k.outbox.set_aside(aside->id, "400");

    PruneResult pruned = k.outbox.prune_delivered(k.now, 400);
    CHECK(pruned.ratings == 3);
    CHECK(pruned.batches == 1);
    CHECK(k.sql("SELECT group_concat(seq) FROM (SELECT seq FROM ratings ORDER BY seq)") ==
          "4,5,6,7,8,9,10,11");
    CHECK(k.count("SELECT count(*) FROM answers WHERE rating_id NOT IN (SELECT id FROM ratings)") == 0);
    CHECK(k.count("SELECT count(*) FROM answers") == 16);
    CHECK(k.count("SELECT count(*) FROM batches WHERE id = '" + delivered_old->id + "'") == 0);
    CHECK(k.outbox.prune_delivered(k.now, 400).ratings == 0);  // nothing more to do
}

TEST_CASE("prune keeps the newest rating however old so seq never repeats") {
    SyncSetup k;
    const std::int64_t day = 24LL * 3600 * 1000;
    std::int64_t long_ago = k.now - 900 * day;
    for (int i = 0; i < 3; ++i)
        REQUIRE(k.store.save(finished_visit(long_ago + i * 60000), long_ago + i * 60000 + 20000));
    auto batch = k.outbox.next(long_ago);
    REQUIRE(batch);
    k.outbox.delivered(batch->id, "{}");
    CHECK(k.outbox.prune_delivered(k.now, 400).ratings == 2);
    CHECK(k.sql("SELECT group_concat(seq) FROM ratings") == "3");
    k.rate(1);
    CHECK(k.sql("SELECT max(seq) FROM ratings") == "4");
}
