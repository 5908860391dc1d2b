// Thanks: one card. The rating is saved; beside a phone, a QR code opens the centre's page for ideas
// and complaints on the citizen's own phone (charter norm 8), carrying only the rating's random
// reference, which the screen itself never shows; or an address to type, or the counter. The seconds
// left show on Done, and any tap starts them again.
#include "../qr_code.hpp"
#include "log.hpp"
#include "screens.hpp"

namespace kiosk::ui {

Intent render_thanks(const Ui& ui, const ThanksView& v) {
    const Theme& t = ui.theme;
    const Palette& p = t.palette;
    ThanksLayout th = thanks_layout(ui.layout);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    fill_rounded_rect(draw, th.card, p.surface, t.corner() * 2);
    draw->AddRect(th.card.min, th.card.max, p.border, t.corner() * 2, 0, t.mm(0.6f));

    draw_text(ui, th.title, ui.text.tr("title", "Thank you for your rating!"), p.text);
    draw_text(ui, th.saved,
              ui.text.tr("message", "Your answers have been saved. We use them to improve our service."),
              p.text);

    std::string url = v.followup_url;
    if (auto at = url.find("{ref}"); at != std::string::npos) url.replace(at, 5, v.reference);
    Box qr = draw_qr_code(draw, th.qr, url);
    if (qr.width() <= 0) {
        static std::string logged;  // once per link, not once per frame
        if (logged != v.followup_url)
            log_error("Unable to draw the QR code of the follow-up link (" + std::to_string(url.size()) +
                      " bytes) in " + std::to_string(static_cast<int>(th.qr.width())) + " pixels");
        logged = v.followup_url;
    } else {
        draw->AddRect(qr.min, qr.max, p.border, 0, 0, t.mm(0.4f));
    }

    // The words beside the code share one size, as one column.
    std::vector<std::string> lines = {
        ui.text.tr("message", "Do you have an idea or a complaint? Scan the code with your phone."),
        v.followup_address.empty() ? std::string()
                                   : fill(ui.text.tr("aside", "Or go to {1}"), {v.followup_address}),
        ui.text.tr("aside", "Or ask at the counter."),
    };
    FontSize size = common_size(lines, th.scan, ui.fonts);
    draw_phone(draw, th.phone, p.accent);
    draw_text(ui, th.scan.at_most(size), lines[0], p.text, Align::left);
    TextBox counter = th.counter;
    if (!lines[1].empty())
        draw_text(ui, th.address.at_most(size), lines[1], p.text, Align::left);
    else
        counter = th.address;  // no address: the counter moves up, no gap between
    draw_text(ui, counter.at_most(size), lines[2], p.text, Align::left);

    std::string done = fill(ui.text.tr("button", "Done ({1})"), {std::to_string(v.seconds_left)});
    if (touch_button(ui, "done", th.done, done, ButtonLook::primary)) return {Intent::finish};
    return {};
}

}  // namespace kiosk::ui
