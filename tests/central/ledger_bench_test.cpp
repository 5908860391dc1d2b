// How fast the ledger stores 1 000-rating batches, beside the backend's raw insert rate into a copy
// of the ratings table (same columns, keys and indexes). Hidden by default: run with
//   ledger_tests "[.bench]"
#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "ledger_test_backends.hpp"

namespace {

constexpr int bench_batches = 20;
constexpr int bench_batch_size = 1000;

using Clock = std::chrono::steady_clock;

double per_second(int count, Clock::duration elapsed) {
    return count / std::chrono::duration<double>(elapsed).count();
}

template <class Backend>
double ledger_rate(Backend& backend) {
    auto ledger = backend.open();
    ledger->migrate();
    ledger->enrol("kiosk-7", "key", 0);
    const auto start = Clock::now();
    for (int b = 0; b < bench_batches; ++b) {
        const auto first = std::int64_t{b} * bench_batch_size + 1;
        const auto batch =
            sample_batch("b-" + std::to_string(b), "kiosk-7", first, first + bench_batch_size - 1);
        REQUIRE(ledger->store_batch(batch, sample_now_ms).accepted == bench_batch_size);
    }
    return per_second(bench_batches * bench_batch_size, Clock::now() - start);
}

// One rating as the 21 columns of the raw table, in order; `synchronised` is the backend's "true".
std::vector<std::string> raw_row(const central::IncomingRating& r, const char* synchronised) {
    return {"kiosk-7",
            r.id,
            "b",
            std::to_string(r.seq),
            r.reference,
            r.site,
            r.counter,
            *r.service,
            r.language,
            R"(["bsc1","bsc4","waiting-time"])",
            R"({"bsc1":4,"bsc4":0,"waiting-time":5})",
            std::to_string(*r.grade),
            r.started,
            r.finished,
            "0",
            synchronised,
            r.end_reason,
            "0",
            r.program_version,
            r.config_digest,
            "0"};
}

// The same rows, as plain INSERTs of one prepared statement in one transaction per 1 000.
double sqlite_raw_rate(SqliteBackend& backend) {
    SQLite::Database db(backend.dir.file("central.db"), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA synchronous=FULL");
    db.exec(
        "CREATE TABLE raw_ratings(kiosk_id TEXT NOT NULL, id TEXT NOT NULL, batch_id TEXT NOT NULL, seq "
        "INTEGER "
        "NOT NULL, reference TEXT NOT NULL, site TEXT NOT NULL, counter TEXT NOT NULL, service TEXT, "
        "language TEXT "
        "NOT NULL, norms_asked TEXT NOT NULL, answers TEXT NOT NULL, grade INTEGER, started TEXT NOT NULL, "
        "finished "
        "TEXT NOT NULL, finished_ms INTEGER, clock_synchronised INTEGER NOT NULL, end_reason TEXT NOT NULL, "
        "flags "
        "INTEGER NOT NULL, program_version TEXT NOT NULL, config_digest TEXT NOT NULL, received_ms INTEGER "
        "NOT NULL, "
        "PRIMARY KEY (kiosk_id, id));"
        "CREATE INDEX raw_by_seq ON raw_ratings(kiosk_id, seq); CREATE INDEX raw_by_finished ON "
        "raw_ratings(finished_ms);");
    SQLite::Statement insert(db,
                             "INSERT INTO raw_ratings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const auto start = Clock::now();
    for (int b = 0; b < bench_batches; ++b) {
        db.exec("BEGIN");
        for (int i = 0; i < bench_batch_size; ++i) {
            const auto r = sample_rating(std::int64_t{b} * bench_batch_size + i + 1);
            insert.reset();
            int c = 0;
            for (const std::string& text : raw_row(r, "1")) {
                insert.bind(++c, text);
            }
            insert.exec();
        }
        db.exec("COMMIT");
    }
    return per_second(bench_batches * bench_batch_size, Clock::now() - start);
}

// The same rows as one multi-row INSERT ... VALUES ($1, ...), (...) per 1 000 (21 000 parameters).
double postgresql_raw_rate(PostgresqlBackend& backend) {
    pg_query(backend.url, "CREATE TABLE raw_ratings (LIKE ratings INCLUDING ALL)");
    PGconn* conn = PQconnectdb(backend.url.c_str());
    REQUIRE(PQstatus(conn) == CONNECTION_OK);
    std::string sql =
        "INSERT INTO raw_ratings(kiosk_id, id, batch_id, seq, reference, site, counter, service, "
        "language, norms_asked, answers, grade, started, finished, finished_ms, clock_synchronised, "
        "end_reason, flags, program_version, config_digest, received_ms) VALUES ";
    for (int i = 0; i < bench_batch_size; ++i) {
        sql += i == 0 ? "(" : ",(";
        for (int c = 1; c <= 21; ++c) sql += (c == 1 ? "$" : ",$") + std::to_string(i * 21 + c);
        sql += ")";
    }
    const auto start = Clock::now();
    for (int b = 0; b < bench_batches; ++b) {
        std::vector<std::string> values;
        for (int i = 0; i < bench_batch_size; ++i) {
            const auto r = sample_rating(std::int64_t{b} * bench_batch_size + i + 1);
            for (const std::string& text : raw_row(r, "t")) {
                values.push_back(text);
            }
        }
        std::vector<const char*> pointers;
        for (const auto& v : values) pointers.push_back(v.c_str());
        PGresult* result = PQexecParams(conn, sql.c_str(), static_cast<int>(pointers.size()), nullptr,
                                        pointers.data(), nullptr, nullptr, 0);
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        REQUIRE(ok);
    }
    const auto rate = per_second(bench_batches * bench_batch_size, Clock::now() - start);
    PQfinish(conn);
    return rate;
}

}  // namespace

TEST_CASE("bench: 1000-rating batches through the ledger against raw inserts", "[.bench]") {
    {
        SqliteBackend backend;
        const double ledger = ledger_rate(backend);
        const double raw = sqlite_raw_rate(backend);
        std::printf("sqlite:     ledger %8.0f ratings/s, raw insert %8.0f ratings/s (%.0f %%)\n", ledger, raw,
                    100 * ledger / raw);
    }
    {
        PostgresqlBackend backend;
        const double ledger = ledger_rate(backend);
        const double raw = postgresql_raw_rate(backend);
        std::printf("postgresql: ledger %8.0f ratings/s, raw insert %8.0f ratings/s (%.0f %%)\n", ledger, raw,
                    100 * ledger / raw);
    }
}
