// The overall grade, 1 to 10, as big keys. The first tap is already a saved answer.
#include "screens.hpp"

namespace kiosk::ui {

Intent render_grade(const Ui& ui, std::optional<int> chosen) {
    const Theme& t = ui.theme;
    GradeLayout g = grade_layout(ui.layout);
    Intent intent;
    draw_text(ui, g.title, ui.text.tr("title", "What grade do you give your visit today?"), t.palette.text);
    for (int grade = 1; grade <= 10; ++grade) {
        std::string target = "grade-" + std::to_string(grade);
        ButtonLook look = chosen == grade ? ButtonLook::chosen : ButtonLook::plain;
        if (touch_button(ui, target.c_str(), g.keys[static_cast<std::size_t>(grade - 1)],
                         std::to_string(grade), look))
            intent = {Intent::give_grade, grade};
    }
    draw_text(ui, g.low, ui.text.tr("grade-label", "1 = very poor"), t.palette.text_muted, Align::left);
    draw_text(ui, g.high, ui.text.tr("grade-label", "10 = excellent"), t.palette.text_muted, Align::right);
    return intent;
}

}  // namespace kiosk::ui
