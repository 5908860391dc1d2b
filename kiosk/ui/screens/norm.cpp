// One norm question: five faces with words under them, and "does not apply".
#include "screens.hpp"

namespace kiosk::ui {

Intent render_norm(const Ui& ui, const std::string& norm_title, const std::string& question,
                   std::optional<int> chosen) {
    const Theme& t = ui.theme;
    NormLayout n = norm_layout(ui.layout);
    Intent intent;
    draw_text(ui, n.title, norm_title, t.palette.accent);
    draw_text(ui, n.question, question, t.palette.text);

    const char* words[5] = {
        NC_("face", "Very dissatisfied"), NC_("face", "Dissatisfied"),   NC_("face", "Neutral"),
        NC_("face", "Satisfied"),         NC_("face", "Very satisfied"),
    };
    std::vector<std::string> labels;
    for (const char* w : words) labels.push_back(ui.text.data("face", w));
    FontSize size = common_size(labels, n.faces.front().label, ui.fonts);
    for (int i = 0; i < 5; ++i) {
        const FaceButton& face = n.faces[static_cast<std::size_t>(i)];
        std::string target = "face-" + std::to_string(i + 1);
        ButtonLook look = chosen == i + 1 ? ButtonLook::chosen : ButtonLook::plain;
        if (touch_button(ui, target.c_str(), face.box, look)) intent = {Intent::answer_norm, i + 1};
        draw_face(ImGui::GetWindowDrawList(), face.face.centre, face.face.radius, i, t.palette);
        draw_text(ui, face.label.at_most(size), labels[static_cast<std::size_t>(i)], t.palette.text);
    }
    ButtonLook look = chosen == 0 ? ButtonLook::chosen : ButtonLook::plain;
    if (touch_button(ui, "not-applicable", n.not_applicable, ui.text.tr("button", "Does not apply to me"),
                     look))
        intent = {Intent::answer_norm, 0};
    return intent;
}

}  // namespace kiosk::ui
