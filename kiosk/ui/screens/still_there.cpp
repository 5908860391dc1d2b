// "Are you still there?": after a while without a touch, a countdown before the kiosk starts over.
// Whoever reads it may be the next citizen, finding a visit left half-done: they can start afresh.
#include "screens.hpp"

namespace kiosk::ui {

Intent render_still_there(const Ui& ui, int seconds_left) {
    const Theme& t = ui.theme;
    StillThereLayout s = still_there_layout(ui.layout);
    Intent intent;
    ImDrawList* d = ImGui::GetWindowDrawList();
    d->AddRectFilled(s.whole.min, s.whole.max, t.palette.overlay_dim);
    d->AddRectFilled(s.card.min, s.card.max, t.palette.surface, t.corner() * 2);
    d->AddRect(s.card.min, s.card.max, t.palette.border, t.corner() * 2, 0, t.mm(0.6f));

    draw_text(ui, s.title, ui.text.tr("title", "Are you still there?"), t.palette.text);
    std::string line = fill(ui.text.trn("message", "We will start again in {1} second.",
                                        "We will start again in {1} seconds.", seconds_left),
                            {std::to_string(seconds_left)});
    draw_text(ui, s.message, line, t.palette.text_muted);
    if (touch_button(ui, "start-over", s.start_over, ui.text.tr("button", "Start a new rating"),
                     ButtonLook::plain))
        intent = {Intent::start_over};
    if (touch_button(ui, "still-here", s.still_here, ui.text.tr("button", "Continue"), ButtonLook::primary))
        intent = {Intent::still_here};
    // A tap anywhere else means "I'm here", as much as Continue does.
    if (touch_area(ui, "still-here-anywhere", s.whole) && !intent) intent = {Intent::still_here};
    return intent;
}

}  // namespace kiosk::ui
