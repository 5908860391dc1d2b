#include "schema_steps.hpp"

#include <cassert>

#include "ledger.hpp"

namespace central {

// Tables (both backends):
//   schema_migrations  one row per step applied (version, applied_ms)
//   kiosks             enrolled kiosks and their public keys; revoked_ms once revoked
//   batches            one row per batch id: kiosk, body digest, seq range, first arrival, and the
//                      counts stored then (a retry answers with them)
//   batch_conflicts    bodies sent under a known batch id with another digest, kept for IT, never merged
//   ratings            unique on (kiosk_id, id); norms_asked (JSON array) and answers (JSON object) so
//                      the export can give one column per norm; finished_ms parsed from `finished`
//   heartbeats         the latest heartbeat body per kiosk; signed_ms its Kiosk-Time (step 2: an
//                      older one is not kept; NULL for a row from before step 2, which any replaces)
//                      step 3: ratings_by_site, for a site's figures (a year of one site, not of all)
//   admin_tokens       SHA-256 of each admin token, never the token
const std::vector<std::string_view>& sqlite_schema_steps() {
    static const std::vector<std::string_view> steps = {
        R"sql(
        CREATE TABLE kiosks(
            id          TEXT PRIMARY KEY,
            public_key  TEXT NOT NULL,
            enrolled_ms INTEGER NOT NULL,
            revoked_ms  INTEGER
        );
        CREATE TABLE batches(
            id              TEXT PRIMARY KEY,
            kiosk_id        TEXT NOT NULL REFERENCES kiosks(id),
            body_digest     TEXT NOT NULL,
            first_seq       INTEGER NOT NULL,
            last_seq        INTEGER NOT NULL,
            received_ms     INTEGER NOT NULL,
            accepted        INTEGER NOT NULL DEFAULT 0,
            already_present INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX batches_by_kiosk ON batches(kiosk_id, received_ms);
        CREATE TABLE batch_conflicts(
            batch_id    TEXT NOT NULL,
            kiosk_id    TEXT NOT NULL,
            body_digest TEXT NOT NULL,
            body        BLOB NOT NULL,
            received_ms INTEGER NOT NULL,
            PRIMARY KEY (batch_id, body_digest)
        );
        CREATE INDEX batch_conflicts_by_kiosk ON batch_conflicts(kiosk_id);
        CREATE TABLE ratings(
            kiosk_id           TEXT NOT NULL REFERENCES kiosks(id),
            id                 TEXT NOT NULL,
            batch_id           TEXT NOT NULL,
            seq                INTEGER NOT NULL,
            reference          TEXT NOT NULL,
            site               TEXT NOT NULL,
            counter            TEXT NOT NULL,
            service            TEXT,
            language           TEXT NOT NULL,
            norms_asked        TEXT NOT NULL,
            answers            TEXT NOT NULL,
            grade              INTEGER,
            started            TEXT NOT NULL,
            finished           TEXT NOT NULL,
            finished_ms        INTEGER,
            clock_synchronised INTEGER NOT NULL,
            end_reason         TEXT NOT NULL,
            flags              INTEGER NOT NULL,
            program_version    TEXT NOT NULL,
            config_digest      TEXT NOT NULL,
            received_ms        INTEGER NOT NULL,
            PRIMARY KEY (kiosk_id, id)
        );
        CREATE INDEX ratings_by_seq ON ratings(kiosk_id, seq);
        CREATE INDEX ratings_by_finished ON ratings(finished_ms);
        CREATE TABLE heartbeats(
            kiosk_id    TEXT PRIMARY KEY REFERENCES kiosks(id),
            body        TEXT NOT NULL,
            received_ms INTEGER NOT NULL
        );
        CREATE TABLE admin_tokens(
            token_hash TEXT PRIMARY KEY,
            label      TEXT NOT NULL,
            created_ms INTEGER NOT NULL
        );
        )sql",
        R"sql(
        ALTER TABLE heartbeats ADD COLUMN signed_ms INTEGER;
        )sql",
        R"sql(
        CREATE INDEX IF NOT EXISTS ratings_by_site ON ratings(site, finished_ms);
        )sql",
    };
    return steps;
}

const std::vector<std::string_view>& postgresql_schema_steps() {
    static const std::vector<std::string_view> steps = {
        R"sql(
        CREATE TABLE kiosks(
            id          text PRIMARY KEY,
            public_key  text NOT NULL,
            enrolled_ms bigint NOT NULL,
            revoked_ms  bigint
        );
        CREATE TABLE batches(
            id              text PRIMARY KEY,
            kiosk_id        text NOT NULL REFERENCES kiosks(id),
            body_digest     text NOT NULL,
            first_seq       bigint NOT NULL,
            last_seq        bigint NOT NULL,
            received_ms     bigint NOT NULL,
            accepted        integer NOT NULL DEFAULT 0,
            already_present integer NOT NULL DEFAULT 0
        );
        CREATE INDEX batches_by_kiosk ON batches(kiosk_id, received_ms);
        CREATE TABLE batch_conflicts(
            batch_id    text NOT NULL,
            kiosk_id    text NOT NULL,
            body_digest text NOT NULL,
            body        bytea NOT NULL,
            received_ms bigint NOT NULL,
            PRIMARY KEY (batch_id, body_digest)
        );
        CREATE INDEX batch_conflicts_by_kiosk ON batch_conflicts(kiosk_id);
        CREATE TABLE ratings(
            kiosk_id           text NOT NULL REFERENCES kiosks(id),
            id                 text NOT NULL,
            batch_id           text NOT NULL,
            seq                bigint NOT NULL,
            reference          text NOT NULL,
            site               text NOT NULL,
            counter            text NOT NULL,
            service            text,
            language           text NOT NULL,
            norms_asked        jsonb NOT NULL,
            answers            jsonb NOT NULL,
            grade              integer,
            started            text NOT NULL,
            finished           text NOT NULL,
            finished_ms        bigint,
            clock_synchronised boolean NOT NULL,
            end_reason         text NOT NULL,
            flags              bigint NOT NULL,
            program_version    text NOT NULL,
            config_digest      text NOT NULL,
            received_ms        bigint NOT NULL,
            PRIMARY KEY (kiosk_id, id)
        );
        CREATE INDEX ratings_by_seq ON ratings(kiosk_id, seq);
        CREATE INDEX ratings_by_finished ON ratings(finished_ms);
        CREATE TABLE heartbeats(
            kiosk_id    text PRIMARY KEY REFERENCES kiosks(id),
            body        text NOT NULL,
            received_ms bigint NOT NULL
        );
        CREATE TABLE admin_tokens(
            token_hash text PRIMARY KEY,
            label      text NOT NULL,
            created_ms bigint NOT NULL
        );
        )sql",
        R"sql(
        ALTER TABLE heartbeats ADD COLUMN signed_ms bigint;
        )sql",
        R"sql(
        CREATE INDEX IF NOT EXISTS ratings_by_site ON ratings(site, finished_ms);
        )sql",
    };
    return steps;
}

int known_schema_version() {
    assert(sqlite_schema_steps().size() == postgresql_schema_steps().size() &&
           "both backends must know the same schema versions");
    return static_cast<int>(sqlite_schema_steps().size());
}

void refuse_newer_schema(const std::string& database, int version) {
    if (version > known_schema_version()) {
        throw SchemaTooNew(database + ": the database's schema is version " + std::to_string(version) +
                           ", newer than this kiosk-central knows (" +
                           std::to_string(known_schema_version()) +
                           "); run the kiosk-central that migrated it, or a newer one");
    }
}

}  // namespace central
