// Welcome: the grade question in the site's default language, so the first tap is already an answer
// (one tap counts, even from a citizen who walks away). Other languages are an explicit choice: a
// button that offers each language in turn in its own words, the counter's languages, and a globe
// for all of them.
#include "screens.hpp"

namespace kiosk::ui {

Box welcome_greeting_area(const Layout& l, int strip_languages) {
    return welcome_layout(l, strip_languages).other.box;
}

Intent render_welcome(const Ui& ui, const WelcomeView& v) {
    WelcomeLayout w = welcome_layout(ui.layout, static_cast<int>(v.strip.size()));
    Intent intent = render_grade_keys(ui, w.grade, v.chosen_grade);

    std::string other_target = "continue-in-" + v.offered.language();
    // TRANSLATORS: a button that switches the kiosk into your language: "Continue in <your language>".
    std::string offer = v.offered.tr("greeting", "Continue in English");
    if (touch_button(ui, "continue-in", w.other, offer, ButtonLook::plain))
        intent = {Intent::choose_language, 0, v.offered.language()};
    ui.targets[other_target] = w.other.box;  // a script can tap the language it means
    if (globe_button(ui, "language-button", w.all_languages, ui.text.tr("button", "All languages"),
                     ButtonLook::plain))
        intent = {Intent::open_languages};

    // The strip's names share one size, so a long name does not make its neighbours look mismatched.
    std::vector<std::string> names;
    for (std::size_t i = 0; i < w.strip.size(); ++i) names.push_back(v.strip[i].endonym);
    FontSize size = w.strip.empty() ? FontSize::body : common_size(names, w.strip.front().label, ui.fonts);
    for (std::size_t i = 0; i < w.strip.size(); ++i) {
        ButtonBox cell = w.strip[i];
        cell.label = cell.label.at_most(size);
        std::string target = "language-" + v.strip[i].code;
        ButtonLook look = v.strip[i].code == ui.text.language() ? ButtonLook::chosen : ButtonLook::plain;
        if (touch_button(ui, target.c_str(), cell, v.strip[i].endonym, look))
            intent = {Intent::choose_language, 0, v.strip[i].code};
    }
    return intent;
}

}  // namespace kiosk::ui
