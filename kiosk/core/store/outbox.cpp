#include "outbox.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "identifiers.hpp"
#include "protocol/digest.hpp"
#include "protocol/names.hpp"
#include "protocol/utc_text.hpp"

namespace kiosk {
namespace {

using nlohmann::json;

json optional_text(const SQLite::Column& column) {
    return column.isNull() ? json() : json(column.getString());
}

json ratings_json(SQLite::Database& db, std::int64_t first_seq, std::int64_t last_seq) {
    SQLite::Statement answers(db, "SELECT norm_id, value FROM answers WHERE rating_id = ? ORDER BY norm_id");
    SQLite::Statement q(db, R"sql(
        SELECT id, seq, reference, site, counter, service, language, planned_norms, grade, started_ms,
               finished_ms, clock_synced, end_reason, flags, program_version, config_digest
        FROM ratings WHERE seq BETWEEN ? AND ? ORDER BY seq)sql");
    q.bind(1, static_cast<std::int64_t>(first_seq));
    q.bind(2, static_cast<std::int64_t>(last_seq));
    json list = json::array();
    while (q.executeStep()) {
        json r;
        r["id"] = q.getColumn(0).getString();
        r["seq"] = q.getColumn(1).getInt64();
        r["reference"] = q.getColumn(2).getString();
        r["site"] = q.getColumn(3).getString();
        r["counter"] = q.getColumn(4).getString();
        r["service"] = optional_text(q.getColumn(5));
        r["language"] = q.getColumn(6).getString();
        json norms = json::array();
        std::string planned = q.getColumn(7).getString();
        for (std::size_t at = 0; at < planned.size();) {
            std::size_t comma = planned.find(',', at);
            if (comma == std::string::npos) comma = planned.size();
            norms.push_back(planned.substr(at, comma - at));
            at = comma + 1;
        }
        r["norms_asked"] = norms;
        json given = json::object();
        answers.bind(1, r["id"].get<std::string>());
        while (answers.executeStep()) given[answers.getColumn(0).getString()] = answers.getColumn(1).getInt();
        answers.reset();
        r["answers"] = given;
        r["grade"] = q.getColumn(8).isNull() ? json() : json(q.getColumn(8).getInt());
        r["started"] = protocol::utc_ms_text(q.getColumn(9).getInt64());
        r["finished"] = protocol::utc_ms_text(q.getColumn(10).getInt64());
        r["clock_synchronised"] = q.getColumn(11).getInt() != 0;
        r["end_reason"] = q.getColumn(12).getString();
        r["flags"] = q.getColumn(13).getInt64();
        r["program_version"] = q.getColumn(14).getString();
        r["config_digest"] = q.getColumn(15).getString();
        list.push_back(std::move(r));
    }
    return list;
}

}  // namespace

Outbox::Outbox(const std::string& database_path) {
    try {
        db_ = std::make_unique<SQLite::Database>(database_path,
                                                 SQLite::OPEN_READWRITE | SQLite::OPEN_FULLMUTEX);
        db_->setBusyTimeout(2000);
        db_->exec("PRAGMA synchronous=FULL");  // a batch and its ratings' batch_id are on disk together
        db_->exec("PRAGMA foreign_keys=ON");
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("Unable to open the outbox in " + database_path + ": " + e.what());
    }
}

Outbox::~Outbox() = default;

std::optional<Batch> Outbox::pending() {
    SQLite::Statement q(*db_,
                        "SELECT id, first_seq, last_seq, body, body_digest, attempts FROM batches "
                        "WHERE state = 'pending' ORDER BY first_seq LIMIT 1");
    if (!q.executeStep()) return std::nullopt;
    Batch b;
    b.id = q.getColumn(0).getString();
    b.first_seq = q.getColumn(1).getInt64();
    b.last_seq = q.getColumn(2).getInt64();
    b.ratings = static_cast<int>(b.last_seq - b.first_seq + 1);
    b.body = q.getColumn(3).getString();
    b.body_digest = q.getColumn(4).getString();
    b.attempts = q.getColumn(5).getInt();
    return b;
}

// Reads the oldest unbatched final ratings and builds their body, in a read transaction (a snapshot;
// in WAL mode it neither waits for a tap's write nor makes one wait). Final ratings never change, so
// the body stays right for as long as they are unbatched.
std::optional<Batch> Outbox::build(std::int64_t now_ms, int max_ratings) {
    SQLite::Transaction snapshot(*db_);  // DEFERRED: takes no write lock
    SQLite::Statement range(
        *db_,
        "SELECT min(seq), max(seq), count(*), max(kiosk_id) FROM (SELECT seq, kiosk_id FROM "
        "ratings WHERE state = 'final' AND batch_id IS NULL ORDER BY seq LIMIT ?)");
    range.bind(1, max_ratings);
    range.executeStep();
    if (range.getColumn(0).isNull()) return std::nullopt;
    Batch b;
    b.first_seq = range.getColumn(0).getInt64();
    b.last_seq = range.getColumn(1).getInt64();
    b.ratings = range.getColumn(2).getInt();
    std::string kiosk_id = range.getColumn(3).getString();
    range.reset();
    // seq is given once, in order, without gaps (docs/storage.md): the unbatched ones are the tail.
    assert(b.ratings == b.last_seq - b.first_seq + 1 && "final ratings not yet batched have consecutive seq");
    b.id = make_uuid_v7(now_ms);
    json body = {{"protocol", protocol::body_protocol},
                 {"batch_id", b.id},
                 {"kiosk_id", kiosk_id},
                 {"created", protocol::utc_ms_text(now_ms)},
                 {"first_seq", b.first_seq},
                 {"last_seq", b.last_seq},
                 {"ratings", ratings_json(*db_, b.first_seq, b.last_seq)}};
    snapshot.commit();
    b.body = body.dump();
    b.body_digest = protocol::sha256_field(b.body);
    return b;
}

// The short write transaction: the batch goes in and its ratings are marked, but only when every one
// of them is still in no batch (another sender may have batched them since they were read).
bool Outbox::insert_if_unbatched(const Batch& b, std::int64_t now_ms) {
    auto locked_at = std::chrono::steady_clock::now();
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement still(*db_,
                            "SELECT count(*) FROM ratings WHERE seq BETWEEN ? AND ? AND state = 'final' "
                            "AND batch_id IS NULL");
    still.bind(1, static_cast<std::int64_t>(b.first_seq));
    still.bind(2, static_cast<std::int64_t>(b.last_seq));
    still.executeStep();
    if (still.getColumn(0).getInt64() != b.ratings) return false;  // rolled back by tx's destructor
    still.reset();
    SQLite::Statement insert(
        *db_,
        "INSERT INTO batches(id, first_seq, last_seq, created_ms, body, body_digest, state) "
        "VALUES (?, ?, ?, ?, ?, ?, 'pending')");
    insert.bind(1, b.id);
    insert.bind(2, static_cast<std::int64_t>(b.first_seq));
    insert.bind(3, static_cast<std::int64_t>(b.last_seq));
    insert.bind(4, static_cast<std::int64_t>(now_ms));
    insert.bind(5, b.body.data(), static_cast<int>(b.body.size()));
    insert.bind(6, b.body_digest);
    insert.exec();
    SQLite::Statement mark(*db_, "UPDATE ratings SET batch_id = ? WHERE seq BETWEEN ? AND ?");
    mark.bind(1, b.id);
    mark.bind(2, static_cast<std::int64_t>(b.first_seq));
    mark.bind(3, static_cast<std::int64_t>(b.last_seq));
    mark.exec();
    tx.commit();
    last_write_lock_held_ =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - locked_at);
    return true;
}

std::optional<Batch> Outbox::next(std::int64_t now_ms, int max_ratings) {
    assert(max_ratings >= 1 && max_ratings <= max_ratings_per_batch && "a batch holds 1 to 1 000 ratings");
    for (;;) {
        if (auto waiting = pending()) return waiting;
        auto started = std::chrono::steady_clock::now();
        std::optional<Batch> b = build(now_ms, max_ratings);
        if (!b) return std::nullopt;
        if (b->body.size() > max_body_bytes && b->ratings > 1) {
            // Fewer ratings, in proportion and a tenth to spare; a rating is far below 1 MiB.
            max_ratings = std::max(1, static_cast<int>(static_cast<double>(b->ratings) * max_body_bytes /
                                                       static_cast<double>(b->body.size()) * 0.9));
            max_ratings = std::min(max_ratings, b->ratings - 1);
            continue;
        }
        last_build_time_ =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
        if (before_marking_) before_marking_();
        if (insert_if_unbatched(*b, now_ms)) return b;
        // Batched by another sender meanwhile: its batch is pending now, or the tail moved on.
    }
}

void Outbox::delivered(const std::string& batch_id, const std::string& receipt) {
    SQLite::Statement q(*db_,
                        "UPDATE batches SET state = 'sent', receipt = ?, last_error = NULL WHERE id = ?");
    q.bind(1, receipt);
    q.bind(2, batch_id);
    q.exec();
}

void Outbox::failed_attempt(const std::string& batch_id, const std::string& error) {
    SQLite::Statement q(*db_, "UPDATE batches SET attempts = attempts + 1, last_error = ? WHERE id = ?");
    q.bind(1, error);
    q.bind(2, batch_id);
    q.exec();
}

std::int64_t Outbox::pending_ratings() {
    return db_
        ->execAndGet(
            "SELECT count(*) FROM ratings WHERE state = 'final' AND (batch_id IS NULL OR batch_id IN "
            "(SELECT id FROM batches WHERE state = 'pending'))")
        .getInt64();
}

int Outbox::retry_set_aside() {
    return db_->exec("UPDATE batches SET state = 'pending' WHERE state = 'set-aside'");
}

std::vector<std::string> Outbox::retry_set_aside_ids() {
    std::vector<std::string> ids;
    SQLite::Statement q(*db_, "UPDATE batches SET state = 'pending' WHERE state = 'set-aside' RETURNING id");
    while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
    return ids;
}

void Outbox::set_aside_again(const std::vector<std::string>& ids) {
    SQLite::Statement q(*db_, "UPDATE batches SET state = 'set-aside' WHERE id = ? AND state = 'pending'");
    for (const std::string& id : ids) {
        q.bind(1, id);
        q.exec();
        q.reset();
    }
}

std::int64_t Outbox::set_aside_ratings() {
    return db_
        ->execAndGet(
            "SELECT count(*) FROM ratings WHERE state = 'final' AND batch_id IN "
            "(SELECT id FROM batches WHERE state = 'set-aside')")
        .getInt64();
}

void Outbox::set_aside(const std::string& batch_id, const std::string& problem) {
    SQLite::Statement q(
        *db_, "UPDATE batches SET state = 'set-aside', attempts = attempts + 1, last_error = ? WHERE id = ?");
    q.bind(1, problem);
    q.bind(2, batch_id);
    q.exec();
}

void Outbox::alert(const std::string& kind, const std::string& message, std::int64_t now_ms) {
    store_alert(*db_, kind, message, now_ms);
}

UnreportedAlerts Outbox::unreported_alerts(int limit) { return kiosk::unreported_alerts(*db_, limit); }

void Outbox::mark_alerts_reported(std::int64_t up_to_id) { kiosk::mark_alerts_reported(*db_, up_to_id); }

Outbox::Waiting Outbox::waiting() {
    Waiting w;
    // Final and not acknowledged by a receipt: unbatched, in a pending batch, or set aside.
    SQLite::Statement pending(*db_, R"sql(
        SELECT count(*), min(finished_ms) FROM ratings
        WHERE state = 'final' AND (batch_id IS NULL OR batch_id NOT IN (SELECT id FROM batches WHERE state = 'sent')))sql");
    pending.executeStep();
    w.ratings = pending.getColumn(0).getInt64();
    if (!pending.getColumn(1).isNull()) w.oldest_finished_ms = pending.getColumn(1).getInt64();
    w.last_seq = db_->execAndGet("SELECT coalesce(max(seq), 0) FROM ratings").getInt64();
    return w;
}

PruneResult Outbox::prune_delivered(std::int64_t now_ms, int keep_days) {
    return kiosk::prune_delivered(*db_, now_ms, keep_days);
}

}  // namespace kiosk
