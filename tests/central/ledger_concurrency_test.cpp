// Many requests at once on the same batch or the same ratings, as when a kiosk retries while its first
// request is still being stored, or two instances of the store take one each: the unique keys decide,
// and every request gets an answer like a retry's, never an exception.
#include <catch2/catch.hpp>
#include <latch>
#include <mutex>
#include <optional>
#include <thread>

#include "ledger_test_backends.hpp"

using central::BatchOutcome;

namespace {

constexpr int request_count = 50;
constexpr int batch_size = 200;

// Runs `store(i)` on `request_count` threads released together; collects outcomes and exception texts.
template <class Store>
std::pair<std::vector<BatchOutcome>, std::vector<std::string>> all_at_once(Store&& store) {
    std::vector<BatchOutcome> outcomes;
    std::vector<std::string> errors;
    std::mutex mutex;
    std::latch start(request_count);
    std::vector<std::thread> threads;
    for (int i = 0; i < request_count; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            try {
                const auto outcome = store(i);
                std::lock_guard lock(mutex);
                outcomes.push_back(outcome);
            } catch (const std::exception& e) {
                std::lock_guard lock(mutex);
                errors.emplace_back(e.what());
            }
        });
    }
    for (auto& thread : threads) thread.join();
    return {outcomes, errors};
}

}  // namespace

TEMPLATE_TEST_CASE("fifty identical requests at once store the batch once and answer the rest as retries",
                   "[ledger]", SqliteBackend, PostgresqlBackend) {
    TestType backend;
    // Two ledgers on one database: two instances of the store behind a load balancer.
    auto first_instance = backend.open(8);
    first_instance->migrate();
    auto second_instance = backend.open(8);
    first_instance->enrol("kiosk-7", "key", 0);
    const auto batch = sample_batch("b-1", "kiosk-7", 1, 100);

    auto [outcomes, errors] = all_at_once([&](int i) {
        auto& ledger = i % 2 == 0 ? *first_instance : *second_instance;
        return ledger.store_batch(batch, sample_now_ms + i);
    });
    CHECK(errors == std::vector<std::string>{});
    REQUIRE(outcomes.size() == request_count);
    int stored = 0;
    std::int64_t received_ms = -1;
    for (const auto& outcome : outcomes) {
        if (outcome.kind == BatchOutcome::Kind::stored) {
            ++stored;
            received_ms = outcome.received_ms;
        }
        CHECK(outcome.kind != BatchOutcome::Kind::conflict);
        CHECK(outcome.accepted == 100);
        CHECK(outcome.already_present == 0);
    }
    CHECK(stored == 1);
    for (const auto& outcome : outcomes) CHECK(outcome.received_ms == received_ms);
    CHECK(backend.query("SELECT count(*) FROM ratings") == "100");
    CHECK(backend.query("SELECT count(*) FROM batches") == "1");
}

TEMPLATE_TEST_CASE("fifty batches sharing ratings at once count each rating once", "[ledger]", SqliteBackend,
                   PostgresqlBackend) {
    TestType backend;
    auto first_instance = backend.open(8);
    first_instance->migrate();
    auto second_instance = backend.open(8);
    first_instance->enrol("kiosk-7", "key", 0);
    // Batch i holds seq i+1 .. i+200: each shares 199 ratings with its neighbour. Every other batch lists
    // its ratings backwards, so two transactions meet the shared rows in opposite orders.
    std::vector<central::IncomingBatch> batches;
    for (int i = 0; i < request_count; ++i) {
        auto batch = sample_batch("b-" + std::to_string(i), "kiosk-7", i + 1, i + batch_size);
        if (i % 2 == 1) std::reverse(batch.ratings.begin(), batch.ratings.end());
        batches.push_back(std::move(batch));
    }

    auto [outcomes, errors] = all_at_once([&](int i) {
        auto& ledger = i % 2 == 0 ? *first_instance : *second_instance;
        return ledger.store_batch(batches[static_cast<std::size_t>(i)], sample_now_ms);
    });
    CHECK(errors == std::vector<std::string>{});
    REQUIRE(outcomes.size() == request_count);
    int accepted = 0;
    for (const auto& outcome : outcomes) {
        CHECK(outcome.kind == BatchOutcome::Kind::stored);
        CHECK(outcome.accepted + outcome.already_present == batch_size);
        accepted += outcome.accepted;
    }
    const int distinct = request_count - 1 + batch_size;
    CHECK(accepted == distinct);
    CHECK(backend.query("SELECT count(*) FROM ratings") == std::to_string(distinct));
    CHECK(backend.query("SELECT sum(accepted) FROM batches") == std::to_string(distinct));
}

TEMPLATE_TEST_CASE("a batch that fails among many stored at once fails alone", "[ledger]", SqliteBackend,
                   PostgresqlBackend) {
    TestType backend;
    auto ledger = backend.open(8);
    ledger->migrate();
    ledger->enrol("kiosk-7", "key", 0);
    // Every tenth batch names a kiosk that is not enrolled: the database refuses it. SQLite's ledger writes
    // the batches waiting for the writer in one transaction (group commit), so the refused batch shares a
    // transaction with good ones: they must be stored all the same, and it must leave nothing behind.
    std::vector<central::IncomingBatch> batches;
    for (int i = 0; i < request_count; ++i) {
        const bool bad = i % 10 == 0;
        batches.push_back(sample_batch((bad ? "b-bad-" : "b-") + std::to_string(i),
                                       bad ? "kiosk-unknown" : "kiosk-7", i * batch_size + 1,
                                       (i + 1) * batch_size));
    }
    for (int round = 0; round < 3; ++round) {
        auto [outcomes, errors] = all_at_once(
            [&](int i) { return ledger->store_batch(batches[static_cast<std::size_t>(i)], sample_now_ms); });
        INFO("round " << round);
        REQUIRE(errors.size() == request_count / 10);
        for (const auto& error : errors) CHECK(error.find("b-bad-") != std::string::npos);
        REQUIRE(outcomes.size() == request_count - request_count / 10);
        for (const auto& outcome : outcomes) {
            CHECK(outcome.kind == (round == 0 ? BatchOutcome::Kind::stored : BatchOutcome::Kind::retry));
            CHECK(outcome.accepted == batch_size);
        }
    }
    const int good = request_count - request_count / 10;
    CHECK(backend.query("SELECT count(*) FROM ratings") == std::to_string(good * batch_size));
    CHECK(backend.query("SELECT count(*) FROM batches") == std::to_string(good));
    CHECK(backend.query("SELECT count(*) FROM ratings WHERE kiosk_id = 'kiosk-unknown'") == "0");
}

TEST_CASE("a SQLite write waits out another writer that holds the lock past the busy timeout", "[ledger]") {
    SqliteBackend backend;
    auto ledger = backend.open();
    ledger->migrate();
    ledger->enrol("kiosk-7", "key", 0);
    // Another process's long write (a backup, an IT query left open): it holds the writer lock longer
    // than one statement's busy timeout (2 s); the batch must be stored once it lets go, not refused.
    SQLite::Database other(backend.dir.file("central.db"), SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    std::optional<BatchOutcome> outcome;
    std::string error;
    std::thread request([&] {
        try {
            outcome = ledger->store_batch(sample_batch("b-1", "kiosk-7", 1, 3), sample_now_ms);
        } catch (const std::exception& e) {
            error = e.what();
        }
    });
    std::this_thread::sleep_for(std::chrono::seconds(3));
    other.exec("COMMIT");
    request.join();
    CHECK(error == "");
    REQUIRE(outcome.has_value());
    CHECK(outcome->accepted == 3);
}
