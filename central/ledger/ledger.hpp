// The central store's database: enrolled kiosks, batches and ratings, heartbeats, admin tokens.
// Two backends behind one interface, chosen by a URL: SQLite (one file; small deployments, tests) and
// PostgreSQL (production; several kiosk-central instances share one). Dedup lives in the database's
// unique keys, never in memory, so instances need no state of their own (docs/protocol.md, "A batch").
//
// Every method is safe to call from many threads at once (the service runs on a thread pool): each
// backend keeps a pool of connections. A database that cannot be reached throws LedgerUnavailable;
// a method never returns a half-done write. A value the database itself refuses (a batch for a kiosk
// that is not enrolled, a `finished` time PostgreSQL cannot read, a malformed filter date) is the
// request's fault: std::invalid_argument, saying which.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "site_scores.hpp"

namespace central {

// The database cannot be reached or refused the statement for a reason that is not the request's
// fault (the service answers 503). The message names the database (never its password) and why.
struct LedgerUnavailable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The database's schema is newer than this program knows (another, newer kiosk-central migrated it):
// refused rather than written with assumptions that may no longer hold. A LedgerUnavailable, so the
// service answers 503 and `migrate` fails, with a message saying both versions.
struct SchemaTooNew : LedgerUnavailable {
    using LedgerUnavailable::LedgerUnavailable;
};

struct EnrolledKiosk {
    std::string id;
    std::string public_key;  // base64url without padding, as in the enrolment code
    std::int64_t enrolled_ms = 0;
    std::optional<std::int64_t> revoked_ms;
};

// One rating of a batch, as docs/protocol.md writes it, already checked by the service.
struct IncomingRating {
    std::string id;  // the kiosk's UUIDv7
    std::int64_t seq = 0;
    std::string reference;
    std::string site;
    std::string counter;
    std::optional<std::string> service;
    std::string language;
    std::vector<std::string> norms_asked;
    std::map<std::string, int> answers;  // norm -> 1..5, or 0 for "does not apply"
    std::optional<int> grade;            // 1..10
    std::string started;                 // RFC 3339 as sent
    std::string finished;
    bool clock_synchronised = false;
    std::string end_reason;
    std::int64_t flags = 0;
    std::string program_version;
    std::string config_digest;
};

struct IncomingBatch {
    std::string batch_id;
    std::string kiosk_id;
    std::string body_digest;  // "sha-256=…" of the decoded body
    std::string body;         // the decoded body, kept for IT when it conflicts
    std::int64_t first_seq = 0;
    std::int64_t last_seq = 0;
    std::vector<IncomingRating> ratings;
};

struct BatchOutcome {
    enum class Kind {
        stored,    // new batch: its ratings inserted (accepted) or found (already_present)
        retry,     // the same batch id with the same digest: the counts stored the first time
        conflict,  // the same batch id with another digest: refused, the new body kept for IT
                   // (accepted and already_present are 0; received_ms is the first batch's)
    };
    Kind kind = Kind::stored;
    int accepted = 0;
    int already_present = 0;
    std::int64_t received_ms = 0;  // when the batch was first stored (the receipt's "received")
};

struct FleetEntry {
    std::string kiosk_id;
    std::int64_t enrolled_ms = 0;
    std::optional<std::int64_t> revoked_ms;
    std::optional<std::int64_t> last_seen_ms;   // last heartbeat or batch
    std::optional<std::string> last_heartbeat;  // its JSON body, as sent
    std::int64_t ratings_held = 0;
    std::optional<std::int64_t> max_seq_held;
    // Ranges of seq numbers below the highest held that no rating fills: [first, last].
    std::vector<std::pair<std::int64_t, std::int64_t>> seq_gaps;
    std::int64_t conflicting_batches = 0;
};

struct ExportFilter {
    std::optional<std::string> site;
    std::optional<std::string> counter;
    std::optional<std::string> service;
    std::optional<std::string> from;  // "YYYY-MM-DD" UTC, inclusive, on the rating's "finished"
    std::optional<std::string> to;    // exclusive
};

// A rating as stored, for the CSV export.
struct StoredRating {
    std::string kiosk_id;
    IncomingRating rating;
    std::int64_t received_ms = 0;
};

class Ledger {
  public:
    virtual ~Ledger() = default;

    // "sqlite" or "postgresql".
    virtual std::string backend() const = 0;
    // Brings the schema up to date (forward migrations, each in its own transaction; run by
    // `kiosk-central migrate` and at `serve`). Returns the schema version now in place.
    virtual int migrate() = 0;
    // A cheap round trip (GET /v1/health). Throws LedgerUnavailable.
    virtual void ping() = 0;
    // Whether the database can take a batch now (GET /v1/health, after ping()): a database that answers
    // but cannot write takes every batch's 503 while looking healthy. Cheap enough for a load
    // balancer's polling; each backend's comment says what it checks. Throws LedgerUnavailable saying
    // why not.
    virtual void check_writable() = 0;

    virtual std::optional<EnrolledKiosk> kiosk(const std::string& id) = 0;
    // False when the id is already enrolled (with any key): enrolment never replaces a key.
    virtual bool enrol(const std::string& id, const std::string& public_key, std::int64_t now_ms) = 0;
    // False when the id is not enrolled. Revoking twice keeps the first time.
    virtual bool revoke(const std::string& id, std::int64_t now_ms) = 0;

    // Stores a batch and its ratings in one transaction (docs/protocol.md, "A batch"). Races with
    // other threads or instances on the same batch or ratings meet the unique keys and give the same
    // outcome as a retry; never an exception for that.
    virtual BatchOutcome store_batch(const IncomingBatch& batch, std::int64_t now_ms) = 0;

    // Keeps the kiosk's latest heartbeat (its JSON body as sent) and marks it seen, unless the one kept
    // was signed at the same time or later (`signed_ms`: the request's Kiosk-Time, which the signature
    // covers): a captured heartbeat replayed within the clock-skew window never rolls the fleet view
    // back, nor makes a kiosk look seen. One conditional upsert, so two instances cannot race past it.
    // True when this one was kept.
    virtual bool store_heartbeat(const std::string& kiosk_id, const std::string& body, std::int64_t signed_ms,
                                 std::int64_t now_ms) = 0;

    virtual std::vector<FleetEntry> fleet() = 0;
    // Every stored rating that passes the filter, in (kiosk id, seq) order, one call each.
    virtual void export_ratings(const ExportFilter& filter,
                                const std::function<void(const StoredRating&)>& row) = 0;

    // The site of the kiosk's latest rating (by seq): what the store knows of where the kiosk stands.
    // Nothing when the store holds no rating of it.
    virtual std::optional<std::string> kiosk_site(const std::string& kiosk_id) = 0;
    // A site's figures (site_scores.hpp), read in one snapshot; aggregates only. Throws
    // std::invalid_argument for a time zone the database does not know.
    virtual SiteFigures site_scores(const SiteScoresQuery& query) = 0;

    // Admin tokens are kept only as their SHA-256 ("sha-256=…"); `label` says whose it is.
    virtual void add_admin_token(const std::string& token_hash, const std::string& label,
                                 std::int64_t now_ms) = 0;
    virtual bool admin_token_known(const std::string& token_hash) = 0;
};

// "sqlite:/path/to/central.db" (or a bare path ending in .db) or "postgresql://user@host:port/db"
// (libpq's connection URI). Throws std::invalid_argument for a URL it cannot read, LedgerUnavailable
// when the database cannot be opened. `pool_size`: connections kept for concurrent requests.
std::unique_ptr<Ledger> open_ledger(const std::string& url, int pool_size = 8);

// The URL with any password replaced by "***", for logs and messages.
std::string redacted(const std::string& url);

}  // namespace central
