// The bar above every question screen, and the progress dots below it.
#include "screens.hpp"

namespace kiosk::ui {

Intent render_top_bar(const Ui& ui, const std::string& endonym, bool can_go_back) {
    TopBarLayout bar = top_bar_layout(ui.layout);
    Intent intent;
    if (touch_button(ui, "language-button", bar.language.box, ButtonLook::plain))
        intent = {Intent::open_languages};
    draw_globe(ImGui::GetWindowDrawList(), bar.globe.centre, bar.globe.radius, ui.theme.palette.accent);
    draw_text(ui, bar.language.label, endonym, ui.theme.palette.text);
    if (can_go_back &&
        touch_button(ui, "back", bar.back, "\u2039 " + ui.text.tr("button", "Back"), ButtonLook::plain))
        intent = {Intent::back};
    return intent;
}

void render_progress(const Ui& ui, int step, int steps) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    std::vector<Circle> dots = progress_layout(ui.layout, steps);
    for (int i = 0; i < steps; ++i) {
        const Circle& dot = dots[static_cast<std::size_t>(i)];
        if (i <= step)
            draw->AddCircleFilled(dot.centre, dot.radius, ui.theme.palette.accent, 24);
        else
            draw->AddCircle(dot.centre, dot.radius, ui.theme.palette.text_muted, 24, ui.theme.mm(0.5f));
    }
}

}  // namespace kiosk::ui
