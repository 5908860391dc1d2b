// The language grid: every enabled language in its own name and script, in the configured order.
#include "screens.hpp"

namespace kiosk::ui {

Intent render_language_picker(const Ui& ui, const std::vector<LanguageChoice>& languages, const std::string& current) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    Intent intent;
    ImDrawList* d = ImGui::GetWindowDrawList();
    Box whole{{0, 0}, l.display};
    d->AddRectFilled(whole.min, whole.max, t.palette.background);

    TextRole title = l.role("title");
    Box title_box{{l.content.min.x + l.bar_button.x, l.top_bar.min.y}, {l.content.max.x - l.bar_button.x, l.top_bar.max.y}};
    draw_text(ui, title_box, ui.text.tr("title", "Choose your language"), title.largest, title.smallest, t.palette.text);
    float y = l.top_bar.min.y + (l.top_bar.height() - l.bar_button.y) / 2;
    Box close{{l.top_bar.max.x - l.bar_button.x, y}, {l.top_bar.max.x, y + l.bar_button.y}};
    if (touch_button(ui, "close-languages", close, "\u00d7 " + ui.text.tr("button", "Close"), ButtonLook::plain))
        intent = {Intent::close_languages};

    int columns = l.language_columns;
    int count = static_cast<int>(languages.size());
    int rows = std::max(1, (count + columns - 1) / columns);
    float cell_h = t.touch_target() + t.mm(3);
    Box area{{l.content.min.x, l.content.min.y + t.mm(2)},
             {l.content.max.x, l.content.min.y + t.mm(2) + static_cast<float>(rows) * (cell_h + t.gap()) - t.gap()}};
    TextRole name = l.role("language-name");
    for (int i = 0; i < count; ++i) {
        const auto& language = languages[static_cast<std::size_t>(i)];
        Box cell = l.grid_cell(area, columns, rows, i, t.gap());
        std::string target = "language-" + language.code;
        ButtonLook look = language.code == current ? ButtonLook::chosen : ButtonLook::plain;
        if (touch_button(ui, target.c_str(), cell, language.endonym, look, name.largest, name.smallest))
            intent = {Intent::choose_language, 0, language.code};
    }
    touch_area(ui, "language-picker-backdrop", whole);  // after the buttons: it only takes taps between them
    return intent;
}

}  // namespace kiosk::ui
