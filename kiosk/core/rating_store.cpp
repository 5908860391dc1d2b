#include "rating_store.hpp"

#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "log.hpp"

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
};
static_assert(std::size(migrations) == RatingStore::schema_version);

std::string utc_stamp(std::int64_t ms) {
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y%m%dT%H%M%SZ", &tm);
    return out;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
    return out;
}

bool is_corruption(const SQLite::Exception& e) {
    int code = e.getErrorCode() & 0xff;
    return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

}  // namespace

RatingStore::RatingStore(const std::string& path, KioskIdentity identity, BurstRuleMs burst, std::int64_t now_ms)
    : path_(path), identity_(std::move(identity)), burst_(burst) {
    namespace fs = std::filesystem;
    fs::path parent = fs::path(path_).parent_path();
    if (!parent.empty()) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec) throw std::runtime_error("cannot create the database folder " + parent.string() + ": " + ec.message());
    }
    try {
        open_database();
    } catch (const SQLite::Exception& e) {
        if (!is_corruption(e)) {
            int code = e.getErrorCode() & 0xff;
            std::string why = code == SQLITE_BUSY || code == SQLITE_LOCKED
                                  ? "it is in use by another process (is a second kiosk running on it?)"
                                  : e.what();
            throw std::runtime_error("cannot open the database " + path_ + ": " + why);
        }
        db_.reset();
        set_aside_path_ = path_ + ".corrupt-" + utc_stamp(now_ms);
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::error_code ec;
            if (fs::exists(path_ + suffix)) fs::rename(path_ + suffix, set_aside_path_ + suffix, ec);
            if (ec) throw std::runtime_error("the database " + path_ + " is damaged and could not be moved aside: " + ec.message());
        }
        log_error("the database " + path_ + " is damaged (" + e.what() + "); kept as " + set_aside_path_ +
                  ", starting a fresh one");
        open_database();
        raise_alert("database-corrupt", "damaged database kept as " + set_aside_path_ + ": " + e.what(), now_ms);
    }
}

RatingStore::~RatingStore() {
    if (unsaved_.empty()) return;
    write_unsaved(0);
    if (!unsaved_.empty())
        log_error(std::to_string(unsaved_.size()) + " rating(s) could not be written to " + path_ +
                  " before the kiosk stopped and are lost");
}

void RatingStore::open_database() {
    db_ = std::make_unique<SQLite::Database>(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
    ::chmod(path_.c_str(), 0600);  // ratings are the citizens': readable by the kiosk user only
    db_->setBusyTimeout(2000);
    // One kiosk process owns the file: a second one (a stray test run on the device) must not close
    // this one's open rating behind its back. Exclusive mode also keeps WAL's index in memory, so a
    // restart on a full disk needs no new -shm file.
    db_->exec("PRAGMA locking_mode=EXCLUSIVE");
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("BEGIN EXCLUSIVE; COMMIT;");  // take the lock now, not at the first citizen's tap
    db_->exec("PRAGMA synchronous=FULL");  // a rating the citizen saw accepted is on disk
    db_->exec("PRAGMA foreign_keys=ON");
    std::string check = db_->execAndGet("PRAGMA quick_check").getString();
    if (check != "ok") throw SQLite::Exception("quick_check: " + check, SQLITE_CORRUPT);
    migrate();
}

void RatingStore::migrate() {
    int version = db_->execAndGet("PRAGMA user_version").getInt();
    if (version > schema_version)
        throw std::runtime_error("the database " + path_ + " has schema version " + std::to_string(version) +
                                 ", newer than this program knows (" + std::to_string(schema_version) +
                                 "); install the newer kiosk or point kiosk.database elsewhere");
    for (; version < schema_version; ++version) {
        SQLite::Transaction tx(*db_);
        db_->exec(migrations[version]);
        db_->exec("PRAGMA user_version=" + std::to_string(version + 1));
        tx.commit();
    }
}

bool RatingStore::save(const Rating& rating, std::int64_t now_ms) {
    unsaved_.insert_or_assign(rating.id, rating);
    return write_unsaved(now_ms);
}

bool RatingStore::write_unsaved(std::int64_t now_ms) {
    bool all_written = true;
    for (auto it = unsaved_.begin(); it != unsaved_.end();) {
        if (write(it->second, now_ms)) {
            it = unsaved_.erase(it);
        } else {
            all_written = false;
            ++it;
        }
    }
    if (all_written) {
        flush_alerts();
        ongoing_alerts_.clear();
    }
    return all_written;
}

bool RatingStore::write(const Rating& r, std::int64_t now_ms) {
    try {
        SQLite::Transaction tx(*db_);
        bool is_new = true;
        {
            SQLite::Statement find(*db_, "SELECT state FROM ratings WHERE id = ?");
            find.bind(1, r.id);
            if (find.executeStep()) {
                is_new = false;
                if (find.getColumn(0).getString() == "final") return true;  // final is final
            }
        }
        std::uint32_t flags = r.flags;
        if (r.state == RatingState::final) {
            SQLite::Statement recent(*db_, "SELECT count(*) FROM ratings WHERE state = 'final' AND id <> ? "
                                           "AND finished_ms > ? AND finished_ms <= ?");
            recent.bind(1, r.id);
            recent.bind(2, static_cast<std::int64_t>(r.finished_ms - burst_.window_ms));
            recent.bind(3, static_cast<std::int64_t>(r.finished_ms));
            recent.executeStep();
            if (recent.getColumn(0).getInt() + 1 > burst_.max_ratings) flags |= flag_burst;
        }
        SQLite::Statement upsert(*db_, R"sql(
            INSERT INTO ratings(id, reference, kiosk_id, site, counter, service, language, planned_norms,
                                started_ms, finished_ms, clock_synced, grade, flags, state, end_reason)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
            ON CONFLICT(id) DO UPDATE SET service = excluded.service, language = excluded.language,
                finished_ms = excluded.finished_ms, grade = excluded.grade, flags = excluded.flags,
                state = excluded.state, end_reason = excluded.end_reason)sql");
        upsert.bind(1, r.id);
        upsert.bind(2, r.reference);
        upsert.bind(3, identity_.kiosk_id);
        upsert.bind(4, identity_.site);
        upsert.bind(5, identity_.counter);
        if (r.service.empty()) upsert.bind(6); else upsert.bind(6, r.service);
        upsert.bind(7, r.language);
        upsert.bind(8, join(r.planned_norms));
        upsert.bind(9, static_cast<std::int64_t>(r.started_ms));
        if (r.finished_ms) upsert.bind(10, static_cast<std::int64_t>(r.finished_ms)); else upsert.bind(10);
        upsert.bind(11, r.clock_synchronised ? 1 : 0);
        if (r.grade) upsert.bind(12, *r.grade); else upsert.bind(12);
        upsert.bind(13, static_cast<std::int64_t>(flags));
        upsert.bind(14, r.state == RatingState::final ? "final" : "open");
        if (r.end_reason == EndReason::none) upsert.bind(15); else upsert.bind(15, to_string(r.end_reason));
        upsert.exec();

        SQLite::Statement clear(*db_, "DELETE FROM answers WHERE rating_id = ?");
        clear.bind(1, r.id);
        clear.exec();
        SQLite::Statement answer(*db_, "INSERT INTO answers(rating_id, norm_id, value) VALUES (?, ?, ?)");
        for (const auto& a : r.answers) {
            answer.bind(1, r.id);
            answer.bind(2, a.norm_id);
            answer.bind(3, a.value);
            answer.exec();
            answer.reset();
        }
        if (is_new) {
            SQLite::Statement asked(*db_, "INSERT INTO norm_rotation(norm_id, asked) VALUES (?, 1) "
                                          "ON CONFLICT(norm_id) DO UPDATE SET asked = asked + 1");
            for (const auto& norm : r.planned_norms) {
                asked.bind(1, norm);
                asked.exec();
                asked.reset();
            }
        }
        tx.commit();
        return true;
    } catch (const SQLite::Exception& e) {
        bool full = (e.getErrorCode() & 0xff) == SQLITE_FULL;
        std::string what = full ? "the disk is full" : e.what();
        log_error("cannot save rating " + r.id + " to " + path_ + ": " + what + "; kept in memory, retrying at the next save");
        raise_alert(full ? "disk-full" : "write-failed", "cannot save ratings to " + path_ + ": " + what, now_ms);
        return false;
    }
}

int RatingStore::close_open_ratings(std::int64_t now_ms) {
    int closed = 0;
    try {
        SQLite::Statement close(*db_, "UPDATE ratings SET state = 'final', end_reason = 'abandoned', finished_ms = ? "
                                      "WHERE state = 'open'");
        close.bind(1, static_cast<std::int64_t>(now_ms));
        closed = close.exec();
    } catch (const SQLite::Exception& e) {
        // A full disk at start must not keep the kiosk down: they stay open and are closed next time.
        log_error("cannot close the ratings left open in " + path_ + ": " + e.what());
        raise_alert((e.getErrorCode() & 0xff) == SQLITE_FULL ? "disk-full" : "write-failed",
                    std::string("cannot close ratings left open: ") + e.what(), now_ms);
        return 0;
    }
    if (closed > 0) log_warning("closed " + std::to_string(closed) + " rating(s) left open by an interrupted run");
    return closed;
}

std::map<std::string, std::int64_t> RatingStore::norm_rotation_counts() {
    std::map<std::string, std::int64_t> counts;
    SQLite::Statement q(*db_, "SELECT norm_id, asked FROM norm_rotation");
    while (q.executeStep()) counts[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
    return counts;
}

void RatingStore::raise_alert(const std::string& kind, const std::string& message, std::int64_t now_ms) {
    // The same trouble on every tap is one alert, not thousands: once raised, a kind stays quiet
    // until every kept rating has been written.
    if (!ongoing_alerts_.insert(kind).second) return;
    Alert alert{now_ms, kind, message};
    alerts_.push_back(alert);
    unwritten_alerts_.push_back(alert);
    flush_alerts();
}

void RatingStore::flush_alerts() {
    if (unwritten_alerts_.empty() || !db_) return;
    try {
        SQLite::Transaction tx(*db_);
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
    } catch (const SQLite::Exception&) {
        // Still no room: they stay in memory and go with the next successful save.
    }
}

std::vector<Alert> RatingStore::alerts() { return alerts_; }

std::optional<std::string> RatingStore::query_text(const std::string& sql) {
    SQLite::Statement q(*db_, sql);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).isNull() ? std::string() : q.getColumn(0).getString();
}

}  // namespace kiosk
