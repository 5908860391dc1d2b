// The kiosk's sync worker: a thread of its own that sends the outbox's batches to the central store
// (SyncSender), waits between failed tries (Backoff), sends a heartbeat after each sync and every
// few minutes otherwise, offers set-aside batches again at start and every hour (SyncSender), and
// prunes delivered ratings once at start and once a day. It has its own
// database connection (Outbox), so a citizen's tap never waits for it beyond a short write lock.
// Stopping (the destructor) is prompt even mid-wait or mid-transfer.
#pragma once
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "backoff.hpp"
#include "config.hpp"
#include "kiosk_key.hpp"
#include "sync_sender.hpp"

namespace kiosk {

// How the worker paces itself; the defaults are the protocol's. Tests (directly, or through
// `kiosk --test-sync-pace`) shorten them so that retries are seen in seconds.
struct SyncPacing {
    std::chrono::milliseconds backoff_base = Backoff::default_base;
    std::chrono::milliseconds backoff_cap = Backoff::default_cap;
    std::chrono::milliseconds heartbeat_every{5 * 60 * 1000};
    std::chrono::milliseconds look_every{30 * 1000};  // how often an idle worker looks for new ratings
    std::chrono::milliseconds prune_every{24 * 3600 * 1000};
    std::chrono::milliseconds set_aside_retry_every = SyncSender::default_set_aside_retry_every;
    TransportLimits transport;

    // The configuration's heartbeat_minutes; for the project's tests (`kiosk --test-sync-pace`, for the
    // worker and `sync-now`): backoff base 100 ms and cap 500 ms, heartbeat every 2 s, a look for ratings
    // every 200 ms, set-aside batches offered again every 5 s, a stalled transfer abandoned after 3 s.
    static SyncPacing of(const SyncConfig& config, bool test_pace);
};

class SyncWorker {
  public:
    // Starts the thread at once. `config` (with its sync table) must outlive the worker.
    SyncWorker(const KioskConfig& config, const KioskKey& key, SyncPacing pacing);
    ~SyncWorker();  // stops and joins: abandons a transfer under way, cuts a wait short
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    // Look for ratings to send now instead of at the next look: the kiosk calls it when a rating
    // becomes final. It cuts short an idle wait only, never a backoff after a failure (a busy counter
    // must not hammer a store that is down).
    void poke();

  private:
    void run();
    bool stopping() const;
    // Waits until `deadline` or a stop, and when `pokeable` also until a poke; returns false when
    // stopping.
    bool wait_until(std::chrono::steady_clock::time_point deadline, bool pokeable);
    void prune_if_due(Outbox& outbox);

    const KioskConfig& config_;
    KioskKey key_;
    SyncPacing pacing_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point next_prune_ = started_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    bool poked_ = false;
    std::thread thread_;  // last: started once everything above is ready
};

}  // namespace kiosk
