// Welcome (attract): a greeting that cycles through the languages; a tap anywhere starts the visit in
// the language shown, or a tap on a language name starts it in that one.
#include "screens.hpp"

namespace kiosk::ui {

Box welcome_greeting_area(const Layout& l) { return welcome_layout(l, 0).greeting_area; }

Intent render_welcome(const Ui& ui, const Text& greeting, const std::vector<LanguageChoice>& strip) {
    const Theme& t = ui.theme;
    WelcomeLayout w = welcome_layout(ui.layout, static_cast<int>(strip.size()));
    Intent intent;
    draw_text(ui, w.greeting, greeting.tr("greeting", "How was your visit?"), t.palette.text);
    draw_text(ui, w.hint,
              greeting.tr("message", "Tap the screen to rate your visit. It takes less than a minute."),
              t.palette.text_muted);
    for (std::size_t i = 0; i < w.faces.size(); ++i)
        draw_face(ImGui::GetWindowDrawList(), w.faces[i].centre, w.faces[i].radius, static_cast<int>(i),
                  t.palette);

    // The strip's names share one size, so a long name does not make its neighbours look mismatched.
    std::vector<std::string> names;
    for (std::size_t i = 0; i < w.strip.size(); ++i) names.push_back(strip[i].endonym);
    FontSize size = w.strip.empty() ? FontSize::body : common_size(names, w.strip.front().label, ui.fonts);
    for (std::size_t i = 0; i < w.strip.size(); ++i) {
        ButtonBox cell = w.strip[i];
        cell.label = cell.label.at_most(size);
        std::string target = "language-" + strip[i].code;
        if (touch_button(ui, target.c_str(), cell, strip[i].endonym, ButtonLook::plain))
            intent = {Intent::choose_language, 0, strip[i].code};
    }
    if (touch_button(ui, "language-button", w.globe_button, ButtonLook::plain))
        intent = {Intent::open_languages};
    draw_globe(ImGui::GetWindowDrawList(), w.globe.centre, w.globe.radius, t.palette.accent);
    // Last, so the buttons above take their taps first (ImGui gives a tap to the first item under it).
    // The language the citizen saw when tapping, not whatever the greeting shows a moment later.
    if (touch_area(ui, "start", w.whole) && !intent) intent = {Intent::start, 0, greeting.language()};
    return intent;
}

}  // namespace kiosk::ui
