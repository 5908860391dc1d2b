// The overall grade, 1 to 10, as big keys: on Welcome, where the first tap is the grade, and on the
// grade screen a citizen reaches with Back.
#include "screens.hpp"

namespace kiosk::ui {

Intent render_grade_keys(const Ui& ui, const GradeKeys& g, std::optional<int> chosen) {
    const Palette& p = ui.theme.palette;
    Intent intent;
    draw_text(ui, g.title, ui.text.tr("title", "What grade do you give your visit today?"), p.text);
    for (int grade = 1; grade <= 10; ++grade) {
        std::string target = "grade-" + std::to_string(grade);
        ButtonLook look = chosen == grade ? ButtonLook::chosen : ButtonLook::plain;
        if (touch_button(ui, target.c_str(), g.keys[static_cast<std::size_t>(grade - 1)],
                         std::to_string(grade), look))
            intent = {Intent::give_grade, grade};
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw_face(draw, g.low_face.centre, g.low_face.radius, 0, p);
    draw_face(draw, g.high_face.centre, g.high_face.radius, 4, p);
    draw_text(ui, g.low, ui.text.tr("grade-label", "1 = very poor"), p.text, Align::left);
    draw_text(ui, g.high, ui.text.tr("grade-label", "10 = excellent"), p.text, Align::right);
    return intent;
}

Intent render_grade(const Ui& ui, std::optional<int> chosen) {
    return render_grade_keys(ui, grade_layout(ui.layout), chosen);
}

}  // namespace kiosk::ui
