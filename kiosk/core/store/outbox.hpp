// The outbox: final ratings packed into batches for the central store (docs/protocol.md), on a
// connection of its own (the sync worker's, on its own thread). A batch is built once and kept with
// its bytes: every retry sends the same bytes, so the store can tell a retry from a conflict.
// A batch's body is read and built outside the write lock; only inserting it and marking its ratings
// is a (short) write transaction, so a citizen's tap on the kiosk's connection hardly ever waits for it.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "prune.hpp"
#include "sync_alerts.hpp"

namespace SQLite {
class Database;
}

namespace kiosk {

struct Batch {
    std::string id;  // UUIDv7
    std::int64_t first_seq = 0;
    std::int64_t last_seq = 0;
    int ratings = 0;
    std::string body;         // the JSON of docs/protocol.md, exactly as sent
    std::string body_digest;  // "sha-256=…" of body
    int attempts = 0;
};

class Outbox {
  public:
    static constexpr int max_ratings_per_batch = 1000;
    static constexpr std::size_t max_body_bytes = 1 << 20;  // the store's limit (docs/protocol.md)

    // Opens a connection of its own to the kiosk's database (which the kiosk made); throws
    // std::runtime_error naming the file when that is impossible.
    explicit Outbox(const std::string& database_path);
    ~Outbox();

    // What to send next: the oldest batch still pending (its bytes as built), or else a new batch of
    // the oldest final ratings in no batch yet, up to `max_ratings` and max_body_bytes; nullopt when
    // every final rating is in a batch that is sent or set aside. Two outboxes on one database (the
    // kiosk's worker and `kiosk sync-now`) never put a rating into two batches: the ratings are marked
    // only if still unbatched, else the batch is thrown away and built again.
    std::optional<Batch> next(std::int64_t now_ms, int max_ratings = max_ratings_per_batch);
    // The store acknowledged the batch with a valid receipt (kept with it).
    void delivered(const std::string& batch_id, const std::string& receipt);
    // A try that failed and will be retried (network, 5xx, a 200 without a receipt).
    void failed_attempt(const std::string& batch_id, const std::string& error);
    // The store refused the batch as invalid: kept, never deleted, and no longer in the way.
    void set_aside(const std::string& batch_id, const std::string& problem);
    // Final ratings not yet acknowledged and not set aside: in no batch, or in a pending one.
    std::int64_t pending_ratings();
    // Final ratings in a batch the store refused (set aside): kept, not pending.
    std::int64_t set_aside_ratings();
    // IT fixed the cause, or the slow schedule's turn came: every set-aside batch is pending again (same
    // bytes). Returns how many.
    int retry_set_aside();
    // The same, returning the ids of the batches made pending again.
    std::vector<std::string> retry_set_aside_ids();
    // Those of `ids` still pending go back aside (offered again, they got no answer from the store).
    void set_aside_again(const std::vector<std::string>& ids);

    // The sync side's other short jobs, each on the outbox's connection: the sync side holds no SQL.
    // An alert the sync side raises (logged too; a failure to write it is logged, never thrown).
    void alert(const std::string& kind, const std::string& message, std::int64_t now_ms);
    // The alerts the central store has not been told of, oldest first; then, once a heartbeat with
    // them was answered, marked as told.
    UnreportedAlerts unreported_alerts(int limit = 50);
    void mark_alerts_reported(std::int64_t up_to_id);
    // For the heartbeat: final ratings not acknowledged (set aside included) and the oldest one's end.
    struct Waiting {
        std::int64_t ratings = 0;
        std::optional<std::int64_t> oldest_finished_ms;
        std::int64_t last_seq = 0;
    };
    Waiting waiting();
    // Deletes acknowledged ratings older than keep_days (prune.hpp).
    PruneResult prune_delivered(std::int64_t now_ms, int keep_days);

    // How long the last batch built took to read and build (no lock), and how long its write
    // transaction held the database's write lock.
    std::chrono::microseconds last_build_time() const { return last_build_time_; }
    std::chrono::microseconds last_write_lock_held() const { return last_write_lock_held_; }
    // Tests: runs between building a batch and taking the write lock to mark its ratings.
    void set_before_marking_for_tests(std::function<void()> hook) { before_marking_ = std::move(hook); }

  private:
    std::optional<Batch> pending();
    std::optional<Batch> build(std::int64_t now_ms, int max_ratings);
    bool insert_if_unbatched(const Batch& batch, std::int64_t now_ms);
    std::unique_ptr<SQLite::Database> db_;
    std::function<void()> before_marking_;
    std::chrono::microseconds last_build_time_{0};
    std::chrono::microseconds last_write_lock_held_{0};
};

}  // namespace kiosk
