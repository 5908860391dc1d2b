#include "sync_worker.hpp"

#include <cassert>
#include <string>

#include "log.hpp"
#include "prune.hpp"

namespace kiosk {

SyncPacing SyncPacing::of(const SyncConfig& config, bool test_pace) {
    SyncPacing p;
    p.heartbeat_every = config.heartbeat_every;
    if (test_pace) {
        p.backoff_base = std::chrono::milliseconds(100);
        p.backoff_cap = std::chrono::milliseconds(500);
        p.heartbeat_every = std::chrono::milliseconds(2000);
        p.look_every = std::chrono::milliseconds(200);
        p.set_aside_retry_every = std::chrono::milliseconds(5000);
        p.transport.slow_for = std::chrono::seconds(3);
    }
    return p;
}

SyncWorker::SyncWorker(const KioskConfig& config, const KioskKey& key, SyncPacing pacing)
    : config_(config), key_(key), pacing_(pacing) {
    assert(config.sync && "a sync worker runs only with a [sync] table");
    thread_ = std::thread([this] { run(); });
}

SyncWorker::~SyncWorker() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void SyncWorker::poke() {
    {
        std::lock_guard lock(mutex_);
        poked_ = true;
    }
    wake_.notify_all();
}

bool SyncWorker::stopping() const {
    std::lock_guard lock(mutex_);
    return stop_;
}

bool SyncWorker::wait_until(std::chrono::steady_clock::time_point deadline, bool pokeable) {
    std::unique_lock lock(mutex_);
    wake_.wait_until(lock, deadline, [&] { return stop_ || (pokeable && poked_); });
    poked_ = false;  // the round that follows sends whatever the pokes were for
    return !stop_;
}

void SyncWorker::prune_if_due(Outbox& outbox) {
    auto now = std::chrono::steady_clock::now();
    if (now < next_prune_) return;
    next_prune_ = now + pacing_.prune_every;
    try {
        auto wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
        PruneResult pruned = outbox.prune_delivered(wall_ms, config_.sync->keep_days);
        if (pruned.ratings > 0)
            log_info("sync: deleted " + std::to_string(pruned.ratings) +
                     " ratings the central store acknowledged more than " +
                     std::to_string(config_.sync->keep_days) + " days ago");
    } catch (const std::exception& e) {
        log_error(std::string("sync: Unable to delete old delivered ratings: ") + e.what());
    }
}

void SyncWorker::run() {
    using clock = std::chrono::steady_clock;
    try {
        Outbox outbox(config_.database);
        SyncSender sender = make_sender(
            config_, key_, outbox, [this] { return stopping(); }, pacing_.transport);
        sender.set_set_aside_retry_every(pacing_.set_aside_retry_every);
        Backoff backoff(pacing_.backoff_base, pacing_.backoff_cap);
        int failures = 0;
        auto next_heartbeat = clock::now();
        while (!stopping()) {
            prune_if_due(outbox);
            SendLoopSummary round;
            try {
                round = sender.send_pending([](const Batch& b, const SendResult& r) {
                    log_info("sync: batch " + b.id + " (" + std::to_string(b.ratings) +
                             " ratings): " + r.message);
                });
            } catch (const std::exception& e) {  // the database, not the network: try again later
                round.failed = 1;
                round.last_error = e.what();
                log_error(std::string("sync: ") + e.what());
            }
            if (round.stopped || stopping()) break;
            bool synced = round.delivered + round.set_aside > 0;
            if (synced || clock::now() >= next_heartbeat) {
                SendResult beat = sender.heartbeat(
                    std::chrono::duration_cast<std::chrono::seconds>(clock::now() - started_).count());
                if (beat.outcome != SendOutcome::delivered && !beat.stopped)
                    log_warning("sync: " + beat.message);
                next_heartbeat = clock::now() + pacing_.heartbeat_every;
            }
            clock::time_point wake;
            if (round.failed) {
                ++failures;
                auto wait = backoff.delay(failures, round.retry_after);
                log_warning("sync: " + round.last_error + "; next try in " + std::to_string(wait.count()) +
                            " ms");
                wake = clock::now() + wait;
            } else {
                failures = 0;
                wake = std::min(next_heartbeat, clock::now() + pacing_.look_every);
            }
            if (!wait_until(wake, round.failed == 0)) break;
        }
    } catch (const std::exception& e) {
        // Without its connection the worker cannot send; the kiosk goes on taking ratings, which wait.
        log_error(std::string("sync: the sync worker stopped: ") + e.what());
    }
}

}  // namespace kiosk
