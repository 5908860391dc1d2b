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
    if (config.sync)
        sync_ =
            std::make_unique<SyncWorker>(config, *key_, SyncPacing::of(*config.sync, options.test_sync_pace));
}

// The worker first: it may be in the middle of a transfer, which it abandons.
Kiosk::~Kiosk() { sync_.reset(); }

bool Kiosk::apply(const Intent& intent) {
    assert(intent && "the UI hands the kiosk only taps that ask for something");
    Outcome outcome = flow_->apply(intent, clock_.now());
    if (outcome.saved && intent.released_at != Instant{})
        probe_->tap_durable_after(
            std::chrono::duration_cast<std::chrono::microseconds>(clock_.steady_now() - intent.released_at));
    return after(outcome);
}

bool Kiosk::tick() {
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
    if (auto due = flow_->next_deadline(clock_.now())) wake = *due - clock_.offset();
    if (needs_upkeep()) wake = wake ? std::min(*wake, next_upkeep_) : next_upkeep_;
    return wake;
}

}  // namespace kiosk
