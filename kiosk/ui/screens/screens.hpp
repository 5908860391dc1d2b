// One function per screen: each draws from what it is given and returns what the citizen asked for.
// Every text and touch target goes in a box from screen_layout.hpp, never one a screen works out.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "../screen_layout.hpp"
#include "../widgets.hpp"
#include "intent.hpp"
#include "text_marker.hpp"

namespace kiosk::ui {

using kiosk::Intent;

struct LanguageChoice {
    std::string code;
    std::string endonym;
};

// The bar under every question screen: Language (left), Back and Stop (right, when allowed).
Intent render_bar(const Ui& ui, const std::string& endonym, bool can_go_back, bool can_stop);
// "Question 2 of 5" and a bar of one part a step, at the top.
void render_progress(const Ui& ui, int step, int steps);

struct WelcomeView {
    const Text& offered;                       // the language "Continue in …" offers now, in its own words
    const std::vector<LanguageChoice>& strip;  // the default and the counter's languages
    std::optional<int> chosen_grade;           // shown as chosen while it is being saved
};
Intent render_welcome(const Ui& ui, const WelcomeView& view);
// The part of Welcome that changes when "Continue in …" moves to the next language.
Box welcome_greeting_area(const Layout& layout, int strip_languages);
Intent render_service(const Ui& ui, const std::vector<std::string>& services);
// The question and its ten keys, where `g` puts them; used by Welcome and the grade screen.
Intent render_grade_keys(const Ui& ui, const GradeKeys& g, std::optional<int> chosen);
Intent render_grade(const Ui& ui, std::optional<int> chosen);
Intent render_norm(const Ui& ui, const std::string& norm_title, const std::string& question,
                   std::optional<int> chosen);

struct ThanksView {
    std::string reference;  // goes into the link, never onto the screen
    std::string followup_url;
    std::string followup_address;  // empty: not shown
    int seconds_left = 0;
};
Intent render_thanks(const Ui& ui, const ThanksView& view);
void render_out_of_order(const Ui& ui);

// Overlays, drawn above the screen.
Intent render_language_picker(const Ui& ui, const std::vector<LanguageChoice>& languages,
                              const std::string& current);
Intent render_still_there(const Ui& ui, int seconds_left);

}  // namespace kiosk::ui
