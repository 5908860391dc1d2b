#include "postgresql_ledger.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "connection_pool.hpp"
#include "pg_connection.hpp"
#include "postgresql_site_scores.hpp"
#include "rating_columns.hpp"
#include "schema_steps.hpp"

namespace central {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto retry_deadline = std::chrono::seconds(60);
// Serialises migrations of several instances started at once (pg_advisory_xact_lock's key).
constexpr const char* migration_lock_key = "7466011932";

// The ratings of a batch go in as one JSON parameter, unpacked by json_to_recordset: one statement and
// one round trip per batch, whatever its size. Sorted by id so that two batches sharing ratings take
// their row locks in the same order and never deadlock. The same statement writes the counts on the
// batch row.
constexpr const char* insert_ratings_sql = R"sql(
    WITH incoming AS (
        SELECT * FROM json_to_recordset($3::json) AS r(
            id text, seq bigint, reference text, site text, counter text, service text, language text,
            norms_asked jsonb, answers jsonb, grade integer, started text, finished text,
            clock_synchronised boolean, end_reason text, flags bigint, program_version text,
            config_digest text)
    ), inserted AS (
        INSERT INTO ratings(kiosk_id, id, batch_id, seq, reference, site, counter, service, language,
                            norms_asked, answers, grade, started, finished, clock_synchronised, end_reason,
                            flags, program_version, config_digest, received_ms, finished_ms)
        SELECT $1, id, $2, seq, reference, site, counter, service, language, norms_asked, answers, grade,
               started, finished, clock_synchronised, end_reason, flags, program_version, config_digest, $4,
               (extract(epoch FROM finished::timestamptz) * 1000)::bigint
        FROM incoming ORDER BY id
        ON CONFLICT (kiosk_id, id) DO NOTHING
        RETURNING 1
    )
    UPDATE batches SET accepted = (SELECT count(*) FROM inserted),
                       already_present = $5 - (SELECT count(*) FROM inserted)
    WHERE id = $2
    RETURNING accepted, already_present)sql";

std::string ratings_json(const IncomingBatch& batch) {
    auto ratings = nlohmann::json::array();
    for (const auto& r : batch.ratings) {
        ratings.push_back({{"id", r.id},
                           {"seq", r.seq},
                           {"reference", r.reference},
                           {"site", r.site},
                           {"counter", r.counter},
                           {"service", r.service ? nlohmann::json(*r.service) : nlohmann::json()},
                           {"language", r.language},
                           {"norms_asked", r.norms_asked},
                           {"answers", r.answers},
                           {"grade", r.grade ? nlohmann::json(*r.grade) : nlohmann::json()},
                           {"started", r.started},
                           {"finished", r.finished},
                           {"clock_synchronised", r.clock_synchronised},
                           {"end_reason", r.end_reason},
                           {"flags", r.flags},
                           {"program_version", r.program_version},
                           {"config_digest", r.config_digest}});
    }
    return ratings.dump();
}

PgParam optional_text(const std::optional<std::string>& value) {
    return value ? PgParam::text(*value) : PgParam::null();
}

// One transaction on one connection; rolled back when `work` throws (unless the connection is gone,
// which rolls it back on the server's side).
template <class Work>
auto transaction(PgConnection& connection, Work&& work) -> decltype(work()) {
    connection.run("BEGIN");
    try {
        auto result = work();
        connection.run("COMMIT");
        return result;
    } catch (...) {
        if (!connection.lost()) {
            try {
                connection.run("ROLLBACK");
            } catch (...) {
                // The caller's error says more than this one.
            }
        }
        throw;
    }
}

class PostgresqlLedger final : public Ledger {
  public:
    PostgresqlLedger(const std::string& url, int pool_size)
        : name_(redacted(url)),
          pool_([url] { return std::make_unique<PgConnection>(url); }, pool_size, name_) {}

    std::string backend() const override { return "postgresql"; }

    int migrate() override {
        return guarded("migrate the schema", [&](PgConnection& c) {
            for (;;) {
                const int version = transaction(c, [&] {
                    c.run("SELECT pg_advisory_xact_lock($1::bigint)", {PgParam::text(migration_lock_key)});
                    c.run(
                        "CREATE TABLE IF NOT EXISTS schema_migrations("
                        "version integer PRIMARY KEY, applied_ms bigint NOT NULL)");
                    const auto current_result =
                        c.run("SELECT coalesce(max(version), 0) FROM schema_migrations");
                    const int current = static_cast<int>(pg_int(current_result.get(), 0, 0));
                    refuse_newer_schema(name_, current);
                    if (current >= known_schema_version()) return current;
                    c.run_script(
                        std::string(postgresql_schema_steps()[static_cast<std::size_t>(current)]).c_str());
                    c.run(
                        "INSERT INTO schema_migrations(version, applied_ms) "
                        "VALUES ($1, (extract(epoch FROM now()) * 1000)::bigint)",
                        {PgParam::number(current + 1)});
                    return -1;  // one step done, each in its own transaction: go on with the next
                });
                if (version >= 0) return version;
            }
        });
    }

    void ping() override {
        guarded("reach the database", [&](PgConnection& c) { return c.run("SELECT 1") != nullptr; });
    }

    // A transaction that takes a transaction id commits a record to the WAL, flushed as every commit
    // is, so it fails on a standby (after a fail-over, an instance still connected to the old primary)
    // and when the server cannot write its WAL; the UPDATE that matches no row is refused in a database
    // set read-only. Nothing is changed. The server's data disk is not visible from here: a batch
    // refused for a full one is a 503 the kiosk retries.
    void check_writable() override {
        guarded("write to the database", [&](PgConnection& c) {
            return transaction(c, [&] {
                c.run("SELECT txid_current()");
                return c.run("UPDATE schema_migrations SET version = version WHERE false") != nullptr;
            });
        });
    }

    std::optional<EnrolledKiosk> kiosk(const std::string& id) override {
        return guarded("read a kiosk", [&](PgConnection& c) -> std::optional<EnrolledKiosk> {
            const auto r = c.run("SELECT public_key, enrolled_ms, revoked_ms FROM kiosks WHERE id = $1",
                                 {PgParam::text(id)});
            if (PQntuples(r.get()) == 0) return std::nullopt;
            return EnrolledKiosk{id, pg_text(r.get(), 0, 0), pg_int(r.get(), 0, 1),
                                 pg_optional_int(r.get(), 0, 2)};
        });
    }

    bool enrol(const std::string& id, const std::string& public_key, std::int64_t now_ms) override {
        return guarded("enrol a kiosk", [&](PgConnection& c) {
            const auto r = c.run(
                "INSERT INTO kiosks(id, public_key, enrolled_ms) VALUES ($1, $2, $3) "
                "ON CONFLICT (id) DO NOTHING RETURNING 1",
                {PgParam::text(id), PgParam::text(public_key), PgParam::number(now_ms)});
            return PQntuples(r.get()) == 1;
        });
    }

    bool revoke(const std::string& id, std::int64_t now_ms) override {
        return guarded("revoke a kiosk", [&](PgConnection& c) {
            const auto r =
                c.run("UPDATE kiosks SET revoked_ms = coalesce(revoked_ms, $1) WHERE id = $2 RETURNING 1",
                      {PgParam::number(now_ms), PgParam::text(id)});
            return PQntuples(r.get()) == 1;
        });
    }

    BatchOutcome store_batch(const IncomingBatch& batch, std::int64_t now_ms) override {
        const std::string ratings = ratings_json(batch);
        return guarded("store batch " + batch.batch_id, [&](PgConnection& c) {
            return transaction(c, [&] {
                // When another transaction is inserting the same id, this waits for it to end (READ
                // COMMITTED), then does nothing: the row it committed is read below, as for a retry.
                const auto inserted = c.run(
                    "INSERT INTO batches(id, kiosk_id, body_digest, first_seq, last_seq, received_ms) "
                    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING 1",
                    {PgParam::text(batch.batch_id), PgParam::text(batch.kiosk_id),
                     PgParam::text(batch.body_digest), PgParam::number(batch.first_seq),
                     PgParam::number(batch.last_seq), PgParam::number(now_ms)});
                if (PQntuples(inserted.get()) == 0) return known_batch(c, batch, now_ms);
                const auto counts = c.run(insert_ratings_sql,
                                          {PgParam::text(batch.kiosk_id), PgParam::text(batch.batch_id),
                                           PgParam::text(ratings), PgParam::number(now_ms),
                                           PgParam::number(static_cast<std::int64_t>(batch.ratings.size()))});
                return BatchOutcome{BatchOutcome::Kind::stored, static_cast<int>(pg_int(counts.get(), 0, 0)),
                                    static_cast<int>(pg_int(counts.get(), 0, 1)), now_ms};
            });
        });
    }

    bool store_heartbeat(const std::string& kiosk_id, const std::string& body, std::int64_t signed_ms,
                         std::int64_t now_ms) override {
        return guarded("store a heartbeat of " + kiosk_id, [&](PgConnection& c) {
            // Keeps the newer heartbeat only (ledger.hpp); RETURNING gives no row when it was not kept.
            const auto r = c.run(
                "INSERT INTO heartbeats(kiosk_id, body, received_ms, signed_ms) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (kiosk_id) DO UPDATE "
                "SET body = excluded.body, received_ms = excluded.received_ms, signed_ms = "
                "excluded.signed_ms "
                "WHERE heartbeats.signed_ms IS NULL OR heartbeats.signed_ms < excluded.signed_ms RETURNING 1",
                {PgParam::text(kiosk_id), PgParam::text(body), PgParam::number(now_ms),
                 PgParam::number(signed_ms)});
            return PQntuples(r.get()) == 1;
        });
    }

    std::vector<FleetEntry> fleet() override {
        return guarded("read the fleet", [&](PgConnection& c) {
            // One snapshot for both queries, so the gaps belong to the counts beside them.
            return transaction(c, [&] {
                c.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                const auto kiosks = c.run(R"sql(
                    SELECT k.id, k.enrolled_ms, k.revoked_ms, h.received_ms, h.body,
                           (SELECT max(received_ms) FROM batches b WHERE b.kiosk_id = k.id),
                           coalesce(r.held, 0), r.max_seq,
                           (SELECT count(*) FROM batch_conflicts c WHERE c.kiosk_id = k.id)
                    FROM kiosks k
                    LEFT JOIN heartbeats h ON h.kiosk_id = k.id
                    LEFT JOIN (SELECT kiosk_id, count(*) AS held, max(seq) AS max_seq FROM ratings GROUP BY kiosk_id) r
                           ON r.kiosk_id = k.id
                    ORDER BY k.id COLLATE "C")sql");
                std::vector<FleetEntry> entries;
                const PGresult* k = kiosks.get();
                for (int i = 0; i < PQntuples(k); ++i) {
                    FleetEntry entry;
                    entry.kiosk_id = pg_text(k, i, 0);
                    entry.enrolled_ms = pg_int(k, i, 1);
                    entry.revoked_ms = pg_optional_int(k, i, 2);
                    const auto heartbeat_ms = pg_optional_int(k, i, 3);
                    entry.last_heartbeat = pg_optional_text(k, i, 4);
                    const auto batch_ms = pg_optional_int(k, i, 5);
                    if (heartbeat_ms || batch_ms) {
                        entry.last_seen_ms =
                            std::max(heartbeat_ms.value_or(batch_ms.value_or(0)), batch_ms.value_or(0));
                    }
                    entry.ratings_held = pg_int(k, i, 6);
                    entry.max_seq_held = pg_optional_int(k, i, 7);
                    entry.conflicting_batches = pg_int(k, i, 8);
                    entries.push_back(std::move(entry));
                }
                // Gaps: a rating whose predecessor in seq order (0 before the first) is not seq - 1.
                const auto gaps = c.run(R"sql(
                    SELECT kiosk_id, previous + 1, seq - 1
                    FROM (SELECT kiosk_id, seq,
                                 coalesce(lag(seq) OVER (PARTITION BY kiosk_id ORDER BY seq), 0) AS previous
                          FROM ratings) AS ordered
                    WHERE seq > previous + 1
                    ORDER BY kiosk_id COLLATE "C", seq)sql");
                for (int i = 0; i < PQntuples(gaps.get()); ++i) {
                    const std::string kiosk_id = pg_text(gaps.get(), i, 0);
                    for (auto& entry : entries) {
                        if (entry.kiosk_id == kiosk_id) {
                            entry.seq_gaps.emplace_back(pg_int(gaps.get(), i, 1), pg_int(gaps.get(), i, 2));
                            break;
                        }
                    }
                }
                return entries;
            });
        });
    }

    void export_ratings(const ExportFilter& filter,
                        const std::function<void(const StoredRating&)>& row) override {
        std::optional<std::int64_t> from_ms, to_ms;
        if (filter.from) from_ms = utc_day_start_ms(*filter.from, "from");
        if (filter.to) to_ms = utc_day_start_ms(*filter.to, "to");
        const auto number_or_null = [](const std::optional<std::int64_t>& v) {
            return v ? PgParam::number(*v) : PgParam::null();
        };
        bool delivered_any = false;
        guarded(
            "export ratings",
            [&](PgConnection& c) {
                c.stream(R"sql(
                SELECT kiosk_id, id, seq, reference, site, counter, service, language, norms_asked, answers,
                       grade, started, finished, clock_synchronised, end_reason, flags, program_version,
                       config_digest, received_ms
                FROM ratings
                WHERE ($1::text IS NULL OR site = $1) AND ($2::text IS NULL OR counter = $2)
                  AND ($3::text IS NULL OR service = $3)
                  AND ($4::bigint IS NULL OR finished_ms >= $4) AND ($5::bigint IS NULL OR finished_ms < $5)
                ORDER BY kiosk_id COLLATE "C", seq)sql",
                         {optional_text(filter.site), optional_text(filter.counter),
                          optional_text(filter.service), number_or_null(from_ms), number_or_null(to_ms)},
                         [&](PGresult* q) {
                             StoredRating stored;
                             stored.kiosk_id = pg_text(q, 0, 0);
                             auto& r = stored.rating;
                             r.id = pg_text(q, 0, 1);
                             r.seq = pg_int(q, 0, 2);
                             r.reference = pg_text(q, 0, 3);
                             r.site = pg_text(q, 0, 4);
                             r.counter = pg_text(q, 0, 5);
                             r.service = pg_optional_text(q, 0, 6);
                             r.language = pg_text(q, 0, 7);
                             r.norms_asked = norms_asked_from_json(pg_text(q, 0, 8));
                             r.answers = answers_from_json(pg_text(q, 0, 9));
                             if (auto grade = pg_optional_int(q, 0, 10)) r.grade = static_cast<int>(*grade);
                             r.started = pg_text(q, 0, 11);
                             r.finished = pg_text(q, 0, 12);
                             r.clock_synchronised = pg_text(q, 0, 13) == "t";
                             r.end_reason = pg_text(q, 0, 14);
                             r.flags = pg_int(q, 0, 15);
                             r.program_version = pg_text(q, 0, 16);
                             r.config_digest = pg_text(q, 0, 17);
                             stored.received_ms = pg_int(q, 0, 18);
                             delivered_any = true;
                             row(stored);
                         });
                return 0;
            },
            &delivered_any);
    }

    std::optional<std::string> kiosk_site(const std::string& kiosk_id) override {
        return guarded("read the site of " + kiosk_id, [&](PgConnection& c) -> std::optional<std::string> {
            const auto r = c.run("SELECT site FROM ratings WHERE kiosk_id = $1 ORDER BY seq DESC LIMIT 1",
                                 {PgParam::text(kiosk_id)});
            if (PQntuples(r.get()) == 0) return std::nullopt;
            return pg_text(r.get(), 0, 0);
        });
    }

    SiteFigures site_scores(const SiteScoresQuery& query) override {
        return guarded("read the figures of site " + query.site, [&](PgConnection& c) {
            return transaction(c, [&] {
                c.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                return postgresql_site_scores(c, query);
            });
        });
    }

    void add_admin_token(const std::string& token_hash, const std::string& label,
                         std::int64_t now_ms) override {
        guarded("add an admin token", [&](PgConnection& c) {
            return c.run(
                       "INSERT INTO admin_tokens(token_hash, label, created_ms) VALUES ($1, $2, $3) "
                       "ON CONFLICT (token_hash) DO UPDATE SET label = excluded.label",
                       {PgParam::text(token_hash), PgParam::text(label), PgParam::number(now_ms)}) != nullptr;
        });
    }

    bool admin_token_known(const std::string& token_hash) override {
        return guarded("check an admin token", [&](PgConnection& c) {
            return PQntuples(
                       c.run("SELECT 1 FROM admin_tokens WHERE token_hash = $1", {PgParam::text(token_hash)})
                           .get()) == 1;
        });
    }

    // Opens the first connection now, so a database that cannot be reached is reported at start.
    void check_open() { ping(); }

  private:
    // The batch id is known: a retry (same digest) gets the first counts; another digest is a conflict,
    // its body kept aside for IT.
    static BatchOutcome known_batch(PgConnection& c, const IncomingBatch& batch, std::int64_t now_ms) {
        const auto first =
            c.run("SELECT body_digest, accepted, already_present, received_ms FROM batches WHERE id = $1",
                  {PgParam::text(batch.batch_id)});
        if (PQntuples(first.get()) != 1) {
            // Only when the row was deleted between the two statements, which nothing in the ledger does.
            throw PgError("batch " + batch.batch_id + " vanished while being stored", "40001", false);
        }
        const std::int64_t received_ms = pg_int(first.get(), 0, 3);
        if (pg_text(first.get(), 0, 0) == batch.body_digest) {
            return BatchOutcome{BatchOutcome::Kind::retry, static_cast<int>(pg_int(first.get(), 0, 1)),
                                static_cast<int>(pg_int(first.get(), 0, 2)), received_ms};
        }
        c.run(
            "INSERT INTO batch_conflicts(batch_id, kiosk_id, body_digest, body, received_ms) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            {PgParam::text(batch.batch_id), PgParam::text(batch.kiosk_id), PgParam::text(batch.body_digest),
             PgParam::bytes(batch.body), PgParam::number(now_ms)});
        return BatchOutcome{BatchOutcome::Kind::conflict, 0, 0, received_ms};
    }

    // Runs `work` on a pooled connection. A connection that broke (the server restarted, a proxy
    // dropped it) is discarded with the idle ones and the work tried once more on a fresh one;
    // deadlocks and serialisation failures are retried until a deadline. What remains becomes
    // LedgerUnavailable naming the database, or std::invalid_argument when the data was refused.
    // `delivered` (export): once rows went out, a retry would repeat them, so there is none.
    template <class Work>
    auto guarded(const std::string& doing, Work&& work, const bool* delivered = nullptr)
        -> decltype(work(std::declval<PgConnection&>())) {
        const auto deadline = Clock::now() + retry_deadline;
        std::minstd_rand random(std::random_device{}());
        bool reconnected = false;
        for (int attempt = 0;; ++attempt) {
            try {
                auto lease = borrow();
                try {
                    return work(*lease);
                } catch (...) {
                    // Lost, or left mid-result or mid-transaction (an export whose reader threw).
                    if (lease->lost() || !lease->idle()) lease.mark_broken();
                    throw;
                }
            } catch (const PgError& e) {
                const bool may_retry = delivered == nullptr || !*delivered;
                if (e.connection_lost && !reconnected && may_retry) {
                    pool_.drop_idle();
                    reconnected = true;
                    continue;
                }
                const bool contention = e.sqlstate == "40001" || e.sqlstate == "40P01";
                if (contention && may_retry && Clock::now() < deadline) {
                    std::this_thread::sleep_for(
                        std::chrono::milliseconds(1 + random() % (attempt < 10 ? 10 : 100)));
                    continue;
                }
                const std::string message = name_ + ": cannot " + doing + ": " + e.what();
                if (e.sqlstate.rfind("22", 0) == 0 || e.sqlstate.rfind("23", 0) == 0) {
                    throw std::invalid_argument(message);
                }
                throw LedgerUnavailable(message);
            }
        }
    }

    ConnectionPool<PgConnection>::Lease borrow() { return pool_.borrow(); }

    std::string name_;
    ConnectionPool<PgConnection> pool_;
};

}  // namespace

std::unique_ptr<Ledger> open_postgresql_ledger(const std::string& url, int pool_size) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (options == nullptr) {
        std::string reason = error ? error : "out of memory";
        PQfreemem(error);
        while (!reason.empty() && reason.back() == '\n') reason.pop_back();
        throw std::invalid_argument("database URL " + redacted(url) + ": " + reason);
    }
    PQconninfoFree(options);
    auto ledger = std::make_unique<PostgresqlLedger>(url, pool_size);
    ledger->check_open();
    return ledger;
}

}  // namespace central
