// Thanks: the rating is saved; a QR code opens the centre's page for ideas and complaints on the
// citizen's own phone (charter norm 8), carrying only the rating's random reference.
#include "../qr_code.hpp"
#include "log.hpp"
#include "screens.hpp"

namespace kiosk::ui {

Intent render_thanks(const Ui& ui, const std::string& reference, const std::string& followup_url) {
    const Theme& t = ui.theme;
    ThanksLayout th = thanks_layout(ui.layout);
    Intent intent;
    draw_text(ui, th.title, ui.text.tr("title", "Thank you for your rating!"), t.palette.text);

    // The three messages read as one column: one size for all of them.
    std::vector<std::string> messages = {
        ui.text.tr("message", "Your answers have been saved. We use them to improve our service."),
        ui.text.tr("message", "Do you have an idea or a complaint? Scan the code with your phone."),
        fill(ui.text.tr("message", "Your reference: {1}"), {reference}),
    };
    FontSize size = common_size(messages, th.saved, ui.fonts);
    draw_text(ui, th.saved.at_most(size), messages[0], t.palette.text, Align::left);
    draw_text(ui, th.scan.at_most(size), messages[1], t.palette.text, Align::left);
    draw_text(ui, th.reference.at_most(size), messages[2], t.palette.text_muted, Align::left);

    std::string url = followup_url;
    if (auto at = url.find("{ref}"); at != std::string::npos) url.replace(at, 5, reference);
    Box qr = draw_qr_code(ImGui::GetWindowDrawList(), th.qr, url);
    if (qr.width() <= 0) {
        static std::string logged;  // once per link, not once per frame
        if (logged != followup_url)
            log_error("Unable to draw the QR code of the follow-up link (" + std::to_string(url.size()) +
                      " bytes) in " + std::to_string(static_cast<int>(th.qr.width())) + " pixels");
        logged = followup_url;
    } else {
        ImGui::GetWindowDrawList()->AddRect(qr.min, qr.max, t.palette.border, 0, 0, t.mm(0.4f));
    }

    if (touch_button(ui, "done", th.done, ui.text.tr("button", "Done"), ButtonLook::primary))
        intent = {Intent::finish};
    return intent;
}

}  // namespace kiosk::ui
