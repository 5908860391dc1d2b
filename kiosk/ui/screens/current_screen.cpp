#include "current_screen.hpp"

#include <algorithm>

#include "catalogues.hpp"
#include "config.hpp"
#include "norm_text.hpp"
#include "survey_flow.hpp"

namespace kiosk::ui {

bool has_overlay(const SurveyFlow& flow) { return flow.asking_still_there() || flow.language_picker_open(); }

Intent render_current_screen(const Ui& ui, const VisitView& v) {
    const SurveyFlow& f = v.flow;
    bool overlay = has_overlay(f);
    Intent intent;
    ImGui::BeginDisabled(overlay);
    const Rating* rating = f.rating();
    switch (f.screen()) {
        case Screen::welcome: {
            Text offered(v.catalogues, f.greeting_language(v.now));
            intent = render_welcome(ui, {offered, v.strip, rating ? rating->grade : std::nullopt});
            break;
        }
        case Screen::service:
            intent = render_service(ui, f.services());
            break;
        case Screen::grade:
            intent = render_grade(ui, rating ? rating->grade : std::nullopt);
            break;
        case Screen::norm: {
            NormText text = norm_text(f.current_norm(), f.language(), v.config, v.catalogues);
            intent = render_norm(ui, text.title, text.question, f.current_answer());
            break;
        }
        case Screen::thanks:
            intent = render_thanks(ui, {rating ? rating->reference : std::string(), v.config.followup_url,
                                        v.config.followup_address, f.thanks_seconds_left(v.now)});
            break;
        case Screen::out_of_order:
            render_out_of_order(ui);
            break;
    }
    if (f.step() > 0) {
        render_progress(ui, f.step(), f.steps());
        if (Intent bar = render_bar(ui, v.catalogues.endonym(f.language()), f.can_go_back(), f.can_stop()))
            intent = bar;
    }
    ImGui::EndDisabled();
    return overlay ? Intent{} : intent;
}

Intent render_current_overlay(const Ui& ui, const VisitView& v) {
    const SurveyFlow& f = v.flow;
    if (f.asking_still_there()) return render_still_there(ui, f.countdown_seconds_left(v.now));
    if (f.language_picker_open()) return render_language_picker(ui, v.languages, f.language());
    return {};
}

}  // namespace kiosk::ui
