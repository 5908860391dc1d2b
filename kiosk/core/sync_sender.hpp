// Sends the outbox's batches and the heartbeat to the central store, and does with each answer what
// docs/protocol.md ("What the kiosk does with each answer") says: a batch counts as delivered only
// on a valid signed receipt. Shared by the kiosk's sync worker and `kiosk sync-now`; it never waits
// between tries itself (the caller does, with Backoff).
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "config.hpp"
#include "outbox.hpp"
#include "sync_transport.hpp"

namespace kiosk {

class KioskKey;

struct SyncIdentity {
    std::string kiosk_id;
    std::string program_version;
    std::string config_digest;
    std::string database_path;
};

enum class SendOutcome { delivered, set_aside, retry_later };

struct SendResult {
    SendOutcome outcome = SendOutcome::retry_later;
    std::string message;  // what happened, for a log line or `sync-now`
    std::optional<std::chrono::seconds> retry_after;
    bool stopped = false;  // abandoned because the kiosk is stopping (not the store's fault)
};

struct SendLoopSummary {
    int delivered = 0;
    int set_aside = 0;
    int failed = 0;  // 0 or 1: the loop stops at the first batch to retry later
    std::string last_error;
    std::optional<std::chrono::seconds> retry_after;
    bool stopped = false;
};

class SyncSender {
  public:
    // `stopping` abandons a transfer under way (see SyncTransport).
    SyncSender(const SyncConfig& config, SyncIdentity identity, const KioskKey& key, Outbox& outbox,
               std::function<bool()> stopping = {});

    // One try of one batch; updates the outbox (delivered, failed_attempt, set_aside) and raises
    // alerts (no-receipt, clock-skew, batch-set-aside).
    SendResult send(const Batch& batch);
    // Sends pending batches, oldest first, until none is left or one must be retried later.
    // `each` hears of every batch tried.
    SendLoopSummary send_pending(const std::function<void(const Batch&, const SendResult&)>& each = {});
    // POST /v1/heartbeats; delivered on 204 (the alerts in it are then marked reported).
    SendResult heartbeat(std::int64_t uptime_s);

    // Seconds added to the kiosk's clock when signing, learnt from a stale-timestamp answer.
    std::int64_t clock_offset_s() const { return clock_offset_s_; }

  private:
    TransportResult post_signed(const std::string& path, const std::string& request_id,
                                const std::string& body, const std::string& body_digest);
    // True when the answer was 401 stale-timestamp with a store_time: the offset is learnt.
    bool learn_clock(const HttpAnswer& answer);
    std::int64_t wall_ms() const;

    const SyncConfig& config_;
    SyncIdentity identity_;
    const KioskKey& key_;
    Outbox& outbox_;
    std::function<bool()> stopping_;
    SyncTransport transport_;
    std::int64_t clock_offset_s_ = 0;
};

// "503 unavailable: the database is down" from a problem+json, or "200, text/html, first bytes: <html>…"
std::string describe_answer(const HttpAnswer& answer);

}  // namespace kiosk
