#include "rating_store.hpp"

#include <SQLiteCpp/Transaction.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "identifiers.hpp"
#include "log.hpp"
#include "utc_text.hpp"

namespace kiosk {
namespace {

// Forward migrations: entry N brings the schema from user_version N to N+1. Never edit a shipped one.
const char* const migrations[] = {
    R"sql(
    CREATE TABLE batches(
        id          TEXT PRIMARY KEY,
        first_seq   INTEGER NOT NULL,
        last_seq    INTEGER NOT NULL,
        created_ms  INTEGER NOT NULL,
        body        BLOB NOT NULL,              -- immutable once built: a retry sends the same bytes
        attempts    INTEGER NOT NULL DEFAULT 0,
        last_error  TEXT,
        state       TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'set-aside'))
    );
    CREATE TABLE ratings(
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,  -- per-kiosk, monotonic, never reused
        id            TEXT NOT NULL UNIQUE,               -- UUIDv7
        reference     TEXT NOT NULL,
        kiosk_id      TEXT NOT NULL,
        site          TEXT NOT NULL,
        counter       TEXT NOT NULL,
        service       TEXT,
        language      TEXT NOT NULL,
        planned_norms TEXT NOT NULL,
        started_ms    INTEGER NOT NULL,
        finished_ms   INTEGER,
        clock_synced  INTEGER NOT NULL,
        grade         INTEGER CHECK (grade BETWEEN 1 AND 10),
        flags         INTEGER NOT NULL DEFAULT 0,
        state         TEXT NOT NULL CHECK (state IN ('open', 'final')),
        end_reason    TEXT,
        batch_id      TEXT REFERENCES batches(id)
    );
    CREATE INDEX ratings_by_state ON ratings(state, finished_ms);
    CREATE INDEX ratings_unbatched ON ratings(batch_id, seq);
    CREATE TABLE answers(
        rating_id TEXT NOT NULL REFERENCES ratings(id) ON DELETE CASCADE,
        norm_id   TEXT NOT NULL,
        value     INTEGER NOT NULL CHECK (value BETWEEN 0 AND 5),  -- 0: does not apply
        PRIMARY KEY (rating_id, norm_id)
    ) WITHOUT ROWID;
    CREATE TABLE norm_rotation(
        norm_id TEXT PRIMARY KEY,
        asked   INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE alerts(
        id        INTEGER PRIMARY KEY,
        raised_ms INTEGER NOT NULL,
        kind      TEXT NOT NULL,
        message   TEXT NOT NULL,
        reported  INTEGER NOT NULL DEFAULT 0
    );
    )sql",
    // 2: `seq` is given when a rating becomes final, one number each, so a gap at the central store
    // means a lost rating; `updated_ms` is the last answer (where a cut-off rating ends); references
    // are unique. The table is rebuilt (SQLite's documented way to change a primary key).
    R"sql(
    CREATE TABLE ratings_v2(
        seq           INTEGER UNIQUE,                     -- 1, 2, 3, ... in the order ratings became final
        id            TEXT NOT NULL PRIMARY KEY,          -- UUIDv7
        reference     TEXT NOT NULL UNIQUE,
        kiosk_id      TEXT NOT NULL,
        site          TEXT NOT NULL,
        counter       TEXT NOT NULL,
        service       TEXT,
        language      TEXT NOT NULL,
        planned_norms TEXT NOT NULL,
        started_ms    INTEGER NOT NULL,
        updated_ms    INTEGER NOT NULL,                   -- the last answer saved
        finished_ms   INTEGER,
        clock_synced  INTEGER NOT NULL,
        grade         INTEGER CHECK (grade BETWEEN 1 AND 10),
        flags         INTEGER NOT NULL DEFAULT 0,
        state         TEXT NOT NULL CHECK (state IN ('open', 'final')),
        end_reason    TEXT,
        batch_id      TEXT REFERENCES batches(id),
        CHECK ((state = 'final') = (seq IS NOT NULL))
    );
    INSERT INTO ratings_v2(seq, id, reference, kiosk_id, site, counter, service, language, planned_norms,
                           started_ms, updated_ms, finished_ms, clock_synced, grade, flags, state, end_reason, batch_id)
        SELECT CASE WHEN state = 'final' THEN row_number() OVER (PARTITION BY state ORDER BY seq) END,
               id, reference, kiosk_id, site, counter, service, language, planned_norms,
               started_ms, coalesce(finished_ms, started_ms), finished_ms, clock_synced, grade, flags, state,
               end_reason, batch_id
        FROM ratings;
    DROP TABLE ratings;
    ALTER TABLE ratings_v2 RENAME TO ratings;
    DELETE FROM sqlite_sequence WHERE name = 'ratings';
    CREATE INDEX ratings_by_state ON ratings(state, finished_ms);
    CREATE INDEX ratings_unbatched ON ratings(batch_id, seq);
    )sql",
    // 3: what the central store needs to read a rating later (which program and configuration asked
    // the questions), and what a batch was sent as and acknowledged with (docs/protocol.md).
    R"sql(
    ALTER TABLE ratings ADD COLUMN program_version TEXT NOT NULL DEFAULT '';
    ALTER TABLE ratings ADD COLUMN config_digest TEXT NOT NULL DEFAULT '';
    ALTER TABLE batches ADD COLUMN body_digest TEXT NOT NULL DEFAULT '';
    ALTER TABLE batches ADD COLUMN receipt TEXT;
    )sql",
    // 4: a final rating is what the citizen was thanked for: from then on only its batch may change
    // (the outbox puts it in one), on whatever connection, by whatever program. The store maps the
    // refusal to RatingAlreadyFinal; `kiosk status` and sqlite3 by hand meet the same wall.
    R"sql(
    CREATE TRIGGER final_rating_changes_only_its_batch BEFORE UPDATE ON ratings
    WHEN OLD.state = 'final' AND (
        NEW.seq IS NOT OLD.seq OR NEW.id IS NOT OLD.id OR NEW.reference IS NOT OLD.reference OR
        NEW.kiosk_id IS NOT OLD.kiosk_id OR NEW.site IS NOT OLD.site OR NEW.counter IS NOT OLD.counter OR
        NEW.service IS NOT OLD.service OR NEW.language IS NOT OLD.language OR
        NEW.planned_norms IS NOT OLD.planned_norms OR NEW.started_ms IS NOT OLD.started_ms OR
        NEW.updated_ms IS NOT OLD.updated_ms OR NEW.finished_ms IS NOT OLD.finished_ms OR
        NEW.clock_synced IS NOT OLD.clock_synced OR NEW.grade IS NOT OLD.grade OR NEW.flags IS NOT OLD.flags OR
        NEW.state IS NOT OLD.state OR NEW.end_reason IS NOT OLD.end_reason OR
        NEW.program_version IS NOT OLD.program_version OR NEW.config_digest IS NOT OLD.config_digest)
    BEGIN
        SELECT RAISE(ABORT, 'rating-already-final: a final rating changes only its batch');
    END;
    )sql",
    // 5: the manager's scores (kiosk/core/scores, docs/manager.md) read summaries instead of every rating
    // and answer: a year of a busy centre is 300 000 ratings and 1.5 million answers, far more than a
    // dashboard may read in its 50 ms. Triggers keep them on every connection, whatever program writes:
    // a rating counts once it is final (then it never changes) and stops counting when it is deleted
    // (the prune); an answer counts while its rating is final. Time is bucketed in UTC (hours, days,
    // blocks of 32 days), so that the scores can build any time zone's local days and hours from it.
    R"sql(
    CREATE TABLE score_hours(
        hour      INTEGER NOT NULL,  -- finished_ms / 3 600 000
        counter   TEXT NOT NULL,
        service   TEXT NOT NULL,     -- '' for none
        burst     INTEGER NOT NULL,  -- flags & 1
        ratings   INTEGER NOT NULL,  -- final ratings
        graded    INTEGER NOT NULL,  -- of them, those with a grade
        grade_sum INTEGER NOT NULL,
        PRIMARY KEY (hour, counter, service, burst)
    ) WITHOUT ROWID;
    CREATE TABLE score_days(
        day INTEGER NOT NULL, counter TEXT NOT NULL, service TEXT NOT NULL, burst INTEGER NOT NULL,
        g1 INTEGER NOT NULL, g2 INTEGER NOT NULL, g3 INTEGER NOT NULL, g4 INTEGER NOT NULL,
        g5 INTEGER NOT NULL, g6 INTEGER NOT NULL, g7 INTEGER NOT NULL, g8 INTEGER NOT NULL,
        g9 INTEGER NOT NULL, g10 INTEGER NOT NULL,  -- ratings by grade
        completed INTEGER NOT NULL, stopped INTEGER NOT NULL, timed_out INTEGER NOT NULL, abandoned INTEGER NOT NULL,
        PRIMARY KEY (day, counter, service, burst)
    ) WITHOUT ROWID;
    CREATE TABLE score_languages(
        day INTEGER NOT NULL, counter TEXT NOT NULL, service TEXT NOT NULL, burst INTEGER NOT NULL,
        language TEXT NOT NULL, ratings INTEGER NOT NULL,
        PRIMARY KEY (day, counter, service, burst, language)
    ) WITHOUT ROWID;
    CREATE TABLE score_norms(
        level   INTEGER NOT NULL,  -- 0: bucket is a day (finished_ms / 86 400 000); 1: a block, day / 32
        bucket  INTEGER NOT NULL,
        counter TEXT NOT NULL, service TEXT NOT NULL, burst INTEGER NOT NULL, norm_id TEXT NOT NULL,
        not_applicable INTEGER NOT NULL,
        u1 INTEGER NOT NULL, u2 INTEGER NOT NULL, u3 INTEGER NOT NULL, u4 INTEGER NOT NULL,
        u5 INTEGER NOT NULL,  -- answers 1..5 of ratings without a grade
        g1a1 INTEGER NOT NULL, g1a2 INTEGER NOT NULL, g1a3 INTEGER NOT NULL, g1a4 INTEGER NOT NULL,
        g1a5 INTEGER NOT NULL, g2a1 INTEGER NOT NULL, g2a2 INTEGER NOT NULL, g2a3 INTEGER NOT NULL,
        g2a4 INTEGER NOT NULL, g2a5 INTEGER NOT NULL, g3a1 INTEGER NOT NULL, g3a2 INTEGER NOT NULL,
        g3a3 INTEGER NOT NULL, g3a4 INTEGER NOT NULL, g3a5 INTEGER NOT NULL, g4a1 INTEGER NOT NULL,
        g4a2 INTEGER NOT NULL, g4a3 INTEGER NOT NULL, g4a4 INTEGER NOT NULL, g4a5 INTEGER NOT NULL,
        g5a1 INTEGER NOT NULL, g5a2 INTEGER NOT NULL, g5a3 INTEGER NOT NULL, g5a4 INTEGER NOT NULL,
        g5a5 INTEGER NOT NULL, g6a1 INTEGER NOT NULL, g6a2 INTEGER NOT NULL, g6a3 INTEGER NOT NULL,
        g6a4 INTEGER NOT NULL, g6a5 INTEGER NOT NULL, g7a1 INTEGER NOT NULL, g7a2 INTEGER NOT NULL,
        g7a3 INTEGER NOT NULL, g7a4 INTEGER NOT NULL, g7a5 INTEGER NOT NULL, g8a1 INTEGER NOT NULL,
        g8a2 INTEGER NOT NULL, g8a3 INTEGER NOT NULL, g8a4 INTEGER NOT NULL, g8a5 INTEGER NOT NULL,
        g9a1 INTEGER NOT NULL, g9a2 INTEGER NOT NULL, g9a3 INTEGER NOT NULL, g9a4 INTEGER NOT NULL,
        g9a5 INTEGER NOT NULL, g10a1 INTEGER NOT NULL, g10a2 INTEGER NOT NULL, g10a3 INTEGER NOT NULL,
        g10a4 INTEGER NOT NULL, g10a5 INTEGER NOT NULL,  -- answers by grade (g) and answer (a)
        PRIMARY KEY (level, bucket, counter, service, burst, norm_id)
    ) WITHOUT ROWID;

    -- What a final rating, or an answer of one, adds (sign 1) or takes away (sign -1): views that take
    -- an insert, so that each summary's arithmetic is written once.
    CREATE VIEW rating_tally(finished_ms, counter, service, burst, grade, end_reason, language, sign) AS
        SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;
    CREATE TRIGGER rating_tally_counts INSTEAD OF INSERT ON rating_tally BEGIN
        INSERT INTO score_hours VALUES (NEW.finished_ms / 3600000, NEW.counter, NEW.service, NEW.burst,
            NEW.sign, NEW.sign * (NEW.grade IS NOT NULL), NEW.sign * coalesce(NEW.grade, 0))
        ON CONFLICT (hour, counter, service, burst) DO UPDATE SET ratings = ratings + excluded.ratings,
            graded = graded + excluded.graded, grade_sum = grade_sum + excluded.grade_sum;
        INSERT INTO score_days VALUES (NEW.finished_ms / 86400000, NEW.counter, NEW.service, NEW.burst,
            NEW.sign * (NEW.grade IS 1), NEW.sign * (NEW.grade IS 2), NEW.sign * (NEW.grade IS 3),
            NEW.sign * (NEW.grade IS 4), NEW.sign * (NEW.grade IS 5), NEW.sign * (NEW.grade IS 6),
            NEW.sign * (NEW.grade IS 7), NEW.sign * (NEW.grade IS 8), NEW.sign * (NEW.grade IS 9),
            NEW.sign * (NEW.grade IS 10),
            NEW.sign * (NEW.end_reason IS 'completed'), NEW.sign * (NEW.end_reason IS 'stopped'),
            NEW.sign * (NEW.end_reason IS 'timed-out'), NEW.sign * (NEW.end_reason IS 'abandoned'))
        ON CONFLICT (day, counter, service, burst) DO UPDATE SET
            g1 = g1 + excluded.g1, g2 = g2 + excluded.g2, g3 = g3 + excluded.g3, g4 = g4 + excluded.g4,
            g5 = g5 + excluded.g5, g6 = g6 + excluded.g6, g7 = g7 + excluded.g7, g8 = g8 + excluded.g8,
            g9 = g9 + excluded.g9, g10 = g10 + excluded.g10, completed = completed + excluded.completed,
            stopped = stopped + excluded.stopped, timed_out = timed_out + excluded.timed_out,
            abandoned = abandoned + excluded.abandoned;
        INSERT INTO score_languages VALUES (NEW.finished_ms / 86400000, NEW.counter, NEW.service, NEW.burst,
            NEW.language, NEW.sign)
        ON CONFLICT (day, counter, service, burst, language)
            DO UPDATE SET ratings = ratings + excluded.ratings;
    END;
    CREATE VIEW answer_tally(finished_ms, counter, service, burst, grade, norm_id, value, sign) AS
        SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;
    CREATE TRIGGER answer_tally_counts INSTEAD OF INSERT ON answer_tally BEGIN
        INSERT INTO score_norms
        SELECT level, NEW.finished_ms / 86400000 / (CASE level WHEN 0 THEN 1 ELSE 32 END), NEW.counter,
            NEW.service, NEW.burst, NEW.norm_id, NEW.sign * (NEW.value = 0),
            NEW.sign * (NEW.grade IS NULL AND NEW.value = 1),
            NEW.sign * (NEW.grade IS NULL AND NEW.value = 2),
            NEW.sign * (NEW.grade IS NULL AND NEW.value = 3),
            NEW.sign * (NEW.grade IS NULL AND NEW.value = 4),
            NEW.sign * (NEW.grade IS NULL AND NEW.value = 5),
            NEW.sign * (NEW.grade IS 1 AND NEW.value = 1),
            NEW.sign * (NEW.grade IS 1 AND NEW.value = 2),
            NEW.sign * (NEW.grade IS 1 AND NEW.value = 3),
            NEW.sign * (NEW.grade IS 1 AND NEW.value = 4),
            NEW.sign * (NEW.grade IS 1 AND NEW.value = 5),
            NEW.sign * (NEW.grade IS 2 AND NEW.value = 1),
            NEW.sign * (NEW.grade IS 2 AND NEW.value = 2),
            NEW.sign * (NEW.grade IS 2 AND NEW.value = 3),
            NEW.sign * (NEW.grade IS 2 AND NEW.value = 4),
            NEW.sign * (NEW.grade IS 2 AND NEW.value = 5),
            NEW.sign * (NEW.grade IS 3 AND NEW.value = 1),
            NEW.sign * (NEW.grade IS 3 AND NEW.value = 2),
            NEW.sign * (NEW.grade IS 3 AND NEW.value = 3),
            NEW.sign * (NEW.grade IS 3 AND NEW.value = 4),
            NEW.sign * (NEW.grade IS 3 AND NEW.value = 5),
            NEW.sign * (NEW.grade IS 4 AND NEW.value = 1),
            NEW.sign * (NEW.grade IS 4 AND NEW.value = 2),
            NEW.sign * (NEW.grade IS 4 AND NEW.value = 3),
            NEW.sign * (NEW.grade IS 4 AND NEW.value = 4),
            NEW.sign * (NEW.grade IS 4 AND NEW.value = 5),
            NEW.sign * (NEW.grade IS 5 AND NEW.value = 1),
            NEW.sign * (NEW.grade IS 5 AND NEW.value = 2),
            NEW.sign * (NEW.grade IS 5 AND NEW.value = 3),
            NEW.sign * (NEW.grade IS 5 AND NEW.value = 4),
            NEW.sign * (NEW.grade IS 5 AND NEW.value = 5),
            NEW.sign * (NEW.grade IS 6 AND NEW.value = 1),
            NEW.sign * (NEW.grade IS 6 AND NEW.value = 2),
            NEW.sign * (NEW.grade IS 6 AND NEW.value = 3),
            NEW.sign * (NEW.grade IS 6 AND NEW.value = 4),
            NEW.sign * (NEW.grade IS 6 AND NEW.value = 5),
            NEW.sign * (NEW.grade IS 7 AND NEW.value = 1),
            NEW.sign * (NEW.grade IS 7 AND NEW.value = 2),
            NEW.sign * (NEW.grade IS 7 AND NEW.value = 3),
            NEW.sign * (NEW.grade IS 7 AND NEW.value = 4),
            NEW.sign * (NEW.grade IS 7 AND NEW.value = 5),
            NEW.sign * (NEW.grade IS 8 AND NEW.value = 1),
            NEW.sign * (NEW.grade IS 8 AND NEW.value = 2),
            NEW.sign * (NEW.grade IS 8 AND NEW.value = 3),
            NEW.sign * (NEW.grade IS 8 AND NEW.value = 4),
            NEW.sign * (NEW.grade IS 8 AND NEW.value = 5),
            NEW.sign * (NEW.grade IS 9 AND NEW.value = 1),
            NEW.sign * (NEW.grade IS 9 AND NEW.value = 2),
            NEW.sign * (NEW.grade IS 9 AND NEW.value = 3),
            NEW.sign * (NEW.grade IS 9 AND NEW.value = 4),
            NEW.sign * (NEW.grade IS 9 AND NEW.value = 5),
            NEW.sign * (NEW.grade IS 10 AND NEW.value = 1),
            NEW.sign * (NEW.grade IS 10 AND NEW.value = 2),
            NEW.sign * (NEW.grade IS 10 AND NEW.value = 3),
            NEW.sign * (NEW.grade IS 10 AND NEW.value = 4),
            NEW.sign * (NEW.grade IS 10 AND NEW.value = 5)
        FROM (SELECT 0 AS level UNION ALL SELECT 1) WHERE true
        ON CONFLICT (level, bucket, counter, service, burst, norm_id) DO UPDATE SET
            not_applicable = not_applicable + excluded.not_applicable, u1 = u1 + excluded.u1,
            u2 = u2 + excluded.u2, u3 = u3 + excluded.u3, u4 = u4 + excluded.u4, u5 = u5 + excluded.u5,
            g1a1 = g1a1 + excluded.g1a1, g1a2 = g1a2 + excluded.g1a2, g1a3 = g1a3 + excluded.g1a3,
            g1a4 = g1a4 + excluded.g1a4, g1a5 = g1a5 + excluded.g1a5, g2a1 = g2a1 + excluded.g2a1,
            g2a2 = g2a2 + excluded.g2a2, g2a3 = g2a3 + excluded.g2a3, g2a4 = g2a4 + excluded.g2a4,
            g2a5 = g2a5 + excluded.g2a5, g3a1 = g3a1 + excluded.g3a1, g3a2 = g3a2 + excluded.g3a2,
            g3a3 = g3a3 + excluded.g3a3, g3a4 = g3a4 + excluded.g3a4, g3a5 = g3a5 + excluded.g3a5,
            g4a1 = g4a1 + excluded.g4a1, g4a2 = g4a2 + excluded.g4a2, g4a3 = g4a3 + excluded.g4a3,
            g4a4 = g4a4 + excluded.g4a4, g4a5 = g4a5 + excluded.g4a5, g5a1 = g5a1 + excluded.g5a1,
            g5a2 = g5a2 + excluded.g5a2, g5a3 = g5a3 + excluded.g5a3, g5a4 = g5a4 + excluded.g5a4,
            g5a5 = g5a5 + excluded.g5a5, g6a1 = g6a1 + excluded.g6a1, g6a2 = g6a2 + excluded.g6a2,
            g6a3 = g6a3 + excluded.g6a3, g6a4 = g6a4 + excluded.g6a4, g6a5 = g6a5 + excluded.g6a5,
            g7a1 = g7a1 + excluded.g7a1, g7a2 = g7a2 + excluded.g7a2, g7a3 = g7a3 + excluded.g7a3,
            g7a4 = g7a4 + excluded.g7a4, g7a5 = g7a5 + excluded.g7a5, g8a1 = g8a1 + excluded.g8a1,
            g8a2 = g8a2 + excluded.g8a2, g8a3 = g8a3 + excluded.g8a3, g8a4 = g8a4 + excluded.g8a4,
            g8a5 = g8a5 + excluded.g8a5, g9a1 = g9a1 + excluded.g9a1, g9a2 = g9a2 + excluded.g9a2,
            g9a3 = g9a3 + excluded.g9a3, g9a4 = g9a4 + excluded.g9a4, g9a5 = g9a5 + excluded.g9a5,
            g10a1 = g10a1 + excluded.g10a1, g10a2 = g10a2 + excluded.g10a2,
            g10a3 = g10a3 + excluded.g10a3, g10a4 = g10a4 + excluded.g10a4,
            g10a5 = g10a5 + excluded.g10a5;
    END;

    -- Every rating and answer already final, then every change to come.
    INSERT INTO rating_tally SELECT finished_ms, counter, coalesce(service, ''), flags & 1, grade, end_reason,
        language, 1 FROM ratings WHERE state = 'final';
    INSERT INTO answer_tally SELECT r.finished_ms, r.counter, coalesce(r.service, ''), r.flags & 1, r.grade,
        a.norm_id, a.value, 1 FROM answers a JOIN ratings r ON r.id = a.rating_id WHERE r.state = 'final';

    CREATE TRIGGER scores_count_final_rating AFTER INSERT ON ratings WHEN NEW.state = 'final' BEGIN
        INSERT INTO rating_tally VALUES (NEW.finished_ms, NEW.counter, coalesce(NEW.service, ''),
            NEW.flags & 1, NEW.grade, NEW.end_reason, NEW.language, 1);
    END;
    -- A rating made final counts with the answers it has; the store then rewrites them in the same
    -- transaction, and the answer triggers below take the old ones away and count the new.
    CREATE TRIGGER scores_count_rating_made_final AFTER UPDATE OF state ON ratings
    WHEN OLD.state = 'open' AND NEW.state = 'final' BEGIN
        INSERT INTO rating_tally VALUES (NEW.finished_ms, NEW.counter, coalesce(NEW.service, ''),
            NEW.flags & 1, NEW.grade, NEW.end_reason, NEW.language, 1);
        INSERT INTO answer_tally SELECT NEW.finished_ms, NEW.counter, coalesce(NEW.service, ''),
            NEW.flags & 1, NEW.grade, norm_id, value, 1 FROM answers WHERE rating_id = NEW.id;
    END;
    -- Before: the answers still there go with it (a cascade deletes them after the rating is gone,
    -- when the answer trigger no longer finds it; the prune deletes them first, counted below).
    CREATE TRIGGER scores_uncount_deleted_rating BEFORE DELETE ON ratings WHEN OLD.state = 'final' BEGIN
        INSERT INTO rating_tally VALUES (OLD.finished_ms, OLD.counter, coalesce(OLD.service, ''),
            OLD.flags & 1, OLD.grade, OLD.end_reason, OLD.language, -1);
        INSERT INTO answer_tally SELECT OLD.finished_ms, OLD.counter, coalesce(OLD.service, ''),
            OLD.flags & 1, OLD.grade, norm_id, value, -1 FROM answers WHERE rating_id = OLD.id;
    END;
    CREATE TRIGGER scores_count_answer AFTER INSERT ON answers BEGIN
        INSERT INTO answer_tally SELECT finished_ms, counter, coalesce(service, ''), flags & 1, grade,
            NEW.norm_id, NEW.value, 1 FROM ratings WHERE id = NEW.rating_id AND state = 'final';
    END;
    CREATE TRIGGER scores_uncount_answer AFTER DELETE ON answers BEGIN
        INSERT INTO answer_tally SELECT finished_ms, counter, coalesce(service, ''), flags & 1, grade,
            OLD.norm_id, OLD.value, -1 FROM ratings WHERE id = OLD.rating_id AND state = 'final';
    END;
    CREATE TRIGGER scores_recount_answer AFTER UPDATE ON answers BEGIN
        INSERT INTO answer_tally SELECT finished_ms, counter, coalesce(service, ''), flags & 1, grade,
            OLD.norm_id, OLD.value, -1 FROM ratings WHERE id = OLD.rating_id AND state = 'final';
        INSERT INTO answer_tally SELECT finished_ms, counter, coalesce(service, ''), flags & 1, grade,
            NEW.norm_id, NEW.value, 1 FROM ratings WHERE id = NEW.rating_id AND state = 'final';
    END;
    )sql",
};
static_assert(std::size(migrations) == RatingStore::schema_version);

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
    return out;
}

bool is_corruption(const SQLite::Exception& e) {
    int code = e.getErrorCode() & 0xff;
    return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

// SQLite says SQLITE_FULL for a full filesystem, but an I/O error for a -shm file it could not grow.
bool is_full(const SQLite::Exception& e, SQLite::Database* db) {
    int code = e.getErrorCode() & 0xff;
    return code == SQLITE_FULL ||
           (code == SQLITE_IOERR && db && sqlite3_system_errno(db->getHandle()) == ENOSPC);
}

// How long a tap waits for another writer (the sync worker, `kiosk sync-now`) before it counts as a
// failed write. Their transactions take milliseconds; seconds mean something is wrong.
constexpr auto longest_wait_for_writer = std::chrono::seconds(2);

// SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20 ms… between looks, so a tap that meets the sync
// worker's 3 ms transaction would wait 18 ms. Looking every quarter of a millisecond, it waits for
// that transaction and hardly longer.
int wait_for_write_lock(void* busy_since, int tries) {
    auto& since = *static_cast<std::chrono::steady_clock::time_point*>(busy_since);
    auto now = std::chrono::steady_clock::now();
    if (tries == 0) since = now;
    if (now - since >= longest_wait_for_writer) return 0;
    std::this_thread::sleep_for(std::chrono::microseconds(250));
    return 1;
}

std::string mib(std::int64_t bytes) { return std::to_string((bytes + (1 << 19)) >> 20) + " MiB"; }

// Flushes a file or folder to the disk (a folder: the names in it, after a rename).
void sync_path(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        int error = errno;
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("Unable to write " + path + " to the disk: " + std::strerror(error));
    }
    ::close(fd);
}

// Made here, by the kiosk, readable by the kiosk user only; never chmod-ed afterwards.
void create_own_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        throw std::runtime_error("Unable to create the database " + path + ": " + std::strerror(errno));
    ::close(fd);
}

}  // namespace

// The kiosk never chmods a file it did not make; a database others can read is reported, not changed.
void RatingStore::warn_if_readable_by_others(const std::string& path, std::int64_t now_ms) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || (st.st_mode & 077) == 0) return;
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    trouble("database-permissions",
            "the database " + path + " has mode " + mode +
                ": other users of this machine can read the ratings; run 'chmod 600 " + path + "'",
            now_ms);
}

RatingStore::RatingStore(const std::string& path, KioskIdentity identity, BurstRuleMs burst,
                         std::int64_t now_ms, std::int64_t reserve_bytes)
    : path_(path), identity_(std::move(identity)), burst_(burst), reserve_(path + ".reserve", reserve_bytes) {
    namespace fs = std::filesystem;
    DatabaseFile file = inspect_database_file(path_);
    if (file.kind == DatabaseFile::refused) throw DatabaseRefused(file.problem);
    if (file.kind == DatabaseFile::absent) {
        fs::path parent = fs::path(path_).parent_path();
        std::error_code ec;
        if (!parent.empty()) fs::create_directories(parent, ec);
        if (ec)
            throw std::runtime_error("Unable to create the database folder " + parent.string() + ": " +
                                     ec.message());
    }
    // Before anything is created or read for good: a second kiosk must not touch the first one's file.
    try {
        lock_.emplace(FileLock::beside(path_ + ".lock"));
    } catch (const std::runtime_error& e) {
        throw std::runtime_error("Unable to open the database " + path_ + ": " + e.what());
    }
    file = inspect_database_file(path_);  // again, now that no other kiosk can be changing it
    if (file.kind == DatabaseFile::refused) throw DatabaseRefused(file.problem);
    bool create = file.kind != DatabaseFile::kiosk_database;  // nothing there, or an empty file of its own
    if (!create)
        lock_database_file();  // before anything is changed: another name may reach a running kiosk's file
    if (!create) warn_if_readable_by_others(path_, now_ms);
    if (!reserve_.top_up())
        trouble("reserve-low",
                "the disk reserve beside " + path_ + " is " + mib(reserve_.size()) + " of " +
                    mib(reserve_.target()) + ": the filesystem has no more room",
                now_ms);
    for (;;) {
        try {
            if (create) create_database();
            create = false;
            lock_database_file();
            open_database();
            break;
        } catch (const SQLite::Exception& e) {
            if (is_full(e, db_.get()) && reserve_.release_step()) {
                trouble("disk-full", "the disk holding " + path_ + " is full; writing from the reserve",
                        now_ms);
                continue;
            }
            if (!is_corruption(e)) {
                int code = e.getErrorCode() & 0xff;
                std::string why = code == SQLITE_BUSY || code == SQLITE_LOCKED
                                      ? "it is in use by another process (is a second kiosk running on it?)"
                                      : e.what();
                throw std::runtime_error("Unable to open the database " + path_ + ": " + why);
            }
            // Only the kiosk's own marked file gets here: a damaged one is kept aside, never deleted.
            db_.reset();
            file_lock_.reset();  // it is on the damaged file; the fresh one is locked below
            set_aside_path_ = path_ + ".corrupt-" + utc_text(now_ms, "%Y%m%dT%H%M%SZ");
            for (const char* suffix : {"", "-wal", "-shm"}) {
                std::error_code ec;
                if (fs::exists(path_ + suffix)) fs::rename(path_ + suffix, set_aside_path_ + suffix, ec);
                if (ec)
                    throw std::runtime_error("the database " + path_ +
                                             " is damaged and could not be moved aside: " + ec.message());
            }
            log_error("the database " + path_ + " is damaged (" + e.what() + "); kept as " + set_aside_path_ +
                      ", starting a fresh one");
            create_database();
            lock_database_file();
            open_database();
            raise_alert("database-corrupt", "damaged database kept as " + set_aside_path_ + ": " + e.what(),
                        now_ms);
            break;
        }
    }
    flush_alerts();
}

RatingStore::~RatingStore() {
    if (unsaved_.empty()) return;
    write_unsaved(0);
    if (!unsaved_.empty())
        log_error(
            std::to_string(unsaved_.size()) + " rating(s) could not be written to " + path_ +
            " before the kiosk stopped; their last answers are lost (the citizen was shown 'out of order', "
            "not 'saved')");
}

// The statements a tap runs, prepared once per connection: a tap pays only for binding and the commit.
struct RatingStore::Statements {
    explicit Statements(SQLite::Database& db)
        : find(db, "SELECT state, end_reason, finished_ms FROM ratings WHERE id = ?"),
          reference_taken(db, "SELECT 1 FROM ratings WHERE reference = ?"),
          recent_final(db,
                       "SELECT count(*) FROM ratings WHERE state = 'final' AND id <> ? "
                       "AND end_reason <> 'abandoned' AND finished_ms > ? AND finished_ms <= ?"),
          next_seq(db, "SELECT coalesce(max(seq), 0) + 1 FROM ratings"),
          upsert(db, R"sql(
        INSERT INTO ratings(id, reference, kiosk_id, site, counter, service, language, planned_norms,
                            started_ms, finished_ms, clock_synced, grade, flags, state, end_reason, seq, updated_ms,
                            program_version, config_digest)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
        ON CONFLICT(id) DO UPDATE SET service = excluded.service, language = excluded.language,
            finished_ms = excluded.finished_ms, grade = excluded.grade, flags = excluded.flags,
            state = excluded.state, end_reason = excluded.end_reason, seq = excluded.seq,
            updated_ms = excluded.updated_ms)sql"),
          clear_answers(db, "DELETE FROM answers WHERE rating_id = ?"),
          add_answer(db, "INSERT INTO answers(rating_id, norm_id, value) VALUES (?, ?, ?)"),
          count_asked(db,
                      "INSERT INTO norm_rotation(norm_id, asked) VALUES (?, 1) "
                      "ON CONFLICT(norm_id) DO UPDATE SET asked = asked + 1") {}

    SQLite::Statement find, reference_taken, recent_final, next_seq, upsert, clear_answers, add_answer,
        count_asked;
};

namespace {

// A statement is reset before each use and after it, so none holds a read snapshot between taps
// (which would keep a checkpoint from reaching the end of the WAL).
class Use {
  public:
    explicit Use(SQLite::Statement& statement) : statement_(statement) { statement_.tryReset(); }
    ~Use() { statement_.tryReset(); }
    SQLite::Statement* operator->() { return &statement_; }

  private:
    SQLite::Statement& statement_;
};

}  // namespace

// A new database is made whole under "<path>.new" (marked, in WAL mode, migrated, on disk) and only
// then renamed into place: a power cut while it is made leaves nothing at the path, never a
// half-written file that the next start would have to refuse as not the kiosk's own.
void RatingStore::create_database() {
    namespace fs = std::filesystem;
    std::string making = path_ + ".new";
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
        std::error_code ec;  // an earlier attempt, cut off: the kiosk's own, and it never held a rating
        fs::remove(making + suffix, ec);
    }
    create_own_file(making);
    {
        SQLite::Database db(making, SQLite::OPEN_READWRITE);
        // The mark goes in first, while the file is still in rollback mode, so the header carries it
        // from the first write: a start always knows the file for the kiosk's own.
        db.exec("PRAGMA application_id=" + std::to_string(application_id));
        db.exec("PRAGMA synchronous=FULL");
        db.exec("PRAGMA journal_mode=WAL");
        migrate(db);
    }  // closing checkpoints the WAL into the file and syncs it
    sync_path(making);
    if (::rename(making.c_str(), path_.c_str()) != 0)
        throw std::runtime_error("Unable to put the new database in place at " + path_ + ": " +
                                 std::strerror(errno));
    fs::path parent = fs::path(path_).parent_path();
    sync_path(parent.empty() ? "." : parent.string());  // the rename itself survives a power cut
}

// The flock on the file itself: a second kiosk that reaches this file by a symlink or a hard link (its
// own "<name>.lock" is another file) is refused here, before it closes this kiosk's open visit.
void RatingStore::lock_database_file() {
    if (file_lock_ && file_lock_->still_in_place()) return;
    file_lock_.reset();
    try {
        file_lock_.emplace(FileLock::on(path_));
    } catch (const std::runtime_error& e) {
        throw std::runtime_error("Unable to open the database " + path_ + ": " + e.what());
    }
}

void RatingStore::open_database() {
    statements_.reset();
    db_.reset();
    db_ = std::make_unique<SQLite::Database>(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_FULLMUTEX);
    sqlite3_busy_handler(db_->getHandle(), wait_for_write_lock, &busy_since_);
    // Normal locking (the lock file keeps other kiosks out): readers on other connections never block
    // a tap's write, and a tap never waits for them.
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=FULL");  // a rating the citizen saw accepted is on disk
    std::string check = db_->execAndGet("PRAGMA quick_check").getString();
    if (check != "ok") throw SQLite::Exception("quick_check: " + check, SQLITE_CORRUPT);
    migrate(*db_);
    db_->exec("PRAGMA foreign_keys=ON");  // only after migrating: a table rebuild must not cascade
    statements_ = std::make_unique<Statements>(*db_);
}

bool RatingStore::reconnect() {
    try {
        open_database();
        trouble_over("database-corrupt", "the database " + path_ + " reads right again");
        return true;
    } catch (const SQLite::Exception&) {
        drop_connection();
        return false;
    }
}

// Closes the connection without the checkpoint SQLite makes on close: a checkpoint copies pages
// through the same faulty reads into the database file, and would make a passing fault lasting damage.
void RatingStore::drop_connection() {
    statements_.reset();
    if (db_) sqlite3_db_config(db_->getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    db_.reset();
}

void RatingStore::migrate(SQLite::Database& db) {
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version > schema_version)
        throw std::runtime_error("the database " + path_ + " has schema version " + std::to_string(version) +
                                 ", newer than this program knows (" + std::to_string(schema_version) +
                                 "); install the newer kiosk or point kiosk.database elsewhere");
    for (; version < schema_version; ++version) {
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        db.exec(migrations[version]);
        db.exec("PRAGMA user_version=" + std::to_string(version + 1));
        tx.commit();
    }
}

template <class Write>
RatingStore::Written RatingStore::with_room(const Write& write, const std::string& what,
                                            std::int64_t now_ms) {
    for (;;) {
        try {
            if (!file_lock_->still_in_place()) {
                // Writing on would fill a file nobody will read: the next start makes a new one.
                trouble("database-gone",
                        "the database " + path_ +
                            " was deleted or replaced while the kiosk ran: it takes no ratings until it is "
                            "restarted (a new database is made then; if the whole folder went, so did the "
                            "kiosk's key, and the central store must enrol the new one)",
                        now_ms);
                return Written::failed;
            }
            if (!db_ && !reconnect())
                throw SQLite::Exception("the database could not be opened again", SQLITE_CORRUPT);
            write();
            out_of_room_ = false;
            return Written::yes;
        } catch (const RatingAlreadyFinal& e) {
            // Someone else closed it (a second kiosk on the same file did, before the file lock): the
            // citizen must not be told "saved", and no retry can change it.
            log_error(e.what());
            raise_alert("rating-already-final", e.what(), now_ms);
            return Written::refused;
        } catch (const SQLite::Exception& e) {
            if (is_corruption(e)) {
                // SQLite keeps a damaged page it read in the connection's cache: every later write
                // would fail on it though the file may be sound. A new connection reads the file
                // afresh (and checks it); until one opens, writes wait in memory.
                trouble("database-corrupt", "Unable to write " + what + " to " + path_ + ": " + e.what(),
                        now_ms);
                drop_connection();
                return Written::failed;
            }
            if (!is_full(e, db_.get())) {
                trouble("write-failed", "Unable to write " + what + " to " + path_ + ": " + e.what(), now_ms);
                return Written::failed;
            }
            if (!reserve_.release_step()) {
                out_of_room_ = true;
                trouble("out-of-room",
                        "the disk holding " + path_ +
                            " is full and the reserve is used up: the kiosk shows 'out of order' "
                            "until there is room",
                        now_ms);
                return Written::failed;
            }
            trouble("disk-full",
                    "the disk holding " + path_ + " is full; writing from the reserve (" +
                        mib(reserve_.size()) + " left of " + mib(reserve_.target()) + ")",
                    now_ms);
            if (reserve_.low())
                trouble("reserve-low",
                        "the disk reserve beside " + path_ + " is down to " + mib(reserve_.size()) +
                            "; free space on that disk",
                        now_ms);
        }
    }
}

bool RatingStore::save(Rating& rating, std::int64_t now_ms) {
    Written written = with_room([&] { write(rating, now_ms); }, "rating " + rating.id, now_ms);
    if (written == Written::refused) return false;  // kept for no retry: none can write it
    if (written == Written::failed) {
        unsaved_.insert_or_assign(rating.id, rating);  // kept for upkeep(), this version replacing any older
        write_unsaved(now_ms);
        return false;
    }
    unsaved_.erase(rating.id);  // an older version a failed save kept is superseded
    // The usual tap: nothing waits in memory, so no copy, no retry, no message is made.
    bool nothing_waits =
        unsaved_.empty() && unwritten_alerts_.empty() && !ongoing_troubles_.count("write-failed");
    return nothing_waits || write_unsaved(now_ms);
}

bool RatingStore::write_unsaved(std::int64_t now_ms) {
    for (auto it = unsaved_.begin(); it != unsaved_.end();) {
        Written written = with_room([&] { write(it->second, now_ms); }, "rating " + it->first, now_ms);
        if (written == Written::failed) return false;
        it = unsaved_.erase(it);
    }
    if (ongoing_troubles_.count("write-failed"))
        trouble_over("write-failed", "the ratings kept in memory are written to " + path_);
    flush_alerts();
    return true;
}

bool RatingStore::upkeep(std::int64_t now_ms) {
    bool written = write_unsaved(now_ms);
    // The reserve grows back only when the disk has room to spare beyond it.
    if (reserve_.size() < reserve_.target() && free_bytes_at(path_) > 2 * DiskReserve::step_bytes &&
        reserve_.top_up()) {
        out_of_room_ = false;
        trouble_over("out-of-room", "");
        trouble_over("reserve-low", "");
        trouble_over("disk-full", "the disk holding " + path_ + " has room again; the reserve is whole (" +
                                      mib(reserve_.size()) + ")");
    }
    return written;
}

void RatingStore::write(Rating& r, std::int64_t now_ms) {
    Statements& st = *statements_;
    // The write lock up front: a deferred transaction that reads, then writes, fails at once
    // (SQLITE_BUSY_SNAPSHOT, which no busy timeout covers) when another connection (the sync worker,
    // `kiosk sync-now`) committed in between. Taken first, it waits at most one short transaction.
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    bool is_new = true;
    {
        Use find(st.find);
        find->bind(1, r.id);
        if (find->executeStep()) {
            is_new = false;
            // The same final rating again (a retry of a save whose outcome was unknown) changes
            // nothing. Any other change to a final rating the schema's trigger refuses, below.
            bool same = find->getColumn(0).getString() == "final" && r.state == RatingState::final &&
                        find->getColumn(1).getString() == to_string(r.end_reason) &&
                        find->getColumn(2).getInt64() == r.finished_ms;
            if (same) return;
        }
    }
    if (is_new) {
        // 31^8 references make a repeat rare, not impossible; a repeat would tie two ratings to one
        // complaint.
        for (;;) {
            Use taken(st.reference_taken);
            taken->bind(1, r.reference);
            if (!taken->executeStep()) break;
            r.reference = make_short_reference();
        }
    }
    std::uint32_t flags = r.flags;
    std::optional<std::int64_t> seq;
    if (r.state == RatingState::final) {
        // Ratings cut off by a restart were nobody's burst.
        Use recent(st.recent_final);
        recent->bind(1, r.id);
        recent->bind(2, static_cast<std::int64_t>(r.finished_ms - burst_.window_ms));
        recent->bind(3, static_cast<std::int64_t>(r.finished_ms));
        recent->executeStep();
        if (recent->getColumn(0).getInt() + 1 > burst_.max_ratings) flags |= flag_burst;
        Use next(st.next_seq);
        next->executeStep();
        seq = next->getColumn(0).getInt64();
    }
    auto write_answers = [&] {
        {
            Use clear(st.clear_answers);
            clear->bind(1, r.id);
            clear->exec();
        }
        for (const auto& a : r.answers) {
            Use answer(st.add_answer);
            answer->bind(1, r.id);
            answer->bind(2, a.norm_id);
            answer->bind(3, a.value);
            answer->exec();
        }
    };
    // A rating already there gets its answers before it may become final: the scores' summaries
    // (migration 5) count a rating's answers when it becomes final, and answers rewritten after that
    // would be taken away and counted again, for nothing, on the tap that ends the visit.
    if (!is_new) write_answers();
    {
        Use upsert(st.upsert);
        upsert->bind(1, r.id);
        upsert->bind(2, r.reference);
        upsert->bind(3, identity_.kiosk_id);
        upsert->bind(4, identity_.site);
        upsert->bind(5, identity_.counter);
        if (r.service.empty())
            upsert->bind(6);
        else
            upsert->bind(6, r.service);
        upsert->bind(7, r.language);
        upsert->bind(8, join(r.planned_norms));
        upsert->bind(9, static_cast<std::int64_t>(r.started_ms));
        if (r.finished_ms)
            upsert->bind(10, static_cast<std::int64_t>(r.finished_ms));
        else
            upsert->bind(10);
        upsert->bind(11, r.clock_synchronised ? 1 : 0);
        if (r.grade)
            upsert->bind(12, *r.grade);
        else
            upsert->bind(12);
        upsert->bind(13, static_cast<std::int64_t>(flags));
        upsert->bind(14, r.state == RatingState::final ? "final" : "open");
        if (r.end_reason == EndReason::none)
            upsert->bind(15);
        else
            upsert->bind(15, to_string(r.end_reason));
        if (seq)
            upsert->bind(16, *seq);
        else
            upsert->bind(16);
        // The last answer never before the start: a wall clock stepped back mid-visit would make an
        // abandoned rating (which ends at its last answer) end before it began.
        upsert->bind(17, static_cast<std::int64_t>(std::max(now_ms, r.started_ms)));
        upsert->bind(18, identity_.program_version);
        upsert->bind(19, identity_.config_digest);
        try {
            upsert->exec();
        } catch (const SQLite::Exception& e) {
            if (std::string_view(e.what()).find("rating-already-final") == std::string_view::npos) throw;
            throw RatingAlreadyFinal("rating " + r.id + " is already final in " + path_ +
                                     ": its later answers are not saved");
        }
    }
    if (is_new) write_answers();  // after the rating they belong to
    if (is_new) {
        for (const auto& norm : r.planned_norms) {
            Use asked(st.count_asked);
            asked->bind(1, norm);
            asked->exec();
        }
    }
    tx.commit();
}

std::optional<int> RatingStore::close_open_ratings(std::int64_t now_ms) {
    int closed = 0;
    Written written = with_room(
        [&] {
            SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
            std::int64_t last = db_->execAndGet("SELECT coalesce(max(seq), 0) FROM ratings").getInt64();
            // Each ends at its last answer, not at this restart, and takes the next seq in that order.
            SQLite::Statement close(*db_, R"sql(
                UPDATE ratings SET state = 'final', end_reason = 'abandoned', finished_ms = updated_ms, seq = ? + n
                FROM (SELECT id AS open_id, row_number() OVER (ORDER BY updated_ms, started_ms, id) AS n
                      FROM ratings WHERE state = 'open')
                WHERE id = open_id)sql");
            close.bind(1, static_cast<std::int64_t>(last));
            closed = close.exec();
            tx.commit();
        },
        "the ratings left open", now_ms);
    // A disk that cannot take even this must not keep the kiosk down: they are closed next time.
    if (written != Written::yes) return std::nullopt;
    if (closed > 0)
        log_warning(
            "closed " + std::to_string(closed) +
            " rating(s) left open (cut off by a stop, a crash, a power cut or 'out of order') as abandoned");
    return closed;
}

std::map<std::string, std::int64_t> RatingStore::norm_rotation_counts() {
    std::map<std::string, std::int64_t> counts;
    assert(db_ && "the rotation's counts are read at start, on the connection the constructor opened");
    SQLite::Statement q(*db_, "SELECT norm_id, asked FROM norm_rotation");
    while (q.executeStep()) counts[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
    return counts;
}

void RatingStore::trouble(const std::string& kind, const std::string& message, std::int64_t now_ms) {
    // The same trouble on every tap is one log line and one alert, not thousands.
    if (!ongoing_troubles_.insert(kind).second) return;
    log_error(message);
    raise_alert(kind, message, now_ms);
}

void RatingStore::trouble_over(const std::string& kind, const std::string& message) {
    if (ongoing_troubles_.erase(kind) && !message.empty()) log_info(message);
}

void RatingStore::raise_alert(const std::string& kind, const std::string& message, std::int64_t now_ms) {
    Alert alert{now_ms, kind, message};
    alerts_.push_back(alert);
    unwritten_alerts_.push_back(alert);
    flush_alerts();
}

void RatingStore::flush_alerts() {
    if (unwritten_alerts_.empty() || !db_) return;
    for (;;) {
        try {
            SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
            SQLite::Statement insert(*db_, "INSERT INTO alerts(raised_ms, kind, message) VALUES (?, ?, ?)");
            for (const auto& a : unwritten_alerts_) {
                insert.bind(1, static_cast<std::int64_t>(a.raised_ms));
                insert.bind(2, a.kind);
                insert.bind(3, a.message);
                insert.exec();
                insert.reset();
            }
            tx.commit();
            unwritten_alerts_.clear();
            return;
        } catch (const SQLite::Exception& e) {
            // An alert about a full disk is worth a step of the reserve; otherwise it waits in memory.
            if (!is_full(e, db_.get()) || !reserve_.release_step()) return;
        }
    }
}

std::vector<Alert> RatingStore::alerts() { return alerts_; }

RatingStore::WrongPins RatingStore::manager_wrong_pins() {
    WrongPins wrong;
    if (!db_ && !reconnect()) return wrong;
    SQLite::Statement q(*db_, R"sql(
        SELECT count(*), max(raised_ms) FROM alerts
        WHERE kind = 'manager-pin-wrong'
          AND id > coalesce((SELECT max(id) FROM alerts WHERE kind = 'manager-opened'), 0))sql");
    if (q.executeStep()) {
        wrong.in_a_row = q.getColumn(0).getInt();
        if (!q.getColumn(1).isNull()) wrong.last_ms = q.getColumn(1).getInt64();
    }
    return wrong;
}

std::optional<std::string> RatingStore::query_text(const std::string& sql) {
    if (!db_ && !reconnect()) throw std::runtime_error("the database " + path_ + " cannot be opened again");
    SQLite::Statement q(*db_, sql);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).isNull() ? std::string() : q.getColumn(0).getString();
}

}  // namespace kiosk
