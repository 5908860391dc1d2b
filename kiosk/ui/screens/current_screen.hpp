// Which screen and overlay the visit is on, drawn from the kiosk's state: the one place that maps the
// core's Screen to a screen function.
#pragma once
#include <string>
#include <vector>

#include "screens.hpp"

namespace kiosk {
class Catalogues;
class SurveyFlow;
struct KioskConfig;
struct Now;
}  // namespace kiosk

namespace kiosk::ui {

struct VisitView {
    const SurveyFlow& flow;
    const KioskConfig& config;
    const Catalogues& catalogues;
    const std::vector<LanguageChoice>& languages;  // every enabled language, in the grid's order
    const std::vector<LanguageChoice>& strip;      // Welcome's: the default and the counter's languages
    const Now& now;
};

// Whether an overlay (language grid, "Are you still there?") stands above the screen.
bool has_overlay(const SurveyFlow& flow);
// The screen; under an overlay only a backdrop that takes no taps.
Intent render_current_screen(const Ui& ui, const VisitView& visit);
// The overlay, in a window of its own above the screen, so it gets every tap.
Intent render_current_overlay(const Ui& ui, const VisitView& visit);

}  // namespace kiosk::ui
