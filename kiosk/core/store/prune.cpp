#include "prune.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <cassert>

namespace kiosk {

PruneResult prune_delivered(SQLite::Database& db, std::int64_t now_ms, int keep_days) {
    assert(keep_days >= 1 && "the configuration check keeps delivered ratings at least a day");
    std::int64_t before_ms = now_ms - std::int64_t{keep_days} * 24 * 3600 * 1000;
    const char* old_delivered = R"sql(
        SELECT r.id FROM ratings r JOIN batches b ON b.id = r.batch_id
        WHERE b.state = 'sent' AND r.state = 'final' AND r.finished_ms < ?1
          AND r.seq < (SELECT max(seq) FROM ratings)
        ORDER BY r.seq LIMIT 500)sql";
    PruneResult result;
    // In chunks of 500, each a short transaction: a citizen's tap waits for the write lock at most a
    // few milliseconds, even on the first prune of a kiosk that kept years of ratings.
    for (;;) {
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement answers(
            db, std::string("DELETE FROM answers WHERE rating_id IN (") + old_delivered + ")");
        answers.bind(1, static_cast<std::int64_t>(before_ms));
        answers.exec();
        SQLite::Statement ratings(db, std::string("DELETE FROM ratings WHERE id IN (") + old_delivered + ")");
        ratings.bind(1, static_cast<std::int64_t>(before_ms));
        int deleted = ratings.exec();
        result.ratings += deleted;
        if (deleted == 0) {
            result.batches = db.exec(
                "DELETE FROM batches WHERE state = 'sent' AND NOT EXISTS "
                "(SELECT 1 FROM ratings WHERE batch_id = batches.id)");
            tx.commit();
            return result;
        }
        tx.commit();
    }
}

}  // namespace kiosk
