// The kiosk without its screen: the clock, the visit (SurveyFlow), which norms a visit asks about
// (NormRotation), the ratings on disk (RatingStore), the retry of ratings a full disk kept in memory,
// and alerts, and the sync worker (its own thread, when the configuration has a [sync] table). Built in
// main and handed to the UI, which reads its state and sends it intents; the manager's scores will
// hang off it too. Nothing here knows SDL, ImGui or the window.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

#include "clock.hpp"
#include "config.hpp"
#include "intent.hpp"
#include "manager_access.hpp"
#include "survey_flow.hpp"

namespace kiosk {

class RatingStore;
class KioskProbe;
class KioskKey;
class SyncWorker;

// How the kiosk runs, beyond its configuration: switches of the command line.
struct KioskOptions {
    bool test_sync_pace =
        false;  // the project's tests: the sync worker retries and looks every fraction of a second
};

class Kiosk {
  public:
    // Opens (or creates) the database and closes what a previous run left open; the rotation carries
    // on from the counts on disk; loads the kiosk's key, or makes it at the first start; starts the
    // sync worker when the configuration has a [sync] table (stopped and joined by the destructor). Throws
    // DatabaseRefused or KeyRefused (nothing changed; exit 78) or std::runtime_error naming the file.
    Kiosk(const KioskConfig& config, std::uint64_t seed, KioskOptions options = {});
    ~Kiosk();
    Kiosk(const Kiosk&) = delete;
    Kiosk& operator=(const Kiosk&) = delete;

    const KioskConfig& config() const { return config_; }
    const SurveyFlow& flow() const { return *flow_; }
    Now now() const { return clock_.now(); }
    // The kiosk's steady time (a script may have moved it on): what input events are stamped with.
    Instant steady_now() const { return clock_.steady_now(); }

    // A citizen's tap. When it changes the rating, the rating is on disk before this returns (or the
    // kiosk is out of order). Returns whether anything on screen changed.
    bool apply(const Intent& intent);
    // Any touch or key: the citizen is still there (the idle timer starts again).
    void activity();
    // Time passing: the visit's timeouts, and every few seconds the store's upkeep while it needs
    // one or the kiosk is out of order (which ends once the store writes again). Returns whether
    // anything on screen changed.
    bool tick();
    // The next moment tick() has something to do, on the process's steady clock (not the kiosk's,
    // which a script may move); nullopt when only input can change anything.
    std::optional<Instant> next_wake() const;
    // From when a tap counts, on the process's steady clock: the script player waits until then in real time,
    // or moves the kiosk's clock past it (`pace kiosk-clock`, docs/scripted-mode.md).
    Instant taps_count_from() const { return flow_->taps_count_from() - clock_.offset(); }

    // The manager's view (docs/manager.md). While it is open (the PIN pad included) citizens' intents
    // are ignored and nothing is saved; the visit stays on Welcome underneath.
    enum class ManagerState { closed, asking_pin, open };
    ManagerState manager_state() const { return manager_state_; }
    // The gesture was made: shows the PIN pad, only with a [manager] table and only on Welcome with no
    // visit under way and no overlay, so it never opens over a citizen's half-done rating. Returns
    // whether it opened.
    bool open_manager_entry();
    // A PIN from the pad: each attempt is logged and raised as an alert (never the PIN itself);
    // the view opens on the right one, unless locked.
    ManagerAccess::Attempt enter_manager_pin(const std::string& pin);
    std::chrono::seconds manager_locked_for() const;
    // Back to Welcome (the close button, or idle_close_seconds untouched: see tick()).
    void close_manager();

    // What scripted mode and the benchmark may see and do.
    KioskProbe& probe() { return *probe_; }

  private:
    class Sink;
    bool after(const Outcome& outcome);
    bool needs_upkeep() const;
    bool back_in_service();

    const KioskConfig& config_;
    SystemClock clock_;
    std::unique_ptr<KioskKey> key_;  // signs what goes to the central store
    std::unique_ptr<RatingStore> store_;
    std::unique_ptr<Sink> sink_;
    std::unique_ptr<NormRotation> rotation_;
    std::unique_ptr<SurveyFlow> flow_;
    std::unique_ptr<KioskProbe> probe_;
    Instant next_upkeep_{};
    std::optional<ManagerAccess> manager_access_;  // with a [manager] table
    ManagerState manager_state_ = ManagerState::closed;
    Instant manager_touched_{};         // the kiosk's steady time of the last touch while the view is open
    std::unique_ptr<SyncWorker> sync_;  // stopped first, in ~Kiosk
};

}  // namespace kiosk
