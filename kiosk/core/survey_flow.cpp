#include "survey_flow.hpp"

#include <algorithm>
#include <cassert>

#include "identifiers.hpp"

namespace kiosk {

const char* to_string(Screen screen) {
    switch (screen) {
        case Screen::welcome: return "welcome";
        case Screen::service: return "service";
        case Screen::grade: return "grade";
        case Screen::norm: return "norm";
        case Screen::thanks: return "thanks";
    }
    return "?";
}

const char* to_string(EndReason reason) {
    switch (reason) {
        case EndReason::none: return "";
        case EndReason::completed: return "completed";
        case EndReason::timed_out: return "timed-out";
        case EndReason::abandoned: return "abandoned";
    }
    return "";
}

SurveyFlow::SurveyFlow(SurveySettings settings, NormRotation& rotation, RatingSink& sink, const Now& now)
    : settings_(std::move(settings)), rotation_(rotation), sink_(sink) {
    assert(!settings_.languages.empty() && "the config loader guarantees at least one language");
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
        r.clock_synchronised = now.clock_synchronised;
        rating_ = std::move(r);
    }
    return *rating_;
}

void SurveyFlow::save() {
    sink_.save(*rating_);
    rating_saved_ = true;
}

void SurveyFlow::enter(Screen screen, const Now& now) {
    screen_ = screen;
    picker_open_ = false;
    if (screen == Screen::thanks) thanks_since_ = now.steady;
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
}

void SurveyFlow::start(const Now& now, const std::string& shown_language) {
    if (screen_ != Screen::welcome) return;
    bool enabled = std::find(settings_.languages.begin(), settings_.languages.end(), shown_language) !=
                   settings_.languages.end();
    if (!language_chosen_) language_ = enabled ? shown_language : greeting_language(now);
    touch(now);
    plan_ = rotation_.plan_visit();
    norm_index_ = 0;
    enter(settings_.services.size() > 1 ? Screen::service : Screen::grade, now);
}

void SurveyFlow::choose_service(const std::string& service, const Now& now) {
    if (screen_ != Screen::service) return;
    touch(now);
    draft(now).service = service;
    save();
    enter(Screen::grade, now);
}

void SurveyFlow::give_grade(int grade, const Now& now) {
    if (screen_ != Screen::grade || grade < 1 || grade > 10) return;
    touch(now);
    Rating& r = draft(now);
    r.grade = grade;
    if (settings_.services.size() == 1) r.service = settings_.services.front();
    save();  // the first tap is already a counted answer
    norm_index_ = 0;
    if (plan_.empty())
        finalise(EndReason::completed, now);
    else
        enter(Screen::norm, now);
}

void SurveyFlow::answer_norm(int value, const Now& now) {
    if (screen_ != Screen::norm || value < answer_not_applicable || value > 5) return;
    touch(now);
    Rating& r = draft(now);
    const std::string& norm = current_norm();
    auto it = std::find_if(r.answers.begin(), r.answers.end(), [&](auto& a) { return a.norm_id == norm; });
    if (it == r.answers.end())
        r.answers.push_back(NormAnswer{norm, value});
    else
        it->value = value;
    if (norm_index_ + 1 < norm_count()) {
        save();
        ++norm_index_;
    } else {
        finalise(EndReason::completed, now);  // one write: the last answer and the final state together
    }
}

void SurveyFlow::back(const Now& now) {
    if (!can_go_back()) return;
    touch(now);
    picker_open_ = false;
    if (screen_ == Screen::norm && norm_index_ > 0)
        --norm_index_;
    else if (screen_ == Screen::norm)
        screen_ = Screen::grade;
    else if (screen_ == Screen::grade)
        screen_ = Screen::service;
}

bool SurveyFlow::can_go_back() const {
    return screen_ == Screen::norm || (screen_ == Screen::grade && settings_.services.size() > 1);
}

void SurveyFlow::open_language_picker(const Now& now) {
    touch(now);
    picker_open_ = true;
}

void SurveyFlow::close_language_picker(const Now& now) {
    touch(now);
    picker_open_ = false;
}

void SurveyFlow::choose_language(const std::string& language, const Now& now) {
    if (std::find(settings_.languages.begin(), settings_.languages.end(), language) == settings_.languages.end()) return;
    touch(now);
    language_ = language;
    picker_open_ = false;
    if (screen_ == Screen::welcome) {
        language_chosen_ = true;
        start(now);  // choosing a language on Welcome is the start of a visit
        return;
    }
    if (rating_ && rating_->state == RatingState::open) {
        rating_->language = language;
        if (rating_saved_) save();
    }
}

void SurveyFlow::still_here(const Now& now) { touch(now); }

void SurveyFlow::finish(const Now& now) {
    if (screen_ == Screen::thanks) reset(now);
}

void SurveyFlow::finalise(EndReason reason, const Now& now) {
    if (rating_ && (rating_saved_ || reason == EndReason::completed)) {
        rating_->state = RatingState::final;
        rating_->end_reason = reason;
        rating_->finished_ms = now.utc_ms;
        save();
    }
    if (reason == EndReason::completed)
        enter(Screen::thanks, now);
    else
        reset(now);
}

std::optional<Instant> SurveyFlow::idle_deadline() const {
    bool idle_timer_runs = screen_ == Screen::service || screen_ == Screen::grade || screen_ == Screen::norm ||
                           (screen_ == Screen::welcome && picker_open_);
    if (!idle_timer_runs) return std::nullopt;
    return last_input_ + settings_.idle_after;
}

bool SurveyFlow::tick(const Now& now) {
    switch (screen_) {
        case Screen::welcome:
            if (picker_open_ && now.steady >= last_input_ + settings_.idle_after) {
                reset(now);
                return true;
            }
            if (greeting_index(now) != greeting_shown_) {
                greeting_shown_ = greeting_index(now);
                return true;
            }
            return false;
        case Screen::thanks:
            if (now.steady >= thanks_since_ + settings_.thanks_for) {
                reset(now);
                return true;
            }
            return false;
        default:
            break;
    }
    if (still_there_since_) {
        if (now.steady >= *still_there_since_ + settings_.countdown) {
            finalise(EndReason::timed_out, now);  // closed as it stands
            return true;
        }
        int left = countdown_seconds_left(now);
        bool moved = left != countdown_shown_;
        countdown_shown_ = left;
        return moved;
    }
    if (now.steady >= *idle_deadline()) {
        still_there_since_ = now.steady;
        countdown_shown_ = countdown_seconds_left(now);
        return true;
    }
    return false;
}

std::optional<Instant> SurveyFlow::next_deadline(const Now& now) const {
    switch (screen_) {
        case Screen::thanks:
            return thanks_since_ + settings_.thanks_for;
        case Screen::welcome:
            if (picker_open_) return idle_deadline();
            if (settings_.languages.size() < 2 || language_chosen_) return std::nullopt;
            return welcome_since_ + settings_.greeting_every * (greeting_index(now) + 1);
        default:
            break;
    }
    if (still_there_since_) {
        // Wake at each whole second so the countdown on screen stays right, and at its end.
        int left = countdown_seconds_left(now);
        return *still_there_since_ + settings_.countdown - std::chrono::seconds(std::max(left - 1, 0));
    }
    return idle_deadline();
}

std::int64_t SurveyFlow::greeting_index(const Now& now) const {
    if (now.steady < welcome_since_) return 0;
    return (now.steady - welcome_since_) / settings_.greeting_every;
}

const std::string& SurveyFlow::greeting_language(const Now& now) const {
    if (language_chosen_ || screen_ != Screen::welcome) return language_;
    auto index = static_cast<std::size_t>(greeting_index(now)) % settings_.languages.size();
    return settings_.languages[index];
}

int SurveyFlow::countdown_seconds_left(const Now& now) const {
    if (!still_there_since_) return 0;
    auto left = *still_there_since_ + settings_.countdown - now.steady;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(left).count();
    return ms <= 0 ? 0 : static_cast<int>((ms + 999) / 1000);
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
