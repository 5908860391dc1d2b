// Thanks: the rating is saved; a QR code opens the centre's page for ideas and complaints on the
// citizen's own phone (charter norm 8), carrying only the rating's random reference.
#include <algorithm>

#include "../qr_code.hpp"
#include "log.hpp"
#include "screens.hpp"

namespace kiosk::ui {

Intent render_thanks(const Ui& ui, const std::string& reference, const std::string& followup_url) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    Intent intent;
    TextRole title = l.role("title");
    Box title_box{l.content.min, {l.content.max.x, l.content.min.y + title.size.y}};
    draw_text(ui, title_box, ui.text.tr("title", "Thank you for your rating!"), title.largest, title.smallest, t.palette.text);

    TextRole m = l.role("message");
    float top = title_box.max.y + t.gap();
    float bottom = l.content.max.y - t.touch_target() - t.mm(6);
    Box left{{l.content.min.x, top}, {l.content.center().x - t.gap(), bottom}};
    Box right{{l.content.center().x + t.gap(), top}, {l.content.max.x, bottom}};

    Box saved{{left.min.x, left.min.y}, {left.max.x, left.min.y + m.size.y}};
    draw_text(ui, saved, ui.text.tr("message", "Your answers have been saved. We use them to improve our service."),
              m.largest, m.smallest, t.palette.text, Align::left);
    Box scan{{left.min.x, saved.max.y + t.gap()}, {left.max.x, saved.max.y + t.gap() + m.size.y}};
    draw_text(ui, scan, ui.text.tr("message", "Do you have an idea or a complaint? Scan the code with your phone."),
              m.largest, m.smallest, t.palette.text, Align::left);
    Box ref{{left.min.x, scan.max.y + t.gap()}, {left.max.x, scan.max.y + t.gap() + m.size.y}};
    draw_text(ui, ref, fill(ui.text.tr("message", "Your reference: {1}"), {reference}), m.largest, m.smallest,
              t.palette.text_muted, Align::left);

    std::string url = followup_url;
    if (auto at = url.find("{ref}"); at != std::string::npos) url.replace(at, 5, reference);
    float side = std::min({right.width(), right.height(), t.mm(85)});
    Box qr_area{{right.center().x - side / 2, right.min.y}, {right.center().x + side / 2, right.min.y + side}};
    Box qr = draw_qr_code(ImGui::GetWindowDrawList(), qr_area, url);
    if (qr.width() <= 0) {
        static std::string logged;  // once per link, not once per frame
        if (logged != followup_url) log_error("Unable to draw the QR code of the follow-up link (" +
                                              std::to_string(url.size()) + " bytes) in " +
                                              std::to_string(static_cast<int>(side)) + " pixels");
        logged = followup_url;
    } else {
        ImGui::GetWindowDrawList()->AddRect(qr.min, qr.max, t.palette.border, 0, 0, t.mm(0.4f));
    }

    float w = l.bar_button.x;
    Box done{{l.content.center().x - w / 2, bottom + t.mm(6)}, {l.content.center().x + w / 2, bottom + t.mm(6) + t.touch_target()}};
    if (touch_button(ui, "done", done, ui.text.tr("button", "Done"), ButtonLook::primary)) intent = {Intent::finish};
    return intent;
}

}  // namespace kiosk::ui
