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
#include <set>
#include <string>

#include "config.hpp"
#include "outbox.hpp"
#include "refusal.hpp"
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
    int brought_back = 0;  // set-aside batches made pending again by the slow schedule, before sending
    int delivered = 0;
    int set_aside = 0;
    int failed = 0;  // 0 or 1: the loop stops at the first batch to retry later
    std::string last_error;
    std::optional<std::chrono::seconds> retry_after;
    bool stopped = false;
};

class SyncSender {
  public:
    // A store that refuses this many batches in a row, with its signature, refuses everything: the
    // kiosk stops setting batches aside and waits (backoff), so a store's own fault (a wrong
    // configuration, an old version) leaves the queue as it is instead of emptying it into the pile.
    static constexpr int max_set_aside_in_a_row = 3;
    // How often set-aside batches are offered again by themselves, so that none waits for IT; also at
    // the first round of every process (so after every program update).
    static constexpr std::chrono::milliseconds default_set_aside_retry_every{3600 * 1000};
    // A clock offset learnt from the store is alerted only from this size on: a smaller one is a
    // previous offset corrected, not a clock that is wrong.
    static constexpr std::int64_t clock_skew_alert_s = 60;

    // `stopping` abandons a transfer under way (see SyncTransport).
    SyncSender(const SyncConfig& config, SyncIdentity identity, const KioskKey& key, Outbox& outbox,
               std::function<bool()> stopping = {}, TransportLimits limits = {});

    // One try of one batch; updates the outbox (delivered, failed_attempt, set_aside) and raises
    // alerts (no-receipt, untrusted-refusal, clock-skew, batch-set-aside, store-refuses-all).
    SendResult send(const Batch& batch);
    // Makes the set-aside batches pending again when the slow schedule says so (at the first round,
    // then every `set_aside_retry_every`), then sends pending batches, oldest first, until none is
    // left or one must be retried later. `each` hears of every batch tried.
    SendLoopSummary send_pending(const std::function<void(const Batch&, const SendResult&)>& each = {});
    // POST /v1/heartbeats; delivered on 204 (the alerts in it are then marked reported). `sent_by` and
    // no uptime when another process than the kiosk sends it (HeartbeatFacts).
    SendResult heartbeat(std::optional<std::int64_t> uptime_s, const std::string& sent_by = "");

    void set_set_aside_retry_every(std::chrono::milliseconds every) { set_aside_retry_every_ = every; }

    // Seconds added to the kiosk's clock when signing, learnt from a stale-timestamp answer.
    std::int64_t clock_offset_s() const { return clock_offset_s_; }

  private:
    struct Posted {
        TransportResult result;
        SentRequest sent;
    };
    Posted post_signed(const std::string& path, const std::string& request_id, const std::string& body,
                       const std::string& body_digest);
    // True when the answer was the store's signed 401 stale-timestamp: its store_time's offset is learnt.
    bool learn_clock(const HttpAnswer& answer, const SentRequest& sent);
    // A refusal that is not the store's own about the bytes sent: retried later, with an alert naming
    // what answered.
    SendResult not_the_stores(const Batch& batch, const HttpAnswer& answer, const RefusalCheck& check);
    // The store refused the batch itself: set aside, unless it refused too many in a row.
    SendResult refused_by_the_store(const Batch& batch, SendResult result);
    void bring_back_set_aside_if_due(SendLoopSummary& summary);
    std::int64_t wall_ms() const;

    const SyncConfig& config_;
    SyncIdentity identity_;
    const KioskKey& key_;
    Outbox& outbox_;
    std::function<bool()> stopping_;
    SyncTransport transport_;
    std::int64_t clock_offset_s_ = 0;
    int set_aside_in_a_row_ = 0;  // refused with the store's signature since the last delivery
    // Made pending again by the slow schedule in this round: refused again, or not answered, they go
    // back aside.
    std::set<std::string> brought_back_;
    std::chrono::milliseconds set_aside_retry_every_ = default_set_aside_retry_every;
    std::optional<std::chrono::steady_clock::time_point> next_set_aside_retry_;  // none: at the first round
};

// The sender of the kiosk `config` describes (its [sync] table, id, version, configuration digest and
// database), signing with `key`: the one wiring that the sync worker and `kiosk sync-now` share.
// `config` must have a [sync] table and outlive the sender.
SyncSender make_sender(const KioskConfig& config, const KioskKey& key, Outbox& outbox,
                       std::function<bool()> stopping = {}, TransportLimits limits = {});

// "503 unavailable: the database is down" from a problem+json, or "200, text/html, first bytes: <html>…"
std::string describe_answer(const HttpAnswer& answer);
// describe_answer with the Server header when there is one: what answered, for an untrusted refusal.
std::string describe_answerer(const HttpAnswer& answer);

}  // namespace kiosk
