#include "kiosk.hpp"

#include <cassert>

#include "kiosk_key.hpp"
#include "kiosk_probe.hpp"
#include "log.hpp"
#include "norm_rotation.hpp"
#include "rating_store.hpp"
#include "sync_worker.hpp"

namespace kiosk {
namespace {

// How often the store's upkeep runs while it has ratings a full disk kept in memory, or a reserve
// to grow back.
constexpr std::chrono::seconds upkeep_every{5};

}  // namespace

// Where the visit's ratings go: the store, one durable transaction per change.
class Kiosk::Sink final : public RatingSink {
  public:
    Sink(RatingStore& store, const SystemClock& clock) : store_(store), clock_(clock) {}
    bool save(Rating& rating) override { return store_.save(rating, clock_.now().utc_ms); }

  private:
    RatingStore& store_;
    const SystemClock& clock_;
};

Kiosk::Kiosk(const KioskConfig& config, std::uint64_t seed, KioskOptions options) : config_(config) {
    Now start = clock_.now();
    store_ = std::make_unique<RatingStore>(
        config.database,
        KioskIdentity{config.kiosk_id, config.site_name, config.counter, KIOSK_VERSION, config.config_digest},
        BurstRuleMs{config.burst.max_ratings, config.burst.window.count() * 1000}, start.utc_ms,
        config.reserve_bytes);
    store_->close_open_ratings(start.utc_ms);
    key_ = std::make_unique<KioskKey>(KioskKey::load_or_create(key_path_for(config.database)));
    sink_ = std::make_unique<Sink>(*store_, clock_);
    rotation_ = std::make_unique<NormRotation>(config.norms, config.norms_per_visit, seed);
    rotation_->restore(store_->norm_rotation_counts());
    flow_ = std::make_unique<SurveyFlow>(config, *rotation_, *sink_, start);
    if (!store_->has_room()) flow_->out_of_service(start);
    probe_ = std::make_unique<KioskProbe>(clock_, config.database);
    if (config.manager) {
        RatingStore::WrongPins wrong = store_->manager_wrong_pins();
        manager_access_.emplace(config.manager->pin_hash, wrong.in_a_row, wrong.last_ms);
    }
    if (config.sync)
        sync_ =
            std::make_unique<SyncWorker>(config, *key_, SyncPacing::of(*config.sync, options.test_sync_pace));
}

// The worker first: it may be in the middle of a transfer, which it abandons.
Kiosk::~Kiosk() { sync_.reset(); }

bool Kiosk::apply(const Intent& intent) {
    assert(intent && "the UI hands the kiosk only taps that ask for something");
    if (manager_state_ != ManagerState::closed) return false;  // the view is on top: no citizen is rating
    Outcome outcome = flow_->apply(intent, clock_.now());
    if (outcome.saved && intent.released_at != Instant{})
        probe_->tap_durable_after(
            std::chrono::duration_cast<std::chrono::microseconds>(clock_.steady_now() - intent.released_at));
    return after(outcome);
}

void Kiosk::activity() {
    if (manager_state_ != ManagerState::closed) manager_touched_ = clock_.steady_now();
    flow_->activity(clock_.now());
}

bool Kiosk::open_manager_entry() {
    if (!manager_access_ || manager_state_ != ManagerState::closed || flow_->screen() != Screen::welcome ||
        flow_->language_picker_open() || flow_->asking_still_there())
        return false;
    manager_state_ = ManagerState::asking_pin;
    manager_touched_ = clock_.steady_now();
    return true;
}

ManagerAccess::Attempt Kiosk::enter_manager_pin(const std::string& pin) {
    assert(manager_state_ == ManagerState::asking_pin && manager_access_ &&
           "a PIN is entered on the PIN pad");
    manager_touched_ = clock_.steady_now();
    std::int64_t now_ms = clock_.now().utc_ms;
    ManagerAccess::Attempt attempt = manager_access_->try_pin(pin, now_ms);
    switch (attempt.verdict) {
        case ManagerAccess::Verdict::opened:
            manager_state_ = ManagerState::open;
            log_info("the manager's view was opened with the PIN");
            store_->raise_alert("manager-opened", "the manager's view was opened with the PIN", now_ms);
            break;
        case ManagerAccess::Verdict::wrong: {
            std::string message =
                "a wrong manager PIN (" + std::to_string(attempt.wrong_in_a_row) + " in a row)";
            if (attempt.locked_for.count() > 0)
                message += "; the PIN pad is locked for " + std::to_string(attempt.locked_for.count()) + " s";
            log_warning(message);
            store_->raise_alert("manager-pin-wrong", message, now_ms);
            break;
        }
        case ManagerAccess::Verdict::locked:
            log_warning("a manager PIN typed while the PIN pad is locked (" +
                        std::to_string(attempt.locked_for.count()) + " s left); not checked");
            break;
    }
    return attempt;
}

std::chrono::seconds Kiosk::manager_locked_for() const {
    return manager_access_ ? manager_access_->locked_for(clock_.now().utc_ms) : std::chrono::seconds(0);
}

void Kiosk::close_manager() {
    if (manager_state_ == ManagerState::open) log_info("the manager's view was closed");
    manager_state_ = ManagerState::closed;
}

bool Kiosk::tick() {
    if (manager_state_ != ManagerState::closed &&
        clock_.steady_now() - manager_touched_ >= config_.manager->idle_close) {
        log_info("the manager's view closed by itself after " +
                 std::to_string(config_.manager->idle_close.count()) + " s untouched");
        manager_state_ = ManagerState::closed;
        return true;
    }
    bool changed = after(flow_->tick(clock_.now()));  // a visit closed as it stood is sent too
    auto real_now = std::chrono::steady_clock::now();
    if (needs_upkeep() && real_now >= next_upkeep_) {
        next_upkeep_ = real_now + upkeep_every;
        bool done = store_->upkeep(clock_.now().utc_ms);
        if (done && store_->has_room() && flow_->screen() == Screen::out_of_order)
            changed |= back_in_service();
    }
    return changed;
}

// The one place a new final rating is handed to the sync worker: off to the store now, not at its
// next look.
bool Kiosk::after(const Outcome& outcome) {
    if (outcome.made_final && sync_) sync_->poke();
    return outcome.changed;
}

// "Out of order" ends by itself once the store writes again, whatever put it there (a full disk, an
// I/O error, a writer that held the database too long). The visit it cut off is closed then, with the
// next seq, and sent; not at the next start, which may be weeks away.
bool Kiosk::back_in_service() {
    Now now = clock_.now();
    std::optional<int> closed = store_->close_open_ratings(now.utc_ms);
    if (!closed) return false;  // the store still cannot write: out of order a while longer
    log_info("the database takes ratings again: the kiosk is back in service");
    flow_->back_in_service(now);
    return after(Outcome{true, *closed > 0, *closed > 0});
}

bool Kiosk::needs_upkeep() const { return store_->needs_upkeep() || flow_->screen() == Screen::out_of_order; }

std::optional<Instant> Kiosk::next_wake() const {
    std::optional<Instant> wake;
    if (manager_state_ != ManagerState::closed)
        wake = manager_touched_ + config_.manager->idle_close - clock_.offset();
    if (auto due = flow_->next_deadline(clock_.now()))
        wake = wake ? std::min(*wake, *due - clock_.offset()) : *due - clock_.offset();
    if (needs_upkeep()) wake = wake ? std::min(*wake, next_upkeep_) : next_upkeep_;
    return wake;
}

}  // namespace kiosk
