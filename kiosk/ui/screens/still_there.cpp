// "Are you still there?": after a while without a touch, a countdown before the kiosk starts over.
#include "screens.hpp"

namespace kiosk::ui {

Intent render_still_there(const Ui& ui, int seconds_left) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    Intent intent;
    ImDrawList* d = ImGui::GetWindowDrawList();
    Box whole{{0, 0}, l.display};
    d->AddRectFilled(whole.min, whole.max, t.palette.overlay_dim);

    float w = std::min(l.content.width(), t.mm(260));
    float h = t.mm(110);
    Box card{{l.display.x / 2 - w / 2, l.display.y / 2 - h / 2}, {l.display.x / 2 + w / 2, l.display.y / 2 + h / 2}};
    d->AddRectFilled(card.min, card.max, t.palette.surface, t.corner() * 2);
    d->AddRect(card.min, card.max, t.palette.border, t.corner() * 2, 0, t.mm(0.5f));

    TextRole title = l.role("title");
    float pad = t.mm(8);
    Box title_box{{card.min.x + pad, card.min.y + pad}, {card.max.x - pad, card.min.y + pad + t.mm(22)}};
    draw_text(ui, title_box, ui.text.tr("title", "Are you still there?"), title.largest, title.smallest, t.palette.text);
    TextRole m = l.role("message");
    Box message{{card.min.x + pad, title_box.max.y}, {card.max.x - pad, title_box.max.y + t.mm(22)}};
    std::string line = fill(ui.text.trn("message", "We will start again in {1} second.",
                                        "We will start again in {1} seconds.", seconds_left),
                            {std::to_string(seconds_left)});
    draw_text(ui, message, line, m.largest, m.smallest, t.palette.text_muted);

    float bw = l.bar_button.x * 1.3f;
    Box button{{card.center().x - bw / 2, card.max.y - pad - t.touch_target()}, {card.center().x + bw / 2, card.max.y - pad}};
    if (touch_button(ui, "still-here", button, ui.text.tr("button", "Yes, I am still here"), ButtonLook::primary))
        intent = {Intent::still_here};
    // A tap anywhere means "I'm here", as much as the button does.
    if (touch_area(ui, "still-here-anywhere", whole)) intent = {Intent::still_here};
    return intent;
}

}  // namespace kiosk::ui
