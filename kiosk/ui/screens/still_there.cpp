// "Are you still there?": after a while without a touch, a countdown before the kiosk starts over.
#include "screens.hpp"

namespace kiosk::ui {

Intent render_still_there(const Ui& ui, int seconds_left) {
    const Theme& t = ui.theme;
    StillThereLayout s = still_there_layout(ui.layout);
    Intent intent;
    ImDrawList* d = ImGui::GetWindowDrawList();
    d->AddRectFilled(s.whole.min, s.whole.max, t.palette.overlay_dim);
    d->AddRectFilled(s.card.min, s.card.max, t.palette.surface, t.corner() * 2);
    d->AddRect(s.card.min, s.card.max, t.palette.border, t.corner() * 2, 0, t.mm(0.5f));

    draw_text(ui, s.title, ui.text.tr("title", "Are you still there?"), t.palette.text);
    std::string line = fill(ui.text.trn("message", "We will start again in {1} second.",
                                        "We will start again in {1} seconds.", seconds_left),
                            {std::to_string(seconds_left)});
    draw_text(ui, s.message, line, t.palette.text_muted);
    if (touch_button(ui, "still-here", s.still_here, ui.text.tr("button", "Yes, I am still here"),
                     ButtonLook::primary))
        intent = {Intent::still_here};
    // A tap anywhere means "I'm here", as much as the button does.
    if (touch_area(ui, "still-here-anywhere", s.whole)) intent = {Intent::still_here};
    return intent;
}

}  // namespace kiosk::ui
