// The two ledger backends as test fixtures, so each promise runs on both (TEMPLATE_TEST_CASE): each
// gives a fresh, empty database URL, and raw SQL access for checking what the ledger wrote. Also
// sample batches.
#pragma once
#include <SQLiteCpp/Database.h>
#include <libpq-fe.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "../core/temp_dir.hpp"
#include "ledger.hpp"
#include "pg_fixture.hpp"

struct SqliteBackend {
    TempDir dir;
    std::string url = "sqlite:" + dir.file("central.db");
    std::string backend_name() const { return "sqlite"; }

    std::unique_ptr<central::Ledger> open(int pool_size = 8) { return central::open_ledger(url, pool_size); }
    // The first column of the first row as text ("" when NULL or no row).
    std::string query(const std::string& sql) {
        SQLite::Database db(dir.file("central.db"), SQLite::OPEN_READWRITE);
        SQLite::Statement statement(db, sql);
        if (!statement.executeStep() || statement.getColumn(0).isNull()) return "";
        return statement.getColumn(0).getString();
    }
    void execute(const std::string& sql) {
        SQLite::Database db(dir.file("central.db"), SQLite::OPEN_READWRITE);
        db.exec(sql);
    }
};

// The first column of the first row as text ("" when NULL or no row), on the database at `url`.
inline std::string pg_query(const std::string& url, const std::string& sql) {
    PGconn* conn = PQconnectdb(url.c_str());
    PGresult* result = PQexec(conn, sql.c_str());
    const auto status = PQresultStatus(result);
    std::string value;
    const std::string error = PQerrorMessage(conn);
    if (status == PGRES_TUPLES_OK && PQntuples(result) > 0 && !PQgetisnull(result, 0, 0)) {
        value = PQgetvalue(result, 0, 0);
    }
    PQclear(result);
    PQfinish(conn);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) throw std::runtime_error(sql + ": " + error);
    return value;
}

struct PostgresqlBackend {
    std::string url = pg_cluster().fresh_database();
    PostgresqlBackend() = default;
    PostgresqlBackend(const PostgresqlBackend&) = delete;
    PostgresqlBackend& operator=(const PostgresqlBackend&) = delete;
    ~PostgresqlBackend() { pg_cluster().drop_database(url); }
    std::string backend_name() const { return "postgresql"; }

    std::unique_ptr<central::Ledger> open(int pool_size = 8) { return central::open_ledger(url, pool_size); }
    std::string query(const std::string& sql) { return pg_query(url, sql); }
    void execute(const std::string& sql) { query(sql); }
};

// A rating with seq `seq` and id "r-<seq>", finished on `day` ("YYYY-MM-DD") at 09:00 + seq seconds.
inline central::IncomingRating sample_rating(std::int64_t seq, const std::string& day = "2026-11-30") {
    central::IncomingRating r;
    r.id = "r-" + std::to_string(seq);
    r.seq = seq;
    r.reference = "REF-" + std::to_string(seq);
    r.site = "Town hall";
    r.counter = "Desk 2";
    r.service = "moving";
    r.language = "nl";
    r.norms_asked = {"bsc1", "bsc4", "waiting-time"};
    r.answers = {{"bsc1", 4}, {"bsc4", 0}, {"waiting-time", 5}};
    r.grade = 8;
    r.started = day + "T09:00:00.000Z";
    const auto second = seq % 60;
    r.finished = day + "T09:" + std::string(seq % 3600 / 60 < 10 ? "0" : "") +
                 std::to_string(seq % 3600 / 60) + ":" + (second < 10 ? "0" : "") + std::to_string(second) +
                 ".120Z";
    r.clock_synchronised = true;
    r.end_reason = "completed";
    r.flags = 0;
    r.program_version = "0.3.0";
    r.config_digest = "sha-256=config";
    return r;
}

// A batch of the ratings first..last of `kiosk`; its digest names the batch and its range, so the same
// arguments give the same digest (a retry) and a `variant` gives another (a conflict).
inline central::IncomingBatch sample_batch(const std::string& batch_id, const std::string& kiosk,
                                           std::int64_t first, std::int64_t last,
                                           const std::string& variant = "") {
    central::IncomingBatch b;
    b.batch_id = batch_id;
    b.kiosk_id = kiosk;
    b.first_seq = first;
    b.last_seq = last;
    for (auto seq = first; seq <= last; ++seq) b.ratings.push_back(sample_rating(seq));
    b.body = "{\"batch_id\":\"" + batch_id + "\",\"first\":" + std::to_string(first) +
             ",\"last\":" + std::to_string(last) + ",\"variant\":\"" + variant + "\"}";
    b.body_digest =
        "sha-256=" + batch_id + "/" + std::to_string(first) + "-" + std::to_string(last) + variant;
    return b;
}

constexpr std::int64_t sample_now_ms = 1796029300000;  // 2026-11-30T09:01:40Z
