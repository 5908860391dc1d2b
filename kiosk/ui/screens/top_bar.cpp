// The bar above every question screen, and the progress dots below it.
#include "screens.hpp"

namespace kiosk::ui {

Intent render_top_bar(const Ui& ui, const std::string& endonym, bool can_go_back) {
    const Layout& l = ui.layout;
    Intent intent;
    float y = l.top_bar.min.y + (l.top_bar.height() - l.bar_button.y) / 2;
    Box language{{l.top_bar.min.x, y}, {l.top_bar.min.x + l.bar_button.x, y + l.bar_button.y}};
    // The globe sits left of the name, so a citizen who cannot read the current language finds it.
    float globe = l.bar_button.y * 0.28f;
    Box name{{language.min.x + globe * 2.6f, language.min.y}, language.max};
    if (touch_button(ui, "language-button", language, "", ButtonLook::plain)) intent = {Intent::open_languages};
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw_globe(draw, {language.min.x + globe * 1.6f, language.center().y}, globe, ui.theme.palette.accent);
    draw_text(ui, {{name.min.x, name.min.y + ui.theme.mm(1)}, {name.max.x - ui.theme.mm(3), name.max.y - ui.theme.mm(1)}},
              endonym, FontSize::large, FontSize::small, ui.theme.palette.text);

    if (can_go_back) {
        Box back{{l.top_bar.max.x - l.bar_button.x, y}, {l.top_bar.max.x, y + l.bar_button.y}};
        if (touch_button(ui, "back", back, "\u2039 " + ui.text.tr("button", "Back"), ButtonLook::plain))
            intent = {Intent::back};
    }
    return intent;
}

void render_progress(const Ui& ui, int step, int steps) {
    const Box& bar = ui.layout.bottom_bar;
    float r = ui.theme.mm(2.2f);
    float spacing = r * 4;
    float x = bar.center().x - spacing * static_cast<float>(steps - 1) / 2;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (int i = 0; i < steps; ++i) {
        ImVec2 c{x + spacing * static_cast<float>(i), bar.center().y};
        if (i <= step)
            draw->AddCircleFilled(c, r, ui.theme.palette.accent, 24);
        else
            draw->AddCircle(c, r, ui.theme.palette.text_muted, 24, ui.theme.mm(0.5f));
    }
}

}  // namespace kiosk::ui
