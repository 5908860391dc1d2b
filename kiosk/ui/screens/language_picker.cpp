// The language grid: every enabled language in its own name and script, the counter's languages
// first, then the rest by name (the order comes from the window: language_order.hpp).
#include "screens.hpp"

namespace kiosk::ui {

Intent render_language_picker(const Ui& ui, const std::vector<LanguageChoice>& languages,
                              const std::string& current) {
    const Theme& t = ui.theme;
    LanguagePickerLayout p = language_picker_layout(ui.layout, static_cast<int>(languages.size()));
    Intent intent;
    ImGui::GetWindowDrawList()->AddRectFilled(p.whole.min, p.whole.max, t.palette.background);
    draw_text(ui, p.title, ui.text.tr("title", "Choose your language"), t.palette.text);
    if (touch_button(ui, "close-languages", p.close, "\u00d7 " + ui.text.tr("button", "Close"),
                     ButtonLook::plain))
        intent = {Intent::close_languages};
    for (std::size_t i = 0; i < languages.size(); ++i) {
        const auto& language = languages[i];
        std::string target = "language-" + language.code;
        ButtonLook look = language.code == current ? ButtonLook::chosen : ButtonLook::plain;
        if (touch_button(ui, target.c_str(), p.languages[i], language.endonym, look))
            intent = {Intent::choose_language, 0, language.code};
    }
    touch_area(ui, "language-picker-backdrop",
               p.whole);  // after the buttons: it only takes taps between them
    return intent;
}

}  // namespace kiosk::ui
