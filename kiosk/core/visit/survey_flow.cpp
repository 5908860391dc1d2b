#include "survey_flow.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

#include "charter.hpp"
#include "identifiers.hpp"

namespace kiosk {
namespace {

// Whole seconds left until `end`, rounded up, as a countdown on screen shows them.
int seconds_until(Instant end, Instant now) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(end - now).count();
    return ms <= 0 ? 0 : static_cast<int>((ms + 999) / 1000);
}

// When a countdown to `end` next shows another number, or ends.
Instant next_second(Instant end, Instant now) {
    return end - std::chrono::seconds(std::max(seconds_until(end, now) - 1, 0));
}

}  // namespace

const char* to_string(Screen screen) {
    switch (screen) {
        case Screen::welcome:
            return "welcome";
        case Screen::service:
            return "service";
        case Screen::grade:
            return "grade";
        case Screen::norm:
            return "norm";
        case Screen::thanks:
            return "thanks";
        case Screen::out_of_order:
            return "out-of-order";
    }
    return "?";
}

const char* to_string(EndReason reason) {
    switch (reason) {
        case EndReason::none:
            return "";
        case EndReason::completed:
            return "completed";
        case EndReason::timed_out:
            return "timed-out";
        case EndReason::abandoned:
            return "abandoned";
        case EndReason::stopped:
            return "stopped";
    }
    return "";
}

SurveyFlow::SurveyFlow(const KioskConfig& config, NormRotation& rotation, RatingSink& sink, const Now& now)
    : config_(config), services_(config.services), rotation_(rotation), sink_(sink), screen_(OnWelcome{}) {
    static_assert(std::variant_size_v<ScreenState> == static_cast<std::size_t>(Screen::out_of_order) + 1,
                  "one screen state per Screen, in its order: screen() is the variant's index");
    assert(!config_.languages.empty() && "the config loader guarantees at least one language");
    if (services_.size() > 1 &&
        std::find(services_.begin(), services_.end(), other_service) == services_.end())
        services_.emplace_back(other_service);
    reset(now);
}

void SurveyFlow::touch(const Now& now) {
    last_input_ = now.steady;
    if (asking_still_there()) overlay_ = std::monostate{};
}

Rating& SurveyFlow::draft(const Now& now) {
    if (!rating_) {
        Rating r;
        r.id = make_uuid_v7(now.utc_ms);
        r.reference = make_short_reference();
        r.language = language_;
        r.planned_norms = plan_;
        r.started_ms = now.utc_ms;
        visit_started_ = now.steady;
        r.clock_synchronised = now.clock_synchronised;
        rating_ = std::move(r);
    }
    return *rating_;
}

bool SurveyFlow::save(const Now& now) {
    if (!sink_.save(*rating_)) {
        out_of_service(now);  // never "saved" for what is not on disk
        return false;
    }
    if (!rating_saved_) rotation_.count_asked(rating_->planned_norms);  // as the store counted them
    rating_saved_ = true;
    outcome_.saved = true;
    outcome_.made_final |= rating_->state == RatingState::final;
    return true;
}

void SurveyFlow::enter(ScreenState screen, const Now& now) {
    screen_ = screen;
    overlay_ = std::monostate{};
    shown(now);
    if (auto* thanks = std::get_if<OnThanks>(&screen_)) thanks->seconds_shown = thanks_seconds_left(now);
}

void SurveyFlow::show_answer_then(void (SurveyFlow::*advance)(const Now&), const Now& now) {
    if (config_.answer_shown_for.count() <= 0) {
        (this->*advance)(now);
        return;
    }
    answer_shown_ = AnswerShown{now.steady + config_.answer_shown_for, advance};
}

void SurveyFlow::next_norm(const Now& now) {
    ++std::get<OnNorm>(screen_).index;
    shown(now);
}

void SurveyFlow::after_grade(const Now& now) {
    if (asks_service() && rating_->service.empty())
        enter(OnService{}, now);
    else
        after_service(now);
}

void SurveyFlow::after_service(const Now& now) { enter(OnNorm{0}, now); }

bool SurveyFlow::accepts_tap(Instant pressed_at) const {
    return !on<OutOfOrder>() && pressed_at >= taps_count_from();
}

Instant SurveyFlow::taps_count_from() const {
    Instant from = view_since_ + config_.tap_guard;
    if (answer_shown_) from = std::max(from, answer_shown_->until + config_.tap_guard);
    return from;
}

Outcome SurveyFlow::apply(const Intent& intent, const Now& now) {
    if (!intent || !accepts_tap(intent.pressed_at)) return {};
    outcome_ = {};
    switch (intent.kind) {
        case Intent::none:
            break;
        case Intent::choose_service:
            choose_service(intent.text, now);
            break;
        case Intent::give_grade:
            give_grade(intent.value, now);
            break;
        case Intent::answer_norm:
            answer_norm(intent.value, now);
            break;
        case Intent::back:
            back(now);
            break;
        case Intent::stop:
            stop(now);
            break;
        case Intent::open_languages:
            open_language_picker(now);
            break;
        case Intent::close_languages:
            close_language_picker(now);
            break;
        case Intent::choose_language:
            choose_language(intent.text, now);
            break;
        case Intent::still_here:
            still_here(now);
            break;
        case Intent::start_over:
            start_over(now);
            break;
        case Intent::finish:
            finish(now);
            break;
    }
    outcome_.changed = true;
    return std::exchange(outcome_, {});
}

void SurveyFlow::activity(const Now& now) {
    if (on<OutOfOrder>()) return;
    last_input_ = now.steady;
    if (auto* thanks = std::get_if<OnThanks>(&screen_)) thanks->since = now.steady;  // still reading
}

void SurveyFlow::out_of_service(const Now& now) {
    reset(now);
    screen_ = OutOfOrder{};
}

void SurveyFlow::back_in_service(const Now& now) {
    if (on<OutOfOrder>()) reset(now);
}

void SurveyFlow::reset(const Now& now) {
    language_ = config_.default_language;
    last_input_ = now.steady;
    plan_.clear();
    rating_.reset();
    rating_saved_ = false;
    answer_shown_.reset();
    enter(OnWelcome{now.steady, 0, false}, now);
}

void SurveyFlow::give_grade(int grade, const Now& now) {
    bool first = on<OnWelcome>();
    if ((!first && !on<OnGrade>()) || answer_shown_ || grade < 1 || grade > 10) return;
    touch(now);
    if (first) plan_ = rotation_.plan_visit();
    Rating& r = draft(now);
    r.grade = grade;
    if (services_.size() == 1) r.service = services_.front();
    bool asks_more = (asks_service() && r.service.empty()) || !plan_.empty();
    if (!asks_more) {
        finalise(EndReason::completed, true, now);
        return;
    }
    if (save(now)) show_answer_then(&SurveyFlow::after_grade, now);  // counted, even if nothing follows
}

void SurveyFlow::choose_service(const std::string& service, const Now& now) {
    if (!on<OnService>() || answer_shown_) return;
    if (std::find(services_.begin(), services_.end(), service) == services_.end()) return;
    touch(now);
    draft(now).service = service;
    if (plan_.empty()) {
        finalise(EndReason::completed, true, now);
        return;
    }
    if (save(now)) show_answer_then(&SurveyFlow::after_service, now);
}

void SurveyFlow::answer_norm(int value, const Now& now) {
    if (!on<OnNorm>() || answer_shown_ || value < answer_not_applicable || value > 5) return;
    touch(now);
    Rating& r = draft(now);
    const std::string& norm = current_norm();
    auto it = std::find_if(r.answers.begin(), r.answers.end(), [&](auto& a) { return a.norm_id == norm; });
    if (it == r.answers.end())
        r.answers.push_back(NormAnswer{norm, value});
    else
        it->value = value;
    if (norm_index() + 1 < norm_count()) {
        if (save(now)) show_answer_then(&SurveyFlow::next_norm, now);
    } else {
        finalise(EndReason::completed, true, now);  // one write: the last answer and the final state
    }
}

void SurveyFlow::back(const Now& now) {
    if (!can_go_back() || answer_shown_) return;
    touch(now);
    if (auto* norm = std::get_if<OnNorm>(&screen_); norm && norm->index > 0) {
        --norm->index;
        overlay_ = std::monostate{};
        shown(now);
    } else if (on<OnNorm>() && asks_service()) {
        enter(OnService{}, now);
    } else {
        enter(OnGrade{}, now);
    }
}

// The grade is the visit's first question: behind it is Welcome, which belongs to the next citizen.
bool SurveyFlow::can_go_back() const { return on<OnNorm>() || on<OnService>(); }

bool SurveyFlow::can_stop() const { return on<OnService>() || on<OnGrade>() || on<OnNorm>(); }

void SurveyFlow::stop(const Now& now) {
    if (!can_stop() || answer_shown_) return;
    touch(now);
    finalise(EndReason::stopped, true, now);
}

int SurveyFlow::steps() const { return 1 + (asks_service() ? 1 : 0) + norm_count(); }

int SurveyFlow::step() const {
    if (on<OnGrade>()) return 1;
    if (on<OnService>()) return 2;
    if (on<OnNorm>()) return 2 + (asks_service() ? 1 : 0) + norm_index();
    return 0;
}

int SurveyFlow::norm_index() const {
    const auto* norm = std::get_if<OnNorm>(&screen_);
    return norm ? norm->index : 0;
}

void SurveyFlow::open_language_picker(const Now& now) {
    if (on<OutOfOrder>()) return;
    touch(now);
    shown(now);
    overlay_ = LanguagesOpen{};
}

void SurveyFlow::close_language_picker(const Now& now) {
    touch(now);
    shown(now);
    overlay_ = std::monostate{};
}

void SurveyFlow::choose_language(const std::string& language, const Now& now) {
    if (std::find(config_.languages.begin(), config_.languages.end(), language) == config_.languages.end())
        return;
    if (on<OutOfOrder>()) return;
    touch(now);
    shown(now);
    language_ = language;
    overlay_ = std::monostate{};
    if (auto* welcome = std::get_if<OnWelcome>(&screen_)) {
        // Welcome turns back to the default when idle.
        welcome->language_chosen = language != config_.default_language;
        return;
    }
    if (rating_ && rating_->state == RatingState::open) {
        rating_->language = language;
        if (rating_saved_) save(now);
    }
}

void SurveyFlow::still_here(const Now& now) {
    touch(now);
    shown(now);
}

void SurveyFlow::start_over(const Now& now) {
    if (!asking_still_there()) return;
    touch(now);
    finalise(EndReason::stopped, false, now);
}

void SurveyFlow::finish(const Now& now) {
    if (on<OnThanks>()) reset(now);
}

void SurveyFlow::finalise(EndReason reason, bool thank, const Now& now) {
    bool kept = rating_ && (rating_saved_ || reason == EndReason::completed);
    if (kept) {
        rating_->state = RatingState::final;
        rating_->end_reason = reason;
        // Its length from the steady clock: a wall clock stepped mid-visit (NTP, a hand) must not
        // make it end before it began.
        rating_->finished_ms =
            rating_->started_ms +
            std::chrono::duration_cast<std::chrono::milliseconds>(now.steady - visit_started_).count();
        if (!save(now)) return;  // out of order: Thanks would say "saved"
    }
    if (thank && kept)
        show_answer_then(&SurveyFlow::to_thanks, now);
    else
        reset(now);
}

std::optional<Instant> SurveyFlow::idle_deadline() const {
    const auto* welcome = std::get_if<OnWelcome>(&screen_);
    bool idle_timer_runs = on<OnService>() || on<OnGrade>() || on<OnNorm>() ||
                           (welcome && (language_picker_open() || welcome->language_chosen));
    if (!idle_timer_runs) return std::nullopt;
    return last_input_ + config_.idle_after;
}

Outcome SurveyFlow::tick(const Now& now) {
    outcome_ = {};
    outcome_.changed = changed_by_time(now);
    return std::exchange(outcome_, {});
}

bool SurveyFlow::changed_by_time(const Now& now) {
    if (answer_shown_) {
        if (now.steady < answer_shown_->until) return false;
        auto advance = answer_shown_->then;
        answer_shown_.reset();
        (this->*advance)(now);
        return true;
    }
    if (auto* welcome = std::get_if<OnWelcome>(&screen_)) {
        // A language chosen on Welcome, or the grid left open, is someone else's: back to the default.
        if (idle_deadline() && now.steady >= *idle_deadline()) {
            reset(now);
            return true;
        }
        return std::exchange(welcome->greeting_shown, greeting_index(now)) != greeting_index(now);
    }
    if (on<OutOfOrder>()) return false;
    if (auto* thanks = std::get_if<OnThanks>(&screen_)) {
        if (now.steady >= thanks->since + config_.thanks_for) {
            reset(now);
            return true;
        }
        int left = thanks_seconds_left(now);
        return std::exchange(thanks->seconds_shown, left) != left;
    }
    if (auto* asking = std::get_if<AskingStillThere>(&overlay_)) {
        if (now.steady >= asking->since + config_.countdown) {
            finalise(EndReason::timed_out, false, now);  // closed as it stands
            return true;
        }
        int left = countdown_seconds_left(now);
        return std::exchange(asking->seconds_shown, left) != left;
    }
    if (now.steady >= *idle_deadline()) {
        overlay_ = AskingStillThere{now.steady, 0};
        shown(now);
        std::get<AskingStillThere>(overlay_).seconds_shown = countdown_seconds_left(now);
        return true;
    }
    return false;
}

std::optional<Instant> SurveyFlow::next_deadline(const Now& now) const {
    if (answer_shown_) return answer_shown_->until;
    if (on<OutOfOrder>()) return std::nullopt;
    if (const auto* thanks = std::get_if<OnThanks>(&screen_))  // each whole second, for "Done"'s seconds
        return next_second(thanks->since + config_.thanks_for, now.steady);
    if (const auto* welcome = std::get_if<OnWelcome>(&screen_)) {
        std::optional<Instant> due = idle_deadline();
        if (config_.languages.size() < 2) return due;
        Instant greeting = welcome->since + config_.greeting_every * (greeting_index(now) + 1);
        return due ? std::min(*due, greeting) : greeting;
    }
    // Wake at each whole second so the countdown on screen stays right, and at its end.
    if (const auto* asking = std::get_if<AskingStillThere>(&overlay_))
        return next_second(asking->since + config_.countdown, now.steady);
    return idle_deadline();
}

std::int64_t SurveyFlow::greeting_index(const Now& now) const {
    const auto* welcome = std::get_if<OnWelcome>(&screen_);
    if (!welcome || now.steady < welcome->since) return 0;
    return (now.steady - welcome->since) / config_.greeting_every;
}

const std::string& SurveyFlow::greeting_language(const Now& now) const {
    const auto& all = config_.languages;
    if (!on<OnWelcome>() || all.size() < 2) return language_;
    // Every language but Welcome's own, in the configured order.
    auto others = static_cast<std::int64_t>(all.size() - 1);
    auto index = static_cast<std::size_t>(greeting_index(now) % others);
    auto own = static_cast<std::size_t>(std::find(all.begin(), all.end(), language_) - all.begin());
    return all[index >= own ? index + 1 : index];
}

int SurveyFlow::thanks_seconds_left(const Now& now) const {
    const auto* thanks = std::get_if<OnThanks>(&screen_);
    return thanks ? seconds_until(thanks->since + config_.thanks_for, now.steady) : 0;
}

int SurveyFlow::countdown_seconds_left(const Now& now) const {
    const auto* asking = std::get_if<AskingStillThere>(&overlay_);
    return asking ? seconds_until(asking->since + config_.countdown, now.steady) : 0;
}

const std::string& SurveyFlow::current_norm() const {
    static const std::string none;
    if (!on<OnNorm>() || norm_index() >= norm_count()) return none;
    return plan_[static_cast<std::size_t>(norm_index())];
}

std::optional<int> SurveyFlow::current_answer() const {
    if (!rating_ || !on<OnNorm>()) return std::nullopt;
    for (const auto& a : rating_->answers)
        if (a.norm_id == current_norm()) return a.value;
    return std::nullopt;
}

}  // namespace kiosk
