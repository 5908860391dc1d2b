// The overall grade, 1 to 10, as big keys. The first tap is already a saved answer.
#include "screens.hpp"

namespace kiosk::ui {

Intent render_grade(const Ui& ui, std::optional<int> chosen) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    Intent intent;
    TextRole title = l.role("title");
    Box title_box{l.content.min, {l.content.max.x, l.content.min.y + title.size.y}};
    draw_text(ui, title_box, ui.text.tr("title", "What grade do you give your visit today?"), title.largest,
              title.smallest, t.palette.text);

    // One row of ten on a landscape panel, two rows of five on a portrait one.
    int columns = l.display.x > l.display.y ? 10 : 5;
    int rows = 10 / columns;
    float key_h = std::max(t.touch_target(), t.mm(40));
    float block_h = key_h * static_cast<float>(rows) + t.mm(16);
    float top = std::max(title_box.max.y + t.mm(6), l.content.center().y - block_h / 2);
    Box keys{{l.content.min.x, top}, {l.content.max.x, top + key_h * static_cast<float>(rows) + t.gap() * static_cast<float>(rows - 1)}};
    for (int grade = 1; grade <= 10; ++grade) {
        Box key = l.grid_cell(keys, columns, rows, grade - 1, t.gap());
        std::string target = "grade-" + std::to_string(grade);
        ButtonLook look = chosen == grade ? ButtonLook::chosen : ButtonLook::plain;
        if (touch_button(ui, target.c_str(), key, std::to_string(grade), look, FontSize::huge, FontSize::title))
            intent = {Intent::give_grade, grade};
    }
    TextRole label = l.role("grade-label");
    Box low{{keys.min.x, keys.max.y + t.mm(3)}, {keys.min.x + label.size.x, keys.max.y + t.mm(3) + label.size.y}};
    Box high{{keys.max.x - label.size.x, low.min.y}, {keys.max.x, low.max.y}};
    draw_text(ui, low, ui.text.tr("grade-label", "1 = very poor"), label.largest, label.smallest, t.palette.text_muted, Align::left);
    draw_text(ui, high, ui.text.tr("grade-label", "10 = excellent"), label.largest, label.smallest, t.palette.text_muted,
              Align::right);
    return intent;
}

}  // namespace kiosk::ui
