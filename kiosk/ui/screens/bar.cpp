// The bar under every question screen, and the progress above it.
#include "screens.hpp"

namespace kiosk::ui {

Intent render_bar(const Ui& ui, const std::string& endonym, bool can_go_back, bool can_stop) {
    BarLayout bar = bar_layout(ui.layout);
    Intent intent;
    if (globe_button(ui, "language-button", bar.language, endonym, ButtonLook::plain))
        intent = {Intent::open_languages};
    if (can_go_back &&
        touch_button(ui, "back", bar.back, "\u2039 " + ui.text.tr("button", "Back"), ButtonLook::plain))
        intent = {Intent::back};
    if (can_stop && touch_button(ui, "stop", bar.stop, ui.text.tr("button", "Stop"), ButtonLook::plain))
        intent = {Intent::stop};
    return intent;
}

void render_progress(const Ui& ui, int step, int steps) {
    if (steps <= 0) return;
    const Palette& p = ui.theme.palette;
    ProgressLayout layout = progress_layout(ui.layout);
    draw_text(
        ui, layout.words,
        fill(ui.text.tr("progress", "Question {1} of {2}"), {std::to_string(step), std::to_string(steps)}),
        p.text);
    // One part a step, filled up to this one: the service question counts as much as a norm.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const Box& track = layout.track;
    float gap = ui.theme.mm(1.0f);
    float part = (track.width() - gap * static_cast<float>(steps - 1)) / static_cast<float>(steps);
    for (int i = 0; i < steps; ++i) {
        float x = track.min.x + static_cast<float>(i) * (part + gap);
        Box piece{{x, track.min.y}, {x + part, track.max.y}};
        if (i < step)
            draw->AddRectFilled(piece.min, piece.max, p.accent);
        else
            draw->AddRect(piece.min, piece.max, p.border, 0, 0, ui.theme.mm(0.4f));
    }
}

}  // namespace kiosk::ui
