#include "sqlite_ledger.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "connection_pool.hpp"
#include "rating_columns.hpp"
#include "schema_steps.hpp"
#include "sqlite_site_scores.hpp"

namespace central {
namespace {

using Clock = std::chrono::steady_clock;

// How long one statement waits for the writer lock (SQLite's own busy handler), and how long a whole
// write keeps retrying after that: 50 requests queued behind one another all get through.
constexpr int busy_timeout_ms = 2000;
constexpr auto write_deadline = std::chrono::seconds(60);
// At most this many batches (of up to 1 000 ratings) in one transaction: a bound on its size and on how
// long a batch that comes first waits for those written with it.
constexpr std::size_t max_group_batches = 8;
// Health calls the store unable to write below this much free room: a batch is up to 4 MiB decoded, and
// SQLite writes it to the WAL first and into the file at the checkpoint.
constexpr std::uint64_t min_free_bytes = 8 * 1024 * 1024;

// Keeps the newer heartbeat only (ledger.hpp): one statement, so racing writers cannot both pass.
constexpr const char* heartbeat_upsert_sql = R"sql(
    INSERT INTO heartbeats(kiosk_id, body, received_ms, signed_ms) VALUES (?1, ?2, ?3, ?4)
    ON CONFLICT (kiosk_id) DO UPDATE
        SET body = excluded.body, received_ms = excluded.received_ms, signed_ms = excluded.signed_ms
        WHERE heartbeats.signed_ms IS NULL OR heartbeats.signed_ms < excluded.signed_ms)sql";

struct SqliteConnection {
    explicit SqliteConnection(const std::string& path)
        : db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, busy_timeout_ms) {
        db.exec("PRAGMA journal_mode=WAL");
        db.exec("PRAGMA synchronous=FULL");
        db.exec("PRAGMA foreign_keys=ON");
    }
    SQLite::Database db;
    // Prepared once per connection and re-used for every rating of every batch.
    std::optional<SQLite::Statement> insert_rating;
};

// finished_ms from the RFC 3339 text (SQLite's julianday reads 'Z' and '+hh:mm').
constexpr const char* insert_rating_sql = R"sql(
    INSERT INTO ratings(kiosk_id, id, batch_id, seq, reference, site, counter, service, language,
                        norms_asked, answers, grade, started, finished, clock_synchronised, end_reason,
                        flags, program_version, config_digest, received_ms, finished_ms)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
            CAST(round((julianday(?14) - 2440587.5) * 86400000.0) AS INTEGER))
    ON CONFLICT (kiosk_id, id) DO NOTHING)sql";

bool is_busy(const SQLite::Exception& e) {
    const int code = e.getErrorCode() & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

void bind_optional(SQLite::Statement& statement, int index, const std::optional<std::string>& value) {
    if (value) {
        statement.bind(index, *value);
    } else {
        statement.bind(index);
    }
}

std::optional<std::int64_t> optional_int64(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getInt64();
}

class SqliteLedger final : public Ledger {
  public:
    SqliteLedger(std::string path, int pool_size)
        : name_("sqlite:" + path),
          pool_([path] { return std::make_unique<SqliteConnection>(path); }, pool_size, name_),
          path_(path) {}

    // Opens the first connection now, so a file that cannot be opened is reported at start.
    void check_open() {
        guarded("open the database", [&] {
            auto lease = pool_.borrow();
            lease->db.exec("SELECT count(*) FROM sqlite_master");
            return 0;
        });
    }

    std::string backend() const override { return "sqlite"; }

    int migrate() override {
        return guarded("migrate the schema", [&] {
            const auto& steps = sqlite_schema_steps();
            for (;;) {
                const int version = write([&](SqliteConnection& writer) {
                    auto& db = writer.db;
                    db.exec(
                        "CREATE TABLE IF NOT EXISTS schema_migrations("
                        "version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)");
                    const int current =
                        db.execAndGet("SELECT coalesce(max(version), 0) FROM schema_migrations");
                    refuse_newer_schema(name_, current);
                    if (current >= known_schema_version()) return current;
                    db.exec(std::string(steps[static_cast<std::size_t>(current)]));
                    SQLite::Statement done(
                        db,
                        "INSERT INTO schema_migrations(version, applied_ms) VALUES "
                        "(?, CAST(round((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER))");
                    done.bind(1, current + 1);
                    done.exec();
                    return -1;  // one step done, each in its own transaction: go on with the next
                });
                if (version >= 0) return version;
            }
        });
    }

    void ping() override {
        guarded("reach the database", [&] {
            auto lease = pool_.borrow();
            return lease->db.execAndGet("SELECT 1").getInt();
        });
    }

    // The room left on the database's file system, not a write: with SQLite's WAL a small write goes
    // into pages the log already holds and succeeds on a full disk, while the next batch, which needs
    // the file or the log to grow, fails. A read-only mount is refused the same way.
    void check_writable() override {
        const std::string folder = std::filesystem::path(path_).parent_path().string();
        struct statvfs room {};
        if (::statvfs(folder.empty() ? "." : folder.c_str(), &room) != 0)
            throw LedgerUnavailable(name_ +
                                    ": cannot see the room left on its file system: " + std::strerror(errno));
        if ((room.f_flag & ST_RDONLY) != 0)
            throw LedgerUnavailable(name_ + ": its file system is mounted read-only");
        const auto free_bytes = static_cast<std::uint64_t>(room.f_bavail) * room.f_frsize;
        if (free_bytes < min_free_bytes)
            throw LedgerUnavailable(name_ + ": " + std::to_string(free_bytes) +
                                    " bytes free on its file system, under the " +
                                    std::to_string(min_free_bytes) + " a batch may need");
    }

    std::optional<EnrolledKiosk> kiosk(const std::string& id) override {
        return guarded("read a kiosk", [&]() -> std::optional<EnrolledKiosk> {
            auto lease = pool_.borrow();
            SQLite::Statement query(lease->db,
                                    "SELECT public_key, enrolled_ms, revoked_ms FROM kiosks WHERE id = ?");
            query.bind(1, id);
            if (!query.executeStep()) return std::nullopt;
            return EnrolledKiosk{id, query.getColumn(0).getString(), query.getColumn(1).getInt64(),
                                 optional_int64(query.getColumn(2))};
        });
    }

    bool enrol(const std::string& id, const std::string& public_key, std::int64_t now_ms) override {
        return guarded("enrol a kiosk", [&] {
            return write([&](SqliteConnection& writer) {
                auto& db = writer.db;
                SQLite::Statement insert(db,
                                         "INSERT INTO kiosks(id, public_key, enrolled_ms) VALUES (?, ?, ?) "
                                         "ON CONFLICT (id) DO NOTHING");
                insert.bind(1, id);
                insert.bind(2, public_key);
                insert.bind(3, now_ms);
                return insert.exec() == 1;
            });
        });
    }

    bool revoke(const std::string& id, std::int64_t now_ms) override {
        return guarded("revoke a kiosk", [&] {
            return write([&](SqliteConnection& writer) {
                auto& db = writer.db;
                SQLite::Statement update(
                    db, "UPDATE kiosks SET revoked_ms = coalesce(revoked_ms, ?) WHERE id = ?");
                update.bind(1, now_ms);
                update.bind(2, id);
                return update.exec() == 1;
            });
        });
    }

    // Group commit: a batch waits in queued_ for the writer's turn; whoever gets the turn writes every
    // batch waiting (up to max_group_batches), each in its own savepoint, in one transaction and one
    // fsync, and each thread answers its kiosk only once its batch is committed. With 50 kiosks sending
    // at once the commit (~10 ms, most of it fsync) was half the time a batch held the turn.
    BatchOutcome store_batch(const IncomingBatch& batch, std::int64_t now_ms) override {
        return guarded("store batch " + batch.batch_id, [&] {
            QueuedBatch mine{batch, now_ms};
            // Encoded before the turn, so that the turn is shorter.
            mine.norms_asked.reserve(batch.ratings.size());
            mine.answers.reserve(batch.ratings.size());
            for (const auto& rating : batch.ratings) {
                mine.norms_asked.push_back(norms_asked_json(rating.norms_asked));
                mine.answers.push_back(answers_json(rating.answers));
            }
            {
                std::lock_guard queue(queue_mutex_);
                queued_.push_back(&mine);
            }
            std::lock_guard turn(writer_);
            while (!mine.done) write_queued_batches();
            if (mine.error) std::rethrow_exception(mine.error);
            return *mine.outcome;
        });
    }

    bool store_heartbeat(const std::string& kiosk_id, const std::string& body, std::int64_t signed_ms,
                         std::int64_t now_ms) override {
        return guarded("store a heartbeat of " + kiosk_id, [&] {
            return write([&](SqliteConnection& writer) {
                auto& db = writer.db;
                SQLite::Statement upsert(db, heartbeat_upsert_sql);
                upsert.bind(1, kiosk_id);
                upsert.bind(2, body);
                upsert.bind(3, now_ms);
                upsert.bind(4, signed_ms);
                return upsert.exec() == 1;  // 0: the kept heartbeat was signed at the same time or later
            });
        });
    }

    std::vector<FleetEntry> fleet() override {
        return guarded("read the fleet", [&] {
            auto lease = pool_.borrow();
            auto& db = lease->db;
            std::vector<FleetEntry> entries;
            SQLite::Statement kiosks(db, R"sql(
                SELECT k.id, k.enrolled_ms, k.revoked_ms, h.received_ms, h.body,
                       (SELECT max(received_ms) FROM batches b WHERE b.kiosk_id = k.id),
                       coalesce(r.held, 0), r.max_seq,
                       (SELECT count(*) FROM batch_conflicts c WHERE c.kiosk_id = k.id)
                FROM kiosks k
                LEFT JOIN heartbeats h ON h.kiosk_id = k.id
                LEFT JOIN (SELECT kiosk_id, count(*) AS held, max(seq) AS max_seq FROM ratings GROUP BY kiosk_id) r
                       ON r.kiosk_id = k.id
                ORDER BY k.id)sql");
            while (kiosks.executeStep()) {
                FleetEntry entry;
                entry.kiosk_id = kiosks.getColumn(0).getString();
                entry.enrolled_ms = kiosks.getColumn(1).getInt64();
                entry.revoked_ms = optional_int64(kiosks.getColumn(2));
                const auto heartbeat_ms = optional_int64(kiosks.getColumn(3));
                if (!kiosks.getColumn(4).isNull()) entry.last_heartbeat = kiosks.getColumn(4).getString();
                const auto batch_ms = optional_int64(kiosks.getColumn(5));
                if (heartbeat_ms || batch_ms) {
                    entry.last_seen_ms =
                        std::max(heartbeat_ms.value_or(batch_ms.value_or(0)), batch_ms.value_or(0));
                }
                entry.ratings_held = kiosks.getColumn(6).getInt64();
                entry.max_seq_held = optional_int64(kiosks.getColumn(7));
                entry.conflicting_batches = kiosks.getColumn(8).getInt64();
                entries.push_back(std::move(entry));
            }
            // Gaps: a rating whose predecessor in seq order (0 before the first) is not seq - 1.
            SQLite::Statement gaps(db, R"sql(
                SELECT kiosk_id, previous + 1, seq - 1
                FROM (SELECT kiosk_id, seq, coalesce(lag(seq) OVER (PARTITION BY kiosk_id ORDER BY seq), 0) AS previous
                      FROM ratings)
                WHERE seq > previous + 1
                ORDER BY kiosk_id, seq)sql");
            auto entry = entries.begin();
            while (gaps.executeStep()) {
                const std::string kiosk_id = gaps.getColumn(0).getString();
                while (entry != entries.end() && entry->kiosk_id < kiosk_id) ++entry;
                if (entry == entries.end()) break;
                if (entry->kiosk_id != kiosk_id) continue;
                entry->seq_gaps.emplace_back(gaps.getColumn(1).getInt64(), gaps.getColumn(2).getInt64());
            }
            return entries;
        });
    }

    void export_ratings(const ExportFilter& filter,
                        const std::function<void(const StoredRating&)>& row) override {
        std::optional<std::int64_t> from_ms, to_ms;
        if (filter.from) from_ms = utc_day_start_ms(*filter.from, "from");
        if (filter.to) to_ms = utc_day_start_ms(*filter.to, "to");
        guarded("export ratings", [&] {
            auto lease = pool_.borrow();
            SQLite::Statement query(lease->db, R"sql(
                SELECT kiosk_id, id, seq, reference, site, counter, service, language, norms_asked, answers,
                       grade, started, finished, clock_synchronised, end_reason, flags, program_version,
                       config_digest, received_ms
                FROM ratings
                WHERE (?1 IS NULL OR site = ?1) AND (?2 IS NULL OR counter = ?2) AND (?3 IS NULL OR service = ?3)
                  AND (?4 IS NULL OR finished_ms >= ?4) AND (?5 IS NULL OR finished_ms < ?5)
                ORDER BY kiosk_id, seq)sql");
            bind_optional(query, 1, filter.site);
            bind_optional(query, 2, filter.counter);
            bind_optional(query, 3, filter.service);
            if (from_ms) query.bind(4, *from_ms);
            if (to_ms) query.bind(5, *to_ms);
            while (query.executeStep()) {
                StoredRating stored;
                stored.kiosk_id = query.getColumn(0).getString();
                auto& r = stored.rating;
                r.id = query.getColumn(1).getString();
                r.seq = query.getColumn(2).getInt64();
                r.reference = query.getColumn(3).getString();
                r.site = query.getColumn(4).getString();
                r.counter = query.getColumn(5).getString();
                if (!query.getColumn(6).isNull()) r.service = query.getColumn(6).getString();
                r.language = query.getColumn(7).getString();
                r.norms_asked = norms_asked_from_json(query.getColumn(8).getString());
                r.answers = answers_from_json(query.getColumn(9).getString());
                if (!query.getColumn(10).isNull()) r.grade = query.getColumn(10).getInt();
                r.started = query.getColumn(11).getString();
                r.finished = query.getColumn(12).getString();
                r.clock_synchronised = query.getColumn(13).getInt() != 0;
                r.end_reason = query.getColumn(14).getString();
                r.flags = query.getColumn(15).getInt64();
                r.program_version = query.getColumn(16).getString();
                r.config_digest = query.getColumn(17).getString();
                stored.received_ms = query.getColumn(18).getInt64();
                row(stored);
            }
            return 0;
        });
    }

    std::optional<std::string> kiosk_site(const std::string& kiosk_id) override {
        return guarded("read the site of " + kiosk_id, [&]() -> std::optional<std::string> {
            auto lease = pool_.borrow();
            SQLite::Statement query(lease->db,
                                    "SELECT site FROM ratings WHERE kiosk_id = ? ORDER BY seq DESC LIMIT 1");
            query.bind(1, kiosk_id);
            if (!query.executeStep()) return std::nullopt;
            return query.getColumn(0).getString();
        });
    }

    SiteFigures site_scores(const SiteScoresQuery& query) override {
        return guarded("read the figures of site " + query.site, [&] {
            auto lease = pool_.borrow();
            return sqlite_site_scores(lease->db, query);
        });
    }

    void add_admin_token(const std::string& token_hash, const std::string& label,
                         std::int64_t now_ms) override {
        guarded("add an admin token", [&] {
            return write([&](SqliteConnection& writer) {
                auto& db = writer.db;
                SQLite::Statement insert(
                    db,
                    "INSERT INTO admin_tokens(token_hash, label, created_ms) VALUES (?, ?, ?) "
                    "ON CONFLICT (token_hash) DO UPDATE SET label = excluded.label");
                insert.bind(1, token_hash);
                insert.bind(2, label);
                insert.bind(3, now_ms);
                return insert.exec();
            });
        });
    }

    bool admin_token_known(const std::string& token_hash) override {
        return guarded("check an admin token", [&] {
            auto lease = pool_.borrow();
            SQLite::Statement query(lease->db, "SELECT 1 FROM admin_tokens WHERE token_hash = ?");
            query.bind(1, token_hash);
            return query.executeStep();
        });
    }

  private:
    // A batch waiting for the writer's turn (see store_batch); it lives on its thread's stack, and that
    // thread waits for writer_ before it reads `done`, so whoever holds writer_ may fill it in.
    struct QueuedBatch {
        QueuedBatch(const IncomingBatch& b, std::int64_t now) : batch(b), now_ms(now) {}
        const IncomingBatch& batch;
        std::int64_t now_ms;
        std::vector<std::string> norms_asked, answers;  // each rating's, as JSON
        std::optional<BatchOutcome> outcome;
        std::exception_ptr error;
        bool done = false;
    };

    // With writer_ held: the oldest waiting batches in one transaction. A batch that fails is rolled back
    // to its savepoint and its thread gets the error; the others are committed. If the transaction itself
    // fails, every batch in it gets the error (a kiosk sends the batch again: nothing is lost, and a
    // batch that was stored after all is answered as a retry).
    void write_queued_batches() {
        std::vector<QueuedBatch*> group;
        {
            std::lock_guard queue(queue_mutex_);
            const auto count = std::min(queued_.size(), max_group_batches);
            group.assign(queued_.begin(), queued_.begin() + static_cast<std::ptrdiff_t>(count));
            queued_.erase(queued_.begin(), queued_.begin() + static_cast<std::ptrdiff_t>(count));
        }
        try {
            write_in_turn([&](SqliteConnection& writer) {
                for (QueuedBatch* queued : group) {
                    queued->outcome.reset();
                    queued->error = nullptr;
                    writer.db.exec("SAVEPOINT batch");
                    try {
                        queued->outcome = store_batch_in_transaction(writer, *queued);
                        writer.db.exec("RELEASE batch");
                    } catch (...) {
                        // SQLite may have ended the whole transaction (a full disk, an I/O error).
                        if (sqlite3_get_autocommit(writer.db.getHandle()) != 0) throw;
                        writer.db.exec("ROLLBACK TO batch");
                        writer.db.exec("RELEASE batch");
                        queued->outcome.reset();
                        queued->error = std::current_exception();
                    }
                }
                return 0;
            });
        } catch (...) {
            for (QueuedBatch* queued : group) queued->error = std::current_exception();
        }
        for (QueuedBatch* queued : group) queued->done = true;
    }

    BatchOutcome store_batch_in_transaction(SqliteConnection& connection, const QueuedBatch& queued) {
        const IncomingBatch& batch = queued.batch;
        const std::int64_t now_ms = queued.now_ms;
        auto& db = connection.db;
        SQLite::Statement insert_batch(db, R"sql(
            INSERT INTO batches(id, kiosk_id, body_digest, first_seq, last_seq, received_ms)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING)sql");
        insert_batch.bind(1, batch.batch_id);
        insert_batch.bind(2, batch.kiosk_id);
        insert_batch.bind(3, batch.body_digest);
        insert_batch.bind(4, batch.first_seq);
        insert_batch.bind(5, batch.last_seq);
        insert_batch.bind(6, now_ms);
        if (insert_batch.exec() == 0) return known_batch(db, batch, now_ms);

        if (!connection.insert_rating) connection.insert_rating.emplace(db, insert_rating_sql);
        auto& insert = *connection.insert_rating;
        int accepted = 0;
        // bindNoCopy: every string outlives the statement's step (the batch and `queued` are the caller's).
        for (std::size_t i = 0; i < batch.ratings.size(); ++i) {
            const IncomingRating& rating = batch.ratings[i];
            insert.reset();
            insert.clearBindings();
            insert.bindNoCopy(1, batch.kiosk_id);
            insert.bindNoCopy(2, rating.id);
            insert.bindNoCopy(3, batch.batch_id);
            insert.bind(4, rating.seq);
            insert.bindNoCopy(5, rating.reference);
            insert.bindNoCopy(6, rating.site);
            insert.bindNoCopy(7, rating.counter);
            if (rating.service) insert.bindNoCopy(8, *rating.service);
            insert.bindNoCopy(9, rating.language);
            insert.bindNoCopy(10, queued.norms_asked[i]);
            insert.bindNoCopy(11, queued.answers[i]);
            if (rating.grade) insert.bind(12, *rating.grade);
            insert.bindNoCopy(13, rating.started);
            insert.bindNoCopy(14, rating.finished);
            insert.bind(15, rating.clock_synchronised ? 1 : 0);
            insert.bindNoCopy(16, rating.end_reason);
            insert.bind(17, rating.flags);
            insert.bindNoCopy(18, rating.program_version);
            insert.bindNoCopy(19, rating.config_digest);
            insert.bind(20, now_ms);
            accepted += insert.exec();
        }
        insert.reset();
        const int already_present = static_cast<int>(batch.ratings.size()) - accepted;
        SQLite::Statement counts(db, "UPDATE batches SET accepted = ?, already_present = ? WHERE id = ?");
        counts.bind(1, accepted);
        counts.bind(2, already_present);
        counts.bind(3, batch.batch_id);
        counts.exec();
        return BatchOutcome{BatchOutcome::Kind::stored, accepted, already_present, now_ms};
    }

    // The batch id is known: a retry (same digest) gets the first counts; another digest is a conflict,
    // its body kept aside for IT.
    static BatchOutcome known_batch(SQLite::Database& db, const IncomingBatch& batch, std::int64_t now_ms) {
        SQLite::Statement first(
            db, "SELECT body_digest, accepted, already_present, received_ms FROM batches WHERE id = ?");
        first.bind(1, batch.batch_id);
        const bool found = first.executeStep();
        assert(found && "the batch row that refused the insert is there, inside the same transaction");
        const std::int64_t received_ms = first.getColumn(3).getInt64();
        if (first.getColumn(0).getString() == batch.body_digest) {
            return BatchOutcome{BatchOutcome::Kind::retry, first.getColumn(1).getInt(),
                                first.getColumn(2).getInt(), received_ms};
        }
        SQLite::Statement keep(db, R"sql(
            INSERT INTO batch_conflicts(batch_id, kiosk_id, body_digest, body, received_ms)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING)sql");
        keep.bind(1, batch.batch_id);
        keep.bind(2, batch.kiosk_id);
        keep.bind(3, batch.body_digest);
        keep.bind(4, batch.body.data(), static_cast<int>(batch.body.size()));
        keep.bind(5, now_ms);
        keep.exec();
        return BatchOutcome{BatchOutcome::Kind::conflict, 0, 0, received_ms};
    }

    // One write transaction, BEGIN IMMEDIATE (the writer lock up front, so it never has to be upgraded
    // mid-way and fail), retried from the start while another process holds the lock.
    // SQLite runs one writer at a time, so this process writes through one connection, in turn (writer_):
    // the next thread starts the moment the last commits, instead of polling for the lock with SQLite's
    // busy handler and the pauses below (50 kiosks on 8 threads then stored fewer batches a second than
    // on 2; now 2, 4 and 8 threads measure the same). One connection also keeps its page cache: SQLite
    // empties a connection's cache when another one has written. Reads use the pool.
    template <class Work>
    auto write(Work&& work) -> decltype(work(std::declval<SqliteConnection&>())) {
        std::lock_guard turn(writer_);
        return write_in_turn(std::forward<Work>(work));
    }

    // write() with writer_ already held.
    template <class Work>
    auto write_in_turn(Work&& work) -> decltype(work(std::declval<SqliteConnection&>())) {
        if (!writer_connection_) writer_connection_ = std::make_unique<SqliteConnection>(path_);
        SqliteConnection& writer = *writer_connection_;
        auto& db = writer.db;
        const auto deadline = Clock::now() + write_deadline;
        std::minstd_rand random(std::random_device{}());
        for (int attempt = 0;; ++attempt) {
            try {
                db.exec("BEGIN IMMEDIATE");
                auto result = work(writer);
                db.exec("COMMIT");
                return result;
            } catch (const SQLite::Exception& e) {
                roll_back(db);
                if (!is_busy(e) || Clock::now() > deadline) throw;
            } catch (...) {
                roll_back(db);
                throw;
            }
            // A short random pause, so waiting writers do not all retry in step.
            std::this_thread::sleep_for(std::chrono::milliseconds(1 + random() % (attempt < 10 ? 10 : 50)));
        }
    }

    static void roll_back(SQLite::Database& db) noexcept {
        if (sqlite3_get_autocommit(db.getHandle()) == 0) {
            try {
                db.exec("ROLLBACK");
            } catch (...) {
                // Nothing more to do: SQLite rolls back by itself when the connection closes.
            }
        }
    }

    // Database errors become LedgerUnavailable naming the file and what was being done; a constraint
    // the data broke (a kiosk that is not enrolled) is the request's fault.
    template <class Work>
    auto guarded(const std::string& doing, Work&& work) -> decltype(work()) {
        try {
            return work();
        } catch (const SQLite::Exception& e) {
            if ((e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT) {
                throw std::invalid_argument(name_ + ": cannot " + doing + ": " + e.what());
            }
            throw LedgerUnavailable(name_ + ": cannot " + doing + ": " + e.what());
        }
    }

    std::string name_;
    ConnectionPool<SqliteConnection> pool_;
    std::string path_;
    std::mutex writer_;  // see write(); guards writer_connection_
    std::unique_ptr<SqliteConnection> writer_connection_;
    std::mutex queue_mutex_;           // guards queued_
    std::deque<QueuedBatch*> queued_;  // see store_batch
};

}  // namespace

std::unique_ptr<Ledger> open_sqlite_ledger(const std::string& path, int pool_size) {
    auto ledger = std::make_unique<SqliteLedger>(path, pool_size);
    ledger->check_open();
    return ledger;
}

}  // namespace central
