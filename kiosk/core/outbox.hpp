// The outbox: final ratings packed into batches for the central store (docs/protocol.md), on a
// connection of its own (the sync worker's, on its own thread). A batch is built once and kept with
// its bytes: every retry sends the same bytes, so the store can tell a retry from a conflict.
// Building one is a short write transaction, so a citizen's tap on the kiosk's connection waits for
// it at most a few milliseconds.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

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

    // Opens a connection of its own to the kiosk's database (which the kiosk made); throws
    // std::runtime_error naming the file when that is impossible.
    explicit Outbox(const std::string& database_path);
    ~Outbox();

    // What to send next: the oldest batch still pending (its bytes as built), or else a new batch of
    // the oldest final ratings in no batch yet, up to `max_ratings`; nullopt when every final rating
    // is in a batch that is sent or set aside.
    std::optional<Batch> next(std::int64_t now_ms, int max_ratings = max_ratings_per_batch);
    // The store acknowledged the batch with a valid receipt (kept with it).
    void delivered(const std::string& batch_id, const std::string& receipt);
    // A try that failed and will be retried (network, 5xx, a 200 without a receipt).
    void failed_attempt(const std::string& batch_id, const std::string& error);
    // The store refused the batch as invalid: kept, never deleted, and no longer in the way.
    void set_aside(const std::string& batch_id, const std::string& problem);

  private:
    std::optional<Batch> pending();
    std::unique_ptr<SQLite::Database> db_;
};

}  // namespace kiosk
