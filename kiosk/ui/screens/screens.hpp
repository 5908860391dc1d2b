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

// The bar on every question screen: language button (left), back (right, when allowed).
Intent render_top_bar(const Ui& ui, const std::string& endonym, bool can_go_back);
// Dots at the bottom: where the citizen is in the visit.
void render_progress(const Ui& ui, int step, int steps);

// greeting: Text in the language the greeting shows now; strip: the first languages as direct choices
// (at most welcome_strip_max are shown).
Intent render_welcome(const Ui& ui, const Text& greeting, const std::vector<LanguageChoice>& strip);
// The part of Welcome that changes when the greeting moves to the next language.
Box welcome_greeting_area(const Layout& layout);
Intent render_service(const Ui& ui, const std::vector<std::string>& services);
Intent render_grade(const Ui& ui, std::optional<int> chosen);
Intent render_norm(const Ui& ui, const std::string& norm_title, const std::string& question,
                   std::optional<int> chosen);
Intent render_thanks(const Ui& ui, const std::string& reference, const std::string& followup_url);
void render_out_of_order(const Ui& ui);

// Overlays, drawn above the screen.
Intent render_language_picker(const Ui& ui, const std::vector<LanguageChoice>& languages,
                              const std::string& current);
Intent render_still_there(const Ui& ui, int seconds_left);

}  // namespace kiosk::ui
