// The visit as a state machine: Welcome (the grade keys: the first tap is the first answer) →
// (Service) → 2–4 norm questions → Thanks → Welcome. The grade screen is only reached by Back.
// The UI calls the intents when a citizen taps and `tick` when time passes; the flow decides and tells
// the UI when the screen will next change by itself (`next_deadline`), so the UI can sleep until then.
// Time is always passed in, so tests drive it with a fake clock.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "clock.hpp"
#include "config.hpp"
#include "intent.hpp"
#include "norm_rotation.hpp"
#include "rating.hpp"

namespace kiosk {

// out_of_order: a save failed (no room left on the disk, an I/O error): no rating is taken until the
// kiosk's upkeep finds room again, and nobody is told "saved" for answers that are not on disk.
enum class Screen { welcome, service, grade, norm, thanks, out_of_order };
const char* to_string(Screen screen);

// Where a rating goes each time it changes; the store implements it. It may give a new rating another
// reference (references are unique). Returns false when the rating could not be written: the visit
// then ends on the out-of-order screen instead of going on as if it were saved.
class RatingSink {
  public:
    virtual ~RatingSink() = default;
    virtual bool save(Rating& rating) = 0;
};

// What a tap or the passing of time did: whether the screen changed, whether the rating was saved
// (it is on disk), whether it became final (the sync worker has something new to send).
struct Outcome {
    bool changed = false;
    bool saved = false;
    bool made_final = false;
};

class SurveyFlow {
  public:
    // The visit's settings are the configuration's ([survey], languages, services); `config` outlives
    // the flow.
    SurveyFlow(const KioskConfig& config, NormRotation& rotation, RatingSink& sink, const Now& now);

    // A tap from the screen: applied only when the citizen saw what they tapped (accepts_tap); what it
    // changed and saved.
    Outcome apply(const Intent& intent, const Now& now);
    // Whether a finger that went down at `pressed_at` was on what the screen shows now, shown long
    // enough to have been seen; false while a chosen answer is being shown.
    bool accepts_tap(Instant pressed_at) const;
    // From when a tap would count (for a scripted player, which waits like a person would).
    Instant taps_count_from() const;

    // Intents from the citizen. Each counts as activity for the idle timer.
    // A grade on Welcome starts the visit, in the language Welcome is in (the default, unless the
    // citizen chose another), and is saved at once: one tap counts even if the citizen walks away.
    void give_grade(int grade, const Now& now);
    void choose_service(const std::string& service, const Now& now);
    void answer_norm(int value, const Now& now);  // 1..5, or answer_not_applicable
    void back(const Now& now);
    // "Stop" on a question screen: the rating is kept as it stands (end reason stopped), then Thanks.
    void stop(const Now& now);
    void open_language_picker(const Now& now);
    void close_language_picker(const Now& now);
    // On Welcome: Welcome itself turns to that language (the visit will start in it); in a visit: the
    // rest of the visit is in it.
    void choose_language(const std::string& language, const Now& now);
    void still_here(const Now& now);
    // "Start a new rating" on "Are you still there?": the next citizen found a visit left half-done.
    // It is kept as it stands, and Welcome comes back for a fresh rating.
    void start_over(const Now& now);
    void finish(const Now& now);    // "Done" on Thanks
    void activity(const Now& now);  // any touch or key: the citizen is still there (extends Thanks)

    // The kiosk's upkeep: no room to save ratings (at start), or room again.
    void out_of_service(const Now& now);
    void back_in_service(const Now& now);

    // Applies whatever timeout has passed: what it changed and saved (a visit closed as it stood).
    Outcome tick(const Now& now);
    // The next moment the screen changes by itself; nullopt when nothing is due (sleep until input).
    std::optional<Instant> next_deadline(const Now& now) const;

    // State for the UI.
    Screen screen() const { return static_cast<Screen>(screen_.index()); }
    const std::string& language() const { return language_; }
    // The language Welcome's rotating "Continue in …" button offers now: each enabled language but
    // the one Welcome is in, in turn.
    const std::string& greeting_language(const Now& now) const;
    bool language_picker_open() const { return std::holds_alternative<LanguagesOpen>(overlay_); }
    bool asking_still_there() const { return std::holds_alternative<AskingStillThere>(overlay_); }
    int countdown_seconds_left(const Now& now) const;
    bool can_go_back() const;
    bool can_stop() const;
    // "Question step of steps": the grade, the service (when asked) and each norm count as one.
    int step() const;
    int steps() const;
    int thanks_seconds_left(const Now& now) const;
    int norm_index() const;
    int norm_count() const { return static_cast<int>(plan_.size()); }
    const std::string& current_norm() const;
    const Rating* rating() const { return rating_ ? &*rating_ : nullptr; }
    std::optional<int> current_answer() const;
    const std::vector<std::string>& services() const { return services_; }
    const std::vector<std::string>& languages() const { return config_.languages; }

  private:
    // What only one screen needs lives in that screen's state; the alternatives are in Screen's order.
    struct OnWelcome {
        Instant since;
        std::int64_t greeting_shown = 0;  // which "Continue in …" language is on screen
        bool language_chosen = false;     // Welcome turned to a language the citizen chose: start in it
    };
    struct OnService {};
    struct OnGrade {};
    struct OnNorm {
        int index = 0;  // into plan_
    };
    struct OnThanks {
        Instant since;  // any touch starts it again
        int seconds_shown = 0;
    };
    struct OutOfOrder {};
    using ScreenState = std::variant<OnWelcome, OnService, OnGrade, OnNorm, OnThanks, OutOfOrder>;
    // Over the screen: the language grid, or "Are you still there?" counting down.
    struct LanguagesOpen {};
    struct AskingStillThere {
        Instant since;
        int seconds_shown = 0;
    };
    using Overlay = std::variant<std::monostate, LanguagesOpen, AskingStillThere>;
    // After an answer, the chosen answer stays in view until `until`; then `then` moves on.
    struct AnswerShown {
        Instant until;
        void (SurveyFlow::*then)(const Now&);
    };

    void touch(const Now& now);
    Rating& draft(const Now& now);
    bool save(const Now& now);
    void enter(ScreenState screen, const Now& now);
    void shown(const Now& now) { view_since_ = now.steady; }
    void show_answer_then(void (SurveyFlow::*advance)(const Now&), const Now& now);
    void next_norm(const Now& now);
    void after_grade(const Now& now);
    void after_service(const Now& now);
    void to_thanks(const Now& now) { enter(OnThanks{now.steady, 0}, now); }
    bool asks_service() const { return services_.size() > 1; }
    // Closes the rating with `reason` (when anything of it was saved); Thanks follows when
    // `thank` and the rating was kept, else Welcome.
    void finalise(EndReason reason, bool thank, const Now& now);
    void reset(const Now& now);
    bool changed_by_time(const Now& now);
    std::optional<Instant> idle_deadline() const;
    std::int64_t greeting_index(const Now& now) const;
    template <class State>
    bool on() const {
        return std::holds_alternative<State>(screen_);
    }

    const KioskConfig& config_;
    std::vector<std::string> services_;  // the configuration's, with "Something else" when it asks
    NormRotation& rotation_;
    RatingSink& sink_;

    ScreenState screen_;
    Overlay overlay_;
    std::optional<AnswerShown> answer_shown_;
    Outcome outcome_;  // of the tap or tick being applied
    // The visit, across its screens.
    std::string language_;
    Instant last_input_{};
    std::vector<std::string> plan_;
    std::optional<Rating> rating_;
    Instant visit_started_{};  // when rating_ began, on the steady clock: its length never goes negative
    bool rating_saved_ = false;
    Instant view_since_{};  // when what is on screen now appeared
};

}  // namespace kiosk
