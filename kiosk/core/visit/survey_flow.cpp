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

SurveyFlow::SurveyFlow(SurveySettings settings, NormRotation& rotation, RatingSink& sink, const Now& now)
    : settings_(std::move(settings)), rotation_(rotation), sink_(sink) {
    assert(!settings_.languages.empty() && "the config loader guarantees at least one language");
    auto& services = settings_.services;
    if (services.size() > 1 && std::find(services.begin(), services.end(), other_service) == services.end())
        services.emplace_back(other_service);
    reset(now);
}

void SurveyFlow::touch(const Now& now) {
    last_input_ = now.steady;
    still_there_since_.reset();
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
    return true;
}

void SurveyFlow::enter(Screen screen, const Now& now) {
    screen_ = screen;
    picker_open_ = false;
    shown(now);
    if (screen == Screen::thanks) {
        thanks_since_ = now.steady;
        countdown_shown_ = thanks_seconds_left(now);
    }
}

void SurveyFlow::show_answer_then(void (SurveyFlow::*advance)(const Now&), const Now& now) {
    if (settings_.answer_shown_for.count() <= 0) {
        (this->*advance)(now);
        return;
    }
    showing_answer_until_ = now.steady + settings_.answer_shown_for;
    after_answer_ = advance;
}

void SurveyFlow::next_norm(const Now& now) {
    ++norm_index_;
    shown(now);
}

void SurveyFlow::after_grade(const Now& now) {
    if (asks_service() && rating_->service.empty())
        enter(Screen::service, now);
    else
        after_service(now);
}

void SurveyFlow::after_service(const Now& now) {
    norm_index_ = 0;
    enter(Screen::norm, now);
}

bool SurveyFlow::accepts_tap(Instant pressed_at) const {
    return screen_ != Screen::out_of_order && pressed_at >= taps_count_from();
}

Instant SurveyFlow::taps_count_from() const {
    Instant from = view_since_ + settings_.tap_guard;
    if (showing_answer_until_) from = std::max(from, *showing_answer_until_ + settings_.tap_guard);
    return from;
}

bool SurveyFlow::apply(const Intent& intent, const Now& now) {
    if (!intent || !accepts_tap(intent.pressed_at)) return false;
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
    return true;
}

void SurveyFlow::activity(const Now& now) {
    if (screen_ == Screen::out_of_order) return;
    last_input_ = now.steady;
    if (screen_ == Screen::thanks) thanks_since_ = now.steady;  // still reading, or finding the camera
}

void SurveyFlow::out_of_service(const Now& now) {
    reset(now);
    screen_ = Screen::out_of_order;
}

void SurveyFlow::back_in_service(const Now& now) {
    if (screen_ == Screen::out_of_order) reset(now);
}

void SurveyFlow::reset(const Now& now) {
    screen_ = Screen::welcome;
    language_ = settings_.default_language;
    language_chosen_ = false;
    picker_open_ = false;
    still_there_since_.reset();
    welcome_since_ = now.steady;
    greeting_shown_ = 0;
    last_input_ = now.steady;
    plan_.clear();
    norm_index_ = 0;
    rating_.reset();
    rating_saved_ = false;
    showing_answer_until_.reset();
    after_answer_ = nullptr;
    shown(now);
}

void SurveyFlow::give_grade(int grade, const Now& now) {
    bool first = screen_ == Screen::welcome;
    if ((!first && screen_ != Screen::grade) || showing_answer_until_ || grade < 1 || grade > 10) return;
    touch(now);
    if (first) {
        plan_ = rotation_.plan_visit();
        norm_index_ = 0;
    }
    Rating& r = draft(now);
    r.grade = grade;
    if (settings_.services.size() == 1) r.service = settings_.services.front();
    bool asks_more = (asks_service() && r.service.empty()) || !plan_.empty();
    if (!asks_more) {
        finalise(EndReason::completed, true, now);
        return;
    }
    if (save(now)) show_answer_then(&SurveyFlow::after_grade, now);  // counted, even if nothing follows
}

void SurveyFlow::choose_service(const std::string& service, const Now& now) {
    if (screen_ != Screen::service || showing_answer_until_) return;
    if (std::find(settings_.services.begin(), settings_.services.end(), service) == settings_.services.end())
        return;
    touch(now);
    draft(now).service = service;
    if (plan_.empty()) {
        finalise(EndReason::completed, true, now);
        return;
    }
    if (save(now)) show_answer_then(&SurveyFlow::after_service, now);
}

void SurveyFlow::answer_norm(int value, const Now& now) {
    if (screen_ != Screen::norm || showing_answer_until_ || value < answer_not_applicable || value > 5)
        return;
    touch(now);
    Rating& r = draft(now);
    const std::string& norm = current_norm();
    auto it = std::find_if(r.answers.begin(), r.answers.end(), [&](auto& a) { return a.norm_id == norm; });
    if (it == r.answers.end())
        r.answers.push_back(NormAnswer{norm, value});
    else
        it->value = value;
    if (norm_index_ + 1 < norm_count()) {
        if (save(now)) show_answer_then(&SurveyFlow::next_norm, now);
    } else {
        finalise(EndReason::completed, true, now);  // one write: the last answer and the final state
    }
}

void SurveyFlow::back(const Now& now) {
    if (!can_go_back() || showing_answer_until_) return;
    touch(now);
    shown(now);
    picker_open_ = false;
    if (screen_ == Screen::norm && norm_index_ > 0)
        --norm_index_;
    else if (screen_ == Screen::norm && asks_service())
        screen_ = Screen::service;
    else
        screen_ = Screen::grade;
}

// The grade is the visit's first question: behind it is Welcome, which belongs to the next citizen.
bool SurveyFlow::can_go_back() const { return screen_ == Screen::norm || screen_ == Screen::service; }

bool SurveyFlow::can_stop() const {
    return screen_ == Screen::service || screen_ == Screen::grade || screen_ == Screen::norm;
}

void SurveyFlow::stop(const Now& now) {
    if (!can_stop() || showing_answer_until_) return;
    touch(now);
    finalise(EndReason::stopped, true, now);
}

int SurveyFlow::steps() const { return 1 + (asks_service() ? 1 : 0) + norm_count(); }

int SurveyFlow::step() const {
    switch (screen_) {
        case Screen::grade:
            return 1;
        case Screen::service:
            return 2;
        case Screen::norm:
            return 2 + (asks_service() ? 1 : 0) + norm_index_;
        default:
            return 0;
    }
}

void SurveyFlow::open_language_picker(const Now& now) {
    if (screen_ == Screen::out_of_order) return;
    touch(now);
    shown(now);
    picker_open_ = true;
}

void SurveyFlow::close_language_picker(const Now& now) {
    touch(now);
    shown(now);
    picker_open_ = false;
}

void SurveyFlow::choose_language(const std::string& language, const Now& now) {
    if (std::find(settings_.languages.begin(), settings_.languages.end(), language) ==
        settings_.languages.end())
        return;
    if (screen_ == Screen::out_of_order) return;
    touch(now);
    shown(now);
    language_ = language;
    picker_open_ = false;
    if (screen_ == Screen::welcome) {
        language_chosen_ = language != settings_.default_language;  // Welcome turns back to it when idle
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
    if (!still_there_since_) return;
    touch(now);
    finalise(EndReason::stopped, false, now);
}

void SurveyFlow::finish(const Now& now) {
    if (screen_ == Screen::thanks) reset(now);
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
    bool idle_timer_runs = screen_ == Screen::service || screen_ == Screen::grade ||
                           screen_ == Screen::norm ||
                           (screen_ == Screen::welcome && (picker_open_ || language_chosen_));
    if (!idle_timer_runs) return std::nullopt;
    return last_input_ + settings_.idle_after;
}

bool SurveyFlow::tick(const Now& now) {
    if (showing_answer_until_) {
        if (now.steady < *showing_answer_until_) return false;
        auto advance = std::exchange(after_answer_, nullptr);
        showing_answer_until_.reset();
        (this->*advance)(now);
        return true;
    }
    switch (screen_) {
        case Screen::welcome:
            // A language chosen on Welcome, or the grid left open, is someone else's: back to the default.
            if (idle_deadline() && now.steady >= *idle_deadline()) {
                reset(now);
                return true;
            }
            if (greeting_index(now) != greeting_shown_) {
                greeting_shown_ = greeting_index(now);
                return true;
            }
            return false;
        case Screen::out_of_order:
            return false;
        case Screen::thanks: {
            if (now.steady >= thanks_since_ + settings_.thanks_for) {
                reset(now);
                return true;
            }
            int left = thanks_seconds_left(now);
            return std::exchange(countdown_shown_, left) != left;
        }
        default:
            break;
    }
    if (still_there_since_) {
        if (now.steady >= *still_there_since_ + settings_.countdown) {
            finalise(EndReason::timed_out, false, now);  // closed as it stands
            return true;
        }
        int left = countdown_seconds_left(now);
        bool moved = left != countdown_shown_;
        countdown_shown_ = left;
        return moved;
    }
    if (now.steady >= *idle_deadline()) {
        still_there_since_ = now.steady;
        shown(now);
        countdown_shown_ = countdown_seconds_left(now);
        return true;
    }
    return false;
}

std::optional<Instant> SurveyFlow::next_deadline(const Now& now) const {
    if (showing_answer_until_) return showing_answer_until_;
    switch (screen_) {
        case Screen::out_of_order:
            return std::nullopt;
        case Screen::thanks:  // each whole second, for the seconds shown on "Done"
            return next_second(thanks_since_ + settings_.thanks_for, now.steady);
        case Screen::welcome: {
            std::optional<Instant> due = idle_deadline();
            if (settings_.languages.size() < 2) return due;
            Instant greeting = welcome_since_ + settings_.greeting_every * (greeting_index(now) + 1);
            return due ? std::min(*due, greeting) : greeting;
        }
        default:
            break;
    }
    if (still_there_since_) {
        // Wake at each whole second so the countdown on screen stays right, and at its end.
        return next_second(*still_there_since_ + settings_.countdown, now.steady);
    }
    return idle_deadline();
}

std::int64_t SurveyFlow::greeting_index(const Now& now) const {
    if (now.steady < welcome_since_) return 0;
    return (now.steady - welcome_since_) / settings_.greeting_every;
}

const std::string& SurveyFlow::greeting_language(const Now& now) const {
    const auto& all = settings_.languages;
    if (screen_ != Screen::welcome || all.size() < 2) return language_;
    // Every language but Welcome's own, in the configured order.
    auto others = static_cast<std::int64_t>(all.size() - 1);
    auto index = static_cast<std::size_t>(greeting_index(now) % others);
    auto own = static_cast<std::size_t>(std::find(all.begin(), all.end(), language_) - all.begin());
    return all[index >= own ? index + 1 : index];
}

int SurveyFlow::thanks_seconds_left(const Now& now) const {
    return screen_ == Screen::thanks ? seconds_until(thanks_since_ + settings_.thanks_for, now.steady) : 0;
}

int SurveyFlow::countdown_seconds_left(const Now& now) const {
    return still_there_since_ ? seconds_until(*still_there_since_ + settings_.countdown, now.steady) : 0;
}

const std::string& SurveyFlow::current_norm() const {
    static const std::string none;
    if (screen_ != Screen::norm || norm_index_ >= norm_count()) return none;
    return plan_[static_cast<std::size_t>(norm_index_)];
}

std::optional<int> SurveyFlow::current_answer() const {
    if (!rating_ || screen_ != Screen::norm) return std::nullopt;
    for (const auto& a : rating_->answers)
        if (a.norm_id == current_norm()) return a.value;
    return std::nullopt;
}

}  // namespace kiosk
